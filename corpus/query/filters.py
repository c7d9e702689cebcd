"""Filters: restrictions on hits (by their quotation) and on documents.

Fields in the query select *documents*; :class:`Filters` select *hits*: ``speaker``,
``speaker_type``, ``in_``, ``direct`` and ``cue`` keep the hits that lie in a matching quotation
(a quotation is any reported speech, direct or indirect). Document-level filters (person,
place, org, dates, agency, doc) and a cheap document prefilter for the hit-level ones run
inside Whoosh (:func:`filter_query`); the hit-level test itself is :func:`quote_predicate`,
applied to a document's quotations once, not to each hit (:func:`quote_verdicts`).

``speaker`` follows the corpus-level speaker identity (:class:`~corpus.index.terms.SpeakerMap`)
when the functions are given the index's searcher: ``Yury Ushakov`` also finds the quotations
of an article that names him only "Ushakov", unless another full name ends in Ushakov.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from corpus.errors import QueryError
from corpus.index.records import DIRECT_KINDS, QUOTE_KINDS, Quote
from corpus.index.terms import (
    EMPTY_SPEAKER_MAP,
    SpeakerMap,
    clean_key,
    date_bounds,
    name_key,
    name_keys,
    speaker_key,
    speaker_map,
)
from corpus.index.terms import TOKEN_RE as WORD_RE
from corpus.query.inflect import inflections

if TYPE_CHECKING:
    from whoosh.searching import Searcher

__all__ = [
    "DIRECT_KINDS",
    "NO_FILTERS",
    "QUOTE_KINDS",
    "SPEAKER_TYPES",
    "Filters",
    "filter_query",
    "quote_predicate",
    "quote_verdicts",
]


@dataclass(frozen=True)
class Filters:
    """Restrictions on hits (speaker, speaker_type, in_, direct, cue) and on documents (the rest).

    ``speaker``/``person``/``place``/``org`` take an id (``vladimir-putin``), a full name or one
    word of the name (``putin``), case-insensitively; ``speaker`` also ignores diacritics and
    punctuation (``erdogan``) and follows the corpus-level speaker identity (see the module).
    ``speaker_type`` keeps quotations whose speaker is ``named`` or ``anonymous`` (a description
    no name resolves: "analysts"); quotations without a speaker are neither. ``direct`` True
    keeps direct quotations, False the indirect and mixed ones. ``cue`` matches a word of the
    cue in any inflected form (``say`` finds said, says). Dates are ISO, possibly partial
    (``2022``, ``2022-02``); a document's own partial date matches when its range overlaps.
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
    speaker_type: Literal["named", "anonymous"] | None = None

    @property
    def on_hits(self) -> bool:
        """True when the filters judge each hit by its quotation."""
        return bool(
            self.speaker or self.speaker_type or self.in_ or self.direct is not None or self.cue
        )


NO_FILTERS = Filters()
SPEAKER_TYPES = ("named", "anonymous")


def _speaker_map(filters: Filters, searcher: Searcher | None) -> SpeakerMap:
    return speaker_map(searcher) if filters.speaker and searcher is not None else EMPTY_SPEAKER_MAP


def _speaker_terms(value: str, smap: SpeakerMap) -> list[str]:
    """``speaker`` terms that may hold the speaker (a superset: the predicate decides)."""
    folded = speaker_key(value)
    terms = [name_key(value), folded, *sorted(smap.members(folded))]
    return list(dict.fromkeys(t for t in terms if t))


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def filter_query(filters: Filters, searcher: Searcher | None = None) -> Any | None:
    """The document-level Whoosh query for the filters (None when nothing restricts documents).

    ``searcher``: the index's, so ``speaker`` follows the corpus-level speaker identity.
    """
    from whoosh import query as wq

    parts: list[Any] = []
    f = filters
    if f.in_ not in (None, "quote", "narration"):
        raise QueryError(f"in_ must be quote or narration, not {f.in_!r}", param="in_")
    if f.speaker_type not in (None, *SPEAKER_TYPES):
        raise QueryError(
            f"speaker_type must be named or anonymous, not {f.speaker_type!r}",
            param="speaker_type",
        )
    if f.speaker is not None:
        if not name_key(f.speaker):
            raise QueryError("empty speaker", param="speaker")
        terms = _speaker_terms(f.speaker, _speaker_map(f, searcher))
        parts.append(wq.Or([wq.Term("speaker", t) for t in terms]))
    if f.speaker_type:
        parts.append(wq.Term("sptype", f.speaker_type))
    for fieldname, value, keyof in (
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


def quote_predicate(
    filters: Filters, searcher: Searcher | None = None
) -> Callable[[Quote | None], bool] | None:
    """The per-hit test of the hit-level filters, on the hit's quotation (None: narration).

    ``searcher``: the index's, so ``speaker`` follows the corpus-level speaker identity (the
    test then looks surnames up in the index: use it while the searcher is open).
    """
    f = filters
    if not f.on_hits:
        return None
    if f.in_ == "narration" and (f.speaker or f.speaker_type or f.direct is not None or f.cue):
        raise QueryError(
            "in_='narration' cannot combine with speaker, speaker_type, direct or cue",
            param="in_",
        )
    speaker_match = _speaker_match(f.speaker, _speaker_map(f, searcher)) if f.speaker else None
    speaker_type = f.speaker_type
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
        if speaker_type is not None and row.speaker_type != speaker_type:
            return False
        if speaker_match is not None and not speaker_match(row):
            return False
        if f.direct is not None and row.direct != f.direct:
            return False
        if cue_phrase is not None and cue_phrase != clean_key(row.cue):
            return False
        return not (cue_forms is not None and not cue_forms & set(WORD_RE.findall(row.cue.lower())))

    return test


def _speaker_match(value: str, smap: SpeakerMap) -> Callable[[Quote], bool]:
    """The test of ``speaker``: an id, a full name or one word of the name as today
    (:func:`name_keys`), the same with diacritics and punctuation folded, or the same
    corpus-level speaker (a surname-only speaker of one article and the full name of another;
    an organisation's acronym and its name)."""
    key = name_key(value)
    folded = speaker_key(value)
    corpus_keys = smap.corpus_keys(folded)

    def match(row: Quote) -> bool:
        if not (row.speaker or row.speaker_name):
            return False
        if key in name_keys(row.speaker, row.speaker_name):
            return True
        own = row.speaker_key
        if not own:
            return False
        if folded == own or folded in own.split():
            return True
        return smap.canonical(own, row.speaker_class) in corpus_keys

    return match


def quote_verdicts(
    pred: Callable[[Quote | None], bool], rows: tuple[Quote, ...]
) -> Callable[[int], bool]:
    """The predicate applied once to each quotation of a document (and to narration): a test
    of a quotation index (-1: narration) that costs a list lookup per hit."""
    verdict = [pred(r) for r in rows]
    narration = pred(None)
    return lambda qi: verdict[qi] if qi >= 0 else narration
