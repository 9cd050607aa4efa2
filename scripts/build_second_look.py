"""Build cleaner/data/second_look.json, the weights of off_topic's second look.

    python -m scripts.build_second_look        (or: make second-look-model)

Data (under ../shared/data): the odd-numbered half of the BBC News articles, the half
the news model was not built from, so the cheap off_topic scores there are as on text
the model never saw. Each article as published, and with one sentence stitched in or
one paragraph of 2-4 sentences pasted in, from an article of another section and from
one of its own section. Steps: flag them all with the cheap evidence; for each suspect
(cheap score at least SUSPECT), embed it, its paragraph and SAMPLE sentences spread
over its document with all-MiniLM-L6-v2 (`cleaner.flags.second_look.features`); fit a
logistic regression on the suspects, stitched and pasted sentences against the rest; the
threshold is the lowest score that flags at most CLEAN_SHARE of the sentences of the
articles as published. SUSPECT and the features were chosen by five-fold
cross-validation by article on this half, SAMPLE for cost (about a third as many
sentences embedded as with whole documents), CLEAN_SHARE as the operating point; none
on the held-out sites `make eval` reports. Deterministic on one machine: the same data
gives the same file.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from cleaner.flags.second_look import FEATURES, MODEL_FILE, Embed, encoder, features
from evaluate.eval_flag import flagged_sentences
from evaluate.heldout import pasted, stitched
from evaluate.intrusion import article_text, bbc_articles

ROOT = Path(__file__).resolve().parent.parent
SUSPECT = 0.05  # the cheap score from which a sentence is read again
SAMPLE = 8  # sentences that stand for the rest of a document
CLEAN_SHARE = 0.003  # of the sentences of articles as published, at most this share flagged


def cases() -> list[tuple[list[str], set[str]]]:
    """(text, the sentences that do not belong) of every article of the half, as published
    and with each kind of intrusion."""
    articles = bbc_articles("eval")
    found: list[tuple[list[str], set[str]]] = [
        ([article_text(a.headline, a.paragraphs) for a in articles], set())]
    for kind in ("topic", "story"):
        pools = [[b for b in articles if b is not a and (b.section != a.section) == (kind == "topic")]
                 for a in articles]
        for unit, build in (("sentence", stitched), ("paragraph", pasted)):
            built = list(build(articles, pools, f"bbc-{kind}-{unit}"))
            found.append(([case.text for case, _ in built], {s for _, inside in built for s in inside}))
    return found


def suspects(texts: list[str], inside: set[str], embed: Embed
             ) -> tuple[list[np.ndarray], list[bool], list[float]]:
    """The feature rows and labels of the suspects of these texts that are read again, and
    the cheap scores of the other sentences, which they keep (for the threshold)."""
    rows, labels, kept = [], [], []
    for segments in flagged_sentences(texts)[0]:
        body = [(k, s) for k, seg in enumerate(segments) for s in seg["sentences"]]
        cheap = [s["scores"]["off_topic"] or 0.0 for _, s in body]
        sentences = [s["text"] for _, s in body]
        found = features(cheap, [k for k, _ in body], SAMPLE, SUSPECT, embed, sentences)
        for i, x in found.items():
            rows.append(x)
            labels.append(sentences[i] in inside)
        kept += [score for i, score in enumerate(cheap) if i not in found]
    return rows, labels, kept


def threshold(scores: np.ndarray, share: float) -> float:
    """The lowest score, on the four-place grid scores are written on, that flags at most
    `share` of these scores."""
    ranked = np.sort(scores)[::-1]
    k = int(share * len(ranked))
    return round(float(ranked[k]) + 0.0001, 4) if k < len(ranked) else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_second_look")
    parser.add_argument("--out", type=Path, default=ROOT / "cleaner" / "data" / MODEL_FILE)
    args = parser.parse_args()
    started = time.time()
    embed = encoder()
    X, y, clean = [], [], None
    for texts, inside in cases():
        rows, labels, cheap = suspects(texts, inside, embed)
        X += rows
        y += labels
        if clean is None:  # the articles as published come first
            clean = (rows, cheap)
        print(f"{len(texts)} articles: {len(rows)} suspects, {sum(labels)} of them intruders "
              f"({time.time() - started:.0f}s)", flush=True)
    fit = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(X), np.array(y))
    weights, bias = fit.coef_[0], float(fit.intercept_[0])
    assert clean is not None
    rows, kept = clean
    looked = SUSPECT + (1 - SUSPECT) * fit.predict_proba(np.array(rows))[:, 1]
    scores = np.concatenate([np.array(kept), looked])
    model = {
        "suspect": SUSPECT,
        "sample": SAMPLE,
        "weights": {name: round(float(w), 6) for name, w in zip(FEATURES, weights, strict=True)},
        "bias": round(bias, 6),
        "threshold": threshold(scores, CLEAN_SHARE),
        "fitted on": f"{len(y)} suspects of the BBC News half 'eval', {sum(y)} of them stitched or pasted",
    }
    args.out.write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {args.out}: {model}")


if __name__ == "__main__":
    main()
