"""Boilerplate evidence for a line: a lexicon of site phrases, the shape of the line, and
lines that recur across many documents of one source.

Each rule returns a `Verdict` (score in [0, 1] and a reason a person can read) or
None. The lexicon is package data (`cleaner/data/boilerplate.json`), so adding a
language or phrase is a data change, not a code change.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..document import Verdict
from ..errors import CleanerError, UsageError
from ..text import is_abbreviation

MAX_START_WORDS = 15  # a 'starts' phrase marks only lines this short ("Posted on Facebook, the…")
MAX_SHORT_WORDS = 40  # a 'contains' phrase (specific: "all rights reserved") marks lines this short
BAR_WORDS = 24  # a bar of links and stamps is this short, …
BAR_CELL_WORDS = 10  # … and each of its cells this short
LINK_WORDS = 4  # a link's words, at most
_EDGE_JUNK = " \t\"'“”‘’«»‹›<>()[]{}|•·*-–—:;,.!?…→←↑↓▶►▸»›✓✔#"


def fold_line(line: str) -> str:
    """Lower case, single spaces, no decoration at either end: how lines are compared."""
    return fold_lowered(lowered_line(line))


def lowered_line(line: str) -> str:
    """Lower case, single spaces: what the lexicon's rules read, and `fold_line` once
    `fold_lowered` strips its ends."""
    return " ".join(line.lower().split())


def fold_lowered(lowered: str) -> str:
    """`fold_line` of a line, from its `lowered_line`."""
    return lowered.strip(_EDGE_JUNK)


class Lexicon:
    """Navigation and site phrases in many languages, matched whole-line, at line starts,
    inside short lines, and glued to the start or end of a paragraph."""

    def __init__(self, data: dict[str, Any]):
        self.lines: dict[str, str] = {}
        self.starts: list[tuple[str, str]] = []
        self.contains: list[tuple[str, str]] = []
        for lang, entries in data.items():
            if lang.startswith("_"):
                continue
            for phrase in entries.get("lines", []):
                self.lines.setdefault(fold_line(phrase), lang)
            self.starts += [(phrase.lower(), lang) for phrase in entries.get("starts", [])]
            self.contains += [(phrase.lower(), lang) for phrase in entries.get("contains", [])]
        self.longest_line = max(len(p) for p in self.lines)
        # One alternation each, longest first, so a line is checked in one regex call.
        self._starts = _alternation(self.starts, anchored=True)
        self._contains = _alternation(self.contains, anchored=False)
        self._lang: dict[str, str] = {}
        for phrase, lang in self.starts + self.contains:
            self._lang.setdefault(phrase, lang)  # a phrase shared by languages names the first

    @classmethod
    @cache
    def builtin(cls) -> Lexicon:
        path = resources.files("cleaner.data").joinpath("boilerplate.json")
        return cls(json.loads(path.read_text("utf-8")))

    def verdict(self, line: str, lowered: str | None = None) -> Verdict | None:
        """`lowered`: the line's `lowered_line`, where the caller has it."""
        lowered = lowered_line(line) if lowered is None else lowered
        folded = fold_lowered(lowered)
        if not folded:
            return None
        lang = self.lines.get(folded) or self.lines.get(_uncounted(folded))
        if lang:
            return Verdict(1.0, f"navigation phrase (lexicon: {lang})")
        n_words = folded.count(" ") + 1  # single spaces, none at either end
        if n_words > MAX_SHORT_WORDS:
            return None
        if n_words <= MAX_START_WORDS and (match := self._starts.match(lowered.lstrip(_EDGE_JUNK))):
            phrase = match.group()
            return Verdict(0.95, f"starts like a site line: {phrase!r} (lexicon: {self._lang[phrase]})")
        if match := self._contains.search(lowered):
            phrase = match.group()
            return Verdict(0.9, f"site notice: {phrase!r} (lexicon: {self._lang[phrase]})")
        return None

    def bar_verdict(self, lowered: str) -> Verdict | None:
        """"Posted by Ann at 05:58 PM | Permalink | Comments (2)": cells between bars, none a
        sentence, that end in a lexicon line (a post's footer: its stamp, then its links), or
        short ones of which one is a lexicon line (a share bar). "Watch | A film's title" is a
        caption. `lowered`: the line's `lowered_line`."""
        if "|" not in lowered or lowered.count(" ") >= BAR_WORDS:
            return None
        cells = [cell.strip() for cell in _BAR_CELL.split(lowered)]
        cells = [cell for cell in cells if cell.strip(_EDGE_JUNK)]
        if not cells or any(cell.count(" ") >= BAR_CELL_WORDS or _ends_a_sentence(cell) for cell in cells):
            return None
        found = [self.lines.get(_uncounted(fold_lowered(cell))) for cell in cells]
        if found[-1] or (any(found) and all(cell.count(" ") < LINK_WORDS for cell in cells)):
            return Verdict(0.95, f"a bar of site links and stamps (lexicon: {next(filter(None, found))})")
        return None

    def glued_suffix(self, line: str) -> tuple[int, Verdict] | None:
        """Where a lexicon phrase glued to the paragraph's last sentence starts
        (`…coordination.Latest News` → the index of `L`)."""
        window_start = max(0, len(line) - self.longest_line - 2)
        for match in _SENTENCE_END.finditer(line, window_start):
            cut = match.end()
            while cut < len(line) and line[cut].isspace():
                cut += 1
            lang = self.lines.get(fold_line(line[cut:]))
            if lang and cut > 0 and line[cut:].strip():
                return cut, Verdict(1.0, f"navigation phrase glued to the text (lexicon: {lang})")
        return None

    def glued_prefix(self, line: str) -> tuple[int, Verdict] | None:
        """Where the article starts after a lexicon phrase glued in front of it
        (`Skip to main contentThe council…` → the index of `T`). A phrase of one word
        must be glued without a space: "Home Secretary" is not navigation."""
        limit = min(len(line), self.longest_line + 1)
        for match in _WORD_START.finditer(line, 1, limit):
            cut = match.start()
            head = line[:cut]
            lang = self.lines.get(fold_line(head))
            if not lang:
                continue
            glued = not head[-1].isspace()
            if (glued or len(head.split()) >= 2) and len(line[cut:].split()) >= 4:
                return cut, Verdict(1.0, f"navigation phrase glued to the text (lexicon: {lang})")
        return None


