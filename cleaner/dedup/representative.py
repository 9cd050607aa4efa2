"""The member that represents each cluster, for all clusters at once.

`cleanest` (the default) judges each copy against the other copies of its story: a
copy a reader would keep carries no decoration, no word most copies lack, lacks no
word most copies have, and neither shouts nor drops the capitals the others keep.
The votes run in numpy over hashed words, clusters batched together: one Python
pass per copy over a million headlines costs more than clustering them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from ..text import Folding
from .chars import classify, code_points, word_runs
from .minhash import span_hashes

BATCH = 50_000  # copies per numpy pass: bounds its arrays (tens of bytes a character)


def representatives(items: np.ndarray, sizes: np.ndarray, texts: Sequence[str],
                    folding: Folding, published: Sequence[str | None] | None,
                    how: str) -> list[int]:
    """The representative of each cluster: `items` holds the clusters' members one cluster
    after another, each in input order, `sizes` how many each has; `folding` is the
    texts' `strip_and_fold`. `how` is a `--representative` policy: cleanest, earliest,
    first or longest."""
    firsts = np.cumsum(sizes) - sizes
    members = items.tolist()
    if how == "cleanest":
        faults = copy_faults(list(map(folding.stripped.__getitem__, members)),
                             folding.decorated[items], sizes)
        dates = np.zeros(len(members), dtype=np.int64)
        if published is not None:  # then the earliest; undated copies last
            dates = np.unique([published[i] or "\uffff" for i in members],
                              return_inverse=True)[1].reshape(-1)
        cluster = np.repeat(np.arange(len(sizes)), sizes)
        # members stand in input order within their cluster: position breaks the last tie
        best = np.lexsort((np.arange(len(members)), dates, faults, cluster))
        return items[best[firsts]].tolist()
    reps = items[firsts].tolist()
    if how == "longest":
        return [min(members[lo:lo + size], key=lambda i: (-len(texts[i]), i))
                for lo, size in zip(firsts.tolist(), sizes.tolist(), strict=True)]
    if how == "earliest" and published is not None:
        for k, (lo, size) in enumerate(zip(firsts.tolist(), sizes.tolist(), strict=True)):
            dated = [i for i in members[lo:lo + size] if published[i]]
            if dated:
                reps[k] = min(dated, key=lambda i: (published[i], i))
    return reps


def copy_faults(stripped: Sequence[str], decorated: Sequence[bool] | np.ndarray,
                sizes: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
    """How far each copy of one story is from the copy a reader would keep, judged against
    the other copies: a decoration (agency prefix, site name), a word most copies lack
    (a misspelling, an unknown decoration), a word most copies have that it lacks (a
    misspelling, a dropped word), and shouting (all capitals) or no capitals where the
    others have them. `stripped` and `decorated`: the copies without their decorations
    and whether they had one (`strip_and_fold`).

    >>> copy_faults(["Nissan names Ghosn successor", "Nissan names Ghosn successor",
    ...              "Nissan names Ghosn sucessor", "NISSAN NAMES GHOSN SUCCESSOR"],
    ...             [False, True, False, False]).tolist()
    [0, 1, 2, 1]

    `sizes`: the copies are many stories', one story after another, this many each (one
    story when None); each story is judged on its own.
    """
    sizes = np.asarray([len(stripped)] if sizes is None else sizes, dtype=np.int64)
    story = np.repeat(np.arange(len(sizes)), sizes)
    uppers, letters = case_counts(stripped)
    capital = uppers > 0
    shouting = (letters >= 8) & (uppers > 0.8 * letters)
    capitalised = np.bincount(story, weights=capital, minlength=len(sizes)) > 0
    return (word_faults(stripped, sizes) + np.asarray(decorated, dtype=bool) + shouting
            + (capitalised[story] & ~capital))


def word_faults(texts: Sequence[str], sizes: np.ndarray) -> np.ndarray:
    """Each copy's words (`\\w+`, case folded) that most copies of its story lack, plus the
    words most copies have that it lacks: its symmetric difference with the story's
    majority. Words are compared by 64-bit hashes, as MinHash compares shingles."""
    faults = np.zeros(len(texts), dtype=np.int64)
    ends = np.cumsum(sizes)
    for first, last in _batches(sizes, BATCH):
        lo, hi = int(ends[first] - sizes[first]), int(ends[last - 1])
        faults[lo:hi] = _batch_word_faults(texts[lo:hi], sizes[first:last])
    return faults


def _batch_word_faults(texts: Sequence[str], sizes: np.ndarray) -> np.ndarray:
    """`word_faults` of whole stories, in one numpy pass."""
    story = np.repeat(np.arange(len(sizes)), sizes)
    points, starts, ends, copy = word_runs(texts, casefold=True)
    word = span_hashes(points, starts, ends)
    # each distinct (word, copy), by word, then by copy: a story's copies stand together
    order = np.lexsort((copy, word))
    word, copy = word[order], copy[order]
    distinct = _changes(word, copy)
    word, copy = word[distinct], copy[distinct]
    new_vote = _changes(word, story[copy])
    vote = np.cumsum(new_vote) - 1
    vote_story = story[copy][new_vote]
    majority = 2 * np.bincount(vote) > sizes[vote_story]
    has = np.bincount(copy, minlength=len(texts))
    shared = np.bincount(copy, weights=majority[vote], minlength=len(texts)).astype(np.int64)
    story_majority = np.bincount(vote_story, weights=majority,
                                 minlength=len(sizes)).astype(np.int64)
    return has + story_majority[story] - 2 * shared


def _changes(*keys: np.ndarray) -> np.ndarray:
    """Where a run of equal key tuples starts, in arrays sorted by those keys."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return change


def _batches(sizes: np.ndarray, limit: int) -> Iterator[tuple[int, int]]:
    """(first, end) of consecutive stories that hold about `limit` copies together; a larger
    story stands alone."""
    ends = np.cumsum(sizes)
    first = 0
    while first < len(sizes):
        start = int(ends[first] - sizes[first])
        end = max(int(np.searchsorted(ends, start + limit, side="right")), first + 1)
        yield first, end
        first = end


def case_counts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's capitals and letters (as `str.isupper` and `str.isalpha` count them,
    character by character), BATCH texts to a numpy pass."""
    uppers = np.zeros(len(texts), dtype=np.int64)
    letters = np.zeros(len(texts), dtype=np.int64)
    for lo in range(0, len(texts), BATCH):
        batch = texts[lo:lo + BATCH]
        points = code_points("".join(batch))
        lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        filled = np.flatnonzero(lengths)
        starts = (np.cumsum(lengths) - lengths)[filled]
        for test, counts in ((str.isupper, uppers), (str.isalpha, letters)):
            if len(filled):
                counts[lo + filled] = np.add.reduceat(classify(points, test), starts,
                                                      dtype=np.int64)
    return uppers, letters
