"""Run every evaluation, print one table, write evaluate/results.json."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import eval_normalize, eval_split
from .common import Missing

EVALS = {"normalize": eval_normalize.run, "split": eval_split.run}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m evaluate")
    parser.add_argument("names", nargs="*", help=f"evaluations to run (default all: {list(EVALS)})")
    args = parser.parse_args()
    results = []
    for name in args.names or EVALS:
        try:
            rows = EVALS[name]()
        except Missing as exc:
            print(f"{name}: skipped ({exc})")
            continue
        for row in rows:
            print("  ".join(f"{k}: {v}" for k, v in row.items()))
        results.extend(rows)
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
