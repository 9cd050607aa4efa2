"""clean throughput on a synthetic news dump, one core, against ftfy.fix_text alone.

The dump (written once to bench/work/, fixed seed, streamed, never held in memory):
news articles with publishers' typography, site navigation and footers glued on,
one in twenty as mojibake, and one in five a re-scrape of an earlier story with a
decorated headline. Both runs are separate processes pinned to one core; peak
memory is the process's VmHWM.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .bench_split import FOOTER, NAV
from .corpus import mojibake, news_articles, typographic

WORK = Path(__file__).with_name("work")
DECORATIONS = ["UPDATE 2-{}", "{} - The Daily Globe", "{} | Reuters", "BREAKING: {}", "{} (VIDEO)"]


def write_dump(n: int, seed: int = 5) -> Path:
    path = WORK / f"news-dump-{n}.jsonl"
    if path.exists():
        return path
    WORK.mkdir(exist_ok=True)
    rng = random.Random(seed)
    articles = news_articles()
    seen: list[tuple[str, str]] = []
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if seen and rng.random() < 0.2:
                headline, body = rng.choice(seen)
                headline = rng.choice(DECORATIONS).format(headline)
            else:
                headline, _, body = rng.choice(articles).partition("\n")
                body = typographic(body.strip(), rng)
                if len(seen) < 50_000:
                    seen.append((headline, body))
            nav = rng.sample(NAV, k=rng.randint(0, 2))
            footer = rng.sample(FOOTER, k=rng.randint(1, 3))
            text = "\n\n".join([headline, *nav, body, *footer])
            if rng.random() < 0.05:
                text = mojibake(text)
            fh.write(json.dumps({"id": f"n{i}", "title": headline, "text": text,
                                 "source": rng.choice(["globe.example", "wire.example"])}) + "\n")
    tmp.rename(path)
    return path


FTFY_WORKER = """
import json, sys, time, ftfy
start = time.perf_counter()
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        ftfy.fix_text(json.loads(line)["text"])
        n += 1
print(json.dumps({"seconds": time.perf_counter() - start, "docs": n}))
"""


def _one_core(command: list[str]) -> list[str]:
    return (["taskset", "-c", "0"] if shutil.which("taskset") else []) + command


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, now."""
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():  # children of every thread:
                todo.extend(int(c) for c in (task / "children").read_text().split())  # Dask's too
        except OSError:
            continue
    return total


def peak_and_time(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB, the process and its workers, sampled from /proc while
    it runs) and stdout of a command; a failed command is an error."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}… failed with {proc.returncode}")
    return time.perf_counter() - start, peak, out


def run(quick: bool = False) -> list[dict[str, object]]:
    """clean as users run it (duplicates dropped, and so never scored) and with --drop ''
    (every document kept and scored), each against ftfy.fix_text over the same dump."""
    n = 5_000 if quick else 100_000
    dump = write_dump(n)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cleaner = str(Path(sys.executable).with_name("cleaner"))
    out, stats = WORK / "clean-out.jsonl", WORK / "clean-stats.json"
    ftfy_seconds, ftfy_peak, printed = peak_and_time(
        _one_core([sys.executable, "-c", FTFY_WORKER, str(dump)]), env)
    ftfy_rate = json.loads(printed)["docs"] / ftfy_seconds
    rows = []
    for label, options in (("duplicates dropped", []), ("--drop '', every document scored",
                                                         ["--drop", ""])):
        seconds, peak, _ = peak_and_time(_one_core(
            [cleaner, "clean", str(dump), "-o", str(out), "-q", "--stats", str(stats), *options]), env)
        dropped = json.loads(stats.read_text())["dropped"]
        rows.append({
            "bench": f"clean, {label} (synthetic news dump, {n:,} documents, one core)",
            "docs/s": round(n / seconds),
            "peak RSS MB": round(peak),
            "documents dropped as duplicates": f"{dropped / n:.0%}",
            "ftfy.fix_text docs/s": round(ftfy_rate),
            "ftfy peak RSS MB": round(ftfy_peak),
            "clean / ftfy speed": round((n / seconds) / ftfy_rate, 3),
        })
    out.unlink(missing_ok=True)
    stats.unlink(missing_ok=True)
    return rows
