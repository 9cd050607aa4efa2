"""flag: off-topic intrusions (ROC-AUC, precision at 80% recall, next to a TF-IDF
leave-one-out baseline) on the held-out half of the BBC articles; the share of each
flag on those articles as they are (nothing stitched in); low_quality on machine
translation scored by people (MLQE-PE dev splits); the seed example."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from cleaner.check import DEFAULT_LIMITS, pasted_passage
from cleaner.document import Document
from cleaner.flags import NAMES, Flag, FlagConfig, Flagger
from cleaner.flags.language import profiles
from cleaner.flags.low_quality import builtin_fluency, verdict
from cleaner.flags.news import CorpusCounts, Idf, builtin_model
from cleaner.flags.off_topic import off_topic
from cleaner.flags.places import gazetteer
from cleaner.normalize import Normalize
from cleaner.split import Split

from .common import data_path
from .heldout import donor_pools, heldout_articles, pasted, stitched
from .intrusion import (
    article_sentences,
    article_text,
    bbc_articles,
    corpus_counts,
    intrusions,
    precision_at_recall,
    roc_auc,
    scored_rows,
    tfidf_loo,
    word_salad,
)
from .mlqe import BAD_MT, GOOD_MT, translations


def intrusion_rows() -> list[dict[str, Any]]:
    model = builtin_model()
    assert model is not None, "the news model is missing: run make model"
    articles = bbc_articles("eval")
    places = gazetteer()
    rows = []
    for kind, label, short in (("topic", "different topic", False),
                               ("story", "same topic, other story", False),
                               ("topic", "different topic, short documents", True),
                               ("story", "same topic, other story, short documents", True)):
        cases = list(intrusions(articles, kind, short=short))
        counts = corpus_counts(cases)
        idf = Idf(model, counts)
        ours, base, labels = [], [], []
        sentences = 0
        started = time.perf_counter()
        for case in cases:
            body, heads = scored_rows(case.text)
            ours.append([v.score for v in off_topic(body, heads, model, idf, places)])
            labels.append([s == case.intruder for s in body])
            sentences += len(body)
        seconds = time.perf_counter() - started
        for case in cases:
            body, heads = scored_rows(case.text)
            base.append(tfidf_loo(body, heads, counts))
        y = np.concatenate([np.array(lab, dtype=float) for lab in labels])
        ours_s, base_s = np.concatenate(ours), np.concatenate(base)
        threshold = model.calibration["threshold"]
        sizes = np.concatenate([[len(lab)] * len(lab) for lab in labels])
        short = sizes < np.median(sizes)
        rows.append({
            "eval": f"flag off_topic intrusions ({label})",
            "documents": len(cases),
            "sentences": sentences,
            "ROC-AUC": round(roc_auc(y, ours_s), 4),
            "P@80%R": round(precision_at_recall(y, ours_s), 4),
            "baseline ROC-AUC": round(roc_auc(y, base_s), 4),
            "baseline P@80%R": round(precision_at_recall(y, base_s), 4),
            "sentences/s (with split)": round(sentences / seconds),
        })
        for name, part in (("shorter", short), ("longer", ~short)):
            flagged = ours_s[part] >= threshold
            rows.append({
                "eval": f"flag off_topic at its threshold {threshold} ({label}, {name} half of documents)",
                "precision": round(float(y[part][flagged].mean()) if flagged.any() else 0.0, 4),
                "recall": round(float(flagged[y[part] == 1].mean()), 4),
            })
    return rows


def fluency_rows() -> list[dict[str, Any]]:
    """Word salad (three neighbouring words swapped) against the held-out sentences it
    came from; the seed's machine-translated sentences against its other sentences."""
    fluency = builtin_fluency()
    assert fluency is not None
    rng = random.Random(0)
    fluent = [s for s in article_sentences(bbc_articles("eval")) if len(s.split()) >= 8]
    salads = [word_salad(s, rng) for s in fluent]
    scores = np.array([v or 0.0 for v in fluency.scores(fluent + salads)])
    y = np.array([0.0] * len(fluent) + [1.0] * len(salads))
    n = len(fluent)
    return [{
        "eval": "flag low_quality fluency: word salad vs held-out BBC sentences",
        "sentences": n,
        "ROC-AUC": round(roc_auc(y, scores), 4),
        "fluent >= 0.9": round(float((scores[:n] >= 0.9).mean()), 4),
        "salad >= 0.9": round(float((scores[n:] >= 0.9).mean()), 4),
    }]


