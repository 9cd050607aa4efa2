"""cleaner: make scraped news fit to use.

The Python API mirrors the command line::

    from cleaner import Document, Normalize, expand_inputs, process
    stats = process(expand_inputs(["dump.jsonl"]), [Normalize()], output="fixed.jsonl")
"""

from .document import Document, Origin, Rejected
from .errors import CleanerError, UnreadableInputError, UsageError
from .io import FieldMap, expand_inputs, read_documents
from .normalize import Normalize, normalize_text
from .pipeline import OnError, Pipeline, Stats, process

__version__ = "0.1.0"

__all__ = [
    "CleanerError",
    "Document",
    "FieldMap",
    "Normalize",
    "OnError",
    "Origin",
    "Pipeline",
    "Rejected",
    "Stats",
    "UnreadableInputError",
    "UsageError",
    "__version__",
    "expand_inputs",
    "normalize_text",
    "process",
    "read_documents",
]
