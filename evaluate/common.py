"""Where the evaluation data lives, and how a missing part is reported."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


class Missing(Exception):
    """An evaluation's data is absent; the message says which."""


def data_path(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        raise Missing(f"{path} is absent")
    return path
