"""The cleaner: runs the selected rules in order and keeps the edit log.

Rules run in phase order; consecutive line rules share one pass over the lines. Each rule's
fixes become edits composed into a log against the input text, so ``reconstruct`` can
always rebuild what came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner import corpus, jsonl
from cleaner.arrow_types import holds_json_text, is_json_type, json_array
from cleaner.config import RuleChoice, find_config, load_config
from cleaner.corpus import LineCounts
from cleaner.edits import Edit, apply_edits, compose
from cleaner.lines import line_fixes
from cleaner.metadata import (
    LIST_FIELDS,
    Metadata,
    fitted,
    from_pairs,
    is_absent,
    metadata_type,
    recorded,
    text_typed_list_fields,
)
from cleaner.registry import ALL, all_rules, rule_by_id
from cleaner.rule import DocumentRule, LineRule, Phase, Rule
from cleaner.scan import scanner
from cleaner.vocabulary import Vocabulary, using


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned text, the metadata found in its boilerplate, and the edits that made it.

    ``filled`` names the rule that first recorded each metadata field it set or extended.
    """

    text: str
    metadata: Metadata
    edits: list[Edit] = field(default_factory=list)
    filled: dict[str, str] = field(default_factory=dict)


def choose_rules(
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    extend_select: Iterable[str] | None = None,
) -> tuple[Rule, ...]:
    """The defaults, or exactly ``select`` ("ALL": every rule), plus ``extend_select``, less ``ignore``."""
    for name, ids in (("select", select), ("ignore", ignore), ("extend_select", extend_select)):
        if isinstance(ids, str):
            # iterated, a string gives its letters: "byline" would be the rules b, y, l...
            raise TypeError(f"{name} takes a list of rule ids, not a str: [{ids!r}]")
    if select is None:
        chosen = {rule.id for rule in all_rules() if rule.enabled_by_default}
    else:
        select = list(select)
        chosen = (
            {rule.id for rule in all_rules()}
            if ALL in select
            else {rule_by_id(rule_id).id for rule_id in select}
        )
    chosen |= {rule_by_id(rule_id).id for rule_id in extend_select or ()}
    for rule_id in ignore or ():
        chosen.discard(rule_by_id(rule_id).id)
    return tuple(rule for rule in all_rules() if rule.id in chosen)


