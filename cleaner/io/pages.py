"""Raw pages as inputs: `.html` files and WARC archives, read once a run.

Extraction is the costly part of reading a page (tens of milliseconds, against a
microsecond for a JSON line), and a command reads its inputs once a pass (three times
for clean). So the first pass keeps what each page source gave, Documents and Rejected
alike, compressed in a temporary SQLite file (`PageCache`, unlinked as soon as it is
open, as the runner's spill is), and the later passes replay it instead of extracting
again. A source that changed between passes, or that a pass did not read to its end,
is read afresh.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

import zstandard

from ..document import Document, Origin, Rejected
from .scratch import ScratchDatabase

if TYPE_CHECKING:
    from . import FieldMap, Source

PAGE_FORMATS = ("html", "warc")
CACHE_BATCH = 256  # items written to the cache in one transaction


def sniff_page(head: bytes) -> str | None:
    """stdin is a WARC when it starts like one, an HTML page when it opens with markup."""
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<!doctype html", b"<html", b"<!--", b"<head", b"<meta")):
        return "html"
    return None


def read_pages(source: Source, fields: FieldMap, stream: IO[bytes] | None = None,
               cache: PageCache | None = None) -> Iterator[Document | Rejected]:
    """Every record of a page source (a file, or `stream` for stdin), from `cache` when an
    earlier pass of this run read it already."""
    from .html import require

    require()
    if cache is not None and stream is None:
        replayed = cache.replay(source)
        if replayed is not None:
            yield from replayed
            return
    items = _read(source, fields, stream)
    if cache is not None and stream is None:
        items = cache.record(source, items)
    yield from items


def _read(source: Source, fields: FieldMap, stream: IO[bytes] | None) -> Iterator[Document | Rejected]:
    if source.format == "warc":
        from .warc import read_warc

        yield from read_warc(source, fields, stream)
    else:
        yield _read_html_file(source, fields, stream)


def _read_html_file(source: Source, fields: FieldMap, stream: IO[bytes] | None) -> Document | Rejected:
    """One `.html` file (or stdin) is one page; its id is its name, as for `.txt`."""
    from . import TruncatedInput, _decompressed_chunks, _too_large
    from .html import page_document

    origin = Origin(source.name)
    try:
        if stream is not None:
            data = stream.read()
        else:
            assert source.path is not None
            with open(source.path, "rb") as fh:
                data = b"".join(_decompressed_chunks(fh, source.compression))
    except TruncatedInput as exc:
        return Rejected(origin, "truncated file", str(exc))
    limit = fields.max_record_bytes
    if limit is not None and len(data) > limit:
        return Rejected(origin, "record too large",
                        f"the page is {len(data):,} bytes, over the limit of {limit:,} bytes a record; "
                        "raise it with --max-record-bytes")
    doc = page_document(data, origin, source.doc_id or source.name, fields_text=fields.text,
                        fields_id=fields.id)
    if isinstance(doc, Document) and (too_large := _too_large(doc.text, limit, origin)) is not None:
        return too_large
    return doc


class PageCache:
    """What each page source gave in this run's first reading, in order, by source."""

    def __init__(self, folder: str | None = None) -> None:
        self._store = ScratchDatabase(
            "pages", ["CREATE TABLE item (source TEXT, n INTEGER, data BLOB, PRIMARY KEY (source, n))",
                      "CREATE TABLE done (source TEXT PRIMARY KEY, stamp TEXT)"],
            kept="copy of the extracted pages", room="the extracted text's size", folder=folder)
        self._compress = zstandard.ZstdCompressor(level=1).compress
        self._decompress = zstandard.ZstdDecompressor().decompress

    def replay(self, source: Source) -> Iterator[Document | Rejected] | None:
        """The source's items as first read, or None when they are not all here for the
        source as it is now."""
        row = self._store.db.execute("SELECT stamp FROM done WHERE source = ?", (source.name,)).fetchone()
        if row is None or row[0] != _stamp(source):
            return None
        return self._items(source.name)

    def _items(self, name: str) -> Iterator[Document | Rejected]:
        n = 0
        while True:  # a batch at a time: no cursor stays open across a pass's work
            rows = self._store.db.execute("SELECT n, data FROM item WHERE source = ? AND n >= ? ORDER BY n "
                                    "LIMIT ?", (name, n, CACHE_BATCH)).fetchall()
            if not rows:
                return
            for number, data in rows:
                n = number + 1
                yield pickle.loads(self._decompress(data))

    def record(self, source: Source, items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
        """`items`, passed on as they come and kept; the source counts as read only once
        they all went by."""
        stamp = _stamp(source)
        self._store.write([("DELETE FROM item WHERE source = ?", [(source.name,)]),
                           ("DELETE FROM done WHERE source = ?", [(source.name,)])])
        rows: list[tuple[str, int, bytes]] = []
        for n, item in enumerate(items):
            rows.append((source.name, n, self._compress(pickle.dumps(item, pickle.HIGHEST_PROTOCOL))))
            if len(rows) >= CACHE_BATCH:
                self._store.write([("INSERT INTO item VALUES (?, ?, ?)", rows)])
                rows = []
            yield item
        self._store.write([("INSERT INTO item VALUES (?, ?, ?)", rows),
                           ("INSERT INTO done VALUES (?, ?)", [(source.name, stamp)])])

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> PageCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stamp(source: Source) -> str:
    """What tells a source changed between passes: its size and modification time."""
    if source.path is None:
        return ""
    stat = source.path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def needs_cache(sources: Iterable[Source]) -> bool:
    return any(source.format in PAGE_FORMATS for source in sources)
