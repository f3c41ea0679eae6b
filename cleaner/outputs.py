"""Where a run's records and rejects go: one output file (or stdout) with one rejects file, or
a folder of shards. Both take outcomes in input order and are committed or discarded whole."""

from __future__ import annotations

from typing import Any, Protocol

from cleaner import jsonl
from cleaner.readers import Rejected
from cleaner.workers import Written
from cleaner.writers import LazySink, ShardWriter, Sink, open_sink


class Output(Protocol):
    def record(self, written: Written, after: Any) -> Rejected | None: ...

    def reject(self, rejected: Rejected, after: Any) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...

    def rejects_written(self) -> str | None: ...


def refused(written: Written, error: jsonl.RecordError) -> Rejected:
    """The reject of a record the output cannot hold (a Parquet column of another type): it
    keeps the record, as cleaned, so that nothing read from stdin is lost with it."""
    raw = written.line.decode("utf-8").rstrip("\n")
    return Rejected(written.source, written.number, f"record {error}", raw)


class SingleOutput:
    """``-o FILE`` or stdout, and the rejects file beside it (made on the first reject)."""

    def __init__(
        self,
        path: str | None,
        rejects: str | None,
        text_field: str,
        column_types: dict[str, Any] | None = None,
        numbered_rejects: bool = False,
        stale_rejects: bool = True,
    ):
        self.sink: Sink = open_sink(path, text_field, column_types)
        try:
            self.rejects = (
                LazySink(rejects, numbered_rejects, stale_rejects) if rejects is not None else None
            )
        except BaseException:
            self.sink.discard()
            raise
        self.extra: list[Sink] = []  # statistics and report files, committed with the output

    def record(self, written: Written, after: Any) -> Rejected | None:
        """Write one line; a record the output format cannot hold comes back as a reject."""
        try:
            self.sink.write(written.line)
        except jsonl.RecordError as error:
            return refused(written, error)
        return None

    def reject(self, rejected: Rejected, after: Any) -> None:
        assert self.rejects is not None
        self.rejects.write(jsonl.dumps(rejected.to_dict()) + b"\n")

    def _sinks(self) -> list[Sink]:
        return [self.sink, *([self.rejects] if self.rejects is not None else []), *self.extra]

    def commit(self) -> None:
        """Prepare every file before any replaces its target: a full disk found on the last
        of them leaves the others as they were too."""
        sinks = self._sinks()
        for sink in sinks:
            sink.prepare()
        for sink in sinks:
            sink.commit()

    def discard(self) -> None:
        for sink in self._sinks():
            sink.discard()

    def rejects_written(self) -> str | None:
        return self.rejects.name if self.rejects is not None and self.rejects.used else None


class ShardedOutput:
    """``-o FOLDER/``: shards, their rejects and the manifest, by ``ShardWriter``."""

    def __init__(self, writer: ShardWriter):
        self.writer = writer
        self.extra: list[Sink] = []

    def record(self, written: Written, after: Any) -> Rejected | None:
        try:
            self.writer.write(written.line, written.empty, written.source, written.number, after)
        except jsonl.RecordError as error:
            return refused(written, error)
        return None

    def reject(self, rejected: Rejected, after: Any) -> None:
        line = jsonl.dumps(rejected.to_dict()) + b"\n"
        self.writer.reject(line, rejected.source, rejected.line, after)

    def commit(self) -> None:
        for sink in self.extra:
            sink.prepare()
        self.writer.finish()
        for sink in self.extra:
            sink.commit()

    def discard(self) -> None:
        for sink in self.extra:
            sink.discard()
        self.writer.discard()

    def rejects_written(self) -> str | None:
        used = [shard["rejects_file"] for shard in self.writer.finished if shard["rejects_file"]]
        return f"{self.writer.folder} ({len(used)} rejects files)" if used else None
