"""low_quality: garbled, machine-translated and non-prose text.

Two kinds of evidence. Rules in the manner of Gopher and C4 catch what is not
prose at all: symbol or digit soup, all capitals, repeated word n-grams, words too
long or too short, no function words, an ellipsis where the text breaks off.
Fluency catches text made of real words in an order no editor would print
("pretty blurry said about his intentions"): a trigram model over word classes
(the commonest words as themselves, other words by the syntactic class their
neighbours give them, unknown words by shape) scores how much worse than chance
each step of the sentence is predicted, compared with news text. The model ships
in the package, built by `scripts/build_news_model.py`.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from itertools import chain, islice, pairwise
from typing import TypeVar

import numpy as np

from ..document import Verdict, score_of
from ..text import findall_by_chunk, noun
from .news import words

T = TypeVar("T", str, int)  # a token's code: its class symbol, or that symbol's id
FLUENCY_FILE = "fluency_en.npz"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_SUFFIXES = ("ly", "ing", "ed", "tion", "s")
_WORD_WITH_LETTER = re.compile(r"\S*[^\W\d_]\S*")  # one match per whitespace-split word with a letter
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())
_ASCII_DIGITS = bytes(c for c in range(128) if chr(c).isdigit())
_ASCII_SPACES = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_UPPER = bytes(c for c in range(128) if chr(c).isupper())
# Marks that prose prints (a quote, a price, a list number, an ellipsis): not symbol soup.
_PROSE_MARKS = frozenset(".,;:!?'\"()[]-+/%$&–—‘’“”«»…£€")
_ASCII_PROSE = "".join(sorted(c for c in _PROSE_MARKS if c.isascii())).encode()
LAMBDAS = (0.6, 0.3, 0.1)  # trigram, bigram, unigram weights of the interpolated model
SYMBOL_CACHE = 200_000  # tokens whose symbol is remembered (names make the set unbounded)
DENSE_BIGRAMS = 1 << 22  # up to this many symbol pairs, bigrams are read from a dense table
SCORED_AT_ONCE = 4096  # sentences whose steps the fluency model works out in one go
# Fewer tokens than this are a subhead, a sign-off or a list entry, not a sentence whose
# word order can tell a garbled one ("Take action", "Summary:", "– Marcas Grant").
FLUENCY_TOKENS = 5


def tokens(sentence: str) -> list[str]:
    """Words (inner apostrophes kept), numbers and single marks, in order."""
    return findall_by_chunk(_TOKEN, sentence)


def shape(token: str, first: bool, top: frozenset[str], classes: dict[str, str]) -> str:
    """The symbol a token stands for in the class model."""
    if token[0].isdigit():
        return "<num>"
    if not token[0].isalpha():
        return token
    lower = token.lower()
    if (token[0].isupper() and not first and lower not in top) or (len(token) > 1 and token.isupper()):
        return "<Cap>"  # names and acronyms ("US" is not "us")
    if lower in top:
        return lower
    if lower in classes:
        return classes[lower]
    return next((f"<-{s}>" for s in _SUFFIXES if lower.endswith(s)), "<unk>")


def symbols(sentence: str, top: frozenset[str], classes: dict[str, str],
            cache: dict[str, str] | None = None) -> list[str]:
    """The sentence as class symbols, padded for a trigram model. A name of several
    words ("Federation of Northern Ireland", "Ras el-Ain") is one symbol: syntax sees
    one noun, whatever the transliteration. `cache` remembers each token's symbol away
    from the sentence's start, so a token costs one look-up in a C loop."""
    def code(token: str, first: bool) -> str:
        return shape(token, first, top, classes)
    return ["<s>", "<s>", *_coded(tokens(sentence), code, "<Cap>", {} if cache is None else cache), "</s>"]


