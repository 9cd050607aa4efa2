"""off_topic: how strongly a sentence shows that it belongs to another story.

Each sentence is compared, leave-one-out, with the rest of its document (the other
sentences and the headlines). Shared words alone cannot tell a stitched-in sentence
from a generic one ("The source gave no details." shares nothing either), so the
score asks for positive evidence of another story:

- its topic words sit far from the rest in the background model's word vectors
  (which words go together in news: players with sports, ministers with budgets);
- it carries much topic content and little of it is shared (IDF-weighted overlap);
- it names people or organisations the rest never mentions;
- it names a place far from every place the rest names (the gazetteer).

A logistic model, fitted on synthetic intrusions into held-out news articles by
`scripts/build_news_model.py`, turns these into a probability, so a threshold means
the same for a short document as for a long one.

A paragraph pasted from another article vouches for itself: each of its sentences
finds its topic in the others. So each paragraph of two sentences or more is also
scored against the document outside it (its other paragraphs and the headlines), by
the overlap of their IDF-weighted words and of their topics, which a second logistic
model fitted on pasted paragraphs turns into a probability; a sentence takes the
higher of its own score and its paragraph's. A single stitched sentence inside a
paragraph of the story leaves that paragraph's score low, so it stands out alone and
its neighbours stay where they were. The paragraphs' evidence comes from the
sentences' pass: their words gathered by paragraph, their topics summed.

A scrape stitches one stray sentence in far more often than two, and a wide-ranging
article has several sentences that each look unrelated; so only a document's likeliest
stray keeps its own score, and the others need stronger evidence (`_one_stray`). Bylines,
sign-offs and subheads are about the article or too short to tell, and score 0.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat

import numpy as np

from ..document import Verdict, score_of
from .news import Idf, NewsModel, words
from .places import Gazetteer, Mention

FEATURES = ("bias", "lexical", "semantic", "affinity", "unrelated_mass", "mass", "lexical_x_mass",
            "semantic_x_mass",
            "new_names", "place", "place_x_support", "context")
_NAME = re.compile(r"(?<=[\s\"“(])[A-Z][\w'’-]+")
MIN_SENTENCES = 3  # with fewer, nothing says which sentence is the stray one
PARAGRAPH_FEATURES = ("bias", "lexical", "semantic", "mass", "lexical_x_mass", "semantic_x_mass", "context",
                      "sentences")  # log(its sentences)
PARAGRAPH = "paragraph_"  # the prefix of the paragraph model's weights in the calibration
MIN_PARAGRAPH = 2  # a paragraph of this many sentences or more is scored as a whole …
MIN_PARAGRAPH_WORDS = 10  # … and this many words: no shorter one was among those the model was fitted on
MIN_OUTSIDE = 2  # … when the document holds this many sentences outside it
UNRELATED = 0.15  # a word whose vector is this far from the rest's topic counts as unrelated
REASON_WORD = 3  # letters a word named in a reason has at least
BLOCK_PAIRS = 2_048  # (row, word) pairs whose vectors are worked out at once (a few MB)
PAIR_TOKENS = 1 << 16  # words whose (row, word) pairs are sorted out at once
LEXICAL_PAIRS = 1 << 16  # (row, word) pairs whose lexical sums are worked out at once (a few MB)
NAMES_AT_ONCE = 4_096  # sentences whose names are checked at once
GROUP_ROWS = 2_048  # rows whose topics are worked out together (2 MB); a longer document is cut



@dataclass(slots=True)
class _Evidence:
    features: np.ndarray  # (n_sentences, len(FEATURES))
    terms: list[str]  # the document's words
    # the pairs a reason may name, each (sentence, word whose vector is UNRELATED to its rest):
    rows: np.ndarray  # the sentence,
    words: np.ndarray  # … the word (index into `terms`, ascending within a sentence),
    affinity: np.ndarray  # … and the word's vector against the rest of the document
    weights: np.ndarray  # (terms,): IDF
    far_places: list[Sequence[Mention]]
    paragraphs: _Paragraphs | None = None  # where the caller gave paragraph numbers

    def unrelated(self, i: int) -> list[str]:
        """The sentence's words least related to the rest of the document, as a person
        would name them in a reason: a letter or two ("r" of "R$", "t" of "M.T.A.") is
        no word."""
        start, end = np.searchsorted(self.rows, [i, i + 1]).tolist()
        ids, a = self.words[start:end], self.affinity[start:end]
        order = np.argsort(a - 0.01 * self.weights[ids], kind="stable")
        named = (self.terms[ids[k]] for k in order.tolist())
        return list(islice((word for word in named if len(word) >= REASON_WORD), 3))


def features(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
             gazetteer: Gazetteer, tokens: Sequence[list[str]] | None = None) -> _Evidence:
    """The evidence for each sentence (scored) against the others and the context (not
    scored: headlines). `tokens` are the sentences' `words`, when the caller has them."""
    return features_many([(sentences, context, tokens)], model, idf, gazetteer)[0]


def features_many(documents: Sequence[tuple[Sequence[str], Sequence[str], Sequence[list[str]] | None]],
                  model: NewsModel, idf: Idf, gazetteer: Gazetteer,
                  paragraphs: Sequence[Sequence[int]] | None = None) -> list[_Evidence]:
    """`features` of several documents (sentences, headlines, the sentences' words or
    None), and with `paragraphs` (each sentence's paragraph number, per document) the
    evidence of each paragraph too. Every document's rows (its sentences, then its
    headlines) and words are laid side by side, and each sentence meets only the words
    its document holds, as a list of (row, word) pairs: a few array operations per batch
    instead of dozens per document, whatever the documents' sizes."""
    batch = _Batch.of([[*(tokens if tokens is not None else map(words, sentences)), *map(words, context)]
                       for sentences, context, tokens in documents],
                      [len(sentences) for sentences, _, _ in documents], idf)
    groups = None if paragraphs is None else _Groups.of(batch, paragraphs)
    table, (p_row, p_term, p_affinity), by_paragraph = _table(documents, batch, model, groups)
    mentions = gazetteer.mentions([text for sentences, context, _ in documents
                                   for text in chain(sentences, context)], common=model.stop)
    first_sentence = np.cumsum(batch.sentence_counts) - batch.sentence_counts
    p_doc = batch.doc_of_row[p_row]
    out = []
    for d, terms in enumerate(batch.term_lists):
        n, first_row, first_term = int(batch.sentence_counts[d]), batch.first_row[d], batch.first_term[d]
        doc_table = table[first_sentence[d]:first_sentence[d] + n]
        place, support, far = _place_evidence(mentions[first_row:first_row + batch.row_counts[d]], n,
                                              gazetteer)
        doc_table[:, FEATURES.index("place")] = place
        doc_table[:, FEATURES.index("place_x_support")] = place * support
        start, end = np.searchsorted(p_doc, [d, d + 1]).tolist()
        out.append(_Evidence(doc_table, terms, p_row[start:end] - first_row,
                             p_term[start:end] - first_term, p_affinity[start:end],
                             batch.weights[first_term:first_term + len(terms)], far,
                             None if by_paragraph is None else by_paragraph[d]))
    return out