_BAR_CELL = re.compile(r"\||\s&\s")  # "Comments (1) & TrackBacks (0)" are two links
_COUNT = re.compile(r"^\d+\s+(?=\D)|\s*\(\d+$")  # "3 comments", "comments (14" (its ")" folded away)


def _uncounted(folded: str) -> str:
    """A folded line without the count a link carries: "Comments (14)" is "comments"."""
    return _COUNT.sub("", folded) if folded[0].isdigit() or folded[-1].isdigit() else folded


def _alternation(phrases: list[tuple[str, str]], anchored: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p, _ in sorted(phrases, key=lambda x: -len(x[0])))
    return re.compile(("^" if anchored else "") + f"(?:{alternatives})")


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*")
_WORD_START = re.compile(r"(?<=[a-z\s])[A-Z](?=[a-z])")  # "contentThe", not "OpenAI"

# --- shape --------------------------------------------------------------------------

_SEPARATORS = re.compile(r"\s*(?:[|•·»›>]|(?<!\d)/(?!\d))\s*|\s+[-–—]\s+")  # not 6/8
_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|от|reporting by|written by|words by|text:|texte :|redacción)\s+\S",
    re.IGNORECASE,
)
# how long ago, in the lexicon's languages: "2 hours ago", "vor 2 Stunden", "há 2 horas", "hace 2 horas",
# "il y a 2 heures", "2 ore fa", "2 uur geleden", "2 часа назад"
_HOW_LONG_AGO = r"(?:vor|há|hace|il y a)\s+\d+|\d+\s+\w+\s+(?:fa|geleden|назад)"
_TIME = re.compile(
    rf"\b\d{{1,2}}[:.h]\d{{2}}\b|\b(?:{_HOW_LONG_AGO}|ago|gmt|utc|bst|cet|cest|est|edt|pst|pdt)\b", re.I)
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december|januar|februar|märz|mai|juni|juli|"
    "oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|"
    "novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    "octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|"
    "ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|"
    "januari|februari|maart|augustus|"  # not "mei": a name in English ("Wang Mei, 34")
    "janv|févr|avr|juil|déc|mär|okt|dez|ene|dic|ott|giu|lug"  # not "set", "gen", "out": English words
)
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|"
    "vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|"
    "martedì|mercoledì|giovedì|venerdì|sabato|domenica|segunda-feira|terça-feira|quarta-feira|"
    "quinta-feira|sexta-feira|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
)
_DATE = re.compile(rf"\b(?:{_MONTHS})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.I)
_DATE_WORDS = re.compile(
    rf"^(?:{_MONTHS}|updated|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|"
    r"gmt|utc|bst|cet|cest|est|edt|pst|pdt|ago|hours?|minutes?|mins?|days?|weeks?|today|"
    rf"yesterday|{_WEEKDAYS}|aktualisiert|veröffentlicht|geändert|stand|am|um|uhr|den|publié|modifié|mis|à|"
    r"jour|le|du|"
    r"actualizado|publicado|el|de|del|a|las|the|pubblicato|aggiornato|il|alle|ore|atualizado|às|"
    r"gepubliceerd|bijgewerkt|om|uur|vor|stunden?|minuten?|tagen?|há|horas?|minutos?|dias?|hace|días|"
    r"heures?|jours?|fa|ore|minuti|giorni|geleden|dagen|назад|час(?:а|ов)?|минуты?|дн(?:я|ей)|"
    r"\d[\d:.,/h-]*(?:st|nd|rd|th)?)$",
    re.I,
)
_SOCIAL = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "email",
        "e-mail",
        "mail",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "instagram",
        "youtube",
        "tiktok",
        "print",
        "copy",
        "link",
        "share",
        "messenger",
        "flipboard",
        "threads",
        "bluesky",
        "mastodon",
        "tumblr",
        "vk",
        "xing",
        "sms",
        "rss",
        # the share bar's verbs in the other languages of the lexicon
        "teilen",
        "twittern",
        "drucken",
        "versenden",
        "senden",
        "merken",
        "partager",
        "imprimer",
        "envoyer",
        "tweeter",
        "compartir",
        "imprimir",
        "enviar",
        "condividi",
        "stampa",
        "invia",
        "compartilhar",
        "partilhar",
        "delen",
        "printen",
        "mailen",
        "поделиться",
        "распечатать",
        "отправить",
        "شارك",
        "مشاركة",
        "طباعة",
    ]
)
# A picture's credit under or over it: "Stanley Chou/Getty Images", "Rex/AP Photo",
# "(Matt McClain/The Washington Post via Getty Images)".
_PHOTO_CREDIT = re.compile(
    r"^\(?[^()]{1,60}(?:/|\bvia )\s*(?:getty images|ap photo|ap images|associated press|reuters|afp|epa|"
    r"corbis|shutterstock|istockphoto|bloomberg|wireimage|rex features|ap)\)?$", re.I)
