"""Raw HTML pages in: decoded, the article extracted, the page's own evidence kept.

A page becomes one Document whose text is the article as lines (headings, paragraphs
and list items, one a line, as a scraper writes them), so split sees what it sees in
text. Extraction is trafilatura's (`pip install 'cleaner-news[html]'`; why that extractor is
said in pyproject.toml); its packages are imported only when a page is read, so a user
without the extra who never reads a page never needs them, and one who does is told
how to get them. What the markup says and the text cannot (a block inside <nav>, a
block that is mostly links) goes to `Document.blocks` for split to weigh.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..document import Block, Document, Origin, RawPage, Rejected
from ..errors import UsageError

EXTRA = "pip install 'cleaner-news[html]'"
# Where a page's declared charset is looked for: the first bytes, as browsers do.
PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels whose bytes browsers decode as another encoding (the WHATWG Encoding Standard):
# a page that says latin-1 is read as windows-1252, which agrees on every byte latin-1 defines.
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                    "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
                    "tis-620": "cp874", "iso-8859-11": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
                    "x-sjis": "shift_jis", "x-gbk": "gb18030"}
# Text is one article's worth of lines: a site's markup rarely nests deeper than this,
# and a block this deep is still given, without the ancestors past it.
PATH_DEPTH = 8


class Undecodable(Exception):
    """Bytes that are no page in any encoding we can tell."""


@dataclass(slots=True)
class Page:
    """What one page gives: its article lines, metadata and the markup's evidence."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    blocks: list[Block] = field(default_factory=list)


def require() -> None:
    """Fail early, with the install line, where the extraction's packages are missing."""
    try:
        import lxml.html  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"reading HTML pages needs the html extra ({exc.name} is not "
                         f"installed): {EXTRA}") from exc


# --- charset -----------------------------------------------------------------------------


