"""Photo credits and captions left behind by images."""

from __future__ import annotations

import regex

from cleaner.agencies import CREDIT_SOURCE, IMAGE_AGENCY, NEWS_AGENCY
from cleaner.rule import Example, LineRule

CAPITALIZED = r"\p{Lu}[\p{L}.&'’-]*"
NAME = rf"{CAPITALIZED}(?:\s+{CAPITALIZED}){{0,3}}"
# A photographer: a first name and a surname at least, so "Reuters/Ipsos" (a poll) is no credit.
PERSON = rf"{CAPITALIZED}(?:\s+{CAPITALIZED}){{1,3}}"
# A source that credits pictures by its name alone: a photo agency, or a news agency's photo
# desk ("AP Photo", "Reuters Pool"). A bare news agency also signs wire copy ("(ANI)", "(via
# Bloomberg)"), so it credits a photo only with a photographer's name beside it.
PHOTO_SOURCE = rf"(?:{IMAGE_AGENCY}|{NEWS_AGENCY}\s+(?:Photo|Images|Pool))"
# "Image: X" and "Video: X" also label embedded media and charts; only credit words do not.
# Sites write "Photo credit" and "Photo Credit", "(Image credit: Future)" and "Image Credit".
CREDIT_LABEL = (
    r"(?:Photo(?:graph|graphy)?|Picture|Pic)s?(?:\s+(?:[Cc]redit|[Ss]ource))?|(?:Image\s+)?Credits?"
    r"|Image\s+credits?"
)
# What a credit in parentheses says: "Name / Agency", "AFP via Getty Images", "AP Photo/Name",
# "Photo: Name".
PARENTHESIZED_CREDIT = (
    r"\((?:"
    rf"(?:{NAME}\s?/\s?)?{PHOTO_SOURCE}(?:\s?/\s?{NAME})?"
    rf"|{PERSON}\s?/\s?{NEWS_AGENCY}|{NEWS_AGENCY}\s?/\s?{PERSON}"
    rf"|[^()\n]{{0,40}}\bvia\s+{PHOTO_SOURCE}"
    # in parentheses "Image:" credits too, as the UK regional papers print it ("(Image: BPM)")
    rf"|(?:{CREDIT_LABEL}|Image)\s*(?::|\bby\b|\bcourtesy(?:\s+of)?\b)\s*[^()\n]{{1,60}}"
    r")\)"
)
# A Malaysian or Singaporean paper's "(Bernama pic)", "(Reuters file photo)": apart from the
# credits above, so that the scan's gate for those stays small enough to compile.
PAPER_PIC = rf"\({NAME}\s+(?:file\s+)?(?:pic|photo|picture)s?\)"
# A credit after a caption's last sentence: "… a soft place to land. Credit: Adam and Elizabeth
# Paashaus", "… in Sonoma. Photo: Thomas Kuoh". Names only, so "Credit: 700 or above" stays.
NAMES = rf"{NAME}(?:\s*(?:,|/|&|\band\b)\s*{NAME}){{0,3}}"
# A paper's own, after a caption's sentence: "… at dusk. (Herald photo by Tom Beck)". After a
# title it is a work's credit ("Contact Sheets (Magnum photos by Kristen Lubben)").
PAPER_CREDIT = (
    rf"(?<=[.!?\"”’]\s{{1,3}})\({NAME}\s+(?:staff\s+)?(?:photo|picture)s?\s+by\s+{PERSON}\)"
)
TRAILING_CREDIT = (
    # a student paper's "… the semester. | Photo by Devin Sato | The Ridgeline"
    rf"(?<=[.!?\"”’]\s{{1,3}})(?:\|\s*)?(?:(?:Photo|Image)\s+credits?|Credits?|Photo(?:graph)?s?"
    # "… the first customers. Picture: Euan Rattray", "… as at end-September. PHOTO: HALCYON";
    # not "Image by Name", which WCXB's annotators keep with a blog's caption
    r"|Pics?|Pictures?|PHOTOS?|PICTURES?)"
    # "Photo: Name", "Photo by Name", "Photo courtesy Name", the New Zealand papers' "Photo /
    # Supplied"
    rf"\s*(?::|\bby\b|\bcourtesy(?:\s+of)?\b|\s/)\s*{NAMES}(?:\s*\|\s*{NAME})?"
)
# A British broadsheet's caption runs into its credit: "… across the UK Credit: Name/Agency".
RUN_IN_CREDIT = rf"(?<=\p{{L}}\s)Credit:\s*{NAMES}"
# "… on August 17, 2023. LOÏC KERMARREC / AFP"; the Gleaner's "… — Name/Photographer".
AGENCY_CREDIT = rf"(?<=[.!?]\s{{1,3}}){PERSON}\s?/\s?(?:{NEWS_AGENCY}|REUTERS|EPA|Getty\s+Images)"
PHOTOGRAPHER_CREDIT = rf"(?<=\S\s)[—–]\s*{PERSON}\s?/\s?(?:Staff\s+)?Photographer"
# How each credit ends a caption: at the line's end, or at a table cell's ("| … Photo / Supplied |").
# Each is its own alternative of the pattern, so that the scan gates each on its own words.
CREDIT_END = r"\s*\|?\s*$"