@dataclass(slots=True)
class _Batch:
    """Documents' rows (the scored ones first in each document, then the context) and
    words laid side by side: rows and words are numbered across the batch."""

    rows_words: list[list[Sequence[str]]]  # each document's rows, as words
    term_lists: list[list[str]]  # each document's distinct words, in order of appearance
    ids: list[dict[str, int]]  # each document's word → its number within the document
    row_counts: np.ndarray  # rows per document
    first_row: np.ndarray  # each document's first row
    first_term: np.ndarray  # … and first word
    doc_of_row: np.ndarray
    doc_of_term: np.ndarray
    sentence_counts: np.ndarray  # scored rows per document
    scored: np.ndarray  # (rows,): the row is scored, not context
    all_terms: list[str]
    weights: np.ndarray  # (words,): IDF

    @classmethod
    def of(cls, rows_words: list[list[Sequence[str]]], scored_rows: Sequence[int], idf: Idf) -> _Batch:
        term_lists = [list(dict.fromkeys(chain.from_iterable(doc_rows))) for doc_rows in rows_words]
        ids = [dict(zip(terms, range(len(terms)), strict=True)) for terms in term_lists]
        row_counts = np.array([len(doc_rows) for doc_rows in rows_words], dtype=np.int64)
        term_counts = np.array([len(terms) for terms in term_lists], dtype=np.int64)
        first_row = np.cumsum(row_counts) - row_counts
        doc_of_row = np.repeat(np.arange(len(rows_words)), row_counts)
        sentence_counts = np.asarray(scored_rows, dtype=np.int64)
        scored = np.arange(len(doc_of_row)) - first_row[doc_of_row] < sentence_counts[doc_of_row]
        all_terms = list(chain.from_iterable(term_lists))
        return cls(rows_words, term_lists, ids, row_counts, first_row, np.cumsum(term_counts) - term_counts,
                   doc_of_row, np.repeat(np.arange(len(rows_words)), term_counts), sentence_counts, scored,
                   all_terms, idf.many(all_terms))

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (row, word) pair, sorted, and the word's IDF-weighted count in the row."""
        row, term, counts = _word_pairs(self.rows_words, self.ids, self.first_term, self.doc_of_row)
        return row, term, counts * self.weights[term]

    def lexical(self, row: np.ndarray, term: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Each row's `_leave_one_out_lexical`."""
        return _leave_one_out_lexical(row, term, x, self.doc_of_row, self.doc_of_term, len(self.row_counts),
                                      max(len(self.all_terms), 1))


@dataclass(slots=True)
class _Groups:
    """A batch's rows gathered into paragraphs: each document's paragraphs (runs of
    adjacent sentences given one number), then each of its headlines alone."""

    of_row: np.ndarray  # (rows,): each row's group, numbered across the batch
    doc: np.ndarray  # (groups,): each group's document
    first: np.ndarray  # each document's first group
    of_sentence: list[np.ndarray]  # per document, each sentence's paragraph (within the document)
    sizes: list[np.ndarray]  # per document, each paragraph's sentences

    @classmethod
    def of(cls, batch: _Batch, paragraphs: Sequence[Sequence[int]]) -> _Groups:
        of_row, of_sentence, sizes, counts = [], [], [], []
        for d, numbers in enumerate(paragraphs):
            number = np.asarray(numbers, dtype=np.int64)
            local = np.cumsum(number[1:] != number[:-1]) if len(number) else np.zeros(0, dtype=np.int64)
            local = np.r_[0, local][:len(number)]  # a paragraph: adjacent sentences of one number
            size = np.bincount(local)
            headlines = int(batch.row_counts[d]) - len(local)
            of_row.append(np.concatenate([local, len(size) + np.arange(headlines)]))
            of_sentence.append(local)
            sizes.append(size)
            counts.append(len(size) + headlines)
        n_groups = np.array(counts, dtype=np.int64)
        first = np.cumsum(n_groups) - n_groups
        rows = (np.concatenate([g + f for g, f in zip(of_row, first.tolist(), strict=True)])
                if of_row else np.zeros(0, dtype=np.int64))
        return cls(rows, np.repeat(np.arange(len(counts)), n_groups), first, of_sentence, sizes)


def _table(documents: Sequence[tuple[Sequence[str], Sequence[str], object]], batch: _Batch,
           model: NewsModel, groups: _Groups | None = None
           ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray], list[_Paragraphs] | None]:
    """The scored rows' features but the places; for each (sentence, word with a vector)
    pair of a word UNRELATED to the sentence's rest: the sentence, the word and its
    affinity; and with `groups`, each document's
    paragraphs' evidence. The (row, word) arrays worked on here, each as long as the
    batch has distinct words in its rows, go when it returns."""
    row, term, x = batch.pairs()
    n_rows, n_terms = len(batch.doc_of_row), max(len(batch.all_terms), 1)
    model_ids = np.fromiter(map(model.topical.get, batch.all_terms, repeat(-1)), np.int64,
                            len(batch.all_terms))
    lexical = batch.lexical(row, term, x)
    mass = np.log1p(_weighted_counts(row, x, n_rows))
    only_in = _only_row(row, term, n_terms)
    # a paragraph's words before the topics: its (paragraph, word) pairs go before those arrays come
    paragraph_words = None if groups is None else _paragraph_words(batch, groups, row, term, x)
    (semantic, affinity, unrelated_mass), (p_row, p_term, p_affinity), group_semantic = _vector_evidence(
        row, term, x, model_ids, batch.weights, batch.doc_of_row, batch.scored, model.vectors,
        None if groups is None else groups.of_row)
    del row, term, x  # each (row, word) array goes as soon as nothing after needs it
    by_paragraph = (None if groups is None or paragraph_words is None
                    else _paragraph_table(batch, groups, paragraph_words, group_semantic))
    context_size = np.log(np.maximum(batch.row_counts, 1))[batch.doc_of_row]
    new_names = _new_names(documents, batch.ids, batch.first_term, only_in, np.flatnonzero(batch.scored),
                           batch.doc_of_row)
    table = np.column_stack([
        np.ones(n_rows), lexical, semantic, affinity, unrelated_mass, mass, lexical * mass,
        semantic * mass, new_names, np.zeros(n_rows), np.zeros(n_rows), context_size])[batch.scored]
    return table, (p_row, p_term, p_affinity), by_paragraph


