"""Measure how much the cleaner improves extracted article text against human gold text.

Run from the repository root::

    python -m bench.quality                       # both benchmarks, both modes
    python -m bench.quality --benchmark zyte --mode html --per-rule
    python -m bench.quality --sweep               # compare trafilatura settings (HTML baseline)
    python -m bench.quality --validate            # choose HTML settings, validated held out

Modules, one concern each: ``metric`` (the Zyte metric and bootstrap intervals), ``data``
(extraction and cleaning, cached), ``accounting`` (per-rule precision, residue), ``sites``
(per-site spread), ``validation`` (cross-benchmark and leave-one-site-out choice of the HTML
settings), ``report`` (tables), ``cli``.

Metric: the Zyte article-extraction metric (see ``zyte/README.rst`` in the bench folder), so our
numbers line up with the published table.

* Tokens are ``\\w+`` matches (Unicode, case kept, as Zyte does); shingles are 4-grams of
  consecutive tokens. A text with 1-3 tokens yields its whole token tuple as its one shingle, so
  very short outputs still score instead of silently vanishing; a text with no token has none.
* Per document, over the shingle multisets (``Counter`` intersection):
  precision = |pred ∩ gold| / |pred|, recall = |pred ∩ gold| / |gold|. Each document weighs 1.
* Empty prediction: precision is undefined and the document is left out of the precision mean,
  recall is 0 (Zyte's convention). Empty gold: the page is not scored at all (it cannot be
  language-checked either; only WCXB 4681 and 4893 are affected).
* P and R are macro-averaged over documents; F1 is the harmonic mean of the two means.
* 95% CIs are percentile bootstraps over documents; deltas (cleaner - baseline, and in HTML
  mode cleaner - trafilatura defaults, the published "trafilatura alone") use paired
  resamples, so a CI excluding 0 means a real difference on this page sample.

Language: only English pages are scored. py3langid on the gold text is used because the
``<html lang>`` attribute is missing on 30/181 Zyte pages and wrong on 4 (2 German pages say
``en``, 2 English pages say ``de``). Gold-text py3langid keeps 161/181 Zyte pages and
709/711 WCXB-dev pages (the 2 dropped have empty gold); ``<html lang>`` would keep 134 and 689.

Extraction outputs are cached in ``.cache/quality/`` (gitignored), keyed by trafilatura version,
settings and, for ``cleaner.html.extract_html``, a hash of the cleaner's source; delete the
folder to force a rerun.
"""
