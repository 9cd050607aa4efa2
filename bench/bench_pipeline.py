"""Whole commands end to end on titled records: what a user's `cleaner dedup` costs.

Each record is a generated headline as `title` and a real news article as `text`, the
shape of a scrape dump. `dedup` needs the titles alone, so its cost should be the
clustering plus reading and writing, not normalizing and splitting every body.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

import orjson

from .bench_memory import peak_rss_mb
from .corpus import news_articles
from .dedup_data import generate

SIZE = 50_000


def titled_records(n: int, folder: Path) -> Path:
    """n JSONL records: a generated headline each, over articles drawn in turn."""
    path = folder / f"titled-{n}.jsonl"
    if not path.exists():
        headlines, _ = generate(n)
        articles = news_articles()
        rng = random.Random(5)
        with path.open("wb") as fh:
            for i, headline in enumerate(headlines):
                record = {"id": f"r{i}", "title": headline, "text": rng.choice(articles)}
                fh.write(orjson.dumps(record) + b"\n")
    return path


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one cleaner command, counted in a process of its
    own: the children of this one include every command a benchmark before ran."""
    peak, seconds = peak_rss_mb([sys.executable, "-m", "cleaner", *args, "--quiet"], dict(os.environ))
    return seconds, peak


def run(quick: bool = False) -> list[dict[str, object]]:
    n = 5_000 if quick else SIZE
    rows = []
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
        data = titled_records(n, Path(tmp))
        out = str(Path(tmp) / "out.jsonl")
        for name, args in (("dedup", ["dedup", str(data), "-o", out]),):
            seconds, rss = _timed(args)
            rows.append({"bench": f"{name} end to end ({n:,} titled records)",
                         "docs/s": round(n / seconds), "seconds": round(seconds, 1),
                         "peak RSS MB": round(rss)})
    return rows
