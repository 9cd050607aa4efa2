"""flag: every body sentence scored for off_topic, language and low_quality, with reasons.

Scores are always written (`scores` on each sentence, null where a score cannot be
given, with the reason in `unscored`); a sentence whose score reaches the threshold
also carries a flag (name, score, reason) in its `flags`, as DESIGN.md describes.
The document gets its language (`cleaner.language`) and the number of flagged
sentences per name (`cleaner.flagged`), which `check` turns into corpus rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .document import Document, Verdict
from .language import document_language, leading_words, profiles, sentence_verdicts
from .news import CorpusCounts, Idf, NewsModel, builtin_model, words
from .places import gazetteer
from .quality import FluencyModel, builtin_fluency
from .quality import verdict as quality_verdict
from .topic import MIN_SENTENCES, off_topic

NAMES = ("off_topic", "language", "low_quality")


@dataclass(frozen=True)
class FlagConfig:
    """Thresholds at which a score becomes a flag. off_topic None: the model's own
    threshold, the score that best separated intruded sentences when it was fitted."""

    off_topic: float | None = None
    language: float = 0.5
    low_quality: float = 0.9
    lang_backend: str = "langdetect"

    def threshold(self, name: str, model: NewsModel | None) -> float:
        if name == "off_topic" and self.off_topic is None:
            return model.calibration.get("threshold", 0.5) if model is not None else 0.5
        return float(getattr(self, name))


class Flagger:
    """Scores the sentences of one split document."""

    def __init__(self, config: FlagConfig | None = None, corpus: CorpusCounts | None = None,
                 model: NewsModel | None = None, fluency: FluencyModel | None = None):
        self.config = config or FlagConfig()
        self.model = model if model is not None else builtin_model()
        self.fluency = fluency if fluency is not None else builtin_fluency()
        self.idf = Idf(self.model, corpus) if self.model is not None else None
        self.thresholds = {name: self.config.threshold(name, self.model) for name in NAMES}

    def scores(self, sentences: list[str], headlines: list[str]
               ) -> tuple[dict[str, Any], list[dict[str, Verdict]]]:
        """(the document's language, each sentence's score and reason per name)."""
        backend = self.config.lang_backend
        tokens = [words(s) for s in sentences]  # once, for all three scores
        lang, confidence = document_language(" ".join(sentences), backend,
                                             leading_words(sentences, tokens))
        language = {"lang": lang, "score": confidence}
        table: list[dict[str, Verdict]] = [{} for _ in sentences]
        verdicts = sentence_verdicts(sentences, lang, backend, self._vocabulary(lang), tokens)
        for row, verdict in zip(table, verdicts, strict=True):
            row["language"] = verdict
        for row, verdict in zip(table, self._off_topic(sentences, headlines, lang, tokens),
                                strict=True):
            row["off_topic"] = verdict
        common = profiles().get(lang) if lang else None
        fluency = self.fluency if self.model is not None and lang == self.model.language else None
        fluent = fluency.scores(sentences) if fluency is not None else [None] * len(sentences)
        for row, sentence, fluent_score, lowered in zip(table, sentences, fluent, tokens,
                                                        strict=True):
            row["low_quality"] = quality_verdict(sentence, fluent_score, common, lowered)
        return language, table

    def _vocabulary(self, lang: str | None) -> dict[str, int] | None:
        return self.model.index if self.model is not None and lang == self.model.language else None

    def _off_topic(self, sentences: list[str], headlines: list[str], lang: str | None,
                   tokens: list[list[str]]) -> list[Verdict]:
        if self.model is None or self.idf is None:
            return [Verdict(None, "the news model is not installed")] * len(sentences)
        if lang != self.model.language:
            return [Verdict(None, f"no news model for language {lang!r}")] * len(sentences)
        if len(sentences) < MIN_SENTENCES:
            return [Verdict(None, f"{len(sentences)} sentence(s): too few to tell which one strays")
                    ] * len(sentences)
        return off_topic(sentences, headlines, self.model, self.idf, gazetteer(),
                         explain_from=self.thresholds["off_topic"], tokens=tokens)

    def annotate(self, doc: Document) -> None:
        """Write scores, flags, the language and the flagged counts into `doc.cleaner`."""
        segments = doc.cleaner.get("segments", [])
        places = [s for seg in segments if seg["kind"] == "body" for s in seg.get("sentences", [])]
        headlines = [seg["text"] for seg in segments if seg["kind"] == "headline"]
        language, table = self.scores([s["text"] for s in places], headlines)
        flagged = dict.fromkeys(NAMES, 0)
        for sentence, row in zip(places, table, strict=True):
            sentence["scores"] = {name: row[name].score for name in NAMES}
            unscored = {name: row[name].reason for name in NAMES if row[name].score is None}
            if unscored:
                sentence["unscored"] = unscored
            for name in NAMES:
                value = row[name].score
                if value is not None and value >= self.thresholds[name]:
                    sentence["flags"].append(row[name].flag(name))
                    flagged[name] += 1
        doc.cleaner["language"] = language
        doc.cleaner["flagged"] = flagged


class Flag:
    """The flag stage (after split)."""

    name = "flag"

    def __init__(self, config: FlagConfig | None = None, corpus: CorpusCounts | None = None):
        self.flagger = Flagger(config, corpus)

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.drop is None:  # a record already on its way out is not scored
                self.flagger.annotate(doc)
            yield doc
