"""Hit extraction: the character spans a query matches in each document, with their quotation.

Whoosh matchers give the spans of each leaf of the query (:mod:`corpus.query.parse`) with
character offsets into the stored text; matchers are advanced together over ascending document
numbers, so a document's spans come in one pass. Each span's innermost quotation is found by
one binary search in the document's quotation map (:mod:`corpus.index.records`), and the
hit-level filters keep or drop it by that quotation. A wildcard, regex or fuzzy leaf may expand
to at most :data:`MAX_EXPANSION` terms.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from corpus.errors import QueryError
from corpus.index.records import EMPTY_QUOTES, DocInfo, Quote, QuoteData, quote_index, read_info
from corpus.index.store import CorpusIndex, open_index
from corpus.query.explain import explain_query
from corpus.query.filters import (
    NO_FILTERS,
    Filters,
    filter_query,
    quote_predicate,
    quote_verdicts,
)
from corpus.query.parse import ParsedQuery, parse_query

if TYPE_CHECKING:
    import os

    from whoosh.searching import Searcher

    IndexArg = str | os.PathLike[str] | CorpusIndex | None

MAX_EXPANSION = 5000  # terms a wildcard, regex or fuzzy term may expand to in hit extraction


class Hit(NamedTuple):
    """One keyword hit: ``text[start:end]`` of document ``doc``, and its quotation (or None).

    A named tuple: one is made per hit, and a frozen dataclass costs several times more to make.
    """

    doc: str
    start: int
    end: int
    quote: Quote | None


class _LeafMatchers:
    """Span sources for the leaves of a query, advanced together over ascending docnums."""

    def __init__(self, pq: ParsedQuery, searcher: Searcher) -> None:
        from whoosh import query as wq

        reader = searcher.reader()
        ctx = searcher.boolean_context()
        self.sources: list[tuple[Any, Callable[[str], bool] | None]] = []
        for leaf in pq.leaves:
            q = leaf.query
            if isinstance(q, wq.MultiTerm):
                texts = []
                for btext in q._btexts(reader):
                    texts.append(btext if isinstance(btext, str) else btext.decode("utf-8"))
                    if len(texts) > MAX_EXPANSION:
                        raise QueryError(
                            f"{explain_query(q, None)} matches more than {MAX_EXPANSION} "
                            "different words; make it more specific"
                        )
                for word in texts:
                    m = wq.Term(q.field(), word).matcher(searcher, ctx)
                    if m.is_active():
                        self.sources.append((m, leaf.check))
            else:
                m = q.matcher(searcher, ctx)
                if m.is_active():
                    self.sources.append((m, leaf.check))
        # a heap of (current docnum, serial) for the matchers still active
        self.heap = [(m.id(), i) for i, (m, _) in enumerate(self.sources)]
        heapq.heapify(self.heap)
        # one plain term: its spans come sorted and distinct, and the heap can be bypassed
        self.single = self.sources[0] if len(self.sources) == 1 else None
        self.sorted = self.single is not None and type(self.single[0].term()) is tuple

    def docnums(self) -> Iterator[int]:
        """The documents any leaf matches, ascending (call :meth:`spans` on each in turn)."""
        heap = self.heap
        while heap:
            yield heap[0][0]

    def spans(self, docnum: int, text: str | None) -> list[tuple[int, int]]:
        if self.single is not None:
            return self._single_spans(docnum, text)
        return self._merged_spans(docnum, text)

    def _single_spans(self, docnum: int, text: str | None) -> list[tuple[int, int]]:
        m, check = self.single  # type: ignore[misc]
        heap = self.heap
        if not heap:
            return []
        if heap[0][0] < docnum:
            m.skip_to(docnum)
            if not m.is_active():
                heap.clear()
                return []
            heap[0] = (m.id(), 0)
        if heap[0][0] != docnum:
            return []
        if check is None:
            found = [(sp.startchar, sp.endchar) for sp in m.spans()]
        else:
            found = []
            for sp in m.spans():
                a, b = sp.startchar, sp.endchar
                if text is not None and check(text[a:b]):
                    found.append((a, b))
        m.next()
        if m.is_active():
            heap[0] = (m.id(), 0)
        else:
            heap.clear()
        if len(found) > 1 and not self.sorted:
            found = sorted(set(found))
        return found

    def _merged_spans(self, docnum: int, text: str | None) -> list[tuple[int, int]]:
        heap = self.heap
        found: list[tuple[int, int]] = []
        while heap and heap[0][0] <= docnum:
            cur, i = heap[0]
            m, check = self.sources[i]
            if cur < docnum:
                m.skip_to(docnum)
                if not m.is_active():
                    heapq.heappop(heap)
                    continue
                heapq.heapreplace(heap, (m.id(), i))
                continue
            for sp in m.spans():
                a, b = sp.startchar, sp.endchar
                if check is None or (text is not None and check(text[a:b])):
                    found.append((a, b))
            m.next()
            if m.is_active():
                heapq.heapreplace(heap, (m.id(), i))
            else:
                heapq.heappop(heap)
        if len(found) > 1:
            found = sorted(set(found))
        return found


class DocHits:
    """The hits of one document (in text order), with what was loaded to find them.

    ``info`` is None when it was not read (``need_info=False``): the hits' ``doc`` is then ""
    and their ``quote`` None. ``quotes`` (every quotation row typed) is decoded on first use:
    the hit loop itself builds a :class:`Quote` only for the rows a hit falls in.
    """

    __slots__ = ("_quotes", "docnum", "hits", "info", "text")

    def __init__(
        self,
        docnum: int,
        hits: list[Hit],
        info: DocInfo | None,
        quotes: QuoteData | None,
        text: str | None,
    ) -> None:
        self.docnum = docnum
        self.hits = hits
        self.info = info
        self._quotes = quotes
        self.text = text

    @property
    def quotes(self) -> QuoteData:
        if self._quotes is None:
            self._quotes = self.info.quote_data() if self.info is not None else EMPTY_QUOTES
        return self._quotes

    @property
    def doc_id(self) -> str:
        return self.info.doc if self.info is not None else ""

    def spans(self) -> list[tuple[int, int]]:
        """The (start, end) of each hit."""
        return [(h.start, h.end) for h in self.hits]


def _raw_quote_index(starts: Any, segq: Any, rows: Any, start: int, end: int) -> int:
    """:func:`~corpus.index.records.quote_index` on the stored (untyped) rows: a row's end is
    its field 1 and its parent field 8, as in :class:`Quote`."""
    i = bisect_right(starts, start) - 1
    if i < 0:
        return -1
    qi = segq[i]
    while qi >= 0 and rows[qi][1] < end:
        qi = rows[qi][8]
    return qi


class Columns:
    """Column readers of one searcher, opened on first use (each open reads an offset table).

    Open what a pass needs before reading documents: a concurrent writer's merge can delete
    the segment files this searcher reads; files already open stay readable (POSIX).
    """

    def __init__(self, searcher: Searcher) -> None:
        self._reader = searcher.reader()
        self._open: dict[str, Any] = {}

    def _get(self, name: str) -> Any:
        cr = self._open.get(name)
        if cr is None:
            cr = self._open[name] = self._reader.column_reader(name)
        return cr

    @property
    def body(self) -> Any:
        return self._get("body")

    @property
    def info(self) -> Any:
        return self._get("info")

    @property
    def sents(self) -> Any:
        return self._get("sents")

    def text(self, docnum: int) -> str:
        return self._get("body")[docnum].decode("utf-8")

    def doc_ids(self, docnum: int) -> str:
        """The document id of ``docnum`` (the ``doc`` column)."""
        value = self._get("doc")[docnum]
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def doc_hits(
    pq: ParsedQuery,
    searcher: Searcher,
    filters: Filters = NO_FILTERS,
    *,
    need_text: bool = False,
    need_info: bool = True,
    docnums: Iterable[int] | None = None,
    columns: Columns | None = None,
) -> Iterator[DocHits]:
    """Per matching document (in document-id order): its hit spans, after the hit-level filters.

    Reads only what is needed: the text for case-sensitive checks (or ``need_text``), the
    info column (id, title, date, quotations) unless ``need_info`` is False and no hit-level
    filter needs the quotations.

    Document-id order is the canonical order, the same for one index and for shards: Whoosh's
    order when the index records that its document numbers follow the ids (a build, see
    :func:`corpus.index.writer._id_order`; an index written before this was recorded is read
    in Whoosh's order), else the documents of each part are sorted, and the parts of a sharded
    index (:mod:`corpus.index.shards`) merged. ``docnum`` is the number in ``searcher``.
    """
    parts = getattr(searcher, "_corpus_parts", None)
    if parts is not None and (len(parts) > 1 or parts[0][2] is False):
        return _canonical(pq, searcher, parts, filters, need_text, need_info, docnums)
    return _doc_hits(pq, searcher, filters, need_text, need_info, docnums, columns)


def _doc_id_key(dh: DocHits) -> str:
    return dh.info.doc if dh.info is not None else ""


def _canonical(
    pq: ParsedQuery,
    searcher: Searcher,
    parts: list[tuple[int, int, bool | None]],
    filters: Filters,
    need_text: bool,
    need_info: bool,
    docnums: Iterable[int] | None,
) -> Iterator[DocHits]:
    """:func:`doc_hits` over parts (shards, or one index whose numbers do not follow the ids),
    each read alone with its own matchers, merged by document id."""
    from whoosh.searching import Searcher

    reader = searcher.reader()
    readers = reader.readers if len(parts) > 1 else [reader]
    wanted = None if docnums is None else sorted(docnums)
    streams: list[Iterator[DocHits]] = []
    for (offset, n, ordered), sub in zip(parts, readers, strict=True):
        local = None
        if wanted is not None:
            local = [d - offset for d in wanted if offset <= d < offset + n]
            if not local:
                continue
        part = searcher if len(parts) == 1 else Searcher(sub, closereader=False)
        # the id is the merge key: the info column is read even when the caller needs no more
        stream = _shifted(_doc_hits(pq, part, filters, need_text, True, local, None), offset)
        if ordered is False:
            stream = iter(sorted(stream, key=_doc_id_key))
        streams.append(stream)
    if len(streams) == 1:
        return streams[0]
    return heapq.merge(*streams, key=_doc_id_key)


def _shifted(stream: Iterator[DocHits], offset: int) -> Iterator[DocHits]:
    for dh in stream:
        dh.docnum += offset
        yield dh


def _doc_hits(
    pq: ParsedQuery,
    searcher: Searcher,
    filters: Filters,
    need_text: bool,
    need_info: bool,
    docnums: Iterable[int] | None,
    columns: Columns | None,
) -> Iterator[DocHits]:
    if not pq.leaves:
        raise QueryError(
            f"{pq.text!r} has no words to find in the text (fields such as speaker: only "
            "select documents); add words, and restrict hits with the filters (speaker, in_)"
        )
    fq = filter_query(filters, searcher)
    pred = quote_predicate(filters, searcher)
    need_text = need_text or pq.case_sensitive
    need_info = need_info or pred is not None
    cols = columns or Columns(searcher)
    # columns are opened before the first document is read (see Columns)
    body = cols.body if need_text else None
    infos = cols.info if need_info else None
    leaves = _LeafMatchers(pq, searcher)
    if docnums is None and fq is None and len(pq.leaves) == 1 and pq.leaves[0].query is pq.query:
        docnums = leaves.docnums()  # the query is its one leaf: no second walk of its postings
    elif docnums is None:
        from whoosh import query as wq

        top = pq.query if fq is None else wq.And([pq.query, fq])
        matcher = top.matcher(searcher, searcher.boolean_context())
        docnums = matcher.all_ids() if matcher.is_active() else ()
    for docnum in docnums:
        text = body[docnum].decode("utf-8") if body is not None else None
        spans = leaves.spans(docnum, text)
        if not spans:
            continue
        info = read_info(infos[docnum]) if infos is not None else None
        if info is None:
            yield DocHits(docnum, [Hit("", a, b, None) for a, b in spans], None, EMPTY_QUOTES, text)
            continue
        doc_id = info.doc
        stored = info.quotes
        if not stored:
            if pred is not None and not pred(None):
                continue
            found = [Hit(doc_id, a, b, None) for a, b in spans]
            yield DocHits(docnum, found, info, EMPTY_QUOTES, text)
            continue
        if pred is not None:
            qd = info.quote_data()
            rows = qd.rows
            keeps = quote_verdicts(pred, rows)
            found = []
            for a, b in spans:
                qi = quote_index(qd, a, b)
                if keeps(qi):
                    found.append(Hit(doc_id, a, b, rows[qi] if qi >= 0 else None))
            if found:
                yield DocHits(docnum, found, info, qd, text)
            continue
        # no hit-level filter: a Quote is built only for the rows hits fall in, once each
        raw_rows, starts, segq = stored
        made: dict[int, Quote] = {}
        found = []
        for a, b in spans:
            qi = _raw_quote_index(starts, segq, raw_rows, a, b)
            if qi < 0:
                found.append(Hit(doc_id, a, b, None))
                continue
            q = made.get(qi)
            if q is None:
                q = made[qi] = Quote._make(raw_rows[qi])
            found.append(Hit(doc_id, a, b, q))
        yield DocHits(docnum, found, info, None, text)


def hits(
    query: str | ParsedQuery,
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> Iterator[Hit]:
    """Every keyword hit as (doc, start, end) in the stored text, with its quotation."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    cix = open_index(index)
    with cix.searcher() as searcher:
        for dh in doc_hits(pq, searcher, filters):
            yield from dh.hits


def count(
    query: str | ParsedQuery,
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> tuple[int, int]:
    """(hits, documents) for a query and filters, without building any line."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    cix = open_index(index)
    parts = getattr(cix, "parts", None)
    if parts is not None and len(parts) > 1 and _fans_out(cix):
        from functools import partial

        from corpus.index.shards import map_shards

        # the shards count in parallel (with the cores for it, or a Dask scheduler: see
        # corpus.index.shards.fans_out); the query travels as text (its parsed form holds
        # closures) and is parsed again by each worker
        counts = map_shards(
            partial(_count_shard, pq.text, filters, pq.case_sensitive, pq.regex, pq.inflect),
            cix,  # type: ignore[arg-type]
        )
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
    n_hits = n_docs = 0
    with cix.searcher() as searcher:
        counted = _term_count(pq, searcher, filters)
        if counted is not None:
            return counted
        for dh in doc_hits(pq, searcher, filters, need_info=False):
            n_hits += len(dh.hits)
            n_docs += 1
    return n_hits, n_docs


def _fans_out(cix: CorpusIndex) -> bool:
    from corpus.index.shards import fans_out

    return fans_out(cix)


def _term_count(pq: ParsedQuery, searcher: Searcher, filters: Filters) -> tuple[int, int] | None:
    """(hits, documents) of a one-word query without filters or case check, from the postings'
    term frequencies: a document's hits of one plain word are its occurrences, so nothing is
    decoded per hit (the exact totals of a first page then cost a walk of the posting list,
    not of every hit's character offsets). None for any other query."""
    from whoosh import query as wq

    if filters != NO_FILTERS or pq.case_sensitive or len(pq.leaves) != 1:
        return None
    leaf = pq.leaves[0]
    if leaf.check is not None or leaf.query is not pq.query or type(pq.query) is not wq.Term:
        return None
    m = pq.query.matcher(searcher, searcher.boolean_context())
    n_hits = n_docs = 0
    while m.is_active():  # deleted documents are skipped by the matcher
        n_hits += int(m.weight())
        n_docs += 1
        m.next()
    return n_hits, n_docs


def _count_shard(
    text: str, filters: Filters, case_sensitive: bool, regex: bool, inflect: bool, shard: Any
) -> tuple[int, int]:
    """(hits, documents) of one shard: a task of :func:`count` on a sharded index."""
    return count(
        text, shard, filters, case_sensitive=case_sensitive, regex=regex, inflect=inflect
    )
