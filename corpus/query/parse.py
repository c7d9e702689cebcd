"""Parsing a query: Whoosh's syntax plus our extensions, checked, into a :class:`ParsedQuery`.

Query syntax is Whoosh's (``putin``, ``"security guarantees"``, ``secur*``, ``putn~``,
``a AND (b OR c) NOT d``, ``title:kremlin``, ``speaker:putin``, ``date:[2022-01 TO 2022-03]``),
plus ``"security guarantees"~3`` (the words in this order, each within 3 positions of the
previous), ``NEAR/n``, ``BEFORE/n`` and ``/regex/`` (:mod:`corpus.query.plugins`); ``regex=True``
reads the whole query as one regular expression. Malformed input raises
:class:`~corpus.errors.QueryError` (:mod:`corpus.query.syntax`) instead of being repaired.

The *leaves* of a parsed query are the parts that yield hits in the text (terms, phrases,
patterns, NEAR groups; not field restrictions, not negations): hit extraction walks them.
With ``case_sensitive`` each leaf gets a check of the hit's text, since index terms are
lowercase. With ``inflect`` each word of the text becomes an
:class:`~corpus.query.terms.Inflected` query.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from corpus.errors import QueryError
from corpus.index.terms import TOKEN_RE as WORD_RE
from corpus.query.syntax import check_syntax

if TYPE_CHECKING:
    import os

    from corpus.index import CorpusIndex

    IndexArg = str | os.PathLike[str] | CorpusIndex | None

TEXT_FIELD = "text"


def _parser(case_sensitive: bool) -> Any:
    from corpus.query.plugins import make_parser

    return make_parser(TEXT_FIELD, _schema(), case_sensitive)


@lru_cache(maxsize=1)
def _schema() -> Any:
    from corpus.index import make_schema

    return make_schema()


@dataclass(frozen=True)
class Leaf:
    """A part of the query that yields hits in the text, with its case check (or None)."""

    query: Any
    check: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: the Whoosh query, its text leaves, and the options it was parsed with."""

    text: str
    query: Any
    leaves: tuple[Leaf, ...]
    case_sensitive: bool = False
    inflect: bool = False
    regex: bool = False
    notes: tuple[str, ...] = field(default=())

    def explain(self, index: IndexArg = None, *, expand: bool = False) -> str:
        from corpus.query.explain import explain

        return explain(self, index, expand=expand)


def _case_shape(surface: str) -> Callable[[str], bool]:
    if surface.isupper() and len(surface) > 1:
        return lambda s: s.isupper()
    if surface[:1].isupper():
        return lambda s: s[:1].isupper()
    if surface.islower():
        return lambda s: s.islower()
    return lambda s: True


def _surface(qtext: str, q: Any) -> str | None:
    start = getattr(q, "startchar", None)
    end = getattr(q, "endchar", None)
    if start is None or end is None:
        return None
    return qtext[start:end]


def _leaf_check(qtext: str, q: Any) -> Callable[[str], bool] | None:
    """A case-sensitive check of a hit's text for one leaf of the query."""
    from whoosh import query as wq

    from corpus.query.terms import Inflected, TermRegex

    if isinstance(q, TermRegex):
        pattern = re.compile(q.text)
        return lambda s: pattern.fullmatch(s) is not None
    if isinstance(q, wq.Phrase):
        words = []
        for a, b in q.char_ranges or ():
            if a is None:
                return None
            words.extend(WORD_RE.findall(qtext[a:b]))
        if not words:
            return None
        return lambda s: WORD_RE.findall(s) == words
    if isinstance(q, wq.Sequence | wq.Ordered):
        subs = [_surface(qtext, s) for s in q.subqueries]
        words = [w for s in subs if s for w in WORD_RE.findall(s)]
        pats = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words if "*" not in w]
        return lambda s: all(p.search(s) for p in pats)
    if isinstance(q, wq.Wildcard | wq.Prefix):
        # the parser's offsets for patterns are unreliable: find the pattern as typed
        needle = q.text + ("*" if isinstance(q, wq.Prefix) else "")
        at = qtext.lower().find(needle)
        if at < 0:
            return None
        typed = qtext[at : at + len(needle)]
        return lambda s: fnmatch.fnmatchcase(s, typed)
    surface = _surface(qtext, q)
    if not surface:
        return None
    surface = surface.split(":", 1)[-1] if ":" in surface else surface
    surface = re.sub(r"[~^][0-9./]*$", "", surface)
    if isinstance(q, wq.FuzzyTerm | Inflected):
        return _case_shape(surface)
    if isinstance(q, wq.Term):
        return lambda s: s == surface
    return None


