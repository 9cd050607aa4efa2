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

from anyascii import anyascii

# Agency and live-blog labels in front of a headline: "UPDATE 2-", "WRAPUP 1-",
# "EXCLUSIVE-", "BREAKING: ", "Live: ", "WATCH:", "VIDEO -".
_PREFIX = re.compile(
    r"^(?:(?:update|wrapup|refile|corrected|correction|exclusive|breaking(?: news)?|live|"
    r"watch|video|photos?|analysis|factbox|explainer|opinion|editorial|insight|urgent|"
    r"just in|developing|in pictures|podcast)\s*\d*\s*[-:–—|]\s*)+",
    re.IGNORECASE,
)
# Bracketed media labels anywhere: "(VIDEO)", "[PHOTOS]", "(+video)", "(updated)".
_MEDIA = re.compile(
    r"[(\[]\s*\+?(?:video|videos|photos?|pictures|gallery|watch|live|updated?|audio|"
    r"graphic|map|interactive|opinion|analysis|exclusive)\s*[)\]]",
    re.IGNORECASE,
)
# A site name after the last separator: " - The Daily Globe", " | Reuters". Taken
# only when short and every word is capitalised, as publication names are.
_SITE_SUFFIX = re.compile(r"\s+[-|–—:]\s+((?:[A-Z0-9][\w.&'’]*\.?\s?){1,4})$")
# Transliteration variants, applied to the lower-cased ASCII form.
_ARTICLE = re.compile(r"\b[ae][lnrsdtz]h?[- ](?=[a-z])")  # al-, el-, ez-, ash-, ad- …
_ASSIMILATED = re.compile(r"\be([nrsdtz])\1(?=[aeiouy])")  # Ezzor, Ennahda, Essaouira
_VARIANTS = [
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"(?<=[a-z])iy\b|(?<=[a-z])yy\b|(?<=[a-z])ii\b"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"[qck]h?"), "k"),
    (re.compile(r"(?<=[a-z])dh|(?<=[a-z])th(?=[aeiou])"), "d"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"y"), "i"),
    (re.compile(r"o"), "u"),
    (re.compile(r"([a-z])\1+"), r"\1"),
]
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def strip_decorations(headline: str) -> str:
    """The headline without agency labels, media tags and a trailing site name."""
    text = _MEDIA.sub(" ", headline)
    text = _PREFIX.sub("", text.strip())
    match = _SITE_SUFFIX.search(text)
    if match and len(text[: match.start()].split()) >= 3:
        text = text[: match.start()]
    return text.strip()


def to_ascii(text: str) -> str:
    """Lower-case ASCII: accents dropped (NFKD), other scripts transliterated."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return anyascii(stripped).lower()


def fold_name(word: str) -> str:
    """One spelling for a name's transliterations: 'Mosoul', 'Mosul' → 'musul'."""
    for pattern, replacement in _VARIANTS:
        word = pattern.sub(replacement, word)
    return word


def fold(headline: str) -> str:
    """The matching form of a headline.

    >>> fold("UPDATE 2-Stranded convoy reaches Ras al-Ain | Reuters")
    'stranded kunvui reakes ras ain'
    """
    text = to_ascii(strip_decorations(headline))
    text = _ARTICLE.sub("", text.replace("’", "'").replace("'", ""))
    text = _ASSIMILATED.sub(r"\1", text)
    words = _NOT_WORD.split(text)
    return " ".join(fold_name(w) for w in words if w)
