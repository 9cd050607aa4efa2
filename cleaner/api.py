"""The Python API: everything the command line does, one call per command.

Each function reads `inputs` (files, folders, globs or "-"), runs the runner with the
command's stages and writes its sink; all of them take one frozen `Settings`::

    import cleaner
    stats = cleaner.clean(["dump.jsonl"], "clean.jsonl", rejects="rejects.jsonl",
                          settings=cleaner.Settings(drop=frozenset({"duplicates", "off-topic"})))
    checked = cleaner.check(["corpus/"])
    assert checked.passed
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from .check import Result, Summary, compare
from .dedup import Clustering, Dedup
from .dedup.index import open_index
from .document import Document
from .errors import UnreadableInputError, UsageError
from .flags import Flag
from .flags.places import gazetteer
from .io import (
    AtomicFile,
    ByteMeter,
    NullWriter,
    RecordWriter,
    Source,
    dumps,
    expand_inputs,
    open_writer,
    output_format,
    read_documents,
    refuse_overwriting_inputs,
    spool_stdin,
)
from .io.pages import Extract, reads_pages
from .normalize import Change, Normalize
from .pipeline.accounting import Accounting, Stats
from .pipeline.engines import engine_for
from .pipeline.policy import Policy
from .pipeline.runner import Progress, Runner, plan
from .pipeline.stage import Stage
from .report import ReportData, render_html, render_markdown
from .settings import Settings
from .split import Sentences, Split
from .split.boilerplate import SourceModel
from .text import counted

Inputs = Sequence[str] | Sequence[Source]
Warn = Callable[[str], None]


@dataclass
class Checked:
    """What check and report found: each limit's result, the summary and the accounting."""

    results: list[Result]
    summary: Summary
    stats: Stats
    clusters: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)


@dataclass
class Deduplicated:
    """What dedup found: the accounting, the clusters, and the index's part in them."""

    stats: Stats
    clustering: Clustering
    stored: int  # headlines the index held before the run
    added: int  # headlines this run added to the index

    def describe(self, field_name: str, indexed: bool) -> str:
        """`2,000 headlines · 150 clusters of near-duplicates holding 420`."""
        clusters = self.clustering.clusters
        held = sum(len(c.members) for c in clusters)
        stored = f" and {self.stored:,} from the index" if indexed else ""
        return (f"{counted(len(self.clustering.items) - self.stored, field_name)}{stored} · "
                f"{counted(len(clusters), 'cluster')} of near-duplicates holding {held:,}")


def normalize(inputs: Inputs, output: str | None = None, *, settings: Settings | None = None,
              explain: Callable[[Document, list[Change]], None] | None = None,
              **io: Any) -> Stats:
    """Repair mojibake, HTML entities, control characters and odd whitespace
    (`explain(doc, changes)` hears of every change, in input order)."""
    settings = settings or Settings()
    if explain is not None:  # changes are told in input order: one process
        settings = replace(settings, jobs=1, engine="local")
    return _run(inputs, [Normalize(explain=explain)], settings, frozenset(), output, **io)


def split(inputs: Inputs, output: str | None = None, *, settings: Settings | None = None,
          model: SourceModel | None = None, **io: Any) -> Stats:
    """Headline, body and boilerplate segments with spans (`model`: a saved boilerplate
    model instead of learning one). Drops only what `settings.drop` names of
    boilerplate-only."""
    settings = settings or Settings(drop=frozenset())
    stages = [Normalize(), _split_stage(settings, model)]
    return _run(inputs, stages, settings, frozenset({"boilerplate-only"}), output, **io)


def learn_boilerplate(inputs: Inputs, *, settings: Settings | None = None,
                      progress: Progress | None = None) -> SourceModel:
    """Only learn each source's recurring lines (save the model with `to_json`)."""
    settings = settings or Settings()
    stage = _split_stage(settings, None, learn=True)
    engine = engine_for(settings.engine, settings.jobs, settings.scheduler)
    try:
        with _sources(inputs, settings, passes=1) as sources, \
                Runner([*_reading(sources, settings), Normalize(), stage], engine,
                       progress=progress) as runner:
            meter = ByteMeter.of(sources)
            runner.fit(lambda: read_documents(sources, settings.fields, meter, extract=False),
                       meter=meter)
    finally:
        engine.close()
    assert stage.model is not None
    return stage.model


