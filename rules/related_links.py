"""Inline residue of related-link widgets glued into sentences."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from cleaner.lines import drop_lines
from cleaner.metadata import Metadata
from cleaner.rule import (
    DROP,
    KEEP,
    DocumentRule,
    Example,
    Fix,
    Keep,
    Line,
    LineRule,
    Phase,
    SpanRule,
)

# Labels that say the rest of the line is another article's headline. "Related" and "See
# also" only ever label links; "Read more" and "Up next" also head teasers that some sites
# count as their text, so they get a rule of their own.
RELATED_LABEL = (
    r"related(?:\s+(?:articles?|posts?|stories|story|coverage|content|links?|reading|news|videos?))?"
    r"|see\s+(?:more|also)|also\s+(?:see|on\s+\S+)|more\s+on\s+(?:the\s+topic|this(?:\s+story)?)"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|recommended(?:\s+(?:for\s+you|reading))?"
    r"|further\s+reading"
)
READ_LABEL = r"(?:read|watch|listen)\s+(?:more|also|next)|up\s+next|continue\s+reading"


# A heading that announces a list of links, alone on its line. "Read more" and "Up next"
# are also button texts after an item, so they do not open a list.
LIST_LABEL = (
    r"related\s+(?:articles?|posts?|stories|coverage|content|links|reading|news|videos)"
    r"|more\s+(?:from|in)\s+[\w'’]+(?:\s+[\w'’]+){0,3}"
    r"|more\s+(?:stories|news|coverage|articles)(?:\s+(?:about|on)\s+[\w'’]+(?:\s+[\w'’]+){0,3})?"
    r"|(?:most\s+(?:read|popular|viewed|shared)|popular|trending)(?:\s+(?:stories|articles|news|posts))?"
    r"(?:\s+(?:on|in|now)\b[\w'’ ]{0,40})?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|recommended(?:\s+(?:for\s+you|reading|stories))?"
    r"|don.t\s+miss|top\s+stories|editor.s\s+picks?|read\s+this\s+next"
    r"|(?:recent|latest|other)\s+(?:news|headlines|articles|posts|stories|videos)"
    r"|similar\s+(?:articles|posts|stories)"
)
LINK_HEADING = regex.compile(rf"(?i)^[\W_]{{0,3}}(?:{LIST_LABEL})[\s:.…»›>|-]*$")
# A link to another article: a short headline without sentence punctuation, a list item, or a
# headline tagged like "[VIDEO]".
HEADLINE = regex.compile(r"^(?:[-•*]\s+)?[^.!?]{3,160}(?:[!?]|\s*\[[A-Z ]{2,20}\]\W*)?$")


class NameCard(SpanRule):
    id = "name-card"
    summary = "Remove hover-card residue: 'Antony BlinkenAntony BlinkenHeadline … MORE made'."
    why = (
        "Some news sites link a person's name to a card with their full name and recent "
        "headlines, ending in 'MORE'. Extractors glue the card into the sentence, right after "
        "the name as printed. The card starts with no space after a capitalized word and "
        "repeats that word as its last name, which is what the rule looks for."
    )
    examples = (
        Example(
            "Secretary of State Antony BlinkenAntony BlinkenOvernight Health Care — Presented by "
            "March of Dimes — FDA advisers back first at-home COVID-19 pill MORE made similar "
            "remarks last month.",
            "Secretary of State Antony Blinken made similar remarks last month.",
        ),
        Example(
            "since President BidenJoe BidenCDC working to tighten testing requirement On The "
            "Money — Powell pivots as inflation rises MORE announced in April",
            "since President Biden announced in April",
        ),
        Example(
            "Rep. Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders doubles down on "
            "Bolivia 'coup' MORE (D-N.Y.) said",
            "Rep. Alexandria Ocasio-Cortez (D-N.Y.) said",
        ),
    )
    keeps = (
        "Antony Blinken made similar remarks. Read MORE about it.",
        "Rep. Alexandria Ocasio-Cortez said MORE needs to be done.",
        "McDonald's and MacBook MORE sales",
        "President Biden said MORE troops would leave.",
    )
    triggers = (" MORE",)
    pattern = regex.compile(
        r"\b(?P<surname>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
        r"(?P<card>(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}(?P=surname)\S.{0,600}? MORE)(?=[\s.,;:!?]|$)"
    )

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        return Fix(match.start("card"), match.end("card"))


def labelled_link(label: str) -> regex.Pattern[str]:
    """A line that is ``label``, a separator and a headline, or the label alone."""
    return regex.compile(
        rf"(?i)^[\W_]{{0,3}}(?:{label})\s*(?:[:»›>|–—-]\s*(?P<linked>\S.*)|[\s:.…»›>|-]*)$"
    )


class LabelledLink(LineRule):
    """Shared judgement of lines like 'Related: Headline': a headline starts with a capital."""

    max_words = 30

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        linked = match.group("linked")
        if linked is not None and not linked[:1].isupper() and not linked[:1].isdigit():
            return KEEP  # "Related: the two cases share a suspect." is a sentence
        return DROP


class RelatedLink(LabelledLink):
    id = "related-link"
    summary = "Drop inline links to other articles: 'Related: …', '[Related: …]', 'SEE MORE: …'."
    why = (
        "Publishers drop links to other stories between paragraphs, labelled 'Related', 'See "
        "also', 'SEE MORE', 'You might also like'. The label says the rest of the line is "
        "another article's headline."
    )
    examples = (
        Example(
            "Text.\nSEE MORE: Hong Kong protests: 800 students under siege\nMore.", "Text.\nMore."
        ),
        Example("Text.\n[Related: Salesforce Dreamforce Keynote]\nMore.", "Text.\nMore."),
        Example("Text.\n\n- See also: A Brief History of Photography\n\nMore.", "Text.\n\nMore."),
    )
    keeps = (
        "Related: the two cases share a suspect.",
        "See also the 2019 report, which found the same.",
        "More on that in a follow-up post about V8's performance.",
    )
    pattern = labelled_link(RELATED_LABEL)


class ReadMore(LabelledLink):
    id = "read-more"
    summary = "Drop 'Read more: …' and 'Up next: …' teaser lines."
    why = (
        "News pages put teasers for other stories between paragraphs, labelled 'Read more' "
        "or 'Up next'. Off by default: on news pages these lines are residue (Zyte, 0.97 "
        "precision), but blogs use the same label for their own further reading, which the "
        "WCXB annotators keep (0.70); switch it on for news crawls."
    )
    enabled_by_default = False
    examples = (
        Example(
            "Text.\n\nRead more: Alibaba poised to launch record Hong Kong listing\n\nMore.",
            "Text.\n\nMore.",
        ),
        Example("Text.\nREAD MORE: China plague outbreak confirmed\nMore.", "Text.\nMore."),
    )
    keeps = (
        "Read more about the study in the journal Nature, the authors said.",
        "Up next: the committee will vote on the bill.",
    )
    pattern = labelled_link(READ_LABEL)


# What a pointer says it leads to: words up to a clause's end, no comma (", readers wrote"
# goes on as a sentence of the article).
POINTED_AT = r"[^.!?\n,;:]{1,60}"


class LinkPointer(LineRule):
    id = "link-pointer"
    summary = "Drop lines that only point to a link ('For the full list of closings, click here.')."
    why = (
        "'Click here' leads to what a link held, and extraction keeps the words but not the "
        "link: alone on its line, the pointer leads nowhere. Only a line that is nothing but "
        "the pointer goes ('For the full list, click here.', 'Click here to read the report.'); "
        "a sentence that goes on after it ('…, readers wrote') or tells of clicking stays. "
        "Off by default: blogs' calls to action ('Click here to get your FREE PDF!') are text "
        "to the WCXB annotators (removal precision 0.76 there, 0.79 on Zyte); switch it on "
        "for news crawls."
    )
    enabled_by_default = False
    max_words = 16
    triggers = ("here",)
    examples = (
        Example("Text.\nFor the full list of closings, click here.\nMore.", "Text.\nMore."),
        Example(
            "Text.\nClick here to read the full report.\nTo see more photos of the parade tap HERE",
            "Text.",
        ),
    )
    keeps = (
        "Click here for more photos of the flood, readers wrote.",
        "For years, voters were told to click here and there.",
        "To vote, click here, the flyer said.",
        "She told them to click here.",
    )
    pattern = regex.compile(
        rf"(?i)^[\W_]*(?:(?:for|to)\s{POINTED_AT},?\s+)?(?:please\s+)?(?:click|tap)\s+here"
        rf"(?:\s+(?:to|for)\s{POINTED_AT})?[\s.!»›>)\]]*$"
    )


class RelatedLinks(DocumentRule):
    id = "link-list"
    summary = "Drop a list of links to other articles together with its heading ('DON'T MISS')."
    why = (
        "Related-article widgets come out as a heading ('You may also like', 'Most read in "
        "world news', 'DON'T MISS') followed by headlines, one a line. The heading marks the "
        "lines right after it as links as long as they look like headlines: short, without "
        "sentence punctuation, or tagged like '[VIDEO]'. A blank line ends the list, so a "
        "subheading further down stays; a heading whose list the extractor dropped goes alone. "
        "Three or more single names or terms ('Olivia', 'Liam', 'Emma') between two paragraphs "
        "that name one of them are the article's own data under a heading like 'Most popular', "
        "and stay: a widget lists headlines, which the text around it does not talk about."
    )
    phase = Phase.BLOCKS
    gate = LINK_HEADING
    examples = (
        Example(
            "Text.\n\nDON'T MISS\nChina furious at Macron for jibe [INSIGHT]\n"
            "Lakers vs Nets: NBA makes final decision [VIDEO]\n\nThe protests went on.",
            "Text.\n\nThe protests went on.",
        ),
        Example(
            "Text.\n\nYou may also like...\nWho will make the Rock Hall in 2020?\n"
            "Dave Matthews Band takes over Rock Hall Fan Vote",
            "Text.",
        ),
        Example(
            "Text.\n\nTrending Stories\nPolice: Man charged after crash into Route 6 pharmacy\n"
            "Snow totals: How much fell in your town\n\nMore in Campus News\n"
            "Parking garage on Elm Street to open two months late\n\nLatest News\n"
            "Senate screens ministerial nominees for second day",
            "Text.",
        ),
        Example(
            "Text.\n\nRelated stories\n\nCivilians bear the brunt\n\nThe UN said.",
            "Text.\n\nCivilians bear the brunt\n\nThe UN said.",
        ),
    )
    keeps = (
        "Related stories of survival came from the valley.\nThe court ruled on Monday.",
        "Text.\n\nMore from Cornell on climate change and gardening:\n- Soil tests",
        "Text.\n\nUp next\n\nThe band played for two hours, and the crowd stayed.",
        "The SSA released its list of baby names on Friday.\n\nMost popular\nOlivia\nLiam\n"
        "Emma\nNoah\nCharlotte\nOliver\n\nOlivia has topped the list for five years.",
        "Searches rose by a third this year.\nTrending now\n- Wordle\n- Ukraine\n"
        "- Queen Elizabeth\nWordle led in most countries, the company said.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        lines = text.split("\n")
        dropped: list[int] = []
        listed_to = 0  # the lines before this one are in a list already
        for index in self.gated_lines(text):
            if index < listed_to or not LINK_HEADING.match(lines[index].strip()):
                continue
            following = index + 1
            while following < len(lines) and HEADLINE.match(lines[following].strip()):
                following += 1
            if (data_end := data_list_end(lines, index)) is not None:
                listed_to = data_end  # the article's own list, with its heading
                continue
            dropped += range(index, following)
            listed_to = following
        yield from drop_lines(text, dropped)


# An item of a list of the article's own: a name or a term of up to three words, after a list
# marker or a rank ('- Olivia', '1. Olivia', '1 Olivia').
LIST_MARKER = regex.compile(r"^(?:[-•*]|\d{1,3}[.)]?)\s+")
SHORT_ITEM = regex.compile(r"[\p{L}\p{N}&'’.-]+(?:\s+[\p{L}\p{N}&'’.-]+){0,2}")
MIN_DATA_ITEMS = 3
MAX_DATA_LINES = 200  # lines read after a heading for a list of the article's own
SENTENCE_ENDS = (".", "!", "?", '."', ".”", ".’", ".)", '?"', "?”", '!"', "!”")


def is_sentence(line: str) -> bool:
    """A line of a paragraph: four words or more, ending like a sentence."""
    return line.endswith(SENTENCE_ENDS) and len(line.split(maxsplit=4)) >= 4


def data_list_end(lines: Sequence[str], heading: int) -> int | None:
    """Where the list under ``lines[heading]`` ends when it is a list of the article's own
    under a heading that also heads link lists ('Most popular' over baby names): three or
    more names or terms of up to three words, blank lines between them or not, between two
    paragraphs, one of which names one of them; None for any other list. Related links are
    headlines of several words, and the text around a widget of them does not talk about
    them."""
    labels: list[str] = []
    end = heading + 1
    while end < len(lines) and end - heading <= MAX_DATA_LINES:
        line = lines[end].strip()
        if line:
            label = LIST_MARKER.sub("", line, count=1)
            if SHORT_ITEM.fullmatch(label) is None:
                break
            labels.append(label)
        end += 1
    if len(labels) < MIN_DATA_ITEMS or end >= len(lines) or end - heading > MAX_DATA_LINES:
        return None
    before = next((lines[i].strip() for i in range(heading - 1, -1, -1) if lines[i].strip()), "")
    after = lines[end].strip()
    if not (is_sentence(before) and is_sentence(after)):
        return None
    keys = [phrase(label) for label in labels]
    named = phrases(f"{before} {after}", max(key.count(" ") for key in keys) + 1)
    return end if any(key in named for key in keys) else None


# A word of running text without the punctuation around it.
WORD_CORE = regex.compile(r"[\p{L}\p{N}](?:\S*[\p{L}\p{N}])?")


def bare(word: str) -> str:
    """``word`` without the punctuation around it and a possessive ending ("Olivia's")."""
    core = match.group() if (match := WORD_CORE.search(word)) else ""
    return core[:-2] if core.endswith(("'s", "’s")) else core


def phrase(text: str) -> str:
    """``text`` case-folded, its words bare, one space apart."""
    return " ".join(bare(word) for word in text.casefold().split())


def phrases(text: str, longest: int) -> set[str]:
    """Every run of up to ``longest`` words of ``text`` as a ``phrase``: what a paragraph
    names, to look a list's labels up in."""
    words = phrase(text).split(" ")
    return {
        " ".join(words[start : start + length])
        for length in range(1, longest + 1)
        for start in range(len(words) - length + 1)
    }