def _coded(toks: list[str], code: Callable[[str, bool], T], cap: T, cache: dict[str, T],
           first_cache: dict[str, T] | None = None) -> list[T]:
    """Each token's code (its symbol, or the symbol's id), names of several words joined
    into one `cap`: `cache` holds codes away from the sentence's start, where the first
    word is capitalised as a sentence's, not a name's, and `first_cache` (where given) the
    codes of first words (a few hundred words open most sentences: "The", "But", "It")."""
    out = list(map(cache.get, toks))
    if None in out:
        for i, known in enumerate(out):
            if known is None:
                out[i] = cache[toks[i]] = code(toks[i], False)
    for i, token in enumerate(toks):
        if token[0].isalpha():
            if first_cache is None:
                out[i] = code(token, True)
            else:
                first = first_cache.get(token)
                out[i] = first_cache[token] = code(token, True) if first is None else first
            break
    if out.count(cap) > 1:
        out = _join_names(out, toks, [i for i, known in enumerate(out) if known == cap])
    return out  # type: ignore[return-value]  # every None was filled in


def _join_names(out: list[T], toks: list[str], caps: list[int]) -> list[T]:
    """One <Cap> for each run of capitalised words joined by at most two particles or
    hyphens ("Ras el-Ain"): a capitalised word continues the name before it when only
    such tokens stand between them."""
    joined = set()
    for before, at in pairwise(caps):
        if at - before <= 3 and all(t == "-" or t.lower() in _PARTICLES for t in toks[before + 1:at]):
            joined.update(range(before + 1, at + 1))
    return [symbol for i, symbol in enumerate(out) if i not in joined] if joined else out


_PARTICLES = frozenset({"of", "al", "el", "ez", "as", "ad", "ar", "ash", "de", "del", "da", "la", "le",
                        "du", "von", "van", "der", "bin", "ibn", "and", "the"})


