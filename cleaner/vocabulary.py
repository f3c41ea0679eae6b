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

from cleaner import lexicon
from cleaner.batch import Shared, keep_most_common
from cleaner.words import is_title, previous_word, words

MAX_ENTRIES = 200_000
MIN_NAME = 4  # shorter capitalised words are initials, titles and acronyms, not surnames
MIN_COUNT = 3  # a name seen this often in the batch is a form others may be corrected to


@dataclass
class Vocabulary:
    """Counts of names, first name + name pairs, and words unknown to the frequency list."""

    names: Counter[str] = field(default_factory=Counter)
    first_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    rare_words: Counter[str] = field(default_factory=Counter)
    max_entries: int = MAX_ENTRIES
    # names by first letter, built on first use and dropped whenever the counts change
    _index: dict[str, list[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_texts(cls, texts: Iterable[str], max_entries: int = MAX_ENTRIES) -> Vocabulary:
        vocabulary = cls(max_entries=max_entries)
        for text in texts:
            vocabulary.add(text)
        return vocabulary

    def add(self, text: str) -> None:
        """Count one document's names and unknown words."""
        known = lexicon.known_words()
        for word in words(text):
            if len(word.text) < MIN_NAME:
                continue
            if is_title(word.text):
                self.names[word.text] += 1
                first = previous_word(text, word.start)
                if first and is_title(first):
                    self.first_names[first, word.text] += 1
            elif word.text.islower() and word.text not in known:
                self.rare_words[word.text] += 1
        self._bound()
        self._index.clear()

    def __add__(self, other: Vocabulary) -> Vocabulary:
        merged = Vocabulary(
            self.names + other.names,
            self.first_names + other.first_names,
            self.rare_words + other.rare_words,
            max(self.max_entries, other.max_entries),
        )
        merged._bound()
        return merged

    def frequent_names(self, letter: str) -> list[str]:
        """Names starting with ``letter`` seen at least ``MIN_COUNT`` times in the batch."""
        if not self._index:
            self._index[""] = []  # built, even when no name is frequent
            for name, count in self.names.items():
                if count >= MIN_COUNT:
                    self._index.setdefault(name[0], []).append(name)
        return self._index.get(letter, [])

    def first_names_of(self, name: str) -> set[str]:
        """The first names printed before ``name`` anywhere in the batch."""
        return {first for first, last in self.first_names if last == name}

    def _bound(self) -> None:
        for counter in (self.names, self.first_names, self.rare_words):
            keep_most_common(counter, self.max_entries)


SHARED: Shared[Vocabulary] = Shared("vocabulary")
active = SHARED.active
using = SHARED.using
