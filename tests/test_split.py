"""split: headlines, body and boilerplate segments with exact spans; sentences; learning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.normalize import normalize_text
from cleaner.split import document_flags, is_headline_like, split_text
from cleaner.split.boilerplate import Lexicon, SourceModel, lowered_line, shape_verdict
from cleaner.text import paragraphs, sentences

from .conftest import ROOT, SAMPLES, shared_path

MONTHS = ["October", "September", "August", "July", "June", "May", "April", "March", "February",
          "January", "December", "November"]
TAGS = ["android", "apple", "asterisk", "blackberry", "cell", "phone", "cisco", "dell", "google",
        "google", "talk", "gps", "ipad", "iphone", "ipod", "itexpo", "linux", "microsoft", "mobile",
        "motorola", "netflix", "nokia", "palm", "samsung", "skype", "sprint", "t-mobile", "tablet",
        "twitter", "verizon", "voip", "wifi", "windows", "wireless", "yahoo", "youtube", "zte",
        "htc", "lg", "sony", "kindle"]


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(s["kind"], s["text"]) for s in split_text(text, **kwargs)]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.split("\n") if line]


def test_seed_segment_kinds_equal_the_expected_file() -> None:
    text = shared_path("examples", "deir-ez-zor.txt").read_text("utf-8")
    expected = json.loads(shared_path("examples", "deir-ez-zor.expected.json").read_text("utf-8"))
    segments = split_text(normalize_text(text).text)
    assert [(s["kind"], s["text"]) for s in segments] == [
        (e["kind"], e["text"]) for e in expected["segments"]
    ]
    assert [s["kind"] for s in segments].count("headline") == 3
    assert [s["kind"] for s in segments].count("body") == 14
    assert segments[-1]["flags"] == [
        {"name": "boilerplate", "score": 1.0, "reason": "navigation phrase (lexicon: en)"}
    ]


@pytest.mark.parametrize("page", sorted((SAMPLES / "pages").glob("*.txt")), ids=lambda p: p.name)
def test_every_span_indexes_the_normalized_text_exactly(page: Path) -> None:
    text = normalize_text(page.read_bytes().decode("utf-8", errors="replace")).text
    for segment in split_text(text):
        assert text[segment["start"]:segment["end"]] == segment["text"]
        for sentence in segment.get("sentences", []):
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]


def test_sentences_survive_abbreviations_numbers_and_quotes() -> None:
    text = ('The U.S. Army said Gen. Smith arrived at 5 p.m. on Monday. The missiles travelled '
            '500-670 kilometers, according to the ministry. "It is over," he said. Rates rose to '
            "5.25%. J. K. Rowling spoke! Did it work? Yes.")
    assert [text[s:e] for s, e in sentences(text)] == [
        "The U.S. Army said Gen. Smith arrived at 5 p.m. on Monday.",
        "The missiles travelled 500-670 kilometers, according to the ministry.",
        '"It is over," he said.',
        "Rates rose to 5.25%.",
        "J. K. Rowling spoke!",
        "Did it work?",
        "Yes.",
    ]


def test_cjk_sentences_split_without_spaces() -> None:
    text = "北京今天下雨。上海也下雨！"
    assert [text[s:e] for s, e in sentences(text)] == ["北京今天下雨。", "上海也下雨！"]


def test_text_without_blank_lines_gives_a_paragraph_a_line() -> None:
    text = "Headline of the day\nFirst sentence here.\nSecond one.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "Headline of the day", "First sentence here.", "Second one."]


def test_hard_wrapped_sentence_is_joined_into_one_paragraph() -> None:
    text = "The minister said on Monday that the plans would be published\nnext week.\nNext."
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "The minister said on Monday that the plans would be published\nnext week.", "Next."]


def test_latest_news_is_split_from_last_paragraph() -> None:
    text = ("Opening paragraph of the article, long enough to be a body paragraph.\n\n"
            "It is difficult to imagine more active coordination.Latest News")
    segments = split_text(text)
    assert [(s["kind"], s["text"]) for s in segments][-2:] == [
        ("body", "It is difficult to imagine more active coordination."),
        ("boilerplate", "Latest News"),
    ]
    assert text[segments[-1]["start"]:] == "Latest News"


def test_navigation_glued_before_the_article_is_cut() -> None:
    text = "Skip to main contentThe city council approved the budget on Wednesday night."
    assert kinds(text) == [
        ("boilerplate", "Skip to main content"),
        ("body", "The city council approved the budget on Wednesday night."),
    ]


def test_one_word_navigation_is_not_cut_from_a_sentence() -> None:
    text = "Home Secretary Jane Doe said the new rules would apply from April."
    assert kinds(text) == [("body", text)]


@pytest.mark.parametrize("lang,phrase", [
    ("en", "Read more"), ("de", "Mehr zum Thema"), ("fr", "Lire aussi"),
    ("es", "Noticias relacionadas"), ("it", "Leggi anche"), ("pt", "Leia também"),
    ("nl", "Lees ook"), ("ru", "Читайте также"), ("ar", "اقرأ أيضا"),
    ("en", "Related Posts"), ("en", "Most Popular Stories"), ("en", "Latest Articles"),
    ("en", "Return to citation in text: [1]"),
])
def test_lexicon_covers_each_language(lang: str, phrase: str) -> None:
    verdict = Lexicon.builtin().verdict(phrase)
    assert verdict is not None
    assert f"lexicon: {lang}" in verdict.reason


@pytest.mark.parametrize("line", [
    "Continue reading the main story", "STORY HIGHLIGHTS", "FULL STORY", "Top of Page", "View Full Size",
    "Comment & Contribute", "Delivered by FeedBurner", "Enter your email address:", "Jump to comments",
    "Follow @abc", "Follow me on Google+ and Twitter for regular updates.", "Image credit: kozumel",
    "Related Topics: Crime, Philadelphia, London", "Posts Related to An in-depth view on Roth IRAs",
    "Larger Picture", "(Return to Contents)", "Article continues below", "Recent Comments",
    "Like this:", "Picture Window template. Powered by Blogger.", "Comments (14)", "3 Comments",
    "Back to top of page", "Email This Article", "SEND THIS STORY TO A FRIEND", "Translate this page to",
    "This post originally appeared on UNDERWATER BREEDING APPARATUS.",
    "This is only a preview. Your comment has not yet been posted.",
])
def test_a_sites_own_calls_and_labels_are_lexicon_boilerplate(line: str) -> None:
    verdict = Lexicon.builtin().verdict(line)
    assert verdict is not None and "lexicon: en" in verdict.reason


@pytest.mark.parametrize("line", [
    "Posted by jamie k at 05:58 PM | Permalink", "| Comments (0)", "| TrackBack (0)",
    "October 05, 2006 in On Being a Doctor's Wife | Permalink", "Permalink | Comments (1) & TrackBacks (0)",
])
def test_a_posts_footer_of_stamps_and_counted_links_is_a_bar_of_site_links(line: str) -> None:
    lexicon = Lexicon.builtin()
    verdict = lexicon.verdict(line) or lexicon.bar_verdict(lowered_line(line))
    assert verdict is not None and "lexicon: en" in verdict.reason


@pytest.mark.parametrize("line", [
    "Watch | Portrait of An American Craftsman – Frank Clegg",  # a caption: the link leads
    "Comments | The council said the plan was sound. | Share",  # a sentence is no cell of a bar
    "Top 10", "Top 10 | Business | Markets and economy in a week of trade talks and strikes",
])
def test_a_caption_a_sentence_or_a_count_without_a_link_is_no_bar(line: str) -> None:
    lexicon = Lexicon.builtin()
    assert lexicon.verdict(line) is None and lexicon.bar_verdict(lowered_line(line)) is None


@pytest.mark.parametrize("line,lang", [
    ("(Foto: picture alliance / dpa)", "de"), ("* Follow us on Twitter", "en"),
    ("« Lire aussi : la grève continue", "fr"),
])
def test_a_site_lines_opening_phrase_is_read_past_brackets_and_bullets(line: str, lang: str) -> None:
    verdict = Lexicon.builtin().verdict(line)
    assert verdict is not None and "starts like a site line" in verdict.reason and lang in verdict.reason


def test_a_sentence_about_cookies_is_text_and_a_cookie_notice_is_not() -> None:
    lexicon = Lexicon.builtin()
    assert lexicon.verdict("Remove from the oven and place the cookies on a cooling rack.") is None
    assert lexicon.verdict("Sweet brown butter cookie dough, ready in ten minutes") is None
    for notice, lang in [("Diese Website verwendet Cookies, um die Nutzung zu verbessern.", "de"),
                         ("Ce site utilise des cookies pour améliorer votre expérience.", "fr"),
                         ("Questo sito utilizza cookie tecnici e di terze parti.", "it"),
                         ("We use cookies to improve your experience.", "en")]:
        verdict = lexicon.verdict(notice)
        assert verdict is not None and f"lexicon: {lang}" in verdict.reason


@pytest.mark.parametrize("line,reason", [
    ("Home | World | Business | Sport", "link list"),
    ("Home | U.S. | World | Politics", "link list"),  # an abbreviation's stop ends no item
    ("* White House visits: Stars | Wings | Photos", "link list"),  # a list item's bullet
    ("+ By Jane Doe, Business Correspondent", "byline"),
    ('<a href="https://ads.example.test/click?id=7"> <img src="banner.gif" border=0></a>', "markup"),
    ("<!-- ad slot: sidebar -->", "markup"),
    ("Startseite > Politik > Ausland", "breadcrumb"),
    ("News/UK/Politics", "link list"),
    ("By Jane Doe, Business Correspondent", "byline"),
    ("Updated 12:30 GMT, 3 March", "date or time stamp"),
    ("Published 2 hours ago", "date or time stamp"),
    ("Facebook Twitter WhatsApp Email", "share or social"),
    ("Teilen Twittern Drucken", "share or social"),
    ("Partager Imprimer Envoyer", "share or social"),
    ("© 2025 Example Media Ltd", "copyright"),
    ("https://example.test/story/123", "bare link"),
    ("« Super Sad True Love Story: A Review", "arrow"),
    ("View the Full Gallery »", "arrow"),
    ("Time To Begin, Again →", "arrow"),
    ("« Ferry fares to rise in spring | Main | New harbour master named »", "previous and next posts"),
    ("Stanley Chou/Getty Images", "photo credit"),
    ("Valencia - 06 dic 2026 - 10:15 CET", "date or time stamp"),
    ("Publié le 05 décembre 2026 à 18h42, modifié le 06 décembre 2026 à 09h15", "date or time stamp"),
    ("By Sarah Moore • Nov 6, 2012 • Chicago", "byline"),
    ("Atualizado há 2 horas", "date or time stamp"),
    ("vor 2 Stunden", "date or time stamp"),
    ("2 часа назад", "date or time stamp"),
    ("5 min read", "reading time"),
    ("Lesezeit: 3 Min.", "reading time"),
    ("2 minuti di lettura", "reading time"),
    ("(Matt McClain/The Washington Post via Getty Images)", "photo credit"),
    ("Select Month " + " ".join(f"{month} 2012" for month in MONTHS * 2), "run of words"),
    (" ".join(TAGS), "run of words"),
    ("Select Month " + " ".join(f"{month} 2012 ({n})" for n, month in enumerate(MONTHS * 2)), "run of words"),
])
def test_shape_rules_name_what_they_found(line: str, reason: str) -> None:
    verdict = shape_verdict(line)
    assert verdict is not None and reason in verdict.reason


@pytest.mark.parametrize("line", [
    "The minister said the talks would resume on Monday, 3 March, at 10:00.",
    "By the end of the year, prices had risen by 12%.",
    "Twitter and Facebook said they would remove the posts.",
    "Result: Nadal 6-7 (6/8) 6-2 7-6 (8/6) 6-2 Roddick",
    "« Nous ne céderons pas », a déclaré le ministre",
    "« Nous ne céderons pas »",
    "Prices rose. | Wages fell. | Rents held.",
    "<p>The council met on Monday and agreed a new plan for the harbour.</p>",
    "ZávÄ›r dokumentu vyznĂvá v tom smyslu, Ĺľe je velmi obtĂĹľnĂ©",  # mojibake's "©" is no copyright
    "The second HP ProLiant is the first server to break the SPECweb©2005 barrier.",
    "Il y a du monde",
    "Il y a 40 ans, le port fermait.",
    " ".join(["The harbour master who bought the old lamp at the auction in the spring said"] * 4) + ".",
    " ".join(["ตกเป็นข่าวเล็งคว้า", "นักเตะโชว์ฟอร์มได้อย่างโดนใจ", "เข้ามาร่วมสร้างสังคม"] * 15),
    " ".join(["ሰላም ነው። እንዴት ነህ፣ ደህና ነኝ።"] * 12),  # Ethiopic stops
    " ".join(["我 今天 去 学校 。 他 说 好 ，"] * 8),  # CJK stops, with spaces between words
])
def test_article_sentences_are_not_shaped_like_boilerplate(line: str) -> None:
    assert shape_verdict(line) is None
    assert Lexicon.builtin().verdict(line) is None


def test_record_title_makes_its_paragraph_a_headline_and_cuts_it_when_glued() -> None:
    text = "Ministers agree new budget rulesThe finance ministers of the bloc agreed on Monday."
    assert kinds(text, title="Ministers agree new budget rules") == [
        ("headline", "Ministers agree new budget rules"),
        ("body", "The finance ministers of the bloc agreed on Monday."),
    ]


def test_a_score_line_that_ends_the_article_is_the_articles_own() -> None:
    text = ("Nadal beats Roddick to win Davis Cup tie\n\nRafael Nadal came from a set down to beat "
            "Andy Roddick and give Spain a 2-0 lead in the Davis Cup final in Seville.\n\nThe "
            "18-year-old lost a first-set tie-break but broke Roddick early in the second and never "
            "looked back.\n\nResult: Nadal 6-7 (6/8) 6-2 7-6 (8/6) 6-2 Roddick")
    assert kinds(text)[-1] == ("body", "Result: Nadal 6-7 (6/8) 6-2 7-6 (8/6) 6-2 Roddick")


def test_short_lines_after_the_article_are_furniture() -> None:
    text = ("Storm hits the coast\n\nThe storm brought down trees and power lines across the "
            "region on Sunday night.\n\nWeather\n\nLocal")
    assert [k for k, _ in kinds(text)] == ["headline", "body", "boilerplate", "boilerplate"]


def test_menu_of_many_short_lines_is_a_link_list_but_a_crosshead_stays() -> None:
    menu = "\n".join(["World", "Politics", "Business", "Culture", "Science"])
    body = "The council met on Monday and agreed a new plan for the harbour and its workers."
    text = f"{body}\n{menu}\n{body}\nA new start\n{body}"
    got = kinds(text)
    assert [k for k, t in got if t in menu.split("\n")] == ["boilerplate"] * 5
    assert ("body", "A new start") in got


def test_empty_and_boilerplate_only_documents_say_so() -> None:
    assert document_flags(split_text("")) == [
        {"name": "empty", "score": 1.0, "reason": "no text after normalization"}]
    (flag,) = document_flags(split_text("Home | World | Sport\n\nLatest News\n\nRead more"))
    assert flag["name"] == "boilerplate_only"


def test_learned_model_marks_a_sites_unknown_footer_and_keeps_articles(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    stories = [
        "Harbour workers vote to accept the new pay offer after a week of talks.",
        "The regional train line reopens after three months of repairs to the bridge.",
        "A local bakery has won the national bread award for its sourdough loaf.",
        "The council has approved plans for a new swimming pool near the park.",
        "Firefighters spent the night tackling a blaze at a warehouse by the river.",
        "The university will open a new library wing in the spring, its rector said.",
    ]
    footer = "Valmara Courier is part of the Lakeside Media group\nReader services and print editions"
    for i, story in enumerate(stories):
        (site / f"{i}.txt").write_text(f"{story}\n\n{footer}\n", encoding="utf-8")
    result = run("split", str(site))
    assert result.exit_code == 0
    for rec in records(result.stdout):
        got = [(s["kind"], s["text"]) for s in rec["cleaner"]["segments"]]
        assert got[-2:] == [("boilerplate", footer.split("\n")[0]),
                            ("boilerplate", footer.split("\n")[1])]
        assert rec["cleaner"]["text"] in stories
        assert "recurs in 6 of 6 documents" in rec["cleaner"]["segments"][-1]["flags"][0]["reason"]


@pytest.mark.parametrize("standfirst", ["", "Members backed the deal {} to one after two rejections\n\n"])
def test_a_storys_title_that_recurs_in_the_sites_other_pages_stays_its_title(tmp_path: Path,
                                                                              standfirst: str) -> None:
    """Each page lists the site's latest posts by their titles, so every title recurs in
    the source; over its own article (and its standfirst) a title is the article's, in the
    list it is not."""
    titles = ["Harbour Workers Accept New Pay Offer", "Regional Train Line Reopens After Repairs",
              "Local Bakery Wins National Bread Award", "Council Approves Plans For New Pool"]
    body = ("The vote followed {} days of talks between the union and the port's owners, who said the "
            "deal would run for three years. Members had rejected two earlier offers in the spring.\n\n"
            "The union's regional secretary said the result showed what {} weeks of patient bargaining "
            "could do, and thanked the members who had kept the port running through the dispute.")
    latest = "\n".join(["Latest posts", *titles])
    site = tmp_path / "site"
    site.mkdir()
    for i, title in enumerate(titles):
        page = f"{title}\n\n{standfirst.format(i + 3)}{body.format(i + 2, i + 5)}\n\n{latest}\n"
        (site / f"{i}.txt").write_text(page, encoding="utf-8")
    result = run("split", str(site))
    assert result.exit_code == 0
    for rec in records(result.stdout):
        segments = rec["cleaner"]["segments"]
        assert (segments[0]["kind"], segments[0]["text"]) == ("headline", rec["text"].split("\n")[0])
        assert [s["kind"] for s in segments[1 + bool(standfirst):3 + bool(standfirst)]] == ["body", "body"]
        assert all("recurs in 4 of 4" in s["flags"][0]["reason"] for s in segments[-len(titles):])


def test_model_is_saved_once_and_reused(tmp_path: Path) -> None:
    model_path = tmp_path / "site.model.json"
    learn = run("split", "--learn", str(SAMPLES / "dump.jsonl"), "--save-model", str(model_path))
    assert learn.exit_code == 0
    assert learn.stdout == ""
    model = SourceModel.load(model_path)
    assert "dailyglobe.example" in model.lines
    reused = run("split", str(SAMPLES / "dump.jsonl"), "--model", str(model_path))
    learned = run("split", str(SAMPLES / "dump.jsonl"))
    assert reused.stdout == learned.stdout


def test_learn_without_save_model_is_a_usage_error() -> None:
    result = run("split", "--learn", str(SAMPLES / "dump.jsonl"))
    assert result.exit_code == 2
    assert "--learn needs --save-model" in result.stderr


def test_missing_model_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("split", str(SAMPLES / "dump.jsonl"), "--model", str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "no such model file" in result.stderr


def test_boilerplate_only_page_is_dropped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "index.txt").write_text("Home | World | Sport\n\nLatest News\n\nRead more\n")
    (tmp_path / "story.txt").write_text("Storm hits coast\n\nThe storm brought down trees.\n")
    rejects = tmp_path / "rejects.jsonl"
    result = run("split", str(tmp_path / "index.txt"), str(tmp_path / "story.txt"), "--no-learn",
                 "--drop-boilerplate-only", "--rejects", str(rejects))
    assert [r["id"] for r in records(result.stdout)] == ["story.txt"]
    assert "read 2 · kept 1 · dropped 1 (boilerplate-only 1)" in result.stderr
    (dropped,) = records(rejects.read_text())
    assert dropped["reason"] == "boilerplate-only"
    assert dropped["raw"]["id"] == "index.txt"


def test_split_output_is_deterministic() -> None:
    first = run("split", str(SAMPLES / "dump.jsonl"), str(SAMPLES / "pages"))
    assert first.exit_code == 0
    assert first.stdout == run("split", str(SAMPLES / "dump.jsonl"), str(SAMPLES / "pages")).stdout


def test_cleaner_text_is_the_body_and_input_text_is_untouched(tmp_path: Path) -> None:
    page = SAMPLES / "pages" / "council-budget.txt"
    (rec,) = records(run("split", str(page), "--no-learn").stdout)
    assert rec["text"] == page.read_text("utf-8")
    assert "Latest News" not in rec["cleaner"]["text"]
    assert rec["cleaner"]["text"].startswith("The city council approved")


def test_no_rule_is_keyed_to_the_seed_example() -> None:
    code = "".join(p.read_text("utf-8") for p in (ROOT / "cleaner").rglob("*.py"))
    # The shipped news model (.npz) is left out: its vocabulary is every word seen three
    # times in 1,111 BBC articles and the MRPC/STS newswire, place names among them.
    data = "".join(p.read_text("utf-8") for p in (ROOT / "cleaner" / "data").iterdir()
                   if p.suffix != ".npz")
    for word in ("Manila", "Deir", "Syria", "Zor", "Shoigu", "Dillon"):
        assert word not in code and word not in data


def test_a_sentence_in_a_caseless_or_lower_case_script_starts_a_new_sentence() -> None:
    text = "The talks ended on Friday. მდებარეობს სოფელ გრაჩანიცაში."
    assert [text[s:e] for s, e in sentences(text)] == [
        "The talks ended on Friday.", "მდებარეობს სოფელ გრაჩანიცაში."]


def test_a_readers_block_evidence_makes_page_furniture_boilerplate_with_its_reason() -> None:
    from cleaner.document import Block, Document
    from cleaner.split import Split

    text = ("Council approves budget\n\nThe council voted on Monday to raise spending on schools.\n\n"
            "World  Business  Sport\n\nRelated: Mayor resigns")
    doc = Document(id="page", text=text, blocks=[
        Block("World Business Sport", path="body/nav/ul", furniture="nav"),
        Block("Related: Mayor resigns", path="body/div/a", link_density=0.9),
        Block("The council voted on Monday to raise spending on schools.", path="body/article/p")])
    Split().annotate(doc)
    kinds = {s["text"]: (s["kind"], [f["reason"] for f in s["flags"]]) for s in doc.cleaner["segments"]}
    assert kinds["World  Business  Sport"] == ("boilerplate", ["inside <nav> on the page"])
    assert kinds["Related: Mayor resigns"] == ("boilerplate", ["90% of a short block is links"])
    assert kinds["The council voted on Monday to raise spending on schools."][0] == "body"
    assert "World" not in doc.cleaner["text"]


def test_a_line_that_opens_with_a_whole_sentence_is_not_a_headline() -> None:
    from cleaner.split import is_headline_like

    assert not is_headline_like("The council met on Monday. &")
    assert not is_headline_like("Police closed the road. Drivers were told to avoid")
    assert is_headline_like("Gov. Newsom signs the budget bill")  # an abbreviation, not a sentence
    assert is_headline_like("U.S. troops leave northern Syria")
    assert is_headline_like("Liverpool preview: if Nasri plays, don't boo. 20 August, 2011")


def test_furniture_glued_on_twice_is_cut_both_times_in_one_run() -> None:
    segments = kinds("Latest News Latest News The council met on Monday to approve the budget.")
    assert segments == [("boilerplate", "Latest News"), ("boilerplate", "Latest News"),
                        ("body", "The council met on Monday to approve the budget.")]


def test_a_wrapped_line_ending_in_glued_furniture_ends_its_block() -> None:
    # the line would be joined to the next as hard-wrapped; it is cut after the furniture,
    # as it is read once the furniture before it is gone (split of its own output agrees)
    text = "Latest News The council met on Monday to approve the budget. Latest News\né"
    assert kinds(text) == [("boilerplate", "Latest News"),
                           ("body", "The council met on Monday to approve the budget."),
                           ("boilerplate", "Latest News"), ("boilerplate", "é")]


PROSE = ("The council met on Monday and agreed a new plan for the harbour and its workers.",
         "Dock workers had walked out last week after pay talks with the port authority collapsed.",
         "The union said its members would vote on the offer before the end of the month.")


def test_a_list_that_ends_the_article_is_its_own_a_cup_draw() -> None:
    draw = ["Derby v Watford or Fulham", "Man Utd or Exeter v Middlesbrough", "Chelsea v Birmingham",
            "West Ham v Sheff Utd", "Oldham v Bolton", "Arsenal v Wolverhampton", "Charlton v Yeovil"]
    text = "\n\n".join(["Saints face Pompey in the cup", *PROSE, *draw])
    got = kinds(text)
    assert [k for k, t in got if t in draw] == ["body"] * len(draw)
    assert got[0] == ("headline", "Saints face Pompey in the cup")


def test_the_head_stays_over_a_share_bar_and_the_site_s_name_between_it_and_the_date() -> None:
    head = ["Consumer lending soars",
            "Concerns that a run of below-inflation pay rises has forced low earners to rely on debt"]
    furniture = ["Home", "News", "Share", "Tweet this", "Email", "guardian.co.uk,"]
    text = "\n".join([*furniture[:2], *head, *furniture[2:5], "Hilary Osborne and Phillip Inman",
                      furniture[5], "Monday 29 October 2012 13.58 EDT", *PROSE, "About us"])
    got = dict((t, k) for k, t in kinds(text))
    assert [got[line] for line in head] == ["headline", "headline"]
    assert got["Hilary Osborne and Phillip Inman"] == got["Monday 29 October 2012 13.58 EDT"] == "body"
    assert {got[line] for line in furniture} == {"boilerplate"}


@pytest.mark.parametrize("name", ["Ana García", "Jennifer Rankin in Brussels"])
def test_a_short_title_in_title_case_over_the_byline_stays_the_title(name: str) -> None:
    date = "Monday 29 October 2012"
    got = kinds("\n".join(["Home", "Harbour Strike Ends", name, date, *PROSE]))
    assert got[1:4] == [("headline", "Harbour Strike Ends"), ("body", name), ("body", date)]


def test_a_title_in_title_case_over_the_standfirst_is_not_read_as_a_byline() -> None:
    standfirst = "Dock workers and the port authority met for a third day without reaching a deal on pay"
    text = "\n".join(["Home", "News", "Harbour Strike Ends", standfirst, "Monday 29 October 2012", *PROSE])
    assert kinds(text)[2:4] == [("headline", "Harbour Strike Ends"), ("headline", standfirst)]


def test_a_title_opening_on_a_brand_in_lower_case_is_a_title() -> None:
    title = "iOS app promoters can now measure downloads with AdWords"
    text = "\n".join(["Start your own blog.", title, "Wednesday, October 24, 2012 | 7:21 AM", "Labels:",
                      "Mobile", *PROSE])
    assert dict((t, k) for k, t in kinds(text))[title] == "body"
    assert not is_headline_like("a New Hope for the harbour workers")


def test_key_points_over_the_heading_that_closes_the_article_are_its_own_but_not_a_links_box() -> None:
    points = ["Google obviously leads the referrals list", "Facebook is the third, after direct traffic",
              "Pinterest is fourth", "Visitors coming from Pinterest are 10x more likely to buy",
              "Despite being first the number of visitors coming from Google declined a bit"]
    teasers = [f"Leader: what the new harbour plan will mean for the people of {place}" for place in (
        "Leith", "Dover", "Hull", "Tyne", "Poole", "Bristol", "Cardiff", "Belfast", "Oban", "Wick",
        "Ayr", "Troon", "Rye", "Deal")]
    for tail, kind in ((points, "body"), (teasers, "boilerplate")):
        text = "\n".join(["Harbour strike ends", *PROSE, *tail, "Related Posts",
                          "What Do My Traffic Sources Indicate?", "What Is Pinterest?"])
        got = dict((t, k) for k, t in kinds(text))
        assert [got[line] for line in tail] == [kind] * len(tail)
        assert got["Related Posts"] == got["What Is Pinterest?"] == "boilerplate"


def test_a_list_inside_the_article_stays_but_a_menu_around_it_goes() -> None:
    menu = ["Home", "World", "Politics", "Business", "Sport", "Weather"]
    items = ["2 large red peppers", "1 tablespoon sherry vinegar", "3 cups plain flour",
             "Salt and black pepper", "2 sprigs fresh thyme"]
    footer = ["About us", "Contact", "Jobs", "Privacy"]
    text = "\n".join([*menu, "Roast pepper soup", PROSE[0], "You will need:", *items, *PROSE[1:],
                      *footer])
    got = dict((t, k) for k, t in kinds(text))
    assert all(got[line] == "boilerplate" for line in menu + footer)
    assert all(got[line] == "body" for line in [*items, "You will need:"])
    assert got["Roast pepper soup"] == "headline"


def test_on_a_rendered_page_only_the_title_next_to_the_article_is_a_headline() -> None:
    menu = ["Latest Posts", "Romney campaign plans failed to launch", "by John Smith",
            "The Jesus Generation United for His Fame", "Upcoming Events"]
    text = "\n".join([*menu, "Subscribe", "John the Baptist's Doubt", "By Jon Bloom", *PROSE])
    got = dict((t, k) for k, t in kinds(text))
    assert all(got[line] == "boilerplate" for line in menu)
    assert got["John the Baptist's Doubt"] == "headline"


@pytest.mark.parametrize(("title", "thread", "first", "reason"), [
    ("Taurus Judge review",  # from its first author line
     ["Davey wrote on November 13th, 2012 at 5:49 am", "Once again, the revolvers float to the "
      "surface and nobody seems to care about it at all.", "Reply",
      "Phil responded to Davey on November 13th, 2012 at 8:19 am",
      "Birdshot will not do much, that is certain, but it was never meant for defence.", "Reply"],
     5, "reader comments"),
    ("Wanna Make Money Writing Online?",  # from a heading that quotes the post's title
     ["11 Responses to “Wanna Make Money Writing Online?”", "Hamza Sheikh on",
      "I am working online as a freelancer from quite some time, and so far I have earned well.",
      "Richard Ng on", "Agreed with you totally that freelance writing is one of the best ways."],
     4, "reader comments, after '11 Responses"),
])
def test_a_comment_thread_after_the_article_goes_from_its_first_author_line_or_heading(
        title: str, thread: list[str], first: int, reason: str) -> None:
    text = "\n\n".join([title, *PROSE, *thread])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert reason in split_text(text)[first]["flags"][0]["reason"]


@pytest.mark.parametrize("heading", ["38 comments to Harbour strike ends: what now for the port?",
                                     "5 thoughts on “Harbour strike ends”"])
def test_a_counted_heading_naming_the_post_starts_the_thread_quoted_or_not(heading: str) -> None:
    comment = "Great post, thanks for sharing all of these tips with us, I will try them this week!"
    text = "\n\n".join(["Harbour strike ends", *PROSE, heading, "Ann Lee", comment])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}


@pytest.mark.parametrize("line", ["5 thoughts on the harbour strike", "12 comments on the plan came in."])
def test_a_count_of_thoughts_or_a_sentence_about_comments_is_no_thread_heading(line: str) -> None:
    from cleaner.split import _is_comments_heading
    assert not _is_comments_heading(line)


def test_columns_set_side_by_side_are_read_apart_but_a_tables_row_is_one_line() -> None:
    menu = ["Home", "Risk Factors", "Screening", "Diagnosis", "Treatment"]
    rows = [f"{item:<22}{line}" for item, line in zip(menu, [*PROSE, *PROSE[:2]], strict=True)]
    text = "\n".join(["Harbour strike ends", *rows, "Phoenix        $83        28.7%"])
    got = kinds(text)
    assert [t for k, t in got if t in PROSE] == [*PROSE, *PROSE[:2]]  # each apart from its menu entry
    assert {k for k, t in got[2:7:2]} == {"body"}
    assert ("boilerplate", "Home") in got  # a menu entry before the article
    assert "Phoenix        $83        28.7%" in [t for _, t in got]



def test_a_drop_down_set_on_one_line_goes_where_a_long_line_would_stay_a_teaser() -> None:
    archive = "Select Month " + " ".join(f"{month} {year}" for year in (2012, 2011) for month in MONTHS)
    text = "\n".join(["Harbour strike ends", *PROSE, "Archives", archive, "About us"])
    got = dict((t, k) for k, t in kinds(text))
    assert got[archive] == "boilerplate"
    assert all(got[line] == "body" for line in PROSE)

def test_long_lines_outside_the_article_stay_teasers_and_short_lines_go() -> None:
    long_line = ("Readers also liked the story of the lighthouse keeper who retired after forty years "
                 "on the rock, and the harbour master who bought the lamp at auction")
    teaser = "Readers also liked the story of the lighthouse keeper who retired after forty years."
    text = "\n".join([*PROSE, "Advertisement", "Harbour tours", "Ferry times", long_line, "Most read",
                      teaser, "About us"])
    got = dict((t, k) for k, t in kinds(text))
    assert got[long_line] == "body"
    assert got[teaser] == got["Harbour tours"] == got["Ferry times"] == "boilerplate"


def test_a_heading_that_closes_the_article_ends_it_but_not_a_box_inside_it() -> None:
    teaser = "Ferry fares will rise by a tenth next spring, the operator said on Friday evening."
    text = "\n".join(["Harbour strike ends", *PROSE, "Related stories", teaser, "Tags:", "harbour"])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert split_text(text)[5]["flags"][0]["reason"] == "after the article's end ('Related stories')"
    boxed = "\n".join(["Harbour strike ends", PROSE[0], "Related stories", teaser, *PROSE[1:], *PROSE])
    assert ("body", teaser) in kinds(boxed)


def test_a_comment_thread_goes_from_its_first_name_and_time_stamp_line() -> None:
    thread = ["Chris Nahr 07.15.12 at 11:59", "Secondary source, John. The original Latin has the verb "
              "for attracted, which primarily means the human action of goading.", "2",
              "Anna — July 18th, 2012, 4:09 pm", "Very well-timed article for me, thanks for all the "
              "tips and the examples you gave in the post!"]
    text = "\n\n".join(["Ancient understanding of tides", *PROSE, *thread])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert "reader comments, from 'Chris Nahr" in split_text(text)[5]["flags"][0]["reason"]


@pytest.mark.parametrize("heading", ["4 Comments Leave a comment", "One comment Add your comment",
                                     "{ 9 comments… read them below or add one }",
                                     "blog comments powered by Disqus"])
def test_a_comment_count_with_a_call_to_join_in_starts_the_thread(heading: str) -> None:
    comment = "Great post, thanks for sharing all of these tips with us, I will try them this week!"
    text = "\n\n".join(["Harbour strike ends", *PROSE, heading, comment, "Jim", comment])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert split_text(text)[5]["flags"][0]["reason"].startswith("reader comments, after")


@pytest.mark.parametrize("stamps", [("Miles Taylor 12 days ago", "Waiology 11 days ago"),
                                    ("Anonymous said...", "Rosa said…"),
                                    ("by Grishnakh (216268) writes:", "by Anonymous Coward writes:"),
                                    ("| Reply", "· Reply ·"),
                                    ("1. eddie watts says:", "2. Ann Lee says:")])
def test_a_thread_goes_from_its_first_how_long_ago_or_said_line(stamps: tuple[str, str]) -> None:
    comment = "Great post, thanks for sharing all of these tips with us, I will try them this week!"
    text = "\n\n".join(["Harbour strike ends", *PROSE, stamps[0], comment, stamps[1], comment])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert split_text(text)[5]["flags"][0]["reason"].startswith("reader comments, from")


def test_a_post_quoting_one_writer_keeps_the_quote() -> None:
    quote = "The harbour board has never once published the figures it says justify the rise."
    text = "\n\n".join(["Harbour strike ends", *PROSE[:2], "Ann Lee writes:", quote, PROSE[2]])
    assert {k for k, _ in kinds(text)[1:]} == {"body"}


@pytest.mark.parametrize("line", ["updated 3:06 PM EST, Wed November 7, 2012", "By Ann Lee, 3:06 PM",
                                  "Kickoff at 3:00 pm", "Date: 5 May 1999 23:14:03 GMT",
                                  "Pay: $18.00/hour, 7:00 AM - 3:30 PM", "Posted 2 hours ago",
                                  "Updated: 5 minutes ago"])
def test_an_articles_own_stamps_and_times_are_not_comment_headers(line: str) -> None:
    from cleaner.split import _is_comment_stamp
    assert not _is_comment_stamp(line)


def test_lines_without_a_word_inside_the_article_go() -> None:
    text = "\n\n".join([PROSE[0], "2", PROSE[1], "###", PROSE[2]])
    got = kinds(text)
    assert [k for k, t in got if t in ("2", "###")] == ["boilerplate", "boilerplate"]
    assert [k for k, t in got if t in PROSE] == ["body"] * 3


@pytest.mark.parametrize("heading", ["People Who Liked This Article Also Liked...", "Sponsor Posts",
                                     "Did you enjoy this article?", "From around the web", "FEATURED POST",
                                     "Related Recipes & Stories:", "Similar Posts:", "Most commented",
                                     "You might also be interested in:"])
def test_a_box_of_other_stories_after_the_article_ends_it(heading: str) -> None:
    teaser = "Ferry fares will rise by a tenth next spring, the operator said on Friday evening."
    text = "\n".join(["Harbour strike ends", *PROSE, heading, teaser, "Register today!"])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}


GERMAN = ("Der Stadtrat hat am Montag einen neuen Plan für den Hafen und seine Arbeiter beschlossen.",
          "Die Hafenarbeiter hatten vergangene Woche gestreikt, als die Tarifgespräche scheiterten.",
          "Die Gewerkschaft will ihre Mitglieder noch vor Monatsende über das Angebot abstimmen lassen.")


@pytest.mark.parametrize(("prose", "heading", "teaser"), [
    (GERMAN, "Mehr zum Thema", "Die Fährpreise steigen im Frühjahr um ein Zehntel, sagt der Betreiber."),
    (GERMAN, "Das könnte Sie auch interessieren:", "Neuer Hafenmeister für Kiel, teilt die Stadt mit."),
    (PROSE, "Sur le même sujet", "Les tarifs des ferries augmenteront d'un dixième au printemps prochain."),
    (PROSE, "Noticias relacionadas", "Las tarifas del ferry subirán una décima parte la próxima primavera."),
    (PROSE, "أخبار ذات صلة", "سترتفع أسعار العبّارات بمقدار العُشر في الربيع المقبل، حسب الشركة."),
])
def test_a_box_of_other_stories_closes_the_article_in_the_lexicons_languages(
        prose: tuple[str, ...], heading: str, teaser: str) -> None:
    text = "\n".join(["Streik im Hafen beendet", *prose, heading, teaser, "Jetzt abonnieren!"])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    assert split_text(text)[5]["flags"][0]["reason"] == f"after the article's end ({heading!r})"


def test_lesen_sie_auch_inside_the_article_does_not_end_it() -> None:
    teaser = "Neuer Hafenmeister für Kiel ernannt, wie die Stadt am Dienstag mitteilte."
    text = "\n".join(["Streik im Hafen beendet", *GERMAN[:2], "Lesen Sie auch:", teaser, GERMAN[2]])
    assert ("body", GERMAN[2]) in kinds(text)


def test_a_german_comment_thread_goes_from_its_first_reply_marker() -> None:
    comment = "Toller Artikel, vielen Dank für die vielen Tipps, ich probiere sie diese Woche aus!"
    text = "\n\n".join(["Streik im Hafen beendet", *GERMAN, "Peter schrieb:", comment, "Antworten", comment,
                        "Antworten"])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}


@pytest.mark.parametrize("stamp", ["Montag, 12. März 2012, 14:32 Uhr", "mercredi 4 avril 2012 à 10h15",
                                   "Pubblicato il 3 maggio 2012 alle 14:32",
                                   "woensdag 5 december 2021, 10:12 uur"])
def test_date_stamps_in_the_lexicons_languages_are_boilerplate(stamp: str) -> None:
    from cleaner.split.boilerplate import shape_verdict
    assert shape_verdict(stamp) is not None
    assert shape_verdict("Wang Mei, 34") is None  # a name, not the Dutch month


def test_links_to_the_previous_and_next_post_end_the_article() -> None:
    comment = "Great post, thanks for sharing all of these tips with us, I will try them this week!"
    text = "\n\n".join(["Harbour strike ends", *PROSE, "« Ferry fares to rise in spring",
                       "New harbour master named »", "artsyphotos", comment, "johnbattelle", comment])
    got = kinds(text)
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}
    reason = split_text(text)[7]["flags"][0]["reason"]
    assert reason == "after the article's end ('« Ferry fares to rise in spring')"


def test_links_to_the_neighbouring_posts_on_one_line_end_the_article() -> None:
    comment = "Great post, thanks for sharing all of these tips with us, I will try them this week!"
    navigation = "« Ferry fares to rise in spring | Main | New harbour master named »"
    got = kinds("\n\n".join(["Harbour strike ends", *PROSE, navigation, "artsyphotos", comment]))
    assert [k for k, _ in got[:4]] == ["headline", "body", "body", "body"]
    assert {k for k, _ in got[4:]} == {"boilerplate"}


@pytest.mark.parametrize("head", [
    ["Budget row: coalition agrees on a compromise",
     "After weeks of wrangling the coalition's leaders have agreed on a budget for next year.",
     "By Anna Smith", "6 December 2026, 10:15 GMT"],
    ["Haushaltsstreit: Koalition einigt sich auf Kompromiss",
     "Nach wochenlangem Streit haben sich die Spitzen der Koalition auf einen Haushalt geeinigt.",
     "Von Anna Schmidt", "06.12.2026, 10:15 Uhr"],
])
def test_an_articles_head_stays_whole_over_a_long_share_bar(head: list[str]) -> None:
    share_bar = ["3 min read", "Share", "Tweet", "Print", "Listen to this article"]
    got = kinds("\n".join(["Home", "Politics", "Business", *head, *share_bar, *PROSE]))
    assert got[3:7] == [("headline", head[0]), ("body", head[1]), ("body", head[2]), ("body", head[3])]
    assert {k for k, _ in got[:3] + got[7:12]} == {"boilerplate"}


def test_a_title_over_its_deck_and_its_authors_bare_name_stays_with_the_article() -> None:
    head = ["Los estibadores de Valencia convocan una huelga de tres días",
            "El sindicato mayoritario exige la readmisión de 40 trabajadores despedidos en octubre",
            "Ana García", "Valencia - 06 dic 2026 - 10:15 CET"]
    got = kinds("\n".join(["Portada", "Economía", *head, "Compartir en Whatsapp", "Copiar enlace", *PROSE]))
    assert got[2:6] == [("headline", head[0]), ("headline", head[1]), ("body", head[2]), ("body", head[3])]
    assert {k for k, _ in got[:2] + got[6:8]} == {"boilerplate"}


def test_an_authors_name_and_place_over_the_date_is_a_byline_under_the_title() -> None:
    head = ["Antwerp dockers strike for third day as talks stall", "Jennifer Rankin in Brussels",
            "Sat 6 Dec 2026 10.15 GMT"]
    share_bar = ["Share", "Tweet", "Email", "Print", "Save"]
    got = kinds("\n".join(["Europe", "Belgium", *head, *share_bar, *PROSE]))
    assert [t for k, t in got if k != "boilerplate"][:3] == head
    assert {k for k, t in got if t in share_bar} == {"boilerplate"}


def test_a_byline_in_lower_case_under_a_deck_is_a_line_of_its_own() -> None:
    head = ["Sciopero al porto di Anversa, fermi da tre giorni",
            "I sindacati chiedono aumenti dell'8%, la direzione offre il 4%", "di Marco Rossi",
            "06 Dicembre 2026 alle 10:15"]
    got = kinds("\n".join(["Esteri", *head, "2 minuti di lettura", *PROSE]))
    assert [t for k, t in got if k != "boilerplate"][:4] == head
    assert ("boilerplate", "2 minuti di lettura") in got
    wrapped = "The plan was drawn up over the summer and approved\nby the council, which met on Monday."
    assert kinds(wrapped) == [("body", wrapped)]


def test_a_paragraph_that_ends_in_a_danda_is_a_sentence() -> None:
    paragraphs = ["उनके पास टिकट और बोर्डिंग पास थे। कुर्सी पर इस्त्री किये कपड़ों पर गीला तौलिया फेंका हुआ था।",
                  "यही दुर्भाग्यजनक स्थिति है। क्या वर्तमान में कार्य काफी हद तक पूर्ण हो गया है?"]
    assert kinds("\n".join(["मुख्य पृष्ठ", *paragraphs])) == [("boilerplate", "मुख्य पृष्ठ")] + [
        ("body", p) for p in paragraphs]


def test_an_article_stays_whole_across_a_newsletter_box_inside_it() -> None:
    first_half = ["The port was at a standstill on Saturday for a third day, the port authority said.",
                  "Dock workers want an 8% pay rise. Management has offered 4% and a one-off bonus."]
    box = ["Advertisement", "Story continues below advertisement", "Get the morning briefing",
           "The biggest stories of the day, delivered to your inbox every weekday morning.",
           "Enter your email address", "Sign up", "By signing up you agree to our Terms of Use."]
    text = "\n".join(["Business", "Port strike enters third day", "By Ann Lee", "December 6, 2026",
                      *first_half, *box, *PROSE, "Already a subscriber? Log in"])
    got = dict((t, k) for k, t in kinds(text))
    assert [got[t] for t in first_half + list(PROSE)] == ["body"] * (len(first_half) + len(PROSE))
    assert {got[t] for t in box} == {got["Already a subscriber? Log in"]} == {"boilerplate"}


def test_a_live_pages_entries_stay_each_under_its_time_of_day() -> None:
    entries = [["11:40 GMT", "Unions walk out of talks",
                "Union leaders have walked out of talks with port management, calling the offer an insult.",
                "The talks had been expected to last all day."],
               ["10:05 GMT", "Ships diverted to Rotterdam",
                "Several shipping lines have begun diverting vessels to Rotterdam, a port spokesperson said.",
                '"We cannot wait any longer," one operator said.'],
               ["09:30 GMT", "Welcome to our live coverage of the port strike, now in its third day."]]
    got = kinds("\n".join(["Home", "Live", *[line for entry in entries for line in [*entry, "Share"]]]))
    assert [t for k, t in got if k != "boilerplate"] == [line for entry in entries for line in entry]
    comment = ["Posted by bob walker", "August 9, 2012 at 11:54 am",
               "Dear all, freedom wins, and the rest of this comment says so at some length."]
    got = kinds("\n".join(["Home", *entries[0], "Share", "Comments", *comment]))
    assert {k for k, t in got if t in comment} == {"boilerplate"}


def test_a_stamp_that_opens_as_a_site_line_does_stays_under_its_title() -> None:
    text = "\n".join(["Home", "Growing tomatoes in a cold spring", "Posted on May 3, 2024 by Jane",
                      "Save for later", *PROSE])
    assert kinds(text)[1:4] == [("headline", "Growing tomatoes in a cold spring"),
                                ("body", "Posted on May 3, 2024 by Jane"), ("boilerplate", "Save for later")]


def test_the_title_over_a_byline_stays_across_a_share_bar() -> None:
    text = "\n".join(["Home", "Politics", "Harbour strike ends after two weeks", "By Ann Lee, Reuters",
                      "updated 7:39 AM EST, Wed November 7, 2012", "Print", "Email", "Share", "Comments",
                      *PROSE])
    got = dict((t, k) for k, t in kinds(text))
    assert got["Harbour strike ends after two weeks"] == "headline"
    assert got["Home"] == got["Politics"] == got["Print"] == got["Comments"] == "boilerplate"
    assert got["By Ann Lee, Reuters"] == "body"  # under its title, however long the share bar


def test_the_articles_byline_and_date_under_its_title_stay_in_its_text() -> None:
    text = "\n\n".join(["Home | World | Business", "Harbour strike ends", "By Ann Lee, Reuters",
                       "Updated 12:30 GMT, 3 March", *PROSE, "Most read", "Published 2 hours ago",
                       "Ferry fares to rise"])
    got = dict((t, k) for k, t in kinds(text))
    assert got["By Ann Lee, Reuters"] == got["Updated 12:30 GMT, 3 March"] == "body"
    assert got["Home | World | Business"] == got["Published 2 hours ago"] == "boilerplate"


def test_stamps_between_many_paragraphs_stay_furniture() -> None:
    """More stamps than an article has (a live page's or a digest's entries): not its own."""
    stamps = ["Updated 12:30 GMT", "Updated 11:05 GMT", "Published 3 hours ago", "Updated 09:41 GMT"]
    paragraph = " ".join(PROSE)
    text = "\n\n".join(["Harbour strike ends", *(line for stamp in stamps for line in (paragraph, stamp)),
                         paragraph])
    got = kinds(text)
    assert [k for k, t in got if "GMT" in t or "ago" in t] == ["boilerplate"] * 4


def test_on_a_page_the_articles_byline_stays_and_a_sidebar_date_goes() -> None:
    from cleaner.document import Block, Document
    from cleaner.split import Split

    body = " ".join(PROSE)
    text = "\n\n".join(["Council approves budget", "By Ann Lee, Reuters", body, body, "Most read",
                         "Published 2 hours ago"])
    doc = Document(id="page", text=text, blocks=[
        Block("By Ann Lee, Reuters", path="body/article/p"), Block(body, path="body/article/p")])
    Split().annotate(doc)
    kinds = {s["text"]: s["kind"] for s in doc.cleaner["segments"]}
    assert kinds["By Ann Lee, Reuters"] == "body"
    assert kinds["Published 2 hours ago"] == "boilerplate"


def test_the_articles_title_at_the_end_of_a_menu_is_not_one_of_its_links() -> None:
    menu = ["Watch the video.", "* Print", "* Text", "* Email", "* Share"]
    text = "\n".join([*menu, "Latest Amelia Earhart search falls short", *PROSE])
    got = dict((t, k) for k, t in kinds(text))
    assert got["Latest Amelia Earhart search falls short"] != "boilerplate"
    assert all(got[line] == "boilerplate" for line in menu)
