"""off_topic: how strongly a sentence shows that it belongs to another story.

Each sentence is compared, leave-one-out, with the rest of its document (the other
sentences and the headlines). Shared words alone cannot tell a stitched-in sentence
from a generic one ("The source gave no details." shares nothing either), so the
score asks for positive evidence of another story:

- its topic words sit far from the rest in the background model's word vectors
  (which words go together in news: players with sports, ministers with budgets);
- it carries much topic content and little of it is shared (IDF-weighted overlap);
- it names people or organisations the rest never mentions;
- it names a place far from every place the rest names (the gazetteer).

A logistic model, fitted on synthetic intrusions into held-out news articles by
`scripts/build_news_model.py`, turns these into a probability, so a threshold means
the same for a short document as for a long one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np

from .document import Verdict
from .news import Idf, NewsModel, words
from .places import Gazetteer, Mention

FEATURES = ("bias", "lexical", "semantic", "affinity", "unrelated_mass", "mass", "lexical_x_mass",
            "semantic_x_mass",
            "new_names", "place", "place_x_support", "context")
_NAME = re.compile(r"(?<=[\s\"“(])[A-Z][\w'’-]+")
MIN_SENTENCES = 3  # with fewer, nothing says which sentence is the stray one
UNRELATED = 0.15  # a word whose vector is this far from the rest's topic counts as unrelated



@dataclass(slots=True)
class _Evidence:
    features: np.ndarray  # (n_sentences, len(FEATURES))
    terms: list[str]  # the document's words, column order of `affinity`
    present: np.ndarray  # (n_sentences, terms): the sentence holds the word and it has a vector
    affinity: np.ndarray  # (n_sentences, terms): each word's vector against the sentence's rest
    weights: np.ndarray  # (terms,): IDF
    far_places: list[list[Mention]]

    def unrelated(self, i: int) -> list[str]:
        """The sentence's words least related to the rest of the document (for the reason)."""
        ids = np.flatnonzero(self.present[i])
        if not len(ids):
            return []
        a = self.affinity[i, ids]
        order = np.argsort(a - 0.01 * self.weights[ids], kind="stable")
        return [self.terms[ids[k]] for k in order[:3] if a[k] < UNRELATED]


def features(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
             gazetteer: Gazetteer, tokens: Sequence[list[str]] | None = None) -> _Evidence:
    """The evidence for each sentence (scored) against the others and the context (not
    scored: headlines). Built as matrices over the document's words, so the cost is a
    few array operations per document rather than loops per sentence. `tokens` are the
    sentences' `words`, when the caller has them already."""
    rows = list(sentences) + list(context)
    n, total = len(sentences), len(rows)
    if tokens is None:
        tokens = [words(s) for s in sentences]
    terms, tf = term_counts([*tokens, *map(words, context)])
    term_list = list(terms)
    weights = idf.many(term_list) if terms else np.zeros(1)
    x = tf * weights
    lexical = leave_one_out_cosine(x)

    model_ids = np.fromiter(map(model.topical.get, terms, repeat(-1)), np.int64, len(terms)
                            ) if terms else np.full(1, -1)
    known = model_ids >= 0
    vectors = model.vectors[np.maximum(model_ids, 0)]  # a copy: the unknown rows are zeroed
    vectors[~known] = 0.0
    s = (x * known) @ vectors
    r = s.sum(axis=0) - s
    semantic = _cosine(s, r)
    r_unit = r / np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-9)
    word_affinity = (r_unit @ vectors.T)[:n]  # each word against each sentence's rest

    present = (tf[:n] > 0) & known
    weighted = present * weights
    mass_known = weighted.sum(axis=1)
    affinity = np.where(mass_known > 0, (weighted * word_affinity).sum(axis=1)
                        / np.maximum(mass_known, 1e-12), 0.0)
    unrelated_mass = np.log1p((weighted * (word_affinity < UNRELATED)).sum(axis=1))
    mass = np.log1p(x.sum(axis=1))[:n]
    context_size = np.full(n, np.log(total))

    new_names = _new_names(rows[:n], terms, tf > 0)
    place, support, far = _place_evidence(rows, n, gazetteer, model)
    table = np.column_stack([
        np.ones(n), lexical[:n], semantic[:n], affinity, unrelated_mass, mass,
        lexical[:n] * mass, semantic[:n] * mass, new_names, place, place * support, context_size,
    ])
    return _Evidence(table, term_list, present, word_affinity, weights, far)


