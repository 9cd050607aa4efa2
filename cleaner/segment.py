"""Paragraphs and sentences, as character spans into the normalized text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

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
    if not word:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. K. Rowling"
    return word.lower() not in abbreviations() and not _ACRONYM.match(word)
