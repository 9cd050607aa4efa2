"""What the command line says to people: stderr only, silenced by --quiet, repeats capped,
a progress bar when someone is watching, and one line with an exit code for each error."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import click

from .. import api
from ..errors import EXIT_UNREADABLE, CleanerError
from ..pipeline.accounting import Stats
from ..pipeline.runner import Task

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

    def progress(self) -> api.Progress | None:
        """A tqdm bar per pass on stderr when a person is watching; none in pipes, CI or
        with --quiet."""
        if self.quiet or not sys.stderr.isatty():
            return None

        def bar(items: Iterable[Any], task: Task) -> Iterable[Any]:
            from tqdm import tqdm

            if task.done is None:
                yield from tqdm(items, desc=task.desc, total=task.total, unit=f" {task.unit}",
                                file=sys.stderr, dynamic_ncols=True, leave=False)
                return
            with tqdm(desc=task.desc, total=task.total, unit="B", unit_scale=True, unit_divisor=1024,
                      file=sys.stderr, dynamic_ncols=True, leave=False) as progress:
                for item in items:
                    progress.update(task.done() - progress.n)
                    yield item

        return bar


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

