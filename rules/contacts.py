"""The press contacts a press release ends with."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.lines import drop_lines
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase

# The heading of a release's contacts: "Media Contact", "Investor Relations Contacts", "For
# media inquiries", "Press enquiries".
LABEL = (
    r"(?i)^[\W_]*(?:(?:for\s+)?(?:media|press|investors?|public\s+relations|pr|news\s+media)"
    r"(?:\s+(?:relations|and\s+(?:investor|analyst)s?))?\s+(?:contacts?|inquiries|enquiries"
    r"|queries)(?:,?\s+(?:please\s+)?contact)?|contacts?\s+for\s+(?:media|the\s+press"
    r"|journalists|investors))"
)
LABEL_START = regex.compile(LABEL)
# The heading alone on its line, over the card.
CONTACT_LABEL = regex.compile(rf"{LABEL}\s*:?\s*$")
# The heading and the card on one line: "Media enquiries: communications@council.gov.uk".
CONTACT_INLINE = regex.compile(rf"{LABEL}\s*:\s*(?P<card>\S.*)$")
# What tells a contact's card from a heading over the article's own list: an address or a
# telephone number.
REACHABLE = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d(][\d\s().-]{6,18}\d")
# A line of a card: a name, a title, an organisation ("Brightlane Robotics, Inc."), a
# telephone number, an address; short, and no sentence.
CARD_WORDS = 8
SENTENCES = regex.compile(r"[.!?]\s+\S")
SENTENCE_END = regex.compile(r"(?<!\b(?:Inc|Ltd|Co|Corp|LLC|plc|Jr|Sr|St))[.!?]\s*$")


def card_line(line: str) -> bool:
    """Whether ``line`` can be a line of a contact's card."""
    if REACHABLE.search(line) or CONTACT_LABEL.match(line):
        return True
    return len(line.split()) <= CARD_WORDS and not SENTENCE_END.search(line)


def inline_card(card: str) -> bool:
    """Whether ``card``, after a heading on its line, is a contact alone: short, one
    sentence at most, with an address or a number."""
    return (
        len(card.split()) <= CARD_WORDS
        and REACHABLE.search(card) is not None
        and SENTENCES.search(card) is None
    )


class PressContact(DocumentRule):
    id = "press-contact"
    summary = (
        "Drop a press release's contact cards ('Media Contact:', a name, a telephone number, "
        "an address; 'Media enquiries: press@example.gov')."
    )
    why = (
        "Releases end with whom journalists should call: a heading ('Media Contact:', "
        "'Investor Relations', 'For media inquiries:') over a name, a title, the company, a "
        "telephone number and an address, one a line. They speak to reporters, not of the "
        "news. The heading must stand alone, and the lines under it are taken only while they "
        "are short and no sentence, and only when they hold an address or a number: a "
        "heading over the article's own list of people stays."
    )
    phase = Phase.BLOCKS
    gate = LABEL_START
    examples = (
        Example(
            "The robot ships in May.\n\nMedia Contact:\nDana Whitfield\nBrightlane Robotics, "
            "Inc.\n+1 555 010 0199\ndana@brightlane.com\n\nInvestor Contact:\nTom Alvarez\n"
            "ir@brightlane.com",
            "The robot ships in May.",
        ),
        Example(
            "Work starts on Monday.\n\nMedia enquiries: communications@eldermoor.gov.uk",
            "Work starts on Monday.",
        ),
        Example(
            "The clinic opens in June.\n\nFor media inquiries:\nRachel Kim, Communications\n"
            "(602) 555-0187\n\nAbout Meridian\nMeridian runs four hospitals in Arizona.",
            "The clinic opens in June.\n\nAbout Meridian\nMeridian runs four hospitals in Arizona.",
        ),
    )
    keeps = (
        "Media contacts: reporters called all day.\nThe office closed at six.",
        "Press inquiries: the office took 40 calls on Monday, its head said. Call 555-0100.",
        "The agency named its team.\n\nPress Contacts\nJane Doe\nJohn Roe\n\nThey start in May.",
        "Media Contact:\nThe company said it would not comment on the recall, and a spokesman "
        "declined to give a number.",
    )

    def fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        lines = text.split("\n")
        dropped: list[int] = []
        read_to = 0  # the lines before this one are in a card already read
        for index in self.gated_lines(text):
            if index < read_to:
                continue
            inline = CONTACT_INLINE.match(lines[index].strip())
            if inline and inline_card(inline["card"]):
                dropped.append(index)
                continue
            if not CONTACT_LABEL.match(lines[index]):
                continue
            card = [index]
            after_gap = False
            for following in range(index + 1, len(lines)):
                line = lines[following].strip()
                if not line:
                    if after_gap:
                        break
                    after_gap = True
                    continue
                # past a blank line only another contact's heading goes on ("Investor
                # Contact:"); an "About the company" heading is the release's
                if not card_line(line) or (after_gap and not CONTACT_LABEL.match(line)):
                    break
                after_gap = False
                card.append(following)
            # a heading inside a card read is read with it: a run of headings is read once
            read_to = card[-1] + 1
            if any(REACHABLE.search(lines[line]) for line in card[1:]):
                dropped += card
        yield from drop_lines(text, dropped)
