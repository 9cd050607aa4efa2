"""What the report shows, in the order a reader must act on it, one entry per story, capped.

Shared by the HTML page and the Markdown comment, so both list the same stories
in the same order and cut the lists at the same places:

- sections in order of what needs doing: stitched pages (a sentence from another
  story, off-topic) and duplicate clusters first, then low-quality text, then
  sentences in another language. A story sits in the first section it qualifies
  for, so low-quality noise never pushes a stitched page down;
- one entry per story: copies of one story (members of one duplicate cluster)
  are one entry, the representative when it is flagged, with "and N copies";
- lists capped (`Caps`) with how many more there are; a document shows its worst
  flagged sentences with a sentence of context either side, not the whole article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..check import MEASURES, Result, Summary
from ..document import Document

KINDS = ("off_topic", "low_quality", "language")  # the sentence flags a report highlights
LABELS = {"off_topic": "off-topic", "low_quality": "low quality", "language": "other language"}


@dataclass(frozen=True)
class Caps:
    """How much of each list a report shows; the rest is counted ("N more")."""

    stories: int = 12  # stories per flagged-document section
    clusters: int = 10  # clusters shown in full, distinct headlines side by side
    cluster_rows: int = 30  # further clusters, one line each
    variants: int = 6  # distinct headlines shown per cluster
    sentences: int = 3  # flagged sentences shown per document
    context: int = 140  # characters kept of a context sentence
    sentence: int = 400  # characters kept of a flagged sentence


@dataclass(frozen=True)
class Section:
    """One part of the report; `flag` is the sentence flag whose documents it lists (None for
    the duplicate clusters)."""

    key: str
    title: str
    flag: str | None
    blurb: str


SECTIONS = (
    Section("stitched", "Stitched pages", "off_topic",
            "Documents holding a sentence from another story (off-topic), worst first: "
            "the scraper joined pages, or an article carries a stray paragraph."),
    Section("duplicates", "Duplicate clusters", None,
            "Near-duplicate headlines, largest clusters first: one story scraped several times."),
    Section("low-quality", "Low-quality text", "low_quality",
            "Documents with garbled, machine-translated or symbol-soup sentences, worst first; "
            "stories listed above are not repeated."),
    Section("language", "Other-language sentences", "language",
            "Documents with sentences in another language than the rest, worst first; "
            "stories listed above are not repeated."),
)


@dataclass
class Story:
    """One story in a section: the document shown for it and the copies it stands for."""

    doc: Document
    score: float  # its worst flag of the section's kind
    rank: int  # position among the most flagged documents (ties broken by it)
    cluster: str | None = None
    copies: int = 0  # other documents in its duplicate cluster
    flagged_copies: int = 0  # of those, how many were flagged too


@dataclass
class Listing:
    """A section's stories, the shown ones and how many more there are."""

    section: Section
    shown: list[Story] = field(default_factory=list)
    more: int = 0

    @property
    def total(self) -> int:
        """Every story the section holds, shown or not (the count in its heading)."""
        return len(self.shown) + self.more


@dataclass(frozen=True)
class Line:
    """One sentence of an excerpt: flagged, or context (trimmed) around a flagged one."""

    text: str
    flags: tuple[dict[str, Any], ...] = ()
    removed: bool = False


@dataclass(frozen=True)
class Excerpt:
    """A document's worst flagged sentences in context: runs of neighbouring sentences (a gap
    between runs), whether the first run starts the article, and the flagged ones not shown."""

    runs: list[list[Line]]
    starts_article: bool
    more: int


@dataclass(frozen=True)
class Rate:
    """A measured rate and the limit it is held to (None when no limit is set)."""

    name: str
    label: str
    measured: float
    limit: float | None
    at_most: bool  # a ceiling (max_*) rather than a floor (min_language_share)
    passed: bool | None
    over: str  # what it is a share of

    @property
    def scale(self) -> float:
        """The end of the bar's axis: twice a ceiling, so the mark sits half-way and a rate far
        over it shows as a full bar; the whole 0–100% for a floor or no limit."""
        if self.limit is None or not self.at_most:
            return 1.0
        return min(1.0, 2 * self.limit) if self.limit > 0 else 0.01


