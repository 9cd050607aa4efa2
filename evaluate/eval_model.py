"""model: the shipped models are what `make model` builds from ../shared/data with this
code. A change to split or to a feature that is not followed by a rebuild leaves the
shipped weights fitted on evidence other than what the code now works out; nothing else
would show it, since every score still comes out plausible."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .common import ROOT, data_path

FILES = ("news_model_en.npz", "fluency_en.npz")  # written together by the build
TOLERANCE = 1e-6  # the weights are written rounded to six decimals


def run() -> list[dict[str, Any]]:
    data_path("bbc_news")  # the build's data; Missing skips this evaluation without it
    with tempfile.TemporaryDirectory(prefix="cleaner-model-") as tmp:
        subprocess.run([sys.executable, "-m", "scripts.build_news_model", "-o", str(Path(tmp) / FILES[0])],
                       cwd=ROOT, check=True, capture_output=True)
        return [_compared(name, ROOT / "cleaner" / "data" / name, Path(tmp) / name) for name in FILES]


def _compared(name: str, shipped_path: Path, built_path: Path) -> dict[str, Any]:
    with np.load(shipped_path) as shipped, np.load(built_path) as built:
        both = sorted(set(shipped.files) & set(built.files))
        differing = sorted(set(shipped.files) ^ set(built.files)) + [
            key for key in both if not _same(shipped[key], built[key])]
    return {"eval": f"model {name}: the shipped file is what make model builds",
            "same": int(not differing), "differing arrays": ", ".join(differing) or "none"}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if np.issubdtype(a.dtype, np.floating):
        return bool(np.allclose(a, b, rtol=0, atol=TOLERANCE))
    return bool(np.array_equal(a, b))
