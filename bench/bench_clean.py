"""clean throughput on synthetic news dumps, one core, against ftfy.fix_text alone.

Two dumps, written once to bench/work/ (fixed seed; streamed, never held in memory),
of news articles with publishers' typography, site navigation and footers glued on,
one in twenty as mojibake:
- the main dump: one document in five a re-scrape of an earlier story with a decorated
  headline; drawn from a couple of thousand articles, most of its documents repeat one;
- every article once: nothing repeats, the cost of text the run has not seen before.
Every run is a separate process pinned to one core; peak memory is sampled from /proc.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .bench_split import FOOTER, NAV
from .corpus import mojibake, news_articles, typographic

WORK = Path(__file__).with_name("work")
DECORATIONS = ["UPDATE 2-{}", "{} - The Daily Globe", "{} | Reuters", "BREAKING: {}", "{} (VIDEO)"]


def write_dump(n: int, seed: int = 5) -> Path:
    """The main dump: one document in five a re-scrape of an earlier story."""
    def lines() -> Iterator[str]:
        rng = random.Random(seed)
        articles = news_articles()
        seen: list[tuple[str, str]] = []
        for i in range(n):
            if seen and rng.random() < 0.2:
                headline, body = rng.choice(seen)
                headline = rng.choice(DECORATIONS).format(headline)
            else:
                headline, _, body = rng.choice(articles).partition("\n")
                body = typographic(body.strip(), rng)
                if len(seen) < 50_000:
                    seen.append((headline, body))
            yield _scraped(f"n{i}", headline, body, rng)
    return _written_once(WORK / f"news-dump-{n}.jsonl", lines)


def write_distinct_dump(seed: int = 5) -> Path:
    """Every news article once: no document repeats another, so no stage finds a
    duplicate and no sentence is seen twice."""
    articles = news_articles()

    def lines() -> Iterator[str]:
        rng = random.Random(seed)
        for i, article in enumerate(articles):
            headline, _, body = article.partition("\n")
            yield _scraped(f"a{i}", headline, typographic(body.strip(), rng), rng)
    return _written_once(WORK / f"news-distinct-{len(articles)}.jsonl", lines)


def _scraped(doc_id: str, headline: str, body: str, rng: random.Random) -> str:
    """One dump line: the story as a scraper stores it, with site navigation and footers,
    one in twenty as mojibake."""
    nav = rng.sample(NAV, k=rng.randint(0, 2))
    footer = rng.sample(FOOTER, k=rng.randint(1, 3))
    text = "\n\n".join([headline, *nav, body, *footer])
    if rng.random() < 0.05:
        text = mojibake(text)
    return json.dumps({"id": doc_id, "title": headline, "text": text,
                       "source": rng.choice(["globe.example", "wire.example"])}) + "\n"


def _written_once(path: Path, lines: Callable[[], Iterable[str]]) -> Path:
    """`path`, written from `lines()` the first time it is asked for (then kept)."""
    if not path.exists():
        WORK.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(lines())
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
    (every document kept and scored), each against ftfy.fix_text over the same dump; and
    every document scored on a dump where nothing repeats."""
    n = 5_000 if quick else 100_000
    rows = _compare(write_dump(n), f"synthetic news dump, {n:,} documents",
                    [("duplicates dropped", []), ("--drop '', every document scored", ["--drop", ""])])
    distinct = write_distinct_dump()
    return rows + _compare(distinct, f"every article once, {_count(distinct):,} documents",
                           [("--drop '', every document scored, nothing repeated", ["--drop", ""])])


def _count(path: Path) -> int:
    with path.open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def _compare(dump: Path, described: str, runs: list[tuple[str, list[str]]]) -> list[dict[str, object]]:
    """Each run of clean over `dump` on one core, with ftfy.fix_text over the same dump. The
    rate net of start-up takes off a run over the dump's first 20 documents (loading
    the models), which a long run pays once."""
    n = _count(dump)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cleaner = str(Path(sys.executable).with_name("cleaner"))
    out, stats = WORK / "clean-out.jsonl", WORK / "clean-stats.json"
    ftfy_seconds, ftfy_peak, printed = peak_and_time(
        _one_core([sys.executable, "-c", FTFY_WORKER, str(dump)]), env)
    ftfy_rate = json.loads(printed)["docs"] / ftfy_seconds
    head = WORK / "clean-head.jsonl"
    with dump.open(encoding="utf-8") as fh:
        head.write_text("".join(line for _, line in zip(range(20), fh, strict=False)), encoding="utf-8")
    rows = []
    for label, options in runs:
        seconds, peak, _ = peak_and_time(_one_core(
            [cleaner, "clean", str(dump), "-o", str(out), "-q", "--stats", str(stats), *options]), env)
        dropped = json.loads(stats.read_text())["dropped"]
        start_up, _, _ = peak_and_time(_one_core(
            [cleaner, "clean", str(head), "-o", str(out), "-q", *options]), env)
        net = n / max(seconds - start_up, 1e-9)
        rows.append({
            "bench": f"clean, {label} ({described}, one core)",
            "docs/s": round(n / seconds),
            "docs/s net of start-up": round(net),
            "start-up s": round(start_up, 1),
            "peak RSS MB": round(peak),
            "documents dropped as duplicates": f"{dropped / n:.0%}",
            "ftfy.fix_text docs/s": round(ftfy_rate),
            "ftfy peak RSS MB": round(ftfy_peak),
            "clean / ftfy speed": round((n / seconds) / ftfy_rate, 3),
            "clean / ftfy speed net of start-up": round(net / ftfy_rate, 3),
        })
    for path in (out, stats, head):
        path.unlink(missing_ok=True)
    return rows
