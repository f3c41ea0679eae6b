"""Spelling: fix real misspellings, never names, rare words or British English.

A wrong change to article text is worse than a missed typo, so each layer corrects only what it
can prove: a curated typo list, an unknown word with a single frequent neighbour, a name the
same document (or batch) prints far more often another way, and a few phrases where a real word
stands for another. Each layer first tests the text's word set against its lists with set
operations (one shared C-level scan) and locates words only when that found something. A text in
another language is left alone: English frequencies cannot tell its words from typos.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

import regex
from rapidfuzz import process
from rapidfuzz.distance import OSA

from cleaner import lexicon
from cleaner.lexicon import VOWELS
from cleaner.metadata import Metadata
from cleaner.rule import DocumentRule, Example, Fix, Phase, SpanRule
from cleaner.vocabulary import MIN_COUNT, Vocabulary, active
from cleaner.words import (
    Word,
    WordPlaces,
    find,
    is_title,
    lower_case_counts,
    next_word,
    previous_word,
    starts_sentence,
    word_set,
)

# A capitalised name this common is also a word (Austin, Bush, Smith): never merged.
NAME_MAX_ZIPF = 3.0
# The count route: the frequent form seen MIN_COUNT times, and this many times the rare one.
NAME_MIN_RATIO = 3
# A name shorter than this is one edit from many other names ("Lee", "Leo"; the Māori "Ngāi",
# "Ngāti"): as for two edits, only the same first name before both says they are one.
SHORT_NAME = 5
# Titles before a surname say nothing about which person it is ("Mr Kowalczek", "Marta Kowalczyk").
HONORIFICS = frozenset(
    "Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady President Premier Minister Senator "  # noqa: SIM905
    "Sen Rep Representative Gov Governor General Gen Col Colonel Capt Captain Judge Justice "
    "Mayor Envoy Ambassador Secretary Chancellor King Queen Prince Princess Pope Father Rev "
    "Officer Detective Sergeant Sgt Coach Chairman Chairwoman Chief Cllr Councillor Councilman "
    "Councilwoman Alderman Rabbi Imam Bishop Archbishop Cardinal Pastor Reverend Lt Lieutenant "
    "Maj Cpl Corporal Pte Adm Admiral Cmdr Commander Brigadier Inspector Constable Supt "
    "Superintendent Sheriff Commissioner Deputy".split()
)
# Words before a place's name ("sailed from Cowes"), not before a person's.
PLACE_PREPOSITIONS = frozenset(
    "in at from to near into outside around across towards toward via".split()  # noqa: SIM905
)
# The list route: a slip is printed once or twice; a form printed more is the writer's choice
# (a product, a transliteration), whatever the list says.
NAME_MAX_SLIPS = 2
# An unknown word is corrected only to a word this many Zipf units (powers of ten) more common.
UNKNOWN_MIN_GAP = 2.0
# Pieces a rare but right word is built from ("un|evidenced", "urban|ize", "small|sat").
PREFIXES = frozenset(
    "a an anti auto bi co counter de dis down em en ex extra hyper in inter macro mega micro "  # noqa: SIM905
    "mid mini mis multi neo non out over post pre pro re self semi sub super tele trans tri "
    "ultra un under up".split()
)
# No one-letter suffixes: adding or dropping an "s" or a "d" is as often a typo.
SUFFIXES = frozenset(
    "es ed ing er ers est ly ness less ful ism ist ists ize ise ized ised izing ising ization "  # noqa: SIM905
    "isation able ible ability ment ments ship ships hood dom like wise ware ee ees ify ified "
    "ifies ifying ification".split()
)
PART_ZIPF = 3.0  # a piece this common is a word
# Suffixes before which English respells its stem: "sturdy" gives "sturdiest", "coarse" gives
# "coarsest", "pot" gives "potting", "flour" gives "floury".
Y_SUFFIXES = ("iest", "ier", "iers", "iness", "ily")
E_SUFFIXES = ("est", "er", "ers", "ing", "ed", "ish", "able")
DOUBLING_SUFFIXES = ("ing", "ed", "er", "ers", "est", "y")
# A word this common glued to another ("companiesin") is two words, not a typo of one of them.
GLUE_ZIPF = 5.5


def matched_case(word: str, replacement: str) -> str:
    """``replacement`` in the case of ``word``: "Recieve" gives "Receive"."""
    if is_title(word) and replacement.islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def correctable(text: str, found: list[Word]) -> list[Word]:
    """The words of ``found`` a layer may correct: lower case anywhere; capitalised only where
    a sentence starts, no name follows, and the text prints it nowhere capitalised
    mid-sentence ("Waring said" beside "Sen. Waring" is a name). The capitalised words are
    located together, so that a text of many costs one scan."""
    openers = [word for word in found if word.text.islower() or _opens_sentence(text, word)]
    capitalised = {word.text for word in openers if not word.text.islower()}
    if not capitalised:
        return openers
    names = {
        word.text
        for word in find(text, capitalised, correctable_only=False)
        if not starts_sentence(text, word.start)
    }
    return [word for word in openers if word.text not in names]


# A capitalised word before one of these is the speaker, a name ("Ponting said"), however it
# looks like a misspelling ("pointing").
SPEECH_VERBS = frozenset(
    "said says told added noted explained wrote argued asked replied insisted stated "  # noqa: SIM905
    "claimed warned recalled admitted".split()
)


# A lower-case word that opens its line before one of these, or follows "Posted by", is the
# handle of whoever wrote a comment: "kmills wrote on Dec 15, 2007: …".
POSTING_VERBS = SPEECH_VERBS | {"writes", "posted", "commented", "tweeted", "shared"}
POSTED_BY = regex.compile(r"(?i)\b(?:posted|submitted|written|shared|comment(?:ed)?)\s+by\s+$")
# How far into its line (a table's bar, a bullet) a word may start and still open it.
LINE_OPENING = 4
# How far before a word "Posted by" is sought; no further back is the line's start sought,
# so that a text of one long line costs the same for each word.
HANDLE_REACH = 24


def handle(text: str, word: Word) -> bool:
    """Whether ``word`` is a commenter's handle: it opens its line before a verb of posting
    ("kmills wrote on Dec 15"), or follows "Posted by"."""
    reach = max(0, word.start - HANDLE_REACH)
    line_start = max(text.rfind("\n", reach, word.start) + 1, reach)
    opening = text[line_start : word.start]
    opens_line = len(opening) <= LINE_OPENING and not any(ch.isalnum() for ch in opening)
    if opens_line and next_word(text, word.end) in POSTING_VERBS:
        return True
    return POSTED_BY.search(text, line_start, word.start) is not None


# The endings of the Latin epithet of a plant's or an animal's name ("Arbutus unedo",
# "Euphorbia characias", "Limnanthes douglasii").
EPITHET_ENDINGS = ("a", "us", "um", "is", "ae", "i", "es", "as", "o", "ensis", "oides")
# A genus is a name the frequency list hardly sees ("Euphorbia" is 2.2; "Senate" is 4.9).
GENUS_ZIPF = 3.0


def epithet(text: str, word: Word) -> bool:
    """Whether ``word`` is the Latin epithet of a species' name: a Latin ending, after a
    capitalised word the frequency list hardly knows, the genus ("Arbutus unedo")."""
    if not word.text.endswith(EPITHET_ENDINGS):
        return False
    genus = previous_word(text, word.start)
    return len(genus) >= 4 and is_title(genus) and lexicon.zipf(genus.lower()) < GENUS_ZIPF


def _opens_sentence(text: str, word: Word) -> bool:
    """Whether capitalised ``word`` opens a sentence and no name follows it, nor a verb of
    speech that makes it the speaker's name."""
    following = text[word.end : word.end + 2]
    opens_name = len(following) == 2 and following[0] == " " and following[1].isupper()
    speaker = next_word(text, word.end) in SPEECH_VERBS
    return starts_sentence(text, word.start) and not opens_name and not speaker


def carried(text: str, fixes: Iterable[Fix]) -> list[Fix]:
    """``fixes`` as a list, the word caches told what they make of ``text``: the layers after
    this one then find the new text's words without splitting it again."""
    found = list(fixes)
    if found:
        lexicon.carry(text, found)
    return found


def respelled(word: str) -> bool:
    """Whether ``word`` is a common word with a suffix and the stem respelled as English
    respells it: "sturdiest", "coarsest", "potting", "drippers", "floury"."""
    words, known = lexicon.at_least(PART_ZIPF), lexicon.known_words()
    for suffix in Y_SUFFIXES:
        # "showier", "boxiness": a "y" turned "i" before a suffix is no slip, even of a rarer
        # word ("showy", "boxy")
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and stem + "y" in known:
            return True
    for suffix in E_SUFFIXES:
        stem = word[: -len(suffix)]
        # "manage" keeps its "e" before "-able" ("manageable")
        soft = keeps_silent_e(stem[-1:], suffix)
        if word.endswith(suffix) and len(stem) >= 3 and stem + "e" in words and not soft:
            return True
    for suffix in DOUBLING_SUFFIXES:
        stem = word[: -len(suffix)]
        # a short vowel and a doubled consonant: "pot|t|ing", never "walk|k|ing"
        if (
            word.endswith(suffix)
            and len(stem) >= 4
            and stem[-1] == stem[-2]
            and stem[-1] not in VOWELS
            and stem[-3] in VOWELS
            and stem[-4] not in VOWELS
            and stem[:-1] in words
        ):
            return True
    # "floury", not "fairlyy": a doubled "y" is a slip
    return word.endswith("y") and len(word) >= 6 and word[-2] != "y" and word[:-1] in words


@lru_cache(maxsize=65536)  # rare words recur across a batch's documents
def looks_derived(word: str) -> bool:
    """Whether ``word`` is a prefix and a word, two words, or a word and a suffix, or a prefix
    before a word and a suffix: a rare coinage ("unevidenced", "backglass", "urbanize",
    "repotting", "sturdiest", "unshiftable") rather than a typo of its neighbour.

    The pieces are long and common enough (4 letters, Zipf 3 for a word alone) that a typo
    rarely splits into them by chance ("seas|son" does not count).
    """
    words = lexicon.at_least(PART_ZIPF)
    if respelled(word) or suffixed(word):
        return True
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        if left in PREFIXES and len(right) >= 4 and suffixed(right):
            return True
        left_piece = left in PREFIXES or (len(left) >= 4 and left in words)
        if left_piece and len(right) >= 4 and (right in words or respelled(right)):
            return True
    return False


def suffixed(word: str) -> bool:
    """Whether ``word`` is a common word and a suffix, the stem spelt as English spells it
    before that suffix ("urbanize", "shiftable"; not "moveing")."""
    words = lexicon.at_least(PART_ZIPF)
    for suffix in SUFFIXES:
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 4
            and stem in words
            and not unrespelled(stem, suffix)
        ):
            return True
    return False


def keeps_silent_e(consonant: str, suffix: str) -> bool:
    """Whether a silent "e" after ``consonant`` stays before ``suffix``: a soft "c" or "g"
    needs it before "a" or "o" ("changeable", "manageable", "noticeable")."""
    return consonant in ("c", "g") and suffix[:1] in ("a", "o")


def unrespelled(stem: str, suffix: str) -> bool:
    """Whether English would respell ``stem`` before ``suffix`` and the word did not: a silent
    "e" before a vowel ("moveing", "timeing"; "changeable" keeps it), or a "y" after a
    consonant before anything but "ing" ("earlyest", "easyly", "happyness")."""
    if stem[-1] == "e" and stem[-2] not in VOWELS and suffix[0] in VOWELS:
        return not keeps_silent_e(stem[-2], suffix)
    return stem[-1] == "y" and stem[-2] not in VOWELS and not suffix.startswith("i")


@lru_cache(maxsize=65536)
def glued(word: str) -> bool:
    """Whether ``word`` is two words run together, one of them as common as "in" or "the"
    ("companiesin"): the fix is a space, not a neighbour."""
    words, glue = lexicon.at_least(PART_ZIPF), lexicon.at_least(GLUE_ZIPF)
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        short, long = (left, right) if len(left) < len(right) else (right, left)
        if short in glue and len(long) >= 4 and long in words:
            return True
    return False


