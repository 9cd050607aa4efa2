"""dedup speed and memory at 100,000 and 1,000,000 headlines, next to a plain datasketch
loop and rensa on the same shingles, with recall of true pairs so speed is compared at
equal quality. True pairs: exact Jaccard of the shingle sets >= the threshold, among the
first 20,000 headlines of the file.

The datasketch loop runs about 900 headlines a second, so it runs on the first 50,000
headlines only; its docs/s does not depend on the corpus size.

rensa runs twice. `rensa` inserts every headline but queries only the recall subset:
the fastest rensa loop, but it puts no headline past the subset in a cluster.
`rensa-dedup` does the whole job cleaner does: every headline queried against those
before it, then inserted, and the candidate pairs joined into clusters (union-find,
no verification). Precision counts a found pair true when its exact Jaccard reaches
the threshold, so chained cluster members count against it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from cleaner.text import fold_many

from .dedup_data import load
from .dedup_worker import CONFIG, SUBSET, char_shingles

DATASKETCH_CAP = 50_000


def true_pairs(headlines: list[str], threshold: float) -> set[tuple[int, int]]:
    """Pairs whose shingle sets have exact Jaccard >= threshold (sparse products, in chunks)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, text in enumerate(fold_many(headlines)):
        for gram in set(char_shingles(text)):
            rows.append(i)
            cols.append(vocab.setdefault(gram, len(vocab)))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                               shape=(len(headlines), len(vocab)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    found: set[tuple[int, int]] = set()
    for lo in range(0, len(headlines), 1000):
        inter = (matrix[lo:lo + 1000] @ matrix.T).tocoo()
        i, j, shared = inter.row + lo, inter.col, inter.data
        keep = (i < j) & (shared >= threshold * (sizes[i] + sizes[j] - shared))
        found.update(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
    return found


def _worker(method: str, n: int, file_size: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.dedup_worker", method, str(n),
                          str(file_size)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run(quick: bool = False) -> list[dict[str, object]]:
    sizes = [20_000] if quick else [100_000, 1_000_000]
    headlines, _ = load(max(sizes))
    truth = true_pairs(headlines[:SUBSET], CONFIG.threshold)
    rows = []
    for n in sizes:
        for method in ("cleaner", "rensa", "rensa-dedup", "datasketch"):
            size = min(n, DATASKETCH_CAP) if method == "datasketch" else n
            if method == "datasketch" and n != sizes[0]:
                continue  # its rate does not change with size; measured once
            result = _worker(method, size, max(sizes))
            found = {tuple(p) for p in result["pairs"]}
            rows.append({
                "bench": f"dedup {method} ({size:,} headlines)",
                "docs/s": round(size / result["seconds"]),
                "seconds": round(result["seconds"], 1),
                "peak RSS MB": round(result["rss_mb"]),
                "recall of true pairs": round(len(found & truth) / len(truth), 3) if truth else None,
                "precision of pairs": round(len(found & truth) / len(found), 3) if found else None,
                "true pairs": len(truth),
            })
    return rows
