"""Articles from sources nothing is fitted on: the gold article text of the Dragnet and
CleanEval pages (`../shared/data/boilerplate`), and the cases built from them.

The news model and every calibration are fitted on BBC articles; these pages come from
other publishers and blogs, so a figure measured here says how a flag holds on news it
was never tuned on. The pages carry no section, so a donor's topic is told by how
close its words lie to the host's: "other topic" donors come from the host's least
similar articles, "same topic" donors from its nearest ones (no near copies).
"""

from __future__ import annotations

import hashlib
import html
import random
import re
import tarfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np

from cleaner.flags.news import CorpusCounts, builtin_model, words
from cleaner.normalize import normalize_text
from cleaner.text import sentences as segment_sentences

from .common import data_path
from .eval_split import COMMENTS_SEPARATOR, as_text
from .intrusion import Article, Case, article_text, intruder_of, scored_rows, stitch

ARCHIVES = ("dragnet_data", "cleaneval-final", "cleaneval-dev")
_MARK = re.compile(r"^\s*<([phl])>", re.M)
MIN_SENTENCES = 8  # an article shorter than this is a brief: no paragraph to paste between
MAX_SENTENCES = 50  # a longer text is a report, a chapter or a thread, not a news article
MIN_ENGLISH = 0.3  # share of words among those most news articles use (an English text)
NEAREST = 5  # same-topic donors: the host's nearest articles …
NEAR_COPY = 0.5  # … below this cosine (above it, another page of the same story)
FARTHEST = 0.3  # other-topic donors: the host's least similar share of articles


def _gold_paragraphs(raw: bytes) -> list[str]:
    """The paragraphs of a gold text: CleanEval marks them (<p>, <h>, <l>), hard-wrapped;
    Dragnet writes one a line. Readers' comments are cut."""
    text = as_text(raw)
    text = re.sub(r"^URL:.*$", "", text, count=1, flags=re.M)
    text = COMMENTS_SEPARATOR.split(text, maxsplit=1)[0]
    text = normalize_text(html.unescape(text)).text
    if _MARK.search(text):
        parts = _MARK.split(text)[2::2]  # the text after each mark
        blocks = [" ".join(part.split()) for part in parts]
    else:
        blocks = [" ".join(line.split()) for line in text.split("\n")]
    return [b for b in blocks if b]


@cache
def heldout_articles() -> tuple[Article, ...]:
    """English articles of MIN_SENTENCES to MAX_SENTENCES body sentences, one copy of each."""
    model = builtin_model()
    assert model is not None, "the news model is missing: run make model"
    common = model.stop  # the words most news articles use
    out, seen = [], set()
    for archive in ARCHIVES:
        with tarfile.open(data_path("boilerplate", f"{archive}.tar.gz")) as tar:
            for member in tar:
                path = Path(member.name)
                if not member.isfile() or path.parent.name != "GoldStandard" or path.name.startswith("."):
                    continue
                paragraphs = _gold_paragraphs(tar.extractfile(member).read())  # type: ignore[union-attr]
                key = hashlib.sha1(" ".join(paragraphs)[:300].lower().encode()).hexdigest()
                if not paragraphs or key in seen:
                    continue
                seen.add(key)
                body, _ = scored_rows(article_text("", paragraphs))
                ws = words(" ".join(body))
                english = sum(w in common for w in ws) >= MIN_ENGLISH * len(ws)
                if not english or not MIN_SENTENCES <= len(body) <= MAX_SENTENCES:
                    continue
                out.append(Article(archive, Path(archive, path.name), "", paragraphs))
    return tuple(sorted(out, key=lambda a: str(a.path)))


def similarity(articles: tuple[Article, ...]) -> np.ndarray:
    """Cosine of the articles' TF-IDF vectors, IDF from these articles alone."""
    texts = [words(" ".join(a.paragraphs)) for a in articles]
    counts = CorpusCounts.of(" ".join(a.paragraphs) for a in articles)
    terms = {w: i for i, w in enumerate(sorted(counts.doc_freq))}
    idf = np.log((counts.documents + 1) / (np.array([counts.doc_freq[w] for w in terms]) + 1))
    x = np.zeros((len(articles), len(terms)), dtype=np.float32)
    for i, ws in enumerate(texts):
        ids, n = np.unique([terms[w] for w in ws], return_counts=True)
        x[i, ids] = n * idf[ids]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    sim = x @ x.T
    np.fill_diagonal(sim, -1.0)
    return sim


def donor_pools(articles: tuple[Article, ...], kind: str) -> list[list[int]]:
    """For each article, the articles a donor of `kind` ("topic": other topic, "story":
    same topic) is drawn from."""
    sim = similarity(articles)
    pools = []
    for i in range(len(articles)):
        order = np.argsort(-sim[i], kind="stable")[:-1]  # the article itself is last
        if kind == "story":
            pools.append([int(j) for j in order if sim[i, j] < NEAR_COPY][:NEAREST])
        else:
            pools.append([int(j) for j in order[-int(FARTHEST * len(order)):]])
    return pools


def paste_of(donor: Article, rng: random.Random) -> list[str]:
    """Two to four consecutive sentences of the donor: a body paragraph of that size
    where it has one, else a run of its sentences."""
    body_paragraphs = []
    for paragraph in donor.paragraphs:
        found = [paragraph[s:e] for s, e in segment_sentences(paragraph)]
        if 2 <= len(found) <= 4 and all(len(s.split()) >= 3 for s in found):
            body_paragraphs.append(found)
    if body_paragraphs:
        return rng.choice(body_paragraphs)
    body, _ = scored_rows(article_text(donor.headline, donor.paragraphs))
    n = rng.randint(2, 4)
    start = rng.randrange(max(len(body) - n, 0) + 1)
    return body[start:start + n]


def pasted(articles: tuple[Article, ...] | list[Article], pools: list[list[Article]], seed: str
           ) -> Iterator[tuple[Case, list[str]]]:
    """Each article with a paragraph of 2-4 sentences of a donor from its pool pasted
    between two of its paragraphs: (the case, the pasted sentences)."""
    rng = random.Random(seed)
    for host, pool in zip(articles, pools, strict=True):
        if not pool:
            continue
        paste = paste_of(rng.choice(pool), rng)
        if len(paste) < 2:
            continue
        paragraphs = list(host.paragraphs)
        i = rng.randint(1, len(paragraphs))
        paragraphs.insert(i, " ".join(paste))
        yield Case(article_text(host.headline, paragraphs), paste[0]), paste


def stitched(articles: tuple[Article, ...] | list[Article], pools: list[list[Article]], seed: str
             ) -> Iterator[tuple[Case, list[str]]]:
    """Each article with one donor sentence at the start or end of one of its paragraphs."""
    rng = random.Random(seed)
    for host, pool in zip(articles, pools, strict=True):
        if not pool:
            continue
        intruder = intruder_of(rng.choice(pool), rng)
        if intruder is not None:
            yield Case(article_text(host.headline, stitch(list(host.paragraphs), intruder, rng)), intruder), \
                [intruder]
