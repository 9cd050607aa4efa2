"""The Python API: every command is one call over one runner, so every command that
splits, flags or clusters annotates a document exactly as `clean --drop none` does."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import Settings

from .conftest import SAMPLES

NO_DROP = Settings(drop=frozenset(), jobs=1)


def _by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r["cleaner"] for r in map(json.loads, path.read_text("utf-8").splitlines())}


def _without(value: Any, *keys: str) -> Any:
    """`value` with these keys removed at every depth."""
    if isinstance(value, dict):
        return {k: _without(v, *keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, *keys) for v in value]
    return value


def _sentence_free(segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Segments as split leaves them: what flag and dedup add taken away."""
    return [{**_without(s, "cluster", "sentences"),
             **({"sentences": [_without(t, "scores", "unscored") | {"flags": []}
                               for t in s["sentences"]]} if "sentences" in s else {})}
            for s in segments]


def assert_commands_agree_with_clean(inputs: list[str], folder: Path) -> int:
    """Run clean --drop none, split, flag and dedup on `inputs`; every document's segments,
    scores, flags and clusters agree. Returns how many documents were compared."""
    outputs = {name: folder / f"{name}.jsonl" for name in ("clean", "split", "flag", "dedup")}
    cleaner.clean(inputs, str(outputs["clean"]), settings=NO_DROP)
    cleaner.split(inputs, str(outputs["split"]), settings=NO_DROP)
    cleaner.flag(inputs, str(outputs["flag"]), settings=NO_DROP)
    cleaner.dedup(inputs, str(outputs["dedup"]), settings=NO_DROP)
    clean, split, flag, dedup = (_by_id(outputs[n]) for n in ("clean", "split", "flag", "dedup"))
    assert clean.keys() == split.keys() == flag.keys() == dedup.keys()
    for doc_id, done in clean.items():
        assert split[doc_id]["segments"] == _sentence_free(done["segments"]), doc_id
        assert flag[doc_id]["segments"] == _without(done["segments"], "cluster"), doc_id
        assert (flag[doc_id]["language"], flag[doc_id]["flagged"]) == (done["language"], done["flagged"])
        assert dedup[doc_id]["cluster"] == done["cluster"], doc_id
        if "segments" in dedup[doc_id]:  # split only where a headline had to be found
            assert [s.get("cluster") for s in dedup[doc_id]["segments"]] == [
                s.get("cluster") for s in done["segments"]], doc_id
    return len(clean)


def test_split_flag_and_dedup_annotate_every_sample_as_clean_does(tmp_path: Path) -> None:
    compared = assert_commands_agree_with_clean([str(SAMPLES / "dump.jsonl"), str(SAMPLES / "pages")],
                                                tmp_path)
    assert compared == 284


_LINES = [
    "Council approves new budget for city schools",
    "Storm closes coastal roads as rivers rise",
    "The council voted on Monday to raise spending on schools by four percent.",
    "Teachers said the money would pay for smaller classes and new books.",
    "Rivers burst their banks after three days of heavy rain in the north.",
    "Police closed the coast road and asked drivers to stay at home.",
    "The mayor said the city would review its flood defences next year.",
    "Share this article", "Latest News", "Sign up for our newsletter",
    "Home | World | Business | Sport", "© 2024 The Daily Globe. All rights reserved.",
]
_document = st.fixed_dictionaries({
    "lines": st.lists(st.sampled_from(_LINES), min_size=1, max_size=8),
    "title": st.one_of(st.none(), st.sampled_from([*_LINES[:2], "Council approves budget for schools"])),
    "source": st.sampled_from(["globe", "herald"]),
})


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_document, min_size=1, max_size=12))
def test_every_command_agrees_with_clean_on_any_small_corpus(tmp_path: Path, docs: list[dict]) -> None:
    folder = tmp_path / str(abs(hash(json.dumps(docs))))
    folder.mkdir()
    dump = folder / "dump.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(docs):
            record = {"id": f"d{i}", "text": "\n\n".join(doc["lines"]), "source": doc["source"]}
            if doc["title"]:
                record["title"] = doc["title"]
            fh.write(json.dumps(record) + "\n")
    assert assert_commands_agree_with_clean([str(dump)], folder) == len(docs)


def test_settings_are_frozen_and_refuse_unknown_drops() -> None:
    settings_ = Settings()
    with pytest.raises(FrozenInstanceError):
        settings_.jobs = 2  # type: ignore[misc]
    with pytest.raises(cleaner.UsageError, match="unknown typos"):
        Settings(drop=frozenset({"typos"}))


def test_check_and_report_are_one_call_each(tmp_path: Path) -> None:
    checked = cleaner.check([str(SAMPLES / "dump.jsonl")], settings=Settings(jobs=1))
    assert not checked.passed  # the samples are a scrape dump full of duplicates
    assert checked.stats.read == 278 and checked.stats.balanced
    assert any(r.limit == "max_duplicate_rate" and not r.passed for r in checked.results)
    out = tmp_path / "report.md"
    cleaner.report([str(SAMPLES / "dump.jsonl")], str(out), settings=Settings(jobs=1))
    assert out.read_text("utf-8").startswith("## cleaner report")


def test_dedup_of_titled_records_does_not_split_their_bodies(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "a", "title": "Storm closes coast road", "text": "Latest News\n\n"
                                "Rivers rose."}) + "\n" + json.dumps({"id": "b", "text": "Storm closes "
                                "coast road\n\nRivers rose overnight."}) + "\n", "utf-8")
    found = cleaner.dedup([str(dump)], str(tmp_path / "out.jsonl"), settings=NO_DROP)
    out = _by_id(tmp_path / "out.jsonl")
    assert "segments" not in out["a"] and "segments" in out["b"]
    assert len(found.clustering.clusters) == 1 and out["a"]["cluster"]["size"] == 2
