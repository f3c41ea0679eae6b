"""Date stamps and timestamp lines: the date goes to metadata, the line goes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from cleaner.dates import DATE, FIRST_DATE, MONTH, TIME, WEEKDAY, iso_date
from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, KEEP, DocumentRule, Example, Fix, Keep, Line, LineRule, Phase


class DateStamp(DocumentRule):
    id = "date-stamp"
    summary = "Move a leading 'date YYYY-MM-DD' export stamp into metadata."
    why = (
        "Corpus exports and scrapers often prefix the text with the publication date as a "
        "field ('date 2021-08-10 The ...'). It is not prose, and the date is worth keeping."
    )
    phase = Phase.HEADER
    order = 0
    examples = (
        Example(
            " date 2021-08-10 The Taliban advanced.",
            "The Taliban advanced.",
            (("date", "2021-08-10"),),
        ),
        Example("Published: 2024-03-01T09:30:00Z\nText.", "Text.", (("date", "2024-03-01"),)),
    )
    keeps = ("Date 2021-08-10 was chosen for the vote.", "The date 2021-08-10 matters.")
    stamp = regex.compile(
        r"\A\s*(?:date\s+|(?i:date|published|posted|updated):\s*)"
        r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s+"
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        match = self.stamp.match(text)
        if match:
            record(metadata, "date", match.group("date"))
            yield Fix(0, match.end())


LABEL = (
    r"(?:(?:Page\s+)?(?:Last\s+|First\s+|Originally\s+|Next\s+)?"
    # a health page's "Page last reviewed: …", "Next review due: …"
    r"(?:updated?|published|posted|modified|reviewed|review\s+due)"
    # "Updated: …", and "Updated - …" as Indian papers print it
    r"(?:\s+(?:on|at))?\s*(?::|[–—-](?=\s))?)"
)
# The count of comments a stamp line may hold: "Published on … 09:00 | Comments (2)".
COMMENT_COUNT = r"(?:\d+\s+comments?|comments?\s*\(\d+\))"
# A day of a month without its year ("Updated: Jan 31"): a stamp only after a label (``check``
# keeps a line without one), and no date for the metadata.
MONTH_DAY = rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH})"
# Machine timestamps leak from JSON-LD and meta tags: "2019-11-19T08:57:40+01:00".
ISO_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
# "3 hours ago", "about an hour ago".
AGO = r"(?:(?:about|over|nearly|almost)\s+)?(?:\d+|an?)\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago"
# The city or zone a time is given in: "5:30 pm (Paris)".
TIME_PLACE = r"(?:\s*\(\p{Lu}[\p{L} .'’-]{1,24}\))?"
STAMP = (
    rf"(?:{LABEL}\s*)?(?:{WEEKDAY}(?:,|\s*\|)?\s*)?"
    rf"(?:{ISO_DATETIME}|{DATE}|{TIME}{TIME_PLACE}|{MONTH_DAY}|{AGO})"
)


# Between two stamps there is a mark or a space: were it optional, a line of glued digits
# ("10:3210:32…") could be cut into stamps in quadratically many ways before the match fails.
# The repetition of stamps is possessive for the same reason: a long run of them that does not
# end the line fails at once, without trying every shorter run.
STAMP_SEPARATOR = r"(?:\s*(?:[,|/•·–—-]\s*(?:at\s+)?|\bat\b)\s*|\s+)"
# Lists and headers mark the stamp with a leading bullet or dash: "- Published 18 November 2019".
STAMP_BULLET = r"(?:[-–—•·]\s*)?"
ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME_LINE = regex.compile(ISO_DATETIME)
# A paragraph of text: two words or more, ending like a sentence.
SENTENCE = regex.compile(r"\S+\s+\S.*[.!?…\"”’]\s*$")
# How many lines before and after a date between paragraphs are searched for another: the
# paragraphs under one heading of a timeline.
TIMELINE_REACH = 40
MAX_DATE_LINE = 80  # characters: longer lines are no date alone, and skip the pattern


def lines_near(lines: Sequence[str], index: int, step: int) -> Iterator[str]:
    """The lines before (``step`` -1) or after (1) ``index`` that are not blank, nearest
    first, while no more than one blank line (a paragraph break: the whitespace rule leaves no
    more) stands between them."""
    near, blanks = index + step, 0
    while 0 <= near < len(lines) and blanks < 2:
        if lines[near].strip():
            yield lines[near]
            blanks = 0
        else:
            blanks += 1
        near += step


def _between_paragraphs(lines: Sequence[str], index: int) -> bool:
    """Whether the lines around ``index`` are sentences: a heading inside the text."""
    return all(SENTENCE.match(next(lines_near(lines, index, step), "")) for step in (-1, 1))


class TimestampLine(LineRule):
    id = "timestamp-line"
    summary = "Drop lines that are only a date or time, with labels like 'Updated:'; keep the date."
    why = (
        "Article pages print 'August 10, 2021 Updated: August 10, 2021' or 'Published 3 hours "
        "ago' as a line of its own near the headline. It is page furniture; the publication "
        "date moves to metadata. A page's time stamp is one line: bare dates between "
        "paragraphs, two or more near each other, head the entries of a timeline and stay, "
        "and no date of theirs is the page's."
    )
    local = False  # a date between paragraphs looks for the timeline's other dates
    examples = (
        Example(
            "August 10, 2021 Updated: August 10, 2021\n\nThe envoy spoke.",
            "The envoy spoke.",
            (("date", "2021-08-10"),),
        ),
        Example(
            "Text.\nUpdated: 10:32 AM ET, Tue August 10, 2021\nMore text.",
            "Text.\nMore text.",
            (("date", "2021-08-10"),),
        ),
        Example("Published 3 hours ago\nText.", "Text."),
        Example(
            "Published on Friday 13 July 2012 09:00 | Comments (2)\nText.",
            "Text.",
            (("date", "2012-07-13"),),
        ),
        Example("Text.\n2019-11-19T08:57:40+01:00\n2019-11-19T07:23:12+01:00", "Text."),
        Example(
            "November 19, 2019 / 12:21 AM / Updated 14 hours ago\nText.",
            "Text.",
            (("date", "2019-11-19"),),
        ),
        Example("- Published 18 November 2019\nText.", "Text.", (("date", "2019-11-18"),)),
        Example("Last Update: 2/6/2008 11:27:48 AM\nText.", "Text.", (("date", "2008-02-06"),)),
        Example(
            "Text.\nPage last reviewed: 2 February 2024\nNext review due: 2 February 2027",
            "Text.",
            (("date", "2024-02-02"),),
        ),
        Example(
            "Updated - October 14, 2023 09:12 pm IST\nText.", "Text.", (("date", "2023-10-14"),)
        ),
        Example(
            "Text.\nLast modified on Tue 14 Oct 2023 09.12 BST\nUpdated: Jan 31\nMore.",
            "Text.\nMore.",
            (("date", "2023-10-14"),),
        ),
        Example(
            "Published: Wednesday | March 16, 2022 | 12:12 AM\nText.\nUpdated about 9 hours ago",
            "Text.",
            (("date", "2022-03-16"),),
        ),
        Example(
            "Published on August 22, 2023, at 5:30 pm (Paris), updated at 6:12 pm\nText.",
            "Text.",
            (("date", "2023-08-22"),),
        ),
        Example(
            "07:00, 23 Aug 2021Updated 07:42, 23 Aug 2021\nText.",
            "Text.",
            (("date", "2021-08-23"),),
        ),
        Example(
            "A new source came forward after the report.\nFriday, November 14, 2025\n"
            "The investigation has found more customers.\n\nThey want their money back.",
            "A new source came forward after the report.\nThe investigation has found more "
            "customers.\n\nThey want their money back.",
            (("date", "2025-11-14"),),
        ),
    )
    keeps = (
        "On August 10, 2021, the envoy arrived.",
        "August 10, 2021 was a Tuesday.",
        "Updated guidance came out on May 3.",
        "4:14 p.m.",
        "29 November 2018 | 20 January 2019",
        "29 November 2018 / 20 January 2019",
        "- 4:14 p.m.",
        "Posted 2:02:48",
        "Jan 31",
        "September 2015",
        # a month and its year, even labelled, is kept: WCXB's annotators keep "Originally
        # posted February 2017" over a post
        "Originally posted February 2017\nEdited April 2024\nText.",
        "Wednesday | Thursday",
        "About 9 hours ago, the alarm sounded.",
        "Updated - the guidance changed",
        "Posted 1.25 million",
        "2024-11-06",
        "The outbreak spread quickly.\n\nJan. 5, 2024\n\nThe first case was reported.\n\n"
        "Feb. 12, 2024\n\nSchools closed.",
    )
    pattern = regex.compile(
        # a label may follow a stamp without a space, as Reach's sites print it:
        # "07:00, 23 Aug 2021Updated 07:42, 23 Aug 2021"
        rf"^\s*{STAMP_BULLET}{STAMP}(?:(?:{STAMP_SEPARATOR}|(?=\p{{L}}))(?:{STAMP}|{COMMENT_COUNT}))*+"
        r"\s*$",
        regex.IGNORECASE,
    )
    # A time alone ("4:14 p.m.") heads the entries of live coverage; only dates, labelled
    # times and "ago" are page furniture.
    dated = regex.compile(rf"(?i){LABEL}|\bago\b")

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        found = iso_date(line.text)
        labelled = self.dated.search(line.text)
        if not (found or labelled):
            return KEEP
        if ISO_DATETIME_LINE.fullmatch(line.text.strip()):
            return DROP  # leaked metadata, not necessarily the article's date
        if not labelled and len(FIRST_DATE.findall(line.text)) > 1:
            return KEEP  # two bare dates are a span of time ("29 November 2018 | 20 January 2019")
        if not labelled and ISO_DATE.fullmatch(line.text.strip()):
            return KEEP  # pages print dates for readers; a bare ISO date is data
        if not labelled and self.heads_timeline(line):
            return KEEP
        record(metadata, "date", found)
        return DROP

    def heads_timeline(self, line: Line) -> bool:
        """Whether the bare date ``line`` stands between paragraphs, and so does another
        within ``TIMELINE_REACH`` lines: the headings of a timeline, not a page's stamp."""
        lines, index = line.lines, line.index
        if not _between_paragraphs(lines, index):
            return False
        return any(
            other != index and self.is_bare_date(lines[other]) and _between_paragraphs(lines, other)
            for other in range(
                max(index - TIMELINE_REACH, 0), min(index + TIMELINE_REACH + 1, len(lines))
            )
        )

    def is_bare_date(self, text: str) -> bool:
        """Whether ``text`` is one date alone, without a label: a stamp or a heading."""
        return (
            len(text) <= MAX_DATE_LINE
            and self.pattern.match(text) is not None
            and not self.dated.search(text)
            and len(FIRST_DATE.findall(text)) == 1
        )


