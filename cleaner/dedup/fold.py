"""Folding: the form a headline is matched in. Never shown; the output keeps the original.

Folding removes what differs between scrapes of one story but says nothing about
the story: case, accents, punctuation, scripts (transliterated to ASCII), agency
and site decorations (`UPDATE 2-`, `- BBC News`, `(VIDEO)`), and the ways one name
is transliterated (`al-`/`el-`/`ez-` articles, doubled letters, `ou`/`u`/`o`,
`y`/`i`, `k`/`q`/`c`). Every rule is stated for the language in general, never as
a list of names.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from anyascii import anyascii

# Agency and live-blog labels in front of a headline: "UPDATE 2-", "WRAPUP 1-",
# "EXCLUSIVE-", "BREAKING: ", "Live: ", "WATCH:", "VIDEO -".
_LABELS = (
    r"update|wrapup|refile|corrected|correction|exclusive|breaking(?: news)?|live|watch|video|"
    r"photos?|analysis|factbox|explainer|opinion|editorial|insight|urgent|just in|developing|"
    r"in pictures|podcast"
)
_PREFIX = re.compile(rf"\n[ \t]*(?:(?:{_LABELS})[ \t]*\d*[ \t]*[-:–—|][ \t]*)+", re.I)
# Bracketed media labels anywhere: "(VIDEO)", "[PHOTOS]", "(+video)", "(updated)".
_MEDIA = re.compile(
    r"[(\[][ \t]*\+?(?:video|videos|photos?|pictures|gallery|watch|live|updated?|audio|"
    r"graphic|map|interactive|opinion|analysis|exclusive)[ \t]*[)\]]",
    re.IGNORECASE,
)
# A site name after the last separator: " - The Daily Globe", " | Reuters". Taken
# only when short, every word capitalised (as publication names are), and at least
# three words of headline stand before it.
_SITE_SUFFIX = re.compile(r"[ \t]+[-|–—:][ \t]+(?:[A-Z0-9][\w.&'’]*\.?[ \t]*){1,4}$", re.M)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Transliteration variants, applied to the lower-cased ASCII form.
# (Patterns start with a letter, not a look-behind, so the regex engine can skip ahead.)
_ARTICLE = re.compile(r"[ae](?<=\b[ae])[lnrsdtz]h?[- ](?=[a-z])")  # al-, el-, ez-, ash-, ad- …
_ASSIMILATED = re.compile(r"e(?<=\be)([nrsdtz])\1(?=[aeiouy])")  # Ezzor, Ennahda, Essaouira
_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128))
                           if not (c.isascii() and (c.islower() or c.isdigit() or c == "\n"))})
_SPACES = re.compile(r" {2,}")
_DIGRAPHS = [
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"(?:iy|yy|ii)\b(?<=[a-z]..)"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"[qck]h"), "k"),
    (re.compile(r"(?:dh|th(?=[aeiou]))(?<=[a-z]..)"), "d"),
    (re.compile(r"ph"), "f"),
]
_LETTERS = str.maketrans({"q": "k", "c": "k", "w": "v", "y": "i", "o": "u"})
_LOWER = np.zeros(256, dtype=bool)
_LOWER[ord("a"):ord("z") + 1] = True


def _ascii(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    return anyascii("".join(c for c in decomposed if not unicodedata.combining(c)))


def _strip_all(text: str) -> str:
    text = _MEDIA.sub(" ", text)
    text = _PREFIX.sub("\n", "\n" + text)[1:]  # a literal newline first lets the regex skip ahead
    return _SITE_SUFFIX.sub(_keep_headline, text)


def _keep_headline(match: re.Match[str]) -> str:
    """Drop the site name only when at least three words of headline stand before it."""
    text, start = match.string, match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return "" if len(text[line_start:start].split()) >= 3 else match.group()


def _collapse_doubles(text: str) -> str:
    """'ll' → 'l', 'sss' → 's': repeated letters are a transliteration choice, not a name."""
    codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    repeat = np.zeros(len(codes), dtype=bool)
    repeat[1:] = (codes[1:] == codes[:-1]) & _LOWER[codes[1:]]
    return codes[~repeat].tobytes().decode("ascii")


def fold_many(headlines: list[str]) -> list[str]:
    """The matching form of many headlines, each rule run once over the whole batch.

    >>> fold_many(["UPDATE 2-Stranded convoy reaches Ras al-Ain | Reuters", "Mosoul", "Mosul"])
    ['stranded kunvui reakes ras ain', 'musul', 'musul']
    """
    return strip_and_fold(headlines)[1]


def strip_and_fold(headlines: list[str]) -> tuple[list[str], list[str]]:
    """(headlines without decorations, their matching forms), for a whole batch."""
    if not headlines:
        return [], []
    stripped = _strip_all("\n".join(h.replace("\n", " ") for h in headlines))
    text = _NON_ASCII.sub(_ascii, stripped).lower()  # accents dropped, scripts transliterated
    text = _ARTICLE.sub("", text.replace("'", ""))
    text = _ASSIMILATED.sub(r"\1", text)
    text = _SPACES.sub(" ", text.translate(_NOT_WORD))
    for pattern, replacement in _DIGRAPHS:
        text = pattern.sub(replacement, text)
    text = _collapse_doubles(text.translate(_LETTERS))
    return stripped.split("\n"), [line.strip(" ") for line in text.split("\n")]


def fold(headline: str) -> str:
    """The matching form of one headline (see `fold_many`)."""
    return fold_many([headline])[0]
