"""check: corpus rates against thresholds, for CI.

A `Summary` stage watches the annotated documents go by (kept and dropped alike)
and counts what `check` compares and `report` shows: duplicates, flagged
sentences, repaired mojibake, documents with no article, languages. It keeps the
few worst documents per measure, so a failing check can point at them.
"""

from __future__ import annotations

import heapq
import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .text import counted

WORST = 5  # documents named per measure

# name → (what it counts, over what); sentence measures are shares of body sentences.
MEASURES = {
    "duplicate": "documents that repeat another document's headline (not the representative)",
    "off_topic": "body sentences flagged off_topic",
    "pasted": "documents with two or more adjacent body sentences flagged off_topic: a passage "
              "pasted in from another story",
    "low_quality": "body sentences flagged low_quality",
    "mojibake": "documents whose text needed mojibake repair",
    "boilerplate_only": "documents with no article text, only boilerplate",
    "empty": "documents with no text at all",
}
DEFAULT_LIMITS = {
    "max_duplicate_rate": 0.10,
    "max_off_topic_rate": 0.05,
    "max_pasted_rate": 0.08,
    "max_low_quality_rate": 0.05,
    "max_mojibake_rate": 0.05,
    "max_boilerplate_only_rate": 0.10,
    "max_empty_rate": 0.01,
    "min_language_share": 0.90,
}
# What each limit means, for --help and the docs.
LIMIT_HELP = {
    "max_duplicate_rate": "Most documents that may be near-duplicates of another (share of documents).",
    "max_off_topic_rate": "Most body sentences that may be flagged off_topic (share of sentences).",
    "max_pasted_rate": "Most documents that may hold a pasted passage: two or more adjacent "
                       "sentences flagged off_topic (share of documents).",
    "max_low_quality_rate": "Most body sentences that may be flagged low_quality.",
    "max_mojibake_rate": "Most documents that may have needed mojibake repair.",
    "max_boilerplate_only_rate": "Most documents that may have no article text.",
    "max_empty_rate": "Most documents that may be empty.",
    "min_language_share": "Least share of documents in --language (default: the commonest).",
}


@dataclass(order=True)
class _Worst:
    score: float
    order: int
    where: str = field(compare=False)
    doc_id: str = field(compare=False)
    line: int | None = field(compare=False)
    path: str = field(compare=False)
    example: str = field(compare=False)


