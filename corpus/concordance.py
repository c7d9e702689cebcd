"""Keyword in context: hits -> KwicLine records, with sorting, sampling and grouping.

A line's context is a slice of the stored article text around the hit's character offsets
(never re-tokenised); ``unit='words'`` counts whitespace-separated words of that text instead
of characters. ``clip`` keeps the context inside the hit's sentence or quotation (outside
quotations: inside the stretch of narration between two quotations).

Without ``sort`` or ``sample`` lines are produced lazily, document by document, so memory
stays flat however many hits there are. Sort keys follow AntConc/CQP: L1..L3 are the first to
third words left of the keyword, R1..R3 to its right, KW the keyword; word keys compare
case-insensitively; a leading ``-`` sorts that key in descending order.
"""

from __future__ import annotations

import bisect
import heapq
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from corpus.errors import QueryError
from corpus.index import CorpusIndex, DocInfo, Quote, QuoteData, open_index
from corpus.query import (
    NO_FILTERS,
    Columns,
    DocHits,
    Filters,
    Hit,
    ParsedQuery,
    count,
    doc_hits,
    parse_query,
)
from corpus.settings import KWIC_WIDTH

if TYPE_CHECKING:
    import os

    from whoosh.searching import Searcher

    IndexArg = str | os.PathLike[str] | CorpusIndex | None

Unit = Literal["chars", "words"]
Clip = Literal["sentence", "quote"] | None
SORT_KEYS = ("L3", "L2", "L1", "KW", "R1", "R2", "R3", "doc", "date", "speaker")
GROUP_KEYS = ("speaker", "doc", "month", "year", "form")
KEY_WORD_RE = re.compile(r"\w+(?:[.'’-]\w+)*")
CONTEXT_WORD_RE = re.compile(r"\S+")
NARRATION = "(narration)"  # the group of the hits outside quotations
_KEY_WINDOW = 200  # characters scanned for the three sort words on each side


class KwicLine(NamedTuple):
    """One concordance line. ``left + keyword + right`` is a slice of the document's text.

    A named tuple (one is made per hit; a frozen dataclass costs several times more to make).

    ``quote`` is the quotation the keyword lies in, as stored in the index (None in narration).
    ``speaker``, ``kind``, ``direct``, ``cue``, ``speaker_name`` and ``reported_by`` read it:
    None outside quotations; ``speaker`` is "" inside a quotation whose speaker is unknown.
    :meth:`record` is the flat record users see in JSON, JSON Lines, TSV and CSV.
    """

    doc: str
    start: int
    end: int
    left: str
    keyword: str
    right: str
    quote: Quote | None
    date: str
    title: str

    @property
    def quoted(self) -> bool:
        return self.quote is not None

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker if self.quote is not None else None

    @property
    def speaker_name(self) -> str | None:
        return (self.quote.speaker_name or None) if self.quote is not None else None

    @property
    def direct(self) -> bool | None:
        return self.quote.direct if self.quote is not None else None

    @property
    def kind(self) -> str | None:
        return self.quote.kind if self.quote is not None else None

    @property
    def cue(self) -> str | None:
        return self.quote.cue if self.quote is not None else None

    @property
    def reported_by(self) -> str | None:
        return (self.quote.reported_by or None) if self.quote is not None else None

    def record(self) -> dict[str, Any]:
        """The flat record of the line, fields in :data:`KWIC_FIELDS` order."""
        q = self.quote
        quoted = q is not None
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "left": self.left,
            "keyword": self.keyword,
            "right": self.right,
            "speaker": q.speaker if quoted else None,
            "speaker_name": (q.speaker_name or None) if quoted else None,
            "kind": q.kind if quoted else None,
            "direct": q.direct if quoted else None,
            "cue": q.cue if quoted else None,
            "reported_by": (q.reported_by or None) if quoted else None,
            "date": self.date,
            "title": self.title,
        }


