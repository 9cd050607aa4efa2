"""split: each paragraph of the normalized text becomes a headline, body or boilerplate
segment with its character span; body paragraphs are split into sentences.

Boilerplate evidence comes from the lexicon, the shape of a line and, with a
`SourceModel`, from lines that recur across a source's documents. Headlines are the
title-like paragraphs a scraped page starts with (a stitched page can carry
several), or the record's title where the page repeats it. `cleaner.text` becomes
the body only; nothing is removed from the segments, so every character a user
wrote can be found again by its span.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..document import Block, Document, Verdict
from ..text import abbreviations, paragraphs, sentences
from .boilerplate import (
    _DATE,
    _DATE_WORDS,
    ARROW_LINK_WORDS,
    BYLINE,
    CLOSING_ARROWS,
    DATE_STAMP,
    OPENING_ARROWS,
    Lexicon,
    LineCounts,
    SourceModel,
    fold_line,
    fold_lowered,
    is_arrow_link,
    is_byline,
    is_post_navigation,
    is_recurring,
    is_time_of_day,
    lowered_line,
    shape_verdict,
    source_key,
)

HEADLINE_MAX_WORDS = 25
HEADLINE_MIN_WORDS = 3
SHORT_LINE_WORDS = 5  # a line this short without a sentence, outside the article, is furniture
RUN_LINE_WORDS = 12  # lines of link length …
RUN_LENGTH = 5  # … this many in a row, none a sentence, are a link list (menus, related stories)
LINK_DENSITY = 0.5  # a short block whose characters are mostly inside links is navigation
# On text alone, the article is the stretch of lines with the most prose: a sentence earns
# its words; a line of several words without one costs a little (a list or a results
# table inside the article), a shorter line more, a line with boilerplate evidence most
# (menus, share bars, footers). Outside that stretch only long lines and the article's
# titles stay: a sentence of a teaser's length there is another story's teaser, a site's
# blurb or a reader's comment more often than the article's (four times in five on the
# news fit sites; on CleanEval's older pages it costs a little recall). The costs are
# fitted on the split evaluation's fit sites only.
SENTENCE_WORDS = 3  # a sentence this long earns its words
LIST_COST = 2
SHORT_COST = 6
FURNITURE_COST = 20
GAP_LINES = 8  # a box inside the article, at most (see _article_span)
MERGE_WORDS = 10  # prose under the article's stamps, over such a box, at least
MERGE_SPAN = 40  # lines of a live page's entry, at most
STAMP_GAP = 2  # lines between the stamps and that prose, at most
PROSE_WORDS = 14  # a sentence this long is prose (what the article and its thread are)
LONG_LINE_WORDS = 25  # a line this long is text wherever it stands, sentence or not
TITLE_WINDOW = 4  # furniture lines between the article and its title, at most
STAMPED_TITLE_WINDOW = 10  # lines between the article and a title over its byline or date, at most
STANDFIRST_WORDS = 8  # a line under the title and over its byline, this long, is its standfirst
TITLE_HEAD_LINES = 2  # a standfirst and the author's name, between a title and its stamp
HEAD_FURNITURE = 5  # short furniture lines there too, at most (a share bar, the site's name)
HEAD_NAMES = 2  # and names (the byline), at most
DECK_WORDS = 12  # a title-like line this long under another is its deck
ARTICLE_STAMPS = 3  # an article's bylines and dates (written, updated), at most
LIST_WORDS = 3  # a list's lines have this many words (on average, for a run of them)
TAIL_WORDS = 5  # lines that end the text right after the article with this many words are its own
KEY_POINTS = 12  # over the heading that closes the article, such lines are its own up to this many
_SENTENCE_PUNCT = ".!?…。！？؟।۔"  # and the danda of Hindi, the full stop of Urdu
_STAMPS = {BYLINE, DATE_STAMP}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "head"}  # the page's and the extractor's names


@dataclass(slots=True)
class Piece:
    start: int
    end: int
    verdict: Verdict | None = None
    kind: str = ""
    flags: list[dict[str, Any]] = field(default_factory=list)
    vouched: Block | None = None  # the extractor kept this line as a block of the article


def is_headline_like(line: str) -> bool:
    """Short, starts like a title, and neither is nor holds a finished sentence (a line
    that opens with a whole sentence and trails off is a body line cut short)."""
    words = line.split()
    return (
        HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS
        and len(line) <= 200
        and line[-1] not in ".,;"
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'«"
             or (line[0].islower() and words[0][1:] != words[0][1:].lower()))  # "iOS", "eBay"
        and not _opens_with_a_sentence(line)
    )


_FULL_STOP_INSIDE = re.compile(r"(\w+)\. +(?!\d)\S")


def _opens_with_a_sentence(line: str) -> bool:
    """A full stop after a lower-case word (not an abbreviation) with more after it, other
    than a date or a number ("… don't boo. 20 August, 2011" is a headline with its date)."""
    return any(word[-1].islower() and len(word) > 1 and word.lower() not in abbreviations()
               for word in _FULL_STOP_INSIDE.findall(line))


def _is_sentence(line: str) -> bool:
    return line.rstrip("\"'”’»)] ")[-1:] in _SENTENCE_PUNCT


def split_text(
    text: str,
    *,
    title: str | None = None,
    source: str = "",
    lexicon: Lexicon | None = None,
    model: SourceModel | None = None,
    blocks: Sequence[Block] = (),
    with_sentences: bool = True,
) -> list[dict[str, Any]]:
    """Segments of one normalized text, in order, with spans into `text` (`blocks`: what
    the source said of its blocks, e.g. a page's <nav>). `with_sentences` False leaves
    the body segments without their sentences, for `add_sentences` to give them later."""
    lexicon = lexicon or Lexicon.builtin()
    evidence = {fold_line(block.text): block for block in blocks}
    pieces: list[Piece] = []
    lines = (column for paragraph in paragraphs(text) for line in _unwrapped(text, *paragraph, lexicon)
             for column in _columns(text, *line))
    for start, end in lines:
        block = evidence.get(fold_line(text[start:end])) if evidence else None
        verdict = _block_verdict(block)
        if verdict is not None:
            pieces.append(Piece(start, end, verdict))
            continue
        found = _classify_line(text, start, end, source, lexicon, model)
        for piece in found:
            piece.vouched = block
        pieces.extend(found)
    _assign_kinds(text, pieces, fold_line(title) if title else "")
    return [_segment(text, piece, with_sentences) for piece in pieces]


def _unwrapped(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """A paragraph `paragraphs` joined from hard-wrapped lines, cut again after a line that
    ends in a lexicon phrase glued to its last sentence (that line ends a block, as it is
    read once the furniture glued before it is cut, and split of its own output must find
    what it found the first time), and before a byline in lower case ("di Marco Rossi"
    under a deck that ends without a full stop)."""
    lines = []
    newline = text.find("\n", start, end)
    while newline >= 0:
        line = text[start:newline].rstrip()
        after = newline + 1
        while text[after].isspace():  # a paragraph ends in a character that is not
            after += 1
        stop = text.find("\n", after, end)
        next_line = text[after:stop if stop >= 0 else end]
        if lexicon.glued_suffix(line) is not None or _is_name_byline(next_line):
            lines.append((start, start + len(line)))
            start = after
        newline = text.find("\n", newline + 1, end)
    return [*lines, (start, end)]


def _is_name_byline(line: str) -> bool:
    """"di Marco Rossi", "by Jane Doe": a byline of names alone, not a wrapped sentence's
    next line ("by the council, which met …")."""
    return is_byline(line) and _is_bare_name(line.split(maxsplit=1)[-1])


# A browser-like layout sets a page's columns side by side: a menu's entry, a wide gap,
# then a line of the article ("Risk Factors          In this section, as in the previous
# one, …"). Such a line is read as its columns, where one of them holds a phrase of several
# words; a table's row (short cells: "Phoenix     $83     28.7%") stays one line.
_COLUMN_GAP = re.compile(r" {5,}|\t")
COLUMN_WORDS = 6


def _columns(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a line's side-by-side columns, or the line's own span."""
    line = text[start:end]
    if "     " not in line and "\t" not in line:  # most lines, at once
        return [(start, end)]
    cells, at = [], 0
    for gap in _COLUMN_GAP.finditer(line):
        cells.append((at, gap.start()))
        at = gap.end()
    cells.append((at, len(line)))
    cells = [(a, b) for a, b in cells if line[a:b].strip()]
    if len(cells) < 2 or max(len(line[a:b].split()) for a, b in cells) < COLUMN_WORDS:
        return [(start, end)]
    return [(start + a, start + b) for a, b in cells]


def _block_verdict(block: Block | None) -> Verdict | None:
    """The source's own word on a block: site furniture by its element, or mostly links."""
    if block is None:
        return None
    if block.furniture:
        return Verdict(0.9, f"inside <{block.furniture}> on the page")
    if block.link_density >= LINK_DENSITY and len(block.text.split()) <= RUN_LINE_WORDS:
        return Verdict(0.8, f"{block.link_density:.0%} of a short block is links")
    return None


def _classify_line(text: str, start: int, end: int, source: str, lexicon: Lexicon,
                   model: SourceModel | None) -> list[Piece]:
    """One paragraph as one piece, or cut where boilerplate is glued to its start or end."""
    line = text[start:end]
    lowered = lowered_line(line)  # read by the lexicon, and folded for the source's lines
    verdict = lexicon.verdict(line, lowered)
    if verdict is None:
        verdict = shape_verdict(line) or lexicon.bar_verdict(lowered)
    elif verdict.score != 1.0 and (stamp := shape_verdict(line)) is not None and stamp.reason in _STAMPS:
        verdict = stamp  # "Posted on May 3, 2024 by Jane" opens as a site line does, but is a stamp
    if verdict is None and model is not None:
        verdict = model.verdict(source, line, fold_lowered(lowered))
    if verdict is not None:
        return [Piece(start, end, verdict)]
    out: list[Piece] = []
    # Furniture glued on repeats ("Latest News Latest News The council…"): cut every copy
    # now, or a second run would find the next one.
    while (glued := lexicon.glued_prefix(line)) is not None and glued[0] < len(line):
        cut, head_verdict = glued
        out.append(Piece(start, start + len(line[:cut].rstrip()), head_verdict))
        start += cut
        line = text[start:end]
    tails: list[Piece] = []
    while (glued := lexicon.glued_suffix(line)) is not None and glued[0] > 0:
        cut, tail_verdict = glued
        tails.insert(0, Piece(start + cut, end, tail_verdict))
        end = start + len(line[:cut].rstrip())
        line = text[start:end]
    if (out or tails) and line.strip():  # what is left is read again, as a second run reads it
        return out + _classify_line(text, start, end, source, lexicon, model) + tails
    out.append(Piece(start, end))
    return out + tails


class _Lines:
    """The pieces of one text as the rules read them: a piece's line, its words (split
    once, however many rules count them) and those words joined by single spaces. Looked
    up by span, so a piece cut afresh (a glued title) is read afresh."""

    def __init__(self, text: str):
        self.text = text
        self._words: dict[tuple[int, int], list[str]] = {}

    def line(self, piece: Piece) -> str:
        return self.text[piece.start:piece.end]

    def words(self, piece: Piece) -> list[str]:
        span = (piece.start, piece.end)
        found = self._words.get(span)
        if found is None:
            found = self._words[span] = self.text[piece.start:piece.end].split()
        return found

    def n_words(self, piece: Piece) -> int:
        return len(self.words(piece))

    def spaced(self, piece: Piece) -> str:
        return " ".join(self.words(piece))


def _assign_kinds(text: str, pieces: list[Piece], title: str) -> None:
    """Headlines lead the page; then body; short sentence-less lines outside the article
    (before its first or after its last paragraph) are furniture."""
    lines = _Lines(text)
    vouched = any(p.vouched is not None for p in pieces)
    content = [p for p in pieces if p.verdict is None]
    seen_body = False
    for piece in content:
        line = lines.line(piece)
        if not seen_body and not vouched and _is_wordless(line):  # a "…" is no first paragraph
            piece.verdict = _WORDLESS
        elif not seen_body and (_may_be_headline(piece, line) or (title and fold_line(line) == title)):
            piece.kind = "headline"
        elif not seen_body and lines.n_words(piece) < HEADLINE_MIN_WORDS and not _is_sentence(line):
            piece.verdict = _SHORT_BEFORE
        else:
            piece.kind = "body"
            seen_body = True
    body = [p for p in content if p.kind == "body"]
    if body and title and not any(p.kind == "headline" for p in content):
        _cut_glued_title(text, pieces, body[0], title)
    substantial = [p for p in body if lines.n_words(p) >= 8]
    article: set[int] = set()
    titles: set[int] = set()
    if not vouched:
        _mark_comments(lines, pieces, prose_only=True)
        article, titles = _mark_outside_article(lines, pieces)
        _mark_wordless(lines, pieces)
    elif substantial:
        last = substantial[-1].end
        for piece in body:
            if (piece.start > last and lines.n_words(piece) <= SHORT_LINE_WORDS
                    and not _is_sentence(lines.line(piece))):
                piece.verdict = Verdict(0.6, "short line without a sentence after the article")
    _mark_link_runs(lines, pieces, article, titles)
    span = (min(article), max(article)) if article else None
    if vouched:
        _mark_comments(lines, pieces)
        if substantial:
            span = (pieces.index(substantial[0]), pieces.index(substantial[-1]))
    if span is not None:
        _keep_article_stamps(pieces, *span, min(titles, default=None))
    for piece in pieces:
        if piece.verdict is not None:
            piece.kind = "boilerplate"
            piece.flags = [piece.verdict.flag("boilerplate")]


def _keep_article_stamps(pieces: list[Piece], first: int, last: int, title: int | None = None) -> None:
    """The article's bylines and date stamps, inside it or a little above it (under its
    `title`, however far above), are part of the article as published, and page sets' gold
    keeps them; the same shapes elsewhere on the page (a sidebar's dates, a comment's
    author) stay furniture, and so do those inside a stretch with more than ARTICLE_STAMPS
    of them (the posts of a thread or a forum, each under its own). Released last, so
    every rule before read them as the furniture they look like."""
    top = min(max(0, first - TITLE_WINDOW), first if title is None else title)
    stamps = [piece for piece in pieces[top:last + 1]
              if piece.verdict is not None and piece.verdict.reason in _STAMPS]
    if len(stamps) > ARTICLE_STAMPS:
        stamps = [piece for piece in stamps if piece.end <= pieces[first].start]
    for piece in stamps:
        piece.verdict = None
        piece.kind = "body"


_LETTER = re.compile(r"[^\W\d_]")
_WORDLESS = Verdict(0.6, "a line without a word")
_SHORT_BEFORE = Verdict(0.6, "short line without a sentence before the article")


def _is_wordless(line: str) -> bool:
    return not _LETTER.search(line)


def _mark_wordless(lines: _Lines, pieces: list[Piece]) -> None:
    """A line without a letter ("2", "*", "###", "»") is a comment's number, a
    separator or an arrow: nothing a reader reads."""
    for piece in pieces:
        if piece.verdict is None and _is_wordless(lines.line(piece)):
            piece.verdict = _WORDLESS


def _is_prose(lines: _Lines, piece: Piece) -> bool:
    return lines.n_words(piece) >= PROSE_WORDS and _is_sentence(lines.line(piece))


def _article_span(lines: _Lines, pieces: list[Piece]) -> tuple[int, int] | None:
    """First and last index of the stretch of pieces with the most prose (the run of
    greatest sum: a sentence earns its words, other lines cost), or None without a
    sentence. A box of up to GAP_LINES lines (an advertisement, a newsletter sign-up) may
    cut the article's first paragraphs off that stretch: a stretch of prose that starts
    under a byline or a date and ends before such a box is the article's start. After it,
    a stretch that starts under a time of day is a live page's next entry, the article's
    too."""
    values = [_line_value(lines, piece) for piece in pieces]
    _, span = _best_stretch(values, 0, len(values))
    if span is None:
        return None
    first, last = span
    score, before = _best_stretch(values, 0, first)
    if (before is not None and score >= MERGE_WORDS and first - before[1] - 1 <= GAP_LINES
            and any(p.verdict.reason in _STAMPS for p in _furniture_over(pieces, before[0], 0))):
        first = before[0]
    while True:  # a live page's entries, each under its time of day ("10:05 GMT")
        score, after = _best_stretch(values, last + 1, min(len(values), last + 1 + GAP_LINES + MERGE_SPAN))
        if (after is None or score < MERGE_WORDS or after[0] - last - 1 > GAP_LINES
                or not any(p.verdict.reason == DATE_STAMP and is_time_of_day(lines.line(p))
                           for p in _furniture_over(pieces, after[0], last + 1))):
            return first, last
        last = after[1]


def _furniture_over(pieces: list[Piece], start: int, lo: int) -> list[Piece]:
    """The pieces with a verdict among the STAMP_GAP lines over `start` (none before `lo`):
    where a stretch's stamp stands."""
    return [p for p in pieces[max(lo, start - STAMP_GAP):start] if p.verdict is not None]


def _line_value(lines: _Lines, piece: Piece) -> int:
    """What a line adds to the article's stretch: a sentence its words; a line with
    evidence of furniture, a short line or a list's line a cost."""
    n_words = lines.n_words(piece)
    if piece.verdict is not None:
        return -FURNITURE_COST
    if n_words >= SENTENCE_WORDS and _is_sentence(lines.line(piece)):
        return n_words
    return -LIST_COST if n_words >= LIST_WORDS else -SHORT_COST


def _best_stretch(values: list[int], lo: int, hi: int) -> tuple[int, tuple[int, int] | None]:
    """The greatest sum of a run of `values[lo:hi]`, and the run's first and last index."""
    best, best_span = 0, None
    total, start = 0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0, i
        total += values[i]
        if total > best:
            best, best_span = total, (start, i)
    return best, best_span


def _mark_outside_article(lines: _Lines, pieces: list[Piece]) -> tuple[set[int], set[int]]:
    """Outside the article (the stretch with the most prose), lines that are not long are
    furniture, but for the article's titles; what ends the text (or stands over the
    heading that closes the article, up to KEY_POINTS lines) right after the article with
    no boilerplate in it, a list of short lines or a few lines of several words, is the
    article's own (a cup draw, a results table, a score line, the story's key points). A
    heading that closes the article ("Related stories", "Tags:", "Next post") ends it: what
    follows is furniture, prose or not. The indices of the article's pieces, and of its
    titles."""
    span = _article_span(lines, pieces)
    if span is None:
        return set(), set()
    first, last = span
    end = _article_end(lines, pieces, first, last)
    if end is not None:
        last = min(last, end - 1)
        marker = lines.spaced(pieces[end])
        for piece in pieces[end:]:
            piece.verdict = piece.verdict or Verdict(0.7, f"after the article's end ({marker!r})")
    close = len(pieces) if end is None else end
    tail = pieces[last + 1:close]
    if tail and all(p.verdict is None for p in tail) and (end is None or len(tail) <= KEY_POINTS) and (
            len(tail) >= RUN_LENGTH or all(lines.n_words(p) >= TAIL_WORDS for p in tail)):
        last = close - 1
    titles = _titles(lines, pieces, first)
    for i, piece in enumerate(pieces):
        n_words = lines.n_words(piece)
        if (first <= i <= last or piece.verdict is not None or i in titles
                or n_words >= LONG_LINE_WORDS):
            continue
        where = "before" if i < first else "after"
        if _is_sentence(lines.line(piece)):
            reason = f"short sentence {where} the article, apart from it"
        else:
            size = "short line" if n_words <= SHORT_LINE_WORDS else "line"
            reason = f"{size} without a sentence {where} the article"
        piece.verdict = Verdict(0.6, reason)
    return set(range(first, last + 1)), titles


# Headings that close an article on a page: what follows them is other stories, tags or
# the thread, not the article. In English, and in the other languages the lexicon covers:
# the boxes of related and most-read stories, tags, the author's box, the next article.
# Not "Lesen Sie auch", "Lire aussi", "Leggi anche" and their kin: pages set those inside
# the article, over one link.
ARTICLE_END_CHARS = 50  # "People Who Liked This Article Also Liked..." is a heading's length
_ARTICLE_END_ELSEWHERE = (
    r"mehr (?:zum thema|aus [^.!?]{1,40}|von [^.!?]{1,40})|"
    r"weitere (?:artikel|nachrichten|meldungen|beiträge|themen)|"
    r"(?:ähnliche|verwandte) (?:artikel|beiträge|themen)|"
    r"das könnte (?:sie|dich) (?:auch )?interessieren|auch interessant|meist ?gelesen|am meisten gelesen|"
    r"(?:nächster|vorheriger) (?:artikel|beitrag)|themen|schlagw[oö]rte[r]?|über (?:den autor|die autorin)|"
    r"sur le même sujet|dans la même rubrique|articles (?:similaires|liés|associés|connexes)|"
    r"les plus (?:lus|partagés|commentés)|vous aimerez (?:peut-être )?aussi|à propos de l'auteur|"
    r"mots[- ]clés|article (?:suivant|précédent)|"
    r"(?:noticias|artículos) relacionad[oa]s|(?:también )?(?:te|le) puede interesar|"
    r"lo más (?:leído|visto|compartido)|más (?:leídas|noticias)|etiquetas|temas|sobre el autor|"
    r"(?:artículo|noticia) (?:siguiente|anterior)|"
    r"(?:articoli|notizie) correlat[ie]|(?:ti )?potrebbe (?:anche )?interessar(?:e|ti)|(?:i )?più letti|"
    r"altri articoli|argomenti|articolo (?:successivo|precedente)|"
    r"(?:notícias|artigos|matérias) relacionad[oa]s|mais (?:lidas|lidos|notícias)|tópicos|sobre o autor|"
    r"próximo artigo|artigo anterior|"
    r"gerelateerde (?:artikelen|berichten)|meest gelezen|meer (?:nieuws|over dit onderwerp)|over de auteur|"
    r"(?:volgend|vorig) artikel|"
    r"похожие (?:новости|статьи)|другие новости|самое (?:читаемое|популярное)|теги|по теме|"
    r"(?:أخبار|مواضيع|مقالات) ذات صلة|الأكثر (?:قراءة|مشاهدة)|الوسوم"
)
_ARTICLE_END = re.compile(
    r"^(?:related(?: posts| stories| articles| content| links| news| videos?| reading| recipes?)?"
    r"(?: (?:&|and) (?:posts|stories|articles|videos|recipes))?|"
    r"similar (?:posts|stories|articles)(?: you might (?:like|enjoy))?|"
    r"more (?:stories|news|articles|posts|from [^.!?]{1,40})|"
    r"you (?:may|might) also (?:like|enjoy|be interested in)|"
    r"recommended(?: for you| stories| reading)?|most (?:read|viewed|popular|shared|emailed|commented)|"
    r"(?:previous|next|older|newer) (?:post|article|story|entry)|share this(?: article| story| post)?|"
    r"tags|labels|filed (?:under|in)|categories|about the author|"
    r"(?:people|readers) who (?:liked|read|viewed) this (?:article|post|story) also (?:liked|read|viewed)|"
    r"did you (?:like|enjoy) this (?:article|post|story)\?|featured posts?|sponsor(?:ed)? (?:posts|content)|"
    rf"(?:from )?around the web|we recommend|{_ARTICLE_END_ELSEWHERE})\s*(?:\.{{3}}|…)?\s*:?$", re.I)


def _article_end(lines: _Lines, pieces: list[Piece], first: int, last: int) -> int | None:
    """The index of the first heading after the article's first line that closes it, if
    the article has more prose before it than after it (else it heads a box inside)."""
    prose = [0, *accumulate(lines.n_words(p) if _is_prose(lines, p) else 0
                            for p in pieces[:last + 1])]  # prose words before each piece
    for i in range(first + 1, len(pieces)):
        line = lines.spaced(pieces[i])
        before = prose[min(i, last + 1)] - prose[first]
        after = prose[-1] - prose[min(i, last + 1)]
        if before < after:
            continue
        if (len(line) <= ARTICLE_END_CHARS and _ARTICLE_END.match(line)) or _post_links(lines, pieces, i):
            return i
    return None


def _post_links(lines: _Lines, pieces: list[Piece], i: int) -> bool:
    """"« Previous post title" then "Next post title »", on two lines or on one: a blog's
    links to its neighbouring posts, which stand under the post, before its comments and the
    sidebar."""
    text = lines.text
    if text[pieces[i].start] not in OPENING_ARROWS:  # most lines: no arrow, at once
        return False
    if is_post_navigation(lines.spaced(pieces[i])):
        return True
    if i + 1 >= len(pieces) or text[pieces[i + 1].end - 1] not in CLOSING_ARROWS:
        return False
    return all(lines.n_words(piece) <= ARROW_LINK_WORDS and is_arrow_link(lines.spaced(piece))
               for piece in pieces[i:i + 2])


def _titles(lines: _Lines, pieces: list[Piece], first: int) -> set[int]:
    """The article's titles among the lines before it: the headlines the text opens with
    (a stitched page has several), if only a few furniture lines stand between them and
    the article, else the nearest title-like line a few lines before it; and the head over
    the article's stamp. A title read as a recurring line (the site's other pages link to
    the story by it) is released as the article's."""
    i = first - 1
    while i >= 0 and first - i <= TITLE_WINDOW and pieces[i].verdict is not None:
        i -= 1  # a byline, a date, a share bar between the titles and the article
    keep = set()
    while i >= 0 and pieces[i].kind == "headline":
        keep.add(i)
        i -= 1
    if keep and i >= 0 and _recurring_title(lines, pieces[i]):  # the title over its standfirst
        _release_title(pieces, i)
        keep.add(i)
    if not keep:
        near = [i for i in range(max(0, first - TITLE_WINDOW), first)
                if _may_be_title(pieces[i]) and is_headline_like(lines.line(pieces[i]))]
        keep = set(near[-1:])
        for i in keep:
            _release_title(pieces, i)
    return keep | _stamped_title(lines, pieces, first)


def _release_title(pieces: list[Piece], i: int) -> None:
    """The article's title, where it was read as a recurring line: a headline over the
    page's first body line, else body."""
    if pieces[i].verdict is not None and is_recurring(pieces[i].verdict):
        pieces[i].verdict = None
        pieces[i].kind = "body" if any(p.kind == "body" for p in pieces[:i]) else "headline"


def _recurring_title(lines: _Lines, piece: Piece) -> bool:
    """A title-like line read as furniture only because it recurs in its source."""
    return piece.verdict is not None and is_recurring(piece.verdict) and is_headline_like(lines.line(piece))


def _may_be_title(piece: Piece) -> bool:
    """No evidence against a line but that it recurs in its source: a story's title does,
    where the site's other pages link to the story by it."""
    return piece.verdict is None or is_recurring(piece.verdict)


def _stamped_title(lines: _Lines, pieces: list[Piece], first: int) -> set[int]:
    """The title over a byline or a date stamp, a little before the article (a share bar
    or a picture may stand between them), with what stands between the title and the stamp;
    see `_head_over`."""
    for i in range(first - 2, max(-1, first - STAMPED_TITLE_WINDOW - 1), -1):
        stamp = pieces[i + 1].verdict
        if stamp is not None and stamp.reason in _STAMPS and (head := _head_over(lines, pieces, i)):
            return head
    return set()


def _head_over(lines: _Lines, pieces: list[Piece], i: int) -> set[int]:
    """An article's head ending at line `i`, right over its stamp: the nearest title-like
    line, with what stands between it and the stamp (a standfirst, a line of several words),
    all the article's. Up to HEAD_FURNITURE short furniture lines (a share bar, the site's
    name) may stand there too, and stay furniture. A name ("Ana García", "Jennifer Rankin
    in Brussels") under the standfirst is the byline; the topmost of such names is the
    title where no title stands over it (a short title in Title Case reads as a name)."""
    furniture = head_lines = 0
    named: list[int] = []
    for j in range(i, max(-1, i - TITLE_HEAD_LINES - HEAD_FURNITURE - HEAD_NAMES - 1), -1):
        piece, line = pieces[j], lines.line(pieces[j])
        if (not head_lines and len(named) < HEAD_NAMES and piece.verdict in (None, _SHORT_BEFORE)
                and _is_bare_name(line)):
            named.append(j)
            continue
        if _may_be_title(piece) and is_headline_like(line):
            return _head(lines, pieces, j, i, named)
        n_words = lines.n_words(piece)
        if (piece.verdict is not None and furniture < HEAD_FURNITURE
                and piece.verdict.reason not in _STAMPS and n_words <= SHORT_LINE_WORDS):
            furniture += 1
            continue
        head_lines += 1
        if (piece.verdict is not None or STAMP_NAME_WORDS < n_words < STANDFIRST_WORDS
                or head_lines > TITLE_HEAD_LINES):
            break
    if named and is_headline_like(lines.line(pieces[named[-1]])):
        return _head(lines, pieces, named[-1], i, named[:-1])
    return set()


def _head(lines: _Lines, pieces: list[Piece], title: int, i: int, bylines: list[int]) -> set[int]:
    """The head from its `title` (and the deck over it) down to line `i`, its names read as
    the bylines they are."""
    for n in bylines:
        pieces[n].verdict = Verdict(0.9, BYLINE)
    top = title - 1 if title > 0 and _decked(lines, pieces[title - 1], pieces[title]) else title
    for n in range(top, title + 1):
        _release_title(pieces, n)
    return set(range(top, i + 1))


def _decked(lines: _Lines, title: Piece, deck: Piece) -> bool:
    """A title over its deck, a longer title-like line of several words with no full stop
    ("Dockers strike for a third day" over "The unions want 8%, the port offers 4% and a
    one-off bonus")."""
    return (_may_be_title(title) and is_headline_like(lines.line(title))
            and lines.n_words(deck) >= max(DECK_WORDS, lines.n_words(title) + 1))


_NAME_JOINS = {"in", "and", "&", "und", "et", "y", "e", "de", "da", "del", "di", "von", "van", "der", "la",
               "le"}


def _is_bare_name(line: str) -> bool:
    """Names of a few capitalised words and nothing else, but for the words that join
    them: "Ana García", "Jennifer Rankin in Brussels", "Ann Lee and Bob Stone"."""
    words = line.split()
    names = [w for w in words if w not in _NAME_JOINS]
    return (2 <= len(names) <= STAMP_NAME_WORDS and len(words) - len(names) <= 2 and not line.isupper()
            and words[0] in names and words[-1] in names
            and all(w[0].isupper() and w.replace("-", "").replace("'", "").replace("’", "").isalpha()
                    for w in names))


def _may_be_headline(piece: Piece, line: str) -> bool:
    """Looks like a title; on a page, marked up as a heading (whatever its punctuation): a
    short first paragraph the extractor kept as a paragraph is the article's first
    paragraph, not its title."""
    if piece.vouched is None:
        return is_headline_like(line)
    if piece.vouched.path.rsplit("/", 1)[-1] not in _HEADINGS:
        return False
    return len(line.split()) <= HEADLINE_MAX_WORDS  # the markup says heading: believe it


def _vouched_content(piece: Piece) -> bool:
    """A line the extractor kept as a block of the article and the markup does not call
    furniture: its list items are the article's list, not a menu, however short."""
    return piece.vouched is not None and piece.verdict is None


def _mark_link_runs(lines: _Lines, pieces: list[Piece], article: set[int], titles: set[int]) -> None:
    """Runs of short sentence-less lines after the headlines are menus and link lists;
    a single such line between paragraphs is a crosshead and stays, and so does a run
    inside the article (`article`: indices) with no boilerplate in it whose lines are
    not single words: the article's list or table, not a menu."""
    run: list[Piece] = []
    at = {id(piece): i for i, piece in enumerate(pieces)}
    for piece in [*pieces, None]:
        linkish = piece is not None and piece.kind != "headline" and not _vouched_content(piece) and (
            piece.verdict is not None
            or (lines.n_words(piece) <= RUN_LINE_WORDS and not _is_sentence(lines.line(piece)))
        )
        if linkish:
            run.append(piece)  # type: ignore[arg-type]
            continue
        if len(run) >= RUN_LENGTH and not _article_list(lines, run, article, at):
            for member in run:
                if member.verdict is None and at[id(member)] not in titles:
                    member.verdict = Verdict(0.6, f"one of {len(run)} short lines in a row (a link list)")
        run = []


def _article_list(lines: _Lines, run: list[Piece], article: set[int], at: dict[int, int]) -> bool:
    return (all(m.verdict is None and at[id(m)] in article for m in run)
            and sum(lines.n_words(m) for m in run) >= LIST_WORDS * len(run))


# The heading a page puts over its readers' comments (or the trackbacks before them):
# "Comments", "12 Responses to …", "Leave a Reply", in the languages the lexicon covers,
# and the count a blog's theme puts there with a call to join in ("4 Comments Leave a
# comment", "{ 9 comments… read them below or add one }", "comments powered by Disqus").
_COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+|one\s+)?(?:reader\s+|user\s+|blog\s+)?(?:comments?|responses?|replies|pingbacks?|"
    r"trackbacks?(?: pings| url for this entry)?|"
    r"leave a (?:comment|reply)|post a comment|add a comment|join the (?:discussion|conversation)|"
    r"kommentare?|commentaires?|comentarios?|commenti|coment[aá]rios?|reacties|комментарии)"
    r"(?:\s*\(\d+\))?\s*(?:$|[:.!]\s*$|(?:to|on|for|zu|sur|a|para)\s|"
    r"(?:\.{3}|…)?\s*(?:leave|add|post|read|view|write|jump|be the first|powered by)\b)", re.I)
