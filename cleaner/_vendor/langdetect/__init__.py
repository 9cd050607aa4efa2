# Adapted from langdetect 1.0.9 (https://github.com/Mimino666/langdetect):
# langdetect/detector_factory.py (DetectorFactory.load_profile, add_profile) and
# langdetect/detector.py (Detector). Copyright 2014-2015 Michal "Mimino" Danilak;
# language-detection, Copyright (c) 2010-2014 Cybozu Labs, Inc. Licensed under the
# Apache License, Version 2.0 (the "License"); you may not use this file except in
# compliance with the License. You may obtain a copy of the License at
# http://www.apache.org/licenses/LICENSE-2.0 (langdetect's LICENSE and NOTICE are
# beside this file). Unless required by applicable law or agreed to in writing,
# software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for
# the specific language governing permissions and limitations under the License.
#
# Changed from the original: profiles are read in the order of their file names (the
# original takes the order the file system lists them in), into one sparse table of n-gram
# probabilities with a row per n-gram, found by the n-gram's code points as one integer
# (longer n-grams, which score 0, left out); the detection trials run on arrays over the
# languages; a text without features gives no languages instead of raising; functions
# instead of the factory and detector classes. The random draws, the floating-point
# steps (element by element, in the same order) and the sums are the original's.
"""langdetect's detector, with its profiles loaded in a fixed order and its trials on arrays.

langdetect sums probabilities over its languages in the order it loaded their
profiles, and loads them in the order the file system lists the files: the last
bits of a detection, and so a rounded score, can differ between two machines.
Loaded in the order of their names, the answer is langdetect's own answer for that
order (tests/test_flag.py holds `probabilities` to `DetectorFactory.load_json_profile`
given the profiles in that order), on every machine. Between two convergence checks
the sampled n-grams update the probabilities of all languages as a few array
operations, where langdetect loops over the languages in Python.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
import orjson
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram

# langdetect's Detector settings.
ALPHA = 0.5
ALPHA_WIDTH = 0.05
N_TRIAL = 7
ITERATION_LIMIT = 1000
PROB_THRESHOLD = 0.1
CONV_THRESHOLD = 0.99999
BASE_FREQ = 10000
MAX_TEXT_LENGTH = 10000
URL_RE = re.compile(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}")
MAIL_RE = re.compile(r"[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")


@dataclass(frozen=True)
class Profiles:
    """The languages, in the order their profiles were loaded, and for each n-gram its
    probability in each of them: a row of one table, kept sparse (an n-gram occurs in
    two languages' profiles on average, of 55), its non-zero entries in `columns` and
    `values` from `starts[row]` to `starts[row + 1]`. An n-gram's row is its place in
    `codes`, the sorted codes (`ngram_codes`) of the n-grams the profiles know: a few
    arrays, where a dict from n-gram to row takes more memory than the whole table."""

    langs: tuple[str, ...]
    codes: np.ndarray
    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    def rows(self, ngrams: list[str]) -> np.ndarray:
        """The rows of those of `ngrams` the profiles know, in their order."""
        wanted = ngram_codes(ngrams)
        at = np.minimum(np.searchsorted(self.codes, wanted), len(self.codes) - 1)
        return at[self.codes[at] == wanted]

    def row(self, ngram: str) -> np.ndarray:
        """The n-gram's probabilities, one per language (langdetect's `word_lang_prob_map`)."""
        found = self.rows([ngram])
        if not len(found):
            raise KeyError(ngram)
        return self.dense(found)[0]

    def dense(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows), languages): the rows' probabilities, zeros where a profile lacks the n-gram."""
        ids = np.asarray(rows, dtype=np.intp)
        first, lengths = self.starts[ids], self.starts[ids + 1] - self.starts[ids]
        before = np.cumsum(lengths) - lengths
        at = np.repeat(first - before, lengths) + np.arange(int(lengths.sum()))
        out = np.zeros((len(ids), len(self.langs)))
        out[np.repeat(np.arange(len(ids)), lengths), self.columns[at]] = self.values[at]
        return out


def ngram_codes(ngrams: list[str]) -> np.ndarray:
    """Each n-gram of one to three characters as one integer: its code points plus one,
    21 bits each, first character highest (so "a" and "a\\0" differ)."""
    sizes = np.fromiter(map(len, ngrams), dtype=np.intp, count=len(ngrams))
    points = np.array(ngrams, dtype="<U3").view(np.uint32).reshape(len(ngrams), 3).astype(np.int64)
    points = np.where(np.arange(3) < sizes[:, None], points + 1, 0)
    return (points[:, 0] << 42) | (points[:, 1] << 21) | points[:, 2]


