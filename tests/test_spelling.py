"""The spelling rules' guards, the batch vocabulary, and what they do to the seeds."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import orjson
import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rapidfuzz.utils import default_process

from cleaner import Cleaner, lexicon, reconstruct
from cleaner.lexicon import (
    _near,
    _pool,
    codespell_typos,
    correction_in_context,
    inflects,
    sole_correction,
    unlikely_substitution,
)
from cleaner.rule import Fix
from cleaner.rules import spelling
from cleaner.rules.spelling import (
    CODE_PIECES,
    CODE_SIGNS,
    LITERAL_CUES,
    Names,
    Verdicts,
    _finds,
    _literal_positions,
)
from cleaner.vocabulary import Vocabulary
from cleaner.words import (
    FEW_WORDS,
    SPANS,
    Spans,
    Word,
    WordPlaces,
    _word_set,
    carry,
    find,
    lower_case_counts,
    word_set,
)

SPELLING = ["typo", "unknown-word", "name-consensus", "real-word-confusion"]
NEAR = {"scorer": OSA.distance, "score_cutoff": 1, "limit": None, "processor": None}


def spell(text: str, vocabulary: Vocabulary | None = None, rules: list[str] = SPELLING) -> str:
    result = Cleaner(select=rules, vocabulary=vocabulary).clean(text)
    assert reconstruct(result.text, result.edits) == text
    return result.text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("They recieve it.", "They receive it."),
        ("Recieve it now.", "Receive it now."),
        ("“Yes.” Recieve it.", "“Yes.” Receive it."),
    ],
)
def test_typos_keep_their_case(before: str, after: str) -> None:
    assert spell(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "Mail recieve@example.com or see https://example.com/recieve today.",
        "Follow @recieve and #recieve for more.",
        "The RECIEVE flag and the reCieve call stay.",
        "Run `recieve --all` or recieve() or recieve_all or recieve2 today.",
        "He said: “we did not recieve it.”",
        'He said "we did not recieve it" today.',
        "They meet Mr Recieve Smith in Recieve Street.",
        "The couldn't-recieve case and recieve-only mode stay.",
        "They sold 'recieve' mugs and 'goverment anoucement' signs.",
        "They sold ‹recieve›, 「recieve」 and 『recieve』 mugs.",
        "Follow ＃recieve and ＠recieve for more.",
        "They wrote 'Khalizad' and ‹Khalizad›. Khalilzad, Khalilzad and Khalilzad spoke.",
    ],
)
def test_protected_tokens_are_never_touched(text: str) -> None:
    assert spell(text) == text


def test_a_quoted_sentence_has_its_lower_case_typos_corrected_but_not_its_names() -> None:
    text = "“We did not recieve the anoucement from Khalizad,” said Khalilzad. Khalilzad left."
    assert spell(text) == text.replace("recieve", "receive").replace("anoucement", "announcement")
    short = "They sold “recieve” mugs and a “goverment anoucement” sign."
    assert spell(short) == short  # a quoted term, title or slogan is printed as it was


@pytest.mark.parametrize(
    "text",
    [
        "The '90s fans did not recieve it.",  # an elision, not a quote
        "Rock 'n' roll fans did not recieve it.",
        "The players' union did not recieve it, and we don't either.",
        "'We did not recieve the letter from them,' he said.",  # a quoted sentence
    ],
)
def test_a_straight_single_quote_is_a_quote_or_an_apostrophe(text: str) -> None:
    """An opening quote has no letter before it, a closing one no letter after: apostrophes
    and possessives open no quote, and a quoted sentence has its lower-case typos fixed."""
    assert spell(text) == text.replace("recieve", "receive")


def test_typos_that_are_words_of_their_own_are_not_in_the_list() -> None:
    typos = codespell_typos()
    assert typos["recieve"] == "receive"
    for word in ("chanel", "claus", "alot", "teh"):  # common enough in wordfreq to be words
        assert word not in typos
    assert not lexicon.typo_keys() & lexicon.dictionary_words()  # rare words, not typos


@pytest.mark.parametrize(
    "word",
    (
        "arbitral pervious miliary collet precess intension identic secund dorp minium gages "  # noqa: SIM905
        "objet affaire despatch racoon trolly conveyer floatation quitted".split()
    ),
)
def test_a_dictionary_word_is_no_typo(word: str) -> None:
    """Rare words, variants and British spellings that codespell lists as typos."""
    text = f"They said the {word} was there."
    assert spell(text) == text


def test_unknown_word_needs_one_clear_candidate() -> None:
    assert sole_correction("anoucement") == "announcement"
    assert sole_correction("thye") is None  # "they" or "the": too short to let frequency decide
    assert spell("The goverrnment met.") == "The government met."


@pytest.mark.parametrize(
    ("word", "candidate", "unlikely"),
    [
        ("natior", "nation", True),  # r for n: far apart, unlike in sound
        ("receit", "recent", True),  # i for n
        ("thw", "the", False),  # neighbouring keys
        ("seperate", "separate", False),  # two vowels
        ("analise", "analyse", False),  # alike in sound
        ("recieve", "receive", False),  # a transposition, not a substitution
        ("goverment", "government", False),  # a letter left out
    ],
)
def test_substitutions_people_seldom_make(word: str, candidate: str, unlikely: bool) -> None:
    assert unlikely_substitution(word, candidate) is unlikely


@pytest.mark.parametrize(
    ("word", "correction", "inflection"),
    [
        ("wirings", "wiring", True),  # a plural the list lacks
        ("standardizes", "standardized", True),  # two endings of one base
        ("marinades", "marinated", True),  # its stem is a known word
        ("conferance", "conference", False),  # the same stem, one slip in the ending
        ("magnificant", "magnificent", False),
        ("voteing", "voting", False),
        # Snowball drops a final "e" and turns a "y" to "i": no ending, however known "peop" is
        ("peope", "people", False),
        ("redy", "ready", False),
    ],
)
def test_an_inflection_is_not_a_slip_in_an_ending(
    word: str, correction: str, inflection: bool
) -> None:
    assert inflects(word, correction) is inflection


def test_a_correction_is_a_slip_people_make() -> None:
    assert sole_correction("receit") == "receipt"  # not "recent", one unlikely letter off
    # "whit" and "mitt" are likely slips, but "which" and "might" are far more common
    assert sole_correction("whict") is None and sole_correction("migtt") is None
    assert sole_correction("natior") is None  # "nature" is two edits away: unclear
    assert sole_correction("guic") is None  # "gui" is a fragment, not a word to write
    # "represent" is two edits away, but the rarer "refreshment" is one
    assert sole_correction("refresment") is None


def test_the_text_picks_among_candidates_one_edit_away() -> None:
    assert sole_correction("leter") is None  # later, letter, liter: ambiguous alone
    assert correction_in_context("leter", frozenset({"the", "letter", "came"})) == "letter"
    # two of them in the text, or none: still ambiguous
    assert correction_in_context("leter", frozenset({"letter", "later"})) is None
    assert correction_in_context("leter", frozenset({"the", "came"})) is None
    # a word with one candidate is sole_correction's to judge
    assert correction_in_context("anoucement", frozenset({"announcement"})) is None


def test_the_text_outweighs_a_commoner_candidate() -> None:
    assert spell("Water sprayed from the hosue.") == "Water sprayed from the house."
    assert (
        spell("The hose cracked. Water sprayed from the hosue.")
        == "The hose cracked. Water sprayed from the hose."
    )


def test_a_word_set_off_by_commas_is_prose_not_a_list_item() -> None:
    assert spell("It felt, generablly, like a game.") == "It felt, generally, like a game."
    assert spell("Bags: baggu | madetrade | amazon.") == "Bags: baggu | madetrade | amazon."


@pytest.mark.parametrize(("word", "derived"), [("floury", True), ("fairlyy", False)])
def test_a_doubled_final_y_is_a_slip_not_a_suffix(word: str, derived: bool) -> None:
    assert spelling.looks_derived(word) is derived


@pytest.mark.parametrize(
    ("word", "candidate", "telling"),
    [
        ("makse", "makes", True),  # two neighbouring letters swapped
        ("savee", "save", True),  # a letter doubled
        ("makse", "make", False),  # a letter added
        ("msake", "makes", False),  # letters apart swapped
    ],
)
def test_telling_slips(word: str, candidate: str, telling: bool) -> None:
    assert lexicon.telling_slip(word, candidate) is telling


def test_of_several_candidates_in_the_text_a_telling_slip_decides() -> None:
    words = frozenset({"make", "makes", "the"})
    assert lexicon.correction_in_context("makse", words) == "makes"
    assert lexicon.correction_in_context("makse", frozenset({"the"})) is None


def test_a_candidate_two_edits_away_is_not_picked_by_the_text() -> None:
    best, distance = lexicon.nearest_candidates("servaying")
    assert distance == 2 and len(best) > 1
    assert correction_in_context("servaying", frozenset(best[:1])) is None


@pytest.mark.parametrize(
    "text",
    [
        "The zorbing fad, and more zorbing, returned.",  # recurring: the text's own word
        "An unevidenced claim about the backglass.",  # built from known pieces
        "She standardizes the marinades for the exercisers.",  # inflections the list lacks
        "The organisation recognised the colour of the defence.",  # British spelling
        "The cafés served crêpes and a smörgåsbord.",
    ],
)
def test_rare_but_right_words_stay(text: str) -> None:
    assert spell(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "The sturdiest boots and the earthier coffees.",  # a y respelled as i before -est, -er
        "The coarsest grind; repotting and rezipping it.",  # a dropped e, a doubled consonant
        "The brothy noodles.",  # a word and -y
        "Health insurance companiesin USA.",  # two words run together: the fix is a space
        "Sow Limnanthes douglasii in spring.",  # a Latin epithet
        "Accessories: baggu | madetrade | amazon",  # one-word items of a list
        "- tidyr: tidy messy data\n- caret: models",
        "Fetch it with wget.\n\nRun main() again.",  # near signs of code
        "The businessâ income and the sistema eléctrico.",  # mojibake and loan words
    ],
)
def test_unknown_words_of_known_kinds_stay(text: str) -> None:
    assert spell(text) == text


def test_unknown_words_still_corrected_in_prose_beside_them() -> None:
    text = "The sturdiest boots met the anoucement, apples, and pears."
    assert spell(text) == text.replace("anoucement", "announcement")


def test_a_name_after_an_initial_is_no_sentence_start() -> None:
    assert spell("Shelia R. Cotten wrote it.") == "Shelia R. Cotten wrote it."
    assert spell("It was late. Recieve it.") == "It was late. Receive it."


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Brower spoke.",  # not "Browser"
        "They met Mr. Ponting and Sen. Smoot.",  # not "Pointing", "Smooth"
        "Lt. Flagg and Gov. Holliday came.",
        "Ponting said the plan was sound. Ricky Ponting left.",  # a name mid-sentence too
        "Brower spoke first.\n\nLater Dr. Brower left.",
    ],
)
def test_a_name_after_a_title_or_printed_mid_sentence_is_no_typo(text: str) -> None:
    assert spell(text) == text


def test_a_capitalised_typo_still_opens_a_sentence() -> None:
    assert spell("It was late. Recieve it. Goverment officials said so.") == (
        "It was late. Receive it. Government officials said so."
    )


def test_a_capitalised_word_before_a_verb_of_speech_is_the_speakers_name() -> None:
    """'Ponting said' names the speaker, though codespell reads 'ponting' as 'pointing'."""
    assert spell("Ponting said the pitch was flat.") == "Ponting said the pitch was flat."
    assert spell("Ponting the bat, he said so.") == "Pointing the bat, he said so."


def test_batch_vocabulary_makes_a_recurring_word_vocabulary() -> None:
    text = "The anoucement came late."
    assert spell(text) != text
    batch = Vocabulary.from_texts([text, "Another anoucement followed."])
    assert spell(text, batch) == text


@pytest.mark.parametrize(
    "text",
    [
        "Farah met Farahi. Farah, Farah and Farah spoke.",  # one is a prefix of the other
        "Mohammad and Mohammadi met. Mohammad, Mohammad, Mohammad.",
        "Austin read Austen. Austin, Austin and Austin agreed.",  # both are words
        "Jon Kowalczek met Anna Kowalczyk. Kowalczyk, Kowalczyk and Kowalczyk spoke.",
        "Kowalczek met Kowalczak. Kowalczyk, Kowalczyk, Kowalczyk, Kowalczak.",  # two forms
        "Walmart sells Filmora. Filmora, Filmora and Filmora beat Filmore.",  # printed too often
    ],
)
def test_names_are_not_merged_without_every_guard(text: str) -> None:
    assert spell(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Lewandowski scored. Lewandowska cheered. Lewandowski, Lewandowski and Lewandowski.",
        "Zelensky spoke. Zelenska listened. Zelensky, Zelensky and Zelensky.",
        "Kaczyński spoke. Kaczyńska listened. Kaczyński, Kaczyński and Kaczyński.",
    ],
)
def test_forms_of_one_name_that_differ_in_a_final_vowel_stay(text: str) -> None:
    """Gendered or inflected forms of one family's name, not a slip."""
    assert spell(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "В Москве. Москва, Москва и Москва.",
        "지은한의 책. 지은한을 만났다. 지은한을 봤다. 지은한을 알았다.",
        "في القاهره. القاهرة كبيرة. القاهرة جميلة. القاهرة قديمة.",
        "בירושלים ירושלים ירושלים ירושלים ירושלימ",
    ],
)
def test_names_in_other_scripts_stay(text: str) -> None:
    """The frequency list is English: it says nothing of a case ending in another script."""
    assert spell(text) == text


