"""Explain: a parsed query as text, and with an index the terms each pattern reaches.

``corpus search --explain`` shows how a query was read (``(text:oil AND text:opec)``,
``text:say+inflections{said|say|says}``) so a user sees why it finds what it finds. At most 30
expanded terms are listed per pattern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus.index.store import open_index
from corpus.query.parse import ParsedQuery, parse_query

if TYPE_CHECKING:
    import os

    from corpus.index import CorpusIndex

    IndexArg = str | os.PathLike[str] | CorpusIndex | None


def explain_query(q: Any, reader: Any | None) -> str:
    """One Whoosh query as text; with a reader, the terms each pattern reaches."""
    from whoosh import query as wq

    from corpus.query.terms import Inflected, TermRegex

    if isinstance(q, wq.Phrase):
        slop = f"~{q.slop}" if q.slop > 1 else ""
        return f'{q.fieldname}:"{" ".join(q.words)}"{slop}'
    if isinstance(q, wq.Sequence | wq.Ordered):
        op = "BEFORE" if getattr(q, "ordered", True) else "NEAR"
        slop = getattr(q, "slop", 1)
        inner = f" {op}/{slop} ".join(explain_query(s, reader) for s in q.subqueries)
        return f"({inner})"
    if isinstance(q, Inflected | TermRegex | wq.Wildcard | wq.Prefix | wq.FuzzyTerm):
        base = str(q)
        if reader is not None:
            forms = [
                b if isinstance(b, str) else b.decode("utf-8") for b in list(q._btexts(reader))[:30]
            ]
            base += "{" + "|".join(forms) + "}"
        return base
    if isinstance(q, wq.Not):
        return f"NOT {explain_query(q.query, reader)}"
    if isinstance(q, wq.AndNot):
        return f"({explain_query(q.a, reader)} ANDNOT {explain_query(q.b, reader)})"
    if isinstance(q, wq.And | wq.Or | wq.DisjunctionMax):
        joint = " AND " if isinstance(q, wq.And) else " OR "
        return "(" + joint.join(explain_query(s, reader) for s in q.subqueries) + ")"
    return str(q)


def explain(
    query: str | ParsedQuery,
    index: IndexArg = None,
    *,
    expand: bool = False,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> str:
    """The parsed query as text; with ``expand`` and an index, the terms each pattern reaches."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    if expand and index is not None:
        cix = open_index(index)
        with cix.searcher() as s:
            text = explain_query(pq.query, s.reader())
    else:
        text = explain_query(pq.query, None)
    flags = [
        name
        for name, on in (
            ("case-sensitive", pq.case_sensitive),
            ("inflect", pq.inflect),
            ("regex", pq.regex),
        )
        if on
    ]
    return text + (f"  [{', '.join(flags)}]" if flags else "")