# The fields of KwicLine.record(), in order: what JSON, JSON Lines, TSV and CSV show.
KWIC_FIELDS = (
    "doc",
    "start",
    "end",
    "left",
    "keyword",
    "right",
    "speaker",
    "speaker_name",
    "kind",
    "direct",
    "cue",
    "reported_by",
    "date",
    "title",
)


@dataclass(frozen=True)
class Group:
    key: str
    count: int
    docs: int


class KwicResult(Iterator[KwicLine]):
    """The lines of a concordance (an iterator), and the totals: ``total`` hits in ``docs``.

    The totals come from the lines themselves when they were all produced (sorted or sampled
    output, or a stream read to its end without a limit); otherwise a counting pass that
    builds no lines is run on first access.
    """

    def __init__(self, lines: Iterator[KwicLine], counter: Callable[[], tuple[int, int]]) -> None:
        self._lines = lines
        self._counter = counter
        self._totals: tuple[int, int] | None = None

    def __iter__(self) -> KwicResult:
        return self

    def __next__(self) -> KwicLine:
        return next(self._lines)

    def _set_totals(self, total: int, docs: int) -> None:
        self._totals = (total, docs)

    @property
    def total(self) -> int:
        return self.totals()[0]

    @property
    def docs(self) -> int:
        return self.totals()[1]

    def totals(self) -> tuple[int, int]:
        if self._totals is None:
            self._totals = self._counter()
        return self._totals


# --- context cutting -------------------------------------------------------------------------


def _words_left(text: str, pos: int, lo: int, n: int) -> int:
    """Start of the n-th whitespace-separated word left of ``pos`` (not before ``lo``)."""
    if n <= 0:
        return pos
    window = max(64, n * 16)
    while True:
        a = max(lo, pos - window)
        starts = [m.start() for m in CONTEXT_WORD_RE.finditer(text, a, pos)]
        if a > lo and starts and starts[0] == a and not text[a - 1].isspace():
            starts = starts[1:]  # a word cut by the window is not counted
        if len(starts) >= n:
            return starts[-n]
        if a == lo:
            return starts[0] if starts else pos
        window *= 2


def _words_right(text: str, pos: int, hi: int, n: int) -> int:
    """End of the n-th whitespace-separated word right of ``pos`` (not after ``hi``)."""
    if n <= 0:
        return pos
    window = max(64, n * 16)
    while True:
        b = min(hi, pos + window)
        ends = [m.end() for m in CONTEXT_WORD_RE.finditer(text, pos, b)]
        if b < hi and ends and ends[-1] == b and not text[b].isspace():
            ends = ends[:-1]
        if len(ends) >= n or b == hi:
            if not ends:
                return pos
            return ends[n - 1] if len(ends) >= n else hi
        window *= 2


def _sort_words_left(text: str, pos: int) -> list[str]:
    words = KEY_WORD_RE.findall(text, max(0, pos - _KEY_WINDOW), pos)
    return [w.casefold() for w in words[-3:]][::-1]  # L1, L2, L3


def _sort_words_right(text: str, pos: int) -> list[str]:
    return [w.casefold() for w in KEY_WORD_RE.findall(text, pos, pos + _KEY_WINDOW)[:3]]


@dataclass
class _Doc:
    """What one matching document contributes to its lines."""

    info: DocInfo
    text: str
    hits: DocHits
    sents: tuple[tuple[int, ...], tuple[int, ...]] | None

    @property
    def quotes(self) -> QuoteData:
        """Every quotation row, typed: decoded on first use (--clip quote), not per document."""
        return self.hits.quotes


def _clip_bounds(d: _Doc, hit: Hit, clip: Clip) -> tuple[int, int]:
    text = d.text
    start, end = hit.start, hit.end
    if clip is None:
        return 0, len(text)
    if clip == "quote":
        qd = d.quotes
        if hit.quote is not None:
            return hit.quote.start, max(hit.quote.end, end)
        if not qd.seg_starts:
            return 0, len(text)
        i = bisect.bisect_right(qd.seg_starts, start) - 1
        lo = qd.seg_starts[i] if i >= 0 else 0
        hi = qd.seg_starts[i + 1] if i + 1 < len(qd.seg_starts) else len(text)
        return lo, max(hi, end)
    # sentence
    if d.sents and d.sents[0]:
        starts, ends = d.sents
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            return starts[i], max(ends[i], end)
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