class Cleaner:
    """Cleans article text. Holds no state between documents, so it is safe to pickle and share."""

    def __init__(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
        vocabulary: Vocabulary | None = None,  # batch statistics for the spelling rules
        corpus: LineCounts | None = None,  # batch line counts for the repeated-line rule
    ):
        self.rules = choose_rules(select, ignore, extend_select)
        for name, value, kind in (
            ("vocabulary", vocabulary, Vocabulary),
            ("corpus", corpus, LineCounts),
        ):
            if value is not None and not isinstance(value, kind):
                # else the mistake shows only deep in a rule, on the first text that asks
                raise TypeError(
                    f"{name} takes a {kind.__name__} or None, not {type(value).__name__}"
                )
        self.vocabulary = vocabulary
        self.corpus = corpus
        # Whitespace rules also run first, so that every other rule matches on tidy text: a
        # pattern defeated by a tab or a double space on the first pass would match the tidied
        # output on the next, and cleaning would not be idempotent.
        tidy = [rule for rule in self.rules if rule.phase == Phase.WHITESPACE]
        steps = [*tidy, *_group_line_rules(self.rules)]
        # The rules whose verdict depends on more than the line or span they judge
        # (neighbours, position, metadata): a removal after they ran can change it.
        context = _group_line_rules([rule for rule in self.rules if not rule.local])
        self._full_round = [(step, _context_key(step, context)) for step in steps]
        self._full_round[: len(tidy)] = [(step, None) for step in tidy]
        self._context_round = [(step, key) for key, step in enumerate(context)]
        self._tidying = frozenset(id(step) for step in tidy)

    @classmethod
    def from_config(cls, path: str | Path | None = None, **batch: Any) -> Cleaner:
        """The cleaner that ``clean`` would use here: the rule choice of the configuration file
        ``path``, else of the nearest ``cleaner.toml`` or ``[tool.cleaner]`` table from the
        working directory upwards, else the defaults; ``batch`` statistics as in ``Cleaner``."""
        found = Path(path) if path is not None else find_config()
        choice = load_config(found) if found is not None else RuleChoice()
        return cls(choice.select, choice.ignore, choice.extend_select, **batch)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, ([rule.id for rule in self.rules], self.vocabulary, self.corpus))

    def clean(self, text: str, metadata: Metadata | None = None) -> Cleaned:
        """Clean one text; ``metadata`` is copied, never changed in place.

        Cleaning cleaned text changes nothing, whatever the rules: the first round runs every
        rule, and a rule that looks beyond the line or span it judges (at neighbours, the top
        of the text, the metadata) runs again while the text changed after it last looked.
        Rules that judge a line or span by itself judge it the same way after other lines
        went; only when a rule rewrote text inside a line does a whole round run again, in
        which every rule that has not judged the text as it now is judges it.
        """
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.clean takes the text as a str, not {type(text).__name__}")
        _check_metadata(metadata)
        with using(self.vocabulary), corpus.using(self.corpus):
            return self._clean(text, metadata)

    def _clean(self, text: str, given: Metadata | None) -> Cleaned:
        given = given or {}
        # The rules see a missing value (None, NaN, pandas' NA) as no value: ``NA`` is neither
        # true nor false, and a rule asking ``metadata.get("title") or ""`` would fail on it.
        metadata = {key: value for key, value in given.items() if not is_absent(value)}
        current, log = text, []
        filled: dict[str, str] = {}
        version = 0  # how many times a rule other than the tidying changed the text
        seen: dict[int, int] = {}  # context step -> the version it last judged
        plan = self._full_round
        # The text each step last judged (or left): a step that judges a line or span by
        # itself (or tidies) would judge the same text the same way, and is not run on it again.
        judged: dict[int, str] = {}
        for _ in range(MAX_ROUNDS):
            rewrote = False  # a rule rewrote text inside a line, which any rule may judge anew
            for step, key in plan:
                fresh = judged.get(id(step)) is current
                if key is None:
                    up_to_date = fresh
                else:  # in a full round, a tidying change is news to the step's local rules
                    up_to_date = seen.get(key) == version and (fresh or plan is self._context_round)
                if up_to_date:
                    continue
                current, log, changed, rewrites = _run(step, text, current, log, metadata, filled)
                judged[id(step)] = current
                if changed and id(step) not in self._tidying:
                    version += 1
                    rewrote |= rewrites
                if key is not None:
                    # A context rule looks once more when its step changed the text: what it
                    # removed or recorded (a headline, say) can show it more of the same, and
                    # the other rules of a line pass judged the lines before its removals.
                    seen[key] = version - 1 if changed else version
            if not rewrote and all(seen.get(key) == version for _, key in self._context_round):
                break
            # After a rewrite, the rules that ran before it judge the new text too (a spelling
            # fix can complete the phrase of a boilerplate line, a removal can leave the rest
            # of a line plain mojibake); after removals of whole lines, only context rules.
            plan = self._full_round if rewrote else self._context_round
        if any(key not in metadata for key in given):
            metadata = _with_missing(given, metadata)
        return Cleaned(current, metadata, log, filled)

    def clean_record(
        self,
        record: dict[str, Any],
        text_field: str = "text",
        with_edits: bool = False,
        edits_field: str = "edits",
    ) -> dict[str, Any]:
        """The record with its text cleaned and its metadata completed; fits ``datasets.map``.

        Every other field is kept as it is. A record whose text is missing (None) comes back
        with its text missing and its metadata as it was, null when it had none: every record
        comes back with the same fields, which ``datasets.map`` requires. ``null`` metadata stays
        null unless the rules found something.
        """
        return self.clean_record_and_result(record, text_field, with_edits, edits_field)[0]

    @property
    def _source_field(self) -> str | None:
        """The field that names a document's source for the batch counts this cleaner holds."""
        return self.corpus.source_field if self.corpus is not None else None

    def clean_record_and_result(
        self,
        record: dict[str, Any],
        text_field: str = "text",
        with_edits: bool = False,
        edits_field: str = "edits",
    ) -> tuple[dict[str, Any], Cleaned | None]:
        """``clean_record``, and the ``Cleaned`` it came from (None for missing text), for
        callers that count what the rules did without keeping state in the cleaner."""
        if not isinstance(record, Mapping):
            raise TypeError(f"clean_record takes a record (a dict), not {type(record).__name__}")
        if with_edits and edits_field in record:
            # the record's own field would be overwritten without a word, as the CLI refuses
            raise ValueError(
                f"the record already has an {edits_field!r} field; name another with edits_field"
            )
        if with_edits and edits_field in ("metadata", text_field):
            raise ValueError(
                f"edits_field {edits_field!r} is where the cleaned record keeps its "
                f"{'text' if edits_field == text_field else 'metadata'}; name another"
            )
        if text_field not in record:  # a missing text is None; no field is a mistaken name
            raise KeyError(f"the record has no {text_field!r} field; name it with text_field=")
        text = record[text_field]
        result = dict(record)
        if not isinstance(text, str):
            _check_missing(text, text_field)
            result.setdefault("metadata", None)
            if with_edits:
                result[edits_field] = []
            return result, None
        given = record.get("metadata")
        missing = is_absent(given)
        _check_metadata(None if missing else given)
        cleaned = self.clean(text, context_of(record, self._source_field))
        result[text_field] = cleaned.text
        metadata = _own_metadata(None if missing else given, cleaned)
        if metadata or not missing or "metadata" not in record:
            result["metadata"] = metadata
        if with_edits:
            result[edits_field] = [edit.to_dict() for edit in cleaned.edits]
        return result, cleaned

    def __call__(self, batch: Any, text_field: str = "text") -> Any:
        """Clean a column batch; fits Ray Data's ``map_batches`` in any batch format.

        ``batch`` is a dict of columns (lists or NumPy arrays), a pandas DataFrame or a pyarrow
        Table, and the same kind comes back, with the text and ``metadata`` columns replaced.
        Missing text (None, NaN, pandas' NA) comes back as it was given, in a pandas column of
        the dtype it was given in. Empty metadata comes back as null, since Parquet cannot
        store a struct without fields.
        """
        columns = _columns(batch)
        if text_field not in columns:
            raise KeyError(f"the batch has no {text_field!r} column; name it with text_field=")
        texts = columns[text_field]
        given = columns.get("metadata") or [None] * len(texts)
        if len(given) != len(texts):
            raise ValueError(
                f"the batch's 'metadata' column holds {len(given)} values and its "
                f"{text_field!r} column {len(texts)}: columns of a batch are of one length"
            )
        fields = context_fields(self._source_field)
        beside = {name: columns[name] for name in fields if name in columns}
        single = _single_valued_list_fields(batch)
        cleaned_texts: list[Any] = []
        metadatas: list[Metadata | None] = []
        for row, (text, metadata) in enumerate(zip(texts, given, strict=True)):
            if is_absent(metadata):
                metadata = None
            _check_metadata(metadata)
            if isinstance(text, str):
                text = str(text)  # NumPy's str_ is written back as the str it holds
                row_fields = {name: values[row] for name, values in beside.items()}
                row_fields["metadata"] = metadata
                result = self.clean(text, context_of(row_fields, self._source_field))
                own = _own_metadata(metadata, result)
                text, metadata = result.text, fitted(own, metadata, single) if single else own
            else:
                _check_missing(text, text_field)  # kept as given, as ``clean_record`` keeps it
            cleaned_texts.append(text)
            metadatas.append(metadata or None)
        return _with_columns(batch, {text_field: cleaned_texts, "metadata": metadatas})


