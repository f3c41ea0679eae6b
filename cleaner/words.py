"""Where the spelling rules may correct a word, and the spans they never touch.

Never touched: URLs, e-mail addresses, @handles and #hashtags, words joined to digits,
underscores, dots, slashes, hyphens or square brackets (domains, "U.S.", file names, compounds,
a quote's altered letters: "[a]dverse"), code spans in
backticks, calls, tags and braces, and everything inside quotation marks, where a name may be
transliterated or a term quoted as printed, except the lower-case words of a quoted sentence
(``LONG_QUOTE`` words or more): a typo there is the transcriber's. ALL-CAPS words and words with inner capitals
are never found, as the rules look up lower-case and capitalised forms only.

Speed: a rule first takes ``word_set`` (one C-level pass, shared by the rules through a cache)
and tests it against its word lists with set operations; only words that pass are located with
``find``, so a document without a candidate costs one pass. Where a rule asks about many words
of one text (prose full of names or of distinct misspellings), ``find``, ``carry``,
``WordPlaces`` and ``lower_case_counts`` scan the text once instead of searching it for each
word, so the cost stays linear.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Generic, TypeVar

import regex
from rapidfuzz.utils import default_process

from cleaner.lines import line_starts
from cleaner.rule import Fix

V = TypeVar("V")

WORD = regex.compile(r"\p{L}+")
# Up to this many words are located one by one, each with a search of the text; asked about
# more, ``find``, ``carry`` and ``WordPlaces`` scan the text's words once instead.
FEW_WORDS = 64
SPANS = regex.compile(
    r"(?:https?://|www\.)\S+"
    r"|`[^`\n]*`?|<[^>\n]*>|\{[^}\n]*\}"
    # quotations, to the end of the line when the closing mark is missing (a quote that
    # runs over several paragraphs opens each one and closes only the last)
    r"|\"[^\"\n]*\"?|“[^”\n]*”?|«[^»\n]*»?|‹[^›\n]*›?|„[^“”\n]*[“”]?|(?<!\w)‘[^’\n]*’?"
    r"|「[^」\n]*」?|『[^』\n]*』?"
    # straight single quotes, closed: an apostrophe is one too, so an opening one has no letter
    # or digit before it and no digit after ("5'10", "the '90s"), a closing one no letter or
    # digit after, and one between letters ("don't") is inside; each try stops at the next
    # other apostrophe, so a line of unclosed ones costs linear time
    r"|(?<![\p{L}\p{N}])'(?=[^\s'\p{N}])(?:[^'\n]|(?<=\p{L})'(?=\p{L}))*+(?<=\S)'(?![\p{L}\p{N}])"
)
QUOTE_MARKS = "\"“«‹„‘「『'"
# A quotation of this many words is a speaker's sentence, not a term, title or slogan.
LONG_QUOTE = 6
# A word glued to a bracket is part of an editor's alteration of a quote ("[a]dverse").
JOINED_BEFORE = frozenset("@#＠＃/\\_-=&?+~]")  # full-width marks too: "＃recieve", "＠recieve"
JOINED_AFTER = frozenset("@＠/\\_-(=&[")
APOSTROPHES = "'’"
# What may stand between a sentence's end and its first word: closing marks, then opening ones.
OPENERS = " \t\r\u00a0\ufeff\"'“‘«([*"
CLOSERS = "\"'”’»)]"
# Titles printed with a dot before a name ("Dr. Fromm", "Sen. Waring", "St. Ines"): that dot
# ends no sentence, and the capitalised word after it is a name.
DOTTED_TITLES = frozenset(
    "Mr Mrs Ms Mx Dr Prof St Ste Mt Ft Lt Sen Rep Gov Gen Col Capt Cmdr Cdr Sgt Cpl Pvt Maj "  # noqa: SIM905
    "Adm Brig Rev Fr Hon Pres Supt Insp Det Atty Messrs Mme Mlle vs".split()
)


@dataclass(frozen=True, slots=True)
class Word:
    """A correctable occurrence of a word (a possessive "'s" after it is not part of it)."""

    start: int
    end: int
    text: str


class Recent(Generic[V]):
    """A value computed from a text, kept for the last few texts: the rules ask about the same
    text in turn, and a rule that changed the text can leave the value for the text it made."""

    def __init__(self, compute: Callable[[str], V], size: int = 4):
        self.compute = compute
        self.size = size
        self._local = threading.local()  # each thread asks about its own texts

    @property
    def values(self) -> dict[str, V]:
        values: dict[str, V] | None = getattr(self._local, "values", None)
        if values is None:
            values = self._local.values = {}
        return values

    def __call__(self, text: str) -> V:
        value = self.values.get(text)
        if value is None:
            value = self.compute(text)
            self.put(text, value)
        return value

    def put(self, text: str, value: V) -> None:
        self.values.pop(text, None)
        self.values[text] = value
        if len(self.values) > self.size:
            del self.values[next(iter(self.values))]


# A text longer than this is split in pieces of about this size, at a space, so that its words
# are listed a piece at a time: a 50 MB line would otherwise hold a processed copy and a list
# of eight million words at once.
WORD_SET_PIECE = 1 << 20


def pieces(text: str, size: int = WORD_SET_PIECE) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each cut at a space (a space ends a
    word, so no word is cut in two); a text no longer than that whole."""
    start = 0
    while start < len(text):
        cut = text.find(" ", start + size)
        end = len(text) if cut < 0 else cut
        yield text[start:end]
        start = end


