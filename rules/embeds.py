"""What embedded posts leave in the text when their script does not run."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule

# The networks and players whose embeds print a placeholder of their own.
NETWORK = (
    r"(?:twitter|x|instagram|facebook|youtube|tiktok|threads|bluesky|spotify|soundcloud"
    r"|vimeo|pinterest|linkedin|reddit|apple\s+podcasts|google|flourish|datawrapper)"
)


class EmbedPlaceholder(LineRule):
    id = "embed-placeholder"
    summary = (
        "Drop what an embedded post prints in place of itself ('View this post on Instagram', "
        "'Skip twitter post', 'This content is imported from YouTube.')."
    )
    why = (
        "An embedded post is a quotation box and a script. When the text is extracted, the "
        "script never ran, and what is left is the box's own furniture: Instagram's 'View this "
        "post on Instagram' and 'A post shared by Name (@handle)', the BBC's 'Skip twitter "
        "post' and 'End of twitter post' around it and its consent text ('Allow Twitter "
        "content?', 'This article contains content provided by Twitter. We ask for your "
        "permission…'), a magazine's 'This content is imported from YouTube. You may be able to "
        "find the same content in another format…', a player's 'Watch on YouTube'. Only the "
        "whole line is taken, and 'shared by' only with the account's handle: a sentence "
        "about a post ('A post shared by the mayor drew 400 comments') is reporting."
    )
    max_words = 80
    triggers = (
        "post",
        "content",
        "photo",
        "video",
        "accept",
        "watch on",
        "listen on",
    )
    examples = (
        Example(
            "Text.\nView this post on Instagram\nA post shared by Jane Doe (@janedoe)\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nAllow Twitter content?\nThis article contains content provided by Twitter. We "
            "ask for your permission before anything is loaded, as they may be using cookies and "
            "other technologies.\nAccept and continue\nSkip twitter post by ASLEF North\n"
            "The strike goes ahead.\nEnd of twitter post\nMore.",
            "Text.\nThe strike goes ahead.\nMore.",
        ),
        Example(
            "Text.\nThis content is imported from YouTube. You may be able to find the same "
            "content in another format, or you may be able to find more information, at their "
            "web site.\nWatch on YouTube\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nA photo posted by Kim Lee (@kimlee) on Mar 3, 2015 at 9:05am PST\nMore.",
            "Text.\nMore.",
        ),
    )
    keeps = (
        "A post shared by the mayor drew 400 comments.",
        "View this post on Instagram, the caption urged, and thousands did.",
        "Skip Twitter, the senator advised: post on your own site instead.",
        "Accept and continue, the lawyer told the board, or walk away.",
        "This content is imported from China, the label says.",
        "Watch on YouTube: the band's set starts at nine.",
    )
    pattern = regex.compile(
        rf"(?i)^\W*(?:view\s+(?:this|the)\s+(?:post|profile|photo|video)\s+on\s+{NETWORK}"
        r"|an?\s+(?:post|photo|video|reel)\s+(?:shared|posted)\s+by\s+[^\n()@]{0,60}"
        r"\(?@[\w.]{1,30}\)?(?:\s+on\s+[^\n]{1,40}?)?"
        rf"|(?:skip|end\s+of)\s+{NETWORK}\s+(?:post|content|video|tweet)(?:\s*,?\s*\d{{1,3}})?"
        r"(?:\s+by\s+[^\n]{1,60}?)?"
        rf"|allow\s+{NETWORK}\s+content\s*\?"
        rf"|this\s+(?:article|page|story)\s+contains\s+content\s+provided\s+by\s+{NETWORK}\."
        r"[^\n]{0,400}?\b(?:permission|cookies?)\b[^\n]{0,400}?"
        r"|accept\s+and\s+continue"
        rf"|this\s+content\s+is\s+imported\s+from\s+{NETWORK}\.\s+you\s+may\s+be\s+able\s+to"
        r"\s+find\s+[^\n]{0,200}?"
        rf"|(?:watch|listen)\s+on\s+{NETWORK})[.!]?\s*$"
    )