def listings(docs: Sequence[Document], clusters: Sequence[dict[str, Any]], caps: Caps
             ) -> dict[str, Listing]:
    """The flagged-document sections (by key), each story once, in the first section it fits."""
    cluster_of = clusters_by_document(clusters)
    worst = [worst_flags(doc) for doc in docs]
    flagged_per_story: dict[str, int] = {}
    for doc, scores in zip(docs, worst, strict=True):
        if scores:
            key = _story_key(doc, cluster_of)
            flagged_per_story[key] = flagged_per_story.get(key, 0) + 1
    claimed: set[str] = set()
    result = {}
    for section in SECTIONS:
        if section.flag is None:
            continue
        stories = _stories(section.flag, docs, worst, cluster_of, claimed, flagged_per_story)
        stories.sort(key=lambda s: (-s.score, s.rank))
        result[section.key] = Listing(section, stories[:caps.stories],
                                      max(0, len(stories) - caps.stories))
    return result


def _stories(flag: str, docs: Sequence[Document], worst: list[dict[str, float]],
             cluster_of: dict[str, dict[str, Any]], claimed: set[str],
             flagged_per_story: dict[str, int]) -> list[Story]:
    """The stories with a sentence flagged `flag`, not yet listed in an earlier section; a
    cluster's representative stands for it when flagged, else its worst flagged copy."""
    chosen: dict[str, Story] = {}
    for rank, (doc, scores) in enumerate(zip(docs, worst, strict=True)):
        key = _story_key(doc, cluster_of)
        if flag not in scores or key in claimed:
            continue
        cluster = cluster_of.get(doc.id)
        is_rep = bool(cluster) and cluster["representative"]["doc_id"] == doc.id
        current = chosen.get(key)
        if current is None or (is_rep and current.doc.id != cluster["representative"]["doc_id"]):
            story = Story(doc, scores[flag], rank)
            if cluster:
                story.cluster = cluster["id"]
                story.copies = len({m["doc_id"] for m in cluster["members"]} - {doc.id})
                story.flagged_copies = flagged_per_story[key] - 1
            if current is not None:
                story.score = max(story.score, current.score)
            chosen[key] = story
        else:
            current.score = max(current.score, scores[flag])
    claimed.update(chosen)
    return list(chosen.values())


def clusters_by_document(clusters: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each document's duplicate cluster (the largest, when a stitched page's headlines sit in
    several: the records come largest first)."""
    found: dict[str, dict[str, Any]] = {}
    for cluster in clusters:
        for member in cluster["members"]:
            found.setdefault(member["doc_id"], cluster)
    return found


def _story_key(doc: Document, cluster_of: dict[str, dict[str, Any]]) -> str:
    """Copies of one story share a key (their cluster); a document in no cluster is its own."""
    cluster = cluster_of.get(doc.id)
    return f"cluster\x00{cluster['id']}" if cluster else f"doc\x00{doc.id}"


def worst_flags(doc: Document) -> dict[str, float]:
    """The highest score of each highlighted flag kind on the document's sentences."""
    worst: dict[str, float] = {}
    for sentence in body_sentences(doc):
        for flag in sentence["flags"]:
            if flag["name"] in KINDS:
                worst[flag["name"]] = max(worst.get(flag["name"], 0.0), float(flag["score"]))
    return worst


def body_sentences(doc: Document) -> list[dict[str, Any]]:
    """The sentences in article order, across paragraphs, so context crosses a paragraph break."""
    return [s for segment in doc.cleaner.get("segments", []) for s in segment.get("sentences", [])]


