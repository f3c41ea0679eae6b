"""Calls to action that page widgets leave in the text: subscribe, follow, comment."""

from __future__ import annotations

from typing import ClassVar

import regex

from cleaner.metadata import Metadata
from cleaner.rule import DROP, KEEP, Example, Keep, Line, LineRule

from .notices import goes_on_reporting

# What a sign-up prompt's sentences speak of (not "signed up", which reports).
SIGN_UP_WORDS = regex.compile(r"(?i)\bsign(?:ing)?[\s-]*up\b|subscri|newsletter|inbox|deliver")
# Where a follow prompt sends the reader: a social network, a handle or an address.
PLATFORM = (
    r"(?:(?:our|my|his|her|their|the)\s+)?(?:twitter|x|facebook|instagram|youtube|tiktok"
    r"|threads|bluesky|mastodon|snapchat|linkedin|pinterest|reddit|telegram|whatsapp|tumblr"
    r"|flipboard|twitch|discord|substack|spotify|soundcloud|vimeo|flickr|patreon|truth\s+social"
    r"|google\s*(?:\+|plus|news)|apple\s+(?:news|podcasts)|social\s+(?:media|networks?|channels))"
    r"(?![\w'’-])|social\s*(?:[.!:]|$)|@\w|https?://|www\.|[\w-]+\.(?:com|org|net)\b"
)
# What a sign-up form's terms ask the reader to accept or tick.
SIGN_UP_TERMS = (
    r"(?:terms|privacy|policy|e-?mails?|newsletters?|marketing|offers|messages|unsubscribe"
    r"|contacted|notifications)"
)
# What the sign-up form's other sentences speak of.
SIGN_UP_TERMS_WORDS = regex.compile(rf"(?i)\b{SIGN_UP_TERMS}\b|sign(?:ing)?[\s-]*up|subscri")
# What a follow prompt's sentences speak of: following, the networks, handles and addresses.
FOLLOW_WORDS = regex.compile(rf"(?i)\bfollow|\b(?:{PLATFORM})")
# What the other sentences of an appeal speak of: money, the outlet and the reader's part.
FUNDING_WORDS = regex.compile(
    r"(?i)donat|support|fund|free\b|advertis|paywall|member|independen|non-?profit|readers?\b"
)


class QuotablePrompt(LineRule):
    """A prompt an article may quote: the line is the prompt unless its paragraph quotes it
    and goes on reporting (``goes_on_reporting``) in sentences not about its ``topic``."""

    topic: ClassVar[regex.Pattern[str]]

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        assert match is not None
        return KEEP if goes_on_reporting(line.text, match, self.topic.search) else DROP


class SubscribePrompt(QuotablePrompt):
    id = "subscribe-prompt"
    summary = "Drop newsletter and app sign-up prompts ('Sign up for our newsletter.')."
    why = (
        "Sign-up boxes leave their pitch, their thank-you and their error message in the "
        "text. Only lines that ask for a sign-up into a newsletter, an inbox, an app or a "
        "video channel, or end in such a request, or pitch what lands in the reader's inbox, "
        "are taken, not every mention of a newsletter. A paragraph that quotes a prompt and "
        "goes on reporting ('…, the study found', or two sentences more that neither speak "
        "to the reader nor of signing up) is the article's."
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
            "Text.\nDownload the KQRD 5 News app to get breaking news alerts on your phone.\n"
            "Get the Straits Business app for the latest market news on the go.",
            "Text.",
        ),
        Example(
            "Text.\nThanks for reading The Margin Notes! Subscribe for free to receive new posts "
            "and support my work.\nSubscribe to get the latest posts sent to your email.",
            "Text.",
        ),
        Example("Text.\nClick here to subscribe", "Text."),
        Example(
            "Text.\nDownload The Daily Clarion app on Google Play and the App Store for breaking "
            "news alerts\nLive scores, news and fixtures on the go: download our app for iPhone "
            "and Android",
            "Text.",
        ),
        Example(
            "Text.\nStart your day with the Opening Bell. Sign up for the free daily newsletter.",
            "Text.",
        ),
        Example(
            "Text.\nExpert advice and our favorite products dropped right in your inbox.\n"
            "Let our news meet your inbox.\nSubscribe to 9to5Mac on YouTube for more Apple news:",
            "Text.",
        ),
    )
    keeps = (
        "The newsletter, which has 40,000 subscribers, was sold in May.",
        "She signed up for the army in 2001.",
        "The app lets users get paid faster.",
        "The bank said customers should download the app for iPhone and Android, which was "
        "fixed on Friday.",
        "Download the Citizen app to get alerts, police urged residents on Monday.",
        "Thanks for reading, and subscribe to the feed if you like.",
        "Readers can subscribe to the newsletter, she said, but few do.",
        "Phishing e-mails that land in your inbox look real, and a link sent to your inbox may "
        "not be what it seems.",
        "She told fans to subscribe to her YouTube channel, and millions did.",
        "Sign up for our newsletter was the most-clicked button on the site, the study found. "
        "Researchers tracked 2 million visits over a year.",
        "Sign up for our newsletter, the pop-up urged. Readers who signed up came back more "
        "often. Those who closed it rarely returned.",
        "The council met on Tuesday night. It voted five to two for the plan. Sign up for our "
        "newsletter.",
    )
    triggers = ("sign", "subscri", "newsletter", "inbox", "mailing", "app", "clicking")
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:click here to )?(?:subscribe|sign\s*up|newsletter)(?: now| today| here)?[\W_]*$"
        r"|^(?:click here to |please )?(?:sign\s*up|subscribe|register|join|get|enter\s+your"
        r"\s+e-?mail)\b.{0,80}\b(?:newsletters?|inbox|mailing\s+list|e-?mail\s+(?:updates|alerts))"
        r"|\b(?:delivered|dropped|straight|direct(?:ly)?)\s+(?:(?:right|straight|directly)\s+)?"
        r"(?:to|into|in)\s+your\s+inbox|\bmeet\s+your\s+inbox\b"
        r"|^subscribe\s+to\s+(?:\S+\s+){0,4}?(?:on\s+youtube|youtube\s+channel)\b"
        r"|(?:^|[.!?]\s+)(?:sign\s*up|subscribe)\b[^.!?]{0,80}\b(?:newsletters?|inbox)\b[^.!?]*[.!?]?\s*$"
        r"|^thanks?\s+(?:you\s+)?for\s+(?:subscribing|signing\s+up)"
        r"|^keep an eye on your inbox|error processing your subscription"
        r"|^you.(?:re|ve been)\s+(?:now\s+)?subscribed"
        r"|^(?:click here to )?(?:get|download)\s+(?:the\s+)?[\w ]{1,40}\bapp[\W_]*$"
        # and what the app sends: "… app to get breaking news alerts on your phone."
        r"|^(?:click here to )?(?:get|download)\s+(?:the\s+)?[\w ]{1,40}\bapp\s+"
        # where to get it: "… app on Google Play and the App Store for breaking news alerts"
        r"(?:(?:on|from|in)\s+(?:the\s+)?(?:google\s+play|app\s+store|play\s+store)(?:\s+(?:and|or|&)"
        r"\s+(?:the\s+)?(?:google\s+play|app\s+store|play\s+store))?\s+)?"
        r"(?:to\s+(?:get|receive)|for)\s+(?:[\w-]+\s+){0,4}?(?:alerts|notifications|updates|news)"
        r"(?:\s+on\s+(?:your\s+(?:phone|device|mobile)|the\s+go))?[\W_]*$"
        # the default pitch of newsletter platforms under every post (Substack, WordPress.com)
        r"|^(?:thanks\s+for\s+reading\b[^.!?\n]{0,60}[.!]\s*)?subscribe\s+(?:for\s+free\s+)?"
        r"to\s+(?:receive|get)\s+(?:new|the\s+latest)\s+posts\b"
        r"|\bon the go by clicking here\W*$"
        # a pitch ending on the phones it runs on: "…: download our app for iPhone and Android"
        r"|(?:^|[:.!?]\s+)(?:get|download)\s+(?:our|the)\s+(?:free\s+)?(?:[\w-]+\s+){0,3}?app\s+"
        r"(?:for|on)\s+(?:iphone|ios|ipad|android)(?:\s+(?:and|or|&)\s+(?:iphone|ios|ipad|android))?"
        r"[\W_]*$"
    )
    topic = SIGN_UP_WORDS


