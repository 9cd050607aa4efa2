"""The accounting of a run, in one place.

Every record read ends in exactly one of three places: kept (written to the
output), dropped (the policy removed it, with a reason) or rejected (it could not
be read as a document). The counts always add up: read = kept + dropped + rejected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..document import Document, Rejected
from ..errors import UnreadableInputError
from ..io import RecordWriter


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
    removed: Counter[str] = field(default_factory=Counter)  # sentences the policy took from kept text

    @property
    def balanced(self) -> bool:
        return self.read == self.kept + self.dropped.total() + self.rejected.total()

    @property
    def unreadable(self) -> bool:
        """Records were read and not one could be: every input was unreadable or every
        record rejected. Nothing read at all (empty inputs) is not that."""
        return self.read > 0 and self.rejected.total() == self.read

    def line(self) -> str:
        """`read 10,000 · kept 9,412 · dropped 588 (duplicate 401, …)`."""
        parts = [f"read {self.read:,}", f"kept {self.kept:,}"]
        for label, counts in (("dropped", self.dropped), ("rejected", self.rejected),
                              ("sentences removed", self.removed)):
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
            "sentences_removed_by_reason": dict(_by_count(self.removed)),
        }


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class Accounting:
    """Where every record is counted once: read as it enters, then kept, dropped (with the
    policy's reason) or rejected (unreadable), with the set-aside ones written to the
    rejects file."""

    def __init__(self, *, on_error: OnError = OnError.REJECT, rejects: RecordWriter | None = None,
                 warn: Callable[[str], None] | None = None, stats: Stats | None = None):
        self.on_error = OnError(on_error)
        self.rejects = rejects
        self.warn = warn or (lambda message: None)
        self.stats = stats if stats is not None else Stats()
        self._told: set[str] = set()  # messages of file-wide problems, said once each
        self._first: Rejected | None = None  # the first record set aside, named if all were

    def admit(self, items: Iterable[Document | Rejected]) -> Iterator[Document]:
        """The readable documents; records that could not be read are counted and set aside."""
        for item in items:
            self.stats.read += 1
            if isinstance(item, Document):
                yield item
                continue
            self.stats.rejected[item.reason] += 1
            self._first = self._first or item
            if self.on_error is OnError.FAIL:
                raise UnreadableInputError(
                    f"{item.message()} (stopped by --on-error fail; use --on-error reject "
                    "to set such records aside and go on)"
                )
            if self.on_error is OnError.REJECT:
                self._tell(item)
                if self.rejects is not None:
                    self.rejects.write(item.to_record())

    def finish(self) -> None:
        """The run's end: when no record at all could be read, that is the input's fault
        and the run fails (exit 3) saying why, with the first record's reason and what to
        do, rather than ending as a success with an empty output. The outputs are written
        first, so the rejects file holds each record with its reason."""
        if self.stats.unreadable and self._first is not None:
            raise UnreadableInputError(f"no record could be read: {self.stats.line()}; "
                                       f"{self._first.message()}")

    def _tell(self, item: Rejected) -> None:
        """Say why a record was set aside; a file's problem is said once, not for each row."""
        message = item.message()
        if item.of_file:
            if message in self._told:
                return
            self._told.add(message)
        self.warn(message)

    def settle(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The kept documents; dropped ones are counted by reason and set aside."""
        for doc in docs:
            if doc.drop:
                self.stats.dropped[doc.drop] += 1
                if self.rejects is not None:
                    self.rejects.write({"origin": str(doc.origin or doc.id), "reason": doc.drop,
                                        "detail": doc.drop_detail or doc.drop,
                                        "raw": doc.to_record()})
            else:
                self.stats.kept += 1
                self.stats.removed.update(doc.cleaner.get("removed", {}))
                yield doc