def clean_article_rows() -> list[dict[str, Any]]:
    """The share of body sentences each flag marks at its default threshold on the
    held-out BBC articles as published: every flag there is a false one (or a sentence
    a reader would call odd too)."""
    docs = [Document(id=str(a.path), text=article_text(a.headline, a.paragraphs))
            for a in bbc_articles("eval")]
    docs = list(Split()(Normalize()(docs)))
    flagger = Flagger(FlagConfig(), CorpusCounts.of(doc.clean_text for doc in docs))
    flagger.annotate_many(docs)
    sentences = [s for doc in docs for seg in doc.cleaner["segments"] if seg["kind"] == "body"
                 for s in seg["sentences"]]
    flagged = {name: sum(any(f["name"] == name for f in s["flags"]) for s in sentences) for name in NAMES}
    return [{
        "eval": "flag rates on held-out BBC articles as published (nothing stitched in)",
        "documents": len(docs),
        "sentences": len(sentences),
        **{f"{name} flagged": round(flagged[name] / len(sentences), 4) for name in NAMES},
    }]


def mlqe_rows() -> list[dict[str, Any]]:
    """low_quality on machine-translated English (MLQE-PE dev splits): bad translations
    (people's mean below BAD_MT) against good ones (GOOD_MT and above), by the fluency
    model alone and by the whole verdict (rules and fluency), per pair and over all
    three; and the share of articles (with both kinds) whose sentence ranked first by
    low_quality is a bad one, next to that share by chance (each article's share of bad
    ones)."""
    fluency = builtin_fluency()
    assert fluency is not None
    rows = [t for t in translations("dev") if t.mean < BAD_MT or t.mean >= GOOD_MT]
    common = profiles().get("en")
    out = []
    for pair in [*sorted({t.pair for t in rows}), "all"]:
        part = [t for t in rows if pair in (t.pair, "all")]
        texts = [t.text for t in part]
        y = np.array([t.mean < BAD_MT for t in part], dtype=float)
        fluent = fluency.scores(texts)
        fluency_s = np.array([v or 0.0 for v in fluent])
        whole = np.array([verdict(t, v, common).score or 0.0 for t, v in zip(texts, fluent, strict=True)])
        flagged = whole >= FlagConfig().low_quality
        firsts, chance = [], []
        for article in sorted({(t.pair, t.article) for t in part}):
            at = [i for i, t in enumerate(part) if (t.pair, t.article) == article]
            if 0 < y[at].sum() < len(at):
                firsts.append(y[at][int(np.argmax(whole[at]))])
                chance.append(y[at].mean())
        out.append({
            "eval": f"flag low_quality on MLQE-PE dev ({pair}): mean < {BAD_MT} vs >= {GOOD_MT}",
            "bad": int(y.sum()),
            "good": int(len(y) - y.sum()),
            "fluency ROC-AUC": round(roc_auc(y, fluency_s), 4),
            "low_quality ROC-AUC": round(roc_auc(y, whole), 4),
            "bad ranked first in its article": round(float(np.mean(firsts)), 4),
            "by chance": round(float(np.mean(chance)), 4),
            "articles": len(firsts),
            "bad flagged": round(float(flagged[y == 1].mean()), 4),
            "good flagged": round(float(flagged[y == 0].mean()), 4),
        })
    return out


def seed_rows() -> list[dict[str, Any]]:
    text = data_path("..", "examples", "deir-ez-zor.txt").read_text("utf-8")
    expected = json.loads(data_path("..", "examples", "deir-ez-zor.expected.json").read_text("utf-8"))
    doc = Document(id="seed", text=text)
    [doc] = Flag()(Split()(Normalize()([doc])))
    sentences = [s for seg in doc.cleaner["segments"] if seg["kind"] == "body" for s in seg["sentences"]]
    ranked = sorted(sentences, key=lambda s: -s["scores"]["off_topic"])
    quality = {s["text"]: s["scores"]["low_quality"] for s in sentences}
    others = [v for t, v in quality.items() if t not in expected["low_quality_sentences"]]
    above = [sum(v < quality[t] for v in others) / len(others) for t in expected["low_quality_sentences"]]
    return [{
        "eval": "flag seed example (deir-ez-zor)",
        "off-topic sentence ranked": 1 + [s["text"] for s in ranked].index(
            expected["off_topic_sentences"][0]),
        "off_topic score": ranked[0]["scores"]["off_topic"],
        "language flags": doc.cleaner["flagged"]["language"],
        "MT sentences above share of others (min)": round(min(above), 4),
    }]


PREVALENCE = 20  # one article in this many carries a paste: the corpus precision is given for


