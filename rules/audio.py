"""Labels that embedded audio players leave in the text."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class ListenPrompt(LineRule):
    id = "listen-prompt"
    summary = "Drop 'Listen to this article' players."
    why = "Audio players leave their label in the text; alone on a line it is no article text."
    max_words = 8
    triggers = ("listen",)
    pattern = regex.compile(r"(?i)^\s*listen to (?:this|the) (?:article|story)\W*$")
    examples = (Example("Listen to this article\nText.", "Text."),)
    keeps = ("Listen to the story of the town, she said.",)