def _collect_leaves(qtext: str, q: Any, case_sensitive: bool, out: list[Leaf]) -> None:
    from whoosh import query as wq

    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect_leaves(qtext, q.a, case_sensitive, out)
        return
    if isinstance(q, wq.Sequence | wq.Ordered | wq.Phrase):
        if _fields_of(q) == {TEXT_FIELD}:
            out.append(Leaf(q, _leaf_check(qtext, q) if case_sensitive else None))
        return
    if isinstance(q, wq.Term | wq.MultiTerm):
        if q.field() == TEXT_FIELD:
            out.append(Leaf(q, _leaf_check(qtext, q) if case_sensitive else None))
        return
    if isinstance(q, wq.Every):
        return
    for child in q.children():
        _collect_leaves(qtext, child, case_sensitive, out)


def _fields_of(q: Any) -> set[str]:
    names: set[str] = set()
    if q.is_leaf():
        f = q.field()
        if f:
            names.add(f)
        return names
    if hasattr(q, "fieldname"):
        names.add(q.fieldname)
        return names
    for child in q.children():
        names |= _fields_of(child)
    return names


def _find_errors(q: Any) -> None:
    from whoosh.query import qcore

    error_type = getattr(qcore, "ErrorQuery", None)
    if error_type is not None and isinstance(q, error_type):
        raise QueryError(f"cannot parse query: {getattr(q, 'message', q)}")
    if not q.is_leaf():
        for child in q.children():
            _find_errors(child)


def _inflect_tree(q: Any) -> Any:
    """Replace each word of the text field by all its inflected forms."""
    from whoosh import query as wq

    from corpus.query.terms import Inflected

    if type(q) is wq.Term and q.fieldname == TEXT_FIELD:
        new = Inflected(q.fieldname, q.text, boost=q.boost)
        new.startchar, new.endchar = getattr(q, "startchar", None), getattr(q, "endchar", None)
        return new
    if isinstance(q, wq.Phrase) and q.fieldname == TEXT_FIELD:
        subs = []
        for i, word in enumerate(q.words):
            sub = Inflected(q.fieldname, word)
            if q.char_ranges and i < len(q.char_ranges):
                sub.startchar, sub.endchar = q.char_ranges[i]
            subs.append(sub)
        return wq.Sequence(subs, slop=q.slop, ordered=True, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_inflect_tree)


def parse_query(
    text: str | ParsedQuery,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> ParsedQuery:
    """Parse a query string (Whoosh syntax plus NEAR/N, BEFORE/N and /regex/); QueryError if bad."""
    if isinstance(text, ParsedQuery):
        return text
    from whoosh import query as wq

    if regex:
        stripped = text.strip()
        if not stripped:
            raise QueryError("empty regular expression")
        if not (stripped.startswith("/") and stripped.endswith("/") and len(stripped) > 2):
            stripped = "/" + stripped.replace("/", "\\/") + "/"
        text = stripped
    check_syntax(text)
    try:
        q = _parser(case_sensitive).parse(text)
    except QueryError:
        raise
    except Exception as exc:  # whoosh raises plain exceptions on odd input
        raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
    _find_errors(q)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QueryError(f"the query {text!r} has no words to search for")
    if inflect:
        q = _inflect_tree(q)
    leaves: list[Leaf] = []
    _collect_leaves(text, q, case_sensitive, leaves)
    return ParsedQuery(text, q, tuple(leaves), case_sensitive, inflect, regex)
