"""dedup: near-duplicate headline (or text) clusters.

fold → exact-duplicate groups → MinHash signatures (numpy, in bulk) → banded LSH
candidates → rapidfuzz verification → union-find that keeps different stories
apart → a representative per cluster. Deterministic: fixed seeds, stable sorts,
ties broken by input order.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import process

from ..document import Document
from ..text import strip_and_fold
from .clusters import StoryUnion
from .index import Entry, today
from .lsh import band_params, candidate_pairs
from .minhash import shingle, signatures
from .representative import representatives
from .verify import SCORERS, NameFinder, capitals, sentence_case

REPRESENTATIVES = ("cleanest", "earliest", "first", "longest")


@dataclass(frozen=True)
class DedupConfig:
    """Every dedup setting, shared by the CLI, the Python API, the bench and the eval."""

    threshold: float = 0.5  # estimated Jaccard at which LSH proposes a pair
    shingle: str = "char"  # char k-grams or word n-grams of the folded text
    shingle_size: int = 4
    num_perm: int = 128
    verify: str = "token_set"  # ratio | token_set | none
    verify_score: float = 0.85  # rapidfuzz score in [0, 1] a candidate needs
    # cleanest (fewest faults against the other copies, then earliest) | earliest (by
    # `published`, then input order) | first | longest
    representative: str = "cleanest"
    seed: int = 1


@dataclass
class Cluster:
    """Members are indices into the texts given, in input order."""

    id: str
    members: list[int]
    representative: int
    similarity: dict[int, float] = field(default_factory=dict)


def text_signatures(texts: list[str], config: DedupConfig) -> np.ndarray:
    """MinHash signatures of folded texts. Each row depends on its text alone, so this
    step can run in chunks anywhere (`--engine dask` maps it over the cluster) and the
    rows stacked in order are the same array."""
    return signatures(shingle(texts, config.shingle, config.shingle_size), config.num_perm,
                      config.seed)


Signer = Callable[[list[str], DedupConfig], np.ndarray]


def cluster_texts(
    texts: Sequence[str],
    config: DedupConfig | None = None,
    *,
    published: Sequence[str | None] | None = None,
    keys: Sequence[str] | None = None,
    prefix: str = "h",
    signer: Signer = text_signatures,
    places: frozenset[str] = frozenset(),
) -> list[Cluster]:
    """Cluster near-duplicate texts; only clusters of two or more are returned. `signer`
    computes the MinHash signatures (`text_signatures` here, or mapped over a cluster);
    the clustering itself is one reduction over all of them, here. `places`: folded place
    names (a gazetteer's), names wherever they stand, also in a headline without capitals."""
    config = config or DedupConfig()
    if len(texts) < 2:
        return []
    folding = strip_and_fold(list(texts))
    stripped, folded = folding.stripped, folding.folded
    # Exact duplicates of the folded text become one node before any hashing: each
    # distinct text is numbered as first seen.
    node_of: dict[str, int] = {}
    number = node_of.setdefault
    nodes = np.array([number(text, len(node_of)) for text in folded], dtype=np.int64)
    unique = list(node_of)
    first_item = np.full(len(unique), len(texts), dtype=np.int64)
    np.minimum.at(first_item, nodes, np.arange(len(texts)))
    pairs = _verified_pairs(unique, config, signer)
    roots = _story_roots(len(unique), pairs, unique, stripped, nodes, first_item, places)
    if "" in node_of:
        roots[node_of[""]] = -1  # empty text matches nothing
    item_roots = roots[nodes]
    order = np.argsort(item_roots, kind="stable")  # items of one root together, in input order
    sorted_roots = item_roots[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_roots[1:] != sorted_roots[:-1])))
    ends = np.append(starts[1:], len(order))
    multiple = (ends - starts >= 2) & (sorted_roots[starts] >= 0)
    members = order[np.repeat(multiple, ends - starts)]  # cluster after cluster
    sizes = (ends - starts)[multiple]
    firsts = np.cumsum(sizes) - sizes
    reps = representatives(members, sizes, texts, folding, published, config.representative)
    similarity = _similarities(members, np.repeat(np.array(reps, dtype=np.int64), sizes), folded,
                               nodes)
    members_of = members.tolist()
    bounds = list(zip(firsts.tolist(), (firsts + sizes).tolist(), strict=True))
    blake2b = hashlib.blake2b
    clusters = []
    for k in np.lexsort((members[firsts], -sizes)).tolist():  # largest first
        (lo, hi), rep = bounds[k], reps[k]
        key = keys[rep] if keys is not None else str(rep)
        digest = blake2b(f"{prefix}\x00{key}".encode(), digest_size=6).hexdigest()
        clusters.append(Cluster(f"{prefix}-{digest}", members_of[lo:hi], rep,
                                dict(zip(members_of[lo:hi], similarity[lo:hi], strict=True))))
    return clusters


