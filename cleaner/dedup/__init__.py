"""dedup: near-duplicate headline (or text) clusters.

fold → exact-duplicate groups → MinHash signatures (numpy, in bulk) → banded LSH
candidates → rapidfuzz verification → union-find that keeps different stories
apart → a representative per cluster. Deterministic: fixed seeds, stable sorts,
ties broken by input order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import process

from ..document import Document
from .clusters import StoryUnion
from .fold import fold
from .lsh import band_params, candidate_pairs
from .minhash import shingle, signatures
from .verify import SCORERS, NameFinder

REPRESENTATIVES = ("earliest", "first", "longest")


@dataclass(frozen=True)
class DedupConfig:
    """Every dedup setting, shared by the CLI, the Python API, the bench and the eval."""

    threshold: float = 0.4  # estimated Jaccard at which LSH proposes a pair
    shingle: str = "char"  # char k-grams or word n-grams of the folded text
    shingle_size: int = 4
    num_perm: int = 128
    verify: str = "token_set"  # ratio | token_set | none
    verify_score: float = 0.85  # rapidfuzz score in [0, 1] a candidate needs
    representative: str = "earliest"  # earliest (by `published`, then input order) | first | longest
    seed: int = 1


@dataclass
class Cluster:
    """Members are indices into the texts given, in input order."""

    id: str
    members: list[int]
    representative: int
    similarity: dict[int, float] = field(default_factory=dict)


def cluster_texts(
    texts: Sequence[str],
    config: DedupConfig | None = None,
    *,
    published: Sequence[str | None] | None = None,
    keys: Sequence[str] | None = None,
    prefix: str = "h",
) -> list[Cluster]:
    """Cluster near-duplicate texts; only clusters of two or more are returned."""
    config = config or DedupConfig()
    folded = [fold(t) for t in texts]
    # Exact duplicates of the folded text become one node before any hashing.
    node_of: dict[str, int] = {}
    nodes = [node_of.setdefault(f, len(node_of)) for f in folded]
    unique = list(node_of)
    first_text = {}
    for i, node in enumerate(nodes):
        first_text.setdefault(node, texts[i])
    finder = NameFinder(texts)
    union = StoryUnion([finder.names(first_text[n]) for n in range(len(unique))])
    for _score, a, b in _verified_pairs(unique, config):
        union.join(a, b)
    members_of: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        if unique[node]:  # an empty folded text matches nothing
            members_of.setdefault(union.find(node), []).append(i)
    clusters = []
    for members in members_of.values():
        if len(members) < 2:
            continue
        rep = _representative(members, texts, published, config.representative)
        scores = _similarities(members, rep, folded)
        key = keys[rep] if keys is not None else str(rep)
        digest = hashlib.blake2b(f"{prefix}\x00{key}".encode(), digest_size=4).hexdigest()
        clusters.append(Cluster(f"{prefix}-{digest}", members, rep, scores))
    clusters.sort(key=lambda c: (-len(c.members), c.members[0]))
    return clusters


def _verified_pairs(unique: list[str], config: DedupConfig) -> list[tuple[float, int, int]]:
    """LSH candidates among distinct folded texts that pass verification, strongest first."""
    sigs = signatures(shingle(unique, config.shingle, config.shingle_size), config.num_perm,
                      config.seed)
    bands, rows = band_params(config.threshold, config.num_perm)
    pairs = candidate_pairs(sigs, bands, rows, config.seed)
    if not len(pairs):
        return []
    if config.verify == "none":
        scores = (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).mean(axis=1)
    else:
        scorer = SCORERS[config.verify]
        left = [unique[i] for i in pairs[:, 0]]
        right = [unique[j] for j in pairs[:, 1]]
        scores = process.cpdist(left, right, scorer=scorer, workers=1) / 100.0
    keep = scores >= (config.verify_score if config.verify != "none" else config.threshold)
    order = np.lexsort((pairs[keep, 1], pairs[keep, 0], -scores[keep]))
    kept, kept_scores = pairs[keep][order], scores[keep][order]
    return [(float(s), int(a), int(b)) for s, (a, b) in zip(kept_scores, kept, strict=True)]


def _representative(members: list[int], texts: Sequence[str],
                    published: Sequence[str | None] | None, how: str) -> int:
    if how == "longest":
        return min(members, key=lambda i: (-len(texts[i]), i))
    if how == "earliest" and published is not None:
        dated = [i for i in members if published[i]]
        if dated:
            return min(dated, key=lambda i: (published[i], i))
    return members[0]


def _similarities(members: list[int], rep: int, folded: list[str]) -> dict[int, float]:
    scores = process.cpdist([folded[rep]] * len(members), [folded[i] for i in members],
                            scorer=SCORERS["ratio"], workers=1)
    return {i: round(float(s) / 100.0, 3) for i, s in zip(members, scores, strict=True)}


# --- over documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One thing to cluster: a document's title or text, or one headline segment of it."""

    doc: int  # position of the document among those read
    segment: int | None  # index into cleaner.segments, None for the title or whole text
    doc_id: str
    text: str
    published: str | None


