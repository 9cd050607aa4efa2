"""The commands that look at settings and dedup indexes rather than at documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from click.core import ParameterSource

from .. import api
from ..check import DEFAULT_LIMITS
from ..pipeline.accounting import Stats
from ..settings import DEFAULT_DROP, IO_OPTIONS
from ..text import counted
from .messages import reports_errors
from .options import config_option, limit_options, options, pipeline_options


@click.command("config")
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



@click.group("index")
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
    click.echo(f"removed {counted(removed, 'entry', 'entries')} from before {before}", err=True)

