"""How a cluster member's headline differs from its representative, as the matcher sees it.

A reader checking a cluster wants to see the differences that made the matcher
hesitate (another word, another name), not the ones it never saw: dedup folds
case, punctuation, accents, transliteration variants and agency decorations
(`UPDATE 1-`, `(VIDEO)`, `- The Daily Globe`) away before comparing. So each
piece of a headline is told apart with the same folding dedup uses
(`cleaner.text.strip_and_fold`): `differs` (still different after folding),
`folded` (different only before folding), `decoration` (stripped before
matching) or `same`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import fold_many, strip_and_fold

_TOKENS = re.compile(r"\S+|\s+")

SAME, FOLDED, DECORATION, DIFFERS = "same", "folded", "decoration", "differs"


@dataclass(frozen=True)
class Piece:
    """A run of a headline and what the matcher made of it (SAME, FOLDED, DECORATION, DIFFERS)."""

    text: str
    kind: str


@dataclass(frozen=True)
class _Token:
    text: str
    decoration: bool


def compare(texts: Sequence[str], reference: str) -> list[list[Piece]]:
    """Each text cut into pieces against `reference`; folded in one batch, as dedup folds.

    >>> [(p.text, p.kind) for p in compare(["UPDATE 1-Floods HIT Kenya"], "Floods hit Kenya")[0]]
    [('UPDATE 1-', 'decoration'), ('Floods ', 'same'), ('HIT', 'folded'), (' Kenya', 'same')]
    >>> [(p.text, p.kind) for p in compare(["Floods hit Uganda"], "Floods hit Kenya")[0]][-1]
    ('Uganda', 'differs')
    """
    tokenised = [_tokens(text) for text in [reference, *texts]]
    words = [t.text for tokens in tokenised for t in tokens if not t.decoration and t.text.strip()]
    folded = dict(zip(words, fold_many(words), strict=True))
    ref = tokenised[0]
    return [_pieces(tokens, ref, folded) for tokens in tokenised[1:]]


def decorated(text: str) -> list[Piece]:
    """The representative itself: only its decorations told apart (muted), the rest as is."""
    return _merge([Piece(t.text, DECORATION if t.decoration else SAME) for t in _tokens(text)])


def _tokens(text: str) -> list[_Token]:
    """Words and spaces, each a decoration when dedup strips it before matching.

    `strip_and_fold` only deletes (labels in front, media tags, a site name at the
    end), so aligning the headline with its stripped form finds what was cut."""
    stripped = strip_and_fold([text]).stripped[0]
    cut = [False] * len(text)
    matcher = difflib.SequenceMatcher(a=text, b=stripped, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            cut[i1:i2] = [True] * (i2 - i1)
    tokens = []
    for start, end in _runs(cut):
        for match in _TOKENS.finditer(text, start, end):
            tokens.append(_Token(match.group(), cut[start]))
    return tokens


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of equal flags, so a token never spans a decoration's edge."""
    runs, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            runs.append((start, i))
            start = i
    return runs


def _pieces(tokens: list[_Token], ref: list[_Token], folded: dict[str, str]) -> list[Piece]:
    """Align the folded words with the reference's; a word matched only once folded is FOLDED."""
    words = [i for i, t in enumerate(tokens) if _folds_to_word(t, folded)]
    ref_words = [t for t in ref if _folds_to_word(t, folded)]
    matcher = difflib.SequenceMatcher(a=[folded[t.text] for t in ref_words],
                                      b=[folded[tokens[i].text] for i in words], autojunk=False)
    kinds: dict[int, str] = {}
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            token = tokens[words[j]]
            same = tag == "equal" and ref_words[i1 + offset].text == token.text
            kinds[words[j]] = SAME if same else FOLDED if tag == "equal" else DIFFERS
    ref_texts = {t.text for t in ref}
    pieces = []
    for i, token in enumerate(tokens):
        if token.decoration:
            kind = DECORATION
        elif i in kinds:
            kind = kinds[i]
        else:  # spaces and punctuation, which folding drops
            kind = SAME if not token.text.strip() or token.text in ref_texts else FOLDED
        pieces.append(Piece(token.text, kind))
    return _merge(pieces)


def _folds_to_word(token: _Token, folded: dict[str, str]) -> bool:
    """Only words the matcher compares take part in the alignment (punctuation folds to nothing)."""
    return not token.decoration and bool(token.text.strip()) and bool(folded[token.text])


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of one kind joined, for lean markup."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(merged[-1].text + piece.text, merged[-1].kind)
        else:
            merged.append(piece)
    return merged
