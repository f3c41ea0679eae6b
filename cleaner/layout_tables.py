"""Tables that lay out a page, unwrapped into plain blocks before extraction.

Pages made before CSS layouts put everything in tables: the menu bar in one row, the side
columns and the article in the cells of the next, links and the copyright line in the last.
trafilatura keeps tables as tables (``include_tables``, its default), so such a page comes out
as rows of cells joined by '|': the menu, the whole article flattened into one cell, the
"Most read" column beside it. With those tables turned into plain blocks, it finds the
article as on any other page. Tables of data (prices, rankings, results) stay tables.

Which is which is Mozilla Readability's test (``_markDataTables`` in Readability.js, the
reader view of Firefox): a table marked as presentation is layout; one with a summary, a
caption, header cells or column groups is data; one holding another table is layout; ten rows
or more than four columns are data; else more than ten cells. Unlike Readability, a table's
own parts decide, not a nested table's: a layout table holding one data table with a header
row is still a layout table.

A table of data in a cell shares it with loose text: a headline and a date broken by ``<br>``,
often all inside one ``<font>``. Unwrapped, that is a block of text with a table in it, which
trafilatura reads as one paragraph, the table flattened into one line of its cells ("Pos Team
P W … 1 Harbour Athletic 28 16 …"). So the loose text around such a table is put in
paragraphs of its own, and an inline element holding it all becomes a block: the table is
then read as rows, as it was inside the layout table.
"""

from __future__ import annotations

from typing import Any

# What only a cell of a layout table holds: the blocks of a page.
BLOCK_CONTENT = "./descendant::*[self::p or self::div or self::table or self::ul or self::ol \
or self::h1 or self::h2 or self::h3 or self::h4 or self::blockquote or self::pre][1]"
# More words than this in one cell are paragraphs of a page, not a value of a table.
LONG_CELL_WORDS = 60
# The parts of a table of data that a layout table has no use for.
DATA_PARTS = ("./col", "./colgroup", "./thead", "./tfoot", "./tr/th", "./tbody/tr/th")
# Inline elements that old pages wrap around a whole cell ("<font>" above all).
INLINE = frozenset("font span b strong i em u small big a".split())  # noqa: SIM905
# Elements that stand as blocks of their own beside a table; anything else is read with the
# text around it.
BLOCKS = frozenset(
    "p div section article table ul ol dl h1 h2 h3 h4 h5 h6 blockquote pre hr form center".split()  # noqa: SIM905
)


def unwrap_layout_tables(tree: Any) -> None:
    """Turn the layout tables of an lxml ``tree`` into ``div`` blocks, in place. Every table
    is judged as the page has it, before any is changed."""
    layout = [table for table in tree.iter("table") if lays_out(table)]
    cells = {cell for table in layout for cell in _own_cells(table)}
    for table in layout:
        for part in _own_parts(table):
            part.tag = "div"
    # the tables of data (the layout ones are blocks now) standing in a cell, bare or in its
    # inline wrapper: each is looked at once, however deep the layout tables nest
    for table in [table for table in tree.iter("table") if _in_cell(table, cells)]:
        _set_apart(table)


def _in_cell(table: Any, cells: set[Any]) -> bool:
    """Whether ``table`` stands in one of ``cells``, or in inline elements inside one."""
    parent = table.getparent()
    while parent is not None and parent not in cells and parent.tag in INLINE:
        parent = parent.getparent()
    return parent is not None and parent in cells


def _set_apart(table: Any) -> None:
    """Put the loose text and inline elements beside ``table`` in paragraphs, its inline
    parent (a ``font`` around a whole cell) made a block. The blocks stay where they are: a
    moved element costs its whole subtree, and the next layout table nests in one."""
    parent = table.getparent()
    if parent is None or not _holds_loose_text(parent):
        return
    if parent.tag in INLINE:
        parent.tag = "div"
    paragraph = None
    if (parent.text or "").strip():
        paragraph = parent.makeelement("p", {})
        paragraph.text, parent.text = parent.text, None
        parent.insert(0, paragraph)
    for child in list(parent):
        if child is paragraph:
            continue
        if _holds_block(child):
            paragraph = None
            if (child.tail or "").strip():
                paragraph = parent.makeelement("p", {})
                paragraph.text, child.tail = child.tail, None
                child.addnext(paragraph)
        else:
            if paragraph is None:
                paragraph = parent.makeelement("p", {})
                child.addprevious(paragraph)
            paragraph.append(child)  # its tail goes with it


def _holds_block(node: Any) -> bool:
    """Whether ``node`` is a block, or an inline element with one inside (a ``span`` around a
    table), which stays where it is."""
    return _is_block(node) or (
        isinstance(node.tag, str) and next(node.iterdescendants(*BLOCKS), None) is not None
    )


def _holds_loose_text(parent: Any) -> bool:
    """Whether ``parent`` holds text or inline elements beside its blocks."""
    if (parent.text or "").strip():
        return True
    return any(
        (isinstance(child.tag, str) and not _is_block(child)) or (child.tail or "").strip()
        for child in parent
    )


def _is_block(node: Any) -> bool:
    return isinstance(node.tag, str) and node.tag in BLOCKS


def lays_out(table: Any) -> bool:
    """Whether ``table`` lays out blocks of the page: not a table of data, and a cell holds
    paragraphs, headings, lists or tables, or a text longer than a table's cell would (older
    pages break their paragraphs with ``<br>``). A small table of short texts (a box of pros
    and cons) reads better as a table, whatever its size says."""
    return not is_data_table(table) and any(
        cell.xpath(BLOCK_CONTENT) or len(cell.text_content().split()) > LONG_CELL_WORDS
        for cell in _own_cells(table)
    )


def is_data_table(table: Any) -> bool:
    """Readability's test of whether a ``table`` element holds data rather than layout."""
    if (table.get("role") or "").strip().lower() == "presentation":
        return False
    if table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    caption = table.find("caption")
    if caption is not None and (len(caption) or (caption.text or "").strip()):
        return True
    if table.xpath(" | ".join(DATA_PARTS)):
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows, columns = _size(table)
    if rows >= 10 or columns > 4:
        return True
    return rows * columns > 10


def _own_rows(table: Any) -> list[Any]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _span(cell: Any, name: str) -> int:
    value = (cell.get(name) or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _size(table: Any) -> tuple[int, int]:
    """Rows (with row spans) and the widest row's columns (with column spans)."""
    rows = columns = 0
    for row in _own_rows(table):
        cells = row.xpath("./td | ./th")
        rows += max((_span(cell, "rowspan") for cell in cells), default=1)
        columns = max(columns, sum(_span(cell, "colspan") for cell in cells))
    return rows, columns


def _own_parts(table: Any) -> list[Any]:
    """The table element and its own sections, rows, cells and caption, not a nested
    table's."""
    sections = table.xpath("./thead | ./tbody | ./tfoot | ./caption")
    return [table, *sections, *_own_rows(table), *_own_cells(table)]


def _own_cells(table: Any) -> list[Any]:
    return [cell for row in _own_rows(table) for cell in row.xpath("./td | ./th")]
