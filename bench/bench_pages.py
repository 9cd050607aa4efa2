"""Raw pages: pages a second on one core, reading .html files and a WARC archive (decode,
extract, the markup's evidence) and cleaning them whole, next to trafilatura alone.

The pages are Dragnet's news and blog pages from ../shared/data when it is there (real
markup, real sizes), else the sample archive's pages (small; the figures then say little).
"""

from __future__ import annotations

import io
import tarfile
import tempfile
import time
from pathlib import Path

from cleaner import Settings, clean
from cleaner.io import expand_inputs, read_documents

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "boilerplate"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _pages(n: int) -> tuple[list[tuple[str, bytes]], str]:
    """(name, HTML bytes) of up to n pages, and where they come from."""
    archive = DATA / "dragnet_data.tar.gz"
    if archive.exists():
        found = []
        with tarfile.open(archive) as tar:
            for member in tar:
                if member.isfile() and "/input/" in member.name and member.name.endswith(".html"):
                    found.append((Path(member.name).name, tar.extractfile(member).read()))  # type: ignore[union-attr]
                    if len(found) >= n:
                        break
        return found, "Dragnet news and blog pages"
    import sys

    sys.path.insert(0, str(SAMPLES))
    from make_warc import PAGES, render

    return [(f"{slug}.html", render(page).encode()) for slug, page in PAGES.items()], "samples/ pages"


def _warc(pages: list[tuple[str, bytes]], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{name}", "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http))


def _read_rate(inputs: list[str]) -> float:
    """Pages a second on one core, reading only (decode, extract, evidence)."""
    sources = expand_inputs(inputs)
    started = time.process_time()
    count = sum(1 for _ in read_documents(sources))
    return count / (time.process_time() - started)


def run(quick: bool = False) -> list[dict[str, object]]:
    import trafilatura

    pages, origin = _pages(50 if quick else 300)

    def extract_all() -> float:
        started = time.process_time()
        for _, body in pages:
            trafilatura.extract(body, include_comments=False, favor_precision=True)
        return len(pages) / (time.process_time() - started)

    extract_all()  # warm: the first pass over pages pays one-time costs (parsers, date rules)
    alone = extract_all()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-pages-") as folder:
        html_dir = Path(folder, "pages")
        html_dir.mkdir()
        for name, body in pages:
            (html_dir / name).write_bytes(body)
        archive = Path(folder, "crawl.warc.gz")
        _warc(pages, archive)
        _read_rate([str(html_dir)])  # warm, as for trafilatura alone
        html_rate = _read_rate([str(html_dir)])
        warc_rate = _read_rate([str(archive)])
        started = time.perf_counter()
        clean([str(html_dir)], str(Path(folder, "out.jsonl")), settings=Settings(drop=frozenset(), jobs=1))
        clean_rate = len(pages) / (time.perf_counter() - started)
    return [{
        "bench": f"pages ({origin})",
        "pages": len(pages),
        "trafilatura alone pages/s/core": round(alone, 1),
        "read .html pages/s/core": round(html_rate, 1),
        "read .warc.gz pages/s/core": round(warc_rate, 1),
        "clean .html pages/s (one core, every stage)": round(clean_rate, 1),
    }]
