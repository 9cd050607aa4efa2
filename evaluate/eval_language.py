"""language: langdetect on short single sentences, with and without a document prior;
foreign sentences inside English news articles."""

from __future__ import annotations

import random
import time
from typing import Any

from cleaner.errors import UsageError
from cleaner.flags import FlagConfig, Flagger
from cleaner.flags.language import BACKENDS, detect, langdetect_languages

from .common import data_path
from .intrusion import article_text, bbc_articles, scored_rows

PER_LANGUAGE = 100  # sentences per language from the held-out half


def held_out_sentences() -> dict[str, list[str]]:
    """The second half of each language's sentences (the first built the profiles)."""
    out = {}
    for path in sorted(data_path("lingua-sentences").glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
        out[path.stem] = lines[len(lines) // 2:][:PER_LANGUAGE]
    return out


def short_sentence_rows(sentences: dict[str, list[str]], backend: str) -> list[dict[str, Any]]:
    """Accuracy per sentence with no prior, over all languages and over the ones the
    default backend (langdetect) knows; then, with an English document's prior, how
    many English sentences stay English and how many foreign ones are still caught."""
    supported = langdetect_languages()
    hits = total = hits_supported = total_supported = 0
    english_kept = english = english_plain = foreign_found = foreign = 0
    started = time.perf_counter()
    for lang, lines in sentences.items():
        for line in lines:
            best = (detect(line, backend=backend) or [("?", 0.0)])[0][0]
            with_prior = (detect(line, prior="en", backend=backend) or [("?", 0.0)])[0][0]
            hits += best == lang
            total += 1
            if lang in supported:
                hits_supported += best == lang
                total_supported += 1
            if lang == "en":
                english += 1
                english_kept += with_prior == "en"
                english_plain += best == "en"
            else:
                foreign += 1
                foreign_found += with_prior != "en"
    seconds = time.perf_counter() - started
    return [{
        "eval": f"language of short sentences (lingua-sentences, {backend})",
        "languages": len(sentences),
        "sentences": total,
        "accuracy": round(hits / total, 4),
        "accuracy on langdetect's languages": round(hits_supported / max(total_supported, 1), 4),
        "English without prior": round(english_plain / max(english, 1), 4),
        "English with en prior": round(english_kept / max(english, 1), 4),
        "foreign caught with en prior": round(foreign_found / max(foreign, 1), 4),
        "detections/s": round(2 * total / seconds),
    }]


def mixed_article_rows(sentences: dict[str, list[str]], backend: str, seed: int = 3
                       ) -> list[dict[str, Any]]:
    """One foreign sentence inserted into each held-out English BBC article."""
    rng = random.Random(seed)
    foreign = [(lang, s) for lang, lines in sorted(sentences.items()) if lang != "en" for s in lines
               if len(s.split()) >= 4]
    caught = articles = own_flagged = own_total = 0
    flagger = Flagger(FlagConfig(lang_backend=backend))
    started = time.perf_counter()
    scored = 0
    for article in bbc_articles("eval"):
        _, line = rng.choice(foreign)
        paragraphs = list(article.paragraphs)
        i = rng.randrange(len(paragraphs))
        paragraphs[i] = f"{paragraphs[i]} {line}"
        body, _ = scored_rows(article_text(article.headline, paragraphs))
        _, table = flagger.scores(body, [])
        verdicts = [row["language"] for row in table]
        scored += len(body)
        articles += 1
        # the inserted line may hold several sentences: its longest one must be caught
        foreign_pieces = [(len(sentence), verdict) for sentence, verdict in zip(body, verdicts, strict=True)
                          if sentence in line]
        if foreign_pieces:
            verdict = max(foreign_pieces, key=lambda p: p[0])[1]
            caught += verdict.score is not None and verdict.score >= 0.5
        for sentence, verdict in zip(body, verdicts, strict=True):
            if sentence not in line and line not in sentence:
                own_total += 1
                own_flagged += verdict.score is not None and verdict.score >= 0.5
    seconds = time.perf_counter() - started
    return [{
        "eval": f"language: a foreign sentence in an English article (bbc_news + lingua, {backend})",
        "articles": articles,
        "foreign sentence scored >= 0.5": round(caught / articles, 4),
        "own sentences scored >= 0.5": round(own_flagged / own_total, 4),
        "sentences/s": round(scored / seconds),
    }]


def available(backend: str) -> bool:
    try:
        detect("probe", backend=backend)
    except UsageError:
        return False
    return True


def run() -> list[dict[str, Any]]:
    sentences = held_out_sentences()
    rows = []
    for backend in BACKENDS:
        if not available(backend):
            print(f"language: {backend} skipped (pip install 'cleaner-news[lang]')")
            continue
        rows += short_sentence_rows(sentences, backend) + mixed_article_rows(sentences, backend)
    return rows
