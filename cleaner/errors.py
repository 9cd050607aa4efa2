"""Errors the library raises; the CLI turns each into one readable line and an exit code."""

from __future__ import annotations

# Exit codes, as DESIGN.md sets them for every command.
EXIT_OK = 0
EXIT_THRESHOLD = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose; carries the exit code the CLI uses."""

    exit_code = 1


class UsageError(CleanerError):
    """The options or paths given do not make sense together."""

    exit_code = EXIT_USAGE


class UnreadableInputError(CleanerError):
    """An input path or record cannot be read; the message names where and what to do."""

    exit_code = EXIT_UNREADABLE