def _paragraph_words(batch: _Batch, groups: _Groups, row: np.ndarray, term: np.ndarray, x: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each group's words against the rest of its document, from its rows' (row, word)
    pairs gathered by group: the leave-one-out overlap of their IDF-weighted counts, their
    weight (log), and for each word the one group holding it (else -1). The (group, word)
    pairs are gathered a block at a time, twice: once for each word's total, then for the
    overlaps against it; a huge document's pairs would otherwise be held twice at once."""
    n_terms, n_groups = max(len(batch.all_terms), 1), len(groups.doc)
    total, weight = np.zeros(n_terms), np.zeros(n_groups)
    holders = _Holders(n_terms)
    for lo, hi, groups_, words_, xs in _group_pairs(row, term, x, groups.of_row, n_terms):
        np.add.at(total, words_, xs)  # the floats of one bincount over all the pairs
        weight[lo:hi] = np.bincount(groups_, weights=xs, minlength=hi - lo)
        holders.add(groups_ + lo, words_)
    lexical = _lexical_cosines(_group_pairs(row, term, x, groups.of_row, n_terms), total, groups.doc,
                               batch.doc_of_term, len(batch.row_counts))
    return lexical, np.log1p(weight), holders.only_in()


def _paragraph_table(batch: _Batch, groups: _Groups,
                     paragraph_words: tuple[np.ndarray, np.ndarray, np.ndarray], semantic: np.ndarray
                     ) -> list[_Paragraphs]:
    """Each document's paragraphs against the rest of it: their words (`_paragraph_words`)
    and their topics, the sums of their sentences' (`semantic`), the rows of its document
    and its sentences. Neither places, names nor each word's affinity: held-out pastes
    rank no better with them, and they cost several times the rest."""
    lexical, mass, holder = paragraph_words
    # log(each document's rows: its paragraphs and headlines)
    context = np.log(np.maximum(np.bincount(groups.doc, minlength=len(batch.row_counts)), 1))
    out = []
    for d, (of_sentence, sizes) in enumerate(zip(groups.of_sentence, groups.sizes, strict=True)):
        lo, first = int(groups.first[d]), int(batch.first_term[d])
        rows, terms = slice(lo, lo + len(sizes)), slice(first, first + len(batch.term_lists[d]))
        context_size = np.full(len(sizes), context[d])
        table = np.column_stack([np.ones(len(sizes)), lexical[rows], semantic[rows], mass[rows],
                                 lexical[rows] * mass[rows], semantic[rows] * mass[rows], context_size,
                                 np.log(np.maximum(sizes, 1))])
        n_words = np.bincount(of_sentence, minlength=len(sizes),
                              weights=[len(w) for w in batch.rows_words[d][:len(of_sentence)]])
        scored = ((sizes >= MIN_PARAGRAPH) & (n_words >= MIN_PARAGRAPH_WORDS)
                  & (len(of_sentence) - sizes >= MIN_OUTSIDE))
        out.append(_Paragraphs(table, of_sentence, sizes, scored, batch.term_lists[d],
                               np.where(holder[terms] >= 0, holder[terms] - lo, -1), batch.weights[terms]))
    return out


def _group_pairs(row: np.ndarray, term: np.ndarray, x: np.ndarray, group_of_row: np.ndarray, n_terms: int
                 ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """The (group, word) pairs of rows gathered into groups of adjacent rows, sorted, and
    each pair's summed `x`, as blocks of whole groups (lo, hi, each pair's group less lo,
    its word, its `x`) gathered from PAIR_TOKENS (row, word) pairs at most: sorting takes
    several arrays as long as the pairs it sorts, and a huge document has millions."""
    n_rows, n_groups = len(group_of_row), int(group_of_row.max(initial=-1)) + 1
    row_bounds = np.searchsorted(row, np.arange(n_rows + 1, dtype=row.dtype))  # each row's pairs
    group_rows = np.searchsorted(group_of_row, np.arange(n_groups + 1))  # each group's rows
    for lo, hi in _row_blocks(np.diff(row_bounds[group_rows]), PAIR_TOKENS):
        plo, phi = int(row_bounds[group_rows[lo]]), int(row_bounds[group_rows[hi]])
        keys, at = np.unique(group_of_row[row[plo:phi]].astype(np.int64) * n_terms + term[plo:phi],
                             return_inverse=True)
        yield (lo, hi, (keys // n_terms - lo).astype(np.int32), (keys % n_terms).astype(np.int32),
               np.bincount(at.reshape(-1), weights=x[plo:phi], minlength=len(keys)))


def _only_row(row: np.ndarray, term: np.ndarray, n_terms: int) -> np.ndarray:
    """For each word, the row holding it where only one row does, else -1 (`_Holders`),
    LEXICAL_PAIRS pairs at a time: counting and indexing take a 64-bit copy of the words
    they are given."""
    holders = _Holders(n_terms)
    for lo in range(0, len(term), LEXICAL_PAIRS):
        holders.add(row[lo:lo + LEXICAL_PAIRS], term[lo:lo + LEXICAL_PAIRS])
    return holders.only_in()


class _Holders:
    """For each word, the one row holding it, from (row, word) pairs given a block at a
    time: the pairs' rows written at their words (a word one row holds has one pair),
    then every word more rows hold set to -1."""

    def __init__(self, n_terms: int):
        self.count = np.zeros(n_terms, dtype=np.int64)  # rows holding each word
        self.row = np.full(n_terms, -1, dtype=np.int64)

    def add(self, rows: np.ndarray, words_: np.ndarray) -> None:
        self.count += np.bincount(words_, minlength=len(self.count))
        self.row[words_] = rows

    def only_in(self) -> np.ndarray:
        self.row[self.count != 1] = -1
        return self.row


def _weighted_counts(ids: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """`np.bincount(ids, weights, minlength=n)`, the same floats (each bin adds its weights
    in the pairs' order), LEXICAL_PAIRS pairs at a time: bincount takes a 64-bit copy of
    the ids it is given, and a huge document's pairs number millions."""
    if len(ids) <= LEXICAL_PAIRS:
        return np.bincount(ids, weights=weights, minlength=n)
    total = np.zeros(n)
    for lo in range(0, len(ids), LEXICAL_PAIRS):
        np.add.at(total, ids[lo:lo + LEXICAL_PAIRS], weights[lo:lo + LEXICAL_PAIRS])
    return total


def _running_count(mask: np.ndarray) -> np.ndarray:
    """How many of `mask` hold before each position, and in all (the last), in 32 bits:
    a huge document's pairs number millions."""
    out = np.zeros(len(mask) + 1, dtype=np.int32)
    np.cumsum(mask, dtype=np.int32, out=out[1:])
    return out


def _word_pairs(rows_words: list[list[Sequence[str]]], ids: list[dict[str, int]], first_term: np.ndarray,
                doc_of_row: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (row, word) pair of the batch and its count, sorted by row then word; rows and
    words numbered across all documents. Sorted out PAIR_TOKENS words at a time (whole
    rows): the sort takes several arrays as long as the words it sorts. In 32 bits: a
    huge document has millions of pairs, and no batch has 2**31 rows or words."""
    row_lengths = np.fromiter((len(row) for doc_rows in rows_words for row in doc_rows), np.int64,
                              len(doc_of_row))
    local = chain.from_iterable(map(doc_ids.__getitem__, chain.from_iterable(doc_rows))
                                for doc_ids, doc_rows in zip(ids, rows_words, strict=True))
    n_terms = max(int(first_term[-1]) + len(ids[-1]), 1) if ids else 1  # above every word's number

    def parts() -> Iterator[tuple[np.ndarray, ...]]:
        for lo, hi in _row_blocks(row_lengths, PAIR_TOKENS):
            lengths = row_lengths[lo:hi]
            term_of_token = (np.fromiter(local, np.int64, int(lengths.sum()))  # the next words
                             + np.repeat(first_term[doc_of_row[lo:hi]], lengths))
            row_of_token = np.repeat(np.arange(lo, hi, dtype=np.int64), lengths)
            pairs, counts = np.unique(row_of_token * n_terms + term_of_token, return_counts=True)
            yield ((pairs // n_terms).astype(np.int32), (pairs % n_terms).astype(np.int32),
                   counts.astype(np.int32))

    return _laid_end_to_end(parts(), int(row_lengths.sum()),  # type: ignore[return-value]
                            (np.int32, np.int32, np.int32))


def _laid_end_to_end(parts: Iterable[tuple[np.ndarray, ...]], most: int, dtypes: Sequence[type]
                     ) -> tuple[np.ndarray, ...]:
    """The parts' arrays laid end to end: the first arrays of every part in one array,
    the second in another, …, each made once `most` items long (at least the parts'
    total) and cut to what they fill. A list of the parts and its concatenation would
    hold a huge document's pairs twice."""
    out = [np.empty(most, dtype) for dtype in dtypes]
    filled = 0
    for part in parts:
        n = len(part[0])
        for whole, piece in zip(out, part, strict=True):
            whole[filled:filled + n] = piece
        filled += n
    return tuple(whole[:filled] for whole in out)


def _vector_evidence(row: np.ndarray, term: np.ndarray, x: np.ndarray, model_ids: np.ndarray,
                     weights: np.ndarray, doc_of_row: np.ndarray, scored: np.ndarray,
                     model_vectors: np.ndarray, group_of_row: np.ndarray | None = None
                     ) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...], np.ndarray]:
    """Each row's topic (its words' vectors weighted by IDF) against the rest of its
    document; how close a sentence's words with a vector lie to its rest (`weights`:
    each word's IDF): their mean closeness by weight and the weight of those UNRELATED;
    the (sentence, word, closeness) of those, for the reasons; and each group of
    adjacent rows' topic (the sum of its rows') against the rest of its document
    (`group_of_row`: each row's group, for paragraphs; none without).

    A (row, word) pair's vector takes a kilobyte, a row's topic another: worked out for
    all the pairs at once they would take a hundred times the text's size. So the rows
    go in groups of whole documents (GROUP_ROWS rows at most), and a group's pairs
    BLOCK_PAIRS at a time (whole rows). A document with more rows than a group is cut
    between groups: its sum of topics is added up group by group (so its last bits may
    differ), and its groups are worked out again once that sum is whole."""
    known = (model_ids >= 0)[term]  # a word with a vector
    n_rows, n_docs = len(doc_of_row), int(doc_of_row[-1]) + 1 if len(doc_of_row) else 0
    bounds = np.searchsorted(row, np.arange(n_rows + 1, dtype=row.dtype))  # each row's pairs
    k_pairs = np.diff(_running_count(known)[bounds]).astype(np.int64)  # each row's known pairs
    dim = model_vectors.shape[1]

    def known_pairs(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Rows lo..hi's pairs of a known word: the row, the word, its vector's number, x."""
        plo, phi = int(bounds[lo]), int(bounds[hi])
        mask = known[plo:phi]
        words_ = term[plo:phi][mask]
        return row[plo:phi][mask], words_, model_ids[words_], x[plo:phi][mask]

    def topics(lo: int, hi: int) -> np.ndarray:
        """Rows lo..hi's topics, BLOCK_PAIRS pairs at a time."""
        out = np.zeros((hi - lo, dim))
        for blo, bhi in _row_blocks(k_pairs[lo:hi], BLOCK_PAIRS):
            rows, _, vector_ids, weighted = known_pairs(lo + blo, lo + bhi)
            vectors = model_vectors[vector_ids]  # one row per (row, known word) pair
            out[blo:bhi] = _row_sums(rows - lo - blo, vectors * weighted[:, None], bhi - blo)
        return out

    totals = np.zeros((n_docs, dim))  # each document's sum of row topics
    semantic = np.zeros(n_rows)
    known_weight, close_weight, unrelated_weight = np.zeros(n_rows), np.zeros(n_rows), np.zeros(n_rows)
    unrelated: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # (first row, the pairs) a block

    def against_the_rest(lo: int, hi: int, s: np.ndarray) -> None:
        """Rows lo..hi's topics `s` against the rest of their documents, and their
        sentences' words against it, BLOCK_PAIRS pairs at a time: a row's sums are its
        block's, added in the order one sum over all the pairs would add them."""
        for blo, bhi in _row_blocks(k_pairs[lo:hi], BLOCK_PAIRS):
            a, b = lo + blo, lo + bhi
            r = totals[doc_of_row[a:b]] - s[blo:bhi]
            r_unit = r / np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-9)
            semantic[a:b] = cosine(s[blo:bhi], r)
            rows, words_, vector_ids, _ = known_pairs(a, b)
            mine = scored[rows]  # a sentence's words with a vector
            rows, words_ = rows[mine], words_[mine]
            closeness = np.einsum("ij,ij->i", r_unit[rows - a], model_vectors[vector_ids[mine]])
            weight, far = weights[words_], closeness < UNRELATED
            known_weight[a:b] = np.bincount(rows - a, weights=weight, minlength=b - a)
            close_weight[a:b] = np.bincount(rows - a, weights=weight * closeness, minlength=b - a)
            unrelated_weight[a:b] = np.bincount(rows - a, weights=weight * far, minlength=b - a)
            unrelated.append((a, rows[far], words_[far], closeness[far]))

    groups = _GroupTopics(group_of_row, doc_of_row) if group_of_row is not None else None
    cut = []  # groups holding part of a document: worked out again once its sum is whole
    for lo, hi in _blocks(doc_of_row, np.ones(n_rows, dtype=np.int64), GROUP_ROWS):
        s = topics(lo, hi)
        docs = doc_of_row[lo:hi]
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        sums = np.add.reduceat(s, starts, axis=0)
        goes_on = lo > 0 and doc_of_row[lo - 1] == docs[0]
        if goes_on:
            totals[docs[0]] += sums[0]
            totals[docs[starts[1:]]] = sums[1:]
        else:
            totals[docs[starts]] = sums
        if goes_on or (hi < n_rows and doc_of_row[hi] == docs[-1]):
            cut.append((lo, hi))
        else:
            against_the_rest(lo, hi, s)
            if groups is not None:
                groups.add(lo, hi, s, totals)
    for lo, hi in cut:
        s = topics(lo, hi)
        against_the_rest(lo, hi, s)
        if groups is not None:
            groups.add(lo, hi, s, totals)
    affinity = np.where(known_weight > 0, close_weight / np.maximum(known_weight, 1e-12), 0.0)
    unrelated.sort(key=lambda part: part[0])  # in the rows' order
    pairs = tuple(np.concatenate([part[i] for part in unrelated]) if unrelated else np.zeros(0, dtype)
                  for i, dtype in ((1, row.dtype), (2, term.dtype), (3, np.float64)))
    return ((semantic, affinity, np.log1p(unrelated_weight)), pairs,
            groups.semantic(totals) if groups is not None else np.zeros(0))


class _GroupTopics:
    """Each group of adjacent rows' topic against the rest of its document, without an
    array of every group's topic (a huge document has tens of thousands of paragraphs):
    cosine(g, T - g) needs only g.T, |g|^2 and |T|^2. A block of rows adds its groups'
    g.T (linear in the rows) and |g|^2 where the group lies inside the block; a group cut
    between blocks keeps its topic aside until its last block has added to it."""

    def __init__(self, group_of_row: np.ndarray, doc_of_row: np.ndarray):
        self.of_row, self.doc_of_row = group_of_row, doc_of_row
        n_groups = int(group_of_row.max(initial=-1)) + 1
        self.dot, self.square = np.zeros(n_groups), np.zeros(n_groups)
        self.doc = np.zeros(n_groups, dtype=np.int64)
        self.partial: dict[int, np.ndarray] = {}  # a group cut between blocks: its topic so far

    def add(self, lo: int, hi: int, s: np.ndarray, totals: np.ndarray) -> None:
        """Rows lo..hi (their topics `s`), once their documents' totals are whole."""
        g = self.of_row[lo:hi]
        runs = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        sums, ids = np.add.reduceat(s, runs, axis=0), g[runs]
        docs = self.doc_of_row[lo:hi][runs]
        self.doc[ids] = docs
        self.dot[ids] += np.einsum("ij,ij->i", sums, totals[docs])
        whole = np.ones(len(ids), dtype=bool)
        whole[0] &= not (lo > 0 and self.of_row[lo - 1] == ids[0])
        whole[-1] &= not (hi < len(self.of_row) and self.of_row[hi] == ids[-1])
        self.square[ids[whole]] = np.einsum("ij,ij->i", sums[whole], sums[whole])
        for k in np.flatnonzero(~whole).tolist():
            self.partial[int(ids[k])] = self.partial.get(int(ids[k]), 0.0) + sums[k]

    def semantic(self, totals: np.ndarray) -> np.ndarray:
        """cosine(g, T - g) of every group, 0 where either is all zeros."""
        for gid, topic in self.partial.items():
            self.square[gid] = topic @ topic
        total_square = np.einsum("ij,ij->i", totals, totals)[self.doc]
        rest = np.maximum(total_square - 2 * self.dot + self.square, 0.0)
        norms = np.sqrt(self.square) * np.sqrt(rest)
        return np.where(norms > 0, (self.dot - self.square) / np.maximum(norms, 1e-12), 0.0)


def _blocks(doc_of_row: np.ndarray, pairs: np.ndarray, most: int) -> list[tuple[int, int]]:
    """Ranges of rows holding at most `most` of `pairs` each (each row's count), cut
    between documents; a document with more is cut between its rows, and a row with more
    is a range of its own."""
    if not len(doc_of_row):
        return []
    ends = np.r_[np.flatnonzero(doc_of_row[1:] != doc_of_row[:-1]) + 1, len(doc_of_row)]
    before = np.r_[0, np.cumsum(pairs)]  # pairs before each row
    blocks = []
    lo = previous = 0  # the block's first row; the end of the document before this one
    for end in ends.tolist():
        if before[end] - before[lo] > most:
            if previous > lo:  # the block ends before this document
                blocks.append((lo, previous))
                lo = previous
            while before[end] - before[lo] > most:  # a document bigger than a block
                hi = max(int(np.searchsorted(before, before[lo] + most, "right")) - 1, lo + 1)
                blocks.append((lo, hi))
                lo = hi
        previous = end
    if lo < len(doc_of_row):
        blocks.append((lo, len(doc_of_row)))
    return blocks


def _row_blocks(pairs: np.ndarray, most: int) -> list[tuple[int, int]]:
    """Ranges of rows holding at most `most` pairs each (`pairs`: each row's); a row with
    more is a range of its own."""
    before = np.r_[0, np.cumsum(pairs)]
    blocks = []
    lo = 0
    while lo < len(pairs):
        hi = max(int(np.searchsorted(before, before[lo] + most, "right")) - 1, lo + 1)
        blocks.append((lo, hi))
        lo = hi
    return blocks


def _leave_one_out_lexical(row: np.ndarray, term: np.ndarray, x: np.ndarray, doc_of_row: np.ndarray,
                           doc_of_term: np.ndarray, n_docs: int, n_terms: int) -> np.ndarray:
    """Cosine of each row's IDF-weighted counts with the sum of its document's other rows,
    from the (row, word) pairs (`_lexical_cosines`), LEXICAL_PAIRS pairs at a time (whole
    rows, so each sum is added up as in one go): a huge document has millions of pairs."""
    total = _weighted_counts(term, x, n_terms)  # each word is one document's: its weight in it
    bounds = np.searchsorted(row, np.arange(len(doc_of_row) + 1, dtype=row.dtype))  # each row's pairs
    blocks = ((lo, hi, row[bounds[lo]:bounds[hi]] - lo, term[bounds[lo]:bounds[hi]], x[bounds[lo]:bounds[hi]])
              for lo, hi in _row_blocks(np.diff(bounds), LEXICAL_PAIRS))
    return _lexical_cosines(blocks, total, doc_of_row, doc_of_term, n_docs)


def _lexical_cosines(blocks: Iterable[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]], total: np.ndarray,
                     doc_of_row: np.ndarray, doc_of_term: np.ndarray, n_docs: int) -> np.ndarray:
    """Each row's cosine with the rest of its document, given every word's `total` weight
    in it and the pairs as blocks of whole rows (lo, hi, each pair's row less lo, its
    word, its weight): that rest differs from the document's total only in the row's
    own words."""
    n_rows = len(doc_of_row)
    squares = np.bincount(doc_of_term, weights=total[:len(doc_of_term)] ** 2,
                          minlength=n_docs)[doc_of_row]
    dot, own_squares, others_squares, x_squares = (np.zeros(n_rows) for _ in range(4))
    for lo, hi, rows, words_, xs in blocks:
        own = total[words_]
        others = own - xs
        dot[lo:hi] = np.bincount(rows, weights=xs * others, minlength=hi - lo)
        own_squares[lo:hi] = np.bincount(rows, weights=own * own, minlength=hi - lo)
        others_squares[lo:hi] = np.bincount(rows, weights=others * others, minlength=hi - lo)
        x_squares[lo:hi] = np.bincount(rows, weights=xs * xs, minlength=hi - lo)
    rest = squares - own_squares + others_squares
    norms = np.sqrt(x_squares) * np.sqrt(np.maximum(rest, 0.0))
    return np.where(norms > 0, dot / np.maximum(norms, 1e-12), 0.0)


def _row_sums(ids: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """(n, columns): the sum of the `values` rows carrying each id (`ids` ascending)."""
    out = np.zeros((n, values.shape[1]))
    if len(ids):
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        out[ids[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def _place_evidence(mentions: Sequence[Sequence[Mention]], n: int, gazetteer: Gazetteer
                    ) -> tuple[np.ndarray, np.ndarray, list[Sequence[Mention]]]:
    """For each sentence (the first `n` of a document's rows, each given as the places it
    names): how far its places lie from all others (0..1), how many others there are
    (log), and the far ones (for the reason)."""
    counts = Counter(chain.from_iterable(mentions))
    named = sum(counts.values())
    place, support = np.zeros(n), np.full(n, np.log1p(named))  # most sentences name no place
    far: list[Sequence[Mention]] = [()] * n  # most sentences name no place: one empty tuple
    every = _countries(counts)  # each country: how many of the places named may be in it
    for i, own_places in enumerate(mentions[:n]):
        if not own_places:
            continue
        others = _others(Counter(own_places), counts, every)
        scored = [(gazetteer.remoteness(m, others), m) for m in own_places] if others else []
        place[i] = max((d for d, _ in scored), default=0.0)
        support[i] = np.log1p(named - len(own_places))
        far[i] = [m for d, m in scored if d > 0.5]
    return place, support, far


def _countries(counts: Counter[Mention]) -> Counter[str]:
    """Each country and the number of the places named (distinct) that may lie in it."""
    return Counter(code for mention in counts for code in mention.countries)


def _others(own: Counter[Mention], counts: Counter[Mention], every: Counter[str]) -> set[str]:
    """The countries the places named outside a sentence may lie in: those of every place
    named but the ones named only in it (`own`), found from those alone, not by going
    through every place the document names for each sentence (quadratic in a long one)."""
    gone = Counter(code for m, c in own.items() if counts[m] == c for code in m.countries)
    return {code for code, k in every.items() if gone.get(code, 0) < k}


def _new_names(documents: Sequence[tuple[Sequence[str], Sequence[str], object]],
               ids: list[dict[str, int]], first_term: np.ndarray, only_in: np.ndarray,
               sentence_rows: np.ndarray, doc_of_row: np.ndarray) -> np.ndarray:
    """For each row, log(1 + the capitalised names in it whose words no other row of its
    document holds): a person or organisation the rest never mentions. `only_in`: the
    row holding each word alone, -1 where several do. The names of NAMES_AT_ONCE
    sentences are checked at once."""
    sentences = [sentence for sentences, _, _ in documents for sentence in sentences]
    fresh = np.zeros(len(doc_of_row))
    for lo in range(0, len(sentences), NAMES_AT_ONCE):
        fresh += _fresh_names(sentences[lo:lo + NAMES_AT_ONCE], sentence_rows[lo:lo + NAMES_AT_ONCE],
                              ids, first_term, only_in, doc_of_row)
    return np.log1p(fresh)


def _fresh_names(sentences: Sequence[str], sentence_rows: np.ndarray, ids: list[dict[str, int]],
                 first_term: np.ndarray, only_in: np.ndarray, doc_of_row: np.ndarray) -> np.ndarray:
    """For each row, how many names in these sentences (in those rows) no other row holds."""
    found = [_NAME.findall(sentence) for sentence in sentences]
    names = list(map(_name_words, chain.from_iterable(found)))
    if not names:
        return np.zeros(len(doc_of_row))
    per_sentence = [len(f) for f in found]
    name_row = np.repeat(sentence_rows, per_sentence)
    lengths = np.fromiter(map(len, names), np.int64, len(names))
    word_doc = np.repeat(doc_of_row[name_row], lengths)
    local = np.fromiter(map(dict.get, map(ids.__getitem__, word_doc.tolist()),
                            chain.from_iterable(names), repeat(-1)), np.int64, int(lengths.sum()))
    known = local >= 0
    alone = (only_in[np.where(known, local + first_term[word_doc], 0)]
             == np.repeat(name_row, lengths)) | ~known
    starts = np.cumsum(lengths) - lengths  # every name has a word: it starts with a letter
    fresh = np.logical_and.reduceat(alone, starts) & np.logical_or.reduceat(known, starts)
    return np.bincount(name_row, weights=fresh, minlength=len(doc_of_row))


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """`words` of a capitalised name; names recur from article to article."""
    return tuple(words(name))


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row; 0 where either row is all zeros."""
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return np.where(norms > 0, (a * b).sum(axis=1) / np.maximum(norms, 1e-12), 0.0)


def calibrated(table: np.ndarray, calibration: dict[str, float], names: Sequence[str] = FEATURES,
               prefix: str = "") -> np.ndarray:
    coef = np.array([calibration.get(prefix + name, 0.0) for name in names])
    return 1.0 / (1.0 + np.exp(-(table @ coef)))


@dataclass(slots=True)
class _Paragraphs:
    """A document's paragraphs against the rest of it (`paragraph_features`)."""

    features: np.ndarray  # (paragraphs, len(PARAGRAPH_FEATURES))
    of_sentence: np.ndarray  # each sentence's paragraph (index into `features`)
    sizes: np.ndarray  # each paragraph's sentences
    scored: np.ndarray  # MIN_PARAGRAPH sentences or more, MIN_OUTSIDE outside
    terms: list[str]  # the document's words
    holder: np.ndarray  # (terms,): the one row holding each word (a paragraph's number), else -1
    weights: np.ndarray  # (terms,): IDF

    def reason(self, j: int) -> str:
        """What a person reads beside a paragraph's score: its three weightiest words (of
        REASON_WORD letters or more) that no other paragraph or headline holds."""
        own = np.flatnonzero(self.holder == j)
        own = own[np.argsort(-self.weights[own], kind="stable")]
        named = (self.terms[k] for k in own.tolist() if len(self.terms[k]) >= REASON_WORD)
        found = ", ".join(islice(named, 3))
        return ("its paragraph shares no topic with the rest of the article"
                + (f" (words found nowhere else in it: {found})" if found else ""))


def paragraph_features(documents: Sequence[tuple[Sequence[str], Sequence[str], Sequence[list[str]] | None]],
                       paragraphs: Sequence[Sequence[int]], model: NewsModel, idf: Idf,
                       gazetteer: Gazetteer) -> list[_Paragraphs]:
    """For each document (sentences, headlines, words or None) and its sentences' paragraph
    numbers: the evidence of each paragraph against the other paragraphs and the
    headlines (`_paragraph_table`)."""
    return [evidence.paragraphs for evidence in features_many(documents, model, idf, gazetteer, paragraphs)]  # type: ignore[misc]


def off_topic(sentences: Sequence[str], context: Sequence[str], model: NewsModel, idf: Idf,
              gazetteer: Gazetteer, explain_from: float = 0.0,
              tokens: Sequence[list[str]] | None = None) -> list[Verdict]:
    """A calibrated score for every sentence, and a readable reason for those scoring at
    least `explain_from` (working out the reason costs more than the score)."""
    return off_topic_many([(sentences, context, tokens)], model, idf, gazetteer, explain_from)[0]


def off_topic_many(documents: Sequence[tuple[Sequence[str], Sequence[str], Sequence[list[str]] | None]],
                   model: NewsModel, idf: Idf, gazetteer: Gazetteer, explain_from: float = 0.0,
                   paragraphs: Sequence[Sequence[int]] | None = None,
                   stray_odds: float = 1.0) -> list[list[Verdict]]:
    """`off_topic` for several documents (sentences, headlines, the sentences' words or None).
    `paragraphs`: for each document, the paragraph number of each of its sentences (None:
    each sentence is judged alone); a sentence then scores at least its paragraph's score.
    `stray_odds` scales the odds of each sentence's own evidence (RARE_STRAY_ODDS: a corpus
    where strays are rarer than the model was fitted for); paragraphs' are left as they are."""
    if f"{PARAGRAPH}bias" not in model.calibration:  # a model fitted before paragraphs were scored
        paragraphs = None
    out = []
    found = features_many(documents, model, idf, gazetteer, paragraphs)
    for (sentences, _, _), evidence in zip(documents, found, strict=True):
        by_paragraph = evidence.paragraphs
        exempt = [_exempt(sentences, i) for i in range(len(sentences))]
        own = _one_stray(_scale_odds(calibrated(evidence.features, model.calibration), stray_odds),
                         [e is not None for e in exempt])
        para = np.zeros(len(own))
        if by_paragraph is not None and by_paragraph.scored.any():
            p = calibrated(by_paragraph.features, model.calibration, PARAGRAPH_FEATURES, PARAGRAPH)
            para = np.where(by_paragraph.scored, p, 0.0)[by_paragraph.of_sentence]
        verdicts = []
        for i, (score, exemption) in enumerate(zip(np.maximum(own, para).tolist(), exempt, strict=True)):
            if exemption is not None:
                verdicts.append(exemption)
                continue
            if score < explain_from:
                reason = "below the threshold: no evidence of another story"
            elif para[i] > own[i] and by_paragraph is not None:
                reason = by_paragraph.reason(int(by_paragraph.of_sentence[i]))
            else:
                reason = _reason(evidence.far_places[i], evidence.unrelated(i))
            verdicts.append(Verdict(score_of(score), reason))
        out.append(verdicts)
    return out


def _exempt(sentences: Sequence[str], i: int) -> Verdict | None:
    """The verdict of a sentence that is about the article (a byline or sign-off), else
    None. A subhead standing alone is left out before the document is scored (`telling`)."""
    if (i == 0 or i >= len(sentences) - BYLINE_AT_END) and is_byline(sentences[i]):
        return _BYLINE_VERDICT
    return None


STRAY_ODDS = 0.3  # the odds of a document's other sentences against its likeliest stray's
# The sentence model was fitted as if 2% of sentences were stitched in (one article in two
# or so carrying a stray); where one article in 20 (of some 20 sentences) does, 0.25% are:
# odds about an eighth as high. The paragraph model already assumes one article in 20.
RARE_STRAY_ODDS = 0.125


def _scale_odds(p: np.ndarray, factor: float) -> np.ndarray:
    """Probabilities with their odds times `factor`: the same evidence under another prior
    (a stray less likely here than where the model was fitted)."""
    return p if factor == 1.0 else p * factor / (1.0 - p + p * factor)


def _one_stray(own: np.ndarray, exempt: list[bool]) -> np.ndarray:
    """A scrape stitches one stray sentence into a story far more often than two, while a
    wide-ranging article (a blog post, a review, a column) has several sentences that each
    look unrelated to the rest. So the document's likeliest stray keeps its score and every
    other sentence's odds are scaled by STRAY_ODDS: a second stray is still flagged on
    stronger evidence, and a paste of several sentences on its paragraph's score."""
    if not len(own):
        return own
    top = int(np.argmax(np.where(exempt, -1.0, own)))
    scaled = _scale_odds(own, STRAY_ODDS)
    scaled[top] = own[top]
    return scaled


# A byline or sign-off names the people who wrote the article and where they work: words
# the story never uses ("Clark Boyd is technology correspondent for The World…"), about the
# article, not from another story.
_CREDIT = re.compile(r"\(?(?:(?:additional|further) )?(?:reporting|writing|editing|research) by\b"
                     r"|(?:written|reported|edited|compiled) by\b", re.IGNORECASE)
_NAME_WORDS = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
_ROLE = r"(?:correspondent|editor|reporter|writer|columnist|journalist|presenter|producer|contributor|author)"
_SIGN_OFF = re.compile(_NAME_WORDS + r" (?:is|was) (?:a |an |the |our )?(?:[\w'’-]+ ){0,4}" + _ROLE + r"\b"
                       r"|" + _NAME_WORDS + r" reports? from\b")
_BYLINE_VERDICT = Verdict(0.0, "a byline or sign-off: it is about the article, not from another story")
BYLINE_AT_END = 2  # a sign-off is among an article's last sentences (a byline opens it)


def is_byline(sentence: str) -> bool:
    """A credit ("Additional reporting by…", "Written by…") or a sign-off naming a writer
    and their job ("Clark Boyd is technology correspondent for…", "Jane Doe reports from…")."""
    return bool(_CREDIT.match(sentence) or _SIGN_OFF.match(sentence))


# A subhead ("Staying sane", "Indianapolis Colts at Tennessee Titans") is a paragraph of a
# few words without a sentence's closing mark: a heading over what follows, too short for
# its words to say which story it is from, where a stitched-in sentence is a sentence.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
SUBHEAD_WORDS = 10
SUBHEAD_VERDICT = Verdict(0.0, "a subhead: a heading over the paragraph after it, "
                               "not a sentence of another story")


def is_subhead(sentence: str) -> bool:
    return len(sentence.split()) <= SUBHEAD_WORDS and not _SENTENCE_END.search(sentence.rstrip())


def telling(sentences: Sequence[str], paragraphs: Sequence[int] | None) -> list[int]:
    """The indices of the sentences whose words can tell which story they are from: all
    but the subheads that stand alone in their paragraph (`paragraphs`: each sentence's
    paragraph number; None: none is known to stand alone)."""
    if paragraphs is None:
        return list(range(len(sentences)))
    sizes = Counter(paragraphs)
    return [i for i, (sentence, k) in enumerate(zip(sentences, paragraphs, strict=True))
            if sizes[k] > 1 or not is_subhead(sentence)]


def _reason(far: Sequence[Mention], unrelated: list[str]) -> str:
    """What a person reads beside a score at or over the threshold: the far places and
    unrelated words, else what the score then rests on, the few words it shares."""
    parts = []
    if far:
        parts.append("names a place far from every other place in the article: "
                     + ", ".join(f"{m.text} ({'/'.join(sorted(m.countries))})" for m in far))
    if unrelated:
        parts.append("words unrelated to the rest of the article: " + ", ".join(unrelated))
    return "; ".join(parts) or "shares few of its words with the rest of the article"