class FluencyModel:
    """The class trigram model: `symbols` sorted, their counts, and the bigram and
    trigram counts as rows of symbol ids and a count (the arrays the model file holds,
    so loading it is a few array operations, not a dictionary per n-gram)."""

    def __init__(self, top: frozenset[str], classes: dict[str, str], symbols_: list[str],
                 unigrams: np.ndarray, bigrams: np.ndarray, trigrams: np.ndarray,
                 calibration: tuple[float, float] = (0.0, 1.0)):
        self.top = top
        self.classes = classes
        self.symbols = symbols_
        self.unigrams = np.asarray(unigrams, dtype=np.int64)
        self.bigrams = np.asarray(bigrams, dtype=np.int64).reshape(-1, 3)  # a, b, count
        self.trigrams = np.asarray(trigrams, dtype=np.int64).reshape(-1, 4)  # a, b, c, count
        self.calibration = calibration  # logistic (bias, slope) on the surprisal
        self._ids = {symbol: i for i, symbol in enumerate(symbols_)}
        self._unseen = len(symbols_)  # the id of a symbol the model never saw
        base = self._base = len(symbols_) + 1
        denominator = max(int(self.unigrams.sum()) + len(symbols_), 1)
        # Each step's interpolated parts, weighted and divided once here; a sentence is
        # then scored with array look-ups (sorted keys) instead of a loop per token.
        self._p1 = np.append((self.unigrams + 1) / denominator, 1 / denominator)
        a, b, n = self.bigrams.T
        contexts1 = np.bincount(a, weights=n, minlength=len(symbols_))
        self._keys2, self._p2 = _sorted_table(a * base + b, LAMBDAS[1] * n / contexts1[a], base ** 2)
        self._p2_dense: np.ndarray | None = None  # every pair's value at its key, where that is small
        if base ** 2 <= DENSE_BIGRAMS:
            self._p2_dense = np.zeros(base ** 2)
            self._p2_dense[self._keys2] = self._p2
        a, b, c, n = self.trigrams.T
        pairs, pair_of = np.unique(a * base + b, return_inverse=True)
        contexts2 = np.bincount(pair_of, weights=n, minlength=len(pairs))
        self._keys3, self._p3 = _sorted_table((a * base + b) * base + c,
                                              LAMBDAS[0] * n / contexts2[pair_of], base ** 3)
        self._codes: dict[str, int] = {}  # token → its symbol's id, away from a sentence's start
        self._first_codes: dict[str, int] = {}  # … and at its start
        self._padding = (self._id("<s>"), self._id("</s>"))
        # The counts are kept for `save` alone once the tables above are made from them.
        self.bigrams, self.trigrams = _narrow(self.bigrams), _narrow(self.trigrams)

    @classmethod
    def from_counts(cls, top: frozenset[str], classes: dict[str, str], unigrams: dict[str, int],
                    bigrams: dict[tuple[str, str], int], trigrams: dict[tuple[str, str, str], int],
                    calibration: tuple[float, float] = (0.0, 1.0)) -> FluencyModel:
        """The model from n-gram counts keyed by symbol (how the build script counts)."""
        table = sorted(unigrams)
        ids = {s: i for i, s in enumerate(table)}
        return cls(top, classes, table, np.array([unigrams[s] for s in table], dtype=np.int64),
                   np.array([(ids[a], ids[b], n) for (a, b), n in sorted(bigrams.items())],
                            dtype=np.int64),
                   np.array([(ids[a], ids[b], ids[c], n) for (a, b, c), n in sorted(trigrams.items())],
                            dtype=np.int64),
                   calibration)

    def _id(self, symbol: str) -> int:
        return self._ids.get(symbol, self._unseen)

    def _code(self, token: str, first: bool) -> int:
        return self._id(shape(token, first, self.top, self.classes))

    def _symbol_ids(self, sentence: str) -> list[int]:
        """`symbols` as ids, coded token by token (one look-up each once a token is known)."""
        if "<Cap>" not in self._ids:  # a name would get the unseen id: join names as symbols
            return [*map(self._id, symbols(sentence, self.top, self.classes))]
        for remembered in (self._codes, self._first_codes):
            if len(remembered) > SYMBOL_CACHE:
                remembered.clear()
        start, end = self._padding
        return [start, start, *_coded(tokens(sentence), self._code, self._ids["<Cap>"], self._codes,
                                      self._first_codes), end]

    def surprisals(self, sentences: Sequence[str]) -> list[float | None]:
        """For each sentence, the mean nats by which the class trigram model predicts each
        step worse than the symbols' frequencies alone would; higher is less fluent.
        None for a sentence of fewer than FLUENCY_TOKENS tokens. Worked out SCORED_AT_ONCE sentences at a
        time: each sentence's steps are its own, and the arrays stay small whatever the
        number of sentences (a huge document has hundreds of thousands)."""
        return list(self.each_surprisal(sentences))

    def each_surprisal(self, sentences: Sequence[str]) -> Iterator[float | None]:
        """`surprisals`, SCORED_AT_ONCE sentences' worth at a time as they are taken."""
        for i in range(0, len(sentences), SCORED_AT_ONCE):
            yield from self._surprisals(sentences[i:i + SCORED_AT_ONCE])

    def _surprisals(self, sentences: Sequence[str]) -> list[float | None]:
        seqs = [self._symbol_ids(s) for s in sentences]
        scored = [i for i, seq in enumerate(seqs) if len(seq) >= 3 + FLUENCY_TOKENS]
        out: list[float | None] = [None] * len(seqs)
        if not scored:
            return out
        lengths = [len(seqs[i]) for i in scored]
        flat = np.fromiter(chain.from_iterable(map(seqs.__getitem__, scored)), np.int64, sum(lengths))
        within = np.ones(len(flat) - 2, dtype=bool)  # steps whose three symbols share a sentence
        ends = np.cumsum(lengths[:-1], dtype=np.int64)
        within[ends - 2] = within[ends - 1] = False
        a, b, c = flat[:-2][within], flat[1:-1][within], flat[2:][within]
        unigram = self._p1[c]
        p2 = (self._p2_dense[b * self._base + c] if self._p2_dense is not None
              else _look_up(self._keys2, self._p2, b * self._base + c))
        p3 = _look_up(self._keys3, self._p3, (a * self._base + b) * self._base + c)
        steps = np.log(unigram) - np.log(LAMBDAS[2] * unigram + p2 + p3)
        per_sentence = np.array(lengths) - 2  # steps
        sums = np.add.reduceat(steps, np.concatenate([[0], np.cumsum(per_sentence)[:-1]]))
        for i, value in zip(scored, (sums / per_sentence).tolist(), strict=True):
            out[i] = value
        return out

    def surprisal(self, sentence: str) -> float | None:
        return self.surprisals([sentence])[0]

    def scores(self, sentences: Sequence[str]) -> list[float | None]:
        """The surprisals as probabilities of being disfluent (calibrated at build time)."""
        return list(self.each_score(sentences))

    def each_score(self, sentences: Sequence[str]) -> Iterator[float | None]:
        """`scores` as they are taken: a huge document's are never all held."""
        bias, slope = self.calibration
        return (None if v is None else 1.0 / (1.0 + math.exp(-(bias + slope * v)))
                for v in self.each_surprisal(sentences))

    def save(self, path: str | io.BytesIO) -> None:
        np.savez_compressed(
            path,
            symbols=np.array("\n".join(self.symbols)),
            top=np.array("\n".join(sorted(self.top))),
            class_words=np.array("\n".join(self.classes)),
            class_ids=np.array([self._ids[c] for c in self.classes.values()], dtype=np.int32),
            unigrams=self.unigrams,
            bigrams=self.bigrams.astype(np.int64),
            trigrams=self.trigrams.astype(np.int64),
            calibration=np.array(self.calibration),
        )

    @classmethod
    def load(cls, data: bytes | str) -> FluencyModel:
        with np.load(io.BytesIO(data) if isinstance(data, bytes) else data) as npz:
            table = str(npz["symbols"]).split("\n")
            return cls(
                top=frozenset(str(npz["top"]).split("\n")),
                classes=dict(zip(str(npz["class_words"]).split("\n"),
                                 map(table.__getitem__, npz["class_ids"].tolist()), strict=True)),
                symbols_=table,
                unigrams=npz["unigrams"],
                bigrams=npz["bigrams"],
                trigrams=npz["trigrams"],
                calibration=tuple(npz["calibration"].tolist()),
            )