def test_name_consensus_within_a_document() -> None:
    text = "Envoy Zalmay Khalizad met them.\n\nKhalilzad left. Khalilzad’s aide stayed."
    assert spell(text) == text.replace("Khalizad", "Khalilzad")


def test_name_consensus_across_a_batch() -> None:
    """A document that never prints the usual form learns it from the batch."""
    text = "Marta Kowalczek arrived on Monday."
    others = ["Marta Kowalczyk spoke.", "Kowalczyk said more.", "Kowalczyk left; Kowalczyk won."]
    assert spell(text) == text
    batch = Vocabulary.from_texts([text, *others])
    assert spell(text, batch) == "Marta Kowalczyk arrived on Monday."


def test_a_name_only_other_documents_print_needs_the_same_first_name() -> None:
    """Across a batch, a near name is as often another company or person."""
    text = "Amr Awadallah, CEO of Vectara, spoke."
    others = ["The Opel Vectra sold well.", "A Vectra, a Vectra, a Vectra."]
    assert spell(text, Vocabulary.from_texts([text, *others])) == text


def test_two_shards_merge_to_the_whole() -> None:
    texts = [
        "Zalmay Khalilzad met the Taliban. Khalizad left.",
        "Khalilzad spoke in Doha; the anoucement came.",
        "Jane Kowalczyk and Kowalczyk met, zorbing.",
        "Zalmay Khalilzad and Zalmay Khalilzad again.",
    ]
    whole = Vocabulary.from_texts(texts)
    merged = Vocabulary.from_texts(texts[:2]) + Vocabulary.from_texts(texts[2:])
    assert merged == whole
    assert merged.names["Khalilzad"] == 4 and merged.first_names["Zalmay", "Khalilzad"] == 3
    assert merged.rare_words["anoucement"] == 1 and merged.rare_words["zorbing"] == 1


