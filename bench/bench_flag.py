"""flag throughput on one core: body sentences per second through the flag stage alone
(after normalize and split, which bench_split measures), with each part timed."""

from __future__ import annotations

import time

from threadpoolctl import threadpool_limits

from cleaner.document import Document
from cleaner.flags import Flag, FlagConfig
from cleaner.flags.language import _langdetect, document_language, sentence_verdicts
from cleaner.flags.news import CorpusCounts
from cleaner.flags.places import gazetteer
from cleaner.flags.second_look import SecondLookMissing, encoder
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
    sentences = _body_sentences(docs)
    gazetteer()  # loaded once per process; timed apart
    seconds = _seconds(Flag(corpus=corpus), docs)
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
    }, *_second_look(docs[:SECOND_LOOK_DOCS], corpus)]


SECOND_LOOK_DOCS = 300  # the embedding model reads tens of sentences a second


def _second_look(docs: list[Document], corpus: CorpusCounts) -> list[dict[str, object]]:
    """flag --second-look on some of the same documents (the model loaded beforehand)."""
    try:
        encoder()
    except SecondLookMissing as exc:
        print(f"bench flag --second-look: skipped ({exc})")
        return []
    sentences = _body_sentences(docs)
    seconds = _seconds(Flag(FlagConfig(second_look=True), corpus=corpus), docs)
    return [{"bench": "flag --second-look (BBC articles, one core, after split)", "docs": len(docs),
             "sentences": sentences, "sentences/s": round(sentences / seconds),
             "docs/s": round(len(docs) / seconds, 1)}]


def _body_sentences(docs: list[Document]) -> int:
    return sum(len(seg["sentences"]) for d in docs for seg in d.cleaner["segments"] if seg["kind"] == "body")


def _seconds(stage: Flag, docs: list[Document]) -> float:
    """How long the stage takes over the documents."""
    start = time.perf_counter()
    for _ in stage(iter(docs)):
        pass
    return time.perf_counter() - start
