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
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .news import words

FLUENCY_FILE = "fluency_en.npz"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_SUFFIXES = ("ly", "ing", "ed", "tion", "s")
_HAS_LETTER = re.compile(r"[^\W\d_]")
LAMBDAS = (0.6, 0.3, 0.1)  # trigram, bigram, unigram weights of the interpolated model


def tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence)


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


def symbols(sentence: str, top: frozenset[str], classes: dict[str, str]) -> list[str]:
    """The sentence as class symbols, padded for a trigram model. A name of several
    words ("Federation of Northern Ireland", "Ras el-Ain") is one symbol: syntax sees
    one noun, whatever the transliteration."""
    out: list[str] = []
    raw: list[str] = []
    first = True
    for token in tokens(sentence):
        symbol = shape(token, first, top, classes)
        first = first and not token[0].isalpha()
        if symbol == "<Cap>":
            inner = _name_gap(out, raw)
            if inner is not None:
                del out[len(out) - inner:], raw[len(raw) - inner:]
                continue
        out.append(symbol)
        raw.append(token.lower())
    return ["<s>", "<s>", *out, "</s>"]


def _name_gap(out: list[str], raw: list[str]) -> int | None:
    """How many particles and hyphens stand between this capitalised word and the name it
    continues (None when it starts a new one)."""
    for gap in range(3):
        if len(out) > gap and out[-1 - gap] == "<Cap>" and all(
                t == "-" or t in _PARTICLES for t in raw[len(raw) - gap:]):
            return gap
    return None


_PARTICLES = frozenset({"of", "al", "el", "ez", "as", "ad", "ar", "ash", "de", "del", "da", "la", "le",
                        "du", "von", "van", "der", "bin", "ibn", "and", "the"})


@dataclass
class FluencyModel:
    top: frozenset[str]
    classes: dict[str, str]
    unigrams: dict[str, int]
    bigrams: dict[tuple[str, str], int]
    trigrams: dict[tuple[str, str, str], int]
    calibration: tuple[float, float] = (0.0, 1.0)  # logistic (bias, slope) on the surprisal

    def __post_init__(self) -> None:
        contexts1: dict[str, int] = {}
        contexts2: dict[tuple[str, str], int] = {}
        for (a, _), n in self.bigrams.items():
            contexts1[a] = contexts1.get(a, 0) + n
        for (a, b, _), n in self.trigrams.items():
            contexts2[(a, b)] = contexts2.get((a, b), 0) + n
        total, size = sum(self.unigrams.values()), len(self.unigrams)
        denominator = max(total + size, 1)
        # Each step's probabilities, weighted and divided once here rather than per token.
        self._p1 = {s: LAMBDAS[2] * (n + 1) / denominator for s, n in self.unigrams.items()}
        self._p1_unseen = LAMBDAS[2] / denominator
        self._p2 = {k: LAMBDAS[1] * n / contexts1[k[0]] for k, n in self.bigrams.items()}
        self._p3 = {k: LAMBDAS[0] * n / contexts2[k[:2]] for k, n in self.trigrams.items()}

    def surprisal(self, sentence: str) -> float | None:
        """Mean nats by which the class trigram model predicts each step worse than the
        symbols' frequencies alone would; higher is less fluent. None without words."""
        seq = symbols(sentence, self.top, self.classes)
        if len(seq) < 5:
            return None
        p1s, p2s, p3s, unseen = self._p1, self._p2, self._p3, self._p1_unseen
        total = 0.0
        for a, b, c in zip(seq, seq[1:], seq[2:], strict=False):
            p1 = p1s.get(c, unseen)
            total += math.log(p1 / LAMBDAS[2]) - math.log(p3s.get((a, b, c), 0.0) + p2s.get((b, c), 0.0) + p1)
        return total / (len(seq) - 2)

    def score(self, sentence: str) -> float | None:
        """The surprisal as a probability of being disfluent (calibrated at build time)."""
        value = self.surprisal(sentence)
        if value is None:
            return None
        bias, slope = self.calibration
        return 1.0 / (1.0 + math.exp(-(bias + slope * value)))

    def save(self, path: str | io.BytesIO) -> None:
        table = sorted(self.unigrams)
        ids = {s: i for i, s in enumerate(table)}
        np.savez_compressed(
            path,
            symbols=np.array("\n".join(table)),
            top=np.array("\n".join(sorted(self.top))),
            class_words=np.array("\n".join(self.classes)),
            class_ids=np.array([ids[c] for c in self.classes.values()], dtype=np.int32),
            unigrams=np.array([self.unigrams[s] for s in table], dtype=np.int64),
            bigrams=np.array([(ids[a], ids[b], n) for (a, b), n in sorted(self.bigrams.items())],
                             dtype=np.int64).reshape(-1, 3),
            trigrams=np.array([(ids[a], ids[b], ids[c], n)
                               for (a, b, c), n in sorted(self.trigrams.items())],
                              dtype=np.int64).reshape(-1, 4),
            calibration=np.array(self.calibration),
        )

    @classmethod
    def load(cls, data: bytes | str) -> FluencyModel:
        with np.load(io.BytesIO(data) if isinstance(data, bytes) else data) as npz:
            table = str(npz["symbols"]).split("\n")
            return cls(
                top=frozenset(str(npz["top"]).split("\n")),
                classes=dict(zip(str(npz["class_words"]).split("\n"),
                                 (table[i] for i in npz["class_ids"].tolist()), strict=True)),
                unigrams=dict(zip(table, npz["unigrams"].tolist(), strict=True)),
                bigrams={(table[a], table[b]): n for a, b, n in npz["bigrams"].tolist()},
                trigrams={(table[a], table[b], table[c]): n for a, b, c, n in npz["trigrams"].tolist()},
                calibration=tuple(npz["calibration"].tolist()),
            )