def _word_set(text: str, piece: int = WORD_SET_PIECE) -> frozenset[str]:
    """The distinct words of ``text`` in lower case (with digits: ``find`` judges them later).

    rapidfuzz's ``default_process`` lower-cases and blanks out punctuation in C++, a character
    at a time; with ``split`` that costs a third less than the leanest regular expression scan
    for words. A space ends a word, so the pieces of a long text give the same words.
    """
    if len(text) <= piece:
        return frozenset(default_process(text).split())
    found: set[str] = set()
    for part in pieces(text, piece):
        found.update(default_process(part).split())
    return frozenset(found)


word_set = Recent(_word_set)


@dataclass(frozen=True, slots=True)
class Carried:
    """What fixes did to a text's words: the new text, the words it no longer holds, and the
    words of the replacements."""

    text: str
    gone: frozenset[str]
    added: frozenset[str]


def carry(text: str, fixes: Sequence[Fix]) -> Carried:
    """Apply ``fixes`` (in order, not overlapping) to ``text`` and give the new text its word
    set from ``text``'s: a fix changes the words around it only, so the rules after it do not
    split the whole text again."""
    pieces, before, after = [], set(), set()
    cursor = shift = 0
    for fix in fixes:
        start, end = fix.start, fix.end
        while start and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        pieces += [text[cursor : fix.start], fix.replacement]
        cursor = fix.end
        new_start = start + shift
        shift += len(fix.replacement) - (fix.end - fix.start)
        before.update(default_process(text[start:end]).split())
        after.add((new_start, end + shift))
    pieces.append(text[cursor:])
    new = "".join(pieces)
    added = {word for start, end in after for word in default_process(new[start:end]).split()}
    gone = frozenset(before - added - _holding(new, before - added))
    word_set.put(new, (word_set(text) - gone) | added)
    return Carried(new, gone, frozenset(added))


def _holding(text: str, candidates: set[str]) -> set[str]:
    """The ``candidates`` that are words of ``text`` (as ``word_set`` splits it): a search of
    the text for each while they are few, the text's words when many (fixes of many distinct
    words), so that the cost stays linear."""
    if len(candidates) > FEW_WORDS:
        return candidates & _word_set(text)
    spaced = f" {default_process(text)} "
    return {word for word in candidates if f" {word} " in spaced}


