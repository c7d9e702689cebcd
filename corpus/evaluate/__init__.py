"""Evaluation of the annotator against gold data (`corpus eval`).

* :func:`evaluate_ner` -- CoNLL-2003, entity-level exact match on PER/LOC/ORG (``ner``).
* :func:`evaluate_polnear` -- PolNeAR attributions, content overlap >= 0.5 (``quotes``).
* :func:`evaluate_gold_quotes` -- a hand-made gold JSON for one article (``quotes``).

Each takes the annotator as a parameter (default: the project's own, imported on first use) and
returns a :class:`Report`; :func:`render_table`, :func:`render_json` and :func:`write_errors`
present it. Readers raise :class:`corpus.errors.InputError` naming the file and line.
"""

from __future__ import annotations

from corpus.evaluate.matching import covers, match, quote_category
from corpus.evaluate.ner import ConllDocument, GoldEntity, evaluate_ner, read_conll
from corpus.evaluate.quotes import (
    GoldArticle,
    GoldQuote,
    evaluate_gold_quotes,
    evaluate_polnear,
    polnear_files,
    read_gold_quotes,
    read_polnear,
    read_polnear_ann,
    same_person,
)
from corpus.evaluate.report import Report, Score, render_json, render_table, write_errors

__all__ = [
    "ConllDocument",
    "GoldArticle",
    "GoldEntity",
    "GoldQuote",
    "Report",
    "Score",
    "covers",
    "evaluate_gold_quotes",
    "evaluate_ner",
    "evaluate_polnear",
    "match",
    "polnear_files",
    "quote_category",
    "read_conll",
    "read_gold_quotes",
    "read_polnear",
    "read_polnear_ann",
    "render_json",
    "render_table",
    "same_person",
    "write_errors",
]
