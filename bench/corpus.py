"""Text for the benchmarks: real news when ../shared/data is there, else the bundled samples."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
BBC = SHARED_DATA / "bbc_news" / "bbc"


def news_articles() -> list[str]:
    """Clean English news articles (BBC corpus, or samples/ when it is absent)."""
    if BBC.is_dir():
        return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(BBC.glob("*/*.txt"))]
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").rglob("*.txt"))]


def typographic(text: str, rng: random.Random) -> str:
    """News as publishers write it: curly quotes, dashes and some accented names."""
    names = ["José", "Müller", "François", "São Paulo", "Zürich", "Dvořák", "Ağca"]
    words = text.split(" ")
    for i in range(0, len(words), 40):
        words[i] = rng.choice(names)
    return " ".join(words).replace("'", "\u2019").replace(" - ", " \u2013 ")


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252: what a misconfigured scraper stores."""
    return text.encode("utf-8").decode("windows-1252", errors="replace")


def corpus(size_bytes: int, kind: str, seed: int = 7) -> list[str]:
    """About `size_bytes` of documents: `clean` news or the same news as `mojibake`."""
    rng = random.Random(seed)
    articles = news_articles()
    out: list[str] = []
    total = 0
    while total < size_bytes:
        text = typographic(rng.choice(articles), rng)
        if kind == "mojibake":
            text = mojibake(text)
        out.append(text)
        total += len(text.encode("utf-8"))
    return out
