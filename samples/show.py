"""Print what cleaner did: `python samples/show.py OUT.jsonl [CLUSTERS.jsonl]`."""

from __future__ import annotations

import json
import sys
from collections import Counter


def main(path: str, clusters: str | None = None) -> None:
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    fixes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for rec in records:
        fixes.update(rec["cleaner"].get("fixes", {}))
        kinds.update(s["kind"] for s in rec["cleaner"].get("segments", []))
    print(f"\n{len(records)} records · fixes: {dict(fixes)} · segments: {dict(kinds)}")
    for rec in records:
        page = "warc_record_id" in rec  # a page from a WARC archive: say where it came from
        if not (str(rec["id"]).endswith(".txt") or page) or "segments" not in rec["cleaner"]:
            continue
        print(f"\n{rec['id']}")
        if page:
            print(f"  {rec.get('title')!r} · {rec.get('url')} · {rec.get('published')} · {rec.get('source')}")
        for seg in rec["cleaner"]["segments"]:
            reason = f"  ({seg['flags'][0]['reason']})" if seg["flags"] else ""
            print(f"  {seg['kind']:<11} {seg['text'][:60]:<60}{reason}")
            for sentence in seg.get("sentences", []):
                for flag in sentence["flags"]:
                    print(f"      {flag['name']} {flag['score']:.2f}: {sentence['text'][:70]}")
                    print(f"        because: {flag['reason'][:110]}")
    if clusters:
        with open(clusters, encoding="utf-8") as fh:
            lines = [json.loads(line) for line in fh]
        print(f"\n{len(lines)} clusters of near-duplicate headlines; the three largest:")
        for cluster in lines[:3]:
            print(f"  {cluster['id']} ({cluster['size']} headlines)")
            for member in cluster["members"][:5]:
                print(f"    {member['similarity']:.2f}  {member['text']}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
