"""MLQE-PE direct assessments: machine translation into English scored 0-100 by people
(../shared/data/mlqe-pe, CC0). The dev splits are what the evaluation reports; the train
splits are left for fitting."""

from __future__ import annotations

import tarfile
from typing import NamedTuple

from .common import data_path

BAD_MT, GOOD_MT = 30, 70  # people's mean score: a bad translation below, a good one at or above


class Translation(NamedTuple):
    pair: str
    article: str  # the source article (doc_id)
    text: str  # the English machine translation
    mean: float  # people's mean score


def translations(split: str) -> list[Translation]:
    """Every row of every pair's `split` ("train" or "dev"), pair by pair."""
    rows = []
    for path in sorted(data_path("mlqe-pe").glob(f"*-en-{split}.tar.gz")):
        pair = path.name.split(f"-{split}")[0]
        with tarfile.open(path) as archive:
            lines, articles = _read(archive, ".tsv"), _read(archive, ".doc_ids")[1:]
        head = lines[0].split("\t")  # split on tabs: fields hold bare quotes
        for article, line in zip(articles, [x for x in lines[1:] if x.strip()], strict=False):
            row = dict(zip(head, line.split("\t"), strict=False))
            rows.append(Translation(pair, article, row["translation"], float(row["mean"])))
    return rows


def _read(archive: tarfile.TarFile, suffix: str) -> list[str]:
    member = next(m for m in archive.getmembers() if m.name.endswith(suffix))
    return archive.extractfile(member).read().decode("utf-8").split("\n")  # type: ignore[union-attr]
