"""Checking LSH candidates: are two headlines near-duplicates, and can they be the same story?

Characters can mostly agree while the story differs: "Earthquake hits Japan" and
"Earthquake hits Chile". A name in one headline that the other replaces with a
different name (a place, person or organisation) is strong evidence of another
story; a spelling variant of the same name is not. Which words are names is read
from the batch itself: words written with a capital inside sentence-case headlines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from .fold import fold, strip_decorations

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
VARIANT_SIMILARITY = 70  # rapidfuzz ratio at which two folded names are one name's spellings
SCORERS = {"ratio": fuzz.ratio, "token_set": fuzz.token_set_ratio}


def _is_sentence_case(words: Sequence[str]) -> bool:
    """Capitals inside the headline carry information (not Title Case or ALL CAPS)."""
    inner = [w for w in words[1:] if len(w) > 3]
    if not inner:
        return True
    capitalised = sum(w[0].isupper() for w in inner)
    return capitalised <= 0.6 * len(inner) and not all(w.isupper() for w in inner)


class NameFinder:
    """Which folded words are names, learned from how the batch capitalises them."""

    def __init__(self, headlines: Sequence[str]):
        self.upper: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        for headline in headlines:
            words = _WORD.findall(strip_decorations(headline))
            if _is_sentence_case(words):
                for word in words[1:]:
                    key = fold(word)
                    if key and not key.isdigit():
                        (self.upper if word[0].isupper() else self.lower)[key] += 1

    def names(self, headline: str) -> frozenset[str]:
        words = _WORD.findall(strip_decorations(headline))
        sentence_case = _is_sentence_case(words)
        found = set()
        for position, word in enumerate(words):
            key = fold(word)
            if not key or key.isdigit():
                continue
            upper, lower = self.upper[key], self.lower[key]
            if upper + lower:
                if upper > lower:
                    found.add(key)
            elif sentence_case and position > 0 and word[0].isupper():
                found.add(key)
        return frozenset(found)


def names_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each headline names something the other does not, and not as a spelling variant."""
    only_a, only_b = a - b, b - a
    if not only_a or not only_b:
        return False
    unmatched_a = {x for x in only_a if all(fuzz.ratio(x, y) < VARIANT_SIMILARITY for y in only_b)}
    unmatched_b = {y for y in only_b if all(fuzz.ratio(x, y) < VARIANT_SIMILARITY for x in only_a)}
    return bool(unmatched_a and unmatched_b)
