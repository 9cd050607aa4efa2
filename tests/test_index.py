"""The persistent dedup index, on a real SQLite file and a real redis-server."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.dedup.index import SqliteIndex
from cleaner.errors import CleanerError

from .conftest import ROOT

DUMP = ROOT / "samples" / "dump.jsonl"
REDIS_SERVER = shutil.which("redis-server")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("redis-server did not start")


@pytest.fixture
def redis_url() -> Iterator[str]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    pytest.importorskip("redis")
    port = free_port()
    proc = start_redis(port)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def index_location(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "seen.db")
    return request.getfixturevalue("redis_url")


def split_days(tmp_path: Path) -> tuple[Path, Path, Path]:
    lines = DUMP.read_text("utf-8").split("\n")
    lines = [x for x in lines if x]
    day1, day2, both = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl", tmp_path / "both.jsonl"
    day1.write_text("\n".join(lines[:140]) + "\n", "utf-8")
    day2.write_text("\n".join(lines[140:]) + "\n", "utf-8")
    both.write_text("\n".join(lines) + "\n", "utf-8")
    return day1, day2, both


def clusters_of(path: Path) -> dict[str, dict | None]:
    records = [json.loads(x) for x in path.read_text("utf-8").split("\n") if x]
    return {r["id"]: r["cleaner"]["cluster"] for r in records}


def test_incremental_equals_batch(index_location: str, tmp_path: Path) -> None:
    day1, day2, both = split_days(tmp_path)
    assert run("dedup", str(both), "-o", str(tmp_path / "batch.jsonl"), "-q").exit_code == 0
    assert run("dedup", str(day1), "--index", index_location, "-o", str(tmp_path / "1.jsonl"),
               "-q").exit_code == 0
    assert run("dedup", str(day2), "--index", index_location, "-o", str(tmp_path / "2.jsonl"),
               "-q").exit_code == 0
    batch = clusters_of(tmp_path / "batch.jsonl")
    incremental = {**clusters_of(tmp_path / "1.jsonl"), **clusters_of(tmp_path / "2.jsonl")}
    day2_ids = set(clusters_of(tmp_path / "2.jsonl"))
    assert {k: incremental[k] for k in day2_ids} == {k: batch[k] for k in day2_ids}
    records = [json.loads(x) for x in (tmp_path / "2.jsonl").read_text("utf-8").split("\n") if x]
    new = [r for r in records if r["cleaner"]["new"]]
    assert 0 < len(new) < len(records)  # most of day 2 repeats day 1's stories
    assert all(r["cleaner"]["cluster"] is None or r["cleaner"]["cluster"]["size"] >= 2 for r in new)
    stats = json.loads(run("index", "stats", index_location).stdout)
    assert stats["entries"] == 278


def test_indexing_the_same_input_twice_adds_nothing_and_marks_nothing_new(index_location: str,
                                                                          tmp_path: Path) -> None:
    day1, _, _ = split_days(tmp_path)
    for name in ("a.jsonl", "b.jsonl"):
        assert run("dedup", str(day1), "--index", index_location, "-o", str(tmp_path / name),
                   "-q").exit_code == 0
    second = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text("utf-8").split("\n") if x]
    assert not any(r["cleaner"]["new"] for r in second)
    assert json.loads(run("index", "stats", index_location).stdout)["entries"] == 140


def test_prune_removes_entries_before_a_date(index_location: str, tmp_path: Path) -> None:
    day1, _, _ = split_days(tmp_path)
    assert run("dedup", str(day1), "--index", index_location, "-o", str(tmp_path / "o.jsonl"),
               "-q").exit_code == 0
    pruned = run("index", "prune", index_location, "--before", "2025-03-05")
    assert pruned.exit_code == 0 and "removed" in pruned.stderr
    left = json.loads(run("index", "stats", index_location).stdout)["entries"]
    assert 0 < left < 140
    assert run("index", "prune", index_location, "--before", "soon").exit_code == 2


def _dedup_process(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cleaner", "dedup", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_two_runs_writing_one_index_at_once_lose_nothing(index_location: str, tmp_path: Path) -> None:
    day1, day2, _ = split_days(tmp_path)
    procs = [_dedup_process([str(day), "--index", index_location, "-o", f"{day.stem}.out", "-q"],
                            tmp_path) for day in (day1, day2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert json.loads(run("index", "stats", index_location).stdout)["entries"] == 278
    if not index_location.startswith("redis://"):
        with sqlite3.connect(index_location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _open_index_after(barrier: Any, path: str, answers: Any) -> None:
    barrier.wait()
    try:
        SqliteIndex(path, "headline")
        answers.put("ok")
    except CleanerError as exc:
        answers.put(str(exc))


def test_runs_creating_one_sqlite_index_at_once_all_open_it(tmp_path: Path) -> None:
    """SQLite refuses, without waiting, one of two runs switching a new file to
    write-ahead logging together: one trial in five failed before the switch was retried."""
    context = multiprocessing.get_context("fork")
    for trial in range(20):
        barrier, answers = context.Barrier(4), context.Queue()
        path = str(tmp_path / f"{trial}.db")
        runs = [context.Process(target=_open_index_after, args=(barrier, path, answers)) for _ in range(4)]
        for process in runs:
            process.start()
        found = [answers.get(timeout=60) for _ in runs]
        for process in runs:
            process.join()
        assert found == ["ok"] * 4


def test_an_index_of_another_field_is_refused(tmp_path: Path) -> None:
    day1, _, _ = split_days(tmp_path)
    db = str(tmp_path / "seen.db")
    assert run("dedup", str(day1), "--index", db, "-o", str(tmp_path / "a.jsonl"), "-q").exit_code == 0
    result = run("dedup", str(day1), "--index", db, "--field", "text", "-o", str(tmp_path / "b.jsonl"))
    assert result.exit_code == 2 and "holds headlines" in result.stderr


def test_redis_that_is_down_gives_a_clear_error_and_no_output(tmp_path: Path) -> None:
    pytest.importorskip("redis")
    day1, _, _ = split_days(tmp_path)
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = run("dedup", str(day1), "--index", url, "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 3
    assert f"cannot reach the Redis index at {url}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def _big_dump(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"b{i}", "title": f"Story number {i} about the council budget",
                                 "text": "The council met. " * 40}) + "\n")


def test_redis_going_away_mid_run_leaves_no_output(tmp_path: Path) -> None:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    pytest.importorskip("redis")
    port = free_port()
    server = start_redis(port)
    _big_dump(tmp_path / "big.jsonl", 10_000)
    proc = _dedup_process(["big.jsonl", "--index", f"redis://127.0.0.1:{port}/0", "-o", "out.jsonl"],
                          tmp_path)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the index has been read; the output is being written
            if "from the index" in line:
                break
        server.kill()
        server.wait(timeout=10)
        _, rest = proc.communicate(timeout=120)
    finally:
        server.kill()
    assert proc.returncode == 3, rest
    assert "cannot reach the Redis index" in rest and "Traceback" not in rest
    assert not (tmp_path / "out.jsonl").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_sigkill_leaves_the_sqlite_index_with_all_or_none_of_a_run(tmp_path: Path) -> None:
    _big_dump(tmp_path / "big.jsonl", 10_000)
    db = tmp_path / "seen.db"
    proc = _dedup_process(["big.jsonl", "--index", str(db), "-o", "out.jsonl"], tmp_path)
    assert proc.stderr is not None
    for line in proc.stderr:
        if "from the index" in line:
            break
    proc.kill()
    proc.communicate(timeout=30)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] in (0, 10_000)
    assert not (tmp_path / "out.jsonl").exists()


def test_inspecting_a_missing_index_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    for args in (["index", "stats", str(missing)],
                 ["index", "prune", str(missing), "--before", "2025-01-01"]):
        result = run(*args)
        assert result.exit_code == 3
        assert "no such index" in result.stderr
    assert not missing.exists()