# --- building lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    width: int
    unit: Unit
    clip: Clip


def _lines_of_doc(d: _Doc, hits: Sequence[Hit], opts: _Options) -> Iterator[KwicLine]:
    """The line of each hit of one document."""
    text = d.text
    width, unit, clip = opts.width, opts.unit, opts.clip
    date, title = d.info.date, d.info.title
    n = len(text)
    for hit in hits:
        a, b = hit.start, hit.end
        if clip is None:
            lo, hi = 0, n
        else:
            lo, hi = _clip_bounds(d, hit, clip)
        if unit == "chars":
            left = text[max(lo, a - width) : a]
            right = text[b : min(hi, b + width)]
        else:
            left = text[_words_left(text, a, lo, width) : a]
            right = text[b : _words_right(text, b, hi, width)]
        yield KwicLine(hit.doc, a, b, left, text[a:b], right, hit.quote, date, title)


def _doc_stream(
    pq: ParsedQuery,
    searcher: Searcher,
    filters: Filters,
    *,
    need_sents: bool,
) -> Iterator[tuple[_Doc, list[Hit]]]:
    cols = Columns(searcher)
    # open the columns up front: a concurrent writer's merge may delete this searcher's
    # segment files, which stay readable once open (POSIX) but could not be opened later
    sents_col = cols.sents if need_sents else None
    for dh in doc_hits(pq, searcher, filters, need_text=True, columns=cols):
        assert dh.text is not None and dh.info is not None
        sents = sents_col[dh.docnum] if sents_col is not None else None
        yield _Doc(dh.info, dh.text, dh, sents), dh.hits


def _parse_sort(sort: Iterable[str] | str) -> list[tuple[str, bool]]:
    if isinstance(sort, str):
        sort = [s for s in re.split(r"[,\s]+", sort) if s]
    keys: list[tuple[str, bool]] = []
    canon = {k.lower(): k for k in SORT_KEYS}
    for raw in sort:
        desc = raw.startswith("-")
        name = canon.get(raw.lstrip("-+").lower())
        if name is None:
            raise QueryError(
                f"unknown sort key {raw!r}; use a comma-separated list of: " + " ".join(SORT_KEYS)
            )
        keys.append((name, desc))
    return keys


_NARRATION_LAST = "\U0010ffff"


def _key_values(line: KwicLine, text: str, keys: list[tuple[str, bool]]) -> tuple[Any, ...]:
    left: list[str] | None = None
    right: list[str] | None = None
    values: list[Any] = []
    for name, _ in keys:
        if name[0] == "L":
            if left is None:
                left = _sort_words_left(text, line.start)
            i = int(name[1]) - 1
            values.append(left[i] if i < len(left) else "")
        elif name[0] == "R":
            if right is None:
                right = _sort_words_right(text, line.end)
            i = int(name[1]) - 1
            values.append(right[i] if i < len(right) else "")
        elif name == "KW":
            values.append(line.keyword.casefold())
        elif name == "doc":
            values.append(line.doc)
        elif name == "date":
            values.append(line.date)
        else:  # speaker: named speakers, then unknown, then narration
            if line.kind is None:
                values.append(_NARRATION_LAST)
            else:
                values.append((line.speaker_name or "\U0010fffe").casefold())
    return tuple(values)


def _sort_items(
    items: list[tuple[tuple[Any, ...], KwicLine]], keys: list[tuple[str, bool]]
) -> list[KwicLine]:
    # stable sorts from the last key to the first give a multi-level sort with mixed directions
    for i in range(len(keys) - 1, -1, -1):
        items.sort(key=lambda kv, i=i: kv[0][i], reverse=keys[i][1])
    return [line for _, line in items]


