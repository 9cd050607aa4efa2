"""normalize: ftfy's repairs behind a fast path that never misses one, and our whitespace rules."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import ftfy
import ftfy.badness
import pytest
from ftfy.badness import is_bad
from ftfy.fixes import uncurl_quotes
from hypothesis import given
from hypothesis import strategies as st

from cleaner._vendor import ftfy_badness
from cleaner.document import Document
from cleaner.normalize import (
    FTFY_CONFIG,
    Normalize,
    _mojibake_anchors,
    looks_like_mojibake,
    needs_repair,
    normalize_text,
    tidy_whitespace,
)

from .conftest import shared_path

CASES = json.loads((Path(__file__).parent / "data" / "normalize_cases.json").read_text("utf-8"))
FTFY_PLAIN = FTFY_CONFIG._replace(explain=False)

# Text made of the characters mojibake, entities and line breaks are made of.
suspicious_text = st.lists(
    st.one_of(
        st.characters(max_codepoint=0x600),
        st.sampled_from(list("‘’“”–—…€™•ГўВЂΒΓΞΟβﬁ\u2028\u2029\r\n\t&;<#\u200b\u00ad ")),
        st.sampled_from(["&amp;", "&#8217;", "Ã©", "â€™", "Â ", "\x1b[31m", "Ã\x83Â©"]),
    ),
    max_size=40,
).map("".join)

# Text made of the characters ftfy's mojibake detector looks for.
_MOJIBAKE_CHARACTERS = set("".join(ftfy_badness.MOJIBAKE_CATEGORIES.values())) | set("ÂÃ ВГРСΒΓΞΟ")
mojibake_text = st.lists(
    st.one_of(st.sampled_from(sorted(_MOJIBAKE_CHARACTERS)), st.characters(max_codepoint=0x600)),
    max_size=12,
).map("".join)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_golden_cases_are_repaired_and_counted(case: dict) -> None:
    result = normalize_text(case["original"])
    assert result.text == case["fixed"]
    assert result.fixes == case["fixes"]


@pytest.mark.parametrize(
    "text",
    [
        "Президент заявил, что переговоры продолжатся в понедельник.",
        "قال المتحدث باسم الحكومة إن المحادثات ستستأنف يوم الاثنين.",
        "政府发言人表示，谈判将于周一恢复。",
        "Le président a déclaré : « les négociations reprendront lundi ».",
        "Der Außenminister äußerte sich über Zürich und Köln.",
        "Ο πρωθυπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν.",
        "नई दिल्ली में बातचीत सोमवार को फिर से शुरू होगी।",
        "東京で月曜日に協議が再開される。",
        "Family emoji 👨\u200d👩\u200d👧 stays whole.",
    ],
)
def test_clean_multilingual_text_is_byte_identical(text: str) -> None:
    result = normalize_text(text)
    assert result.text == text
    assert result.fixes == {}


def test_normalizing_twice_changes_nothing_more() -> None:
    for case in CASES:
        once = normalize_text(case["original"]).text
        assert normalize_text(once).text == once


@given(suspicious_text)
def test_normalize_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_text(text).text
    assert normalize_text(once).text == once


@given(suspicious_text)
def test_fast_path_never_skips_text_ftfy_would_change(text: str) -> None:
    if not needs_repair(text):
        assert ftfy.fix_text(text, FTFY_PLAIN) == text


@given(st.one_of(suspicious_text, mojibake_text))
def test_windowed_mojibake_check_agrees_with_ftfy_is_bad_line_by_line(text: str) -> None:
    lines = text.split("\n")
    if len(lines) == 1:
        assert looks_like_mojibake(text) == is_bad(text)
    elif any(is_bad(line) for line in lines):  # never misses a line ftfy would repair
        assert looks_like_mojibake(text)


# ftfy's detector and its character classes, by names ftfy does not document
FTFY_DETECTOR = getattr(ftfy.badness, "BADNESS_RE", None)
FTFY_CATEGORIES = getattr(ftfy.badness, "MOJIBAKE_CATEGORIES", None)
names_ftfy_keeps = pytest.mark.skipif(FTFY_DETECTOR is None or FTFY_CATEGORIES is None,
                                      reason="this ftfy names its detector no longer")


@names_ftfy_keeps
def test_vendored_mojibake_detector_is_the_installed_ftfys() -> None:
    assert ftfy_badness.MOJIBAKE_CATEGORIES == FTFY_CATEGORIES
    assert ftfy_badness.same_as(FTFY_DETECTOR)
    assert _mojibake_anchors(FTFY_DETECTOR) is not None


@given(st.one_of(suspicious_text, mojibake_text))
def test_vendored_mojibake_detector_finds_what_ftfy_finds(text: str) -> None:
    vendored = re.compile(ftfy_badness.pattern())
    assert (vendored.search(text) is not None) == is_bad(text)


@names_ftfy_keeps
def test_a_detector_other_than_the_vendored_one_is_searched_whole() -> None:
    assert ftfy_badness.same_as(re.compile(FTFY_DETECTOR.pattern + "  # a comment\n", re.VERBOSE))
    changed = re.compile(FTFY_DETECTOR.pattern + "| ū€", re.VERBOSE)
    assert not ftfy_badness.same_as(changed)
    assert _mojibake_anchors(changed) is None


def test_the_vendored_detector_serves_only_the_ftfy_release_it_was_taken_from(monkeypatch) -> None:
    detector = ftfy_badness.detector()
    assert detector is not None and ftfy_badness.same_as(detector)
    assert _mojibake_anchors(detector) is not None
    monkeypatch.setattr(ftfy_badness, "VERSION", "0")
    assert ftfy_badness.detector() is None


def test_another_ftfy_release_is_checked_line_by_line_by_its_own_is_bad(monkeypatch) -> None:
    texts = ["CafÃ©", "Café", "â€œquotedâ€\x9d", "plain text\nCafÃ© on line two", "Ã a", ""]
    vendored = [looks_like_mojibake(text) for text in texts]
    monkeypatch.setattr(sys.modules["cleaner.normalize"], "_BAD_ANY_LINE", None)
    assert [looks_like_mojibake(text) for text in texts] == vendored
    assert any(vendored) and not all(vendored)


def _ftfy_cases(name: str) -> list[dict]:
    path = shared_path("data", "ftfy-cases", f"{name}.json")
    return [c for c in json.loads(path.read_text("utf-8")) if c["expect"] == "pass"]


@pytest.mark.parametrize("name", ["in-the-wild", "synthetic", "language-names", "negative"])
def test_same_repairs_as_ftfy_fix_text_on_ftfy_cases(name: str) -> None:
    cases = _ftfy_cases(name)
    assert cases
    for case in cases:
        original = case["original"]
        assert normalize_text(original).text == tidy_whitespace(
            ftfy.fix_text(original, FTFY_PLAIN)
        ), case["label"]
        assert looks_like_mojibake(original) == is_bad(original), case["label"]
        assert (re.search(ftfy_badness.pattern(), original) is None) == (not is_bad(original))


def test_ftfy_negative_cases_are_left_alone() -> None:
    for case in _ftfy_cases("negative"):
        # ftfy's expectations uncurl quotes; we keep them, so compare uncurled.
        assert uncurl_quotes(normalize_text(case["original"]).text) == case["fixed"], case["label"]


def test_stage_writes_text_fixes_and_title_into_cleaner_namespace() -> None:
    doc = Document(id="1", text="Caf\u00c3\u00a9", title="Tom &amp; Jerry",
                   fields={"id": "1", "text": "Caf\u00c3\u00a9"})
    seen = []
    (out,) = Normalize(explain=lambda d, changes: seen.extend(changes))([doc])
    assert out.cleaner == {"text": "Café", "fixes": {"mojibake": 1}, "title": "Tom & Jerry"}
    assert out.fields == {"id": "1", "text": "Caf\u00c3\u00a9"}  # input untouched
    assert [(c.kinds, c.before, c.after) for c in seen] == [(["mojibake"], "Caf\u00c3\u00a9", "Café")]


def test_entities_are_unescaped_beside_a_stray_less_than_sign_but_not_beside_a_tag() -> None:
    assert normalize_text("Latest News < Profits rose &amp; fell").text == "Latest News < Profits rose & fell"
    assert normalize_text("profits < 5% &amp; falling").text == "profits < 5% & falling"
    assert normalize_text("<b>Profits</b> &amp; more").text == "<b>Profits</b> &amp; more"
