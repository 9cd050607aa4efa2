"""Properties that must hold for any input: spans index the text, accounts balance, runs repeat."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.cli import cli
from cleaner.flags import Flagger
from cleaner.flags.language import DOCUMENT_CHARS, leading_words, main_script, main_script_of
from cleaner.flags.low_quality import rule_findings
from cleaner.flags.news import words
from cleaner.normalize import normalize_text
from cleaner.split import add_sentences, split_text
from cleaner.split.boilerplate import fold_line, fold_lowered, lowered_line
from cleaner.text import noun

# Whole-pipeline properties cost a run of clean per example: a quarter of the budget.
HEAVY = max(20, settings.default.max_examples // 4)

# Scraped text: words from several scripts, navigation phrases, odd separators and breaks.
pieces = st.sampled_from([
    "The council met on Monday.", "Latest News", "Read more", "Home | World | Sport",
    "By Jane Doe", "© 2025 Example", "U.S. officials said 5.25% was enough.", "Gen. Smith left.",
    "Президент заявил.", "北京今天下雨。", "مرحبا بالعالم.", "Café", "CafÃ©", "&amp;", "\u200b",
    "\n", "\n\n", "\r\n", "\u2028", "  ", "\t", "“Quoted,” he said.", "…", "?", "!",
    "      ",  # the gap between columns a browser-like layout sets side by side
    "Once you have finished the course you will want to know what comes next",
])
# Unicode that breaks naive code: combining marks, right-to-left and bidi controls,
# zero-width characters, emoji, NUL, a BOM, Unicode line breaks, lone surrogates.
oddities = st.sampled_from([
    "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u202eevil", "\u200b", "\u200d", "\ufeff", "\U0001f600",
    "\x00", "\u0085", "\u2028", "\u2029", "\ud800", "\udfff", "\x9d", "\U0001f1fa\U0001f1f8",
])
scraped = st.lists(st.one_of(pieces, oddities, st.text(max_size=12)), max_size=30).map(" ".join)


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


@given(scraped, st.one_of(st.none(), pieces))
@example("Skip to main contentThe council met on Monday. It voted.\n\nLatest News", None)
@example("Council votesThe council met on Monday. It voted. Gen. Smith left.", "Council votes")
@example("Президент заявил\n\n… 5. ведь. Он ушёл.", None)
def test_sentences_added_to_the_segments_later_are_those_split_writes(raw: str, title: str | None) -> None:
    """clean's split leaves the sentences to the documents that stay; they are the same."""
    text = normalize_text(raw).text
    later = split_text(text, title=title, with_sentences=False)
    assert not any("sentences" in segment for segment in later)
    add_sentences(later)
    assert later == split_text(text, title=title)


@given(st.one_of(scraped, st.text(alphabet=" \t\n\u00a0\u2028|•-:aZ.É…", max_size=40)))
def test_a_line_folded_from_its_lowered_form_is_folded_and_single_spaced(line: str) -> None:
    """split folds a line once for the lexicon and the source's lines, and counts the
    folded line's words by its spaces."""
    folded = fold_lowered(lowered_line(line))
    assert folded == fold_line(line)
    assert not folded or folded.count(" ") + 1 == len(folded.split())


records = st.one_of(
    st.builds(lambda t, i: json.dumps({"id": i, "title": t[:40], "text": t}), scraped,
              st.integers()),
    st.sampled_from(["[1, 2]", '{"id": 1}', '{"text": 5}', "not json", '{"text": "ok"', ""]),
)


def _expected_exit(lines: list[str]) -> int:
    """3 when the lines hold records and not one can be read (invalid, not an object, no
    string text, an id used before), else 0."""
    read, seen = 0, set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        read += 1
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else f"dump.jsonl:{number}"
            if doc_id not in seen:
                return 0
            seen.add(doc_id)
    return 3 if read else 0


@given(st.lists(records, max_size=15))
def test_accounting_balances_and_output_repeats_for_every_command(tmp_path_factory, lines) -> None:
    folder = tmp_path_factory.mktemp("in")
    src = folder / "dump.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in ("normalize", "split", "dedup", "flag", "clean"):
        stats_path = folder / f"{command}.stats.json"
        jobs = ["--jobs", "1"] if command in ("flag", "clean") else []  # no pool per tiny run
        first = CliRunner().invoke(cli, [command, str(src), "--stats", str(stats_path), *jobs],
                                   catch_exceptions=False)
        assert first.exit_code == _expected_exit(lines), first.stderr
        stats = json.loads(stats_path.read_text())
        assert stats["read"] == stats["kept"] + stats["dropped"] + stats["rejected"]
        assert stats["read"] == sum(1 for line in lines if line.strip())
        assert len([line for line in first.stdout.split("\n") if line]) == stats["kept"]
        again = CliRunner().invoke(cli, [command, str(src), *jobs], catch_exceptions=False)
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


@settings(max_examples=HEAVY)
@given(st.lists(st.builds(lambda t, title: {"title": title, "text": t}, scraped,
                          st.sampled_from(["Council approves budget", "Council approves budget - Globe",
                                           "Storm closes schools", ""])), min_size=1, max_size=8))
@example([{"title": "Council approves budget",  # a stray "<" beside an entity, and a body line
           "text": "Latest News < The council met on Monday. &amp;"}])  # that ends like a headline
@example([{"title": "Council approves budget",  # furniture glued on twice
           "text": "Latest News Latest News The council met on Monday."}])
@example([{"title": "Council approves budget",  # a line without a word before a short line
           "text": "… \n Café"}])
