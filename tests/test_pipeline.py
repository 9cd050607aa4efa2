"""The runner, the spill between passes, the drop policy, the accounting and the engines."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.dedup import Dedup, DedupConfig, signer_on, text_signatures
from cleaner.document import Block, Document, Origin, RawPage, Rejected
from cleaner.flags import Flag
from cleaner.normalize import Normalize
from cleaner.pipeline import Accounting, Policy, Runner, Stats, engines, plan
from cleaner.pipeline import spill as spill_module
from cleaner.pipeline.spill import Spill
from cleaner.split import Split
from cleaner.text import fold_many

from .conftest import ROOT


def _docs(*texts: str) -> list[Document]:
    return [Document(id=f"d{i}", text=text) for i, text in enumerate(texts)]


class _Counting:
    """A per-document stage that counts the documents it works on, and a corpus pass that
    counts the documents it sees (after `after`)."""

    def __init__(self, name: str, after: str | None = None):
        self.name = name
        self.after = after
        self.worked: list[str] = []
        self.seen: list[str] = []
        self.fitted = False

    def fitter(self):
        return None if self.after is None else _Seen(self)

    def __call__(self, docs):
        for doc in docs:
            self.worked.append(doc.id)
            doc.cleaner[self.name] = len(self.worked)
            yield doc


class _Seen:
    def __init__(self, stage: _Counting):
        self.stage = stage
        self.after = stage.after

    def add(self, doc: Document) -> None:
        self.stage.seen.append(doc.id)

    def finish(self, engine) -> None:
        self.stage.fitted = True


def test_clean_needs_two_corpus_passes_and_fitters_at_the_same_point_share_one() -> None:
    stages = [Normalize(), Split(learn=True), Flag(learn=True), Dedup()]
    passes = plan(stages)
    assert [(p.stages, [s.name for s, _ in p.fitters]) for p in passes] == [
        (1, ["split"]), (2, ["flag", "dedup"])]
    assert [(p.stages, len(p.fitters)) for p in plan([Normalize(), Split(), Flag(learn=True), Dedup()])] == [
        (2, 2)]
    assert plan([Normalize(), Split(), Flag()]) == []


def test_each_pass_takes_the_work_of_the_one_before_from_the_spill() -> None:
    first, second = _Counting("first"), _Counting("second", after="first")
    third = _Counting("third", after="second")
    docs = _docs("One.", "Two.", "Three.")
    with Runner([first, second, third], engines.Local()) as runner:
        runner.fit(lambda: iter(docs_copy(docs)))
        kept = list(runner.annotate(iter(docs_copy(docs)), Accounting()))
    assert first.worked == ["d0", "d1", "d2"]  # once, in the first corpus pass
    assert second.worked == ["d0", "d1", "d2"]  # once, in the second
    assert third.worked == ["d0", "d1", "d2"]  # once, in the annotating pass
    assert second.fitted and third.fitted and second.seen == third.seen == ["d0", "d1", "d2"]
    assert [doc.cleaner for doc in kept] == [{"first": i, "second": i, "third": i} for i in (1, 2, 3)]


def docs_copy(docs: list[Document]) -> list[Document]:
    return [Document(id=d.id, text=d.text, title=d.title) for d in docs]


def test_a_document_that_changed_between_passes_has_the_stages_run_again() -> None:
    first, second = _Counting("first"), _Counting("second", after="first")
    with Runner([first, second], engines.Local()) as runner:
        runner.fit(lambda: iter(_docs("One.", "Two.")))
        kept = list(runner.annotate(iter(_docs("One.", "Two, changed.", "Three, new.")),
                                    Accounting()))
    assert first.worked == ["d0", "d1", "d1", "d2"]  # again for the changed and the new record
    assert [doc.id for doc in kept] == ["d0", "d1", "d2"]


def test_the_spill_is_keyed_by_id_and_leaves_no_file_behind(tmp_path: Path) -> None:
    spill = Spill(str(tmp_path))  # a folder of its own: other runs write to the shared one
    doc = Document(id="a", text="Story.", cleaner={"text": "Story.", "fixes": {}})
    spill.write([doc])
    assert os.listdir(tmp_path) == []  # unlinked while open
    again = Document(id="a", text="Story.")
    assert spill.restore(again) and again.cleaner == {"text": "Story.", "fixes": {}}
    assert not spill.restore(Document(id="a", text="Another story."))
    assert not spill.restore(Document(id="b", text="Story."))
    spill.close()


def test_the_spill_gives_a_raw_page_back_as_extraction_left_it() -> None:
    page = RawPage("<p>Story.</p>", stamp=7)
    extracted = Document(id="a", text="Story.", title="A story", fields={"id": "a", "text": "Story."},
                         blocks=[Block("Story.", path="body/p")], page=RawPage(None, stamp=7),
                         cleaner={"text": "Story."})
    with Spill() as spill:
        spill.write([extracted])
        again = Document(id="a", text="", page=page)
        assert spill.restore(again)
        assert (again.text, again.title, again.fields, again.blocks, again.page) == (
            "Story.", "A story", {"id": "a", "text": "Story."}, extracted.blocks, RawPage(None, 7))
        assert not spill.restore(Document(id="a", text="", page=RawPage("<p>Other.</p>", stamp=8)))


def test_the_spill_gives_back_a_long_list_it_kept_in_pieces(monkeypatch) -> None:
    monkeypatch.setattr(spill_module, "PIECE", 3)
    segments = [{"kind": "body", "text": f"Line {i}.", "flags": []} for i in range(10)]
    annotations = {"text": "Story.", "segments": segments, "short": [1, 2], "empty": []}
    with Spill() as spill:
        spill.write([Document(id="a", text="Story.", cleaner=annotations)])
        back = Document(id="a", text="Story.")
        assert spill.restore(back)
    assert back.cleaner == annotations and list(back.cleaner) == list(annotations)


def test_the_policy_drops_each_document_once_for_its_first_reason() -> None:
    doc = Document(id="d", text="", cleaner={
        "flags": [{"name": "boilerplate_only", "score": 1.0, "reason": "…"}],
        "cluster": {"id": "h-1", "size": 2, "representative": False, "similarity": 1.0}})
    [judged] = Policy({"boilerplate-only", "duplicates"})([doc])
    assert judged.drop == "boilerplate-only"
    [again] = Policy({"boilerplate-only"})([judged])
    assert again.drop == "boilerplate-only"
    [kept] = Policy(set())([Document(id="e", text="", cleaner=dict(doc.cleaner))])
    assert kept.drop is None


def test_sentence_drops_are_decided_once_flag_has_run_and_deciding_again_changes_nothing() -> None:
    sentence = {"text": "Stray.", "start": 0, "end": 6,
                "flags": [{"name": "off_topic", "score": 0.9, "reason": "…"}]}
    keep = {"text": "Kept.", "start": 7, "end": 12, "flags": []}
    cleaner = {"segments": [{"kind": "body", "text": "Stray. Kept.", "sentences": [sentence, keep],
                             "flags": []}], "flagged": {"off_topic": 1}}
    policy = Policy({"off-topic"})
    doc = Document(id="d", text="Stray. Kept.", cleaner=cleaner)
    [once] = [json.dumps(d.cleaner) for d in policy([doc])]
    [twice] = [json.dumps(d.cleaner) for d in policy([doc])]
    assert once == twice and doc.cleaner["text"] == "Kept." and doc.drop is None


def test_duplicates_the_run_will_not_keep_skip_every_per_document_stage() -> None:
    work = _Counting("work")
    policy = Policy({"duplicates"}, repeats=lambda doc: doc.id == "d1")
    with Runner([work], engines.Local(), policy=policy) as runner:
        accounting = Accounting()
        kept = list(runner.annotate(iter(_docs("One.", "One again.", "Two.")), accounting))
    assert work.worked == ["d0", "d2"]
    assert [d.id for d in kept] == ["d0", "d2"]
    assert accounting.stats.dropped == {"duplicate": 1} and accounting.stats.balanced


def test_the_accounting_balances_with_unreadable_records_set_aside() -> None:
    stats = Stats()
    accounting = Accounting(stats=stats)
    items = [Document(id="a", text="x"), Rejected(Origin("dump.jsonl", 2), "invalid JSON", "not JSON")]
    list(accounting.settle(accounting.admit(items)))
    assert (stats.read, stats.kept, stats.rejected.total()) == (2, 1, 1) and stats.balanced


class _ThresholdProbe:
    """A stage that writes the cycle collector's young threshold into each document."""

    name = "probe"

    def __call__(self, docs):
        for doc in docs:
            doc.cleaner["threshold"] = gc.get_threshold()[0]
            yield doc


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_flow_with_cycles_collected_seldom_and_the_callers_threshold_comes_back(jobs) -> None:
    before = gc.get_threshold()
    docs = [Document(id=str(i), text="A story.") for i in range(3)]
    consumer_saw = []
    for doc in engines.Local(jobs).run([_ThresholdProbe()], docs):
        consumer_saw.append(gc.get_threshold()[0])  # the caller's work on each document
        assert doc.cleaner["threshold"] == engines.YOUNG_OBJECTS  # the stages' work, here or in a worker
    assert consumer_saw == [engines.YOUNG_OBJECTS] * 3
    assert gc.get_threshold() == before


