"""Measure the spelling rules: typos injected into clean gold text, and harm to clean text.

Run from the repository root::

    python -m bench.spelling                      # Zyte and WCXB, every spelling layer
    python -m bench.spelling --benchmark zyte --show 20   # and list false corrections
    python -m bench.spelling --benchmark cost --pages 300 # only the cost, on 300 pages
    python -m bench.spelling --benchmark common   # only the common misspellings
    python -m bench.spelling --benchmark common --misspellings spell-testset1.txt

For each English gold text of ``../shared/bench`` (py3langid, as ``bench.quality``):

* **Clean text**: each layer alone, then the default spelling layers together, run on the
  untouched gold text. Every edit there is a false correction (or a typo of the gold text
  itself: ``--show`` lists them to look at); reported per 10,000 words.
* **Injected typos**: about one word in 50 of at least four letters, lower case, is
  misspelled (deletion, insertion, transposition, keyboard-neighbour substitution, a doubled
  letter, a missing letter of a double); one name printed three times or more gets a typo in
  one of its printings; and a few real words are swapped for their confusions ("casualties"
  for "causalities", "their" for "there"). A misspelling that makes a common word (Zipf 3 or
  more) is drawn again. Recall = typos restored exactly / typos injected; precision = exact
  restorations / edits made on the corrupted text.
* **Common misspellings**: each pair of ``common_misspellings.txt`` (well-known entries of
  Wikipedia's lists) in two sentences: fixed, left, or changed to another word.
* **People's misspellings** (``--misspellings FILE``, not kept here): the same for a file in
  the format of the public test sets drawn from the Birkbeck spelling error corpus
  (``spell-testset1.txt`` and ``spell-testset2.txt`` of Norvig's corrector: ``right: wrong
  wrong`` a line), real misspellings that no rule here was written from.
* **Cost**: CPU time of the spelling rules alone (``Cleaner(select=...)``), of the default
  pipeline without them and of the whole default pipeline, each reading and writing the text
  trafilatura extracts from every page of ``../shared/bench`` as JSONL records, as multiples
  of orjson read + write of the same records, in one run (``bench.throughput``'s cached
  text). The word lists load before timing. The same in HTML mode, where a page's cost is
  its extraction (``extract_html``) and its rules: the best of the rounds after a first one,
  which pays what a process loads once. ``--benchmark cost`` measures only this.

Seeds are fixed, so runs compare.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson
import regex

from bench.pages import english_pages, resolve_bench_dir
from bench.throughput import page_htmls, page_texts
from cleaner import Cleaner
from cleaner.lexicon import zipf
from cleaner.registry import all_rules
from cleaner.vocabulary import Vocabulary

LAYERS = ("typo", "unknown-word", "name-consensus", "real-word-confusion")
WORD = regex.compile(r"\p{L}+")
LOWER = regex.compile(r"(?<![\w'’.@#/-])[a-z]{4,}(?![\w'’@/-])")
NAME = regex.compile(r"(?<![\w'’.@#/-])\p{Lu}\p{Ll}{3,}(?![\w'’@/-])")
TYPO_RATE = 0.02
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
# Real words swapped for a confusion a writer makes; the layer that should catch them is
# real-word-confusion, and only in its phrases.
SWAPS = {
    "casualties": "causalities",
    "there": "their",
    "than": "then",
    "effect": "affect",
    "lose": "loose",
    "its": "it's",
    "your": "you're",
    "peek": "peak",
    "bated": "baited",
    "have": "of",
}
SWAP_RATE = 0.1  # of the swappable words


@dataclass(frozen=True)
class Injected:
    """A misspelling at ``start:end`` of the corrupted text, and the word it replaced."""

    start: int
    end: int
    original: str
    kind: str


def neighbours(letter: str) -> str:
    """The letters beside ``letter`` on a QWERTY keyboard."""
    for row_index, row in enumerate(KEYBOARD):
        column = row.find(letter)
        if column < 0:
            continue
        found = row[max(0, column - 1) : column] + row[column + 1 : column + 2]
        for other in (row_index - 1, row_index + 1):
            if 0 <= other < len(KEYBOARD):
                found += KEYBOARD[other][max(0, column - 1) : column + 1]
        return found
    return "aeiou"


def misspell(word: str, rng: random.Random) -> tuple[str, str]:
    """One random typo of ``word`` and its kind."""
    doubles = [i for i in range(len(word) - 1) if word[i] == word[i + 1]]
    kinds = ["deletion", "insertion", "transposition", "keyboard", "doubled"]
    if doubles:
        kinds.append("missing-double")
    kind = rng.choice(kinds)
    position = rng.randrange(1, len(word))  # typos rarely hit the first letter
    if kind == "deletion":
        return word[:position] + word[position + 1 :], kind
    if kind == "insertion":
        return word[:position] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[position:], kind
    if kind == "transposition":
        position = min(position, len(word) - 2)
        chars = list(word)
        chars[position], chars[position + 1] = chars[position + 1], chars[position]
        return "".join(chars), kind
    if kind == "keyboard":
        return word[:position] + rng.choice(neighbours(word[position])) + word[position + 1 :], kind
    if kind == "doubled":
        return word[:position] + word[position] + word[position:], kind
    position = rng.choice(doubles)
    return word[:position] + word[position + 1 :], kind


def corrupt(text: str, seed: str) -> tuple[str, list[Injected]]:
    """``text`` with typos injected, and where they are."""
    rng = random.Random(seed)
    replacements: dict[int, tuple[int, str, str, str]] = {}
    for match in LOWER.finditer(text):
        word = match.group()
        if word in SWAPS and rng.random() < SWAP_RATE:
            replacements[match.start()] = (match.end(), SWAPS[word], word, "real-word")
        elif rng.random() < TYPO_RATE:
            for _ in range(5):
                typo, kind = misspell(word, rng)
                if typo != word and zipf(typo) < 3:
                    replacements[match.start()] = (match.end(), typo, word, kind)
                    break
    names = Counter(match.group() for match in NAME.finditer(text))
    # names, not capitalised common words: rarer than 1 per million words
    frequent = [name for name, count in names.items() if count >= 3 and zipf(name) < 3]
    if frequent:
        name = rng.choice(sorted(frequent))
        spots = [match for match in NAME.finditer(text) if match.group() == name]
        spot = rng.choice(spots)
        typo, _ = misspell(name, rng)
        if typo != name and typo[0] == name[0]:
            replacements[spot.start()] = (spot.end(), typo, name, "name")
    out, injected, cursor, shift = [], [], 0, 0
    for start in sorted(replacements):
        end, typo, original, kind = replacements[start]
        out.append(text[cursor:start])
        out.append(typo)
        injected.append(Injected(start + shift, start + shift + len(typo), original, kind))
        shift += len(typo) - (end - start)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), injected


@dataclass
class Score:
    """One layer's results on one benchmark."""

    restored: Counter[str]
    injected: Counter[str]
    edits: int = 0
    correct: int = 0
    clean_edits: int = 0

    @property
    def recall(self) -> float:
        return sum(self.restored.values()) / max(1, sum(self.injected.values()))

    @property
    def precision(self) -> float:
        return self.correct / self.edits if self.edits else 1.0


