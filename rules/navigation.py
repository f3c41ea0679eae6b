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
        "markdown), and stays."
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
        return KEEP if menu_items(line.text) is None else DROP


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


def is_menu_item(line: str) -> bool:
    """Whether a line looks like one label of a menu: short, capitalised, no punctuation;
    alone on its line or in the one cell of a table row (a side column laid out in a table)."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = lone_cell(stripped) or ""
    return len(stripped) <= MAX_ITEM_LENGTH and MENU_ITEM.match(stripped) is not None


class MenuRun(DocumentRule):
    id = "menu-run"
    summary = "Drop runs of six or more one-to-three-word labels above or below the article."
    why = (
        "Site menus flattened by extraction become a column of section names ('World News', "
        "'Sports', 'Opinion', 'Podcasts'), one a line, at the top or the bottom of the text. "
        "Six or more such labels in a row, with no sentence among them and outside the "
        "article's prose, are navigation whatever the sections are called. Between paragraphs "
        "a run is left alone: it may be the article's own list; and so is a run a line "
        "introduces ('Among the guests were:', 'Ingredients:'), at the end of the text too: "
        "a menu is not announced. A run that mostly repeats its lines is a program's output "
        "or a column of values: a menu names each section once."
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
            "water up to the windows.\n\nLatest News\nIndia News\nCricket\nEducation\n"
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
    """Whether the last line before ``start`` that is not blank announces a list."""
    before = next((lines[index] for index in range(start - 1, -1, -1) if lines[index].strip()), "")
    return INTRODUCTION.search(before) is not None
