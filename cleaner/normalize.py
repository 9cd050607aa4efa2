"""normalize: repair encoding, entities and odd characters, and say what was repaired.

ftfy does the repairs. It is thorough but slow, and almost every line of scraped
news needs nothing. So each line first passes a check built from ftfy's own
triggers: a line with none of the characters any of ftfy's fixers acts on, that
ftfy's own mojibake detector (`is_bad`) passes and that is already NFC, is exactly
a line ftfy would return unchanged, and skips it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import ftfy
from ftfy import fixes as ftfy_fixes
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from ._vendor import ftfy_badness
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



def _mojibake_anchors(detector: re.Pattern[str]) -> tuple[re.Pattern[str], int] | None:
    """Characters every match of ftfy's mojibake detector must contain, and its widest match.

    `is_bad` runs a large regex over the whole text, trying every branch at every
    character. Each of its branches is a short run of single characters
    (`cleaner._vendor.ftfy_badness`), and at least one of them is a class of rare
    symbols, so we pick, per branch, the class least likely in clean text; a text with
    none of those characters cannot match, and around each one only a window as wide
    as the longest match needs searching. None (always search the whole text) when `detector` is not the
    pattern written out there, as after an ftfy update that changed it.
    """
    if not ftfy_badness.same_as(detector):
        return None
    # Costs are counted over these characters: every range in ftfy's classes ends below
    # U+3000, and the few characters above are listed one by one. (What a text must
    # contain is the anchor elements themselves, so a miscount costs speed, not matches.)
    universe = "".join(map(chr, range(0x3000))) + "".join(
        sorted({c for c in ftfy_badness.pattern() if c >= "\u3000"}))

    def cost(char: str) -> int:  # letters and typographic quotes are common in clean text
        return 100 if unicodedata.category(char)[0] == "L" or char in "‘’“”–—…«»" else 1

    def rare(element: str) -> int | None:
        """The cost of an element that is one character or a class of them, all outside
        ASCII; None for any other element."""
        if not ((len(element) == 1 and element not in ".^") or (element[:1] == "[" and element[:2] != "[^")):
            return None
        held = re.findall(element, universe)
        return sum(map(cost, held)) if held and min(held) >= "\x80" else None

    anchors = []
    for branch in ftfy_badness.branches():
        costs = [(c, element) for element in branch if (c := rare(element)) is not None]
        if not costs:
            return None
        anchors.append(min(costs, key=lambda ce: ce[0])[1])
    # `search(text, pos, endpos)` keeps `^` at the real start of the text, so windows
    # are exact for it; every other element matches one character at most.
    width = max(sum(element != "^" for element in branch) for branch in ftfy_badness.branches())
    # An alternation of single characters and classes compiles to one class.
    return re.compile("|".join(dict.fromkeys(anchors))), width


_DETECTOR = ftfy_badness.detector()
_MOJIBAKE_ANCHORS = _mojibake_anchors(_DETECTOR) if _DETECTOR else None
# ftfy checks text a line at a time, so its `^` means the start of any line of ours.
_BAD_ANY_LINE = re.compile(_DETECTOR.pattern, _DETECTOR.flags | re.MULTILINE) if _DETECTOR else None


def looks_like_mojibake(text: str) -> bool:
    """ftfy's `is_bad` for any line of the text, searching only near the characters it needs.

    For one line this is exactly `is_bad(line)`; for several, it is true when
    `is_bad` is true for at least one of them.
    """
    if _BAD_ANY_LINE is None:  # another ftfy release than the vendored detector's
        return any(map(is_bad, text.split("\n")))
    if _MOJIBAKE_ANCHORS is None:
        return _BAD_ANY_LINE.search(text) is not None
    anchor, width = _MOJIBAKE_ANCHORS
    start = end = -1  # the window of text around the anchors seen so far, not yet searched
    for match in anchor.finditer(text):
        pos = match.start()
        if pos - width + 1 > end:  # this anchor's window does not touch the current one
            if end > 0 and _BAD_ANY_LINE.search(text, start, end):
                return True
            start = max(0, pos - width + 1)
        end = pos + width
    return end > 0 and _BAD_ANY_LINE.search(text, start, end) is not None


# Our own whitespace rules, after ftfy: zero-width characters that carry nothing
# (soft hyphen, zero-width space, word joiner; ZWJ and ZWNJ are kept because emoji,
# Persian and Indic scripts need them), tabs and layout spaces, spaces at line
# ends, and more than one blank line. Runs of spaces inside a line and no-break
# spaces are left alone: they can be deliberate (French typography, ASCII art).
_ZERO_WIDTH = re.compile("[\u00ad\u200b\u2060\u180e]")
_ODD_SPACE = re.compile("[\t\x0c\u1680\u2000-\u200a\u205f]")
_LINE_EDGE = re.compile(r" +\n *|\n +")
_BLANK_RUN = re.compile(r"\n{3,}")
_TIDY_CHARS = re.compile("[\u00ad\u200b\u2060\u180e\t\x0c\u1680\u2000-\u200a\u205f]")
_TIDY_RUNS = (" \n", "\n ", "\n\n\n")  # found by substring search: faster than alternatives in one pattern

# fix_encoding explains itself in steps; these are the ones that are not encode/decode.
_STEP_KIND = {"decode_inconsistent_utf8": "mojibake", "fix_c1_controls": "mojibake"}


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
    return not unicodedata.is_normalized("NFC", text) or looks_like_mojibake(text)


def needs_tidy(text: str) -> bool:
    """True when our whitespace rules would change this text."""
    return bool(text) and (
        any(run in text for run in _TIDY_RUNS) or _TIDY_CHARS.search(text) is not None
        or text[0] in " \n" or text[-1] in " \n"
    )


def normalize_text(text: str, explain: bool = False) -> Normalized:
    """Repair one document's text; clean text comes back as the same string.

    >>> normalize_text("Caf\u00c3\u00a9 &amp; bar").text
    'Café & bar'

    Repairs repeat until nothing changes (at most three rounds), so normalizing
    twice gives what normalizing once gave. `explain` also records each change
    (for `--explain`); it costs time, so it is off by default.
    """
    fixes: Counter[str] = Counter()
    changes: list[Change] | None = [] if explain else None
    for _ in range(3):
        before = text
        if needs_repair(text):
            text = _repair_lines(text, fixes, changes)
        if needs_tidy(text):
            text = _tidy(text, fixes, changes)
        if text == before:
            break
    return Normalized(text, dict(sorted(fixes.items())), changes or [])


_MARKUP = re.compile(r"<[A-Za-z/!?]")


def _repair_lines(text: str, fixes: Counter[str], changes: list[Change] | None) -> str:
    """ftfy.fix_text's own loop, line by line, with clean lines skipped and fixes recorded."""
    unescape = True
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + FTFY_CONFIG.max_decode_length)
        line = text[pos:end]
        pos = end
        # As ftfy does: once the text shows markup, entities are markup too; but only a
        # tag is markup ("profits < 5%" or a stray "<" in a menu is text).
        unescape = unescape and not _MARKUP.search(line)
        if needs_repair(line):
            fixed, kinds = _fix_line(line, unescape)
            if fixed != line:
                fixes.update(kinds)
                if changes is not None:
                    changes.append(Change(sorted(kinds), line.rstrip("\n"), fixed.rstrip("\n")))
                line = fixed
        out.append(line)
    return "".join(out)


