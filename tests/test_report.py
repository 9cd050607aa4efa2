"""report: one self-contained page (or Markdown) of what the pipeline finds, always escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli

from .conftest import XSS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


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


def test_a_report_name_that_contradicts_its_format_is_refused(tmp_path: Path) -> None:
    for args in (["-o", str(tmp_path / "r.txt")], ["-o", str(tmp_path / "r.md"), "--format", "html"]):
        result = run("report", str(XSS), "--no-learn", "-q", *args)
        assert result.exit_code == 2, result.output
        assert "contradicts" in result.stderr or "a report is .html" in result.stderr
    assert not list(tmp_path.iterdir())
