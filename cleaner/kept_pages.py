"""Extracted pages, kept from the first pass of a run for the second.

Extracting a page is most of what an HTML input costs (trafilatura parses and scores the whole
page), and a run with a first pass reads every page twice: once to count the batch's lines,
once to clean them. So the first pass keeps the documents it extracted from each piece of
pages in a folder of the run, compressed, and the second takes them from there (removing the
file) instead of extracting again. A timed-out page is kept as its reject, so the second pass
does not wait for it again.

Keeping is best effort: a piece whose file cannot be written or read (a full disk, a Ray worker
on a machine without the folder) is extracted again, to the same documents.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence

import zstandard

from cleaner.pieces import Piece
from cleaner.readers import STDIN, Document, Rejected, kind_of


def holds_pages(piece: Piece) -> bool:
    """Whether ``piece`` has an HTML page to extract: the only pieces worth keeping."""
    return piece.kind == "files" and any(kind_of(path) == "html" for path in piece.paths)


@contextlib.contextmanager
def kept_pages_folder(files: Sequence[str | Rejected]) -> Iterator[str | None]:
    """A folder for the pages a run keeps, removed when the run ends (None when no input is
    a page). It is under the system's temporary folder (``TMPDIR``), and holds at most the
    extracted text of every page, compressed, while the first pass runs."""
    if not any(
        isinstance(item, str) and item != STDIN and kind_of(item) == "html" for item in files
    ):
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="clean-pages-", ignore_cleanup_errors=True) as folder:
        yield folder


class KeptPages:
    """The folder where the first pass keeps the pieces of pages it extracted."""

    def __init__(self, folder: str):
        self.folder = folder

    def _path(self, piece: Piece) -> str:
        name = hashlib.sha256("\0".join(piece.paths).encode("utf-8", "surrogateescape"))
        return os.path.join(self.folder, f"{name.hexdigest()[:32]}.pickle.zst")

    def keep(self, piece: Piece, documents: Sequence[Document | Rejected]) -> None:
        """Keep the documents of a piece; nothing when they cannot be written."""
        path = self._path(piece)
        data = zstandard.ZstdCompressor().compress(pickle.dumps(list(documents), protocol=5))
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def take(self, piece: Piece) -> list[Document | Rejected] | None:
        """The documents the first pass kept for ``piece``, removed from the folder; None
        when there are none."""
        path = self._path(piece)
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.unlink(path)
        documents: list[Document | Rejected] = pickle.loads(
            zstandard.ZstdDecompressor().decompress(data)
        )
        return documents