def evaluate(
    layers: Sequence[str],
    golds: dict[str, str],
    corrupted: dict[str, tuple[str, list[Injected]]],
    vocabulary: Vocabulary | None,
    show: list[str],
) -> Score:
    cleaner = Cleaner(select=list(layers), vocabulary=vocabulary)
    score = Score(Counter(), Counter())
    for pid, gold in golds.items():
        for edit in cleaner.clean(gold).edits:
            score.clean_edits += 1
            context = gold[max(0, edit.start - 40) : edit.end + 40].replace("\n", " ")
            show.append(f"{pid} {edit.rule}: {edit.removed!r} -> {edit.inserted!r}  …{context}…")
        text, injected = corrupted[pid]
        by_span = {(typo.start, typo.end): typo for typo in injected}
        for typo in injected:
            score.injected[typo.kind] += 1
        for edit in cleaner.clean(text).edits:
            score.edits += 1
            typo = by_span.get((edit.start, edit.end))
            if typo is not None and edit.inserted == typo.original:
                score.correct += 1
                score.restored[typo.kind] += 1
    return score


def cost(texts: list[str], rounds: int) -> dict[str, float]:
    """CPU seconds (the best of ``rounds``, jobs interleaved) of reading and writing ``texts``
    as JSONL records with orjson, alone and with each cleaner's work on the text."""
    spelling = [rule.id for rule in all_rules() if rule.id in LAYERS or rule.id == "en-us"]
    lines = [orjson.dumps({"id": number, "text": text}) for number, text in enumerate(texts)]
    cleaners = {
        "spelling rules alone": Cleaner(select=list(LAYERS)),
        "default without spelling": Cleaner(ignore=spelling),
        "default pipeline": Cleaner(),
    }
    for cleaner in cleaners.values():  # the word lists load once per process, on first use
        for text in texts[:20]:
            cleaner.clean(text)
    jobs: dict[str, Callable[[str], str]] = {"orjson read + write": lambda text: text}
    jobs.update({label: lambda text, c=c: c.clean(text).text for label, c in cleaners.items()})
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(rounds):
        for label, work in jobs.items():
            start = time.process_time()
            for line in lines:
                record = orjson.loads(line)
                record["text"] = work(record["text"])
                orjson.dumps(record)
            best[label] = min(best[label], time.process_time() - start)
    return best


