"""split throughput: lines (paragraphs) per second, on news with site furniture glued on."""

from __future__ import annotations

import random
import time

from cleaner.normalize import normalize_text
from cleaner.split import split_text
from cleaner.text import paragraphs

from .corpus import news_articles

NAV = ["Home | World | Business | Politics | Sport", "Skip to main content", "Menu", "Search"]
FOOTER = ["Share this article", "Facebook Twitter WhatsApp Email", "Most Read", "Latest News",
          "Sign up for our morning briefing", "© 2025 Example Media. All rights reserved."]


def pages(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    articles = news_articles()
    out = []
    for _ in range(n):
        nav = rng.sample(NAV, k=rng.randint(0, 3))
        footer = rng.sample(FOOTER, k=rng.randint(1, 5))
        out.append("\n\n".join([*nav, rng.choice(articles).strip(), *footer]))
    return out


def run(quick: bool = False) -> list[dict[str, object]]:
    texts = [normalize_text(t).text for t in pages(300 if quick else 3000)]
    lines = sum(len(paragraphs(t)) for t in texts)
    sentences = 0
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            segments = split_text(text)
            sentences += sum(len(s.get("sentences", ())) for s in segments)
        best = min(best, time.perf_counter() - start)
    return [{
        "bench": "split (news pages with navigation and footers)",
        "docs": len(texts),
        "lines/s": round(lines / best),
        "docs/s": round(len(texts) / best),
        "sentences/s": round(sentences / 3 / best),
    }]
