"""Build cleaner/data/news_model_en.npz, the background model of English news.

    python -m scripts.build_news_model        (or: make model)

Data (all under ../shared/data, see cleaner/data/NEWS_MODEL.md for the terms):
the even-numbered half of the BBC News articles (the odd half is kept for the
evaluation), and the newswire sentences of MRPC (train) and the SemEval STS headline
pairs. Steps: document frequencies; word vectors from positive PMI of words that
occur within a window of each other, reduced by truncated SVD; then the off-topic
calibration, a logistic regression fitted on sentence intrusions into the same
half, and the paragraph model, another fitted on paragraphs pasted into them.
Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.linalg import svds

from cleaner.flags.low_quality import FLUENCY_FILE, FluencyModel, symbols, tokens
from cleaner.flags.news import MODEL_FILE, CorpusCounts, Idf, NewsModel, words
from cleaner.flags.off_topic import (
    FEATURES,
    PARAGRAPH,
    PARAGRAPH_FEATURES,
    calibrated,
    features,
    paragraph_features,
)
from cleaner.flags.places import gazetteer
from evaluate.common import data_path
from evaluate.heldout import pasted
from evaluate.intrusion import (
    Article,
    Case,
    article_sentences,
    article_text,
    bbc_articles,
    intrusions,
    scored_paragraphs,
    scored_rows,
    word_salad,
)

ROOT = Path(__file__).resolve().parent.parent
MIN_COUNT = 3
STOP_SHARE = 0.12  # words in more than this share of articles carry no topic
WINDOW = 10
DIM = 128
L2 = 1.0
TOP_WORDS = 300  # the commonest words stand for themselves in the fluency model
CLASS_MIN_COUNT = 10  # rarer words take their class from their shape
CLASSES = 96  # syntactic word classes (k-means over neighbour profiles)
PRIOR = 0.02  # share of sentences the calibration assumes stitched in, at every length
FLUENCY_PRIOR = 0.05  # share of sentences the fluency calibration assumes garbled
MIN_SPECIFIC = 2  # an intruder the calibration learns from has this many specific words …
SPECIFIC_SHARE = 0.01  # … words in fewer than 1% of the background's articles
RECALL = 0.8  # the default off_topic threshold finds this share of stitched-in sentences
HELD_OUT = 0.3  # share of the articles kept out of the background to fit the calibration on
PASTE_PREVALENCE = 20  # the paragraph model assumes one article in this many carries a paste …
PARAGRAPH_POSTERIOR = 0.8  # … and a paragraph reaches the default threshold at this probability


def extra_texts() -> list[str]:
    """Newswire sentences and headlines beyond the BBC half: more words, more places."""
    texts = []
    for name in ("msr_paraphrase_train.txt",):
        for line in data_path("mrpc", name).read_text("utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 5:
                texts += parts[3:5]
    for sts in sorted(data_path("sts-headlines").glob("*/STS.input.headlines.txt")):
        for line in sts.read_text("utf-8").splitlines():
            texts += line.split("\t")[:2]
    return sorted(set(texts))


def word_vectors(units: list[list[str]], vocab: list[str]) -> np.ndarray:
    """Rows of U·√S from the SVD of the PPMI matrix of window co-occurrence."""
    index = {w: i for i, w in enumerate(vocab)}  # stop words never co-occur: zero rows
    rows, cols = [], []
    for unit in units:
        ids = np.array([index[w] for w in unit if w in index], dtype=np.int64)
        for k in range(1, WINDOW + 1):
            if len(ids) > k:
                rows += [ids[:-k], ids[k:]]
                cols += [ids[k:], ids[:-k]]
    r, c = np.concatenate(rows), np.concatenate(cols)
    v = len(vocab)
    counts = coo_matrix((np.ones(len(r)), (r, c)), shape=(v, v)).tocsr()
    counts.sum_duplicates()
    total = counts.sum()
    row_p = np.asarray(counts.sum(axis=1)).ravel() / total
    col = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    col_p = col / col.sum()
    coo = counts.tocoo()
    pmi = np.log(coo.data / total / (row_p[coo.row] * col_p[coo.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(v, v))
    u, s, _ = svds(ppmi, k=DIM, random_state=0, solver="arpack",
                   v0=np.full(v, 1 / np.sqrt(v)))
    order = np.argsort(-s)
    vectors = u[:, order] * np.sqrt(s[order])
    vectors *= np.sign(vectors.sum(axis=0, keepdims=True) + 1e-12)  # fix SVD's sign freedom
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def fit_logistic(x: np.ndarray, y: np.ndarray, row_weights: np.ndarray | None = None) -> np.ndarray:
    """Newton's method with a little L2 (none on the bias), each row weighted."""
    w_rows = np.ones(len(y)) if row_weights is None else row_weights
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[0], mean[0] = 1.0, 0.0
    z = (x - mean) / np.where(std > 0, std, 1)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (w_rows * (p - y)) + penalty * w
        hess = (z * (w_rows * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    coef = w / np.where(std > 0, std, 1)
    coef[0] = w[0] - (coef[1:] * mean[1:]).sum()
    return coef


def background(articles: list[Article], extra: list[str]) -> NewsModel:
    """Document frequencies, stop words and word vectors (no calibration yet), quantised
    exactly as the shipped file is."""
    texts = [" ".join([a.headline, *a.paragraphs]) for a in articles]
    df = Counter(w for t in texts for w in set(words(t)))
    stop = {w for w, n in df.items() if n > STOP_SHARE * len(texts)}
    units = [words(p) for a in articles for p in [a.headline, *a.paragraphs]]
    units += [words(t) for t in extra]
    counts = Counter(w for u in units for w in u)
    vocab = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    content = [[w for w in u if w not in stop] for u in units]
    print(f"{len(articles)} articles, {len(units)} units, vocabulary {len(vocab)}, "
          f"{len(stop)} stop words")
    vectors = word_vectors(content, vocab)
    model = NewsModel("en", vocab, np.array([df.get(w, 0) for w in vocab], dtype=np.float64),
                      len(texts), frozenset(stop), vectors.astype(np.float32), {})
    buffer = io.BytesIO()
    model.save(buffer)
    return NewsModel.load(buffer.getvalue())


def calibration(model: NewsModel, articles: list[Article]) -> dict[str, float]:
    """Logistic weights of the evidence, fitted on intrusions into articles the model
    was not built from, each kind with its own corpus counts, as a user's run has.

    Two choices make the score mean "evidence of another story" at any length:
    an intruder with no specific word of its own ("The source gave no details.")
    teaches nothing about other stories and is left out; and each document's one
    intruder is weighted so that intruders are PRIOR of the sentences whatever the
    document's length (a 3-sentence brief is not one third stitched in)."""
    tables, labels, weights = [], [], []
    places = gazetteer()
    for kind, short in (("topic", False), ("story", False), ("topic", True), ("story", True)):
        cases = [c for c in intrusions(articles, kind, seed=11, short=short)
                 if specific_words(c.intruder, model) >= MIN_SPECIFIC]
        idf = Idf(model, CorpusCounts.of(c.text for c in cases))
        for case in cases:
            body, heads = scored_rows(case.text)
            label = np.array([s == case.intruder for s in body], dtype=float)
            tables.append(features(body, heads, model, idf, places).features)
            labels.append(label)
            odds = PRIOR / (1 - PRIOR) * (len(body) - label.sum()) / max(label.sum(), 1)
            weights.append(np.where(label == 1, odds, 1.0))
    x, y, w = np.vstack(tables), np.concatenate(labels), np.concatenate(weights)
    coef = fit_logistic(x, y, w)
    calibration = dict(zip(FEATURES, coef.round(6).tolist(), strict=True))
    calibration["threshold"] = recall_threshold(calibrated(x, calibration), y)
    return calibration | paragraph_calibration(model, articles, calibration["threshold"])


def paragraph_calibration(model: NewsModel, articles: list[Article], threshold: float) -> dict[str, float]:
    """Logistic weights of a paragraph's evidence against the rest of its article, fitted
    on paragraphs of two to four sentences pasted from another section's article and
    from another article of the same section, and on the articles as they are. A pasted
    paragraph weighs as if one article in PASTE_PREVALENCE carried one; the bias is then
    moved so that a paragraph reaches the sentences' default `threshold` where its
    probability is PARAGRAPH_POSTERIOR: a paragraph flag is as sure as the precision
    asked of it."""
    places = gazetteer()
    tables, labels, weights = [], [], []
    clean = [(Case(article_text(a.headline, a.paragraphs), ""), []) for a in articles]
    for kind in ("topic", "story"):
        pools = [[b for b in articles if b is not a and (b.section != a.section) == (kind == "topic")]
                 for a in articles]
        cases: list[tuple[Case, list[str]]] = list(pasted(articles, pools, f"paragraph-{kind}"))
        for group in (cases, clean):
            idf = Idf(model, CorpusCounts.of(case.text for case, _ in group))
            rows = [scored_paragraphs(case.text) for case, _ in group]
            found = paragraph_features([(body, heads, None) for body, _, heads in rows],
                                       [numbers for _, numbers, _ in rows], model, idf, places)
            for (body, _, _), (_, paste), evidence in zip(rows, group, found, strict=True):
                inside = np.bincount(evidence.of_sentence, weights=np.isin(body, paste),
                                     minlength=len(evidence.sizes))
                positive = evidence.scored & (inside == evidence.sizes)
                negative = evidence.scored & (inside == 0)
                keep = positive | negative
                tables.append(evidence.features[keep])
                labels.append(positive[keep].astype(float))
                weights.append(np.where(positive[keep], max(int(negative.sum()), 1) / PASTE_PREVALENCE, 1.0))
    coef = fit_logistic(np.vstack(tables), np.concatenate(labels), np.concatenate(weights))
    coef[0] += np.log(threshold / (1 - threshold)) - np.log(PARAGRAPH_POSTERIOR / (1 - PARAGRAPH_POSTERIOR))
    return {PARAGRAPH + name: v for name, v in zip(PARAGRAPH_FEATURES, coef.round(6).tolist(), strict=True)}


def specific_words(sentence: str, model: NewsModel) -> int:
    """Words of a sentence rarer than SPECIFIC_SHARE of the background's documents."""
    return sum(1 for w in set(words(sentence)) if w not in model.stop and (
        (i := model.index.get(w)) is None or model.doc_freq[i] < SPECIFIC_SHARE * model.documents))


def recall_threshold(scores: np.ndarray, labels: np.ndarray, recall: float = RECALL) -> float:
    """The default flagging threshold: the score that finds RECALL of the intruded
    sentences of the fitting set."""
    hits = np.sort(scores[labels == 1])[::-1]
    return round(float(hits[int(np.ceil(recall * len(hits))) - 1]), 2)


def fluency_model(sentences: list[str]) -> FluencyModel:
    """Word classes from the left and right neighbours of each word (k-means), then
    trigram, bigram and unigram counts of the class symbols."""
    raw = [tokens(s) for s in sentences]
    lowered = [["<num>" if t[0].isdigit() else t.lower() for t in toks] for toks in raw]
    counts = Counter(t for toks in lowered for t in toks)
    top = [w for w, _ in counts.most_common(TOP_WORDS)]  # punctuation among them: syntax
    context = {w: i for i, w in enumerate(top)}
    candidates = sorted(w for w, n in counts.items()
                        if n >= CLASS_MIN_COUNT and w not in context and w[0].isalpha())
    row = {w: i for i, w in enumerate(candidates)}
    k = len(top)
    profile = np.zeros((len(candidates), 2 * k + 2))
    for toks in lowered:
        lower = ["<s>", *toks, "</s>"]
        for i in range(1, len(lower) - 1):
            j = row.get(lower[i])
            if j is not None:
                profile[j, context.get(lower[i - 1], 2 * k)] += 1
                right = context.get(lower[i + 1])
                profile[j, k + right if right is not None else 2 * k + 1] += 1
    profile = np.sqrt(profile / profile.sum(axis=1, keepdims=True))
    labels = kmeans(profile, CLASSES)
    classes = {w: f"C{labels[i]}" for w, i in row.items()}
    top_words = frozenset(w for w in top if w[0].isalpha())
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    tri: Counter[tuple[str, str, str]] = Counter()
    for sentence in sentences:
        seq = symbols(sentence, top_words, classes)
        uni.update(seq[2:])
        bi.update(itertools.pairwise(seq[1:]))
        tri.update(zip(seq, seq[1:], seq[2:], strict=False))
    uni.update({"<s>": 0})
    return FluencyModel.from_counts(top_words, classes, dict(uni), dict(bi), dict(tri))


def kmeans(points: np.ndarray, k: int, rounds: int = 30) -> np.ndarray:
    rng = np.random.default_rng(0)
    centres = points[rng.choice(len(points), k, replace=False)]
    labels = np.zeros(len(points), dtype=int)
    for _ in range(rounds):
        distances = (points**2).sum(1)[:, None] - 2 * points @ centres.T + (centres**2).sum(1)[None]
        labels = distances.argmin(axis=1)
        centres = np.array([points[labels == c].mean(axis=0) if (labels == c).any() else centres[c]
                            for c in range(k)])
    return labels


def fluency_calibration(model: FluencyModel, sentences: list[str]) -> tuple[float, float]:
    """Logistic (bias, slope) of surprisal: held-out news sentences against their salads,
    one of each, so the bias then moves to FLUENCY_PRIOR: a score is the probability of
    a garbled sentence in a scrape, not in a set that is half garbled."""
    rng = random.Random(13)
    fluent = [s for s in sentences if len(s.split()) >= 8]
    salads = [word_salad(s, rng) for s in fluent]
    x = np.array([[1.0, model.surprisal(s) or 0.0] for s in fluent + salads])
    y = np.array([0.0] * len(fluent) + [1.0] * len(salads))
    coef = fit_logistic(x, y)
    bias = float(coef[0]) + math.log(FLUENCY_PRIOR / (1 - FLUENCY_PRIOR))
    return round(bias, 6), round(float(coef[1]), 6)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_news_model")
    parser.add_argument("-o", "--output", default=str(ROOT / "cleaner" / "data" / MODEL_FILE))
    args = parser.parse_args()
    started = time.perf_counter()
    articles = bbc_articles("model")
    extra = extra_texts()
    held_out = {a.path for a in random.Random(5).sample(articles, int(HELD_OUT * len(articles)))}
    fitting = background([a for a in articles if a.path not in held_out], extra)
    weights = calibration(fitting, [a for a in articles if a.path in held_out])
    model = background(articles, extra)
    model.calibration = weights
    model.save(args.output)
    fitting_fluency = fluency_model(article_sentences(
        [a for a in articles if a.path not in held_out]) + extra)
    fluency_weights = fluency_calibration(
        fitting_fluency, article_sentences([a for a in articles if a.path in held_out]))
    fluency = fluency_model(article_sentences(articles) + extra)
    fluency.calibration = fluency_weights
    fluency_path = Path(args.output).with_name(FLUENCY_FILE)
    fluency.save(str(fluency_path))
    print(f"fluency: {len(fluency.unigrams)} symbols, {len(fluency.trigrams)} trigrams, "
          f"calibration {fluency_weights}")
    print("calibration:", ", ".join(f"{k} {v:+.3f}" for k, v in weights.items()))
    print(f"wrote {args.output} ({Path(args.output).stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