def test_vocabulary_memory_is_bounded() -> None:
    vocabulary = Vocabulary(max_entries=10)
    for number in range(100):
        vocabulary.add(f"Name{'x' * (number % 7)}ab Zorb{chr(97 + number % 26)}xq met.")
    assert len(vocabulary.names) <= 20 and len(vocabulary.rare_words) <= 20
    merged = vocabulary + vocabulary
    assert len(merged.names) <= 20


def test_a_cleaner_with_a_vocabulary_pickles_with_it() -> None:
    batch = Vocabulary.from_texts(["Marta Kowalczyk spoke. Kowalczyk left. Kowalczyk won."])
    clone = pickle.loads(pickle.dumps(Cleaner(vocabulary=batch)))
    assert clone.vocabulary == batch
    assert clone.clean("Marta Kowalczek arrived.").text == "Marta Kowalczyk arrived."
    assert pickle.loads(pickle.dumps(Cleaner())).vocabulary is None


def test_real_word_phrases_only_in_context() -> None:
    assert spell("Heavy causalities were reported.") == "Heavy casualties were reported."
    assert spell("The causalities of the model.") == "The causalities of the model."
    assert spell("She could of gone.") == "She could have gone."
    assert spell("Get a sneak peak at it.") == "Get a sneak peek at it."
    for text in (
        "Houses cost more then than they do now.",  # "then" is a time: "than" follows
        "He did it on the boss's per say-so.",
        "Visit Sneak Peak today. Sneak Peak opened.",  # a shop's name
        "Iron Maiden released Piece of Mind.",  # an album
    ):
        assert spell(text) == text


