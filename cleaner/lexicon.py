"""Word data for the spelling rules: loaded once per process on first use, never pickled.

Rules hold no state (a ``Cleaner`` pickles to its rule ids), so the lists live here behind
``functools.cache``, like datatrove's ``_get_badwords``: a worker pays for them once, on the
first document that needs them, and a document that needs none never loads them. What takes
long to build (the frequency list, the curated typos, the deletion index, the sets by frequency)
is kept in the user's cache folder (``cleaner.disk_cache``), keyed by the packages' versions and
this module's code, so a process loads it in a fraction of the time.

- Frequencies: wordfreq's large English list (321,000 words down to 1 per 100 million, from
  Wikipedia, subtitles, news, books, web text, Twitter and Reddit). It ships in the wheel, it
  is stable (its data stopped in 2021, before machine-written text), and it knows names and
  rare words a dictionary lacks, which is what keeps a corrector away from them.
- Curated typos and the en-GB to en-US table: codespell's dictionaries (CC BY-SA 3.0), less
  the typos that the dictionary below knows as words ("arbitral", "despatch").
- Rare but right words: pyspellchecker's English dictionary (160,000 words, curated by hand),
  which knows words a frequency list hardly sees ("rabbet", "kerf") and few misspellings.
- Inflections: Snowball's English stemmer, so a plural or a verb form the list lacks is not
  taken for a typo of its neighbour.
- Candidate search: rapidfuzz's optimal string alignment distance (a transposition is one
  edit) over the frequent words of the word's first letter and length; for a short word, over
  the few found through an index of one-letter deletions, built on first use.
- Language: a text most of whose lower-case words the English list finds rare is in another
  language, and the layers leave it alone (``foreign``); so is a clause of such words in any
  language (``in_unknown_run``), and a line of six other languages' words.
- Names and international terms: a frequent word the dictionary lacks that six other languages
  print about as often as English is one ("soros", "nato"), no correction
  (``international_words``).
"""

from __future__ import annotations

import gzip
import math
import statistics
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from typing import Any

import orjson
import regex
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from cleaner import words
from cleaner.disk_cache import source_hash, stored
from cleaner.rule import Fix
from cleaner.words import Recent, word_set

# A word at or above this Zipf frequency (1 per 100 million words) is known: wordfreq keeps the
# commonest misspellings too ("recieve" is 2.75), so codespell, not absence, catches those.
KNOWN_ZIPF = 2.0
# Corrections are taken only from words this common (1 per million words, about 28,000 words).
CANDIDATE_ZIPF = 3.0
# A codespell typo this common or more is a word in its own right ("chanel", "claus").
TYPO_MAX_ZIPF = 3.0
# And its correction must be at least this much (in Zipf units, log10) more common. At 1.5,
# misspellings the web prints often were left ("millenium" 2.6 against 3.7, "harrass"); at 1.0
# the one new edit on the clean gold text of both benchmarks fixed the gold's own "dumbells".
TYPO_MIN_GAP = 1.0
# codespell's misspelt proper names ("Britian", "Carribean") are taken below this frequency
# only: a form the web prints more often is some person's or company's own spelling ("Malcom",
# a footballer; "Berkley", a publisher).
NAME_TYPO_MAX_ZIPF = 2.5
# A candidate this many Zipf units more common than the next one at its distance still wins.
DOMINANCE = 1.0
# Not for words shorter than this: "thye" is as likely "they" as "the", however common "the" is.
DOMINANT_LENGTH = 5
# A word one unlikely slip from a candidate this many Zipf units more common than the likely
# ones is left alone: "whict" may be a slip for "whit", but "which" is a thousand times as common.
UNLIKELY_DOMINANCE = 2.0
# A correction shorter than this is a fragment or an abbreviation ("guic" is not "gui").
SHORTEST_CORRECTION = 4
# From this length on, a word or name may be two edits from its correction.
LONG_WORD = 8
# Longer than this, a "word" is glued text or a token, never a misspelling to correct; the
# bound also keeps edit distances (quadratic in the words' lengths) off megabyte tokens.
LONGEST_WORD = 40


# The packages whose data the lists are built from: a new version of one rebuilds them.
LIST_PACKAGES = ("wordfreq", "codespell", "pyspellchecker")


def is_plain_word(word: str) -> bool:
    """Whether ``word`` is only the letters a to z: three C-level tests, ten times as fast as
    a pattern over a list of a hundred thousand words."""
    return word.isascii() and word.isalpha() and word.islower()


# This module's code as it was imported (see ``disk_cache.source_hash``).
CODE = source_hash(__file__)


