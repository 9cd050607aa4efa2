"""io: the record size limit (`FieldMap.max_record_bytes`, `--max-record-bytes`)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
import cleaner.io as cio
from cleaner.document import Document, Rejected
from cleaner.io import MAX_RECORD_BYTES, FieldMap, expand_inputs, read_documents, utf8_size


def _jsonl(*texts: str) -> str:
    return "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts))


def _read(path: Path, limit: int | None) -> list[Document | Rejected]:
    return list(read_documents(expand_inputs([str(path)]), FieldMap(max_record_bytes=limit)))


def test_default_limit_is_ten_megabytes_of_text() -> None:
    assert FieldMap().max_record_bytes == MAX_RECORD_BYTES == 10_000_000


def test_record_over_the_limit_is_rejected_with_its_reason_and_the_others_are_read(write) -> None:
    big = "A long page. " * 10
    path = write("dump.jsonl", _jsonl("First story.", big, "Third story."))
    first, rejected, third = _read(path, 100)
    assert isinstance(first, Document) and first.id == "d0"
    assert isinstance(third, Document) and third.id == "d2"
    assert isinstance(rejected, Rejected)
    assert rejected.reason == "record too large"
    assert str(rejected.origin) == f"{path}:2"
    assert "130 bytes" in rejected.detail and "100 bytes" in rejected.detail
    assert "--max-record-bytes" in rejected.detail
    assert rejected.raw == {"id": "d1", "text": big}  # nothing is lost: the record as read


def test_limit_counts_utf8_bytes_and_a_text_at_the_limit_is_kept(write) -> None:
    path = write("dump.jsonl", _jsonl("é" * 25, "é" * 26, "e" * 51))
    at_limit, over, ascii_over = _read(path, 50)
    assert isinstance(at_limit, Document)
    assert isinstance(over, Rejected) and "52 bytes" in over.detail
    assert isinstance(ascii_over, Rejected) and "51 bytes" in ascii_over.detail


def test_no_limit_reads_every_record(write) -> None:
    path = write("dump.jsonl", _jsonl("x" * 1000))
    assert isinstance(_read(path, None)[0], Document)


def test_csv_record_over_the_limit_is_rejected_with_its_line(write) -> None:
    path = write("dump.csv", "id,text\na,short\nb," + "y" * 200 + "\nc,short\n")
    kinds = [(type(item).__name__, getattr(item, "reason", None)) for item in _read(path, 100)]
    assert kinds == [("Document", None), ("Rejected", "record too large"), ("Document", None)]


def test_txt_file_over_the_limit_is_rejected(write) -> None:
    path = write("page.txt", "word " * 30)  # 150 bytes: read, then found too large
    (item,) = _read(path, 100)
    assert isinstance(item, Rejected) and "150 bytes" in item.detail


def test_txt_file_far_over_the_limit_is_rejected_before_it_is_read(write, monkeypatch) -> None:
    path = write("page.txt", "word " * 100)  # 500 bytes: more than twice the limit

    def unread(*_: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", unread)
    (item,) = _read(path, 100)
    assert isinstance(item, Rejected) and item.reason == "record too large"
    assert "500 bytes" in item.detail and "--max-record-bytes" in item.detail


def test_clean_sets_the_large_record_aside_and_keeps_the_others(write, tmp_path: Path) -> None:
    stories = ["Councillors approved the harbour budget on Tuesday after a long debate. "
               "The vote was close. The mayor said the port would be dredged next year.",
               "The national team beat the visitors two goals to one on Saturday. "
               "The striker scored twice. The coach praised the defence after the match."]
    big = " ".join(["The archive page lists every story the site has published this year."] * 20)
    path = write("dump.jsonl", _jsonl(stories[0], big, stories[1]))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    stats = cleaner.clean([str(path)], str(out), rejects=str(rejects),
                          settings=cleaner.Settings(drop=frozenset(), fields=FieldMap(max_record_bytes=1000)))
    assert (stats.read, stats.kept, dict(stats.rejected)) == (3, 2, {"record too large": 1})
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["d0", "d2"]
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert reject["reason"] == "record too large" and reject["raw"]["id"] == "d1"
    assert "--max-record-bytes" in reject["detail"]


@given(st.text())
def test_utf8_size_is_the_length_of_the_utf8_encoding(text: str) -> None:
    assert utf8_size(text) == len(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_utf8_size_counts_across_chunks(monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(cio, "CHUNK", chunk)
    text = "aé€😀\ud800b" * 3
    assert utf8_size(text) == len(text.encode("utf-8", "surrogatepass"))


_JSON_LEAVES = (st.none() | st.booleans() | st.floats(allow_nan=True) | st.text(max_size=8)
                | st.integers(min_value=-(1 << 70), max_value=1 << 70) | st.binary(max_size=4))
_JSON = st.recursive(_JSON_LEAVES, lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=5) | st.integers(0, 3), inner, max_size=5)
                     | st.tuples(inner, inner), max_leaves=40)


@given(st.dictionaries(st.text(max_size=5), _JSON, max_size=6))
def test_a_large_record_is_written_in_pieces_as_the_bytes_dumps_writes(record: dict) -> None:
    whole = cio.dumps(record) + b"\n"
    out = io.BytesIO()
    cio.write_line(out, record)
    assert out.getvalue() == whole
    streamed = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cio, "STREAMED_CHARS", -1)  # every record is large
        cio.write_line(streamed, record)
    assert streamed.getvalue() == whole


def test_a_large_document_record_is_written_in_pieces(monkeypatch) -> None:
    sentences = [{"text": f"Sentence “{i}”.", "start": i, "end": i + 1, "flags": [],
                  "scores": {"off_topic": 0.5, "language": None}} for i in range(600)]
    record = {"id": "big", "text": "x" * 50, "n": 1 << 63,
              "cleaner": {"text": "x", "segments": [{"kind": "body", "sentences": sentences}],
                          "flagged": {"off_topic": 1}}}
    monkeypatch.setattr(cio, "STREAMED_CHARS", 10)
    written: list[bytes] = []

    class Pieces(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            written.append(bytes(data))
            return super().write(data)

    out = Pieces()
    cio.write_line(out, record)
    assert out.getvalue() == cio.dumps(record) + b"\n"
    assert max(map(len, written)) < 120  # a sentence at a time (the longest piece), never the line
    assert not cio._orjson_writes({"text": "lone \ud800"}) and not cio._orjson_writes({1: "a"})


def test_a_large_records_long_strings_are_written_from_copies_of_their_pieces(monkeypatch) -> None:
    monkeypatch.setattr(cio, "STREAMED_CHARS", 10)
    monkeypatch.setattr(cio, "STRING_PIECE", 3)
    text = 'He said “no”\n\t"quoted" \\ é 😀 \u2028 ' * 5
    record = {"id": "x", "text": text, "cleaner": {"text": text[::-1], "ascii": "plain text"}}
    size = sys.getsizeof(text)
    out = io.BytesIO()
    cio.write_line(out, record)
    assert sys.getsizeof(text) == size  # orjson kept no UTF-8 copy inside it
    assert out.getvalue() == cio.dumps(record) + b"\n"


def test_the_command_line_sets_the_record_size_limit(write, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import cli

    path = write("dump.jsonl", _jsonl("A short story about the harbour.", "x" * 2000))
    result = CliRunner().invoke(cli, ["normalize", str(path), "--max-record-bytes", "1000",
                                      "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert "record too large" in result.stderr and "read 2 · kept 1" in result.stderr


def test_an_output_in_a_missing_folder_is_a_usage_error_naming_the_folder(write, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import cli

    path = write("dump.jsonl", _jsonl("A short story about the harbour."))
    for option in ("-o", "--rejects", "--stats"):
        args = ["normalize", str(path), option, str(tmp_path / "nodir" / "out.jsonl")]
        if option != "-o":
            args += ["-o", str(tmp_path / "out.jsonl")]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f"the folder {tmp_path / 'nodir'} does not exist" in result.stderr
        assert ".tmp" not in result.stderr


def test_an_output_format_that_contradicts_the_file_name_is_refused(write, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import cli

    path = write("dump.jsonl", _jsonl("A short story about the harbour."))
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(cli, ["normalize", str(path), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 2 and "--format csv contradicts" in result.stderr
    assert not out.exists()


# --- input footguns (#21) -----------------------------------------------------------------


def _cli(*args: str, input: bytes | None = None):
    from click.testing import CliRunner

    from cleaner.cli import cli

    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def _ids(output: str) -> list[str]:
    return [json.loads(line)["id"] for line in output.splitlines() if line]


def test_invalid_json_message_says_at_once_and_names_the_column(write) -> None:
    path = write("dump.jsonl", _jsonl("A story.") + '{"id": "x", "text": "cut off\n')
    result = _cli("normalize", str(path))
    assert f"{path}:2: not valid JSON (Unterminated string starting at column 21); " \
        "each line must be one JSON object" in result.stderr
    assert "at at" not in result.stderr


def _gzip(data: str) -> bytes:
    import gzip

    return gzip.compress(data.encode("utf-8"))


def _zstd(data: str) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data.encode("utf-8"))


@pytest.mark.parametrize("compress", [_gzip, _zstd], ids=["gzip", "zstd"])
@pytest.mark.parametrize("name", ["dump.jsonl", "dump.ndjson", "dump.jsonl.gz", "dump.jsonl.zst"])
def test_compression_is_told_by_magic_bytes_whatever_the_name_says(write, compress, name) -> None:
    path = write(name, compress(_jsonl("First story.", "Second story.")))
    result = _cli("normalize", str(path))
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == ["d0", "d1"]
    assert "read 2 · kept 2" in result.stderr


def test_gzip_text_file_named_txt_is_one_document_decompressed(write) -> None:
    path = write("page.txt", _gzip("A story about the harbour."))
    (doc,) = _read(path, None)
    assert isinstance(doc, Document) and doc.text == "A story about the harbour."


def test_truncated_gzip_named_jsonl_keeps_the_records_before_the_cut(write) -> None:
    data = _gzip(_jsonl(*(f"story {i} " * 50 for i in range(2000))))
    path = write("cut.jsonl", data[: len(data) // 2])
    result = _cli("normalize", str(path))
    assert "the gz stream ends early: the file is truncated" in result.stderr
    assert len(_ids(result.stdout)) > 100


@pytest.mark.parametrize("compress", [_gzip, _zstd], ids=["gzip", "zstd"])
def test_compressed_stdin_is_decompressed_and_its_format_sniffed(compress) -> None:
    result = _cli("normalize", "-", input=compress(_jsonl("First story.", "Second story.")))
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == ["d0", "d1"]


def test_compressed_stdin_is_decompressed_on_every_pass_of_a_two_pass_command() -> None:
    result = _cli("split", "-", input=_zstd(_jsonl("First story.\n\nRead more", "Second story.")))
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == ["d0", "d1"]


def test_compressed_stdin_holding_plain_text_is_one_document() -> None:
    result = _cli("normalize", "-", input=_gzip("A story about the harbour."))
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["text"] == "A story about the harbour."


def _records(*texts: str) -> list[dict[str, str]]:
    return [{"text": t, "source": "wire"} for t in texts]


def test_json_array_is_read_one_record_per_element_with_ids_by_position(write) -> None:
    path = write("dump.json", json.dumps(_records("First story.", "Second story.", "Third story."),
                                         indent=2))
    result = _cli("normalize", str(path))
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == [f"{path.name}:1", f"{path.name}:2", f"{path.name}:3"]
    assert "read 3 · kept 3" in result.stderr


def test_json_array_element_that_is_not_an_object_is_rejected_by_its_position(write) -> None:
    path = write("dump.json", json.dumps([{"text": "A story."}, 42, {"body": "no text"}]))
    items = _read(path, None)
    assert [type(i).__name__ for i in items] == ["Document", "Rejected", "Rejected"]
    assert str(items[1].origin) == f"{path} record 2" and items[1].reason == "not an object"
    assert str(items[2].origin) == f"{path} record 3" and items[2].reason == "missing text"


def test_json_file_holding_one_object_is_one_record(write) -> None:
    path = write("story.json", json.dumps({"id": "s1", "text": "A story."}, indent=2))
    (doc,) = _read(path, None)
    assert isinstance(doc, Document) and doc.id == "s1" and doc.text == "A story."


def test_json_object_without_an_id_is_record_1_of_its_file(write) -> None:
    path = write("story.json", json.dumps({"text": "A story."}, indent=2))
    (doc,) = _read(path, None)
    assert isinstance(doc, Document) and doc.id == "story.json:1"


def test_json_lines_named_json_are_still_read_line_by_line(write) -> None:
    path = write("dump.json", _jsonl("First story.", "Second story."))
    assert [item.id for item in _read(path, None)] == ["d0", "d1"]  # type: ignore[union-attr]


def test_empty_json_array_reads_nothing_and_exits_0(write) -> None:
    result = _cli("normalize", str(write("dump.json", "[]")))
    assert result.exit_code == 0 and result.stdout == ""
    assert "read 0 · kept 0" in result.stderr


def test_invalid_json_file_is_one_reject_naming_line_and_column(write) -> None:
    path = write("dump.json", '[\n  {"text": "A story."},\n  {"text": "cut\n')
    (item,) = _read(path, None)
    assert isinstance(item, Rejected) and item.reason == "invalid JSON"
    assert item.detail.startswith("not valid JSON (Invalid control character at line 3 column 16)")


def test_compressed_json_array_is_read(write) -> None:
    path = write("dump.json.gz", _gzip(json.dumps(_records("First story.", "Second story."))))
    assert [item.id for item in _read(path, None)] == ["dump.json.gz:1", "dump.json.gz:2"]  # type: ignore[union-attr]


def test_json_file_over_the_parse_whole_limit_is_rejected_with_advice(write, monkeypatch) -> None:
    monkeypatch.setattr(cio, "MAX_JSON_BYTES", 100)
    path = write("dump.json", json.dumps(_records(*(f"Story {i}." for i in range(20)))))
    (item,) = _read(path, None)
    assert isinstance(item, Rejected) and item.reason == "file too large"
    assert "parsed whole; write it as JSONL" in item.detail


def test_json_array_on_stdin_is_sniffed() -> None:
    result = _cli("normalize", "-", input=json.dumps(_records("First story.", "Second story.")).encode())
    assert result.exit_code == 0, result.output
    assert _ids(result.stdout) == ["stdin:1", "stdin:2"]


def test_csv_without_the_text_column_says_so_once_naming_its_columns(write, tmp_path: Path) -> None:
    path = write("x.csv", "headline,body\nA,One story.\nB,Two story.\nC,Three story.\n")
    good = write("good.jsonl", _jsonl("A story."))
    rejects = tmp_path / "rejects.jsonl"
    result = _cli("normalize", str(path), str(good), "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    message = f"{path}: no column 'text' (columns: headline, body); name the text column with --text-field"
    assert result.stderr.count("no column 'text'") == 1 and message in result.stderr
    assert "read 4 · kept 1 · rejected 3 (missing text 3)" in result.stderr
    rows = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [r["origin"] for r in rows] == [f"{path}:2", f"{path}:3", f"{path}:4"]  # every row kept
    assert rows[0]["raw"] == {"headline": "A", "body": "One story."}


def test_csv_without_the_text_column_reads_with_text_field_naming_one(write) -> None:
    path = write("x.csv", "headline,body\nA,One story.\n")
    (doc,) = _read_fields(path, FieldMap(text="body"))
    assert isinstance(doc, Document) and doc.text == "One story."


def _read_fields(path: Path, fields: FieldMap) -> list[Document | Rejected]:
    return list(read_documents(expand_inputs([str(path)]), fields))


def test_jsonl_record_without_the_text_field_names_the_fields_it_has(write) -> None:
    path = write("dump.jsonl", json.dumps({"id": "a", "headline": "A", "body": "One story."}) + "\n")
    (item,) = _read(path, None)
    assert isinstance(item, Rejected) and item.reason == "missing text"
    assert item.message() == (f"{path}:1: no 'text' field (fields: id, headline, body); name the "
                              "field that holds the text with --text-field")


def test_many_fields_are_named_up_to_twelve(write) -> None:
    path = write("dump.jsonl", json.dumps({f"f{i}": i for i in range(15)}) + "\n")
    (item,) = _read(path, None)
    assert "(fields: f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, … 3 more)" in item.detail  # type: ignore[union-attr]


def test_no_readable_record_exits_3_with_one_line_saying_why_and_what_to_do(write, tmp_path: Path) -> None:
    path = write("x.csv", "headline,body\nA,One story.\nB,Two story.\n")
    rejects = tmp_path / "rejects.jsonl"
    result = _cli("normalize", str(path), "--rejects", str(rejects), "-q")
    assert result.exit_code == 3
    assert result.stderr == (f"cleaner: no record could be read: read 2 · kept 0 · rejected 2 "
                             f"(missing text 2); {path}: no column 'text' (columns: headline, body); "
                             "name the text column with --text-field\n")
    assert len(rejects.read_text().splitlines()) == 2  # every record kept with its reason


def test_every_jsonl_record_rejected_exits_3_naming_the_fields_seen(write) -> None:
    path = write("dump.jsonl", "".join(json.dumps({"id": i, "body": "x"}) + "\n" for i in range(3)))
    result = _cli("normalize", str(path))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (
        f"cleaner: no record could be read: read 3 · kept 0 · rejected 3 (missing text 3); "
        f"{path}:1: no 'text' field (fields: id, body); name the field that holds the text with "
        "--text-field")


def test_every_record_rejected_exits_3_under_on_error_skip_too(write) -> None:
    result = _cli("normalize", str(write("dump.jsonl", "[]\n[]\n")), "--on-error", "skip")
    assert result.exit_code == 3
    assert "no record could be read: read 2 · kept 0 · rejected 2 (not an object 2)" in result.stderr


def test_every_file_unreadable_exits_3(write) -> None:
    path = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xff\xfe")
    result = _cli("normalize", str(path))
    assert result.exit_code == 3
    assert f"no record could be read: read 1 · kept 0 · rejected 1 (binary file 1); {path}: binary " \
        "data, not text" in result.stderr


def test_check_with_no_readable_record_exits_3_not_a_threshold_failure(write) -> None:
    result = _cli("check", str(write("dump.jsonl", "not json\n")))
    assert result.exit_code == 3
    assert "no record could be read" in result.stderr


def test_empty_inputs_read_nothing_and_exit_0(write) -> None:
    result = _cli("normalize", str(write("a.jsonl", b"")), str(write("b.csv", "id,text\n")))
    assert result.exit_code == 0 and result.stdout == ""
    assert "read 0 · kept 0" in result.stderr


def test_one_readable_record_among_rejects_exits_0(write) -> None:
    result = _cli("normalize", str(write("dump.jsonl", "[]\n" + _jsonl("A story."))))
    assert result.exit_code == 0
    assert "read 2 · kept 1 · rejected 1 (not an object 1)" in result.stderr


def test_counts_in_messages_agree_with_their_noun() -> None:
    from cleaner.text import counted

    assert [counted(1, "document"), counted(0, "document"), counted(2000, "document")] == \
        ["1 document", "0 documents", "2,000 documents"]
    assert counted(1, "entry", "entries") == "1 entry" and counted(2, "entry", "entries") == "2 entries"


def test_ragged_csv_row_of_one_field_says_field_not_fields(write) -> None:
    path = write("x.csv", "id,text\nlonely\n1,A story.\n")
    rejected, _ = _read(path, None)
    assert isinstance(rejected, Rejected)
    assert rejected.detail.startswith("row has 1 field, the header has 2;")


def test_check_of_one_document_says_1_document(write) -> None:
    result = _cli("check", str(write("dump.jsonl", _jsonl("A story about the harbour and its ships."))))
    assert "cleaner check: 1 document, 1 body sentence · read 1 · kept 1" in result.stdout


def test_dedup_of_one_headline_says_1_headline_and_0_clusters(write) -> None:
    path = write("dump.jsonl", json.dumps({"id": "a", "title": "Harbour reopens", "text": "A story."}) + "\n")
    result = _cli("dedup", str(path))
    assert "1 headline · 0 clusters of near-duplicates holding 0" in result.stderr


def test_boilerplate_only_document_of_one_paragraph_says_its_one_paragraph(write) -> None:
    result = _cli("split", str(write("dump.jsonl", _jsonl("Read more"))))
    assert "no article text: its one paragraph is boilerplate" in result.stdout
