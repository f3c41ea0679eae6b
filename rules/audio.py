"""Labels and calls to listen that embedded audio players and radio promos leave in the text."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule

# Where a player sends the listener: the podcast apps and audio platforms of its buttons.
AUDIO_PLATFORM = (
    r"(?:apple\s+podcasts|itunes|spotify|google\s+podcasts|amazon\s+music|audible|stitcher"
    r"|soundcloud|iheart(?:radio)?|tunein|pocket\s+casts|overcast|castbox|bbc\s+sounds"
    r"|youtube\s+music)"
)
WHEREVER = r"wherever\s+you\s+(?:get|listen\s+to|find)\s+(?:your\s+)?podcasts"


class ListenPrompt(LineRule):
    id = "listen-prompt"
    summary = (
        "Drop 'Listen to this article' players and calls to listen ('Listen live at 12:45 … or "
        "listen back here', 'Listen: <link>', 'Listen on Spotify')."
    )
    why = (
        "Audio players leave their label in the text, and radio and podcast promos their call "
        "to tune in: a schedule with 'listen live' or 'listen back', a bare link, a button "
        "naming a podcast app, and the player's clock ('0:00 | 3:44'). Alone on a line they "
        "are no article text; 'Listen to the story of the town' in a sentence is kept."
    )
    max_words = 30
    triggers = ("listen", "http", "www.", "0:00")
    pattern = regex.compile(
        # with the recording's length, as players print it ("Listen to this article 4 min")
        r"(?i)^\s*listen to (?:this|the) (?:article|story)(?:\W*\d{1,3}\s*min(?:ute)?s?\b)?\W*$"
        r"|^\s*listen(?:\s+(?:here|now|live|again))?\s*:\s*(?:https?://|www\.)\S+\s*$"
        r"|^\s*listen\s+(?:here|now|live|again)\W*$"
        rf"|^\s*listen\s+(?:(?:now|free)\s+)?on\s+{AUDIO_PLATFORM}"
        rf"(?:\s*(?:,|\bor\b|\band\b)\s*(?:{AUDIO_PLATFORM}|{WHEREVER}))*\s*[.!]?\s*$"
        rf"|^\s*(?:{AUDIO_PLATFORM}|download)\s*:\s*(?:https?://|www\.)\S+\s*$"
        r"|^\s*listen\s+to\s+[^.!?\n]{1,60}\blive\s+(?:at|on|from|every|weekdays)\b[^.!?\n]{0,80}"
        r"\blisten\s+(?:back|again)\b[^.!?\n]{0,30}[.!]?\s*$"
        # a player's clock: where it stands, at the start, and how long the recording runs
        r"|^\s*0:00(?:\s*[|/]?\s*\d{1,2}:\d{2}(?::\d{2})?)*\s*$"
    )
    examples = (
        Example("Listen to this article\nText.", "Text."),
        Example("Text.\nListen to this article · 4 min\nMore.", "Text.\nMore."),
        Example(
            "Text.\nListen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here.",
            "Text.",
        ),
        Example("Text.\nListen: http://po.st/TP_615\nMore.", "Text.\nMore."),
        Example("Text.\niTunes: http://po.st/TP_615\nDownload: http://po.st/TP_615", "Text."),
        Example("Text.\nListen on Apple Podcasts, Spotify or wherever you get podcasts", "Text."),
        Example("Text.\n0:00\n0:00 | 3:44\nMore.", "Text.\nMore."),
    )
    keeps = (
        "Listen to the story of the town, she said.",
        "Listen to the story 3 minutes in, where the tone changes.",
        "Listen to an example: My coworker still uses this setup.",
        "LISTEN TO THIS EPISODE NOW:",
        "Listen to the band live at the Apollo, where it played in 1962.",
        "Listen on Spotify, and you will hear the difference.",
        "0:00 GMT: the polls close.",
        "3:44",
    )