@cache
def _data_key() -> str | None:
    """What the stored word data is built from: the lists' packages and this module's code;
    None where either cannot be known (a frozen or zipped install), and nothing is stored."""
    if CODE is None:
        return None
    try:
        lists = " ".join(f"{name} {version(name)}" for name in LIST_PACKAGES)
    except PackageNotFoundError:
        return None
    return f"{lists} {CODE}"


def _stored(name: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept on disk between processes: loading it costs a fraction of building."""
    key = _data_key()
    return build() if key is None else stored(f"words-{name}", key, build)


# The languages English texts quote most ("je ne sais quoi"; a Spanish heading in a translated
# page), and what makes a word one of theirs: common there, and far more common there than in
# English ("sais", "argumentos", "de", "ne"; not "agressive", which English misspells).
OTHER_LANGUAGES = ("fr", "es", "de", "it", "pt", "nl")
OTHER_LANGUAGE_ZIPF = 4.0
OTHER_LANGUAGE_MARGIN = 1.0


def _frequency_lists(languages: Sequence[str]) -> list[dict[str, float]]:
    """wordfreq's lists of ``languages``, word to frequency (a share of all words)."""
    import wordfreq  # slow to import: only when a list built from them is not stored yet

    return [wordfreq.get_frequency_dict(language, wordlist="best") for language in languages]


def _zipf_in(listed: dict[str, float], word: str) -> float:
    """``word``'s Zipf frequency in a list of ``_frequency_lists``, 0 when it is not there."""
    return math.log10(listed[word]) + 9 if word in listed else 0.0


def _other_languages_words() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for language, listed in zip(OTHER_LANGUAGES, _frequency_lists(OTHER_LANGUAGES), strict=True):
        for word in listed:
            there = _zipf_in(listed, word)
            if there >= OTHER_LANGUAGE_ZIPF and there - zipf(word) >= OTHER_LANGUAGE_MARGIN:
                found.setdefault(word, set()).add(language)
    return {word: frozenset(languages) for word, languages in found.items()}


@cache
def other_languages_words() -> dict[str, frozenset[str]]:
    """The words (lower case) that are another language's (``OTHER_LANGUAGES``), each with
    the codes of its languages."""
    return _stored("other-languages", _other_languages_words)


def in_other_language(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` and a word beside it are words of one other language:
    a phrase quoted in it ("ne sais quoi", "de argumentos"), whose words are no English typos."""
    table = other_languages_words()
    own = table.get(text[start:end].lower())
    if not own:
        return False
    return any(
        not own.isdisjoint(table.get(neighbour.lower(), ()))
        for neighbour in (words.previous_word(text, start), words.next_word(text, end))
    )


def _wordfreq_list() -> dict[str, float]:
    import wordfreq  # slow to import: only when the list is not stored yet

    return wordfreq.get_frequency_dict("en", wordlist="large")


@cache
def _frequencies() -> dict[str, float]:
    return _stored("frequencies", _wordfreq_list)


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` (log10 per billion words), 0 when unknown."""
    frequency = _frequencies().get(word.lower(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0


@lru_cache(maxsize=8)
def at_least(floor: float) -> frozenset[str]:
    """The words (lower case) of Zipf frequency ``floor`` or more: a set test in place of a
    frequency look-up, for the rules that try many pieces of a word."""
    return _stored(
        f"at-least-{floor}",
        lambda: frozenset(
            word for word, frequency in _frequencies().items() if math.log10(frequency) + 9 >= floor
        ),
    )


def is_listed(word: str) -> bool:
    """Whether the frequency list has ``word`` at all."""
    return word.lower() in _frequencies()


@cache
def known_words() -> frozenset[str]:
    """Words common enough that they are never corrected (lower case)."""
    return at_least(KNOWN_ZIPF)


def _codespell_lines(name: str) -> Iterator[tuple[str, str]]:
    """(misspelling, what follows its "->") of every line of one codespell dictionary."""
    text = files("codespell_lib").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        typo, _, fixes = line.partition("->")
        yield typo, fixes


def _codespell_pairs(name: str) -> Iterator[tuple[str, str]]:
    """The pairs of ``_codespell_lines`` whose misspelling is lower-case letters only."""
    return ((typo, fixes) for typo, fixes in _codespell_lines(name) if is_plain_word(typo))


def _single_fix(fixes: str) -> str | None:
    """The one correction of a codespell entry, or None: several fixes, or "fix, reason"
    (auto-fix disabled), are ambiguous."""
    fix = fixes.strip()
    return fix if fix and "," not in fix else None


def _codespell_entries(name: str) -> dict[str, str]:
    """Single-suggestion entries of one codespell dictionary."""
    return {typo: fix for typo, fixes in _codespell_pairs(name) if (fix := _single_fix(fixes))}


@cache
def codespell_first_choices() -> dict[str, str]:
    """codespell's misspellings that it gives several corrections, each with the first of them
    ("sieze": seize, size, siege), which codespell lists first as the likeliest. Not a
    correction on its own: the unknown-word layer leaves such a word unless its own correction
    is this one."""
    return _stored("first-choices", _first_choices)


def _first_choices() -> dict[str, str]:
    # "typo->fix1, fix2," (a trailing comma) offers several; "fix, reason" disables one
    firsts = (
        (typo, fixes.split(",", 1)[0].strip())
        for typo, fixes in _codespell_pairs("dictionary.txt")
        if fixes.endswith(",")
    )
    return {typo: first for typo, first in firsts if is_plain_word(first)}


@cache
def codespell_typos() -> dict[str, str]:
    """codespell's typos that are no word of their own, each with its one correction: not
    common in the frequency list, nor in the dictionary however rare ("arbitral", "pervious",
    "collet"; "despatch", a British spelling; "racoon", a variant; "Handel", "Waring", names),
    which the unknown-word layer leaves alone too."""
    return _stored("typos", _typos)


def _typos() -> dict[str, str]:
    # read, not stored: a process that builds the typos need not keep the dictionary
    dictionary = _dictionary_list()
    names = {
        typo: fix
        for typo, fix in _codespell_names("dictionary.txt").items()
        if typo not in dictionary
        and zipf(typo) < NAME_TYPO_MAX_ZIPF
        and zipf(fix.split()[0]) - zipf(typo) >= TYPO_MIN_GAP
    }
    return names | {
        typo: fix
        for typo, fix in _codespell_entries("dictionary.txt").items()
        if typo not in dictionary
        and (
            joined(typo, fix)
            or (zipf(typo) < TYPO_MAX_ZIPF and zipf(fix) - zipf(typo) >= TYPO_MIN_GAP)
        )
    }


def _codespell_names(name: str) -> dict[str, str]:
    """codespell's misspelt proper names with one correction ("Britian->Britain"), keyed in
    lower case as a text's word set holds them."""
    return {
        typo.lower(): fix
        for typo, fixes in _codespell_lines(name)
        if typo.isascii() and typo.isalpha() and typo.istitle() and (fix := _single_fix(fixes))
    }


def joined(typo: str, fix: str) -> bool:
    """Whether ``typo`` is the words of ``fix`` run together ("infact", "eachother"): no word
    of its own however often the web writes it (the frequency list has "aswell" at Zipf 3.2,
    from the misspelling alone), unless the dictionary lists it ("incase")."""
    return " " in fix and typo == fix.replace(" ", "")


@cache
def typo_keys() -> frozenset[str]:
    """The typos of ``codespell_typos``, as a set to intersect a text's words with."""
    return frozenset(codespell_typos())


@cache
def _common() -> frozenset[str]:
    """Words common enough (``CANDIDATE_ZIPF``) that no spelling rule looks at them: the words
    of a text less these are all the layers need, rare words and typos alike."""
    return at_least(CANDIDATE_ZIPF) - typo_keys()


def _rare_in(text: str) -> frozenset[str]:
    """The words of ``text`` (lower-cased, see ``word_set``) that are not common or are typos:
    unknown words, typos, and the uncommon words a rare name may be a misspelling of.

    One set difference against a large set, shared by the rules through the cache: each rule
    then works on a few dozen words instead of every word of the text. Words longer than
    ``LONGEST_WORD`` are left out.
    """
    return _rare(word_set(text))


def _rare(words: frozenset[str]) -> frozenset[str]:
    rare = words - _common()  # in C: Python sees only the few rare words
    long = [word for word in rare if len(word) > LONGEST_WORD]
    return rare.difference(long) if long else rare


rare_in = Recent(_rare_in)

# A text whose words are mostly rare or unknown to the English list is in another language,
# where no English frequency tells a typo from a word. Names are rare in any language, so the
# words printed in lower case decide: on the shared benchmark pages, English texts have at most
# 0.24 of them rare, other languages from 0.61. All the distinct words are tested first (a set
# size the layers hold anyway; English texts reach 0.54 with tables of codes), so only texts
# past that are scanned for their lower-case words.
FOREIGN_SHARE = 0.4
# Fewer lower-case words than this say too little about a text's language.
LANGUAGE_EVIDENCE = 20
LOWER_CASE_WORD = regex.compile(r"(?<!\p{L})\p{Ll}+(?!\p{L})")


def _foreign(text: str) -> bool:
    """Whether ``text`` is not English by its words."""
    if len(rare_in(text)) <= FOREIGN_SHARE * len(word_set(text)):
        return False
    lower = frozenset(LOWER_CASE_WORD.findall(text))
    return len(lower) >= LANGUAGE_EVIDENCE and len(lower - _common()) > FOREIGN_SHARE * len(lower)


foreign = Recent(_foreign)

# A passage of another language inside an English text (a translated example, a quotation):
# the line around a word is one when more than ``FOREIGN_SHARE`` of its lower-case words (of
# ``PASSAGE_EVIDENCE`` or more) are another language's (``other_languages_words``); words
# that are merely rare do not count, as a technical line is full of them ("refining_impl_trait
# for refinements that are publically reachable"). No more than ``PASSAGE_REACH`` characters
# on either side are read, so that a text of one long line costs the same for each word.
PASSAGE_EVIDENCE = 8
PASSAGE_REACH = 400


def in_foreign_passage(text: str, start: int) -> bool:
    """Whether the line around ``start`` is in another language by its lower-case words."""
    # rfind gives -1 or a break at start - PASSAGE_REACH or later: ``low`` is never negative
    low = max(text.rfind("\n", max(0, start - PASSAGE_REACH), start) + 1, start - PASSAGE_REACH)
    end = text.find("\n", start, start + PASSAGE_REACH)
    passage = text[low : end if end >= 0 else start + PASSAGE_REACH]
    lower = frozenset(LOWER_CASE_WORD.findall(passage))
    if len(lower) < PASSAGE_EVIDENCE:
        return False
    theirs = other_languages_words()
    return sum(word in theirs for word in lower) > FOREIGN_SHARE * len(lower)


# A run of words English does not use, in any language: the clause around a word (up to the
# end of a sentence, a quotation mark, a bracket or a line break, and no more than
# ``CLAUSE_REACH`` characters either way) holds other lower-case words that neither the frequency
# list (at ``CANDIDATE_ZIPF``) nor the dictionary knows: ``RUN_EVIDENCE`` or more making at
# least ``RUN_SHARE`` of its lower-case words, or ``LONG_RUN_EVIDENCE`` making
# ``LONG_RUN_SHARE`` (distinct words; codespell's typos are English). That is a short text
# or a quotation in Polish, Finnish, Malay or Swahili
# ("Kami tidak akan menyerah sebelum musim berakhir"), which the whole-text test (``foreign``,
# from ``LANGUAGE_EVIDENCE`` words) and the passage test (six languages' words) miss. English
# prose around a typo is common words: on the benchmarks' injected typos (one word in 50), no
# clause around one the unknown-word layer corrected was such a run; at two words making a
# quarter, 11 were.
CLAUSE_REACH = 200
CLAUSE_BREAK = regex.compile(r"[.!?;:](?=\s)|[\"“”«»„()\[\]\n]")
LAST_CLAUSE_BREAK = regex.compile("(?r)" + CLAUSE_BREAK.pattern)  # the last one, sought back
RUN_EVIDENCE = 2
RUN_SHARE = 0.5
LONG_RUN_EVIDENCE = 3
LONG_RUN_SHARE = 0.25


@cache
def _english_words() -> frozenset[str]:
    """The words ``in_unknown_run`` takes for English: the common ones, the dictionary's and
    codespell's typos (misspelt English is English)."""
    return at_least(CANDIDATE_ZIPF) | dictionary_words() | typo_keys()


def _unused_in(text: str) -> int:
    """How many of the words of ``text`` (lower-cased) English does not use."""
    return len(rare_in(text) - _english_words())


unused_in = Recent(_unused_in)  # asked for each word a layer would correct


def in_unknown_run(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` stands among words English does not use (see
    ``CLAUSE_REACH``): a clause of another language, whose words are no English typos. A text
    that holds too few such words in all (most texts) is told by a set difference."""
    if unused_in(text) <= RUN_EVIDENCE:
        return False
    left = text[max(0, start - CLAUSE_REACH) : start]
    right = text[end : end + CLAUSE_REACH]
    last = LAST_CLAUSE_BREAK.search(left)
    if last is not None:
        left = left[last.end() :]
    following = CLAUSE_BREAK.search(right)
    if following is not None:
        right = right[: following.start()]
    # distinct, less the word itself: a typo printed again is no run of another language
    others = {
        word
        for word in LOWER_CASE_WORD.findall(left) + LOWER_CASE_WORD.findall(right)
        if len(word) > 1
    } - {text[start:end].lower()}
    if len(others) < RUN_EVIDENCE:
        return False
    english = _english_words()
    unknown = sum(not word.isascii() or word not in english for word in others)
    return (unknown >= RUN_EVIDENCE and unknown >= RUN_SHARE * len(others)) or (
        unknown >= LONG_RUN_EVIDENCE and unknown >= LONG_RUN_SHARE * len(others)
    )


def carry(text: str, fixes: Sequence[Fix]) -> None:
    """Tell the word caches what ``fixes`` make of ``text``, so the next rule does not split
    the new text again (see ``words.carry``)."""
    carried = words.carry(text, fixes)
    rare_in.put(carried.text, (rare_in(text) - carried.gone) | _rare(carried.added))


@cache
def _uncommon_words_not_typos() -> frozenset[str]:
    return uncommon_words() - typo_keys()


def _remarkable(text: str) -> frozenset[str]:
    """The words of ``text`` (lower-cased) that are unknown or typos."""
    return rare_in(text) - _uncommon_words_not_typos()


remarkable = Recent(_remarkable)


def _unknown_in(text: str) -> tuple[str, ...]:
    """The unknown words of ``text`` (lower-cased) of 4 letters or more: shorter words have
    too many neighbours to correct. A word of the dictionary is known however rare."""
    known, dictionary = known_words(), dictionary_words()
    return tuple(
        word
        for word in remarkable(text)
        if len(word) >= 4 and word.isalpha() and word not in known and word not in dictionary
    )


unknown_in = Recent(_unknown_in)  # asked by two layers


@cache
def dictionary_words() -> frozenset[str]:
    """The a-z words of pyspellchecker's English dictionary: rare words a frequency list
    hardly sees ("rabbet", "kerf", "chamfer", 68,000 of them below ``KNOWN_ZIPF``), checked
    by hand against lists of words to leave out, so it holds few misspellings (2 of 190
    common ones), where frequency alone cannot tell a rare word from a typo."""
    return _stored("dictionary", _dictionary_list)


def _dictionary_list() -> frozenset[str]:
    data = files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    return frozenset(word for word in orjson.loads(gzip.decompress(data)) if is_plain_word(word))


# A name or a term that every language prints ("soros", "nato", "covid", "hijab", "dunham") is
# as common in the frequency list as many English words, which lower-cases it; but the lists of
# ``OTHER_LANGUAGES`` count it about as often as the English one does, where an English word
# ("areas", "analyse", "earbuds") is far more common in English. A word the dictionary lacks
# whose English frequency is less than ``INTERNATIONAL_MARGIN`` (Zipf units) above its median
# frequency there is such a name or term, and no correction: on the benchmarks' injected typos,
# refusing these cost 50 of 11,708 corrections ("apps", "analytics", "smartphone"), where
# refusing every word the dictionary lacks cost 77 and British spellings ("apologised").
INTERNATIONAL_MARGIN = 1.0


def _international_words() -> frozenset[str]:
    lists = _frequency_lists(OTHER_LANGUAGES)
    dictionary = _dictionary_list()
    found = []
    for word in at_least(CANDIDATE_ZIPF):
        if not is_plain_word(word) or word in dictionary:
            continue
        theirs = [_zipf_in(listed, word) for listed in lists]
        if zipf(word) - statistics.median(theirs) < INTERNATIONAL_MARGIN:
            found.append(word)
    return frozenset(found)


@cache
def international_words() -> frozenset[str]:
    """The frequent words (``CANDIDATE_ZIPF``) that the dictionary lacks and other languages
    print about as often as English: names and international terms ("soros", "nato", "covid"),
    never taken as a correction (see ``INTERNATIONAL_MARGIN``)."""
    return _stored("international", _international_words)


# Names travel: "Smith", "Lee", "John", "Sean" are about as common in French, Spanish or German
# text as in English, and "Can" or "Said" in Turkish or Indonesian. A word this common in
# English (``COMMON_WORD_ZIPF``: once in 100,000 words, as "sheer", "default", "means") may be
# a heading's ("By All Means"); a surname rarely is. One ``ENGLISH_ONLY_MARGIN`` Zipf units
# (a hundred times) rarer in all of ``NAME_LANGUAGES`` ("appointment", "means", "necessary",
# "any") is the language's own, no one's name.
COMMON_WORD_ZIPF = 4.0
NAME_LANGUAGES = (*OTHER_LANGUAGES, "tr", "id", "pl", "sv")
ENGLISH_ONLY_MARGIN = 2.0


def _english_only_words() -> frozenset[str]:
    lists = _frequency_lists(NAME_LANGUAGES)
    return frozenset(
        word
        for word in at_least(COMMON_WORD_ZIPF)
        if zipf(word) - max(_zipf_in(listed, word) for listed in lists) >= ENGLISH_ONLY_MARGIN
    )


@cache
def english_only_words() -> frozenset[str]:
    """The common English words (lower case) that other languages hardly print: no names."""
    return _stored("english-only", _english_only_words)


@cache
def uncommon_words() -> frozenset[str]:
    """Known words rarer than ``CANDIDATE_ZIPF``: with the unknown ones, all a rare name can be."""
    return at_least(KNOWN_ZIPF) - at_least(CANDIDATE_ZIPF)


@cache
def british_to_american() -> dict[str, str]:
    """codespell's en-GB to en-US table ("colour" to "color")."""
    return _codespell_entries("dictionary_en-GB_to_en-US.txt")


def _by_start_and_length(words: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    """The a-z words of ``words`` by first letter and length, in the order given: a typo keeps
    its first letter (people rarely get it wrong), which also makes each search a few hundred
    comparisons."""
    pools: dict[tuple[str, int], list[str]] = {}
    for word in words:
        if is_plain_word(word):
            pools.setdefault((word[0], len(word)), []).append(word)
    return pools


@cache
def _candidates() -> dict[tuple[str, int], list[str]]:
    """The frequent words (``CANDIDATE_ZIPF``) by first letter and length."""
    floor = 10 ** (CANDIDATE_ZIPF - 9)
    return _stored(
        "candidates",
        lambda: _by_start_and_length(
            word for word, frequency in _frequencies().items() if frequency >= floor
        ),
    )


@lru_cache(maxsize=4096)
def _pool(letter: str, length: int, limit: int) -> list[str]:
    """The frequent words starting with ``letter`` within ``limit`` letters of ``length``."""
    pools = _candidates()
    return [
        candidate
        for size in range(length - limit, length + limit + 1)
        for candidate in pools.get((letter, size), ())
    ]


def deletions(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` letters left out: two words within ``depth`` edits of each
    other share one of these (SymSpell's symmetric deletions), so they find each other by
    lookup instead of by comparing every pair."""
    found = frontier = {word}
    for _ in range(depth):
        frontier = {
            variant[:place] + variant[place + 1 :]
            for variant in frontier
            for place in range(len(variant))
        }
        found = found | frontier
    return found


@cache
def _one_deletion_index() -> dict[str, str]:
    """The frequent words of up to ``LONG_WORD`` letters (the candidates of every shorter word),
    by themselves and by each one-letter deletion: two words one edit apart (a transposition
    too) share one of these keys, so the candidates of a short word are a few look-ups instead
    of a scan of its pool.

    The words of a key are one string, split when asked: a hundred thousand strings load in a
    third of the time of as many lists, and the garbage collector never walks them."""
    return _stored("one-deletions", _build_one_deletion_index)


def _build_one_deletion_index() -> dict[str, str]:
    index: dict[str, list[str]] = {}
    for (_, length), pool in _candidates().items():
        if length <= LONG_WORD:
            for word in pool:
                for key in deletions(word, 1):
                    index.setdefault(key, []).append(word)
    return {key: " ".join(found) for key, found in index.items()}


def _near(word: str, limit: int) -> list[str]:
    """The frequent words that may be within ``limit`` edits of ``word`` and share its first
    letter: from the deletion index for one edit, else the pool of its first letter and length."""
    if limit > 1:
        return _pool(word[0], len(word), limit)
    index = _one_deletion_index()
    keys = deletions(word, 1)
    return list(
        {found for key in keys for found in index.get(key, "").split() if found[0] == word[0]}
    )


_THREAD = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's stemmer: a Snowball stemmer keeps the word it works on in itself."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)  # asked again by every text that picks among a word's candidates
def inflects(word: str, correction: str) -> bool:
    """Whether ``word`` is an inflection of a known word rather than a typo: its Snowball stem
    is the correction's and the two are inflections of one base ("wirings", "wiring") or
    more than one edit apart, or the stem is a known word that takes an inflection or is in the
    dictionary ("marinades", "marinade"; "redactable", "redact"; stems of 4 letters or more,
    as "com" of "comming" is no evidence). One edit in the ending of the word with the same
    stem is a slip ("conferance", "magnificant"), not a form of it."""
    stem = _stemmer().stemWord(word)
    if stem == word:
        return False
    if stem == _stemmer().stemWord(correction):
        # a form of the correction ("wirings", "wiring"), or a slip in its ending
        # ("conferance", "magnificant"): one edit that is no change of inflection
        return _same_base(word, correction) or OSA.distance(word, correction) > 1
    # Snowball also drops a final "e" and turns a final "y" to "i" ("peope" gives "peop",
    # "redy" "redi"): no ending was taken off, so a known stem says nothing
    if word == stem + "e" or (word.endswith("y") and stem == word[:-1] + "i"):
        return False
    # A known word with an inflectional ending ("marinade" + "s") or a stem in the dictionary
    # ("redact" of "redactable"), or a rare word of the dictionary with an inflectional ending
    # ("sparge" + "s", a brewer's verb); not a piece a slip left that the frequency list has
    # seen as a name or a fragment ("gover" of "goverments") or as another language's word
    # ("ciel", French, of "cieling").
    known, dictionary, foreign = known_words(), dictionary_words(), other_languages_words()
    return len(stem) >= 4 and any(
        (base in known and (base in dictionary or (ended(word, base) and base not in foreign)))
        or (base in dictionary and ended(word, base))
        for base in (stem, stem + "e")
    )


def ended(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` and an inflectional ending."""
    return word.startswith(base) and word[len(base) :] in ENDINGS


# Inflectional endings: two forms of one base ("standardizes", "standardized") are no slip.
ENDINGS = ("", "s", "es", "ed", "d", "ing", "er", "ers", "est", "r")


def _same_base(word: str, other: str) -> bool:
    """Whether ``word`` and ``other`` are one base with two inflectional endings."""
    for cut in range(1, min(len(word), len(other)) + 1):
        if word[:cut] != other[:cut]:
            break
        if word[cut:] in ENDINGS and other[cut:] in ENDINGS:
            return True
    return False


def max_distance(word: str) -> int:
    """One edit for short words, two from ``LONG_WORD`` letters on."""
    return 2 if len(word) >= LONG_WORD else 1


@lru_cache(maxsize=65536)
def nearest_candidates(word: str) -> tuple[tuple[str, ...], int]:
    """The frequent words with the same first letter nearest to ``word`` (lower case), most
    common first, that a writer may have slipped from (``unlikely_substitution``), and their
    distance; none when no word is within reach, or when a word as near by an unlikely slip is
    ``UNLIKELY_DOMINANCE`` more common than them all (the slip is unlikely, not impossible).
    On injected typos and Norvig's test sets this changes only wrong corrections."""
    limit = max_distance(word)
    found = process.extract(
        word,
        _near(word, limit),
        scorer=OSA.distance,
        score_cutoff=limit,
        limit=None,
        processor=None,
    )
    unlikely = [match for match in found if unlikely_substitution(word, match[0])]
    found = [match for match in found if match not in unlikely]
    if not found:
        return (), 0
    nearest = min(distance for _, distance, _ in found)
    best = sorted(
        (candidate for candidate, distance, _ in found if distance == nearest),
        key=zipf,
        reverse=True,
    )
    if any(
        distance == nearest and zipf(candidate) - zipf(best[0]) >= UNLIKELY_DOMINANCE
        for candidate, distance, _ in unlikely
    ):
        return (), 0
    return tuple(best), nearest


@lru_cache(maxsize=65536)
def sole_correction(word: str) -> str | None:
    """The one frequent word with the same first letter nearest to ``word`` (lower case), or
    None when there is not one.

    The nearest distance wins (a word one edit away beats any two edits away); a second word
    at that distance makes the word ambiguous, and it is left alone, unless the first is
    ``DOMINANCE`` Zipf units (that many powers of ten) more common, the word is not short and
    the words are one edit away: two edits from two words, frequency is a poor guide to what
    the writer meant ("servaying": serving or surveying).
    """
    best, nearest = nearest_candidates(word)
    if not best or nearest == 0:
        return None
    if len(best) > 1 and (
        len(word) < DOMINANT_LENGTH or nearest > 1 or zipf(best[0]) - zipf(best[1]) < DOMINANCE
    ):
        return None
    return _checked_correction(word, best[0], nearest)


def listed_choice(word: str) -> str | None:
    """codespell's first correction of a ``word`` that several frequent words are nearest to,
    when it is one of them: the list's editors put the likeliest first ("neice": niece, not
    nice; "personel": personnel, not personal)."""
    first = codespell_first_choices().get(word)
    if first is None:
        return None
    best, nearest = nearest_candidates(word)
    return _checked_correction(word, first, nearest) if first in best else None


def correction_in_context(word: str, words: frozenset[str]) -> str | None:
    """The correction of a ``word`` that ``sole_correction`` finds ambiguous, when exactly one
    of its candidates one edit away is printed in the same text (``words``, lower case): a
    writer who slips in a word most often slips in one the text is about ("brigde" in a text
    on a bridge). When several are printed, the one that a swap of two letters or a doubled
    letter turned into the word, if only one did ("makse": makes, not make). Two edits away,
    the text's words are too many to tell. Without the text's evidence the telling slips are
    not enough: taking them alone cost 0.3 points of precision on injected typos."""
    present = [candidate for candidate in context_candidates(word) if candidate in words]
    if len(present) > 1:
        # several printed: the one a swap of two letters or a doubled letter made, if one is
        present = [candidate for candidate in present if telling_slip(word, candidate)]
    return _checked_correction(word, present[0], 1) if len(present) == 1 else None


def context_candidates(word: str) -> tuple[str, ...]:
    """The candidates a text may choose between for ``word``: two or more, one edit away."""
    best, nearest = nearest_candidates(word)
    return best if len(best) > 1 and nearest == 1 else ()


def telling_slip(word: str, candidate: str) -> bool:
    """Whether ``word`` is ``candidate`` with two neighbouring letters swapped ("makse") or a
    letter doubled ("savee"): slips of typing too particular to be chance."""
    if len(word) == len(candidate):
        differ = [place for place in range(len(word)) if word[place] != candidate[place]]
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and word[differ[0]] == candidate[differ[1]]
            and word[differ[1]] == candidate[differ[0]]
        )
    if len(word) != len(candidate) + 1:
        return False
    return any(
        word[place] == word[place - 1] and word[:place] + word[place + 1 :] == candidate
        for place in range(1, len(word))
    )


def _checked_correction(word: str, correction: str, distance: int) -> str | None:
    """``correction``, unless it is too short to be a word meant, or two edits away while a
    known word is one."""
    if len(correction) < SHORTEST_CORRECTION:
        return None
    if distance > 1 and _known_within_one(word):
        return None
    return correction


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiou")
# Letters people write for one another by sound.
SOUNDS_ALIKE = frozenset(
    frozenset(pair)
    for pair in ("iy", "ck", "cs", "sz", "kq", "gj", "dt", "bp", "mn", "fv", "cg", "xz")
)


@cache
def _neighbour_keys() -> frozenset[frozenset[str]]:
    """Pairs of letters next to each other on a QWERTY keyboard, in a row or diagonally."""
    pairs = set()
    for row, keys in enumerate(KEYBOARD_ROWS):
        for place, key in enumerate(keys):
            near = [keys[place + 1 : place + 2]]
            if row + 1 < len(KEYBOARD_ROWS):
                below = KEYBOARD_ROWS[row + 1]
                near += [below[max(0, place - 1) : place + 1]]
            pairs.update(frozenset((key, other)) for group in near for other in group)
    return frozenset(pairs)


def unlikely_substitution(word: str, candidate: str) -> bool:
    """Whether ``candidate`` differs from ``word`` by one letter for another that people seldom
    type or write for it: not a neighbouring key, not two vowels, not consonants alike in sound.
    "natior" is a slip for "nature", not "nation"; "thw" for "the" is one."""
    if len(word) != len(candidate):
        return False
    differ = [place for place in range(len(word)) if word[place] != candidate[place]]
    if len(differ) != 1:
        return False
    return not likely_substitution(word[differ[0]], candidate[differ[0]])


# What an unlikely substitution costs in ``slip_distance``: more than the two edits a long word
# may be from its correction, so a correction it needs is refused.
UNLIKELY_COST = 3


def likely_substitution(letter: str, other: str) -> bool:
    """Whether people type or write ``letter`` for ``other``: two vowels, letters alike in
    sound, or neighbouring keys."""
    pair = frozenset((letter, other))
    return pair <= VOWELS or pair in SOUNDS_ALIKE or pair in _neighbour_keys()


def slip_distance(word: str, other: str) -> int:
    """The optimal string alignment distance from ``word`` to ``other`` where a substitution
    people seldom make (``likely_substitution``) costs ``UNLIKELY_COST``: equal to the plain
    distance when the edits can all be slips ("neccesary": a "c" left out and an "s" added),
    more when one of them is a letter for an unlike one ("graphviz" to "graphic": "z" for "c";
    "acupoint" to "appoint"; "gasfields" to "garfield")."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for row in range(1, len(word) + 1):
        current = [row] + [0] * len(other)
        for column in range(1, len(other) + 1):
            letter, wanted = word[row - 1], other[column - 1]
            if letter == wanted:
                substitution = 0
            elif likely_substitution(letter, wanted):
                substitution = 1
            else:
                substitution = UNLIKELY_COST
            best = min(
                previous[column] + 1,
                current[column - 1] + 1,
                previous[column - 1] + substitution,
            )
            if row > 1 and column > 1 and letter == other[column - 2] and word[row - 2] == wanted:
                best = min(best, previous2[column - 2] + 1)
            current[column] = best
        previous2, previous = previous, current
    return previous[-1]


@cache
def _known_pools() -> dict[tuple[str, int], str]:
    """The known words (``KNOWN_ZIPF``) by first letter and length, each pool one string of
    words (stored: it loads in a few milliseconds)."""
    return _stored("known-pools", _build_known_pools)


def _build_known_pools() -> dict[tuple[str, int], str]:
    pools = _by_start_and_length(sorted(known_words()))
    return {key: " ".join(words) for key, words in pools.items()}


def _known_within_one(word: str) -> bool:
    """Whether a known word, however rare, is one edit from ``word``: then the writer more
    likely missed that word ("refresment", refreshment) than a frequent one two edits away
    ("represent")."""
    pools = _known_pools()
    near = [
        known
        for size in range(len(word) - 1, len(word) + 2)
        for known in pools.get((word[0], size), "").split()
    ]
    found = process.extractOne(word, near, scorer=OSA.distance, score_cutoff=1, processor=None)
    return found is not None
