"""check: a corpus's rates against limits, for CI, in four formats and exit codes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from cleaner.check import Summary, compare
from cleaner.cli import cli
from cleaner.document import Document

from .conftest import ROOT, XSS


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_fails_on_duplicates_and_passes_after_clean(tmp_path: Path, monkeypatch) -> None:
    # The samples are three-sentence synthetic stories whose sentences share few words, and
    # their text field keeps the mojibake clean repaired: the config relaxes those two limits.
    (tmp_path / "cleaner.toml").write_text(
        "[check]\nmax-off-topic-rate = 0.2\nmax-mojibake-rate = 0.2\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    dump = ROOT / "samples" / "dump.jsonl"
    before = run("check", str(dump), "--max-duplicate-rate", "0.05", "-q")
    assert before.exit_code == 1, before.output
    assert "FAIL max_duplicate_rate" in before.stdout
    assert run("clean", str(dump), "--drop", "duplicates", "-o", "clean.jsonl", "-q").exit_code == 0
    after = run("check", "clean.jsonl", "--max-duplicate-rate", "0.05", "-q")
    assert after.exit_code == 0, after.stdout
    assert "ok   max_duplicate_rate" in after.stdout and "PASSED" in after.stdout


def test_check_github_annotations_point_at_duplicate_records(in_root) -> None:
    result = run("check", "samples/dump.jsonl", "--max-duplicate-rate", "0.05", "--max-off-topic-rate",
                 "1", "--format", "github", "-q")
    assert result.exit_code == 1
    lines = (ROOT / "samples" / "dump.jsonl").read_text("utf-8").splitlines()
    pointed = re.findall(r"^::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)$", result.stdout, re.M)
    assert pointed
    for path, line, title, _ in pointed:
        assert path == "samples/dump.jsonl" and "max_duplicate_rate" in title
        assert json.loads(lines[int(line) - 1])["labels"]["dup_group"]  # a real duplicate record
    assert re.search(r"^::error title=cleaner check max_duplicate_rate::duplicate rate", result.stdout, re.M)


def test_check_junit_is_valid_xml_with_a_failure_per_broken_limit(in_root) -> None:
    result = run("check", "samples/dump.jsonl", "--max-duplicate-rate", "0.05", "--max-off-topic-rate",
                 "1", "--format", "junit", "-q")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "8" and suite.get("failures") == "1"
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == ["max_duplicate_rate"]


def test_check_json_reports_every_limit_and_the_accounting(in_root) -> None:
    result = run("check", "samples/dump.jsonl", "--format", "json", "-q")
    report = json.loads(result.stdout)
    assert report["passed"] is (result.exit_code == 0)
    assert report["accounting"]["read"] == 278
    assert {r["limit"] for r in report["results"]} == {
        "max_duplicate_rate", "max_off_topic_rate", "max_pasted_rate", "max_low_quality_rate",
        "max_mojibake_rate", "max_boilerplate_only_rate", "max_empty_rate", "min_language_share"}


def test_unreadable_input_exits_3_and_a_bad_option_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing.jsonl")).exit_code == 3
    assert run("check", str(XSS), "--max-duplicate-rate", "2").exit_code == 2


def test_the_documents_kept_for_a_report_put_stitched_pages_before_any_noise() -> None:
    from cleaner.check import Summary
    from cleaner.document import Document

    def page(doc_id: str, name: str, score: float) -> Document:
        sentence = {"text": "A sentence.", "flags": [{"name": name, "score": score, "reason": "r"}]}
        return Document(id=doc_id, text="A sentence.", cleaner={
            "segments": [{"kind": "body", "sentences": [sentence]}]})

    summary = Summary(keep_documents=2)
    docs = [page("noise1", "low_quality", 0.99), page("stitched", "off_topic", 0.2),
            page("noise2", "low_quality", 0.98)]
    list(summary(docs))
    assert [d.id for d in summary.flagged_documents()] == ["stitched", "noise1"]


def _article(doc_id: str, flagged: list[list[bool]]) -> Document:
    """A document whose body paragraphs hold sentences flagged off_topic where True."""
    segments = [{"kind": "body", "sentences": [
        {"text": f"{doc_id} sentence {p}.{k}.",
         "flags": [{"name": "off_topic", "score": 0.6, "reason": "…"}] if hit else []}
        for k, hit in enumerate(paragraph)]} for p, paragraph in enumerate(flagged)]
    return Document(id=doc_id, text="", cleaner={"segments": segments})


def test_a_pasted_passage_is_two_adjacent_off_topic_sentences_in_one_paragraph() -> None:
    clean = [_article(f"c{i}", [[False, True, False], [True, False]]) for i in range(9)]  # strays only
    pasted = _article("p0", [[False, False], [True, True, True], [False]])
    summary = Summary()
    for _ in summary(iter([*clean, pasted])):
        pass
    [result] = [r for r in compare(summary, {"max_pasted_rate": 0.08})[0] if r.limit == "max_pasted_rate"]
    assert result.measured == 0.1 and not result.passed
    assert [w.doc_id for w in result.worst] == ["p0"]
    assert result.worst[0].example == "p0 sentence 1.0. p0 sentence 1.1. p0 sentence 1.2."
    summary = Summary()
    for _ in summary(iter(clean)):
        pass
    assert summary.rate("pasted") == 0.0