def _place_evidence(rows: list[str], n: int, gazetteer: Gazetteer, model: NewsModel
                    ) -> tuple[np.ndarray, np.ndarray, list[list[Mention]]]:
    """For each sentence: how far its places lie from all others (0..1), how many others
    there are (log), and the far ones (for the reason)."""
    mentions = gazetteer.mentions(rows, common=model.stop)
    counts = Counter(m for ms in mentions for m in ms)
    place, support = np.zeros(n), np.zeros(n)
    far: list[list[Mention]] = []
    named = sum(counts.values())
    all_others = np.log1p(named)
    for i in range(n):
        if not mentions[i]:  # most sentences name no place
            support[i] = all_others
            far.append([])
            continue
        own = Counter(mentions[i])
        others = [m for m, c in counts.items() if c - own.get(m, 0) > 0]
        n_others = named - len(mentions[i])
        scored = [(gazetteer.remoteness(m, others), m) for m in mentions[i]] if others else []
        place[i] = max((d for d, _ in scored), default=0.0)
        support[i] = np.log1p(n_others)
        far.append([m for d, m in scored if d > 0.5])
    return place, support, far


def _new_names(sentences: Sequence[str], terms: dict[str, int], holders: np.ndarray) -> np.ndarray:
    """For each sentence, log(1 + the capitalised names whose words no other row holds):
    a person or organisation the rest of the document never mentions. All names are
    checked at once, as arrays over their words."""
    n = len(sentences)
    found = [_NAME.findall(sentence) for sentence in sentences]
    names = list(map(_name_words, chain.from_iterable(found)))
    if not names:
        return np.zeros(n)
    lengths = np.fromiter(map(len, names), np.int64, len(names))
    ids = np.fromiter(map(terms.get, chain.from_iterable(names), repeat(-1)), np.int64,
                      int(lengths.sum()))
    solo = np.flatnonzero(holders.sum(axis=0) == 1)  # words in one row only: that row
    only_in = np.full(len(terms) + 1, -1)  # the row holding a word alone; -1 for the rest
    only_in[solo] = holders[:, solo].argmax(axis=0)  # (a word not among terms reads the last)
    row_of_name = np.repeat(np.arange(n), [len(f) for f in found])
    known = ids >= 0
    alone = (only_in[ids] == np.repeat(row_of_name, lengths)) | ~known
    starts = np.cumsum(lengths) - lengths  # every name has a word: it starts with a letter
    fresh = np.logical_and.reduceat(alone, starts) & np.logical_or.reduceat(known, starts)
    return np.log1p(np.bincount(row_of_name, weights=fresh, minlength=n))


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """`words` of a capitalised name; names recur from article to article."""
    return tuple(words(name))


def term_counts(rows: Sequence[list[str]]) -> tuple[dict[str, int], np.ndarray]:
    """The rows' words (in first-seen order) and a (rows, words) matrix of their counts."""
    terms = {w: i for i, w in enumerate(dict.fromkeys(chain.from_iterable(rows)))}
    lengths = [len(row) for row in rows]
    col_ids = np.fromiter(map(terms.__getitem__, chain.from_iterable(rows)), np.int64, sum(lengths))
    row_ids = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    size = max(len(terms), 1)
    tf = np.bincount(row_ids * size + col_ids,
                     minlength=len(rows) * size).reshape(len(rows), size).astype(np.float64)
    return terms, tf


def leave_one_out_cosine(x: np.ndarray) -> np.ndarray:
    """Cosine of each row with the sum of all the other rows."""
    return _cosine(x, x.sum(axis=0) - x)


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return np.where(norms > 0, (a * b).sum(axis=1) / np.maximum(norms, 1e-12), 0.0)


def calibrated(table: np.ndarray, calibration: dict[str, float]) -> np.ndarray:
    coef = np.array([calibration.get(name, 0.0) for name in FEATURES])
    return 1.0 / (1.0 + np.exp(-(table @ coef)))


def off_topic(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
              gazetteer: Gazetteer, explain_from: float = 0.0,
              tokens: Sequence[list[str]] | None = None) -> list[Verdict]:
    """A calibrated score for every sentence, and a readable reason for those scoring at
    least `explain_from` (working out the reason costs more than the score)."""
    evidence = features(sentences, context, model, idf, gazetteer, tokens)
    scores = calibrated(evidence.features, model.calibration)
    return [Verdict(round(float(score), 4),
                    _reason(evidence.far_places[i], evidence.unrelated(i)) if score >= explain_from
                    else "below the threshold: no evidence of another story")
            for i, score in enumerate(scores)]


def _reason(far: list[Mention], unrelated: list[str]) -> str:
    parts = []
    if far:
        parts.append("names a place far from every other place in the article: "
                     + ", ".join(f"{m.text} ({'/'.join(sorted(m.countries))})" for m in far))
    if unrelated:
        parts.append("words unrelated to the rest of the article: " + ", ".join(unrelated))
    return "; ".join(parts) or "shares its topic with the rest of the article"
