"""replay: a later pass takes an earlier pass's normalize and split work from its recording.

Pass 2 of clean (and of check and report) normalizes and splits every document to
count the corpus's words and gather its headlines. Pass 3 would do that work a
second time before flag, about a tenth of what a scored document costs. So pass 2
records each document's annotations in a temporary file (pickled, zstd-compressed,
gone when the run ends, even a killed one: the file is unlinked when opened), and
pass 3 reads them back in the same order. Pass 1, which normalizes every document
to learn the boilerplate, records its work for pass 2 the same way. The file holds
annotations, not input records, and is read front to back once, so memory stays flat."""

from __future__ import annotations

import io
import pickle
import struct
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import zstandard

from ..document import Document
from ..errors import CleanerError, UnreadableInputError
from ..split import document_flags, drop_reason

_LENGTH = struct.Struct("<I")


class Recording:
    """Each document's id and annotations, written in input order during one pass and
    read back in the same order during a later one."""

    def __init__(self, file: BinaryIO | None = None) -> None:
        """`file`: where to record (read and write); by default a temporary file."""
        self._file = file or tempfile.TemporaryFile(prefix="cleaner-")  # noqa: SIM115 - closed by close()
        self._writer: Any = zstandard.ZstdCompressor(level=1).stream_writer(self._file, closefd=False)

    def add(self, doc: Document) -> None:
        data = pickle.dumps((doc.id, doc.cleaner), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._writer.write(_LENGTH.pack(len(data)))
            self._writer.write(data)
        except OSError as exc:  # a full disk, most likely
            raise CleanerError(
                f"cannot write the temporary recording of a pass in "
                f"{tempfile.gettempdir()} ({exc.strerror or exc}); point TMPDIR at a disk with "
                "room for about the input's size") from exc

    def entries(self) -> Iterator[bytes]:
        """Every entry, still pickled, from the first (a pass can be run again)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._file.seek(0)
        reader = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(self._file, closefd=False))
        while header := reader.read(_LENGTH.size):
            yield reader.read(_LENGTH.unpack(header)[0])

    def close(self) -> None:
        self._file.close()


class Replay:
    """Stands in for the stages a recording's pass ran (normalize, or normalize and
    split): each document gets the annotations recorded for it. A record already dropped (a
    duplicate) keeps none, as it would have skipped those stages."""

    name = "replay"

    def __init__(self, recording: Recording, drop_boilerplate_only: bool = False):
        self.recording = recording
        self.drop_boilerplate_only = drop_boilerplate_only

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        entries = self.recording.entries()
        count = 0
        for doc in docs:
            count += 1
            entry = next(entries, None)
            if entry is None:
                raise UnreadableInputError(
                    f"{doc.origin or doc.id}: the input has more records than when it was first "
                    "read; it changed during the run. Run again on an input that stays put.")
            if doc.drop is not None:
                yield doc
                continue
            recorded_id, annotations = pickle.loads(entry)
            if recorded_id != doc.id:
                raise UnreadableInputError(
                    f"{doc.origin or doc.id}: this record was {recorded_id!r} when the input "
                    "was first read; it changed during the run. Run again on an input that "
                    "stays put.")
            doc.cleaner.update(annotations)
            if self.drop_boilerplate_only and (flags := document_flags(doc.cleaner["segments"])):
                doc.drop = drop_reason(flags)
            yield doc
        if next(entries, None) is not None:
            raise UnreadableInputError(
                f"the input ended at record {count:,} but had more records when it was first read; "
                "it changed during the run. Run again on an input that stays put.")
