"""Streaming readers and atomic writers for every format cleaner accepts.

Readers yield `Document`s and `Rejected` records in input order and never hold a
whole corpus in memory: line-oriented formats are decompressed chunk by chunk and
split on ``\\n`` only (JSON text may hold U+2028 or U+0085, which `str.splitlines`
would treat as line breaks). A record that cannot be read becomes a `Rejected`
naming its file and line, so the caller can go on and account for it; so does a
record whose text is larger than `FieldMap.max_record_bytes` (see MAX_RECORD_BYTES).
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import itertools
import json
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

import ftfy
import orjson

from ..document import Document, Origin, Rejected
from ..errors import CleanerError, UnreadableInputError, UsageError
from ..text import counted
from .pages import PAGE_FORMATS, read_pages, sniff_page

CHUNK = 1 << 20
COMPRESSIONS = (".gz", ".zst")
# How a compressed stream starts, whatever its file is called: a gzip or zstd dump saved as
# `.jsonl` is decompressed, not read as lines of binary.
MAGIC = {b"\x1f\x8b": ".gz", b"\x28\xb5\x2f\xfd": ".zst"}
FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
           ".csv": "csv", ".parquet": "parquet",
           ".html": "html", ".htm": "html", ".warc": "warc", ".arc": "warc"}  # raw pages: io/pages.py
INPUT_FORMATS = ("txt", "jsonl", "json", "csv", "parquet", *PAGE_FORMATS)  # what --input-format names
OUTPUT_FORMATS = ("jsonl", "csv", "parquet")
# The largest text a record may have, in bytes of UTF-8 (--max-record-bytes). The stages
# hold a few tens of times a document's size while they work on it (its text, paragraphs,
# sentences, words and scores; `make bench` measures it), in each worker. News articles
# are under 100 KB;
# a record of megabytes is a whole site section, a forum or a dump pasted into one field,
# and one of hundreds of megabytes would take the machine down. A larger record is
# rejected with its reason ("record too large") and the run goes on.
MAX_RECORD_BYTES = 10_000_000
# A .json file (one array of records) is parsed whole: an array cannot be split on lines. It
# takes about twice its size in memory while its records are read (1.7 times for a 50 MB
# array of English news), and each record is let go once it has been read. A larger file
# is rejected ("file too large") with the advice to write it as JSONL, which streams.
MAX_JSON_BYTES = 1 << 30


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which input fields hold the text, id and metadata (`--text-field` and friends), and
    how large a record's text may be (`--max-record-bytes`; None: no limit)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    url: str = "url"
    source: str = "source"
    published: str = "published"
    max_record_bytes: int | None = MAX_RECORD_BYTES


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file (with the id its text gets) or stdin."""

    path: Path | None  # None for stdin
    name: str  # the path as a user would write it, shown in messages
    format: str
    compression: str = ""
    doc_id: str = ""  # the id a .txt document gets: its name, or its path inside a folder


class TruncatedInput(Exception):
    """A compressed stream ended early or is corrupt."""


class BinaryInput(Exception):
    """Bytes that are not text in any encoding we can tell apart."""


# --- finding inputs -----------------------------------------------------------------


def format_of(path: str, forced: str | None = None) -> tuple[str, str]:
    """The (format, compression) a path is read as, from its extension unless forced."""
    lower = path.lower()
    compression = next((c for c in COMPRESSIONS if lower.endswith(c)), "")
    stem = lower[: len(lower) - len(compression)]
    if forced:
        return forced, compression
    return FORMATS.get(os.path.splitext(stem)[1], ""), compression


def expand_inputs(inputs: Sequence[str], forced_format: str | None = None) -> list[Source]:
    """Turn files, folders, globs and `-` into an ordered list of sources.

    A path that does not exist is a user's mistake we stop on (exit 3) before any
    output is written, rather than a record to reject.
    """
    sources: list[Source] = []
    for given in inputs:
        if given == "-":
            sources.append(Source(None, "<stdin>", forced_format or "", doc_id="stdin"))
            continue
        path = Path(given)
        if path.is_dir():
            sources.extend(_folder_sources(path, forced_format))
        elif path.exists():
            fmt, compression = format_of(given, forced_format)
            if not fmt:
                raise UsageError(
                    f"{given}: unknown file type; name the format with --input-format "
                    f"(one of {', '.join(sorted(INPUT_FORMATS))})"
                )
            sources.append(Source(path, given, fmt, compression, doc_id=path.name))
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                raise UnreadableInputError(f"{given}: no file matches this pattern")
            sources.extend(expand_inputs(matches, forced_format))
        else:
            raise UnreadableInputError(f"{given}: no such file or folder")
    return sources