CREDIT_WORDS = 10
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->")  # a whole tag or comment, not "profits < 5%"
MARKUP_WORDS = 3  # '<a href="…"> <img src="…"></a>', '<div class="ad">Advert</div>'
# "5 min read", "Lesezeit: 3 Min.", "2 minuti di lettura", "Temps de lecture : 4 min".
_MINUTES = r"(?:ca\.\s*)?\d+(?:\s*[-–]\s*\d+)?\s*(?:min(?:ute)?s?|minuten|minuti|minutos|мин(?:ут[аы]?)?)\.?"
_READING_TIME = re.compile(
    r"^(?:(?:estimated\s+)?(?:reading|read)\s+time|lesezeit|lesedauer|temps\s+de\s+lecture|"
    r"tiempo\s+de\s+lectura|tempo\s+di\s+lettura|tempo\s+de\s+leitura|leestijd|время\s+чтения)"
    rf"\s*:?\s*{_MINUTES}$|"
    rf"^{_MINUTES}\s*(?:read|reading|lesezeit|lesedauer|de\s+lecture|de\s+lectura|di\s+lettura|de\s+leitura|"
    r"leestijd|чтения)$", re.I)
_COPYRIGHT_SIGN = re.compile(r"(?<![^\W\d_])©")  # not mojibake's "Ă©" (an "é" misread)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$", re.I)


