"""Texts' characters as numpy arrays: character classes and word runs for a whole batch,
where a regular expression called once per headline costs more than the work it does."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np


def code_points(text: str) -> np.ndarray:
    """The text's code points; a lone surrogate (from a broken decode) stays one."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def is_word(char: str) -> bool:
    """What a regular expression's \\w matches."""
    return char.isalnum() or char == "_"


def classify(points: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """test(chr(point)) for every code point, through a table of the first plane; the few
    points beyond it (emoji, historic scripts) are tested once each."""
    flags = _plane_table(test)[np.minimum(points, 0xFFFF)]
    beyond = np.flatnonzero(points > 0xFFFF)
    if len(beyond):
        distinct, where = np.unique(points[beyond], return_inverse=True)
        flags[beyond] = np.fromiter(map(test, map(chr, distinct.tolist())), dtype=bool,
                                    count=len(distinct))[where]
    return flags


@functools.cache
def _plane_table(test: Callable[[str], bool]) -> np.ndarray:
    return np.fromiter(map(test, map(chr, range(0x10000))), dtype=bool, count=0x10000)


def word_runs(texts: Sequence[str], casefold: bool = False
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every run of word characters (`\\w+`) in the texts (case folded first, with
    `casefold`): (code points of the texts joined by NUL, the runs' starts and ends there,
    the text each belongs to)."""
    # a NUL between texts is neither a word character nor a space: no run or space crosses
    joined = "\x00".join(texts)
    at_once = casefold and joined.count("\x00") == len(texts) - 1  # no NUL inside a text
    if at_once:
        joined = joined.casefold()  # which can change a text's length ('ß' → 'ss')
    elif casefold:
        texts = [text.casefold() for text in texts]
        joined = "\x00".join(texts)
    points = code_points(joined)
    text_starts = (np.concatenate(([0], np.flatnonzero(points == 0) + 1)) if at_once
                   else _starts_of(texts))
    starts, ends = _runs(classify(points, is_word))
    owner = np.searchsorted(text_starts, starts, side="right") - 1
    return points, starts, ends, owner


def _runs(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of True."""
    edges = np.zeros(len(flags) + 1, dtype=bool)  # where a run starts or ends
    if len(flags):
        edges[0], edges[-1] = flags[0], flags[-1]
        np.not_equal(flags[1:], flags[:-1], out=edges[1:-1])
    edges = np.flatnonzero(edges)
    return edges[0::2], edges[1::2]


def _starts_of(texts: Sequence[str]) -> np.ndarray:
    """Where each text starts in the texts joined by one character."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.cumsum(lengths + 1) - lengths - 1
