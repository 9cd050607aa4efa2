"""Raw pages in: .html files and WARC archives, extracted once, then cleaned like text."""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.io import html as page_io

from .pages import article, write_warc

pytest.importorskip("trafilatura", reason="the html extra is not installed")
pytest.importorskip("warcio", reason="the html extra is not installed")


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


# --- charset ------------------------------------------------------------------------------


def test_valid_utf8_bytes_are_utf8_even_where_the_meta_tag_says_latin1() -> None:
    page = '<meta charset="iso-8859-1"><p>Café</p>'.encode()
    assert page_io.decode_page(page) == ('<meta charset="iso-8859-1"><p>Café</p>', "utf-8")


def test_a_byte_order_mark_comes_before_everything() -> None:
    page = codecs.BOM_UTF16_LE + '<meta charset="utf-8"><p>Café</p>'.encode("utf-16-le")
    assert page_io.decode_page(page)[0].endswith("Café</p>")


def test_bytes_that_are_not_utf8_follow_the_http_header_then_the_meta_tag() -> None:
    page = '<meta charset="windows-1252"><p>Café “quoted”</p>'.encode("cp1252")
    assert page_io.decode_page(page)[0].endswith("Café “quoted”</p>")
    greek = '<meta charset="windows-1252"><p>Καλημέρα κόσμε</p>'.encode("iso-8859-7")
    assert "Καλημέρα" in page_io.decode_page(greek, "text/html; charset=iso-8859-7")[0]


# --- one page --------------------------------------------------------------------------------


def test_a_page_gives_its_article_as_lines_and_its_metadata(write, tmp_path: Path) -> None:
    write("pages/late-trains.html", article())
    out = tmp_path / "out.jsonl"
    result = run("clean", str(tmp_path / "pages"), "--drop", "none", "-o", str(out))
    assert result.exit_code == 0, result.output
    [record] = records(out)
    assert record["title"] == "City adds late trains to the harbour line"
    assert record["url"] == "https://news.example.org/late-trains"
    assert record["published"] == "2024-03-05" and record["source"] == "news.example.org"
    text = record["cleaner"]["text"]
    assert "Earlier first trains on weekdays\n\nLater last trains on Fridays" in text  # list items
    assert text.startswith("The city will run trains until midnight")
    for furniture in ("Home", "Related stories", "Bus fares", "All rights reserved",
                      "waited ten years"):  # nav, aside, footer, readers' comments
        assert furniture not in text


def test_an_undecodable_page_is_rejected_an_empty_one_dropped_and_the_rest_goes_on(
        write, tmp_path: Path) -> None:
    write("pages/a.html", article())
    write("pages/binary.html", b"\x00\x01\x02 not a page")
    write("pages/script.htm", "<html><body><script>render()</script></body></html>")
    rejects = tmp_path / "rejects.jsonl"
    result = run("clean", str(tmp_path / "pages"), "-o", str(tmp_path / "out.jsonl"),
                 "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert ("read 3 · kept 1 · dropped 1 (empty extraction 1) · rejected 1 (undecodable page 1)"
            in result.stderr)
    assert {r["reason"] for r in records(rejects)} == {"empty extraction", "undecodable page"}
    assert "Traceback" not in result.output


def test_a_page_from_stdin_is_read_under_input_format_html(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("clean", "-", "--input-format", "html", "-o", str(out), "-q",
                 input=article().encode())
    assert result.exit_code == 0, result.output
    assert records(out)[0]["title"] == "City adds late trains to the harbour line"


@pytest.mark.parametrize("command", ["normalize", "clean"])
def test_a_page_on_stdin_is_told_by_its_markup_and_extracted(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run(command, "-", "-o", str(out), "-q", input=article().encode())
    assert result.exit_code == 0, result.output
    assert "The city will run trains until midnight" in records(out)[0]["cleaner"]["text"]


def test_without_the_html_extra_a_page_is_a_clear_usage_error(
        write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("page.html", article())
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if never installed
    result = run("clean", str(tmp_path / "page.html"), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert "pip install 'cleaner-news[html]'" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_each_page_is_extracted_once_across_the_passes_of_a_run(
        write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for day in range(1, 4):
        write(f"pages/{day}.html", article(slug=f"s{day}", day=day,
                                           title=f"Story number {day} about the harbour line"))
    calls = []
    extract = page_io.extract
    monkeypatch.setattr(page_io, "extract", lambda *a, **k: calls.append(1) or extract(*a, **k))
    result = run("clean", str(tmp_path / "pages"), "-o", str(tmp_path / "out.jsonl"), "-q",
                 "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(calls) == 3  # clean reads its input three times


# --- WARC archives ----------------------------------------------------------------------------


def test_a_warc_gives_its_html_responses_and_drops_every_other_record_by_reason(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "crawl.warc.gz")
    out, rejects, stats = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl", tmp_path / "stats.json"
    result = run("clean", str(archive), "--drop", "none", "-o", str(out), "--rejects", str(rejects),
                 "--stats", str(stats))
    assert result.exit_code == 0, result.output
    counts = json.loads(stats.read_text())
    assert counts["read"] == 7 == counts["kept"] + counts["dropped"] + counts["rejected"]
    assert counts["dropped_by_reason"] == {"request": 2, "not-html": 1, "redirect": 1, "revisit": 1}
    kept = records(out)
    assert [r["url"] for r in kept] == ["https://news.example.org/late-trains",
                                        "https://news.example.org/bridge"]
    assert kept[0]["warc_record_id"] == "<urn:uuid:00000000-0000-4000-8000-000000000002>"
    assert kept[0]["warc_date"] == "2024-03-05T09:00:00Z"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("cut", [40, 400, 1500])
def test_a_truncated_warc_rejects_the_cut_record_and_keeps_the_rest(cut: int, tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "crawl.warc.gz", truncate=cut)
    stats, rejects = tmp_path / "stats.json", tmp_path / "rejects.jsonl"
    result = run("clean", str(archive), "--drop", "none", "-o", str(tmp_path / "out.jsonl"),
                 "--rejects", str(rejects), "--stats", str(stats))
    assert result.exit_code == 0, result.output
    counts = json.loads(stats.read_text())
    assert counts["rejected_by_reason"] == {"truncated file": 1}
    assert counts["read"] == counts["kept"] + counts["dropped"] + counts["rejected"]
    assert counts["kept"] >= 1
    [reject] = [r for r in records(rejects) if r["reason"] == "truncated file"]
    assert reject["origin"].startswith(f"{archive} record ")
    assert "truncated" in result.stderr and "Traceback" not in result.output


def test_an_uncompressed_warc_reads_as_the_gzipped_one(tmp_path: Path) -> None:
    outs = []
    for name, gz in (("a.warc", False), ("b.warc.gz", True)):
        out = tmp_path / f"{name}.jsonl"
        run("clean", str(write_warc(tmp_path / name, gzip=gz)), "-o", str(out), "-q")
        outs.append([r["cleaner"]["text"] for r in records(out)])
    assert outs[0] == outs[1] and len(outs[0]) == 2


def test_a_warc_gives_the_same_bytes_with_two_jobs_and_on_dask(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    archive = write_warc(tmp_path / "crawl.warc.gz", truncate=40)
    outputs = []
    for options in (["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask", "--jobs", "2"]):
        out = tmp_path / f"{'-'.join(options)}.jsonl"
        result = run("clean", str(archive), "-o", str(out), "-q", *options)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0]
