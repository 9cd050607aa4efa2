"""The background model of news language that ships inside the package.

Built by `scripts/build_news_model.py` from public news text (see
`cleaner/data/NEWS_MODEL.md` for the data and its terms): document frequencies of
English news words, low-rank word vectors that say which words go together in news
(places with their countries, players with their sports), a word-bigram language
model for fluency, and the calibration of the off-topic score. Corpus statistics
fitted at run time are added to the background counts, never replace them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat

import numpy as np

from ..text import findall_by_chunk

MODEL_FILE = "news_model_en.npz"
# A word: letters, with an inner apostrophe kept so "don't" stays one word; digits and
# punctuation are not words for topic statistics.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """Lower-cased words, apostrophes straightened; a trailing possessive is dropped so
    "Chile’s" counts as "chile".

    >>> words("Chile's vote: 500 U.S.-backed candidates")
    ['chile', 'vote', 'u', 's', 'backed', 'candidates']
    """
    found, possessive = _lowered_words(text)
    if not possessive:  # as in most sentences
        return found
    return [w[:-2] if w.endswith("'s") else w for w in found]


def distinct_words(text: str) -> set[str]:
    """`set(words(text))`: the possessives are dropped from the distinct words, not from
    every occurrence (a document's text holds "'s" almost always)."""
    found, possessive = _lowered_words(text)
    if not possessive:
        return set(found)
    return {w[:-2] if w.endswith("'s") else w for w in set(found)}


def _lowered_words(text: str) -> tuple[list[str], bool]:
    """The text's words lower-cased, apostrophes straightened, and whether any may end in a
    possessive."""
    lowered = text.lower().replace("’", "'")
    return findall_by_chunk(_WORD, lowered), "'s" in lowered


@dataclass
class NewsModel:
    """Word statistics of one language's news; `vectors` rows are unit length (int8 / 127)."""

    language: str
    vocab: list[str]
    doc_freq: np.ndarray  # documents of the background corpus holding each word
    documents: int
    stop: frozenset[str]
    vectors: np.ndarray  # (len(vocab), dim) float32
    calibration: dict[str, float]
    index: dict[str, int] = field(init=False)
    topical: dict[str, int] = field(init=False)  # `index` without the stop words

    def __post_init__(self) -> None:
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.topical = {w: i for w, i in self.index.items() if w not in self.stop}

    def save(self, path: str | io.BytesIO) -> None:
        scale = np.float32(127)
        np.savez_compressed(
            path,
            language=np.array(self.language),
            vocab=np.array("\n".join(self.vocab)),
            doc_freq=self.doc_freq.astype(np.int32),
            documents=np.array(self.documents),
            stop=np.array("\n".join(sorted(self.stop))),
            vectors=np.round(self.vectors * scale).astype(np.int8),
            calibration_keys=np.array("\n".join(self.calibration)),
            calibration_values=np.array(list(self.calibration.values()), dtype=np.float64),
        )

    @classmethod
    def load(cls, data: bytes | str) -> NewsModel:
        with np.load(io.BytesIO(data) if isinstance(data, bytes) else data) as npz:
            vectors = npz["vectors"].astype(np.float32) / 127
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
            keys = [k for k in str(npz["calibration_keys"]).split("\n") if k]
            return cls(
                language=str(npz["language"]),
                vocab=str(npz["vocab"]).split("\n"),
                doc_freq=npz["doc_freq"].astype(np.float64),
                documents=int(npz["documents"]),
                stop=frozenset(str(npz["stop"]).split("\n")),
                vectors=vectors,
                calibration=dict(zip(keys, npz["calibration_values"].tolist(), strict=True)),
            )


@cache
def builtin_model() -> NewsModel | None:
    """The shipped English model, or None when the package was built without it."""
    resource = resources.files("cleaner.data").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return NewsModel.load(resource.read_bytes())


def _distinct_words(text: str, chunk: int = 1 << 16) -> set[str]:
    """`set(words(text))`, read `chunk` characters at a time, each piece cut at white space
    (no word spans it, and lower-casing reads no further): a long text's words as one
    list would take ten times its size."""
    if len(text) <= chunk:
        return distinct_words(text)
    found: set[str] = set()
    start = 0
    while start < len(text):
        end = min(start + chunk, len(text))
        while end < len(text) and not text[end].isspace():
            end += 1
        found.update(distinct_words(text[start:end]))
        start = end
    return found


@dataclass
class CorpusCounts:
    """Document frequencies of the corpus being cleaned (counted in a corpus pass)."""

    doc_freq: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def add(self, text: str) -> None:
        self.doc_freq.update(_distinct_words(text))
        self.documents += 1

    @classmethod
    def of(cls, texts: Iterable[str]) -> CorpusCounts:
        counts = cls()
        for text in texts:
            counts.add(text)
        return counts


class Idf:
    """Inverse document frequency over the background corpus plus the corpus being cleaned.

    A word the background never saw but the corpus has everywhere (a site's name) is
    as uninformative as "said"; a word rare in both is the strongest topic evidence.
    """

    def __init__(self, model: NewsModel, corpus: CorpusCounts | None = None):
        self.model = model
        self.corpus = corpus or CorpusCounts()
        self.total = model.documents + self.corpus.documents
        self._cache: dict[str, float] = {}

    def many(self, words: Sequence[str]) -> np.ndarray:
        """The IDF of each word: the remembered values read in one C loop, the few new
        words worked out after."""
        values = np.fromiter(map(self._cache.get, words, repeat(np.nan)), np.float64, len(words))
        for i in np.flatnonzero(np.isnan(values)).tolist():
            values[i] = self(words[i])
        return values

    def __call__(self, word: str) -> float:
        value = self._cache.get(word)
        if value is None:
            i = self.model.index.get(word)
            df = (self.model.doc_freq[i] if i is not None else 0.0) + self.corpus.doc_freq.get(word, 0)
            value = float(np.log((self.total + 1) / (df + 1)))
            self._cache[word] = value
        return value
