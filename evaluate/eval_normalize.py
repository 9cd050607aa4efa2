"""normalize against ftfy's own test cases: how many repairs match ftfy's expected output."""

from __future__ import annotations

import json

from ftfy.fixes import uncurl_quotes

from cleaner.normalize import normalize_text

from .common import data_path


def run() -> list[dict[str, object]]:
    rows = []
    for name in ("in-the-wild", "synthetic", "language-names", "negative", "known-failures"):
        cases = json.loads(data_path("ftfy-cases", f"{name}.json").read_text("utf-8"))
        # ftfy's expectations straighten quotes and widths; we keep both, so compare
        # with quotes straightened and ignore cases that only differ by character width.
        right = sum(
            uncurl_quotes(normalize_text(c["original"]).text) == uncurl_quotes(c["fixed"]).strip()
            for c in cases
        )
        rows.append({"eval": f"normalize vs ftfy cases ({name})", "cases": len(cases),
                     "as expected": right, "share": round(right / len(cases), 3)})
    return rows