# Signs of code and commands in running text: snake_case identifiers, calls, scopes, braces,
# command-line flags, arrows and comparisons, tags, shell prompts, a line that opens with a
# directive ("@prefix rdfs: <http://…>", "@import"), hexadecimal numbers ("movw r0, #0x0").
# Not semicolons or camelCase ("iPhone"): news prints them.
CODE_SIGNS = regex.compile(
    r"\b[A-Za-z]+_\w+|\w\(\)|::|[{}]|(?<![\w-])--[a-z]|==|=>|->|</?[a-z]+>|\$ [a-z]"
    r"|(?m:^)@[a-z]+ |\b0x[0-9a-fA-F]+\b"
)
# What stands between the items of a list: a word with one of these on both sides is an
# item of its own ("baggu | madetrade | amazon", "- tidyr: tidy data"), a name or a term.
# Not a comma: prose sets words off with commas ("It felt, generablly, like").
ITEM_BEFORE = frozenset("-|(:•*·/\n")
ITEM_AFTER = frozenset("-|):/\n")


def list_item(text: str, word: Word) -> bool:
    """Whether ``word`` is a one-word item of a list: no other word on either side before a
    separator. Lists of packages, products and handles hold names, not prose."""
    before = text[max(0, word.start - 3) : word.start].rstrip(" ")
    after = text[word.end : word.end + 3].lstrip(" ")
    return (not before or before[-1] in ITEM_BEFORE) and (not after or after[0] in ITEM_AFTER)


# An ellipsis right after a word (a space may stand between) marks it cut short: a teaser's
# last word ("See the full repor…") lacks its end, which no correction can know.
ELLIPSES = ("...", "…", " ...", " …")


# An apostrophe right after a word in "-in", no letter after it, marks the "g" left out on
# purpose: speech as it sounds ("stoppin'", "nothin'"), whose spelling is the writer's choice.
# (Other words before an apostrophe may close a quotation: "'recieve'" stays a typo.)
APOSTROPHES = ("'", "’")


def cut_short(text: str, word: Word) -> bool:
    """Whether an ellipsis follows ``word`` at once, or nothing but space does (a teaser, a
    snippet or a field cut at a length ends in the middle of a word, without a full stop):
    its end was cut off, not misspelt. So was the start of a lower-case word that nothing but
    space comes before: a snippet cut at a length starts in the middle of a word too ("uring
    the pandemic"). An apostrophe after a word in "-in" marks its "g" left out on purpose
    ("Naebody's stoppin' me")."""
    if text.startswith(ELLIPSES, word.end):
        return True
    if (
        word.text.endswith("in")
        and text.startswith(APOSTROPHES, word.end)
        and not text[word.end + 1 : word.end + 2].isalpha()
    ):
        return True
    if word.text.islower() and not text[: word.start].strip():
        return True
    end = word.end
    while end < len(text) and text[end].isspace():
        end += 1
    return end == len(text)


def cut_or_foreign(text: str, word: Word) -> bool:
    """Whether ``word`` was cut short, or stands among another language's words (a line of
    them, one beside it, or a clause of words English does not use): either way its spelling
    is no English slip."""
    return (
        cut_short(text, word)
        or lexicon.in_foreign_passage(text, word.start)
        or lexicon.in_other_language(text, word.start, word.end)
        or lexicon.in_unknown_run(text, word.start, word.end)
    )


# How far around a word signs of code make it a command, package or identifier: about a
# sentence. 300 characters left the prose of technical posts uncorrected (on WCXB, 0.5 points
# of recall) and kept no clean word more.
CODE_REACH = 100


# A piece of each sign of code: the standard library's engine finds these eight times as fast
# as ``CODE_SIGNS`` is tried (a few megabytes a second), and prose near most words has none.
CODE_PIECES = re.compile(r"_|\(\)|::|[{}]|--|==|=>|->|<|\$ |^@|0x", re.MULTILINE)


def near_code(text: str, word: Word) -> bool:
    """Whether signs of code stand within ``CODE_REACH`` characters of ``word``: beside code,
    an unknown lower-case word is far more often a command, package or identifier ("wget",
    "ncurses", "opam") than a typo."""
    start, end = max(0, word.start - CODE_REACH), word.end + CODE_REACH
    return (
        CODE_PIECES.search(text, start, end) is not None
        and CODE_SIGNS.search(text, start, end) is not None
    )


# Final letters that English words seldom end in, but Italian, Spanish and Latin words that
# English prints as they are ("crudo", "granita", "digitali") and product names ("iconik",
# "rustix", "watsonx") often do.
LOAN_ENDINGS = frozenset("aiokx")


def loan_ending(word: str, correction: str) -> bool:
    """Whether the one edit from ``word`` to ``correction`` is its final letter, the ending of
    a loan word or a name: "crudo" is no slip for "crude", nor "iconik" for "iconic". People
    rarely slip in an English word's last letter to make such an ending, save by doubling it
    ("backk")."""
    if word[-1] not in LOAN_ENDINGS:
        return False
    if correction == word[:-1]:
        return word[-1] != word[-2]
    return len(correction) == len(word) and correction[:-1] == word[:-1]


# Endings people misspell in a regular way, and what they meant: "basicaly", "usefull".
ENDING_SLIPS = (("aly", "ally"), ("icly", "ically"), ("full", "ful"))


def _ending_slip(word: str) -> str | None:
    """``word`` with a misspelt ending mended, when that makes a known word: the nearest
    frequent word is often another ("centraly" is one edit from "central" too)."""
    for wrong, right in ENDING_SLIPS:
        if word.endswith(wrong):
            mended = word[: -len(wrong)] + right
            if mended in lexicon.known_words():
                return mended
    return None


def _correction(word: str) -> str | None:
    """What an unknown lower-case word would be corrected to, by the word alone: a misspelt
    ending; else not a coinage or two words glued, one frequent neighbour far more common,
    not an inflection."""
    mended = _ending_slip(word)
    if mended is not None:
        return mended
    if british_form(word):
        return None
    # the candidate search first: most unknown words have none, and then how they are built
    # does not matter
    correction = lexicon.sole_correction(word) or lexicon.listed_choice(word)
    if correction is None:
        return None
    # two neighbouring letters swapped ("regoin") is a slip, however the word splits
    swapped = len(word) == len(correction) and lexicon.telling_slip(word, correction)
    if not swapped and (looks_derived(word) or glued(word)):
        return None
    return _fitting(word, correction)


# British endings of verbs English also spells with a "z" ("accessorised", "monetising"):
# with the "z", a word the lists know, or its verb, says the word is British, not misspelt.
BRITISH_ENDINGS = ("ise", "ised", "ises", "ising", "isation", "isations", "iser", "isers")


def british_form(word: str) -> bool:
    """Whether ``word`` is a British "-ise" form of a verb the lists know with "-ize"."""
    known = lexicon.known_words()
    for ending in BRITISH_ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            american = stem + "iz" + ending[2:]
            return american in known or stem + "ize" in known
    return False


def _fitting(word: str, correction: str | None) -> str | None:
    """``correction`` when nothing speaks against it: codespell reading the word as another,
    too small a gap in frequency, an inflection, a loan word's ending."""
    first_choice = lexicon.codespell_first_choices().get(word, correction)
    if correction != first_choice:
        # a misspelling people make, that codespell reads as another word first: "sieze" is
        # seize, however much more common "size" is
        return None
    if not correction:
        return None
    distance = OSA.distance(word, correction)
    if (
        lexicon.zipf(correction) - lexicon.zipf(word) >= UNKNOWN_MIN_GAP
        and not lexicon.inflects(word, correction)
        and not loan_ending(word, correction)
        and (
            correction in lexicon.dictionary_words()
            or (distance <= 1 and correction not in lexicon.international_words())
        )
        and (distance <= 1 or two_slips(word, correction))
    ):
        return correction
    return None


def two_slips(word: str, correction: str) -> bool:
    """Whether ``word`` can be ``correction`` with two slips of the kinds people make, rather
    than a word of its own two edits away: no unlike letter for another ("graphviz" is not
    "graphic", "acupoint" not "appoint", "triazoles" not "triangles"); not the correction and
    two more letters ("synthesists", a form of "synthesis"; "boringgg"); not a loan word's or a
    Latin name's ending lost ("muhammara", "sprengeri"); not two words of its own, each of
    three letters or more ("smallsat", "gasfields"). People's misspellings two edits away
    ("neccesary", "dissapear", "undistand") are letters left out, added, doubled, or swapped for
    a vowel or a letter alike in sound."""
    if word.startswith(correction) or (
        word[-1] in LOAN_ENDINGS and not correction.endswith(word[-1])
    ):
        return False
    words = lexicon.at_least(PART_ZIPF)
    if any(word[:cut] in words and word[cut:] in words for cut in range(3, len(word) - 2)):
        return False
    return lexicon.slip_distance(word, correction) <= OSA.distance(word, correction)


# Endings that make a word's other forms: "corvid" and "corvids", "upsert" and "upserting".
FORM_ENDINGS = ("s", "es", "ed", "d", "ing", "er", "ers")
# A stem left when an ending is taken off has this many letters at least ("mux" of "muxing").
SHORTEST_STEM = 3


def other_form_printed(word: str, printed: frozenset[str]) -> bool:
    """Whether ``printed`` (a text's words, lower case) holds another form of ``word`` (an
    ending added or taken off) that no list knows either: "corvids" beside "corvid", "arepa"
    beside "arepas". A slip is not made twice, in two forms of a word; the text's own word is
    (a term, a loan word or a name in lower case)."""
    forms = {word + ending for ending in FORM_ENDINGS}
    forms.update(
        word[: -len(ending)]
        for ending in FORM_ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM
    )
    forms.discard(word)
    known, dictionary = lexicon.known_words(), lexicon.dictionary_words()
    return any(form not in known and form not in dictionary for form in forms & printed)


def may_read_in_context(word: str) -> bool:
    """Whether ``word``, with no correction by itself, has candidates one of which the text
    around it may pick (``lexicon.context_candidates``)."""
    if not lexicon.context_candidates(word):
        return False
    return not (looks_derived(word) or glued(word) or _ending_slip(word) is not None)


def correction_in_context(word: str, text: str) -> str | None:
    """The correction of an ambiguous ``word`` that ``text`` picks: the one nearest candidate
    it prints (``lexicon.correction_in_context``)."""
    return _fitting(word, lexicon.correction_in_context(word, word_set(text)))


# Verdicts kept per process, and words seen once without one; both start again past this size.
VERDICTS_KEPT = 65536
UNJUDGED = ""


class Verdicts:
    """The corrections of unknown words, judged once per process.

    Judging a word (a candidate search among thousands of words) costs several times what
    counting it in one text does, and most unknown words are names a text prints capitalised
    only, which the count alone dismisses. So a word is judged the second time it is seen,
    or the first time it is printed once in lower case: a word the batch repeats then costs
    a look-up, and a name seen once costs no more than its count.
    """

    def __init__(self) -> None:
        self.judged: dict[str, str | None] = {}
        self.seen: set[str] = set()

    def known(self, word: str) -> str | None:
        """The word's correction, None for none, or ``UNJUDGED``."""
        verdict = self.judged.get(word, UNJUDGED)
        if verdict == UNJUDGED and word in self.seen:
            verdict = self.judge(word)
        return verdict

    def judge(self, word: str) -> str | None:
        if len(self.judged) >= VERDICTS_KEPT:
            self.judged.clear()
        verdict = self.judged[word] = _correction(word)
        return verdict

    def saw(self, word: str) -> None:
        if len(self.seen) >= VERDICTS_KEPT:
            self.seen.clear()
        self.seen.add(word)


verdicts = Verdicts()