def test_en_us_is_opt_in_and_spares_names() -> None:
    text = "The Ministry of Defence praised the colour. Labour Party members met."
    assert spell(text) == text
    assert "en-us" not in {rule.id for rule in Cleaner().rules}
    assert spell(text, rules=["en-us"]) == (
        "The Ministry of Defence praised the color. Labour Party members met."
    )


def test_rules_do_not_break_on_tabs_carriage_returns_and_no_break_spaces() -> None:
    text = "\ufeffThe anoucement\tcame.\r\nThey recieve\u00a0it.\r\n"
    result = Cleaner(select=SPELLING).clean(text)
    assert result.text == "\ufeffThe announcement\tcame.\r\nThey receive\u00a0it.\r\n"
    assert reconstruct(result.text, result.edits) == text


def test_find_skips_partial_words_and_contractions() -> None:
    text = "Recieved, recieve’s and recieve't; xrecieve recieve."
    assert [word.start for word in find(text, ["recieve"])] == [10, 44]
    assert "recieve" in word_set(text)


def test_seeds_change_only_the_known_misspellings(seed_texts: dict[str, str]) -> None:
    changes = []
    for name, text in seed_texts.items():
        edits = Cleaner(select=SPELLING).clean(text).edits
        changes += [(name[:3], edit.rule, edit.removed, edit.inserted) for edit in edits]
    assert sorted(changes) == [
        ("000", "name-consensus", "Khalizad", "Khalilzad"),
        ("000", "name-consensus", "Khalizad", "Khalilzad"),
        ("002", "name-consensus", "Khalizad", "Khalilzad"),
        ("002", "name-consensus", "Khalizad", "Khalilzad"),
        ("002", "real-word-confusion", "causalities", "casualties"),
    ]
    assert "recognised" in seed_texts["003_d615471b4156980c"] or any(
        "recognised" in text for text in seed_texts.values()
    )


def test_seeds_across_the_batch_change_the_same(seed_texts: dict[str, str]) -> None:
    batch = Vocabulary.from_texts(seed_texts.values())
    for text in seed_texts.values():
        alone = Cleaner(select=SPELLING).clean(text).text
        assert Cleaner(select=SPELLING, vocabulary=batch).clean(text).text == alone


CARRY_TEXT = "Did recieve the anoucement and recieve it; it's own Zorbo."
FIRST, SECOND = CARRY_TEXT.find("recieve"), CARRY_TEXT.rfind("recieve")
APOSTROPHE, ZORBO = CARRY_TEXT.find("'s"), CARRY_TEXT.find("Zorbo")


@pytest.mark.parametrize(
    "fixes",
    [
        [Fix(FIRST, FIRST + 7, "receive"), Fix(SECOND, SECOND + 7, "receive")],  # typo gone
        [Fix(SECOND, SECOND + 7, "receive")],  # one printing left
        [Fix(APOSTROPHE, APOSTROPHE + 2, "s")],  # "it's" becomes "its": two words become one
        [Fix(ZORBO, ZORBO + 5, "Zorb2 x")],  # a word becomes two, one with a digit
    ],
)
def test_carried_words_are_the_words_of_the_new_text(fixes: list[Fix]) -> None:
    lexicon.rare_in(CARRY_TEXT)
    new = carry(CARRY_TEXT, fixes).text
    lexicon.carry(CARRY_TEXT, fixes)
    assert word_set(new) == _word_set(new) != word_set(CARRY_TEXT)
    assert lexicon.rare_in(new) == lexicon.rare_in.compute(new)


