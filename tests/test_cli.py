"""The command line as a user meets it: every reader, writer and error case, via CliRunner."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from click.testing import CliRunner

from cleaner.cli import cli

MOJIBAKE = "Caf\u00c3\u00a9 owners say they don\u00e2\u20ac\u2122t mind."
FIXED = "Café owners say they don’t mind."


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.split("\n") if line]


def jsonl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


# --- readers ---------------------------------------------------------------------------


def test_txt_file_is_one_document_named_by_file(write) -> None:
    path = write("page.txt", MOJIBAKE)
    result = run("normalize", str(path))
    assert result.exit_code == 0
    (rec,) = records(result.stdout)
    assert rec["id"] == "page.txt"
    assert rec["text"] == MOJIBAKE  # input untouched
    assert rec["cleaner"]["text"] == FIXED
    assert rec["cleaner"]["fixes"] == {"mojibake": 1}
    assert "read 1 · kept 1" in result.stderr


def test_folder_of_txt_files_is_a_corpus_with_relative_ids(write, tmp_path: Path) -> None:
    write("corpus/b.txt", "Second.")
    write("corpus/a/one.txt", "First.")
    write("corpus/.hidden.txt", "Skipped.")
    result = run("normalize", str(tmp_path / "corpus"))
    assert [r["id"] for r in records(result.stdout)] == ["a/one.txt", "b.txt"]


def test_glob_expands_to_sorted_matches(write, tmp_path: Path) -> None:
    write("x2.txt", "two")
    write("x1.txt", "one")
    result = run("normalize", str(tmp_path / "x*.txt"))
    assert [r["id"] for r in records(result.stdout)] == ["x1.txt", "x2.txt"]


def test_txt_in_windows_1252_is_decoded_not_dropped(write) -> None:
    path = write("latin.txt", "Caf\u00e9 cr\u00e8me \u2013 na\u00efve".encode("cp1252"))
    (rec,) = records(run("normalize", str(path)).stdout)
    assert rec["cleaner"]["text"] == "Café crème – naïve"
    assert rec["cleaner"]["encoding"] == "sloppy-windows-1252"


def test_txt_in_utf16_with_bom_is_decoded(write) -> None:
    path = write("wide.txt", "\ufeffNachrichten aus Köln".encode("utf-16-le"))
    (rec,) = records(run("normalize", str(path)).stdout)
    assert rec["cleaner"]["text"] == "Nachrichten aus Köln"


def test_jsonl_keeps_every_input_field_and_adds_cleaner(write) -> None:
    path = write("dump.jsonl", jsonl({"id": "a1", "text": MOJIBAKE, "url": "https://x.test/1",
                                      "extra": {"n": 1}}))
    (rec,) = records(run("normalize", str(path)).stdout)
    assert list(rec) == ["id", "text", "url", "extra", "cleaner"]
    assert rec["extra"] == {"n": 1}
    assert rec["cleaner"]["text"] == FIXED


@pytest.mark.parametrize("suffix,compress", [
    (".jsonl.gz", gzip.compress),
    (".ndjson.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_compressed_jsonl_is_read(write, suffix: str, compress) -> None:
    path = write("dump" + suffix, compress(jsonl({"id": 1, "text": "a"}, {"id": 2, "text": "b"})
                                           .encode()))
    result = run("normalize", str(path))
    assert [r["id"] for r in records(result.stdout)] == [1, 2]


def test_jsonl_is_split_on_newline_only_not_unicode_line_breaks(write) -> None:
    text = "one\u2028two\u0085three\u2029four"
    path = write("seps.jsonl", jsonl({"id": 1, "text": text}, {"id": 2, "text": "next"}))
    result = run("normalize", str(path))
    recs = records(result.stdout)
    assert [r["id"] for r in recs] == [1, 2]
    assert recs[0]["text"] == text


def test_jsonl_line_with_invalid_utf8_is_decoded_not_dropped(write) -> None:
    path = write("bytes.jsonl", b'{"id": 1, "text": "Caf\xe9"}\n')
    (rec,) = records(run("normalize", str(path)).stdout)
    assert rec["cleaner"]["text"] == "Café"


def test_jsonl_lone_surrogate_is_read_and_written_as_valid_json(write) -> None:
    path = write("sur.jsonl", '{"id": 1, "text": "bad \\ud800 half"}\n')
    result = run("normalize", str(path))
    assert result.exit_code == 0
    (rec,) = records(result.stdout)
    assert rec["cleaner"]["text"] == "bad \ufffd half"


def test_field_options_map_other_schemas(write) -> None:
    path = write("other.jsonl", jsonl({"doc": "x9", "body": MOJIBAKE, "headline": "A &amp; B"}))
    result = run("normalize", str(path), "--text-field", "body", "--id-field", "doc",
                 "--title-field", "headline")
    (rec,) = records(result.stdout)
    assert rec["doc"] == "x9"
    assert rec["cleaner"]["text"] == FIXED
    assert rec["cleaner"]["title"] == "A & B"


def test_csv_is_read_with_header(write) -> None:
    path = write("news.csv", f'id,text,source\n1,"{MOJIBAKE}",wire\n2,"multi\nline",wire\n')
    recs = records(run("normalize", str(path)).stdout)
    assert [r["id"] for r in recs] == ["1", "2"]
    assert recs[0]["cleaner"]["text"] == FIXED
    assert recs[1]["text"] == "multi\nline"


def test_parquet_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [MOJIBAKE, "fine"]}), path)
    recs = records(run("normalize", str(path)).stdout)
    assert [(r["id"], r["cleaner"]["text"]) for r in recs] == [("p1", FIXED), ("p2", "fine")]


def test_stdin_jsonl_is_sniffed() -> None:
    result = run("normalize", "-", input=jsonl({"id": 1, "text": MOJIBAKE}))
    (rec,) = records(result.stdout)
    assert rec["cleaner"]["text"] == FIXED


def test_stdin_plain_text_is_one_document() -> None:
    (rec,) = records(run("normalize", "-", input=MOJIBAKE).stdout)
    assert rec["id"] == "stdin"
    assert rec["cleaner"]["text"] == FIXED


# --- writers ---------------------------------------------------------------------------


def test_output_file_is_jsonl_and_stdout_stays_empty(write, tmp_path: Path) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": MOJIBAKE}))
    out = tmp_path / "out.jsonl"
    result = run("normalize", str(src), "-o", str(out))
    assert result.stdout == ""
    assert records(out.read_text())[0]["cleaner"]["text"] == FIXED
    assert not list(tmp_path.glob(".out.jsonl.*"))  # no temporary file left behind


def test_csv_writer_flattens_cleaner_to_json(write, tmp_path: Path) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": MOJIBAKE}))
    out = tmp_path / "out.csv"
    run("normalize", str(src), "-o", str(out))
    (row,) = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["text"] == MOJIBAKE
    assert json.loads(row["cleaner"])["text"] == FIXED


def test_parquet_writer_round_trips(write, tmp_path: Path) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": MOJIBAKE}, {"id": 2, "text": "ok"}))
    out = tmp_path / "out.parquet"
    run("normalize", str(src), "-o", str(out))
    table = pq.read_table(out).to_pylist()
    assert [json.loads(r["cleaner"])["text"] for r in table] == [FIXED, "ok"]


def test_replace_text_writes_cleaned_text_into_text_field(write) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": MOJIBAKE}))
    (rec,) = records(run("normalize", str(src), "--replace-text").stdout)
    assert rec["text"] == FIXED


def test_output_is_deterministic(write, tmp_path: Path) -> None:
    src = write("in.jsonl", jsonl(*({"id": i, "text": MOJIBAKE * i} for i in range(20))))
    first = run("normalize", str(src)).stdout
    assert first == run("normalize", str(src)).stdout


def test_failed_run_leaves_previous_output_intact(write, tmp_path: Path) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": "ok"}) + "not json\n")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    result = run("normalize", str(src), "-o", str(out), "--on-error", "fail")
    assert result.exit_code == 3
    assert out.read_text() == "previous\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_output_may_not_overwrite_an_input(write) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": "ok"}))
    result = run("normalize", str(src), "-o", str(src))
    assert result.exit_code == 2
    assert "is also an input" in result.stderr
    assert records(src.read_text()) == [{"id": 1, "text": "ok"}]


# --- errors and accounting ---------------------------------------------------------------

BAD_LINES = [
    ("[1, 2]", "not an object", "expected a JSON object, got an array"),
    ('{"id": 1, "text": ', "invalid JSON", "not valid JSON"),
    ('{"id": 2}', "missing text",
     "no 'text' field (fields: id); name the field that holds the text with --text-field"),
    ('{"id": 3, "text": 42}', "text not a string", "'text' is a number, expected a string"),
]


@pytest.mark.parametrize("line,reason,message", BAD_LINES, ids=[b[1] for b in BAD_LINES])
def test_bad_jsonl_line_is_rejected_with_file_and_line(write, tmp_path: Path,
                                                      line: str, reason: str, message: str) -> None:
    src = write("dump.jsonl", jsonl({"id": "ok1", "text": "fine"}) + line + "\n"
                + jsonl({"id": "ok2", "text": "fine"}))
    rejects = tmp_path / "rejects.jsonl"
    result = run("normalize", str(src), "--rejects", str(rejects))
    assert result.exit_code == 0
    assert [r["id"] for r in records(result.stdout)] == ["ok1", "ok2"]
    assert f"{src}:2: {message}" in result.stderr
    assert f"read 3 · kept 2 · rejected 1 ({reason} 1)" in result.stderr
    (rej,) = records(rejects.read_text())
    assert rej["origin"] == f"{src}:2"
    assert rej["reason"] == reason
    assert rej["raw"] is not None


def test_on_error_fail_stops_at_first_bad_record_with_exit_3(write) -> None:
    src = write("dump.jsonl", "[]\n" + jsonl({"id": 1, "text": "x"}))
    result = run("normalize", str(src), "--on-error", "fail")
    assert result.exit_code == 3
    assert f"{src}:1: expected a JSON object, got an array" in result.stderr
    assert "Traceback" not in result.output


def test_on_error_skip_counts_without_messages(write) -> None:
    src = write("dump.jsonl", "[]\n" + jsonl({"id": 1, "text": "x"}))
    result = run("normalize", str(src), "--on-error", "skip")
    assert result.exit_code == 0
    assert "expected a JSON object" not in result.stderr
    assert "read 2 · kept 1 · rejected 1 (not an object 1)" in result.stderr


@pytest.mark.parametrize("compress,kind", [
    (gzip.compress, "gz"),
    (lambda b: zstandard.ZstdCompressor().compress(b), "zst"),
])
def test_truncated_compressed_file_keeps_records_before_the_cut(write, compress, kind) -> None:
    data = compress(jsonl(*({"id": i, "text": f"record {i} " * 50} for i in range(2000))).encode())
    src = write(f"cut.jsonl.{kind}", data[: len(data) // 2])
    result = run("normalize", str(src))
    assert result.exit_code == 0
    kept = records(result.stdout)
    assert len(kept) > 100
    assert f"the {kind} stream ends early: the file is truncated" in result.stderr
    assert f"read {len(kept) + 1:,} · kept {len(kept):,} · rejected 1 (truncated file 1)" \
        in result.stderr


def test_file_that_is_not_gzip_is_rejected_as_corrupt(write) -> None:
    src = write("fake.jsonl.gz", b"this is not gzip data at all\n")
    result = run("normalize", str(src))
    assert result.exit_code == 3  # the only input could not be read
    assert "corrupt gz data" in result.stderr
    assert "rejected 1 (truncated file 1)" in result.stderr


def test_binary_file_is_rejected_not_crashed(write) -> None:
    src = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xff\xfe")
    result = run("normalize", str(src))
    assert result.exit_code == 3  # the only input could not be read
    assert f"{src}: binary data, not text" in result.stderr
    assert "rejected 1 (binary file 1)" in result.stderr


def test_ragged_csv_row_is_rejected_with_line(write) -> None:
    src = write("news.csv", "id,text\n1,fine\n2,too,many,fields\n3,also fine\n")
    result = run("normalize", str(src))
    assert [r["id"] for r in records(result.stdout)] == ["1", "3"]
    assert f"{src}:3: row has 4 fields, the header has 2" in result.stderr


def test_parquet_without_text_column_says_so_once_naming_its_columns(write, tmp_path: Path) -> None:
    path = tmp_path / "notext.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "body": ["x", "y"]}), path)
    result = run("normalize", str(path), str(write("good.jsonl", jsonl({"id": "c", "text": "z"}))))
    message = f"{path}: no column 'text' (columns: id, body); name the text column with --text-field"
    assert result.stderr.count(message) == 1
    assert "read 3 · kept 1 · rejected 2 (missing text 2)" in result.stderr


def test_missing_path_exits_3_with_one_line() -> None:
    result = run("normalize", "does/not/exist.jsonl")
    assert result.exit_code == 3
    assert result.stderr == "cleaner: does/not/exist.jsonl: no such file or folder\n"


def test_glob_matching_nothing_exits_3(tmp_path: Path) -> None:
    result = run("normalize", str(tmp_path / "*.jsonl"))
    assert result.exit_code == 3
    assert "no file matches this pattern" in result.stderr


def test_empty_folder_exits_3(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("normalize", str(tmp_path / "empty"))
    assert result.exit_code == 3
    assert "no readable files in this folder" in result.stderr


def test_unknown_extension_is_a_usage_error(write) -> None:
    src = write("data.xml", "<a/>")
    result = run("normalize", str(src))
    assert result.exit_code == 2
    assert "unknown file type; name the format with --input-format" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    result = run("normalize", "--no-such-option", "x")
    assert result.exit_code == 2


def test_empty_file_reads_nothing_and_says_so(write) -> None:
    src = write("empty.jsonl", b"")
    result = run("normalize", str(src))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "read 0 · kept 0" in result.stderr


def test_quiet_silences_stderr_and_stats_file_has_the_accounting(write, tmp_path: Path) -> None:
    src = write("dump.jsonl", jsonl({"id": 1, "text": "x"}) + "[]\n")
    stats = tmp_path / "stats.json"
    result = run("normalize", str(src), "--quiet", "--stats", str(stats))
    assert result.stderr == ""
    assert orjson.loads(stats.read_bytes()) == {
        "read": 2, "kept": 1, "dropped": 0, "rejected": 1,
        "dropped_by_reason": {}, "rejected_by_reason": {"not an object": 1},
        "sentences_removed_by_reason": {},
    }


def test_many_bad_records_are_summarised_not_flooded(write) -> None:
    src = write("dump.jsonl", "[]\n" * 50 + jsonl({"id": 1, "text": "x"}))
    result = run("normalize", str(src))
    assert result.stderr.count("expected a JSON object") == 20
    assert "only the first 20 are shown" in result.stderr
    assert "read 51 · kept 1 · rejected 50" in result.stderr


def test_explain_prints_each_change_on_stderr(write) -> None:
    src = write("page.txt", MOJIBAKE)
    result = run("normalize", str(src), "--explain")
    assert f"page.txt: mojibake\n  - {MOJIBAKE!r}\n  + {FIXED!r}" in result.stderr
    assert records(result.stdout)[0]["cleaner"]["text"] == FIXED
    assert "nothing to repair" not in result.stderr


def test_explain_says_so_when_nothing_changed(write) -> None:
    result = run("normalize", str(write("page.txt", "Clean text.")), "--explain")
    assert "nothing to repair: every text came back as it was" in result.stderr


def test_help_documents_examples_and_exit_codes() -> None:
    assert "Examples:" in run("normalize", "--help").stdout
    assert "Exit codes" in run("--help").stdout


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "cleaner", "--version"],
                            capture_output=True, text=True, check=True)
    assert "cleaner" in result.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(write) -> None:
    src = write("in.jsonl", jsonl({"id": 1, "text": "x"}))
    result = run("normalize", str(src))
    assert "docs/s" not in result.stderr
    assert io.StringIO(result.stderr).read().count("\n") == 1
