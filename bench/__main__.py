"""Run every benchmark, print one table, write bench/results.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from . import (
    bench_clean,
    bench_dedup,
    bench_flag,
    bench_memory,
    bench_normalize,
    bench_pages,
    bench_pipeline,
    bench_scale,
    bench_split,
)

BENCHES = {"normalize": bench_normalize.run, "split": bench_split.run, "dedup": bench_dedup.run,
           "flag": bench_flag.run, "clean": bench_clean.run, "pipeline": bench_pipeline.run,
           "scale-index": bench_scale.index, "scale-engines": bench_scale.engines,
           "scale-million": bench_scale.million, "memory": bench_memory.run,
           "pages": bench_pages.run}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {list(BENCHES)})")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    args = parser.parse_args()
    results = []
    for name in args.names or BENCHES:
        results.extend(BENCHES[name](quick=args.quick))
    for row in results:
        print("  ".join(f"{k}: {v}" for k, v in row.items()))
    out = Path(__file__).with_name("results.json")
    # Keep the rows of benchmarks not run this time, so a partial run updates the file.
    previous = json.loads(out.read_text())["results"] if out.exists() else []
    fresh = {row["bench"] for row in results}
    results = [row for row in previous if row["bench"] not in fresh] + results
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or
                    platform.machine(), "cores": os.cpu_count()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "results": results,
    }, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