ITALIAN = (
    "Il black friday incombe su di noi: per chi non lo sapesse, è una giornata di sconti "
    "importata dagli Stati Uniti, dove segna l'inizio degli acquisti per le feste natalizie e "
    "dei consumi di fine anno, con offerte pensate per i nostalgici."
)


def test_a_text_in_another_language_is_left_alone() -> None:
    """Italian words one edit from English ones ("incombe", "importata") are no typos."""
    assert spell(ITALIAN) == ITALIAN
    english = "The black friday sale brings an anoucement for the shops, said Khalilzad."
    assert spell(f"{english}\n\n{ITALIAN[:60]}") != f"{english}\n\n{ITALIAN[:60]}"


def test_english_prose_full_of_names_is_still_english() -> None:
    """Most of its distinct words are rare, but those it prints in lower case are English."""
    names = " ".join(
        f"Ka{consonant}{vowel}rov met Zed." for consonant in "bdfgk" for vowel in "aeiou"
    )
    text = f"{names} The anoucement came late in the evening."
    assert spell(text) == text.replace("anoucement", "announcement")


def test_word_places_are_the_same_found_one_by_one_or_by_one_scan() -> None:
    letters = "abcdefghij"
    names = [f"Name{a}{b}" for a in letters for b in letters][: FEW_WORDS + 8]
    text = " ".join(f"{name} met {name}s and X{name.lower()}." for name in names)
    one_by_one = WordPlaces(text)
    first = [one_by_one(name) for name in names[:FEW_WORDS]]
    scanned = WordPlaces(text)
    for name in names[FEW_WORDS:] + names:  # asked past FEW_WORDS, it scans the text
        scanned(name)
    assert scanned.index is not None and one_by_one.index is None
    assert [scanned(name) for name in names[:FEW_WORDS]] == first
    assert all(len(places) == 1 for places in first)


def test_lower_case_counts_are_the_same_few_or_many() -> None:
    text = "The zorbing fad and more zorbing; Glorp and glorp, snarf once, Quux never."
    few = lower_case_counts(text, ["zorbing", "glorp", "snarf", "quux"])
    assert few == {"zorbing": 2, "glorp": 1, "snarf": 1, "quux": 0}
    padding = [f"absent{chr(97 + i)}" for i in range(FEW_WORDS)]
    many = lower_case_counts(text, ["zorbing", "glorp", "snarf", "quux", *padding])
    assert {word: many[word] for word in few} == few


def test_a_short_words_candidates_from_the_deletion_index_are_its_pools() -> None:
    """The index of one-letter deletions finds exactly the frequent words one edit away that
    the search of the word's whole pool finds, transpositions included."""
    words = ["anoucement"[:7], "goverment"[:6], "recieve", "teh", "thier", "cmoputer"[:7]]
    words += ["becuase"[:7], "wierd", "sieze", "adress", "untill", "freind", "beleif", "zorb"]
    for word in words:
        by_pool = process.extract(word, _pool(word[0], len(word), 1), **NEAR)
        by_index = process.extract(word, _near(word, 1), **NEAR)
        assert {found for found, _, _ in by_index} == {found for found, _, _ in by_pool}, word
    assert {found for found, _, _ in process.extract("wierd", _near("wierd", 1), **NEAR)} >= {
        "weird",
        "wired",
    }


def test_names_neighbours_found_at_once_are_those_found_one_by_one(
    seed_texts: dict[str, str],
) -> None:
    """The neighbours found for a text's names before they are asked about are what a
    search for each name finds, crowded names (a list of generated ones) included."""
    crowded = " ".join(f"Zor{a}{b}ek" for a in "aeiou" for b in "bdgkmnprst")
    texts = [*seed_texts.values(), f"{crowded} met Khalizad and Khalilzad."]
    for text in texts:
        unlisted = sorted(word for word in lexicon.unknown_in(text) if not lexicon.is_listed(word))
        at_once = Names(text, lexicon.rare_in(text), None)
        at_once.find_neighbours(unlisted)
        one_by_one = Names(text, lexicon.rare_in(text), None)
        assert {name: at_once.neighbours(name) for name in unlisted} == {
            name: one_by_one.neighbours(name) for name in unlisted
        }
    assert Names(texts[-1], lexicon.rare_in(texts[-1]), None).neighbours("khalizad") == {
        "khalilzad"
    }


CUE_TEXT = (
    "It’s cheaper then  then it was; é they could of gone 😀 on you’re own, their. Their is "
    "you're own; it's own. Mustn't of, might of been, must of. Their\ttheir."
)