# A browser-like layout sets a drop-down's entries, a tag cloud or a menu without
# separators on one line: "Select Month October 2012 September 2012 …", "android apple
# blackberry cell phone …". Prose pauses (a comma, a full stop) every few words; such a
# line runs on for WORD_RUN_WORDS words or more with under one pause per WORDS_PER_PAUSE.
# Scripts that write no punctuation between their phrases (Thai, Lao, Khmer, Myanmar,
# Tibetan) are left alone.
WORD_RUN_WORDS = 40
WORDS_PER_PAUSE = 60
_PAUSE = re.compile(r"[.,;:!?…।॥۔؟،።፣፤]+[\"'”’»]*(?=\s|$)|[。，、！？；：]")  # CJK's need no space
_UNPUNCTUATED_SCRIPT = re.compile(r"[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")


def is_word_run(line: str, n_words: int) -> bool:
    """A long line of words without the pauses of prose."""
    return (n_words >= WORD_RUN_WORDS and len(_PAUSE.findall(line)) * WORDS_PER_PAUSE < n_words
            and not _UNPUNCTUATED_SCRIPT.search(line))


STAMP_WORDS = 12  # a date or time stamp is this short, or …
LONG_STAMP_WORDS = 16  # … this, not ending as a sentence: "Publié le 5 décembre 2026 à 18h42, modifié le …"
BYLINE = "byline"  # the reasons of two shapes that stand under an article's title
DATE_STAMP = "date or time stamp"
ARROW_LINK_WORDS = 20
OPENING_ARROWS = "«‹←"
CLOSING_ARROWS = "»›→"


def is_arrow_link(line: str) -> bool:
    """"« Previous post title", "View the full gallery »": a link's arrow at one end and
    none at the other (« … » is a quotation in French)."""
    line = line.strip(" |")
    if line[:1] in OPENING_ARROWS:
        return not any(c in line for c in CLOSING_ARROWS)
    if line[-1:] in CLOSING_ARROWS:
        return not any(c in line for c in OPENING_ARROWS)
    return False


def is_post_navigation(line: str) -> bool:
    """"« Previous post title | Main | Next post title »": a blog's links to its neighbouring
    posts on one line, an arrow at each end and a link's bar between (a quotation has no
    bar)."""
    return (line[:1] in OPENING_ARROWS and line[-1:] in CLOSING_ARROWS and " | " in line
            and len(line.split()) <= 2 * ARROW_LINK_WORDS)


_BULLET = re.compile(r"^[*+•◦▪‣·–-]\s+(?=\S)")


def _ends_a_sentence(item: str) -> bool:
    """Ends as a sentence does, not on an abbreviation's stop: a menu's "U.S." is an item."""
    if item[-1] != ".":
        return item[-1] in "!?"
    words = item[:-1].split()
    return not (words and is_abbreviation(words[-1]))


def is_time_of_day(line: str) -> bool:
    """"10:05 GMT", "Updated 11:42", "2 hours ago": a clock's time, or how long ago, without
    a day (a comment's stamp, "August 9, 2012 at 11:44 am", names its day)."""
    return bool(_TIME.search(line)) and not _DATE.search(line)


def is_byline(line: str) -> bool:
    """"By Ann Lee, Reuters", "di Marco Rossi": short, and no sentence ("Reporting by …"
    may be one)."""
    return bool(_BYLINE.match(line)) and (
        (len(line.split()) <= 12 and line[-1] not in ".!?") or line.lower().startswith("reporting by"))


