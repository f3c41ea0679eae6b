"""Inputs built to make each rule's work grow faster than its input, at any size.

For every rule, its own examples and keeps are stretched four ways: repeated as many short
lines (a per-line scan of the rest of the document shows here), glued into one long line
without spaces (patterns whose word limit counts only spaces, and nested quantifiers, show
here), repeated as one long line of words (span patterns that retry at every word), and each
word glued to itself on a line of its own (date and time patterns). ``many_names``, prose full
of different rare names, is for the rules that compare words with each other. A linear rule costs about four times as
much on an input four times as long.
"""

from __future__ import annotations

from collections.abc import Callable

from cleaner.rule import Rule

Shape = Callable[[Rule, int], str]


def _samples(rule: Rule) -> list[str]:
    return [example.before for example in rule.examples] + list(rule.keeps)


def _repeat(unit: str, size: int, joiner: str) -> str:
    """Whole copies of ``unit``, about ``size`` characters: every size ends the same way."""
    unit = unit or "x"
    return joiner.join([unit] * max(1, size // (len(unit) + len(joiner))))


def many_lines(rule: Rule, size: int) -> str:
    unit = "\n".join(line for text in _samples(rule) for line in text.split("\n") if line.strip())
    return _repeat(unit, size, "\n")


def one_line_without_spaces(rule: Rule, size: int) -> str:
    return _repeat("".join("".join(text.split()) for text in _samples(rule)), size, "")


def one_line_of_words(rule: Rule, size: int) -> str:
    return _repeat(" ".join(" ".join(text.split()) for text in _samples(rule)), size, " ")


def each_word_glued(rule: Rule, size: int) -> str:
    """The samples' words richest in digits and marks, each repeated without spaces on a line
    of its own and ended by a letter that spoils the match: a line of glued times
    ("10:3210:32…x") can be cut into stamps in many ways before a pattern fails."""
    words = sorted(
        {word for text in _samples(rule) for word in text.split()},
        key=lambda word: (-sum(not char.isalpha() for char in word) / len(word), word),
    )[:4]
    return "\n".join(_repeat(word, size // len(words), "") + "x" for word in words)


def many_names(rule: Rule, size: int) -> str:
    """Prose full of different rare capitalised words, each printed twice: every one of them a
    candidate name to compare with every other."""
    letters = "bcdfghklmnprstvz"
    names = []
    number = 0
    while sum(len(name) + 1 for name in names) < size // 2:
        suffix, rest = "", number
        for _ in range(4):
            rest, digit = divmod(rest, len(letters))
            suffix += letters[digit] + "aeiou"[digit % 5]
        names.append("K" + suffix)
        number += 1
    sentences = [
        f"{a} met {b} in the hall." for a, b in zip(names, names[1:] + names[:1], strict=True)
    ]
    return "\n".join(sentences)


SHAPES: dict[str, Shape] = {
    "many-lines": many_lines,
    "one-line-without-spaces": one_line_without_spaces,
    "one-line-of-words": one_line_of_words,
    "each-word-glued": each_word_glued,
}
