"""Raw pages as inputs: `.html` files and WARC archives.

Reading a page is two steps of very different cost. The reader decodes its bytes and
says what the archive says of it (cheap); extracting the article takes tens of
milliseconds, against a microsecond for a JSON line, and a command reads its inputs
once a pass (three times for clean). So in a run extraction is a stage (`Extract`), the
first: it runs in the engine's workers with the others, and the runner's spill keeps
its result, so the later passes take the extracted page from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from ..document import Document, Origin, Rejected

if TYPE_CHECKING:
    from . import FieldMap, Source

PAGE_FORMATS = ("html", "warc")


def sniff_page(head: bytes) -> str | None:
    """stdin is a WARC when it starts like one, an HTML page when it opens with markup."""
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<!doctype html", b"<html", b"<!--", b"<head", b"<meta")):
        return "html"
    return None


def read_pages(source: Source, fields: FieldMap, stream: IO[bytes] | None = None, *,
               extract: bool = True) -> Iterator[Document | Rejected]:
    """Every record of a page source (a file, or `stream` for stdin); with `extract`,
    each page's article is extracted here, else it is left to the `Extract` stage."""
    from .html import extract_page, require

    require()
    for item in _read(source, fields, stream):
        if extract and isinstance(item, Document):
            extract_page(item, fields.text, fields.id)
        yield item


def _read(source: Source, fields: FieldMap, stream: IO[bytes] | None) -> Iterator[Document | Rejected]:
    if source.format == "warc":
        from .warc import read_warc

        yield from read_warc(source, fields, stream)
    else:
        yield _read_html_file(source, fields, stream)


def _read_html_file(source: Source, fields: FieldMap, stream: IO[bytes] | None) -> Document | Rejected:
    """One `.html` file (or stdin) is one page; its id is its name, as for `.txt`."""
    from . import TruncatedInput, _decompressed_chunks
    from .html import raw_page

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
    return raw_page(data, origin, source.doc_id or source.name, fields_id=fields.id)


class Extract:
    """The extraction stage: each raw page's article becomes its document's text. It comes
    first in a command that reads pages; the runner spills its result, so a page is
    extracted once a run, in the engine's workers."""

    name = "extract"

    def __init__(self, fields: FieldMap | None = None):
        self.text_field = fields.text if fields is not None else "text"
        self.id_field = fields.id if fields is not None else "id"

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        from .html import extract_page

        for doc in docs:
            extract_page(doc, self.text_field, self.id_field)
            yield doc


def reads_pages(sources: Iterable[Source]) -> bool:
    """Whether any source may be raw pages, which the run then extracts (`Extract`): a page
    format, or stdin whose format shows only once it is read."""
    return any(source.format in PAGE_FORMATS or (source.path is None and not source.format)
               for source in sources)
