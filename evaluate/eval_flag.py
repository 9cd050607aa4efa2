"""flag: off-topic intrusions (ROC-AUC, precision at 80% recall, next to a TF-IDF
leave-one-out baseline) on the held-out half of the BBC articles; the seed example."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from cleaner.news import Idf, builtin_model
from cleaner.places import gazetteer
from cleaner.topic import off_topic

from .intrusion import bbc_articles, corpus_counts, intrusions, precision_at_recall, roc_auc, scored_rows


def intrusion_rows() -> list[dict[str, Any]]:
    model = builtin_model()
    assert model is not None, "the news model is missing: run make model"
    articles = bbc_articles("eval")
    places = gazetteer()
    rows = []
    for kind, label in (("topic", "different topic"), ("story", "same topic, other story")):
        cases = list(intrusions(articles, kind))
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
        from .intrusion import tfidf_loo
        for case in cases:
            body, heads = scored_rows(case.text)
            base.append(tfidf_loo(body, heads, counts))
        y = np.concatenate([np.array(lab, dtype=float) for lab in labels])
        ours_s, base_s = np.concatenate(ours), np.concatenate(base)
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
    return rows


def run() -> list[dict[str, Any]]:
    return intrusion_rows()
