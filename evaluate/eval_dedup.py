"""Near-duplicate clustering quality: pairwise precision, recall, F1 and adjusted Rand
index on the labelled groups of samples/dump.jsonl, and pairwise scores on SemEval STS
headline pairs (similarity >= 4 of 5 is a near-duplicate) and MRPC paraphrase pairs.
A sweep over the threshold and verification score shows how the defaults were chosen.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from functools import cache
from math import comb

from cleaner.dedup import DedupConfig, cluster_texts
from cleaner.flags.places import gazetteer
from cleaner.normalize import normalize_text

from .common import ROOT, Missing, data_path
from .intrusion import bbc_articles


@cache
def _places() -> frozenset[str]:
    """The place names dedup is given in a run (the gazetteer's)."""
    return gazetteer().folded_names()


def _assignments(n: int, config: DedupConfig, texts: list[str], published=None) -> list[int]:
    """A cluster number per text; singletons get their own."""
    label = list(range(n))
    for number, cluster in enumerate(cluster_texts(texts, config, published=published,
                                                   places=_places())):
        for member in cluster.members:
            label[member] = n + number
    return label


def _pairwise(pred: list[int], gold: list[str]) -> tuple[float, float, float]:
    """Pairwise P, R, F1, counted from the clusters' sizes (no loop over every pair)."""
    tp = sum(comb(n, 2) for n in Counter(zip(pred, gold, strict=True)).values())
    predicted = sum(comb(n, 2) for n in Counter(pred).values())
    actual = sum(comb(n, 2) for n in Counter(gold).values())
    return _prf(tp, predicted - tp, actual - tp)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


def adjusted_rand_index(pred: list[int], gold: list[str]) -> float:
    contingency = Counter(zip(pred, gold, strict=True))
    sum_cells = sum(comb(v, 2) for v in contingency.values())
    sum_pred = sum(comb(v, 2) for v in Counter(pred).values())
    sum_gold = sum(comb(v, 2) for v in Counter(gold).values())
    expected = sum_pred * sum_gold / comb(len(gold), 2)
    maximum = (sum_pred + sum_gold) / 2
    return round((sum_cells - expected) / (maximum - expected), 3) if maximum != expected else 1.0


def _samples() -> tuple[list[str], list[str], list[str]]:
    records = [json.loads(line) for line in
               (ROOT / "samples" / "dump.jsonl").read_text("utf-8").splitlines()]
    titles = [normalize_text(r["title"]).text for r in records]
    return titles, [r["labels"]["dup_group"] for r in records], [r["published"] for r in records]


def _pairs_score(pairs: list[tuple[str, str, bool]], config: DedupConfig) -> tuple[float, ...]:
    texts = [t for a, b, _ in pairs for t in (a, b)]
    label = _assignments(len(texts), config, texts)
    tp = fp = fn = 0
    for k, (_, _, positive) in enumerate(pairs):
        same = label[2 * k] == label[2 * k + 1]
        tp += same and positive
        fp += same and not positive
        fn += positive and not same
    return _prf(tp, fp, fn)


def sts_scored() -> list[tuple[str, str, float]]:
    """SemEval STS headline pairs with their mean human similarity (0-5)."""
    pairs = []
    for year in ("STS13-en-test", "STS14-en-test"):
        folder = data_path("sts-headlines", year)
        inputs = (folder / "STS.input.headlines.txt").read_text("utf-8").splitlines()
        scores = (folder / "STS.gs.headlines.txt").read_text("utf-8").splitlines()
        for line, score in zip(inputs, scores, strict=True):
            if score.strip():
                a, b = line.split("\t")[:2]
                pairs.append((a, b, float(score)))
    return pairs


def sts_pairs() -> list[tuple[str, str, bool]]:
    return [(a, b, score >= 4.0) for a, b, score in sts_scored()]


def mrpc_pairs() -> list[tuple[str, str, bool]]:
    pairs = []
    for name in ("msr_paraphrase_train.txt", "msr_paraphrase_dev.txt"):
        lines = data_path("mrpc", name).read_text("utf-8-sig").splitlines()[1:]
        for line in lines:
            quality, _, _, a, b = line.split("\t", 4)
            pairs.append((a, b, quality == "1"))
    return pairs


def sweep() -> list[dict[str, object]]:
    titles, gold, published = _samples()
    rows = []
    try:
        sts = sts_pairs()
    except Missing:
        sts = []
    for threshold, verify, score in itertools.product(
        (0.3, 0.4, 0.5, 0.6), ("ratio", "token_set"), (0.7, 0.8, 0.85)
    ):
        config = DedupConfig(threshold=threshold, verify=verify, verify_score=score)
        pred = _assignments(len(titles), config, titles, published)
        p, r, f = _pairwise(pred, gold)
        row: dict[str, object] = {
            "eval": f"dedup sweep threshold={threshold} verify={verify}>={score}",
            "samples P": p, "R": r, "F1": f}
        if sts:
            row["STS F1"] = _pairs_score(sts, config)[2]
        rows.append(row)
    return rows


# Decorations dedup's stripper does not list (so this measures the copy choice, not the list)
HELD_OUT_PREFIXES = ("Report: ", "Revealed: ", "Sources: ", "Fact check: ", "Must read: ")
HELD_OUT_SUFFIXES = (" | CNN Politics", " - NBC News", " (AP)", " via Reuters", " · Financial Times")


def _faulty_copies(headline: str, rng: random.Random) -> list[str]:
    """Two to four copies of a clean headline as feeds garble it: decorated, shouted,
    lower-cased, a misspelt word (two letters swapped)."""
    words = headline.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    misspelt = None
    if long:
        i = rng.choice(long)
        j = rng.randrange(1, len(words[i]) - 2)
        w = words[i]
        misspelt = " ".join([*words[:i], w[:j] + w[j + 1] + w[j] + w[j + 2:], *words[i + 1:]])
    kinds = [rng.choice(HELD_OUT_PREFIXES) + headline, headline + rng.choice(HELD_OUT_SUFFIXES),
             headline.upper(), headline.lower(), misspelt]
    kinds = [k for k in kinds if k and k != headline]
    return rng.sample(kinds, rng.randint(2, min(4, len(kinds))))


def _bbc_headlines() -> list[str]:
    """Every BBC headline once, in a fixed order."""
    return sorted({article.headline for half in ("model", "eval") for article in bbc_articles(half)})


def representatives() -> dict[str, object]:
    """How often the clean headline represents a cluster of it and its garbled copies
    (no dates), on BBC headlines (none of which the copy choice was written from)."""
    rng = random.Random(7)
    headlines = [h for h in _bbc_headlines() if len(h.split()) >= 4]
    texts: list[str] = []
    clean_at: list[int] = []
    for headline in headlines:
        group = [headline, *_faulty_copies(headline, rng)]
        rng.shuffle(group)
        clean_at.append(len(texts) + group.index(headline))
        texts += group
    clusters = cluster_texts(texts, DedupConfig())
    by_member = {m: c for c in clusters for m in c.members}
    joined = [by_member[i] for i in clean_at if i in by_member]
    chosen = sum(c.representative in clean_at for c in joined)
    return {"eval": "dedup representative (BBC headlines with garbled copies, no dates)",
            "clusters": len(joined), "clean copy represents": chosen,
            "share": round(chosen / len(joined), 3) if joined else 0.0}


SWAP_COUNTRIES = ("Australia", "Bangladesh", "Brazil", "Canada", "Chile", "China", "Egypt",
                  "France", "Germany", "Greece", "India", "Iran", "Iraq", "Israel", "Italy", "Japan",
                  "Jordan", "Kenya", "Mexico", "Nigeria", "Norway", "Pakistan", "Peru", "Poland",
                  "Russia", "Spain", "Sweden", "Syria", "Turkey", "Vietnam")


def place_swaps() -> dict[str, object]:
    """Lower-case headlines (as many wire and SEO feeds are) against the same headline
    with its place swapped for another country ("chile quake" / "china quake"): how many
    swaps are joined, and how many decorated copies still are. BBC headlines; the places
    are found in them by the gazetteer, the swaps drawn from a fixed list."""
    rng = random.Random(11)
    heads = _bbc_headlines()
    texts: list[str] = []
    for head, found in zip(heads, gazetteer().mentions(heads), strict=True):
        if found and len(head.split()) >= 4:
            other = rng.choice([c for c in SWAP_COUNTRIES if c != found[0].text])
            texts += [head.lower(), head.replace(found[0].text, other, 1).lower(),
                      "update 1-" + head.lower()]
    label = _assignments(len(texts), DedupConfig(), texts)
    groups = range(0, len(texts), 3)
    swaps = sum(label[i] == label[i + 1] for i in groups)
    kept = sum(label[i] == label[i + 2] for i in groups)
    return {"eval": "dedup place swaps in lower case (BBC headlines)", "pairs": len(groups),
            "swaps kept apart": round(1 - swaps / len(groups), 3),
            "copies joined": round(kept / len(groups), 3)}


def lowercase_feed() -> dict[str, object]:
    """A lower-case wire feed: each BBC headline with its garbled copies (decorations the
    stripper does not list, a misspelt word), and for half of those that name a place, the
    same headline with another country (a different story, a hard negative). Pairwise
    precision, recall and F1 over the whole batch, and how many swaps join their original."""
    rng = random.Random(5)
    heads = [h for h in _bbc_headlines() if len(h.split()) >= 4]
    texts: list[str] = []
    gold: list[str] = []
    swaps: list[tuple[int, int]] = []
    for k, (head, found) in enumerate(zip(heads, gazetteer().mentions(heads), strict=True)):
        original = len(texts)
        for copy in (head, *_faulty_copies(head, rng)):
            texts.append(copy.lower())
            gold.append(f"story {k}")
        if found and rng.random() < 0.5:
            other = rng.choice([c for c in SWAP_COUNTRIES if c != found[0].text])
            swaps.append((original, len(texts)))
            texts.append(head.replace(found[0].text, other, 1).lower())
            gold.append(f"swap {k}")
    label = _assignments(len(texts), DedupConfig(), texts)
    p, r, f = _pairwise(label, gold)
    return {"eval": "dedup lower-case feed (BBC headlines, garbled copies, place swaps)",
            "headlines": len(texts), "stories": len(set(gold)), "P": p, "R": r, "F1": f,
            "swaps joined": round(sum(label[a] == label[b] for a, b in swaps) / len(swaps), 3)}


def sts_extremes() -> dict[str, object]:
    """STS headline pairs people rated near-identical (>= 4.5 of 5) joined, and pairs they
    rated unrelated (< 1) never."""
    pairs = [(a, b, score) for a, b, score in sts_scored()]
    texts = [t for a, b, _ in pairs for t in (a, b)]
    label = _assignments(len(texts), DedupConfig(), texts)
    joined = [label[2 * k] == label[2 * k + 1] for k in range(len(pairs))]
    near = [j for j, (_, _, score) in zip(joined, pairs, strict=True) if score >= 4.5]
    unrelated = [j for j, (_, _, score) in zip(joined, pairs, strict=True) if score < 1]
    return {"eval": "dedup STS headline pairs at the ends of the scale",
            "near-identical": len(near), "near-identical joined": sum(near),
            "unrelated": len(unrelated), "unrelated joined": sum(unrelated)}


def run() -> list[dict[str, object]]:
    config = DedupConfig()
    titles, gold, published = _samples()
    pred = _assignments(len(titles), config, titles, published)
    p, r, f = _pairwise(pred, gold)
    rows: list[dict[str, object]] = [{
        "eval": "dedup headlines (samples/dump.jsonl)", "pairs P": p, "R": r, "F1": f,
        "ARI": adjusted_rand_index(pred, gold)}]
    rows += sweep()
    for name, measure in (("representative", representatives), ("place swaps", place_swaps),
                          ("lower-case feed", lowercase_feed), ("STS extremes", sts_extremes)):
        try:
            rows.append(measure())
        except Missing as exc:
            print(f"dedup {name}: skipped ({exc})")
    for name, load_pairs in (("SemEval STS headlines, >= 4 of 5", sts_pairs),
                             ("MRPC paraphrase pairs", mrpc_pairs)):
        try:
            pairs = load_pairs()
        except Missing as exc:
            print(f"dedup on {name}: skipped ({exc})")
            continue
        p, r, f = _pairs_score(pairs, config)
        rows.append({"eval": f"dedup pairs ({name})", "pairs": len(pairs),
                     "positives": sum(pos for _, _, pos in pairs), "P": p, "R": r, "F1": f})
    return rows