def headlines_of(doc: Document, position: int, field_name: str = "headline") -> list[Headline]:
    """What dedup clusters in a document: its text (--field text), else its title, else the
    headline segments `split` found (a stitched page can carry several)."""
    if field_name == "text":
        return [Headline(position, None, doc.id, doc.clean_text, doc.published)]
    title = doc.cleaner.get("title", doc.title)
    if title:
        return [Headline(position, None, doc.id, title, doc.published)]
    return [Headline(position, i, doc.id, s["text"], doc.published)
            for i, s in enumerate(doc.cleaner.get("segments", [])) if s["kind"] == "headline"]


@dataclass
class Clustering:
    """The clusters of one batch, looked up by (document position, segment)."""

    clusters: list[Cluster]
    items: list[Headline]
    by_item: dict[tuple[int, int | None], dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cluster in self.clusters:
            for i in cluster.members:
                item = self.items[i]
                self.by_item[(item.doc, item.segment)] = {
                    "id": cluster.id,
                    "size": len(cluster.members),
                    "representative": i == cluster.representative,
                    "similarity": cluster.similarity[i],
                }

    def records(self) -> Iterator[dict[str, Any]]:
        """One line per cluster for --clusters, largest first."""
        for cluster in self.clusters:
            rep = self.items[cluster.representative]
            yield {
                "id": cluster.id,
                "size": len(cluster.members),
                "representative": {"doc_id": rep.doc_id, "text": rep.text},
                "members": [{"doc_id": self.items[i].doc_id, "text": self.items[i].text,
                             "similarity": cluster.similarity[i]} for i in cluster.members],
            }


def cluster_headlines(items: list[Headline], config: DedupConfig, field_name: str = "headline"
                      ) -> Clustering:
    clusters = cluster_texts(
        [h.text for h in items], config,
        published=[h.published for h in items],
        keys=[f"{h.doc_id}\x00{h.segment}" for h in items],
        prefix="t" if field_name == "text" else "h",
    )
    return Clustering(clusters, items)


class Dedup:
    """The annotating pass: each document gets the cluster its headline or text is in.

    `cleaner.cluster` holds the cluster of the document's title (or text, with
    --field text), or null; headline segments found by split carry their own.
    With keep='representative', other members are dropped as `duplicate`.
    """

    name = "dedup"

    def __init__(self, clustering: Clustering, keep: str = "all"):
        self.clustering = clustering
        self.keep = keep

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for position, doc in enumerate(docs):
            lookup = self.clustering.by_item
            doc.cleaner["cluster"] = lookup.get((position, None))
            for i, segment in enumerate(doc.cleaner.get("segments", [])):
                if segment["kind"] == "headline":
                    segment["cluster"] = lookup.get((position, i))
            cluster = doc.cleaner["cluster"]
            if self.keep == "representative" and cluster and not cluster["representative"]:
                doc.drop = "duplicate"
            yield doc
