"""Banded LSH over a whole batch of signatures at once, and the band choice datasketch makes."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# In a large bucket, pair each member with this many after it: still connected through the
# chain, and linear in the bucket where all pairs are quadratic (a templated feed's buckets
# hold thousands). The README says what it was measured to cost.
MAX_NEIGHBOURS = 32


def band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the false positive area below `threshold` plus the false
    negative area above it, equally weighted: the choice datasketch's
    `MinHashLSH(threshold, num_perm)` makes (a test holds it to that), without importing
    SciPy for the integrals.

    A pair of similarity s becomes a candidate with probability 1 - (1 - s^rows)^bands,
    a polynomial of degree at most num_perm, so Gauss-Legendre quadrature with
    num_perm // 2 + 1 nodes integrates it exactly (up to rounding). For each number of
    rows, log(1 - s^rows) at the nodes serves every number of bands. Ties go to the
    fewest bands, then rows, as in datasketch.
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    with np.errstate(divide="ignore"):  # log(0) = -inf where threshold is 0 or 1: still exact
        log_below = np.log(threshold / 2 * nodes + threshold / 2)
        log_above = np.log((1 - threshold) / 2 * nodes + (1 + threshold) / 2)
    error = np.full((num_perm + 1, num_perm + 1), np.inf)  # [bands, rows]
    for rows in range(1, num_perm + 1):
        bands = np.arange(1, num_perm // rows + 1, dtype=float)[:, None]
        with np.errstate(divide="ignore"):
            missed_below = np.exp(bands * np.log1p(-np.exp(rows * log_below)))
            missed_above = np.exp(bands * np.log1p(-np.exp(rows * log_above)))
        false_positive = threshold / 2 * ((1 - missed_below) @ weights)
        false_negative = (1 - threshold) / 2 * (missed_above @ weights)
        error[1:len(bands) + 1, rows] = 0.5 * false_positive + 0.5 * false_negative
    bands, rows = np.unravel_index(np.argmin(error), error.shape)  # the first, by bands then rows
    return int(bands), int(rows)


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
    # unique by sorting: the codes are sorted already, so equal ones are neighbours
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return np.stack([codes // n, codes % n], axis=1)