def flag(inputs: Inputs, output: str | None = None, *, settings: Settings | None = None,
         **io: Any) -> Stats:
    """Every body sentence scored for off_topic, language and low_quality (after normalize
    and split, exactly as clean does them)."""
    settings = settings or Settings(drop=frozenset())
    stages = [Normalize(), _split_stage(settings, None), _flag_stage(settings)]
    return _run(inputs, stages, settings, frozenset(), output, **io)


def dedup(inputs: Inputs, output: str | None = None, *, settings: Settings | None = None,
          index: str | None = None, clusters: str | None = None,
          say: Callable[[str], None] | None = None, **io: Any) -> Deduplicated:
    """Near-duplicate headline (or text) clusters; `index`: a persistent index (SQLite file
    or redis:// URL) whose headlines join the clustering and which gains this run's;
    `clusters`: a file for one line per cluster; `say` hears what was found before the
    output is written. Documents with a title are not split."""
    settings = settings or Settings(drop=frozenset())
    stage = _dedup_stage(settings)
    untitled_only = settings.dedup_field == "headline"
    stages = [Normalize(), _split_stage(settings, None, untitled_only=untitled_only), stage]
    found = Deduplicated(Stats(), stage.clustering, 0, 0)

    def clustered() -> None:
        found.clustering = stage.clustering
        found.stored = sum(1 for item in stage.clustering.items if item.stored)
        if clusters is not None:
            _write_clusters(clusters, stage.clustering)
        if say is not None:
            say(found.describe(settings.dedup_field, index is not None))

    def add_to_index() -> None:
        found.added = stage.add_to_index()
        if say is not None and index is not None:
            say(f"index: {counted(found.added, 'new ' + settings.dedup_field)} added")

    with contextlib.ExitStack() as stack:
        if index is not None:
            stage.index = stack.enter_context(contextlib.closing(open_index(index, settings.dedup_field)))
        found.stats = _run(inputs, stages, settings, frozenset({"duplicates"}), output,
                           repeats=stage.repeats, after_fit=clustered, before_commit=add_to_index,
                           outputs=[clusters], **io)
    return found


def clean(inputs: Inputs, output: str | None = None, *, settings: Settings | None = None,
          model: SourceModel | None = None, clusters: str | None = None, **io: Any) -> Stats:
    """normalize, split, flag and dedup in one run, with `settings.drop` applied: the
    cleaned corpus (`clusters`: a file for one line per duplicate cluster)."""
    settings = settings or Settings()
    stages, dedup_stage = _clean_stages(settings, model)

    def clustered() -> None:
        if clusters is not None:
            _write_clusters(clusters, dedup_stage.clustering)

    return _run(inputs, stages, settings, settings.drop, output, repeats=dedup_stage.repeats,
                after_fit=clustered, outputs=[clusters], **io)


def check(inputs: Inputs, *, settings: Settings | None = None, model: SourceModel | None = None,
          keep_documents: int = 0, warn: Warn | None = None, progress: Progress | None = None,
          stats: Stats | None = None, outputs: Sequence[str | None] = ()) -> Checked:
    """The whole pipeline, nothing dropped or written, and the corpus's rates against
    `settings.limits` (`keep_documents`: how many of the most flagged to keep for a report)."""
    settings = settings or Settings()
    stages, dedup_stage = _clean_stages(settings, model)
    summary = Summary(keep_documents=keep_documents)

    def watch(docs: Iterator[Document]) -> None:
        for _ in summary(docs):
            pass

    stats = _run(inputs, stages, settings, frozenset(), None, sink=watch, warn=warn,
                 progress=progress, stats=stats, outputs=outputs)
    clustering = dedup_stage.clustering
    summary.add_clusters(len(c.members) for c in clustering.clusters)
    results, _ = compare(summary, dict(settings.limits), settings.language)
    return Checked(results, summary, stats, list(clustering.records()))


