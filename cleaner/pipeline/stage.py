"""What a stage is, to the runner.

A stage works on one document at a time: a callable from an iterator of documents to an
iterator of documents, so it runs the same in this process, in worker processes and on
Dask. A stage that must first learn something from the whole corpus (a source's recurring
lines, the corpus's word counts, the headline clusters) also offers a `fitter`; the
runner plans the passes that feed it. Stages need not import this module: the runner
reads these attributes where they exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from ..document import Document


class Engine(Protocol):
    """Where the per-document work runs: this process, worker processes or Dask."""

    def run(self, stages: Sequence[Stage], docs: Iterable[Document]) -> Iterator[Document]:
        """The documents through `stages`, in input order; a document already dropped
        skips them."""
        ...

    def map(self, function: Callable[..., Any], items: Sequence[Any], **kwargs: Any) -> list[Any]:
        """`[function(item, **kwargs) for item in items]`, possibly elsewhere."""
        ...


class Fitter(Protocol):
    """What a stage learns from the corpus before it works on single documents.

    `after` names the stage whose output it must see ("" for the documents as read);
    the runner feeds it every readable document in input order (`add`), then calls
    `finish`, which leaves the stage ready to work.
    """

    after: str

    def add(self, doc: Document) -> None: ...

    def finish(self, engine: Engine) -> None: ...


class Stage(Protocol):
    """One step of the flow. Optional attributes the runner honours:

    - `fitter() -> Fitter | None`: the corpus pass this stage needs, if any;
    - `local = True`: cheap bookkeeping that runs in the caller, never in a worker.
    """

    name: str

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]: ...


def fitter_of(stage: Stage) -> Fitter | None:
    make = getattr(stage, "fitter", None)
    return make() if make is not None else None


def is_local(stage: Stage) -> bool:
    return bool(getattr(stage, "local", False))


def chain(stages: Sequence[Stage], docs: Iterable[Document]) -> Iterator[Document]:
    """The documents through each stage in turn, in this process."""
    for stage in stages:
        docs = stage(docs)
    return iter(docs)