def test_literal_cues_from_the_scan_are_those_searched_one_by_one(
    seed_texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offsets in characters, overlapping cues and texts beyond ASCII included; without the
    scan the rule finds the same."""
    pytest.importorskip("hyperscan")
    texts = [CUE_TEXT, CUE_TEXT.encode("ascii", "ignore").decode(), *seed_texts.values()]
    for text in texts:
        found = _literal_positions(text)
        assert found is not None
        assert {cue: found[cue] for cue in LITERAL_CUES} == {
            cue: _finds(text, cue) for cue in LITERAL_CUES
        }
    scanned = [spell(text) for text in texts]
    assert scanned[0] != CUE_TEXT
    monkeypatch.setenv("CLEANER_NO_SCAN", "1")
    assert _literal_positions(CUE_TEXT) is None
    assert [spell(text) for text in texts] == scanned


def test_an_unknown_words_fate_does_not_depend_on_the_words_seen_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A word is judged at its second sighting or when printed once in lower case: a
    correction never depends on which documents came first."""
    name_first = "Anoucement Corp said so. Anoucement Corp left."
    typo = "The anoucement came late in the evening."
    expected = "The announcement came late in the evening."
    monkeypatch.setattr(spelling, "verdicts", Verdicts())
    assert spell(typo) == expected
    for order in ([name_first, typo, typo], [typo, name_first, name_first, typo]):
        monkeypatch.setattr(spelling, "verdicts", Verdicts())
        assert [spell(text) for text in order] == [
            expected if text == typo else text for text in order
        ]
    assert spelling.verdicts.judged == {"anoucement": "announcement"}


def test_lower_case_counts_are_of_whole_words_few_or_many() -> None:
    text = "Snarf, snarf and snarfing; glorp once; Quux; desnarf, snarf."
    words = ["snarf", "glorp", "quux", *(f"absent{chr(97 + i)}" for i in range(FEW_WORDS))]
    together = lower_case_counts(text, words)
    # "snarfing" and "desnarf" are other words, "Snarf" is capitalised
    assert together["snarf"] == 2
    assert lower_case_counts(text, ["snarf"]) == {"snarf": 2}


def test_a_typo_that_cuts_a_words_end_is_not_the_texts_own_word() -> None:
    text = "Money went toward schools, toward roads and towar helping them."
    assert lower_case_counts(text, ["towar"]) == {"towar": 1}
    assert spell(text) == text.replace("towar ", "toward ")


def test_a_word_found_inside_a_longer_run_of_letters_is_not_counted() -> None:
    assert lower_case_counts("a" * 200_000, ["aaaa"]) == {"aaaa": 0}
    assert lower_case_counts("aaaa " + "a" * 200_000 + " aaaa", ["aaaa"]) == {"aaaa": 2}


def test_no_common_misspelling_becomes_another_word() -> None:
    """Wikipedia's common misspellings (the benchmark's list) are fixed or left, never turned
    into a third word ("sieze" is seize, not the far more common "size")."""
    listed = Path(__file__).resolve().parents[1] / "bench" / "common_misspellings.txt"
    lines = listed.read_text(encoding="utf-8").splitlines()
    pairs = [line.split() for line in lines if line and not line.startswith("#")]
    assert len(pairs) > 150
    cleaner = Cleaner()
    frame = "The officials said the {} report would be published on Monday."
    changed = []
    for typo, meant in pairs:
        word = cleaner.clean(frame.format(typo)).text.split()[4]
        if word.lower() not in (typo, meant.lower()):
            changed.append((typo, word))
    assert changed == []


def test_a_long_text_gives_the_same_words_a_piece_at_a_time() -> None:
    text = (
        "Khalilzad met the envoys: “Peace,” he said. Ünïcode İstanbul, no-break\u00a0space. " * 40
    )
    assert _word_set(text, piece=7) == _word_set(text) == frozenset(default_process(text).split())


def test_spans_found_line_by_line_are_those_of_the_whole_text(seed_texts: dict[str, str]) -> None:
    """No protected span runs past a line break: a line's spans are the whole text's."""
    crafted = (
        "He said “an unclosed quote\nruns to the line's end” and ‘so’ it‘s <b>bold</b>.\n\n"
        '"Closed" and "open\nwww.example.com/x?y=1 `code` {brace\n} «guillemets» „low“.\n'
        "'single' and 'unclosed\n‹a› 「b」 『c\n'don't' the '90s, 5'10 and Jones' 'n'\n"
    )
    for text in [crafted, *seed_texts.values()]:
        whole = [(match.start(), match.end()) for match in SPANS.finditer(text)]
        spans = Spans(text)
        by_line = {
            span
            for position in range(len(text))
            for span in zip(*spans.of_line(position)[:2], strict=True)
        }
        assert sorted(by_line) == whole


def test_a_piece_of_code_stands_in_every_sign_of_code(seed_texts: dict[str, str]) -> None:
    """``near_code`` tries the slow pattern only where one of the pieces stands."""
    signs = ["parse_args", "f()", "std::vector", "{x}", "--force", "a == b", "x => y", "a -> b"]
    signs += ["<div>", "</p>", "$ wget", "git --help", "tidyr_pkg"]
    texts = [*signs, *seed_texts.values()]
    for text in texts:
        for match in CODE_SIGNS.finditer(text):
            assert CODE_PIECES.search(match.group()), match.group()
    assert all(CODE_SIGNS.search(sign) for sign in signs)


def test_a_word_the_batch_prints_often_beside_its_correction_is_its_own() -> None:
    """The share of the correction's expected count, not the count alone, tells them apart."""
    batch = Vocabulary(rare_words=Counter({"rustc": 300, "goverment": 2}), word_count=2_000_000)
    assert batch.own_word("rustc", "rust")
    assert not batch.own_word("goverment", "government")  # people slip on a common word too
    assert not Vocabulary(rare_words=Counter({"rustc": 1}), word_count=10).own_word("rustc", "rust")


def test_the_vocabulary_saves_and_loads() -> None:
    texts = ["Zalmay Khalilzad met them; the anoucement came.", "Khalilzad and zorbing."]
    vocabulary = Vocabulary.from_texts(texts)
    assert Vocabulary.from_json(orjson.loads(orjson.dumps(vocabulary.to_json()))) == vocabulary
    assert vocabulary.first_names_of("Khalilzad") == {"Zalmay"}
    with pytest.raises(ValueError, match="not a saved vocabulary"):
        Vocabulary.from_json({"names": {}})


def test_a_compact_vocabulary_gives_the_same_verdicts() -> None:
    """What the batch prints once, the document that prints it counts itself."""
    texts = [
        "Marta Kowalczek arrived. Zalmay Khalizad spoke of the anoucement.",
        "Marta Kowalczyk spoke. Kowalczyk left; Kowalczyk won. Zalmay Khalilzad, Khalilzad.",
        "Khalilzad met them. The rustc book, the rustc flags and zorbing.",
    ]
    whole = Vocabulary.from_texts(texts)
    compact = Vocabulary.from_texts(texts)
    compact.compact()
    assert compact.rare_words == Counter({"rustc": 2})
    assert "Kowalczek" not in compact.names and ("Marta", "Kowalczek") not in compact.first_names
    for text in texts:
        assert spell(text, compact) == spell(text, whole)
    assert spell(texts[0], compact) == (
        "Marta Kowalczyk arrived. Zalmay Khalilzad spoke of the announcement."
    )


# A comparative before "then" makes it "than" only when what follows is what is compared: a
# time ("better then and"), a step ("closer then stopped"), a clause, a conjunction or
# punctuation after it is the writer's "then".
@pytest.mark.parametrize(
    "text",
    [
        "Things were better then and nobody locked their doors.",
        "She moved closer then stopped.",
        "The shares climbed higher then fell back.",
        "He walked further then turned back to the car.",
        "Prices went higher then lower again.",
        "She came closer then she stopped.",
        "He moved closer then the dog barked.",
        "She edged closer then it was too late.",
        "He came closer then Mary left.",
        "They moved closer then just stopped.",
        "Life was simpler then, she said.",
        "It grew louder then in the evening faded.",
    ],
)
def test_then_after_a_comparative_is_kept_without_a_comparison(text: str) -> None:
    assert spell(text) == text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("It costs more then it did.", "It costs more than it did."),
        ("More then 100 people came.", "More than 100 people came."),
        ("It is more reliable then a car.", "It is more reliable than a car."),
        ("It was better then expected.", "It was better than expected."),
        ("It was harder then I thought.", "It was harder than I thought."),
        ("Sales were lower then a decade ago.", "Sales were lower than a decade ago."),
        ("It is more then just currency.", "It is more than just currency."),
        ("JavaScript was faster then Swift.", "JavaScript was faster than Swift."),
        ("Rather then wait, we left.", "Rather than wait, we left."),
    ],
)
def test_then_before_what_is_compared_is_than(before: str, after: str) -> None:
    assert spell(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "They had to tow the line of barges to port.",  # towing
        "The words their, there and they're are often confused.",  # the words named
        "Spell “their” with an e before the i; the spelling their is right.",
        "Older homes may have lead to worry about.",  # the metal, then a verb
        "The pipes have lead to remove.",
        "Braised beef tongue and cheek.",  # food
        "The affect on her face was flat; positive affect on weekends rose.",  # psychology
        "Pat the damp squid dry.",  # cooking
    ],
)
def test_a_phrase_is_corrected_only_where_its_context_proves_the_confusion(text: str) -> None:
    assert spell(text) == text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("They refused to tow the line.", "They refused to toe the line."),
        ("They tow the party line on tax.", "They toe the party line on tax."),
        ("Their is hope, and he died their.", "There is hope, and he died there."),
        ("The talks have lead to concerns.", "The talks have led to concerns."),
        ("It was all tongue and cheek.", "It was all tongue in cheek."),
        ("It had a big affect on sales.", "It had a big effect on sales."),
        ("The launch was a damp squid.", "The launch was a damp squib."),
    ],
)
def test_a_phrase_in_its_context_is_still_corrected(before: str, after: str) -> None:
    assert spell(before) == after


