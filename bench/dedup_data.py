"""Synthetic news headlines with known near-duplicate groups, for the dedup benchmark.

Each group is one story headline (a walk through word pairs of real news text, with
a generated place name) scraped one to eight times with the decorations real
aggregators add: agency prefixes, site suffixes, a dropped word, changed case,
transliteration variants of a name. Fixed seed: the same file every time.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

WORK = Path(__file__).resolve().parent / "work"

PREFIXES = ["UPDATE 1-", "UPDATE 2-", "WRAPUP 1-", "EXCLUSIVE-", "BREAKING: ", "Live: "]
SUFFIXES = [" - The Daily Globe", " | Wire", " (VIDEO)", " - Metro Herald", " | News Online"]
SYLLABLES = ["ka", "ri", "mo", "ta", "zu", "el", "an", "de", "ko", "vi", "sa", "ur", "lo", "ne",
             "ba", "gi", "fa", "hu", "ze", "do", "mi", "ra", "po"]


def _names(rng: random.Random, n: int) -> list[str]:
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
                   for _ in range(n)})


def _variant_spelling(name: str, rng: random.Random) -> str:
    """How transliterations differ: ou/u, doubled letters, a y for an i, an al- article."""
    choice = rng.randint(0, 3)
    if choice == 0 and "u" in name:
        return name.replace("u", "ou", 1)
    if choice == 1:
        i = rng.randrange(1, len(name))
        return name[:i] + name[i] + name[i:]
    if choice == 2 and "i" in name:
        return name.replace("i", "y", 1)
    return "al-" + name


class NewsChain:
    """A word-bigram chain over real news sentences (the BBC corpus when it is present,
    else the bundled samples), so generated headlines have news vocabulary and its skewed
    word frequencies."""

    def __init__(self) -> None:
        from .corpus import news_articles

        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for article in news_articles():
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", article):
                words = [w.strip(".,;:\"'()") for w in sentence.split()]
                words = [w for w in words if w]
                if len(words) < 6:
                    continue
                self.starts.append(words[0])
                for a, b in itertools.pairwise(words):
                    self.next.setdefault(a, []).append(b)

    def sentence(self, rng: random.Random, length: int) -> list[str]:
        words = [rng.choice(self.starts)]
        while len(words) < length:
            options = self.next.get(words[-1])
            words.append(rng.choice(options) if options else rng.choice(self.starts))
        return words


def _story(rng: random.Random, names: list[str], chain: NewsChain) -> tuple[str, str]:
    place = rng.choice(names)
    words = chain.sentence(rng, rng.randint(6, 10))
    words.insert(rng.randint(1, len(words)), place)
    return " ".join(words), place


def _scrape(headline: str, place: str, rng: random.Random) -> str:
    words = headline.split()
    if rng.random() < 0.3:
        droppable = [i for i, w in enumerate(words[1:], 1) if w.islower()]
        if droppable:
            del words[rng.choice(droppable)]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.replace(place, _variant_spelling(place, rng))
    if rng.random() < 0.1:
        text = text.upper() if rng.random() < 0.5 else text.lower()
    if rng.random() < 0.35:
        text = rng.choice(PREFIXES) + text
    if rng.random() < 0.35:
        text += rng.choice(SUFFIXES)
    return text


def generate(n: int, seed: int = 20251126) -> tuple[list[str], list[int]]:
    """n headlines and the group number of each (groups of 1 to 8, shuffled)."""
    rng = random.Random(seed)
    names = _names(rng, max(2000, n // 20))
    chain = NewsChain()
    headlines: list[str] = []
    groups: list[int] = []
    group = 0
    while len(headlines) < n:
        story, place = _story(rng, names, chain)
        for _ in range(min(rng.randint(1, 8), n - len(headlines))):
            headlines.append(_scrape(story, place, rng))
            groups.append(group)
        group += 1
    order = list(range(n))
    rng.shuffle(order)
    return [headlines[i] for i in order], [groups[i] for i in order]


def path_for(n: int) -> Path:
    """Write the n-headline file once (one headline a line, then a tab and its group)."""
    path = WORK / f"headlines-{n}.tsv"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        headlines, groups = generate(n)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(f"{h}\t{g}\n" for h, g in zip(headlines, groups, strict=True)),
                       encoding="utf-8")
        tmp.replace(path)
    return path


def load(n: int) -> tuple[list[str], list[int]]:
    lines = path_for(n).read_text("utf-8").splitlines()
    pairs = [line.rsplit("\t", 1) for line in lines]
    return [h for h, _ in pairs], [int(g) for _, g in pairs]