def report_cost(bench_dir: Path, pages: int | None, rounds: int) -> None:
    texts = page_texts(bench_dir)[:pages]
    seconds = cost(texts, rounds)
    floor = seconds["orjson read + write"]
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    print(
        f"\ncost on {len(texts)} extracted pages ({megabytes:.1f} MB), CPU time, best of {rounds}:"
    )
    for label, spent in seconds.items():
        print(
            f"  {label:<28}{spent / floor:8.1f} x orjson read + write{megabytes / spent:9.1f} MB/s"
        )
    within = seconds["default pipeline"] - seconds["default without spelling"]
    print(
        f"  {'spelling within the default':<28}{within / floor:8.1f} x orjson read + write"
        f"{megabytes / within:9.1f} MB/s"
    )
    print(
        "speed of the default pipeline with spelling, against without: "
        f"{seconds['default without spelling'] / seconds['default pipeline']:.3f}"
    )
    html = html_cost(bench_dir, pages, rounds)
    without = html["extraction"] + html["default without spelling"]
    print(
        f"HTML mode on the same shared pages (extract_html, then the rules), CPU seconds, best of "
        f"{rounds} after a first round: extraction {html['extraction']:.1f}, rules without "
        f"spelling {html['default without spelling']:.1f}, with {html['default pipeline']:.1f}; "
        "speed with spelling, against without: "
        f"{without / (html['extraction'] + html['default pipeline']):.3f}"
    )


def html_cost(bench_dir: Path, pages: int | None, rounds: int) -> dict[str, float]:
    """CPU seconds (the best of ``rounds``, after a first round that loads what a process
    loads once) of ``extract_html`` on the shared pages, and of the default rules with and
    without spelling on what it extracts: a page's whole cost is its extraction and its rules."""
    from cleaner.html import extract_html

    spelling = [rule.id for rule in all_rules() if rule.id in LAYERS or rule.id == "en-us"]
    htmls = page_htmls(bench_dir, pages)
    cleaners = {
        "default without spelling": Cleaner(ignore=spelling),
        "default pipeline": Cleaner(),
    }
    best = {"extraction": float("inf"), **dict.fromkeys(cleaners, float("inf"))}
    for round_number in range(rounds + 1):
        start = time.process_time()
        extracted = [extract_html(html) for html in htmls]
        spent = {"extraction": time.process_time() - start}
        for label, cleaner in cleaners.items():
            start = time.process_time()
            for text, metadata in extracted:
                cleaner.clean(text or "", metadata)
            spent[label] = time.process_time() - start
        if round_number:
            best = {label: min(best[label], spent[label]) for label in best}
    return best


def words_in(texts: dict[str, str]) -> int:
    return sum(len(WORD.findall(text)) for text in texts.values())


def run(name: str, args: argparse.Namespace) -> None:
    pages, total = english_pages(name, resolve_bench_dir(args.bench_dir), args.limit)
    golds = {page.id: page.gold for page in pages if page.gold.strip()}
    corrupted = {pid: corrupt(gold, f"{name}:{pid}") for pid, gold in golds.items()}
    vocabulary = Vocabulary.from_texts(text for text, _ in corrupted.values())
    words = words_in(golds)
    print(f"\n{name}: {len(golds)} of {total} pages, {words:,} words of gold text")
    print(
        f"{'layer':<24}{'recall':>8}{'precision':>11}{'edits':>7}"
        f"{'false/10k clean':>17}{'clean edits':>13}"
    )
    shown: list[str] = []
    runs = [(layer, (layer,), None) for layer in LAYERS]
    runs += [("all (default)", LAYERS, None), ("all, batch vocabulary", LAYERS, vocabulary)]
    for label, layers, batch in runs:
        found: list[str] = []
        score = evaluate(layers, golds, corrupted, batch, found)
        if label == "all (default)":
            shown = found
            overall = score
        print(
            f"{label:<24}{score.recall:>8.3f}{score.precision:>11.3f}{score.edits:>7}"
            f"{score.clean_edits * 10_000 / max(1, words):>17.2f}{score.clean_edits:>13}"
        )
    print(
        "recall by kind (all, default): "
        + ", ".join(
            f"{kind} {overall.restored[kind]}/{count}"
            for kind, count in sorted(overall.injected.items())
        )
    )
    for line in shown[: args.show]:
        print("  false?", line)


