"""Run every evaluation, print one table, write evaluate/results.json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import eval_dedup, eval_flag, eval_language, eval_model, eval_normalize, eval_pages, eval_split
from .common import Missing

EVALS = {"normalize": eval_normalize.run, "split": eval_split.run, "dedup": eval_dedup.run,
         "flag": eval_flag.run, "second-look": eval_flag.second_look_rows, "language": eval_language.run,
         "pages": eval_pages.run, "model": eval_model.run}


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
        results.extend({"evaluation": name, **row} for row in rows)
    out = Path(__file__).with_name("results.json")
    # The rows of evaluations not run this time stay; those of one that ran are replaced
    # whole, so a row it no longer writes (a renamed case, an old threshold) goes.
    ran = {row["evaluation"] for row in results}
    previous = json.loads(out.read_text()) if out.exists() else []
    out.write_text(json.dumps([r for r in previous if r.get("evaluation") not in ran] + results,
                              indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    broken = below_floors(results)
    for line in broken:
        print(f"BELOW FLOOR: {line}")
    sys.exit(1 if broken else 0)


def below_floors(results: list[dict]) -> list[str]:
    """Quality floors pinned in floors.json; raise one only with a measured improvement.
    A metric named "max …" is a ceiling on the metric after it (an error rate)."""
    floors = json.loads(Path(__file__).with_name("floors.json").read_text())
    broken = []
    for row in results:
        for metric, floor in floors.get(row["eval"], {}).items():
            if metric.startswith("max "):
                name = metric.removeprefix("max ")
                if row[name] > floor:
                    broken.append(f"{row['eval']}: {name} {row[name]} > {floor}")
            elif row[metric] < floor:
                broken.append(f"{row['eval']}: {metric} {row[metric]} < {floor}")
    return broken


if __name__ == "__main__":
    main()