# The names of months and days, which English capitalises wherever they stand.
CALENDAR_NAMES = frozenset(
    "January February March April May June July August September October November December "  # noqa: SIM905
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


# The calendar names an unknown capitalised word may be taken for: the short months are an
# edit from too many names ("Junee", a town; "Mae").
CALENDAR_WORDS = tuple(name.lower() for name in CALENDAR_NAMES if len(name) >= 6)


def calendar_correction(word: str, verdict: str | None) -> str | None:
    """The month or day that ``word``, an unknown word printed capitalised only, misspells
    ("febuary"), capitalised; None for any other word. Only a word two edits or fewer from
    one of ``CALENDAR_WORDS`` is judged, so that the names of a text cost a look-up."""
    if process.extractOne(word, CALENDAR_WORDS, scorer=OSA.distance, score_cutoff=2) is None:
        return None
    if word in lexicon.other_languages_words():
        return None  # "Oktober", "Dezember": another language's month
    if verdict == UNJUDGED:
        verdict = verdicts.judge(word)
    return verdict.capitalize() if verdict in CALENDAR_WORDS else None


# What stands before a month or a day in a date ("on Wendesday", "in Agust", "3 Febuary"),
# and after one ("Septmber 3").
BEFORE_DATE = regex.compile(
    r"(?i)(?:\b(?:on|in|of|last|next|this|every|since|until|till|by|early|late|mid|from)"
    r"|\d(?:st|nd|rd|th)?)[\s,-]+$"
)
AFTER_DATE = regex.compile(r"[\s,]+\d")


def dated(text: str, word: Word) -> bool:
    """Whether ``word`` stands where a date's month or day does."""
    return (
        BEFORE_DATE.search(text, max(0, word.start - 16), word.start) is not None
        or AFTER_DATE.match(text, word.end) is not None
    )


def name_typo(text: str, word: Word, printed: Counter[str]) -> bool:
    """Whether capitalised ``word`` misspells a proper name codespell lists ("Britian",
    "Portugese"): its capital is the name's. Printed (``printed``: the times the text has each
    form) more than ``NAME_MAX_SLIPS`` times it is someone's own spelling, and before a verb of
    speech a speaker's name."""
    correction = lexicon.codespell_typos().get(word.text.lower(), "")
    return (
        correction[:1].isupper()
        and correction not in CALENDAR_NAMES  # a month or a day is corrected in a date only
        and is_title(word.text)
        and printed[word.text] <= NAME_MAX_SLIPS
        and next_word(text, word.end) not in SPEECH_VERBS
    )


def calendar_typo(word: str) -> bool:
    """Whether capitalised ``word`` misspells a month or a day: its capital is the calendar
    name's, not a name's ("on Wednsday", "in Januray"); not another language's month or day
    ("Juli", "Oktober")."""
    return (
        lexicon.codespell_typos().get(word.lower()) in CALENDAR_NAMES
        and word.lower() not in lexicon.other_languages_words()
    )


class CodespellTypo(DocumentRule):
    id = "typo"
    summary = "Correct common misspellings from codespell's curated list, keeping the case."
    why = (
        "codespell's list pairs misspellings people really make with their one correction "
        "('recieve', 'goverment'). Entries whose misspelling is a word of its own in wordfreq's "
        "frequency list ('chanel', 'claus') or in the dictionary however rare ('arbitral', "
        "'pervious', 'collet'; 'despatch', a British spelling; 'racoon', a variant; 'Handel', a "
        "name), or that offer several corrections, are left out; two words run together "
        "('infact', 'eachother') are taken however often the web writes them, unless the "
        "dictionary lists them ('incase'). Capitalised words are corrected "
        "only where a sentence starts, never as names: not after a title's dot ('Dr. Fromm', "
        "'Sen. Waring'), and not when the text prints the word capitalised mid-sentence too "
        "('Ponting said' beside 'Ricky Ponting'), nor before a verb of speech, which makes "
        "it the speaker's name ('Ponting said' alone); a month or a day is corrected where a "
        "date has it ('on Wednsday'), its capital being the calendar's, and a proper name "
        "codespell lists misspelt ('Britian', 'Carribean') where the text prints it twice at "
        "most, its capital being the name's (a name the web prints often, 'Malcom', is left: "
        "someone is called so). Inside quotation marks (curly, straight "
        "double or single, guillemets, corner brackets) only the lower-case words of a quoted "
        "sentence (six words or more) are: a typo there is the transcriber's, while a quoted "
        "term or title is printed as it was. A word that ends the text without a stop was cut "
        "there, not misspelt ('had promis'), and so was a lower-case word that starts it; "
        "an apostrophe after a word in '-in' marks speech spelt as it sounds ('stoppin''). "
        "Nor is a word of another language beside another "
        "of its words ('je ne sais quoi', 'de argumentos'). A line of another language inside an English "
        "text (a translated example) is left as it is: its words are no English typos; so is a "
        "clause (up to a sentence's end, a quotation mark, a bracket or a line break) whose "
        "other lower-case words are mostly words English does not use, whatever the "
        "language: a short text or a quotation in Polish, Malay or Swahili."
    )
    phase = Phase.SPELLING
    examples = (
        Example("They met on Wednsday, in Januray.", "They met on Wednesday, in January."),
        Example("They did not recieve the letter.", "They did not receive the letter."),
        Example("Recieve it. The goverment said so.", "Receive it. The government said so."),
        Example("The new millenium began.", "The new millennium began."),
        Example(
            "The storm crossed the Carribean, and Great Britian sent aid.",
            "The storm crossed the Caribbean, and Great Britain sent aid.",
        ),
        Example(
            "Infact, they stood infront of eachother everytime.",
            "In fact, they stood in front of each other every time.",
        ),
    )
    keeps = (
        "The fiesta in Juli, a town on Lake Titicaca, drew crowds.",
        "Pack the lens incase of rain, the guide wrote.",
        "The Chanel show opened, said Sade.",
        "Visit https://example.com/recieve or write to recieve@example.com.",
        "He said “we did not recieve it” and left; RECIEVE is shouted.",
        "The Goverment Street office is closed.",
        "Shelia R. Cotten, Clemson University, wrote it.",
        "See anti-goverment_posts and goverment.example.org.",
        "Dr. Brower met Mr. Ponting, Sen. Smoot and Lt. Flagg.",
        "Ponting said the plan was sound. Ricky Ponting left.",
        "Ponting said the pitch was flat.",
        "The arbitral panel met on pervious ground; a racoon sat on the despatch box.",
        "They sold 'recieve' mugs, ‹recieve› and 「recieve」 signs; see ＃recieve and ＠recieve.",
        "Comments come first.\nCualquier programa requiere comentarios, y Rust admite algunos "
        "tipos diferentes.",
        "Though the Federal Reserve had promis",
        "The dish had a certain je ne sais quoi. Parse de argumentos, then Argumentos del "
        "programa.",
        "W poniedziałek przed spotkaniem ministrowie omówili spotkanie z prezydentem.",
        "He kept on stoppin' and startin' all day.",
        "Malcom scored twice for the visitors.",
        "Guiseppe Rossi opened the café; Guiseppe bakes, and Guiseppe serves.",
        "Britian said he would stand again.",
    )

    def fixes(self, text: str, metadata: Metadata) -> list[Fix]:
        return carried(text, self.find_fixes(text, metadata))

    def find_fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if lexicon.foreign(text):
            return
        hits = lexicon.rare_in(text) & lexicon.typo_keys()
        if not hits:
            return
        typos = lexicon.codespell_typos()
        forms = [form for hit in hits for form in (hit, hit.capitalize())]
        found = find(text, forms, speech=True)
        chosen = correctable(text, found)
        if len(chosen) < len(found):
            starts = {word.start for word in chosen}
            printed = Counter(word.text for word in found)
            chosen = [
                word
                for word in found
                if word.start in starts
                or (calendar_typo(word.text) and dated(text, word))
                or name_typo(text, word, printed)
            ]
        for word in chosen:
            if not cut_or_foreign(text, word):
                yield Fix(word.start, word.end, matched_case(word.text, typos[word.text.lower()]))


class UnknownWord(DocumentRule):
    id = "unknown-word"
    summary = "Correct a lower-case word no list knows when one frequent word is an edit away."
    why = (
        "A typo like 'anoucement' is unknown to wordfreq's list of 321,000 words and has one "
        "common word at one edit (two for long words). Words the list knows, however rare, "
        "words with two likely candidates, words built from known pieces ('unevidenced', 'unshiftable'; "
        "but not two neighbouring letters swapped: 'acceptbale'), "
        "inflections the list lacks ('marinades', by Snowball's stemmer, but not a slip in the "
        "ending of the word meant: 'conferance'), words the document repeats and words the "
        "batch prints more often than people slip on the word meant ('rustc' across a batch "
        "on Rust; its own vocabulary) are left alone, and so are the words of a dictionary, however "
        "rare ('rabbet', 'kerf'); so are names, which "
        "are capitalised, and words with letters beyond a-z. So are words English "
        "derives with a respelled stem ('sturdiest', 'repotting'; a stem English would respell "
        "and the word did not is a slip: 'moveing', 'earlyest'), two words run together "
        "('companiesin'), Latin epithets ('douglasii'), one-word items of lists (packages, "
        "products, handles), words near signs of code, where unknown words are commands "
        "(and a line that opens with a directive, '@prefix rdfs: <…>', is code), words the "
        "text prints capitalised too ('Marimo are…' beside 'a jar of marimo': a slip is not "
        "made twice), words of a known word and '-ee' or '-ify' ('coachees', 'rustified'), "
        "and words cut short, by an ellipsis or by the end of the text ('See the full repor…', "
        "a snippet ending 'home sales are risin'), or at its start ('uring the pandemic'), "
        "and speech spelt as it sounds ('stoppin''). Capitalised words are names, except a "
        "misspelt month or day of six letters or more where a date has it ('on 3 Febraury'; "
        "not 'Senator Augst'; a short month is an edit from too many names: 'Junee'). So are British forms of verbs the lists "
        "know with a 'z' ('accessorised'), and a commenter's handle: a lower-case word that "
        "opens its line before 'wrote' or 'posted', or follows 'Posted by' ('kmills wrote on "
        "Dec 15'), and the Latin epithet of a species' name: a Latin ending after a capitalised "
        "word the frequency list hardly knows, the genus ('Arbutus unedo'). "
        "A misspelling that codespell reads as another word first is left too ('sieze' is "
        "seize, not the far more common 'size'). An ending misspelt the way people do "
        "('centraly', 'peacefull') is mended when that makes a known word. A candidate one "
        "letter off counts only when people make that slip: a neighbouring key, two vowels, "
        "or letters alike in sound "
        "('natior' is not 'nation'; but 'whict' stays, as 'which' is a thousand times as common "
        "as 'whit'), and a word is not taken two edits to a frequent word when "
        "a known one, however rare, is one edit away ('refresment' is not 'represent'), nor to "
        "a word no dictionary lists, mostly a name ('banneton' is not 'bannon'). "
        "A word with several candidates one edit away takes the one the text prints "
        "elsewhere, when it prints exactly one ('brigde' in a text on a bridge, 'hosue' in "
        "one on a hose), however much more common another is; of several printed, the one "
        "two swapped letters or a doubled letter made ('brigde' beside 'bride' and 'bridge'). "
        "A final 'a', 'i', 'o', 'k' or 'x' one edit from the correction is the ending of a "
        "loan word or a product name ('crudo', 'granita', 'iconik', 'watsonx'), not a slip, "
        "unless it doubles the letter before. A correction the dictionary lacks must be one edit "
        "away and no name or international term: the frequency list lower-cases names, and a "
        "word that other languages print about as often as English does is one ('soros', "
        "'nato', 'covid', 'hijab', 'dunham'; not 'earbuds' or 'favourite'), so 'dunam', 'natto' "
        "and 'hejab' stay. Two edits away, both must be slips people make (a letter left out, "
        "added or doubled, two letters swapped, a vowel or a letter alike in sound or a "
        "neighbouring key for another: 'neccesary', 'undistand'); not an unlike letter for "
        "another ('graphviz' is not 'graphic', nor 'acupoint' 'appoint', nor 'triazoles' "
        "'triangles'), the correction and two letters more ('synthesists', 'boringgg'), a loan "
        "word's or a Latin name's ending lost ('muhammara', 'sprengeri'), or a word of two "
        "words of three letters or more ('smallsat', 'gasfields'). A word whose other form (an "
        "ending added or taken off) the text prints too, unknown as well, is the text's own: a "
        "slip is not made twice ('corvid' beside 'corvids', 'arepa' beside 'arepas'). Nor is "
        "a word corrected among words English does not use: a short text or a quotation in "
        "another language ('Kami tidak akan menyerah sebelum musim berakhir', 'Hän tuli kanssa "
        "minun'), whose clause is mostly such words."
    )
    phase = Phase.SPELLING
    reads_vocabulary = True
    order = 2
    examples = (
        Example("The vote is on 3 Febraury.", "The vote is on 3 February."),
        # built like a word ("accept" + "bale"), but two neighbouring letters swapped
        Example("The price was not acceptbale to them.", "The price was not acceptable to them."),
        Example(
            "The anoucement came late in the evening.",
            "The announcement came late in the evening.",
        ),
        Example("The goverrnment said so.", "The government said so."),
        Example("The receit was lost.", "The receipt was lost."),
        Example(
            "The centraly planned talks were peacefull.",
            "The centrally planned talks were peaceful.",
        ),
        Example("The conferance was magnificant.", "The conference was magnificent."),
        Example("They were moveing the earlyest files.", "They were moving the earliest files."),
        Example("The goverments met.", "The governments met."),
        Example("They took a lookk at it.", "They took a look at it."),
        Example(
            "The bridge closed. Traffic on the brigde was diverted.",
            "The bridge closed. Traffic on the bridge was diverted.",
        ),
        Example(
            "The bride came to the bridge; the brigde was closed.",
            "The bride came to the bridge; the bridge was closed.",
        ),
        Example("They undistand it throuout the year.", "They understand it throughout the year."),
    )
    keeps = (
        "The fair opens in Oktober, as it has since 1810.",
        "Senator Augst spoke; Fryday played their last show.",
        "He met Junee on Friday; Junee is a town in New South Wales.",
        "The colour of the organisation was recognised.",
        "Cut a rabbet for the shelf, then a kerf and a chamfer.",
        "The zorbing fad, and more zorbing, returned.",
        "An unevidenced claim about the backglass; an unshiftable date.",
        "She standardizes the marinades for the exercisers.",
        "A redactable ledger, and the relatability of the prose.",
        "Teh Hong Piow founded the bank; see teh.example.org.",
        "The sturdiest boots, the coarsest grind, and repotting the floury ferns.",
        "A changeable, noticeable and manageable plan.",
        "The showier months and the boxiness of the design.",
        "Sow Limnanthes douglasii; the health insurance companiesin USA.",
        "Bags: baggu | madetrade | amazon.\n- tidyr: tidy messy data",
        "Install it with opam, then call parse_args() on the output.",
        "Sistema eléctrico; other business entitiesâlike corporations.",
        "Police may sieze the boat of his neice.",
        "The natior of his thorts; a refresment; the guic.",
        "A plate of crudo, a lemon granita and the piattaforme digitali.",
        "Files from iconik, a port of rustix and the watsonx platform.",
        "Traffic on the barnd was diverted.",
        "The letter came later than the leter before it.",
        "They noted “[a]dverse respiratory effects of cleaning products on the lungs.”",
        "See the full repor… Read about the annual festiv...",
        "Mortgage rates are dropping and home sales are risin",
        "Proof the dough in a banneton overnight.",
        "This is my jar of marimo. Marimo are often called moss balls.",
        "uring the pandemic, the classes moved online.",
        "Coaching for leaders. Join 100+ coachees.",
        "@prefix pplan: <http://purl.org/net/p-plan#> .",
        "The firmware was rustified; the rustification took a year.",
        "The first instructions move a value into a register:\n40a: movw r0, #0x0\n40e: b #-0x4",
        "Each dunam of farmland was sold; they served natto, and she wore a hejab.",
        "A corvid sat on the fence while corvids called; an arepa, then two more arepas.",
        "The triazoles, an acupoint, the gasfields, a smallsat and duelling synthesists.",
        "Render it with graphviz; get the muhammara; grow Asparagus densiflorus sprengeri.",
        "Plant Euphorbia characias by the wall, and Arbutus unedo, the strawberry tree.",
        'Fans chanted "Kami tidak akan menyerah sebelum musim berakhir" as the team left.',
        "Hän tuli kanssa minun. Serikali imesema kwamba serikali itaendelea na mpango huo.",
        "Stiletto heels, accessorised with oversized sunglasses; the monetising of the site.",
        "| kmills wrote on Dec 15, 2007 8:02 AM: Harkin has been saying this for years. |\n"
        "Posted by desertrat on 4/28/2008: close the stations.",
    )

    def fixes(self, text: str, metadata: Metadata) -> list[Fix]:
        return carried(text, self.find_fixes(text, metadata))

    def find_fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if lexicon.foreign(text):
            return
        vocabulary = active()
        # letters beyond a-z: a loan word, or mojibake; "-ii": Latin, "Limnanthes douglasii"
        plain = [
            word for word in lexicon.unknown_in(text) if word.isascii() and not word.endswith("ii")
        ]
        asked: dict[str, str | None] = {}
        for word in plain:
            verdict = verdicts.known(word)
            if verdict is not None or may_read_in_context(word):
                asked[word] = verdict
        # printed once in lower case: none is a name printed capitalised only; more, the
        # text's own word
        corrections = {}
        counts = lower_case_counts(text, list(asked))
        # printed capitalised only, a misspelt month or day: its capital is the calendar's
        calendar = {
            word.capitalize(): name
            for word, count in counts.items()
            if not count and (name := calendar_correction(word, asked[word]))
        }
        for word, count in counts.items():
            correction = asked[word]
            if count == 1 and correction == UNJUDGED:
                correction = verdicts.judge(word)
            elif correction == UNJUDGED:
                verdicts.saw(word)
            if count == 1 and correction != UNJUDGED and may_read_in_context(word):
                correction = correction_in_context(word, text) or correction
            if (
                count == 1
                and correction
                and not (vocabulary and vocabulary.own_word(word, correction))
            ):
                corrections[word] = correction
        if corrections:
            printed = word_set(text)
            corrections = {
                word: correction
                for word, correction in corrections.items()
                if not other_form_printed(word, printed)
            }
        # printed capitalised too ("Marimo are often called", beside "a jar of marimo"): a
        # slip is not made twice, so the word is the writer's
        twice = {word.capitalize() for word in corrections}
        twice &= {found.text for found in find(text, twice, correctable_only=False)}
        targets = {**corrections, **calendar}
        for word in find(text, targets, speech=True):
            if word.text in calendar and not dated(text, word):
                continue  # "Senator Augst", "Fryday the band": names
            if word.text.capitalize() in twice:
                continue
            if not (
                near_code(text, word)
                or list_item(text, word)
                or handle(text, word)
                or epithet(text, word)
                or cut_or_foreign(text, word)
            ):
                yield Fix(word.start, word.end, targets[word.text])


class NameConsensus(DocumentRule):
    id = "name-consensus"
    summary = "Spell a rare name the way the document (or batch) mostly spells it."
    why = (
        "Rewriting outlets misspell names ('Khalizad' beside 'Khalilzad'). A name is changed "
        "only when the frequency list has never seen it and exactly one other form fits: same "
        "first letter, one edit away (two for long names), neither a prefix of the other "
        "(Farah, Farahi), neither a common word (Austin, Austen), no different first name or "
        "initial before them ('Cllr M. Hebden', 'Cllr R. Hebdon'), and the other form either "
        "seen 3 times and 3 times as often in the document or batch, or attested in the "
        "frequency list and printed in the document, and then not only as a place when the "
        "rare one follows a first name ('Alison Cowey' is no slip for the port she sailed "
        "from, Cowes). Two "
        "edits apart, two long names are as often two places or brands (Amangiri, Amanpuri) "
        "as one misspelt: the same first name before both must say they are one; so must it "
        "for a name of four letters or fewer, one edit from many others ('Ngāi', 'Ngāti'), and "
        "for a form that only other documents of the batch print, where a near name is as "
        "often another company or person ('Vectara', 'Vectra'). Two forms "
        "that differ only in a final vowel are one family's gendered or inflected forms "
        "('Lewandowski', 'Lewandowska'; 'Zelensky', 'Zelenska'), not a slip, and names in "
        "other scripts than the Latin are left alone ('Москве' is a case of 'Москва'): the "
        "frequency list is English and knows nothing of them. Nor is a name changed that "
        "differs from the frequent form only in its accents ('Elisión', 'Elision'): one is "
        "written as its language writes it. A name printed bare (no first name before it) before "
        "the text first names the other form's person in full is another person ('Stamer, the "
        "Danish minister, met Keir Starmer'): a writer names a person in full first, and a "
        "slip comes in a later, bare mention. Only a given name counts there, not a "
        "capitalised word that opens a sentence or follows another ('Visit Hatzel', 'Why We "
        "Picked Surfshark'), nor one the text prints in lower case ('with Swoogo')."
    )
    phase = Phase.SPELLING
    reads_vocabulary = True
    order = 3
    examples = (
        Example(
            "Envoy Zalmay Khalizad met them.\n\nKhalilzad said the talks went well. "
            "Khalilzad left on Friday.",
            "Envoy Zalmay Khalilzad met them.\n\nKhalilzad said the talks went well. "
            "Khalilzad left on Friday.",
        ),
        Example(
            "Marta Kowalczek spoke. Kowalczyk said more. Kowalczyk left; Kowalczyk stayed.",
            "Marta Kowalczyk spoke. Kowalczyk said more. Kowalczyk left; Kowalczyk stayed.",
        ),
        Example(
            "Zalmay Khalizaad met them. Zalmay Khalilzad spoke. Khalilzad left; Khalilzad stayed.",
            "Zalmay Khalilzad met them. Zalmay Khalilzad spoke. Khalilzad left; Khalilzad stayed.",
        ),
        Example(
            "Labour leader Keir Starmer spoke. Starmer said yes. Stamer left; Starmer stayed.",
            "Labour leader Keir Starmer spoke. Starmer said yes. Starmer left; Starmer stayed.",
        ),
    )
    keeps = (
        "Ngāti Whātua opened the marae; Ngāti Whātua hosted it. In Christchurch, Ngāi Tahu "
        "led the events, and Ngāti Whātua thanked them.",
        "Farah met Farahi. Farah, Farah and Farah spoke.",
        "Austin read Austen. Austin, Austin and Austin agreed.",
        "Jon Kowalczek met Anna Kowalczyk. Kowalczyk, Kowalczyk and Kowalczyk spoke.",
        "Mohammad and Mohammadi met. Mohammad, Mohammad, Mohammad.",
        "“Khalizad,” he said, of Khalilzad.",
        "We stayed at Amangiri in Utah. Amanpuri is in Phuket; Amanpuri came first, and "
        "Amanpuri is older.",
        "Lewandowski scored. Lewandowska cheered. Lewandowski, Lewandowski and Lewandowski.",
        "В Москве. Москва, Москва и Москва.",
        "They wrote 'Khalizad' and ‹Khalizad›. Khalilzad, Khalilzad and Khalilzad spoke.",
        "Elisión\nSome lifetime patterns are common. Elision, Elision and Elision rules.",
        "Stamer, the Danish minister, met Keir Starmer. Starmer said yes. Starmer left, and "
        "Starmer spoke.",
        "Present: Cllr M. Hebden (Chairman), Cllr R. Hebdon. Cllr Hebden spoke; Hebden and "
        "Hebden agreed.",
        "The crew sailed from Cowes. His granddaughter, Alison Cowey, skippered the other yacht.",
    )

    def fixes(self, text: str, metadata: Metadata) -> list[Fix]:
        return carried(text, self.find_fixes(text, metadata))

    def find_fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        if lexicon.foreign(text):
            return
        unlisted = sorted(
            word for word in lexicon.unknown_in(text) if not lexicon.is_listed(word) and latin(word)
        )
        if not unlisted:
            return
        forms = lexicon.rare_in(text)
        mapping = Names(text, forms, active()).mapping(unlisted)
        for word in find(text, mapping):
            yield Fix(word.start, word.end, mapping[word.text])


# Letters of the Latin script: the frequency list is English, so it has no evidence about a
# name in another script ("Москве" is a case of "Москва", not a slip).
LATIN = regex.compile(r"\p{Latin}+")


def latin(word: str) -> bool:
    """Whether ``word`` is written in Latin letters only."""
    return word.isascii() or LATIN.fullmatch(word) is not None


# Vowels that end a name's gendered or inflected forms: one family's "Lewandowski" and
# "Lewandowska", "Zelensky" and "Zelenska", "Kaczyński" and "Kaczyńska".
FINAL_VOWELS = frozenset("aeiouy")


def final_vowels(rare: str, form: str) -> bool:
    """Whether two names differ only in a final vowel (accents aside): the gendered or
    inflected forms of one name in Slavic and Romance languages, not a slip."""
    return (
        len(rare) == len(form)
        and rare[:-1] == form[:-1]
        and all(
            unicodedata.normalize("NFD", name[-1])[0].lower() in FINAL_VOWELS
            for name in (rare, form)
        )
    )


def unaccented(name: str) -> str:
    """``name`` without its accents: "Elisión" and "Elision", "José" and "Jose" are one name
    written as its language writes it or as English does, not a slip of either."""
    return "".join(
        letter for letter in unicodedata.normalize("NFD", name) if not unicodedata.combining(letter)
    )


# More forms than this within a few edits of a name (a list of codes, generated names): the
# name has no one frequent form, and comparing with all of them would cost the square. Up to
# this many forms of its first letter and length, a name is compared with each directly.
CROWDED = 32
# Distances computed at once for a text's names, at most: beyond, each name is searched alone.
MAX_PAIRS = 1 << 16


class Names:
    """The evidence about one document's names, for ``NameConsensus``.

    ``found`` are the text's words (lower case) a name may be corrected to: a frequent form
    must be no common word (under Zipf 3), so only the unknown and the uncommon ones.
    """

    __slots__ = ("by_length", "counts", "firsts", "forms", "live", "near", "near_index", "places")
    __slots__ += ("introduced", "lower_case", "text", "vocabulary")

    def __init__(self, text: str, found: frozenset[str], vocabulary: Vocabulary | None):
        self.text = text
        self.vocabulary = vocabulary
        self.forms = sorted(found)  # in C: the forms of one first letter are then a slice
        # by first letter, then length: a name is only corrected to a form sharing its first
        # letter and within its edit limit in length; grouped for the letters names ask about
        self.by_length: dict[str, dict[int, list[str]]] = {}
        self.live = set(found)  # less the forms merged into another
        self.counts: dict[str, int] = {}
        self.firsts: dict[str, set[str]] = {}
        # where the text first prints each name after a first name ("Keir Starmer"), if it does
        self.introduced: dict[str, int | None] = {}
        self.lower_case: dict[str, bool] = {}  # whether the text prints a word in lower case
        self.near: dict[str, frozenset[str] | None] = {}
        # Built only for a name with more than CROWDED forms of its shape: comparing every
        # name with every form would cost the square of the names in a long list of them.
        self.near_index: dict[str, set[str]] | None = None
        self.places = WordPlaces(text)

    def mapping(self, unlisted: list[str]) -> dict[str, str]:
        """Each rare name to its one frequent form, repeated until nothing changes, so a second
        run finds nothing more (a name left ambiguous by a form merged away).

        ``unlisted`` are the text's words unknown to the frequency list, in lower case. After
        the first round, only the names near a merged pair are judged again: the others'
        evidence did not change.
        """
        # a name is printed capitalised; with no form near it in the text, it can only learn
        # one from the batch
        if self.vocabulary is None:
            self.find_neighbours(unlisted)
        rare = [
            name
            for name in map(str.capitalize, unlisted)
            if (self.vocabulary is not None or self.neighbours(name.lower())) and self.places(name)
        ]
        neighbours_of: dict[str, list[str]] = {}
        for name in rare:
            for form in self.neighbours(name.lower()) or ():
                neighbours_of.setdefault(form, []).append(name)
        mapping: dict[str, str] = {}
        pending = set(rare)
        while pending:
            again: set[str] = set()
            for name in rare:
                if name not in pending or name in mapping:
                    continue
                form = self.sole_form(name)
                if form is None:
                    continue
                self.merge(name, form)
                mapping = {key: form if value == name else value for key, value in mapping.items()}
                mapping[name] = form
                again.update(neighbours_of.get(name.lower(), ()))
                again.update(neighbours_of.get(form.lower(), ()))
                again.add(form)
            # the batch's forms are no neighbours of the text's: look at every name again
            pending = set(rare) if again and self.vocabulary is not None else again
        return mapping

    def count(self, name: str) -> int:
        if name not in self.counts:
            occurrences = self.places(name)
            self.counts[name] = len(occurrences)
            named = [
                (start, first)
                for start in occurrences
                if (
                    (first := previous_word(self.text, start))
                    and is_title(first)
                    and first not in HONORIFICS
                )
                or (first := previous_initial(self.text, start))
            ]
            self.firsts[name] = {first for _, first in named}
            self.introduced[name] = min(
                (start for start, first in named if self.given_name(first, start)), default=None
            )
        return self.counts[name]

    def given_name(self, first: str, start: int) -> bool:
        """Whether ``first``, printed before the name at ``start``, is a given name: not a
        word the text also prints in lower case ("With Swoogo", "Google’s Colab"), nor one
        where any word is capitalised: opening a sentence ("Visit Hatzel", "Try Movavi") or
        after another capitalised word ("Why We Picked Surfshark"), but a title ("Prime
        Minister Keir Starmer")."""
        begin = start - len(first) - 1
        before = previous_word(self.text, begin)
        return (
            not starts_sentence(self.text, begin)
            and (not before[:1].isupper() or before in HONORIFICS)
            and not self.printed_in_lower_case(first.lower())
        )

    def placed(self, name: str) -> bool:
        """Whether the text prints ``name`` only after a preposition of place ("from Cowes")."""
        return all(
            previous_word(self.text, start).lower() in PLACE_PREPOSITIONS
            for start in self.places(name)
        )

    def printed_in_lower_case(self, word: str) -> bool:
        """Whether the text prints ``word`` in lower case: the text's word set (any case)
        answers most names at once, a search the rest."""
        if word not in word_set(self.text):
            return False
        if word not in self.lower_case:
            self.lower_case[word] = (
                regex.search(rf"(?<!\p{{L}}){regex.escape(word)}(?!\p{{L}})", self.text) is not None
            )
        return self.lower_case[word]

    def merge(self, name: str, form: str) -> None:
        self.counts[form] = self.count(form) + self.count(name)
        self.firsts[form] = self.firsts[form] | self.firsts[name]
        starts = [
            start for start in (self.introduced[form], self.introduced[name]) if start is not None
        ]
        self.introduced[form] = min(starts, default=None)
        self.counts[name] = 0
        self.live.discard(name.lower())

    def shapes(self, lower: str) -> list[list[str]]:
        """The forms that share ``lower``'s first letter and are within its edit limit in
        length (the only forms it may be near), by length: counted without being copied, as
        a crowded name's may be thousands."""
        limit = lexicon.max_distance(lower)
        lengths = self.of_letter(lower[0])
        return [
            lengths.get(length, []) for length in range(len(lower) - limit, len(lower) + limit + 1)
        ]

    def find_neighbours(self, lowers: list[str]) -> None:
        """Find the ``neighbours`` of many names before they are asked about, each compared
        in C with the forms of its shape: a text has a dozen unlisted names and few have a
        neighbour, and a crowded name without one then needs no index of the forms. Up to
        ``MAX_PAIRS`` pairs, so the cost stays linear; a crowded name with a neighbour is left
        to its own search, which tells it is crowded."""
        asked = [lower for lower in lowers if lower not in self.near]
        if not asked or len(asked) * len(self.forms) > MAX_PAIRS:
            return
        for lower in asked:
            shapes = self.shapes(lower)
            forms = self.within_limit(lower, [form for forms in shapes for form in forms])
            if not forms or sum(map(len, shapes)) <= CROWDED:
                self.near[lower] = forms

    def neighbours(self, lower: str) -> frozenset[str] | None:
        """The forms within ``lower``'s edit limit, with its first letter, other than itself;
        None when they are too many for any one of them to be the name."""
        if lower not in self.near:
            shapes = self.shapes(lower)
            if sum(map(len, shapes)) > CROWDED:
                shaped = self.indexed(lower, lexicon.max_distance(lower))
            else:
                shaped = [form for forms in shapes for form in forms]
            self.near[lower] = None if shaped is None else self.within_limit(lower, shaped)
        return self.near[lower]

    @staticmethod
    def within_limit(lower: str, forms: list[str]) -> frozenset[str]:
        """The ``forms`` within ``lower``'s edit limit of it, other than itself."""
        found = process.extract(
            lower,
            forms,
            scorer=OSA.distance,
            score_cutoff=lexicon.max_distance(lower),
            limit=None,
            processor=None,
        )
        return frozenset(form for form, _, _ in found if form != lower)

    def of_letter(self, letter: str) -> dict[int, list[str]]:
        """The forms starting with ``letter``, by length."""
        if letter not in self.by_length:
            start = bisect.bisect_left(self.forms, letter)
            end = bisect.bisect_left(self.forms, chr(ord(letter) + 1), start)
            lengths: dict[int, list[str]] = {}
            for form in self.forms[start:end]:
                lengths.setdefault(len(form), []).append(form)
            self.by_length[letter] = lengths
        return self.by_length[letter]

    def indexed(self, lower: str, limit: int) -> list[str] | None:
        """The forms sharing a deletion variant with ``lower``, of its first letter and within
        ``limit`` letters of its length; None when one variant is shared by too many."""
        if self.near_index is None:
            self.near_index = {}
            for form in self.forms:
                for variant in lexicon.deletions(form, lexicon.max_distance(form)):
                    self.near_index.setdefault(variant, set()).add(form)
        buckets = [self.near_index.get(variant, ()) for variant in lexicon.deletions(lower, limit)]
        if any(len(bucket) > CROWDED for bucket in buckets):
            return None
        return [
            form
            for bucket in buckets
            for form in bucket
            if form[0] == lower[0] and abs(len(form) - len(lower)) <= limit
        ]

    def sole_form(self, rare: str) -> str | None:
        """The one frequent form ``rare`` may be a misspelling of, or None."""
        if not self.places(rare):
            return None  # printed in lower case only: not a name
        limit = lexicon.max_distance(rare)
        near = {
            form.capitalize()
            for form in self.neighbours(rare.lower()) or ()
            if form in self.live and self.places(form.capitalize())
        }
        if self.vocabulary is not None:
            near.update(
                form
                for form, _, _ in process.extract(
                    rare,
                    self.vocabulary.frequent_names(rare, limit),
                    scorer=OSA.distance,
                    score_cutoff=limit,
                    limit=None,
                    processor=None,
                )
                if form != rare
            )
        if len(near) != 1:
            return None  # no neighbour, or several
        form = near.pop()
        if (
            form.startswith(rare)
            or rare.startswith(form)
            or lexicon.zipf(form) >= NAME_MAX_ZIPF
            or not latin(form)
            or final_vowels(rare, form)
            or unaccented(rare) == unaccented(form)
        ):
            return None
        rare_count, form_count = self.count(rare), self.count(form)
        if self.vocabulary is not None:
            rare_count = max(rare_count, self.vocabulary.names[rare])
            form_count = max(form_count, self.vocabulary.names[form])
        by_count = form_count >= MIN_COUNT and form_count >= NAME_MIN_RATIO * rare_count
        by_list = (
            lexicon.is_listed(form) and self.count(form) > 0 and self.count(rare) <= NAME_MAX_SLIPS
        )
        if not (by_count or by_list):
            return None
        rare_firsts, form_firsts = set(self.firsts[rare]), set(self.firsts[form])
        if self.vocabulary is not None:
            rare_firsts |= self.vocabulary.first_names_of(rare) - HONORIFICS
            form_firsts |= self.vocabulary.first_names_of(form) - HONORIFICS
        joined = one_person(rare_firsts, form_firsts)
        if rare_firsts and form_firsts and not joined:
            return None
        if (OSA.distance(rare, form) > 1 or len(rare) < SHORT_NAME) and not joined:
            # two edits apart, or short, two names unless one first name joins them
            return None
        if not self.count(form) and not joined:
            return None  # printed in other documents only: another's name unless one joins them
        if rare_firsts and not by_count and not joined and self.placed(form):
            # a person's name beside a word the list knows and the text prints a time or two,
            # each time as a place: "Alison Cowey" sailed from Cowes
            return None
        introduced = self.introduced[form]
        if not rare_firsts and introduced is not None and min(self.places(rare)) < introduced:
            # printed bare before the text names the other in full ("Stamer, the Danish
            # minister, met Keir Starmer"): a writer names a person in full first, so a bare
            # name before that is another person's, not a slip in a later mention
            return None
        return form


def previous_initial(text: str, start: int) -> str:
    """The initial printed right before the name at ``start`` ("R. Hebdon" gives "R."), else ''."""
    if start >= 3 and text[start - 3 : start - 1].endswith(".") and text[start - 1] == " ":
        letter = text[start - 3]
        if letter.isupper() and (start == 3 or not text[start - 4].isalpha()):
            return letter + "."
    return ""


def one_person(firsts: set[str], others: set[str]) -> bool:
    """Whether a given name or initial of ``firsts`` fits one of ``others``: the same name, or
    an initial and a name it begins ("R." and "Ruth")."""
    return any(
        first == other
        or (first.endswith(".") and other.startswith(first[0]))
        or (other.endswith(".") and first.startswith(other[0]))
        for first in firsts
        for other in others
    )


# Words of a phrase may stand apart by tabs, runs of spaces or no-break spaces: the whitespace
# rule tidies them only after the spelling rules.
SPACE = r"[^\S\n]+"
# Runs of spaces, made one for the literal cues: the standard library's engine scans for a
# plain literal three times as fast as halving the runs with ``str.replace`` until none is left.
SPACE_RUNS = re.compile("  +")
# "more then" is "more than" (a comparison); "their is" is "there is".
COMPARATIVES = (
    "more less fewer better worse greater larger smaller higher lower bigger older younger "  # noqa: SIM905
    "rather cheaper faster slower easier harder stronger weaker longer shorter heavier lighter "
    "safer wider deeper warmer colder hotter cooler quicker louder quieter healthier happier "
    "simpler smarter tougher nicer clearer closer farther drier wetter richer poorer".split()
)
# "more reliable then": an adjective between "more" or "less" and "then", told by its ending.
ADJECTIVE = r"[a-z]+(?:ive|ous|ful|able|ible|al|ic|ant|ent)"
VERBS_AFTER_THERE = (
    "is", "are", "was", "were", "has been", "have been", "will be", "isn't", "aren't", "wasn't",
    "weren't", "isn’t", "aren’t", "wasn’t", "weren’t", "must be", "may be", "could be",
    "should be", "would be",
)  # fmt: skip
PARTICIPLES = (
    "been had done gone seen known made taken got gotten shown given written thrown grown "  # noqa: SIM905
    "drawn chosen spoken broken forgotten told said found felt left kept thought bought brought "
    "caught taught heard meant sent spent built lost won come become begun".split()
)
# "of you're own", "on you're phone": after a preposition, "you're" is "your".
PREPOSITIONS = (
    "of on from through with in into onto about by at during throughout within without upon "  # noqa: SIM905
    "against toward towards across".split()
)
# The rarest word of each phrase, and the phrase around it: a set test against the text's words
# and then one search decide whether the pattern runs at all; "would of been" is all common
# words, so it has its own substring tests.
CONFUSION_CUES = {
    word: regex.compile(f"(?i){phrase}".replace(" ", SPACE))
    for word, phrase in {
        "causalities": "causalities",
        "causality": "causality",
        "intensive": "intensive purposes",
        "baited": "baited breath",
        "sneak": "sneak peak",
        "seeded": "deep-seeded",
        "statue": "statue of limitations",
        "wreck": "wreck havoc",
        "tow": "tow the (?:party |company |official |government )?line",
        "tongue": "tongue and cheek",
        "mute": "mute point",
        "peaked": "peaked",
        "loose": "to loose",
        "affect": "affect on",
        "reign": "(?:free reign|reign in)",
        "slight": "slight of hand",
        "wet": "wet (?:your|my|his|her|their|our|its|the) appetite",
        "piece": "piece of mind",
        "shoe": "shoe-in",
        "beckon": "beckon call",
        "depreciating": "self-depreciating",
        "goat": "escape goat",
        "sudden": "of the sudden",
        "butt": "in the butt",
        "viscous": "viscous",
        "unchartered": "unchartered",
        "chalk": "chalk(?:-| )full",
        "revenge": "extract revenge",
        "curve": "curve (?:your|my|his|her|their|our) enthusiasm",
        "hay": "hay day",
        "squid": "damp squid",
        "doggy": "doggy(?:-| )dog",
        "sore": "site for sore",
        "straights": "dire straights",
        "lightening": "lightening",
        "breathe": "breathe",
        "payed": "payed",
        "fazed": "fazed out",
        "weather": "weather or not",
        "pour": "pour over",
        "pours": "pours over",
        "poured": "poured over",
        "pouring": "pouring over",
        "bare": "bare (?:the|in)",
    }.items()
}
CONFUSION_WORDS = frozenset(CONFUSION_CUES)
# Phrases of common words: substring tests, or a look at the word beside each "then"/"their".
# Each goes with the words the text must hold for it to be there at all (all of the first,
# one of the second), so most texts skip every search.
NEGATIVE_MODALS = frozenset(("couldn", "shouldn", "wouldn", "mustn"))
YOU_ARE = (frozenset(("you", "re")), frozenset((*PREPOSITIONS, "own")))
COMMON_CUES = {
    "ould of ": (frozenset(("of",)), frozenset(("could", "should", "would"))),
    "ight of ": (frozenset(("of", "might")), frozenset()),
    "ust of ": (frozenset(("of", "must")), frozenset()),
    "n't of ": (frozenset(("of", "t")), NEGATIVE_MODALS),
    "n’t of ": (frozenset(("of", "t")), NEGATIVE_MODALS),
    "it's own": (frozenset(("it", "s", "own")), frozenset()),
    "it’s own": (frozenset(("it", "s", "own")), frozenset()),
    "you're ": YOU_ARE,
    "you’re ": YOU_ARE,
    " then ": (frozenset(("then",)), frozenset((*COMPARATIVES, "more", "less"))),
    "per say": (frozenset(("per", "say")), frozenset()),
    # common words, found in one scan with the other literal cues
    "lead to ": (frozenset(("lead", "to")), frozenset(("has", "have", "had", "having"))),
    " phase ": (frozenset(("phase",)), frozenset(("didn", "doesn", "won", "not", "never"))),
    "peak ": (frozenset(("peak",)), frozenset(("interest", "curiosity"))),
    "their": (frozenset(("their",)), frozenset()),
}


def _possible_cues(words: frozenset[str]) -> list[str]:
    """The cues whose words ``words`` (a text's word set) holds: the rarest words of phrases,
    then the common cues."""
    cues = sorted(words & CONFUSION_WORDS)
    cues += [
        cue
        for cue, (needs, any_of) in COMMON_CUES.items()
        if needs <= words and (not any_of or not any_of.isdisjoint(words))
    ]
    return cues


def _cue_positions(text: str, cues: list[str]) -> list[int]:
    """Where a phrase of the confusion pattern may be in ``text`` (tidied), by ``cues``."""
    literal = _literal_positions(text) if not CONFUSION_WORDS.issuperset(cues) else None

    def finds(cue: str) -> list[int]:
        return literal[cue] if literal is not None else _finds(text, cue)

    positions = []
    for cue in cues:
        if cue in CONFUSION_CUES:
            positions += [match.start() for match in CONFUSION_CUES[cue].finditer(text)]
        elif cue == " then ":
            positions += [
                position
                for position in finds(cue)
                if _before_then(text[max(0, position - 30) : position].split()[-2:])
            ]
        elif cue == "their":
            # "their is", "over their.": a verb or the end of a clause follows
            positions += [
                position
                for position in sorted(finds(cue) + finds("Their"))
                if text[position + 5 : position + 6] in THERE_ENDS
                or text.startswith(VERBS_AFTER_THERE, position + 6)
            ]
        elif cue in MODAL_CUES:
            # "ould of " is in "could of", but "ight of " mostly in "right of": only a modal
            stem = MODAL_CUES[cue]
            positions += [
                position
                for position in finds(cue)
                if (_letters_before(text, position) + stem).lower() in MODALS
            ]
        elif cue in YOU_ARE_CUES:
            # "on you're ", "you're own": a preposition before or "own" after
            positions += [
                position
                for position in finds(cue)
                if text.startswith("own", position + len(cue))
                or (
                    text[position - 1 : position] == " "
                    and _letters_before(text, position - 1).lower() in PREPOSITIONS
                )
            ]
        else:
            positions += finds(cue)
    return positions


THERE_ENDS = frozenset(".,!?;:")
# The modal cues, each with the letters of the modal it ends with; a cue counts only after a
# whole modal ("could of", "mustn't of"), as the pattern asks.
MODAL_CUES = {
    "ould of ": "ould",
    "ight of ": "ight",
    "ust of ": "ust",
    "n't of ": "n",
    "n’t of ": "n",
}
MODALS = frozenset(("could", "should", "would", "must", "might", "mightn", *NEGATIVE_MODALS))
YOU_ARE_CUES = ("you're ", "you’re ")


# The literal cues, and "Their" (the "their" cue stands for both): one Hyperscan scan finds them
# all, where a search for each would read the text once per cue.
LITERAL_CUES = (*COMMON_CUES, "Their")
LITERAL_SIZES = tuple(len(cue.encode()) for cue in LITERAL_CUES)


@cache
def _literal_scan() -> tuple[Any, Any] | None:
    """A Hyperscan database of ``LITERAL_CUES`` (built in a millisecond) and its scratch space;
    None without Hyperscan, where each cue is searched for instead."""
    try:
        import hyperscan
    except ImportError:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    expressions = ["".join(f"\\x{byte:02x}" for byte in cue.encode()) for cue in LITERAL_CUES]
    database.compile(
        expressions=[expression.encode() for expression in expressions],
        ids=list(range(len(LITERAL_CUES))),
        elements=len(LITERAL_CUES),
    )
    return database, hyperscan.Scratch(database)


_THREAD = threading.local()


def _scratch(prototype: Any) -> Any:
    """This thread's scratch space: Hyperscan refuses one scratch space to two scans at once."""
    scratch = getattr(_THREAD, "scratch", None)
    if scratch is None:
        scratch = _THREAD.scratch = prototype.clone()
    return scratch


def _literal_positions(text: str) -> dict[str, list[int]] | None:
    """Every position of each literal cue in ``text``, overlapping ones too, as ``_finds``
    gives them; None when there is no scan (no Hyperscan, ``CLEANER_NO_SCAN`` set to compare
    with the plain search, or a text that cannot be encoded)."""
    scan = None if os.environ.get("CLEANER_NO_SCAN") else _literal_scan()
    if scan is None:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    database, scratch = scan
    found: list[tuple[int, int]] = []
    database.scan(
        data,
        match_event_handler=lambda index, _start, end, _flags, _context: found.append(
            (end - LITERAL_SIZES[index], index)
        ),
        scratch=_scratch(scratch),
    )
    positions: dict[str, list[int]] = {cue: [] for cue in LITERAL_CUES}
    plain = len(data) == len(text)
    done = characters = 0
    # every cue starts with an ASCII letter or space, so each start is a character's: the bytes
    # between two starts decode alone, and the offsets in characters cost one decoding in all
    for start, index in sorted(found):
        if not plain:
            characters += len(data[done:start].decode("utf-8"))
            done = start
        positions[LITERAL_CUES[index]].append(start if plain else characters)
    return positions


def _letters_before(text: str, position: int) -> str:
    """The letters right before ``position``: the word ``position`` ends, if any."""
    begin = position
    while begin and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:position]


