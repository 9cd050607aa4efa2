"""Boilerplate splitting at line level: on samples/ (labelled lines) and on web pages with
gold main text (CleanEval, Dragnet) rendered to lines as a scraper would.

A page's visible text is rendered one block element a line (headings, paragraphs, list
items, menu entries, table cells, footers: everything a reader sees), and `split_text`
gets that text alone. A line is content when most of its words align with the gold text
in order (a word-level diff of page and gold), so a menu's "News" or "Home" does not
count as content because the word occurs somewhere in the article. Dragnet's gold lists
readers' comments after a separator; they are not article text, so the gold is cut there.

Pages are split by site as in eval_pages: a third of the sites (by a hash of the host)
are for fitting split's rules and thresholds, the rest are held out. Both are reported,
per page set, content as the positive class (what a user keeps), next to "keep every
line"; the held-out rows are the figures to judge split by.

Scrapers render pages differently, so each page is also rendered by inscriptis, which
lays text out as a browser would (bullets before list items, blank lines between
blocks, a table's cells side by side on one line). And each page is also scored the way
a person marks a page: a few snippets of the article and a few of what should go, so a
page with a 300-line comment thread weighs no more than a page with a short menu. The
snippets are scored once more with each site's pages split together, as `clean` splits
a dump: the lines that recur across a site's pages are learned from them (no gold is
read), which only sites with three pages or more can show.

The page sets are English. So that split keeps text in other scripts and with other full
stops, articles are also built from the sentences of 75 languages (lingua-sentences) and
the share of their paragraphs kept is reported, overall and for the worst language.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import random
import re
import tarfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

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


def as_text(data: bytes) -> str:
    """A page's or a gold file's bytes: UTF-16 after its byte-order mark (a few gold files
    are), else UTF-8 (a byte-order mark dropped), else cp1252 (some gold files are)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
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


PAGE_SETS = {"news and blogs (dragnet_data)": ("dragnet_data",),
             "CleanEval (cleaneval-dev, cleaneval-final)": ("cleaneval-dev", "cleaneval-final")}
TUNE_SHARE = 3  # one site in this many is for fitting, the rest held out
COMMENTS_SEPARATOR = re.compile(r"^[!@#$%^&*() ]{4,}\s*COMMENTS\s*$", re.M)
_CANONICAL = (r'rel="canonical"[^>]*href="([^"]+)"', r'href="([^"]+)"[^>]*rel="canonical"',
              r'og:url"\s+content="([^"]+)"', r'<base href="([^"]+)"')


def site(page: bytes, gold: bytes) -> str:
    """The site a page comes from: the gold's URL line, the page's canonical URL, else the
    host its links point at most (registrable part, so www.x.com and blog.x.com agree)."""
    match = re.match(rb"\s*URL:\s*(\S+)", gold)
    if match:
        return _registrable(match.group(1).decode("latin-1"))
    text = page.decode("latin-1")
    for pattern in _CANONICAL:
        found = re.search(pattern, text, re.I)
        if found and found.group(1).startswith("http"):
            return _registrable(found.group(1))
    hosts = Counter(_registrable(u) for u in re.findall(r'href="(https?://[^"]+)"', text, re.I))
    return hosts.most_common(1)[0][0] if hosts else ""


def _registrable(url: str) -> str:
    parts = (urlsplit(url).hostname or "").lower().removeprefix("www.").split(".")
    keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def held_out(key: str, site_name: str) -> bool:
    """A page is held out unless its site is one of the fitting third (a page whose site
    cannot be told is its own site)."""
    group = site_name or key
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % TUNE_SHARE != 0


def gold_text(raw: bytes) -> str:
    """The folded gold main text: no URL line, no markup, no readers' comments."""
    gold = as_text(raw)
    gold = re.sub(r"^URL:.*$", "", gold, count=1, flags=re.M)
    gold = COMMENTS_SEPARATOR.split(gold, maxsplit=1)[0]
    gold = re.sub(r"<[phl]>", " ", gold)
    return _fold(normalize_text(html.unescape(gold)).text)


def pages(archive: str) -> Iterator[tuple[str, str, bytes, str]]:
    """(key, site, raw page, folded gold text) for each page of a dataset archive."""
    for stem, raw_page, raw_gold in raw_pages(data_path("boilerplate", f"{archive}.tar.gz")):
        yield f"{archive}/{stem}", site(raw_page, raw_gold), raw_page, gold_text(raw_gold)


_WORD = re.compile(r"\w+")


