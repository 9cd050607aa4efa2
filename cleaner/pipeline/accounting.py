"""Running stages over a stream of documents, with the accounting in one place.

Every record read ends in exactly one of three places: kept (written to the
output), dropped (a stage decided to remove it, with a reason) or rejected (it
could not be read as a document). The counts always add up:
read = kept + dropped + rejected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from ..document import Document, Rejected
from ..errors import UnreadableInputError
from ..io import (
    FieldMap,
    RecordWriter,
    Source,
    open_writer,
    read_documents,
    refuse_overwriting_inputs,
)


class Stage(Protocol):
    """A stage is a callable from an iterator of documents to an iterator of documents."""

    name: str

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]: ...


class OnError(str, Enum):
    """What to do with a record that cannot be read."""

    REJECT = "reject"  # write it to --rejects with the reason, say so, go on (default)
    SKIP = "skip"  # count it, say nothing per record, go on
    FAIL = "fail"  # stop at the first one (exit 3)


@dataclass
class Stats:
    """The accounting of one run."""

    read: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)

    @property
    def balanced(self) -> bool:
        return self.read == self.kept + self.dropped.total() + self.rejected.total()

    def line(self) -> str:
        """`read 10,000 · kept 9,412 · dropped 588 (duplicate 401, …)`."""
        parts = [f"read {self.read:,}", f"kept {self.kept:,}"]
        for label, counts in (("dropped", self.dropped), ("rejected", self.rejected)):
            if counts:
                reasons = ", ".join(f"{reason} {n:,}" for reason, n in _by_count(counts))
                parts.append(f"{label} {counts.total():,} ({reasons})")
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "kept": self.kept,
            "dropped": self.dropped.total(),
            "rejected": self.rejected.total(),
            "dropped_by_reason": dict(_by_count(self.dropped)),
            "rejected_by_reason": dict(_by_count(self.rejected)),
        }


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class Pipeline:
    """Stages over documents, routing rejected and dropped records and counting them all."""

    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        on_error: OnError = OnError.REJECT,
        rejects: RecordWriter | None = None,
        warn: Callable[[str], None] | None = None,
        stats: Stats | None = None,
    ):
        self.stages = list(stages)
        self.on_error = OnError(on_error)
        self.rejects = rejects
        self.warn = warn or (lambda message: None)
        self.stats = stats if stats is not None else Stats()

    def run(self, items: Iterable[Document | Rejected]) -> Iterator[Document]:
        """Yield the kept documents; rejected and dropped ones go to the rejects writer."""
        stream: Iterable[Document] = self._admit(items)
        for stage in self.stages:
            stream = stage(stream)
        for doc in stream:
            if doc.drop:
                self.stats.dropped[doc.drop] += 1
                if self.rejects is not None:
                    self.rejects.write({"origin": str(doc.origin or doc.id), "reason": doc.drop,
                                        "detail": doc.drop, "raw": doc.to_record()})
            else:
                self.stats.kept += 1
                yield doc

    def _admit(self, items: Iterable[Document | Rejected]) -> Iterator[Document]:
        for item in items:
            self.stats.read += 1
            if isinstance(item, Document):
                yield item
                continue
            self.stats.rejected[item.reason] += 1
            if self.on_error is OnError.FAIL:
                raise UnreadableInputError(
                    f"{item.message()} (stopped by --on-error fail; use --on-error reject "
                    "to set such records aside and go on)"
                )
            if self.on_error is OnError.REJECT:
                self.warn(item.message())
                if self.rejects is not None:
                    self.rejects.write(item.to_record())


def process(
    sources: Sequence[Source],
    stages: Sequence[Stage],
    *,
    output: str | None = None,
    output_format: str = "jsonl",
    rejects: str | None = None,
    fields: FieldMap | None = None,
    on_error: OnError = OnError.REJECT,
    replace_text: bool = False,
    warn: Callable[[str], None] | None = None,
    progress: Callable[[Iterator[Document]], Iterator[Document]] | None = None,
    stats: Stats | None = None,
    before_commit: Callable[[], None] | None = None,
) -> Stats:
    """Read sources, run stages, write kept records to `output` and the rest to `rejects`.

    Outputs appear only when the whole run succeeds: an error or an interrupt leaves
    any previous output in place. Pass `stats` to keep the accounting so far when
    the run is interrupted. `before_commit` runs once every record is written and
    before the outputs appear (dedup adds to its index there): if it fails, no
    output appears either.
    """
    fields = fields or FieldMap()
    refuse_overwriting_inputs([output, rejects], sources)
    writer = open_writer(output, output_format)
    reject_writer = RecordWriter(rejects) if rejects else None
    pipeline = Pipeline(stages, on_error=on_error, rejects=reject_writer, warn=warn, stats=stats)
    docs = pipeline.run(read_documents(sources, fields))
    if progress is not None:
        docs = progress(docs)
    ok = False
    try:
        for doc in docs:
            writer.write(doc.to_record(fields.text, replace_text))
        if before_commit is not None:
            before_commit()
        ok = True
    finally:
        writer.close(ok)
        if reject_writer is not None:
            reject_writer.close(ok)
    return pipeline.stats
