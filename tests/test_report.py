"""report: one self-contained page (or Markdown) of what the pipeline finds, always escaped."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.check import DEFAULT_LIMITS
from cleaner.cli import cli
from cleaner.document import Document
from cleaner.report.diff import DECORATION, DIFFERS, FOLDED, compare
from cleaner.report.stories import LABELS, SECTIONS, Caps, Rate, listings

from .conftest import SAMPLES, XSS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "Chromium is not installed (.ci/run installs Debian's chromium package)"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_report_escapes_scraped_markup_and_lists_every_cluster(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    page = out.read_text("utf-8")
    assert "<script" not in page and "onerror=" not in page.replace("onerror=alert", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Minister resigns" in page
    assert page.count('<section class="cluster"') == 2


def test_report_markdown_neutralises_markup(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    text = out.read_text("utf-8")
    assert text.startswith("## cleaner report") and "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Minister" in text


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_report_renders_in_headless_chromium_with_no_error_and_no_script(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: problems.append(f"request: {r.url}")
                if not r.url.startswith("file://") else None)
        page.goto(out.as_uri())
        clusters = page.locator("section.cluster").count()
        body = page.inner_text("body")
        scripts = page.locator("script").count()
        browser.close()
    assert problems == []
    assert clusters == 2 and scripts == 0
    assert "<script>alert(1)</script> Minister resigns over budget row" in body


def test_a_report_name_that_contradicts_its_format_is_refused(tmp_path: Path) -> None:
    for args in (["-o", str(tmp_path / "r.txt")], ["-o", str(tmp_path / "r.md"), "--format", "html"]):
        result = run("report", str(XSS), "--no-learn", "-q", *args)
        assert result.exit_code == 2, result.output
        assert "contradicts" in result.stderr or "a report is .html" in result.stderr
    assert not list(tmp_path.iterdir())


# --- the report at scale (#21): a few hundred documents ------------------------------------------

STRAYS = [  # sentences from other stories, glued into an article (off-topic)
    "Astronomers in Chile said the comet would be visible to the naked eye next week.",
    "Meanwhile, the volcano on the island's southern tip erupted again overnight, sending ash "
    "over the tourist resorts.",
    "The national team's striker was ruled out of Saturday's qualifier with a hamstring injury.",
    "Shares in the chipmaker fell sharply after it cut its sales forecast for the year.",
]
NOISE = "the the the the the the the the the the the the the the the the the the the the."
SECTION_ORDER = ["summary", "limits", "stitched", "duplicates", "low-quality", "language"]


def many_documents(extra: int = 42, pairs: int = 6) -> list[dict[str, object]]:
    """samples/dump.jsonl (278 records) and `extra + 2 * pairs` variations of its records, 332 in
    all: a stray sentence or a line of noise glued into the body, mostly under a new headline (a
    story of its own), every third one keeping its headline (a copy in a cluster), and `pairs`
    new stories scraped twice (new clusters). Deterministic: a seeded choice of the samples' words."""
    records = [json.loads(line) for line in (SAMPLES / "dump.jsonl").read_text("utf-8").splitlines()]
    words = sorted({w.lower() for r in records for w in re.findall(r"[A-Za-z]{6,}", r["text"])})
    rng = random.Random(21)
    out = list(records)
    for i in range(extra + pairs):
        record = {k: v for k, v in records[i * 7 % len(records)].items() if k != "labels"}
        paragraphs = record["text"].split("\n\n")
        paragraphs.insert(len(paragraphs) // 2, NOISE if i % 3 == 1 else STRAYS[i % 4])
        record.update(id=f"v{i:03d}", text="\n\n".join(paragraphs))
        if i >= extra or i % 3 != 2:
            record["title"] = " ".join(rng.sample(words, 6)).capitalize()
        out.append(record)
        if i >= extra:
            out.append(dict(record, id=f"v{i:03d}-copy", title="UPDATE 1-" + record["title"].upper()))
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> dict[str, Path]:
    """The HTML and Markdown reports of 332 documents, and the corpus they were made from."""
    folder = tmp_path_factory.mktemp("big")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in many_documents()),
                      "utf-8")
    paths = {"corpus": corpus, "html": folder / "report.html", "md": folder / "report.md"}
    for fmt in ("html", "md"):
        result = run("report", str(corpus), "-o", str(paths[fmt]), "-q", "--jobs", "1")
        assert result.exit_code == 0, result.output
    return paths


