"""What forum and blog comment software prints around the posts."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class ForumFurniture(LineRule):
    id = "forum-furniture"
    summary = (
        "Drop the labels of forum and comment software alone on a line ('Quote:', "
        "'Join Date: Jun 2004', 'Anonymous said...', 'Report this comment')."
    )
    why = (
        "Forum boards (vBulletin, phpBB) and blog comments (Blogger, Disqus) frame every post "
        "with the same labels: the poster's join date and post count, a post's number and time, "
        "'Quote:' and 'Originally Posted by', 'Report this comment', a "
        "commenter's 'Name said...', and under the thread 'Similar Threads', 'Posting "
        "Permissions' and 'All times are GMT'. Extracted, each is a line of its own. Only the "
        "whole line is taken, so a sentence that quotes a poster or speaks of replies stays."
    )
    max_words = 30
    triggers = (
        "report",
        "recommend",
        "repl",
        "quote",
        "said",
        "link",
        "comment",
        "permission",
        "thread",
        "display",
        "date",
        "posts",
        "results",
        "showing",
        "posted by",
        "times are",
        "powered by",
        "#",
        "you may",
    )
    examples = (
        Example(
            "Text.\n03-14-2008, 08:12 AM #1\nJoin Date: Jun 2004\nPosts: 6,214\nMore.\n"
            "Quote:\nOriginally Posted by GravelRoadGary\nGlad it is done.",
            "Text.\nMore.\nGlad it is done.",
        ),
        Example(
            "Text.\nSimilar Threads\nPosting Permissions\nYou may not post new threads\n"
            "All times are GMT -5. The time now is 11:03 PM.\n"
            "Powered by vBulletin® Version 3.6.8 Copyright ©2000 - 2008, Jelsoft Enterprises Ltd.",
            "Text.",
        ),
        Example(
            "Text.\nBarb H. said...\nYour pie is the best.\nReport this comment\nRecommended 0\n"
            "Links to this post\nCreate a Link\nResults 1 to 3 of 3",
            "Text.\nYour pie is the best.",
        ),
        Example(
            "Text.\nShowing 1-2 of 2\nSubscribe to this thread: By Email With RSS\n"
            "LinkBack Thread Tools Display Modes",
            "Text.",
        ),
    )
    keeps = (
        "Report this comment to the moderators, the site asks, if it breaks the rules.",
        "He said...",
        "Quote: “We will not back down.”",
        "Originally posted by the council in 2019, the plan has changed.",
        "Posts: the council's list of jobs is online.",
        "Results: 1 to 3 of the samples failed.",
        "All times are approximate.",
        "You may not post new threads without an account, the rules say.",
        "Join date: the couple met in June 2004.",
    )
    pattern = regex.compile(
        r"(?i)^\W*(?:"
        # a post's header and its poster's details
        r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?\s+\d{1,2}:\d{2}\s*(?:[ap]m)?\s*#\d{1,6}"
        r"|join\s+date\s*:\s*(?:\p{L}{3,9}\.?\s+)?\d{4}|posts\s*:\s*\d[\d,.]*"
        # the buttons and labels around a post
        r"|quote\s*:|originally\s+posted\s+by\s+[^\s.!?]{1,40}"
        r"(?:\s+[^\s.!?]{1,40}){0,2}|report\s+(?:this\s+)?(?:comment|post|abuse)"
        r"|(?:recommended|recommend|upvotes?|likes?)\s*\(?\d+\)?"
        r"|(?:links\s+to\s+this\s+post|create\s+a\s+link|post\s+a\s+comment)"
        # a blog commenter's name: "Anonymous said...", "Barb H. said..."
        r"|(?!(?:he|she|it|they|we|i|you|who|someone|nobody|everyone)\s)"
        r"(?-i:\p{Lu}|\p{Ll}[\p{Ll}\d_]*[\d_])[^\n]{0,38}?\s+said(?:\.\.\.|…)"
        # the thread's own furniture
        r"|(?:results|showing)\s+\d+\s*(?:to|-|–)\s*\d+\s+of\s+\d+"
        r"|subscribe\s+to\s+this\s+thread(?:\s*:[^\n]{0,40})?"
        r"|similar\s+threads|posting\s+permissions|(?:linkback\s+)?thread\s+tools(?:\s+display\s+modes)?"
        r"|display\s+modes"
        r"|you\s+may(?:\s+not)?\s+(?:post\s+(?:new\s+threads|replies|attachments)|edit\s+your\s+posts)"
        r"|all\s+times\s+are\s+gmt\s*(?:[+-]\s*\d{1,2}(?:\.\d)?)?\.?"
        r"(?:\s+the\s+time\s+now\s+is\s+\d{1,2}:\d{2}\s*(?:[ap]m)?\.?)?"
        r"|powered\s+by\s+(?:vbulletin|phpbb|xenforo|invision|simple\s+machines|mybb)\b[^\n]{0,160}"
        r")\W*$"
    )
