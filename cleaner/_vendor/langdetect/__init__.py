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
# probabilities with a row per n-gram; the detection trials run on arrays over the
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
    `values` from `starts[row]` to `starts[row + 1]`."""

    langs: tuple[str, ...]
    index: dict[str, int]  # each n-gram's row
    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    def row(self, ngram: str) -> np.ndarray:
        """The n-gram's probabilities, one per language (langdetect's `word_lang_prob_map`)."""
        return self.dense([self.index[ngram]])[0]

    def dense(self, rows: list[int]) -> np.ndarray:
        """(len(rows), languages): the rows' probabilities, zeros where a profile lacks the n-gram."""
        ids = np.asarray(rows, dtype=np.intp)
        first, lengths = self.starts[ids], self.starts[ids + 1] - self.starts[ids]
        before = np.cumsum(lengths) - lengths
        at = np.repeat(first - before, lengths) + np.arange(int(lengths.sum()))
        out = np.zeros((len(ids), len(self.langs)))
        out[np.repeat(np.arange(len(ids)), lengths), self.columns[at]] = self.values[at]
        return out


def load_profiles(directory: str | os.PathLike[str] = PROFILES_DIRECTORY) -> Profiles:
    """langdetect's profiles (JSON files: name, freq, n_words), in the order of their file
    names; as `DetectorFactory.add_profile`, n-grams longer than three score 0. Read one
    profile at a time, each n-gram's row numbered where it first appears."""
    names = sorted(n for n in os.listdir(directory) if not n.startswith(".")
                   and Path(directory, n).is_file())
    index: dict[str, int] = {}
    langs, rows, columns, values = [], [], [], []
    for column, name in enumerate(names):
        profile = orjson.loads(Path(directory, name).read_bytes())
        freq = profile["freq"]
        sizes = np.fromiter(map(len, freq), dtype=np.intp, count=len(freq))
        kept = (sizes >= 1) & (sizes <= 3)
        at = np.fromiter((index.setdefault(ngram, len(index)) for ngram in freq), dtype=np.intp,
                         count=len(freq))
        counts = np.fromiter(freq.values(), dtype=float, count=len(freq))[kept]
        langs.append(profile["name"])
        rows.append(at[kept])
        columns.append(np.full(len(counts), column, dtype=np.int16))
        values.append(counts / np.array(profile["n_words"], dtype=float)[sizes[kept] - 1])
    row = np.concatenate(rows)
    order = np.argsort(row, kind="stable")  # by row, each row's languages in their order
    starts = np.zeros(len(index) + 1, dtype=np.intp)
    np.cumsum(np.bincount(row, minlength=len(index)), out=starts[1:])
    return Profiles(tuple(langs), index, starts, np.concatenate(columns)[order],
                    np.concatenate(values)[order])


def probabilities(profiles: Profiles, text: str, prior: dict[str, float] | None = None,
                  seed: int = 0) -> list[tuple[str, float]]:
    """(language, probability) above PROB_THRESHOLD, most probable first: what
    `Detector.get_probabilities` gives for `text` after `append(text)`, with `prior` as
    `set_prior_map` and the factory's seed `seed`. No languages for a text without
    features (langdetect raises CantDetectError)."""
    ngrams = _ngrams(_cleaned(_appended(text)), profiles.index)
    if not ngrams:
        return []
    # Each n-gram as its place among the text's distinct ones, whose rows are made dense
    # once: the draws pick the same positions of a list as long as `ngrams`.
    distinct = dict.fromkeys(ngrams)
    rows = profiles.dense([profiles.index[ngram] for ngram in distinct])
    position = dict(zip(distinct, range(len(distinct)), strict=True))
    drawn = [position[ngram] for ngram in ngrams]
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


def _ngrams(text: str, known: dict[str, int]) -> list[str]:
    """`Detector._extract_ngrams`: the 1-, 2- and 3-grams of the text the profiles know,
    none inside a word in capitals."""
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
            if w and w != " " and w in known:
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
