"""The sentence-intrusion benchmark: one sentence of another article inserted into a
news article, and whether `off_topic` finds it.

Articles come from the BBC News corpus. Files with an even number form the half the
shipped model is built and calibrated on (`scripts/build_news_model.py`); files with
an odd number form the half it is evaluated on, so no article is seen twice.
Kinds: `topic` takes the intruder from another section (sport into business),
`story` from another article of the same section (two business stories).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleaner.flags.news import CorpusCounts, words
from cleaner.flags.off_topic import MIN_SENTENCES, cosine
from cleaner.split import split_text
from cleaner.text import sentences as segment_sentences

from .common import data_path

MIN_INTRUDER_WORDS = 6


@dataclass(frozen=True, slots=True)
class Article:
    section: str
    path: Path
    headline: str
    paragraphs: list[str]


def bbc_articles(half: str) -> list[Article]:
    """The BBC articles of one half: "model" (even file numbers) or "eval" (odd)."""
    root = data_path("bbc_news", "bbc")
    parity = 0 if half == "model" else 1
    out = []
    for path in sorted(root.glob("*/*.txt")):
        if not path.stem.isdigit() or int(path.stem) % 2 != parity:
            continue
        lines = path.read_text("utf-8", errors="replace").split("\n")
        paragraphs = [p.strip() for p in lines[1:] if p.strip()]
        out.append(Article(path.parent.name, path, lines[0].strip(), paragraphs))
    return out


def article_text(headline: str, paragraphs: list[str]) -> str:
    return "\n\n".join([headline, *paragraphs])


def scored_rows(text: str) -> tuple[list[str], list[str]]:
    """(body sentences, headlines) as the flag stage sees them after split."""
    segments = split_text(text)
    body = [s["text"] for seg in segments if seg["kind"] == "body" for s in seg["sentences"]]
    heads = [seg["text"] for seg in segments if seg["kind"] == "headline"]
    return body, heads


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    intruder: str


def intrusions(articles: list[Article], kind: str, seed: int = 7, short: bool = False
               ) -> Iterator[Case]:
    """Each article with one sentence of another (kind `topic` or `story`) inserted at the
    start or end of a random paragraph. `short`: only the article's first one to four
    paragraphs, as scraped snippets and briefs are."""
    rng = random.Random(f"{seed}-{kind}{'-short' if short else ''}")
    by_section: dict[str, list[Article]] = {}
    for article in articles:
        by_section.setdefault(article.section, []).append(article)
    for host in articles:
        body, _ = scored_rows(article_text(host.headline, host.paragraphs))
        if len(body) < 3:
            continue
        if kind == "topic":
            pool = [a for s, group in sorted(by_section.items()) if s != host.section for a in group]
        else:
            pool = [a for a in by_section[host.section] if a is not host]
        intruder = intruder_of(rng.choice(pool), rng)
        if intruder is None:
            continue
        paragraphs = list(host.paragraphs)
        if short:
            paragraphs = paragraphs[: rng.randint(1, 4)]
            if len(scored_rows(article_text(host.headline, paragraphs))[0]) < MIN_SENTENCES - 1:
                continue
        yield Case(article_text(host.headline, stitch(paragraphs, intruder, rng)), intruder)


def intruder_of(donor: Article, rng: random.Random) -> str | None:
    """One of the donor's sentences long enough to carry its topic (None: it has none)."""
    candidates = [s for s in scored_rows(article_text(donor.headline, donor.paragraphs))[0]
                  if len(s.split()) >= MIN_INTRUDER_WORDS]
    return rng.choice(candidates) if candidates else None


def stitch(paragraphs: list[str], intruder: str, rng: random.Random) -> list[str]:
    """The paragraphs with the intruder at the start or end of one of them."""
    paragraphs = list(paragraphs)
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = f"{paragraphs[i]} {intruder}" if rng.random() < 0.5 else f"{intruder} {paragraphs[i]}"
    return paragraphs


def article_sentences(articles: list[Article]) -> list[str]:
    return [p[s:e] for a in articles for p in a.paragraphs for s, e in segment_sentences(p)]


def word_salad(sentence: str, rng: random.Random, swaps: int = 3) -> str:
    """A sentence with a few neighbouring words swapped: fluent words, broken order."""
    ws = sentence.split()
    for _ in range(swaps):
        i = rng.randrange(len(ws) - 1)
        ws[i], ws[i + 1] = ws[i + 1], ws[i]
    return " ".join(ws)


def corpus_counts(cases: list[Case]) -> CorpusCounts:
    return CorpusCounts.of(case.text for case in cases)


def tfidf_loo(body: list[str], heads: list[str], counts: CorpusCounts) -> np.ndarray:
    """The plain baseline: 1 - cosine of each sentence's TF-IDF vector with the rest's."""
    rows = [words(row) for row in body + heads]
    terms = list(dict.fromkeys(w for row in rows for w in row))
    column = {w: i for i, w in enumerate(terms)}
    tf = np.zeros((len(rows), max(len(terms), 1)))
    for i, row in enumerate(rows):
        for w in row:
            tf[i, column[w]] += 1
    idf = np.array([np.log((counts.documents + 1) / (counts.doc_freq.get(w, 0) + 1)) for w in terms])
    x = tf * (idf if len(terms) else 1)
    return (1 - cosine(x, x.sum(axis=0) - x))[: len(body)]


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Probability that a random intruder outscores a random host sentence (ties count half)."""
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    # average ranks over ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2
    ranks[order] = np.repeat(avg, counts) + 1
    pos = labels.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def precision_at_recall(labels: np.ndarray, scores: np.ndarray, recall: float = 0.8) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    k = int(np.searchsorted(hits, recall * labels.sum())) + 1
    return float(hits[k - 1] / k)


def scored_paragraphs(text: str) -> tuple[list[str], list[int], list[str]]:
    """(body sentences, each one's paragraph number, headlines) as the flag stage sees them."""
    segments = split_text(text)
    body, numbers = [], []
    for k, seg in enumerate(segments):
        if seg["kind"] == "body":
            body += [s["text"] for s in seg["sentences"]]
            numbers += [k] * len(seg["sentences"])
    return body, numbers, [seg["text"] for seg in segments if seg["kind"] == "headline"]
