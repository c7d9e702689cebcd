"""The read path's records: what the ``info`` column stores per document, typed.

Stored values are plain tuples (unpickling dataclasses costs several times more) and read back
as named tuples with ``_make``: :class:`DocInfo` per document and :class:`Quote` per quotation.
A :class:`Quote` is the one quotation record of the read path: hits, KWIC lines, filters and
exports all carry it as read, none copies it field by field.

The quotations of a document come with a segmentation of its text into "innermost quotation"
intervals, so a hit's quotation is found by one binary search (:func:`quote_index`). An
interrupted quotation ('"A," he said, "B."') covers only its parts: the attribution between
them is narration.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from corpus.index.terms import speaker_key

if TYPE_CHECKING:  # the read path never builds a Document: dataclasses cost start-up time
    from corpus.model import Document

DIRECT_KINDS = frozenset({"direct"})  # --direct; everything else in a quotation is --indirect
QUOTE_KINDS = ("direct", "mixed", "indirect")
UNKNOWN_SPEAKER = "(unknown speaker)"  # how a quotation without a known speaker is labelled


class Quote(NamedTuple):
    """One quotation as stored (a plain tuple on disk): its span, speaker, kind and cue."""

    start: int
    end: int
    speaker: str  # entity id, "" when unknown
    speaker_name: str
    kind: str  # direct | mixed | indirect
    cue: str  # the cue text as it stands ("pointed out"), "" when none
    reported_by: str
    reported_by_name: str
    parent: int  # index of the innermost enclosing quotation, -1 when none
    # what a TEI export of a hit shows without reading the document again:
    confidence: float = 1.0  # of the attribution (TEI @cert)
    speaker_kind: str = ""  # the speaker entity's kind (person, org, ...), "" when none
    speaker_role: str = ""  # the speaker entity's role ("Kremlin Aide"), "" when none
    # corpus-level identity (see corpus.index.terms.speaker_key and SpeakerMap):
    speaker_key: str = ""  # the speaker's name folded (case, diacritics, punctuation)
    speaker_type: str = ""  # named | anonymous (TEI @ana sp.*), "" when no speaker

    @property
    def direct(self) -> bool:
        return self.kind in DIRECT_KINDS

    @property
    def speaker_class(self) -> str:
        """The speaker's class for corpus-level identity: ``anonymous`` for a description,
        else the entity kind (``person`` when the speaker is an id no entity declares)."""
        return "anonymous" if self.speaker_type == "anonymous" else self.speaker_kind or "person"

    @property
    def speaker_label(self) -> str:
        """The speaker's name, else id, else :data:`UNKNOWN_SPEAKER`."""
        return self.speaker_name or self.speaker or UNKNOWN_SPEAKER


@dataclass(frozen=True)
class QuoteData:
    """A document's quotations in position order, and a segmentation of its text.

    ``seg_starts[i]`` opens an interval that runs to ``seg_starts[i + 1]`` (or the end of the text)
    whose innermost quotation is ``seg_quote[i]`` (-1: narration).
    """

    rows: tuple[Quote, ...] = ()
    seg_starts: tuple[int, ...] = ()
    seg_quote: tuple[int, ...] = ()


EMPTY_QUOTES = QuoteData()


class DocInfo(NamedTuple):
    """The ``info`` column of one document: what a result line shows, and its quotations.

    ``quotes`` is the stored form, () or (rows, seg_starts, seg_quote); :meth:`quote_data`
    reads it back typed.
    """

    doc: str
    title: str
    date: str
    place: str
    agency: str
    quotes: tuple[Any, ...]

    def quote_data(self) -> QuoteData:
        if not self.quotes:
            return EMPTY_QUOTES
        rows, starts, quote = self.quotes
        return QuoteData(tuple(Quote._make(r) for r in rows), starts, quote)


def read_info(value: tuple[Any, ...] | None) -> DocInfo | None:
    """A stored ``info`` value as a :class:`DocInfo` (None for a document without one)."""
    return DocInfo._make(value) if value else None


def _entity_name(doc: Document, ref: str) -> str:
    ent = doc.entity(ref) if ref else None
    return ent.name if ent is not None else ref


def _entity_fields(doc: Document, ref: str) -> tuple[str, str, str, str]:
    """Kind, role, key and type of a quotation's speaker (all "" without a speaker)."""
    if not ref:
        return "", "", "", ""
    ent = doc.entity(ref)
    if ent is None:  # an id no entity declares: its own key, taken as a name
        return "", "", speaker_key(ref.replace("-", " ")), "named"
    key = speaker_key(ent.name or ent.id.replace("-", " "))
    return ent.kind, ent.role, key, "anonymous" if ent.anonymous else "named"


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
        Quote(
            q.start,
            q.end,
            q.speaker,
            _entity_name(doc, q.speaker),
            q.kind,
            text[q.cue.start : q.cue.end] if q.cue is not None else "",
            q.reported_by,
            _entity_name(doc, q.reported_by),
            parents[i],
            q.confidence,
            *_entity_fields(doc, q.speaker),
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
