"""HTML extraction: trafilatura first, its baseline when trafilatura kept only a fragment."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import trafilatura

from cleaner import Cleaner
from cleaner.html import SETTINGS, HtmlSettings, extract_html
from cleaner.layout_tables import lays_out
from cleaner.readers.items import Document
from cleaner.readers.whole import read_whole

PAGES = Path(__file__).resolve().parent / "pages"

SENTENCE = "The river rose through the night and the town woke to water in its streets. "
ARTICLE = SENTENCE * 60  # 900 words
INTRO = SENTENCE * 3  # 45 words
FALLING_BACK = HtmlSettings(fallback_below=250, fallback_min_words=500, fallback_ratio=2.5)


def test_a_short_block_of_a_long_article_is_a_fragment() -> None:
    assert FALLING_BACK.is_fragment(INTRO, ARTICLE)
    assert FALLING_BACK.is_fragment("", ARTICLE)


def test_most_of_the_article_is_not_a_fragment() -> None:
    assert not FALLING_BACK.is_fragment(SENTENCE * 30, ARTICLE)


def test_short_pages_never_fall_back() -> None:
    """Below the floor a page's paragraphs are often comments and teasers, not its article."""
    short_page = SENTENCE * (FALLING_BACK.fallback_min_words // 15 - 1)
    assert not FALLING_BACK.is_fragment(SENTENCE, short_page)


def test_a_long_extraction_is_never_replaced() -> None:
    """Only a short extraction can be a fragment; a long one keeps its text whatever the page."""
    long_extraction = SENTENCE * 20  # 300 words, above fallback_below
    assert not FALLING_BACK.may_fall_back(long_extraction)
    assert not FALLING_BACK.is_fragment(long_extraction, ARTICLE * 10)
    assert not HtmlSettings(fallback_below=0).is_fragment("", ARTICLE)


def test_a_page_whose_first_article_is_a_teaser_keeps_its_story() -> None:
    """trafilatura stops at the page's first <article>, a header teaser; the story follows."""
    page = (PAGES / "fragment.html").read_bytes()
    teaser = trafilatura.extract(page, favor_recall=True, include_comments=False)
    text, metadata = extract_html(page, settings=FALLING_BACK)
    assert text is not None and len(text.split()) > 600 > 10 * len(teaser.split())
    assert "handing out warm rolls from an upstairs window" in text
    assert metadata["title"] == "The week the river came in"


def long_article_page() -> bytes:
    paragraphs = "".join(
        f"<p>On day {day} of the flood, {SENTENCE * 2}</p>" for day in range(1, 21)
    )
    return (
        "<html><head><title>The flood</title></head><body><nav>Home | News</nav>"
        f"<article><h1>The flood</h1>{paragraphs}</article></body></html>"
    ).encode()


def test_the_baseline_runs_only_where_it_could_replace_the_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The baseline costs a quarter of an extraction: a long article never needs it."""
    calls = []
    real_baseline = trafilatura.baseline

    def counted(tree: object) -> tuple:
        calls.append(tree)
        return real_baseline(tree)

    monkeypatch.setattr(trafilatura, "baseline", counted)
    text, _ = extract_html(long_article_page(), settings=FALLING_BACK)
    assert text is not None and len(text.split()) > 600 and calls == []
    short_page = f"<html><body><article><p>{INTRO}</p></article></body></html>"
    assert extract_html(short_page, settings=FALLING_BACK)[0] == INTRO.strip()
    assert len(calls) == 1


def test_the_balanced_retry_takes_an_article_the_recall_extraction_missed() -> None:
    """Favouring recall, trafilatura keeps the header teaser; balanced, it finds the story."""
    page = (PAGES / "fragment.html").read_bytes()
    teaser = trafilatura.extract(page, favor_recall=True, include_comments=False)
    text, _ = extract_html(page)  # shipped settings: no baseline fallback, the retry on
    assert SETTINGS.fallback_below == 0 and SETTINGS.retry_below > len(teaser.split())
    assert text is not None and len(text.split()) > 600
    assert "handing out warm rolls from an upstairs window" in text


def test_the_retry_replaces_only_a_short_extraction_by_a_much_longer_one() -> None:
    retrying = HtmlSettings(focus="recall", retry_below=150, retry_min_words=300, retry_ratio=1.5)
    assert retrying.retry_finds_more(INTRO, ARTICLE)
    assert not retrying.retry_finds_more(SENTENCE * 9, SENTENCE * 19)  # 135 words, 285: too few
    no_floor = replace(retrying, retry_min_words=0)
    assert no_floor.retry_finds_more(SENTENCE * 9, SENTENCE * 14)  # 210 words: 1.5 times 135
    assert not no_floor.retry_finds_more(SENTENCE * 9, SENTENCE * 13)  # 195: not 1.5 times
    assert not retrying.retry_finds_more(SENTENCE * 10, ARTICLE)  # 150 words: not short
    assert not replace(retrying, retry_below=0).retry_finds_more(INTRO, ARTICLE)
    assert not replace(retrying, focus="balanced").may_retry(INTRO)  # it would find the same


def test_a_long_article_is_extracted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry costs a second extraction, paid only by pages whose first one is short."""
    calls = []
    real_extraction = trafilatura.bare_extraction

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return real_extraction(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    text, _ = extract_html(long_article_page())
    assert text is not None and len(text.split()) > 600 and len(calls) == 1
    extract_html((PAGES / "fragment.html").read_bytes())
    assert len(calls) == 3 and not calls[-1]["favor_recall"]


DESCRIBED_PAGE = (
    """<html lang="en"><head>
<title>Rain closes the coast road - Harbour Gazette</title>
<meta property="og:site_name" content="harbour gazette">
<meta name="author" content="Mara">
<link rel="canonical" href="https://news.example.org/2024/03/05/rain-closes-coast-road">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Rain closes the coast road", "datePublished": "2024-03-05T08:00:00Z",
 "author": {"@type": "Person", "name": "Mara Quell"}}</script>
</head><body><header><a href="/category/weather" rel="category tag">Weather</a></header>
<article><p class="byline">By <span class="author">Mara Quell</span></p>
"""
    + f"<p>{SENTENCE * 8}</p>" * 6
    + """</article>
<footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>
</footer></body></html>"""
)


# The author only in the article's byline, and a commenter's name before it that trafilatura's
# author search prunes away first.
BYLINE_PAGE = (
    """<html lang="en"><head><title>Rain closes the coast road</title></head><body>
<div class="comments"><div class="comment"><span class="author">Olek Brandt</span>
<p>First!</p></div></div>
<article><p class="byline">By <span class="author">Mara Quell</span></p>
"""
    + f"<p>{SENTENCE * 8}</p>" * 6
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    "page",
    [DESCRIBED_PAGE.encode(), BYLINE_PAGE.encode(), (PAGES / "fragment.html").read_bytes()],
    ids=["meta-tags-and-json-ld", "byline-after-comments", "fragment"],
)
def test_the_metadata_kept_is_what_trafilatura_finds(page: bytes) -> None:
    """``page_metadata`` leaves out trafilatura's category, tag and licence searches only."""
    from trafilatura.metadata import extract_metadata

    from cleaner.html_metadata import FIELDS, page_metadata

    theirs = extract_metadata(trafilatura.load_html(page))
    expected = {field: str(value) for field in FIELDS if (value := getattr(theirs, field))}
    assert page_metadata(trafilatura.load_html(page)) == expected
    assert extract_html(page)[1] == expected


def test_the_author_search_prunes_the_page_only_when_allowed() -> None:
    """``extract_html`` lets the author search prune its tree, as it needs it no more; by
    default the tree is left as it was."""
    from cleaner.html_metadata import page_metadata

    assert extract_html(BYLINE_PAGE.encode())[1]["author"] == "Mara Quell"
    tree = trafilatura.load_html(BYLINE_PAGE)
    assert page_metadata(tree)["author"] == "Mara Quell"
    assert "Olek Brandt" in tree.text_content()
    assert page_metadata(tree, may_prune=True)["author"] == "Mara Quell"
    assert "Olek Brandt" not in tree.text_content()


def test_the_described_page_gives_its_date_author_and_site() -> None:
    text, metadata = extract_html(DESCRIBED_PAGE.encode())
    assert text is not None and text.startswith("The river rose")
    assert metadata == {
        "title": "Rain closes the coast road",
        "author": "Mara Quell",
        "date": "2024-03-05",
        "sitename": "Harbour Gazette",  # trafilatura capitalises a lower-case site name
        "url": "https://news.example.org/2024/03/05/rain-closes-coast-road",
        "hostname": "example.org",
    }


def test_a_page_without_article_text_keeps_what_it_says_about_itself() -> None:
    page = (
        "<html><head><title>Gallery: the flood - Harbour Gazette</title>"
        '<link rel="canonical" href="https://news.example.org/gallery/flood"></head>'
        "<body><p>Photos</p></body></html>"
    )
    text, metadata = extract_html(page)
    assert metadata["url"] == "https://news.example.org/gallery/flood"
    assert metadata["title"].startswith("Gallery: the flood")
    assert text in (None, "Photos")


def test_a_page_laid_out_in_tables_gives_its_article_not_its_menus() -> None:
    """A page made with layout tables came out as rows of cells joined by '|': the menu bar,
    then the whole article in one cell beside the "Most read" column, then the footer."""
    text, metadata = extract_html((PAGES / "table-layout.html").read_bytes())
    assert text is not None
    for boilerplate in ("Classifieds", "Obituaries", "Most read", "Copyright", "Privacy Policy"):
        assert boilerplate not in text
    paragraphs = [
        "The city council voted 7-2 on Tuesday night to approve a $42 million budget for the "
        "coming fiscal year, ending weeks of debate over library hours and road repairs.",
        "Mayor Ann Lee called the vote a fair compromise. The new budget takes effect July 1.",
    ]
    assert all(paragraph in text.splitlines() for paragraph in paragraphs)
    cleaned = Cleaner().clean(text, metadata)
    assert cleaned.text.startswith(paragraphs[0]) and cleaned.text.endswith(paragraphs[1])
    assert len(cleaned.text.splitlines()) == 4
    assert cleaned.metadata["author"] == "Jane Reporter"


def test_a_page_of_one_layout_table_with_br_paragraphs_gives_its_article() -> None:
    """Older pages break paragraphs with <br> in one cell beside a column of links: that
    came out as one line, '| Home News Sport ... | Storm hits coast A storm with ... |'."""
    text, metadata = extract_html((PAGES / "table-layout-br.html").read_bytes())
    assert text is not None and "|" not in text and "Archive" not in text
    cleaned = Cleaner().clean(text, metadata).text.splitlines()
    assert len(cleaned) == 3 and cleaned[0].startswith("A storm with winds of 90 miles an hour")


def test_a_table_of_data_in_a_layout_cell_with_loose_text_stays_a_table() -> None:
    """A league table in the article's cell, beside a headline and a date broken by <br>
    inside one <font>: unwrapped, the cell read as one paragraph and the table came out as one
    line of its cells ("Pos Team P W D L Pts 1 Coast Rovers 28 …")."""
    text, metadata = extract_html((PAGES / "table-layout-data.html").read_bytes())
    assert text is not None
    rows = ["| Pos | Team | P | W | D | L | Pts |", "| 2 | Dunmore | 28 | 15 | 8 | 5 | 53 |"]
    lines = [line.strip() for line in text.splitlines()]
    assert all(row in lines for row in rows)
    cleaned = Cleaner().clean(text, metadata).text
    assert "Bowling club opens season" not in cleaned and "Home" not in cleaned
    assert cleaned.splitlines()[-1].startswith("Rovers travel to Dunmore next Saturday")


ARTICLE_WITH_TABLES = """<html><body><article><h1>Prices rise again</h1>
<p>{article}</p>
<table><thead><tr><th>Item</th><th>2023</th><th>2024</th></tr></thead>
<tr><td>Bread</td><td>2.10</td><td>2.35</td></tr><tr><td>Milk</td><td>1.05</td><td>1.20</td></tr>
</table>
<table><tr><td>Pros</td><td>Cons</td></tr><tr><td>Cheap to run</td><td>Slow to start</td></tr></table>
<table role="presentation"><tr><td><p>{closing}</p></td></tr></table>
</article></body></html>"""


def test_tables_of_data_and_of_short_texts_stay_tables() -> None:
    page = ARTICLE_WITH_TABLES.format(
        article=SENTENCE * 12, closing="The council will meet again in May to set the new rates."
    )
    text = extract_html(page)[0]
    assert text is not None
    assert "| Item | 2023 | 2024 |" in text and "| Bread | 2.10 | 2.35 |" in text
    assert "| Cheap to run | Slow to start |" in text
    assert "\nThe council will meet again in May to set the new rates." in text
    assert "| The council will meet" not in text


PARAGRAPH = "<p>The council met on Tuesday and voted on the budget.</p>"


@pytest.mark.parametrize(
    ("table", "layout"),
    [
        (f"<table><tr><td>Home</td><td>{PARAGRAPH}</td></tr></table>", True),
        (f"<table role='presentation'><tr><td>{PARAGRAPH}</td></tr></table>", True),
        # a layout table holding a table of data is layout: its own parts decide
        (
            f"<table><tr><td>{PARAGRAPH}<table><tr><th>Item</th></tr><tr><td>1</td></tr>"
            "</table></td></tr></table>",
            True,
        ),
        (f"<table summary='Prices'><tr><td>{PARAGRAPH}</td></tr></table>", False),
        (f"<table><caption>Prices</caption><tr><td>{PARAGRAPH}</td></tr></table>", False),
        (f"<table><tr><th>Item</th></tr><tr><td>{PARAGRAPH}</td></tr></table>", False),
        (f"<table>{f'<tr><td>{PARAGRAPH}</td></tr>' * 10}</table>", False),  # ten rows: data
        (
            "<table><tr><td>Pros</td><td>Cons</td></tr><tr><td>Cheap</td><td>Slow</td></tr></table>",
            False,
        ),
    ],
    ids=[
        "block-cell",
        "presentation",
        "nested-data",
        "summary",
        "caption",
        "header",
        "rows",
        "short",
    ],
)
def test_layout_tables_are_told_from_tables_of_data(table: str, layout: bool) -> None:
    tree = trafilatura.load_html(f"<html><body>{table}</body></html>")
    assert lays_out(next(tree.iter("table"))) is layout


# Page encodings: pages are decoded as browsers decode them (a byte order mark, valid UTF-8, the
# declared charset when the bytes decode in it, Windows-1252 for Western text), not as
# charset_normalizer alone guesses, which read Windows-1252 pages as Windows-1250.

CAFE = "The new café on Main Street opened, and the crème brûlée sold out by noon. "


def legacy_page(sentence: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>Cafe</title></head><body><article>"
        f"<p>{sentence * 3}</p><p>{sentence * 3}</p></article></body></html>"
    )


def read_page(tmp_path: Path, data: bytes) -> str:
    """The text ``clean`` reads from a page file of these bytes: its reader and extractor."""
    path = tmp_path / "page.html"
    path.write_bytes(data)
    document = read_whole(str(path), "html", extract_html, "text")
    assert isinstance(document, Document) and document.text is not None
    return document.text


def test_an_undeclared_windows_1252_page_is_not_read_as_windows_1250(tmp_path: Path) -> None:
    """It came out as "the crčme brűlée sold out": charset_normalizer's guess was Windows-1250."""
    (tmp_path / "en.html").write_bytes(legacy_page(CAFE).encode("cp1252"))
    clean = Path(sys.executable).parent / "clean"
    result = subprocess.run([clean, tmp_path / "en.html"], capture_output=True, check=True)
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert CAFE.strip() in record["text"] and "crčme" not in record["text"]


def test_a_page_declared_utf8_in_windows_1252_is_read_as_windows_1252(tmp_path: Path) -> None:
    sentence = "Le café était fermé, et la crème brûlée du chef a été servie à midi. "
    page = legacy_page(sentence, '<meta charset="utf-8">').encode("cp1252")
    text = read_page(tmp_path, page)
    assert "Le café était fermé, et la crème brûlée du chef a été servie à midi." in text


def test_a_page_declared_iso_8859_1_is_read_as_windows_1252(tmp_path: Path) -> None:
    """Browsers read ISO-8859-1 as Windows-1252 (WHATWG): 0x80 is the euro sign."""
    sentence = "The crème brûlée at the café costs €5 — “worth it”, they say. "
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    text = read_page(tmp_path, legacy_page(sentence, head).encode("cp1252"))
    assert sentence.strip() in text


def test_an_undeclared_utf8_page_is_read_as_utf8(tmp_path: Path) -> None:
    assert CAFE.strip() in read_page(tmp_path, legacy_page(CAFE).encode("utf-8"))


@pytest.mark.parametrize(
    ("charset", "sentence"),
    [
        ("windows-1251", "Новое кафе на главной улице открылось, и крем-брюле продали к обеду. "),
        ("shift_jis", "新しいカフェが大通りに開店し、クレームブリュレは正午までに売り切れた。"),
        ("koi8-r", "Новое кафе на главной улице открылось, и крем-брюле продали к обеду. "),
        ("gb2312", "主街上新开的咖啡馆开业了，焦糖布丁到中午就卖光了。"),
    ],
)
def test_a_page_in_its_declared_legacy_encoding_is_read_in_it(
    tmp_path: Path, charset: str, sentence: str
) -> None:
    page = legacy_page(sentence, f'<meta charset="{charset}">').encode(charset)
    assert sentence.strip() in read_page(tmp_path, page)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_page_with_a_byte_order_mark_is_read_as_utf16(
    tmp_path: Path, encoding: str
) -> None:
    page = ("\ufeff" + legacy_page(CAFE, '<meta charset="windows-1252">')).encode(encoding)
    assert CAFE.strip() in read_page(tmp_path, page)


def test_a_page_of_undecodable_bytes_still_decodes(tmp_path: Path) -> None:
    """Bytes no declared or likely encoding decodes become U+FFFD, and the rest is read."""
    sentence = "The river rose \x81\x8d\x9d through the night. "
    page = legacy_page(sentence, '<meta charset="utf-8">').encode("latin-1")
    assert "through the night." in read_page(tmp_path, page)


def unclosed_font_page(paragraphs: int) -> str:
    """An old page whose ``<font>`` tags are never closed: each nests the rest one deeper."""
    sentence = "of the story, where the council voted on the budget for the schools."
    fonts = "".join(f'<font face="Arial">Paragraph {n} {sentence}<br>\n' for n in range(paragraphs))
    return f"<html><body><div>{fonts}</div></body></html>"


def test_a_page_nested_past_the_parsers_default_depth_keeps_all_its_text() -> None:
    """libxml2 stops at 256 levels by default: 253 of these 400 paragraphs came out, and the
    record looked like a shorter article."""
    text, _ = extract_html(unclosed_font_page(400).encode())
    assert text is not None and text.count("Paragraph") == 400 and "Paragraph 399 " in text


def test_a_page_nested_past_every_limit_is_rejected_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text(unclosed_font_page(3000))
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "clean"), str(tmp_path / "deep.html"), "-o", str(out),
         "--skip-bad"],
        capture_output=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == b""
    [reject] = [
        json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()
    ]
    assert "nested deeper than the HTML parser reads" in reject["reason"]
