"""Every command has help with examples, and the README documents it."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner

from cleaner.cli import cli

from .conftest import ROOT

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "cleaner " + name in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert f"### `cleaner {name}`" in (ROOT / "README.md").read_text("utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text("utf-8")[:400]
    assert "make demo" in head and "make test" in head


def _console_sessions(readme: str) -> list[list[tuple[str, list[str]]]]:
    """Each ```console block of the README as (command, the lines it shows) pairs."""
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", readme, flags=re.S):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        sessions.append(steps)
    return sessions


def _shows(output: str, expected: str) -> bool:
    """A line the README shows is in the output; one ending in … stands for its start."""
    lines = output.splitlines()
    if expected.endswith("…"):
        return any(line.startswith(expected[:-1].rstrip()) for line in lines)
    return expected in lines


def test_the_readmes_commands_run_on_the_samples_as_written(tmp_path, monkeypatch) -> None:
    """Every command in the README's console blocks, run as written from the root (the
    samples, outputs in a scratch folder), exits as shown and prints the lines shown."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    sessions = _console_sessions((ROOT / "README.md").read_text("utf-8"))
    assert len(sessions) >= 2
    for steps in sessions:
        exit_code = 0
        for command, shown in steps:
            if command == "echo $?":
                assert shown == [str(exit_code)], command
                continue
            name, *args = shlex.split(command)
            assert name == "cleaner", command
            result = CliRunner().invoke(cli, args)
            exit_code = result.exit_code
            assert exit_code in (0, 1), (command, result.output)
            missing = [line for line in shown if not _shows(result.output, line)]
            assert not missing, (command, missing, result.output)


def test_the_record_the_readme_shows_is_the_one_clean_writes(tmp_path, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    shown = json.loads(re.search(r"```json\n(\{\n \"id\": \"a1\".*?)```", readme, flags=re.S)[1])
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["clean", "samples/record.jsonl", "--drop", "off-topic"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == shown