def load_profiles(directory: str | os.PathLike[str] = PROFILES_DIRECTORY) -> Profiles:
    """langdetect's profiles (JSON files: name, freq, n_words), in the order of their file
    names. As `DetectorFactory.add_profile`, n-grams longer than three score 0 in every
    language; they are left out, as no text's n-grams are that long."""
    names = sorted(n for n in os.listdir(directory) if not n.startswith(".")
                   and Path(directory, n).is_file())
    langs, codes, columns, values = [], [], [], []
    for column, name in enumerate(names):
        profile = orjson.loads(Path(directory, name).read_bytes())
        ngrams = [ngram for ngram in profile["freq"] if 1 <= len(ngram) <= 3]
        sizes = np.fromiter(map(len, ngrams), dtype=np.intp, count=len(ngrams))
        counts = np.fromiter(map(profile["freq"].get, ngrams), dtype=float, count=len(ngrams))
        langs.append(profile["name"])
        codes.append(ngram_codes(ngrams))
        columns.append(np.full(len(ngrams), column, dtype=np.int16))
        values.append(counts / np.array(profile["n_words"], dtype=float)[sizes - 1])
    known, row = np.unique(np.concatenate(codes), return_inverse=True)
    order = np.argsort(row, kind="stable")  # by row, each row's languages in their order
    starts = np.zeros(len(known) + 1, dtype=np.intp)
    np.cumsum(np.bincount(row, minlength=len(known)), out=starts[1:])
    return Profiles(tuple(langs), known, starts, np.concatenate(columns)[order],
                    np.concatenate(values)[order])


def probabilities(profiles: Profiles, text: str, prior: dict[str, float] | None = None,
                  seed: int = 0) -> list[tuple[str, float]]:
    """(language, probability) above PROB_THRESHOLD, most probable first: what
    `Detector.get_probabilities` gives for `text` after `append(text)`, with `prior` as
    `set_prior_map` and the factory's seed `seed`. No languages for a text without
    features (langdetect raises CantDetectError)."""
    found = profiles.rows(_ngrams(_cleaned(_appended(text))))
    if not len(found):
        return []
    # Each n-gram as its place among the text's distinct ones, whose rows are made dense
    # once: the draws pick the same positions of a list as long as the n-grams found.
    distinct, places = np.unique(found, return_inverse=True)
    rows = profiles.dense(distinct)
    drawn = places.tolist()
    start = _prior(profiles.langs, prior) if prior is not None else [1.0 / len(profiles.langs)] * len(
        profiles.langs)
    rng = random.Random()
    rng.seed(seed)
    total = np.zeros(len(profiles.langs))
    for _ in range(N_TRIAL):
        prob = np.array(start)
        alpha = ALPHA + rng.gauss(0.0, 1.0) * ALPHA_WIDTH
        weight = alpha / BASE_FREQ
        draws, i = 1, 0  # langdetect checks after the first draw, then after every fifth
        while True:
            for word in [rng.choice(drawn) for _ in range(draws)]:
                prob *= weight + rows[word]
            i += draws - 1
            prob /= sum(prob.tolist())  # Python's sum over a list of floats, as langdetect's
            if prob.max() > CONV_THRESHOLD or i >= ITERATION_LIMIT:
                break
            draws, i = 5, i + 1
        total += prob / N_TRIAL
    found = [(lang, p) for lang, p in zip(profiles.langs, total.tolist(), strict=True) if p > PROB_THRESHOLD]
    return sorted(found, key=itemgetter(1), reverse=True)  # stable: ties keep the languages' order


def _appended(text: str) -> str:
    """`Detector.append`: URLs and e-mail addresses blanked, Vietnamese normalised, cut at
    MAX_TEXT_LENGTH, runs of spaces made one."""
    text = NGram.normalize_vi(MAIL_RE.sub(" ", URL_RE.sub(" ", text)))
    return re.sub(" {2,}", " ", text[:MAX_TEXT_LENGTH])


def _cleaned(text: str) -> str:
    """`Detector.cleaning_text`: a text with twice as many other letters as Latin ones
    loses its Latin ones. Every character from U+0300 counts as another letter there
    (its Unicode-block test compares a block number with a name, so it never holds)."""
    latin = sum("A" <= ch <= "z" for ch in text)
    other = sum(ch >= "\u0300" for ch in text if not "A" <= ch <= "z")
    if latin * 2 < other:
        return "".join(ch for ch in text if ch < "A" or ch > "z")
    return text


def _ngrams(text: str) -> list[str]:
    """`Detector._extract_ngrams` before it asks the profiles: the 1-, 2- and 3-grams of
    the text, none inside a word in capitals."""
    result = []
    ngram = NGram()
    for ch in text:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        for n in range(1, NGram.N_GRAM + 1):
            if len(ngram.grams) < n:
                break
            w = ngram.grams[-n:]
            if w and w != " ":
                result.append(w)
    return result


def _prior(langs: tuple[str, ...], prior: dict[str, float]) -> list[float]:
    """`Detector.set_prior_map`: the prior over the languages, in their order, summing to 1."""
    weights = [prior.get(lang, 0.0) for lang in langs]
    if any(p < 0 for p in weights) or sum(weights) <= 0:
        raise ValueError("a prior needs non-negative weights, one of them above zero")
    total = 0.0
    for p in weights:  # added up in the languages' order, as langdetect does
        total += p
    return [p / total for p in weights]