def _narrow(counts: np.ndarray) -> np.ndarray:
    """The array in 32 bits where every value fits (symbol ids and most counts do): it is
    only kept for `save`, which writes it as it was given."""
    limits = np.iinfo(np.int32)
    if len(counts) and (counts.min() < limits.min or counts.max() > limits.max):
        return counts
    return counts.astype(np.int32)


def _sorted_table(keys: np.ndarray, values: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys (each below `limit`) sorted for binary search, in 32 bits where they fit: the
    searches are random reads all over the table, and half the bytes stay in cache
    better."""
    order = np.argsort(keys, kind="stable")
    narrow = np.int32 if limit <= np.iinfo(np.int32).max else np.int64
    return keys[order].astype(narrow), np.asarray(values, dtype=np.float64)[order]


def _look_up(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[key] for each wanted key, 0 where the key is absent."""
    if not len(keys):
        return np.zeros(len(wanted))
    wanted = wanted.astype(keys.dtype, copy=False)  # below the table's limit: exact
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], 0.0)


@cache
def builtin_fluency() -> FluencyModel | None:
    resource = resources.files("cleaner.data").joinpath(FLUENCY_FILE)
    return FluencyModel.load(resource.read_bytes()) if resource.is_file() else None



def _char_counts(sentence: str) -> tuple[int, int, int, int, int]:
    """Letters, letters and digits, spaces, prose marks, and an upper bound on capitals
    (every character outside ASCII might be one): the ASCII ones counted in bytes (a C
    loop), the few others one by one."""
    ascii_ = sentence.encode("ascii", "ignore")
    letters = len(ascii_) - len(ascii_.translate(None, _ASCII_LETTERS))
    alnum = letters + len(ascii_) - len(ascii_.translate(None, _ASCII_DIGITS))
    spaces = len(ascii_) - len(ascii_.translate(None, _ASCII_SPACES))
    marks = len(ascii_) - len(ascii_.translate(None, _ASCII_PROSE))
    capitals = len(ascii_) - len(ascii_.translate(None, _ASCII_UPPER)) + len(sentence) - len(ascii_)
    if len(ascii_) < len(sentence):
        others = _NON_ASCII.findall(sentence)
        letters += sum(map(str.isalpha, others))
        alnum += sum(map(str.isalnum, others))
        spaces += sum(map(str.isspace, others))
        marks += sum(map(_PROSE_MARKS.__contains__, others))
    return letters, alnum, spaces, marks, capitals


