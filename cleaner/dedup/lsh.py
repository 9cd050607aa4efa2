"""Banded LSH over a whole batch of signatures at once, and datasketch's band choice."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

MAX_NEIGHBOURS = 32  # in a large bucket, pair each member with this many after it (still connected)


# datasketch's choice for the default settings (pinned by a test against datasketch):
# asking it costs a SciPy import, over half a second of every small run.
_CHOSEN = {(0.5, 128): (25, 5)}


def band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and negative areas, as
    datasketch's MinHashLSH chooses them for the same threshold and permutations."""
    if (threshold, num_perm) in _CHOSEN:
        return _CHOSEN[threshold, num_perm]
    from datasketch.lsh import _optimal_param  # imports SciPy: only for other settings

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int, seed: int = 1) -> np.ndarray:
    """Unique (i, j), i < j, of rows that share all `rows` values of at least one band."""
    n = signatures.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    empty = (signatures == np.iinfo(np.uint32).max).all(axis=1)  # texts with no shingles
    unique_keys = np.arange(int(empty.sum()), dtype=np.uint64) ^ np.uint64(0xFFFF_FFFF_FFFF)

    def band_pairs(band: int) -> np.ndarray:
        block = signatures[:, band * rows:(band + 1) * rows].astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = (block * weights).sum(axis=1, dtype=np.uint64)
        keys[empty] = unique_keys  # an empty text shares no bucket
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        found = []
        for offset in range(1, MAX_NEIGHBOURS + 1):
            same = np.flatnonzero(sorted_keys[offset:] == sorted_keys[:-offset])
            if not len(same):
                break
            found.append(order[same] * n + order[same + offset])
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        per_band = list(pool.map(band_pairs, range(bands)))
    codes = np.concatenate(per_band).astype(np.int64)
    first, second = codes // n, codes % n
    codes = np.sort(np.minimum(first, second) * n + np.maximum(first, second))
    # unique by sorting: numpy 2's hash-based np.unique measured slower here (1.4 s at 1M)
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return np.stack([codes // n, codes % n], axis=1)
