"""The spill: a later pass takes an earlier pass's per-document work instead of redoing it.

When a command needs several passes (a stage learns from the corpus first), the runner
writes each document's annotations after the stages a pass ran into a temporary SQLite
file keyed by document id, and the next pass looks them up by id. Only annotations are
kept (and, for a raw page, what extraction made of it: its text, metadata and evidence),
compressed, on disk (the file is unlinked as soon as it is open, so even a killed
run leaves nothing behind), so memory stays flat whatever the corpus size. A document
the spill does not hold, or holds for another text (the input changed between passes),
simply has the stages run again.
"""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable
from typing import Any, BinaryIO

import zstandard

from ..document import Document
from ..errors import CleanerError

# What extraction sets on a page's document, kept beside the annotations (`io.pages.Extract`).
PAGE_STATE = ("text", "title", "url", "source", "published", "fields", "blocks", "page", "drop",
              "drop_detail")
PIECE = 1_024  # items of a long list pickled at once


class Spill:
    """Each document's `cleaner` annotations, stored and looked up by document id."""

    def __init__(self, folder: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="cleaner-spill-", suffix=".db", dir=folder)
        os.close(fd)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE spill (id TEXT PRIMARY KEY, seen INTEGER, data BLOB) WITHOUT ROWID")
        os.unlink(self.path)  # the open connection keeps it; nothing outlives the run
        self._compressor = zstandard.ZstdCompressor(level=1)
        self._decompressor = zstandard.ZstdDecompressor()
        self.stages = 0  # how many of the command's stages the stored annotations cover

    def write(self, docs: Iterable[Document]) -> None:
        """Store (or replace) the annotations of `docs` (the runner sets `stages` once a
        pass has written them all)."""
        rows = [(doc.id, _seen(doc), self._packed(doc)) for doc in docs]
        try:  # one transaction; its failure is a full disk, most likely
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO spill VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise CleanerError(
                f"cannot write the temporary spill of a pass in {os.path.dirname(self.path)} ({exc}); "
                "point TMPDIR at a disk with room for about the input's size") from exc

    def restore(self, doc: Document) -> bool:
        """The document as the stored stages left it; False where nothing was stored for
        it as it reads now."""
        row = self._db.execute("SELECT seen, data FROM spill WHERE id = ?", (doc.id,)).fetchone()
        if row is None or row[0] != _seen(doc):
            return False
        stream = self._decompressor.stream_reader(row[1])
        page = pickle.load(stream)
        doc.cleaner.update(_unpacked(stream))
        for name, value in (page or {}).items():
            setattr(doc, name, value)
        return True

    def _packed(self, doc: Document) -> bytes:
        """What the stages made of a document (for a page, its extraction first, then the
        annotations) pickled into the compressor as it is written: a huge document's
        pickle is never held whole (nor is it when read back). A long list (a huge
        document's segments) is pickled PIECE items at a time: the pickler keeps a table
        entry for every object it has written, which for all of them at once would take
        more than the pickle."""
        page = {name: getattr(doc, name) for name in PAGE_STATE} if doc.page is not None else None
        annotations = doc.cleaner
        buffer = io.BytesIO()
        with self._compressor.stream_writer(buffer, closefd=False) as writer:
            pickle.dump(page, writer, pickle.HIGHEST_PROTOCOL)
            pickle.dump(len(annotations), writer, pickle.HIGHEST_PROTOCOL)
            for key, value in annotations.items():
                if type(value) is list and len(value) > PIECE:
                    pieces = range(0, len(value), PIECE)
                    pickle.dump((key, [], len(pieces)), writer, pickle.HIGHEST_PROTOCOL)
                    for start in pieces:
                        pickle.dump(value[start:start + PIECE], writer, pickle.HIGHEST_PROTOCOL)
                else:
                    pickle.dump((key, value, 0), writer, pickle.HIGHEST_PROTOCOL)
        return buffer.getvalue()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unpacked(stream: BinaryIO) -> dict[str, Any]:
    """The annotations `Spill._packed` wrote: each key with its value, or with its list's
    pieces, which follow it."""
    annotations = {}
    for _ in range(pickle.load(stream)):
        key, value, pieces = pickle.load(stream)
        for _ in range(pieces):
            value.extend(pickle.load(stream))
        annotations[key] = value
    return annotations


def _seen(doc: Document) -> int:
    """What the stages read of a document, hashed: equal within one run for equal input
    (Python's string hash is fixed for the life of a process); a page by its raw page."""
    if doc.page is not None:
        return doc.page.stamp
    return hash((doc.text, doc.title, doc.source, doc.url))
