"""Arrow types walked to their leaves, for the Parquet reader and writer alike: both remake a
column's type by changing only its scalar types (a zone to UTC, a time to text), wherever the
column nests them in structs, maps and lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def with_leaves(arrow_type: Any, leaf: Callable[[Any], Any]) -> Any:
    """``arrow_type`` with every type that is no struct, map or list replaced by ``leaf``'s."""
    import pyarrow as pa

    types = pa.types
    if types.is_struct(arrow_type):
        return pa.struct([field.with_type(with_leaves(field.type, leaf)) for field in arrow_type])
    if types.is_map(arrow_type):
        return pa.map_(
            with_leaves(arrow_type.key_type, leaf), with_leaves(arrow_type.item_type, leaf)
        )
    if types.is_list(arrow_type) or types.is_large_list(arrow_type):
        item = arrow_type.value_field
        listed = pa.list_ if types.is_list(arrow_type) else pa.large_list
        return listed(item.with_type(with_leaves(item.type, leaf)))
    return leaf(arrow_type)


JSON_EXTENSION = "arrow.json"


def is_json_type(arrow_type: Any) -> bool:
    """Whether ``arrow_type`` is Arrow's JSON type: JSON text in string storage, as ``datasets``
    saves a column of objects of several shapes."""
    return getattr(arrow_type, "extension_name", None) == JSON_EXTENSION


def json_type() -> Any:
    """Arrow's JSON type, which readers that know it (``datasets``, DuckDB) read as JSON; a
    pyarrow older than the type (19) writes the text as strings."""
    import pyarrow as pa

    return pa.json_() if hasattr(pa, "json_") else pa.string()


def json_array(texts: list[str | None], arrow_type: Any) -> Any:
    """JSON ``texts`` as an array of ``arrow_type``: Arrow's JSON type, or strings."""
    import pyarrow as pa

    if not is_json_type(arrow_type):
        return pa.array(texts, type=arrow_type)
    storage = pa.array(texts, type=arrow_type.storage_type)
    return pa.ExtensionArray.from_storage(arrow_type, storage)


def holds_json_text(field: Any) -> bool:
    """Whether ``field`` is of Arrow's JSON type; a pyarrow that does not know the type gives
    its storage, with the type's name in the field's metadata."""
    if is_json_type(field.type):
        return True
    return (field.metadata or {}).get(b"ARROW:extension:name") == JSON_EXTENSION.encode()


def repeated_name(fields: Iterable[Any], prefix: str = "") -> str | None:
    """A name that two of ``fields`` share, or two fields of a struct nested in one of them,
    dotted from its column ("metadata.url"); None when each name is one field's. Parquet allows
    such names, and a row read as a dict keeps the last field's value only."""
    fields = list(fields)
    seen: set[str] = set()
    for field in fields:
        if field.name in seen:
            return prefix + field.name
        seen.add(field.name)
    for field in fields:
        nested = _struct_fields(field.type)
        found = repeated_name(nested, f"{prefix}{field.name}.") if nested else None
        if found is not None:
            return found
    return None


def _struct_fields(arrow_type: Any) -> list[Any] | None:
    """The fields of the struct ``arrow_type`` is or holds (in a list or as a map's items)."""
    import pyarrow as pa

    types = pa.types
    if types.is_struct(arrow_type):
        return list(arrow_type)
    if types.is_list(arrow_type) or types.is_large_list(arrow_type):
        return _struct_fields(arrow_type.value_type)
    if types.is_map(arrow_type):
        return _struct_fields(arrow_type.item_type)
    return None