def decode_page(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a page's bytes.

    In order: a byte-order mark; bytes that are valid UTF-8 are UTF-8, whatever a meta tag
    says (a page re-saved as UTF-8 keeps its old meta tag far more often than latin-1 bytes
    happen to be valid UTF-8); the HTTP header's charset (`declared`), which the HTML
    standard puts before the page's own; the page's meta tag; else a detector's guess.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:PRESCAN_BYTES]:  # markup never holds NUL; UTF-16 said so by its BOM
        raise Undecodable("binary data, not an HTML page (NUL bytes); remove it from the input")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for label in (_header_charset(declared), _meta_charset(data)):
        codec = _codec(label)
        if codec is not None:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue  # the declaration is wrong: let the bytes speak
    return _detected(data)


def _header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, as a browser reads it; None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _BROWSER_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detected(data: bytes) -> tuple[str, str]:
    """A detector's guess where nothing declared fits; UTF-8 itself was tried before."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1 << 20]).best()
    if best is None:
        raise Undecodable("no text encoding fits these bytes; convert the page to UTF-8")
    try:
        return data.decode(best.encoding), best.encoding
    except UnicodeDecodeError as exc:  # the guess was made on the first megabyte only
        raise Undecodable(f"no text encoding fits these bytes ({exc}); convert the page to "
                          "UTF-8") from exc


# --- extraction ----------------------------------------------------------------------


def extract(html: str, url: str | None = None) -> Page:
    """The article of one decoded page, its metadata, and the markup's word on each line.

    The evidence is read from the page as parsed before the extractor prunes it, and
    the same parse is handed to the extractor, so a page is parsed once.
    """
    import lxml.html
    import trafilatura
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Page("")
    evidence = _evidence(tree)
    found = trafilatura.bare_extraction(tree, url=url, include_comments=False, with_metadata=True,
                                        favor_precision=True)
    if found is None or found.body is None:
        return Page("")
    lines = list(_lines(found.body))
    url = url or found.url or None
    return Page(
        text="\n\n".join(line for line, _ in lines),
        title=found.title or None,
        url=url,
        published=found.date or None,
        source=_host(url) or found.hostname or None,
        blocks=[_block(line, kind, evidence) for line, kind in lines],
    )


# What trafilatura's output tree holds (its own element names): blocks a line each.
_OUT_BLOCKS = {"p", "head", "item", "list", "quote", "table", "row", "cell", "code", "div", "body"}


def _lines(body: Any) -> Iterator[tuple[str, str]]:
    """(line, element) for each block of the extractor's output, in order: its inline
    text joined, a line break inside a block starting a new line."""
    buf: list[str] = [body.text or ""]
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag:  # a comment or processing instruction: only its tail is text
            buf.append(child.tail or "")
        elif tag in _OUT_BLOCKS:
            yield from _flush(buf, body.tag)
            yield from _lines(child)
            buf = [child.tail or ""]
        elif tag == "lb":
            buf.extend(("\n", child.tail or ""))
        else:
            buf.extend(("".join(child.itertext()), child.tail or ""))
    yield from _flush(buf, body.tag)


def _flush(buf: list[str], tag: str) -> Iterator[tuple[str, str]]:
    for piece in "".join(buf).split("\n"):
        line = " ".join(piece.split())
        if line:
            yield line, tag


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


# --- the markup's evidence -------------------------------------------------------------

# Elements that are site furniture wherever they sit, by tag or by ARIA role.
_FURNITURE_TAGS = {"nav": "nav", "aside": "aside", "footer": "footer", "menu": "menu"}
_FURNITURE_ROLES = {"navigation": "nav", "complementary": "aside", "contentinfo": "footer",
                    "banner": "header", "menu": "menu", "menubar": "menu"}
_LEAF_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
                "blockquote", "pre", "figcaption", "caption", "div", "section", "article",
                "header", "footer", "nav", "aside", "ul", "ol", "table", "tr", "form", "main"}


@dataclass(frozen=True, slots=True)
class _Seen:
    path: str
    link_density: float
    furniture: str | None


def _evidence(tree: Any) -> dict[str, _Seen]:
    """Each block of the page that holds text of its own, by its folded text: where it sat,
    how much of it is links, and the furniture around it. Where a text sits twice, the
    place that is not furniture wins: the extractor kept it, and one clean sighting is
    reason enough to believe it."""
    found: dict[str, _Seen] = {}
    body = tree.find("body")
    if body is None:
        return found
    for element, ancestors in _walk(body, []):
        text = _fold(element.text_content())
        if not text or len(text) > 5000:
            continue
        seen = _Seen("/".join(ancestors[-PATH_DEPTH:]), _link_density(element),
                     _furniture(element, ancestors))
        if text not in found or (found[text].furniture and not seen.furniture):
            found[text] = seen
    return found


def _walk(element: Any, ancestors: list[str]) -> Iterator[tuple[Any, list[str]]]:
    """Leaf blocks (block elements with no block inside) with the tags above them."""
    path = [*ancestors, _describe(element)]
    inner = False
    for child in element:
        if isinstance(child.tag, str) and child.tag in _LEAF_BLOCKS:
            inner = True
            yield from _walk(child, path)
    if not inner and element.tag in _LEAF_BLOCKS:
        yield element, path


def _describe(element: Any) -> str:
    """A tag with what makes it furniture, as a path step: `div[role=navigation]`."""
    role = (element.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return f"{element.tag}[role={role}]"
    return str(element.tag)




def _furniture(element: Any, ancestors: list[str]) -> str | None:
    """The nearest furniture element at or above a block; a <header> or <footer> inside an
    <article> is the article's own (its headline, its byline), not the site's."""
    in_article = False
    for step in reversed(ancestors):
        tag, _, role = step.partition("[role=")
        if tag in ("article", "main"):
            in_article = True
        if role:
            return _FURNITURE_ROLES[role.rstrip("]")]
        if tag in _FURNITURE_TAGS and not (in_article and tag == "footer"):
            return _FURNITURE_TAGS[tag]
    return None


def _link_density(element: Any) -> float:
    total = len(" ".join(element.text_content().split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return round(min(1.0, linked / total), 3)


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def _block(line: str, kind: str, evidence: dict[str, _Seen]) -> Block:
    """The extracted line with what the page said of the block it came from (none when
    the extractor joined or cut blocks so no block of the page holds this line)."""
    seen = evidence.get(_fold(line))
    if seen is None:
        return Block(line, path=f"extracted/{kind}")
    return Block(line, path=seen.path, link_density=seen.link_density, furniture=seen.furniture)


# --- one page, one record ---------------------------------------------------------------


def raw_page(data: bytes, origin: Origin, doc_id: str, *, url: str | None = None,
             content_type: str | None = None, extra: dict[str, Any] | None = None,
             fields_id: str = "id") -> Document | Rejected:
    """One page's bytes, decoded, as a Document whose article is still to be extracted
    (`extract_page`), or a Rejected saying why its bytes are no page."""
    try:
        html, encoding = decode_page(data, content_type)
    except Undecodable as exc:
        return Rejected(origin, "undecodable page", str(exc))
    fields: dict[str, Any] = {fields_id: doc_id, **({"url": url} if url else {}), **(extra or {})}
    doc = Document(id=doc_id, text="", url=url, fields=fields, origin=origin,
                   page=RawPage(html, hash(html), url))
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        doc.cleaner["encoding"] = encoding
    return doc


def extract_page(doc: Document, text_field: str = "text", id_field: str = "id") -> None:
    """The article of a document's raw page as its text, with the page's metadata and
    evidence; a page without article text is dropped with the reason (an index, a form,
    a page its scripts build), as an archive's requests are by their reader."""
    raw = doc.page
    if raw is None or raw.html is None:
        return
    page = extract(raw.html, raw.url)
    doc.page = RawPage(None, raw.stamp, raw.url)
    if not page.text.strip():
        doc.drop = "empty extraction"
        doc.drop_detail = (f"no article text found in this page ({len(raw.html):,} characters of "
                           "HTML): an index, a form or a script-built page")
        return
    read = {k: v for k, v in doc.fields.items() if k not in (id_field, "url")}
    record: dict[str, Any] = {id_field: doc.id, text_field: page.text}
    for name in ("title", "url", "published", "source"):
        if getattr(page, name):
            record[name] = getattr(page, name)
    record.update(read)
    doc.text, doc.title, doc.url = page.text, page.title, page.url
    doc.source, doc.published, doc.blocks = page.source, page.published, page.blocks
    doc.fields = record
