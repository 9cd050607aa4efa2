"""normalize throughput next to raw ftfy.fix_text, on the same text in the same run."""

from __future__ import annotations

import time
from collections.abc import Callable

import ftfy

from cleaner.normalize import normalize_text

from .corpus import corpus


def _mb_per_s(fn: Callable[[str], object], docs: list[str], repeats: int = 3) -> float:
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return size / best


def run(quick: bool = False) -> list[dict[str, object]]:
    size = 1_000_000 if quick else 4_000_000
    rows = []
    for kind in ("clean", "mojibake"):
        docs = corpus(size, kind)
        ours = _mb_per_s(normalize_text, docs)
        raw = _mb_per_s(ftfy.fix_text, docs)
        rows.append({
            "bench": f"normalize ({kind} news)",
            "cleaner MB/s": round(ours, 2),
            "ftfy.fix_text MB/s": round(raw, 2),
            "speed-up": round(ours / raw, 1),
        })
    return rows
