"""Template markup that a page's publishing system failed to render."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class TemplatePlaceholder(LineRule):
    id = "template-placeholder"
    summary = "Drop unrendered placeholders and shortcodes alone on a line ('[CTA_MODULE]')."
    why = (
        "Content systems mark where a widget goes with a placeholder ('[CTA_MODULE]') or a "
        "WordPress shortcode ('[caption id=…]', '[/caption]', '[convertkit form=123]'). When "
        "the widget is not rendered the marker stays in the page's text; it is markup, not "
        "prose. Only upper-case placeholder names and lower-case shortcodes are taken, so "
        "bracketed words that a writer put there ('[Updated]', '[sic]') stay."
    )
    max_words = 12
    triggers = ("[",)
    examples = (
        Example("Text.\n[CTA_MODULE]\n[CTA_MODULE]\nMore.", "Text.\nMore."),
        Example(
            'Text.\n\n[convertkit form=1630175]\n\n[caption id="attachment_12" align="alignnone"]'
            "\n\nMore.",
            "Text.\n\nMore.",
        ),
        Example("Text.\n[/caption]\nMore.", "Text.\nMore."),
    )
    keeps = (
        "[Updated]",
        "[sic]",
        "[1]",
        "[PDF]",
        "[Read more: A guide to small business accounting]",
        "arr[i] = value",
    )
    pattern = regex.compile(
        r"^\s*\[(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
        r"|/?[a-z][a-z0-9_-]*(?:\s+[a-z_-]+=(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))+"
        r"|/[a-z][a-z0-9_-]*)\]\s*$"
    )