# Fields some corpora keep beside the text rather than in a ``metadata`` object, which the rules
# read as context: C4 and FineWeb keep the ``url`` there, some datasets a ``title`` or
# ``author``. Only facts the rules read: a field the rules add to (``source``, where Dolma names
# the corpus a document came from) would mix the dataset's values with the article's.
CONTEXT_FIELDS = ("url", "hostname", "title", "author")


def context_fields(source_field: str | None) -> tuple[str, ...]:
    return (*CONTEXT_FIELDS, source_field) if source_field else CONTEXT_FIELDS


def context_of(record: Mapping[str, Any], source_field: str | None = None) -> Metadata | None:
    """What the rules know of a record besides its text: its ``metadata``, and the
    ``CONTEXT_FIELDS`` (and ``source_field``) beside it where the metadata lacks them, as
    datatrove's readers merge a record's fields into its metadata. Missing values (null, NaN)
    are left out; the output keeps every field where it was (see ``_own_metadata``)."""
    given = record.get("metadata")
    context = {
        name: record[name]
        for name in context_fields(source_field)
        if name in record and not is_absent(record[name])
    }
    if isinstance(given, Mapping):
        context.update(given)
    return context or None


def source_of_record(counts: LineCounts, record: Mapping[str, Any]) -> str:
    """Where ``record`` comes from, as ``counts`` tell sources apart: read from the context the
    rules see, so that the first pass counts under the source the repeated-line rule asks."""
    return counts.source(context_of(record, counts.source_field))


