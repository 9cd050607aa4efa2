"""Pages and archives the page tests read: written here, words of our own, nothing fetched."""

from __future__ import annotations

import io
from pathlib import Path

ARTICLE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://news.example.org/{slug}">
<meta property="article:published_time" content="2024-03-0{day}T08:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/about">About us</a></li></ul></nav>
<article>
<h1>{title}</h1>
<p>{lead}</p>
<p>The council said the new timetable would add four trains an hour between the harbour
and the university, and that the first of them would run before the end of the month.</p>
<h2>What changes for riders</h2>
<ul><li>Earlier first trains on weekdays</li><li>Later last trains on Fridays</li>
<li>A single fare across both lines</li></ul>
<p>Residents who spoke at the meeting welcomed the plan but asked for more step-free
stations, which the council promised to study over the coming year.</p>
<h2>Comments</h2>
<p>I have waited ten years for this and I still do not believe it will happen on time.</p>
<p>Great news for the east side, finally a train after ten in the evening.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Bus fares rise again</a></li>
<li><a href="/b">New bridge opens</a></li></ul></aside>
<footer><p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>
"""


def article(title: str = "City adds late trains to the harbour line",
            lead: str = "The city will run trains until midnight on the harbour line from next month, "
                        "the transport council announced on Tuesday.",
            slug: str = "late-trains", day: int = 5) -> str:
    return ARTICLE.format(title=title, lead=lead, slug=slug, day=day)


def write_warc(path: Path, *, truncate: int = 0, gzip: bool = True) -> Path:
    """An archive of two HTML responses with their requests, a redirect, a PDF and a
    revisit, record ids and dates fixed so the bytes are the same each time; `truncate`
    cuts that many bytes off its end."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    serial = iter(range(1, 100))

    def record(uri: str, kind: str, payload: bytes, http: list[tuple[str, str]] | None,
               status: str = "200 OK") -> None:
        headers = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{next(serial):012d}>",
                   "WARC-Date": "2024-03-05T09:00:00Z"}
        http_headers = None
        if http is not None:
            protocol = "HTTP/1.1"
            http_headers = (StatusAndHeaders(f"GET /{uri.rsplit('/', 1)[-1]} {protocol}", http,
                                             is_http_request=True) if kind == "request"
                            else StatusAndHeaders(status, http, protocol=protocol))
        writer.write_record(writer.create_warc_record(
            uri, kind, payload=io.BytesIO(payload), length=len(payload),
            warc_headers_dict=headers, http_headers=http_headers))

    html = [("https://news.example.org/late-trains", article()),
            ("https://news.example.org/bridge", article(
                "New footbridge opens over the river", "A footbridge for walkers and cyclists opened "
                "over the river on Monday, two years after work began.", "bridge", 6))]
    for uri, page in html:
        record(uri, "request", b"", [("Host", "news.example.org")])
        body = page.encode("utf-8")
        record(uri, "response", body, [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Length", str(len(body)))])
    record("https://news.example.org/old", "response", b"",
           [("Location", "https://news.example.org/late-trains"), ("Content-Length", "0")],
           "301 Moved Permanently")
    pdf = b"%PDF-1.4\n% a timetable\n%%EOF\n"
    record("https://news.example.org/timetable.pdf", "response", pdf,
           [("Content-Type", "application/pdf"), ("Content-Length", str(len(pdf)))])
    record("https://news.example.org/late-trains", "revisit", b"",
           [("Content-Type", "text/html"), ("Content-Length", "0")])
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - truncate] if truncate else data)
    return path