def test_real_word_confusion_is_the_same_after_other_rules_tidy_the_text() -> None:
    """A comparative on a line of its own after a control character: the whole pipeline
    gives what a second run leaves as it is."""
    cleaner = Cleaner()
    for text in ("\x1b\ncloser then stopped", "\x1b\ncloser then the others."):
        once = cleaner.clean(text).text
        assert cleaner.clean(once).text == once
    assert cleaner.clean("\x1b\ncloser then the others.").text == "closer than the others."
    assert cleaner.clean("\x1b\ncloser then stopped").text == "closer then stopped"


# Short texts and quotations in languages the whole-text test has too few words for and the
# passage test knows no words of: their words are no English typos.
@pytest.mark.parametrize(
    "text",
    [
        "W poniedziałek przed spotkaniem ministrowie omówili spotkanie z prezydentem.",
        "Hän tuli kanssa minun.",
        "Serikali imesema kwamba serikali itaendelea na mpango huo.",
        "Bakanlık bu talep hakkında açıklama yaptı.",
        "Pemerintah akan menaikkan harga bahan bakar minyak bulan depan.",
        'Indonesian fans chanted "Kami tidak akan menyerah sebelum musim berakhir" as the team '
        "left the pitch after the 2-1 defeat in Jakarta.",
        "Protesters held signs reading “Haki yetu, serikali sikiliza” as police watched.",
    ],
)
def test_short_texts_and_quotes_in_other_languages_are_left_alone(text: str) -> None:
    assert spell(text) == text