def _own_metadata(given: Metadata | None, cleaned: Cleaned) -> Metadata:
    """The record's own metadata with what the rules found: the top-level fields the rules
    saw as context stay where they are, never copied into the metadata."""
    found = {name: cleaned.metadata[name] for name in cleaned.filled}
    return {**(given or {}), **found}


def _check_missing(text: Any, text_field: str) -> None:
    """A text that is not a str must be missing: any other value would come back changed."""
    if not is_absent(text):
        raise TypeError(f"the {text_field!r} field holds {type(text).__name__}, not text")


def _check_metadata(metadata: Any) -> None:
    if metadata is not None and not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping or None, not {type(metadata).__name__}")


# Rounds stop when every context step has judged the latest text, at the latest after this many.
MAX_ROUNDS = 5


def _context_key(
    step: Rule | tuple[LineRule, ...], context: list[Rule | tuple[LineRule, ...]]
) -> int | None:
    """Which context step judges what ``step`` judges, if any: the same rule, or the
    context rules of the same line pass."""
    rules = set(_rules_of(step))
    for key, candidate in enumerate(context):
        if set(_rules_of(candidate)) <= rules:
            return key
    return None


def _columns(batch: Any) -> dict[str, list[Any]]:
    """The columns of a batch as Python lists; TypeError for what is no batch of columns."""
    if hasattr(batch, "column_names") and hasattr(batch, "to_pydict"):  # pyarrow Table
        columns = batch.to_pydict()
        if "metadata" in columns and holds_json_text(batch.schema.field("metadata")):
            # Arrow's JSON type (``datasets`` saves objects of several shapes so): its text
            columns["metadata"] = [
                None if text is None else jsonl.loads(text.encode("utf-8"))
                for text in columns["metadata"]
            ]
        elif "metadata" in columns and _is_map(batch.schema.field("metadata").type):
            columns["metadata"] = [
                _map_row(row, pairs) for row, pairs in enumerate(columns["metadata"])
            ]
        return columns
    if hasattr(batch, "to_dict") and hasattr(batch, "columns"):  # pandas DataFrame
        return {name: batch[name].tolist() for name in batch.columns}
    if not isinstance(batch, Mapping):
        raise TypeError(
            "a batch is columns (a dict of lists, a pandas DataFrame or a pyarrow Table), not "
            f"{type(batch).__name__}; clean_record cleans one record"
        )
    for name, values in batch.items():
        if isinstance(values, str | bytes):
            # iterated, a string would be a column of its letters
            raise TypeError(f"column {name!r} is one {type(values).__name__}, not a column")
    return {name: list(values) for name, values in batch.items()}


