"""No rule's work grows faster than its input: adversarial inputs at two sizes, one run.

A ratio of CPU times in the same process, with a generous margin: linear work costs about 8x
on an input 8x as long, quadratic work 64x; a loaded machine has been seen to give a linear
rule 21x, the backtracking patterns this test caught gave 27x to 40x. Inputs small enough to clean in under
``FAST_ENOUGH`` seconds are not judged, since their ratio is mostly timer noise.
"""

from __future__ import annotations

import random
import time

import pytest

from cleaner import Cleaner, jsonl, lexicon
from cleaner.html import parse_page
from cleaner.layout_tables import unwrap_layout_tables
from cleaner.registry import all_rules, rule_by_id
from cleaner.rules.spelling import handle
from cleaner.words import Word

from adversarial import SHAPES, many_names

SMALL = 25_000
GROWTH = 8
MAX_RATIO = 28.0
FAST_ENOUGH = 0.02


def cpu_seconds(cleaner: Cleaner, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        cleaner.clean(text)
        best = min(best, time.process_time() - start)
    return best


def assert_linear(cleaner: Cleaner, build: dict[str, str]) -> None:
    for shape, (small, large) in build.items():
        small_cost, large_cost = cpu_seconds(cleaner, small), cpu_seconds(cleaner, large)
        if large_cost < FAST_ENOUGH:
            continue
        ratio = large_cost / max(small_cost, 1e-6)
        assert ratio < MAX_RATIO, (
            f"{shape}: {len(large)} characters cost {ratio:.1f}x {len(small)} "
            f"({large_cost:.3f}s against {small_cost:.3f}s)"
        )


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_each_rule_costs_linear_time_on_its_adversarial_inputs(rule) -> None:
    inputs = {
        name: (shape(rule, SMALL), shape(rule, GROWTH * SMALL)) for name, shape in SHAPES.items()
    }
    assert_linear(Cleaner(select=[rule.id]), inputs)


def test_default_pipeline_costs_linear_time_on_every_rules_inputs() -> None:
    inputs = {
        f"{rule.id}/{name}": (shape(rule, SMALL), shape(rule, GROWTH * SMALL))
        for rule in all_rules()
        for name, shape in SHAPES.items()
    }
    assert_linear(Cleaner(), inputs)


def test_press_contact_costs_linear_time_on_runs_of_headings() -> None:
    """Each contact heading reads the card under it; a heading inside a card read before is
    not read again, so a run of headings (or of cards without a number) is read once."""
    inputs = {
        "headings": (
            "Text.\n" + "Media Contact:\n" * (SMALL // 15),
            "Text.\n" + "Media Contact:\n" * (GROWTH * SMALL // 15),
        ),
        "cards-without-numbers": (
            "Text.\n" + "Press Contact:\nJane Doe\n\n" * (SMALL // 25),
            "Text.\n" + "Press Contact:\nJane Doe\n\n" * (GROWTH * SMALL // 25),
        ),
    }
    assert_linear(Cleaner(select=["press-contact"]), inputs)


def test_name_consensus_costs_linear_time_on_prose_full_of_names() -> None:
    """Every rare name is compared with the forms near it, found through an index, not with
    every other name of the text."""
    rule = rule_by_id("name-consensus")
    inputs = {"many-names": (many_names(rule, SMALL), many_names(rule, GROWTH * SMALL))}
    assert_linear(Cleaner(select=[rule.id]), inputs)


def test_unknown_word_costs_linear_time_on_prose_full_of_names() -> None:
    """Each rare word is asked whether the text prints it in lower case: one scan of the text's
    lower-case words answers for all of them, not a search of the whole text each."""
    rule = rule_by_id("unknown-word")
    inputs = {"many-names": (many_names(rule, SMALL), many_names(rule, GROWTH * SMALL))}
    assert_linear(Cleaner(select=[rule.id]), inputs)


def test_url_headline_costs_linear_time_on_long_addresses_and_first_lines() -> None:
    """The address is split into words once and only the first two lines are read, however
    long the address, the first line or the text."""
    rule = rule_by_id("url-headline")

    def build(size: int) -> tuple[str, dict[str, str]]:
        slug = "-".join(["word"] * (size // 5))
        text = f"{'Word ' * (size // 5)}\n{'.' * size}\n" + "A line of text.\n" * (size // 16)
        return text, {"url": f"https://example.com/{slug}/{slug}.html"}

    cleaner = Cleaner(select=[rule.id])

    def cost(size: int) -> float:
        text, metadata = build(size)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            cleaner.clean(text, dict(metadata))
            best = min(best, time.process_time() - start)
        return best

    small, large = cost(SMALL), cost(GROWTH * SMALL)
    if large >= FAST_ENOUGH:
        assert large / max(small, 1e-6) < MAX_RATIO


def test_unicode_repair_costs_linear_time_on_escapes_of_escapes() -> None:
    """ftfy decodes one level of escapes a round, each round over the whole line: "&" and
    thousands of "amp;" took a round for each. So did the levels that "&#1;" joins (it decodes to
    nothing), and levels revealed one a round by ftfy's removal of a byte order mark read as
    Windows-1252 ("ï»¿", escaped here: each "&iu…ml;" is whole once the one inside it has gone).
    A quarter of the usual sizes: the larger took 3 to 15 s before, hundredths of a second now."""

    def build(size: int) -> dict[str, str]:
        chain, depth = "amp;" * (size // 8), size // 21
        return {
            "amp-chain": "&" + "amp;" * (size // 4),
            "chain-in-prose": f"Fish &{chain} chips. " + "More fish. " * (size // 22),
            "joined-by-nothing": "&" + "am&#1;p;" * (size // 8),
            "revealed-by-ftfy": f"{'&iu' * depth}&iuml;&raquo;&iquest;{'ml;&raquo;&iquest;' * depth}",
        }

    small, large = build(SMALL // 4), build(GROWTH * SMALL // 4)
    inputs = {shape: (small[shape], large[shape]) for shape in small}
    assert_linear(Cleaner(select=["unicode-repair"]), inputs)


def test_filler_consent_and_form_text_cost_linear_time_on_long_lines_of_near_misses() -> None:
    """Dummy text and consent-panel lines are judged up to hundreds of words each, form
    messages up to thousands of characters of spaces: a line that opens like them and then goes
    on for its whole length is read once, not once per word or per space.
    The lines differ (a cleaner may judge a repeated line once), and the inputs are large
    enough for the cost to be measured: most lines are ruled out before a pattern runs."""

    def block(number: int) -> str:
        return (
            f"Lorem ipsum {number} " + "dolor " * 300 + "\n"
            f"- lorem  ipsum\t{number} " + "sit amet " * 150 + "\n"
            f"This website uses cookies {number} " + "and cookies " * 100 + "\n"
            f"Any cookies that may not be {number} " + "particularly " * 200 + "\n"
            f"Oops! Something went wrong {number}" + " " * 1500 + "while submitting\n"
            f"An error has occurred,{' ' * 1500}please try again {number}\n"
            f"A line of article text, number {number}.\n"
        )

    def build(size: int) -> str:
        blocks, length = [], 0
        while length < size:
            blocks.append(block(len(blocks)))
            length += len(blocks[-1])
        return "".join(blocks)

    base = 16 * SMALL
    inputs = {"near-misses": (build(base), build(GROWTH * base))}
    assert_linear(Cleaner(select=["lorem-ipsum", "cookie-notice", "form-state"]), inputs)


def test_wire_credits_slugs_and_stamps_cost_linear_time_on_lines_of_near_misses() -> None:
    """Credit lines are runs of capitalised names split by commas and 'and', slugs runs of
    hyphenated words, stamp lines runs of dates split by slashes: each near miss (a name list
    that ends in a lower-case word, a slug without its double hyphen, digits glued by slashes)
    is given up on once, not once for every way of cutting the run into names or stamps."""
    rules = [
        "wire-credit",
        "agency-slug",
        "timestamp-line",
        "support-appeal",
        "listen-prompt",
        "source-line",
        "editor-credit",
    ]

    def block(number: int) -> str:
        names = ", ".join(f"Anna Bell Carl Dorn{number}" for _ in range(6))
        return (
            f"Reporting by {names} and Eve Finn; Editing by {names} said\n"
            f"AP-US-{'-'.join(['Trump'] * 30)}-{number}, 4th Ld\n"
            f"{'/'.join(['11'] * 12)}/{number} / Updated {number} hours\n"
            f"If you enjoyed this article {'and ' * 30}{number} share it\n"
            f"Listen to {'Newsbeat ' * 6}live at {number} {'and 12:45 ' * 8}\n"
            f"SOURCE: {'News ' * 5}agencies {number} said\n"
            f"Edited by: {names} and Eve Finn, {'senior ' * 8}said\n"
        )

    def build(size: int) -> str:
        text, number = [], 0
        while sum(map(len, text)) < size:
            text.append(block(number))
            number += 1
        return "".join(text)

    # Four times the usual sizes: most lines are ruled out cheaply, and the cost must be
    # large enough to be judged.
    inputs = {"near-misses": (build(4 * SMALL), build(4 * GROWTH * SMALL))}
    assert_linear(Cleaner(select=rules), inputs)


def test_a_key_written_twice_among_many_is_found_in_linear_time() -> None:
    """One object of many keys with the last written twice: finding the repeated key must not
    compare every key with every other (80,000 keys took two minutes that way)."""

    def search_seconds(count: int) -> float:
        pairs = ",".join(f'"k{number}":{number}' for number in range(count))
        raw = f'{{"text":"x","m":{{{pairs},"k{count - 1}":0}}}}'.encode()
        value = jsonl.loads(raw)
        start = time.process_time()
        assert jsonl.repeated_key(raw, value) == f"k{count - 1}"
        return time.process_time() - start

    small, large = search_seconds(2_500), search_seconds(GROWTH * 2_500)
    assert large / max(small, 1e-6) < MAX_RATIO, (small, large)


SPELLING = ["typo", "unknown-word", "name-consensus", "real-word-confusion"]


def prose_with_typos(size: int) -> str:
    """Sentences of common words with one word in 20 a distinct misspelling of codespell's."""
    typos = sorted(lexicon.typo_keys())
    common = sorted(word for word in lexicon.at_least(3.0) if word.isalpha() and word.islower())
    rng = random.Random(size)
    sentences: list[str] = []
    while sum(map(len, sentences)) < size:
        words = [
            rng.choice(typos) if rng.random() < 0.05 else rng.choice(common) for _ in range(14)
        ]
        sentences.append(" ".join(words) + ".")
    return " ".join(sentences)


def unclosed_quotes_with_typos(size: int) -> str:
    """One line of words each opened by a straight single quote that never closes."""
    return " ".join(f"'recieve 'capitalize{number % 7}" for number in range(size // 24))


@pytest.mark.parametrize("build", [prose_with_typos, unclosed_quotes_with_typos])
def test_the_spelling_layers_cost_linear_time_on_many_distinct_misspellings(build) -> None:
    """Each misspelling is located and carried to the next layer by one scan of the text, not
    a search of the text for each (8x the text costs about 8x, not 64x): a ratio of CPU
    times in one process."""
    cleaner = Cleaner(select=SPELLING)
    small, large = build(SMALL), build(GROWTH * SMALL)
    assert len(cleaner.clean(large).edits) > 1000
    ratio = cpu_seconds(cleaner, large) / max(cpu_seconds(cleaner, small), 1e-6)
    assert ratio < MAX_RATIO, f"{ratio:.1f}x"


def test_unwrapping_nested_layout_tables_costs_linear_time() -> None:
    """Old pages nest layout tables in each other's cells; each nested cell with its table of
    data was looked at from every cell around it, and each cell's blocks were moved with all
    the cells nested in them: quadratic in the nesting (400 levels: 0.31 s, 200: 0.08 s)."""
    paragraph = "<p>" + "The council met on Tuesday and voted. " * 3 + "</p>"
    data = "<table><tr><th>A</th><th>B</th></tr>" + "<tr><td>1</td><td>2</td></tr>" * 3 + "</table>"

    def cost(levels: int) -> float:
        page = (
            "<html><body>"
            + f"<table><tr><td><font>{paragraph}Loose text<br>{data}" * levels
            + "</font></td></tr></table>" * levels
            + "</body></html>"
        )
        best = float("inf")
        for _ in range(3):
            tree = parse_page(page, 1 << 30)
            start = time.process_time()
            unwrap_layout_tables(tree)
            best = min(best, time.process_time() - start)
        return best

    small, large = cost(50), cost(50 * GROWTH)  # 400 levels: within the parser's depth
    assert large < FAST_ENOUGH or large / max(small, 1e-6) < MAX_RATIO


def test_looking_for_a_handle_costs_the_same_for_each_word_of_a_long_line() -> None:
    """Whether a word opens its line was answered by searching back to the line's start: on
    one long line, each word cost its distance from the start."""

    def cost(words: int) -> float:
        text = "x" * (words * 60)
        start = time.process_time()
        for number in range(words):
            handle(text, Word(number * 60 + 30, number * 60 + 35, "xxxxx"))
        return time.process_time() - start

    small, large = cost(2000), cost(2000 * GROWTH)
    assert large < FAST_ENOUGH or large / max(small, 1e-6) < MAX_RATIO
