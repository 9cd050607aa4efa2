"""Boilerplate splitting at line level: on samples/ (labelled lines) and on web pages with
gold main text (CleanEval, Dragnet) rendered to lines as a scraper would.

A page's visible text is rendered one block element a line; a line is content when
the gold text holds it (white space folded). Reported next to "keep every line".
"""

from __future__ import annotations

import html
import json
import re
import tarfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from cleaner.document import Document
from cleaner.normalize import normalize_text
from cleaner.split import learn_model, split_text

from .common import ROOT, Missing, data_path

BLOCK = set(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "select"}


class _Renderer(HTMLParser):
    """Visible text, a line per block element: what a simple scraper stores."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in INVISIBLE:
            self.hidden += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def render(page: str) -> str:
    renderer = _Renderer()
    renderer.feed(page)
    renderer.close()
    lines = (" ".join(line.split()) for line in "".join(renderer.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def raw_pages(archive: Path) -> Iterator[tuple[str, bytes, bytes]]:
    """(name, page HTML, gold text) of each page of a dataset archive that has both."""
    inputs: dict[str, bytes] = {}
    golds: dict[str, bytes] = {}
    with tarfile.open(archive) as tar:  # read in order once: a .tar.gz has no cheap seek
        for member in tar:
            path = Path(member.name)
            if not member.isfile() or path.name.startswith("."):
                continue
            if path.parent.name == "input" and path.suffix in (".html", ".htm"):
                inputs[path.stem] = tar.extractfile(member).read()  # type: ignore[union-attr]
            elif path.parent.name == "GoldStandard":
                golds[path.stem] = tar.extractfile(member).read()  # type: ignore[union-attr]
    for stem in sorted(inputs.keys() & golds.keys()):
        yield stem, inputs[stem], golds[stem]


def pages(archive: Path) -> Iterator[tuple[str, str]]:
    """(rendered page text, folded gold text) for each page of a dataset archive."""
    for _, raw_page, raw_gold in raw_pages(archive):
        page = _decode(raw_page)
        gold = _decode(raw_gold)
        gold = re.sub(r"^URL:.*$", "", gold, count=1, flags=re.M)
        gold = re.sub(r"<[phl]>", " ", gold)
        yield render(page), _fold(normalize_text(html.unescape(gold)).text)


def _score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


class Tally:
    """Line-level confusion counts, boilerplate as the positive class."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = 0

    def add(self, predicted_boilerplate: bool, gold_boilerplate: bool) -> None:
        if predicted_boilerplate and gold_boilerplate:
            self.tp += 1
        elif predicted_boilerplate:
            self.fp += 1
        elif gold_boilerplate:
            self.fn += 1
        else:
            self.tn += 1

    def row(self, name: str) -> dict[str, object]:
        p, r, f = _score(self.tp, self.fp, self.fn)
        cp, cr, cf = _score(self.tn, self.fn, self.fp)  # content as the positive class
        _, _, keep_all_f = _score(self.tn + self.fp, self.tp + self.fn, 0)
        return {
            "eval": name,
            "lines": self.tp + self.fp + self.fn + self.tn,
            "boilerplate P": p,
            "R": r,
            "F1": f,
            "content F1": cf,
            "keep-every-line content F1": keep_all_f,
            "content P": cp,
            "content R": cr,
        }


def line_labels(text: str, segments: list[dict]) -> Iterator[tuple[str, bool]]:
    """Each line of the text with whether the split called (most of) it boilerplate."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        boiler = sum(
            min(end, s["end"]) - max(start, s["start"])
            for s in segments
            if s["kind"] == "boilerplate" and s["start"] < end and s["end"] > start
        )
        yield line, boiler * 2 > len(line.strip())


def eval_samples() -> dict[str, object]:
    records = [json.loads(line) for line in (ROOT / "samples" / "dump.jsonl").read_text("utf-8").splitlines()]
    docs = []
    for rec in records:
        doc = Document(id=rec["id"], text=rec["text"], source=rec["source"], url=rec["url"])
        doc.cleaner["text"] = normalize_text(rec["text"]).text
        docs.append(doc)
    model = learn_model(docs)
    tally = Tally()
    for rec, doc in zip(records, docs, strict=True):
        gold = set(rec["labels"]["boilerplate"])
        segments = split_text(doc.clean_text, title=rec["title"], source=rec["source"], model=model)
        for line, predicted in line_labels(doc.clean_text, segments):
            tally.add(predicted, line in gold)
    return tally.row("split boilerplate lines (samples/dump.jsonl)")


def eval_archive(name: str) -> dict[str, object]:
    tally = Tally()
    for rendered, gold in pages(data_path("boilerplate", f"{name}.tar.gz")):
        text = normalize_text(rendered).text
        segments = split_text(text)
        for line, predicted in line_labels(text, segments):
            tally.add(predicted, _fold(line) not in gold)
    return tally.row(f"split boilerplate lines ({name})")


def run() -> list[dict[str, object]]:
    rows = [eval_samples()]
    for name in ("cleaneval-dev", "cleaneval-final", "dragnet_data"):
        try:
            rows.append(eval_archive(name))
        except Missing as exc:
            print(f"split on {name}: skipped ({exc})")
    return rows
