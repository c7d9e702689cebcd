"""One record writer: records (dicts or dataclasses) -> table, TSV, CSV, JSON Lines or JSON.

Finding is elsewhere; this module only formats. :func:`write_records` is the one writer: the
CLI uses it for kwic, groups, search and the statistics commands, and the web server for its
CSV/JSON exports. What differs between record kinds is data: the field names, and for the
terminal table a *layout* (:func:`columns_table` for plain columns; KWIC lines and ranked
documents have their own).

Formats
    table   for people: a layout, whitespace flattened, keyword highlighted when ``color``.
    tsv     header row, then one row per record; tabs and newlines in values become spaces,
            None is empty, booleans are ``true``/``false``.
    csv     the same cells, quoted by :mod:`csv`; a text cell that begins with ``=``, ``+``,
            ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a spreadsheet
            opening the file does not run it as a formula (numbers are left as they are).
    jsonl   one JSON object per record, values exact (None is null).
    json    a streaming array (memory stays flat), or ``{"summary": {...}, "rows": [...]}``
            when a summary is given.
Floats are written rounded to 6 decimals in tsv/csv/jsonl/json, and non-finite floats (an
infinite log ratio) as empty / null, since JSON has no infinity.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from json.encoder import encode_basestring as _json_str  # json.dumps' C string encoder
from operator import attrgetter, itemgetter
from typing import IO, TYPE_CHECKING, Any

from corpus.concordance import KWIC_FIELDS
from corpus.errors import QueryError
from corpus.index.records import UNKNOWN_SPEAKER

if TYPE_CHECKING:
    from corpus.concordance import Group, KwicLine
    from corpus.query import SearchResult

FORMATS = ("table", "tsv", "csv", "jsonl", "json")
KWIC_FORMATS = (*FORMATS, "tei")
SEARCH_FIELDS = ("rank", "doc", "date", "score", "hits", "title", "snippet")
_SPACE_RE = re.compile(r"[\t\n\r\f\v]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Record = Mapping[str, Any]
# A table layout writes the (buffered) records for a terminal; returns nothing.
TableLayout = Callable[[Sequence[Record], IO[str], bool], None]


def flat(text: str) -> str:
    """Whitespace characters other than the space shown as spaces (one line per record)."""
    return _SPACE_RE.sub(" ", text)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _plain(value: Any) -> Any:
    """A value for machine formats: floats rounded to 6 decimals, non-finite floats None."""
    if type(value) is float:
        return round(value, 6) if math.isfinite(value) else None
    return value


def _cell(value: Any) -> str:
    """A TSV/CSV cell: whitespace flattened, None empty, booleans true/false."""
    t = type(value)
    if t is str:
        return _SPACE_RE.sub(" ", value)
    if value is None:
        return ""
    if t is bool:
        return "true" if value else "false"
    if t is float:
        value = _plain(value)
        return "" if value is None else str(value)
    return str(value)


def inert(text: str) -> str:
    """A CSV text cell a spreadsheet will not evaluate: ``'`` before = + - @ tab CR."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _getter(fields: tuple[str, ...], first: Any) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a record in field order: by key for mappings, else by attribute."""
    if isinstance(first, Mapping):
        get: Callable[[Any], Any] = itemgetter(*fields)
    elif dataclasses.is_dataclass(first):
        get = attrgetter(*fields)
    else:
        raise TypeError(f"a record must be a mapping or a dataclass, not {type(first).__name__}")
    if len(fields) == 1:
        return lambda rec: (get(rec),)
    return get


