"""The command line: parses options into Settings, calls one function of `cleaner.api`,
and turns the library's errors into exit codes.

Only this package imports click. Messages for people go to stderr; stdout carries data.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__, api
from ..check import SUMMARY_FORMATS, render
from ..document import Document
from ..errors import UsageError
from ..io import AtomicFile
from ..normalize import Change
from ..pipeline.accounting import Stats
from ..settings import DEFAULT_DROP, parse_drop
from ..split.boilerplate import SourceModel
from .admin import index_group, show_config
from .messages import EXIT_INTERRUPTED, Messages, finished, reports_errors
from .options import (
    boilerplate_model,
    dedup_options,
    flag_options,
    input_options,
    io_of,
    jobs_option,
    learn_options,
    limit_options,
    output_options,
    pipeline_options,
    settings_from,
)

EXIT_CHECK_FAILED = 1


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
@dedup_options
@click.option("--keep", type=click.Choice(["all", "representative"]), default="all",
              show_default=True,
              help="Annotate only, or drop every member but the representative (as 'duplicate').")
@click.option("--clusters", "clusters_path", metavar="FILE",
              help="Write one JSON line per cluster (largest first).")
@click.option("--index", "index_location", metavar="PATH|URL",
              help="A persistent index of headlines seen before: a SQLite file, or "
                   "redis://host:port/db. Today's headlines are clustered with everything in it, "
                   "each document gets cleaner.new, and today's headlines are added.")
@reports_errors
def dedup(keep: str, clusters_path: str | None, index_location: str | None, stats: Stats,
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
    drop = frozenset({"duplicates"}) if keep == "representative" else frozenset()
    settings = settings_from(options, drop=drop)
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
    api.clean(options["inputs"], options["output"], settings=settings, model=boilerplate_model(options),
              clusters=clusters_path, stats=stats, **io_of(options, messages))
    finished(stats, options, messages)


@cli.command()
@input_options
@pipeline_options
@limit_options
@click.option("--format", "report_format", type=click.Choice(SUMMARY_FORMATS),
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
    checked = api.check(options["inputs"], settings=settings_from(options),
                        model=boilerplate_model(options), warn=messages.warn,
                        progress=messages.progress(), stats=stats)
    finished(stats, {}, messages)
    click.echo(render(report_format, checked.results, checked.summary, stats.to_dict(),
                      stats.line()), nl=False)
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
              help="Choose the stories shown from this many of the most flagged documents "
                   "(stitched pages first); each section shows the worst dozen.")
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
               model=boilerplate_model(options), fmt=report_format, documents=keep_documents,
               warn=messages.warn, progress=messages.progress(), stats=stats)
    finished(stats, {}, messages)
    messages.say(f"wrote {options['output']}")


def _write(path: str, data: bytes) -> None:
    out = AtomicFile(path)
    out.fh.write(data)
    out.commit()


cli.add_command(show_config)
cli.add_command(index_group)


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
