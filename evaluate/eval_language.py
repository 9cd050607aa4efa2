"""language: langdetect on short single sentences, with and without a document prior;
foreign sentences inside English news articles."""

from __future__ import annotations

import random
import time
from typing import Any

from cleaner.language import detect, document_language, sentence_verdicts

from .common import data_path
from .intrusion import article_text, bbc_articles, scored_rows

PER_LANGUAGE = 200  # sentences per language from the held-out half


def held_out_sentences() -> dict[str, list[str]]:
    """The second half of each language's sentences (the first built the profiles)."""
    out = {}
    for path in sorted(data_path("lingua-sentences").glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
        out[path.stem] = lines[len(lines) // 2:][:PER_LANGUAGE]
    return out


def short_sentence_rows(sentences: dict[str, list[str]]) -> list[dict[str, Any]]:
    plain = prior_en = english_kept = total = 0
    langs = 0
    foreign_found = foreign = 0
    per_language: dict[str, float] = {}
    started = time.perf_counter()
    for lang, lines in sentences.items():
        hits = 0
        for line in lines:
            best = detect(line)
            hits += bool(best) and best[0][0] == lang
            if lang == "en":
                english_kept += (detect(line, prior="en") or [("?", 0)])[0][0] == "en"
            else:
                foreign += 1
                foreign_found += (detect(line, prior="en") or [("en", 0)])[0][0] != "en"
        per_language[lang] = hits / len(lines)
        plain += hits
        total += len(lines)
        langs += 1
    seconds = time.perf_counter() - started
    prior_en = english_kept / len(sentences.get("en", [1]))
    worst = sorted(per_language.items(), key=lambda kv: kv[1])[:5]
    return [{
        "eval": "language of short sentences (lingua-sentences)",
        "languages": langs,
        "sentences": total,
        "langdetect accuracy": round(plain / total, 4),
        "English accuracy without prior": round(per_language.get("en", 0), 4),
        "English accuracy with en prior": round(prior_en, 4),
        "foreign detected as not English with en prior": round(foreign_found / max(foreign, 1), 4),
        "worst languages": ", ".join(f"{k} {v:.2f}" for k, v in worst),
        "detections/s": round((total + total) / seconds),
    }]


def mixed_article_rows(sentences: dict[str, list[str]], seed: int = 3) -> list[dict[str, Any]]:
    """One foreign sentence inserted into each held-out English BBC article."""
    rng = random.Random(seed)
    foreign = [(lang, s) for lang, lines in sorted(sentences.items()) if lang != "en" for s in lines
               if len(s.split()) >= 4]
    caught = articles = own_flagged = own_total = 0
    started = time.perf_counter()
    scored = 0
    for article in bbc_articles("eval"):
        _, line = rng.choice(foreign)
        paragraphs = list(article.paragraphs)
        i = rng.randrange(len(paragraphs))
        paragraphs[i] = f"{paragraphs[i]} {line}"
        body, _ = scored_rows(article_text(article.headline, paragraphs))
        doc_lang, _ = document_language(" ".join(body))
        verdicts = sentence_verdicts(body, doc_lang)
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
        "eval": "language: a foreign sentence in an English article (bbc_news + lingua)",
        "articles": articles,
        "foreign sentence scored >= 0.5": round(caught / articles, 4),
        "own sentences scored >= 0.5": round(own_flagged / own_total, 4),
        "sentences/s": round(scored / seconds),
    }]


def run() -> list[dict[str, Any]]:
    sentences = held_out_sentences()
    return short_sentence_rows(sentences) + mixed_article_rows(sentences)
