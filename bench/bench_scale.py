"""Scale: --jobs and Dask on a 50,000-document dump (same bytes, speed-up, overhead),
clean on 1,000,000 documents (generated, streamed; peak memory of the whole process
tree), and how fast the dedup index reads and writes on SQLite and Redis."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cleaner.dedup.index import Entry, open_index

from .bench_clean import WORK, peak_and_time, write_dump


def run_clean(dump: Path, out: str, *options: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, whole process tree) of one clean run."""
    cleaner = str(Path(sys.executable).with_name("cleaner"))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    seconds, peak, _ = peak_and_time([cleaner, "clean", str(dump), "-o", out, "-q", *options], env)
    return seconds, peak


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def engines(quick: bool = False) -> list[dict[str, object]]:
    n = 2_000 if quick else 50_000
    dump = write_dump(n)
    rows, digests, seconds = [], {}, {}
    for label, options in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]),
                           ("--engine dask --jobs 2", ["--engine", "dask", "--jobs", "2"])):
        out = WORK / "scale-out.jsonl"
        seconds[label], peak = run_clean(dump, str(out), *options)
        digests[label] = _digest(out)
        out.unlink()
        rows.append({"bench": f"scale: clean {label} ({n:,} documents)", "docs/s": round(n / seconds[label]),
                     "peak RSS MB (all processes)": round(peak)})
    # The dump repeats its stories, so clean drops most documents as duplicates before
    # the costly stages; with every document scored, the per-document stages dominate.
    for jobs in ("1", "2"):
        seconds[f"scored {jobs}"], peak = run_clean(dump, os.devnull, "--jobs", jobs, "--drop", "")
        rows.append({"bench": f"scale: clean --drop '' --jobs {jobs}, every document scored "
                              f"({n:,} documents)", "docs/s": round(n / seconds[f"scored {jobs}"]),
                     "peak RSS MB (all processes)": round(peak)})
    rows.append({
        "bench": f"scale: engines compared ({n:,} documents)",
        "same bytes for all three": len(set(digests.values())) == 1,
        "--jobs 2 speed-up over --jobs 1": round(seconds["--jobs 1"] / seconds["--jobs 2"], 2),
        "the same, every document scored": round(seconds["scored 1"] / seconds["scored 2"], 2),
        "dask LocalCluster time / local --jobs 2": round(seconds["--engine dask --jobs 2"]
                                                         / seconds["--jobs 2"], 3),
    })
    return rows


def million(quick: bool = False) -> list[dict[str, object]]:
    """clean over a large dump: BENCH_LARGE_DOCS documents (default 1,000,000; about 22
    minutes on two cores here, so it can be run smaller)."""
    n = 20_000 if quick else int(os.environ.get("BENCH_LARGE_DOCS", "1000000"))
    dump = write_dump(n)
    seconds, peak = run_clean(dump, os.devnull, "--jobs", "2")
    return [{"bench": f"scale: clean --jobs 2 on {n:,} documents (output to /dev/null)",
             "docs/s": round(n / seconds), "minutes": round(seconds / 60, 1),
             "peak RSS MB (all processes)": round(peak), "under 4 GiB": peak < 4096}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index(quick: bool = False) -> list[dict[str, object]]:
    n = 10_000 if quick else 200_000
    entries = [Entry(f"d{i}\x00None", f"d{i}", f"Headline number {i} about the budget vote",
                     "2025-03-01", "2026-01-01") for i in range(n)]
    rows = []
    locations = []
    folder = Path(tempfile.mkdtemp())
    locations.append(("SQLite", str(folder / "bench.db")))
    server = None
    if shutil.which("redis-server"):
        port = _free_port()
        server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                                  stdout=subprocess.DEVNULL)
        time.sleep(1.0)
        locations.append(("Redis", f"redis://127.0.0.1:{port}/0"))
    try:
        for name, location in locations:
            idx = open_index(location, "headline")
            start = time.perf_counter()
            idx.add(entries)
            write = time.perf_counter() - start
            start = time.perf_counter()
            loaded = idx.entries()
            read = time.perf_counter() - start
            idx.close()
            rows.append({"bench": f"scale: dedup index on {name} ({n:,} entries)",
                         "entries written/s": round(n / write), "entries read/s": round(len(loaded) / read)})
    finally:
        if server is not None:
            server.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    return rows