def _before_then(words: list[str]) -> bool:
    """Whether the last ``words`` before a "then" make a comparison: "more then", "cheaper
    then", "more reliable then"."""
    words = [word.lower() for word in words]
    if words and words[-1] in COMPARATIVES:
        return True
    return len(words) == 2 and words[0] in ("more", "less") and regex.fullmatch(ADJECTIVE, words[1])


def _finds(text: str, cue: str) -> list[int]:
    """Every position of ``cue`` in ``text``."""
    found = []
    position = text.find(cue)
    while position >= 0:
        found.append(position)
        position = text.find(cue, position + 1)
    return found


# "pour over the documents" is reading them closely, in each form of the verb.
PORED = {"pour": "pore", "pours": "pores", "poured": "pored", "pouring": "poring"}
# What each named group of the confusion pattern becomes.
CONFUSION_FIXES = {
    "intents": "intents and purposes",
    "bated": "bated",
    "peek": "peek",
    "seated": "seated",
    "statute": "statute",
    "wreak": "wreak",
    "toe": "toe",
    "tongue": "in",
    "moot": "moot",
    "piqued": "piqued",
    "have": "have",
    "of": "have",
    "your": "your",
    "yours": "your",
    "theres": "there",
    "than": "than",
    "its": "s",
    "there": "there",
    "lose": "lose",
    "effect": "effect",
    "rein": "rein",
    "sleight": "sleight",
    "whet": "whet",
    "peace": "peace",
    "shoo": "shoo",
    "rein_in": "rein",
    "bear": "bear",
    "beck": "beck and",
    "deprecating": "deprecating",
    "scapegoat": "scapegoat",
    "a_sudden": "a",
    "bud": "bud",
    "vicious": "vicious",
    "uncharted": "uncharted",
    "chock": "chock",
    "exact": "exact",
    "curb": "curb",
    "pique": "pique",
    "heyday": "heyday",
    "squib": "squib",
    "dog_eat_dog": "dog-eat-dog",
    "sight": "sight",
    "straits": "straits",
    "lightning": "lightning",
    "breath": "breath",
    "paid": "paid",
    "led": "led",
    "phased": "phased",
    "faze": "faze",
    "se": "se",
    "whether": "whether",
    "bear_cost": "bear",
}