def _map_row(row: int, pairs: list[tuple[Any, Any]] | None) -> Metadata | None:
    try:
        return None if pairs is None else from_pairs(pairs)
    except ValueError as error:  # read as a dict, a value would be lost without a word
        raise ValueError(f"the 'metadata' map of row {row} holds {error}") from None


def _is_map(arrow_type: Any) -> bool:
    import pyarrow  # the caller holds a pyarrow Table

    return pyarrow.types.is_map(arrow_type)


def _single_valued_list_fields(batch: Any) -> frozenset[str]:
    """The list fields a pyarrow batch's metadata struct (or map of strings) types as one
    string, which keep one value so that every batch has the input's type (``fitted``)."""
    schema = getattr(batch, "schema", None)  # only a pyarrow Table has one
    if schema is None or "metadata" not in getattr(schema, "names", ()):
        return frozenset()
    import pyarrow

    given = schema.field("metadata").type
    if _is_map(given) and pyarrow.types.is_string(given.item_type):
        return LIST_FIELDS
    return text_typed_list_fields(given)


def _with_columns(batch: Any, columns: dict[str, list[Any]]) -> Any:
    """``batch`` of the same kind with ``columns`` set (replaced, or added at the end)."""
    if hasattr(batch, "column_names") and hasattr(batch, "set_column"):  # pyarrow Table
        import pyarrow  # the caller holds a pyarrow Table, so pyarrow is installed

        for name, values in columns.items():
            if name == "metadata":
                array = _metadata_array(batch, values)
            else:  # a large_string text column stays one
                given = batch.schema.field(name).type if name in batch.column_names else None
                large = given is not None and pyarrow.types.is_large_string(given)
                array = pyarrow.array(values, type=given if large else pyarrow.string())
            if name in batch.column_names:
                batch = batch.set_column(batch.column_names.index(name), name, array)
            else:
                batch = batch.append_column(name, array)
        return batch
    if hasattr(batch, "to_dict") and hasattr(batch, "columns"):  # pandas DataFrame
        batch = batch.copy()
        for name, values in columns.items():
            if name in batch.columns:
                column = batch[name]
                # inferred, a "string" column's NA came back as NaN, of pandas' default dtype
                batch[name] = type(column)(values, index=batch.index, dtype=_kept_dtype(column))
            else:
                batch[name] = values
        return batch
    return {**batch, **columns}


def _with_missing(given: Metadata, found: Metadata) -> Metadata:
    """The rules' metadata with the missing values they did not fill given back, every field
    where the caller had it."""
    merged = {key: found.get(key, value) for key, value in given.items()}
    merged.update((key, value) for key, value in found.items() if key not in merged)
    return merged


def _kept_dtype(column: Any) -> Any:
    """The dtype of a pandas column of text or objects (``string``, ``str``, ``object``), which
    holds the cleaned texts and each missing value as it was given; None for a dtype that
    would change them (categories, or numbers: a column of missing texts), left to pandas."""
    dtype = column.dtype
    return dtype if dtype.kind in "OU" and dtype.name != "category" else None


def _metadata_array(table: Any, values: list[Metadata | None]) -> Any:
    """The metadata of a pyarrow table's rows as an array of one type whatever the batch:
    the input's struct with the fields the rules record (``metadata_type``). Inferred from
    the values, the type followed what each batch found ("author" in one batch, none in the
    next), which Ray Data and ``datasets.map`` cannot stack, and an int32 field became int64.
    Inferred still when the input's metadata is no struct, or a value holds a field the type
    lacks (a plugin's rule), which Arrow would leave out. Arrow's JSON type stays JSON."""
    import pyarrow

    given = (
        table.schema.field("metadata").type
        if "metadata" in table.column_names
        else pyarrow.struct([])
    )
    if is_json_type(given):
        return json_array([None if v is None else jsonl.dumps(v).decode() for v in values], given)
    if _is_map(given):
        try:  # a map keeps its type while the rules' finds fit its values
            return pyarrow.array([None if v is None else list(v.items()) for v in values], given)
        except (pyarrow.ArrowException, TypeError, ValueError):
            return pyarrow.array(values)
    fixed = metadata_type(given)
    if fixed is None or any(
        value is not None and not value.keys() <= set(fixed.names) for value in values
    ):
        return pyarrow.array(values)
    return pyarrow.array(values, type=fixed)