def shape_verdict(line: str) -> Verdict | None:
    """Boilerplate by its shape: link lists, breadcrumbs, bylines, time stamps, share bars,
    copyright and cookie lines, bare links, markup left in the text."""
    line = _BULLET.sub("", line)  # a list item's bullet, as a browser-like layout draws it
    words = line.split()
    n_words = len(words)
    if not words:
        return None
    if n_words <= MAX_SHORT_WORDS and (("©" in line and _COPYRIGHT_SIGN.search(line))
                                       or re.match(r"^(?:copyright\b|\(c\)\s*\d{4})", line, re.I)):
        return Verdict(0.95, "copyright line")
    if n_words <= CREDIT_WORDS and _PHOTO_CREDIT.match(line):
        return Verdict(0.9, "a photo credit")
    if _URL_ONLY.match(line):
        return Verdict(0.9, "a bare link")
    if "<" in line and _TAG.search(line) and len(_TAG.sub(" ", line).split()) < MARKUP_WORDS:
        return Verdict(0.9, "markup left in the text (tags with next to no words)")
    if n_words <= ARROW_LINK_WORDS and is_arrow_link(line):
        return Verdict(0.9, "a link led or closed by an arrow (previous or next post, more)")
    if is_post_navigation(line):
        return Verdict(0.9, "links to the previous and next posts")
    if is_byline(line):
        return Verdict(0.9, BYLINE)
    if n_words <= 6 and _READING_TIME.match(line):
        return Verdict(0.9, "reading time")
    if (n_words <= STAMP_WORDS or (n_words <= LONG_STAMP_WORDS and not _ends_a_sentence(line))) and (
            _TIME.search(line) or _DATE.search(line)):
        tokens = [t.strip(",;|:-–—•·").lower().strip("().") for t in words]
        dateish = sum(1 for t in tokens if not t or _DATE_WORDS.match(t))  # a bare dash between
        if dateish >= 0.6 * n_words:
            return Verdict(0.9, DATE_STAMP)
    if not _ends_a_sentence(line):  # else its last item ends a sentence: prose, no link list
        parts = [p for p in _SEPARATORS.split(line) if p]
        if (len(parts) >= 3 or (len(parts) == 2 and re.search(r"[>›»]", line))) and all(
            len(p.split()) <= 4 and not _ends_a_sentence(p) for p in parts
        ):
            return Verdict(0.95, f"link list or breadcrumb ({len(parts)} items)")
    tokens = (t.strip(",;|:").lower() for t in words)  # lazily: a paragraph fails at once
    if n_words >= 2 and all(t in _SOCIAL or not t for t in tokens):
        return Verdict(0.95, "share or social links")
    if is_word_run(line, n_words):
        return Verdict(0.9, "a run of words without a sentence (a drop-down, a tag cloud, a menu)")
    return None


# --- learned from the corpus --------------------------------------------------------


RECURRING = "recurs in"  # how a learned verdict's reason starts


def is_recurring(verdict: Verdict) -> bool:
    """A verdict learned from the source's other documents, not read from the line."""
    return verdict.reason.startswith(RECURRING)


def source_key(source: str | None, url: str | None) -> str:
    """The site a document comes from: its `source` field, else its URL's host, else ''."""
    if source:
        return source
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.")
    return ""


class LineCounts:
    """Per source, the documents each short line appears in: what a `SourceModel` is
    learned from, one document at a time.

    Memory is bounded: when more than SourceModel.MAX_TRACKED lines are tracked, those
    seen in only one document so far are forgotten (a footer seen on every page survives
    any pruning).
    """

    def __init__(self) -> None:
        self.documents: Counter[str] = Counter()
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.stories: dict[str, set[int]] = defaultdict(set)
        self.tracked = 0

    def add(self, key: str, lines: Iterable[str]) -> None:
        folded = [f for line in lines if (f := fold_line(line))]
        story = hash(max(folded, key=len, default=""))
        if story in self.stories[key]:
            return  # another scrape of a story already counted
        self.stories[key].add(story)
        self.documents[key] += 1
        counts = self.counts[key]
        seen = {f for f in folded if len(f.split()) <= SourceModel.MAX_WORDS}
        before = len(counts)
        counts.update(seen)
        self.tracked += len(counts) - before
        if self.tracked > SourceModel.MAX_TRACKED:
            self.tracked = 0
            for source, counter in self.counts.items():
                self.counts[source] = Counter({k: v for k, v in counter.items() if v > 1})
                self.tracked += len(self.counts[source])

    def model(self, min_docs: int = 3, min_share: float = 0.1) -> SourceModel:
        model = SourceModel(dict(self.documents), {}, min_docs, min_share)
        lines = {
            key: {line: n for line, n in sorted(counter.items()) if model._frequent(key, line, n)}
            for key, counter in sorted(self.counts.items())
        }
        model.lines = {k: v for k, v in lines.items() if v}
        return model