def _folder_sources(folder: Path, forced_format: str | None) -> list[Source]:
    """Every readable file below a folder, sorted, hidden files skipped; ids are relative paths."""
    found: list[Source] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root, name)
            fmt, compression = format_of(name, forced_format)
            if fmt:
                found.append(Source(path, str(path), fmt, compression,
                                    doc_id=path.relative_to(folder).as_posix()))
    found.sort(key=lambda source: source.doc_id)  # one order, whatever the file system's
    if not found:
        raise UnreadableInputError(
            f"{folder}: no readable files in this folder (looked for "
            f"{', '.join(sorted(FORMATS))}, optionally .gz or .zst)"
        )
    return found


def sniff_format(head: bytes) -> str:
    """stdin is JSONL when its first non-blank byte opens an object, a JSON array of
    records when it opens an array, a page or an archive when it starts like one, else one
    text document."""
    return {b"{": "jsonl", b"[": "json"}.get(head.lstrip()[:1]) or sniff_page(head) or "txt"


def spool_stdin(sources: list[Source], folder: str | None = None
                ) -> tuple[list[Source], list[Path]]:
    """Copy stdin to a temporary file so that a two-pass command can read it twice.

    Returns the sources (stdin replaced by the file, still named `<stdin>`) and the
    temporary files, which the caller removes when done.
    """
    out = []
    spooled: list[Path] = []
    for source in sources:
        if source.path is not None:
            out.append(source)
            continue
        stream = sys.stdin.buffer
        fd, tmp = tempfile.mkstemp(prefix="cleaner-stdin-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            while chunk := stream.read(CHUNK):
                fh.write(chunk)
        path = Path(tmp)
        spooled.append(path)
        fmt = source.format
        if not fmt:
            with open(path, "rb") as fh:
                head = fh.read(CHUNK)
            # compressed: the format shows once it is unpacked, as each pass reads it
            fmt = "" if compressed_as(source, head).compression else sniff_format(head)
        out.append(Source(path, source.name, fmt, source.compression, source.doc_id))
    return out, spooled


# --- reading -------------------------------------------------------------------------


@dataclass
class ByteMeter:
    """How far a pass has got through the input files, in bytes as stored (compressed or
    not), out of `total` (None when an input is a stream): the progress of a pass that
    cannot know how many records are coming."""

    total: int | None = None
    done: int = 0

    @classmethod
    def of(cls, sources: Sequence[Source]) -> ByteMeter:
        """A meter for reading `sources`, its total their size on disk."""
        if any(source.path is None for source in sources):
            return cls()
        try:
            return cls(sum(source.path.stat().st_size for source in sources if source.path is not None))
        except OSError:
            return cls()


def read_documents(
    sources: Iterable[Source], fields: FieldMap | None = None, meter: ByteMeter | None = None, *,
    extract: bool = True
) -> Iterator[Document | Rejected]:
    """Every record of every source, in order, as a Document or a Rejected (`meter` follows
    how many bytes of the files are read; without `extract`, a raw page's article is left
    for the `Extract` stage to take out)."""
    fields = fields or FieldMap()
    meter = meter if meter is not None else ByteMeter()
    meter.done = 0
    seen: set[str] = set()
    for source in sources:
        for item in _read_source(source, fields, meter, extract):
            if isinstance(item, Document):
                if item.id in seen:
                    item = Rejected(item.origin or Origin(source.name), "duplicate id",
                                    f"id {item.id!r} was already used by an earlier record; ids must "
                                    "be unique (--id-field names another field)",
                                    item.fields or {"id": item.id, "text": item.text})
                else:
                    seen.add(item.id)
            yield item


def _read_source(source: Source, fields: FieldMap, meter: ByteMeter, extract: bool
                 ) -> Iterator[Document | Rejected]:
    if source.path is None:
        yield from _read_stdin(source, fields, extract)
        return
    base = meter.done
    try:
        if source.format in PAGE_FORMATS:
            yield from read_pages(source, fields, extract=extract)
            meter.done = base + source.path.stat().st_size
            return
        if source.format == "parquet":
            yield from _read_parquet(source, fields)
            meter.done = base + source.path.stat().st_size
            return
        with open(source.path, "rb") as fh:
            source = compressed_as(source, fh.peek(4))
            if source.format == "txt" and not source.compression:
                too_large = _file_too_large(source, fields.max_record_bytes)
                yield too_large or _read_txt(fh.read(), source, fields)
                meter.done = base + fh.tell()
            else:
                for item in _read_stream(fh, source, fields):
                    meter.done = base + fh.tell()
                    yield item
    except OSError as exc:
        yield Rejected(Origin(source.name), "unreadable file",
                       f"cannot read this file ({exc.strerror or exc}); check its permissions")


def _read_stdin(source: Source, fields: FieldMap, extract: bool) -> Iterator[Document | Rejected]:
    stream = sys.stdin.buffer
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    page = source.format if source.format in PAGE_FORMATS else (
        None if source.format else sniff_page(stream.peek(CHUNK)))
    if page:  # a page or an archive: its reader takes the raw stream (WARC gzip included)
        yield from read_pages(replace(source, format=page), fields, stream, extract=extract)
        return
    source = compressed_as(source, stream.peek(4))
    if not source.compression:
        source = replace(source, format=source.format or sniff_format(stream.peek(CHUNK)))
        if source.format == "txt":
            yield _read_txt(stream.read(), source, fields)
            return
    yield from _read_stream(stream, source, fields)


def compressed_as(source: Source, head: bytes) -> Source:
    """The source with the compression its first bytes show (gzip, zstd), which wins over
    its name's: a name says what a file was meant to be, the bytes what it is. Bytes with no
    known magic keep the name's claim, so a `.gz` that is not gzip is reported as corrupt."""
    found = next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)
    if found is None or found == source.compression:
        return source
    return replace(source, compression=found)


