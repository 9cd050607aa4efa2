"""clean: every stage in one run, the drop policy applied, the same bytes on any engine."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.pipeline import engines as parallel

from .conftest import ROOT, XSS, shared_path

GOLDEN = ROOT / "tests" / "data" / "golden" / "clean-samples.jsonl"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def test_clean_on_samples_matches_the_golden_file(in_root, tmp_path: Path) -> None:
    out = tmp_path / "clean.jsonl"
    result = run("clean", "samples/dump.jsonl", "samples/pages", "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    if os.environ.get("CLEANER_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(out.read_bytes())
    assert out.read_bytes() == GOLDEN.read_bytes(), (
        "clean's output changed; if on purpose, rerun with CLEANER_UPDATE_GOLDEN=1 and review the diff")


def test_clean_drops_duplicates_and_the_accounting_balances(in_root, tmp_path: Path) -> None:
    stats_path = tmp_path / "stats.json"
    result = run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "out.jsonl"),
                 "--rejects", str(tmp_path / "rejects.jsonl"), "--stats", str(stats_path), "--quiet")
    assert result.exit_code == 0, result.output
    stats = json.loads(stats_path.read_text())
    kept, rejects = records(tmp_path / "out.jsonl"), records(tmp_path / "rejects.jsonl")
    assert stats["read"] == stats["kept"] + stats["dropped"] + stats["rejected"] == 278
    assert len(kept) == stats["kept"] and len(rejects) == stats["dropped"] > 0
    assert {r["reason"] for r in rejects} == {"duplicate"}
    clusters = [r["cleaner"]["cluster"]["id"] for r in kept if r["cleaner"]["cluster"]]
    assert len(clusters) == len(set(clusters))  # one representative per cluster
    assert all(r["cleaner"]["cluster"]["representative"] for r in kept if r["cleaner"]["cluster"])


def test_duplicates_clean_drops_skip_the_costly_stages_but_keep_their_cluster(
        in_root, tmp_path: Path) -> None:
    """A record on its way out as a duplicate is not normalized, split or scored; its
    reject keeps the record as read and its cluster, which says what story it repeats."""
    run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "out.jsonl"),
        "--rejects", str(tmp_path / "rejects.jsonl"), "--quiet")
    kept, rejects = records(tmp_path / "out.jsonl"), records(tmp_path / "rejects.jsonl")
    assert all("flagged" in r["cleaner"] for r in kept)
    assert all(set(r["raw"]["cleaner"]) == {"cluster"} for r in rejects)
    assert all(not r["raw"]["cleaner"]["cluster"]["representative"] for r in rejects)
    run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "all.jsonl"), "--drop", "",
        "--quiet")
    assert all("flagged" in r["cleaner"] for r in records(tmp_path / "all.jsonl"))


def test_clean_drop_off_topic_removes_the_stray_sentence_from_the_text(tmp_path: Path) -> None:
    seed = shared_path("examples", "deir-ez-zor.txt")
    out = tmp_path / "out.jsonl"
    result = run("clean", str(seed), "--drop", "off-topic", "--replace-text", "-o", str(out))
    assert result.exit_code == 0, result.output
    [record] = records(out)
    cleaned = record["cleaner"]["text"]
    assert "Manila" not in cleaned and "Manila" not in record["text"]
    assert "The source gave no details." in cleaned
    assert "Latest News" not in cleaned  # boilerplate never in the cleaned text
    assert record["cleaner"]["removed"] == {"off_topic": 1}
    assert "read 1 · kept 1 · sentences removed 1 (off_topic 1)" in result.stderr
    removed = [s for seg in record["cleaner"]["segments"] for s in seg.get("sentences", [])
               if s.get("removed")]
    assert len(removed) == 1 and "Manila" in removed[0]["text"]


def test_clean_rejects_an_unknown_drop_policy() -> None:
    result = run("clean", str(XSS), "--drop", "duplicates,typos")
    assert result.exit_code == 2
    assert "unknown typos" in result.stderr


@pytest.mark.parametrize("command", ["clean", "flag"])
def test_output_is_the_same_bytes_for_any_number_of_jobs(command: str, in_root, tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"{command}-{jobs}.jsonl"
        result = run(command, "samples/dump.jsonl", "samples/pages", "--jobs", jobs, "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_dask_local_cluster_gives_the_same_bytes_as_the_local_engine(
        in_root, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """…from one LocalCluster, started once for dedup's signatures and pass 3."""
    pytest.importorskip("distributed")
    started = []
    start_cluster = parallel._dask_client
    monkeypatch.setattr(parallel, "_dask_client",
                        lambda *args: started.append(args) or start_cluster(*args))
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("clean", "samples/dump.jsonl", "samples/pages", "--engine", engine, "--jobs", "2",
                     "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(started) == 1


def test_dask_scheduler_that_is_down_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = run("clean", str(XSS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 3
    assert "cannot reach the Dask scheduler" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_clean_normalizes_each_document_once_across_its_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normalize = importlib.import_module("cleaner.normalize")  # the module, not cleaner.normalize()
    normalized = []
    real = normalize.normalize_text
    monkeypatch.setattr(normalize, "normalize_text",
                        lambda text, **kw: normalized.append(text) or real(text, **kw))
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "text": f"Story {i}\n\nIt rained in town {i}."}) + "\n"
                            for i in range(5)))
    result = run("clean", str(dump), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(normalized) == sorted(f"Story {i}\n\nIt rained in town {i}." for i in range(5))


def test_slim_writes_only_the_result_of_each_record_and_agrees_with_the_full_one(in_root, tmp_path) -> None:
    full, slim = tmp_path / "full.jsonl", tmp_path / "slim.jsonl"
    for out, extra in ((full, []), (slim, ["--slim"])):
        result = run("clean", "samples/dump.jsonl", "samples/pages", "-o", str(out), "-q",
                     "--drop", "duplicates,off-topic", *extra)
        assert result.exit_code == 0, result.output
    assert slim.stat().st_size * 3 < full.stat().st_size
    for whole, result in zip(records(full), records(slim), strict=True):
        assert set(result) == {"id", "text", "flagged", "cluster"}
        cleaner = whole["cleaner"]
        assert result["id"] == whole["id"] and result["text"] == cleaner["text"]
        assert result["cluster"] == (cleaner["cluster"] or {}).get("id")
        flagged = [s for seg in cleaner["segments"] if seg["kind"] == "body"
                   for s in seg["sentences"] if s["flags"]]
        assert [f["text"] for f in result["flagged"]] == [s["text"] for s in flagged]
        assert [bool(f.get("removed")) for f in result["flagged"]] == [
            bool(s.get("removed")) for s in flagged]


def test_slim_with_replace_text_is_a_contradiction(in_root, tmp_path) -> None:
    result = run("clean", "samples/record.jsonl", "--slim", "--replace-text")
    assert result.exit_code == 2
    assert "leave out --replace-text" in result.output