FREED_BLOCK = """
import numpy as np
from cleaner.pipeline.engines import Local

def resident_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

list(Local(1).run([], iter([])))  # documents have flowed: the process's settings are made
first = np.ones(1 << 21)  # 16 MiB, mapped on its own
del first  # glibc alone would take the next blocks this size from the heap
before = resident_mib()
block = np.ones(1 << 20)  # 8 MiB: a huge document's array
after = np.ones(16)  # a small one made after it
del block
print(resident_mib() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists()
                    or "CS_GNU_LIBC_VERSION" not in getattr(os, "confstr_names", {}), reason="glibc on Linux")
def test_a_huge_documents_arrays_go_back_to_the_system_once_freed() -> None:
    done = subprocess.run([sys.executable, "-c", FREED_BLOCK], capture_output=True, text=True, check=True)
    assert int(done.stdout) < 4  # MiB still resident of the 8 freed


def test_worker_processes_give_the_documents_back_in_input_order() -> None:
    texts = [f"Story {i}\n\nIt rained in town {i}." for i in range(70)]  # several batches
    one = [d.cleaner for d in engines.Local(1).run([Normalize(), Split()], _docs(*texts))]
    two = [d.cleaner for d in engines.Local(2).run([Normalize(), Split()], _docs(*texts))]
    assert one == two and len(one) == 70


def test_dedup_signatures_mapped_over_a_dask_cluster_equal_the_local_ones() -> None:
    pytest.importorskip("distributed")
    texts = fold_many([json.loads(line)["title"] for line in
                       (ROOT / "samples" / "dump.jsonl").read_text("utf-8").splitlines()][:60])
    config = DedupConfig()
    engine = engines.OnDask(jobs=2)
    try:
        mapped = signer_on(engine)(texts, config)
        chunked = engine.map(text_signatures, [texts[:7], texts[7:]], config=config)
        assert len(engine.client.scheduler_info()["workers"]) == 2
    finally:
        engine.close()
    assert mapped.shape == (len(texts), config.num_perm)
    assert (mapped == text_signatures(texts, config)).all()
    assert (chunked[0] == text_signatures(texts[:7], config)).all()


def test_no_stage_module_imports_another_stage_and_the_engine_knows_no_stage() -> None:
    package = ROOT / "cleaner"
    stages = {"normalize.py": "normalize", "split": "split", "flags": "flags", "dedup": "dedup"}
    for path in [package / "normalize.py", *(package / "split").glob("*.py"),
                 *(package / "flags").glob("*.py"), *(package / "dedup").glob("*.py"),
                 *(package / "pipeline").glob("*.py")]:
        own = path.parent.name if path.parent != package else path.stem
        source = path.read_text("utf-8")
        for other in set(stages.values()) - {own}:
            assert f"from ..{other}" not in source and f"from .{other} " not in source, (path, other)
    assert not any(Path(p).name.startswith("clean") for p in os.listdir(package))


def test_progress_is_labelled_per_pass_with_a_total_once_the_first_pass_has_counted(tmp_path) -> None:
    """A person watching sees what each pass does: the first pass how far through the
    input's bytes it is, the others how many of the records it has counted (so a
    percentage and an ETA); the last pass names its sink."""
    import cleaner

    shown = []

    def progress(items, task):
        count, positions = 0, []
        for item in items:
            count += 1
            if task.done is not None:
                positions.append(task.done())
            yield item
        shown.append((task, count, positions))

    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": f"r{i}", "title": f"Story {i}",
                                        "text": f"Body of story {i}."}) + "\n" for i in range(5))
                    + "not json\n")
    cleaner.check([str(dump)], settings=cleaner.Settings(jobs=1), progress=progress)
    assert [task.desc for task, _, _ in shown] == [
        "pass 1/3: split", "pass 2/3: flag, dedup",
        "pass 3/3: normalize, split, sentences, flag, dedup → summary"]
    first, _, positions = shown[0]
    assert (first.unit, first.total) == ("B", dump.stat().st_size)
    assert positions == sorted(positions) and positions[-1] == dump.stat().st_size
    assert [(task.unit, task.total) for task, _, _ in shown[1:]] == [("records", 6)] * 2
    assert [count for _, count, _ in shown] == [6, 6, 6]  # the unreadable line counts too
