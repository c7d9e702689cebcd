"""Ranking: documents ordered by BM25F, each with its number of hits and a highlighted snippet.

Whoosh ranks the documents the query and document-level filters select; when hit-level filters
(speaker, in, direct, cue) or a case-sensitive query apply, a document stays only if at least one
of its hits passes, so the total counts those documents exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.errors import QueryError
from corpus.index.records import read_info
from corpus.index.store import CorpusIndex, open_index
from corpus.query.explain import explain
from corpus.query.filters import NO_FILTERS, Filters, filter_query
from corpus.query.hits import Columns, doc_hits
from corpus.query.parse import ParsedQuery, parse_query
from corpus.settings import SEARCH_LIMIT

if TYPE_CHECKING:
    import os

    IndexArg = str | os.PathLike[str] | CorpusIndex | None


@dataclass(frozen=True)
class DocHit:
    """A ranked document with a highlighted snippet: (text, is_match) fragments."""

    doc: str
    title: str
    date: str
    score: float
    hits: int
    snippet: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class SearchResult:
    total: int
    docs: tuple[DocHit, ...]
    offset: int
    limit: int | None
    query: str  # the parsed query, as explain() shows it


def snippet(
    text: str, spans: Sequence[tuple[int, int]], *, width: int = 60, fragments: int = 3
) -> tuple[tuple[str, bool], ...]:
    """Highlighted fragments around the first hits: (text, is_match) pieces, " … " between.

    Each fragment shows ``width`` characters either side of its hits. Fragments whose contexts
    overlap or touch are one fragment, and overlapping hits one highlighted stretch, so no
    character of the text is shown twice; at most ``fragments`` fragments are made.
    """
    n = len(text)
    if not spans:
        head = text[: width * 2]
        return ((head + ("…" if n > len(head) else ""), False),)
    stretches: list[list[int]] = []  # overlapping hits joined: [start, end]
    for a, b in sorted(spans):
        if stretches and a < stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], b)
        else:
            stretches.append([a, b])
    windows: list[tuple[int, int, list[list[int]]]] = []  # (lo, hi, stretches)
    for a, b in stretches:
        lo, hi = max(0, a - width), min(n, b + width)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi, [*windows[-1][2], [a, b]])
        elif len(windows) < fragments:
            windows.append((lo, hi, [[a, b]]))
        else:
            break
    out: list[tuple[str, bool]] = []
    for lo, hi, hits in windows:
        if out:
            out.append((" … ", False))
        elif lo > 0:
            out.append(("…", False))
        pos = lo
        for a, b in hits:
            if a > pos:
                out.append((text[pos:a], False))
            out.append((text[a:b], True))
            pos = b
        if hi > pos:
            out.append((text[pos:hi], False))
    if windows[-1][1] < n:
        out.append(("…", False))
    return tuple(out)


def search(
    query: str | ParsedQuery,
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    limit: int | None = SEARCH_LIMIT,
    offset: int = 0,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
    snippet_width: int = 60,
) -> SearchResult:
    """Documents ranked by BM25F, with the number of hits and a highlighted snippet each.

    ``limit``: documents to return (default ``settings.SEARCH_LIMIT``; None: all).
    """
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    if offset < 0:
        raise QueryError("offset must not be negative", param="offset")
    if limit is not None and limit < 0:
        raise QueryError("limit must not be negative", param="limit")
    cix = open_index(index)
    per_hit = filters.on_hits or pq.case_sensitive
    with cix.searcher() as searcher:
        fq = filter_query(filters, searcher)
        cols = Columns(searcher)
        want = None if (per_hit or limit is None) else offset + limit
        parts = getattr(searcher, "_corpus_parts", None)
        # Whoosh breaks ties of score by document number: the id order when the numbers
        # follow the ids; otherwise (shards, an updated index) every document is ranked and
        # ties go by id, so that a page is the same slice as on one freshly built index
        canonical = parts is not None and (len(parts) > 1 or parts[0][2] is False)
        results = searcher.search(pq.query, filter=fq, limit=None if canonical else want)
        ranked = [(r.docnum, r.score) for r in results]
        if canonical:
            ids = cols.doc_ids
            ranked.sort(key=lambda ds: (-ds[1], ids(ds[0])))
        if per_hit:
            # keep the documents with at least one hit that passes the hit-level filters
            order = sorted(ranked)
            spans_by_doc = {
                dh.docnum: dh
                for dh in doc_hits(
                    pq, searcher, filters, docnums=[d for d, _ in order], columns=cols
                )
            }
            ranked = [(d, s) for d, s in ranked if d in spans_by_doc]
            total = len(ranked)
        else:
            spans_by_doc = {}
            total = len(results)
        page = ranked[offset : None if limit is None else offset + limit]
        if not per_hit and pq.leaves and page:
            for dh in doc_hits(
                pq, searcher, filters, docnums=sorted(d for d, _ in page), columns=cols
            ):
                spans_by_doc[dh.docnum] = dh
        docs = []
        for docnum, score in page:
            info = read_info(cols.info[docnum])
            assert info is not None
            text = cols.text(docnum)
            dh = spans_by_doc.get(docnum)
            spans = dh.spans() if dh is not None else []
            docs.append(
                DocHit(
                    info.doc,
                    info.title,
                    info.date,
                    round(float(score), 4),
                    len(spans),
                    snippet(text, spans, width=snippet_width),
                )
            )
    return SearchResult(total, tuple(docs), offset, limit, explain(pq))
