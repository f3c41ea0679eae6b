"""Sign-off lines shouted in capitals at the end of syndicated copy."""

import regex

from cleaner.rule import DocumentRule, Example, LineRule


class ShoutedSignoff(LineRule):
    id = "shouted-signoff"
    summary = "Drop all-caps sign-offs such as 'END OF STORY' or 'MORE TO COME'."
    why = "Wire desks end copy with a shouted marker for editors; it is no article text."
    enabled_by_default = True  # a pack cannot switch itself on: the registry turns this off
    max_words = 5
    triggers = ("end of", "more to come")
    pattern = regex.compile(r"^\s*(?:END OF (?:STORY|TRANSMISSION)|MORE TO COME)\W*$")
    examples = (
        Example("The talks resume on Monday.\n\nEND OF STORY", "The talks resume on Monday."),
        Example("Talks went on.\n\nMORE TO COME\n\nThey ended.", "Talks went on.\n\nThey ended."),
    )
    keeps = ("It was the end of story time at the library.",)


class FaultOnPurpose(DocumentRule):
    """A rule with a bug, as a pack may have one: ``clean`` must survive it."""

    id = "fault-on-purpose"
    summary = "Fail on a text that says FAULT ON PURPOSE, as a rule with a bug fails."
    why = "The tests of cleaner check that a faulty rule costs one record, not the run."
    examples = (Example("Text.\n\nEND.", "Text.\n\nEND."),)

    def fixes(self, text, metadata):
        if "FAULT ON PURPOSE" in text:
            raise ZeroDivisionError("division by zero")
        return ()