def report(inputs: Inputs, output: str, *, settings: Settings | None = None,
           model: SourceModel | None = None, fmt: str | None = None, documents: int = 200,
           warn: Warn | None = None, progress: Progress | None = None,
           stats: Stats | None = None) -> Checked:
    """A self-contained HTML (or Markdown, `fmt="md"`) report of what the pipeline finds."""
    fmt = _report_format(output, fmt)
    checked = check(inputs, settings=settings, model=model, keep_documents=documents, warn=warn,
                    progress=progress, stats=stats, outputs=[output])
    names = [str(i) if isinstance(i, str) else i.name for i in inputs]
    data = ReportData(checked.summary, checked.clusters, checked.results,
                      checked.stats.to_dict(), names)
    out = AtomicFile(output)
    out.fh.write((render_markdown(data) if fmt == "md" else render_html(data)).encode("utf-8"))
    out.commit()
    return checked


def _report_format(output: str, fmt: str | None) -> str:
    """html or md, from `fmt` or the file's extension; a contradiction is a mistake."""
    suffix = Path(output).suffix.lower()
    by_name = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(suffix)
    if fmt and by_name and fmt != by_name:
        raise UsageError(f"--format {fmt} contradicts {output}, whose extension says {by_name}")
    if not fmt and by_name is None:
        raise UsageError(f"{output}: a report is .html (a page) or .md (for a pull request); "
                         "name the file so, or give --format html|md")
    return fmt or by_name or "html"


def index_stats(location: str, field_name: str = "headline") -> dict[str, Any]:
    """How many entries a dedup index (SQLite file or redis:// URL) holds, and when added."""
    _existing_index(location)
    with contextlib.closing(open_index(location, field_name)) as index:
        return dict(index.stats())


def index_prune(location: str, before: str, field_name: str = "headline") -> int:
    """Remove entries published (else added) before the ISO date `before`; how many went."""
    try:
        date.fromisoformat(before[:10])
    except ValueError as exc:
        raise UsageError(f"--before {before!r}: not an ISO date (YYYY-MM-DD)") from exc
    _existing_index(location)
    with contextlib.closing(open_index(location, field_name)) as index:
        return int(index.prune(before))


def _existing_index(location: str) -> None:
    """Inspecting an index that is not there is a mistake, not an empty index to create."""
    if "://" not in location and not Path(location).is_file():
        raise UnreadableInputError(f"{location}: no such index; `cleaner dedup IN --index "
                                   f"{location}` makes one")


# --- the commands' stages ----------------------------------------------------------------


def _split_stage(settings: Settings, model: SourceModel | None, *, learn: bool | None = None,
                 untitled_only: bool = False, with_sentences: bool = True) -> Split:
    return Split(model=model, learn=settings.learn if learn is None else learn,
                 min_docs=settings.min_docs, min_share=settings.min_share,
                 untitled_only=untitled_only, with_sentences=with_sentences)


def _flag_stage(settings: Settings) -> Flag:
    return Flag(settings.flag, learn=settings.corpus_stats)


def _dedup_stage(settings: Settings) -> Dedup:
    """Dedup, with the gazetteer's place names: a place swapped for another ("chile quake",
    "china quake") is another story, also in a feed without capitals."""
    return Dedup(settings.dedup, settings.dedup_field, places=lambda: gazetteer().folded_names())


def _clean_stages(settings: Settings, model: SourceModel | None) -> tuple[list[Stage], Dedup]:
    """The corpus pass after split (flag's word counts, dedup's headlines) splits every
    document but reads no sentence: the body's sentences are cut in the annotating pass,
    for the documents it keeps (a duplicate on its way out needs none)."""
    dedup_stage = _dedup_stage(settings)
    return [Normalize(), _split_stage(settings, model, with_sentences=False), Sentences(),
            _flag_stage(settings), dedup_stage], dedup_stage


# --- one run: read, fit, annotate, write ---------------------------------------------------


