"""Filters: restrictions on hits (by their quotation) and on documents.

Fields in the query select *documents*; :class:`Filters` select *hits*: ``speaker``, ``in_``,
``direct`` and ``cue`` keep the hits that lie in a matching quotation (a quotation is any
reported speech, direct or indirect). Document-level filters (person, place, org, dates,
agency, doc) and a cheap document prefilter for the hit-level ones run inside Whoosh
(:func:`filter_query`); the hit-level test itself is :func:`quote_predicate`, applied to a
document's quotations once, not to each hit (:func:`quote_verdicts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from corpus.errors import QueryError
from corpus.index.records import DIRECT_KINDS, QUOTE_KINDS, Quote
from corpus.index.terms import TOKEN_RE as WORD_RE
from corpus.index.terms import clean_key, date_bounds, name_key, name_keys
from corpus.query.inflect import inflections

__all__ = [
    "DIRECT_KINDS",
    "NO_FILTERS",
    "QUOTE_KINDS",
    "Filters",
    "filter_query",
    "quote_predicate",
    "quote_verdicts",
]


@dataclass(frozen=True)
class Filters:
    """Restrictions on hits (speaker, in_, direct, cue) and on documents (the rest).

    ``speaker``/``person``/``place``/``org`` take an id (``vladimir-putin``), a full name or one
    word of the name (``putin``), case-insensitively. ``direct`` True keeps direct quotations,
    False the indirect and mixed ones. ``cue`` matches a word of the cue in any inflected form
    (``say`` finds said, says). Dates are ISO, possibly partial (``2022``, ``2022-02``);
    a document's own partial date matches when its range overlaps.
    """

    speaker: str | None = None
    in_: Literal["quote", "narration"] | None = None
    direct: bool | None = None
    cue: str | None = None
    person: str | None = None
    place: str | None = None
    org: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    agency: str | None = None
    doc: str | None = None

    @property
    def on_hits(self) -> bool:
        """True when the filters judge each hit by its quotation."""
        return bool(self.speaker or self.in_ or self.direct is not None or self.cue)


NO_FILTERS = Filters()


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def filter_query(filters: Filters) -> Any | None:
    """The document-level Whoosh query for the filters (None when nothing restricts documents)."""
    from whoosh import query as wq

    parts: list[Any] = []
    f = filters
    if f.in_ not in (None, "quote", "narration"):
        raise QueryError(f"in_ must be quote or narration, not {f.in_!r}", param="in_")
    for fieldname, value, keyof in (
        ("speaker", f.speaker, name_key),
        ("person", f.person, name_key),
        ("place", f.place, name_key),
        ("org", f.org, name_key),
        ("agency", f.agency, clean_key),
    ):
        if value is not None:
            if not keyof(value):
                raise QueryError(f"empty {fieldname}", param=fieldname)
            parts.append(wq.Term(fieldname, keyof(value)))
    if f.doc:
        if any(c in f.doc for c in "*?"):
            parts.append(wq.Wildcard("doc", f.doc))
        else:
            parts.append(wq.Term("doc", f.doc))
    if f.cue:
        cue = clean_key(f.cue)
        forms = sorted(inflections(cue)) if " " not in cue else [cue]
        parts.append(wq.Or([wq.Term("cue", form) for form in forms]))
    if f.direct is True:
        parts.append(wq.Or([wq.Term("qkind", k) for k in sorted(DIRECT_KINDS)]))
    elif f.direct is False:
        parts.append(wq.Or([wq.Term("qkind", k) for k in QUOTE_KINDS if k not in DIRECT_KINDS]))
    elif f.in_ == "quote":
        parts.append(wq.Or([wq.Term("qkind", k) for k in QUOTE_KINDS]))
    for name, value in (("date_from", f.date_from), ("date_to", f.date_to)):
        if value is not None and not _DATE_RE.match(value):
            raise QueryError(
                f"{name} {value!r}: write an ISO date (2022, 2022-02, 2022-02-12)", param=name
            )
    if f.date_from:
        lo = date_bounds(f.date_from)
        assert lo is not None
        parts.append(wq.TermRange("date_hi", lo[0], None))
    if f.date_to:
        hi = date_bounds(f.date_to)
        assert hi is not None
        parts.append(wq.TermRange("date_lo", None, hi[1]))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def quote_predicate(filters: Filters) -> Callable[[Quote | None], bool] | None:
    """The per-hit test of the hit-level filters, on the hit's quotation (None: narration)."""
    f = filters
    if not f.on_hits:
        return None
    if f.in_ == "narration" and (f.speaker or f.direct is not None or f.cue):
        raise QueryError("in_='narration' cannot combine with speaker, direct or cue", param="in_")
    speaker = name_key(f.speaker) if f.speaker else None
    cue_forms: frozenset[str] | None = None
    cue_phrase: str | None = None
    if f.cue:
        key = clean_key(f.cue)
        if " " in key:
            cue_phrase = key
        else:
            cue_forms = inflections(key) | {key}

    def test(row: Quote | None) -> bool:
        if f.in_ == "narration":
            return row is None
        if row is None:
            return False
        if speaker is not None and speaker not in name_keys(row.speaker, row.speaker_name):
            return False
        if f.direct is not None and row.direct != f.direct:
            return False
        if cue_phrase is not None and cue_phrase != clean_key(row.cue):
            return False
        return not (cue_forms is not None and not cue_forms & set(WORD_RE.findall(row.cue.lower())))

    return test


def quote_verdicts(
    pred: Callable[[Quote | None], bool], rows: tuple[Quote, ...]
) -> Callable[[int], bool]:
    """The predicate applied once to each quotation of a document (and to narration): a test
    of a quotation index (-1: narration) that costs a list lookup per hit."""
    verdict = [pred(r) for r in rows]
    narration = pred(None)
    return lambda qi: verdict[qi] if qi >= 0 else narration
