"""Evaluation of the annotator against gold data (`corpus eval`).

* :func:`evaluate_ner` -- CoNLL-2003, entity-level exact match on PER/LOC/ORG (``ner``).
* :func:`evaluate_polnear` -- PolNeAR attributions, content overlap >= 0.5 (``quotes``).
* :func:`evaluate_gold_quotes` -- a hand-made gold JSON: one article, or records of a JSON
  source such as the TASS politics file (``quotes``).

Every figure is scored on what `corpus annotate` writes: the input goes through the project's
ingester, the annotator and the TEI writer, and the TEI is read back (:mod:`.product`). Each
evaluation takes the annotator as a parameter (default: the project's own, imported on first
use) and returns a :class:`Report`; :func:`render_table`, :func:`render_json` and
:func:`write_errors` present it. Readers raise :class:`corpus.errors.InputError` naming the
file and line.
"""

from __future__ import annotations

from corpus.evaluate.gold import GoldArticle, GoldQuote, read_gold_quotes, read_gold_records
from corpus.evaluate.matching import covers, match, quote_category
from corpus.evaluate.ner import ConllDocument, GoldEntity, evaluate_ner, read_conll
from corpus.evaluate.product import read_back, tei_bytes
from corpus.evaluate.quotes import (
    evaluate_gold_quotes,
    evaluate_polnear,
    polnear_files,
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
    "read_back",
    "read_conll",
    "read_gold_quotes",
    "read_gold_records",
    "read_polnear",
    "read_polnear_ann",
    "render_json",
    "render_table",
    "same_person",
    "tei_bytes",
    "write_errors",
]
