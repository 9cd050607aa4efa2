"""flag: every body sentence scored for off_topic, language and low_quality, with reasons.

Scores are always written (`scores` on each sentence, null where a score cannot be
given, with the reason in `unscored`); a sentence whose score reaches the threshold
also carries a flag (name, score, reason) in its `flags`, as DESIGN.md describes.
The document gets its language (`cleaner.flags.language`) and the number of flagged
sentences per name (`cleaner.flagged`), which `check` turns into corpus rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Document, Verdict
from .language import document_language, each_sentence_verdict, joined_head, leading_words, profiles
from .low_quality import FluencyModel, builtin_fluency
from .low_quality import verdict as quality_verdict
from .news import CorpusCounts, Idf, NewsModel, builtin_model, words
from .off_topic import MIN_SENTENCES, RARE_STRAY_ODDS, SUBHEAD_VERDICT, off_topic_many, telling
from .places import gazetteer
from .second_look import builtin_second_look, encoder, second_look

NAMES = ("off_topic", "language", "low_quality")
SENTENCES_REMEMBERED = 100_000  # verdicts of each kind kept before the memory starts afresh
BATCH_REMEMBERED = 20_000  # a batch with more sentences keeps its verdicts for itself alone
Words = tuple[str, ...]  # a sentence's words (`_words_of`)


@dataclass(frozen=True)
class FlagConfig:
    """Thresholds at which a score becomes a flag. off_topic None: the model's own
    threshold, the score that best separated intruded sentences when it was fitted."""

    off_topic: float | None = None
    language: float = 0.5
    low_quality: float = 0.9
    lang_backend: str = "langdetect"
    second_look: bool = False  # off_topic's suspects read again by a sentence embedding model
    rare_strays: bool = False  # strays in one article in 20 or fewer: one sentence needs more evidence

    def threshold(self, name: str, model: NewsModel | None) -> float:
        if name == "off_topic" and self.off_topic is None:
            if self.second_look:
                return builtin_second_look().threshold
            return model.calibration.get("threshold", 0.5) if model is not None else 0.5
        return float(getattr(self, name))


class Flagger:
    """Scores the sentences of split documents, a batch at a time."""

    def __init__(self, config: FlagConfig | None = None, corpus: CorpusCounts | None = None,
                 model: NewsModel | None = None, fluency: FluencyModel | None = None):
        self.config = config or FlagConfig()
        self.model = model if model is not None else builtin_model()
        self.fluency = fluency if fluency is not None else builtin_fluency()
        self.idf = Idf(self.model, corpus) if self.model is not None else None
        self.thresholds = {name: self.config.threshold(name, self.model) for name in NAMES}
        self.second_look = builtin_second_look() if self.config.second_look else None
        self.embed = encoder() if self.config.second_look else None  # SecondLookMissing if absent
        # A sentence's language and quality verdicts depend on the sentence and the
        # document's language alone; news repeats sentences (wire copy, re-scrapes), so
        # they are remembered (SENTENCES_REMEMBERED at most each).
        self._language_verdicts: dict[tuple[str, str, str | None], Verdict] = {}
        self._quality_verdicts: dict[tuple[str, str | None], Verdict] = {}

    def scores(self, sentences: list[str], headlines: list[str]
               ) -> tuple[dict[str, Any], list[dict[str, Verdict]]]:
        """(the document's language, each sentence's score and reason per name)."""
        return self.scores_many([(sentences, headlines)])[0]

    def scores_many(self, documents: Sequence[tuple[list[str], list[str]]]
                    ) -> list[tuple[dict[str, Any], list[dict[str, Verdict]]]]:
        """`scores` for several documents (sentences, headlines), worked out one kind of
        evidence at a time across all of them: each model's tables stay in the CPU's
        caches while they are used, and the fluency model scores all the sentences in
        one call."""
        languages, columns = self._verdicts_many(documents)
        found = dict(columns)
        return [(language, [dict(zip(NAMES, row, strict=True))
                            for row in zip(*(found[name][d] for name in NAMES), strict=True)])
                for d, language in enumerate(languages)]

    def _verdicts_many(self, documents: Sequence[tuple[list[str], list[str]]],
                       paragraphs: Sequence[list[int]] | None = None
                       ) -> tuple[list[dict[str, Any]], Iterator[tuple[str, Sequence[Iterable[Verdict]]]]]:
        """Each document's language, and its verdicts of each kind in turn (in the order
        of NAMES), a list per document (`paragraphs`: each sentence's paragraph number, per
        document, where the caller knows them): each kind is worked out when the one before is
        taken, so a caller that writes one kind away before asking for the next never
        holds three verdicts per sentence (a huge document's sentences number hundreds
        of thousands)."""
        for remembered in (self._language_verdicts, self._quality_verdicts):
            if len(remembered) > SENTENCES_REMEMBERED:
                remembered.clear()
        backend = self.config.lang_backend
        tokens = _words_of(documents)  # once, for all
        languages = [document_language(joined_head(sentences), backend, leading_words(sentences, toks))
                     for (sentences, _), toks in zip(documents, tokens, strict=True)]
        found = [{"lang": lang, "score": confidence} for lang, confidence in languages]
        return found, self._columns(documents, tokens, [lang for lang, _ in languages], paragraphs)

    def _columns(self, documents: Sequence[tuple[list[str], list[str]]], tokens: list[list[Words]],
                 langs: list[str | None], paragraphs: Sequence[list[int]] | None = None
                 ) -> Iterator[tuple[str, Sequence[Iterable[Verdict]]]]:
        """The verdicts of each name in NAMES, one name at a time."""
        # A batch of more sentences (a huge document) remembers its verdicts for itself
        # alone: kept, they would hold all its sentences after it is gone.
        alone = sum(len(sentences) for sentences, _ in documents) > BATCH_REMEMBERED
        backend = self.config.lang_backend
        yield "off_topic", self._off_topic(documents, tokens, langs, paragraphs)
        language_memory = None if alone else self._language_verdicts
        yield "language", [
            each_sentence_verdict(sentences, lang, backend, self._vocabulary(lang), toks, language_memory)
            for (sentences, _), toks, lang in zip(documents, tokens, langs, strict=True)]
        yield "low_quality", self._low_quality(documents, tokens, langs,
                                               None if alone else self._quality_verdicts)

    def _low_quality(self, documents: Sequence[tuple[list[str], list[str]]],
                     tokens: list[list[Words]], languages: list[str | None],
                     remembered: dict[tuple[str, str | None], Verdict] | None) -> list[Iterator[Verdict]]:
        """Each sentence's low-quality verdict: `remembered`, or worked out with the fluency
        model scoring the sentences it has not seen as they are taken. `remembered` None:
        every sentence is worked out and none kept (a sentence repeated within the batch
        is worked out each time either way). Each document's verdicts are worked out as
        they are taken, the documents in turn: a huge one's are never all held at once."""
        known = [[None if remembered is None else remembered.get((s, lang)) for s in sentences]
                 for (sentences, _), lang in zip(documents, languages, strict=True)]
        fluent = [self._has_fluency(lang) for lang in languages]
        unseen = [sentence for (sentences, _), row, yes in zip(documents, known, fluent, strict=True) if yes
                  for sentence, verdict in zip(sentences, row, strict=True) if verdict is None]
        found = self.fluency.each_score(unseen) if self.fluency is not None and unseen else iter(())

        def verdicts(sentences: list[str], row: list[Verdict | None], lang: str | None, yes: bool,
                     words_: list[list[str]]) -> Iterator[Verdict]:
            common = profiles().get(lang) if lang else None
            for i, verdict in enumerate(row):
                if verdict is None:
                    verdict = quality_verdict(sentences[i], next(found) if yes else None, common, words_[i])
                    if remembered is not None:
                        remembered[sentences[i], lang] = verdict
                words_[i] = ()  # the last kind to need them: a huge document's go as they are written
                yield verdict

        return [verdicts(sentences, row, lang, yes, words_) for (sentences, _), row, lang, yes, words_
                in zip(documents, known, languages, fluent, tokens, strict=True)]

    def _modelled(self, lang: str | None) -> bool:
        """The news model (and the fluency model built with it) is for this language."""
        return self.model is not None and lang == self.model.language

    def _has_fluency(self, lang: str | None) -> bool:
        return self.fluency is not None and self._modelled(lang)

    def _vocabulary(self, lang: str | None) -> dict[str, int] | None:
        return self.model.index if self.model is not None and self._modelled(lang) else None

    def _off_topic(self, documents: Sequence[tuple[list[str], list[str]]], tokens: list[list[Words]],
                   languages: list[str | None], paragraphs: Sequence[list[int]] | None = None
                   ) -> list[list[Verdict]]:
        """Each document's off-topic verdicts: scored together where the news model applies,
        else the reason why not; by paragraph too where `paragraphs` are given. Subheads
        standing alone (a heading, a byline or a date under the title) score 0 and are
        left out of the document the other sentences are judged against."""
        kept = [telling(sentences, None if paragraphs is None else paragraphs[k])
                for k, (sentences, _) in enumerate(documents)]
        reasons = [self._no_off_topic_score(len(told), lang)
                   for told, lang in zip(kept, languages, strict=True)]
        scored = [([sentences[i] for i in told], headlines, [toks[i] for i in told])
                  for (sentences, headlines), toks, told, reason
                  in zip(documents, tokens, kept, reasons, strict=True) if reason is None]
        numbers = None if paragraphs is None else [
            [numbers[i] for i in told]
            for numbers, told, reason in zip(paragraphs, kept, reasons, strict=True) if reason is None]
        threshold = self.thresholds["off_topic"]
        # under a second look, suspects carry their cheap reason into the new one
        explain_from = threshold if self.second_look is None else min(self.second_look.suspect, threshold)
        stray_odds = RARE_STRAY_ODDS if self.config.rare_strays else 1.0
        found = (off_topic_many(scored, self.model, self.idf, gazetteer(), explain_from, numbers, stray_odds)
                 if scored and self.model is not None and self.idf is not None else [])
        if self.second_look is not None and self.embed is not None:
            groups = [range(len(sentences)) for sentences, _, _ in scored] if numbers is None else numbers
            found = [second_look(sentences, group, verdicts, self.second_look, self.embed, threshold)
                     for (sentences, _, _), group, verdicts in zip(scored, groups, found, strict=True)]
        remaining = iter(found)
        return [_spread(next(remaining), told, len(sentences)) if reason is None
                else [Verdict(None, reason)] * len(sentences)
                for (sentences, _), told, reason in zip(documents, kept, reasons, strict=True)]

    def _no_off_topic_score(self, n_sentences: int, lang: str | None) -> str | None:
        if self.model is None or self.idf is None:
            return "the news model is not installed"
        if lang != self.model.language:
            return f"no news model for language {lang!r}"
        if n_sentences < MIN_SENTENCES:
            return f"{n_sentences} sentence(s): too few to tell which one strays"
        return None

    def annotate(self, doc: Document) -> None:
        """Write scores, flags, the language and the flagged counts into `doc.cleaner`."""
        self.annotate_many([doc])

    def annotate_many(self, docs: Sequence[Document]) -> None:
        """`annotate` for several documents, scored together (`scores_many`)."""
        bodies = [[s for seg in doc.cleaner.get("segments", []) if seg["kind"] == "body"
                   for s in seg.get("sentences", [])] for doc in docs]
        headlines = [[seg["text"] for seg in doc.cleaner.get("segments", []) if seg["kind"] == "headline"]
                     for doc in docs]
        paragraphs = [[k for k, seg in enumerate(doc.cleaner.get("segments", [])) if seg["kind"] == "body"
                       for _ in seg.get("sentences", [])] for doc in docs]
        languages, columns = self._verdicts_many([([s["text"] for s in body], heads)
                                                  for body, heads in zip(bodies, headlines, strict=True)],
                                                 paragraphs)
        flagged = [dict.fromkeys(NAMES, 0) for _ in docs]
        for name, verdicts in columns:  # one kind at a time, written away before the next
            self._write(name, verdicts, bodies, flagged)
            del verdicts
        for doc, language, counts in zip(docs, languages, flagged, strict=True):
            doc.cleaner["language"] = language
            doc.cleaner["flagged"] = counts

    def _write(self, name: str, verdicts: Sequence[Iterable[Verdict]], bodies: list[list[dict[str, Any]]],
               flagged: list[dict[str, int]]) -> None:
        """One kind of verdict into each sentence: its score, the reason where there is
        none, a flag (and its count) where the score reaches the threshold."""
        threshold = self.thresholds[name]
        for body, found, counts in zip(bodies, verdicts, flagged, strict=True):
            for sentence, verdict in zip(body, found, strict=True):
                # made by the first kind written: none is held while the first is worked out
                value = sentence.setdefault("scores", {})[name] = verdict.score
                if value is None:
                    sentence.setdefault("unscored", {})[name] = verdict.reason
                elif value >= threshold:
                    sentence["flags"].append(verdict.flag(name))
                    counts[name] += 1