_HEADING_BRACES = " {}[]"
COMMENTS_HEADING_WORDS = 8


# What a comment thread repeats under or over each comment: "Reply" (alone or between a
# thread's separators, "| Reply"), "Ann says:", "Ann said...", "by Bob (1234) writes:", "Bob
# wrote on 12 May 2012 at 5:49 am". Two of them after the article start its thread.
_COMMENT_MARKER = re.compile(
    r"^(?:[|·•]\s*)?(?:reply(?: to (?:this )?comment)?|report (?:abuse|this comment)|"
    r"antworten|melden|répondre|signaler|responder|rispondi|segnala|reageer|beantwoorden|ответить)"
    r"(?:\s*[|·•])?$|"
    r"^(?:(?:\d+\.\s+)?[^.!?]{1,60}\b(?:says|said|wrote|writes|schrieb|schreibt|a écrit|escribió|ha scritto|"
    r"scrive|escreveu|schreef|написал)(?:(?: on [^.!?]{1,40})?:|\.{3}|…)|"
    r"[^.!?]{1,60}\b(?:wrote|responded to [^.!?]{1,40}) on [^.!?]{0,40}\d[^.!?]{0,40})$", re.I)
COMMENT_MARKERS = 2
# A comment's header: its author's name, then when it was written, a date and a clock
# time ("Chris Nahr 07.15.12 at 11:59", "Anna — July 18th, 2012, 4:09 pm"), or how long
# ago ("Miles Taylor 12 days ago").
_CLOCK = re.compile(r"(?<![\d.,$£€])\d{1,2}:\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
STAMP_NAME_WORDS = 4
_STAMP_PUNCT = ",;|:()—–-@"
_AGO = re.compile(r"[\s•·|,-]+\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?|years?)\s+ago$",
                  re.I)
_NOT_NAMES = {"by", "posted", "updated", "published", "last", "modified", "submitted", "written", "date"}


def _is_comment_stamp(line: str) -> bool:
    """A name of a few words, then a date with a clock time or how long ago, and nothing
    else: what a thread puts over each comment. An article's own stamp names no one before it
    ("updated 3:06 PM EST, Wed November 7") or says what it is ("By Ann Lee", "Date:")."""
    words = line.split()
    if len(words) > 12:
        return False
    if line[-3:].lower() == "ago" and (ago := _AGO.search(line)):  # "Miles Taylor 12 days ago" (Disqus)
        words = line[:ago.start()].split()
        return (0 < len(words) <= STAMP_NAME_WORDS and words[0].lower() not in _NOT_NAMES
                and not any(w.endswith(":") or _DATE_WORDS.match(w.strip(_STAMP_PUNCT).lower())
                            for w in words))
    if not _CLOCK.search(line) or not (_DATE.search(line) or _NUMERIC_DATE.search(line)):
        return False
    name = 0
    for word in words:
        token = word.strip(_STAMP_PUNCT).lower()
        if not token or _DATE_WORDS.match(token):
            break
        if word.endswith(":") or any(c.isdigit() for c in token):
            return False
        name += 1
    rest = (w.strip(_STAMP_PUNCT).lower() for w in words[name:])
    return (0 < name <= STAMP_NAME_WORDS and words[0].lower() not in _NOT_NAMES
            and all(not t or _DATE_WORDS.match(t) for t in rest))


_OF_A_TITLE = re.compile(r"\s(?:to|on|for|zu|sur|a|para)\s+[\"“‘'«]", re.I)
# "38 comments to Participatory Culture: What questions do you have?" (the count makes
# it the thread's heading, quotes or not), and WordPress's "5 thoughts on “…”".
_COUNTED_TITLE = re.compile(r"^(?:\d+|one)\s+(?:(?:comments?|responses?|replies)\s+(?:to|on)\s+\S|"
                            r"thoughts?\s+on\s+[\"“‘'«])", re.I)


def _is_comments_heading(line: str) -> bool:
    """"Comments", "Leave a Reply", and "11 Responses to “Wanna Make Money Online?”": a
    heading that names the post (in quotes, or after a count of comments) may be as long
    as a title and end as it does."""
    line = line.strip(_HEADING_BRACES)
    n_words = len(line.split())
    if _COUNTED_TITLE.match(line):
        return n_words <= COMMENTS_HEADING_WORDS + HEADLINE_MAX_WORDS and line[-1] != "."
    if not _COMMENTS_HEADING.match(line):
        return False
    if _OF_A_TITLE.search(line):
        return n_words <= COMMENTS_HEADING_WORDS + HEADLINE_MAX_WORDS
    return n_words <= COMMENTS_HEADING_WORDS and not _is_sentence(line)


def _is_comment_marker(line: str) -> bool:
    return bool(_COMMENT_MARKER.match(line)) or _is_comment_stamp(line)


def _mark_comments(lines: _Lines, pieces: list[Piece], prose_only: bool = False) -> None:
    """On a page, everything from a comments heading after the article on is readers'
    comments: the extractor kept them as paragraphs, but they are not the article. On
    text alone (`prose_only`: the article starts with prose), a thread's own repeated
    lines ("Reply", "Ann says:") start it too."""
    body = next((i for i, piece in enumerate(pieces) if piece.kind == "body" and (
        not prose_only or (piece.verdict is None and _is_prose(lines, piece)))), len(pieces))
    after_body = range(body + 1, len(pieces))  # a thread starts after the body's first line
    markers = deque(i for i in after_body if prose_only and _is_comment_marker(lines.spaced(pieces[i])))
    for i in after_body:
        line = lines.line(pieces[i])
        reason = ""
        if markers and i == markers[0] and len(markers) >= COMMENT_MARKERS:
            reason = f"reader comments, from {line!r} ({len(markers)} such lines)"
        elif _is_comments_heading(line):
            reason = f"reader comments, after {line!r}"
        if reason:
            for after in pieces[i:]:
                after.verdict = after.verdict or Verdict(0.8, reason)
            return
        while markers and markers[0] <= i:
            markers.popleft()


def _cut_glued_title(text: str, pieces: list[Piece], first: Piece, title: str) -> None:
    """The record's title glued to the first body line: `Title hereThe body starts…`."""
    line = text[first.start:first.end]
    if len(line) <= len(title) or fold_line(line[: len(title)]) != title:
        return
    cut = len(title)
    rest = line[cut:]
    offset = len(rest) - len(rest.lstrip())
    if not rest.strip() or not rest.lstrip()[0].isupper():
        return
    headline = Piece(first.start, first.start + cut, kind="headline")
    first.start += cut + offset
    pieces.insert(pieces.index(first), headline)


def _segment(text: str, piece: Piece, with_sentences: bool = True) -> dict[str, Any]:
    segment: dict[str, Any] = {
        "kind": piece.kind,
        "text": text[piece.start:piece.end],
        "start": piece.start,
        "end": piece.end,
        "flags": piece.flags,
    }
    if piece.kind == "body" and with_sentences:
        segment["sentences"] = _sentences(text, piece.start, piece.end)
    return segment


def _sentences(text: str, start: int, end: int) -> list[dict[str, Any]]:
    return [{"text": text[s:e], "start": s, "end": e, "flags": []} for s, e in sentences(text, start, end)]


def add_sentences(segments: list[dict[str, Any]]) -> None:
    """Each body segment without its sentences gets them, as `split_text` would have
    written them, from the segments alone. The sentence rules read a little of the text
    before a paragraph (the script of the last letter, the word before a full stop), and
    what split leaves between its segments is white space: the segments' texts at their
    spans, spaces between, read as the text did."""
    if not any(s["kind"] == "body" and "sentences" not in s for s in segments):
        return
    parts, at = [], 0
    for segment in segments:
        parts += [" " * (segment["start"] - at), segment["text"]]
        at = segment["end"]
    text = "".join(parts)
    for segment in segments:
        if segment["kind"] == "body" and "sentences" not in segment:
            segment["sentences"] = _sentences(text, segment["start"], segment["end"])


def document_flags(segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A document with no article text says so: empty, or boilerplate only (an index page)."""
    if not segments:
        return [{"name": "empty", "score": 1.0, "reason": "no text after normalization"}]
    if not any(s["kind"] == "body" for s in segments):
        kinds = sorted({s["kind"] for s in segments})
        return [{"name": "boilerplate_only", "score": 1.0,
                 "reason": f"no article text: {_all(len(segments))} "
                           f"{' or '.join(kinds)}"}]
    return []


def _all(n: int) -> str:
    """`all 3 paragraphs are`, and `its one paragraph is` where "all 1 paragraphs" would read
    as a slip."""
    return "its one paragraph is" if n == 1 else f"all {n} paragraphs are"


def body_text(segments: list[dict[str, Any]]) -> str:
    return "\n\n".join(s["text"] for s in segments if s["kind"] == "body")


class Split:
    """The split stage: `cleaner.segments`, document flags, and `cleaner.text` = the body.

    With `learn`, it first learns each source's recurring lines from the normalized
    corpus (its fitter); a `model` given is used as it is. `untitled_only` splits only
    documents without a title (what dedup needs: their headlines). `with_sentences` False
    leaves the body's sentences to a `Sentences` stage after it.
    """

    name = "split"

    def __init__(self, *, model: SourceModel | None = None, lexicon: Lexicon | None = None,
                 learn: bool = False, min_docs: int = 3, min_share: float = 0.1,
                 untitled_only: bool = False, with_sentences: bool = True):
        self.model = model
        self.with_sentences = with_sentences
        self.lexicon = lexicon or Lexicon.builtin()
        self.learn = learn and model is None
        self.min_docs = min_docs
        self.min_share = min_share
        self.untitled_only = untitled_only

    def fitter(self) -> _Recurring | None:
        return _Recurring(self) if self.learn else None

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.drop is None and not (self.untitled_only and doc.title):
                self.annotate(doc)
            yield doc

    def annotate(self, doc: Document) -> None:
        segments = split_text(
            doc.clean_text,
            title=doc.cleaner.get("title", doc.title),
            source=source_key(doc.source, doc.url),
            lexicon=self.lexicon,
            model=self.model,
            blocks=doc.blocks,
            with_sentences=self.with_sentences,
        )
        doc.cleaner["text"] = body_text(segments)
        doc.cleaner["segments"] = segments
        doc.cleaner.setdefault("flags", []).extend(document_flags(segments))


class Sentences:
    """The body segments cut into sentences, after a `Split(with_sentences=False)`. Where
    split runs in a corpus pass over every document (clean's word counts and headlines
    read only its segments and body), this leaves the sentences to the documents that
    stay: a duplicate on its way out is never cut into sentences, nor spilled with them."""

    name = "sentences"

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.drop is None:
                add_sentences(doc.cleaner.get("segments", []))
            yield doc


class _Recurring:
    """Split's corpus pass: each source's recurring lines, from the normalized documents."""

    after = "normalize"

    def __init__(self, stage: Split):
        self.stage = stage
        self.counts = LineCounts()

    def add(self, doc: Document) -> None:
        text = doc.clean_text
        self.counts.add(source_key(doc.source, doc.url), [text[s:e] for s, e in paragraphs(text)])

    def finish(self, engine: object) -> None:
        self.stage.model = self.counts.model(self.stage.min_docs, self.stage.min_share)


def learn_model(docs: Iterable[Document], min_docs: int = 3, min_share: float = 0.1) -> SourceModel:
    """Learn per-source recurring lines from normalized documents."""
    fit = _Recurring(Split(min_docs=min_docs, min_share=min_share))
    for doc in docs:
        fit.add(doc)
    fit.finish(None)
    assert fit.stage.model is not None
    return fit.stage.model
