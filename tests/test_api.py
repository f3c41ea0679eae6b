"""The Python API as pipelines use it: per text, per record, per column batch, pickled."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import datasets
import pandas
import pyarrow
import pytest
from pyarrow import parquet

from cleaner import Cleaner
from cleaner.registry import all_rules

TEXT = "US Envoy Warns the Taliban Over Kabul\n\nBy Jane Doe\n\nThe envoy spoke.\n\n© Getty Images"


def test_clean_text() -> None:
    result = Cleaner().clean(TEXT)
    assert result.text == "The envoy spoke."
    assert result.metadata == {
        "title": "US Envoy Warns the Taliban Over Kabul",
        "author": "Jane Doe",
    }
    assert [edit.rule for edit in result.edits] == ["title", "byline", "photo-credit"]


def test_clean_text_never_changes_the_callers_metadata() -> None:
    given = {"url": "https://example.com", "source": ["Reuters"]}
    result = Cleaner().clean(TEXT + "\n\nSource: AP", given)
    assert given == {"url": "https://example.com", "source": ["Reuters"]}
    assert result.metadata["source"] == ["Reuters", "AP"]
    assert result.metadata["url"] == "https://example.com"


def test_clean_record_keeps_other_fields_and_logs_its_edits() -> None:
    record = {"id": 1, "text": TEXT, "lang": "en"}
    cleaned = Cleaner().clean_record(record, with_edits=True)
    assert cleaned["text"] == "The envoy spoke." and cleaned["lang"] == "en"
    assert cleaned["metadata"]["author"] == "Jane Doe"
    assert len(cleaned["edits"]) == 3
    assert record["text"] == TEXT


def test_clean_record_never_overwrites_a_field_of_the_record_with_its_edits() -> None:
    record = {"id": 1, "text": TEXT, "edits": [{"rule": "mine"}]}
    with pytest.raises(ValueError, match="already has an 'edits' field; name another"):
        Cleaner().clean_record(record, with_edits=True)
    cleaned = Cleaner().clean_record(record, with_edits=True, edits_field="cleaner_edits")
    assert cleaned["edits"] == [{"rule": "mine"}] and len(cleaned["cleaner_edits"]) == 3


def test_datasets_map_takes_the_record_call_and_the_batch_call() -> None:
    """A missing text among the records: ``map`` needs every record to come back with the
    same fields (the record call had left out ``metadata`` there: KeyError)."""
    dataset = datasets.Dataset.from_dict({"id": [1, 2, 3], "text": [TEXT, "Plain text.", None]})
    one_by_one = dataset.map(Cleaner().clean_record)
    batched = dataset.map(Cleaner(), batched=True, batch_size=2)
    assert one_by_one["text"] == ["The envoy spoke.", "Plain text.", None]
    assert batched["text"] == one_by_one["text"]
    assert one_by_one[0]["metadata"]["author"] == batched[0]["metadata"]["author"] == "Jane Doe"
    assert one_by_one[2]["metadata"] is None and batched[2]["metadata"] is None


def test_datasets_batch_map_in_arrow_format_stacks_batches_that_found_nothing() -> None:
    """In its Python format ``datasets`` fixes a column's type from the first batch it
    writes, and a first batch whose metadata is all null cannot take a byline later; in the
    Arrow format every batch's metadata has one type."""
    texts = ["Plain text.", "More plain text.", TEXT, None]
    dataset = datasets.Dataset.from_dict({"id": [1, 2, 3, 4], "text": texts})
    cleaned = dataset.with_format("arrow").map(Cleaner(), batched=True, batch_size=2)
    rows = cleaned.with_format(None)
    assert rows["text"] == ["Plain text.", "More plain text.", "The envoy spoke.", None]
    assert rows[0]["metadata"] is None
    assert rows[2]["metadata"]["author"] == "Jane Doe"


def test_datasets_json_metadata_round_trips_through_parquet_and_the_batch_call(
    tmp_path: Path,
) -> None:
    """The record call's metadata, objects of several shapes, is Arrow's JSON type in
    ``datasets``, text in storage: the batch call refused it ("metadata must be a mapping")."""
    dataset = datasets.Dataset.from_dict({"text": [TEXT, "Plain text."]})
    dataset.map(Cleaner(select=["photo-credit"]).clean_record).to_parquet(tmp_path / "a.parquet")
    saved = datasets.Dataset.from_parquet(str(tmp_path / "a.parquet"))
    cleaned = saved.with_format("arrow").map(Cleaner(), batched=True)
    assert cleaned.features["metadata"] == saved.features["metadata"]
    rows = cleaned.with_format(None)
    assert rows["text"] == ["The envoy spoke.", "Plain text."]
    assert rows[0]["metadata"]["author"] == "Jane Doe"


