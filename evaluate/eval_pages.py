"""Raw pages: the article text of `cleaner clean PAGES/ --drop none` (cleaner.text) against
the gold main text of the boilerplate archives, next to trafilatura alone and jusText.

Scoring is eval_split's: each page's visible text rendered a line per block element, a
line being content when the gold holds it; an extractor "keeps" a line when its output
holds it. Content is the positive class. Two figures: per line (eval_split's), and
weighted by each line's words (a dropped paragraph weighs more than a dropped "Home").
Dragnet's gold lists readers' comments after a separator; they are not article text,
so the gold is cut there.

Pages are split by site: a third of the sites (by a hash of the host) were used to tune
the extraction and split's use of the markup, the rest are held out, and only held-out
figures are reported here.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from cleaner.normalize import normalize_text

from .common import Missing
from .eval_split import PAGE_SETS, _fold, as_text, held_out, render
from .eval_split import pages as split_pages

ARCHIVES = PAGE_SETS

Page = tuple[str, bytes, str]  # (id, raw HTML, folded gold text)


def pages(archive: str) -> Iterator[Page]:
    """The held-out pages of one archive with their gold text."""
    for key, site_name, raw_page, gold in split_pages(archive):
        if held_out(key, site_name):
            yield key, raw_page, gold


class Score:
    """Content lines kept, per line and per word."""

    def __init__(self) -> None:
        self.lines = [0, 0, 0]  # true positive, false positive, false negative
        self.words = [0, 0, 0]

    def add(self, page: bytes, gold: str, kept: str) -> None:
        kept = _fold(normalize_text(kept).text)
        for line in render(as_text(page)).split("\n"):
            folded = _fold(normalize_text(line).text)
            if not folded:
                continue
            predicted, content = folded in kept, folded in gold
            slot = 0 if predicted and content else 1 if predicted else 2 if content else None
            if slot is not None:
                self.lines[slot] += 1
                self.words[slot] += len(folded.split())

    def row(self, name: str, pages: int, seconds: float) -> dict[str, object]:
        row: dict[str, object] = {"eval": name, "pages": pages}
        for label, (tp, fp, fn) in (("words", self.words), ("lines", self.lines)):
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            prefix = "" if label == "words" else "line "
            row.update({f"{prefix}P": round(p, 3), f"{prefix}R": round(r, 3), f"{prefix}F": round(f, 3)})
        row["pages/s"] = round(pages / seconds, 1) if seconds else None
        return row


def _trafilatura(precision: bool) -> Callable[[str], str]:
    import trafilatura

    def extract(page: str) -> str:
        return trafilatura.extract(page, include_comments=False, favor_precision=precision) or ""
    return extract


def _justext() -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(page: str) -> str:
        try:
            paragraphs = justext.justext(page, stoplist)
        except ValueError:  # lxml refuses some pages' control characters
            return ""
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return extract


def _alone(name: str, extract: Callable[[str], str], held: list[Page], label: str) -> dict[str, object]:
    score = Score()
    seconds = 0.0
    for _, page, gold in held:
        started = time.process_time()
        kept = extract(as_text(page))
        seconds += time.process_time() - started
        score.add(page, gold, kept)
    return score.row(f"pages: {name} alone ({label})", len(held), seconds)


def _cleaner(held: list[Page], label: str) -> dict[str, object]:
    """`cleaner clean FOLDER --drop none`, one process, every stage; cleaner.text scored."""
    from cleaner import Settings, clean

    with tempfile.TemporaryDirectory(prefix="cleaner-eval-pages-") as folder:
        for key, page, _ in held:
            path = Path(folder, "pages", f"{key}.html")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(page)
        out = Path(folder, "out.jsonl")
        started = time.perf_counter()
        clean([str(Path(folder, "pages"))], str(out), settings=Settings(drop=frozenset(), jobs=1))
        seconds = time.perf_counter() - started
        texts = {}
        for line in out.read_bytes().splitlines():
            record = orjson.loads(line)
            texts[record["id"].removesuffix(".html")] = record["cleaner"]["text"]
    score = Score()
    for key, page, gold in held:
        score.add(page, gold, texts.get(key, ""))  # a rejected page kept nothing
    return score.row(f"pages: cleaner clean --drop none ({label})", len(held), seconds)


def run() -> list[dict[str, object]]:
    try:
        import justext  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError as exc:
        raise Missing(f"the html extra is not installed ({exc.name}): pip install 'cleaner-news[html]'") \
            from exc
    rows = []
    for label, archives in ARCHIVES.items():
        try:
            held = [page for archive in archives for page in pages(archive)]
        except Missing as exc:
            print(f"pages on {label}: skipped ({exc})")
            continue
        rows.append(_cleaner(held, label))
        rows.append(_alone("trafilatura", _trafilatura(precision=False), held, label))
        rows.append(_alone("trafilatura favor_precision", _trafilatura(precision=True), held, label))
        rows.append(_alone("jusText", _justext(), held, label))
    return rows
