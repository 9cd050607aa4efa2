"""clean, check, report and config: the three jobs users run, on one pipeline."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.pipeline import engines as parallel

from .conftest import ROOT, shared_path

GOLDEN = ROOT / "tests" / "data" / "golden" / "clean-samples.jsonl"
XSS = ROOT / "tests" / "data" / "xss.jsonl"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, so record ids and origins are the relative paths."""
    monkeypatch.chdir(ROOT)


def test_clean_on_samples_matches_the_golden_file(in_root, tmp_path: Path) -> None:
    out = tmp_path / "clean.jsonl"
    result = run("clean", "samples/dump.jsonl", "samples/pages", "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    if os.environ.get("CLEANER_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(out.read_bytes())
    assert out.read_bytes() == GOLDEN.read_bytes(), (
        "clean's output changed; if on purpose, rerun with CLEANER_UPDATE_GOLDEN=1 and review the diff")


def test_clean_drops_duplicates_and_the_accounting_balances(in_root, tmp_path: Path) -> None:
    stats_path = tmp_path / "stats.json"
    result = run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "out.jsonl"),
                 "--rejects", str(tmp_path / "rejects.jsonl"), "--stats", str(stats_path), "--quiet")
    assert result.exit_code == 0, result.output
    stats = json.loads(stats_path.read_text())
    kept, rejects = records(tmp_path / "out.jsonl"), records(tmp_path / "rejects.jsonl")
    assert stats["read"] == stats["kept"] + stats["dropped"] + stats["rejected"] == 278
    assert len(kept) == stats["kept"] and len(rejects) == stats["dropped"] > 0
    assert {r["reason"] for r in rejects} == {"duplicate"}
    clusters = [r["cleaner"]["cluster"]["id"] for r in kept if r["cleaner"]["cluster"]]
    assert len(clusters) == len(set(clusters))  # one representative per cluster
    assert all(r["cleaner"]["cluster"]["representative"] for r in kept if r["cleaner"]["cluster"])


def test_duplicates_clean_drops_skip_the_costly_stages_but_keep_their_cluster(
        in_root, tmp_path: Path) -> None:
    """A record on its way out as a duplicate is not normalized, split or scored; its
    reject keeps the record as read and its cluster, which says what story it repeats."""
    run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "out.jsonl"),
        "--rejects", str(tmp_path / "rejects.jsonl"), "--quiet")
    kept, rejects = records(tmp_path / "out.jsonl"), records(tmp_path / "rejects.jsonl")
    assert all("flagged" in r["cleaner"] for r in kept)
    assert all(set(r["raw"]["cleaner"]) == {"cluster"} for r in rejects)
    assert all(not r["raw"]["cleaner"]["cluster"]["representative"] for r in rejects)
    run("clean", "samples/dump.jsonl", "-o", str(tmp_path / "all.jsonl"), "--drop", "",
        "--quiet")
    assert all("flagged" in r["cleaner"] for r in records(tmp_path / "all.jsonl"))


def test_clean_drop_off_topic_removes_the_stray_sentence_from_the_text(tmp_path: Path) -> None:
    seed = shared_path("examples", "deir-ez-zor.txt")
    out = tmp_path / "out.jsonl"
    result = run("clean", str(seed), "--drop", "off-topic", "--replace-text", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    [record] = records(out)
    cleaned = record["cleaner"]["text"]
    assert "Manila" not in cleaned and "Manila" not in record["text"]
    assert "The source gave no details." in cleaned
    assert "Latest News" not in cleaned  # boilerplate never in the cleaned text
    assert record["cleaner"]["removed"] == {"off_topic": 1}
    removed = [s for seg in record["cleaner"]["segments"] for s in seg.get("sentences", [])
               if s.get("removed")]
    assert len(removed) == 1 and "Manila" in removed[0]["text"]


def test_clean_rejects_an_unknown_drop_policy() -> None:
    result = run("clean", str(XSS), "--drop", "duplicates,typos")
    assert result.exit_code == 2
    assert "unknown typos" in result.stderr


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
    assert suite is not None and suite.get("tests") == "7" and suite.get("failures") == "1"
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == ["max_duplicate_rate"]


def test_check_json_reports_every_limit_and_the_accounting(in_root) -> None:
    result = run("check", "samples/dump.jsonl", "--format", "json", "-q")
    report = json.loads(result.stdout)
    assert report["passed"] is (result.exit_code == 0)
    assert report["accounting"]["read"] == 278
    assert {r["limit"] for r in report["results"]} == {
        "max_duplicate_rate", "max_off_topic_rate", "max_low_quality_rate", "max_mojibake_rate",
        "max_boilerplate_only_rate", "max_empty_rate", "min_language_share"}


def test_unreadable_input_exits_3_and_a_bad_option_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing.jsonl")).exit_code == 3
    assert run("check", str(XSS), "--max-duplicate-rate", "2").exit_code == 2


def test_report_escapes_scraped_markup_and_lists_every_cluster(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    page = out.read_text("utf-8")
    assert "<script" not in page and "onerror=" not in page.replace("onerror=alert", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Minister resigns" in page
    assert page.count('<section class="cluster"') == 2


def test_report_markdown_neutralises_markup(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    text = out.read_text("utf-8")
    assert text.startswith("## cleaner report") and "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Minister" in text


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs "
                                               "Debian's chromium package)")
def test_report_renders_in_headless_chromium_with_no_error_and_no_script(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    assert run("report", str(XSS), "-o", str(out), "--no-learn", "-q").exit_code == 0
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: problems.append(f"request: {r.url}")
                if not r.url.startswith("file://") else None)
        page.goto(out.as_uri())
        clusters = page.locator("section.cluster").count()
        body = page.inner_text("body")
        scripts = page.locator("script").count()
        browser.close()
    assert problems == []
    assert clusters == 2 and scripts == 0
    assert "<script>alert(1)</script> Minister resigns over budget row" in body


@pytest.mark.parametrize("command", ["clean", "flag"])
def test_output_is_the_same_bytes_for_any_number_of_jobs(command: str, in_root, tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"{command}-{jobs}.jsonl"
        result = run(command, "samples/dump.jsonl", "samples/pages", "--jobs", jobs, "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_dask_local_cluster_gives_the_same_bytes_as_the_local_engine(
        in_root, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """…from one LocalCluster, started once for dedup's signatures and pass 3."""
    pytest.importorskip("distributed")
    started = []
    start_cluster = parallel._dask_client
    monkeypatch.setattr(parallel, "_dask_client",
                        lambda *args: started.append(args) or start_cluster(*args))
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("clean", "samples/dump.jsonl", "samples/pages", "--engine", engine, "--jobs", "2",
                     "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(started) == 1


def test_dask_scheduler_that_is_down_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = run("clean", str(XSS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 3
    assert "cannot reach the Dask scheduler" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_clean_normalizes_each_document_once_across_its_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normalize = importlib.import_module("cleaner.normalize")  # the module, not cleaner.normalize()
    normalized = []
    real = normalize.normalize_text
    monkeypatch.setattr(normalize, "normalize_text",
                        lambda text, **kw: normalized.append(text) or real(text, **kw))
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "text": f"Story {i}\n\nIt rained in town {i}."}) + "\n"
                            for i in range(5)))
    result = run("clean", str(dump), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(normalized) == sorted(f"Story {i}\n\nIt rained in town {i}." for i in range(5))