@cache
def builtin_fluency() -> FluencyModel | None:
    resource = resources.files("cleaner.data").joinpath(FLUENCY_FILE)
    return FluencyModel.load(resource.read_bytes()) if resource.is_file() else None


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float | None
    reason: str


def rule_findings(sentence: str, common: frozenset[str] | None) -> list[tuple[float, str]]:
    """Gopher / C4 style findings, each with the score it is worth."""
    found: list[tuple[float, str]] = []
    raw = sentence.split()
    n = len(raw)
    if n == 0:
        return [(1.0, "no words")]
    letters = sum(map(str.isalpha, sentence))
    symbols_ = len(sentence) - sum(map(str.isalnum, sentence)) - sum(map(str.isspace, sentence))
    if symbols_ > max(letters, 1) * 0.3:
        found.append((0.9, f"symbol soup: {symbols_} symbols against {letters} letters"))
    alpha_words = sum(1 for w in raw if _HAS_LETTER.search(w))
    if n >= 4 and alpha_words < 0.6 * n:
        found.append((0.8, f"only {alpha_words} of {n} words have a letter"))
    mean_length = sum(len(w) for w in raw) / n
    if n >= 4 and not 2.5 <= mean_length <= 12:
        found.append((0.7, f"mean word length {mean_length:.1f}"))
    caps = sum(w.isupper() and len(w) > 1 for w in raw)
    if n >= 5 and caps > 0.6 * n:
        found.append((0.6, f"{caps} of {n} words in capitals"))
    lowered = words(sentence)
    if len(lowered) >= 9:
        grams = list(zip(lowered, lowered[1:], lowered[2:], strict=False))
        repeated = len(grams) - len(set(grams))
        if repeated >= 2 and repeated >= 0.2 * len(grams):
            found.append((0.8, f"{repeated} repeated word trigrams"))
        if common is not None and sum(w in common for w in lowered) < 2:
            found.append((0.6, "almost no function words: a list or keywords, not a sentence"))
    if sentence.rstrip().endswith(("...", "…")) and n >= 3:
        found.append((0.5, "breaks off with an ellipsis"))
    return found


def verdict(sentence: str, fluency: FluencyModel | None, common: frozenset[str] | None
            ) -> Verdict:
    """The strongest evidence against a sentence; the fluency score when nothing else."""
    findings = rule_findings(sentence, common)
    fluent = fluency.score(sentence) if fluency is not None else None
    if fluent is not None:
        findings.append((fluent, f"reads {'dis' if fluent >= 0.5 else ''}fluently for news "
                                 f"(word-class model {fluent:.2f})"))
    if not findings:
        return Verdict(0.0, "no Gopher/C4 rule applies (no fluency model for this language)")
    score, reason = max(findings, key=lambda f: f[0])
    return Verdict(round(score, 4), reason)