class SignUpTerms(QuotablePrompt):
    id = "sign-up-terms"
    summary = (
        "Drop the terms and messages of a sign-up form ('By signing up, you agree to our Terms of "
        "Use', 'This site is protected by reCAPTCHA…', 'Invalid email')."
    )
    why = (
        "Newsletter and registration boxes print their small print under the button: what the "
        "reader agrees to by signing up, the boxes to tick for partners' offers, the captcha's "
        "notice, and the messages the form shows on a wrong address. Extractors keep them as "
        "lines of the article. Only a line that addresses the reader ('you', 'I', 'me') about "
        "the sign-up it asks for, or is one of the form's messages, is taken; a report on "
        "consent terms ('By signing up, users agree to share their data, the lawsuit says') "
        "stays."
    )
    max_words = 80
    triggers = (
        "by ",
        "recaptcha",
        "sign-up",
        "signup",
        "e-mail",
        "email",
        "newsletters",
        "me with",
    )
    examples = (
        Example(
            "Text.\nBy signing up, you will receive emails about Chainwire products and you agree "
            "to our terms of use and privacy policy.\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nBy submitting your information you agree to the Terms & Conditions and "
            "Privacy Policy and are aged 16 or over.\nContact me with news and offers from other "
            "Future brands\nReceive email from us on behalf of our trusted partners or sponsors",
            "Text.",
        ),
        Example(
            "Text.\nInvalid email\nWe use your sign-up to provide content in ways you've "
            "consented to and to improve our understanding of you. You can unsubscribe at any "
            "time. More info\nWe have more newsletters\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nThis site is protected by reCAPTCHA and the Google Privacy Policy and Terms "
            "of Service apply.\nBy registering, you consent to receiving marketing emails from "
            "the Post.",
            "Text.",
        ),
    )
    keeps = (
        "By signing up, users agree to share their data with advertisers, the lawsuit says.",
        "By registering, voters consent to jury service in some states.",
        "By clicking accept, you agree to a contract you have not read, the professor warned, "
        "and most people never do.",
        "Invalid email addresses made up a third of the list, the audit found.",
        "We use your sign-up data, the company admitted in court.",
    )
    pattern = regex.compile(
        r"(?i)^\W*(?:by\s+(?:signing\s+up|registering|subscribing|submitting|clicking|entering"
        r"|providing|continuing)\b[^\n]{0,200}?\b(?:you|i)\b[^\n]{0,60}?"
        rf"\b(?:agree|consent|accept|acknowledge|will\s+receive|are\s+consenting)\b[^\n]{{0,300}}?"
        rf"\b{SIGN_UP_TERMS}\b[^\n]{{0,300}}"
        r"|we\s+use\s+your\s+sign-?up\s+to\s+provide\s+content\b[^\n]{0,400}"
        r"|this\s+(?:site|page|form)\s+is\s+protected\s+by\s+recaptcha\b[^\n]{0,200}"
        r"|(?:contact|e-?mail)\s+me\s+with\s+news\s+and\s+offers\s+from\s+other\s+[^\n]{1,40}"
        r"|receive\s+e-?mail\s+from\s+us\s+on\s+behalf\s+of\s+our\s+trusted\s+partners"
        r"(?:\s+or\s+sponsors)?"
        r"|(?:invalid|please\s+enter\s+a\s+valid)\s+e-?mail(?:\s+address)?"
        r"|we\s+have\s+more\s+newsletters)\W*$"
    )
    topic = SIGN_UP_TERMS_WORDS


