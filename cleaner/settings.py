"""Settings: everything a run is configured by, in one frozen object, and the files
that set them.

Settings hold policy (how to read records, thresholds, what to drop, the language, the
engine), never inputs or outputs: those are arguments of the API's functions and stay on
the command line.

Configuration files: `cleaner.toml`, or `[tool.cleaner]` in `pyproject.toml`, found
from the working directory upward (the first directory holding either wins;
`cleaner.toml` before `pyproject.toml`), or named with `--config FILE`. Keys are the
long option names of the commands (`off-topic-threshold`, `dedup-threshold`, `drop`),
dashes or underscores alike; the `[check]` table holds check's limits
(`max-duplicate-rate`, …). Options given on the command line override the file, which
overrides the built-in defaults. An unknown key, or one naming an input, an output or a
debugging switch, is an error naming the file and the key, so a typo never silently
does nothing and a file never redirects a run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import DEFAULT_LIMITS
from .dedup import DedupConfig
from .errors import UsageError
from .flags import FlagConfig
from .flags.language import langdetect_languages
from .io import FieldMap
from .pipeline.accounting import OnError
from .pipeline.policy import DROPS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_DROP = frozenset({"duplicates"})
FILE_NAMES = ("cleaner.toml", "pyproject.toml")
# Long options that name what a run reads or writes, or how it talks: never from a file.
IO_OPTIONS = frozenset({
    "inputs", "output", "format", "rejects", "stats", "clusters", "index", "model", "save-model",
    "boilerplate-model", "learn", "replace-text", "input-format", "explain", "quiet", "debug",
    "config",
})
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Settings:
    """One run's settings; every field has the default the command line shows."""

    fields: FieldMap = field(default_factory=FieldMap)  # which input fields hold text, id, title
    input_format: str | None = None  # read every input as this format, not by extension
    on_error: OnError = OnError.REJECT
    learn: bool = True  # learn each source's recurring lines (a corpus pass)
    min_docs: int = 3
    min_share: float = 0.1
    flag: FlagConfig = field(default_factory=FlagConfig)
    corpus_stats: bool = True  # flag learns the corpus's word counts (a corpus pass)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    dedup_field: str = "headline"  # headline | text
    drop: frozenset[str] = DEFAULT_DROP
    language: str | None = None  # the corpus's language (ISO 639-1)
    limits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None  # a running Dask scheduler; None starts a LocalCluster

    def __post_init__(self) -> None:
        unknown = sorted(set(self.drop) - set(DROPS))
        if unknown:
            raise UsageError(f"drop: unknown {', '.join(unknown)}; choose from {', '.join(DROPS)}")
        if self.engine not in ENGINES:
            raise UsageError(f"engine: {self.engine!r} is not one of {', '.join(ENGINES)}")
        if self.dedup_field not in ("headline", "text"):
            raise UsageError(f"dedup field: {self.dedup_field!r} is not headline or text")
        if self.language is not None:
            known = langdetect_languages() if self.flag.lang_backend == "langdetect" else None
            if (known is not None and self.language not in known) or not re.fullmatch(
                    r"[a-z]{2,3}", self.language):
                listed = ", ".join(sorted(known)) if known else "ISO 639-1 codes such as en, de, fr"
                raise UsageError(f"language: {self.language!r} is not a language code the "
                                 f"{self.flag.lang_backend} detector reports; choose from {listed}")
        unknown = sorted(set(self.limits) - set(DEFAULT_LIMITS))
        if unknown:
            raise UsageError(f"limits: unknown {', '.join(unknown)}; known: {', '.join(DEFAULT_LIMITS)}")


def parse_drop(value: str) -> frozenset[str]:
    """`--drop a,b` (or `none`) as a set, refusing names that are not drops."""
    names = {v.strip() for v in value.split(",") if v.strip()} - {"none"}
    unknown = sorted(names - set(DROPS))
    if unknown:
        raise UsageError(f"--drop: unknown {', '.join(unknown)}; choose from {', '.join(DROPS)} "
                         "(comma-separated) or none")
    return frozenset(names)


# --- configuration files -------------------------------------------------------------------


@dataclass
class Config:
    """The settings a file gives: top-level option values, and check's limits."""

    path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest cleaner.toml, or pyproject.toml with a [tool.cleaner] table, from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / "cleaner.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cleaner" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """The configuration in `path` (an empty one for None), keys as long option names."""
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
    return name.replace("_", "-")


def _value(value: Any) -> Any:
    """TOML lists become the comma lists the command line takes (drop = ["a", "b"])."""
    return ",".join(map(str, value)) if isinstance(value, list) else value


def long_options(command: Any) -> dict[str, str]:
    """A click command's long option names (without dashes) and the parameter each sets."""
    names = {}
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and param.name:
                names[opt[2:]] = param.name
    return names


def config_defaults(named: str | None, cwd: Path, command: Any, commands: list[Any]
                    ) -> tuple[Path | None, dict[str, Any]]:
    """(the file used, the defaults it gives `command`, by parameter name). A key no command
    takes, or one for inputs, outputs or debugging, is an error naming the file and key."""
    if named and not Path(named).is_file():
        raise UsageError(f"{named}: no such configuration file")
    path = Path(named) if named else find_config(cwd)
    config = load_config(path)
    where = path or "configuration"
    limits = {name.replace("_", "-") for name in DEFAULT_LIMITS}
    known = {name for c in commands for name in long_options(c)} - limits - IO_OPTIONS
    for table, names, prefix in ((config.options, known, ""), (config.check, limits, "[check] ")):
        for key in sorted(table):
            if key in IO_OPTIONS:
                raise UsageError(f"{where}: {prefix}{key} names an input, an output or a debugging "
                                 "switch; give it on the command line, not in a configuration file")
        unknown = sorted(set(table) - names)
        if unknown:
            raise UsageError(f"{where}: unknown setting {prefix}{', '.join(unknown)}; "
                             f"known: {', '.join(sorted(names))}")
    takes = long_options(command)
    values = dict(config.options)
    if "max-duplicate-rate" in takes:
        values.update(config.check)
    return path, {takes[k]: v for k, v in values.items() if k in takes}