def kwic(
    query: str | ParsedQuery,
    index: IndexArg = None,
    *,
    filters: Filters = NO_FILTERS,
    width: int | None = None,
    unit: Unit = "chars",
    clip: Clip = None,
    sort: Iterable[str] | str = (),
    limit: int | None = None,
    offset: int = 0,
    sample: int | None = None,
    seed: int | None = None,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> KwicResult:
    """Concordance lines for a query: an iterator of :class:`KwicLine` with ``total``/``docs``.

    ``width`` None: the default of the unit (``settings.KWIC_WIDTH``: 40 chars, 8 words).
    """
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    if unit not in ("chars", "words"):
        raise QueryError(f"unit must be chars or words, not {unit!r}", param="unit")
    if clip not in (None, "sentence", "quote"):
        raise QueryError(f"clip must be sentence, quote or None, not {clip!r}", param="clip")
    if width is None:
        width = KWIC_WIDTH[unit]
    if width < 0:
        raise QueryError("width must not be negative", param="width")
    if offset < 0:
        raise QueryError("offset must not be negative", param="offset")
    if limit is not None and limit < 0:
        raise QueryError("limit must not be negative", param="limit")
    if sample is not None and sample < 0:
        raise QueryError("sample must not be negative", param="sample")
    keys = _parse_sort(sort)
    cix = open_index(index)
    opts = _Options(width, unit, clip)

    def counter() -> tuple[int, int]:
        return count(pq, cix, filters)

    result: KwicResult
    need_sents = clip == "sentence"
    # Every hit of a sharded index (no limit, or sorted, or sampled): the shards make their
    # lines in parallel (processes when the machine has the cores, or Dask tasks with
    # $CORPUS_SCHEDULER; see corpus.index.shards.stream_shards), merged here by document id,
    # the order a single index gives. A first page stays one walk that stops after its lines.
    fan_out = (limit is None or bool(keys) or sample is not None) and _fans_out(cix)

    def shard_docs(pairs: bool) -> Iterator[tuple[str, list[Any]]]:
        from corpus.index.shards import stream_shards

        task = partial(
            _shard_lines,
            (pq.text, pq.case_sensitive, pq.regex, pq.inflect),
            filters,
            opts,
            keys if pairs else None,
            need_sents,
        )
        return heapq.merge(*stream_shards(task, cix), key=itemgetter(0))  # type: ignore[arg-type]

    def fanned_stream() -> Iterator[KwicLine]:
        n_hits = n_docs = 0
        for _, lines in shard_docs(False):
            n_docs += 1
            for line in lines:
                n_hits += 1
                if n_hits > offset:
                    yield line
        result._set_totals(n_hits, n_docs)

    def stream() -> Iterator[KwicLine]:
        n_hits = n_docs = 0
        skipped = emitted = 0
        complete = True
        with cix.searcher() as s:
            for d, doc_hits_ in _doc_stream(pq, s, filters, need_sents=clip == "sentence"):
                n_docs += 1
                for line in _lines_of_doc(d, doc_hits_, opts):
                    n_hits += 1
                    if skipped < offset:
                        skipped += 1
                        continue
                    if limit is not None and emitted >= limit:
                        complete = False
                        break
                    emitted += 1
                    yield line
                if not complete:
                    break
        if complete:
            result._set_totals(n_hits, n_docs)

    def collected() -> Iterator[KwicLine]:
        rng = random.Random(seed)
        items: list[tuple[int, tuple[Any, ...], KwicLine]] = []  # (serial, keys, line)
        n_hits = n_docs = 0

        def keyed() -> Iterator[list[tuple[tuple[Any, ...], KwicLine]]]:
            if fan_out:
                for _, pairs in shard_docs(True):
                    yield pairs
                return
            with cix.searcher() as s:
                for d, doc_hits_ in _doc_stream(pq, s, filters, need_sents=need_sents):
                    yield [
                        (_key_values(line, d.text, keys) if keys else (), line)
                        for line in _lines_of_doc(d, doc_hits_, opts)
                    ]

        for pairs in keyed():
            n_docs += 1
            for kv, line in pairs:
                if sample is None or len(items) < sample:
                    items.append((n_hits, kv, line))
                else:  # reservoir sampling: every hit equally likely
                    j = rng.randrange(n_hits + 1)
                    if j < sample:
                        items[j] = (n_hits, kv, line)
                n_hits += 1
        result._set_totals(n_hits, n_docs)
        if sample is not None:
            items.sort(key=lambda it: it[0])  # back to corpus order
        lines = (
            _sort_items([(kv, line) for _, kv, line in items], keys)
            if keys
            else [line for _, _, line in items]
        )
        end = None if limit is None else offset + limit
        yield from lines[offset:end]

    whole = bool(keys) or sample is not None
    result = KwicResult(collected() if whole else fanned_stream() if fan_out else stream(), counter)
    return result


def _fans_out(cix: CorpusIndex) -> bool:
    if getattr(cix, "parts", None) is None:
        return False  # a single index: corpus.index.shards is not even imported
    from corpus.index.shards import fans_out

    return fans_out(cix)


def _shard_lines(
    query: tuple[str, bool, bool, bool],
    filters: Filters,
    opts: _Options,
    keys: list[tuple[str, bool]] | None,
    need_sents: bool,
    shard: Any,
) -> Iterator[tuple[str, list[Any]]]:
    """One shard's part of :func:`kwic`: per matching document (in id order), its id and its
    lines, or (sort key values, line) pairs when ``keys`` is not None (the keys read the
    text, which stays in the shard's process)."""
    text, case_sensitive, regex, inflect = query
    pq = parse_query(text, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    with open_index(shard).searcher() as s:
        for d, doc_hits_ in _doc_stream(pq, s, filters, need_sents=need_sents):
            lines = list(_lines_of_doc(d, doc_hits_, opts))
            if keys is not None:
                yield d.info.doc, [
                    (_key_values(line, d.text, keys) if keys else (), line) for line in lines
                ]
            else:
                yield d.info.doc, lines


# --- grouping --------------------------------------------------------------------------------


def group_key(line: KwicLine, by: str) -> str:
    if by == "speaker":
        return line.quote.speaker_label if line.quote is not None else NARRATION
    if by == "doc":
        return line.doc
    if by == "month":
        return line.date[:7] if re.match(r"^\d{4}-\d{2}", line.date) else "(no date)"
    if by == "year":
        return line.date[:4] if re.match(r"^\d{4}", line.date) else "(no date)"
    if by == "form":
        return line.keyword.casefold()
    raise QueryError(f"unknown group {by!r}; use one of: " + ", ".join(GROUP_KEYS))


def group(lines: Iterable[KwicLine], by: str = "speaker", *, index: IndexArg = None) -> list[Group]:
    """Counts of lines (and distinct documents) per speaker, doc, month, year or keyword form.

    Sorted by count, largest first, then by key. Speakers are corpus-level speakers shown by
    their display name (:mod:`corpus.speaker_list`); give the ``index`` the lines come from so a
    surname-only speaker joins its full name, as the index knows it.
    """
    if by not in GROUP_KEYS:
        raise QueryError(f"unknown group {by!r}; use one of: " + ", ".join(GROUP_KEYS))
    if by == "speaker":
        from corpus.speaker_list import speaker_groups

        return speaker_groups(lines, index)
    counts: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for line in lines:
        k = group_key(line, by)
        counts[k] = counts.get(k, 0) + 1
        docs.setdefault(k, set()).add(line.doc)
    if by in ("month", "year"):
        order = sorted(counts, key=lambda k: (k.startswith("("), k))
    else:
        order = sorted(counts, key=lambda k: (-counts[k], k))
    return [Group(k, counts[k], len(docs[k])) for k in order]