def test_batch_call_fits_map_batches() -> None:
    batch = {"id": [1, 2], "text": [TEXT, "Plain text."]}
    out = Cleaner()(batch)
    assert out["text"] == ["The envoy spoke.", "Plain text."]
    assert out["id"] == [1, 2]
    assert out["metadata"][1] is None
    again = Cleaner()({"text": out["text"], "metadata": out["metadata"]})
    assert again["metadata"][0]["author"] == "Jane Doe"


def test_cleaner_pickles_with_its_selection() -> None:
    cleaner = Cleaner(select=["photo-credit"])
    clone = pickle.loads(pickle.dumps(cleaner))
    assert [rule.id for rule in clone.rules] == ["photo-credit"]
    assert clone.clean(TEXT).text == cleaner.clean(TEXT).text


def test_cleaner_runs_in_other_processes() -> None:
    cleaner = Cleaner()
    with ProcessPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(cleaner.clean, [TEXT] * 4))
    assert {result.text for result in texts} == {"The envoy spoke."}


def test_every_rule_pickles_and_holds_no_state() -> None:
    for rule in all_rules():
        clone = pickle.loads(pickle.dumps(rule))
        assert type(clone) is type(rule)
        assert vars(rule) == {}, f"{rule.id} keeps per-instance state"


def test_batch_call_passes_missing_text_through_in_every_batch_format() -> None:
    columns = {"id": [1, 2, 3], "text": [TEXT, None, "Plain text."]}
    out = Cleaner()(columns)
    assert out["text"] == ["The envoy spoke.", None, "Plain text."]
    frame = pandas.DataFrame({"id": [1, 2, 3], "text": [TEXT, float("nan"), pandas.NA]})
    cleaned = Cleaner()(frame)
    assert cleaned["text"].tolist()[0] == "The envoy spoke."
    assert cleaned["text"].isna().tolist() == [False, True, True]
    table = Cleaner()(pyarrow.table(columns))
    assert table.column("text").to_pylist() == ["The envoy spoke.", None, "Plain text."]
    assert table.column("id").to_pylist() == [1, 2, 3]


@pytest.mark.parametrize("backend", ["numpy", "numpy_nullable", "pyarrow"])
def test_a_pandas_batch_gives_missing_text_back_as_the_missing_value_of_its_dtype(
    tmp_path: Path, backend: str
) -> None:
    """A pandas ``string`` column's NA came back as NaN, in a column of pandas' default
    dtype: the text column keeps its dtype, and each missing value is the one given."""
    rows = {
        "id": [1, None, 3],
        "text": [TEXT, None, "Plain text."],
        "url": ["https://a.b", None, None],
    }
    parquet.write_table(pyarrow.table(rows), tmp_path / "in.parquet")
    kind = {} if backend == "numpy" else {"dtype_backend": backend}
    frame = pandas.read_parquet(tmp_path / "in.parquet", **kind)
    cleaned = Cleaner()(frame)
    assert cleaned.dtypes.drop("metadata").to_dict() == frame.dtypes.to_dict()
    assert [type(value) for value in cleaned["text"]] == [type(value) for value in frame["text"]]
    assert cleaned["text"].isna().tolist() == [False, True, False]
    cleaned.to_parquet(tmp_path / "out.parquet")
    written = parquet.read_table(tmp_path / "out.parquet")
    assert written.column("text").to_pylist() == ["The envoy spoke.", None, "Plain text."]
    assert written.column("id").to_pylist() == [1, None, 3]
    assert written.column("url").to_pylist() == ["https://a.b", None, None]


def test_a_batch_of_lists_gives_missing_text_back_as_given() -> None:
    """As ``clean_record`` does: NaN, pandas' NA and None each come back as themselves."""
    nan = float("nan")
    out = Cleaner()({"text": [TEXT, nan, pandas.NA, None]})["text"]
    assert out[0] == "The envoy spoke." and out[1] is nan
    assert out[2] is pandas.NA and out[3] is None


