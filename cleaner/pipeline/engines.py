"""The engines: per-document stages on this process, several cores or a Dask cluster, in
input order.

Normalize, split and flag look at one document at a time, so batches of documents
can go to worker processes; results come back in the order the batches were sent,
so the output is the same bytes for any number of jobs. Only a bounded number of
batches is in flight, so a large input still streams. Workers are forked with the
stages already built (models loaded once, shared copy-on-write); where fork is not
available they are sent the stages once, when they start.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from ..document import Document
from ..errors import UnreadableInputError, UsageError
from .stage import Stage, chain

BATCH = 32  # documents per task: large enough to amortise the trip, small enough to balance
IN_FLIGHT = 4  # batches per worker queued ahead
YOUNG_OBJECTS = 50_000  # allocations between collections of the youngest generation, while documents flow
LARGE_BLOCK = 1 << 20  # bytes from which an allocation is mapped on its own, and unmapped when freed
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter for that size (malloc.h)

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


def _run_batch(batch: list[Document]) -> list[Document]:
    """A batch through the stages this worker process was started with."""
    return _run_batch_with(_stages, batch)


def _run_batch_with(stages: Sequence[Stage], batch: list[Document]) -> list[Document]:
    _large_blocks_unmapped()
    with _few_collections():
        return list(chain(stages, batch))


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector runs seldom while documents are worked. The stages make
    millions of short-lived objects and next to no cycles (reference counting frees
    them), and each older-generation collection walks every object the models and
    remembered verdicts hold (its cost is in bench/). The caller's threshold is back
    when the work is done."""
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


@functools.cache
def _large_blocks_unmapped() -> None:
    """Blocks of LARGE_BLOCK bytes or more (the arrays of a huge document) go back to the
    system as soon as they are freed, for the life of the process. glibc maps a large
    block on its own, but raises that size to the size of each such block freed (up to
    32 MiB): after a huge document's first arrays are freed, the next ones come from the
    heap, and a heap freed in its middle stays resident, so the peak would hold the
    arrays of every step instead of the largest. A fixed size keeps glibc's behaviour
    for everything smaller; where the C library has no mallopt, nothing changes."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


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


class Local:
    """Runs stages in this process (jobs 1) or in `jobs` worker processes."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)

    def run(self, stages: Sequence[Stage], docs: Iterable[Document]) -> Iterator[Document]:
        """The documents with the stages run, in input order. While they flow, this
        process collects cycles seldom too (`_few_collections`): the caller's work on each
        document (restoring a spill, counting words, writing) and, with workers,
        unpickling their results, make short-lived objects as the stages do."""
        _large_blocks_unmapped()
        with _few_collections():
            if self.jobs == 1:
                yield from _in_order(docs, functools.partial(_here, list(stages)), 1)
            else:
                yield from self._in_workers(list(stages), docs)

    def map(self, function: Callable[..., Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        return [function(item, **kwargs) for item in items]

    def _in_workers(self, stages: list[Stage], docs: Iterable[Document]) -> Iterator[Document]:
        methods = mp.get_all_start_methods()
        context = mp.get_context("fork" if "fork" in methods else "spawn")
        with _ctrl_c_held():
            pool = context.Pool(self.jobs, initializer=_start_worker, initargs=(stages,))
        try:
            yield from _in_order(docs, lambda batch: pool.apply_async(_run_batch, (batch,)).get,
                                 self.jobs)
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    def close(self) -> None:
        """Nothing outlives a pass here."""


def _here(stages: list[Stage], batch: list[Document]) -> Callable[[], list[Document]]:
    """A batch run in this process at once (the one-job engine)."""
    done = _run_batch_with(stages, batch)
    return lambda: done


class OnDask:
    """Runs stages over batches of documents on a Dask cluster: `scheduler` is the
    address of a running one (tcp://host:8786), or None for a LocalCluster with one
    single-threaded worker process per job, started on first use and kept for the whole
    run. Batches go out a bounded number at a time and come back in order, so the output
    is the same bytes as the local engine's."""

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self._session: contextlib.ExitStack | None = None
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._session = contextlib.ExitStack()
            self._client = self._session.enter_context(dask_session(self.scheduler, self.jobs))
        return self._client

    def run(self, stages: Sequence[Stage], docs: Iterable[Document]) -> Iterator[Document]:
        client = self.client
        scattered = client.scatter(list(stages), broadcast=True)
        width = max(self.jobs, len(client.scheduler_info().get("workers", {})) or 1)
        yield from _in_order(
            docs, lambda batch: client.submit(_run_batch_with, scattered, batch, pure=False).result,
            width)

    def map(self, function: Callable[..., Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        """`function` over `items` on the cluster, the results gathered in order."""
        if not items:
            return []
        return list(self.client.gather(self.client.map(function, items, pure=False, **kwargs)))

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None
            self._client = None


def engine_for(name: str, jobs: int = 1, scheduler: str | None = None) -> Local | OnDask:
    """The engine a run's settings name: local (processes) or dask."""
    return OnDask(jobs, scheduler) if name == "dask" else Local(jobs)


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
        raise UsageError("--engine dask needs Dask: pip install 'cleaner-news[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except OSError as exc:
            raise UnreadableInputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    with _ctrl_c_held():
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster
