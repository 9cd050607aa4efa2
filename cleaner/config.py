"""Configuration files: `cleaner.toml`, or `[tool.cleaner]` in `pyproject.toml`.

Found from the working directory upward (the first directory holding either
wins; `cleaner.toml` before `pyproject.toml`), or named with `--config FILE`.
Keys are the long option names of the commands (`off-topic-threshold`,
`dedup-threshold`, `drop`), dashes or underscores alike; the `[check]` table
holds check's limits (`max-duplicate-rate`, …). Options given on the command
line override the file, which overrides the built-in defaults. An unknown key is
an error naming the file and the key, so a typo never silently does nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAMES = ("cleaner.toml", "pyproject.toml")


@dataclass
class Config:
    """The settings a file gives: top-level option values, and check's limits."""

    path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)


def find(start: Path) -> Path | None:
    """The nearest cleaner.toml, or pyproject.toml with a [tool.cleaner] table, from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / "cleaner.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cleaner" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load(path: Path | None) -> Config:
    """The configuration in `path` (an empty one for None)."""
    if path is None:
        return Config()
    data = _read(path)
    if path.name == "pyproject.toml" or "tool" in data:
        data = data.get("tool", {}).get("cleaner", {})
    options = {_key(k): _value(v) for k, v in data.items() if k != "check"}
    check = data.get("check", {})
    if not isinstance(check, dict):
        raise UsageError(f"{path}: [check] must be a table of limits, e.g. max-duplicate-rate = 0.05")
    return Config(path, options, {_key(k): _value(v) for k, v in check.items()})


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc


def _key(name: str) -> str:
    return name.replace("-", "_")


def _value(value: Any) -> Any:
    """TOML lists become the comma lists the command line takes (drop = ["a", "b"])."""
    return ",".join(map(str, value)) if isinstance(value, list) else value


def defaults_for(config: Config, allowed: set[str], known: set[str], known_check: set[str],
                 with_check: bool) -> dict[str, Any]:
    """The default map for one command: the file's settings this command takes. A key no
    command takes is an error (`known`: every command's options; `known_check`: check's)."""
    where = config.path or "configuration"
    for table, names, prefix in ((config.options, known, ""), (config.check, known_check, "[check] ")):
        unknown = sorted(set(table) - names)
        if unknown:
            listed = ", ".join(sorted(n.replace("_", "-") for n in names))
            raise UsageError(f"{where}: unknown setting {prefix}"
                             f"{', '.join(u.replace('_', '-') for u in unknown)}; known: {listed}")
    values = dict(config.options)
    if with_check:
        values.update(config.check)
    return {k: v for k, v in values.items() if k in allowed}
