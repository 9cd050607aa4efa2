"""Reliability: bad inputs, interruptions, and nothing written where it was not asked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli

from .conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"
EXPECTED = {k: v for k, v in json.loads((BAD / "expected.json").read_text("utf-8")).items()
            if not k.startswith("_")}
CLEANER = [sys.executable, "-m", "cleaner"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").split("\n") if x] if path.exists() else []


def test_every_file_of_the_bad_collection_has_an_expectation() -> None:
    files = {p.name for p in BAD.iterdir() if p.name not in {"expected.json", "make_bad.py"}}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_one_line_errors_and_the_good_records_come_out(name: str, tmp_path: Path
                                                                       ) -> None:
    expected = EXPECTED[name]
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    result = run("normalize", str(BAD / name), "-o", str(out), "--rejects", str(rejects))
    assert result.exit_code == expected["exit"], result.stderr
    kept, rejected = lines(out), lines(rejects)
    assert (len(kept), len(rejected)) == (expected["kept"], expected["rejected"])
    assert "Traceback" not in result.stderr
    if "message" in expected:
        [first] = [line for line in result.stderr.splitlines() if expected["message"] in line][:1]
        assert first.startswith("cleaner: ") and str(BAD) in first
    if "text" in expected:
        assert kept[0]["cleaner"]["text"] == expected["text"]
    for record in rejected:  # nothing lost: every rejected record keeps its reason and input
        assert record["reason"] and record["origin"]


@pytest.mark.parametrize("name", ["array-line.jsonl", "duplicate-ids.jsonl", "ragged.csv"])
def test_on_error_fail_stops_at_the_bad_record_with_exit_3(name: str, tmp_path: Path) -> None:
    result = run("normalize", str(BAD / name), "-o", str(tmp_path / "out.jsonl"), "--on-error", "fail")
    assert result.exit_code == 3
    assert "--on-error fail" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_9_mb_single_line_record_is_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    text = ("A long line of scraped text. " * 320_000)[:9_000_000]  # nine read chunks, under the limit
    big.write_text(json.dumps({"id": "big", "text": text}) + "\n" + json.dumps(
        {"id": "small", "text": "After the big one."}) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = run("normalize", str(big), "-o", str(out), "-q")
    assert result.exit_code == 0
    records = lines(out)
    assert [r["id"] for r in records] == ["big", "small"]
    assert len(records[0]["cleaner"]["text"]) == len(text.strip())


def test_a_20_mb_record_is_rejected_as_too_large_and_the_next_one_kept(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    text = ("A long line of scraped text. " * 720_000)[:20_000_000]
    big.write_text(json.dumps({"id": "big", "text": text}) + "\n" + json.dumps(
        {"id": "small", "text": "After the big one."}) + "\n", "utf-8")
    out, rejects, stats = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl", tmp_path / "stats.json"
    result = run("normalize", str(big), "-o", str(out), "--rejects", str(rejects),
                 "--stats", str(stats), "-q")
    assert result.exit_code == 0
    assert [r["id"] for r in lines(out)] == ["small"]
    (reject,) = lines(rejects)
    assert reject["reason"] == "record too large" and reject["origin"] == f"{big}:1"
    assert "20,000,000 bytes" in reject["detail"] and "--max-record-bytes" in reject["detail"]
    assert json.loads(stats.read_text())["rejected_by_reason"] == {"record too large": 1}


def _slow_dump(path: Path, n: int = 4000) -> None:
    sentence = "The council approved the budget after a long debate about libraries and parks. "
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i}", "title": f"Council story {i % 50}",
                                 "text": f"Council story {i % 50}\n\n" + sentence * 8}) + "\n")


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLEANER, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _wait_for_output_started(cwd: Path, name: str, proc: subprocess.Popen[str]) -> None:
    """Until the run is writing its output (a temporary file beside the target)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(f".{name}.") for p in cwd.iterdir()):
            return
        time.sleep(0.05)
    pytest.fail("the run never started writing")


def test_sigkill_mid_write_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    _slow_dump(tmp_path / "dump.jsonl")
    previous = b'{"id": "from the last run"}\n'
    (tmp_path / "out.jsonl").write_bytes(previous)
    proc = _start(["normalize", "dump.jsonl", "-o", "out.jsonl", "--rejects", "rejects.jsonl"],
                  tmp_path)
    _wait_for_output_started(tmp_path, "out.jsonl", proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert (tmp_path / "out.jsonl").read_bytes() == previous
    assert not (tmp_path / "rejects.jsonl").exists()


@pytest.mark.parametrize("command", [["normalize"], ["clean", "--jobs", "2", "--no-learn"]])
def test_sigint_stops_cleanly_with_a_message_and_the_accounting_so_far(command: list[str],
                                                                       tmp_path: Path) -> None:
    _slow_dump(tmp_path / "dump.jsonl", n=20_000)
    previous = b'{"id": "from the last run"}\n'
    (tmp_path / "out.jsonl").write_bytes(previous)
    proc = _start([*command, "dump.jsonl", "-o", "out.jsonl"], tmp_path)
    _wait_for_output_started(tmp_path, "out.jsonl", proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted; no output written" in stderr and "read " in stderr
    assert (tmp_path / "out.jsonl").read_bytes() == previous
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cleaner_writes_only_the_paths_it_was_given(tmp_path: Path) -> None:
    _slow_dump(tmp_path / "dump.jsonl", n=50)
    before = {p.name for p in tmp_path.iterdir()}
    proc = subprocess.run([*CLEANER, "clean", "dump.jsonl", "-o", "out.jsonl", "--rejects", "rej.jsonl",
                           "--clusters", "clusters.jsonl", "--stats", "stats.json", "-q"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    after = {p.name for p in tmp_path.iterdir()}
    assert after - before == {"out.jsonl", "rej.jsonl", "clusters.jsonl", "stats.json"}


@pytest.mark.parametrize("option", ["-o", "--rejects", "--clusters", "--stats"])
def test_no_output_may_overwrite_an_input(option: str, tmp_path: Path) -> None:
    _slow_dump(tmp_path / "dump.jsonl", n=5)
    original = (tmp_path / "dump.jsonl").read_bytes()
    args = ["clean", str(tmp_path / "dump.jsonl"), option, str(tmp_path / "dump.jsonl")]
    if option != "-o":
        args += ["-o", str(tmp_path / "out.jsonl")]
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert "is also an input" in result.stderr or "input" in result.stderr
    assert (tmp_path / "dump.jsonl").read_bytes() == original
