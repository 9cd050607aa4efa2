"""Per-document stages on several cores, in input order.

Normalize, split and flag look at one document at a time, so batches of documents
can go to worker processes; results come back in the order the batches were sent,
so the output is the same bytes for any number of jobs. Only a bounded number of
batches is in flight, so a large input still streams. Workers are forked with the
stages already built (models loaded once, shared copy-on-write); where fork is not
available they are sent the stages once, when they start.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from .document import Document
from .pipeline import Stage

BATCH = 32  # documents per task: large enough to amortise the trip, small enough to balance
IN_FLIGHT = 4  # batches per worker queued ahead

_stages: Sequence[Stage] = ()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _start_worker(stages: Sequence[Stage]) -> None:
    global _stages
    _stages = stages


def _run_batch(batch: list[Document]) -> list[Document]:
    docs: Iterable[Document] = batch
    for stage in _stages:
        docs = stage(iter(docs))
    return list(docs)


class InProcesses:
    """Runs `stages` over the documents in `jobs` worker processes (in this process for 1)."""

    name = "parallel"

    def __init__(self, stages: Sequence[Stage], jobs: int = 1):
        self.stages = list(stages)
        self.jobs = max(1, jobs)

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        if self.jobs == 1:
            stream: Iterable[Document] = docs
            for stage in self.stages:
                stream = stage(stream)
            yield from stream
            return
        methods = mp.get_all_start_methods()
        context = mp.get_context("fork" if "fork" in methods else "spawn")
        pool = context.Pool(self.jobs, initializer=_start_worker, initargs=(self.stages,))
        try:
            pending: deque = deque()
            source = iter(docs)
            while True:
                while len(pending) < self.jobs * IN_FLIGHT:
                    batch = list(islice(source, BATCH))
                    if not batch:
                        break
                    pending.append(pool.apply_async(_run_batch, (batch,)))
                if not pending:
                    break
                yield from pending.popleft().get()
            pool.close()
        finally:
            pool.terminate()
            pool.join()
