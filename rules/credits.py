"""Photo credits and captions left behind by images."""

from __future__ import annotations

import regex

from cleaner.metadata import Metadata
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

CAPITALIZED = r"\p{Lu}[\p{L}.&'’-]*"
CREDIT_LABEL = (
    r"(?:Photo|Photograph|Image|Picture|Video|Illustration|Graphic|Credit|Footage)s?"
    r"(?:\s+(?:credit|source))?"
)
# What a credit in parentheses says: "Name / Agency", "AFP via Getty Images", "AP Photo/Name".
PARENTHESIZED_CREDIT = (
    r"\((?:"
    rf"[^()\n]{{0,60}}\S\s?/\s?{CAPITALIZED}(?:\s+{CAPITALIZED}){{0,3}}"
    rf"|[^()\n]{{0,40}}\bvia\s+{CAPITALIZED}(?:\s+{CAPITALIZED}){{0,3}}"
    r"|[^()\n]{0,40}\b(?:Getty Images|AP Photo|AFP Photo|Reuters Photo|Shutterstock|File photo"
    rf"|Photo(?:graph)?|Image)\b[^()\n]{{0,40}}"
    r")\)"
)


class PhotoCredit(LineRule):
    id = "photo-credit"
    summary = "Drop lines that are only a photo credit ('© Getty Images', 'Epoch Times Photo')."
    why = (
        "Images leave their credit line in the extracted text, between paragraphs. A line "
        "that is nothing but a credit ('©' and a name, 'X Photo', 'Photo: X', 'Name/Agency') "
        "carries no article content."
    )
    examples = (
        Example("Headline\n© Getty Images\n\nText.", "Headline\nText."),
        Example("Text.\n\nEpoch Times Photo\nMore text.", "Text.\n\nMore text."),
        Example("Photo: Susan Walsh/AP\nText.", "Text."),
        Example("Text.\n(Photo by Jane Doe/Getty Images)\nMore.", "Text.\nMore."),
        Example("Text.\nSusan Walsh / Reuters\nMore.", "Text.\nMore."),
    )
    keeps = (
        "© is the copyright sign, and the photo agencies use it on every picture they sell.",
        "Photo finish decides the race",
        "The Image of a Nation at War Is Changing",
        "Photos of the scene showed damage.",
    )
    pattern = regex.compile(
        r"^\s*(?:"
        r"(?:©|Ⓒ)\s*[^\n]{1,60}"
        rf"|(?:{CAPITALIZED}\s+){{0,3}}(?:Photo|Photos|Photograph|Images?|Pictures)"
        rf"|\(?{CREDIT_LABEL}\s*(?::|\bby\b|\bcourtesy\b)\s*[^.!?\n]{{1,80}}?\)?"
        rf"|{CAPITALIZED}(?:\s+{CAPITALIZED}){{0,3}}\s?/\s?{CAPITALIZED}(?:\s+{CAPITALIZED}){{0,3}}"
        r"|\((?:Getty Images|AP Photo|AFP|Reuters|Shutterstock)\)"
        r")\s*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        return DROP if len(line.text.split()) <= 12 else KEEP


class CaptionCredit(LineRule):
    id = "caption-credit"
    summary = "Drop photo captions: lines ending in a credit like '(Abdullah Sahil/AP Photo)'."
    why = (
        "Captions are extracted as paragraphs of their own and read like article sentences, "
        "but they end in the photographer's credit, which no article sentence does. The whole "
        "caption goes; a credit that needs a slash, 'via' or a photo word keeps sentences that "
        "merely end in parentheses."
    )
    examples = (
        Example(
            "Text.\n\nKhalilzad hopes to persuade Taliban leaders. (Susan Walsh / Reuters)\n\nMore.",
            "Text.\n\nMore.",
        ),
        Example(
            "Afghans inspect damaged shops in Kunduz on Aug. 8, 2021. (Abdullah Sahil/AP Photo)\n"
            "Taliban fighters stand along a road. (AFP via Getty Images)\nText.",
            "Text.",
        ),
    )
    keeps = (
        "The talks ended (the third round this year).",
        "Speeds reached 120 km/h (75 mph).",
        "The minister spoke (in Pashto and Dari).",
    )
    pattern = regex.compile(rf"{PARENTHESIZED_CREDIT}\s*$")