def _spread(verdicts: list[Verdict], told: list[int], n_sentences: int) -> list[Verdict]:
    """The verdicts of a document's telling sentences at their places, SUBHEAD_VERDICT
    at the others'."""
    out = [SUBHEAD_VERDICT] * n_sentences
    for i, verdict in zip(told, verdicts, strict=True):
        out[i] = verdict
    return out


def _words_of(documents: Sequence[tuple[list[str], list[str]]]) -> list[list[Words]]:
    """Each sentence's `words` as a tuple, every occurrence of a word one string object: a
    document's words as separate strings take five times its text, their references a
    fraction (without a list's spare room)."""
    canonical: dict[str, str] = {}
    return [[tuple(map(canonical.setdefault, found, found)) for found in map(words, sentences)]
            for sentences, _ in documents]


class Flag:
    """The flag stage (after split). With `learn`, it first counts the corpus's words (its
    fitter), so a word every page of this corpus uses weighs as little as "said"."""

    name = "flag"

    def __init__(self, config: FlagConfig | None = None, corpus: CorpusCounts | None = None,
                 *, learn: bool = False):
        self.config = config or FlagConfig()
        self.learn = learn and corpus is None
        self.flagger = Flagger(self.config, corpus)

    def fitter(self) -> _WordCounts | None:
        return _WordCounts(self) if self.learn else None

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Scores the documents given together: the engine hands a stage one batch at a
        time, and batching happens there alone. A record on its way out is not scored."""
        batch = list(docs)
        self.flagger.annotate_many([doc for doc in batch if doc.drop is None])
        yield from batch


class _WordCounts:
    """Flag's corpus pass: the document frequency of every word of the split bodies."""

    after = "split"

    def __init__(self, stage: Flag):
        self.stage = stage
        self.corpus = CorpusCounts()

    def add(self, doc: Document) -> None:
        self.corpus.add(doc.clean_text)

    def finish(self, engine: object) -> None:
        self.stage.flagger = Flagger(self.stage.config, self.corpus)