class Summary:
    """A pass-through stage that counts what check and report need."""

    name = "summary"

    def __init__(self, keep_documents: int = 0):
        self.documents = 0
        self.sentences = 0
        self.counts: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.worst: dict[str, list[_Worst]] = {name: [] for name in MEASURES}
        self.cluster_sizes: Counter[int] = Counter()
        self.keep_documents = keep_documents
        self.kept: list[tuple[float, int, Document]] = []  # the most flagged documents, for report
        self._order = 0

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            self._count(doc)
            yield doc

    def _count(self, doc: Document) -> None:
        self._order += 1
        self.documents += 1
        cleaner = doc.cleaner
        lang = (cleaner.get("language") or {}).get("lang")
        self.languages[lang or "unknown"] += 1
        cluster = cleaner.get("cluster")
        if cluster and not cluster["representative"]:
            self._hit("duplicate", doc, cluster["similarity"],
                      cleaner.get("title") or doc.title or doc.clean_text[:120])
        if cleaner.get("fixes", {}).get("mojibake"):
            self._hit("mojibake", doc, cleaner["fixes"]["mojibake"], "")
        for flag in cleaner.get("flags", []):
            if flag["name"] in ("empty", "boilerplate_only"):
                self._hit(flag["name"], doc, 1.0, flag["reason"])
        worst_score = 0.0
        stitched = False
        for segment in cleaner.get("segments", []):
            for sentence in segment.get("sentences", []):
                self.sentences += 1
                for flag in sentence["flags"]:
                    if flag["name"] in ("off_topic", "low_quality"):
                        self._hit(flag["name"], doc, flag["score"], sentence["text"])
                        worst_score = max(worst_score, flag["score"])
                        stitched = stitched or flag["name"] == "off_topic"
                    self.counts[f"sentences:{flag['name']}"] += 1
        passage = pasted_passage(cleaner.get("segments", []))
        if passage:
            self._hit("pasted", doc, min(score for score, _ in passage), " ".join(t for _, t in passage))
        if self.keep_documents and (worst_score > 0 or any(
                s["kind"] == "boilerplate" for s in cleaner.get("segments", []))):
            # a stitched page outranks any low-quality noise: scores are in [0, 1]
            entry = (worst_score + stitched, -self._order, doc)
            if len(self.kept) < self.keep_documents:
                heapq.heappush(self.kept, entry)
            else:
                heapq.heappushpop(self.kept, entry)

    def _hit(self, name: str, doc: Document, score: float, example: str) -> None:
        self.counts[name] += 1
        origin = doc.origin
        entry = _Worst(float(score), -self._order, str(origin or doc.id), doc.id,
                       origin.line if origin else None, origin.path if origin else "", example)
        heap = self.worst[name]
        if len(heap) < WORST:
            heapq.heappush(heap, entry)
        else:
            heapq.heappushpop(heap, entry)

    def add_clusters(self, sizes: Iterable[int]) -> None:
        self.cluster_sizes.update(sizes)

    def rate(self, name: str) -> float:
        """The measured rate of a measure (see MEASURES for what it is a share of)."""
        if name in ("off_topic", "low_quality"):
            return self.counts[name] / self.sentences if self.sentences else 0.0
        return self.counts[name] / self.documents if self.documents else 0.0

    def worst_of(self, name: str) -> list[_Worst]:
        return sorted(self.worst[name], reverse=True)

    def flagged_documents(self) -> list[Document]:
        return [doc for _, _, doc in sorted(self.kept, key=lambda e: (-e[0], -e[1]))]