class Spans:
    """The protected spans of a text, found a line at a time as ``protected`` asks: no span
    runs past a line break, so a text with a few candidate words costs a scan of their lines
    (the pattern is slow: its many openings leave the engine no fast search), not of the
    whole text."""

    __slots__ = ("lines", "starts", "text")

    def __init__(self, text: str):
        self.text = text
        self.starts = line_starts(text.split("\n"))
        self.lines: dict[int, tuple[list[int], list[int], list[bool]]] = {}

    def of_line(self, position: int) -> tuple[list[int], list[int], list[bool]]:
        """The starts and ends of the spans on ``position``'s line, and whether each is a
        quoted sentence."""
        line = bisect.bisect_right(self.starts, position) - 1
        if line not in self.lines:
            starts, ends, sentences = [], [], []
            for match in SPANS.finditer(self.text, self.starts[line], self.starts[line + 1] - 1):
                starts.append(match.start())
                ends.append(match.end())
                quoted = match.group()
                sentences.append(quoted[0] in QUOTE_MARKS and quoted.count(" ") >= LONG_QUOTE - 1)
            self.lines[line] = starts, ends, sentences
        return self.lines[line]


@lru_cache(maxsize=4)  # the rules ask about the same text in turn
def _spans(text: str) -> Spans:
    return Spans(text)


def protected(text: str, start: int, end: int, speech: bool = False) -> bool:
    """Whether ``text[start:end]`` is joined to non-letters or inside a protected span; with
    ``speech``, a quoted sentence does not protect it."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in JOINED_BEFORE or before.isdigit() or after in JOINED_AFTER or after.isdigit():
        return True
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return True
    following = text[end + 1 : end + 2]
    if (after == "." and following.isalnum()) or (after == ":" and following == "/"):
        return True
    # a possessive "'s" is fine, a contraction ("couldn't") or a name ("O'Brien") is not
    if (
        after in APOSTROPHES
        and following.isalpha()
        and (following != "s" or text[end + 2 : end + 3].isalpha())
    ):
        return True
    starts, ends, sentences = _spans(text).of_line(start)
    index = bisect.bisect_right(starts, start) - 1
    return index >= 0 and ends[index] > start and not (speech and sentences[index])


def find(
    text: str, targets: Iterable[str], correctable_only: bool = True, speech: bool = False
) -> list[Word]:
    """Every correctable occurrence of the ``targets`` (exact case), in text order; with
    ``correctable_only`` off, every whole-word occurrence (quoted ones are evidence too); with
    ``speech``, lower-case targets in quoted sentences too."""
    found = []
    for target, position in _whole_words(text, list(targets)):
        end = position + len(target)
        in_speech = speech and target.islower()
        if not (correctable_only and protected(text, position, end, in_speech)):
            found.append(Word(position, end, target))
    found.sort(key=attrgetter("start"))
    return found


def _whole_words(text: str, targets: list[str]) -> Iterator[tuple[str, int]]:
    """Each whole-word occurrence of the ``targets`` (exact case) and its position: a search
    of the text for each while they are few, one scan of its words when many (prose full of
    distinct misspellings), so that the cost stays linear; both find the same, as a whole word
    of letters is a run of letters."""
    if len(targets) > FEW_WORDS and all(target.isalpha() for target in targets):
        wanted = frozenset(targets)
        for match in WORD.finditer(text):
            if match.group() in wanted:
                yield match.group(), match.start()
        return
    for target in targets:
        position = text.find(target)
        while position >= 0:
            end = position + len(target)
            if (not position or not text[position - 1].isalpha()) and (
                end == len(text) or not text[end].isalpha()
            ):
                yield target, position
            position = text.find(target, end)


def words(text: str) -> list[Word]:
    """Every correctable word of ``text``, for the batch statistics' first pass."""
    return [
        Word(match.start(), match.end(), match.group())
        for match in WORD.finditer(text)
        if not protected(text, match.start(), match.end())
    ]


