"""Peak memory of `clean` on one huge record, against the record's size.

A scraper sometimes stores a whole site section, a forum thread or a live blog as one
record. Each record is one JSONL line whose text is news prose: the paragraphs of
many articles, shuffled, separated by blank lines (written once to bench/work/, fixed
seed), with a few ordinary documents before and after it. Every run is a separate
process (`clean --jobs 1`); its peak resident memory is the kernel's count
(getrusage), against the record's size: the stages should hold under about 30 times a
record's size, and a record over the limit (--max-record-bytes, 10 MB by default) is
rejected with its reason while the others are kept.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .bench_clean import WORK, _one_core, _written_once
from .corpus import news_articles, typographic

MB = 1_000_000
NEIGHBOURS = 3  # ordinary documents before and after the big one
GERMAN = ("\n\nDie Regierung hat am Montag ein neues Gesetz beschlossen. Es soll die Mieten in den "
          "großen Städten begrenzen und tritt im Sommer in Kraft.")


def big_text(size: int, seed: int = 11) -> str:
    """About `size` bytes of UTF-8 news prose (at most `size`): every article's paragraphs,
    shuffled, round after round, each round with other typography."""
    rng = random.Random(seed)
    paragraphs = [p.strip() for article in news_articles() for p in article.split("\n\n") if p.strip()]
    out: list[str] = []
    total = 0
    while True:
        order = rng.sample(paragraphs, len(paragraphs))
        for paragraph in order:
            paragraph = typographic(paragraph, rng)
            n = len(paragraph.encode("utf-8")) + 2
            if total + n > size:
                return "\n\n".join(out)
            out.append(paragraph)
            total += n


def write_big_record(size: int) -> Path:
    """A JSONL file: NEIGHBOURS ordinary articles, one record of `size` bytes of text,
    NEIGHBOURS more articles."""
    def lines() -> Iterator[str]:
        articles = news_articles()
        for i in range(NEIGHBOURS):  # the first quotes German: every model is loaded at start-up
            yield json.dumps({"id": f"before-{i}", "text": articles[i] + (GERMAN if i == 0 else "")}) + "\n"
        yield json.dumps({"id": "big", "title": "Everything on one page", "text": big_text(size)}) + "\n"
        for i in range(NEIGHBOURS):
            yield json.dumps({"id": f"after-{i}", "text": articles[-1 - i]}) + "\n"
    return _written_once(WORK / f"big-record-{size // MB}mb.jsonl", lines)


# Runs a command and prints the largest resident size of any process it waited for, in
# KiB (getrusage of the children: exact, where sampling /proc could miss a short peak).
PEAK_WORKER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mb(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Peak resident memory (MB) and wall seconds of a command; a failed command is an error."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_WORKER, *command], env=env,
                          capture_output=True, text=True, check=True)
    code, kib = map(int, done.stdout.split())
    if code != 0:
        raise RuntimeError(f"{' '.join(command[:3])}… failed with {code}")
    return kib * 1024 / MB, time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, object]]:
    """clean --jobs 1 on a file with one big record (10 MB; 1 MB with --quick) and on one
    with a 50 MB record, over the default limit (10 MB): rejected, the others kept; and
    (not with --quick) the 50 MB record cleaned under a higher limit. The start-up row is the
    same run on the ordinary documents alone (the models, every one loaded: a neighbour
    quotes German, so the language detector's profiles are too)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cleaner = [sys.executable, "-m", "cleaner"]  # this checkout's, wherever it is installed from
    out, stats = WORK / "memory-out.jsonl", WORK / "memory-stats.json"
    small = WORK / "memory-small.jsonl"
    big, huge = write_big_record((1 if quick else 10) * MB), write_big_record(50 * MB)
    with big.open(encoding="utf-8") as fh:
        small.write_text("".join(line for line in fh if '"id": "big"' not in line[:20]), encoding="utf-8")

    def clean(path: Path) -> list[str]:
        return [*cleaner, "clean", str(path), "--jobs", "1", "-q", "-o", str(out), "--stats", str(stats)]

    runs = [("start-up: the ordinary documents alone", small, clean(small)),
            ("one 10 MB record" if not quick else "one 1 MB record", big, clean(big)),
            ("one 50 MB record, over the default limit", huge, clean(huge))]
    if not quick:
        runs.append(("one 50 MB record, --max-record-bytes 60000000", huge,
                     [*clean(huge), "--max-record-bytes", str(60 * MB)]))
    rows = []
    start_up = 0.0
    for label, path, command in runs:
        peak, seconds = peak_rss_mb(_one_core(command), env)
        counts = json.loads(stats.read_text())
        row: dict[str, object] = {"bench": f"memory, clean --jobs 1, {label}", "peak RSS MB": round(peak),
                                  "seconds": round(seconds, 1), "kept": counts["kept"],
                                  "rejected": counts["rejected_by_reason"]}
        if path == small:
            start_up = peak
        else:
            size = max(_text_sizes(path))
            row.update({
                "largest record MB": round(size / MB, 1),
                "peak / largest record": round(peak * MB / size, 1),
                "peak above start-up MB": round(peak - start_up),
                "(peak - start-up) / largest record": round((peak - start_up) * MB / size, 1),
            })
        rows.append(row)
    for path in (out, stats, small):
        path.unlink(missing_ok=True)
    return rows


def _text_sizes(path: Path) -> Iterator[int]:
    """Each record's text, in bytes of UTF-8."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield len(json.loads(line)["text"].encode("utf-8"))
