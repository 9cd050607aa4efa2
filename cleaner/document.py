"""The Document that flows through every stage, and the Rejected record that does not."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from, so every message can point a user at it."""

    path: str
    line: int | None = None  # 1-based line for line-oriented formats
    record: int | None = None  # 1-based record number where lines mean nothing (Parquet)

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path} record {self.record}"
        return self.path


@dataclass(frozen=True, slots=True)
class Block:
    """What the source says of one block of the text, where a reader knows more than the
    text shows: for a raw HTML page, the element a paragraph came from. Split weighs it
    as boilerplate evidence; a block is matched to a paragraph by its text, so the
    evidence survives normalization."""

    text: str
    path: str = ""  # where the block sat, e.g. "body/div/nav/ul/li"
    link_density: float = 0.0  # share of the block's characters inside links
    furniture: str | None = None  # the page element that makes it site furniture: nav, aside, footer, …


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page as its reader decoded it, before the article is extracted. Extraction is the
    costly part of reading a page, so it is a stage (`io.pages.Extract`): it runs in the
    engine's workers, and the runner's spill keeps its result for the later passes.
    `html` is None once extracted; `stamp` still tells the same page in the next pass."""

    html: str | None
    stamp: int  # the page's hash as read: equal within a run for the same page
    url: str | None = None  # where the archive or the caller says it came from


@dataclass(slots=True)
class Document:
    """One input record.

    `fields` holds every input field exactly as read, in input order; stages never
    touch it and write only into `cleaner`, so a user's data survives a run unchanged.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    cleaner: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None
    drop: str | None = None  # set by the policy when the record leaves the run, with the reason
    drop_detail: str | None = None  # what its reject tells a person, where the reason is not enough
    blocks: list[Block] = field(default_factory=list)  # the source's evidence per block, if any
    page: RawPage | None = None  # a raw page this document is read from, extracted or not

    @property
    def clean_text(self) -> str:
        """The text after the stages that ran so far (the input text before any)."""
        return self.cleaner.get("text", self.text)

    def to_record(self, text_field: str = "text", replace_text: bool = False) -> dict[str, Any]:
        """The output record: input fields, then the `cleaner` namespace."""
        record = dict(self.fields)
        if "id" not in record:
            record = {"id": self.id, **record}
        if replace_text:
            record[text_field] = self.clean_text
        record["cleaner"] = self.cleaner
        return record

    def to_slim_record(self) -> dict[str, Any]:
        """Only the result, for a user who does not want every annotation (the full record
        is several times the input's size): the id, the cleaned text, each flagged body
        sentence with its flags (and whether it was removed), and the cluster's id."""
        flagged = [
            {"text": sentence["text"], "flags": sentence["flags"],
             **({"removed": True} if sentence.get("removed") else {})}
            for segment in self.cleaner.get("segments", []) if segment["kind"] == "body"
            for sentence in segment.get("sentences", []) if sentence["flags"]]
        cluster = self.cleaner.get("cluster")
        return {"id": self.id, "text": self.clean_text, "flagged": flagged,
                "cluster": cluster["id"] if cluster else None}


_SCORES: dict[float, float] = {}  # each value a score can take, once


def score_of(value: float) -> float:
    """`value` rounded to four places, as every score is written: one object for each of
    the 10,001 values, shared by a huge document's hundreds of thousands of scores."""
    value = round(value, 4)
    if value == 0.0:  # 0.0 and -0.0 are one key of a dict, but written apart
        return 0.0 if math.copysign(1.0, value) > 0 else value
    return _SCORES.setdefault(value, value)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule or model says of a line or sentence: a score in [0, 1] (higher = more
    likely a problem; None where no score can be given) and the reason a person reads."""

    score: float | None
    reason: str

    def flag(self, name: str) -> dict[str, Any]:
        """The flag DESIGN.md describes: name, score, reason."""
        return {"name": name, "score": self.score, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not become a Document, with the reason and what was read."""

    origin: Origin
    reason: str  # short category for the accounting, e.g. "invalid JSON"
    detail: str  # the one-line explanation a person reads
    raw: Any = None  # the input as read (decoded line, dict or None)
    # The problem is the file's, not the record's (a CSV without the text column): every
    # record of the file is set aside with it, and it is told once, naming the file.
    of_file: bool = False

    def message(self) -> str:
        return f"{self.origin.path if self.of_file else self.origin}: {self.detail}"

    def to_record(self) -> dict[str, Any]:
        return {
            "origin": str(self.origin),
            "reason": self.reason,
            "detail": self.detail,
            "raw": self.raw,
        }