@contextlib.contextmanager
def _sources(inputs: Inputs, settings: Settings, passes: int,
             outputs: Sequence[str | None] = ()) -> Iterator[list[Source]]:
    """The inputs as sources; stdin is spooled to a temporary file when it must be read
    more than once. `outputs` are refused where they would overwrite an input."""
    if all(isinstance(i, Source) for i in inputs):
        sources = list(inputs)  # type: ignore[arg-type]
    else:
        sources = expand_inputs([str(i) for i in inputs], settings.input_format)
    refuse_overwriting_inputs(outputs, sources)
    for output in outputs:
        folder = Path(output).parent if output and output != "-" else None
        if folder is not None and not folder.is_dir():
            raise UsageError(f"{output}: the folder {folder} does not exist; create it or write "
                             "elsewhere")
    spooled: list[Path] = []
    if passes > 1:
        sources, spooled = spool_stdin(sources)
    try:
        yield sources
    finally:
        for path in spooled:  # only our own temporary files, never an input
            path.unlink(missing_ok=True)


def _reading(sources: Sequence[Source], settings: Settings) -> list[Stage]:
    """The stages that finish reading: raw pages have their articles extracted."""
    return [Extract(settings.fields)] if reads_pages(sources) else []


def _run(inputs: Inputs, stages: list[Stage], settings: Settings, drops: frozenset[str],
         output: str | None, *, fmt: str | None = None, rejects: str | None = None,
         stats_path: str | None = None, replace_text: bool = False, slim: bool = False,
         warn: Warn | None = None, progress: Progress | None = None, stats: Stats | None = None,
         repeats: Callable[[Document], bool] | None = None,
         after_fit: Callable[[], None] | None = None, before_commit: Callable[[], None] | None = None,
         sink: Callable[[Iterator[Document]], None] | None = None,
         outputs: Sequence[str | None] = ()) -> Stats:
    """The body every command shares. Outputs appear only when the whole run succeeds:
    an error or an interrupt leaves any previous output in place; `stats` keeps the
    accounting so far for the caller. `after_fit` runs when the corpus passes are done;
    `before_commit` once every record is written and before the outputs appear (dedup
    adds to its index there). `slim` writes only the result of each record."""
    if slim and replace_text:
        raise UsageError("--slim already writes the cleaned text as `text`; leave out --replace-text")
    stats = stats if stats is not None else Stats()
    engine = engine_for(settings.engine, settings.jobs, settings.scheduler)
    policy = Policy(settings.drop & drops, settings.language, repeats)
    files = [output, rejects, stats_path, *outputs]
    started = False
    try:
        with _sources(inputs, settings, len(plan(stages)) + 1, files) as sources, \
                Runner([*_reading(sources, settings), *stages], engine, policy=policy, progress=progress,
                       sink="output" if sink is None else "summary") as runner:
            started = True

            meter = ByteMeter.of(sources)

            def read() -> Iterator[Any]:
                return read_documents(sources, settings.fields, meter, extract=False)

            runner.fit(read, meter=meter)
            if after_fit is not None:
                after_fit()
            writers: list[RecordWriter] = []
            ok = False
            try:  # opened inside: an interrupt at any point leaves no temporary file
                writer = open_writer(output, output_format(output, fmt)) if sink is None else NullWriter()
                writers.append(writer)
                reject_writer = RecordWriter(rejects) if rejects else None
                if reject_writer is not None:
                    writers.append(reject_writer)
                accounting = Accounting(on_error=settings.on_error, rejects=reject_writer, warn=warn,
                                        stats=stats)
                docs = runner.annotate(read(), accounting)
                if sink is not None:
                    sink(docs)
                else:
                    for doc in docs:
                        writer.write(doc.to_slim_record() if slim
                                     else doc.to_record(settings.fields.text, replace_text))
                if before_commit is not None:
                    before_commit()
                ok = True
            finally:
                for each in writers:
                    each.close(ok)
            accounting.finish()
    finally:
        engine.close()
        if stats_path and started:
            _write_json(stats_path, stats.to_dict())
    return stats


def _write_clusters(path: str, clustering: Clustering) -> None:
    out = AtomicFile(path)
    for record in clustering.records():
        out.fh.write(dumps(record) + b"\n")
    out.commit()


def _write_json(path: str, data: Any) -> None:
    out = AtomicFile(path)
    out.fh.write(dumps(data) + b"\n")
    out.commit()
