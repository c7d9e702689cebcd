"""Quotations on the read path: one row per quotation, and the text cut into "innermost
quotation" intervals so a hit's quotation is found by one binary search.

Rows are plain tuples on disk (the ``info`` column), read back as :class:`QuoteRow` with
``_make``: unpickling dataclasses costs several times more. An interrupted quotation
('"A," he said, "B."') covers only its parts: the attribution between them is narration.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, NamedTuple

from corpus.model import Document


class QuoteRow(NamedTuple):
    """One quotation as stored in the ``info`` column (a plain tuple on disk)."""

    start: int
    end: int
    speaker: str  # entity id, "" when unknown
    speaker_name: str
    kind: str  # direct | mixed | indirect
    cue: str  # the cue text as it stands ("pointed out"), "" when none
    reported_by: str
    reported_by_name: str
    parent: int  # index of the innermost enclosing quotation, -1 when none


@dataclass(frozen=True)
class QuoteData:
    """Quotation rows and a segmentation of the text (from the ``info`` column).

    ``seg_starts[i]`` opens an interval that runs to ``seg_starts[i + 1]`` (or the end of the text)
    whose innermost quotation is ``seg_quote[i]`` (-1: narration).
    """

    rows: tuple[QuoteRow, ...] = ()
    seg_starts: tuple[int, ...] = ()
    seg_quote: tuple[int, ...] = ()


def _entity_name(doc: Document, ref: str) -> str:
    ent = doc.entity(ref) if ref else None
    return ent.name if ent is not None else ref


def quote_data(doc: Document) -> QuoteData:
    """Quotation rows sorted by position, and the innermost-quotation segmentation of the text."""
    text = doc.article.text
    quotes = sorted(doc.quotations, key=lambda q: (q.start, -q.end))
    if not quotes:
        return QuoteData()
    parents: list[int] = []
    for i, q in enumerate(quotes):
        parent = -1
        for j in range(i - 1, -1, -1):  # innermost earlier quotation containing this one
            o = quotes[j]
            if o.start <= q.start and q.end <= o.end:
                parent = j
                break
        parents.append(parent)
    rows = tuple(
        QuoteRow(
            q.start,
            q.end,
            q.speaker,
            _entity_name(doc, q.speaker),
            q.kind,
            text[q.cue.start : q.cue.end] if q.cue is not None else "",
            q.reported_by,
            _entity_name(doc, q.reported_by),
            parents[i],
        )
        for i, q in enumerate(quotes)
    )
    # An interrupted quotation covers only its parts: the attribution between is narration.
    segments = [q.segments() for q in quotes]
    edges = {p for segs in segments for g in segs for p in (g.start, g.end)}
    points = sorted({0, len(text)} | edges)
    seg_starts: list[int] = []
    seg_quote: list[int] = []
    for a in points:
        inner = -1
        for i, q in enumerate(quotes):
            if any(g.start <= a < g.end for g in segments[i]) and (
                inner < 0 or q.start > quotes[inner].start or q.end < quotes[inner].end
            ):
                inner = i
        if seg_quote and seg_quote[-1] == inner:
            continue
        seg_starts.append(a)
        seg_quote.append(inner)
    return QuoteData(rows, tuple(seg_starts), tuple(seg_quote))


EMPTY_QUOTES = QuoteData()


def quotes_from_info(value: tuple[Any, ...]) -> QuoteData:
    if not value:
        return EMPTY_QUOTES
    rows, starts, quote = value
    return QuoteData(tuple(QuoteRow._make(r) for r in rows), starts, quote)


def quote_index(qd: QuoteData, start: int, end: int) -> int:
    """Index of the innermost quotation containing [start, end) in ``qd.rows``, or -1."""
    if not qd.seg_starts:
        return -1
    i = bisect.bisect_right(qd.seg_starts, start) - 1
    if i < 0:
        return -1
    qi = qd.seg_quote[i]
    rows = qd.rows
    while qi >= 0 and rows[qi].end < end:
        qi = rows[qi].parent
    return qi