class FollowPrompt(QuotablePrompt):
    id = "follow-prompt"
    summary = "Drop 'Follow us on Twitter'-style prompts."
    why = (
        "Social buttons and sign-offs ask the reader to follow the site, the writer or the "
        "outlet's coverage, also as the last sentence of a bio. Only prompts addressed with a "
        "pronoun, a handle (also in parentheses after a network) or a coverage link are taken, "
        "and wire pointers to more coverage ('More AP NBA: <link>'): 'Follow NBC Latino on "
        "Facebook' is kept as text by annotators as often as not. A prompt names where to "
        "follow: a social network, a handle or an address ('Join us at First Baptist Church', "
        "'Like him on most issues' are sentences), and a paragraph that goes on reporting "
        "after it is the article's."
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
        Example(
            "Text.\nFollow The New York Times Opinion section on Facebook, Twitter "
            "(@NYTopinion) and Instagram.",
            "Text.",
        ),
        Example("Text.\nFollow on social media: TikTok || Instagram || Facebook", "Text."),
        Example(
            "Text.\nTried this recipe? Tag @hazelandthyme on Instagram and leave a rating below!",
            "Text.",
        ),
        Example(
            "Text.\nJoin our Telegram channel and get the latest business news delivered to you.",
            "Text.",
        ),
        Example(
            "Text.\nMore AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports", "Text."
        ),
    )
    keeps = (
        "Follow the money, investigators said.",
        "Follow NBC Latino on Facebook, Twitter and Instagram.",
        "Follow the money (@ProPublica tracked it) to Delaware.",
        "Follow social media rules: be kind.",
        "Margaret Ellis, 91, died Sunday.\n\nJoin us at First Baptist Church on Saturday at 2 "
        "p.m. to celebrate her life; a reception will follow in the fellowship hall.",
        "Find them at the farmers market on Saturdays, where they sell out by ten.",
        "Tried this recipe? Most readers had, the survey found, and half would leave a rating.",
        "Like him on most issues, she is a fiscal conservative.",
        "Follow him on a typical day and you will see why his staff are tired.",
        "Connect with them at the Sunday market, where they hand out samples.",
        "Follow her on Instagram and you see a life of yachts, her critics say. Her accounts "
        "tell another story.",
    )
    max_words = 80
    triggers = ("follow", "like", "find", "join", "connect", "http", "recipe")
    pattern = regex.compile(
        r"(?i)^(?:please\s+)?(?:follow|like|find|join|connect\s+with)\s+(?:us|me|him|her|them)"
        rf"\s+(?:(?:on|at|via)\s+)?(?:{PLATFORM})"
        r"|^follow\s+\S+(?:\s+\S+)?\s+on\s+twitter\s+@\w+|^follow\s+@\w+"
        rf"|(?:^|[.!?]\s+)follow\s+(?:us|him|her|me|them)\s+on\s+(?:{PLATFORM})[^.!?]*[.!?]?\s*$"
        r"|^follow\b.{0,80}\bcoverage\b.{0,80}\bat\s+(?:https?://|www\.)\S+\s*$"
        r"|^follow\b[^.!?\n]{0,100}\(@\w{1,30}\)"
        r"|^follow\s+(?:us\s+)?on\s+social(?:\s+media)?\s*:"
        # a news channel on a messaging app: "Join our Telegram channel and get the latest news"
        r"|^join\s+(?:our|\S+['’]s)\s+(?:telegram|whatsapp|signal|discord|viber)\s+"
        r"(?:channel|group|community)\b"
        # a recipe card's call to share the cook's result: "Tried this recipe? Tag @x …"
        r"|^(?:tried|made|did\s+you\s+(?:try|make))\s+this\s+recipe\?[^\n]{0,150}?"
        r"\b(?:tag|mention|leave\s+a\s+(?:rating|comment|review)|rate\s+it)\b"
        r"|^more\s+(?:\S+\s+){0,4}?\S+\s*:\s*https?://\S+(?:\s*(?:,|\band\b)\s*https?://\S+)*\s*$"
    )
    topic = FOLLOW_WORDS


