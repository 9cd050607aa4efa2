"""MinHash signatures for many texts at once, with numpy: no Python loop per shingle.

Each text's shingles (character k-grams or word n-grams) are hashed with one
polynomial hash over the whole batch (a rolling pass for k-grams, prefix sums for
word spans); the permutations are multiply-add hashes mod 2^32 applied to a chunk
of shingles at a time, and the minimum per text is one `minimum.reduceat`. A text
shorter than one shingle is hashed whole: it still gets a signature of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

_P = np.uint64(0x100000001B3)  # an odd multiplier, so it has an inverse mod 2^64
_PAD = "\x01"  # joins texts; never inside a folded text
CHUNK = 65536  # shingles hashed per block: bounds scratch memory to num_perm * CHUNK * 4 bytes


def _inverse_mod_2_64(a: int) -> int:
    return pow(a, -1, 1 << 64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: spreads polynomial hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


@dataclass(frozen=True)
class Shingles:
    """Hashes of every shingle of every text, grouped by text (offsets into `hashes`)."""

    hashes: np.ndarray  # uint64, all shingles of text i at hashes[offsets[i]:offsets[i+1]]
    offsets: np.ndarray  # int64, len(texts) + 1


def _prefix_hashes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """H[i] = hash of codes[:i]; powers[i] = P^i (all mod 2^64, numpy wraps)."""
    n = len(codes)
    powers = np.empty(n + 1, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        powers[1:] = np.cumprod(np.full(n, _P, dtype=np.uint64))
        inverse = np.empty(n + 1, dtype=np.uint64)
        inverse[0] = 1
        inverse[1:] = np.cumprod(np.full(n, np.uint64(_inverse_mod_2_64(int(_P))), dtype=np.uint64))
        # H[i] = sum_{j<i} c[j] * P^(i-1-j) = P^(i-1) * sum_{j<i} c[j] * P^-j
        weighted = np.cumsum(codes.astype(np.uint64) * inverse[:n], dtype=np.uint64)
        prefix = np.zeros(n + 1, dtype=np.uint64)
        prefix[1:] = powers[:n] * weighted
    return prefix, powers


def _horner(codes: np.ndarray, starts: np.ndarray, size: int, short_starts: np.ndarray,
            short_lengths: np.ndarray) -> np.ndarray:
    """Polynomial hash of the `size` characters at each start, from one rolling pass over
    the whole batch (a multiply-add per character position, in place); texts shorter
    than a shingle are hashed whole and replace their entry."""
    with np.errstate(over="ignore"):
        span = max(len(codes) - size + 1, 0)
        rolling = codes[:span].astype(np.uint64)
        for j in range(1, size):
            rolling *= _P
            rolling += codes[j:span + j]
        hashes = rolling[np.minimum(starts, max(span - 1, 0))] if span else np.zeros(
            len(starts), dtype=np.uint64)
        del rolling
        if len(short_starts):
            whole = np.zeros(len(short_starts), dtype=np.uint64)
            for j in range(size):
                inside = j < short_lengths
                whole[inside] = whole[inside] * _P + codes[short_starts[inside] + j]
            hashes[np.searchsorted(starts, short_starts)] = whole
    return _mix(hashes)


SHORT_SPAN = 32  # spans hashed by Horner's rule; longer ones (rare) from prefix hashes


def span_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each span codes[start:end]: the same polynomial hash either way.
    Short spans (words, word n-grams) by Horner's rule over their own characters, longest
    first so that the spans still being read are always a prefix; a long one from prefix
    hashes over the long spans' characters alone."""
    lengths = ends - starts
    hashes = np.zeros(len(starts), dtype=np.uint64)
    short = np.flatnonzero(lengths <= SHORT_SPAN)
    # longest first: a stable sort of small integers is a radix sort
    order = short[np.argsort((SHORT_SPAN - lengths[short]).astype(np.uint8), kind="stable")]
    first, remaining = starts[order], lengths[order]
    reading = np.zeros(len(order), dtype=np.uint64)
    still = np.searchsorted(-remaining, -np.arange(SHORT_SPAN), side="left")  # lengths > j
    with np.errstate(over="ignore"):
        for j, count in enumerate(still.tolist()):
            if not count:
                break
            reading[:count] *= _P
            reading[:count] += codes[first[:count] + j]
        hashes[order] = reading
        long = np.flatnonzero(lengths > SHORT_SPAN)
        if len(long):
            gathered = np.repeat(starts[long] - np.cumsum(lengths[long]) + lengths[long],
                                 lengths[long]) + np.arange(int(lengths[long].sum()))
            prefix, powers = _prefix_hashes(codes[gathered])
            ends_there = np.cumsum(lengths[long])
            hashes[long] = (prefix[ends_there] - prefix[ends_there - lengths[long]]
                            * powers[lengths[long]])
    return _mix(hashes)