def is_title(word: str) -> bool:
    """One capital then lower case: a name, or any word opening a sentence."""
    return word[0].isupper() and word[1:].islower()


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a line or follows the end of a sentence; not after
    an initial or a title's dot, where a name follows ("Shelia R. Cotten", "Dr. Fromm")."""
    position = start
    while position and text[position - 1] in OPENERS:
        position -= 1
    while position and text[position - 1] in CLOSERS:
        position -= 1
    if position >= 2 and text[position - 1] == ".":
        before = position - 1
        while before and text[before - 1].isalpha():
            before -= 1
        abbreviation = text[before : position - 1]
        if (len(abbreviation) == 1 and abbreviation.isupper()) or abbreviation in DOTTED_TITLES:
            return False
    return position == 0 or text[position - 1] in "\n.!?:…"


def previous_word(text: str, start: int) -> str:
    """The word right before ``start`` on its line, separated by one space, else ''."""
    if start < 2 or text[start - 1] != " ":
        return ""
    end = start - 1
    begin = end
    while begin and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


# Longer than this, a run of letters is no word a neighbour is looked up as.
LONGEST_NEIGHBOUR = 40


def next_word(text: str, end: int) -> str:
    """The word right after ``end`` on its line, separated by one space, else ''."""
    if end + 1 >= len(text) or text[end] != " ":
        return ""
    start = stop = end + 1
    while stop < len(text) and stop - start <= LONGEST_NEIGHBOUR and text[stop].isalpha():
        stop += 1
    return text[start:stop]


LETTERS = regex.compile(r"\p{L}+")


class WordPlaces:
    """Where whole words (exact case) stand in a text, on demand.

    Most texts are asked about a few names: a search each is far cheaper than listing every
    word. A text asked about many (prose full of names) is scanned once, so asking about all
    its words still costs linear time.
    """

    __slots__ = ("asked", "index", "text")

    def __init__(self, text: str):
        self.text = text
        self.asked: dict[str, list[int]] = {}
        self.index: dict[str, list[int]] | None = None

    def __call__(self, word: str) -> list[int]:
        if self.index is None and word not in self.asked and len(self.asked) >= FEW_WORDS:
            self.index = {}
            for match in LETTERS.finditer(self.text):
                self.index.setdefault(match.group(), []).append(match.start())
        if self.index is not None:
            return self.index.get(word, [])
        if word not in self.asked:
            found = find(self.text, (word,), correctable_only=False)
            self.asked[word] = [occurrence.start for occurrence in found]
        return self.asked[word]


# The standard library's engine: for a plain class it scans about twice as fast as regex.
LOWER_CASE = re.compile(r"[a-z]+")
LOWER_CASE_RUN = re.compile(r"[a-z]*")


def lower_case_counts(text: str, candidates: Sequence[str]) -> dict[str, int]:
    """How often ``text`` prints each of ``candidates`` (words of a to z) as a whole word in
    lower case ("towar" is not counted in "toward": a typo that cuts a word's end would
    otherwise pass for the text's own word): a search of the text for each while they are
    few, one scan of the text's lower-case words when many, so that prose full of rare words
    costs linear time; both count the same."""
    if not candidates:
        return {}
    if len(candidates) <= FEW_WORDS:
        return {word: _whole_word_count(text, word) for word in candidates}
    counts = Counter(LOWER_CASE.findall(text))
    return {word: counts[word] for word in candidates}


def _whole_word_count(text: str, word: str) -> int:
    """How often ``word`` (a to z) is a whole run of lower-case letters of ``text``. Each
    place it is found inside a longer run, the search goes on after that run, so that a text
    of one long run costs linear time."""
    count = 0
    start = text.find(word)
    while start >= 0:
        run_end = LOWER_CASE_RUN.match(text, start).end()  # type: ignore[union-attr]
        if run_end == start + len(word) and not (start and "a" <= text[start - 1] <= "z"):
            count += 1
        start = text.find(word, max(run_end, start + 1))
    return count