def _run(
    step: Rule | tuple[LineRule, ...],
    original: str,
    current: str,
    log: list[Edit],
    metadata: Metadata,
    filled: dict[str, str],
) -> tuple[str, list[Edit], set[str], bool]:
    """Apply one step: the new text, the log against ``original``, the ids of rules that
    edited, and whether an edit rewrote text inside a line rather than delete whole lines.

    Metadata the step recorded goes to ``filled`` under its rule (a line pass names the rule
    line by line; what its second look records goes to the pass's first rule that edited).
    """
    before = dict(metadata)
    batch = _edits(current, step, metadata, filled)
    stored = recorded(before, metadata)
    if stored:
        owner = batch[0].rule if batch else _rules_of(step)[0].id
        for key in stored:
            filled.setdefault(key, owner)
    if not batch:
        return current, log, set(), False
    changed = {edit.rule for edit in batch}
    rewrites = not all(_whole_lines(current, edit) for edit in batch)
    return apply_edits(current, batch), compose(original, log, current, batch), changed, rewrites


def _whole_lines(text: str, edit: Edit) -> bool:
    """Whether ``edit`` deletes whole lines of ``text`` (with a line break beside them)."""
    start, end = edit.start, edit.end
    return (
        not edit.inserted
        and (start == 0 or text[start - 1] == "\n" or text[start] == "\n")
        and (end == len(text) or text[end] == "\n" or text[end - 1] == "\n")
    )


def _rules_of(step: Rule | tuple[LineRule, ...]) -> tuple[Rule, ...]:
    return step if isinstance(step, tuple) else (step,)


def _rebuild(
    rule_ids: list[str], vocabulary: Vocabulary | None = None, lines: LineCounts | None = None
) -> Cleaner:
    return Cleaner(select=rule_ids, vocabulary=vocabulary, corpus=lines)


def _group_line_rules(rules: Sequence[Rule]) -> list[Rule | tuple[LineRule, ...]]:
    """The rules in order, with consecutive line rules joined into one step: one pass."""
    steps: list[Rule | tuple[LineRule, ...]] = []
    for rule in rules:
        if isinstance(rule, LineRule):
            if steps and isinstance(steps[-1], tuple):
                steps[-1] = (*steps[-1], rule)
            else:
                steps.append((rule,))
        else:
            steps.append(rule)
    return steps


def _may_change(text: str, rule: DocumentRule) -> bool:
    """False when the shared scan finds no match of the rule's gate in ``text``."""
    gates = scanner()
    return gates is None or gates.may_change(text, rule)


def _edits(
    text: str, step: Rule | tuple[LineRule, ...], metadata: Metadata, filled: dict[str, str]
) -> list[Edit]:
    if isinstance(step, tuple):
        fixes, rule_ids = line_fixes(text, step, metadata, filled)
    elif isinstance(step, DocumentRule) and step.gate is not None and not _may_change(text, step):
        fixes, rule_ids = [], []
    else:
        fixes = list(step.fixes(text, metadata))
        rule_ids = [step.id] * len(fixes)
    edits: list[Edit] = []
    end = 0
    for fix, rule_id in zip(fixes, rule_ids, strict=True):
        if fix.start < end or fix.end < fix.start:
            raise ValueError(f"rule {rule_id} returned overlapping or unordered fixes")
        end = fix.end
        removed = text[fix.start : fix.end]
        if removed != fix.replacement:
            edits.append(Edit(rule_id, fix.start, fix.end, removed, fix.replacement))
    return edits