def shingle(texts: Sequence[str], kind: str = "char", size: int = 4) -> Shingles:
    """Hash every `size`-character (kind='char') or `size`-word (kind='word') shingle."""
    if not texts:
        return Shingles(np.empty(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
    joined = _PAD.join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    text_starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    text_ends = text_starts + lengths
    if kind == "char":
        starts, counts = _char_windows(text_starts, lengths, size)
        short = (lengths > 0) & (lengths < size)
        hashes = _horner(codes, starts, size, text_starts[short], lengths[short])
    elif kind == "word":
        starts, ends, owners = _word_windows(codes, text_starts, text_ends, size)
        hashes = span_hashes(codes, starts, ends)
        counts = np.bincount(owners, minlength=len(texts))
    else:
        raise ValueError(f"unknown shingle kind {kind!r}: use 'char' or 'word'")
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Shingles(hashes, offsets)


def _char_windows(text_starts: np.ndarray, lengths: np.ndarray, size: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Start of every k-gram, and how many each text has; a text shorter than k (and
    not empty) has one, itself."""
    total = int(text_starts[-1] + lengths[-1]) if len(lengths) else 0
    valid = np.ones(total + 1, dtype=bool)
    ends = text_starts + lengths
    for back in range(size):  # no k-gram starts in a text's last k-1 characters or its pad
        valid[np.maximum(ends - back, text_starts)] = False
    short = (lengths > 0) & (lengths < size)
    valid[text_starts[short]] = True
    per_text = np.where(lengths >= size, lengths - size + 1, np.minimum(lengths, 1))
    return np.flatnonzero(valid[:total]), per_text


def _word_windows(codes: np.ndarray, text_starts: np.ndarray, text_ends: np.ndarray, size: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spans of every run of `size` words (fewer when the text has fewer)."""
    is_space = (codes == ord(" ")) | (codes == ord(_PAD))
    edges = np.flatnonzero(np.diff(np.concatenate(([0], (~is_space).astype(np.int8), [0]))))
    word_starts, word_ends = edges[0::2], edges[1::2]
    owners = np.searchsorted(text_starts, word_starts, side="right") - 1
    n_words = np.bincount(owners, minlength=len(text_starts))
    first_word = np.concatenate(([0], np.cumsum(n_words)[:-1]))
    per_text = np.where(n_words >= size, n_words - size + 1, np.minimum(n_words, 1))
    shingle_owner = np.repeat(np.arange(len(text_starts)), per_text)
    within = np.arange(per_text.sum()) - np.repeat(np.concatenate(([0], np.cumsum(per_text)[:-1])),
                                                   per_text)
    first = first_word[shingle_owner] + within
    last = np.minimum(first + size, first_word[shingle_owner] + n_words[shingle_owner]) - 1
    return word_starts[first], word_ends[last], shingle_owner


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The multiply-add parameters datasketch's MinHash draws for this seed (scheme
    affine32: `a` odd, so each is a bijection on 32-bit values), so a signature is the
    one a datasketch user gets for the same shingle hashes."""
    rng = np.random.RandomState(seed)
    a = rng.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, which datasketch applies to each shingle hash
    before permuting it."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint32(16))
        x *= np.uint32(0x85EBCA6B)
        x ^= x >> np.uint32(13)
        x *= np.uint32(0xC2B2AE35)
        x ^= x >> np.uint32(16)
    return x


def signatures(shingles: Shingles, num_perm: int = 128, seed: int = 1,
               threads: int | None = None) -> np.ndarray:
    """(n_texts, num_perm) uint32 MinHash signatures; an empty text gets all-max values.

    Blocks of texts are hashed on `threads` threads (default: all cores; numpy
    releases the GIL); each block writes its own rows, so the result does not depend
    on the thread count.
    """
    a, b = permutations(num_perm, seed)
    # the top half of each shingle hash is the 32-bit value datasketch would be given
    values = _fmix32((shingles.hashes >> np.uint64(32)).astype(np.uint32))
    n = len(shingles.offsets) - 1
    out = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    offsets = shingles.offsets
    nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
    blocks = []
    text = 0
    while text < len(nonempty):
        # as many whole texts as fit in one chunk of shingles (at least one)
        lo = offsets[nonempty[text]]
        stop = max(int(np.searchsorted(offsets[nonempty + 1], lo + CHUNK, side="right")), text + 1)
        blocks.append(nonempty[text:stop])
        text = stop

    local = threading.local()  # one scratch buffer per thread, reused: fresh pages are slow

    def hash_block(block: np.ndarray) -> None:
        lo, hi = offsets[block[0]], offsets[block[-1] + 1]
        if getattr(local, "buffer", None) is None or local.buffer.shape[1] < hi - lo:
            local.buffer = np.empty((num_perm, max(CHUNK, hi - lo)), dtype=np.uint32)
        hashed = local.buffer[:, : hi - lo]
        with np.errstate(over="ignore"):
            np.multiply(a[:, None], values[None, lo:hi], out=hashed)
            hashed += b[:, None]
        out[block] = np.minimum.reduceat(hashed, offsets[block] - lo, axis=1).T

    workers = threads or os.cpu_count() or 1
    if workers == 1 or len(blocks) == 1:
        for block in blocks:
            hash_block(block)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(hash_block, blocks))
    return out