# One label of a comment section; a line of them (one, or several flattened into a row or a
# run of sentences) is the section's furniture. Each label ends before its punctuation, which
# joins it to the next. Labels start with letters or digits and joins hold neither, so a line
# splits into labels one way only.
# A bare heading ("Comments", "Reader responses") is a label alone on its line only: beside
# others ("| Replies | Comments |") it heads a table or names a section. With a colon it opens
# a reply ("Response: we disagree"), with a question mark it asks for letters ("Comments?").
BARE_COMMENT_LABEL = r"(?:readers?'?\s+)?(?:comments?|responses?|replies)"
COMMENT_LABEL = (
    r"(?:\d+\s+(?:readers?'?\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?(?!\s*[:?])"
    r"|(?:readers?'?\s+)?(?:comments?|responses?|replies)\s*\(\d+\)"
    r"|(?:\d+|no)\s+(?:comments?|responses?|replies)\s*:"
    r"|(?:leave|post|add|view|show|read|load)\s+(?:a\s+|the\s+|all\s+|your\s+|new\s+|more\s+)?"
    r"(?:\d+\s+)?comments?(?:\s*\(\W{0,3}\))?|discuss this (?:article|story|post)"
    r"|have your say|you must be (?:logged in|registered|a registered \w+)"
    r" to (?:post|leave|add) a comment"
    r"|to (?:comment|post a comment|leave a comment),? you must be (?:logged in|registered"
    r"|an? (?:registered )?(?:subscriber|member|user))|(?:log|sign)\s?in or subscribe"
    r"|(?:log|sign)\s?in(?: or (?:register|sign up))? to (?:post a |leave a |add a )?comments?"
    r"|tell us what you think|join the (?:conversation|discussion)"
    # the furniture of blog and forum comment systems (WordPress, Drupal, vBulletin)
    r"|(?:leave|post) a (?:reply|response)|cancel reply"
    r"|comments (?:are |have been )?(?:now )?(?:closed|off)(?: (?:for|on) this "
    r"(?:article|story|post|entry))?"
    r"|no comments yet|be the first to (?:comment|post a comment|leave a comment)"
    r"(?: on this (?:article|story|post))?|reply with quote"
    r"|please enable javascript to view the comments(?: powered by disqus)?"
    r"|comments powered by disqus"
    # a comment section's house rules
    r"|comments (?:are|reflect) the (?:opinions|views) of (?:(?:our|the) )?(?:readers|commenters"
    r"|their (?:authors|writers)) and not (?:necessarily )?(?:those )?of (?:the )?"
    # the outlet's name, its words capitalised: the next sentence is no part of it
    r"(?-i:\p{Lu})[\w'’&-]*(?: (?-i:\p{Lu})[\w'’&-]*){0,5}"
    r"(?:\. please keep (?:it|comments|your comments) (?:civil|clean|respectful|on topic))?"
    r"|comments are (?:pre-?)?moderated(?: and (?:generally )?will (?:be|appear) (?:posted|published"
    r"|online) if they are on-?topic(?: and not abusive)?)?"
    r"|please (?:read|follow|see) our (?:community|comment(?:ing)?|house) (?:rules|guidelines"
    r"|standards|policy)(?: before (?:posting|commenting))?"
    # the comment forms of blog software, left after 'Leave a Reply' (WordPress, Blogger)
    r"|your email address will not be published(?:\.?\s*required fields are marked)?"
    r"|required fields are marked|(?:note:\s*)?only a member of this blog may post a comment"
    r"|fill in your details below or click an icon to log in"
    r"|you are commenting using your [\w.+]+ account(?:\W*log out\W*change)?"
    r"|notify me of (?:new comments|follow-up comments|new posts)(?: (?:by|via) e-?mail)?"
    r"|save my name, e-?mail,? and website in this browser for the next time i comment"
    r"|this site uses akismet to reduce spam\.\s*learn how your comment data is processed"
    r"|connecting to %s)"
)


class CommentsPrompt(LineRule):
    id = "comments-prompt"
    summary = "Drop comment-section labels ('Comments', '12 comments', 'Leave a comment')."
    why = (
        "Comment widgets leave their heading and counters after the article, and blog and "
        "forum software their buttons and states ('Leave a Reply', 'Comments are closed.') and "
        "the lines of their comment forms ('Your email address will not be published.', "
        "'Notify me of follow-up comments by email.'); alone on a line they say nothing "
        "about it."
    )
    max_words = 24
    examples = (
        Example("Text.\n\nComments\ncomments", "Text."),
        Example("Text.\n\n12 Comments\n\nLeave a comment", "Text."),
        Example("Text.\nTell us what YOU think...", "Text."),
        Example("Text.\nTo comment, you must be a subscriber. Log in or subscribe.", "Text."),
        Example("Text.\nPost Comment (+)", "Text."),
        Example(
            "Text.\nComments (12)\nAdd your comment\nDiscuss this article\nShow more comments",
            "Text.",
        ),
        Example("Text.\nHave your say\nYou must be logged in to post a comment.", "Text."),
        Example("Text.\n\n12 comments:\n\nReader comments (3)\n\nAdd new comment", "Text."),
        Example("Text.\nNo comments:\nPost a Comment", "Text."),
        Example("Text.\nLeave a Reply\nCancel reply\nComments are closed.", "Text."),
        Example("Text.\nNo comments yet.\nBe the first to comment!\nReply With Quote", "Text."),
        Example(
            "Text.\nPlease enable JavaScript to view the comments powered by Disqus.\n"
            "comments powered by Disqus",
            "Text.",
        ),
        Example(
            "Text.\nLeave a Reply\nYour email address will not be published. Required fields "
            "are marked *\nSave my name, email, and website in this browser for the next time I "
            "comment.\nNotify me of follow-up comments by email.\nThis site uses Akismet to "
            "reduce spam. Learn how your comment data is processed.",
            "Text.",
        ),
        Example(
            "Text.\nNo comments:\nPost a Comment\nNote: Only a member of this blog may post a "
            "comment.\nFill in your details below or click an icon to log in:\nYou are "
            "commenting using your WordPress.com account. Log Out / Change )\nConnecting to %s",
            "Text.",
        ),
        # several labels on one line, as a widget's row or its sentences flattened together
        Example(
            "Text.\nNo comments yet. Be the first to comment.\nPost a comment | View all comments",
            "Text.",
        ),
        Example(
            "Text.\nBe the first to comment on this story. Log in to comment.\n"
            "Comments are closed for this article.\nPlease enable JavaScript to view the comments.",
            "Text.",
        ),
        Example(
            "Text.\nComments are moderated and generally will be posted if they are on-topic and "
            "not abusive.\nPlease read our community guidelines before posting.",
            "Text.",
        ),
        Example(
            "Text.\nReader comments (5)\nComments are the opinions of readers and not of the "
            "Valley Tribune. Please keep it civil.",
            "Text.",
        ),
    )
    keeps = (
        "Comments from readers poured in after the story ran.",
        "Have your say on the plan by Friday, the council urged.",
        "Discuss this article with your class.",
        "Comments are closed to the public until the hearing, the court said.",
        "No comment.",
        "No comments: the minister walked out.",
        "Readers' comments changed the plan.",
        "Response:",
        "Comments?",
        "Your email address will not be published in the directory, the registrar said.",
        "Only a member of this blog may post a comment about the vote, its rules say.",
        "Notify me of new comments on the draft before Friday, she told her staff.",
        "Comments are closed. The minister said so on Tuesday.",
        "Comments are the opinions of readers, the editor wrote, and they stay up.",
        "The app asks every user to log in to comment, a change critics hate.",
        "| Replies | Comments |",
        "Comments, replies, responses",
        "Comments are the opinions of readers and not of the Gazette. We stand by that line.",
        "Please keep it civil.",
        "Comments are moderated by volunteers, the forum's founder said.",
    )
    pattern = regex.compile(
        rf"(?i)^[\s|]*(?:{BARE_COMMENT_LABEL}(?!\s*[:?])|{COMMENT_LABEL}(?:[\W_]+{COMMENT_LABEL})*)"
        r"[\W_]*$"
    )