def test_parquet_nulls_round_trip_through_the_batch_call(tmp_path: Path) -> None:
    """Arrow structs have a null for every field a row lacks: null means absent."""
    rows = [
        {"id": 1, "text": TEXT, "metadata": {"author": None, "title": None, "url": "https://a.b"}},
        {"id": 2, "text": None, "metadata": None},
        {"id": 3, "text": "Plain text.", "metadata": {"author": None, "title": None, "url": None}},
    ]
    parquet.write_table(pyarrow.Table.from_pylist(rows), tmp_path / "in.parquet")
    table = parquet.read_table(tmp_path / "in.parquet")
    for batch in (table, table.to_pandas()):
        cleaned = Cleaner()(batch)
        if not isinstance(cleaned, pyarrow.Table):
            cleaned = pyarrow.Table.from_pandas(cleaned)
        parquet.write_table(cleaned, tmp_path / "out.parquet")
        first, second, third = parquet.read_table(tmp_path / "out.parquet").to_pylist()
        assert first["text"] == "The envoy spoke."
        assert first["metadata"]["author"] == "Jane Doe"
        assert first["metadata"]["title"] == "US Envoy Warns the Taliban Over Kabul"
        assert first["metadata"]["url"] == "https://a.b"
        assert second["text"] is None and second["metadata"] is None
        assert third["text"] == "Plain text." and third["metadata"]["author"] is None


def test_empty_metadata_of_a_whole_batch_still_writes_to_parquet(tmp_path: Path) -> None:
    cleaned = Cleaner()(pyarrow.table({"text": ["Plain one.", "Plain two."]}))
    parquet.write_table(cleaned, tmp_path / "out.parquet")
    assert parquet.read_table(tmp_path / "out.parquet").column("metadata").to_pylist() == [
        None,
        None,
    ]


def test_from_config_cleans_like_the_command(tmp_path: Path, monkeypatch) -> None:
    tweet = "Text.\n\nWe are live now pic.twitter.com/abc — NASA (@NASA) July 4, 2022"
    (tmp_path / "cleaner.toml").write_text('extend-select = ["embedded-tweet"]\n')
    assert Cleaner.from_config(tmp_path / "cleaner.toml").clean(tweet).text == "Text."
    monkeypatch.chdir(tmp_path)
    assert Cleaner.from_config().clean(tweet).text == "Text."
    assert Cleaner().clean(tweet).text == tweet


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cleaner: cleaner.clean(None), "takes the text as a str, not NoneType"),
        (lambda cleaner: cleaner.clean(b"Bytes."), "takes the text as a str, not bytes"),
        (lambda cleaner: cleaner.clean("Text.", "url"), "metadata must be a mapping"),
        (lambda cleaner: cleaner.clean_record({"text": 5}), "'text' field holds int, not text"),
        (lambda cleaner: cleaner.clean_record({"text": "A.", "metadata": [1]}), "not list"),
        (lambda cleaner: cleaner({"body": ["A.", 7]}, text_field="body"), "'body' field holds int"),
        (lambda cleaner: cleaner({"text": ["A."], "metadata": ['{"url": 1}']}), "not str"),
        (lambda cleaner: cleaner.clean_record("A."), "takes a record \\(a dict\\), not str"),
        (lambda cleaner: cleaner([{"text": "A."}]), "a batch is columns .*, not list"),
        (lambda cleaner: cleaner({"text": "A. B."}), "column 'text' is one str, not a column"),
    ],
)
def test_a_value_that_is_neither_text_nor_missing_is_a_type_error(
    call: Callable[[Cleaner], object], message: str
) -> None:
    """A number in the text column or a JSON string for metadata would otherwise come back
    as null or be dropped: the caller's data, changed without a word."""
    with pytest.raises(TypeError, match=message):
        call(Cleaner())


def test_a_batch_without_its_text_column_names_it() -> None:
    with pytest.raises(KeyError, match="the batch has no 'text' column; name it with text_field="):
        Cleaner()({"body": ["A."]})
    assert Cleaner()({"body": ["A.  B."]}, text_field="body")["body"] == ["A. B."]


@pytest.mark.parametrize("option", ["select", "ignore", "extend_select"])
def test_a_rule_id_given_as_a_string_is_a_type_error(option: str) -> None:
    """Iterated, "byline" would be the rules b, y, l, i, n, e: an unknown rule 'b'."""
    with pytest.raises(TypeError, match=f"{option} takes a list of rule ids, not a str"):
        Cleaner(**{option: "byline"})
    assert [rule.id for rule in Cleaner(select=["byline"]).rules] == ["byline"]