class RealWordConfusion(SpanRule):
    id = "real-word-confusion"
    summary = "Correct a real word used for another in a few fixed phrases."
    why = (
        "No word list sees 'civilian causalities': both words exist. A short, curated list of "
        "phrases where the context settles the word fixes them; each phrase carries the words "
        "that make it unambiguous, so 'the causalities of the model' stays, and so do 'more "
        "then than now', 'per say-so' and a phrase printed as a name or title ('Sneak Peak', a "
        "shop; 'Piece of Mind', an album: a capital past the phrase's first word, or on the "
        "word to correct where no sentence starts). It applies inside quotations too: these "
        "are slips of the transcriber, not a speaker's words. A comparative before 'then' "
        "makes it 'than' only where what follows is what is compared: a number ('more then "
        "100'), a word such as 'ever', 'expected' or 'anyone', a short noun phrase that ends "
        "there ('then a car.', 'then a decade ago', 'then the rest of'), a name that ends "
        "there ('faster then Swift.'), a pronoun and a verb of comparison ('then it did.', "
        "'then I thought'), or 'just' before no verb ('then just currency'); after 'rather', "
        "anything but a conjunction. A time, a step or a clause is the writer's 'then': "
        "'better then and nobody locked their doors', 'closer then stopped', 'higher then fell "
        "back', 'closer then the dog barked', 'closer then Mary left'. 'Tow the line' is the "
        "idiom only as a party's line or where the clause ends ('tow the line of barges' is "
        "towing); 'their' is not 'there' where the text names the words ('their, there and "
        "they're', 'the spelling their', a quoted 'their'); 'has lead to' is 'has led to' only "
        "before a noun phrase ('has lead to concerns', not 'may have lead to worry about', the "
        "metal); 'tongue and cheek' only where a word makes it the idiom ('all tongue and "
        "cheek', 'a tongue and cheek review'; not 'beef tongue and cheek'); 'affect on' not "
        "after 'the' or 'positive', psychology's noun; 'damp squid' only as 'a damp squid'."
    )
    phase = Phase.SPELLING
    order = 1  # before the layers that may change the text: it reads the same word set
    # Each alternative starts with a word, not a look-behind: the pattern then costs a
    # fraction of a millisecond on a long article instead of over one.
    pattern = regex.compile(
        (
            r"(?i)\b(?:"
            r"(?:civilian|military|heavy|mass|combat|battlefield|troop|army|war|allied|enemy"
            r"|reported|suffered|suffering|inflicted|inflict) (?P<casualties>causalit(?:y|ies))\b"
            r"|(?P<intents>intensive purposes)\b"
            r"|(?P<bated>baited) breath\b"
            r"|sneak (?P<peek>peak)s?\b"
            r"|deep-(?P<seated>seeded)\b"
            r"|(?P<statute>statue) of limitations\b"
            r"|(?P<wreak>wreck) havoc\b"
            # "tow the line of barges" is towing: only the idiom's party line, or the line
            # that ends the clause
            r"|(?P<toe>tow) the (?:(?:party|company|official|government) line\b"
            r"|line(?=[.,;:!?)\n]|\Z))"
            # "beef tongue and cheek" is food: the idiom only after a word that makes it one
            # ("a", "all", "was") or before what it describes ("a tongue and cheek review")
            r"|(?:a|all|very|bit|slightly|somewhat|so|too|rather|quite|is|was|were|are|be|being"
            r"|been|more) tongue (?P<tongue>and) cheek\b"
            r"|tongue (?P<tongue>and) cheek (?=(?:approach|humou?r|manner|way|tone|style"
            r"|comments?|remarks?|reviews?|take|look|fashion|jokes?|references?|nod|videos?"
            r"|posts?|titles?|pieces?|spirit|attitude|responses?|answers?|quips?)\b)"
            r"|a (?P<moot>mute) point\b"
            r"|(?P<piqued>peaked) (?:my|his|her|their|our|your|the) (?:interest|curiosity)\b"
            r"|(?:could|should|would|must|might)(?:n['’]t)? (?P<have>of) (?:"
            + "|".join(PARTICIPLES)
            + r")\b"
            r"|(?:could|should|would)(?:n['’]t)? (?P<of>of) (?!course\b)[a-z]+ed\b"
            r"|(?:(?:" + "|".join(COMPARATIVES) + r")|(?:more|less) " + ADJECTIVE + r") "
            # a comparison goes on: "then." is a time, and "more then than now" compares
            r"(?P<than>then)\b(?! on\b| than\b)(?= [\w$£€\"“‘(])"
            r"|it(?P<its>['’]s) own\b"
            r"|(?:(?:"
            + "|".join(PREPOSITIONS)
            + r") (?P<your>you['’]re) |(?P<yours>you['’]re) own\b)"
            r"|(?P<there>their) (?:" + "|".join(VERBS_AFTER_THERE) + r")\b"
            r"|(?P<theres>their)(?=[.,!?;:])"
            r"|to (?P<lose>loose) (?:weight|money|sight|track|control|interest|focus|ground)\b"
            # not "the affect on her face", "positive affect on weekends": psychology's noun
            r"|(?:an|no|little|any|significant|big|huge|major|direct|adverse|profound|lasting"
            r"|dramatic) (?P<effect>affect) on\b"
            r"|free (?P<rein>reign)\b"
            r"|(?P<sleight>slight) of hand\b"
            r"|(?P<whet>wet) (?:your|my|his|her|their|our|its|the) appetites?\b"
            r"|(?P<peace>piece) of mind(?![\w-])"
            r"|(?P<shoo>shoe)-in\b"
            r"|(?P<rein_in>reign) in (?:spending|costs|inflation|prices|the deficit|deficits?"
            r"|expenses|borrowing)\b"
            r"|(?P<bear>bare) in mind\b"
            r"|(?P<beck>beckon) call\b"
            r"|self-(?P<deprecating>depreciating)\b"
            r"|(?P<scapegoat>escape goat)s?\b"
            r"|all of (?P<a_sudden>the) sudden\b"
            r"|nip(?:s|ped|ping)? (?:it|this|that|them) in the (?P<bud>butt)\b"
            r"|(?P<vicious>viscous) (?:circle|cycle)s?\b"
            r"|(?P<uncharted>unchartered) (?:territory|territories|waters|seas)\b"
            r"|(?P<chock>chalk)(?:-| )full\b"
            r"|(?P<exact>extract) revenge\b"
            r"|(?P<curb>curve) (?:your|my|his|her|their|our) enthusiasm\b"
            r"|(?P<pique>peak) (?:my|his|her|their|our|your) (?:interest|curiosity)\b"
            r"|(?:its|their|his|her|our|my|your) (?P<heyday>hay day)\b"
            r"|a damp (?P<squib>squid)\b"  # "pat the damp squid dry" is cooking
            r"|(?P<dog_eat_dog>doggy(?:-| )dog) world\b"
            r"|a (?P<sight>site) for sore eyes\b"
            r"|dire (?P<straits>straights)\b"
            r"|(?P<lightning>lightening) (?:bolts?|strikes?|storms?|rods?|fast|speed)\b"
            r"|a (?:deep |long |big |fresh |quick |sharp )?(?P<breath>breathe)(?![\w-])"
            r"|(?P<paid>payed) (?:attention|off|for|tribute|homage)\b"
            r"|(?:has|have|had|having) (?P<led>lead) to\b"
            r"|(?P<phased>fazed) out\b"
            r"|(?:didn['’]t|did not|doesn['’]t|does not|won['’]t|will not|never) (?P<faze>phase) "
            # what follows a "faze": the clause's end, "at all", "one bit"; not a phasing's
            # "in", "out", "down" or "over three years" (no "$": the search ends at windows)
            r"(?:him|her|them|me|us|you)(?=[.,;:!?)\"”’\n]| (?:at all|one bit|a bit|much"
            r"|in the (?:least|slightest)|either|anymore|and|but|or|because|when|as)\b)"
            r"|per (?P<se>say)(?![\w-])"  # not "per say-so"
            r"|(?P<whether>weather) or not\b"
            # reading closely, not a cook's pouring: what is read follows
            r"|(?P<pore>pour(?:ed|ing|s)?) over (?:the |their |his |her |its |our |my "
            r"|your |all the |every )?(?:documents?|records?|details?|files?|papers?|pages?"
            r"|transcripts?|reports?|evidence|data|notes|letters?|emails?|minutes|maps?"
            r"|manuscripts?|archives?|contracts?|footage|numbers|statistics|results)\b"
            r"|(?P<bear_cost>bare) the (?:brunt|cost|costs|burden|weight|responsibility)\b"
            r")"
        ).replace(" ", SPACE)
    )
    examples = (
        Example(
            "“Resulting civilian causalities are of grave concern,” it said.",
            "“Resulting civilian casualties are of grave concern,” it said.",
        ),
        Example(
            "For all intensive purposes, it is over.", "For all intents and purposes, it is over."
        ),
        Example("He would of been there.", "He would have been there."),
        Example("We waited with baited breath.", "We waited with bated breath."),
        Example(
            "It costs more then it did. Their is hope.", "It costs more than it did. There is hope."
        ),
        Example("The team has it’s own coach.", "The team has its own coach."),
        Example(
            "Work on you're own bike; he couldn't of shown more. Is it cheaper then it was?",
            "Work on your own bike; he couldn't have shown more. Is it cheaper than it was?",
        ),
        Example(
            "It is more reliable then a car. They assumed their wasn’t. He died their.",
            "It is more reliable than a car. They assumed there wasn’t. He died there.",
        ),
        Example(
            "Free reign and slight of hand will wet your appetite for piece of mind.",
            "Free rein and sleight of hand will whet your appetite for peace of mind.",
        ),
        Example("She was a shoe-in for the award.", "She was a shoo-in for the award."),
        Example(
            "Bare in mind the talks have lead to a viscous circle in unchartered waters.",
            "Bear in mind the talks have led to a vicious circle in uncharted waters.",
        ),
        Example(
            "All of the sudden, a lightening strike; it was a damp squid, per say.",
            "All of a sudden, a lightning strike; it was a damp squib, per se.",
        ),
        Example(
            "Take a deep breathe: they payed attention, at his beckon call, to reign in spending.",
            "Take a deep breath: they paid attention, at his beck and call, to rein in spending.",
        ),
        Example(
            "The news didn't phase him; it's a doggy-dog world in dire straights.",
            "The news didn't faze him; it's a dog-eat-dog world in dire straits.",
        ),
        Example(
            "Weather or not the board agrees, lawyers poured over the documents and the town "
            "will bare the brunt.",
            "Whether or not the board agrees, lawyers pored over the documents and the town "
            "will bear the brunt.",
        ),
        Example(
            "More then 100 came, more then ever; it was faster then Swift. Rather then wait, "
            "they tow the party line.",
            "More than 100 came, more than ever; it was faster than Swift. Rather than wait, "
            "they toe the party line.",
        ),
    )
    keeps = (
        "The causalities of the model were tested.",
        "Hume wrote on causality and heavy reasoning.",
        "Prices peaked the day before.",
        "He ate more, then slept; their house is red and it's owned by them.",
        "The company could of course grow. Loose weight plates were sold.",
        "The peak of the hill was climbed in a sneak attack.",
        "After you're done, the might of armed forces could of course win; it was cheaper then.",
        "Their house, their own, and against their will; a more ambitious then-senator.",
        "Her reign was free of scandal; a slight shift of hand position; the wet appetite.",
        "A piece of mind-reading software, a piece of minds at work, a shoe-insert.",
        "The bare in-mind note; the lead to the story; the reign in Spain was long.",
        "Breathe in; they breathe-in deeply; a lightening of the mood; the viscous fluid.",
        "The plan will not phase them out, and the dry chalk fell; he paid per, say, hour.",
        "We will not phase them in until the grants arrive; they won't phase us over three years.",
        "Houses cost more then than they do now, on the boss's per say-so.",
        "Shop at Sneak Peak. Sneak Peak opened; Iron Maiden released Piece of Mind.",
        "Things were better then and nobody locked their doors. She moved closer then stopped.",
        "The shares climbed higher then fell back; he came closer then the dog barked.",
        "They had to tow the line of barges. The words their, there and they're confuse.",
        "Older homes may have lead to worry about; braised beef tongue and cheek.",
        "The affect on her face was flat. Pat the damp squid dry.",
        "The weather, or not much of it, kept them in. Pour over the pasta and serve.",
        "Water poured over the banks; the bare walls, the bare minimum.",
    )

    def fixes(self, text: str, metadata: Metadata) -> list[Fix]:
        return carried(text, self.find_fixes(text, metadata))

    def find_fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        # The pattern is an alternation tried at every word, a millisecond on a long article:
        # it runs only around the cues, in a window wide enough for each phrase.
        # The literal cues need single spaces: look for them in a copy with tabs and no-break
        # spaces made spaces (same offsets) and runs of spaces made one (offsets move left by
        # at most the characters taken out, so the windows widen by as much).
        cues = _possible_cues(word_set(text))
        if not cues:
            return
        tidy = text.replace("\t", " ").replace("\u00a0", " ")
        if "  " in tidy:
            tidy = SPACE_RUNS.sub(" ", tidy)
        shift = len(text) - len(tidy)
        windows = [(cue - 40, cue + 60 + shift) for cue in sorted(_cue_positions(tidy, cues))]
        end = 0
        for start, stop in windows:
            for match in self.pattern.finditer(text, max(start, end), stop):
                fix = self.replace(match, metadata)
                if fix is not None and fix.start >= end:
                    yield fix
                    end = fix.end

    def replace(self, match: regex.Match[str], metadata: Metadata) -> Fix | None:
        group = match.lastgroup
        old = match.group(group)
        if _named(match, group):
            return None
        if group == "than" and not compared_after(match.string, match.end(group)):
            return None
        if group == "led" and not noun_phrase_after(match.string, match.end()):
            return None
        if group in ("there", "theres") and words_discussed(match.string, match.start(group)):
            return None
        if group == "casualties":
            new = "casualty" if old.lower().endswith("y") else "casualties"
        elif group == "pore":
            new = PORED[old.lower()]
        else:
            new = CONFUSION_FIXES[group]
        return Fix(match.start(group), match.end(group), _same_case(old, new))