class PhotoCredit(LineRule):
    id = "photo-credit"
    summary = "Drop lines that are only a photo credit ('© Getty Images', 'Epoch Times Photo')."
    why = (
        "Images leave their credit line in the extracted text, between paragraphs. A line "
        "that is nothing but a credit ('©' and a photo agency, 'X Photo', 'Photo: X', "
        "'Name/Agency') carries no article content. Credits are recognised by the agencies "
        "they name, so headings with a slash ('Pick-Up/Drop-Off') stay."
    )
    order = -1  # a line that is only a credit is judged before captions that end in one
    examples = (
        Example("Headline\n© Getty Images\n\nText.", "Headline\nText."),
        Example("Text.\n\nEpoch Times Photo\nMore text.", "Text.\n\nMore text."),
        Example("Photo: Susan Walsh/AP\nText.", "Text."),
        Example("Text.\n(Photo by Jane Doe/Getty Images)\nMore.", "Text.\nMore."),
        Example("Text.\nSusan Walsh / Reuters\nMore.", "Text.\nMore."),
        Example("Image source, Getty Images\nText.\nAFP via Getty Images\nMore.", "Text.\nMore."),
        Example("Text.\nPic: Eddie O'Hare\nMore.", "Text.\nMore."),
        Example("Text.\n(Image credit: Future / Tom Ellery)\nMore.", "Text.\nMore."),
        Example("Text.\nPhotography by Dana Kerrigan\nMore.", "Text.\nMore."),
        Example(
            "PHOTOGRAPHY BY DEAN MORROW\nText.\nPhoto credit: iStock.com / Lisa Farrant\n"
            "Getty Images / Emma Lowry\nCourtesy of @ravicastellanos / Instagram\nMore.",
            "Text.\nMore.",
        ),
    )
    keeps = (
        "© is the copyright sign, and the photo agencies use it on every picture they sell.",
        "Photo finish decides the race",
        "The Image of a Nation at War Is Changing",
        "Photos of the scene showed damage.",
        "Pick-Up/Drop-Off Catering",
        "Take Engagement Photos",
        "© Reuters",
        "Graphics: Nvidia RTX 4050",
        "Image: SiliconANGLE/ChatGPT",
        "Image source code is on GitHub.",
        "Photo via Pexels",
        "Photo by Caleb Oquendo https://www.pexels.com/photo/audience-11329860",
        "Courtesy of the council, the hall opens late on Fridays.",
        "Courtesy calls to the mayor were paid.",
        "Photos by the river. They were taken in 1920.",
    )
    max_words = 12
    pattern = regex.compile(
        r"^\s*(?:"
        rf"(?:©|Ⓒ)\s*(?:\d{{4}}\s+)?(?:{NAME}\s?/\s?)?{IMAGE_AGENCY}(?:\s?/\s?{NAME})?"
        rf"|(?:{CAPITALIZED}\s+){{1,3}}Photo"
        # a site's domain is no sentence's end: "Photo credit: iStock.com / Name" (a link to
        # the picture's page is kept, as WCXB's annotators keep it)
        rf"|\(?(?:{CREDIT_LABEL})\s*(?::|\bby\b|\bcourtesy\b)\s*"
        r"(?:[^.!?\n]|\.(?=(?:com|net|org|co|io)\b)){1,80}?\)?"
        r"|PHOTO(?:GRAPHY|GRAPHS|S)?\s+BY\s+\p{Lu}[\p{Lu} .'’-]{2,60}"
        rf"|{NAME}\s?/\s?{CREDIT_SOURCE}|{IMAGE_AGENCY}\s?/\s?{PERSON}"
        # a picture lent by its owner: "Courtesy of the artist", "Courtesy of @name / Instagram"
        r"|Courtesy(?:\s+of)?\s+(?:the\s+)?[\p{Lu}@][^.!?\n]{0,60}"
        rf"|\(?{IMAGE_AGENCY}\)?"
        # the BBC's "Image source, Getty Images"; an agency's "AFP via Getty Images" alone on a
        # line ("Photo via Pexels" under a blog's picture is kept with the post by annotators)
        r"|Image\s+source\s*[,:]\s*[^.!?\n]{1,80}"
        rf"|(?!(?:Photo|Image|Picture)s?\b){NAME}\s+via\s+{IMAGE_AGENCY}"
        r")\s*$"
    )