class SharePrompt(LineRule):
    id = "share-prompt"
    summary = "Drop prompts to share the article ('Like this story? Share it with a friend!')."
    why = (
        "Share widgets ask the reader to pass the article on, often after asking whether they "
        "liked it. Alone on a line, a request to share 'it' or 'this story' (with a friend, "
        "with others) is page furniture; a sentence about sharing something is kept."
    )
    max_words = 16
    triggers = ("share",)
    examples = (
        Example("Text.\n\nLike this story? Share it with a friend!", "Text."),
        Example("Text.\nEnjoyed this article? Please share it.\nMore.", "Text.\nMore."),
        Example("Text.\nShare this story with your friends and family", "Text."),
    )
    keeps = (
        "Like this story? She did not.",
        "Share it with a friend, the doctor said, and the burden halves.",
        "If you know a free course, please share it in the comments.",
        "Share prices fell.",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:(?:did\s+you\s+)?(?:like|liked|enjoy|enjoyed|love|loved)\s+"
        r"(?:this|the|our)(?:\s+(?:story|article|post|piece|video|content|read))?\s*\?\s*)?"
        r"(?:please\s+)?share\s+(?:it|this(?:\s+(?:story|article|post|piece|video))?)"
        r"(?:\s+with\s+(?:a\s+friend|(?:your\s+)?friends(?:\s+and\s+family)?|others|someone))?"
        r"[\W_]*$"
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        # "Share it." alone could end a quote; a prompt either asks first or names who to share with.
        assert match is not None
        text = match.group(0).lower()
        return DROP if "?" in text or " with " in text else KEEP


class SupportAppeal(QuotablePrompt):
    id = "support-appeal"
    summary = (
        "Drop appeals to pay for the journalism ('Enjoyed this piece? We need your help to keep "
        "publishing.', 'If you enjoyed this article, … Join NRPLUS.')."
    )
    why = (
        "Outlets that live on members and donations close the article with a pitch: if you "
        "liked it, become a member, donate, support us. It asks for money, it says nothing "
        "about the subject. Only a line that opens on the reader's liking the piece and asks "
        "for support, membership or money is taken; a line asking to share the piece is not "
        "(annotators keep 'If you enjoyed this article, the ultimate compliment is to share "
        "our work'). Nonprofit and reader-funded outlets also close on what keeps them going: a "
        "line that names the outlet nonprofit, independent or reader-funded and asks for, or "
        "thanks, the reader's donations or support, speaking as 'we' or 'our' or naming itself a "
        "newsroom or a station, is taken too; a "
        "report on a charity's appeal ('…, the director said') is not."
    )
    max_words = 80
    triggers = (
        "enjoy",
        "like",
        "value",
        "appreciate",
        "favour",
        "favor",
        "profit",
        "independen",
        "-funded",
        "-supported",
        "did you",
        "was this",
    )
    examples = (
        Example("Text.\n\nEnjoyed this piece? We need your help to keep publishing.", "Text."),
        Example(
            "Text.\nIf you enjoyed this article, we have a proposition for you: Join NRPLUS. "
            "Members get all of our content, no paywalls or content meters.",
            "Text.",
        ),
        Example(
            "Text.\nIf you value our journalism, please consider becoming a supporter.\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nThe Lakeshore Ledger is a nonprofit newsroom. Our reporting is free for "
            "everyone, supported by readers like you. Donate today.\nMore.",
            "Text.\nMore.",
        ),
        Example(
            "Text.\nOur non-profit newsroom provides climate coverage free of charge. Your "
            "one-off or monthly donations keep us independent.",
            "Text.",
        ),
        Example(
            "Text.\nRiverside Clinic is a non-profit academic medical center. Advertising on our "
            "site helps support our mission.",
            "Text.",
        ),
        Example(
            "Text.\nDid you find this explainer useful? Support our nonprofit newsroom.", "Text."
        ),
        Example(
            "Text.\nKXRV is a nonprofit, listener-supported newsroom. If stories like this matter "
            "to you, make a gift today.\nSupport our nonprofit newsroom. Donate today.",
            "Text.",
        ),
    )
    keeps = (
        "If you enjoyed this article, the ultimate compliment is to share our work.",
        "If you value stability, join the civil service, she said.",
        "If you liked this post, join the discussion below.",
        "Enjoyed the show? Fans said they had, and many donated to the theatre afterwards "
        "because they liked it so much that they stayed for hours and then some more.",
        "The food bank is a nonprofit run by volunteers. Your donations of tinned food can be "
        "left at the library on Saturdays.",
        "The hospice is an independent charity, and your donations keep our nurses on the "
        "road, its director said.",
        "“We are a nonprofit newsroom and we need your support,” the editor wrote in 2019.",
        "Did you find the trail easy? Support our rangers by staying on the path.",
        "Support our local journalism, the mayor urged, as the paper cut staff.",
    )
    pattern = regex.compile(
        r"(?i)^\W*(?:if\s+you\s+(?:enjoyed|liked|value|appreciated?|rely\s+on)\s+(?:this|our|my)"
        r"\s+(?:article|piece|story|post|journalism|reporting|work|content|newsletter)"
        r"|(?:enjoyed|liked|loved)\s+this\s+(?:article|piece|story|post)\s*\?"
        r"|we\s+have\s+a\s+small\s+fav(?:ou)?r\s+to\s+ask)"
        r"[^\n]{0,120}?\b(?:join\s+(?-i:\p{Lu})|become\s+a\s+(?:member|subscriber|supporter|patron)"
        r"|becoming\s+a\s+(?:member|subscriber|supporter|patron)|donat(?:e|ing|ion)"
        r"|support\s+(?:us|our\s+(?:work|journalism|reporting))"
        r"|we\s+need\s+your\s+(?:help|support)|(?:a\s+)?proposition\s+for\s+you)"
        # the outlet says it lives on gifts: "X is a nonprofit newsroom … Donate today."
        r"|^(?![\"“‘'])\W*(?:our\s+(?:\S+\s+){0,2}?|(?:\S+\s+){1,5}?(?:is|are)\s+an?\s+"
        r"(?:\S+\s+){0,2}?)(?:non-?profit|not-for-profit|independent|(?:reader|member|listener"
        r"|viewer)-(?:funded|supported))\b[^\n]{0,300}?\b(?:your\s+(?:\S+\s+){0,3}?donations?"
        r"|(?:reader|member)\s+donations|need\s+your\s+(?:help|support)"
        r"|support\s+our\s+(?:mission|work|journalism|reporting|newsroom)"
        r"|donate\s+(?:today|now)|(?:make|give)\s+a\s+(?:\S+\s+){0,2}?(?:donation|gift|contribution)"
        r"|become\s+a\s+(?:member|friend|supporter|patron|sustainer))"
        # the ask alone: "Support our nonprofit newsroom. Donate today."
        r"|^\W*support\s+our\s+(?:\S+\s+){0,2}?(?:newsroom|journalism|reporting)\W+"
        r"(?:donate|give|make\s+a\s+(?:\S+\s+){0,2}?(?:donation|gift))\b[^\n]{0,40}$"
        # a question on the piece, then the ask: "Did you find this useful? Support our newsroom."
        r"|^\W*(?:did\s+you\s+(?:find|enjoy|like)|was\s+this\s+(?:\S+\s+){0,2}?(?:useful|helpful))"
        r"[^\n?]{0,80}\?\s*(?:please\s+)?(?:support|donate\s+to|join)\s+(?:us|our\s+(?:\S+\s+){0,2}?"
        r"(?:newsroom|journalism|reporting|work))\b"
    )
    topic = FUNDING_WORDS

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        if not (FIRST_PERSON.search(line.text) or NEWS_OUTLET.search(line.text)):
            return KEEP  # a charity's appeal reported, not the outlet's own
        return super().check(line, match, metadata)


# The outlet speaking of itself, as its appeals do, or naming itself a news outlet.
FIRST_PERSON = regex.compile(r"(?i)\b(?:our|we|us)\b")
NEWS_OUTLET = regex.compile(
    r"(?i)\b(?:newsroom|news\s+(?:organi[sz]ation|outlet|site|service)|(?:radio|tv|television"
    r"|public\s+media)\s+station|publication|media\s+(?:organi[sz]ation|outlet|company))\b"
)


class InterfaceText(LineRule):
    id = "interface-text"
    summary = (
        "Drop button and widget labels alone on a line ('Read more', 'Share', 'Table of Contents')."
    )
    why = (
        "Buttons, share bars, recipe cards and table-of-contents boxes leave their labels between "
        "paragraphs. Alone on a line, such a label is page furniture; in a sentence it is not "
        "touched."
    )
    max_words = 6
    examples = (
        Example("Text.\n\nRead more\n\nMore text.", "Text.\n\nMore text."),
        Example("Table of Contents\n- Intro\n- Method", "- Intro\n- Method"),
        Example("Text.\nShare this article\nPrint\nBack to top", "Text."),
        Example("Back to blog\nText.\nLoading...", "Text."),
        Example("Text size\nText.\n- Print Article\n- Order Reprints\nExplore further", "Text."),
        Example(
            "Text size: A A A\nText.\nPrinter-friendly version\nE-mail this article\n"
            "Send to a friend\nBookmark this page\nTop of page",
            "Text.",
        ),
        Example(
            "Text.\nStory Tools\nBookmark and Share\nClick here to see more photos\nPermalink",
            "Text.",
        ),
        Example(
            "Save article\nGift this article\nShare full article\nText.\nTweet\nPin It\n"
            "(opens in new tab)\nRead next",
            "Text.",
        ),
        Example(
            "Text.\nView image in fullscreen\nSkip past newsletter promotion\n"
            "after newsletter promotion\nCopy this link\nVideo duration 02 minutes 14 seconds",
            "Text.",
        ),
        Example("A+ A-\nSearch This Blog\nText.\nRead this in our app", "Text."),
        Example("Jump to Recipe\nText.\nPrint Recipe\nPin Recipe\n4.9 from 37 votes", "Text."),
        Example(
            'Text.\nRelated\nThe summer plan\nIn "Planning"', "Text.\nRelated\nThe summer plan"
        ),
        Example(
            "Text.\nPin it for later!\nAcquire Licensing Rights, opens new tab\n"
            "Please enable JavaScript\nSign the Guest Book\nSend Flowers\nENDS\n"
            "Was this page helpful?\nName *\nEmail *",
            "Text.",
        ),
        Example(
            "Text.\nLike Loading...\n\nNewer Post Older Post Home\n"
            "Subscribe to: Post Comments (Atom)",
            "Text.",
        ),
        Example(
            "Text.\nOlder Post Home\nSubscribe to: Posts (Atom)\nView my complete profile\n"
            "Powered by Blogger.\nProudly powered by WordPress",
            "Text.",
        ),
        Example("Text.\nFollow\nListen\n1.2K claps\nMore.", "Text.\nMore."),
        Example(
            "Text.\nSocial Sharing\nListen | 7:42\nMore.\nDuration 2:14\nRepublish", "Text.\nMore."
        ),
    )
    keeps = (
        "Read more books, the doctor said.",
        "Share prices fell.",
        "The table of contents lists nine chapters.",
        "Back to the blog's first year: 2009.",
        "Loading the truck took an hour...",
        "Print this article out and keep it, the nurse said.",
        "More than 40 people died.",
        "More",
        "E-mail this article to your MP, the campaign urges.",
        "Rate this page's advice yourself before you act on it.",
        "The RSS feed went quiet in 2013.",
        "Story tools for teachers are on the school's site.",
        "Click here for more photos of the flood, readers wrote.",
        "Save the date: June 4.",
        "Keep reading, the teacher told them.",
        "Up next for the council: the budget.",
        "Powered by WordPress, the site grew to a million readers.",
        "Older posts on the home page fade.",
        "    print();",
        "Search this blog for recipes, the author suggests.",
        "A+",
        "Print recipes from the archive, the editor said.",
        "4.9 from 37 votes is a fine score for a first book.",
        "Send flowers to the hospital, the family asked.",
        "Enable JavaScript and the page loads, the developer wrote in 2009.",
        "Follow the money.",
        "12 claps of thunder rolled over the valley.",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:read more|continue reading|read (?:the )?full (?:story|article|review|post)"
        r"|read our full review|see more|show more|show less|load more|view more|click to expand"
        r"|back to (?:top|home|(?:the |all )?(?:blog|news|articles|posts|stories|resources))"
        r"|scroll to top|print|share|share this(?: article| story| post| page)?|copy link"
        r"|link copied|table of contents|in this (?:article|post|guide)"
        r"|jump to(?: section| recipe| video)?"
        # the buttons and score of recipe cards
        r"|(?:print|pin|save|rate)(?: this)? recipe|\d(?:\.\d{1,2})? from \d+ (?:votes?|ratings?)"
        r"|on this page|loading(?=\s*(?:\.\.\.|…))|print (?:this )?(?:article|story|page)"
        r"|order (?:a )?reprints?|reprints?(?: (?:&|and) permissions)?|(?:text|font) size"
        r"|explore further|this (?:article|story|page) has been sent to|more\s*:"
        r"|printer[- ]?friendly(?: (?:version|page|format))?|e-?mail (?:this|to a friend)"
        r"(?: (?:article|story|page))?|send (?:this )?to a friend|(?:bookmark|rate) this"
        r" (?:page|article|story|post)|(?:return to|go to|back to the) top|top of (?:the )?page"
        r"|rss(?: feeds?)?|(?:text|font) size\W*(?:a\W*){2,3}"
        # the tools of blog software and of older news pages
        r"|(?:story|article) tools|permalink|trackback|bookmark (?:and|&) share|send to friend"
        r"|like loading|be the first to like this|most e-?mailed"
        r"|(?:(?:newer|older) posts?\s+){1,2}home"
        r"|subscribe to\W+(?:post comments|posts) \(atom\)|view my complete profile"
        r"|(?:proudly\s+)?powered by (?:wordpress|blogger|drupal|joomla|vbulletin|phpbb|typepad"
        r"|movable type|squarespace|tumblr)(?:\.com)?|blog at wordpress\.com|click here (?:to (?:see|view) |for )more"
        r" (?:photos|pictures|images)"
        # article tools and links to what comes next on current pages
        r"|save(?: (?:this )?(?:article|story))?|gift (?:this )?(?:article|story)"
        r"|share (?:the )?full (?:article|story)|reuse this content"
        r"|(?:read|open)(?: (?:this|it))? in (?:the |our )?app|search this (?:blog|site)"
        r"|a\s*[+-]\s*a\s*[+-]"
        r"|tweet(?: this)?|pin (?:it|this)(?: for later)?|read next|keep reading|watch live"
        # what a page says to a reader without scripts
        r"|(?:please )?(?:enable|turn on) javascript(?: in your browser)?"
        # the buttons of an obituary's guest book
        r"|sign the guest ?book|send flowers|share a memory"
        # a release's end mark, a page's feedback question, a form's required fields
        r"|-*\s*ends\s*-*|(?:was|is) this (?:page|article|information|answer) (?:helpful|useful)\??"
        r"|(?:name|e-?mail(?: address)?|website|comment|message)\s*\*"
        r"|opens? (?:in )?(?:a )?new (?:window|tab)|copy this link|close share panel"
        r"|view image in fullscreen|(?:skip past|after) newsletter promotion"
        r"|acquire licensing rights|play video|explore more on (?:these|this) topics?"
        r"|video duration \d+ minutes?(?: \d+ seconds?)?|report an? (?:error|correction|typo)"
        r"|related topics"
        # a blog platform's buttons and applause count beside the author's name
        r"|follow|listen|[\d.,]+[km]?\s+claps?"
        # a story's tools on public broadcasters' and nonprofit newsrooms' pages, and a player's
        # length: "Social Sharing", "Republish", "Listen | 7:42", "Duration 2:14"
        r"|social sharing|republish(?: this (?:article|story))?"
        r"|(?:listen|watch|duration)\s*\|?\s*\d{1,2}:\d{2}(?::\d{2})?"
        # the category under each related post of WordPress's related-posts box
        r"|in [\"“][^\"”\n]{1,40}[\"”])"
        # a screen reader's note on a link ("Acquire Licensing Rights, opens new tab"), and
        # nothing after the label but marks: not a call or a statement ("print();")
        r"(?:,?\s*opens? (?:in )?(?:a )?new (?:window|tab))?(?:_|[^\w({};=])*$"
    )


class AccountPrompt(LineRule):
    id = "account-prompt"
    summary = "Drop login and account prompts alone on a line ('Sign in', 'Already a subscriber? Log in')."
    why = (
        "Site headers and comment boxes ask the reader to log in, register or manage an "
        "account; extraction keeps the labels as lines of their own. Alone on a line they are "
        "page furniture; a sentence about logging in is not touched."
    )
    max_words = 12
    triggers = ("log", "sign", "regist", "account", "password", "subscriber")
    examples = (
        Example("Sign in\nRegister\nThe storm hit.", "The storm hit."),
        Example("Text.\nAlready a subscriber? Log in\nMore.", "Text.\nMore."),
        Example("Text.\nLog in to comment\nForgot your password?", "Text."),
        Example("Log in | Register\nThe storm hit.", "The storm hit."),
        Example("Text.\nLog in or register to post comments\nLogin to post comments", "Text."),
        Example("Text.\nRegister now for FREE unlimited access to Reuters.com", "Text."),
    )
    keeps = (
        "Sign in the window said closed.",
        "Log in / register counts rose 8% (table 2).",
        "Register of Deeds",
        "She logged in at 9 and saw the account was empty.",
        "My account of the day differs.",
    )
    pattern = regex.compile(
        r"(?i)^[\W_]*(?:(?:log|sign)\s*(?:in|on|out|up)(?:\s+(?:here|now"
        r"|(?:with|using|via)\s+\w+(?:\s+\w+)?))?(?:\s+or\s+register)?(?:\s+to\s+(?:comment"
        r"|reply|continue|your\s+account|save|post(?:\s+(?:a\s+)?comments?)?|read|view))?"
        r"|register(?:\s+(?:now|here|for\s+free))?"
        r"|create\s+(?:an|your|a\s+free)\s+account|my\s+account|manage\s+(?:your\s+)?account"
        r"|register\s+(?:now\s+)?for\s+free(?:\s+unlimited)?\s+access(?:\s+to\s+[\w.]+)?"
        r"|forgot\s+(?:your\s+)?(?:password|username)\??|reset\s+(?:your\s+)?password"
        r"|already\s+(?:a\s+(?:subscriber|member)|have\s+an\s+account|registered)\s*\??"
        r"(?:\s*(?:log|sign)\s*in(?:\s+here)?)?|(?:not\s+a\s+(?:subscriber|member)|new\s+here)\s*\??"
        r"(?:\s*(?:subscribe|register|sign\s*up|join)(?:\s+now)?)?"
        r"|(?:log\s*in|sign\s*in|register|sign\s*up|log\s*out|my\s+account)"
        r"(?:\s*[|/·•]\s*(?:log\s*in|sign\s*in|register|sign\s*up|subscribe|log\s*out"
        r"|my\s+account)){1,3})[\W_]*$"
    )


# The words of a row of share buttons: the networks and the actions.
SHARE_NETWORKS = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "reddit",
        "whatsapp",
        "pinterest",
        "email",
        "e-mail",
        "mail",
        "print",
        "tumblr",
        "telegram",
        "messenger",
        "flipboard",
        "pocket",
        "sms",
        "tweet",
        "pin",
        "reprints",
        "printable",
        "printer-friendly",
        "bookmark",
        # the networks of follow bars, which extraction flattens the same way
        "instagram",
        "youtube",
        "tiktok",
        "threads",
        "bluesky",
        "mastodon",
        "snapchat",
        # the bookmarking sites of older pages' share bars
        "digg",
        "delicious",
        "stumbleupon",
        "technorati",
        "newsvine",
        "myspace",
        "blogthis",
    ]
)
SHARE_FILLERS = frozenset(
    [
        "share",
        "this",
        "article",
        "story",
        "page",
        "post",
        "on",
        "via",
        "to",
        "a",
        "friend",
        "copy",
        "link",
        "the",
        "with",
        "version",
    ]
)
# A share bar's count of comments ("Print | Comments (3)"): a button of the bar. Numbers
# elsewhere make a table of networks ("Facebook 42 | Twitter 17"), not a bar.
COMMENT_COUNT = regex.compile(r"\bcomments?\s*\(\d+\)")
SHARE_WORD = regex.compile(r"[\w]+(?:-[\w]+)*")