# The words after a "then" that make it the "than" of a comparison, and no time or step
# ("better then and nobody locked their doors", "closer then stopped", "higher then fell back"):
# what is compared, a number, a pronoun as object, or a clause of comparison ("then it did.").
# A verb, a conjunction, a preposition, a name or punctuation after "then" is left alone.
TOKEN = regex.compile(r"[\p{L}\d](?:[\p{L}\d'’-]*[\p{L}\d])?|[$£€]|\S")
# Words that stand as what is compared: "than ever", "than expected", "than anyone".
COMPARED = frozenset(
    "ever before usual expected anticipated predicted forecast planned hoped intended necessary "  # noqa: SIM905
    "needed required average normal previously originally initially anyone anybody anything "
    "everyone everybody everything nothing nobody others most half twice double triple once "
    "me him us them mine yours ours theirs hers what one two three four five six seven eight "
    "nine ten dozen hundred thousand million billion".split()
)
# Before the words of a noun phrase: "than the others.", "than a decade ago".
DETERMINERS = frozenset(
    "the a an this these those that its their his her our my your any some many much all each "  # noqa: SIM905
    "every other another no".split()
)
# What may end the noun phrase of a comparison: a preposition ("than the rest of us").
PHRASE_ENDS = frozenset("of in on at for from with by ago before last combined together".split())  # noqa: SIM905
# Punctuation that ends a clause or the phrase compared.
CLAUSE_ENDS = frozenset(".,;:!?)”\"'’")
# A subject and a verb of comparison ("than I thought", "than it did", "than you might think").
SUBJECTS = frozenset("i you we they it he she".split())  # noqa: SIM905
COMPARING_VERBS = frozenset(
    "do does did think thought expect expected imagine imagined realize realized realise "  # noqa: SIM905
    "realised anticipated needed wanted was were is are had has have would will".split()
)
MODALS_OF_THOUGHT = frozenset("might may would could can".split())  # noqa: SIM905
# Adverbs that may stand before what is compared: "than just a game".
FOCUS = frozenset("just simply merely only even".split())  # noqa: SIM905
# Common past forms without "-ed": a noun phrase followed by one is a clause ("then the dog
# ran"), not what is compared.
IRREGULAR_PAST = frozenset(
    "ran went came fell rose got took made said saw left began stood sat hit put set "  # noqa: SIM905
    "broke drove flew grew knew threw won lost kept held told found felt".split()
)