@example([{"title": "Council approves budget",  # furniture glued to both ends of a line that
           "text": "Latest News The council met on Monday. Latest News \n é"}])  # wraps on
@example([{"title": "Council approves budget",  # furniture left once what was glued to it is cut
           "text": "The council met on Monday. \n Latest News … Latest News"}])
def test_clean_of_cleans_output_changes_nothing_further(tmp_path_factory, docs) -> None:
    folder = tmp_path_factory.mktemp("clean")
    src = folder / "dump.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", **d}) + "\n" for i, d in enumerate(docs)),
                   encoding="utf-8")
    once, twice = folder / "once.jsonl", folder / "twice.jsonl"
    for source, target in ((src, once), (once, twice)):
        result = CliRunner().invoke(cli, ["clean", str(source), "--replace-text", "-o", str(target),
                                          "-q", "--jobs", "1"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    first = [json.loads(x) for x in once.read_text("utf-8").split("\n") if x]
    second = [json.loads(x) for x in twice.read_text("utf-8").split("\n") if x]
    assert [(r["id"], r["text"]) for r in second] == [(r["id"], r["text"]) for r in first]


@settings(max_examples=HEAVY)
@given(st.lists(records, max_size=10))
def test_check_and_report_account_for_every_record(tmp_path_factory, lines) -> None:
    folder = tmp_path_factory.mktemp("check")
    src = folder / "dump.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(src), "--format", "json", "-q", "--jobs", "1"],
                                catch_exceptions=False)
    if _expected_exit(lines) == 3:  # no record could be read: no summary to check
        assert result.exit_code == 3 and "no record could be read" in result.stderr
        return
    assert result.exit_code in (0, 1), result.stderr
    accounting = json.loads(result.stdout)["accounting"]
    assert accounting["read"] == sum(1 for line in lines if line.strip())
    assert accounting["read"] == accounting["kept"] + accounting["dropped"] + accounting["rejected"]
    report = CliRunner().invoke(cli, ["report", str(src), "-o", str(folder / "r.html"), "-q",
                                      "--jobs", "1"], catch_exceptions=False)
    assert report.exit_code == 0, report.stderr
    assert "<script" not in (folder / "r.html").read_text("utf-8")


@given(st.lists(st.text(alphabet="ab’'s İ.", max_size=700), max_size=12))
def test_leading_words_are_the_words_of_the_joined_text_cut_at_the_sample_size(
        sentences: list[str]) -> None:
    """flag reads the document's language from its sentences' words, not a second pass."""
    tokens = [words(s) for s in sentences]
    assert leading_words(sentences, tokens) == words(" ".join(sentences)[:DOCUMENT_CHARS])


def _plain_rules(sentence: str, common: frozenset[str]) -> list[tuple[float, str]]:
    """The Gopher / C4 rules as they read, every count taken: the oracle for the bounds
    `rule_findings` uses to skip counting."""
    raw = sentence.split()
    n = len(raw)
    if n == 0:
        return [(1.0, "no words")]
    letters = sum(map(str.isalpha, sentence))
    spaces = sum(map(str.isspace, sentence))
    marks = sum(c in ".,;:!?'\"()[]-+/%$&–—‘’“”«»…£€" for c in sentence)
    symbols = len(sentence) - sum(map(str.isalnum, sentence)) - spaces - marks
    found = []
    if symbols > max(letters, 1) * 0.3:
        found.append((0.9, f"symbol soup: {symbols} {noun(symbols, 'symbol')} against "
                           f"{letters} {noun(letters, 'letter')}"))
    alpha_words = len(re.findall(r"\S*[^\W\d_]\S*", sentence))
    if n >= 4 and alpha_words < 0.6 * n:
        found.append((0.8, f"only {alpha_words} of {n} words {'has' if alpha_words == 1 else 'have'} "
                           "a letter"))
    mean_length = (len(sentence) - spaces) / n
    if n >= 4 and not 2.5 <= mean_length <= 12:
        found.append((0.7, f"mean word length {mean_length:.1f}"))
    caps = sum(w.isupper() and len(w) > 1 for w in raw)
    if n >= 5 and caps > 0.6 * n:
        found.append((0.6, f"{caps} of {n} words in capitals"))
    lowered = words(sentence)
    if len(lowered) >= 9:
        grams = list(zip(lowered, lowered[1:], lowered[2:], strict=False))
        repeated = len(grams) - len(set(grams))
        if repeated >= 2 and repeated >= 0.2 * len(grams):
            found.append((0.8, f"{repeated} repeated word trigrams"))
        if sum(w in common for w in lowered) < 2:
            found.append((0.6, "almost no function words: a list or keywords, not a sentence"))
    if sentence.rstrip().endswith(("...", "…")) and n >= 3:
        found.append((0.5, "breaks off with an ellipsis"))
    return found


@given(st.lists(st.sampled_from(["the", "THE", "cat", "A", "NATO", "1-0", "²", "of", "…", "É", "x",
                                 "--", "Ⅻ", "don’t", "ok..."]), max_size=30).map(" ".join)
       | st.text(alphabet="aZ É1²_ -.,!…ⅫĲ\t'’", max_size=80))
def test_rules_skip_counting_only_where_the_count_could_not_fire(sentence: str) -> None:
    common = frozenset({"the", "of", "a"})
    assert rule_findings(sentence, common) == _plain_rules(sentence, common)


@given(st.lists(st.text(alphabet="abZ éü ДЯ αβ 中 عر 1,“—", max_size=12), max_size=5))
def test_the_main_script_of_texts_read_one_at_a_time_is_that_of_the_texts_joined(texts: list[str]) -> None:
    assert main_script_of(texts) == main_script(" ".join(texts))