def test_missing_metadata_stays_as_it_was_given() -> None:
    cleaner = Cleaner()
    record = cleaner.clean_record({"text": "Plain.", "metadata": float("nan")})
    assert record["text"] == "Plain." and record["metadata"] != record["metadata"]  # NaN
    batch = cleaner({"text": ["Plain.", None], "metadata": [float("nan"), None]})
    assert batch == {"text": ["Plain.", None], "metadata": [None, None]}


def test_clean_record_keeps_missing_text_and_null_metadata() -> None:
    cleaner = Cleaner()
    assert cleaner.clean_record({"id": 1, "text": None}) == {
        "id": 1,
        "text": None,
        "metadata": None,
    }
    assert cleaner.clean_record({"text": "Plain.", "metadata": None})["metadata"] is None
    record = cleaner.clean_record({"text": TEXT, "metadata": {"author": None}})
    assert record["metadata"]["author"] == "Jane Doe"


CREDITED = "The council met on Monday about the budget.\n\nTags: Politics, Budget\nSource: AP"


@pytest.mark.parametrize("given", [5, True, 1.5, {"desk": "metro", "wire": "Reuters"}])
def test_a_list_field_holding_no_list_is_kept_as_it_was(given: object) -> None:
    """A number stopped the whole run with a TypeError; a mapping was taken apart into its
    keys. The line still goes (the edit log keeps it), the record's value stays."""
    record = Cleaner().clean_record(
        {"text": CREDITED, "metadata": {"tags": given, "source": given}}
    )
    assert record["text"] == "The council met on Monday about the budget."
    assert record["metadata"] == {"tags": given, "source": given}


def test_a_list_field_missing_as_nan_or_given_as_an_array_takes_what_the_rules_found() -> None:
    frame = pandas.DataFrame(
        {"text": [CREDITED, CREDITED], "metadata": [{"tags": float("nan")}, {"tags": ["Local"]}]}
    )
    found = Cleaner()(frame)["metadata"].tolist()
    assert list(found[0]["tags"]) == ["Politics", "Budget"] and found[0]["source"] == ["AP"]
    assert list(found[1]["tags"]) == ["Local", "Politics", "Budget"]


def test_the_batch_call_keeps_the_text_columns_type_and_names_a_short_column() -> None:
    """A large_string text column came back as string, NumPy text as np.str_, and a metadata
    column shorter than the text stopped with a bare 'zip() argument 2 is shorter'."""
    import numpy

    table = pyarrow.table({"text": pyarrow.array(["A.  x", None], pyarrow.large_string())})
    assert Cleaner()(table).schema.field("text").type == pyarrow.large_string()
    texts = Cleaner()({"text": numpy.array(["A.  x", "B."])})["text"]
    assert texts == ["A. x", "B."] and {type(text) for text in texts} == {str}
    with pytest.raises(
        ValueError, match="'metadata' column holds 1 values and its 'text' column 2"
    ):
        Cleaner()({"text": ["A.", "B."], "metadata": [None]})


TITLED = (
    "Talks resume in Doha\n\nThe envoy spoke in Doha on Tuesday, and the talks will resume next "
    "week after a pause."
)


@pytest.mark.parametrize("batch_format", ["dict", "pandas", "pyarrow"])
def test_fields_beside_the_text_are_context_and_stay_where_they_were(batch_format: str) -> None:
    """C4, FineWeb and others keep ``url`` or ``title`` at the top of a record: the rules see
    them as metadata (the known title goes from the text), and they are not copied into it."""
    cleaner = Cleaner()
    record = {"id": 7, "text": TITLED, "title": "Talks resume in Doha"}
    cleaned = cleaner.clean_record(record)
    assert cleaned == {**record, "text": TITLED.split("\n\n")[1], "metadata": {}}
    as_metadata = {"id": 7, "text": TITLED, "metadata": {"title": "Talks resume in Doha"}}
    assert cleaner.clean_record(as_metadata)["text"] == cleaned["text"]
    columns = {"id": [7], "text": [TITLED], "title": ["Talks resume in Doha"]}
    batch = {
        "dict": columns,
        "pandas": pandas.DataFrame(columns),
        "pyarrow": pyarrow.table(columns),
    }[batch_format]
    result = cleaner(batch)
    rows = pandas.DataFrame(dict(result)) if batch_format == "dict" else result
    rows = rows.to_pandas() if batch_format == "pyarrow" else rows
    assert list(rows["text"]) == [cleaned["text"]] and list(rows["title"]) == [record["title"]]
    assert list(rows["metadata"]) == [None]


