"""Sign-off lines shouted in capitals at the end of syndicated copy."""

import regex

from cleaner.rule import Example, LineRule


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