def _read_stream(fh: BinaryIO, source: Source, fields: FieldMap) -> Iterator[Document | Rejected]:
    chunks = _decompressed_chunks(fh, source.compression)
    if not source.format:  # compressed stdin: its format shows once it is unpacked
        head, chunks = _peeked(chunks)
        source = replace(source, format=sniff_format(head))
    chunks = _as_utf8(chunks)
    if source.format == "jsonl":
        yield from _read_jsonl(chunks, source, fields)
    elif source.format == "json":
        yield from _read_json(chunks, source, fields)
    elif source.format == "csv":
        yield from _read_csv(chunks, source, fields)
    elif source.format == "txt":
        try:
            data = b"".join(chunks)
        except TruncatedInput as exc:
            yield Rejected(Origin(source.name), "truncated file", str(exc))
            return
        yield _read_txt(data, source, fields)
    else:
        raise UsageError(f"{source.name}: cannot read format {source.format!r} from a stream")


def _decompressed_chunks(fh: BinaryIO, compression: str) -> Iterator[bytes]:
    """Raw bytes of a file, decompressed; raises TruncatedInput when the stream ends early."""
    if not compression:
        while chunk := fh.read(CHUNK):
            yield chunk
        return
    if compression == ".gz":
        def new() -> Any:
            return zlib.decompressobj(wbits=31)
    else:
        import zstandard

        def new() -> Any:
            return zstandard.ZstdDecompressor().decompressobj()
    kind = compression.lstrip(".")
    decoder = new()
    started = False
    while chunk := fh.read(CHUNK):
        while chunk:
            started = True
            try:
                out = decoder.decompress(chunk)
            except Exception as exc:  # zlib.error, zstandard.ZstdError: the data is bad
                raise TruncatedInput(f"corrupt {kind} data ({exc}); re-download or re-compress "
                                     "the file") from exc
            if out:
                yield out
            chunk = b""
            if decoder.eof:  # a new member or frame may follow (concatenated archives)
                chunk = decoder.unused_data
                decoder = new()
                started = bool(chunk)
    if started and not decoder.eof:
        raise TruncatedInput(f"the {kind} stream ends early: the file is truncated; "
                             "the records before this point were read")


