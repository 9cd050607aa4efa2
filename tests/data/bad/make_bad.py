"""Write the bad-input collection (run from this folder: python make_bad.py).

Each file is one way real inputs go wrong; expected.json says what cleaner must do
with it. The 20 MB single line is made by the test itself rather than stored.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

GOOD = {"id": "good-1", "text": "The council met on Monday."}
GOOD2 = {"id": "good-2", "text": "Rain is expected later in the week."}


def line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def main() -> None:
    here = Path(".")
    (here / "invalid-utf8.jsonl").write_bytes(
        line(GOOD) + b'{"id": "bad", "text": "Caf\xe9 \xff\xfe owners"}\n' + line(GOOD2))
    (here / "utf16-bom.txt").write_bytes("Café owners are back.\n".encode("utf-16"))
    (here / "utf16-bom.jsonl").write_bytes((json.dumps(GOOD) + "\n").encode("utf-16"))
    payload = b"".join(line({"id": f"r{i}", "text": f"Record number {i} of a long dump."})
                       for i in range(2000))
    (here / "truncated.jsonl.gz").write_bytes(gzip.compress(payload)[:3000])
    (here / "truncated.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(payload)[:3000])
    (here / "array-line.jsonl").write_bytes(line(GOOD) + b"[1, 2, 3]\n" + line(GOOD2))
    (here / "missing-text.jsonl").write_bytes(line(GOOD) + line({"id": "no-text", "body": "x"}))
    (here / "nonstring-text.jsonl").write_bytes(line(GOOD) + line({"id": "n", "text": 42}))
    (here / "duplicate-ids.jsonl").write_bytes(line(GOOD) + line(GOOD2) + line(
        {"id": "good-1", "text": "Another record that reuses the first id."}))
    (here / "empty.jsonl").write_bytes(b"")
    folder = here / "folder-with-unreadable"
    folder.mkdir(exist_ok=True)
    (folder / "readable.txt").write_text("This page can be read.\n", "utf-8")
    link = folder / "dangling.txt"
    if not link.is_symlink():
        os.symlink("does-not-exist.txt", link)
    (here / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (here / "ragged.csv").write_text('id,text\n1,"A fine row."\n2,"Too many",fields,here\n'
                                     '3,"Another fine row."\n', "utf-8")
    table = pa.table({"id": ["p1", "p2"], "body": ["no text column", "here either"]})
    pq.write_table(table, here / "no-text.parquet")
    (here / "unicode-line-breaks.jsonl").write_bytes(
        line({"id": "nel", "text": "First\u0085second"}) + line({"id": "ls", "text": "One\u2028two"})
        + line({"id": "ps", "text": "Para\u2029graph"}))
    (here / "c1-mojibake.txt").write_bytes("The minister\u00e2\u0080\u0099s plan, caf\u00c3\u00a9 "
                                           "owners said.\n".encode("utf-8"))
    (here / "lone-surrogate.jsonl").write_bytes(line(GOOD) + b'{"id": "s", "text": "half \\ud800 pair"}\n')
    (here / "nul.jsonl").write_bytes(line({"id": "nul", "text": "Null\u0000byte inside"}))


if __name__ == "__main__":
    main()
