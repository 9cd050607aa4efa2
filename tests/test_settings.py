"""Settings and the configuration files that set them: policy only, never I/O."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleaner
from cleaner.cli import cli

from .conftest import XSS


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_config_is_found_upward_and_options_override_it(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\noff-topic-threshold = 0.3\ndrop = ["duplicates", "off-topic"]\n'
        "[tool.cleaner.check]\nmax_duplicate_rate = 0.02\n", "utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    shown = run("config", "--dedup-threshold", "0.7").stdout
    assert f"# configuration file: {tmp_path / 'pyproject.toml'}" in shown
    assert "off-topic-threshold = 0.3" in shown and "# file" in shown
    assert 'drop = "duplicates,off-topic"' in shown
    assert re.search(r"dedup-threshold = 0\.7 +# option", shown)
    assert re.search(r"max-duplicate-rate = 0\.02 +# file", shown)
    assert re.search(r"max-empty-rate = 0\.01 +# default", shown)


def test_unknown_config_key_is_a_usage_error_naming_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text("off-topic-treshold = 0.3\n", "utf-8")
    result = run("clean", str(XSS), "--config", str(config))
    assert result.exit_code == 2
    assert "off-topic-treshold" in result.stderr and str(config) in result.stderr


@pytest.mark.parametrize("key", ["output = \"x.jsonl\"", "stats = \"s.json\"", "rejects = \"r.jsonl\"",
                                 "quiet = true", "boilerplate-model = \"m.json\""])
def test_a_config_file_naming_an_input_or_output_is_an_error_naming_the_key(
        key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cleaner.toml").write_text(key + "\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("clean", str(XSS), "-o", "out.jsonl")
    assert result.exit_code == 2
    name = key.split(" ")[0]
    assert f"{name} names an input, an output or a debugging switch" in result.stderr
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "out.jsonl").exists()


def test_every_command_takes_its_own_settings_from_the_file(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cleaner.toml").write_text("low-quality-threshold = 0.0\nmin-docs = 5\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("flag", str(XSS), "-o", "out.jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    flagged = (tmp_path / "out.jsonl").read_text("utf-8")
    assert '"name":"low_quality"' in flagged  # a threshold of 0 flags every scored sentence
    assert run("dedup", str(XSS), "-o", "dedup.jsonl", "-q").exit_code == 0  # min-docs is dedup's too


def test_config_lists_every_setting_and_what_stays_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown = run("config").stdout
    assert "# configuration file: none found" in shown
    for name in ("language", "drop", "no-learn", "min-docs", "off-topic-threshold", "engine",
                 "dedup-threshold", "max-duplicate-rate"):
        assert re.search(rf"^(# )?{name}( =| is unset)", shown, re.M), name
    assert re.search(r"^# on the command line only .*\boutput\b.*\brejects\b", shown, re.M)


def test_a_language_that_is_not_a_code_is_a_usage_error_listing_the_codes() -> None:
    result = run("clean", str(XSS), "--language", "english", "--drop", "language", "-o", "-")
    assert result.exit_code == 2
    assert "'english' is not a language code" in result.stderr and " en, " in result.stderr
    with pytest.raises(cleaner.UsageError):
        cleaner.Settings(language="xx")
    assert cleaner.Settings(language="de").language == "de"
