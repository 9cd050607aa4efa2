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

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .news import Idf, NewsModel, words
from .places import Gazetteer, Mention

FEATURES = ("bias", "lexical", "semantic", "affinity", "unrelated_mass", "mass", "lexical_x_mass",
            "semantic_x_mass",
            "new_names", "place", "place_x_support", "context")
_NAME = re.compile(r"(?<=[\s\"“(])[A-Z][\w'’-]+")
MIN_SENTENCES = 3  # with fewer, nothing says which sentence is the stray one
UNRELATED = 0.15  # a word whose vector is this far from the rest's topic counts as unrelated


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    reason: str


@dataclass(slots=True)
class _Evidence:
    features: np.ndarray  # (n_sentences, len(FEATURES))
    unrelated: list[list[str]]  # per sentence: its words least related to the rest
    far_places: list[list[Mention]]


def features(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
             gazetteer: Gazetteer) -> _Evidence:
    """The evidence for each sentence (scored) against the others and the context (not
    scored: headlines)."""
    rows = list(sentences) + list(context)
    n, total = len(sentences), len(rows)
    tokens = [words(r) for r in rows]
    terms: dict[str, int] = {}
    for toks in tokens:
        for w in toks:
            terms.setdefault(w, len(terms))
    tf = np.zeros((total, max(len(terms), 1)))
    for i, toks in enumerate(tokens):
        for w in toks:
            tf[i, terms[w]] += 1
    weights = np.array([idf(w) for w in terms]) if terms else np.zeros(1)
    x = tf * weights
    rest = x.sum(axis=0) - x
    lexical = _cosine(x, rest)

    vectors = np.zeros((len(weights), model.vectors.shape[1]), dtype=np.float32)
    known = np.zeros(len(weights), dtype=bool)
    for w, j in terms.items():
        i = model.index.get(w)
        if i is not None and w not in model.stop:
            vectors[j] = model.vectors[i]
            known[j] = True
    s = (x * known) @ vectors
    r = s.sum(axis=0) - s
    semantic = _cosine(s, r)
    r_unit = r / np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-9)
    word_affinity = r_unit @ vectors.T  # (rows, terms): each word against each row's rest

    mass = np.log1p(x.sum(axis=1))
    context_size = np.full(total, np.log(total))
    affinity = np.zeros(total)
    unrelated_mass = np.zeros(total)
    new_names = np.zeros(total)
    unrelated: list[list[str]] = []
    present = [set(t) for t in tokens]
    names = list(terms)
    for i in range(n):
        ids = [terms[w] for w in dict.fromkeys(tokens[i]) if known[terms[w]]]
        if ids:
            a = word_affinity[i, ids]
            affinity[i] = float(np.average(a, weights=weights[ids]))
            unrelated_mass[i] = np.log1p(float(weights[ids][a < UNRELATED].sum()))
            order = np.argsort(a - 0.01 * weights[ids], kind="stable")
            unrelated.append([names[ids[k]] for k in order[:3] if a[k] < UNRELATED])
        else:
            unrelated.append([])
        others = set().union(*(present[k] for k in range(total) if k != i))
        new_names[i] = np.log1p(sum(1 for m in _NAME.findall(rows[i])
                                    if words(m) and not set(words(m)) & others))

    mentions = gazetteer.mentions(rows, common=model.stop)
    place = np.zeros(total)
    support = np.zeros(total)
    far: list[list[Mention]] = []
    for i in range(n):
        others_m = [m for k in range(total) if k != i for m in mentions[k]]
        scored = [(gazetteer.remoteness(m, others_m), m) for m in mentions[i]] if others_m else []
        place[i] = max((d for d, _ in scored), default=0.0)
        support[i] = np.log1p(len(others_m))
        far.append([m for d, m in scored if d > 0.5])
    table = np.column_stack([
        np.ones(total), lexical, semantic, affinity, unrelated_mass, mass, lexical * mass, semantic * mass,
        new_names, place, place * support, context_size,
    ])[:n]
    return _Evidence(table, unrelated, far)


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return np.where(norms > 0, (a * b).sum(axis=1) / np.maximum(norms, 1e-12), 0.0)


def calibrated(table: np.ndarray, calibration: dict[str, float]) -> np.ndarray:
    coef = np.array([calibration.get(name, 0.0) for name in FEATURES])
    return 1.0 / (1.0 + np.exp(-(table @ coef)))


def off_topic(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
              gazetteer: Gazetteer) -> list[Verdict]:
    """A calibrated score and a readable reason for every sentence."""
    evidence = features(sentences, context, model, idf, gazetteer)
    scores = calibrated(evidence.features, model.calibration)
    return [Verdict(round(float(score), 4), _reason(far, unrelated))
            for score, far, unrelated in zip(scores, evidence.far_places, evidence.unrelated,
                                             strict=True)]


def _reason(far: list[Mention], unrelated: list[str]) -> str:
    parts = []
    if far:
        parts.append("names a place far from every other place in the article: "
                     + ", ".join(f"{m.text} ({'/'.join(sorted(m.countries))})" for m in far))
    if unrelated:
        parts.append("words unrelated to the rest of the article: " + ", ".join(unrelated))
    return "; ".join(parts) or "shares its topic with the rest of the article"