def rule_findings(sentence: str, common: frozenset[str] | None,
                  lowered: list[str] | None = None) -> list[tuple[float, str]]:
    """Gopher / C4 style findings, each with the score it is worth (`lowered`: the
    sentence's `words`, when the caller has them already). Each rule that counts words
    is skipped when the character counts already show it cannot fire, as in most prose."""
    found: list[tuple[float, str]] = []
    raw = sentence.split()
    n = len(raw)
    if n == 0:
        return [(1.0, "no words")]
    letters, alnum, spaces, marks, capitals = _char_counts(sentence)
    symbols_ = len(sentence) - alnum - spaces - marks  # "#", "|", "{", "@", "*", "=", …
    if symbols_ > max(letters, 1) * 0.3:
        found.append((0.9, f"symbol soup: {symbols_} {noun(symbols_, 'symbol')} against "
                           f"{letters} {noun(letters, 'letter')}"))
    # a word without a letter holds one of the other characters at least
    if n >= 4 and n - (len(sentence) - letters - spaces) < 0.6 * n:
        alpha_words = len(_WORD_WITH_LETTER.findall(sentence))
        if alpha_words < 0.6 * n:
            found.append((0.8, f"only {alpha_words} of {n} words "
                               f"{'has' if alpha_words == 1 else 'have'} a letter"))
    mean_length = (len(sentence) - spaces) / n  # the words' characters: all but the spaces
    if n >= 4 and not 2.5 <= mean_length <= 12:
        found.append((0.7, f"mean word length {mean_length:.1f}"))
    if n >= 5 and capitals > 0.6 * n:  # a word in capitals holds a capital at least
        caps = sum(w.isupper() and len(w) > 1 for w in raw)
        if caps > 0.6 * n:
            found.append((0.6, f"{caps} of {n} words in capitals"))
    if lowered is None:
        lowered = words(sentence)
    if len(lowered) >= 9:
        # a repeated trigram starts with a repeated word
        if len(lowered) - len(set(lowered)) >= max(2, 0.2 * (len(lowered) - 2)):
            grams = list(zip(lowered, lowered[1:], lowered[2:], strict=False))
            repeated = len(grams) - len(set(grams))
            if repeated >= 2 and repeated >= 0.2 * len(grams):
                found.append((0.8, f"{repeated} repeated word trigrams"))
        if common is not None and len(list(islice(filter(common.__contains__, lowered), 2))) < 2:
            found.append((0.6, "almost no function words: a list or keywords, not a sentence"))
    if sentence.rstrip().endswith(("...", "…")) and n >= 3:
        found.append((0.5, "breaks off with an ellipsis"))
    return found


@cache
def _fluency_reason(shown: str) -> str:
    """The fluency model's reason: the probability it gives, not a verdict on it ("reads
    fluently" beside a flag at a threshold under 0.5 contradicted it), so it agrees with
    the score at any threshold. One string per wording: most sentences get one, and a
    huge document's verdicts are held together."""
    return f"reads as garbled English with probability {shown} (word-class model)"


def verdict(sentence: str, fluent: float | None, common: frozenset[str] | None,
            lowered: list[str] | None = None) -> Verdict:
    """The strongest evidence against a sentence: a rule, or `fluent`, the fluency model's
    score (None where there is no model for the language)."""
    findings = rule_findings(sentence, common, lowered)
    if fluent is not None:
        findings.append((fluent, _fluency_reason(f"{fluent:.2f}")))
    if not findings:
        return Verdict(0.0, "no Gopher/C4 rule applies (no fluency model for this language)")
    score, reason = max(findings, key=lambda f: f[0])
    return Verdict(score_of(score), reason)