def headline(doc: Document) -> str:
    """What a reader knows the document by: its title, else the headlines split found."""
    title = doc.cleaner.get("title") or doc.title
    if title:
        return str(title)
    found = [s["text"] for s in doc.cleaner.get("segments", []) if s["kind"] == "headline"]
    return " / ".join(found) or "(no headline)"


def boilerplate_lines(doc: Document) -> int:
    """How much was cut, told in a number rather than shown struck through (it needs no action)."""
    return sum(s["kind"] == "boilerplate" for s in doc.cleaner.get("segments", []))


def excerpt(doc: Document, caps: Caps) -> Excerpt:
    """The document's worst flagged sentences (at most `caps.sentences`), each with the
    sentence before and after it, so a reader judges the flag without the whole article."""
    sentences = body_sentences(doc)
    flagged = [i for i, s in enumerate(sentences) if any(f["name"] in KINDS for f in s["flags"])]
    worst_first = sorted(flagged, key=lambda i: (-max(float(f["score"]) for f in sentences[i]["flags"]
                                                      if f["name"] in KINDS), i))
    shown = sorted(worst_first[:caps.sentences])
    keep = sorted({j for i in shown for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)})
    runs: list[list[int]] = []
    for j in keep:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    lines = [[_line(sentences, j, set(shown), caps) for j in run] for run in runs]
    return Excerpt(lines, bool(keep) and keep[0] == 0, len(flagged) - len(shown))


def _line(sentences: list[dict[str, Any]], j: int, shown: set[int], caps: Caps) -> Line:
    """A flagged sentence (cut at `caps.sentence`), or context cut at `caps.context`: its end
    kept when it leads into a flagged sentence, its start when it follows one."""
    sentence = sentences[j]
    text = " ".join(str(sentence["text"]).split())
    if j in shown:
        flags = tuple(f for f in sentence["flags"] if f["name"] in KINDS)
        return Line(_head(text, caps.sentence), flags, bool(sentence.get("removed")))
    if j + 1 in shown:
        return Line(_tail(text, caps.context))
    return Line(_head(text, caps.context))


def _head(text: str, limit: int) -> str:
    """The start of `text`, cut at a word."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _tail(text: str, limit: int) -> str:
    """The end of `text`, cut at a word (the part that leads into the next sentence)."""
    return text if len(text) <= limit else "… " + text[-limit:].split(" ", 1)[-1]


def rates(summary: Summary, results: Sequence[Result]) -> list[Rate]:
    """Every limit checked, then the measures no limit holds, each with what it measures."""
    found = []
    for r in results:
        if r.limit == "min_language_share":
            found.append(Rate("language_share", r.message.split(" share ", 1)[0] + " share",
                              r.measured, r.threshold, False, r.passed, "documents in that language"))
            continue
        name = r.limit.removeprefix("max_").removesuffix("_rate")
        found.append(Rate(name, name.replace("_", " "), r.measured, r.threshold, True, r.passed,
                          MEASURES.get(name, "")))
    limited = {rate.name for rate in found}
    found += [Rate(name, name.replace("_", " "), summary.rate(name), None, True, None, over)
              for name, over in MEASURES.items() if name not in limited]
    return found


def kept_everything(summary: Summary) -> bool:
    """False when the summary had to leave flagged documents out (its cap was reached by
    documents with a flagged sentence), so a report says its lists come from the most flagged.

    The summary also keeps documents with only boilerplate (score 0); while one of those is
    kept, no document with a flagged sentence was left out."""
    full = bool(summary.keep_documents) and len(summary.kept) >= summary.keep_documents
    return not full or min(score for score, _, _ in summary.kept) == 0


def worst_sentence(doc: Document, flag: str) -> tuple[str, dict[str, Any]] | None:
    """The sentence with the highest `flag` score and that flag: a one-line entry's evidence."""
    found = [(float(f["score"]), -i, str(s["text"]), f) for i, s in enumerate(body_sentences(doc))
             for f in s["flags"] if f["name"] == flag]
    if not found:
        return None
    _, _, text, best = max(found, key=lambda item: (item[0], item[1]))
    return text, best