def _story_roots(size: int, pairs: np.ndarray, folded: list[str], stripped: list[str],
                 nodes: np.ndarray, first_item: np.ndarray,
                 places: frozenset[str] = frozenset()) -> np.ndarray:
    """The cluster root (smallest member) of every node: joined along verified pairs,
    strongest first, never joining headlines that name different things.

    Connected components come from numpy first. Only a component where two headlines
    name different things goes through the (slower) name-aware union: its headlines
    must differ both ways in their words (each has one the other lacks), and then in
    their names.
    """
    if not len(pairs):
        return np.arange(size, dtype=np.int64)
    a, b = pairs[:, 0], pairs[:, 1]
    roots = _components(size, a, b)
    members = np.bincount(roots, minlength=size)[roots]
    in_pair = members == 2
    two_sided = {int(roots[x]) for x, y in zip(a[in_pair[a]].tolist(), b[in_pair[a]].tolist(),
                                                strict=True)
                 if _differ_both_ways([frozenset(folded[x].split()), frozenset(folded[y].split())])}
    checked_root = (members > 2) | np.isin(roots, list(two_sided))
    checked = np.flatnonzero(checked_root).tolist()
    if not checked:
        return roots
    texts, caps = _informative_texts(checked, nodes, stripped, first_item)
    found = NameFinder.names_in(texts, [folded[n] for n in checked], caps, places)
    names = dict(zip(checked, found, strict=True))
    by_component: dict[int, list[frozenset[str]]] = {}
    for root, node_names in zip(roots[checked].tolist(), found, strict=True):
        by_component.setdefault(root, []).append(node_names)
    conflicting = [root for root, sets in by_component.items() if _differ_both_ways(sets)]
    careful = np.isin(roots, conflicting)
    union = StoryUnion(size, names.__getitem__)
    for x, y in pairs[careful[a]].tolist():
        union.join(x, y)
    nodes = np.flatnonzero(careful).tolist()
    roots[nodes] = [union.find(n) for n in nodes]
    return roots


def _differ_both_ways(sets: list[frozenset[str]]) -> bool:
    """Do two of these sets each hold something the other lacks? (Else they form a chain
    under inclusion around what they share.)"""
    distinct = set(sets)
    if len(distinct) < 2:
        return False
    if len(distinct) == 2:
        a, b = distinct
        return bool(a - b) and bool(b - a)
    common = frozenset.intersection(*distinct)
    extras = sorted({s - common for s in distinct}, key=len)
    return any(not small <= large for small, large in itertools.pairwise(extras))


def _informative_texts(checked: list[int], nodes: np.ndarray, stripped: list[str],
                       first_item: np.ndarray) -> tuple[list[str], list[tuple[str, ...] | None]]:
    """Each checked node's headline and its capitals. A node whose first headline is ALL
    CAPS, Title Case or lower case takes another of its headlines in sentence case."""
    texts = [stripped[i] for i in first_item[checked].tolist()]
    caps = capitals(texts)
    slot = {node: k for k, (node, found) in enumerate(zip(checked, caps, strict=True))
            if found is None}
    if slot:
        blind = np.zeros(len(first_item), dtype=bool)
        blind[list(slot)] = True
        others = np.flatnonzero(blind[nodes])
        sentence = others[np.array(sentence_case([stripped[i] for i in others.tolist()]),
                                   dtype=bool)]
        # each blind node's first headline in sentence case
        found_nodes, first = np.unique(nodes[sentence], return_index=True)
        chosen = sentence[first].tolist()
        for node, item, found in zip(found_nodes.tolist(), chosen,
                                     capitals([stripped[i] for i in chosen]), strict=True):
            texts[slot[node]], caps[slot[node]] = stripped[item], found
    return texts, caps