def test_a_report_is_the_same_bytes_every_time(big, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert run("report", str(big["corpus"]), "-o", str(again), "-q", "--jobs", "1").exit_code == 0
    assert again.read_bytes() == big["html"].read_bytes()


def test_duplicate_differences_the_matcher_folds_away_are_muted_not_marked() -> None:
    case, decoration, other = compare(["floods HIT Kenya", "UPDATE 1-Floods hit Kenya (VIDEO)",
                                       "Floods hit Uganda"], "Floods hit Kenya")
    assert DIFFERS not in {p.kind for p in case + decoration}
    assert [p.text for p in case if p.kind == FOLDED] == ["floods", "HIT"]
    assert [p.text for p in decoration if p.kind == DECORATION] == ["UPDATE 1-", "(VIDEO)"]
    assert [p.text for p in other if p.kind == DIFFERS] == ["Uganda"]


def test_a_decoration_in_a_cluster_is_muted_on_the_page(big) -> None:
    page = big["html"].read_text("utf-8")
    assert re.search(r'<span class="folded" title="stripped before matching">UPDATE 1-</span>', page)
    assert "<ins>UPDATE" not in page and "<ins>(VIDEO)" not in page


def _doc(doc_id: str, title: str, *flags: tuple[str, float]) -> Document:
    """A document whose one body sentence carries `flags` (name, score)."""
    sentence = {"text": f"A sentence of {doc_id}.", "flags": [
        {"name": name, "score": score, "reason": f"{name} reason"} for name, score in flags]}
    return Document(doc_id, sentence["text"], title=title, cleaner={
        "segments": [{"kind": "body", "text": sentence["text"], "sentences": [sentence]}]})


def test_stitched_pages_come_before_low_quality_noise_whatever_the_scores() -> None:
    docs = [_doc("noise", "Noise", ("low_quality", 1.0)),
            _doc("stitched", "Stitched", ("off_topic", 0.2)),
            _doc("both", "Both", ("low_quality", 0.99), ("off_topic", 0.15))]
    found = listings(docs, [], Caps())
    assert [s.doc.id for s in found["stitched"].shown] == ["stitched", "both"]
    assert [s.doc.id for s in found["low-quality"].shown] == ["noise"]
    assert [section.key for section in SECTIONS] == SECTION_ORDER[2:]


def test_a_flagged_duplicate_cluster_is_one_entry_its_representative_with_its_copies() -> None:
    docs = [_doc("copy-1", "UPDATE 1-Floods hit Kenya", ("off_topic", 0.9)),
            _doc("rep", "Floods hit Kenya", ("off_topic", 0.3)),
            _doc("copy-2", "FLOODS HIT KENYA", ("low_quality", 0.99))]
    members = [{"doc_id": d.id, "text": d.title, "similarity": 1.0} for d in docs]
    cluster = {"id": "h-1", "size": 3, "representative": {"doc_id": "rep", "text": "Floods hit Kenya"},
               "members": members}
    found = listings(docs, [cluster], Caps())
    (story,) = found["stitched"].shown
    assert (story.doc.id, story.copies, story.flagged_copies, story.score) == ("rep", 2, 2, 0.9)
    assert found["low-quality"].total == 0


def test_lists_are_capped_and_say_how_many_more() -> None:
    docs = [_doc(f"d{i}", f"Story {i}", ("off_topic", 0.5)) for i in range(15)]
    found = listings(docs, [], Caps(stories=4))["stitched"]
    assert (len(found.shown), found.more) == (4, 11)
    assert [s.doc.id for s in found.shown] == ["d0", "d1", "d2", "d3"]  # ties in corpus order


def test_a_rate_bar_axis_depends_on_its_limit_only() -> None:
    ceiling = Rate("off_topic", "off topic", 0.9, 0.05, True, False, "")
    floor = Rate("language_share", "en share", 0.97, 0.9, False, True, "")
    assert (ceiling.scale, floor.scale) == (0.1, 1.0)


def test_markdown_has_the_pages_sections_in_the_same_order_and_caps(big) -> None:
    text = big["md"].read_text("utf-8")
    page = big["html"].read_text("utf-8")
    headings = re.findall(r"^### (.+) \(([\d,]+)\)$", text, re.M)
    assert [h for h, _ in headings] == [s.title for s in SECTIONS]
    for section, (_, count) in zip(SECTIONS, headings, strict=True):
        assert f'<a href="#{section.key}">{section.title} ({count})</a>' in page
    assert re.search(r"^… and \d+ more stitched pages", text, re.M)
    assert re.search(r"^… and \d+ more clusters", text, re.M)
    stitched = text.split("### Stitched pages")[1].split("###")[0]
    assert stitched.count("\n| ") - 1 == Caps().stories  # rows under the header


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

MEASURE = """() => {
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const parts = [...document.querySelectorAll('body > section.part')];
  return {
    height: document.documentElement.scrollHeight,
    sections: parts.map(s => s.id),
    links: [...document.querySelectorAll('nav.contents a')].map(a => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      return [a.getAttribute('href'), target ? target.tagName + '.' + target.className : null]; }),
    legend: [...document.querySelectorAll('.legend mark')].map(m =>
      [m.className, m.textContent, visible(m), getComputedStyle(m).backgroundColor]),
    marks: [...document.querySelectorAll('article.story mark')].map(m => {
      const score = m.nextElementSibling;
      return [m.className.split(' ')[0], getComputedStyle(m).backgroundColor,
              score && score.classList.contains('score') && visible(score) ? score.textContent : null];
    }),
    bars: [...document.querySelectorAll('svg.rate')].map(svg =>
      [...svg.querySelectorAll('line.limit')].map(l => [Number(l.getAttribute('x1')),
                                                     svg.width.baseVal.value,
                                                     l.getBoundingClientRect().height > 0])),
    stories: [...document.querySelectorAll('article.story')].map(a =>
      [a.closest('section.part').id, a.dataset.doc, a.dataset.cluster]),
    members: Object.fromEntries([...document.querySelectorAll('section.cluster')].map(c =>
      [c.id.slice(2), c.querySelectorAll('.member').length])),
    more: [...document.querySelectorAll('section.part > p.more')].map(p =>
      [p.closest('section.part').id, p.textContent]),
    scripts: document.querySelectorAll('script').length,
  };
}"""


@pytest.fixture(scope="module")
def rendered(big) -> dict[str, object]:
    """What headless Chromium shows of the 332-document report, and what went wrong loading it."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    playwright = pytest.importorskip("playwright.sync_api")
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: problems.append(f"request: {r.url}")
                if not r.url.startswith("file://") else None)
        page.goto(big["html"].as_uri())
        found = page.evaluate(MEASURE)
        page.click("nav.contents a[href='#low-quality']")  # a jump lands below the sticky bar
        found["jump"] = page.evaluate("""() => [document.querySelector('#low-quality h2')
            .getBoundingClientRect().top, document.querySelector('header.top')
            .getBoundingClientRect().bottom, window.scrollY]""")
        browser.close()
    found["problems"] = problems
    return found


@needs_chromium
def test_a_report_of_hundreds_of_documents_stays_a_few_screens_tall(rendered) -> None:
    assert rendered["problems"] == [] and rendered["scripts"] == 0
    assert rendered["height"] < 15_000


@needs_chromium
def test_the_sections_come_in_the_order_a_reader_acts_on(rendered) -> None:
    assert rendered["sections"] == SECTION_ORDER


@needs_chromium
def test_every_contents_link_leads_to_its_section_below_the_sticky_bar(rendered) -> None:
    assert rendered["links"] == [[f"#{key}", "SECTION.part"] for key in SECTION_ORDER]
    heading_top, bar_bottom, scrolled = rendered["jump"]
    assert scrolled > 0 and bar_bottom <= heading_top < bar_bottom + 100


@needs_chromium
def test_the_legend_shows_each_flag_kind_in_the_colour_the_sentences_use(rendered) -> None:
    legend = {kind: (label, shown, colour) for kind, label, shown, colour in rendered["legend"]}
    assert {k: v[0] for k, v in legend.items()} == LABELS and all(v[1] for v in legend.values())
    assert len({v[2] for v in legend.values()}) == 3
    for kind, colour, _ in rendered["marks"]:
        assert colour == legend[kind][2]


@needs_chromium
def test_every_flagged_sentence_shows_its_score_without_hovering(rendered) -> None:
    assert len(rendered["marks"]) > 20
    for kind, _, score in rendered["marks"]:
        assert score is not None and re.fullmatch(rf"{re.escape(LABELS[kind])} [01]\.\d\d", score)


@needs_chromium
def test_every_rate_bar_has_its_limit_marked(rendered) -> None:
    assert len(rendered["bars"]) == len(DEFAULT_LIMITS)  # one bar for each default limit
    for marks in rendered["bars"]:
        ((x, width, shown),) = marks
        assert shown and 0 < x <= width


@needs_chromium
def test_each_story_is_listed_once(rendered) -> None:
    stories = rendered["stories"]
    assert len(stories) > 12
    assert len({doc for _, doc, _ in stories}) == len(stories)
    clusters = [cluster for _, _, cluster in stories if cluster]
    assert clusters and len(set(clusters)) == len(clusters)
    assert [s for s, _, _ in stories] == sorted((s for s, _, _ in stories), key=SECTION_ORDER.index)


@needs_chromium
def test_capped_lists_say_how_many_more(rendered) -> None:
    more = dict(rendered["more"])
    assert re.match(r"… and \d+ more stitched pages", more["stitched"])
    assert re.match(r"… and \d+ more clusters", more["duplicates"])
    assert sum(s == "stitched" for s, _, _ in rendered["stories"]) == Caps().stories
    assert max(rendered["members"].values()) <= Caps().variants
