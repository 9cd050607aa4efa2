"""cleaner: make scraped news fit to use.

Every command is one call, each taking one frozen `Settings`::

    import cleaner
    stats = cleaner.clean(["dump.jsonl"], "clean.jsonl", rejects="rejects.jsonl",
                          settings=cleaner.Settings(drop=frozenset({"duplicates", "off-topic"})))
    print(stats.line())   # read 278 · kept 52 · dropped 226 (duplicate 226)

    checked = cleaner.check(["corpus/"])
    found = cleaner.dedup(["today.jsonl"], "annotated.jsonl", index="seen.db")

The stages (`Normalize`, `Split`, `Flag`, `Dedup`) also work on documents directly.
"""

__version__ = "0.1.0"

from .api import (
    Checked,
    Deduplicated,
    check,
    clean,
    dedup,
    flag,
    index_prune,
    index_stats,
    learn_boilerplate,
    normalize,
    report,
    split,
)
from .dedup import Dedup, DedupConfig
from .document import Document, Origin, Rejected
from .errors import CleanerError, UnreadableInputError, UsageError
from .flags import Flag, FlagConfig, Flagger
from .io import FieldMap, expand_inputs, read_documents
from .normalize import Normalize, normalize_text
from .pipeline import OnError, Stats
from .settings import Settings
from .split import Split, split_text

__all__ = [
    "Checked",
    "CleanerError",
    "Dedup",
    "DedupConfig",
    "Deduplicated",
    "Document",
    "FieldMap",
    "Flag",
    "FlagConfig",
    "Flagger",
    "Normalize",
    "OnError",
    "Origin",
    "Rejected",
    "Settings",
    "Split",
    "Stats",
    "UnreadableInputError",
    "UsageError",
    "__version__",
    "check",
    "clean",
    "dedup",
    "expand_inputs",
    "flag",
    "index_prune",
    "index_stats",
    "learn_boilerplate",
    "normalize",
    "normalize_text",
    "read_documents",
    "report",
    "split",
    "split_text",
]
