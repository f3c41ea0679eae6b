"""Calls to action that page widgets leave in the text: subscribe, follow, comment."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class SubscribePrompt(LineRule):
    id = "subscribe-prompt"
    summary = "Drop newsletter and app sign-up prompts ('Sign up for our newsletter.')."
    why = (
        "Sign-up boxes leave their pitch, their thank-you and their error message in the "
        "text. Only lines that ask for a sign-up into a newsletter, an inbox or an app, or "
        "end in such a request, are taken, not every mention of a newsletter."
    )
    max_words = 80
    examples = (
        Example("Text.\n\nSign up for our newsletter.\n\nMore.", "Text.\n\nMore."),
        Example(
            "Text.\nThanks for signing up!\n"
            "Keep an eye on your inbox for the latest sports news.\n"
            "There was an error processing your subscription.",
            "Text.",
        ),
        Example(
            "Text.\nGet the day’s top headlines delivered to your inbox every morning.",
            "Text.",
        ),
        Example("Text.\nCLICK HERE TO GET THE FOX NEWS APP", "Text."),
        Example(
            "Text.\nStart your day with the Opening Bell. Sign up for the free daily newsletter.",
            "Text.",
        ),
    )
    keeps = (
        "The newsletter, which has 40,000 subscribers, was sold in May.",
        "She signed up for the army in 2001.",
        "The app lets users get paid faster.",
        "Readers can subscribe to the newsletter, she said, but few do.",
    )
    triggers = ("sign", "subscri", "newsletter", "inbox", "mailing", "app", "clicking")
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:subscribe|sign\s*up|newsletter)[\W_]*$"
        r"|^(?:click here to |please )?(?:sign\s*up|subscribe|register|join|get|enter\s+your"
        r"\s+e-?mail)\b.{0,80}\b(?:newsletters?|inbox|mailing\s+list|e-?mail\s+(?:updates|alerts))"
        r"|\b(?:delivered|straight|direct(?:ly)?)\s+(?:to|into)\s+your\s+inbox"
        r"|(?:^|[.!?]\s+)(?:sign\s*up|subscribe)\b[^.!?]{0,80}\b(?:newsletters?|inbox)\b[^.!?]*[.!?]?\s*$"
        r"|^thanks?\s+(?:you\s+)?for\s+(?:subscribing|signing\s+up)"
        r"|^keep an eye on your inbox|error processing your subscription"
        r"|^you.(?:re|ve been)\s+(?:now\s+)?subscribed"
        r"|^(?:click here to )?(?:get|download)\s+(?:the\s+)?[\w ]{1,40}\bapp[\W_]*$"
        r"|\bon the go by clicking here\W*$"
    )


class FollowPrompt(LineRule):
    id = "follow-prompt"
    summary = "Drop 'Follow us on Twitter'-style prompts."
    why = (
        "Social buttons and sign-offs ask the reader to follow the site, the writer or the "
        "outlet's coverage, also as the last sentence of a bio. Only prompts addressed with a "
        "pronoun, a handle or a coverage link are taken: 'Follow NBC Latino on Facebook' is "
        "kept as text by annotators as often as not."
    )
    examples = (
        Example("Text.\n\nFollow us on Twitter @Spacedotcom or Facebook.", "Text."),
        Example(
            "Text.\nMike Wall's book is out now. Follow him on Twitter @michaeldwall.", "Text."
        ),
        Example(
            "Text.\nFollow AP's full coverage of Brexit at https://www.apnews.com/Brexit",
            "Text.",
        ),
        Example("Text.\nFollow him on Twitter @michaeldwall.\nMore.", "Text.\nMore."),
    )
    keeps = (
        "Follow the money, investigators said.",
        "Follow NBC Latino on Facebook, Twitter and Instagram.",
    )
    max_words = 80
    triggers = ("follow", "like", "find", "join", "connect")
    pattern = regex.compile(
        r"(?i)^(?:please\s+)?(?:follow|like|find|join|connect\s+with)\s+(?:us|me|him|her|them)"
        r"\s+(?:on|at|@)\b|^follow\s+\S+(?:\s+\S+)?\s+on\s+twitter\s+@\w+|^follow\s+@\w+"
        r"|(?:^|[.!?]\s+)follow\s+(?:us|him|her|me|them)\s+on\s+\w+[^.!?]*[.!?]?\s*$"
        r"|^follow\b.{0,80}\bcoverage\b.{0,80}\bat\s+(?:https?://|www\.)\S+\s*$"
    )


class CommentsPrompt(LineRule):
    id = "comments-prompt"
    summary = "Drop comment-section labels ('Comments', '12 comments', 'Leave a comment')."
    why = (
        "Comment widgets leave their heading and counters after the article; alone on a "
        "line they say nothing about it."
    )
    max_words = 8
    examples = (
        Example("Text.\n\nComments\ncomments", "Text."),
        Example("Text.\n\n12 Comments\n\nLeave a comment", "Text."),
        Example("Text.\nTell us what YOU think...", "Text."),
    )
    keeps = ("Comments from readers poured in after the story ran.",)
    pattern = regex.compile(
        r"(?i)^\s*(?:\d+\s+)?(?:comments?|responses?|replies)\s*$"
        r"|^\s*(?:leave|post|add|view|show|read)\s+(?:a\s+|the\s+|all\s+)?(?:\d+\s+)?comments?\s*$"
        r"|^\s*tell us what you think\W*$|^\s*join the (?:conversation|discussion)\W*$"
    )


class InterfaceText(LineRule):
    id = "interface-text"
    summary = (
        "Drop button and widget labels alone on a line ('Read more', 'Share', 'Table of Contents')."
    )
    why = (
        "Buttons, share bars and table-of-contents boxes leave their labels between "
        "paragraphs. Alone on a line, such a label is page furniture; in a sentence it is not "
        "touched."
    )
    max_words = 6
    examples = (
        Example("Text.\n\nRead more\n\nMore text.", "Text.\n\nMore text."),
        Example("Table of Contents\n- Intro\n- Method", "- Intro\n- Method"),
        Example("Text.\nShare this article\nPrint\nBack to top", "Text."),
        Example("Back to blog\nText.\nLoading...", "Text."),
    )
    keeps = (
        "Read more books, the doctor said.",
        "Share prices fell.",
        "The table of contents lists nine chapters.",
        "Back to the blog's first year: 2009.",
        "Loading the truck took an hour...",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:read more|continue reading|read (?:the )?full (?:story|article|review|post)"
        r"|read our full review|see more|show more|show less|load more|view more|click to expand"
        r"|back to (?:top|home|(?:the |all )?(?:blog|news|articles|posts|stories|resources))"
        r"|scroll to top|print|share|share this(?: article| story| post)?|copy link"
        r"|link copied|table of contents|in this (?:article|post|guide)|jump to(?: section)?"
        r"|on this page|loading(?=\s*(?:\.\.\.|…)))[\W_]*$"
    )
