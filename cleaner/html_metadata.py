"""What a page says about itself: title, author, date, site, URL, with trafilatura's own means.

``trafilatura.bare_extraction(with_metadata=True)`` also searches every page for categories,
tags and a licence, which ``clean`` does not keep: on the shared benchmark pages those searches
(XPath over the whole tree) cost a tenth of the extraction. ``page_metadata`` takes the fields
``clean`` keeps with the same trafilatura functions, in the same order and with the same date
settings as its ``extract_metadata``, and leaves the rest out; ``tests/test_html.py`` checks
that both agree on every field kept.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import DEFAULT_CONFIG, set_date_params

from cleaner.metadata import Metadata

FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "language")
# A page larger than this (trafilatura's own setting) is not decompressed further.
MAX_FILE_SIZE = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
EXTENSIVE_DATE_SEARCH = DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH")


def page_metadata(tree: Any, url: str | None = None, may_prune: bool = False) -> Metadata:
    """The kept fields of ``tree`` (a parsed page) that trafilatura finds.

    ``tree`` is left unchanged unless ``may_prune``: the author search then prunes it in place,
    last, where trafilatura's ``extract_author`` prunes a copy (a tenth of the extraction's
    time on the shared pages, for a tree the caller no longer needs).
    """
    found = trafilatura_metadata.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a one-word author in the meta tags is a handle, as trafilatura says
    with suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        found = trafilatura_metadata.extract_meta_json(tree, found)
    if not found.title:
        found.title = trafilatura_metadata.extract_title(tree)
    if not found.url:
        found.url = trafilatura_metadata.extract_url(tree, url)
    if found.url:
        found.hostname = trafilatura_metadata.extract_domain(found.url, fast=True)
    date_settings = set_date_params(EXTENSIVE_DATE_SEARCH)
    date_settings["url"] = found.url
    found.date = trafilatura_metadata.find_date(tree, **date_settings)
    if not found.sitename:
        found.sitename = trafilatura_metadata.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        site = trafilatura_metadata.META_URL.match(found.url)
        if site:
            found.sitename = site[1]
    if not found.author:  # last: nothing after it reads the tree, which it may prune
        found.author = _author(tree) if may_prune else trafilatura_metadata.extract_author(tree)
    found.clean_and_trim()
    return {field: str(value) for field in FIELDS if (value := getattr(found, field, None))}


def _author(tree: Any) -> str | None:
    """trafilatura's ``extract_author`` on ``tree`` itself, which it prunes, not on a copy."""
    pruned = trafilatura_metadata.prune_unwanted_nodes(
        tree, trafilatura_metadata.AUTHOR_DISCARD_XPATHS
    )
    author = trafilatura_metadata.extract_metainfo(
        pruned, trafilatura_metadata.AUTHOR_XPATHS, len_limit=120
    )
    return trafilatura_metadata.normalize_authors(None, author) if author else None
