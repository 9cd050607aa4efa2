"""Text helpers several stages share: paragraphs and sentences as character spans into
the normalized text, the script of a character, and folding (the form a headline or a
name is matched in).

Folding is never shown; the output keeps the original. It removes what differs between
scrapes of one story but says nothing about the story: case, accents, punctuation,
scripts (transliterated to ASCII), agency and site decorations (`UPDATE 2-`, `- BBC
News`, `(VIDEO)`), and the ways one name is transliterated (`al-`/`el-`/`ez-` articles,
doubled letters, `ou`/`u`/`o`, `y`/`i`, `k`/`q`/`c`). Every rule is stated for the
language in general, never as a list of names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, partial
from importlib import resources
from typing import NamedTuple

import numpy as np
from anyascii import anyascii

Span = tuple[int, int]

_LINE = re.compile(r"[^\n]+")
_TERMINAL = ".!?…:;\"”’»)]。！？؟।"
# A sentence may end at . ! ? … (and their CJK, Arabic and Devanagari forms), then
# closing quotes or brackets, then white space (none needed after CJK stops).
_CANDIDATE = re.compile(r"[.!?…؟।]+[\"'”’»)\]]*(?=\s)|[。！？]+[」』”’)]*")
_OPENERS = "\"“‘'(«[¿¡"
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")


@cache
def abbreviations() -> frozenset[str]:
    """Words that take a full stop without ending the sentence (package data)."""
    text = resources.files("cleaner.data").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def paragraphs(text: str) -> list[Span]:
    """Each non-empty line is a paragraph (one block element a line, as scrapers write them),
    except that a line hard-wrapped in the middle of a sentence is joined to the next."""
    spans: list[Span] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if spans and _is_wrapped(text, spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _is_wrapped(text: str, previous: Span, start: int) -> bool:
    """The previous line breaks off mid-sentence and this one carries on in lower case."""
    prev_start, prev_end = previous
    return (
        text.count("\n", prev_end, start) == 1
        and prev_end - prev_start >= 40
        and text[prev_end - 1] not in _TERMINAL
        and text[start].islower()
    )


@cache
def script(char: str) -> str:
    """The writing system of a letter: LATIN, CYRILLIC, ARABIC, GEORGIAN, CJK …"""
    first = unicodedata.name(char, "").split(" ", 1)[0]
    return "CJK" if first in {"CJK", "HIRAGANA", "KATAKANA", "HANGUL"} else first


def _script_before(text: str, position: int) -> str:
    """The script of the last letter before `position` (a sentence in another script that
    starts in lower case, as Georgian does, still starts a sentence)."""
    for i in range(position - 1, max(position - 40, -1), -1):
        if text[i].isalpha():
            return script(text[i])
    return ""


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans within text[start:end], coping with abbreviations ("U.S.", "Gen."),
    initials, decimals ("5.25%"), ranges ("500-670") and quotes after the full stop."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for match in _CANDIDATE.finditer(text, start, end):
        stop = match.end()
        if not _ends_sentence(text, match.start(), stop, end):
            continue
        spans.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def _ends_sentence(text: str, punct_start: int, stop: int, end: int) -> bool:
    nxt = stop
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if nxt >= end:
        return False  # the paragraph's end closes the last sentence anyway
    following = text[nxt]
    if text[punct_start] in "。！？":
        return True
    if not (following.isupper() or following.isdigit() or following in _OPENERS
            or (following.isalpha() and not following.islower())
            or (following.isalpha() and script(following) != _script_before(text, punct_start))):
        return False  # "e.g. the", "5 p.m. local time": a lower-case word continues
    if text[punct_start:stop].rstrip("\"'”’»)]") != ".":
        return True  # ! ? … and runs like "?!" always end a sentence
    word_start = punct_start
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:punct_start].lstrip(_OPENERS)
    return not word or not is_abbreviation(word)


def is_abbreviation(word: str) -> bool:
    """A word that takes a full stop without ending a sentence (given without the stop): an
    initial ("J. K. Rowling"), a listed abbreviation ("Gen.", "Tues."), an acronym ("U.S.")."""
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True
    return word.lower() in abbreviations() or bool(_ACRONYM.match(word))


def findall_by_chunk(pattern: re.Pattern[str], text: str) -> list[str]:
    """`pattern.findall(text)` for a word pattern: one whose matches never hold white space
    nor look past it, and which matches a run of letters whole (`news.words`,
    `low_quality.tokens`). Most chunks between white space are a word of letters alone,
    which is then its own match: only the others go to the regex engine, which spends
    most of a sentence's tokenizing on the letters of plain words (each sentence is
    tokenized for several flags)."""
    found: list[str] = []
    for chunk in text.split():
        if chunk.isalpha():
            found.append(chunk)
        else:
            found += pattern.findall(chunk)
    return found


# --- folding ------------------------------------------------------------------------
# Agency and live-blog labels in front of a headline: "UPDATE 2-", "WRAPUP 1-",
# "EXCLUSIVE-", "BREAKING: ", "Live: ", "WATCH:", "VIDEO -".
_LABELS = (
    r"update|wrapup|refile|corrected|correction|exclusive|breaking(?: news)?|live|watch|video|"
    r"photos?|analysis|factbox|explainer|opinion|editorial|insight|urgent|just in|developing|"
    r"in pictures|podcast"
)
_PREFIX = re.compile(rf"[ \t]*(?:(?:{_LABELS})[ \t]*\d*[ \t]*[-:–—|][ \t]*)+", re.I)
# Bracketed media labels anywhere: "(VIDEO)", "[PHOTOS]", "(+video)", "(updated)".
_MEDIA = re.compile(
    r"[(\[][ \t]*\+?(?:video|videos|photos?|pictures|gallery|watch|live|updated?|audio|"
    r"graphic|map|interactive|opinion|analysis|exclusive)[ \t]*[)\]]",
    re.IGNORECASE,
)
# A site name after the last separator: " - The Daily Globe", " | Reuters". Taken
# only when short, every word capitalised (as publication names are), and at least
# three words of headline stand before it.
# (The separator comes first, where the engine can skip ahead to it.)
_SITE_SUFFIX = re.compile(r"[-|–—:](?<=[ \t].)[ \t]+(?:[A-Z0-9][\w.&'’]*\.?[ \t]*){1,4}$")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _byte_set(members: bytes) -> np.ndarray:
    """A table saying, for each byte, whether it is one of `members`."""
    table = np.zeros(256, dtype=bool)
    table[list(members)] = True
    return table


# Transliteration variants, applied to the lower-cased ASCII form, as bytes.
_LOWER = _byte_set(b"abcdefghijklmnopqrstuvwxyz")
_WORD_BYTE = _LOWER | _byte_set(b"0123456789")
_WORD_OR_UNDERSCORE = _WORD_BYTE | _byte_set(b"_")  # \w, lower case
_COLLAPSED = _LOWER | _byte_set(b" ")  # repeated, one is as good as many
_NOT_WORD = np.where(_WORD_BYTE | _byte_set(b"\n"), np.arange(256), ord(" ")).astype(np.uint8)
_LETTERS = np.arange(256, dtype=np.uint8)  # one spelling for letters that sound alike
_LETTERS[list(b"qcwyo")] = list(b"kkviu")
_VOWEL, _VOWEL_OR_Y = _byte_set(b"aeiou"), _byte_set(b"aeiouy")
_ARTICLE_LETTER, _ASSIMILATING = _byte_set(b"lnrsdtz"), _byte_set(b"nrsdtz")
_SEPARATOR = _byte_set(b"- ")


def _label_starts() -> np.ndarray:
    """Which first two bytes (UTF-8) a line with a label in front can start with, as a
    table of 2**16: a space or a media label's bracket first (either can stand before the
    label), a label's first two letters in either case, or a byte beyond ASCII in their
    place (a letter the label's matches in another case: 'İ', 'ı', 'ſ')."""
    table = np.zeros((256, 256), dtype=bool)
    table[list(b" \t([") + list(range(0x80, 0x100))] = True
    for label in _LABELS.split("|"):
        for first in {label[0], label[0].upper()}:
            table[ord(first), 0x80:] = True
            for second in {label[1], label[1].upper()}:
                table[ord(first), ord(second)] = True
    return table.reshape(-1)


_LABEL_START = _label_starts()


def _ascii(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    return anyascii("".join(c for c in decomposed if not unicodedata.combining(c)))


def _strip(lines: list[str]) -> tuple[list[str], np.ndarray]:
    """Each headline (one line, no newline inside) without its decorations, and whether it
    had one. Each rule reads only the lines `_lines_to_read` finds it may change: the
    rest are most lines, and a regular expression that scans them for a character class
    costs more than everything else folding does."""
    media, prefixed, site = _lines_to_read(lines)
    lines = list(lines)
    decorated = np.zeros(len(lines), dtype=bool)

    def apply(rule: Callable[[str], str], where: list[int]) -> None:
        for i in where:
            stripped = rule(lines[i])
            if stripped != lines[i]:
                lines[i], decorated[i] = stripped, True

    apply(partial(_MEDIA.sub, " "), media)
    apply(_without_prefix, prefixed)
    apply(_without_site_name, site)
    return lines, decorated


def _without_prefix(line: str) -> str:
    found = _PREFIX.match(line)
    return line[found.end():] if found else line


def _lines_to_read(lines: list[str]) -> tuple[list[int], list[int], list[int]]:
    """The lines a media label, a label in front and a site name can stand in, found from
    what each needs, in the UTF-8 bytes of all lines at once: a bracket; a separator and
    a first character a label can start with; a separator after a space. Each test also
    lets through what an earlier rule can make (a space where a media label stood), so
    the rules change the same lines they would over every line."""
    raw, starts = line_bytes(lines)
    separator = _any_of(raw, b"-|:") | (raw >= 0x80)  # '–' and '—' are beyond ASCII
    spaced = np.zeros(len(raw), dtype=bool)
    spaced[1:] = separator[1:] & _any_of(raw[:-1], b" \t)]")  # a bracket can become a space
    firsts = raw[starts].astype(np.int64) * 256 + _at(raw, starts + 1)
    prefixed = np.flatnonzero(lines_holding(separator, starts) & _LABEL_START[firsts])
    return (np.flatnonzero(lines_holding(_any_of(raw, b"(["), starts)).tolist(),
            prefixed.tolist(), np.flatnonzero(lines_holding(spaced, starts)).tolist())


def line_bytes(lines: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of all lines (none holding a newline), each ending in a newline, and
    where each line starts: what a byte test over a whole batch reads, where a regular
    expression called per line, or scanning for a character class, costs more."""
    raw = np.frombuffer("\n".join([*lines, ""]).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return raw, np.concatenate(([0], np.flatnonzero(raw[:-1] == ord("\n")) + 1))


def lines_holding(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Which lines hold a flagged byte (a line's own newline is never flagged, so no line
    is empty here)."""
    return np.logical_or.reduceat(flags, starts)


def _any_of(codes: np.ndarray, members: bytes) -> np.ndarray:
    """Which bytes are one of a few `members` (comparisons: a table lookup over a whole
    batch costs several)."""
    found = codes == members[0]
    for member in members[1:]:
        found |= codes == member
    return found


def _without_site_name(line: str) -> str:
    """A headline without the site name at its end, and without the spaces before its
    separator, where at least three words of headline stand before it."""
    found = _SITE_SUFFIX.search(line)
    if found is None:
        return line
    headline = line[:found.start()].rstrip(" \t")
    return headline if len(headline.split()) >= 3 else line


def _without_articles(codes: np.ndarray) -> np.ndarray:
    r"""An Arabic article before a word dropped ('al-', 'el ', 'ash-', 'ad-' …: a or e,
    one of lnrsdtz, maybe h, then a hyphen or space and a letter), and one assimilated
    into a doubled letter ('Ezzor', 'Ennahda', 'Essaouira'), in the lower-case ASCII form:
    what the substitutions [ae]\b…[lnrsdtz]h?[- ](?=[a-z]) → '' and then
    \be([nrsdtz])\1(?=[aeiouy]) → \1 did. Both start a word, and dropping an article
    leaves every other word's start a start: one pass finds both."""
    starts = _word_starts(codes, b"ae")
    second, third, fourth, fifth = (_at(codes, starts + k) for k in (1, 2, 3, 4))
    short = _SEPARATOR[third] & _LOWER[fourth]
    long = (third == ord("h")) & _SEPARATOR[fourth] & _LOWER[fifth]
    article = _ARTICLE_LETTER[second] & (short | long)
    sizes = np.where(long, 4, 3)[article]
    doubled = starts[(codes[starts] == ord("e")) & _ASSIMILATING[second] & (third == second)
                     & _VOWEL_OR_Y[fourth]]
    return np.delete(codes, np.concatenate((np.repeat(starts[article], sizes) + _within(sizes),
                                            doubled, doubled + 1)))


def _word_starts(codes: np.ndarray, letters: bytes) -> np.ndarray:
    r"""Where one of a few `letters` starts a word (\b before it): found by comparing
    each byte with them, then the byte before each one found against the word bytes."""
    at = np.flatnonzero(_any_of(codes, letters))
    return at[~_WORD_OR_UNDERSCORE[_at(codes, at - 1)]]


def _within(sizes: np.ndarray) -> np.ndarray:
    """0 … size - 1 for each size, one after another."""
    return np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _spell_alike(codes: np.ndarray) -> np.ndarray:
    """Transliteration variants spelt one way, in the lower-case ASCII form (letters,
    digits, spaces, newlines): digraphs, letters that sound alike, then doubled letters."""
    return _collapse_doubles(_LETTERS[_digraphs(codes)])


def _digraphs(codes: np.ndarray) -> np.ndarray:
    """As one regular expression substitution after another would, in this order: 'tsch',
    'tch' → 'ch'; 'iy', 'yy', 'ii' ending a word after a letter → 'i'; 'ou' → 'u'; 'qh',
    'ch', 'kh' → 'k'; 'dh', and 'th' before a vowel, after a letter → 'd'; 'ph' → 'f'.
    No rule makes or unmakes a later one's match (each removes a letter that another
    letter stands right after, and writes a letter), except that 'yy' → 'i' can put a
    vowel after 'th'. So every match is found in the batch as it stands (after 'th' once
    the 'i' is written) and all are made in one pass."""
    before_h = np.flatnonzero(codes[1:] == ord("h"))
    first = codes[before_h]
    ch = before_h[first == ord("c")]
    tch = ch[_at(codes, ch - 1) == ord("t")] - 1
    tsch = ch[(_at(codes, ch - 1) == ord("s")) & (_at(codes, ch - 2) == ord("t"))] - 2
    pair = np.union1d(_pairs(codes, b"i", ord("i")), _pairs(codes, b"iy", ord("y")))
    pair = pair[_LOWER[_at(codes, pair - 1)] & ~_WORD_BYTE[_at(codes, pair + 2)]]
    ou = _pairs(codes, b"o", ord("u"))
    codes = codes.copy()
    codes[pair] = ord("i")
    k = before_h[_byte_set(b"qck")[first]]
    dh = before_h[_byte_set(b"dt")[first] & _LOWER[_at(codes, before_h - 1)]]
    dh = dh[(codes[dh] == ord("d")) | _VOWEL[_at(codes, dh + 2)]]
    ph = before_h[first == ord("p")]
    codes[k], codes[dh], codes[ph] = ord("k"), ord("d"), ord("f")
    return np.delete(codes, np.concatenate((tch, tsch, tsch + 1, pair + 1, ou, k + 1, dh + 1,
                                            ph + 1)))


def _pairs(codes: np.ndarray, firsts: bytes, second: int) -> np.ndarray:
    """Where one of `firsts` stands followed by `second`."""
    where = np.flatnonzero(codes[1:] == second)
    return where[_byte_set(firsts)[codes[where]]]


def _at(codes: np.ndarray, where: np.ndarray) -> np.ndarray:
    """codes[where], 0 (no character) before the start or past the end."""
    inside = (where >= 0) & (where < len(codes))
    found = np.zeros(len(where), dtype=np.uint8)
    found[inside] = codes[where[inside]]
    return found


def _collapse_doubles(codes: np.ndarray) -> np.ndarray:
    """'ll' → 'l', 'sss' → 's': repeated letters are a transliteration choice, not a name;
    and a run of spaces is one space."""
    repeat = np.flatnonzero(codes[1:] == codes[:-1]) + 1
    return np.delete(codes, repeat[_COLLAPSED[codes[repeat]]])


def fold_many(headlines: list[str]) -> list[str]:
    """The matching form of many headlines, each rule run once over the whole batch.

    >>> fold_many(["UPDATE 2-Stranded convoy reaches Ras al-Ain | Reuters", "Mosoul", "Mosul"])
    ['stranded kunvui reakes ras ain', 'musul', 'musul']
    """
    return strip_and_fold(headlines).folded


class Folding(NamedTuple):
    """A batch of headlines as matching sees them."""

    stripped: list[str]  # each headline without its decorations (a newline made a space)
    folded: list[str]  # its matching form
    decorated: np.ndarray  # bool: a decoration was stripped from it


def strip_and_fold(headlines: list[str]) -> Folding:
    """The headlines without decorations and their matching forms, for a whole batch.
    Stripping only deletes (a media label leaves a space): a headline is decorated
    exactly when its words (`str.split`) differ from its stripped form's."""
    if not headlines:
        return Folding([], [], np.zeros(0, dtype=bool))
    stripped, decorated = _strip([headline.replace("\n", " ") for headline in headlines])
    # accents dropped, scripts transliterated: ASCII from here on, one byte a character
    text = "\n".join([line if line.isascii() else _NON_ASCII.sub(_ascii, line)
                      for line in stripped]).lower().replace("'", "")
    codes = _NOT_WORD[_without_articles(np.frombuffer(text.encode("ascii"), dtype=np.uint8))]
    text = _spell_alike(codes).tobytes().decode("ascii")  # runs of spaces collapse there too
    return Folding(stripped, [line.strip(" ") for line in text.split("\n")], decorated)


def fold(headline: str) -> str:
    """The matching form of one headline (see `fold_many`)."""
    return fold_many([headline])[0]


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun in agreement, for what a person reads: `1 document`, `2,000
    documents`, `1 entry` / `3 entries` with `plural` given. Messages say counts often, and
    "1 documents" reads as a bug.

    >>> counted(1, "paragraph"), counted(0, "paragraph"), counted(1200, "word")
    ('1 paragraph', '0 paragraphs', '1,200 words')
    """
    return f"{n:,} {noun(n, singular, plural)}"


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun that agrees with `n`, for a count written apart (flag reasons keep their
    numbers as they were, without thousands separators)."""
    return singular if n == 1 else plural or singular + "s"