DEFAULTS = FlagConfig()
OFF_TOPIC_SWEEP = (0.2, 0.3, 0.5)  # thresholds over the default: fewer false flags, fewer finds


def flagged_sentences(texts: list[str], config: FlagConfig = DEFAULTS
                       ) -> tuple[list[list[dict[str, Any]]], float]:
    """Each text's body segments (sentences with their scores and flags) after normalize,
    split and flag with the corpus counts of these texts, and the off_topic threshold."""
    docs = list(Split()(Normalize()([Document(id=str(i), text=t) for i, t in enumerate(texts)])))
    flagger = Flagger(config, CorpusCounts.of(doc.clean_text for doc in docs))
    flagger.annotate_many(docs)
    return ([[seg for seg in doc.cleaner["segments"] if seg["kind"] == "body"] for doc in docs],
            flagger.thresholds["off_topic"])


def heldout_rows(config: FlagConfig = DEFAULTS, option: str = "",
                 pasted_limit: float = DEFAULT_LIMITS["max_pasted_rate"],
                 sweep: Sequence[float] = ()) -> list[dict[str, Any]]:
    """off_topic on articles from sources nothing was fitted on (heldout.py): one stitched
    sentence and one pasted paragraph of 2-4 sentences, from another topic and from the
    same topic; ROC-AUC by sentence (and by paragraph for pastes: a paragraph scores the
    mean of its sentences), precision and recall at the default threshold for a corpus
    where one article in PREVALENCE carries a paste, and the flags on the clean hosts
    (`option`: the command-line option `config` stands for, named in every row;
    `pasted_limit`: check's --max-pasted-rate for it; `sweep`: other off_topic thresholds
    to give the same figures at, `_sweep_rows`)."""
    articles = heldout_articles()
    clean, threshold = flagged_sentences([article_text(a.headline, a.paragraphs) for a in articles], config)
    clean_sentences = [s["scores"]["off_topic"] for doc in clean for seg in doc for s in seg["sentences"]]
    clean_scores = np.array([v for v in clean_sentences if v is not None])
    fp_clean = float((clean_scores >= threshold).sum()) / len(clean)
    flags = Counter(flag["name"] for doc in clean for seg in doc for s in seg["sentences"]
                    for flag in s["flags"])
    rows = [{
        "eval": f"flag rates on held-out articles as published (nothing stitched in){option}",
        "documents": len(articles),
        "sentences": len(clean_sentences),
        **{f"{name} flagged": round(flags[name] / len(clean_sentences), 4)
           for name in ("off_topic", "language", "low_quality")},
    }]
    clean_pasted = _pasted_share(clean)
    scored: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, int]] = {}
    for kind, kind_label in (("topic", "other topic"), ("story", "same topic")):
        by_index = donor_pools(articles, kind)
        pools = [[articles[j] for j in pool] for pool in by_index]
        for unit, build in (("sentence", stitched), ("paragraph", pasted)):
            found = list(build(articles, pools, f"heldout-{kind}-{unit}"))
            segments, _ = flagged_sentences([case.text for case, _ in found], config)
            if unit == "paragraph":
                rows.append(_gate_row(kind_label + option, clean_pasted, _pasted_share(segments),
                                      pasted_limit))
            scores, labels, doc_of, seg_scores, seg_labels = [], [], [], [], []
            for d, ((_, paste), doc) in enumerate(zip(found, segments, strict=True)):
                inside = set(paste)
                for seg in doc:
                    values = [s["scores"]["off_topic"] for s in seg["sentences"]]
                    if not values or values[0] is None:
                        continue
                    hits = [s["text"] in inside for s in seg["sentences"]]
                    scores += values
                    labels += hits
                    doc_of += [d] * len(values)
                    seg_scores.append(float(np.mean(values)))
                    seg_labels.append(all(hits))
            y, x = np.array(labels, dtype=float), np.array(scores)
            flagged = x >= threshold
            n_docs = len(found)
            tp = float((flagged & (y == 1)).sum()) / n_docs
            fp_host = float((flagged & (y == 0)).sum()) / n_docs
            row = {
                "eval": f"flag off_topic held-out {unit} ({kind_label}){option}",
                "documents": n_docs,
                "sentences": len(y),
                "ROC-AUC": round(roc_auc(y, x), 4),
            }
            if unit == "paragraph":
                row["paragraph ROC-AUC"] = round(roc_auc(np.array(seg_labels, dtype=float),
                                                         np.array(seg_scores)), 4)
                half = np.bincount(np.array(doc_of)[(y == 1) & flagged], minlength=n_docs) * 2 >= \
                    np.bincount(np.array(doc_of)[y == 1], minlength=n_docs)
                row["pastes half flagged"] = round(float(half.mean()), 4)
            row.update({
                f"precision (1 in {PREVALENCE})": round(_corpus_precision(tp, fp_host, fp_clean), 4),
                "precision (every document)": round(tp / (tp + fp_host), 4) if tp else 0.0,
                "recall": round(float(flagged[y == 1].mean()), 4),
            })
            rows.append(row)
            scored[(kind, unit)] = (x, y == 1, n_docs)
    return rows + _sweep_rows((threshold, *sweep) if sweep else (), clean, scored, option)