def pasted_passage(segments: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """The document's longest run of adjacent body sentences flagged off_topic within one
    paragraph, as (score, text), when it holds two or more: one stray sentence is common
    in clean news (a colourful aside scores high), a paragraph of them rarely is."""
    best: list[tuple[float, str]] = []
    for segment in segments:
        run: list[tuple[float, str]] = []
        for sentence in segment.get("sentences", []):
            score = next((f["score"] for f in sentence["flags"] if f["name"] == "off_topic"), None)
            if score is None:
                run = []
                continue
            run.append((score, sentence["text"]))
            if len(run) > len(best):
                best = run  # the same list: it grows on while the run lasts
    return best if len(best) >= 2 else []


@dataclass
class Result:
    """One threshold compared with its measured rate."""

    limit: str  # e.g. max_duplicate_rate
    threshold: float
    measured: float
    passed: bool
    message: str
    worst: list[_Worst]


def compare(summary: Summary, limits: dict[str, float], language: str | None = None
            ) -> tuple[list[Result], str | None]:
    """Every limit against the corpus; the language checked (given, else the commonest)."""
    results = []
    for limit, threshold in limits.items():
        if limit == "min_language_share":
            continue
        name = limit.removeprefix("max_").removesuffix("_rate")
        measured = summary.rate(name)
        passed = measured <= threshold
        results.append(Result(limit, threshold, measured, passed,
                              f"{name.replace('_', ' ')} rate {measured:.2%} "
                              f"{'<=' if passed else '>'} {threshold:.2%} ({MEASURES[name]})",
                              summary.worst_of(name)))
    known = Counter({k: v for k, v in summary.languages.items() if k != "unknown"})
    expected = language or (known.most_common(1)[0][0] if known else None)
    if "min_language_share" in limits and expected is not None:
        threshold = limits["min_language_share"]
        share = summary.languages[expected] / summary.documents if summary.documents else 1.0
        passed = share >= threshold
        results.append(Result("min_language_share", threshold, share, passed,
                              f"{expected} share {share:.2%} {'>=' if passed else '<'} {threshold:.2%}"
                              f" (documents in {expected}"
                              f"{'' if language else ', the commonest language'})", []))
    return results, expected


def as_text(results: list[Result], summary: Summary, stats_line: str) -> str:
    lines = [f"cleaner check: {counted(summary.documents, 'document')}, "
             f"{counted(summary.sentences, 'body sentence')} · {stats_line}"]
    for r in results:
        lines.append(f"  {'ok  ' if r.passed else 'FAIL'} {r.limit:<26} {r.message}")
        if not r.passed:
            for w in r.worst:
                example = f": {w.example[:80]}" if w.example else ""
                lines.append(f"         worst: {w.where} (score {w.score:.2f}){example}")
    failed = sum(not r.passed for r in results)
    lines.append(f"{'FAILED' if failed else 'PASSED'}: {failed} of "
                 f"{counted(len(results), 'threshold')} broken")
    return "\n".join(lines) + "\n"


def as_json(results: list[Result], summary: Summary, stats: dict[str, Any]) -> str:
    return json.dumps({
        "passed": all(r.passed for r in results),
        "documents": summary.documents,
        "sentences": summary.sentences,
        "accounting": stats,
        "languages": dict(summary.languages.most_common()),
        "results": [{
            "limit": r.limit, "threshold": r.threshold, "measured": round(r.measured, 6),
            "passed": r.passed, "message": r.message,
            "worst": [{"where": w.where, "id": w.doc_id, "score": w.score, "example": w.example}
                      for w in r.worst],
        } for r in results],
    }, ensure_ascii=False, indent=1) + "\n"


def _github_escape(text: str, property_: bool = False) -> str:
    """GitHub Actions workflow-command escaping (data, and stricter for properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(results: list[Result]) -> str:
    """`::error file=…,line=…::` annotations on the worst records of each broken threshold,
    then one summary annotation per threshold."""
    lines = []
    for r in results:
        if r.passed:
            lines.append(f"::notice title={_github_escape('cleaner check ' + r.limit, True)}::"
                         f"{_github_escape(r.message)}")
            continue
        for w in r.worst:
            where = f"file={_github_escape(w.path, True)}"
            if w.line is not None:
                where += f",line={w.line}"
            detail = f"{r.limit}: {w.example[:200]}" if w.example else f"{r.limit}: {w.doc_id}"
            lines.append(f"::error {where},title={_github_escape('cleaner ' + r.limit, True)}::"
                         f"{_github_escape(detail)} (score {w.score:.2f})")
        lines.append(f"::error title={_github_escape('cleaner check ' + r.limit, True)}::"
                     f"{_github_escape(r.message)}")
    return "\n".join(lines) + "\n"


def as_junit(results: list[Result], summary: Summary) -> str:
    """JUnit XML: one test case per threshold, a failure for each one broken."""
    suites = ET.Element("testsuites", name="cleaner check")
    suite = ET.SubElement(suites, "testsuite", name="cleaner check", tests=str(len(results)),
                          failures=str(sum(not r.passed for r in results)), errors="0")
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="cleaner.check", name=r.limit)
        if not r.passed:
            failure = ET.SubElement(case, "failure", message=r.message, type="threshold")
            failure.text = "\n".join(f"{w.where} (score {w.score:.2f}) {w.example[:200]}".rstrip()
                                     for w in r.worst) or r.message
        out = ET.SubElement(case, "system-out")
        out.text = f"{r.message}; {counted(summary.documents, 'document')}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


SUMMARY_FORMATS = ("text", "json", "github", "junit")


def render(fmt: str, results: list[Result], summary: Summary, stats: dict[str, Any],
           stats_line: str) -> str:
    """The summary as `fmt` (one of SUMMARY_FORMATS) asks: for people, programs, GitHub
    Actions or CI servers."""
    if fmt == "json":
        return as_json(results, summary, stats)
    if fmt == "github":
        return as_github(results)
    if fmt == "junit":
        return as_junit(results, summary)
    return as_text(results, summary, stats_line)
