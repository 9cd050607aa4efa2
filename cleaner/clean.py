"""clean: normalize, split, flag and dedup in one run, with the drop policies applied.

Corpus statistics need whole passes: the boilerplate model learns a source's
recurring lines (pass 1), flag learns the corpus's word frequencies and dedup
clusters every headline (pass 2); pass 3 annotates and writes. Each pass
replays the work of the one before from its recording (`replay`) rather than
doing it again: pass 2 takes normalize's from pass 1, pass 3 normalize's and
split's from pass 2. Only the statistics are kept in memory between passes, never the
documents, so memory grows with the vocabulary and the headline index, not with
the corpus. `check` and `report` run the same passes without dropping anything.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .dedup import Clustering, Dedup, DedupConfig, DuplicatesAhead, cluster_headlines, headlines_of
from .document import Document
from .flags import Flag, FlagConfig
from .flags.news import CorpusCounts
from .io import FieldMap, Source, read_documents
from .normalize import Normalize
from .pipeline.accounting import Stage, Stats, process
from .pipeline.engines import InProcesses, dask_session, per_document, signatures_on
from .pipeline.spill import Recording, Replay
from .split import Split, learn_model
from .split.boilerplate import SourceModel

DROPS = ("boilerplate-only", "off-topic", "low-quality", "language", "duplicates")
DEFAULT_DROP = frozenset({"duplicates"})
_SENTENCE_DROPS = {"off-topic": "off_topic", "low-quality": "low_quality", "language": "language"}


@dataclass(frozen=True)
class CleanSettings:
    """Everything a clean, check or report run is configured by."""

    drop: frozenset[str] = DEFAULT_DROP
    language: str | None = None  # the corpus's expected language (policy `language`, check)
    learn: bool = True  # learn each source's recurring lines (a pass of its own)
    boilerplate_model: str | None = None
    min_docs: int = 3
    min_share: float = 0.1
    flag: FlagConfig = field(default_factory=FlagConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    dedup_field: str = "headline"
    jobs: int = 1  # worker processes for the per-document stages
    engine: str = "local"  # local (a process pool) or dask
    scheduler: str | None = None  # a running Dask scheduler's address; None starts a LocalCluster


@dataclass
class Prepared:
    """What the statistics passes learned, and the stages of the annotating pass."""

    stages: list[Stage]
    clustering: Clustering
    corpus: CorpusCounts
    resources: contextlib.ExitStack  # the recording pass 3 replays; the Dask session, if any

    def __enter__(self) -> Prepared:
        return self

    def __exit__(self, *exc: object) -> None:
        self.resources.close()


def prepare(read: Callable[[], Iterable[Document]], settings: CleanSettings) -> Prepared:
    """Run the statistics passes over `read()` (called once per pass) and build the stages
    of the annotating pass (use the result in a `with` block: it holds a temporary file,
    and with the Dask engine the cluster session both passes use)."""
    corpus = CorpusCounts()
    items = []
    resources = contextlib.ExitStack()
    recording = resources.enter_context(contextlib.closing(Recording()))
    client = None
    try:
        with contextlib.ExitStack() as pass_one:
            model: SourceModel | None = None
            normalized: Recording | None = None
            if settings.boilerplate_model:
                model = SourceModel.load(settings.boilerplate_model)
            elif settings.learn:  # pass 1 records its normalizing, for pass 2 to replay
                normalized = pass_one.enter_context(contextlib.closing(Recording()))
                model = learn_model(_recorded(InProcesses([Normalize()], settings.jobs)(read()), normalized),
                                    settings.min_docs, settings.min_share)  # cheap: always local
            stages: list[Stage] = [Split(model=model)]
            docs = read()
            if normalized is None:
                stages.insert(0, Normalize())
            else:
                docs = Replay(normalized)(docs)
            for position, doc in enumerate(InProcesses(stages, settings.jobs)(docs)):
                corpus.add(doc.clean_text)
                items.extend(headlines_of(doc, position, settings.dedup_field))
                recording.add(doc)
        if settings.engine == "dask":  # one session: the signature step here, then pass 3
            client = resources.enter_context(dask_session(settings.scheduler, settings.jobs))
            clustering = cluster_headlines(items, settings.dedup, settings.dedup_field,
                                           signatures_on(client))
        else:
            clustering = cluster_headlines(items, settings.dedup, settings.dedup_field)
    except BaseException:
        resources.close()
        raise
    keep = "representative" if "duplicates" in settings.drop else "all"
    ahead: list[Stage] = [DuplicatesAhead(clustering)] if keep == "representative" else []
    annotating: list[Stage] = [
        *ahead,
        Replay(recording, drop_boilerplate_only="boilerplate-only" in settings.drop),
        per_document([Flag(settings.flag, corpus)], settings.jobs, settings.engine,
                     settings.scheduler, client),
        Dedup(clustering, keep),
        Policy(settings.drop, settings.language),
    ]
    return Prepared(annotating, clustering, corpus, resources)


def _recorded(docs: Iterable[Document], recording: Recording) -> Iterator[Document]:
    """The documents, each written to `recording` as it passes."""
    for doc in docs:
        recording.add(doc)
        yield doc


def clean_corpus(sources: Sequence[Source], output: str | None, *,
                 settings: CleanSettings | None = None, rejects: str | None = None,
                 fields: FieldMap | None = None) -> Stats:
    """The library form of `cleaner clean`: every pass, then the output and rejects files.

    >>> from cleaner import CleanSettings, clean_corpus, expand_inputs
    >>> stats = clean_corpus(expand_inputs(["samples/dump.jsonl"]), "/dev/null",
    ...                      settings=CleanSettings(drop=frozenset({"duplicates"})))
    >>> stats.line()
    'read 278 · kept 52 · dropped 226 (duplicate 226)'
    """
    settings = settings or CleanSettings()

    def read() -> Iterator[Document]:
        return (d for d in read_documents(sources, fields) if isinstance(d, Document))

    with prepare(read, settings) as prepared:
        return process(sources, prepared.stages, output=output, rejects=rejects, fields=fields)


class Policy:
    """Applies the sentence and document policies of --drop after the annotations.

    Flagged sentences named in --drop leave `cleaner.text` (their segments and
    flags stay, with `removed: true`); a document with no sentence left, or in
    another language than --language, is dropped with the reason.
    """

    name = "policy"

    def __init__(self, drop: Iterable[str], language: str | None = None):
        self.drop = frozenset(drop)
        self.language = language
        self.sentence_flags = {_SENTENCE_DROPS[d] for d in self.drop if d in _SENTENCE_DROPS}

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.drop is None:
                self._apply(doc)
            yield doc

    def _apply(self, doc: Document) -> None:
        lang = (doc.cleaner.get("language") or {}).get("lang")
        if "language" in self.drop and self.language and lang and lang != self.language:
            doc.drop = "language"
            return
        if not self.sentence_flags:
            return
        removed: dict[str, int] = {}
        paragraphs = []
        had_body = False
        for segment in doc.cleaner.get("segments", []):
            if segment["kind"] != "body":
                continue
            had_body = True
            kept = []
            for sentence in segment["sentences"]:
                names = [f["name"] for f in sentence["flags"] if f["name"] in self.sentence_flags]
                if names:
                    sentence["removed"] = True
                    removed[names[0]] = removed.get(names[0], 0) + 1
                else:
                    kept.append(sentence["text"])
            if len(kept) == len(segment["sentences"]):
                paragraphs.append(segment["text"])
            elif kept:
                paragraphs.append(" ".join(kept))
        if not removed:
            return
        doc.cleaner["removed"] = removed
        doc.cleaner["text"] = "\n\n".join(paragraphs)
        if had_body and not paragraphs:
            worst = max(removed, key=lambda name: removed[name])
            doc.drop = worst.replace("_", "-")
