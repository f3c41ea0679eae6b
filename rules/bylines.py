"""Bylines and the author-name lines around them: the author goes to metadata."""

from __future__ import annotations

from itertools import islice

import regex

from cleaner import lexicon
from cleaner.agencies import NEWS_AGENCY
from cleaner.dates import DATE, WEEKDAY, iso_date
from cleaner.dates import TIME as CLOCK
from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

from .dates import SENTENCE, lines_near  # paragraphs around a line, as for a timeline's dates

PARTICLE = r"(?:de|da|del|der|di|du|la|le|van|von|bin|al|ibn|dos|das)"
NAME = rf"\p{{Lu}}[\p{{L}}.'’-]*(?:\s+(?:\p{{Lu}}[\p{{L}}.'’-]*|{PARTICLE})){{0,4}}"
# Several names are joined by "and" or "&" (a comma list only before the last "and"), so a
# comma after the names starts the role or outlet.
NAMES = rf"{NAME}(?:(?:\s*,\s*{NAME}){{0,3}}\s*(?:\band\b|&)\s*{NAME})?"
ROLE_NOUN = (
    r"(?:Writer|Correspondent|Reporter|Editor|Columnist|Contributor|Producer|Staff|Analyst"
    r"|Bureau Chief)s?"
)
NAME_SPLIT = regex.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
# The British papers' unsigned byline: "By Our Correspondent", "By Our Foreign Staff".
OUR_STAFF = regex.compile(rf"(?i:our)\s+(?:\p{{Lu}}[\p{{L}}-]*\s+){{0,3}}{ROLE_NOUN}")
# Authors that are desks, teams or companies: their name also stands in the text as a
# heading or a mention, so a line with it is not a repeated byline.
NOT_A_PERSON = regex.compile(
    r"(?i)\b(?:staff|reports?|team|desk|editors?|editorial|news|media|marketing|group|agency"
    r"|inc|llc|ltd|press|wire|services?|company|studio|magazine)\b"
)


TIME = regex.compile(r"\b\d{1,2}:\d{2}\b")
# A blog's user name in lower case ("admin", "jdoe"): a name only with a label and a date or
# time, as blog software prints it ("Posted by admin at 10:42 AM").
USER_NAME = r"\p{Ll}[\p{Ll}\d_.-]{1,30}"
# Words no name is made of: articles, prepositions, conjunctions (but the "and" between two
# names), quantifiers, pronouns and auxiliaries. Left out are those that are also names or
# parts of names: "Will", "May", "Can", "Do", "An", "He", "In", "So", "My", "Said", "More".
FUNCTION_WORDS = frozenset(
    "the of by or nor but if than to for from with without into upon about against through "  # noqa: SIM905
    "all any every each some none no not only very most much many few both either neither "
    "this that these those what which whom whose when where why how "
    "our your their his her its we us me they them she "
    "is are was were be been being has have had does did shall should would could must might".split()
)


def below_a_paragraph(line: Line) -> bool:
    """Whether the nearest line above ``line`` is a sentence of the article."""
    above = next(lines_near(line.lines, line.index, -1), "")
    return bool(SENTENCE.match(above))


def names_no_one(words: list[str]) -> bool:
    """Whether the words of a 'By' line are a heading's: one of them is a function word or a
    common word only English has ("By Any Means Necessary", "By Royal Appointment"), or the
    line capitalises its "And" as titles do ("By Trial And Error"; two names are joined by
    "and", or by "AND" in a line of capitals)."""
    english_only = lexicon.english_only_words()
    capitals = all(word.isupper() for word in words if any(c.isalpha() for c in word))
    for word in words:
        lower = word.lower()
        if lower in FUNCTION_WORDS or lower in english_only or (word == "And" and not capitals):
            return True
    return False


# A date (and time) printed before the byline on its line: "March 3, 2009 | By Jane Doe",
# "Published: 23/03/2009 | By Our Sports Reporter".
LEADING_STAMP = (
    rf"(?:(?i:(?:first\s+|last\s+)?(?:published|posted|updated?))\s*:?\s*)?(?:{WEEKDAY},?\s*)?"
    rf"{DATE}(?:,?\s*{CLOCK})?"
)


