"""Queries and filters -> ranked documents and keyword hits with their quotation.

Modules, in the order a query goes through them (after Whoosh's own ``qparser``):

- :mod:`~corpus.query.syntax`: syntax checking (what Whoosh would silently repair is an error);
- :mod:`~corpus.query.plugins`: parser extensions (``NEAR/n``, ``BEFORE/n``, ``/regex/``);
- :mod:`~corpus.query.terms`: our multi-term queries (inflected forms, whole-term regex);
- :mod:`~corpus.query.inflect`: English inflections of a word;
- :mod:`~corpus.query.parse`: a query string -> :class:`ParsedQuery` (slop, case, leaves);
- :mod:`~corpus.query.explain`: a parsed query as text, with the terms patterns reach;
- :mod:`~corpus.query.filters`: :class:`Filters` on documents and on hits;
- :mod:`~corpus.query.hits`: hit extraction (:func:`hits`, :func:`count`, :func:`doc_hits`);
- :mod:`~corpus.query.rank`: ranked documents with snippets (:func:`search`).
"""

from __future__ import annotations

from corpus.index.records import DocInfo, Quote
from corpus.query.explain import explain
from corpus.query.filters import (
    DIRECT_KINDS,
    NO_FILTERS,
    QUOTE_KINDS,
    Filters,
    filter_query,
    quote_predicate,
    quote_verdicts,
)
from corpus.query.hits import Columns, DocHits, Hit, count, doc_hits, hits
from corpus.query.inflect import inflections
from corpus.query.parse import TEXT_FIELD, Leaf, ParsedQuery, parse_query
from corpus.query.rank import DocHit, SearchResult, search, snippet
from corpus.query.syntax import QUERY_FIELDS, check_syntax

__all__ = [
    "DIRECT_KINDS",
    "NO_FILTERS",
    "QUERY_FIELDS",
    "QUOTE_KINDS",
    "TEXT_FIELD",
    "Columns",
    "DocHit",
    "DocHits",
    "DocInfo",
    "Filters",
    "Hit",
    "Leaf",
    "ParsedQuery",
    "Quote",
    "SearchResult",
    "check_syntax",
    "count",
    "doc_hits",
    "explain",
    "filter_query",
    "hits",
    "inflections",
    "parse_query",
    "quote_predicate",
    "quote_verdicts",
    "search",
    "snippet",
]