COMMON_MISSPELLINGS = Path(__file__).with_name("common_misspellings.txt")
# Each misspelling is cleaned in these sentences, in lower case mid-sentence as people print it.
FRAMES = (
    "The officials said the {} report would be published on Monday, according to the statement.",
    "Residents told reporters that the {} was not what they had expected from the council.",
)


def common_misspellings() -> list[tuple[str, str]]:
    """The pairs of ``COMMON_MISSPELLINGS``: the misspelling and the word meant."""
    lines = COMMON_MISSPELLINGS.read_text(encoding="utf-8").splitlines()
    return [
        (typo, meant)
        for typo, meant in (line.split() for line in lines if line and not line.startswith("#"))
    ]


def people_misspellings(path: Path) -> list[tuple[str, str]]:
    """The pairs of a file of people's misspellings in the format of the public test sets
    drawn from the Birkbeck corpus (``right: wrong wrong …`` a line), less the misspellings
    that are common words themselves (Zipf 3 or more: "rote" for "wrote"), which no word
    list can see."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        meant, _, wrongs = line.partition(":")
        pairs += [(typo, meant.strip()) for typo in sorted(set(wrongs.split())) if zipf(typo) < 3]
    return pairs


def report_misspellings(label: str, pairs: list[tuple[str, str]]) -> None:
    """How the default rules treat each misspelling in every frame: fixed to the word meant,
    left as printed, or changed to another word (the harm that counts most)."""
    cleaner = Cleaner()
    fixed = left = 0
    wrong: list[str] = []
    unfixed: list[str] = []
    for typo, meant in pairs:
        for frame in FRAMES:
            start = frame.index("{}")
            text = cleaner.clean(frame.format(typo)).text
            word = text[start:].split(" ", 1)[0]
            if word.lower() == meant.lower():
                fixed += 1
            elif word == typo:
                left += 1
                unfixed.append(typo)
            else:
                wrong.append(f"{typo} -> {word} (meant {meant})")
    total = fixed + left + len(wrong)
    print(
        f"\n{label}: {total} in {len(FRAMES)} sentences each: fixed {fixed}, "
        f"left {left}, changed to another word {len(wrong)}"
    )
    for line in sorted(set(wrong)):
        print("  wrong:", line)
    print("  left:", " ".join(sorted(set(unfixed))))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--benchmark", choices=["zyte", "wcxb", "all", "cost", "common"], default="all")
    ap.add_argument(
        "--misspellings",
        type=Path,
        action="append",
        default=[],
        help="also score a file of people's misspellings ('right: wrong wrong' a line)",
    )
    ap.add_argument("--bench-dir", help="benchmark data folder (default ../shared/bench)")
    ap.add_argument("--limit", type=int, help="first N English pages per benchmark")
    ap.add_argument("--show", type=int, default=0, help="list N edits made on clean text")
    ap.add_argument("--rounds", type=int, default=3, help="cost: best of N rounds (0: no cost)")
    ap.add_argument("--pages", type=int, help="cost: the first N extracted pages (default all)")
    args = ap.parse_args(argv)
    if not resolve_bench_dir(args.bench_dir).is_dir():
        print("benchmark data not found (set --bench-dir or CLEANER_BENCH_DIR)")
        return 2
    for path in args.misspellings:
        report_misspellings(f"misspellings of {path.name}", people_misspellings(path))
    if args.benchmark == "common":
        report_misspellings("common misspellings", common_misspellings())
        return 0
    if args.benchmark != "cost":
        for name in ["zyte", "wcxb"] if args.benchmark == "all" else [args.benchmark]:
            run(name, args)
        report_misspellings("common misspellings", common_misspellings())
    if args.rounds:
        report_cost(resolve_bench_dir(args.bench_dir), args.pages, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
