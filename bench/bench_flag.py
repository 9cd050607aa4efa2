"""flag throughput on one core: body sentences per second through the flag stage alone
(after normalize and split, which bench_split measures), with each part timed."""

from __future__ import annotations

import time

from threadpoolctl import threadpool_limits

from cleaner.document import Document
from cleaner.flags import Flag
from cleaner.flags.language import _langdetect, document_language, sentence_verdicts
from cleaner.flags.news import CorpusCounts
from cleaner.flags.places import gazetteer
from cleaner.normalize import Normalize
from cleaner.split import Split

from .corpus import news_articles


def run(quick: bool = False) -> list[dict[str, object]]:
    with threadpool_limits(1, user_api="blas"):  # as the cleaner command runs it
        return _run(quick)


def _run(quick: bool) -> list[dict[str, object]]:
    texts = news_articles()[: 200 if quick else 1500]
    docs = list(Split()(Normalize()(Document(id=str(i), text=t) for i, t in enumerate(texts))))
    corpus = CorpusCounts.of(d.clean_text for d in docs)
    sentences = sum(len(seg["sentences"]) for d in docs for seg in d.cleaner["segments"]
                    if seg["kind"] == "body")
    gazetteer()  # loaded once per process; timed apart
    stage = Flag(corpus=corpus)
    start = time.perf_counter()
    for _ in stage(iter(docs)):
        pass
    seconds = time.perf_counter() - start
    bodies = [[s["text"] for seg in d.cleaner["segments"] if seg["kind"] == "body"
               for s in seg["sentences"]] for d in docs]
    _langdetect.cache_clear()  # timed cold, as in the flag run above
    start = time.perf_counter()
    for body in bodies:
        sentence_verdicts(body, document_language(" ".join(body))[0])
    language_seconds = time.perf_counter() - start
    return [{
        "bench": "flag (BBC articles, one core, after split)",
        "docs": len(docs),
        "sentences": sentences,
        "sentences/s": round(sentences / seconds),
        "docs/s": round(len(docs) / seconds),
        "language part sentences/s": round(sentences / language_seconds),
    }]