def write_records(
    records: Iterable[Any],
    fmt: str,
    out: IO[str],
    *,
    fields: Sequence[str],
    values: Callable[[Any], tuple[Any, ...]] | None = None,
    table: TableLayout | None = None,
    color: bool = False,
    summary: Mapping[str, Any] | None = None,
    what: str = "records",
) -> int:
    """Write records (mappings, or dataclasses with ``fields``) in ``fmt``; returns the count.

    ``values`` reads a record's values in field order (default: by key or attribute).
    ``table`` lays out the table format (default: :func:`columns_table` over ``fields``); it is
    given every record at once, as dicts, so pass a page, not a million lines. The other formats
    stream. ``summary`` is written by JSON as ``{"summary": ..., "rows": [...]}``. ``what``
    names the records in the error for an unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"{what} cannot be written as {fmt!r}; use one of: " + ", ".join(FORMATS))
    fields = tuple(fields)
    it = iter(records)
    first = next(it, _END)
    if first is not _END:
        it = chain((first,), it)
        if values is None:
            values = _getter(fields, first)
    n = 0
    write = out.write
    if fmt == "table":
        rows = [dict(zip(fields, values(r), strict=True)) for r in it] if values else []
        (table or columns_table([Column(f) for f in fields]))(rows, out, color)
        return len(rows)
    if fmt == "tsv":
        write("\t".join(fields) + "\n")
        for rec in it:
            write("\t".join([_cell(v) for v in values(rec)]) + "\n")  # type: ignore[misc]
            n += 1
    elif fmt == "csv":
        import csv  # here: not on the start-up path of kwic, search and the JSON exports

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for rec in it:
            writer.writerow(
                [
                    inert(_SPACE_RE.sub(" ", v)) if type(v) is str else _cell(v)
                    for v in values(rec)  # type: ignore[misc]
                ]
            )
            n += 1
    else:
        plain = _plain
        items = (
            dict(
                zip(
                    fields,
                    [v if type(v) is not float else plain(v) for v in values(rec)],  # type: ignore[misc]
                    strict=False,
                )
            )
            for rec in it
        )
        if fmt == "jsonl":
            dumps = json.dumps
            for item in items:
                write(dumps(item, ensure_ascii=False) + "\n")
                n += 1
        elif summary is None:
            n = _json_array(items, out)
        else:
            head = {k: _plain(v) for k, v in summary.items()}
            write('{"summary": ' + json.dumps(head, ensure_ascii=False) + ', "rows": ')
            n = _json_array(items, out, end="]")
            write("}\n")
    return n


_END = object()


def _json_array(items: Iterable[Any], out: IO[str], end: str = "]\n") -> int:
    """A JSON array written item by item."""
    n = 0
    for item in items:
        out.write("[\n" if n == 0 else ",\n")
        out.write(json.dumps(item, ensure_ascii=False))
        n += 1
    out.write("[" + end if n == 0 else "\n" + end)
    return n


# --- table layouts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its field, how its values are shown, and a width limit for text."""

    name: str
    kind: str = "text"  # text | int | float (2 decimals) | score (3 decimals) | p (p-value)
    max_width: int | None = None
    label: str | None = None  # the header, when not the field name


# Columns of the statistics records (corpus.stats), in the order every format writes them.
STATS_COLUMNS: dict[str, tuple[Column, ...]] = {
    "freq": (
        Column("rank", "int"),
        Column("word", "text"),
        Column("freq", "int"),
        Column("per_million", "float"),
        Column("docs", "int"),
    ),
    "collocates": (
        Column("word", "text"),
        Column("observed", "int"),
        Column("expected", "score"),
        Column("frequency", "int"),
        Column("docs", "int"),
        Column("score", "score"),
    ),
    "ngrams": (
        Column("ngram", "text"),
        Column("freq", "int"),
        Column("docs", "int"),
    ),
    "keyness": (
        Column("word", "text"),
        Column("target_freq", "int"),
        Column("reference_freq", "int"),
        Column("target_per_million", "float"),
        Column("reference_per_million", "float"),
        Column("g2", "score"),
        Column("log_ratio", "score"),
        Column("p", "p"),
    ),
    "dispersion": (
        Column("period", "text"),
        Column("hits", "int"),
        Column("hit_docs", "int"),
        Column("docs", "int"),
        Column("words", "int"),
        Column("per_million", "float"),
    ),
}


