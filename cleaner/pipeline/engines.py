"""Per-document stages on several cores or a Dask cluster, in input order.

Normalize, split and flag look at one document at a time, so batches of documents
can go to worker processes; results come back in the order the batches were sent,
so the output is the same bytes for any number of jobs. Only a bounded number of
batches is in flight, so a large input still streams. Workers are forked with the
stages already built (models loaded once, shared copy-on-write); where fork is not
available they are sent the stages once, when they start.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import numpy as np

from ..dedup import DedupConfig, Signer, text_signatures
from ..document import Document
from ..errors import UnreadableInputError, UsageError
from .accounting import Stage

SIGNATURE_CHUNK = 50_000  # headlines per signature task on Dask
BATCH = 32  # documents per task: large enough to amortise the trip, small enough to balance
IN_FLIGHT = 4  # batches per worker queued ahead
YOUNG_OBJECTS = 50_000  # allocations between collections of the youngest generation, while documents flow

_stages: Sequence[Stage] = ()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _start_worker(stages: Sequence[Stage]) -> None:
    """Workers ignore Ctrl-C: the main process stops them, and says what it had done.
    They collect cycles seldom all their life (`_few_collections`): unpickling each
    batch and pickling its results make as many objects as working it."""
    global _stages
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _collect_seldom()
    _stages = stages


def _chain(stages: Sequence[Stage], docs: Iterable[Document]) -> Iterator[Document]:
    for stage in stages:
        docs = stage(docs)
    return iter(docs)


def _run_batch(batch: list[Document]) -> list[Document]:
    """A batch through the stages this worker process was started with."""
    return _run_batch_with(_stages, batch)


def _run_batch_with(stages: Sequence[Stage], batch: list[Document]) -> list[Document]:
    with _few_collections():
        return list(_chain(stages, batch))


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector runs seldom while documents are worked. The stages make
    millions of short-lived objects and next to no cycles (reference counting frees
    them), and each older-generation collection walks every object the models and
    remembered verdicts hold: a tenth of the run's time at the default threshold,
    measured. The caller's threshold is back when the work is done."""
    threshold = _collect_seldom()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _collect_seldom() -> tuple[int, int, int]:
    """Collect the youngest generation every YOUNG_OBJECTS allocations; the thresholds
    that were set before."""
    threshold = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *threshold[1:])
    return threshold


def _in_order(docs: Iterable[Document], submit: Callable[[list[Document]], Callable[[], list[Document]]],
              width: int) -> Iterator[Document]:
    """Batches handed to `submit` (which returns how to wait for the result), at most
    width * IN_FLIGHT at a time, and the results yielded in input order.

    A document an earlier stage already dropped (a duplicate clean will not keep) is
    not sent: it is on its way to the rejects file, so it keeps its place and skips
    the per-document stages."""
    pending: deque[tuple[list[Document], list[bool], Callable[[], list[Document]]]] = deque()
    source = iter(docs)
    while True:
        while len(pending) < width * IN_FLIGHT:
            batch = list(islice(source, BATCH))
            if not batch:
                break
            gone = [doc.drop is not None for doc in batch]
            live = [doc for doc, dropped in zip(batch, gone, strict=True) if not dropped]
            pending.append((batch, gone, submit(live) if live else list))
        if not pending:
            return
        batch, gone, wait = pending.popleft()
        done = iter(wait())
        yield from (doc if dropped else next(done) for doc, dropped in zip(batch, gone, strict=True))


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C while worker processes start: arriving during a fork, it would be
    swallowed ("Exception ignored"); held, it is raised as soon as they are up."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class InProcesses:
    """Runs `stages` over the documents in `jobs` worker processes (in this process for 1)."""

    name = "parallel"

    def __init__(self, stages: Sequence[Stage], jobs: int = 1):
        self.stages = list(stages)
        self.jobs = max(1, jobs)

    def _here(self, batch: list[Document]) -> Callable[[], list[Document]]:
        """A batch run in this process at once (the one-job engine)."""
        done = _run_batch_with(self.stages, batch)
        return lambda: done

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The documents with the stages run, in input order. While they flow, this
        process collects cycles seldom too (`_few_collections`): the caller's work on each
        document (replaying a recording, counting words, writing) and, with workers,
        unpickling their results, make short-lived objects as the stages do."""
        with _few_collections():
            if self.jobs == 1:
                yield from _in_order(docs, self._here, 1)
            else:
                yield from self._in_workers(docs)

    def _in_workers(self, docs: Iterable[Document]) -> Iterator[Document]:
        methods = mp.get_all_start_methods()
        context = mp.get_context("fork" if "fork" in methods else "spawn")
        with _ctrl_c_held():
            pool = context.Pool(self.jobs, initializer=_start_worker, initargs=(self.stages,))
        try:
            yield from _in_order(docs, lambda batch: pool.apply_async(_run_batch, (batch,)).get,
                                 self.jobs)
            pool.close()
        finally:
            pool.terminate()
            pool.join()


class OnDask:
    """Runs `stages` over batches of documents on a Dask cluster: `scheduler` is the
    address of a running one (tcp://host:8786), or None for a LocalCluster with one
    single-threaded worker process per job. Batches go out a bounded number at a time
    and come back in order, so the output is the same bytes as the local engine's."""

    name = "dask"

    def __init__(self, stages: Sequence[Stage], jobs: int = 1, scheduler: str | None = None,
                 client: Any = None):
        self.stages = list(stages)
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self.client = client  # a session the caller keeps open; None: one for this pass

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        session = (contextlib.nullcontext(self.client) if self.client is not None
                   else dask_session(self.scheduler, self.jobs))
        with session as client:
            stages = client.scatter(self.stages, broadcast=True)
            width = max(self.jobs, len(client.scheduler_info().get("workers", {})) or 1)
            yield from _in_order(
                docs, lambda batch: client.submit(_run_batch_with, stages, batch, pure=False).result,
                width)


def signatures_on(client: Any, chunk: int = SIGNATURE_CHUNK) -> Signer:
    """Dedup's signature step mapped over chunks of texts on a Dask cluster, the rows
    gathered in order: the same array one local call gives. The clustering that follows
    is one reduction, in the client."""
    def sign(texts: list[str], config: DedupConfig) -> np.ndarray:
        chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)] or [[]]
        futures = client.map(text_signatures, chunks, config=config, pure=False)
        return np.vstack(client.gather(futures))
    return sign


@contextlib.contextmanager
def dask_session(scheduler: str | None, jobs: int) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a LocalCluster started for the run."""
    client, cluster = _dask_client(scheduler, jobs)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_client(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError("--engine dask needs Dask: pip install 'cleaner[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except OSError as exc:
            raise UnreadableInputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    with _ctrl_c_held():
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def per_document(stages: Sequence[Stage], jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, client: Any = None) -> Stage:
    """The per-document stages on the chosen engine (`client`: a Dask session to reuse)."""
    if engine == "dask":
        return OnDask(stages, jobs, scheduler, client)
    return InProcesses(stages, jobs)