# ftfy's fixers after fix_encoding, in ftfy's order, each behind the characters it acts on.
_FIXERS = [
    ("mojibake", re.compile("[\x80-\x9f]"), ftfy_fixes.fix_c1_controls),
    ("ligature", re.compile(f"[{_char_class(LIGATURES)}]"), ftfy_fixes.fix_latin_ligatures),
    ("line_break", re.compile("[\r\u2028\u2029\x85]"), ftfy_fixes.fix_line_breaks),
    ("surrogate", re.compile("[\ud800-\udfff]"), ftfy_fixes.fix_surrogates),
    ("terminal_escape", re.compile("\x1b"), ftfy_fixes.remove_terminal_escapes),
    ("control_char", re.compile(f"[{_char_class(CONTROL_CHARS)}]"), ftfy_fixes.remove_control_chars),
]


def _fix_line(line: str, unescape: bool) -> tuple[str, set[str]]:
    """ftfy.fix_and_explain with FTFY_CONFIG, each fixer skipped when its characters are absent.

    The same steps in the same order until nothing changes, so the result is
    ftfy's; the tests hold it to `ftfy.fix_text` on ftfy's own cases and on
    generated text.
    """
    kinds: set[str] = set()
    while True:
        before = line
        if unescape and "&" in line:
            line = _apply(ftfy_fixes.unescape_html, line, "html_entity", kinds)
        if looks_like_mojibake(line):  # ftfy's own gate for fix_encoding
            line, steps = ftfy.fix_encoding_and_explain(line, FTFY_CONFIG)
            kinds.update(_kind(step) for step in steps or [])
        for kind, trigger, fixer in _FIXERS:
            if trigger.search(line):
                line = _apply(fixer, line, kind, kinds)
        if not unicodedata.is_normalized("NFC", line):
            line = _apply(lambda t: unicodedata.normalize("NFC", t), line, "unicode", kinds)
        if line == before:
            return line, kinds


def _apply(fixer: Callable[[str], str], text: str, kind: str, kinds: set[str]) -> str:
    fixed = fixer(text)
    if fixed != text:
        kinds.add(kind)
    return fixed


def _kind(step: tuple[str, str]) -> str:
    action, parameter = step
    if action in ("encode", "decode", "transcode"):
        return "mojibake"
    return _STEP_KIND.get(parameter, parameter)


def tidy_whitespace(text: str) -> str:
    """Our whitespace rules alone (what normalize does after ftfy's repairs)."""
    return _tidy(text, Counter(), None) if needs_tidy(text) else text


def _tidy(text: str, fixes: Counter[str], changes: list[Change] | None) -> str:
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
    fixes.update(counts)
    if counts and changes is not None:
        changes.append(Change(sorted(counts), *_changed_part(original, text)))
    return text


def _changed_part(before: str, after: str, context: int = 30) -> tuple[str, str]:
    """The stretch where two texts differ, with a little context, for `--explain`."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    lo = max(0, start - context)

    def cut(text: str) -> str:
        hi = len(text) - max(0, end - context)
        return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")

    return cut(before), cut(after)


class Normalize:
    """The normalize stage: `cleaner.text` and `cleaner.fixes` on every document."""

    name = "normalize"

    def __init__(self, explain: Callable[[Document, list[Change]], None] | None = None):
        self.explain = explain

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            result = normalize_text(doc.text, explain=self.explain is not None)
            doc.cleaner["text"] = result.text
            doc.cleaner["fixes"] = result.fixes
            if doc.title is not None:
                doc.cleaner["title"] = normalize_text(doc.title).text
            if self.explain is not None and result.changes:
                self.explain(doc, result.changes)
            yield doc