READING_TIME = (
    r"(?:(?:estimated\s+)?reading\s+time\s*:?\s*(?:\d+\s*(?:min(?:ute)?s?|hours?)\.?)?"
    r"|(?:\d+\s*[-\s]?)?min(?:ute)?s?\.?\s+read(?:ing)?(?:\s+time)?)"
)
SEPARATOR = r"(?:\s*(?:[,|•·⋅–—-]|//|\bat\b)\s*|\s+)"


class ReadingTime(LineRule):
    id = "reading-time"
    summary = "Drop reading-time lines ('8 min read', 'Dec 18, 2025 ⋅ 10 min read'); keep the date."
    why = (
        "Blogs and magazines print an estimated reading time beside the date, a line of its own "
        "near the headline or in teasers. It describes the page, not the subject; a date printed "
        "with it moves to metadata."
    )
    max_words = 12
    triggers = ("min", "read")
    examples = (
        Example("8 min read\n\nText.", "Text."),
        Example(
            "Dec 18, 2025 ⋅ 10 min read\nText.",
            "Text.",
            (("date", "2025-12-18"),),
        ),
        Example(
            "Text.\n- 11 Minute Read\nEstimated reading time: 4 minutes\nMore.", "Text.\nMore."
        ),
    )
    keeps = (
        "It is a 10 min read, but worth it.",
        "Read the minutes of the meeting.",
        "5 minutes",
        "Reading time is falling among teenagers.",
    )
    pattern = regex.compile(
        rf"(?i)^[\W_]*(?:{STAMP}{SEPARATOR})*{READING_TIME}(?:{SEPARATOR}{STAMP})*+[\W_]*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        record(metadata, "date", iso_date(line.text))
        return DROP