class CaptionCredit(LineRule):
    id = "caption-credit"
    summary = (
        "Drop photo captions: lines ending in a credit like '(Abdullah Sahil/AP Photo)' or "
        "'Credit: Sam Schild'."
    )
    why = (
        "Captions are extracted as paragraphs of their own and read like article sentences, "
        "but they end in the photographer's credit, which no article sentence does. The whole "
        "caption goes; a credit that needs a slash, 'via' or a photo word keeps sentences that "
        "merely end in parentheses. A news agency alone signs wire copy, not a photo: "
        "paragraphs that end in '(ANI)', '(PTI)', '(via Bloomberg)' or a poll's '(Reuters/"
        "Ipsos)' stay; it credits a photo with a photographer's name ('Susan Walsh / Reuters') "
        "or its photo desk ('AP Photo'). A credit with no mark before it is taken only as "
        "'Credit:' and names, or a dash and 'Name/Photographer'."
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
        Example(
            "Text.\nYour tent should suit the length and climate of your trip. Credit: Clark Tate\n"
            "A kitchen remodel in Sonoma. Photo: Thomas Kuoh\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nThe president speaks at the White House. (Reuters/Kevin Lamarque)\n"
            "Protesters gather outside the court. (Bloomberg via Getty Images)\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\n| The novice four celebrate their win. Pic: Eddie O'Hare |\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nMargaret Walsh at the school in 1948. Photo / Supplied\n"
            "The new bridge at dusk. (Herald photo by Tom Beck)\n"
            "The mayor cuts the ribbon. Pic: Eddie O'Hare\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nSharon with her children outside their home (Image: Hollbrook Gazette/BPM)\n"
            "Trust chair Isla Dunbar cuts the ribbon. Picture: Euan Rattray\n"
            "The Verandah, 92 per cent sold as at end-September. PHOTO: HALCYON LAND\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nLarkspur has 212 shops across the UK and Ireland Credit: Jason Alden/Bloomberg"
            "\nOn an oyster farm in Kerbihan, August 17, 2023. LOÏC KERMARREC / AFP\n"
            "Farmer Delroy McKoy surveys his field on Tuesday. — Rudolph Barnes/Photographer\n"
            "Most riders on the free routes are students. (Bernama pic)\n"
            "Students line up outside the hall. | Photo by Devin Sato | The Ridgeline\n"
            "The mobile unit parked outside the centre. Photo courtesy Valley Ridge Health\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nImage caption, The minister spoke to reporters on Tuesday\n"
            "Media caption, Watch: the moment the bridge fell\nMore.",
            "Text.\nMore.",
        ),
    )
    keeps = (
        "The talks ended (the third round this year).",
        "Lenders want a good score. Credit: 700 or above is best.",
        "The portrait hangs in the hall. Photographs by Annie Leibovitz line the stairs.",
        "Speeds reached 120 km/h (75 mph).",
        "The minister spoke (in Pashto and Dari).",
        "- Best Overall: Adidas Adizero Evo SL (Men’s/Women’s)",
        "Enable slow query logging (in postgresql.conf or via ALTER SYSTEM)",
        "Image captions, the style guide says, end without a full stop.",
        "The government announced a new scheme.\n\nThe minister said the project would be "
        "completed by March. (ANI)",
        "The deal could close next month, people familiar with the matter said. (via Bloomberg)",
        "Most voters back the plan, a poll found. (Reuters/Ipsos)",
        "The talks ended without a deal, officials said. (PTI)",
        "The council met. Photo / video policy is under review.",
        "The mayor spoke (his photo by the door).",
        "- Magnum Contact Sheets (Magnum photos by Kristen Lubben)",
        "The Mach-E earns the top pick for EVs. Image by John Goreham",
        "He gave the campaign all the credit: Jane Doe ran it.",
        "The deal was struck in May. Ana Ruiz / Reuters Breakingviews wrote about it first.",
        "The bank took the case to court. — Joe Bloggs / Photographer of the year",
    )
    max_words = 80
    triggers = (")", "credit", "photo", "caption", "pic", "/")
    pattern = regex.compile(
        "|".join(
            f"{credit}{CREDIT_END}"
            for credit in (
                PARENTHESIZED_CREDIT,
                PAPER_PIC,
                PAPER_CREDIT,
                TRAILING_CREDIT,
                RUN_IN_CREDIT,
                AGENCY_CREDIT,
                PHOTOGRAPHER_CREDIT,
            )
        )
        # a caption the page labels so, as the BBC's do: "Image caption, The minister ..."
        + r"|^\s*(?:Image|Media|Video)\s+caption\s*[,:]\s*\S[^\n]*$"
    )
