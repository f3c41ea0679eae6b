"""Source and credit lines ('Source: AP', 'X contributed to this report'): the source goes to metadata."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata, record
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

OUTLET = r"\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|of|the|and|for)){0,5}"
# A labelled source may also name its kind of source in lower case ("SOURCE: News agencies",
# "Source: wires"): the words wire desks use for where a story came from, nothing else.
SOURCE_NOUN = r"(?:agenc(?:y|ies)|wires?|services?|reports|news|media|sources)"
LABELLED = (
    rf"(?:{OUTLET}|\p{{Lu}}\p{{L}}*\s+{SOURCE_NOUN}|{SOURCE_NOUN})(?:\s+and\s+{SOURCE_NOUN})?"
)


# The wires a report drew on: outlets or kinds of source, joined by commas and "and".
WIRES = rf"(?:{OUTLET}|{SOURCE_NOUN})(?:\s*(?:,|&|\band\b)\s*(?:{OUTLET}|{SOURCE_NOUN}))*"


class SourceLine(LineRule):
    id = "source-line"
    summary = "Move 'Source: AP', 'From NTD News' and 'Provided by X' credit lines into metadata."
    why = (
        "Syndicated and rewritten stories end with a line naming where they came from. It is "
        "not article text, but which outlet or agency (or, from a feed aggregator, which "
        "address) it came from is worth keeping; an aggregator's bare 'Source link' goes, and "
        "a science news site's 'Provided by' (or 'Materials provided by', under 'Story "
        "Source:') and the institution that gave the release. Only the last lines are looked "
        "at: higher up, 'From X' is a subheading and 'Source: X' credits a chart; the "
        "aggregator's whole phrase ('Note: Content may be edited for style and length') is "
        "taken anywhere."
    )
    looks_after = 3  # taken only when two lines or fewer come after it
    examples = (
        Example("Text.\n\nSource: AP", "Text.", (("source", ["AP"]),)),
        Example(
            "Text.\n\nSOURCE: Al Jazeera News\n\nSOURCE: News agencies",
            "Text.",
            (("source", ["Al Jazeera News", "News agencies"]),),
        ),
        Example(
            "Text.\n\nFrom NTD News\n\nLorenz Duchamps",
            "Text.\n\nLorenz Duchamps",
            (("source", ["NTD News"]),),
        ),
        Example(
            "Text.\n\nProvided by University of Tasmania",
            "Text.",
            (("source", ["University of Tasmania"]),),
        ),
        Example(
            "Text.\n\nSOURCE Meridian Health Systems, Inc.",
            "Text.",
            (("source", ["Meridian Health Systems, Inc."]),),
        ),
        Example(
            "Text.\n\nStory Source:\nMaterials provided by University of Graz. Note: Content "
            "may be edited for style and length.\nJournal Reference:\nA. Author. Title. Journal, "
            "2024\nCite This Page:\nMLA\nAPA",
            "Text.\n\nStory Source:\nJournal Reference:\nA. Author. Title. Journal, 2024\n"
            "Cite This Page:\nMLA\nAPA",
            (("source", ["University of Graz"]),),
        ),
        Example(  # a feed aggregator's closing lines
            "Text.\n\nSource: https://feeds.example.com/story01.htm\n\nSource link",
            "Text.",
            (("source", ["https://feeds.example.com/story01.htm"]),),
        ),
    )
    keeps = (
        "Source: a senior official said the talks failed. He would not say more.",
        "Text.\n\nSOURCE: news reports say the deal is off",
        "Text.\n\nSource: interviews with 40 farmers",
        "From Kabul to Kandahar\n\nThe road is long.\n\nIt winds.\n\nIt is dangerous.",
        "Text.\n\nSource link: the appendix lists every document.",
        "Text.\n\nProvided by the family",
        "Text.\n\nStory source: a letter the family kept for sixty years, and the diary.",
    )
    pattern = regex.compile(
        rf"^\s*(?:(?i:sources?|via)\s*:\s*(?:(?P<labelled>{LABELLED})|(?P<url>https?://\S+))"
        # science news sites close a release with the institution that gave it
        rf"|(?:From|Provided\s+by)\s+(?P<outlet>{OUTLET})|(?i:source\s+link)"
        # a science aggregator's box: "Story Source:" over "Materials provided by X. Note: …"
        rf"|(?i:story\s+source)\s*:|(?:Materials\s+)?[Pp]rovided\s+by\s+(?P<material>{OUTLET})"
        r"\s+(?i:note:\s+content\s+may\s+be\s+edited\s+for\s+style\s+and\s+length)\.?"
        # a press release wire's last line names the company that issued it
        rf"|SOURCE\s+(?P<issuer>{OUTLET}(?:,\s+(?:Inc|Ltd|LLC|Corp|Co|plc|AG|SA|NV)\.?)?))\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        if line.lines_after > 2 and not match.group("material"):
            return KEEP
        found = (
            match.group("labelled")
            or match.group("outlet")
            or match.group("url")
            or match.group("issuer")
            or (match.group("material") or "").rstrip(".")
        )
        if found:  # an aggregator's bare "Source link" names nothing
            record(metadata, "source", found)
        return DROP


class ContributedLine(LineRule):
    id = "contributed-line"
    summary = (
        "Move 'The Associated Press contributed to this report.' and '(With inputs from PTI)' "
        "into metadata."
    )
    why = (
        "Wire contributions are credited in a closing line about the report, not in it. The "
        "contributors are kept as sources. Only reports and stories: 'contributed to this "
        "article' is how magazines credit co-authors, and benchmarks keep it as text. South "
        "Asian outlets credit the wires they drew on as '(With inputs from ANI)' or '(With "
        "agency inputs)', Canadian ones as 'With files from The Canadian Press': a line of "
        "that alone, naming outlets (capitalised) or agencies, never a sentence that goes on "
        "('With inputs from the sensor, the robot turns.')."
    )
    examples = (
        Example(
            "Text.\n\nThe Associated Press contributed to this report.",
            "Text.",
            (("source", ["The Associated Press"]),),
        ),
        Example(
            "Text.\nAssociated Press writer Kathy Gannon in Islamabad contributed reporting.\nEnd.",
            "Text.\nEnd.",
            (("source", ["Associated Press writer Kathy Gannon in Islamabad"]),),
        ),
        Example(
            "Text.\n(With inputs from PTI, IANS)\nMore text.",
            "Text.\nMore text.",
            (("source", ["PTI, IANS"]),),
        ),
        Example("Text.\n\nWith agency inputs.", "Text.", (("source", ["agency"]),)),
        Example(
            "Text.\n\nWith files from The Canadian Press",
            "Text.",
            (("source", ["The Canadian Press"]),),
        ),
    )
    keeps = (
        "Oil contributed to the report's gloomy outlook, economists said.",
        "Many factors contributed to this report being late.",
        "Rudri Bhatt Patel contributed to this article.",
        "With inputs from the sensor, the robot turns.",
        "With files from the archive, she rebuilt the family tree.",
        "With inputs from Google, the team built a map of the coast.",
    )
    triggers = ("contributed", "inputs", "files from")
    pattern = regex.compile(
        r"^\s*(?P<who>[^.!?\n]{2,150}?)\s+contributed(?:\s+reporting|\s+to\s+(?:this|the)\s+"
        r"(?:report|story))(?:\s+(?:from|in)\s+[^.!?\n]{1,80})?\.?\s*$"
        rf"|^\s*\(?\s*(?i:with)\s+(?:(?i:inputs?|files)\s+from\s+(?P<inputs>{WIRES})"
        r"|(?P<kind>(?i:agency|agencies|wire|wires))\s+(?i:inputs?))\s*\)?\.?\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        record(metadata, "source", match.group("who") or match.group("inputs") or match["kind"])
        return DROP