def _corpus_precision(tp: float, fp_host: float, fp_clean: float) -> float:
    """Precision where one article in PREVALENCE carries a paste, from flags per document:
    true and false ones on the documents with a paste, false ones on clean articles."""
    return tp / (tp + fp_host + (PREVALENCE - 1) * fp_clean) if tp else 0.0


def _sweep_rows(thresholds: Sequence[float], clean: list[list[dict[str, Any]]],
                scored: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, int]],
                option: str) -> list[dict[str, Any]]:
    """What raising --off-topic-threshold trades, from the scores already worked out: the
    clean articles' sentences and articles flagged, against pasted paragraphs' precision
    (every document, and 1 in PREVALENCE) and recall, and stitched sentences' recall
    (both from another topic)."""
    per_doc = [np.array([v for seg in doc for s in seg["sentences"]
                         if (v := s["scores"]["off_topic"]) is not None]) for doc in clean]
    n_sentences = sum(len(seg["sentences"]) for doc in clean for seg in doc)
    x, y, n_docs = scored[("topic", "paragraph")]
    stitched, is_stitched, _ = scored[("topic", "sentence")]
    rows = []
    for t in thresholds:
        clean_flags = np.array([float((d >= t).sum()) for d in per_doc])
        found = x[y] >= t
        tp, fp = float(found.sum()), float((x[~y] >= t).sum())
        rows.append({
            "eval": f"flag off_topic held-out at threshold {t}{option}",
            "clean sentences flagged": round(clean_flags.sum() / n_sentences, 4),
            "clean articles flagged": round(float((clean_flags > 0).mean()), 4),
            "pasted paragraph precision (every document)": round(tp / (tp + fp), 4) if tp else 0.0,
            f"pasted paragraph precision (1 in {PREVALENCE})":
                round(_corpus_precision(tp / n_docs, fp / n_docs, clean_flags.sum() / len(clean)), 4),
            "pasted paragraph recall": round(float(found.mean()), 4),
            "stitched sentence recall": round(float((stitched[is_stitched] >= t).mean()), 4),
        })
    return rows


def _pasted_share(documents: list[list[dict[str, Any]]]) -> float:
    """The share of documents (their body segments) holding a passage check counts as pasted."""
    return float(np.mean([bool(pasted_passage(doc)) for doc in documents]))


def _gate_row(kind_label: str, clean: float, pasted_docs: float, limit: float) -> dict[str, Any]:
    """check's pasted-passage `limit` on the clean held-out articles and on the same corpus
    with a paragraph pasted into one article in ten."""
    mixed = 0.9 * clean + 0.1 * pasted_docs
    return {"eval": f"check max_pasted_rate on held-out articles ({kind_label} pastes in 10%)",
            "limit": limit, "clean rate": round(clean, 4), "pasted documents caught": round(pasted_docs, 4),
            "rate with 10% pasted": round(mixed, 4), "clean passes": clean <= limit,
            "10% pasted fails": mixed > limit}


def run() -> list[dict[str, Any]]:
    return (seed_rows() + heldout_rows(sweep=OFF_TOPIC_SWEEP)
            + heldout_rows(FlagConfig(rare_strays=True), " with --rare-strays") + intrusion_rows()
            + fluency_rows() + clean_article_rows() + mlqe_rows())


# The --max-pasted-rate the README gives for gating with the second look: halfway between
# a clean BBC corpus (0.0%) and the same with pastes in 10% of its articles (7.8%).
SECOND_LOOK_PASTED_LIMIT = 0.04


def second_look_rows() -> list[dict[str, Any]]:
    """The held-out rows again with off_topic's second look (`--second-look`), whose
    weights were fitted on BBC alone."""
    return heldout_rows(FlagConfig(second_look=True), " with --second-look", SECOND_LOOK_PASTED_LIMIT)
