"""The runner: every command is this, with a list of stages and a sink.

It plans the passes from the stages' fitters: a fitter sees the documents as the stages
before it leave them, so the runner reads the input once for each group of fitters
that look at the same point and are ready (every stage before that point is fitted),
then once more to annotate every document and hand it to the sink. Each pass spills
its per-document work by document id (`Spill`), and the next takes it from there
instead of doing it again. The policy decides drops as soon as the annotations allow,
so a document on its way out skips the stages after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from ..document import Document, Rejected
from ..io import ByteMeter
from .accounting import Accounting
from .policy import Policy
from .spill import Spill
from .stage import Engine, Fitter, Stage, chain, fitter_of, is_local

SPILL_BATCH = 512  # documents written to the spill in one transaction



@dataclass(frozen=True)
class Task:
    """What a progress bar shows for one pass: its label, and its total where known:
    records once a pass has counted them, else the input's bytes, read as `done` says."""

    desc: str
    total: int | None = None
    unit: str = "records"
    done: Callable[[], int] | None = None  # bytes read so far, when the unit is bytes


# shows `items` passing as the task says
Progress = Callable[[Iterable[Document | Rejected], Task], Iterable[Document | Rejected]]


@dataclass
class Pass:
    """One reading of the input that feeds fitters: the first `stages` stages run, then
    every fitter in `fitters` sees each document."""

    stages: int
    fitters: list[tuple[Stage, Fitter]]

    def describe(self) -> str:
        return ", ".join(stage.name for stage, _ in self.fitters)


def plan(stages: Sequence[Stage]) -> list[Pass]:
    """The corpus passes `stages` need before the annotating pass, fewest first."""
    names = [stage.name for stage in stages]
    pending = [(i, stage, fitter) for i, stage in enumerate(stages)
               if (fitter := fitter_of(stage)) is not None]

    def point(i: int, fitter: Fitter) -> int:
        """How many stages run before this fitter sees a document."""
        if fitter.after == "":
            return 0
        return names.index(fitter.after) + 1 if fitter.after in names[:i] else i

    passes = []
    while pending:
        unfitted = pending[0][0]
        ready = [item for item in pending if point(item[0], item[2]) <= unfitted]
        at = point(ready[0][0], ready[0][2])
        group = [item for item in ready if point(item[0], item[2]) == at]
        passes.append(Pass(at, [(stage, fitter) for _, stage, fitter in group]))
        pending = [item for item in pending if item not in group]
    return passes


class Runner:
    """Runs `stages` over the documents `read()` yields (called once per pass)."""

    def __init__(self, stages: Sequence[Stage], engine: Engine, *, policy: Policy | None = None,
                 progress: Progress | None = None, sink: str = "output"):
        self.stages = list(stages)
        self.sink = sink  # what the last pass hands the documents to, for its label
        self.engine = engine
        self.policy = policy or Policy()
        self.progress = progress
        self.passes = plan(self.stages)
        self._spill: Spill | None = None
        self.records: int | None = None  # how many the input holds, once a pass has read it
        self._meter: ByteMeter | None = None  # the input's bytes, and how many a pass has read

    @property
    def total_passes(self) -> int:
        return len(self.passes) + 1

    def fit(self, read: Callable[[], Iterable[Document | Rejected]], *,
            meter: ByteMeter | None = None) -> None:
        """The corpus passes: every stage that learns from the corpus is ready after.
        `meter`: how far `read` has got through the input's bytes, for the progress of a
        pass before the records are counted."""
        self._meter = meter
        if not self.passes:
            return
        if self._spill is None:
            self._spill = Spill()
        spill = self._spill
        for number, step in enumerate(self.passes, 1):
            docs = self._readable(read(), f"pass {number}/{self.total_passes}: {step.describe()}")
            docs = self._through(self.stages[: step.stages], docs, decide=False)
            keep = step.stages > spill.stages  # this pass did work the spill does not hold yet
            while batch := list(islice(docs, SPILL_BATCH)):
                for doc in batch:
                    if doc.drop is None:  # a page without an article, say
                        for _, fitter in step.fitters:
                            fitter.add(doc)
                if keep:
                    spill.write(batch)
            for _, fitter in step.fitters:
                fitter.finish(self.engine)
            if keep:
                spill.stages = step.stages

    def annotate(self, items: Iterable[Document | Rejected], accounting: Accounting) -> Iterator[Document]:
        """The last pass: every document annotated and judged by the policy; the kept ones
        are yielded, the rest counted and routed by `accounting`."""
        desc = f"pass {self.total_passes}/{self.total_passes}: {self._describe()} → {self.sink}"
        stream = accounting.admit(self._progress(items, desc))
        docs = self.policy.ahead(stream)
        docs = self._through(self.stages, docs, decide=True)
        return accounting.settle(docs)

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _describe(self) -> str:
        return ", ".join(stage.name for stage in self.stages) or "read"

    def _progress(self, items: Iterable[Document | Rejected], desc: str
                  ) -> Iterable[Document | Rejected]:
        if self.records is not None:
            task = Task(desc, self.records)
        else:
            items = self._counted(items)
            meter = self._meter
            task = (Task(desc, meter.total, "B", lambda: meter.done)
                    if meter is not None and meter.total is not None else Task(desc))
        return self.progress(items, task) if self.progress is not None else items

    def _counted(self, items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
        """`items`, noting how many there were once they are all read: the next passes'
        progress has a total."""
        count = 0
        for item in items:
            count += 1
            yield item
        self.records = count

    def _readable(self, items: Iterable[Document | Rejected], desc: str) -> Iterator[Document]:
        """The documents of a corpus pass (records that cannot be read, and those the reader
        already dropped, such as a WARC's requests, are accounted for in the last pass)."""
        return (item for item in self._progress(items, desc)
                if isinstance(item, Document) and item.drop is None)

    def _through(self, stages: Sequence[Stage], docs: Iterable[Document], decide: bool
                 ) -> Iterator[Document]:
        """`docs` through `stages`, taking what the spill holds instead of running the
        stages that made it; the engine works the per-document stages, the caller the
        local ones, and (with `decide`) the policy judges after each step."""
        done = self._spill.stages if self._spill is not None else 0
        done = min(done, len(stages))
        if done:
            docs = self._restored(docs, stages[:done])
        judge = self.policy if decide else None
        segment: list[Stage] = []
        for stage in stages[done:]:
            if not is_local(stage):
                segment.append(stage)
                continue
            if segment:
                docs = self._judged(self.engine.run(segment, docs), judge)
                segment = []
            docs = self._judged(stage(docs), judge)
        if segment:
            docs = self._judged(self.engine.run(segment, docs), judge)
        return iter(docs)

    @staticmethod
    def _judged(docs: Iterable[Document], policy: Policy | None) -> Iterable[Document]:
        return policy(docs) if policy else docs

    def _restored(self, docs: Iterable[Document], stages: Sequence[Stage]) -> Iterator[Document]:
        """Each document with the spilled work of `stages`; one the spill lacks (a record no
        corpus pass saw as it reads now) has them run here. A document already dropped needs
        neither."""
        assert self._spill is not None
        restore = self._spill.restore
        for doc in docs:
            if doc.drop is None and not restore(doc):
                yield from chain(stages, [doc])
                continue
            yield doc