# A reviewed book's details, printed under its title and author: its pages or its price
# ("Knopf, 432 pages, $29").
BOOK_DETAILS = regex.compile(r"\b\d{2,4}\s*(?:pages|pp)\b|(?:^|,\s*)[$£€]\s?\d")


class Byline(LineRule):
    id = "byline"
    summary = "Move a 'By Name' line into metadata as the author."
    why = (
        "A byline printed on a line of its own is page furniture; the author is worth keeping "
        "as a field. Only a line that is nothing but 'By' and names (optionally a role or "
        "outlet after a comma or bar) is taken, never a sentence that starts with 'By'. A "
        "byline stands above the paragraphs (under a headline and a standfirst at most) or "
        "below them: a 'By' line of common English words ('By All Means', 'By Land And Sea') "
        "with paragraphs above and below it is a subheading of the article, and stays. "
        "Below a paragraph, a 'By' line of words no name is made of is a heading: a function word "
        "('By Any Means Necessary', 'By Hook Or By Crook'), a common word that only English "
        "prints ('By Royal Appointment'; names such as Smith, Lee or Young are as common in "
        "French, German or Spanish text) or an 'And' capitalised as in a title ('By Trial And "
        "Error'; names are joined by 'and'). Above a book's publisher, pages or price, a 'By' "
        "line names the reviewed book's author, and stays."
    )
    local = False  # a 'By' line inside the text reads the paragraphs around it
    examples = (
        Example(
            "By Lorenz Duchamps\nThe envoy spoke.",
            "The envoy spoke.",
            (("author", "Lorenz Duchamps"),),
        ),
        Example(
            "Text.\n\nBy Matthew Lee and Kathy Gannon, Associated Press\n\nMore.",
            "Text.\n\nMore.",
            (("author", "Matthew Lee and Kathy Gannon"),),
        ),
        Example("BY JANE DOE | Reuters\nText.", "Text.", (("author", "JANE DOE"),)),
        Example(
            "Published: March 3, 2009 | By Jane Doe\nText.",
            "Text.",
            (("author", "Jane Doe"), ("date", "2009-03-03")),
        ),
        Example(
            "Storm Hits Coast\nThe river rose overnight and flooded the town.\nBy John Smith\n"
            "Residents were evacuated on Monday.",
            "Storm Hits Coast\nThe river rose overnight and flooded the town.\n"
            "Residents were evacuated on Monday.",
            (("author", "John Smith"),),
        ),
        Example(
            "by Emily Baron Cadloff · October 10, 2021\nText.",
            "Text.",
            (("author", "Emily Baron Cadloff"), ("date", "2021-10-10")),
        ),
        Example(
            "Posted by Mara Quinn on Tuesday, August 29, 2023\nText.",
            "Text.",
            (("author", "Mara Quinn"), ("date", "2023-08-29")),
        ),
        Example("Written by Jane Smith\n\nText.", "Text.", (("author", "Jane Smith"),)),
        Example(
            "Written by: Sean Peek, Senior Analyst\nText.", "Text.", (("author", "Sean Peek"),)
        ),
        Example(
            "Posted by IndustrySelect on Tuesday, August 29, 2023\nText.",
            "Text.",
            (("author", "IndustrySelect"), ("date", "2023-08-29")),
        ),
        Example("Posted by Webmaster at 10:32 AM\nText.", "Text.", (("author", "Webmaster"),)),
        Example(
            "Text.\nPosted by admin at 10:42 AM\nMore.", "Text.\nMore.", (("author", "admin"),)
        ),
        Example(
            "By Claire Devaux (Kerbihan, Morbihan, special correspondent)\nText.",
            "Text.",
            (("author", "Claire Devaux"),),
        ),
        Example(
            "By Owen Faraday; June 8, 2010\nText.",
            "Text.",
            (("author", "Owen Faraday"), ("date", "2010-06-08")),
        ),
        Example("Report by Niall Carberry\nText.", "Text.", (("author", "Niall Carberry"),)),
        Example(
            "Submitted by Mara Quinn on Tue, 08/29/2023 - 14:22\nText.",
            "Text.",
            (("author", "Mara Quinn"), ("date", "2023-08-29")),
        ),
    )
    keeps = (
        "The Salt Road\nBy Tomás Ferreira\nKnopf, 432 pages, $29\nThe novel follows three "
        "generations of a family.",
        "By Tuesday the Taliban had taken six capitals.",
        "By the numbers",
        "By Land And Sea We Shall Go Forth Together Into The Night Again",
        "By Functionality",
        "Written by hand, the letters survived the fire.",
        "Written by Jane Austen, Pride and Prejudice appeared in 1813.",
        "Posted by Mara Quinn on the forum, the photo spread fast.",
        "Posted by Reuters",
        "Posted by admin on the forum",
        "Written by hand at 10:42, the note survived.",
        "Submitted by Mara Quinn on behalf of the council, the plan was approved.",
        "Written by Hand",
        "Report by Committee",
        "By Tuesday (the deadline) the talks had failed.",
        "The river rose overnight and flooded the town.\n\nResidents were evacuated.\n\n"
        "By All Means\n\nThe mayor said repairs would take months.",
        "The ship left at dawn.\nIt carried grain.\nBy Land And Sea\nThe cargo went on by rail.",
        "The Queen visited the factory in 1977.\n\nBy Royal Appointment\n\nThe firm has "
        "supplied the palace since.",
        "He grew up poor and angry.\n\nBy Any Means Necessary\n\nHe built the company from "
        "nothing.",
        "The deal closed in May.\n\nIt took years of trying.\n\nBy Hook Or By Crook",
        "Nobody planned the recipe.\n\nBy Trial And Error\n\nThe cooks tried forty versions.",
    )
    pattern = regex.compile(
        rf"^\s*(?:(?P<before>{LEADING_STAMP})\s*[|–—·•-]\s*)?"
        rf"(?i:(?P<label>written|posted|submitted|words|story|report(?:ing)?)\s+)?(?i:by)(?::\s*|\s+)"
        rf"(?P<names>{NAMES}|{USER_NAME})"
        rf"(?P<after>\s*(?:[,;(|–—·•-]|\bon\b|\bat\b)\s*[^.!?]{{1,60}})?\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        names = match.group("names")
        words = names.split()
        if len(words) > 8 or words[0].lower() in {"the", "a", "an"}:
            return KEEP
        date = iso_date(match.group("after") or match.group("before") or "")
        # One word is a heading ("By Functionality") unless the line says "Posted by" or
        # "Written by" and when: a blog signs with a user or company name.
        if len(words) == 1 and not (match.group("label") and (date or TIME.search(line.text))):
            return KEEP
        if not match.group("label") and self.is_subheading(line, words):
            return KEEP
        if OUR_STAFF.fullmatch(names):
            record(metadata, "date", date)
            return DROP  # "By Our Foreign Staff": a byline, but no one's name
        if BOOK_DETAILS.search(next(lines_near(line.lines, line.index, 1), "")):
            return KEEP  # a reviewed book's author, above its publisher, pages and price
        # At the top of the text a 'By' line is the byline, whatever its words ("By Dan
        # Rather", "By Pa Houa Her"); below a paragraph of the article a line of words no
        # name is made of is a heading.
        if not match.group("label") and below_a_paragraph(line) and names_no_one(words):
            return KEEP
        record(metadata, "author", names)
        record(metadata, "date", date)
        return DROP

    def is_subheading(self, line: Line, words: list[str]) -> bool:
        """Whether a bare 'By' line stands inside the article (two paragraphs above it, one
        below) and names no one: its words are all common English words."""
        above = list(islice(lines_near(line.lines, line.index, -1), 2))
        below = next(lines_near(line.lines, line.index, 1), "")
        return (
            len(above) == 2
            and all(SENTENCE.match(near) for near in (*above, below))
            and all(lexicon.zipf(word) >= lexicon.COMMON_WORD_ZIPF for word in words if word != "&")
        )


class EditorCredit(LineRule):
    id = "editor-credit"
    summary = (
        "Move editor and reviewer credits ('Edited by: Jane Doe', 'Medically reviewed by "
        "John Roe') into metadata as contributors; drop a bare 'Written by' label."
    )
    why = (
        "Guides and reviews credit who edited, reviewed or fact-checked the page beside the "
        "byline, and author boxes leave their 'Written by' label on a line of its own when the "
        "name is a link on the next. A line that is only the credit, with names and at most a "
        "role after a comma, is page furniture; the names are kept under 'contributors'. A "
        "sentence ('Edited by hand, the film ran long') has lower-case words after 'by'."
    )
    max_words = 16
    triggers = ("by",)
    examples = (
        Example(
            "Text.\nEdited by: Keri Stooksbury\nMore.",
            "Text.\nMore.",
            (("contributors", ["Keri Stooksbury"]),),
        ),
        Example(
            "Text.\nMedically reviewed by Jo-ann Caballes, MD\nMore.",
            "Text.\nMore.",
            (("contributors", ["Jo-ann Caballes"]),),
        ),
        Example("Written by\nText.\nReviewed by,\nMore.", "Text.\nMore."),
    )
    keeps = (
        "Edited by hand, the film ran two hours.",
        "Reviewed by the board, the plan was approved in May.",
        "Reviewed by the board, then shelved",
        "Written by Jane Austen, Pride and Prejudice appeared in 1813.",
        "Author: Tarek Nakkouch",
    )
    pattern = regex.compile(
        r"^\s*(?:(?i:(?:(?:medically|expert|technically|peer)[\s-]+)?(?:edited|reviewed"
        r"|fact[\s-]?checked|copy[\s-]?edited|verified)\s+by)(?::\s*|\s+)(?P<names>"
        rf"{NAMES})(?:\s*,\s*[^.!?\n]{{1,60}})?"
        r"|(?i:(?:written|edited|reviewed|fact[\s-]?checked)\s+by)\s*[:,]?)\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        for name in NAME_SPLIT.split(match.group("names") or ""):
            record(metadata, "contributors", name)
        return DROP


# The ranks and beats before a reporter's role: "Senior Reporter", "Political Correspondent".
RANK = (
    r"(?:Senior|Chief|Deputy|Assistant|Associate|Contributing|Trainee|Junior|Digital|Local"
    r"|Community|Political|Business|Sports|Health|Education|Crime|Courts?|Investigations"
    r"|Environment|Science|Technology|Transport|Council)"
)
# A freelancer's line under a byline: "Special to the Tribune", "Special to The Washington Post".
SPECIAL_TO = r"Special\s+to\s+(?:[Tt]he\s+)?\p{Lu}[\p{L}.&'’-]*(?:\s+\p{Lu}[\p{L}.&'’-]*){0,3}"


class StaffByline(LineRule):
    id = "staff-byline"
    summary = "Move an agency or staff byline ('Robert Burns, AP National Security Writer') into metadata."
    why = (
        "Wire stories print the author with a role instead of 'By': 'Name, AP Writer', "
        "'Name, Staff Reporter', 'Name/Staff Reporter', or with a rank and no comma ('Name "
        "Senior Reporter'). The whole line is a credit; the name is kept as the author. "
        "Papers also print the role alone on the line under a 'By' line ('By Jane Doe' over "
        "'Tribune staff writer', 'Special to the Tribune'): the second line of the byline. "
        "An unsigned 'Our Correspondent, Place' goes too, with no author to keep. "
        "A story signed 'Staff Reports' alone is left: Zyte's annotators keep it as text."
    )
    local = False  # a role alone is judged by the line above it
    examples = (
        Example(
            "ROBERT BURNS, AP National Security Writer\nText.",
            "Text.",
            (("author", "ROBERT BURNS"),),
        ),
        Example("Text.\nJane Doe, Staff Writer", "Text.", (("author", "Jane Doe"),)),
        Example(
            "Tanesha Gordon-Blake/Staff Reporter\nText.",
            "Text.",
            (("author", "Tanesha Gordon-Blake"),),
        ),
        Example("Sophie Wardle Senior Reporter\nText.", "Text.", (("author", "Sophie Wardle"),)),
        Example("Our Correspondent, Mohonpur\nText.", "Text."),
        # the 'By' line above is the byline rule's
        Example("By Alicia Romero\nTribune staff writer\n\nText.", "By Alicia Romero\nText."),
        Example("By Celia Armitage\nSpecial to the Tribune\nText.", "By Celia Armitage\nText."),
    )
    keeps = (
        "Jane Doe, the paper's senior writer, disagreed.",
        "Smith, a former Reuters correspondent, said the war was over.",
        "Text.\n\nStaff Writer\n\nMore text.",
        "By the river, the old mill stands.\nSports Editor",
        "By Lamplight\nThe Night Editor",
        "By Ann Lee\nPolitical Correspondent",
        "The award went to the team.\nSpecial to the Tribune, she said, was the honour.",
        "Staff Reports\nThe council met on Monday.",
        "Meet the Senior Reporter",
        "Our correspondent, Jane Doe, was there.",
        "The Political Editor",
    )
    pattern = regex.compile(
        # a name and its rank without a comma, as Britain's regional sites print it
        rf"^\s*(?:(?P<ranked>\p{{Lu}}\p{{Ll}}+(?:\s+\p{{Lu}}[\p{{L}}'’-]+){{1,2}})\s+{RANK}\s+"
        r"(?:Reporter|Writer|Correspondent|Editor)"
        rf"|(?:(?P<names>{NAMES})\s*[,/]\s*)?(?:The\s+)?(?:\p{{Lu}}[\p{{L}}.&'-]*\s+){{0,4}}"
        rf"(?i:staff\s+)?(?i:{ROLE_NOUN})|{SPECIAL_TO}"
        # a South Asian or British paper's unsigned byline with its place: "Our Correspondent,
        # Mohonpur"
        r"|(?P<unsigned>Our\s+(?:Staff\s+)?(?:Correspondent|Reporter)s?)\s*,\s*\p{Lu}[\p{L}.'’ -]{1,40})\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        if match.group("unsigned"):
            return DROP  # a byline, but no one's name
        names = match.group("names") or match.group("ranked")
        if names is None:
            alone = ROLE_ALONE.match(line.text) is not None
            return DROP if alone and under_byline(line) else KEEP
        record(metadata, "author", names)
        return DROP


# A role that only a byline's second line is: a paper's staff or an agency's writer ("Tribune
# staff writer", "AP Sports Writer"), not a title alone ("The Night Editor", "Political
# Correspondent"), which heads a list or a poem's line as often.
ROLE_ALONE = regex.compile(
    r"^\s*(?:(?:The\s+)?(?:\p{Lu}[\p{L}.&'-]*\s+){0,3}(?i:staff)\s+"
    r"(?i:writer|reporter|correspondent|photographer)"
    rf"|(?:{NEWS_AGENCY})\s+(?:\p{{Lu}}\p{{L}}*\s+){{0,2}}Writer|{SPECIAL_TO})\s*$"
)
# A "By" line above a role alone: "By Jane Doe" over "Tribune staff writer".
BY_LINE = regex.compile(rf"^\s*By\s+{NAMES}\s*$")


def under_byline(line: Line) -> bool:
    """Whether the non-blank line above ``line`` is a 'By' line of names."""
    return BY_LINE.match(next(lines_near(line.lines, line.index, -1), "")) is not None


class AuthorRepeat(LineRule):
    id = "author-repeat"
    summary = "Drop lines that only repeat the author's name."
    why = (
        "Author boxes and bio cards leave the author's name as lines of their own, often "
        "several times, at the top and bottom of the text. Once the author is known (from a "
        "byline or from the page's metadata), a line that is exactly that name is residue."
    )
    reads_metadata = True  # the author
    needs = "author"
    examples = (
        Example(
            "Lorenz Duchamps\nLorenz Duchamps\nText.\n\nLorenz Duchamps",
            "Text.",
            given=(("author", "Lorenz Duchamps"),),
        ),
        Example(
            "Text.\nMatthew Lee\nKathy Gannon",
            "Text.",
            given=(("author", "Matthew Lee and Kathy Gannon"),),
        ),
    )
    keeps = (
        "Lorenz Duchamps\nText without any byline.",
        "Staff Reports\nText by a desk.",
        "Lorenz Duchamps said the talks would go on.",
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        author = metadata.get("author")
        if not author:
            return KEEP
        if NOT_A_PERSON.search(str(author)):
            return KEEP
        names = {name.casefold() for name in NAME_SPLIT.split(str(author))} | {
            str(author).casefold()
        }
        return DROP if line.text.strip().casefold() in names else KEEP


class AuthorContact(LineRule):
    id = "author-contact"
    summary = "Drop reporter contact lines ('Write to X at x@paper.com', a bare e-mail address)."
    why = (
        "Papers end stories with how to reach the reporter: an address, a handle, a 'write to' "
        "line. It is a footer, not part of the story. A bare address is only taken among the "
        "last lines; higher up it is part of a contact list the article gives."
    )
    max_words = 30
    looks_after = 3  # a bare address is kept unless two lines or fewer come after it
    examples = (
        Example("Text.\n\npaul.takahashi@chron.com\ntwitter.com/paultakahashi", "Text."),
        Example(
            "Text.\nWrite to Sarah Needleman at sarah.needleman@wsj.com\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nReach the reporters on Twitter at http://twitter.com/MegKinnardAP",
            "Text.",
        ),
        Example(
            "Text.\nHave a tip? Amy Kuperinsky may be reached at amy@example.com.",
            "Text.",
        ),
        Example("Text.\nHave a news tip? Email tips@kqrd.com", "Text."),
        Example(
            "Text.\nGot a story? Email us at newsdesk@gazette.co.uk\n— Megan Dorsey, md@ledger.com",
            "Text.",
        ),
        Example(
            "Text.\nContact Alicia Romero at (602) 555-0187 or aromero@example.com.",
            "Text.",
        ),
    )
    keeps = (
        "Write to your senator, the group urged.",
        "Greenbrae, California\nhello@clinic.org\nPsychotherapy\nFree services\nGroup sessions",
        "She can be reached by phone, her lawyer said.",
        "Contact City Hall at (602) 555-0100 for a permit.",
    )
    triggers = ("@", "reach", "twitter.com", "x.com")
    pattern = regex.compile(
        r"(?i)^\s*(?:write to|contact|reach|e-?mail)\s+(?:the\s+)?(?:reporters?|writers?|authors?"
        r"|\p{Lu}[\w.'’-]+(?:\s+\p{Lu}[\w.'’-]+){0,3})\s+(?:at|on|via)\s+"
        # a telephone number may come first: "at (602) 555-0187 or jdoe@paper.com"
        r"(?:\+?[\d(][\d\s().-]{6,18}\d\s+or\s+)?\S+@\S+"
        r"|^\s*reach the (?:reporters?|writers?|authors?) (?:on twitter )?at\b"
        r"|^\s*have a (?:news )?tip\?.{0,80}\b(?:may|can) be reached at\s+\S+@\S+"
        # a newsroom's tip line: "Have a news tip? Email tips@paper.com"
        r"|^\s*(?:have|got) an? (?:news |story )?(?:tip|story)\?\s*(?:e-?mail|contact|write to)\s+"
        r"(?:us\s+(?:at\s+)?)?\S+@\S+\s*$"
        # a reporter's sign-off with an address: "— Megan Dorsey, mdorsey@ledger.com"
        r"|^\s*[—–-]+\s*\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}\s*,\s*[\w.+-]+@[\w-]+\.[\w.]+\s*$"
        r"|^\s*(?P<bare>[\w.+-]+@[\w-]+\.[\w.]+|(?:https?://)?(?:www\.)?(?:twitter|x)\.com/\w+)\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        if match.group("bare") and line.lines_after > 2:
            return KEEP  # an address alone mid-text belongs to a contact list of the article
        return DROP
