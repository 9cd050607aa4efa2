"""cleaner: make scraped news fit to use.

The Python API mirrors the command line::

    from cleaner import Document, Normalize, expand_inputs, process
    stats = process(expand_inputs(["dump.jsonl"]), [Normalize()], output="fixed.jsonl")

    from cleaner import CleanSettings, clean_corpus
    stats = clean_corpus(expand_inputs(["dump.jsonl"]), "clean.jsonl",
                         settings=CleanSettings(drop=frozenset({"duplicates", "off-topic"})))
"""

from .clean import CleanSettings, clean_corpus
from .dedup import Dedup, DedupConfig
from .document import Document, Origin, Rejected
from .errors import CleanerError, UnreadableInputError, UsageError
from .flags import Flag, FlagConfig, Flagger
from .io import FieldMap, expand_inputs, read_documents
from .normalize import Normalize, normalize_text
from .pipeline.accounting import OnError, Pipeline, Stats, process
from .split import Split, split_text

__version__ = "0.1.0"

__all__ = [
    "CleanSettings",
    "CleanerError",
    "Dedup",
    "DedupConfig",
    "Document",
    "FieldMap",
    "Flag",
    "FlagConfig",
    "Flagger",
    "Normalize",
    "OnError",
    "Origin",
    "Pipeline",
    "Rejected",
    "Split",
    "Stats",
    "UnreadableInputError",
    "UsageError",
    "__version__",
    "clean_corpus",
    "expand_inputs",
    "normalize_text",
    "process",
    "read_documents",
    "split_text",
]