def gold_lines(lines: list[str], gold: str) -> list[bool]:
    """Whether each line is content: most of its words align, in order, with the gold
    text's (a line without words is not content)."""
    words: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(lines):
        found = _WORD.findall(line.lower())
        words += found
        owner += [i] * len(found)
    totals = Counter(owner)
    hits: Counter[int] = Counter()
    matcher = SequenceMatcher(None, words, _WORD.findall(gold), autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        hits.update(owner[a:a + size])
    return [hits[i] * 2 > totals[i] for i in range(len(lines))]


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

    def content_row(self, name: str, pages: int) -> dict[str, object]:
        """Content as the positive class (the lines a user keeps), as the issue's figures."""
        cp, cr, cf = _score(self.tn, self.fn, self.fp)
        _, _, keep_all_f = _score(self.tn + self.fp, self.tp + self.fn, 0)
        _, _, boiler_f = _score(self.tp, self.fp, self.fn)
        return {"eval": name, "pages": pages, "lines": self.tp + self.fp + self.fn + self.tn,
                "P": cp, "R": cr, "F": cf, "keep every line F": keep_all_f,
                "boilerplate F1": boiler_f}


def line_labels(text: str, segments: list[dict]) -> Iterator[tuple[str, bool]]:
    """Each line of the text with whether the split called (most of) it boilerplate, by its
    characters other than spaces: the gap a browser-like layout sets between two columns
    belongs to neither."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        boiler = sum(
            _visible(text[max(start, s["start"]):min(end, s["end"])])
            for s in segments
            if s["kind"] == "boilerplate" and s["start"] < end and s["end"] > start
        )
        yield line, boiler * 2 > _visible(line)


def _visible(text: str) -> int:
    return len(text) - sum(map(str.isspace, text))


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


def page_lines(page: bytes, gold: str, renderer: Callable[[str], str] = render) -> tuple[str, list[bool]]:
    """A page rendered to normalized text, and whether each of its non-blank lines is
    content."""
    text = normalize_text(renderer(as_text(page))).text
    lines = [line for line in text.split("\n") if line.strip()]
    return text, gold_lines(lines, gold)


def renderers() -> dict[str, Callable[[str], str]]:
    """The ways a page is rendered to text here: a line per block, and inscriptis's layout
    where it is installed (`make eval` installs it)."""
    found: dict[str, Callable[[str], str]] = {"": render}
    try:
        import inscriptis
    except ImportError:
        print("split: inscriptis is not installed, so pages are rendered one way only")
    else:
        found[", rendered by inscriptis"] = inscriptis.get_text
    return found


SNIPPETS = 3  # of each kind a page, as a person marks a page
SNIPPET_WORDS = 3  # a snippet is a line of this many words or more


def snippets(key: str, lines: list[tuple[str, bool, bool]]) -> tuple[int, int, int]:
    """(article snippets kept, snippets that should go but are kept, article snippets
    dropped) for up to SNIPPETS lines of each kind (line, called boilerplate, is content)
    drawn from a page, the same each run."""
    rng = random.Random(hashlib.sha1(key.encode()).hexdigest())
    long_enough = [(boiler, content) for line, boiler, content in lines if len(line.split()) >= SNIPPET_WORDS]
    article = [boiler for boiler, content in long_enough if content]
    furniture = [boiler for boiler, content in long_enough if not content]
    kept = rng.sample(article, min(SNIPPETS, len(article)))
    wrong = rng.sample(furniture, min(SNIPPETS, len(furniture)))
    return kept.count(False), wrong.count(False), kept.count(True)


def eval_page_set(label: str, archives: tuple[str, ...]) -> list[dict[str, object]]:
    """Fit-site and held-out rows for one page set, for each renderer: by line, and by
    snippet; and by snippet again with each site's pages split together, as `clean` splits
    a dump, with the lines it learns recur across a source's pages."""
    ways = renderers()
    tallies = {(way, held): Tally() for way in ways for held in (True, False)}
    marked = {(way, held): [0, 0, 0] for way in ways for held in (True, False)}
    counts = Counter[bool]()
    by_site: dict[tuple[str, bool, str], list[tuple[str, str, list[bool], Snippets]]] = defaultdict(list)
    for archive in archives:
        for key, site_name, page, gold in pages(archive):
            held = held_out(key, site_name)
            counts[held] += 1
            for way, renderer in ways.items():
                text, content = page_lines(page, gold, renderer)
                labels = _labelled(text, content, split_text(text))
                for _, predicted, is_content in labels:
                    tallies[way, held].add(predicted, not is_content)
                found = _page_snippets(key, labels)
                _add(marked[way, held], found)
                by_site[way, held, site_name or key].append((key, text, content, found))
    learned = _learned_snippets(by_site)
    rows = []
    for way in ways:
        for held, sites in ((True, "held-out sites"), (False, "fit sites")):
            rows.append(tallies[way, held].content_row(f"split content lines, {sites}{way} ({label})",
                                                       counts[held]))
            for name, totals in (("", marked), (", each site's pages split together", learned)):
                tp, fp, fn = totals[way, held]
                p, r, f = _score(tp, fp, fn)
                rows.append({"eval": f"split page snippets, {sites}{way}{name} ({label})",
                             "pages": counts[held], "snippets": tp + fp + fn, "P": p, "R": r, "F": f})
    return rows


Snippets = tuple[int, int, int]  # article snippets kept, furniture kept, article dropped


def _labelled(text: str, content: list[bool], segments: list[dict]) -> list[tuple[str, bool, bool]]:
    """(line, called boilerplate, is content) for each non-blank line of a page."""
    return [(line, predicted, is_content) for (line, predicted), is_content
            in zip(line_labels(text, segments), content, strict=True)]


def _page_snippets(key: str, labels: list[tuple[str, bool, bool]]) -> Snippets:
    """A page's `snippets`; none from a page without article text."""
    return snippets(key, labels) if any(is_content for _, _, is_content in labels) else (0, 0, 0)


def _add(totals: list[int], found: Snippets) -> None:
    totals[:] = [a + b for a, b in zip(totals, found, strict=True)]


def _learned_snippets(by_site: dict[tuple[str, bool, str], list[tuple[str, str, list[bool], Snippets]]]
                      ) -> dict[tuple[str, bool], list[int]]:
    """Snippet counts with each site's pages split by a model learned from those pages. A
    site whose pages share no line the model keeps (most have a single page) splits as its
    pages did alone, so those counts are reused."""
    totals: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (way, held, site_name), site_pages in sorted(by_site.items()):
        docs = []
        for key, text, _, _ in site_pages:
            doc = Document(id=key, text=text, source=site_name)
            doc.cleaner["text"] = text  # rendered pages are normalized already
            docs.append(doc)
        model = learn_model(docs)
        for key, text, content, found in site_pages:
            if model.lines:
                segments = split_text(text, source=site_name, model=model)
                found = _page_snippets(key, _labelled(text, content, segments))
            _add(totals[way, held], found)
    return totals


LANGUAGE_DOCS = 30  # articles a language, each of ARTICLE_PARAGRAPHS paragraphs of three sentences
ARTICLE_PARAGRAPHS = 6
PARAGRAPH_KEPT = 0.9  # of a paragraph's characters in body or headline segments


def eval_languages() -> dict[str, object]:
    """Recall on articles in every language of lingua-sentences: paragraphs of real
    sentences between a menu and a share link, so that split keeps text whatever its
    script and its full stops (no page set here is in another language)."""
    kept = total = 0
    worst: tuple[float, str] = (1.0, "")
    languages = sorted(data_path("lingua-sentences").glob("*.txt"))
    for path in languages:
        lines = path.read_text("utf-8").splitlines()
        rng = random.Random(path.stem)
        lang_kept = lang_total = 0
        for _ in range(LANGUAGE_DOCS):
            paras = [normalize_text(" ".join(rng.sample(lines, 3))).text for _ in range(ARTICLE_PARAGRAPHS)]
            text = "\n".join(["Home", "News", *paras, "Share"])
            kept_spans = [(s["start"], s["end"]) for s in split_text(text) if s["kind"] != "boilerplate"]
            start = len("Home\nNews\n")
            for para in paras:  # kept: most of it (a glued "Read More" cut off is not a loss)
                end = start + len(para)
                inside = sum(max(0, min(end, b) - max(start, a)) for a, b in kept_spans)
                lang_kept += inside >= PARAGRAPH_KEPT * len(para)
                start = end + 1
            lang_total += len(paras)
        kept, total = kept + lang_kept, total + lang_total
        worst = min(worst, (lang_kept / lang_total, path.stem))
    return {"eval": "split keeps article paragraphs in other languages (lingua-sentences)",
            "languages": len(languages), "paragraphs": total,
            "kept": round(kept / total, 4), "worst language": worst[1], "worst kept": round(worst[0], 4)}


def run() -> list[dict[str, object]]:
    rows = [eval_samples()]
    try:
        rows.append(eval_languages())
    except Missing as exc:
        print(f"split on lingua-sentences: skipped ({exc})")
    for label, archives in PAGE_SETS.items():
        try:
            rows.extend(eval_page_set(label, archives))
        except Missing as exc:
            print(f"split on {label}: skipped ({exc})")
    return rows