def test_a_field_beside_the_text_that_the_rules_add_to_is_not_mixed_into_metadata() -> None:
    """Dolma names the corpus of a document in a top-level ``source``; the rules' ``source``
    lists the article's credited outlets, and the two must not merge."""
    record = {"text": "The envoy spoke in Doha.\n\nSource: AP", "source": "common-crawl"}
    cleaned = Cleaner().clean_record(record)
    assert cleaned == {
        "text": "The envoy spoke in Doha.",
        "source": "common-crawl",
        "metadata": {"source": ["AP"]},
    }


def test_arrow_batches_get_one_metadata_type_whatever_they_hold() -> None:
    """The metadata type was inferred per batch: a batch with a byline got an "author" field,
    one without none (or a null column), which Ray Data and ``datasets.map`` cannot stack; and
    a 32-bit field of the input became 64-bit. It is now the input's struct with the fields
    the rules record."""
    given = pyarrow.struct([("url", pyarrow.string()), ("rank", pyarrow.int32())])
    cleaner = Cleaner()
    batches = [
        pyarrow.table({"text": [text], "metadata": pyarrow.array([{"url": "u", "rank": 3}], given)})
        for text in ("By Jane Doe\n\nThe envoy spoke.", "The envoy spoke.")
    ]
    first, second = (cleaner(batch) for batch in batches)
    assert first.schema == second.schema
    metadata = first.schema.field("metadata").type
    assert metadata.field("rank").type == pyarrow.int32()
    assert first.column("metadata")[0].as_py()["author"] == "Jane Doe"
    assert second.column("metadata")[0].as_py()["author"] is None
    plain = [cleaner(pyarrow.table({"text": [text]})) for text in ("By Jane Doe\n\nHi.", "Hi.")]
    assert plain[0].schema == plain[1].schema


def test_a_field_given_as_an_empty_string_is_filled_like_a_missing_one() -> None:
    """Datasets mark a missing author or title as ""; the byline left the text and its name
    reached no field, as "" counted as a value already present."""
    cleaned = Cleaner().clean("By Jane Doe\n\nThe council met on Tuesday.", {"author": ""})
    assert cleaned.text == "The council met on Tuesday."
    assert cleaned.metadata["author"] == "Jane Doe"


def test_the_edit_log_never_replaces_the_records_metadata() -> None:
    """A record without metadata took the edit log under "metadata": the author was lost."""
    record = {"text": "By Jane Doe\n\nThe council met."}
    with pytest.raises(ValueError, match="edits_field 'metadata' is where the cleaned record"):
        Cleaner().clean_record(record, with_edits=True, edits_field="metadata")


def test_list_fields_held_as_arrays_by_a_pandas_batch_are_read() -> None:
    """``pd.read_parquet`` and ``datasets`` in NumPy format give list fields as arrays, which
    ``==`` compares item by item: every such batch failed."""
    struct = pyarrow.struct([("tags", pyarrow.list_(pyarrow.string()))])
    frame = pyarrow.table(
        {
            "text": ["Tags: budget, council\n\nThe council met."],
            "metadata": pyarrow.array([{"tags": ["a", "b"]}], struct),
        }
    ).to_pandas()
    cleaned = Cleaner()(frame)
    assert cleaned["text"].tolist() == ["The council met."]
    assert cleaned["metadata"][0]["tags"] == ["a", "b", "budget", "council"]


def test_a_source_column_of_strings_keeps_its_type_in_every_arrow_batch() -> None:
    """A struct typing ``source`` as a string: a row where a rule found a source held a list
    beside rows holding strings, which Arrow cannot mix (the batch call, ``datasets.map`` and
    Ray all failed), and batches that found none had another type."""
    struct = pyarrow.struct([("source", pyarrow.string())])
    texts = ["The council met.", "Source: Reuters\n\nThe council met.", "Source: Reuters\n\nHi."]
    given = [{"source": "AP"}, {"source": None}, {"source": "AP"}]
    cleaner = Cleaner()
    table = cleaner(pyarrow.table({"text": texts, "metadata": pyarrow.array(given, struct)}))
    assert [row["source"] for row in table.column("metadata").to_pylist()] == [
        "AP",
        "Reuters",
        "AP",  # one value only: the row's own; the edit log keeps what the rule found
    ]
    alone = cleaner(
        pyarrow.table({"text": texts[:1], "metadata": pyarrow.array(given[:1], struct)})
    )
    assert alone.schema == table.schema