def _peeked(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The first chunk, and every chunk still to come with it; a stream that fails at once
    gives no head and fails again, where its reader reports it."""
    try:
        first = next(chunks, b"")
    except TruncatedInput as exc:
        return b"", _failing(exc)
    return first, itertools.chain([first], chunks)


def _failing(exc: Exception) -> Iterator[bytes]:
    raise exc
    yield b""  # a generator: the error is raised where the chunks are read


def _as_utf8(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes as UTF-8: a UTF-16 file (with its BOM) is transcoded as it streams, and a
    UTF-8 BOM is dropped, so line-based readers see what they expect."""
    it = iter(chunks)
    first = next(it, b"")
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        yield decoder.decode(first).encode("utf-8", "surrogatepass")
        for chunk in it:
            yield decoder.decode(chunk).encode("utf-8", "surrogatepass")
        yield decoder.decode(b"", final=True).encode("utf-8", "surrogatepass")
        return
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8):]
    if first:
        yield first
    yield from it


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a byte stream on b"\\n" only, keeping the line ending off. No line is held
    here once it is yielded (a long one is the caller's to let go)."""
    pending: list[bytes] = []
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            yield _joined(pending, chunk[start:end]) if pending else chunk[start:end]
            start = end + 1
        if start < len(chunk):
            pending.append(chunk[start:])
    if pending:
        yield _joined(pending, b"")


def _joined(pending: list[bytes], last: bytes) -> bytes:
    """The pieces of a line that spans chunks, and `last`, as one; `pending` is emptied."""
    pending.append(last)
    line = b"".join(pending)
    pending.clear()
    return line


def _decode_line(raw: bytes) -> str:
    """UTF-8 when it is, else the decoding ftfy would guess: text is never dropped for bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return ftfy.guess_bytes(raw)[0]


def _read_jsonl(
    chunks: Iterable[bytes], source: Source, fields: FieldMap
) -> Iterator[Document | Rejected]:
    lineno = 0
    try:
        for raw in _lines(chunks):
            lineno += 1
            if not raw.strip():
                continue
            item = _jsonl_record(raw, source, fields, lineno)
            del raw  # the line's bytes go before the stages work on its record
            yield item
    except TruncatedInput as exc:
        yield Rejected(Origin(source.name, line=lineno + 1), "truncated file", str(exc))


def _jsonl_record(raw: bytes, source: Source, fields: FieldMap, lineno: int) -> Document | Rejected:
    origin = Origin(source.name, line=lineno)
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        # orjson refuses invalid UTF-8 and lone surrogates; the stdlib takes both.
        text = _decode_line(raw)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            return Rejected(origin, "invalid JSON",
                            f"not valid JSON ({decode_error(exc)}); "
                            "each line must be one JSON object", text[:2000])
    return to_document(obj, origin, fields, default_id=f"{source.doc_id}:{lineno}")


def decode_error(exc: json.JSONDecodeError, line: bool = False) -> str:
    """What the stdlib's decoder found, and where: `Unterminated string starting at column
    40`. Some of its messages end in "at" already, for the position its own str() appends,
    so the position is joined to them without a second "at"."""
    where = f"line {exc.lineno} column {exc.colno}" if line else f"column {exc.colno}"
    return f"{exc.msg.removesuffix(' at')} at {where}"


def _read_json(
    chunks: Iterable[bytes], source: Source, fields: FieldMap
) -> Iterator[Document | Rejected]:
    """A .json file: one array of records, one object (one record), or JSON lines under a
    .json name (read as JSONL, as they always were). The Nth element of an array is
    `FILE record N` in messages and has the id FILE:N, counting from 1 as lines do; one
    object is record 1."""
    head, chunks = _peeked(iter(chunks))
    if _json_lines(head):
        yield from _read_jsonl(chunks, source, fields)
        return
    parsed = _parsed_whole(chunks, source)
    if isinstance(parsed, Rejected):
        yield parsed
    elif isinstance(parsed, list):
        yield from _array_records(parsed, source, fields)
    else:
        yield to_document(parsed, Origin(source.name, record=1), fields,
                          default_id=f"{source.doc_id}:1")


def _json_lines(head: bytes) -> bool:
    """The file's first line is a whole JSON object on its own: JSON lines, not one
    (pretty-printed) object or an array."""
    line = head[: head.find(b"\n")] if b"\n" in head else b""
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def _parsed_whole(chunks: Iterable[bytes], source: Source) -> Any:
    """The file's JSON value, or a Rejected saying why it cannot be had: too large to parse
    whole (MAX_JSON_BYTES), truncated, or not valid JSON."""
    origin = Origin(source.name)
    data = bytearray()
    try:
        for chunk in chunks:
            data += chunk
            if len(data) > MAX_JSON_BYTES:
                return Rejected(origin, "file too large",
                                f"over {MAX_JSON_BYTES:,} bytes, and a .json file is parsed whole; "
                                "write it as JSONL, one object a line (jq -c '.[]' FILE), "
                                "which is read as it streams")
    except TruncatedInput as exc:
        return Rejected(origin, "truncated file", f"{exc} (a .json file is parsed whole: no "
                        "record could be read)")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        # orjson refuses invalid UTF-8 and lone surrogates; the stdlib takes both.
        text = _decode_line(data)
    del data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(origin, "invalid JSON",
                        f"not valid JSON ({decode_error(exc, line=True)}); a .json file holds one "
                        "array of objects or one object (name JSON lines .jsonl)", text[:2000])


def _array_records(records: list[Any], source: Source, fields: FieldMap
                   ) -> Iterator[Document | Rejected]:
    """Each element of a parsed array as a record; the array lets go of each once it is read,
    so memory falls as the run goes on."""
    for index in range(len(records)):
        obj, records[index] = records[index], None
        yield to_document(obj, Origin(source.name, record=index + 1), fields,
                          default_id=f"{source.doc_id}:{index + 1}")


def _read_csv(
    chunks: Iterable[bytes], source: Source, fields: FieldMap
) -> Iterator[Document | Rejected]:
    csv.field_size_limit(2**31 - 1)
    text_lines = (_decode_line(raw) + "\n" for raw in _lines(chunks))
    reader = csv.reader(text_lines)
    header: list[str] | None = None
    no_text: str | None = None  # the header lacks the text column: why every row is set aside
    try:
        for row in reader:
            line = reader.line_num
            if header is None:
                header = [h.lstrip("\ufeff") for h in row]
                no_text = _missing_column(header, fields)
                continue
            if not row:
                continue
            origin = Origin(source.name, line=line)
            if len(row) != len(header):
                yield Rejected(origin, "ragged CSV row",
                               f"row has {counted(len(row), 'field')}, the header has {len(header)}; "
                               "check the quoting on this line", row)
                continue
            record = dict(zip(header, row, strict=True))
            if no_text is not None:
                yield Rejected(origin, "missing text", no_text, record, of_file=True)
                continue
            yield to_document(record, origin, fields, default_id=f"{source.doc_id}:{line}")
    except TruncatedInput as exc:
        yield Rejected(Origin(source.name, line=reader.line_num + 1), "truncated file", str(exc))
    except csv.Error as exc:
        yield Rejected(Origin(source.name, line=reader.line_num), "invalid CSV",
                       f"not valid CSV ({exc}); the rest of the file was not read")


def _read_parquet(source: Source, fields: FieldMap) -> Iterator[Document | Rejected]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert source.path is not None
    try:
        parquet = pq.ParquetFile(source.path)
    except (pa.ArrowException, OSError) as exc:
        yield Rejected(Origin(source.name), "unreadable file",
                       f"not a readable Parquet file ({exc})")
        return
    no_text = _missing_column(parquet.schema_arrow.names, fields)
    record = 0
    for batch in parquet.iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            record += 1
            origin = Origin(source.name, record=record)
            if no_text is not None:
                yield Rejected(origin, "missing text", no_text, row, of_file=True)
                continue
            yield to_document(row, origin, fields, default_id=f"{source.doc_id}:{record}")


def _missing_column(columns: Sequence[str], fields: FieldMap) -> str | None:
    """Why no row of a table can be read when its columns lack the text column, naming the
    columns it has, so the fix (--text-field) is one look away; None when it is there."""
    if fields.text in columns:
        return None
    return (f"no column {fields.text!r} ({_names('columns', columns)}); name the text column "
            "with --text-field")


def _names(label: str, names: Sequence[str], shown: int = 12) -> str:
    """`columns: body, headline`; a long list is cut after `shown` names."""
    if not names:
        return f"no {label}"
    more = f", … {len(names) - shown:,} more" if len(names) > shown else ""
    return f"{label}: {', '.join(names[:shown])}{more}"


def _read_txt(data: bytes, source: Source, fields: FieldMap) -> Document | Rejected:
    """One text file is one document; its id is its name (relative to the folder given)."""
    origin = Origin(source.name)
    name = source.doc_id or source.name
    try:
        text, encoding = decode_bytes(data)
    except BinaryInput as exc:
        return Rejected(origin, "binary file", str(exc))
    if (too_large := _too_large(text, fields.max_record_bytes, origin)) is not None:
        return too_large
    doc = Document(id=name, text=text, fields={fields.id: name, fields.text: text}, origin=origin)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        doc.cleaner["encoding"] = encoding
    return doc


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else ftfy's guess."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise BinaryInput(f"starts with a UTF-16 byte-order mark but is not UTF-16 ({exc})") \
                from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise BinaryInput("binary data, not text (NUL bytes and no text encoding fits); "
                          "remove it from the input or convert it to text first")
    return ftfy.guess_bytes(data)


def to_document(obj: Any, origin: Origin, fields: FieldMap, default_id: str) -> Document | Rejected:
    """Map one parsed record onto a Document, or say exactly why it cannot be one."""
    if not isinstance(obj, dict):
        return Rejected(origin, "not an object",
                        f"expected a JSON object, got {_json_kind(obj)}", obj)
    text = obj.get(fields.text)
    if text is None:
        return Rejected(origin, "missing text",
                        f"no {fields.text!r} field ({_names('fields', list(obj))}); name the "
                        "field that holds the text with --text-field", obj)
    if not isinstance(text, str):
        return Rejected(origin, "text not a string",
                        f"{fields.text!r} is {_json_kind(text)}, expected a string", obj)
    if (too_large := _too_large(text, fields.max_record_bytes, origin, obj)) is not None:
        return too_large
    raw_id = obj.get(fields.id)
    return Document(
        id=default_id if raw_id is None or raw_id == "" else str(raw_id),
        text=text,
        title=_optional_str(obj.get(fields.title)),
        url=_optional_str(obj.get(fields.url)),
        source=_optional_str(obj.get(fields.source)),
        published=_optional_str(obj.get(fields.published)),
        fields=obj,
        origin=origin,
    )


def utf8_size(text: str) -> int:
    """The bytes `text` takes in UTF-8 (a lone surrogate: 3), counted a chunk at a time
    rather than by encoding a large text whole."""
    if text.isascii():
        return len(text)
    return sum(len(text[i:i + CHUNK].encode("utf-8", "surrogatepass")) for i in range(0, len(text), CHUNK))


def _too_large(text: str, limit: int | None, origin: Origin, raw: Any = None) -> Rejected | None:
    """A Rejected when the text is larger than `limit` bytes of UTF-8, else None."""
    if limit is None or len(text) * 4 <= limit:  # a character takes at most 4 bytes
        return None
    size = utf8_size(text)
    if size <= limit:
        return None
    return Rejected(origin, "record too large",
                    f"the text is {size:,} bytes, over the limit of {limit:,} bytes a record; "
                    "raise it with --max-record-bytes (memory grows about 30 times a record's size)",
                    raw)


def _file_too_large(source: Source, limit: int | None) -> Rejected | None:
    """A text file whose text is surely over the limit, told by its size before it is read:
    its text takes at least half its bytes in UTF-8 (UTF-16 with ASCII letters)."""
    assert source.path is not None
    if limit is None:
        return None
    size = source.path.stat().st_size
    if size <= 2 * limit + 2:  # + a byte-order mark
        return None
    return Rejected(Origin(source.name), "record too large",
                    f"the file is {size:,} bytes, its text over the limit of {limit:,} bytes a "
                    "record; raise it with --max-record-bytes (memory grows about 30 times a "
                    "record's size)")


def _json_kind(value: Any) -> str:
    kinds = {list: "an array", dict: "an object", str: "a string", int: "a number",
             float: "a number", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# --- writing -------------------------------------------------------------------------


def dumps(record: Any) -> bytes:
    """One JSON line; lone surrogates (valid in JSON input) are written escaped."""
    try:
        return orjson.dumps(record, default=_jsonable)
    except TypeError:
        return json.dumps(record, ensure_ascii=True, default=_jsonable).encode("ascii")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="backslashreplace")
    return str(value)


# A record with more characters than this in its text is written a piece at a time.
STREAMED_CHARS = 1_000_000
STRING_PIECE = 1 << 16  # characters of a longer string written at a time
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT_RANGE = (-(1 << 63), (1 << 64) - 1)  # what orjson writes; beyond, it raises TypeError
_PIECE_DEPTH = 4  # levels of a record written item by item: record, cleaner, segments, a segment
_LONG_LIST = 256  # a list longer than this is written item by item at any level


def write_line(fh: BinaryIO, record: dict[str, Any]) -> None:
    """Write `dumps(record)` and a newline. A large record (over STREAMED_CHARS of text) is
    written a piece at a time, the same bytes: dumping it whole would hold a copy of it
    about five times its text's size (its paragraphs, sentences and scores) at once."""
    if _text_chars(record) > STREAMED_CHARS and _orjson_writes(record):
        _write_pieces(fh, record, _PIECE_DEPTH)
    else:
        fh.write(dumps(record))  # the newline apart: `+ b"\n"` would copy the line
    fh.write(b"\n")


def _text_chars(record: dict[str, Any]) -> int:
    cleaner = record.get("cleaner")
    text = cleaner.get("text") if type(cleaner) is dict else None
    return sum(len(v) for v in record.values() if type(v) is str) + (len(text) if type(text) is str else 0)


def _write_pieces(fh: BinaryIO, value: Any, depth: int) -> None:
    """orjson's bytes for `value`, a dict's or a list's items one at a time down to `depth`
    levels (and a long list's at any level): `{"k":v,…}` and `[v,…]` are what orjson
    writes around the items it writes alone."""
    kind = type(value)
    if (kind is dict or kind is list) and value and (depth > 0 or (kind is list and len(value) > _LONG_LIST)):
        opening = b"{" if kind is dict else b"["
        for item in value.items() if kind is dict else value:
            fh.write(opening)
            opening = b","
            if kind is dict:
                fh.write(orjson.dumps(item[0]))
                fh.write(b":")
                item = item[1]
            _write_pieces(fh, item, depth - 1)
        fh.write(b"}" if kind is dict else b"]")
    elif kind is str and len(value) > STRING_PIECE:
        _write_str(fh, value)
    else:
        fh.write(orjson.dumps(value, default=_jsonable))


def _write_str(fh: BinaryIO, value: str) -> None:
    """orjson's bytes for a long string, made from copies of its pieces (STRING_PIECE
    characters): orjson keeps the UTF-8 it writes inside a string that is not ASCII, for
    the string's life, which for a huge record's texts would be half their size again
    while it is written. A character is escaped alone, so the pieces' bytes joined are
    the string's."""
    if value.isascii():  # read in place, nothing kept
        fh.write(orjson.dumps(value))
        return
    fh.write(b'"')
    for start in range(0, len(value), STRING_PIECE):
        fh.write(orjson.dumps(value[start:start + STRING_PIECE])[1:-1])
    fh.write(b'"')


def _orjson_writes(value: Any, depth: int = 0) -> bool:
    """orjson writes `value` without the TypeError that makes `dumps` fall back to the
    stdlib (a lone surrogate, an integer past 64 bits, a key that is not a string, nesting
    past orjson's limit): so its pieces are the bytes it would write whole."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _SURROGATE.search(value) is None
    if kind is dict:
        return depth < 200 and all(type(k) is str and _orjson_writes(k) and _orjson_writes(v, depth + 1)
                                   for k, v in value.items())
    if kind is list:
        return depth < 200 and all(_orjson_writes(v, depth + 1) for v in value)
    if kind is int:
        return _INT_RANGE[0] <= value <= _INT_RANGE[1]
    if kind is float or kind is bool or value is None:
        return True
    try:
        orjson.dumps(value, default=_jsonable)
    except TypeError:
        return False
    return True


class AtomicFile:
    """A file that appears under its name only when complete.

    Writes go to a temporary file beside the target and are renamed over it on
    success, so an interrupted run never leaves a half-written output that looks whole.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.tmp: Path | None = None
        if self.path.exists() and not self.path.is_file():
            # /dev/null, a FIFO or a terminal: write straight to it; renaming a temporary
            # file over a device would replace the device.
            self.fh: BinaryIO = self.path.open("wb")
            return
        fd, tmp = tempfile.mkstemp(dir=self.path.parent or ".", prefix=f".{self.path.name}.",
                                   suffix=".tmp")
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "wb", buffering=CHUNK)

    def commit(self) -> None:
        if self.tmp is None:
            self.fh.close()
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.fh.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


class RecordWriter:
    """Writes records to a path (atomically) or stdout; `close(ok=False)` leaves no output."""

    def __init__(self, path: str | None):
        self.atomic = AtomicFile(path) if path and path != "-" else None
        self.fh: BinaryIO = self.atomic.fh if self.atomic else sys.stdout.buffer
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.count += 1
        self._write(record)

    def _write(self, record: dict[str, Any]) -> None:
        write_line(self.fh, record)

    def _finish(self) -> None:
        pass

    def close(self, ok: bool = True) -> None:
        if ok:
            self._finish()
        if self.atomic is None:
            self.fh.flush()
        elif ok:
            self.atomic.commit()
        else:
            self.atomic.discard()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.close(ok=exc_type is None)


class CsvWriter(RecordWriter):
    """CSV with the first record's fields as header; nested values are JSON strings."""

    def __init__(self, path: str | None):
        super().__init__(path)
        self.header: list[str] | None = None
        self.text = codecs.getwriter("utf-8")(self.fh)
        self.csv = csv.writer(self.text, lineterminator="\n")

    def _write(self, record: dict[str, Any]) -> None:
        if self.header is None:
            self.header = list(record)
            self.csv.writerow(self.header)
        extra = [k for k in record if k not in self.header]
        if extra:
            raise CleanerError(
                f"record {self.count} has fields the first record lacks ({', '.join(extra)}); "
                "CSV needs one header for all rows: write JSONL or Parquet instead"
            )
        self.csv.writerow([_cell(record.get(k)) for k in self.header])


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return dumps(value).decode("utf-8")
    return value


class ParquetWriter(RecordWriter):
    """Parquet in row groups; nested values (the `cleaner` namespace) are JSON strings."""

    BATCH = 4096

    def __init__(self, path: str | None):
        if not path or path == "-":
            raise UsageError("Parquet cannot be written to stdout; give a file with -o")
        super().__init__(path)
        self.pending: list[dict[str, Any]] = []
        self.writer: Any = None
        self.schema: Any = None

    def _write(self, record: dict[str, Any]) -> None:
        self.pending.append({k: _cell(v) if isinstance(v, (dict, list)) else v
                             for k, v in record.items()})
        if len(self.pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.pending:
            return
        if self.schema is None:
            table = pa.Table.from_pylist(self.pending)
            self.schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                     for f in table.schema])
            self.writer = pq.ParquetWriter(self.fh, self.schema)
        table = pa.Table.from_pylist(self.pending, schema=self.schema)
        self.writer.write_table(table)
        self.pending = []

    def _finish(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()


class NullWriter(RecordWriter):
    """Counts records and writes none: for commands whose product is a summary (check)."""

    def __init__(self, path: str | None = None):
        self.atomic = None
        self.count = 0

    def _write(self, record: dict[str, Any]) -> None:
        pass

    def close(self, ok: bool = True) -> None:
        pass


def open_writer(path: str | None, fmt: str = "jsonl") -> RecordWriter:
    """A writer for `-o PATH` (stdout when None or '-') in the given format ("none": no output)."""
    writers = {"jsonl": RecordWriter, "csv": CsvWriter, "parquet": ParquetWriter, "none": NullWriter}
    if fmt not in writers:
        raise UsageError(f"unknown output format {fmt!r}; use one of {', '.join(writers)}")
    return writers[fmt](path)


def output_format(path: str | None, fmt: str | None) -> str:
    """The output format: as given, else from the output file's extension, else JSONL. A
    format that contradicts the file's extension is a mistake, not a choice."""
    found = format_of(path)[0] if path and path != "-" else None
    if fmt and found in OUTPUT_FORMATS and found != fmt:
        raise UsageError(f"--format {fmt} contradicts {path}, whose extension says {found}; "
                         "drop one or make them agree")
    if fmt:
        return fmt
    return found if found in OUTPUT_FORMATS else "jsonl"


def refuse_overwriting_inputs(outputs: Iterable[str | None], sources: Iterable[Source]) -> None:
    """An output path that is also an input would destroy the data being read."""
    inputs = {s.path.resolve() for s in sources if s.path is not None}
    for out in outputs:
        if out and out != "-" and Path(out).resolve() in inputs:
            raise UsageError(f"{out}: is also an input; write the output somewhere else")