def _show(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "float":
        return f"{value:.2f}"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "p":
        return f"{value:.3g}" if value >= 0.001 or value == 0 else f"{value:.2e}"
    return flat(value) if isinstance(value, str) else str(value)


def columns_table(
    columns: Sequence[Column],
    *,
    headline: str | None = None,
    empty: str | None = None,
    rule: bool = True,
) -> TableLayout:
    """Aligned columns (numbers right-aligned), a header and a rule under it.

    ``headline`` is written above the table, ``empty`` instead of it when there are no rows.
    """

    def layout(rows: Sequence[Record], out: IO[str], color: bool) -> None:
        if headline is not None:
            out.write(headline + "\n")
        if not rows:
            if empty is not None:
                out.write(empty + "\n")
            return
        heads = [c.label or c.name for c in columns]
        cells = []
        for r in rows:
            line = []
            for c in columns:
                text = _show(r[c.name], c.kind)
                line.append(_fit(text, c.max_width) if c.max_width else text)
            cells.append(line)
        widths = [max(len(h), *(len(line[i]) for line in cells)) for i, h in enumerate(heads)]
        numeric = [c.kind != "text" for c in columns]

        def fmt(values: Sequence[str]) -> str:
            parts = [
                v.rjust(w) if num else v.ljust(w)
                for v, w, num in zip(values, widths, numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        out.write(fmt(heads) + "\n")
        if rule:
            out.write(fmt(["-" * w for w in widths]) + "\n")
        for line in cells:
            out.write(fmt(line) + "\n")

    return layout


_ANSI = {"red": "\x1b[31m", "bold": "\x1b[1m", "reset": "\x1b[0m"}


def _style(text: str, color: bool, *, red: bool = False) -> str:
    """Bold (and red) for a terminal, as click.style does; the library does not import click."""
    if not color:
        return text
    return (_ANSI["red"] if red else "") + _ANSI["bold"] + text + _ANSI["reset"]


# --- KWIC ------------------------------------------------------------------------------------


# The one place that reads KwicLine's fields (a tuple in KWIC_FIELDS order; fast for exports).
kwic_values: Callable[[Any], tuple[Any, ...]] = attrgetter(*KWIC_FIELDS)


def kwic_record(line: KwicLine) -> dict[str, Any]:
    """The record of a concordance line, as the machine formats write it."""
    return dict(zip(KWIC_FIELDS, kwic_values(line), strict=True))


def quoted_mark(rec: Record) -> str:
    """One letter for the quotation kind: D(irect), M(ixed), I(ndirect), or - (narration)."""
    return {"direct": "D", "mixed": "M", "indirect": "I"}.get(rec["kind"] or "", "-")


def speaker_label(rec: Record) -> str:
    if rec["kind"] is None:
        return ""
    return rec["speaker_name"] or rec["speaker"] or UNKNOWN_SPEAKER


def kwic_table(width: int | None = None) -> TableLayout:
    """Doc, date, speaker, quoted mark, then left (right-aligned), keyword, right."""

    def layout(rows: Sequence[Record], out: IO[str], color: bool) -> None:
        if not rows:
            return
        doc_w = min(28, max(len(r["doc"]) for r in rows))
        date_w = min(10, max(len(r["date"]) for r in rows))
        spk_w = min(18, max((len(speaker_label(r)) for r in rows), default=0))
        left_w = max(len(r["left"]) for r in rows) if width is None else width
        for r in rows:
            left = flat(r["left"])[-left_w:] if left_w else ""
            kw = _style(flat(r["keyword"]), color, red=True)
            meta = f"{_fit(r['doc'], doc_w):<{doc_w}}  {_fit(r['date'], date_w):<{date_w}}  "
            if spk_w:
                meta += f"{_fit(speaker_label(r), spk_w):<{spk_w}}  "
            out.write(f"{meta}{quoted_mark(r)}  {left:>{left_w}} {kw} {flat(r['right'])}\n")

    return layout


def _json_value(value: Any) -> str:
    """One value exactly as ``json.dumps(record, ensure_ascii=False)`` writes it in an object
    (floats first made :func:`_plain`, as :func:`write_records` does)."""
    t = type(value)
    if t is str:
        return _json_str(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is int:
        return int.__repr__(value)
    return json.dumps(_plain(value), ensure_ascii=False)


# KWIC lines as JSON, byte for byte what write_records writes (json.dumps of the record), without
# a dict per line: keys are constants, the six quotation fields are encoded once per quotation
# (a line in narration has them all null), doc/date/title once per document, and only the three
# context strings go through the C string encoder for every hit.
_K = [_json_str(k) + ": " for k in KWIC_FIELDS]
_KWIC_HEAD = "{" + _K[0]  # then doc
_KWIC_START = ", " + _K[1]
_KWIC_MID = [", " + k for k in _K[2:6]]  # end, left, keyword, right
_KWIC_QUOTE = _K[6:12]
_KWIC_NARRATION = ", ".join(k + "null" for k in _KWIC_QUOTE)
_KWIC_DATE, _KWIC_TITLE = ", " + _K[12], ", " + _K[13]
_BATCH = 512  # lines per write
_kwic_quote_values = attrgetter(*KWIC_FIELDS[6:12])  # speaker .. reported_by, as kwic_values


def _kwic_json(lines: Iterable[KwicLine]) -> Iterator[str]:
    """Each line's JSON object (no newline), as ``json.dumps(kwic_record(line),
    ensure_ascii=False)`` writes it."""
    enc = _json_str
    end_k, left_k, kw_k, right_k = _KWIC_MID
    narration = ", " + _KWIC_NARRATION
    k_spk, k_name, k_kind, k_direct, k_cue, k_by = (", " + k for k in _KWIC_QUOTE)
    last_doc = last_date = last_title = last_quote = None
    head = tail = qpart = ""
    for line in lines:
        doc, start, end, left, keyword, right, quote, date, title = line
        if type(start) is not int or type(end) is not int:  # not a plain int: the exact way
            yield json.dumps(kwic_record(line), ensure_ascii=False)
            continue
        if doc is not last_doc or date is not last_date or title is not last_title:
            head = _KWIC_HEAD + enc(doc) + _KWIC_START
            tail = _KWIC_DATE + enc(date) + _KWIC_TITLE + enc(title) + "}"
            last_doc, last_date, last_title = doc, date, title
        if quote is None:
            q = narration
        elif quote is last_quote:
            q = qpart
        else:
            spk, name, kind, direct, cue, by = _kwic_quote_values(line)
            if (
                type(spk) is str
                and type(kind) is str
                and type(direct) is bool
                and (name is None or type(name) is str)
                and (cue is None or type(cue) is str)
                and (by is None or type(by) is str)
            ):  # what the index stores: no call per value
                q = (
                    f"{k_spk}{enc(spk)}{k_name}{'null' if name is None else enc(name)}"
                    f"{k_kind}{enc(kind)}{k_direct}{'true' if direct else 'false'}"
                    f"{k_cue}{'null' if cue is None else enc(cue)}"
                    f"{k_by}{'null' if by is None else enc(by)}"
                )
            else:
                q = ", " + ", ".join(
                    [
                        k + _json_value(v)
                        for k, v in zip(
                            _KWIC_QUOTE, (spk, name, kind, direct, cue, by), strict=True
                        )
                    ]
                )
            qpart, last_quote = q, quote
        yield (
            f"{head}{int.__repr__(start)}{end_k}{int.__repr__(end)}{left_k}{enc(left)}"
            f"{kw_k}{enc(keyword)}{right_k}{enc(right)}{q}{tail}"
        )


def _write_kwic_json(lines: Iterable[KwicLine], fmt: str, out: IO[str]) -> int:
    """KWIC lines as JSON Lines or a streaming JSON array (as :func:`write_records` and
    :func:`_json_array` write them), in batches of lines: memory stays flat."""
    jsonl = fmt == "jsonl"
    write = out.write
    n = 0
    batch: list[str] = []

    def flush() -> None:
        nonlocal n, batch
        pending, batch = batch, []
        if jsonl:
            write("\n".join(pending) + "\n")
        else:
            write(("[\n" if n == 0 else ",\n") + ",\n".join(pending))
        n += len(pending)

    try:
        for obj in _kwic_json(lines):
            batch.append(obj)
            if len(batch) == _BATCH:
                flush()
    finally:  # also the lines encoded before an error, as a line-by-line writer would have
        if batch:
            flush()
    if not jsonl:
        write("[]\n" if n == 0 else "\n]\n")
    return n


def render_kwic(
    lines: Iterable[KwicLine],
    fmt: str,
    out: IO[str],
    *,
    color: bool = False,
    width: int | None = None,
    query: str = "",
    index: Any = None,
) -> int:
    """Write lines in one of KWIC_FORMATS (TEI too); returns the number of lines written."""
    if fmt == "tei":
        from corpus.export import kwic_tei

        data, n = kwic_tei(lines, query=query, index=index)
        out.write(data.decode("utf-8"))
        return n
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of: " + ", ".join(KWIC_FORMATS))
    if fmt == "jsonl" or fmt == "json":
        return _write_kwic_json(lines, fmt, out)
    return write_records(
        lines,
        fmt,
        out,
        fields=KWIC_FIELDS,
        values=kwic_values,
        table=kwic_table(width),
        color=color,
        what="concordance lines",
    )


# --- groups ----------------------------------------------------------------------------------


def group_records(groups: Iterable[Group], by: str) -> Iterator[dict[str, Any]]:
    for g in groups:
        yield {by: g.key, "hits": g.count, "docs": g.docs}


def render_groups(groups: Iterable[Group], fmt: str, out: IO[str], *, by: str = "key") -> int:
    """Groups of hits (key, hits, docs); the key column is named for what was grouped by."""
    table = columns_table(
        [Column(by, max_width=40), Column("hits", "int"), Column("docs", "int")], rule=False
    )
    return write_records(
        group_records(groups, by),
        fmt,
        out,
        fields=(by, "hits", "docs"),
        table=table,
        what="groups (group_by)",
    )


# --- ranked documents ------------------------------------------------------------------------


def snippet_text(fragments: Iterable[Sequence[Any]], color: bool = False, marker: str = "") -> str:
    """A snippet's (text, is_match) fragments as one line, matches marked or highlighted."""
    parts = []
    for text, match in fragments:
        text = flat(text)
        if match:
            text = _style(text, True, red=True) if color else f"{marker}{text}{marker}"
        parts.append(text)
    return "".join(parts)


def search_records(result: SearchResult) -> Iterator[dict[str, Any]]:
    """Ranked documents as records; ``snippet`` is a list of [text, is_match] fragments."""
    for rank, d in enumerate(result.docs, start=result.offset + 1):
        rec = dataclasses.asdict(d)
        rec["rank"] = rank
        rec["snippet"] = [[t, m] for t, m in d.snippet]
        yield rec


def _search_table(rows: Sequence[Record], out: IO[str], color: bool) -> None:
    for r in rows:
        head = f"{r['rank']:>3}. {r['doc']}  {r['date']}  score {r['score']:g}  hits {r['hits']}"
        out.write(head + "\n")
        out.write(f"     {_style(r['title'], color)}\n")
        out.write(f"     {snippet_text(r['snippet'], color, '' if color else '**')}\n")


def _flat_snippet(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for rec in records:
        yield {**rec, "snippet": snippet_text(rec["snippet"], False, "**")}


def render_search(result: SearchResult, fmt: str, out: IO[str], *, color: bool = False) -> int:
    """Ranked documents: rank, score, id, date, title, hits and the highlighted snippet.

    Tables and TSV/CSV show the snippet as text with the matches in ``**``; JSON keeps the
    fragments.
    """
    records: Iterable[dict[str, Any]] = search_records(result)
    if fmt in ("tsv", "csv"):
        records = _flat_snippet(records)
    fields = SEARCH_FIELDS if fmt != "json" and fmt != "jsonl" else _json_search_fields(result)
    return write_records(
        records,
        fmt,
        out,
        fields=fields,
        table=_search_table,
        color=color,
        what="search results (export writes TEI)",
    )


def _json_search_fields(result: SearchResult) -> tuple[str, ...]:
    from corpus.query import DocHit

    return (*(f.name for f in dataclasses.fields(DocHit)), "rank")