@pytest.mark.parametrize(
    "kind",
    [
        pyarrow.map_(pyarrow.string(), pyarrow.string()),
        pyarrow.struct([("url", pyarrow.string()), ("tags", pyarrow.string())]),
    ],
)
def test_several_finds_for_a_field_typed_as_one_string_are_joined_not_dropped(
    kind: pyarrow.DataType,
) -> None:
    """A map of strings (as Spark writes metadata) or a struct typing ``tags`` as a string:
    a row without tags whose text ended in "Tags: budget, council" lost the line and kept a
    null, so the tags reached no field (the edit log off, nowhere at all). A blank value is
    a missing one, as elsewhere."""
    rows = [[("url", "u")], [("url", "u"), ("tags", "")]]
    if pyarrow.types.is_struct(kind):
        rows = [dict(row) for row in rows]
    text = "The council met.\n\nTags: budget, council"
    table = Cleaner()(pyarrow.table({"text": [text, text], "metadata": pyarrow.array(rows, kind)}))
    assert table.column("text").to_pylist() == ["The council met."] * 2
    assert [dict(row)["tags"] for row in table.column("metadata").to_pylist()] == [
        "budget, council"
    ] * 2


def test_a_blank_list_field_is_missing_not_a_value_beside_the_finds() -> None:
    metadata = Cleaner().clean("The council met.\n\nSource: Reuters", {"source": " "}).metadata
    assert metadata["source"] == ["Reuters"]  # was [" ", "Reuters"]


def test_map_metadata_as_spark_writes_it_passes_the_batch_call_as_a_map() -> None:
    strings = pyarrow.map_(pyarrow.string(), pyarrow.string())
    table = pyarrow.table(
        {
            "text": ["By Jane Doe\n\nThe council met.", "Source: Reuters\n\nThe council met."],
            "metadata": pyarrow.array([[("url", "https://example.com/a")], None], strings),
        }
    )
    cleaned = Cleaner()(table)
    assert cleaned.schema.field("metadata").type == strings
    assert cleaned.column("metadata").to_pylist() == [
        [("url", "https://example.com/a"), ("author", "Jane Doe")],
        [("source", "Reuters")],
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"select": [5]}, "a rule id is a str, not int"),
        ({"ignore": [None]}, "a rule id is a str, not NoneType"),
        ({"corpus": "counts.json"}, "corpus takes a LineCounts or None, not str"),
        ({"vocabulary": {}}, "vocabulary takes a Vocabulary or None, not dict"),
    ],
)
def test_options_of_the_wrong_type_are_refused_when_the_cleaner_is_made(
    options: dict, message: str
) -> None:
    """They failed deep inside a rule, on the first text that asked (or never)."""
    with pytest.raises(TypeError, match=message):
        Cleaner(**options)


def test_a_record_without_its_text_field_names_it() -> None:
    """A mistyped text_field came back unchanged, as if the text were missing."""
    with pytest.raises(KeyError, match="the record has no 'body' field"):
        Cleaner().clean_record({"text": TEXT}, text_field="body")


@pytest.mark.parametrize(
    "edit",
    [
        {"rule": "x", "start": "0", "end": 1, "removed": "a", "inserted": ""},
        {"rule": "x", "start": 0, "end": 3, "removed": "a", "inserted": ""},
        {"rule": "x", "start": 0, "end": 1, "removed": "a"},
    ],
)
def test_an_edit_no_run_could_log_is_a_value_error(edit: dict) -> None:
    from cleaner import reconstruct

    with pytest.raises(ValueError):
        reconstruct("bc", [edit])


def test_a_map_holding_a_key_twice_is_refused_not_read_as_one() -> None:
    strings = pyarrow.map_(pyarrow.string(), pyarrow.string())
    table = pyarrow.table(
        {"text": ["Hi."], "metadata": pyarrow.array([[("url", "a"), ("url", "b")]], strings)}
    )
    with pytest.raises(ValueError, match="the 'metadata' map of row 0 holds a key twice"):
        Cleaner()(table)


def test_a_missing_metadata_value_is_no_value_to_the_rules_and_comes_back_as_given() -> None:
    """pandas' NA is neither true nor false: a rule reading the title failed on it."""
    text = "Bridge Closed for the Winter Season\nBy Jo Smith\nThe bridge closed on Monday."
    result = Cleaner().clean(text, {"title": pandas.NA, "url": pandas.NA, "site": "a"})
    assert result.text == "The bridge closed on Monday."
    assert result.metadata["title"] == "Bridge Closed for the Winter Season"
    assert list(result.metadata)[:3] == ["title", "url", "site"]
    assert result.metadata["url"] is pandas.NA
