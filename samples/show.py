"""Print what cleaner did to the records of an output file: `python samples/show.py OUT.jsonl`."""

from __future__ import annotations

import json
import sys
from collections import Counter


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    fixes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for rec in records:
        fixes.update(rec["cleaner"].get("fixes", {}))
        kinds.update(s["kind"] for s in rec["cleaner"].get("segments", []))
    print(f"\n{len(records)} records · fixes: {dict(fixes)} · segments: {dict(kinds)}")
    for rec in records:
        if not str(rec["id"]).endswith(".txt") or "segments" not in rec["cleaner"]:
            continue
        print(f"\n{rec['id']}")
        for seg in rec["cleaner"]["segments"]:
            reason = f"  ({seg['flags'][0]['reason']})" if seg["flags"] else ""
            print(f"  {seg['kind']:<11} {seg['text'][:60]:<60}{reason}")


if __name__ == "__main__":
    main(sys.argv[1])
