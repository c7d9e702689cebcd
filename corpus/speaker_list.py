"""Speakers of the corpus: who is quoted, how often, in how many documents, and when.

(Named ``speaker_list`` so that ``corpus.speakers``, the function re-exported by the package,
is never shadowed by a submodule of the same name.)

A speaker is a corpus-level identity (:class:`~corpus.index.terms.SpeakerMap`): quotations are
counted under the key of their speaker's name with case, diacritics and punctuation folded
(``speaker_key``), and a surname-only speaker of one article joins the one full name of the
corpus that ends in it ("Ushakov" -> "Yury Ushakov"); two different full names ("John Smith",
"Jane Smith") stay two speakers. A speaker is shown by its display name: the full form its
quotations name it by most often.

:func:`speakers` lists them; :class:`SpeakerTally` is the counting both it and
``concordance.group(by="speaker")`` use. Limits: quotations whose speaker is unknown are not
listed; spelling variants (Yury/Yuri) are two speakers, as are a person named in one article
and described ("the aide") in another.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from corpus.errors import QueryError
from corpus.index.records import Quote
from corpus.index.terms import EMPTY_SPEAKER_MAP, SpeakerMap, speaker_map

if TYPE_CHECKING:
    from corpus.concordance import Group, IndexArg, KwicLine
    from corpus.query import Filters

__all__ = [
    "SPEAKER_FIELDS",
    "SPEAKER_SORTS",
    "Speaker",
    "SpeakerTally",
    "sort_speakers",
    "speaker_groups",
    "speakers",
]

SpeakerSort = Literal["quotations", "name", "docs", "first", "last"]
SPEAKER_SORTS: tuple[str, ...] = ("quotations", "name", "docs", "first", "last")
_YEAR_RE = re.compile(r"^\d{4}")


@dataclass(frozen=True)
class Speaker:
    """One speaker of the corpus (or of the part the filters select).

    ``name`` is the display name, ``key`` the corpus-level key; ``type`` is ``named`` or
    ``anonymous`` (the type most of its quotations give it); ``kind`` the entity kind (person,
    org, ...; "" when the speaker is no entity); ``roles`` its roles, most frequent first;
    ``quotations`` and ``documents`` count what the filters keep; ``first`` and ``last`` are the
    earliest and latest dates of those documents ("" when none is dated with a year).
    """

    name: str
    key: str
    type: str
    kind: str
    roles: tuple[str, ...]
    quotations: int
    documents: int
    first: str
    last: str


# The fields of Speaker, in the order every format writes them.
SPEAKER_FIELDS = (
    "name",
    "key",
    "type",
    "kind",
    "roles",
    "quotations",
    "documents",
    "first",
    "last",
)


@dataclass
class _Entry:
    forms: Counter[str] = field(default_factory=Counter)  # names of rows keyed as the speaker
    other_forms: Counter[str] = field(default_factory=Counter)  # surname-only names joined to it
    types: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    quotations: int = 0
    docs: set[str] = field(default_factory=set)
    first: str = ""
    last: str = ""


def _most(counter: Counter[str]) -> str:
    """The most frequent value; ties go to the longer, then the first in alphabetical order."""
    return min(counter, key=lambda v: (-counter[v], -len(v), v)) if counter else ""


class SpeakerTally:
    """Quotations counted per corpus-level speaker (see the module)."""

    def __init__(self, smap: SpeakerMap = EMPTY_SPEAKER_MAP) -> None:
        self.smap = smap
        self._entries: dict[str, _Entry] = {}

    def key(self, row: Quote) -> str:
        """The corpus-level key of a quotation's speaker ("" when the speaker is unknown)."""
        if not row.speaker_key:
            return ""
        return self.smap.canonical(row.speaker_key, row.speaker_class)

    def add(self, row: Quote, doc: str, date: str = "", quotations: int = 1) -> str:
        """Count a quotation of document ``doc`` (``quotations`` times: a grouping counts hits);
        returns its speaker's key ("": unknown)."""
        key = self.key(row)
        if not key:
            return ""
        e = self._entries.get(key)
        if e is None:
            e = self._entries[key] = _Entry()
        name = row.speaker_name or row.speaker
        (e.forms if row.speaker_key == key else e.other_forms)[name] += quotations
        e.types[row.speaker_type or "named"] += quotations
        e.kinds[row.speaker_kind] += quotations
        if row.speaker_role:
            e.roles[row.speaker_role] += quotations
        e.quotations += quotations
        e.docs.add(doc)
        if _YEAR_RE.match(date):
            if not e.first or date < e.first:
                e.first = date
            if not e.last or date > e.last:
                e.last = date
        return key

    def name(self, key: str) -> str:
        """The display name of a speaker: its most frequent full form."""
        e = self._entries[key]
        return _most(e.forms) or _most(e.other_forms) or key

    def speakers(self) -> Iterator[Speaker]:
        for key, e in self._entries.items():
            types = e.types
            yield Speaker(
                name=self.name(key),
                key=key,
                type="named" if types["named"] >= types["anonymous"] else "anonymous",
                kind=_most(e.kinds),
                roles=tuple(sorted(e.roles, key=lambda r: (-e.roles[r], r))),
                quotations=e.quotations,
                documents=len(e.docs),
                first=e.first,
                last=e.last,
            )


