"""Messages of forms and widgets that a page hides until they are used."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule

# The whole line is the message: what a form says after it is sent, or when sending it or
# loading a widget failed. A sentence that only starts like one ("An error occurred in the
# cockpit…") goes on past it and stays.
FORM_STATE = regex.compile(
    r"(?i)^\W*(?:"
    r"(?:sorry[,!.]?\s+)?(?:oops[,!.]?\s+)?"
    r"(?:an?\s+(?:unexpected\s+)?error\s+(?:has\s+)?occurred|something\s+went\s+wrong)"
    r"(?:\s+(?:while|when)\s+submitting\s+(?:the|this|your)\s+form)?"
    r"(?:[,.!]?\s+please\s+(?:try\s+again(?:\s+later)?|refresh\s+the\s+page))?"
    r"|thank\s+you[!.,]?\s+your\s+submission\s+has\s+been\s+received"
    r"|thank\s+you\s+for\s+your\s+feedback"
    r")[.!]*\s*$"
)


class FormState(LineRule):
    id = "form-state"
    summary = "Drop form and widget messages ('Thank you! Your submission has been received!')."
    why = (
        "A sign-up or feedback form carries the messages it shows after it is sent or when "
        "sending fails, and a widget the one it shows when it cannot load; the page hides them "
        "until then, and extractors keep their text. Only a line that is such a message and "
        "nothing more is taken."
    )
    max_words = 20
    triggers = ("error", "went wrong", "submission", "feedback")
    pattern = FORM_STATE
    examples = (
        Example(
            "Text.\n\nThank you! Your submission has been received!\n"
            "Oops! Something went wrong while submitting the form.\n\nMore.",
            "Text.\n\nMore.",
        ),
        Example("Text.\nAn error has occurred, please try again later.\nMore.", "Text.\nMore."),
        Example("Text.\nThank you for your feedback!", "Text."),
    )
    keeps = (
        "An error occurred in the cockpit shortly after take-off, the report said.",
        "Something went wrong in the second half.",
        "Thank you for your feedback on the draft, she wrote to the committee.",
    )
