"""Writing outputs whole or not at all: one file (JSONL, gzip, zstd or Parquet) or stdout, or
a folder of shards with a manifest. One module a concern."""

from cleaner.shard_names import FORMATS, MANIFEST, shard_name
from cleaner.writers.atomic import STDOUT, AtomicFile, LazySink, Sink, StdoutSink, open_sink
from cleaner.writers.parquet import ParquetSink
from cleaner.writers.shards import ShardWriter

__all__ = [
    "FORMATS",
    "MANIFEST",
    "STDOUT",
    "AtomicFile",
    "LazySink",
    "ParquetSink",
    "ShardWriter",
    "Sink",
    "StdoutSink",
    "open_sink",
    "shard_name",
]