def _check_sort(sort: str) -> None:
    if sort not in SPEAKER_SORTS:
        raise QueryError(
            f"sort must be one of {', '.join(SPEAKER_SORTS)}, not {sort!r}", param="sort"
        )


def sort_speakers(rows: Iterable[Speaker], sort: str = "quotations") -> list[Speaker]:
    """``quotations`` and ``docs``: most first; ``name``: alphabetical; ``first``: earliest
    first; ``last``: latest first (undated speakers last). Ties go by name."""
    _check_sort(sort)
    out = sorted(rows, key=lambda s: (s.name.casefold(), s.key))
    if sort == "quotations":
        out.sort(key=lambda s: (-s.quotations, -s.documents))
    elif sort == "docs":
        out.sort(key=lambda s: (-s.documents, -s.quotations))
    elif sort == "first":
        out.sort(key=lambda s: (not s.first, s.first))
    elif sort == "last":
        dated = [s for s in out if s.last]
        dated.sort(key=lambda s: s.last, reverse=True)
        out = dated + [s for s in out if not s.last]
    return out


def speakers(
    index: IndexArg = None,
    *,
    filters: Filters | None = None,
    sort: SpeakerSort = "quotations",
    limit: int | None = None,
) -> list[Speaker]:
    """The speakers of the quotations the filters keep, sorted (see :func:`sort_speakers`).

    Document filters (person, place, org, dates, agency, doc) select the documents; the hit
    filters (speaker, speaker_type, direct, cue) the quotations counted. ``in_='narration'``
    leaves nothing to list and is refused.
    """
    from corpus.index import open_index, read_info
    from corpus.query import NO_FILTERS, filter_query, quote_predicate

    f = filters if filters is not None else NO_FILTERS
    if f.in_ == "narration":
        raise QueryError("in_='narration' keeps no quotations: no speakers to list", param="in_")
    if limit is not None and limit < 0:
        raise QueryError("limit must not be negative", param="limit")
    _check_sort(sort)
    cix = open_index(index)
    with cix.searcher() as searcher:
        tally = SpeakerTally(speaker_map(searcher))
        fq = filter_query(f, searcher)
        pred = quote_predicate(f, searcher)
        reader = searcher.reader()
        infos = reader.column_reader("info")
        if fq is None:
            docnums: Iterable[int] = reader.all_doc_ids()
        else:
            matcher = fq.matcher(searcher, searcher.boolean_context())
            docnums = matcher.all_ids() if matcher.is_active() else ()
        for docnum in docnums:
            info = read_info(infos[docnum])
            if info is None:
                continue
            for row in info.quote_data().rows:
                if pred is None or pred(row):
                    tally.add(row, info.doc, info.date)
    rows = sort_speakers(tally.speakers(), sort)
    return rows if limit is None else rows[:limit]


def speaker_groups(lines: Iterable[KwicLine], index: IndexArg = None) -> list[Group]:
    """KWIC lines counted per corpus-level speaker (``concordance.group(by="speaker")``):
    labelled by display name, then ``(unknown speaker)`` and ``(narration)``; largest first."""
    if index is None:
        return _speaker_groups(lines, EMPTY_SPEAKER_MAP)
    from corpus.index import open_index

    with open_index(index).searcher() as searcher:  # the map looks surnames up as it goes
        return _speaker_groups(lines, speaker_map(searcher))


def _speaker_groups(lines: Iterable[KwicLine], smap: SpeakerMap) -> list[Group]:
    from corpus.concordance import NARRATION, Group
    from corpus.index.records import UNKNOWN_SPEAKER

    # The lines of one quotation share its row object: count per row (held in the dict, so its
    # id stays unique), then per speaker; a grouping needs counts and forms, not a full tally.
    per_row: dict[int, list[Any]] = {}
    narration: Counter[str] = Counter()
    for line in lines:
        row = line.quote
        if row is None:
            narration[line.doc] += 1
            continue
        entry = per_row.get(id(row))
        if entry is None:
            per_row[id(row)] = [row, line.doc, 1]
        else:
            entry[2] += 1
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    forms: Counter[tuple[str, bool, str]] = Counter()  # (speaker, full form?, form)
    canonical: dict[tuple[str, str], str] = {}
    for row, doc, n in per_row.values():
        own = row.speaker_key
        if own:
            ck = (own, row.speaker_class)
            k = canonical.get(ck)
            if k is None:
                k = canonical[ck] = smap.canonical(own, row.speaker_class)
            forms[k, own == k, row.speaker_name or row.speaker] += n
        else:
            k = "\0" + UNKNOWN_SPEAKER
        counts[k] += n
        docs.setdefault(k, set()).add(doc)
    if narration:
        k = "\0" + NARRATION
        counts[k] = sum(narration.values())
        docs[k] = set(narration)
    best: dict[str, tuple[bool, int, int, str]] = {}
    for (k, full, form), n in forms.items():
        rank = (full, n, len(form), form)
        old = best.get(k)
        if old is None or (rank[:3] > old[:3]) or (rank[:3] == old[:3] and form < old[3]):
            best[k] = rank
    labels = {k: k[1:] if k.startswith("\0") else best[k][3] for k in counts}
    order = sorted(counts, key=lambda k: (-counts[k], labels[k], k))
    return [Group(labels[k], counts[k], len(docs[k])) for k in order]
