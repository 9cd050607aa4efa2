"""normalize: repair encoding, entities and odd characters, and say what was repaired.

ftfy does the repairs. It is thorough but slow (a few MB/s on clean text), and
almost every line of scraped news needs nothing. So each line first passes a
check built from ftfy's own triggers: a line with none of the characters any of
ftfy's fixers acts on, that ftfy's own mojibake detector (`is_bad`) passes and
that is already NFC, is exactly a line ftfy would return unchanged, and skips it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from .document import Document

# The project's ftfy settings: curly quotes are the publisher's typography, and
# fullwidth punctuation is normal in Chinese and Japanese text, so both are kept.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=True)


def _char_class(codepoints: Iterable[int]) -> str:
    return "".join(re.escape(chr(c)) for c in sorted(set(codepoints)))


# Every character that some enabled ftfy fixer other than fix_encoding acts on:
# entities (&), C1 controls, ligatures, line breaks, surrogates, ANSI escapes,
# and the control characters ftfy removes.
_FTFY_TRIGGER = re.compile(
    "["
    + _char_class([ord("&"), 0x1B, ord("\r"), 0x2028, 0x2029, *CONTROL_CHARS, *LIGATURES])
    + "\x80-\x9f\ud800-\udfff]"
)

# Our own whitespace rules, after ftfy: zero-width characters that carry nothing
# (soft hyphen, zero-width space, word joiner; ZWJ and ZWNJ are kept because emoji,
# Persian and Indic scripts need them), tabs and layout spaces, spaces at line
# ends, and more than one blank line. Runs of spaces inside a line and no-break
# spaces are left alone: they can be deliberate (French typography, ASCII art).
_ZERO_WIDTH = re.compile("[\u00ad\u200b\u2060\u180e]")
_ODD_SPACE = re.compile("[\t\x0c\u1680\u2000-\u200a\u205f]")
_LINE_EDGE = re.compile(r" +\n *|\n +")
_BLANK_RUN = re.compile(r"\n{3,}")
_TIDY_TRIGGER = re.compile("[\u00ad\u200b\u2060\u180e\t\x0c\u1680\u2000-\u200a\u205f]| \n|\n |\n\n\n")

# How ftfy's explanation steps map to the fix kinds a user sees in `cleaner.fixes`.
_STEP_KIND = {
    "unescape_html": "html_entity",
    "decode_inconsistent_utf8": "mojibake",
    "fix_c1_controls": "mojibake",
    "restore_byte_a0": "mojibake",
    "replace_lossy_sequences": "mojibake",
    "fix_latin_ligatures": "ligature",
    "fix_line_breaks": "line_break",
    "fix_surrogates": "surrogate",
    "remove_terminal_escapes": "terminal_escape",
    "remove_control_chars": "control_char",
}


@dataclass(slots=True)
class Change:
    """One line that changed, for `--explain`."""

    kinds: list[str]
    before: str
    after: str


@dataclass(slots=True)
class Normalized:
    """The repaired text, how many lines or places each fix kind changed, and the changes."""

    text: str
    fixes: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


def needs_repair(text: str) -> bool:
    """True when ftfy (with FTFY_CONFIG) might change this text; False means it would not."""
    if _FTFY_TRIGGER.search(text):
        return True
    if text.isascii():
        return False
    return is_bad(text) or not unicodedata.is_normalized("NFC", text)


def needs_tidy(text: str) -> bool:
    """True when our whitespace rules would change this text."""
    return bool(text) and (
        _TIDY_TRIGGER.search(text) is not None or text[0] in " \n" or text[-1] in " \n"
    )


def normalize_text(text: str) -> Normalized:
    """Repair one document's text; clean text comes back as the same string.

    >>> normalize_text("Caf\u00c3\u00a9 &amp; bar").text
    'Café & bar'

    Repairs repeat until nothing changes (at most three rounds), so normalizing
    twice gives what normalizing once gave.
    """
    fixes: Counter[str] = Counter()
    changes: list[Change] = []
    for _ in range(3):
        before = text
        if needs_repair(text):
            text = _repair_lines(text, fixes, changes)
        if needs_tidy(text):
            text = _tidy(text, fixes, changes)
        if text == before:
            break
    return Normalized(text, dict(sorted(fixes.items())), changes)


def _repair_lines(text: str, fixes: Counter[str], changes: list[Change]) -> str:
    """ftfy.fix_text's own loop, line by line, with clean lines skipped and fixes recorded."""
    config = FTFY_CONFIG
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + config.max_decode_length)
        line = text[pos:end]
        pos = end
        if config.unescape_html == "auto" and "<" in line:
            # As ftfy does: once the text shows markup, entities are markup too.
            config = config._replace(unescape_html=False)
        if needs_repair(line):
            fixed, steps = ftfy.fix_and_explain(line, config)
            if fixed != line:
                kinds = sorted({_kind(step) for step in steps or []})
                fixes.update(kinds)
                changes.append(Change(kinds, line.rstrip("\n"), fixed.rstrip("\n")))
                line = fixed
        out.append(line)
    return "".join(out)


def _kind(step: tuple[str, str]) -> str:
    action, parameter = step
    if action == "normalize":
        return "unicode"
    if action in ("encode", "decode"):
        return "mojibake"
    return _STEP_KIND.get(parameter, parameter)


def tidy_whitespace(text: str) -> str:
    """Our whitespace rules alone (what normalize does after ftfy's repairs)."""
    return _tidy(text, Counter(), []) if needs_tidy(text) else text


def _tidy(text: str, fixes: Counter[str], changes: list[Change]) -> str:
    """Whitespace and invisible characters; counts are places changed."""
    original = text
    counts: Counter[str] = Counter()
    text, counts["zero_width"] = _ZERO_WIDTH.subn("", text)
    text, odd = _ODD_SPACE.subn(" ", text)
    text, edges = _LINE_EDGE.subn("\n", text)
    text, blanks = _BLANK_RUN.subn("\n\n", text)
    stripped = text.strip(" \n")
    counts["whitespace"] = odd + edges + blanks + (stripped != text)
    text = stripped
    counts = +counts
    if counts:
        fixes.update(counts)
        changes.append(Change(sorted(counts), _preview(original), _preview(text)))
    return text


def _preview(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Normalize:
    """The normalize stage: `cleaner.text` and `cleaner.fixes` on every document."""

    name = "normalize"

    def __init__(self, explain: Callable[[Document, list[Change]], None] | None = None):
        self.explain = explain

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            result = normalize_text(doc.text)
            doc.cleaner["text"] = result.text
            doc.cleaner["fixes"] = result.fixes
            if doc.title is not None:
                doc.cleaner["title"] = normalize_text(doc.title).text
            if self.explain is not None and result.changes:
                self.explain(doc, result.changes)
            yield doc