def compared_after(text: str, position: int) -> bool:
    """Whether the words from ``position`` (right after a "then") are what a comparison
    compares, so that the "then" is a "than": "more then 100", "better then ever", "more
    reliable then a car.", "cheaper then it was?", "more then just currency", "faster then
    Swift."; not "better then and", "closer then stopped", "higher then fell back", "closer
    then the dog barked", "closer then Mary left". After "rather", anything but a conjunction
    or punctuation: "rather then" is only ever "rather than"."""
    tokens = TOKEN.findall(text, position, position + 120)[:10]
    if not tokens:
        return False
    if _rather(text, position):
        return tokens[0][0].isalnum() and tokens[0].lower() not in CONJUNCTIONS
    if tokens[:2] in (["for", "example"], ["for", "instance"]):
        return True  # "better then for example QCY": an example of what is compared
    focused = False
    while tokens and tokens[0].lower() in FOCUS:
        tokens, focused = tokens[1:], True
    if not tokens:
        return False
    first, rest = tokens[0], tokens[1:]
    if first[0].isdigit() or first in "$£€":
        return True
    if first == "I":
        return _clause_compared(rest)
    if not first.islower():
        # a name, when nothing but the end of the phrase follows ("faster then Swift."); a
        # name and a verb are a clause ("closer then Mary left")
        return first[0].isupper() and _noun_phrase(tokens, capitalised=True)
    if first in COMPARED:
        return not (first == "ever" and rest[:1] in (["since"], ["after"]))
    if first in SUBJECTS:
        return _clause_compared(rest)
    if first in DEMONSTRATIVES and rest and _phrase_end(rest[0]):
        return True  # "more basic then that.", "stronger then that in"
    if first in DETERMINERS:
        return _noun_phrase(rest)
    # after "just" or "simply", a word that is no verb: "more then just currency"
    return focused and first[0].isalpha() and not _verb_like(first)


