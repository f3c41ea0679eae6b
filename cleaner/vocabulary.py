"""Statistics of a whole batch, for the spelling rules to tell a typo from a batch's own words.

A name printed once as "Khalizad" in one article and 40 times as "Khalilzad" across the batch
is a misspelling; a rare word that recurs across articles is vocabulary. A first pass over the
inputs gathers a ``Vocabulary``; shards gathered apart merge with ``+`` (map-reduce), and each
counter keeps at most ``max_entries`` entries, the most frequent, so memory stays bounded.
The ``Cleaner`` takes it as ``Cleaner(vocabulary=...)`` and the rules read it through
``active()`` while that cleaner runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from cleaner import lexicon
from cleaner.batch import Shared, keep_most_common
from cleaner.words import lower_case_counts, pieces

MAX_ENTRIES = 200_000
MIN_NAME = 4  # shorter capitalised words are initials, titles and acronyms, not surnames
MIN_COUNT = 3  # a name seen this often in the batch is a form others may be corrected to
# People slip on a word in far fewer than this share of the times they write it: a word the
# batch prints more often than that beside the word it would be a slip for is its own word
# ("rustc" in a batch about Rust is no slip for "rust"; "teh" three times in a million words
# of English is one for "the").
SLIP_SHARE = 0.01
# A name as the batch is counted: a capital and then lower-case letters, a whole word; and a
# first name before it, one space apart, the name in a lookahead so that every name of a run
# of names is counted after the one before it.
NAME = regex.compile(rf"(?<!\p{{L}})\p{{Lu}}\p{{Ll}}{{{MIN_NAME - 1},}}(?!\p{{L}})")
FIRST_AND_NAME = regex.compile(
    rf"(?<!\p{{L}})(\p{{Lu}}\p{{Ll}}+) (?=(\p{{Lu}}\p{{Ll}}{{{MIN_NAME - 1},}})(?!\p{{L}}))"
)


@dataclass
class Vocabulary:
    """Counts of names, first name + name pairs, and words unknown to the frequency list, and
    how many words the batch holds."""

    names: Counter[str] = field(default_factory=Counter)
    first_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    rare_words: Counter[str] = field(default_factory=Counter)
    max_entries: int = MAX_ENTRIES
    word_count: int = 0
    # built on first use and dropped whenever the counts change: names by first letter and
    # length, and the first names printed before each name
    _index: dict[tuple[str, int], list[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _firsts: dict[str, set[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_texts(cls, texts: Iterable[str], max_entries: int = MAX_ENTRIES) -> Vocabulary:
        vocabulary = cls(max_entries=max_entries)
        for text in texts:
            vocabulary.add(text)
        return vocabulary

    def add(self, text: str) -> None:
        """Count one document's names and unknown words, each where it is printed.

        Found with a few C-level scans, as the first pass over a batch runs this on every
        document: the unknown words are the few that the spelling rules' shared word set
        leaves, counted where the text prints them in lower case. A long text's names are
        listed a piece at a time (a 50 MB line would otherwise hold millions at once).
        """
        for piece in pieces(text):
            self.names.update(NAME.findall(piece))
            self.first_names.update(FIRST_AND_NAME.findall(piece))
        unknown = [word for word in lexicon.unknown_in(text) if word.isascii()]
        self.rare_words.update(
            {word: count for word, count in lower_case_counts(text, unknown).items() if count}
        )
        self.word_count += text.count(" ") + text.count("\n") + 1  # about: only a scale
        self._bound()

    def __add__(self, other: Vocabulary) -> Vocabulary:
        merged = Vocabulary(max_entries=self.max_entries)
        merged += self
        merged += other
        return merged

    def __iadd__(self, other: Vocabulary) -> Vocabulary:
        """``+`` in place: summing many shards one by one costs their size, not the total's."""
        self.names.update(other.names)
        self.first_names.update(other.first_names)
        self.rare_words.update(other.rare_words)
        self.max_entries = max(self.max_entries, other.max_entries)
        self.word_count += other.word_count
        self._bound()
        return self

    def frequent_names(self, name: str, limit: int) -> list[str]:
        """Names seen at least ``MIN_COUNT`` times in the batch that share ``name``'s first
        letter and are within ``limit`` letters of its length: the only ones within ``limit``
        edits of it. Kept by first letter and length, so that a large batch's thousands of
        names of a letter are not all compared with each name asked about."""
        if not self._index:
            self._index["", 0] = []  # built, even when no name is frequent
            for frequent, count in self.names.items():
                if count >= MIN_COUNT:
                    self._index.setdefault((frequent[0], len(frequent)), []).append(frequent)
        return [
            frequent
            for length in range(len(name) - limit, len(name) + limit + 1)
            for frequent in self._index.get((name[0], length), ())
        ]

    def first_names_of(self, name: str) -> set[str]:
        """The first names printed before ``name`` anywhere in the batch."""
        if not self._firsts:
            self._firsts[""] = set()  # built, even when no name has a first name
            for first, last in self.first_names:
                self._firsts.setdefault(last, set()).add(first)
        return self._firsts.get(name, set())

    def own_word(self, word: str, correction: str) -> bool:
        """Whether the batch prints the unknown ``word`` too often to be a slip for
        ``correction`` (``SLIP_SHARE``): more than once, and at least that share of the times
        a batch of its size would print the correction."""
        count = self.rare_words[word]
        expected = 10 ** (lexicon.zipf(correction) - 9) * self.word_count
        return count > 1 and count >= SLIP_SHARE * expected

    def compact(self) -> None:
        """Drop the counts that cannot change a verdict, once the batch is counted: a word or
        name the batch prints once is printed only in the document that holds it, which
        counts it itself, and so are the first names before such a name. Most of a batch's
        names and words are printed once, and every worker holds the vocabulary."""
        self.rare_words = Counter({word: n for word, n in self.rare_words.items() if n > 1})
        self.names = Counter({name: n for name, n in self.names.items() if n > 1})
        self.first_names = Counter(
            {pair: n for pair, n in self.first_names.items() if pair[1] in self.names}
        )
        self._index.clear()
        self._firsts.clear()

    def to_json(self) -> dict[str, Any]:
        """The counts as JSON values, saved beside the line counts of a first pass."""
        return {
            "names": dict(self.names),
            "first_names": [
                [first, name, count] for (first, name), count in self.first_names.items()
            ],
            "rare_words": dict(self.rare_words),
            "max_entries": self.max_entries,
            "word_count": self.word_count,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Vocabulary:
        """Counts saved by ``to_json``; ValueError when ``data`` is not such a save."""
        try:
            return cls(
                Counter({str(name): int(count) for name, count in data["names"].items()}),
                Counter(
                    {
                        (str(first), str(name)): int(count)
                        for first, name, count in data["first_names"]
                    }
                ),
                Counter({str(word): int(count) for word, count in data["rare_words"].items()}),
                int(data["max_entries"]),
                int(data["word_count"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not a saved vocabulary ({type(error).__name__}: {error})") from None

    def _bound(self) -> None:
        for counter in (self.names, self.first_names, self.rare_words):
            keep_most_common(counter, self.max_entries)
        self._index.clear()
        self._firsts.clear()


SHARED: Shared[Vocabulary] = Shared("vocabulary")
active = SHARED.active
using = SHARED.using
