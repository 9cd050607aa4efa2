"""Print what cleaner did to each record of an output file: `python samples/show.py OUT.jsonl`."""

from __future__ import annotations

import json
import sys
from collections import Counter


def main(path: str) -> None:
    totals: Counter[str] = Counter()
    changed = 0
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            fixes = rec["cleaner"].get("fixes", {})
            totals.update(fixes)
            if set(fixes) - {"whitespace"}:
                changed += 1
                rows.append((rec["id"], fixes, rec["cleaner"]["text"].split("\n", 1)[0][:70]))
    print(f"\n{changed} records needed more than whitespace fixes; fixes in all: {dict(totals)}")
    for rid, fixes, first_line in rows[:12]:
        print(f"  {rid:<22} {', '.join(f'{k} {v}' for k, v in fixes.items()):<34} {first_line}")
    if len(rows) > 12:
        print(f"  … and {len(rows) - 12} more in {path}")


if __name__ == "__main__":
    main(sys.argv[1])
