"""Shared fixtures: the shared examples and data live beside the project and may be absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A fixed budget keeps `make test` quick, and fixed examples keep it the same from run to
# run (a gate that passes or fails by chance tells nothing); `make fuzz` runs the same
# properties far longer, on examples drawn afresh.
settings.register_profile("default", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
DATA = SHARED / "data"
SAMPLES = ROOT / "samples"
XSS = ROOT / "tests" / "data" / "xss.jsonl"  # scraped markup that must always come out escaped


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared examples and data sit beside the project)")
    return path


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, so record ids and origins are the relative paths."""
    monkeypatch.chdir(ROOT)
