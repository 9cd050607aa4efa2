"""Build samples/crawl.warc.gz: a small crawl of pages written for cleaner's samples.

The same bytes every run (fixed record ids and dates; gzip members carry no time), so
the sample can be rebuilt and compared. Run from the project root:

    python samples/make_warc.py
"""

from __future__ import annotations

import io
from pathlib import Path

OUT = Path(__file__).with_name("crawl.warc.gz")
SITE = "https://harbour-herald.example"
DATE = "2025-05-14T07:30:00Z"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Herald</title>
<link rel="canonical" href="{url}">
<meta property="article:published_time" content="{published}"></head>
<body>
<header><a href="/">Harbour Herald</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<section class="comments"><h2>Comments</h2>
<p>{comment}</p>
<p>Does anyone know whether the car park will stay open during the works?</p>
</section>
</article></main>
<aside><h3>Most read</h3><ul>
<li><a href="/a">Ferry timetable changes this summer</a></li>
<li><a href="/b">Lighthouse museum reopens</a></li>
<li><a href="/c">Fish market moves to the old dock</a></li></ul></aside>
<footer><p>Sign up for our morning newsletter</p><p>© 2025 Harbour Herald. All rights reserved.</p></footer>
</body></html>
"""

PAGES = {
    "sea-wall": {
        "title": "Work begins on the new sea wall at Northgate",
        "author": "Mara Quill",
        "published": "2025-05-12",
        "body": [
            "Work on the new sea wall at Northgate began on Monday, three winters after storms "
            "flooded the harbour road twice in one month.",
            "The wall will be 800 metres long and a metre higher than the old one, the harbour "
            "board said, and should be finished before the autumn tides.",
            "Why the wall is needed",
            "Engineers found that the old wall had moved by several centimetres since the last "
            "survey, and that water now reached the road on the highest spring tides.",
            "The board will close one lane of the harbour road while lorries bring in stone.",
        ],
        "comment": "About time. My shop flooded twice that winter.",
    },
    "sea-wall-update": {
        "title": "Work begins on new sea wall at Northgate harbour",
        "author": "Ivo Brandt",
        "published": "2025-05-13",
        "body": [
            "Builders started work on a new sea wall at Northgate this week after years of "
            "flooding on the harbour road.",
            "The harbour board expects the 800-metre wall to be finished before the autumn tides, "
            "and will keep one lane of the road open while the work goes on.",
            "Residents at a meeting on Tuesday asked for the footpath along the wall to stay "
            "open at weekends, and the board agreed to look at it.",
        ],
        "comment": "Will the footpath really stay open? It did not last time.",
    },
    "choir-festival": {
        "title": "Choirs from six towns fill the market hall",
        "author": "Mara Quill",
        "published": "2025-05-11",
        "body": [
            "Choirs from six towns along the coast sang in the market hall on Saturday, the first "
            "festival of its kind in the town for twenty years.",
            "The organisers said more than four hundred people came, and that the hall had to "
            "open its side doors so that people outside could listen.",
            "Songs on the programme",
            "The evening ended with all six choirs singing together, conducted by the town's "
            "retired music teacher, who started the first festival in 2005.",
        ],
        "comment": "Wonderful evening, please do it again next year!",
    },
}


def render(page: dict) -> str:
    """One page's HTML from its parts."""
    body = "\n".join(f"<h2>{line}</h2>" if not line.endswith(".") else f"<p>{line}</p>"
                     for line in page["body"])
    slug = next(slug for slug, p in PAGES.items() if p is page)
    return PAGE.format(title=page["title"], author=page["author"], published=page["published"],
                       url=f"{SITE}/{slug}", body=body, comment=page["comment"])


def build() -> bytes:
    """The archive: each page's request and response, a redirect, a PDF and a revisit."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    serial = iter(range(1, 1000))

    def record(uri: str, kind: str, payload: bytes = b"", http: list[tuple[str, str]] | None = None,
               status: str = "200 OK") -> None:
        headers = {"WARC-Record-ID": f"<urn:uuid:5a3c0000-0000-4000-8000-{next(serial):012d}>",
                   "WARC-Date": DATE}
        if kind == "request":
            http_headers = StatusAndHeaders(f"GET {uri.removeprefix(SITE)} HTTP/1.1", http or [],
                                            is_http_request=True)
        else:
            http_headers = StatusAndHeaders(status, [*(http or []), ("Content-Length", str(len(payload)))],
                                            protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(payload),
                                                      length=len(payload), warc_headers_dict=headers,
                                                      http_headers=http_headers))

    for slug, page in PAGES.items():
        url = f"{SITE}/{slug}"
        record(url, "request", http=[("Host", SITE.removeprefix("https://"))])
        record(url, "response", render(page).encode("utf-8"),
               [("Content-Type", "text/html; charset=utf-8")])
    record(f"{SITE}/seawall", "response", http=[("Location", f"{SITE}/sea-wall")],
           status="301 Moved Permanently")
    record(f"{SITE}/tide-table.pdf", "response", b"%PDF-1.4\n% tide table for May\n%%EOF\n",
           [("Content-Type", "application/pdf")])
    record(f"{SITE}/sea-wall", "revisit", http=[("Content-Type", "text/html")])
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT}")
