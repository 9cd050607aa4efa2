# Copied from ftfy 6.3.1, ftfy/badness.py (https://github.com/rspeer/python-ftfy).
# Copyright 2023 Robyn Speer. Licensed under the Apache License, Version 2.0 (the
# "License"); you may not use this file except in compliance with the License. You may
# obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0 (ftfy's
# notice: LICENSE-ftfy.txt beside this file). Unless required by applicable law or
# agreed to in writing, software distributed under the License is distributed on an
# "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or
# implied. See the License for the specific language governing permissions and
# limitations under the License.
#
# Changed from the original: only the pattern of BADNESS_RE is copied, written as a list
# of branches, each a tuple of its elements (one character each, or none for `^`), with
# ftfy's comments kept; the character categories are ftfy's own, imported. `installed`
# and `same_as` are cleaner's.
"""ftfy's mojibake detector (`ftfy.badness.BADNESS_RE`), branch by branch.

ftfy's `is_bad` is one large verbose regex, an alternation of short sequences of
characters. Written out as data, cleaner can see which characters each branch needs
(see `cleaner.normalize`). `same_as` tells whether a compiled regex is this one (the
installed ftfy's, for instance); tests/test_normalize.py holds it to ftfy's.
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

BRANCHES: list[tuple[str, ...]] = [
    ("[{c1}]",),
    ("[{bad}{lower_accented}{upper_accented}{box}{start_punctuation}{end_punctuation}{currency}{numeric}{law}]",
     "[{bad}]"),
    ("[a-zA-Z]", "[{lower_common}{upper_common}]", "[{bad}]"),
    ("[{bad}]",
     "[{lower_accented}{upper_accented}{box}{start_punctuation}{end_punctuation}{currency}{numeric}{law}]"),
    ("[{lower_accented}{lower_common}{box}{end_punctuation}{currency}{numeric}]", "[{upper_accented}]"),
    ("[{box}{end_punctuation}{currency}{numeric}]", "[{lower_accented}]"),
    ("[{lower_accented}{box}{end_punctuation}]", "[{currency}]"),
    (r"\s", "[{upper_accented}]", "[{currency}]"),
    ("[{upper_accented}{box}]", "[{numeric}{law}]"),
    ("[{lower_accented}{upper_accented}{box}{currency}{end_punctuation}]", "[{start_punctuation}]",
     "[{numeric}]"),
    ("[{lower_accented}{upper_accented}{currency}{numeric}{box}{law}]", "[{end_punctuation}]",
     "[{start_punctuation}]"),
    ("[{currency}{numeric}{box}]", "[{start_punctuation}]"),
    ("[a-z]", "[{upper_accented}]", "[{start_punctuation}{currency}]"),
    ("[{box}]", "[{kaomoji}]"),
    ("[{lower_accented}{upper_accented}{currency}{numeric}{start_punctuation}{end_punctuation}{law}]",
     "[{box}]"),
    ("[{box}]", "[{end_punctuation}]"),
    ("[{lower_accented}{upper_accented}]", "[{start_punctuation}{end_punctuation}]", r"\w"),
    # The ligature œ when not followed by an unaccented Latin letter
    ("[Œœ]", "[^A-Za-z]"),
    # Degree signs after capital letters
    ("[{upper_accented}]", "°"),
    # Common Windows-1252 2-character mojibake that isn't covered by the cases above
    ("[ÂÃÎÐ]", r"[€œŠš¢£Ÿž\xa0\xad®©°·»{start_punctuation}{end_punctuation}–—´]"),
    ("×", "[²³]"),
    # Windows-1252 mojibake of Arabic words needs to include the 'common' characters.
    # To compensate, we require four characters to be matched.
    ("[ØÙ]", "[{common}{currency}{bad}{numeric}{start_punctuation}ŸŠ®°µ»]",
     "[ØÙ]", "[{common}{currency}{bad}{numeric}{start_punctuation}ŸŠ®°µ»]"),
    # Windows-1252 mojibake that starts 3-character sequences for some South Asian
    # alphabets
    ("à", "[²µ¹¼½¾]"),
    # MacRoman mojibake that isn't covered by the cases above
    ("√", "[±∂†≠®™´≤≥¥µø]"),
    ("≈", "[°¢]"),
    ("‚", "Ä", "[ìîïòôúùû†°¢π]"),
    ("‚", "[âó]", "[àä°ê]"),
    # Windows-1251 mojibake of characters in the U+2000 range
    ("в", "Ђ"),
    # Windows-1251 mojibake of Latin-1 characters and/or the Cyrillic alphabet.
    # Because the 2-character sequences involved here may be common, we require
    # seeing a 3-character sequence.
    ("[ВГРС]", "[{c1}{bad}{start_punctuation}{end_punctuation}{currency}°µ]", "[ВГРС]"),
    # A distinctive five-character sequence of Cyrillic letters, which can be
    # Windows-1251 mojibake on top of Latin-1 mojibake of Windows-1252 characters.
    # Require a Latin letter nearby.
    ("Г", "ў", "В", "Ђ", "В", ".", "[A-Za-z ]"),
    # Windows-1252 encodings of 'à' and 'á', as well as \xa0 itself
    ("Ã", r"[\xa0¡]"),
    ("[a-z]", r"\s?", "[ÃÂ]", "[ ]"),
    ("^", "[ÃÂ]", "[ ]"),
    # Cases where Â precedes a character as an encoding of exactly the same
    # character, and the character is common enough
    ("[a-z.,?!{end_punctuation}]", "Â", "[ {start_punctuation}{end_punctuation}]"),
    # Windows-1253 mojibake of characters in the U+2000 range
    ("β", "€", r"[™\xa0Ά\xad®°]"),
    # Windows-1253 mojibake of Latin-1 characters and/or the Greek alphabet
    ("[ΒΓΞΟ]", "[{c1}{bad}{start_punctuation}{end_punctuation}{currency}°]", "[ΒΓΞΟ]"),
    # Windows-1257 mojibake of characters in the U+2000 range
    ("ā", "€"),
]


def branches() -> list[tuple[str, ...]]:
    """BRANCHES with ftfy's character categories filled in: each element a regex."""
    return [tuple(element.format(**MOJIBAKE_CATEGORIES) for element in branch) for branch in BRANCHES]


def pattern() -> str:
    """The whole detector as one (non-verbose) regex pattern."""
    return "|".join("".join(branch) for branch in branches())


# A verbose pattern's tokens: a character class, an escape, a comment, white space, a character.
_VERBOSE_TOKEN = re.compile(r"\[(?:\\.|[^\]\\])*\]|\\.|#[^\n]*|[ \t\n\r\f\v]+|.", re.DOTALL)


def installed() -> re.Pattern[str]:
    """The installed ftfy's detector: what `is_bad` searches, and what `same_as` compares
    this copy with."""
    return BADNESS_RE


def same_as(regex: re.Pattern[str]) -> bool:
    """True when `regex`, a verbose pattern as ftfy writes BADNESS_RE, is this detector:
    the same tokens once its comments and white space are dropped."""
    if regex.flags & ~re.UNICODE != re.VERBOSE:
        return False
    tokens = _VERBOSE_TOKEN.findall(regex.pattern)
    return "".join(t for t in tokens if t[0] not in "# \t\n\r\f\v") == pattern()
