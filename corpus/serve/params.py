"""Query-string parameters -> library arguments, declared once as data.

Parameter names are the long option names of the matching ``corpus`` command (``speaker``,
``in``, ``direct=1``, ``date-from``, ``group-by``, ``min-freq`` ...); ``q`` is the QUERY
argument. Each :class:`Param` says which library argument it fills (``filters.X`` is a field
of :class:`corpus.query.Filters`), how its text is read and checked, and the server's cap.
When the library's signatures move, this table (and ``library.py``) is what changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corpus.errors import QueryError
from corpus.serve import library as lib

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Caps where a response is not streamed (the streamed formats list every hit).
MAX_PAGE = 1000  # KWIC lines, groups, documents, statistics rows in one JSON answer or page
MAX_WIDTH = 500  # context characters (or words) on each side
MAX_SAMPLE = 100_000
MAX_EXPORT_DOCS = 1000  # documents in a teiCorpus (built in memory by the library)
PAGE_SIZE = lib.TABLE_LIMIT  # default KWIC lines per page, as many as the CLI's table


@dataclass(frozen=True)
class Param:
    """One query-string parameter and the library argument it fills."""

    name: str
    target: str  # library keyword argument, or "filters.<Filters field>"
    kind: str = "text"  # text | int | bool | choice | flag
    choices: tuple[str, ...] = ()
    default: Any = None
    lo: int | None = None
    hi: int | None = None  # the server's cap
    value: Any = None  # for kind "flag": the value the target gets when the flag is on
    help: str = ""

    def read(self, raw: str) -> Any:
        if self.kind == "text":
            return raw if raw.strip() else None
        if self.kind in ("bool", "flag"):
            low = raw.strip().lower()
            if low in _TRUE:
                return True if self.kind == "bool" else self.value
            if low in _FALSE:
                return False if self.kind == "bool" else None
            raise QueryError(f"parameter {self.name}: write 1 or 0, not {raw!r}")
        if self.kind == "choice":
            if raw == "":
                return self.default
            if raw not in self.choices:
                raise QueryError(
                    f"parameter {self.name}: {raw!r} is not one of " + ", ".join(self.choices)
                )
            return raw
        if self.kind == "int":
            if raw.strip() == "":
                return self.default
            try:
                n = int(raw)
            except ValueError:
                raise QueryError(f"parameter {self.name}: {raw!r} is not a whole number") from None
            if self.lo is not None and n < self.lo:
                raise QueryError(f"parameter {self.name} must be at least {self.lo}")
            if self.hi is not None and n > self.hi:
                more = " (format=csv, tsv, jsonl or tei: every hit)" if self.name == "limit" else ""
                raise QueryError(f"parameter {self.name} is at most {self.hi} on this server{more}")
            return n
        raise AssertionError(self.kind)


def _p(name: str, target: str | None = None, **kw: Any) -> Param:
    return Param(name, target or name.replace("-", "_"), **kw)


QUERY = _p("q", "query", help="the query (Whoosh syntax plus NEAR/n, BEFORE/n, /regex/)")
FILTERS: tuple[Param, ...] = (
    _p("speaker", "filters.speaker", help="hits in quotations by this speaker (id or name)"),
    _p("speaker-type", "filters.speaker_type", kind="choice", choices=("named", "anonymous"),
       help="hits in quotations by a named or an anonymous speaker (\"analysts\")"),
    _p("in", "filters.in_", kind="choice", choices=("quote", "narration")),
    _p("direct", "filters.direct", kind="flag", value=True, help="direct quotations only"),
    _p("indirect", "filters.direct", kind="flag", value=False, help="indirect/mixed only"),
    _p("cue", "filters.cue", help="quotations introduced by this verb (any form)"),
    _p("person", "filters.person"),
    _p("place", "filters.place"),
    _p("org", "filters.org"),
    _p("date-from", "filters.date_from"),
    _p("date-to", "filters.date_to"),
    _p("agency", "filters.agency"),
    _p("doc", "filters.doc"),
)
MATCH: tuple[Param, ...] = (
    _p("case-sensitive", kind="bool", default=False),
    _p("regex", kind="bool", default=False),
    _p("inflect", kind="bool", default=False),
)
STREAMED = ("csv", "tsv", "jsonl", "tei")


def _kwic(limit: Param) -> tuple[Param, ...]:
    return (
        QUERY,
        *FILTERS,
        *MATCH,
        _p("sort", help="L3 L2 L1 KW R1 R2 R3 doc date speaker, comma-separated; -KEY: descending"),
        _p("group-by", kind="choice", choices=lib.GROUP_KEYS),
        _p("width", kind="int", lo=0, hi=MAX_WIDTH),
        _p("unit", kind="choice", choices=("chars", "words"), default="chars"),
        _p("clip", kind="choice", choices=("sentence", "quote")),
        limit,
        _p("offset", kind="int", lo=0, default=0),
        _p("sample", kind="int", lo=0, hi=MAX_SAMPLE),
        _p("seed", kind="int"),
        _p("format", "fmt", kind="choice", choices=("json", *STREAMED), default="json"),
    )


# a page of lines (JSON, HTML) is capped; a streamed format lists every hit unless limited
KWIC = _kwic(_p("limit", kind="int", lo=1, hi=MAX_PAGE, default=PAGE_SIZE))
KWIC_STREAMED = _kwic(_p("limit", kind="int", lo=0, default=None))


def kwic_spec(args: Mapping[str, str]) -> tuple[Param, ...]:
    return KWIC_STREAMED if args.get("format") in STREAMED else KWIC
SEARCH: tuple[Param, ...] = (
    QUERY,
    *FILTERS,
    *MATCH,
    _p("limit", kind="int", lo=1, hi=MAX_PAGE, default=lib.SEARCH_LIMIT),
    _p("offset", kind="int", lo=0, default=0),
)
EXPORT: tuple[Param, ...] = (
    QUERY,
    *[p for p in FILTERS if p.name != "doc"],
    *MATCH,
    _p("limit", kind="int", lo=1, hi=MAX_EXPORT_DOCS, default=MAX_EXPORT_DOCS),
)
_STATS_LIMIT = _p("limit", kind="int", lo=1, hi=MAX_PAGE, default=lib.TABLE_LIMIT)
_STOPWORDS = _p("stopwords", kind="bool", default=True)
_CASE = _p("case-sensitive", kind="bool", default=False)
STATS: dict[str, tuple[Param, ...]] = {
    "collocates": (
        QUERY,
        *FILTERS,
        *MATCH,
        _p("measure", kind="choice", choices=lib.MEASURES, default="logdice"),
        _p("window", kind="int", lo=1, hi=50, default=5),
        _p("min-freq", kind="int", lo=1, default=2),
        _STATS_LIMIT,
        _STOPWORDS,
    ),
    "ngrams": (
        QUERY,
        *FILTERS,
        *MATCH,
        _p("n", kind="int", lo=2, hi=5, default=2),
        _p("min-freq", kind="int", lo=1, default=2),
        _STATS_LIMIT,
    ),
    "keyness": (
        *(_p(p.name, p.target.replace("filters.", "target."), kind=p.kind, choices=p.choices,
             value=p.value) for p in FILTERS),
        _CASE,
        _p("reference", kind="choice", choices=("all", "quote", "narration"), default="all"),
        _p("direction", kind="choice", choices=("over", "under", "both"), default="over"),
        _p("min-freq", kind="int", lo=1, default=2),
        _STATS_LIMIT,
        _STOPWORDS,
    ),
    "dispersion": (
        QUERY,
        *FILTERS,
        *MATCH,
        _p("by", kind="choice", choices=("month", "year"), default="month"),
        _p("fill-gaps", kind="bool", default=True),
    ),
    "freq": (
        *FILTERS,
        _CASE,
        _p("min-freq", kind="int", lo=1, default=1),
        _STATS_LIMIT,
        _STOPWORDS,
    ),
}
# The library function of each statistic; every argument is passed by keyword.
STATS_CALLS: dict[str, Callable[..., Any]] = {
    "collocates": lib.collocates,
    "ngrams": lib.ngrams,
    "keyness": lib.keyness,
    "dispersion": lib.dispersion,
    "freq": lib.frequencies,
}
REQUIRED_QUERY = {"collocates", "dispersion"}

# Parameters of the HTML pages that are not library arguments.
VIEWS = ("kwic", "groups", "docs", "stats")
PAGE: tuple[Param, ...] = (
    _p("view", kind="choice", choices=VIEWS, default="kwic"),
    _p("measure", kind="choice", choices=lib.MEASURES, default="logdice"),
    _p("n", kind="int", lo=2, hi=5, default=2),
    _p("by", kind="choice", choices=("month", "year"), default="month"),
)
SPEAKERS: tuple[Param, ...] = (
    _p("prefix", help="speakers whose name, a word of it, or key starts with this"),
    *[p for p in FILTERS if p.name != "in"],
    _p("sort", kind="choice", choices=lib.SPEAKER_SORTS, default="quotations"),
    _p("limit", kind="int", lo=1, hi=MAX_PAGE, default=100),
    _p("offset", kind="int", lo=0, default=0),
)
DOC: tuple[Param, ...] = (
    QUERY,
    *MATCH,
    _p("hit", kind="int", lo=0, help="start offset of the hit to scroll to"),
    _p("format", "fmt", kind="choice", choices=("json", "tei"), default="json"),
)


def parse(
    params: Sequence[Param], args: Mapping[str, str], *, strict: bool = True
) -> dict[str, Any]:
    """Library keyword arguments from query-string ``args`` (a ``filters`` or ``target``
    entry holds a :class:`Filters` when any of its parameters was given).

    ``strict``: an unknown parameter is an error (the API); pages ignore what they do not know.
    Each parameter may be given once.
    """
    known = {p.name: p for p in params}
    getlist = getattr(args, "getlist", None)
    for name in args:
        if name not in known:
            if strict:
                raise QueryError(
                    f"unknown parameter {name!r}; this endpoint takes: " + ", ".join(known)
                )
            continue
        if getlist is not None and len(getlist(name)) > 1:
            raise QueryError(f"parameter {name} is given more than once")
    out: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    for p in params:
        raw = args.get(p.name)
        value = p.read(raw) if raw is not None else p.default
        if "." in p.target:
            group, fname = p.target.split(".", 1)
            if value is None:
                continue
            if fname in groups.setdefault(group, {}) and groups[group][fname] != value:
                raise QueryError(f"parameters {p.name} and {_other(params, p)} exclude each other")
            groups[group][fname] = value
        else:
            out[p.target] = value
    for group, fields in groups.items():
        out[group] = lib.Filters(**fields)
    return out


def _other(params: Sequence[Param], p: Param) -> str:
    return next(x.name for x in params if x.target == p.target and x is not p)


def state(args: Mapping[str, str], **changes: Any) -> dict[str, str]:
    """The page state (query string) with some parameters changed; None or "" drops one.

    Paging and sorting links are built with it, so every state stays in the URL.
    """
    out = {k: v for k, v in args.items() if v not in (None, "")}
    for k, v in changes.items():
        name = k.replace("_", "-")
        if v is None or v == "":
            out.pop(name, None)
        else:
            out[name] = str(v)
    return out


# What a click on a group of the group view adds to the state (None: no filter selects it).
def group_state(by: str, key: str) -> dict[str, str] | None:
    if key.startswith("("):
        return {"in": "narration"} if key == "(narration)" else None
    if by == "speaker":
        return {"speaker": key}
    if by == "doc":
        return {"doc": key}
    if by in ("month", "year"):
        return {"date-from": key, "date-to": key}
    if by == "form":
        return {"q": f'"{key}"'}
    return None


FILTER_NAMES = tuple(p.name for p in FILTERS)