class ShareRow(LineRule):
    id = "share-row"
    summary = "Drop rows of share buttons ('E-mail to a friend | Print', 'Facebook Twitter Email')."
    why = (
        "Share bars are a row of networks and actions, follow bars a row of networks "
        "('Facebook X (Twitter) Instagram'); extraction flattens them into one line of their "
        "names. A line made only of such names, two different ones at least, is no sentence."
    )
    max_words = 16
    triggers = (
        "facebook",
        "twitter",
        "instagram",
        "youtube",
        "mail",
        "print",
        "linkedin",
        "whatsapp",
        "reddit",
        "tweet",
        "digg",
        "del.icio.us",
        "delicious",
        "stumbleupon",
    )
    examples = (
        Example("Text.\nE-mail to a friend | Print\nMore.", "Text.\nMore."),
        Example("Share this: Facebook Twitter Email\nText.", "Text."),
        Example("Text.\nDigg this | del.icio.us | StumbleUpon", "Text."),
        Example("Text.\nE-mail to a friend | Print this article | Reprints", "Text."),
        Example("Text.\nShare this with Email Facebook Messenger Twitter WhatsApp", "Text."),
        Example(
            "Text.\nEmail This BlogThis! Share to Twitter Share to Facebook Share to Pinterest",
            "Text.",
        ),
        Example("Facebook X (Twitter) Instagram\nText.", "Text."),
        Example(
            "Text.\n| E-mail to a friend | Print this story | Comments (3) |\n"
            "Email this article | Printable version | Bookmark",
            "Text.",
        ),
    )
    keeps = (
        "Facebook and Twitter shares fell.",
        "Instagram, YouTube and TikTok users",
        "Print the e-mail for a friend.",
        "Share the link on Facebook, she wrote.",
        "Twitter",
        "Text.\n\nFacebook\nTwitter\nLinkedIn",
        '"email": email,',
        "Print version 2 comments",
        "Facebook 42 | Twitter 17 | Reddit 9 | Email 6",
        "Print 8 x 10",
    )

    def check(self, line: Line, match: regex.Match[str] | None, metadata: Metadata) -> str | Keep:
        row = COMMENT_COUNT.sub(" ", line.lower.replace("del.icio.us", "delicious"))
        words = SHARE_WORD.findall(row)
        networks = {word for word in words if word in SHARE_NETWORKS}
        if len(networks) >= 2 and all(word in networks or word in SHARE_FILLERS for word in words):
            return DROP
        return KEEP
