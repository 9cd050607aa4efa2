"""One dedup method on one synthetic file, in its own process so peak RSS is its own.

Every method starts from the raw headlines and folds them the same way (cleaner's
batch `fold_many`, timed), then shingles the folded text into character k-grams.

`python -m bench.dedup_worker METHOD N FILE_SIZE` prints JSON: seconds, peak RSS, and the pairs
it put together among the first SUBSET headlines (for recall).
"""

from __future__ import annotations

import json
import resource
import sys
import time

from cleaner.dedup import DedupConfig, cluster_texts
from cleaner.dedup.lsh import band_params
from cleaner.text import fold_many

from .dedup_data import load

SUBSET = 20_000
CONFIG = DedupConfig()


def char_shingles(folded: str, k: int = CONFIG.shingle_size) -> list[str]:
    """The same shingles cleaner uses: character k-grams of the folded text."""
    if len(folded) <= k:
        return [folded] if folded else []
    return [folded[i:i + k] for i in range(len(folded) - k + 1)]


def run_cleaner(headlines: list[str]) -> set[tuple[int, int]]:
    pairs = set()
    for cluster in cluster_texts(headlines, CONFIG):
        inside = [m for m in cluster.members if m < SUBSET]
        pairs.update((a, b) for i, a in enumerate(inside) for b in inside[i + 1:])
    return pairs


def run_datasketch(headlines: list[str]) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=CONFIG.threshold, num_perm=CONFIG.num_perm)
    pairs = set()
    for i, text in enumerate(fold_many(headlines)):
        minhash = MinHash(num_perm=CONFIG.num_perm, seed=CONFIG.seed)
        for gram in char_shingles(text):
            minhash.update(gram.encode("utf-8"))
        if i < SUBSET:
            pairs.update((j, i) for j in lsh.query(minhash))
        lsh.insert(i, minhash)
    return pairs


def run_rensa(headlines: list[str]) -> set[tuple[int, int]]:
    from rensa import RMinHash, RMinHashLSH

    # rensa needs num_perm divisible by the bands: the same bands and rows as cleaner and
    # datasketch (25 x 5 at threshold 0.5), so 125 permutations instead of 128.
    bands, rows = band_params(CONFIG.threshold, CONFIG.num_perm)
    lsh = RMinHashLSH(CONFIG.threshold, bands * rows, bands)
    pairs = set()
    for i, text in enumerate(fold_many(headlines)):
        minhash = RMinHash(num_perm=bands * rows, seed=CONFIG.seed)
        minhash.update(char_shingles(text))
        if i < SUBSET:
            pairs.update((j, i) for j in lsh.query(minhash))
        lsh.insert(i, minhash)
    return pairs


def run_rensa_dedup(headlines: list[str]) -> set[tuple[int, int]]:
    """rensa doing the whole job cleaner does: every headline queried against those
    before it and inserted, candidate pairs joined into clusters (union-find); pairs
    are cluster co-members, as for cleaner."""
    from rensa import RMinHash, RMinHashLSH

    bands, rows = band_params(CONFIG.threshold, CONFIG.num_perm)
    lsh = RMinHashLSH(CONFIG.threshold, bands * rows, bands)
    parent = list(range(len(headlines)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, text in enumerate(fold_many(headlines)):
        minhash = RMinHash(num_perm=bands * rows, seed=CONFIG.seed)
        minhash.update(char_shingles(text))
        for j in lsh.query(minhash):
            a, b = find(j), find(i)
            if a != b:
                parent[max(a, b)] = min(a, b)
        lsh.insert(i, minhash)
    groups: dict[int, list[int]] = {}
    for i in range(min(SUBSET, len(headlines))):
        groups.setdefault(find(i), []).append(i)
    return {(a, b) for g in groups.values() for k, a in enumerate(g) for b in g[k + 1:]}


METHODS = {"cleaner": run_cleaner, "datasketch": run_datasketch, "rensa": run_rensa,
           "rensa-dedup": run_rensa_dedup}


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss survives exec from the parent)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    method, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    headlines = load(size)[0][:n]  # the first n of one file: the recall subset is shared
    start = time.perf_counter()
    pairs = METHODS[method](headlines)
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    print(json.dumps({"method": method, "n": n, "seconds": seconds, "rss_mb": rss_mb,
                      "pairs": sorted(pairs)}))


if __name__ == "__main__":
    main()
