"""dedup: folding, bulk MinHash, LSH, verification, clusters that keep stories apart."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.dedup import DedupConfig, cluster_texts, representative
from cleaner.dedup.lsh import band_params, candidate_pairs
from cleaner.dedup.minhash import shingle, signatures
from cleaner.dedup.representative import case_counts, copy_faults, word_faults
from cleaner.dedup.verify import numbers, numbers_in, sentence_case
from cleaner.text import fold, fold_many

from .conftest import SAMPLES, shared_path

CONVOY = [
    "Syria war: Stranded IS convoy reaches Deir al-Zour",
    "Stranded IS convoy reaches Deir al-Zor - BBC News",
    "UPDATE 2-Stranded IS convoy reaches Deir ez-Zor",
]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.split("\n") if line]


def same_cluster(texts: list[str], config: DedupConfig | None = None) -> set[frozenset[int]]:
    return {frozenset(c.members) for c in cluster_texts(texts, config)}


def test_seed_spellings_fold_to_one_form() -> None:
    expected = json.loads(shared_path("examples", "deir-ez-zor.expected.json").read_text("utf-8"))
    assert len({fold(s) for s in expected["same_place_spellings"]}) == 1


@pytest.mark.parametrize("variants", [
    ["Kyiv metro used as shelter", "Kiev metro used as shelter"],
    ["Zelensky in Washington", "Zelenskiy in Washington", "Zelenskyy in Washington"],
    ["Tchaikovsky prize", "Chaikovsky prize", "Tschaikowsky prize"],
    ["Al-Shabaab attack", "al Shabab attack"],
])
def test_transliteration_variants_fold_together_or_nearly(variants: list[str]) -> None:
    folded = [fold(v) for v in variants]
    assert all(f.split()[1:] == folded[0].split()[1:] for f in folded)


def test_decorations_are_removed_but_headline_words_stay() -> None:
    assert fold("UPDATE 2-Rates rise again | Reuters") == fold("Rates rise again")
    assert fold("BREAKING: Rates rise again (VIDEO)") == fold("Rates rise again")
    assert fold("Rates rise again - The Daily Globe") == fold("Rates rise again")
    assert fold("Syria war: what we know") != fold("Syria war")


def test_non_latin_scripts_are_transliterated_for_matching() -> None:
    assert fold("Москва") == fold("Moskva")


def test_decorated_convoy_headlines_cluster_and_the_other_headline_does_not() -> None:
    texts = [*CONVOY, "Towards war's end in Syria"]
    assert same_cluster(texts) == {frozenset({0, 1, 2})}


def test_different_places_in_one_template_are_different_stories() -> None:
    texts = ["Earthquake hits Japan", "Earthquake hits Chile",
             "Magnitude 6.4 earthquake hits northern Japan",
             "Magnitude 6.4 earthquake hits northern Chile",
             "Bank of England raises interest rates to 5.25%",
             "Bank of Canada raises interest rates to 5.25%"]
    story = ["japan", "chile", "japan", "chile", "england", "canada"]
    for cluster in same_cluster(texts, DedupConfig(threshold=0.3, verify_score=0.6)):
        assert len({story[i] for i in cluster}) == 1


def test_union_find_does_not_chain_two_stories_through_a_middle_member() -> None:
    texts = ["Magnitude 6.4 earthquake hits northern Japan",
             "Magnitude 6.4 earthquake hits northern region",
             "Magnitude 6.4 earthquake hits northern Chile"]
    clusters = same_cluster(texts, DedupConfig(threshold=0.3, verify_score=0.6))
    assert frozenset({0, 1, 2}) not in clusters
    assert not any({0, 2} <= c for c in clusters)


def test_short_texts_get_signatures_that_tell_them_apart() -> None:
    sigs = signatures(shingle(["ab", "cd", "ab", ""], "char", 4))
    assert (sigs[0] == sigs[2]).all()
    assert not (sigs[0] == sigs[1]).all()
    assert (sigs[3] == np.iinfo(np.uint32).max).all()


def test_signature_of_a_text_does_not_depend_on_its_batch() -> None:
    texts = ["stranded convoy reaches city", "another headline entirely", "x"]
    batch = signatures(shingle(texts, "word", 2))
    alone = signatures(shingle([texts[0]], "word", 2))
    assert (batch[0] == alone[0]).all()


def test_minhash_estimates_jaccard() -> None:
    a = "the quick brown fox jumps over the lazy dog near the river bank"
    b = "the quick brown fox jumps over the lazy cat near the river bank"
    sh = shingle([a, b], "char", 4)
    sigs = signatures(sh, num_perm=512)
    grams = [{t[i:i + 4] for i in range(len(t) - 3)} for t in (a, b)]
    exact = len(grams[0] & grams[1]) / len(grams[0] | grams[1])
    assert abs((sigs[0] == sigs[1]).mean() - exact) < 0.08


def test_lsh_finds_similar_rows_and_band_params_follow_datasketch() -> None:
    bands, rows = band_params(0.5, 128)
    assert bands * rows <= 128
    texts = ["stranded convoy reaches deir zur", "stranded convoy reaches deir zur today",
             "completely unrelated words here"]
    pairs = candidate_pairs(signatures(shingle(texts)), bands, rows)
    assert [tuple(p) for p in pairs] == [(0, 1)]


def test_cluster_ids_and_output_are_deterministic() -> None:
    texts = [*CONVOY, *CONVOY]
    first = [(c.id, c.members, c.representative) for c in cluster_texts(texts)]
    assert first == [(c.id, c.members, c.representative) for c in cluster_texts(texts)]


def test_representative_policies() -> None:
    published = ["2025-03-02", "2025-03-01", None]
    assert cluster_texts(CONVOY, DedupConfig(representative="earliest"),
                         published=published)[0].representative == 1
    assert cluster_texts(CONVOY, DedupConfig(representative="first"))[0].representative == 0
    assert cluster_texts(CONVOY, DedupConfig(representative="longest"))[0].representative == 0


@pytest.mark.parametrize("batch", [2, 50_000])
def test_case_counts_for_a_batch_count_as_str_methods_do_one_text_at_a_time(
        batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(representative, "BATCH", batch)
    texts = ["Nissan names Ghosn successor", "", "ÉTÉ À PARIS", "東京 Tokyo", "\U0001d400\U0001d401c 😀",
             "ǅemal", "\udcff broken", "", "Ⅻ ⓐⒶ ß"]
    uppers, letters = case_counts(texts)
    assert uppers.tolist() == [sum(c.isupper() for c in t) for t in texts]
    assert letters.tolist() == [sum(c.isalpha() for c in t) for t in texts]
    assert [counts.tolist() for counts in case_counts([])] == [[], []]


def _word_faults_one_story_at_a_time(texts: list[str], sizes: list[int]) -> list[int]:
    """The vote written plainly: each copy's set of words against its story's majority."""
    faults = []
    for end, size in zip(itertools.accumulate(sizes), sizes, strict=True):
        words = [set(re.findall(r"\w+", text.casefold())) for text in texts[end - size:end]]
        counts = Counter(itertools.chain.from_iterable(words))
        majority = {word for word, n in counts.items() if 2 * n > size}
        faults += [len(each ^ majority) for each in words]
    return faults


@pytest.mark.parametrize("batch", [1, 3, 50_000])
def test_word_votes_in_batches_of_stories_are_each_story_s_own(
        batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(representative, "BATCH", batch)
    rng = np.random.default_rng(5)
    words = ["quake", "Quake", "hits", "chile", "Chlie", "ÉTÉ", "été", "東京", "snake_case",
             "\U0001d400x", "ß", "SS", "2024", "", "—", "a\nb", "\udcff", "x", "nul\x00byte"]
    sizes = rng.integers(1, 7, size=40).tolist()
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 6))) + rng.choice(["", "!", " "])
             for _ in range(sum(sizes))]
    assert (word_faults(texts, np.array(sizes)).tolist()
            == _word_faults_one_story_at_a_time(texts, sizes))


def test_copy_faults_of_many_stories_in_one_batch_are_each_story_s_alone() -> None:
    stripped = ["Nissan names Ghosn successor", "Nissan names Ghosn successor",
                "nissan names ghosn successor", "NISSAN NAMES GHOSN SUCCESSOR"]
    stories = [(stripped, [False, True, False, False]),
               (["Quake hits Chile", "Quake hits Chlie", "Quake hits Chile"], [False] * 3),
               (["", "Gold", "gold!"], [False] * 3), (["  "], [False])]
    alone = [copy_faults(s, d).tolist() for s, d in stories]
    assert alone[:2] == [[0, 1, 1, 1], [0, 2, 0]]
    together = copy_faults([s for ss, _ in stories for s in ss], [d for _, ds in stories for d in ds],
                           [len(ss) for ss, _ in stories])
    assert together.tolist() == [fault for faults in alone for fault in faults]


def test_a_place_swapped_for_another_is_another_story_also_without_capitals() -> None:
    texts = ["death toll rises to 179 in chile quake", "death toll rises to 179 in china quake",
             "UPDATE 1-death toll rises to 179 in chile quake"]
    assert len(cluster_texts(texts)) == 1 and len(cluster_texts(texts)[0].members) == 3
    (cluster,) = cluster_texts(texts, places=frozenset(fold_many(["Chile", "China"])))
    assert cluster.members == [0, 2]


def test_headlines_giving_different_numbers_are_different_stories() -> None:
    texts = ["6 Nato troops killed in Afghanistan", "Six Nato troops killed in Afghanistan",
             "UPDATE 2-6 Nato troops killed in Afghanistan", "Five Nato troops killed in Afghanistan",
             "Nato troops killed in Afghanistan", "Stocks close 0.39% higher", "Stocks close 2.47% higher",
             "Aol to sell 800 patents to Microsoft for $1.0bn",
             "Aol to sell 800 patents to Microsoft for $1bn"]
    clusters = [set(c.members) for c in cluster_texts(texts)]
    assert {0, 1, 2} <= next(c for c in clusters if 0 in c)  # one number, written three ways
    assert not any({0, 3} <= c for c in clusters) and not any({5, 6} <= c for c in clusters)
    assert {7, 8} in clusters


def _sentence_case_one_at_a_time(headline: str) -> bool:
    """The rule written with regular expressions, one headline at a time."""
    if headline == headline.upper() or headline == headline.lower():
        return False
    inner = len(re.findall(r"(?<=\s)\w{4,}", headline))
    return not inner or len(re.findall(r"(?<=\s)[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]\w{3,}", headline)) <= 0.6 * inner


def test_sentence_case_for_a_batch_is_the_rule_for_each_headline() -> None:
    rng = np.random.default_rng(9)
    words = ["Quake", "hits", "Chile", "ÉTÉ", "été", "Москва", "ΑΘΗΝΑ", "東京都庁", "x", "Ab",
             "snake_case", "\U0001d400bcd", "ǅemal", "2024", "\u00a0", "\n", "\t", "—", "\x00", "İstanbul"]
    texts = ["", " ", "Quake hits Chile", "Quake Hits Chile Today", "QUAKE HITS CHILE"]
    texts += ["".join(rng.choice(words) + rng.choice([" ", "", "  ", "-"])
                      for _ in range(rng.integers(0, 8))) for _ in range(400)]
    assert sentence_case(texts) == [_sentence_case_one_at_a_time(t) for t in texts]
    assert sentence_case([]) == []


def test_numbers_are_read_in_any_case_a_regex_folds_without_an_error() -> None:
    assert numbers("SIX dead") == numbers("ſix dead") == numbers("six dead") == {"#6"}
    assert numbers("fİve fıve Twelve") == {"#5", "#12"}
    assert numbers_in(["Six dead,\n2 hurt", "", "7 of 12"]) == [{"#6", "#2"}, set(), {"#7", "#12"}]


def test_numbers_of_a_batch_are_each_headline_s_read_in_full() -> None:
    from cleaner.dedup.verify import _NUMBER, _NUMBER_WORD, _number, _number_word

    rng = np.random.default_rng(8)
    pieces = ["one", "ONE", "Two", "tHREE", "fo", "ur", "five", "Six", "seven", "eleven", "twelve",
              "ten", "twenty", "nine", "ſix", "fİve", "fıve", "\u0665", "\u0966", "12", "1,200",
              "0.5", "3.", "A380", "x", " ", "-", "\n", ",", ".", "$", "é", "\ud800", "\U0001f600"]
    headlines = ["".join(rng.choice(pieces, size=rng.integers(0, 8))) for _ in range(20000)]
    assert numbers_in(headlines) == [
        {_number(m) for m in _NUMBER.finditer(h)} | {_number_word(m) for m in _NUMBER_WORD.finditer(h)}
        for h in headlines]
    assert numbers_in([]) == []


def test_a_changed_figure_in_a_long_text_does_not_part_two_copies() -> None:
    body = ("The council said on Tuesday that the flood barrier on the river would be finished "
            "by the spring, and that {} homes in the old town would be safe from the next flood.")
    [cluster] = cluster_texts([body.format(400), body.format(450)])
    assert cluster.members == [0, 1]


def test_dedup_keeps_lower_case_place_swaps_apart_by_the_gazetteer(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    titles = ["death toll rises to 179 in chile quake", "death toll rises to 179 in china quake",
              "death toll rises to 179 in chile quake - wire"]
    src.write_text("".join(json.dumps({"id": f"r{i}", "title": t, "text": t + "."}) + "\n"
                           for i, t in enumerate(titles)))
    result = run("dedup", str(src))
    assert result.exit_code == 0, result.output
    clusters = [r["cleaner"]["cluster"] for r in records(result.stdout)]
    assert clusters[1] is None and clusters[0]["id"] == clusters[2]["id"]


def test_the_cleanest_copy_represents_its_story_whatever_the_order() -> None:
    clean = "Nissan names successor to Carlos Ghosn"
    copies = ["BREAKING: Nissan names successor to Carlos Ghosn", "NISSAN NAMES SUCCESSOR TO CARLOS GHOSN",
              "Nissan names sucessor to Carlos Ghosn", clean, "nissan names successor to carlos ghosn",
              "Nissan names successor to Carlos Ghosn via Reuters"]
    for shift in range(len(copies)):
        texts = copies[shift:] + copies[:shift]
        (cluster,) = cluster_texts(texts)
        assert texts[cluster.representative] == clean, texts


def test_among_equally_clean_copies_the_earliest_represents() -> None:
    texts = ["Storm closes schools across the north", "Storm closes schools across the north",
             "UPDATE 1-Storm closes schools across the north"]
    published = ["2025-03-02", "2025-03-01", "2025-02-28"]
    (cluster,) = cluster_texts(texts, published=published)
    assert cluster.representative == 1


def test_a_duplicates_reject_and_its_cluster_line_name_the_copy_kept(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [("a", "UPDATE 1-Storm closes schools across the north", "2025-03-01"),
            ("b", "Storm closes schools across the north", "2025-03-02"),
            ("c", "STORM CLOSES SCHOOLS ACROSS THE NORTH", None)]
    src.write_text("".join(json.dumps({"id": i, "title": t, "text": t + ".", "published": p}) + "\n"
                           for i, t, p in rows))
    out, rejects, clusters = (tmp_path / n for n in ("out.jsonl", "rejects.jsonl", "clusters.jsonl"))
    result = run("dedup", str(src), "--keep", "representative", "-o", str(out),
                 "--rejects", str(rejects), "--clusters", str(clusters))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["b"]
    details = [json.loads(line)["detail"] for line in rejects.read_text().splitlines()]
    (line,) = [json.loads(x) for x in clusters.read_text().splitlines()]
    assert details == [f"duplicate of b ({line['id']}): Storm closes schools across the north"] * 2
    assert line["representative"] == {"doc_id": "b", "text": "Storm closes schools across the north"}
    assert line["published"] == "2025-03-01"  # the story's first appearance, not the kept copy's


def test_cli_annotates_records_and_writes_clusters(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "title": t, "text": "Body."}) + "\n"
                           for i, t in enumerate([*CONVOY, "Towards war's end in Syria"])))
    clusters = tmp_path / "clusters.jsonl"
    result = run("dedup", str(src), "--clusters", str(clusters))
    assert result.exit_code == 0
    recs = records(result.stdout)
    assert [r["cleaner"]["cluster"] is None for r in recs] == [False, False, False, True]
    assert {r["cleaner"]["cluster"]["id"] for r in recs[:3]} == {recs[0]["cleaner"]["cluster"]["id"]}
    assert sum(r["cleaner"]["cluster"]["representative"] for r in recs[:3]) == 1
    (line,) = records(clusters.read_text())
    assert line["size"] == 3
    assert [m["doc_id"] for m in line["members"]] == ["r0", "r1", "r2"]
    assert set(line) == {"id", "size", "representative", "published", "members"}


def test_cli_keep_representative_drops_duplicates_into_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "title": t, "text": "Body."}) + "\n"
                           for i, t in enumerate(CONVOY)))
    rejects = tmp_path / "dups.jsonl"
    result = run("dedup", str(src), "--keep", "representative", "--rejects", str(rejects))
    assert len(records(result.stdout)) == 1
    assert "read 3 · kept 1 · dropped 2 (duplicate 2)" in result.stderr
    assert [r["reason"] for r in records(rejects.read_text())] == ["duplicate", "duplicate"]


def test_cli_clusters_headline_segments_of_stitched_pages(tmp_path: Path) -> None:
    for i, headline in enumerate(CONVOY):
        (tmp_path / f"p{i}.txt").write_text(
            f"{headline}\n\nThe convoy of buses reached the city on Thursday, officials said.\n")
    recs = records(run("dedup", str(tmp_path)).stdout)
    ids = {r["cleaner"]["segments"][0]["cluster"]["id"] for r in recs}
    assert len(ids) == 1
    assert all(r["cleaner"]["cluster"] is None for r in recs)


def test_cli_dedup_reads_stdin_twice_via_a_spool() -> None:
    lines = "".join(json.dumps({"id": i, "title": t, "text": "x"}) + "\n" for i, t in enumerate(CONVOY))
    recs = records(run("dedup", "-", input=lines).stdout)
    assert all(r["cleaner"]["cluster"]["size"] == 3 for r in recs)


def test_cli_dedup_is_byte_identical_across_runs() -> None:
    first = run("dedup", str(SAMPLES / "dump.jsonl"))
    assert first.stdout == run("dedup", str(SAMPLES / "dump.jsonl")).stdout


def test_cli_help_documents_every_setting() -> None:
    help_text = run("dedup", "--help").stdout
    for option in ("--threshold", "--shingle", "--shingle-size", "--num-perm", "--verify",
                   "--verify-score", "--representative", "--keep", "--clusters"):
        assert option in help_text


def test_samples_groups_are_found() -> None:
    recs = [json.loads(line) for line in (SAMPLES / "dump.jsonl").read_text("utf-8").splitlines()]
    clusters = cluster_texts([r["title"] for r in recs])
    label = {m: c.id for c in clusters for m in c.members}
    gold = [r["labels"]["dup_group"] for r in recs]
    together = [(label.get(i, -i - 1) == label.get(j, -j - 1), gold[i] == gold[j])
                for i, j in itertools.combinations(range(len(recs)), 2)]
    recall = sum(p and g for p, g in together) / sum(g for _, g in together)
    assert recall > 0.9


def test_span_hashes_short_and_long_equal_hashing_each_span_alone() -> None:
    from cleaner.dedup.minhash import _P, SHORT_SPAN, _mix, span_hashes

    rng = np.random.default_rng(4)
    codes = rng.integers(0, 0x10FFFF, 5000).astype(np.uint32)
    lengths = rng.choice([0, 1, 3, SHORT_SPAN, SHORT_SPAN + 1, 200, 4000], 300)
    starts = rng.integers(0, len(codes) - lengths + 1)

    def poly(points: list[int]) -> int:
        value = 0
        for point in points:
            value = (value * int(_P) + point) % 2**64
        return value

    expected = [poly(codes[a:a + n].tolist()) for a, n in zip(starts, lengths, strict=True)]
    assert (span_hashes(codes, starts, starts + lengths).tolist()
            == _mix(np.array(expected, dtype=np.uint64)).tolist())


def test_folding_ascii_in_numpy_equals_the_substitutions_one_after_another() -> None:
    from cleaner.text import _NOT_WORD, _spell_alike, _without_articles

    rules = [(r"[ae](?<=\b[ae])[lnrsdtz]h?[- ](?=[a-z])", ""),
             (r"e(?<=\be)([nrsdtz])\1(?=[aeiouy])", r"\1"), (r"[^a-z0-9\n]", " "),
             (r"tsch|tch", "ch"), (r"(?:iy|yy|ii)\b(?<=[a-z]..)", "i"), (r"ou", "u"),
             (r"[qck]h", "k"), (r"(?:dh|th(?=[aeiou]))(?<=[a-z]..)", "d"), (r"ph", "f")]

    def one_after_another(text: str) -> str:
        for pattern, replacement in rules:
            text = re.sub(pattern, replacement, text)
        text = text.translate(str.maketrans("qcwyo", "kkviu"))
        return re.sub(r"([a-z ])\1+", r"\1", text)

    def in_numpy(text: str) -> str:
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        return _spell_alike(_NOT_WORD[_without_articles(codes)]).tobytes().decode("ascii")

    rng = np.random.default_rng(6)
    texts = ["thyi", "ttsch tstch", "oou dhaka dhow", "chh khh qhh", "thiy mosoul", "",
             "deir ez-zor", "al-al-ain", "ezzor ennahda essaouira", "_al-x", "ash-sham",
             "thyy athyy", "tchth outhou", "kiyth", "phth dhph", "tschiy"]
    texts += ["".join(rng.choice(list("tschiyoudkqphae \n0"), size=rng.integers(0, 25)))
              for _ in range(3000)]
    texts += ["".join(rng.choice(list("thyi d"), size=rng.integers(0, 8))) for _ in range(3000)]
    texts += ["".join(rng.choice(list("aelnrsdtzhyo- _,.0"), size=rng.integers(0, 12)))
              for _ in range(6000)]
    assert [in_numpy(text) for text in texts] == [one_after_another(text) for text in texts]


def test_stripping_only_the_lines_a_rule_may_change_equals_every_rule_over_every_line() -> None:
    from cleaner.text import _MEDIA, _PREFIX, _SITE_SUFFIX, _strip, strip_and_fold

    def every_line(lines: list[str]) -> list[str]:
        """Each rule over all lines joined, as one substitution."""
        text = _MEDIA.sub(" ", "\n".join(lines))
        text = re.sub("\n" + _PREFIX.pattern, "\n", "\n" + text, flags=re.I)[1:]
        kept, done = [], 0
        for match in re.finditer(_SITE_SUFFIX.pattern, text, flags=re.M):
            line_start = text.rfind("\n", 0, match.start()) + 1
            headline = text[line_start:match.start()].rstrip(" \t")
            if len(headline.split()) >= 3:
                kept += (text[done:line_start], headline)
                done = match.end()
        return "".join([*kept, text[done:]]).split("\n")

    rng = np.random.default_rng(7)
    pieces = ["update", "UPDATE", "Live", "wrapup", "breaking news", "In Pictures", "just in",
              "\u0130nsight", "\u0131nsight", "in\u017fight", "L\u0131ve", "v\u0130deo", "Ana", "Re",
              "2", "12", "-", "|",
              ":", "\u2013", "\u2014", " ", "  ", "\t", "(", ")", "[", "]", "(VIDEO)", "[live]",
              "( Photos )", "+", "BBC", "Reuters", "The", "Globe", "News", "x", "\u00e9t\u00e9",
              ".", "&", "\u2019s", "\ud800", "\U0001f600"]
    lines = ["", " ", "Live: x", "\tUPDATE 2- a b c - BBC", "(video) Live - x y z", "a b c (video)- BBC",
             "a b c -(video) BBC News", "a b c [live]\u2014 Site"]
    lines += ["".join(rng.choice(pieces, size=rng.integers(0, 14))) for _ in range(20000)]
    stripped = _strip(lines)[0]
    assert stripped == every_line(lines)
    # a headline is decorated where stripping changed its words
    texts = [line.replace(" ", "\n", 1) for line in lines]
    assert (strip_and_fold(texts).decorated.tolist()
            == [text.split() != line.split() for text, line in zip(texts, stripped, strict=True)])


def test_bulk_char_shingles_equal_hashing_each_kgram_alone() -> None:
    from cleaner.dedup.minhash import _P, _mix

    texts = ["abcdef", "ab", "", "abcd", "xyz12345", "q"]

    def poly(text: str) -> int:
        value = 0
        for char in text:
            value = (value * int(_P) + ord(char)) % 2**64
        return value

    expected = []
    for text in texts:
        grams = [text[i:i + 4] for i in range(len(text) - 3)] if len(text) >= 4 else [text]
        expected += [poly(g) for g in grams if g]
    got = shingle(texts, "char", 4)
    assert got.offsets.tolist() == [0, 3, 4, 4, 5, 10, 11]
    assert got.hashes.tolist() == _mix(np.array(expected, dtype=np.uint64)).tolist()


def test_connected_components_label_each_node_with_its_smallest_member() -> None:
    from cleaner.dedup import _components

    a = np.array([5, 1, 7, 3])
    b = np.array([3, 2, 8, 1])
    assert _components(9, a, b).tolist() == [0, 1, 1, 1, 4, 1, 6, 7, 7]


def test_lower_case_and_all_caps_copies_do_not_hide_names() -> None:
    texts = ["Magnitude 6.4 earthquake hits northern Japan",
             "magnitude 6.4 earthquake hits northern japan",
             "MAGNITUDE 6.4 EARTHQUAKE HITS NORTHERN JAPAN",
             "Magnitude 6.4 earthquake hits northern Chile",
             "magnitude 6.4 earthquake hits northern chile"]
    story = ["japan", "japan", "japan", "chile", "chile"]
    clusters = same_cluster(texts, DedupConfig(threshold=0.3, verify_score=0.6))
    assert clusters
    for cluster in clusters:
        assert len({story[i] for i in cluster}) == 1


def test_a_story_first_seen_in_capitals_still_has_its_names() -> None:
    texts = ["UPDATE 2-MAGNITUDE 6.4 EARTHQUAKE HITS NORTHERN JAPAN",
             "Magnitude 6.4 earthquake hits northern Chile - The Daily Globe",
             "Magnitude 6.4 earthquake hits northern Japan",
             "magnitude 6.4 earthquake hits northern chile"]
    for cluster in same_cluster(texts, DedupConfig(threshold=0.3, verify_score=0.6)):
        assert cluster in ({0, 2}, {1, 3})


def test_no_text_one_text_and_empty_texts_give_no_clusters() -> None:
    assert cluster_texts([]) == []
    assert cluster_texts(["Only one headline here"]) == []
    assert cluster_texts(["", "", "   "]) == []
    assert signatures(shingle([])).shape == (0, 128)


def test_field_text_clusters_whole_bodies_into_the_document_cluster(tmp_path: Path) -> None:
    body = ("The convoy of buses reached the eastern city on Thursday after days in the desert, "
            "a monitoring group said.")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(
        [body, body.replace("Thursday", "Thursday evening"), "Completely different story here."])))
    recs = records(run("dedup", str(src), "--field", "text").stdout)
    assert recs[0]["cleaner"]["cluster"]["id"] == recs[1]["cleaner"]["cluster"]["id"]
    assert recs[0]["cleaner"]["cluster"]["id"].startswith("t-")
    assert recs[2]["cleaner"]["cluster"] is None


def test_an_input_file_named_like_stdin_is_never_removed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "<stdin>"
    src.write_text(json.dumps({"id": 1, "title": CONVOY[0], "text": "x"}) + "\n")
    result = run("dedup", "<stdin>", "--input-format", "jsonl")
    assert result.exit_code == 0
    assert src.exists()


def test_band_choice_is_the_one_datasketch_makes() -> None:
    from datasketch import MinHashLSH

    assert band_params(0.5, 128) == (25, 5)  # the defaults
    for threshold in (0.1, 0.3, 0.5, 0.7, 0.8):
        for num_perm in (16, 64, 100, 128):
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            assert band_params(threshold, num_perm) == (lsh.b, lsh.r), (threshold, num_perm)
    # datasketch's MinHashLSH refuses one band; its search would pick it here, and so do we
    assert band_params(0.95, 16) == (1, 16)


def test_signatures_equal_datasketch_minhash_for_the_same_shingles_and_seed() -> None:
    """datasketch.MinHash(num_perm, seed), given each shingle's 32-bit hash (the top half
    of our polynomial hash of its code points) as its hash function, computes exactly our
    signatures: same permutations, same pre-mix, same arithmetic."""
    from datasketch import MinHash

    texts = [*CONVOY, "", "ab", "Deir ez-Zor", "the quick brown fox jumps over the lazy dog"]
    for kind, size in (("char", 4), ("word", 2)):
        shingles = shingle(texts, kind, size)
        for num_perm, seed in ((128, 1), (64, 7)):
            ours = signatures(shingles, num_perm, seed)
            for i in range(len(texts)):
                values = shingles.hashes[shingles.offsets[i]:shingles.offsets[i + 1]] >> np.uint64(32)
                theirs = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
                theirs.update_batch(values.tolist())
                assert np.array_equal(ours[i], theirs.hashvalues), (kind, num_perm, texts[i])
