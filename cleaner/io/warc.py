"""WARC (and ARC) archives in: each HTML response a page, every other record accounted.

A crawl's archive holds far more than pages: the requests that fetched them, redirects,
PDFs and images, revisits (a page unchanged since the last crawl, no payload), and
warcinfo records. Each becomes a Document already dropped with its reason (`request`,
`redirect`, `not-html`, `revisit`, …), so the accounting line says what the archive
held and read = kept + dropped + rejected still holds. A record that cannot be read
(a gzip member cut short, a block shorter than its Content-Length, bytes no parser
takes) is rejected with its record number, and what follows it is read when it can be.

warcio reads the archive (why it and not FastWARC: pyproject.toml); it takes plain and
gzipped WARC and ARC files alike, a member at a time, so memory holds one record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from ..document import Document, Origin, Rejected

if TYPE_CHECKING:
    from . import FieldMap, Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
# What an uncompressed archive may hold after its last record: the record separator.
TRAILING_SLACK = 4


class _Counted:
    """A binary stream that counts the bytes read from it and keeps those from the current
    record on, so that an archive's end that no record took whole (a gzip member cut
    short, which warcio passes over in silence) can be told."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.count = 0
        self.kept = bytearray()
        self.kept_from = 0

    def read(self, size: int = -1) -> bytes:
        return self._seen(self.raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self.raw.readline(size))

    def _seen(self, data: bytes) -> bytes:
        self.count += len(data)
        self.kept += data
        return data

    def forget_before(self, offset: int) -> None:
        """Let go of the bytes before `offset` (a record's start): only the last is checked."""
        if offset > self.kept_from:
            del self.kept[: offset - self.kept_from]
            self.kept_from = offset

    def cut_member(self, offset: int) -> bool:
        """The gzip member at `offset` (the last record's) ends before its end: truncated."""
        member = bytes(self.kept[offset - self.kept_from:])
        if not member.startswith(b"\x1f\x8b"):
            return False
        decoder = zlib.decompressobj(wbits=31)
        try:
            decoder.decompress(member)
        except zlib.error:
            return True
        return not decoder.eof


def read_warc(source: Source, fields: FieldMap, stream: IO[bytes] | None = None
              ) -> Iterator[Document | Rejected]:
    """Every record of one archive, in order, as a Document (perhaps dropped) or a Rejected."""
    if stream is not None:
        yield from _records(source, fields, _Counted(stream))
        return
    assert source.path is not None
    with open(source.path, "rb") as fh:
        yield from _records(source, fields, _Counted(fh))


def _records(source: Source, fields: FieldMap, counted: _Counted) -> Iterator[Document | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(counted, arc2warc=True)
    number = end = start = 0
    last: Document | Rejected | None = None  # held back until the archive's end is checked
    try:
        for record in records:
            number += 1
            origin = Origin(source.name, record=number)
            item, read = _item(record, origin, source, fields, number)
            short = _short_by(record) if read else 0
            start = records.get_record_offset()  # only once the block is read: it reads on
            end = start + records.get_record_length()
            counted.forget_before(start)
            if last is not None:
                yield last
            last = item
            if short:
                yield Rejected(origin, "truncated file",
                               f"the archive ends inside this record ({short:,} bytes of its block "
                               "missing): the file is truncated; the records before it were read")
                return
    except Exception as exc:  # warcio's own, zlib's, or a parse that trips on bad bytes
        if last is not None:
            yield last
        yield Rejected(Origin(source.name, record=number), "unreadable record",
                       f"not a readable WARC record ({type(exc).__name__}: {exc}); the records "
                       "before it were read, the rest of the file was not")
        return
    yield from _end(source, counted, number, start, end, last)


def _end(source: Source, counted: _Counted, number: int, start: int, end: int,
         last: Document | Rejected | None) -> Iterator[Document | Rejected]:
    """The last record, unless the archive ends inside it, and a word on any bytes after it."""
    while counted.read(1 << 20):
        pass
    if last is not None and counted.cut_member(start):
        yield Rejected(Origin(source.name, record=number), "truncated file",
                       "the archive's last gzip member ends early: the file is truncated; the "
                       "records before this one were read")
        return
    if last is not None:
        yield last
    if counted.count - end > TRAILING_SLACK:
        yield Rejected(Origin(source.name, record=number + 1), "truncated file",
                       f"{counted.count - end:,} bytes after the last whole record are no record: "
                       "the file is truncated or corrupt; the records before this point were read")


def _short_by(record: Any) -> int:
    """How many bytes of a record's block, read to its end, the archive lacked (0: it is
    whole). A block left unread is checked by the archive's end offset instead."""
    return int(getattr(record.raw_stream, "limit", 0) or 0)


def _item(record: Any, origin: Origin, source: Source, fields: FieldMap, number: int
          ) -> tuple[Document | Rejected, bool]:
    """One record as a page, a dropped record with its reason, or a Rejected; and whether
    its block was read."""
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID")
    is_arc = str(getattr(record, "format", "")).startswith("arc")
    doc_id = record_id if record_id and not is_arc else f"{source.doc_id or source.name}:{number}"
    extra = {"warc_record_id": None if is_arc else record_id,
             "warc_date": headers.get_header("WARC-Date")}
    extra = {k: v for k, v in extra.items() if v}
    url = headers.get_header("WARC-Target-URI")
    reason, content_type = _why_not_a_page(record)
    if reason is not None:
        return _dropped(doc_id, url, record.rec_type, reason, origin, fields, extra, content_type), False
    payload = record.content_stream().read()
    limit = fields.max_record_bytes
    if limit is not None and len(payload) > limit:
        return Rejected(origin, "record too large",
                        f"the page is {len(payload):,} bytes, over the limit of {limit:,} bytes a "
                        "record; raise it with --max-record-bytes"), True
    from .html import raw_page

    return raw_page(payload, origin, doc_id, url=url, content_type=content_type, extra=extra,
                    fields_id=fields.id), True


def _why_not_a_page(record: Any) -> tuple[str | None, str | None]:
    """(the reason a record is no page, or None; its payload's content type)."""
    kind = record.rec_type
    if kind not in ("response", "resource"):
        return kind, None  # request, revisit, warcinfo, metadata, conversion, continuation
    content_type = None
    if kind == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if status.startswith("3"):
            return "redirect", None
        if not status.startswith("2"):
            return "http-error", None
        content_type = record.http_headers.get_header("Content-Type")
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return "not-html", content_type
    return None, content_type


def _dropped(doc_id: str, url: str | None, kind: str, reason: str, origin: Origin, fields: FieldMap,
             extra: dict[str, str], content_type: str | None) -> Document:
    """A record the run reads and accounts for but that is no page: dropped with the reason."""
    record: dict[str, Any] = {fields.id: doc_id, fields.text: "", "warc_type": kind}
    if url:
        record["url"] = url
    if content_type:
        record["content_type"] = content_type
    record.update(extra)
    return Document(id=doc_id, text="", url=url, fields=record, origin=origin, drop=reason)
