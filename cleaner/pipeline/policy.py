"""The drop policy: the one place that decides which documents and sentences leave.

Stages only annotate. The policy reads their annotations and, for what the user named
in --drop, removes flagged sentences from `cleaner.text` (they stay in the segments,
marked `removed`) and drops whole documents with the reason: boilerplate-only (or
empty), duplicate, language, or the flag that left a document without a sentence.
Each document is dropped at most once, for its first reason; the accounting counts
drops where the documents leave the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..document import Document

DROPS = ("boilerplate-only", "off-topic", "low-quality", "language", "duplicates")
_SENTENCE_DROPS = {"off-topic": "off_topic", "low-quality": "low_quality", "language": "language"}
_NO_ARTICLE = ("empty", "boilerplate_only")


class Policy:
    """Applies --drop to annotated documents. `repeats` tells, before any per-document
    work, whether a document is a duplicate the run will not keep (dedup knows this from
    its corpus pass), so such a record skips the costly stages on its way out."""

    name = "policy"
    local = True

    def __init__(self, drop: Iterable[str] = (), language: str | None = None,
                 repeats: Callable[[Document], str | None] | None = None):
        self.drop = frozenset(drop)
        self.language = language
        self.repeats = repeats if "duplicates" in self.drop else None
        self.sentence_flags = {_SENTENCE_DROPS[d] for d in self.drop if d in _SENTENCE_DROPS}

    def __bool__(self) -> bool:
        return bool(self.drop)

    def ahead(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Duplicates marked before any per-document stage runs."""
        for doc in docs:
            if doc.drop is None and self.repeats is not None:
                doc.drop_detail = self.repeats(doc)
                doc.drop = "duplicate" if doc.drop_detail else None
            yield doc

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Every decision the annotations so far allow; calling it again changes nothing."""
        for doc in docs:
            if doc.drop is None and self.drop:
                doc.drop = self.decide(doc)
                if doc.drop == "duplicate" and self.repeats is not None:
                    doc.drop_detail = self.repeats(doc)
            yield doc

    def decide(self, doc: Document) -> str | None:
        cleaner = doc.cleaner
        if "boilerplate-only" in self.drop:
            for flag in cleaner.get("flags", ()):
                if flag["name"] in _NO_ARTICLE:
                    return flag["name"].replace("_", "-")
        cluster = cleaner.get("cluster")
        if "duplicates" in self.drop and cluster and not cluster["representative"]:
            return "duplicate"
        if "flagged" not in cleaner:  # flag has not run yet: nothing more to decide
            return None
        lang = (cleaner.get("language") or {}).get("lang")
        if "language" in self.drop and self.language and lang and lang != self.language:
            return "language"
        if self.sentence_flags:
            return self._remove_sentences(cleaner)
        return None

    def _remove_sentences(self, cleaner: dict[str, Any]) -> str | None:
        """Flagged sentences leave `cleaner.text`; a document left without any is dropped
        for the flag that removed most."""
        removed: dict[str, int] = {}
        paragraphs = []
        had_body = False
        for segment in cleaner.get("segments", []):
            if segment["kind"] != "body":
                continue
            had_body = True
            kept = []
            for sentence in segment["sentences"]:
                names = [f["name"] for f in sentence["flags"] if f["name"] in self.sentence_flags]
                if names:
                    sentence["removed"] = True
                    removed[names[0]] = removed.get(names[0], 0) + 1
                else:
                    kept.append(sentence["text"])
            if len(kept) == len(segment["sentences"]):
                paragraphs.append(segment["text"])
            elif kept:
                paragraphs.append(" ".join(kept))
        if not removed:
            return None
        cleaner["removed"] = removed
        cleaner["text"] = "\n\n".join(paragraphs)
        if had_body and not paragraphs:
            worst = max(removed, key=lambda name: removed[name])
            return worst.replace("_", "-")
        return None