@dataclass
class SourceModel:
    """Lines that recur across many documents of one source are boilerplate there.

    A line counts when it appears in at least `min_docs` documents and in at least
    `min_share` of its source's documents: a footer recurs on every page, while a
    sentence repeated in a few scrapes of the same story does not reach the share.
    Scrapes of one story (same longest paragraph) count once, and a line as long as
    a sentence needs SENTENCE_FACTOR times the share: stock phrases such as "The
    company declined to comment." recur in articles without being site furniture.
    """

    documents: dict[str, int]
    lines: dict[str, dict[str, int]]  # source -> folded line -> documents holding it
    min_docs: int = 3
    min_share: float = 0.1

    MAX_WORDS = 30  # longer lines are article text, not site furniture; not counted
    MAX_TRACKED = 2_000_000  # counts kept before rare lines are pruned (bounded memory)
    SENTENCE_FACTOR = 3
    SENTENCE_WORDS = 5

    @classmethod
    def learn(
        cls, docs: Iterable[tuple[str, Iterable[str]]], min_docs: int = 3, min_share: float = 0.1
    ) -> SourceModel:
        """The model of `docs`: (source key, lines of one document) pairs (see `LineCounts`)."""
        counts = LineCounts()
        for key, lines in docs:
            counts.add(key, lines)
        return counts.model(min_docs, min_share)

    def _frequent(self, key: str, line: str, n: int) -> bool:
        share = self.min_share
        if len(line.split()) >= self.SENTENCE_WORDS:
            share *= self.SENTENCE_FACTOR
        return n >= self.min_docs and n >= share * self.documents.get(key, 0)

    def verdict(self, key: str, line: str, folded: str | None = None) -> Verdict | None:
        """`folded`: the line's `fold_line`, where the caller has it."""
        lines = self.lines.get(key)
        if not lines:  # no line recurs in this source: nothing to fold the line for
            return None
        n = lines.get(fold_line(line) if folded is None else folded)
        if n is None:
            return None
        total = self.documents[key]
        where = f"source {key}" if key else "this corpus"
        score = round(min(1.0, 0.6 + 0.4 * n / total), 3)
        return Verdict(score, f"{RECURRING} {n} of {total} documents from {where}")

    def to_json(self) -> bytes:
        """The model as `cleaner split --save-model` writes it."""
        data = {
            "format": "cleaner-boilerplate-model",
            "version": 1,
            "min_docs": self.min_docs,
            "min_share": self.min_share,
            "sources": {
                key: {"documents": self.documents[key], "lines": lines} for key, lines in self.lines.items()
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"

    @classmethod
    def load(cls, path: str | Path) -> SourceModel:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError as exc:
            raise UsageError(
                f"{path}: no such model file; make one with `cleaner split --learn CORPUS --save-model FILE`"
            ) from exc
        except (OSError, ValueError) as exc:
            raise CleanerError(f"{path}: not a readable boilerplate model ({exc})") from exc
        if not isinstance(data, dict) or data.get("format") != "cleaner-boilerplate-model":
            raise UsageError(
                f"{path}: not a cleaner boilerplate model "
                "(made by `cleaner split --learn ... --save-model FILE`)"
            )
        sources = data["sources"]
        return cls(
            {k: v["documents"] for k, v in sources.items()},
            {k: v["lines"] for k, v in sources.items()},
            data["min_docs"],
            data["min_share"],
        )