def test_english_around_a_quote_in_another_language_is_still_corrected() -> None:
    text = "Fans chanted “Kami tidak akan menyerah sebelum musim berakhir” after the anoucement."
    assert spell(text) == text.replace("anoucement", "announcement")


# Real words, loan words and terms no list knows, and what they were taken for: a name or an
# international term the dictionary lacks ("dunham", "nato", "hijab", "covid"), a word two
# edits away that no slips people make lead to ("graphic", "appoint", "smallest"), a word
# whose other form the text prints too ("corvids").
@pytest.mark.parametrize(
    "text",
    [
        "Each dunam of farmland was sold.",
        "They served natto with rice.",
        "She wore a hejab to the wedding.",
        "A corvid sat on the fence while corvids called.",
        "An arepa, and then two more arepas.",
        "The triazoles were tested as fungicides.",
        "She pressed the acupoint on his wrist.",
        "The gasfields of the north were sold.",
        "Render the diagram with graphviz.",
        "The firm is known as a smallsat maker.",
        "Music made by duelling synthesists.",
        "Start with the dips (get the muhammara) and a bottle of wine.",
        "Grow Asparagus densiflorus sprengeri in shade.",
        "The Aria 2 is an eggceptionally good value.",
        "Editing used to be boringgg, didn't it?",
    ],
)
def test_rare_words_and_names_in_lower_case_are_no_typos(text: str) -> None:
    assert spell(text) == text


def test_names_and_international_terms_are_no_corrections() -> None:
    """Other languages print a name or an international term about as often as English
    does; an English word, British spellings too, far less."""
    international = lexicon.international_words()
    for name in ("soros", "farage", "rubio", "unix", "antifa", "covid", "nato", "hijab", "dunham"):
        assert name in international
    for word in ("earbuds", "favourite", "realise", "programme", "areas", "announcement"):
        assert word not in international


@pytest.mark.parametrize(
    ("word", "correction", "slips"),
    [
        ("neccesary", "necessary", True),  # a letter left out, one added
        ("dissapear", "disappear", True),
        ("undistand", "understand", True),  # a vowel for a vowel, a letter left out
        ("throuout", "throughout", True),
        ("graphviz", "graphic", False),  # "z" for "c"
        ("acupoint", "appoint", False),  # "c" for "p"
        ("synthesists", "synthesis", False),  # the word and two letters more
        ("muhammara", "muhammad", False),  # a loan word's ending lost
        ("smallsat", "smallest", False),  # two words of its own
    ],
)
def test_two_edits_are_slips_people_make(word: str, correction: str, slips: bool) -> None:
    assert spelling.two_slips(word, correction) is slips


def test_people_misspellings_two_edits_away_are_still_corrected() -> None:
    text = "Officials said the neccesary papers would dissapear; they undistand it throuout."
    assert spell(text) == (
        "Officials said the necessary papers would disappear; they understand it throughout."
    )


def test_a_bare_name_printed_before_another_is_named_in_full_is_another_persons() -> None:
    text = (
        "Stamer, the Danish minister, met Keir Starmer. Starmer said yes. Starmer left, and "
        "Starmer spoke."
    )
    assert spell(text) == text
    later = "Labour leader Keir Starmer spoke. Starmer said yes. Stamer left, and Starmer spoke."
    assert spell(later) == later.replace("Stamer left", "Starmer left")


@pytest.mark.parametrize(
    ("text", "word", "epithet"),
    [
        ("Plant Euphorbia characias by the wall.", "characias", True),
        ("The Senate aproved the plan.", "aproved", False),  # a common word, no genus
        ("(characias) opens the line.", "characias", False),  # no word before it at all
        ("Euphorbia\ncharacias", "characias", False),  # the genus on the line before
    ],
)
def test_a_latin_epithet_follows_a_rare_capitalised_genus(
    text: str, word: str, epithet: bool
) -> None:
    start = text.index(word)
    assert spelling.epithet(text, Word(start, start + len(word), word)) is epithet