def _clause_compared(rest: list[str]) -> bool:
    """Whether the words after a subject pronoun make a clause of comparison: nothing, the end
    of the phrase ("than you."), or a verb of comparison and then the end ("than it did.",
    "than I thought", "than you might think"); not any clause ("then it was too late")."""
    if not rest or _phrase_end(rest[0]):
        return True
    verbs = rest[:2] if rest[0] in MODALS_OF_THOUGHT else rest[:1]
    after = rest[len(verbs) :]
    return (
        verbs[-1] in COMPARING_VERBS
        and (len(verbs) == 1 or verbs[-1] in ("think", "expect", "imagine"))
        and (not after or _phrase_end(after[0]))
    )


# The longest noun phrase read after a determiner or as a name: "than the previous year."
LONGEST_PHRASE = 3


def _noun_phrase(words: list[str], capitalised: bool = False) -> bool:
    """Whether ``words`` open with a noun phrase of up to ``LONGEST_PHRASE`` words (all
    capitalised, for a name) that the end of the phrase closes, with no verb in it: "the
    average.", "a decade ago", "the rest of"; not "the dog barked", "the car was"."""
    for place, word in enumerate(words[: LONGEST_PHRASE + 1]):
        if place and _phrase_end(word):
            return True
        if not word[0].isalnum() or (place and _verb_like(word)):
            return False
        if capitalised and not word[0].isupper():
            return False
    return len(words) <= LONGEST_PHRASE  # the text ends with the phrase


def _verb_like(word: str) -> bool:
    """Whether ``word`` reads as a verb or joins clauses, which no phrase compared holds:
    a past form ("stopped", "fell"), an auxiliary, a conjunction, a present participle."""
    return (
        (word.endswith("ed") and len(word) > 3)
        or word.endswith("ing")
        or word in IRREGULAR_PAST
        or word in AUXILIARIES
        or word in CONJUNCTIONS
    )


DEMONSTRATIVES = frozenset("that this these those".split())  # noqa: SIM905
AUXILIARIES = frozenset(
    "was were is are be been had has have would will could can should might may must did does "  # noqa: SIM905
    "do".split()
)
CONJUNCTIONS = frozenset(
    "and or but so nor yet because when while if as since until though although whereas unless".split()  # noqa: SIM905
)


def _rather(text: str, position: int) -> bool:
    """Whether the "then" that ends at ``position`` follows "rather": "rather then" is only
    ever "rather than", whatever follows ("rather then wait")."""
    return text[max(0, position - 12) : position - 4].rstrip().lower().endswith("rather")


def _phrase_end(token: str) -> bool:
    """Whether ``token`` ends a phrase compared: punctuation, or a preposition after it."""
    return token in CLAUSE_ENDS or token in PHRASE_ENDS


# What may follow "has lead to" when "lead" is "led": a noun phrase ("has lead to the",
# "has lead to concerns", "has lead to increased costs"). A verb after "to" makes "lead" the
# metal: "homes may have lead to worry about".
def noun_phrase_after(text: str, position: int) -> bool:
    """Whether a noun phrase starts after ``position``: a determiner, a number, a plural, or a
    word in "-ed" or "-ing" ("increased", "growing"), never a verb's bare form."""
    tokens = TOKEN.findall(text, position, position + 60)[:1]
    if not tokens:
        return False
    word = tokens[0]
    if word[0].isdigit() or word in "$£€" or word.lower() in DETERMINERS or word in COMPARED:
        return True
    if not word.islower():
        return False
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return plural or word.endswith(("ed", "ing")) or word in ("more", "less", "fewer")


# Where a text talks about the words themselves ("The words their, there and they're"), a
# "their" is the word named, not a slip for "there": a homophone stands beside it in a list
# (a comma, a slash, "and", "or", "vs"), a word such as "word" or "spelling" comes right
# before it, or quotation marks hold it.
LISTED = r"(?:[,/]?[^\S\n]+(?:(?:and|or|vs\.?|versus)[^\S\n]+)?|/)"
HOMOPHONE = r"(?:there|they['’]?re|their)"
LISTED_BEFORE = regex.compile(rf"(?i)\b{HOMOPHONE}{LISTED}$")
LISTED_AFTER = regex.compile(rf"(?i)^{LISTED}{HOMOPHONE}\b")
NAMING = frozenset("word words spelling spelled spelt term".split())  # noqa: SIM905
QUOTES = "\"'“”‘’«»"


def words_discussed(text: str, start: int) -> bool:
    """Whether the "their" at ``start`` is named as a word rather than used (see
    ``LISTED``)."""
    end = start + len("their")
    before, after = text[max(0, start - 16) : start], text[end : end + 16]
    return (
        LISTED_BEFORE.search(before) is not None
        or LISTED_AFTER.search(after) is not None
        or previous_word(text, start).lower() in NAMING
        or (before[-1:] in QUOTES and after[:1] in QUOTES and bool(before[-1:]))
    )


def _named(match: regex.Match[str], group: str) -> bool:
    """Whether the phrase is printed as a name or a title ("Sneak Peak", a shop; "Piece of
    Mind", an album): a word after its first is capitalised, or the word to correct is where
    no sentence starts."""
    if any(word[0].isupper() for word in match.group().split()[1:]):
        return True
    return match.group(group)[0].isupper() and not starts_sentence(match.string, match.start(group))


def _same_case(old: str, new: str) -> str:
    return new[0].upper() + new[1:] if old[0].isupper() else new


class BritishToAmerican(DocumentRule):
    id = "en-us"
    summary = "Respell British English as American English (opt-in)."
    why = (
        "Some corpora want one variety. codespell's en-GB to en-US table respells 'colour' and "
        "'organised'; names stay as printed ('Ministry of Defence', 'Labour Party'), so only "
        "lower-case words and sentence openers that do not start a name change. British "
        "spelling is not an error, so this is off by default."
    )
    phase = Phase.SPELLING
    order = 4
    enabled_by_default = False
    examples = (
        Example("The colour was recognised.", "The color was recognized."),
        Example(
            "Labour costs rose. Labour Party members met.",
            "Labor costs rose. Labour Party members met.",
        ),
    )
    keeps = (
        "The Ministry of Defence and the Labour Party met.",
        "He said “the colour is wrong”.",
    )

    def fixes(self, text: str, metadata: Metadata) -> list[Fix]:
        return carried(text, self.find_fixes(text, metadata))

    def find_fixes(self, text: str, metadata: Metadata) -> Iterator[Fix]:
        table = lexicon.british_to_american()
        hits = [word for word in word_set(text) if word in table]
        forms = [form for hit in hits for form in (hit, hit.capitalize())]
        for word in correctable(text, find(text, forms)):
            yield Fix(word.start, word.end, matched_case(word.text, table[word.text.lower()]))
