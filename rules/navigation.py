"""Site navigation that extraction lets through: menu rows and columns, skip links, search
labels, pages."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import regex

from cleaner.corpus import prose_span
from cleaner.lines import drop_lines
from cleaner.metadata import Metadata
from cleaner.rule import DROP, KEEP, DocumentRule, Example, Fix, Keep, Line, LineRule, Phase

# Menu items are separated by bars, bullets or breadcrumb arrows.
SEPARATOR = regex.compile(r"\s*(?:\||•|·|»|›|\s>\s)\s*")
ITEM = regex.compile(
    r"[\p{Lu}\p{Lt}][\p{L}&'’.-]*(?:\s+(?:[\p{Lu}\p{Lt}&][\p{L}&'’.-]*|of|and|the|to|a|in|on|for|&)){0,3}"
)


# A bar between two cells of a table row; trafilatura writes a bar inside a cell as "\|".
CELL_BORDER = regex.compile(r"(?<!\\)\|")


def lone_cell(line: str) -> str | None:
    """The text of the one cell that is not empty in a table row ('| Local News |  |'), its
    bars unescaped; None for any other line.

    Extractors write a table as markdown, one row a line, and a page laid out in tables comes
    out so: its menu bar as a row of one wide cell, its side column as rows of one cell each.
    """
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")) or len(stripped) < 3:
        return None
    cells = [cell.strip() for cell in CELL_BORDER.split(stripped)[1:-1]]
    filled = [cell for cell in cells if cell]
    return filled[0].replace("\\|", "|") if len(filled) == 1 else None


def cell_count(line: str) -> int:
    """How many cells a row written with bars has ('a | b | c' and '| a | b | c |' have three);
    0 for a line without a bar between cells."""
    stripped = line.strip()
    if CELL_BORDER.search(stripped) is None:
        return 0
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return len(CELL_BORDER.split(stripped))


# How many blank lines a table may have between its rows (some extractors put one after each).
MAX_ROW_GAP = 2


def neighbour_rows(lines: Sequence[str], index: int) -> Iterator[str]:
    """The nearest lines above and below ``lines[index]`` that are not blank, across at most
    ``MAX_ROW_GAP`` blank lines."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and abs(other - index) <= MAX_ROW_GAP + 1:
            if lines[other].strip():
                yield lines[other]
                break
            other += step


def in_table(lines: Sequence[str], index: int) -> bool:
    """Whether the row of bars ``lines[index]`` is a table's: a row next to it has as many
    cells, and other ones. A table's header and its rows line up; a menu bar stands alone,
    next to rows of another shape, or next to its own copy."""
    row = lines[index].strip()
    cells = cell_count(row)
    return (
        cells >= 2
        and not names_pages(row)
        and any(
            cell_count(other) == cells and other.strip() != row and not names_pages(other)
            for other in neighbour_rows(lines, index)
        )
    )


def names_pages(row: str) -> bool:
    """Whether two cells of a row name kinds of page ('Home', 'Contact'): a menu bar's, which
    a second bar of as many cells stacked on it does not make a table."""
    return sum(PAGE_KIND.search(cell) is not None for cell in row.split("|")) >= 2


def menu_items(line: str) -> list[str] | None:
    """The items of a menu row, or None when ``line`` is not one.

    A menu row is three or more items, or one or two between bars at the line's edges, each
    a short capitalised label (up to four words, no digits, no sentence punctuation) joined by
    separators: the structure of navigation, whatever the site names its sections.
    """
    stripped = line.strip()
    items = [item for item in SEPARATOR.split(stripped) if item]
    edged = stripped.startswith("|") and stripped.endswith("|")
    if not items or (len(items) < 3 and not edged) or len(items) == len(stripped.split()):
        return None  # one word each with no separator between them is a sentence
    if all(len(item) <= 30 and ITEM.fullmatch(item) for item in items):
        return items
    return None