# An excerpt cut off by a teaser widget: the ellipsis is glued to the last word ("the
# biggest..."), where a writer's own trailing-off puts it after a space or a full word.
ELLIPSES = ("...", "…")
CUT_EXCERPT = regex.compile(r"^\s*(?:[-•*]\s+)?\p{Lu}(?:\S*\s+){7,}\S*\w(?:\.\.\.|…)\s*$")


class TeaserList(DocumentRule):
    id = "teaser-list"
    summary = "Drop runs of cut-off excerpts ('Many people dream of becoming entrepreneurs...')."
    why = (
        "Related-post and archive widgets show each post as the start of its first sentence, "
        "cut mid-sentence with an ellipsis. Two or more such lines in a row are a list of "
        "other posts; a single line ending in an ellipsis may be the writer's own."
    )
    phase = Phase.BLOCKS
    gate = CUT_EXCERPT
    examples = (
        Example(
            "Text.\n\nMany people dream of becoming entrepreneurs, and often the biggest...\n"
            "Letting technology do the heavy lifting for certain monotonous tasks...\n"
            "Every January, companies promise themselves that this year...",
            "Text.",
        ),
    )
    keeps = (
        "Text.\n\nShe paused, and the room waited for what she would say next...\n\nMore.",
        "Steps:\n- The next BIG challenge is …\n- Here is what we will cover next …",
        "Plan:\n6–9 Months To Go…\n3–6 Months To Go…",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if not any(ellipsis in text for ellipsis in ELLIPSES):
            return
        lines = text.split("\n")
        excerpts = [index for index in self.gated_lines(text) if is_cut_excerpt(lines[index])]
        runs: list[list[int]] = []
        for index in excerpts:  # a run: excerpts with nothing but blank lines between them
            if runs and not any(line.strip() for line in lines[runs[-1][-1] + 1 : index]):
                runs[-1].append(index)
            else:
                runs.append([index])
        yield from drop_lines(text, [index for run in runs if len(run) > 1 for index in run])


def is_cut_excerpt(line: str) -> bool:
    """A line of eight words or more, cut off with an ellipsis glued to its last word."""
    return line.rstrip().endswith(ELLIPSES) and CUT_EXCERPT.match(line) is not None