def _components(size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of the graph with edges (a, b): each node labelled with the
    smallest node of its component (min-label propagation with pointer jumping)."""
    labels = np.arange(size, dtype=np.int64)
    while True:
        low = np.minimum(labels[a], labels[b])
        updated = labels.copy()
        np.minimum.at(updated, a, low)
        np.minimum.at(updated, b, low)
        while True:  # pointer jumping: follow labels to their own labels
            jumped = updated[updated]
            if (jumped == updated).all():
                break
            updated = jumped
        if (updated == labels).all():
            return labels
        labels = updated


def _verified_pairs(unique: list[str], config: DedupConfig, signer: Signer = text_signatures
                    ) -> np.ndarray:
    """(n, 2) LSH candidates among distinct folded texts that pass verification, strongest
    first (ties in index order)."""
    sigs = signer(unique, config)
    bands, rows = band_params(config.threshold, config.num_perm)
    pairs = candidate_pairs(sigs, bands, rows, config.seed)
    if not len(pairs):
        return pairs
    if config.verify == "none":
        scores = (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).mean(axis=1)
    else:
        scorer = SCORERS[config.verify]
        left = [unique[i] for i in pairs[:, 0].tolist()]
        right = [unique[j] for j in pairs[:, 1].tolist()]
        scores = process.cpdist(left, right, scorer=scorer, workers=-1) / 100.0
    keep = scores >= (config.verify_score if config.verify != "none" else config.threshold)
    order = np.lexsort((pairs[keep, 1], pairs[keep, 0], -scores[keep]))
    return pairs[keep][order]


def _similarities(members: np.ndarray, reps: np.ndarray, folded: list[str],
                  nodes: np.ndarray) -> list[float]:
    """Each member's similarity to its representative: 1.0 when they fold alike, the rest
    in one batched rapidfuzz call."""
    scores = np.ones(len(members))
    differ = np.flatnonzero(nodes[members] != nodes[reps])
    if len(differ):
        scores[differ] = process.cpdist([folded[i] for i in reps[differ].tolist()],
                                        [folded[i] for i in members[differ].tolist()],
                                        scorer=SCORERS["ratio"], workers=-1) / 100.0
    return np.round(scores, 3).tolist()


# --- over documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One thing to cluster: a document's title or text, or one headline segment of it."""

    doc_id: str
    segment: int | None  # index into cleaner.segments, None for the title or whole text
    text: str
    published: str | None
    stored: bool = False  # from the persistent index, not from this run's documents

    @property
    def key(self) -> str:
        """Stable across runs (the cluster id and the index entry are made from it)."""
        return f"{self.doc_id}\x00{self.segment}"


def headlines_of(doc: Document, field_name: str = "headline") -> list[Headline]:
    """What dedup clusters in a document: its text (--field text), else its title, else the
    headline segments `split` found (a stitched page can carry several)."""
    if field_name == "text":
        return [Headline(doc.id, None, doc.clean_text, doc.published)]
    title = doc.cleaner.get("title", doc.title)
    if title:
        return [Headline(doc.id, None, title, doc.published)]
    return [Headline(doc.id, i, s["text"], doc.published)
            for i, s in enumerate(doc.cleaner.get("segments", [])) if s["kind"] == "headline"]


@dataclass
class Clustering:
    """The clusters of one run, looked up by (document id, segment)."""

    clusters: list[Cluster]
    items: list[Headline]
    by_item: dict[tuple[str, int | None], dict[str, Any]] = field(default_factory=dict)
    representative_of: dict[str, int] = field(default_factory=dict)  # cluster id → item

    def __post_init__(self) -> None:
        self.representative_of.update((c.id, c.representative) for c in self.clusters)
        for cluster in self.clusters:
            for i in cluster.members:
                item = self.items[i]
                if item.stored:
                    continue
                self.by_item[(item.doc_id, item.segment)] = {
                    "id": cluster.id,
                    "size": len(cluster.members),
                    "representative": i == cluster.representative,
                    "similarity": cluster.similarity[i],
                }

    def repeats(self, doc_id: str) -> str | None:
        """For a cluster member other than the representative (what --drop duplicates
        removes): which record it repeats, as its reject says it."""
        cluster = self.by_item.get((doc_id, None))
        if not cluster or cluster["representative"]:
            return None
        rep = self.items[self.representative_of[cluster["id"]]]
        return f"duplicate of {rep.doc_id} ({cluster['id']}): {rep.text}"

    def records(self) -> Iterator[dict[str, Any]]:
        """One line per cluster for --clusters, largest first."""
        for cluster in self.clusters:
            rep = self.items[cluster.representative]
            dates = [self.items[i].published for i in cluster.members if self.items[i].published]
            yield {
                "id": cluster.id,
                "size": len(cluster.members),
                "representative": {"doc_id": rep.doc_id, "text": rep.text},
                "published": min(dates) if dates else None,  # the story's first appearance
                "members": [{"doc_id": self.items[i].doc_id, "text": self.items[i].text,
                             "similarity": cluster.similarity[i]} for i in cluster.members],
            }


def seen_headlines(entries: Sequence[Entry]) -> list[Headline]:
    """Headlines from the index, in the order they were first seen, as items that come
    before today's."""
    out = []
    for e in entries:
        _, _, segment = e.key.rpartition("\x00")
        out.append(Headline(e.doc_id, None if segment == "None" else int(segment), e.text,
                            e.published, stored=True))
    return out


def index_entries(items: Sequence[Headline]) -> list[Entry]:
    added = today()
    return [Entry(h.key, h.doc_id, h.text, h.published, added) for h in items if not h.stored]


def cluster_headlines(items: list[Headline], config: DedupConfig, field_name: str = "headline",
                      signer: Signer = text_signatures,
                      places: frozenset[str] = frozenset()) -> Clustering:
    clusters = cluster_texts(
        [h.text for h in items], config,
        published=[h.published for h in items],
        keys=[h.key for h in items],
        prefix="t" if field_name == "text" else "h",
        signer=signer,
        places=places,
    )
    return Clustering(clusters, items)


SIGNATURE_CHUNK = 50_000  # headlines per signature task when an engine spreads the work


def signer_on(engine: Any) -> Signer:
    """The signature step mapped over chunks of texts by an engine (`map`), the rows
    stacked in order: the same array one local call gives."""
    def sign(texts: list[str], config: DedupConfig) -> np.ndarray:
        chunks = [texts[i:i + SIGNATURE_CHUNK] for i in range(0, len(texts), SIGNATURE_CHUNK)]
        return np.vstack(engine.map(text_signatures, chunks or [[]], config=config))
    return sign


class Dedup:
    """The dedup stage: learns the clusters of every headline (or text) in the corpus, then
    gives each document the cluster its headline or text is in.

    `cleaner.cluster` holds the cluster of the document's title (or text, with
    --field text), or null; headline segments found by split carry their own. With an
    `index`, headlines seen in earlier runs join the clustering, each document gets
    `cleaner.new`, and `add_to_index` stores this run's headlines.
    """

    name = "dedup"
    local = True  # a lookup per document: cheaper here than the trip to a worker

    def __init__(self, config: DedupConfig | None = None, field_name: str = "headline",
                 index: Any = None, places: Callable[[], frozenset[str]] | None = None):
        self.config = config or DedupConfig()
        self.places = places  # folded place names, asked for when the clustering needs them
        self.field_name = field_name
        self.index = index
        self.clustering = Clustering([], [])
        self.seen: set[str] = set()

    def fitter(self) -> _Headlines:
        return _Headlines(self)

    def repeats(self, doc: Document) -> str | None:
        return self.clustering.repeats(doc.id)

    def add_to_index(self) -> int:
        """Store this run's headlines in the index; how many were new there."""
        if self.index is None:
            return 0
        return int(self.index.add(index_entries(self.clustering.items)))

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        lookup = self.clustering.by_item
        for doc in docs:
            doc.cleaner["cluster"] = lookup.get((doc.id, None))
            for i, segment in enumerate(doc.cleaner.get("segments", [])):
                if segment["kind"] == "headline":
                    segment["cluster"] = lookup.get((doc.id, i))
            if self.index is not None:
                found = [doc.cleaner["cluster"], *(s.get("cluster") for s in doc.cleaner.get("segments", []))]
                doc.cleaner["new"] = not any(c and c["id"] in self.seen for c in found)
            yield doc


class _Headlines:
    """Dedup's corpus pass: every document's headlines (after split), then the clusters."""

    after = "split"

    def __init__(self, stage: Dedup):
        self.stage = stage
        self.items: list[Headline] = []

    def add(self, doc: Document) -> None:
        self.items.extend(headlines_of(doc, self.stage.field_name))

    def finish(self, engine: Any) -> None:
        stage = self.stage
        stored = seen_headlines(stage.index.entries()) if stage.index is not None else []
        places = stage.places() if stage.places is not None else frozenset()
        clustering = cluster_headlines(stored + self.items, stage.config, stage.field_name,
                                       signer_on(engine), places)
        stage.clustering = clustering
        stage.seen = {c.id for c in clustering.clusters
                      if any(clustering.items[m].stored for m in c.members)}
