"""Properties that must hold for any input: spans index the text, accounts balance, runs repeat."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cleaner.cli import cli
from cleaner.flag import Flagger
from cleaner.normalize import normalize_text
from cleaner.split import split_text

# Scraped text: words from several scripts, navigation phrases, odd separators and breaks.
pieces = st.sampled_from([
    "The council met on Monday.", "Latest News", "Read more", "Home | World | Sport",
    "By Jane Doe", "© 2025 Example", "U.S. officials said 5.25% was enough.", "Gen. Smith left.",
    "Президент заявил.", "北京今天下雨。", "مرحبا بالعالم.", "Café", "CafÃ©", "&amp;", "\u200b",
    "\n", "\n\n", "\r\n", "\u2028", "  ", "\t", "“Quoted,” he said.", "…", "?", "!",
])
scraped = st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=30).map(" ".join)


@given(scraped)
def test_every_segment_and_sentence_span_indexes_the_normalized_text(raw: str) -> None:
    text = normalize_text(raw).text
    previous_end = 0
    for segment in split_text(text):
        assert text[segment["start"]:segment["end"]] == segment["text"]
        assert segment["start"] >= previous_end
        previous_end = segment["end"]
        for sentence in segment.get("sentences", []):
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
            assert segment["start"] <= sentence["start"] <= sentence["end"] <= segment["end"]


records = st.one_of(
    st.builds(lambda t, i: json.dumps({"id": i, "title": t[:40], "text": t}), scraped,
              st.integers()),
    st.sampled_from(["[1, 2]", '{"id": 1}', '{"text": 5}', "not json", '{"text": "ok"', ""]),
)


@given(st.lists(records, max_size=15))
def test_accounting_balances_and_output_repeats_for_every_command(tmp_path_factory, lines) -> None:
    folder = tmp_path_factory.mktemp("in")
    src = folder / "dump.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in ("normalize", "split", "dedup", "flag"):
        stats_path = folder / f"{command}.stats.json"
        first = CliRunner().invoke(cli, [command, str(src), "--stats", str(stats_path)],
                                   catch_exceptions=False)
        assert first.exit_code == 0, first.stderr
        stats = json.loads(stats_path.read_text())
        assert stats["read"] == stats["kept"] + stats["dropped"] + stats["rejected"]
        assert stats["read"] == sum(1 for line in lines if line.strip())
        assert len([line for line in first.stdout.split("\n") if line]) == stats["kept"]
        again = CliRunner().invoke(cli, [command, str(src)], catch_exceptions=False)
        assert again.stdout == first.stdout


@given(st.lists(scraped, max_size=8))
def test_flag_scores_every_sentence_in_range_or_null_with_a_reason(sentences: list[str]) -> None:
    sentences = [s for s in sentences if s.strip()]
    language, table = Flagger().scores(sentences, [])
    assert language["lang"] is None or isinstance(language["lang"], str)
    for row in table:
        for name, verdict in row.items():
            assert verdict.reason, name
            assert verdict.score is None or 0.0 <= verdict.score <= 1.0, (name, verdict)
