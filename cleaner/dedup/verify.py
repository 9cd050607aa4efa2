"""Checking LSH candidates: are two headlines near-duplicates, and can they be the same story?

Characters can mostly agree while the story differs: "Earthquake hits Japan" and
"Earthquake hits Chile". A name in one headline that the other replaces with a
different name (a place, person or organisation) is strong evidence of another
story; a spelling variant of the same name is not. Which words are names is read
from the batch itself: words written with a capital inside sentence-case headlines.
In a headline a number is a name too ("6 Nato troops killed" and "Five Nato soldiers
killed" are two attacks; "stocks close 0.39% higher" and "… 2.47% higher" two days), and
only the same number matches it; in a longer text a changed figure is more often the
same report updated.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from ..text import fold_many, line_bytes, lines_holding
from .chars import classify, word_runs

_WORD = re.compile(r"\w+(?:['’]\w+)?")
VARIANT_SIMILARITY = 70  # rapidfuzz ratio at which two folded names are one name's spellings
HEADLINE_WORDS = 16  # a text this short is a headline, whose numbers are names
_NUMBER = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)*")  # a digit first: the engine skips ahead
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve")
# a group per word: which one matched says the number, also where case folding let a word
# in that no dictionary key spells ("ſix", "fİve")
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(f'({word})' for word in _NUMBER_WORDS)})\b", re.I)
_ASCII_WORD_BYTE = np.zeros(256, dtype=bool)  # what \w matches in ASCII
_ASCII_WORD_BYTE[list(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")] = True
SCORERS = {"ratio": fuzz.ratio, "token_set": fuzz.token_set_ratio}


_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω"
_CAPITALISED = re.compile(rf"(?<=\s)[{_UPPER}][\w'’]*")  # a capital after the first word
_UPPER_INITIAL = re.compile(rf"[{_UPPER}]")


def sentence_case(stripped: Sequence[str]) -> list[bool]:
    """Whether capitals inside each headline carry information: not Title Case, ALL CAPS or
    all lower case. Title Case: over 60% of the words of four or more letters after a
    space start with a capital."""
    points, starts, ends, owner = word_runs(stripped)
    inner = ((ends - starts >= 4) & (starts > 0)
             & classify(points[np.maximum(starts - 1, 0)], str.isspace))
    capital = inner & classify(points[starts], _is_upper_initial)
    inner_words = np.bincount(owner, weights=inner, minlength=len(stripped)).tolist()
    capitals = np.bincount(owner, weights=capital, minlength=len(stripped)).tolist()
    return [text != text.upper() and text != text.lower() and (not n or c <= 0.6 * n)
            for text, n, c in zip(stripped, inner_words, capitals, strict=True)]


def _is_upper_initial(char: str) -> bool:
    return _UPPER_INITIAL.match(char) is not None


class NameFinder:
    """Which folded words are names, learned from how the batch capitalises them.

    Statistics come from sentence-case headlines (where a capital inside means a
    name): a word mostly written with a capital there is a name wherever it
    appears, also in Title Case or ALL CAPS headlines; a word mostly written in lower
    case is not, even when capitalised.
    """

    SAMPLE = 100_000  # headlines read for the statistics; capitalisation settles long before

    def __init__(self, stripped: Sequence[str], capitalised: Sequence[tuple[str, ...] | None]):
        sample = [h for h, caps in zip(stripped[: self.SAMPLE], capitalised, strict=False)
                  if caps is not None]
        joined = "\n".join(sample)
        capitals = Counter(_CAPITALISED.findall(joined))
        lowers = {w: n for w, n in Counter(_WORD.findall(joined)).items() if w.islower()}
        words = sorted(capitals.keys() | lowers.keys())
        self.keys = dict(zip(words, fold_many(words), strict=True))
        upper: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        for word, n in capitals.items():
            upper[self.keys[word]] += n
        for word, n in lowers.items():
            lower[self.keys[word]] += n
        usable = {k for k in upper.keys() | lower.keys() if k and not k.isdigit()}
        self.known = usable
        self.names = {k for k in usable if upper[k] > lower[k]}

    @classmethod
    def names_in(cls, stripped: list[str], folded: list[str],
                 capitalised: list[tuple[str, ...] | None] | None = None,
                 places: frozenset[str] = frozenset()) -> list[frozenset[str]]:
        """The names in each headline, given without decorations and folded
        (`strip_and_fold`), with capitalisation learned from these headlines.
        `capitalised` is `capitals(stripped)`, when already computed. `places` (folded
        place names) are names too in a headline whose capitals say nothing (lower case,
        Title Case, ALL CAPS), unless the batch writes the word in lower case as a
        common word ("nice", "reading", "turkey" in a sentence-case headline)."""
        if capitalised is None:
            capitalised = capitals(stripped)
        finder = cls(stripped, capitalised)
        unseen = sorted({w for words in capitalised if words for w in words} - finder.keys.keys())
        keys = finder.keys
        keys.update(zip(unseen, fold_many(unseen), strict=True))
        names, known = finder.names, finder.known
        common = known - names
        out = []
        for words, folded_headline, figures in zip(capitalised, folded, numbers_in(stripped),
                                                   strict=True):
            folded_words = folded_headline.split()
            found = names.intersection(folded_words)
            if len(folded_words) <= HEADLINE_WORDS:
                found |= figures
            if words is None and places:
                found |= {p for p in _phrases(folded_headline) if p in places and p not in common}
            for word in words or ():  # a capital inside a sentence-case headline, for a
                key = keys[word]  # word the batch knows no better
                if key not in known and key and not key.isdigit():
                    found.add(key)
            out.append(frozenset(found))
        return out


def _phrases(folded: str, longest: int = 3) -> set[str]:
    """Every run of one to `longest` words: place names run to a few words ("new york")."""
    words = folded.split()
    return {" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def capitals(stripped: Sequence[str]) -> list[tuple[str, ...] | None]:
    """The capitalised words after the first of each sentence-case headline (None for
    Title Case or ALL CAPS ones, whose capitals say nothing), as tuples: fixed once
    found, and a tuple of strings is no work for the cycle collector, which walks every
    list a batch keeps."""
    return [tuple(_CAPITALISED.findall(h)) if sentence else None
            for h, sentence in zip(stripped, sentence_case(stripped), strict=True)]


def numbers(headline: str) -> frozenset[str]:
    """The numbers a headline gives, in digits or as words up to twelve, as names ("#6"):
    a folded name never starts with "#".

    >>> sorted(numbers("Six dead, 1,200 homes flooded as 0.5m rain falls"))
    ['#0.5', '#1200', '#6']
    >>> numbers("Aol to sell patents for $1.0bn") == numbers("Aol to sell patents for $1 billion")
    True
    """
    return numbers_in([headline])[0]


def numbers_in(headlines: Sequence[str]) -> list[frozenset[str]]:
    """`numbers` of each headline, found in the bytes of all headlines at once. The digit
    pattern reads only the headlines with a digit; the number-word pattern only those
    beyond ASCII (other digits; letters whose case folding it knows: 'ſix'). In the rest
    a number word is its letters in either case, found by a search that skips ahead (one
    pattern for all words reads every character), with no word character on either side."""
    if not headlines:
        return []
    lines = [headline.replace("\n", " ") for headline in headlines]
    raw, starts = line_bytes(lines)
    wide = lines_holding(raw >= 0x80, starts)
    found: dict[int, set[str]] = {}  # only the headlines that give a number

    def add(line: int, given: set[str]) -> None:
        if given:
            found.setdefault(line, set()).update(given)

    digits = lines_holding((raw >= ord("0")) & (raw <= ord("9")), starts) | wide
    for line in np.flatnonzero(digits).tolist():
        add(line, {_number(match) for match in _NUMBER.finditer(lines[line])})
    for line in np.flatnonzero(wide).tolist():
        add(line, {_number_word(match) for match in _NUMBER_WORD.finditer(lines[line])})
    lowered = raw.tobytes().lower()  # ASCII letters only
    for number, word in enumerate(_NUMBER_WORDS, 1):
        at = np.array([match.start() for match in re.finditer(word.encode(), lowered)],
                      dtype=np.int64)
        if not len(at):
            continue
        # the bytes either side of the word (none before the first; a newline ends each line)
        before = np.where(at > 0, raw[np.maximum(at - 1, 0)], 0)
        whole = ~_ASCII_WORD_BYTE[before] & ~_ASCII_WORD_BYTE[raw[at + len(word)]]
        line_of = np.searchsorted(starts, at[whole], side="right") - 1
        for line in line_of[~wide[line_of]].tolist():
            add(line, {f"#{number}"})
    none: frozenset[str] = frozenset()
    return [frozenset(found[line]) if line in found else none for line in range(len(lines))]


def _number_word(match: re.Match[str]) -> str:
    return f"#{match.lastindex}"  # the word's group: its place in _NUMBER_WORDS, from 1


def _number(match: re.Match[str]) -> str:
    """One number as one name however it is written: "1,200" and "1200", "1.0" and "1"."""
    written = match.group()
    digits = written.replace(",", "") if len(written.split(",")[-1]) == 3 else written.replace(",", ".")
    try:
        return "#" + format(float(digits), "g")
    except ValueError:  # "1.2.3": a version or a date, kept as written
        return "#" + written


def names_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each headline names something the other does not, and not as a spelling variant
    (a number has none)."""
    only_a, only_b = a - b, b - a
    if not only_a or not only_b:
        return False
    unmatched_a = {x for x in only_a if not any(_variants(x, y) for y in only_b)}
    unmatched_b = {y for y in only_b if not any(_variants(x, y) for x in only_a)}
    return bool(unmatched_a and unmatched_b)


def _variants(x: str, y: str) -> bool:
    """Two names are spellings of one (numbers are not spelt two ways: they differ)."""
    if x.startswith("#") or y.startswith("#"):
        return False
    return fuzz.ratio(x, y) >= VARIANT_SIMILARITY
