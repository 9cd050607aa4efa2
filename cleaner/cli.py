"""The command line: parses options, calls the library, turns its errors into exit codes.

Only this module imports click. Messages for people go to stderr; stdout carries data.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import click

from . import __version__
from .boilerplate import SourceModel
from .document import Document
from .errors import EXIT_UNREADABLE, CleanerError, UsageError
from .io import OUTPUT_FORMATS, FieldMap, expand_inputs, output_format, read_documents
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


def run_stages(stages: list[Stage], options: dict[str, Any], messages: Messages) -> None:
    """The body every document command shares: read, run, write, account, exit."""
    fields = field_map(options)
    stats = Stats()
    try:
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
    from .io import AtomicFile, dumps

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
    model: SourceModel | None = None
    if model_path:
        model = SourceModel.load(model_path)
    elif not no_learn:
        if "-" in options["inputs"]:
            messages.say("cleaner: learning boilerplate reads the input twice, which stdin cannot "
                         "be; using the lexicon and shape rules only (--no-learn silences this)")
        else:
            model = learn_from(options, min_docs, min_share)
            if save_model:
                model.save(save_model)
    if learn_only:
        lines = sum(len(v) for v in model.lines.values()) if model else 0
        messages.say(f"learned {lines:,} recurring lines from {len(model.documents if model else {}):,} "
                     f"sources; saved to {save_model}")
        return
    run_stages([Normalize(), Split(model=model, drop_boilerplate_only=drop_boilerplate_only)],
               options, messages)


def learn_from(options: dict[str, Any], min_docs: int, min_share: float) -> SourceModel:
    """The first pass: normalize every readable document and count its lines per source."""
    sources = expand_inputs(options["inputs"], options["input_format"])
    docs: Iterator[Document] = (
        d for d in read_documents(sources, field_map(options)) if isinstance(d, Document)
    )
    bar = progress_bar(options["quiet"])
    return learn_model(Normalize()(bar(docs) if bar else docs), min_docs, min_share)


def main() -> None:
    """Console entry point; click's own usage errors already exit 2."""
    try:
        cli(prog_name="cleaner")
    except KeyboardInterrupt:  # pragma: no cover - interrupted during start-up
        sys.exit(EXIT_INTERRUPTED)