class NavigationRow(LineRule):
    id = "nav-row"
    summary = "Drop menu rows ('Home | News | Sport', '| Business |', 'World › Asia › India')."
    why = (
        "Old table layouts and inline menus leave the site's navigation as a row of short "
        "capitalised labels joined by bars, bullets or arrows. No sentence looks like that. "
        "A row in bars next to other such rows is a table's (extractors write tables as "
        "markdown), and stays; so does a row next to a row of as many cells, whether or not "
        "bars close its ends: a table's header ('Rank | State | Rate') over its rows."
    )
    local = False  # looks at the lines around a row for a table's rule
    max_words = 30
    triggers = ("|", "•", "·", "»", "›", " > ")
    examples = (
        Example("Home | News | Sport | Weather\nThe storm hit at dawn.", "The storm hit at dawn."),
        Example("| Business |\nShares fell.", "Shares fell."),
        Example("World › Asia › India\n\nThe monsoon came early.", "The monsoon came early."),
        Example(
            "| Home \\| News \\| Sport \\| Business |  |  |\n| | The storm hit at dawn. |  |",
            "| | The storm hit at dawn. |  |",
        ),
    )
    keeps = (
        "| Name | Age |\n|---|---|\n| John Smith | 34 |",
        "| Trend | Impact |\n| Cloud | High |\n| Edge | Medium |",
        "Prices rose 3% | Rates held at 5%",
        "The talks | a timeline of what went wrong",
        "Cats | Dogs",
        "Rock • Paper • Scissors, she said, and won.",
        "| 2019 | 2020 | 2021 |",
        "| Item | Cost |\n| Bath Remodel \\| Midrange | $24,606 |\n| Deck \\| Wood | $17,051 |",
        "| Total |\n| Bath \\| Deck |\n| $41,657 |",
        "Jobless rates.\n\nRank | State | Rate\n1 | South Dakota | 1.9%\n2 | North Dakota | 2.0%",
        "Category | Last Month | This Month | Delta\n\nPassed | 6676 | 6774 | +98",
        "Feed.\n| Company | Rating |\nApple | Buy |",
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        cell = lone_cell(line.text)
        if cell is not None and (items := menu_items(cell)) is not None and len(items) >= 3:
            return DROP  # a menu bar in a cell of its own: a page laid out in tables
        if line.text.lstrip().startswith("|"):
            # A row of a table (extractors write tables as markdown, one row a line) has
            # other rows next to it; only a row standing alone is a menu. Asked first: most
            # lines in bars are table rows, and this costs less than reading their cells.
            neighbours = (
                *line.lines[max(line.index - 1, 0) : line.index],
                *line.lines[line.index + 1 : line.index + 2],
            )
            if any(neighbour.lstrip().startswith("|") for neighbour in neighbours):
                return KEEP
        if menu_items(line.text) is None:
            return KEEP
        # A header row ('Rank | State | Rate') over rows of as many cells is a table's; asked
        # last, of the few lines that look like a menu.
        return KEEP if "|" in line.text and in_table(line.lines, line.index) else DROP


class SkipLink(LineRule):
    id = "skip-link"
    summary = (
        "Drop skip links and search or menu labels alone on a line ('Skip to content', 'Search')."
    )
    why = (
        "Accessible pages start with links that skip the menu, and headers carry a search box "
        "and a menu button; extraction keeps their labels as lines. Alone on a line they are "
        "never article text."
    )
    max_words = 12
    triggers = ("skip", "jump", "search", "menu", "navigation", "you are here")
    examples = (
        Example("Skip to main content\nSearch\nThe storm hit.", "The storm hit."),
        Example("Skip to: Content | Search | Footer\nText.", "Text."),
        Example("Text.\nToggle navigation\nMain menu", "Text."),
        Example("Search\nAdvanced Search\nText.", "Text."),
    )
    keeps = (
        "Search teams found the hikers on Sunday.",
        "Advanced search tools helped the police.",
        "Skip to the end: the plan worked.",
        "The menu changes with the seasons.",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:skip\s+(?:to\s+)?(?:(?:the\s+)?main\s+)?(?:content|navigation|menu|search"
        r"|footer|article|sidebar)|skip\s+to\s*:.*|jump\s+to\s+(?:main\s+)?(?:content|navigation)"
        r"|(?:advanced\s+)?search(?:\s+(?:for|this\s+site|the\s+site|site))?\s*:?|toggle\s+(?:navigation|menu|search)"
        r"|(?:open|close|main|site)\s+(?:menu|navigation)|menu|navigation|you\s+are\s+here\s*:?.*)"
        r"[\W_]*$"
    )


class Pagination(LineRule):
    id = "pagination"
    summary = "Drop pagination ('Page 2 of 3', '1 2 3 Next »', '« Previous | Next »')."
    why = (
        "Articles split over several pages end each page with the pager: page numbers and "
        "next/previous links. It is navigation; the text of the other pages is not here."
    )
    max_words = 16
    examples = (
        Example("Text.\nPage 2 of 3\nMore.", "Text.\nMore."),
        Example("Text.\n1 2 3 4 Next »", "Text."),
        Example("Text.\n« Previous | Next »", "Text."),
        Example("Text.\nNext page", "Text."),
        Example("Text.\nPages: 1 2 3 Next", "Text."),
    )
    keeps = (
        "The report runs to page 2 of 3 volumes.",
        "Next, the committee will vote.",
        "1 2 3",
        "Previous owners kept bees.",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:page\s+\d+\s+(?:of|/)\s+\d+"
        r"|(?:pages?\s*:\s*)?(?:\d+\s+){2,}\d+\s*(?:[|·•]\s*)?(?:next|last|›|»|>)(?:\s+page)?"
        r"|(?:[«‹<]\s*)?(?:prev(?:ious)?)(?:\s+(?:page|article|post|story))?\s*(?:[|·•/]\s*)?"
        r"(?:next(?:\s+(?:page|article|post|story))?\s*[»›>]?)?"
        r"|next\s+(?:page|article|post|story)\s*[»›>]?|(?:older|newer)\s+(?:posts|entries))"
        r"[\W_]*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        # "Previous" alone could be a word; a pager says where it leads or points.
        stripped = line.text.strip().lower().strip("«‹<>»› ")
        return KEEP if stripped in {"prev", "previous"} else DROP


MIN_ITEMS = 6  # above the first paragraph of prose or below the last
MIN_ITEMS_BETWEEN = 12  # between paragraphs, where an article's own short list may stand
# A menu item: up to three words, the first capitalised, no sentence punctuation, no list
# marker (a list of the article's own starts with one) and no digit first (a table's values).
MENU_ITEM = regex.compile(r"^\p{Lu}[^\s.!?:;,()\"“”]*(?:\s+[^\s.!?:;,()\"“”]+){0,2}$")
MAX_ITEM_LENGTH = 30
# MIN_ITEMS lines in a row that may each be a label or a blank line between labels, told from
# their stripped lengths: most texts hold no such window and are never read line by line.
WINDOW = re.compile(rb"\x01{%d,}" % MIN_ITEMS)
# A line that announces a list of the article's own: it ends in a colon ("Among the guests
# were:", "Ingredients:") or says what follows ("… are the following.", "… as follows", "The
# nominees include").
INTRODUCTION = regex.compile(
    r"(?i)(?::|\b(?:the\s+following|as\s+follows|include[sd]?|including)\W?)\s*$"
)
# A sentence the list completes: it stops at a word that cannot end one ("The shortlisted books
# are", "The money will go to", "Among them were the") or at a comma or dash. Three words at
# least: "Sign in" and "Log in" are a menu's own labels. Read in a line's last characters.
OPEN_END = regex.compile(
    r"(?i)(?:(?<!\w)(?:a|an|the|of|to|for|by|with|from|into|about|among|between|like|namely"
    r"|such|and|or|but|than|are|is|was|were|be|been|these|those|their|its|his|her|our|your"
    r"|below)|[,—–])\s*$"
)
# What a menu names: kinds of page that only a site's navigation lists, and the subjects a
# news site is divided into, which an article's own list (a budget, a prize's categories)
# may also name. An article's list of ingredients, players, books or places names neither.
PAGE_KIND = regex.compile(
    r"(?i)\b(?:home|news|latest|trending|popular|about|contact|careers|jobs|advertise|privacy"
    r"|terms|cookies?|sitemap|faqs?|help|subscribe|subscriptions?|newsletters?|log\s?(?:in|out)"
    r"|sign\s+(?:in|up)|register|account|podcasts?|videos?|photos?|galler(?:y|ies)|opinions?"
    r"|editorials?|obituaries|obits|weather|archives?|blogs?|shop|store|events|sections|topics"
    r"|categories|tags|menu|donate|magazine|e-?paper|classifieds|puzzles|crosswords?"
    r"|horoscopes?|astrology|comics|newsroom|masthead|feedback|rss|apps|webinars|investors"
    r"|facebook|twitter|instagram|youtube|linkedin|tiktok|pinterest|whatsapp|telegram|reddit"
    r"|snapchat|threads|bluesky|mastodon)\b"
)
# Kinds of page a company's site lists, which name one when they are the whole label
# ('Products', 'Pricing'): in a longer one ('IT support', 'Dynamic pricing') they are a
# subject of the article's own.
PAGE_LABEL = regex.compile(
    r"(?i)products|solutions|services|resources|company|pricing|support|docs|documentation"
    r"|industries|platform|customers|partners|community|developers|integrations|overview|press"
)
SECTION = regex.compile(
    r"(?i)\b(?:world|local|national|international|nation|politics|business|economy|markets"
    r"|money|finance|sports?|football|soccer|cricket|tennis|golf|entertainment|celebrity"
    r"|lifestyle|life|living|style|fashion|beauty|health|wellness|science|tech|technology"
    r"|travel|food|drink|recipes|culture|arts|books|music|films?|movies|tv|television"
    r"|education|environment|climate|religion|cities|property|cars|autos|motoring|letters"
    r"|columns|columnists|commentary|analysis|features|reviews|investigations|crime"
    r"|parenting|relationships|media|games)\b"
)


def is_menu_item(line: str) -> bool:
    """Whether a line looks like one label of a menu: short, capitalised, no punctuation;
    alone on its line or in the one cell of a table row (a side column laid out in a table)."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = lone_cell(stripped) or ""
    return len(stripped) <= MAX_ITEM_LENGTH and MENU_ITEM.match(stripped) is not None


class MenuRun(DocumentRule):
    id = "menu-run"
    summary = "Drop runs of six or more section names ('Home', 'Opinion') above or below the text."
    why = (
        "Site menus flattened by extraction become a column of section names ('World News', "
        "'Sports', 'Opinion', 'Podcasts'), one a line, at the top or the bottom of the text. "
        "Six or more short labels in a row, with no sentence among them and outside the "
        "article's prose, are navigation when they name what a menu names: kinds of page "
        "('Home', 'Latest News', 'Contact Us', 'Podcasts') and a site's sections ('Sport', "
        "'Business'). A column of ingredients, players, books or places under a heading of "
        "the article's ('Ingredients', 'Squad') is the article's own list, whatever its "
        "position. Between paragraphs a run is left alone unless it is long; and so is a run "
        "a line introduces ('Among the guests were:', 'Ingredients:') or completes ('The "
        "shortlisted books are'): a menu is not announced. A run that mostly repeats its "
        "lines is a program's output or a column of values: a menu names each section once."
    )
    phase = Phase.LINES
    order = 90  # after the line rules, before repeated-line
    examples = (
        Example(
            "Cities\nSports\nOpinion\nPodcasts\nPhotos\nVideos\n"
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.",
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.",
        ),
        Example(
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.\n\nHome\nIndia News\nCricket\nEducation\n"
            "Entertainment\nBrand Stories\nAstrology",
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.",
        ),
        Example(
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.\n| Sections |\n| Local News |  |\n| World |\n| Weather |\n"
            "| Obituaries |\n| Letters |",
            "The river rose in the night, and by morning the whole of the old town stood in "
            "water up to the windows.",
        ),
    )
    keeps = (
        "The river rose in the night, and by morning the whole of the old town stood in "
        "water up to the windows.\nPasta\nTomatoes\nBasil\nGarlic\nOlive oil\nParmesan\n"
        "Then the council met, and after a long debate it voted to rebuild the bridge by "
        "the spring.",
        "World News\nSports\nOpinion\nPodcasts\nPhotos\n"
        "The river rose in the night, and by morning the whole of the old town stood in water.",
        "- Sports\n- Opinion\n- Podcasts\n- Photos\n- Videos\n- Weather",
        "The river rose in the night, and by morning the whole of the old town stood in "
        "water up to the windows.\n| City | Rain |\n| Leeds | 12 |\n| York | 9 |\n| Hull | 7 |\n"
        "| Ripon | 8 |\n| Selby | 6 |",
        "The gala was held in the gardens.\n\nAmong the guests were:\n\nZendaya\nRihanna\n"
        "Jennifer Lopez\nBad Bunny\nChris Hemsworth\nAnna Wintour\nJeff Bezos",
        "You will need the following.\nFlour\nSugar\nButter\nEggs\nBaking powder\nMilk\n"
        "Heat the oven first, and grease the tin while it warms.",
        "The jury met in March and chose the winners of this year's prize. They include\n"
        "Anna Burns\nOcean Vuong\nSally Rooney\nColm Toibin\nAli Smith\nZadie Smith",
        "The program reads the file and prints each name it finds, one to a line, as it "
        "goes.\nFerris\nFerris\nFerris\nCorro\nCorro\nCorro",
        "Ingredients\nFlour\nSugar\nButter\nEggs\nBaking powder\nMilk\n\n"
        "Heat the oven first, and grease the tin while it warms.",
        "The judges met in London to pick six books from 150 entries. The shortlisted books "
        "are\nOrbital\nJames\nHeld\nCreation Lake\nThe Safekeep\nStone Yard Devotional",
        "The coach named his final squad on Monday after a week of trials, and said he was "
        "happy with it.\n\nJordan Pickford\nKyle Walker\nJohn Stones\nDeclan Rice\n"
        "Jude Bellingham\nBukayo Saka\nHarry Kane",
        "Business\nPolitics\nScience\nHealth\nEducation\nCulture\n"
        "The prize has six categories, and the judges of each met in March to pick a winner.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        lines = text.split("\n")
        # one flag a line, computed in C: short enough once stripped to be a label or blank
        may_be_item = bytes(map(MAX_ITEM_LENGTH.__ge__, map(len, map(str.strip, lines))))
        runs: list[list[int]] = []
        for window in WINDOW.finditer(may_be_item):
            run: list[int] = []
            for index in range(*window.span()):  # the line after a window ends any run
                line = lines[index]
                if is_menu_item(line):
                    run.append(index)
                elif line and not line.isspace():
                    if len(run) >= MIN_ITEMS:
                        runs.append(run)
                    run = []
            if len(run) >= MIN_ITEMS:
                runs.append(run)
        if not runs:  # most texts: no need to find where their prose is
            return
        first, last = prose_span(lines)
        dropped: list[int] = []
        for run in runs:
            outside = run[-1] < first or run[0] > last
            if (
                len(run) >= (MIN_ITEMS if outside else MIN_ITEMS_BETWEEN)
                and names_sections(lines, run)
                and not introduced(lines, run[0])
                and not repetitive(lines, run)
            ):
                dropped.extend(run)
        yield from drop_lines(text, dropped)


def repetitive(lines: Sequence[str], run: list[int]) -> bool:
    """Whether most of a run's lines repeat others: a menu names each section once, while a
    program's output or a column of values prints the same words again."""
    return 2 * len({lines[index].strip() for index in run}) < len(run)


def introduced(lines: Sequence[str], start: int) -> bool:
    """Whether the last line before ``start`` that is not blank announces a list, or is a
    sentence left open for the list to complete."""
    before = next((lines[index] for index in range(start - 1, -1, -1) if lines[index].strip()), "")
    return INTRODUCTION.search(before) is not None or is_open_sentence(before)


def is_open_sentence(line: str) -> bool:
    """Whether ``line`` is a sentence of three words or more that stops where the list after
    it must go on ('The shortlisted books are')."""
    return OPEN_END.search(line.rstrip()[-40:]) is not None and len(line.split(maxsplit=3)) >= 3


def names_sections(lines: Sequence[str], run: list[int]) -> bool:
    """Whether a run of labels names a site's pages and sections, as a menu does: two labels
    name a kind of page ('Home', 'Latest News', 'Contact Us', 'Pricing', a social network), or
    one does and a third of them (two at least) name a page or a section ('Sport',
    'Business'). Of 76 lists of six short lines or more in the benchmarks' gold text, none
    does; of the link labels of their pages' <nav>, header and footer lists, six in ten do:
    the rest are menus of a site's products or topics (or of its sections alone: 'World',
    'Politics', 'Science'), which look like an article's own list."""
    page_kinds = named = 0
    for index in run:
        line = lines[index].strip()
        label = lone_cell(line) or line
        if PAGE_KIND.search(label) or PAGE_LABEL.fullmatch(label):
            page_kinds += 1
            named += 1
        elif SECTION.search(label):
            named += 1
    return page_kinds >= 2 or (page_kinds >= 1 and named >= max(2, len(run) / 3))
