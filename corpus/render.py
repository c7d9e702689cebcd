"""Renderers over records: KWIC lines, groups and ranked documents -> text on a stream.

Finding is elsewhere; these functions only format. Terminal tables show newlines and tabs as
spaces and highlight the keyword when ``color`` is on (the CLI turns it on for a terminal);
TSV and CSV also flatten whitespace so one hit is one row; JSON and JSON Lines carry the
record exactly (``speaker`` is null outside quotations). JSON output is a streaming array:
lines are written as they come, so memory stays flat.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from operator import attrgetter
from typing import IO, Any

from corpus.concordance import KWIC_FIELDS, Group, KwicLine
from corpus.query import SearchResult

KWIC_FORMATS = ("table", "tsv", "csv", "jsonl", "json", "tei")
_SPACE_RE = re.compile(r"[\t\n\r\f\v]")


def flat(text: str) -> str:
    """Whitespace characters other than the space shown as spaces (one line per record)."""
    return _SPACE_RE.sub(" ", text)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def kwic_record(line: KwicLine) -> dict[str, Any]:
    return line.record()


def quoted_mark(line: KwicLine) -> str:
    """One letter for the quotation kind: D(irect), M(ixed), I(ndirect), or - (narration)."""
    return {"direct": "D", "mixed": "M", "indirect": "I"}.get(line.kind or "", "-")


def speaker_label(line: KwicLine) -> str:
    return line.quote.speaker_label if line.quote is not None else ""


# --- KWIC ------------------------------------------------------------------------------------


def kwic_table(
    lines: Iterable[KwicLine],
    out: IO[str],
    *,
    color: bool = False,
    width: int | None = None,
) -> int:
    """Aligned columns: doc, date, speaker, quoted, then left (right-aligned), keyword, right.

    Buffers the lines it is given (pass a page, not a million lines). Returns the count.
    """
    import click

    rows = list(lines)
    if not rows:
        return 0
    doc_w = min(28, max(len(r.doc) for r in rows))
    date_w = min(10, max(len(r.date) for r in rows))
    spk_w = min(18, max((len(speaker_label(r)) for r in rows), default=0))
    left_w = max(len(r.left) for r in rows) if width is None else width
    for r in rows:
        left = flat(r.left)[-left_w:] if left_w else ""
        kw = flat(r.keyword)
        if color:
            kw = click.style(kw, fg="red", bold=True)
        meta = f"{_fit(r.doc, doc_w):<{doc_w}}  {_fit(r.date, date_w):<{date_w}}  "
        if spk_w:
            meta += f"{_fit(speaker_label(r), spk_w):<{spk_w}}  "
        out.write(f"{meta}{quoted_mark(r)}  {left:>{left_w}} {kw} {flat(r.right)}\n")
    return len(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return flat(value) if isinstance(value, str) else str(value)


def kwic_tsv(lines: Iterable[KwicLine], out: IO[str], *, header: bool = True) -> int:
    if header:
        out.write("\t".join(KWIC_FIELDS) + "\n")
    get = attrgetter(*KWIC_FIELDS)
    n = 0
    write = out.write
    for line in lines:
        write("\t".join([_cell(v) for v in get(line)]) + "\n")
        n += 1
    return n


def kwic_csv(lines: Iterable[KwicLine], out: IO[str], *, header: bool = True) -> int:
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(KWIC_FIELDS)
    get = attrgetter(*KWIC_FIELDS)
    n = 0
    for line in lines:
        writer.writerow([_cell(v) for v in get(line)])
        n += 1
    return n


def kwic_jsonl(lines: Iterable[KwicLine], out: IO[str]) -> int:
    n = 0
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes one per call
    write = out.write
    for line in lines:
        write(encode(line.record()) + "\n")
        n += 1
    return n


def json_array(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A JSON array written item by item."""
    n = 0
    for rec in records:
        out.write("[\n" if n == 0 else ",\n")
        out.write(json.dumps(rec, ensure_ascii=False))
        n += 1
    out.write("[]\n" if n == 0 else "\n]\n")
    return n


def kwic_json(lines: Iterable[KwicLine], out: IO[str]) -> int:
    return json_array((kwic_record(line) for line in lines), out)


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
    """Write lines in one of KWIC_FORMATS; returns the number of lines written."""
    if fmt == "table":
        return kwic_table(lines, out, color=color, width=width)
    if fmt == "tsv":
        return kwic_tsv(lines, out)
    if fmt == "csv":
        return kwic_csv(lines, out)
    if fmt == "jsonl":
        return kwic_jsonl(lines, out)
    if fmt == "json":
        return kwic_json(lines, out)
    if fmt == "tei":
        from corpus.export import kwic_tei

        data, n = kwic_tei(lines, query=query, index=index)
        out.write(data.decode("utf-8"))
        return n
    from corpus.errors import QueryError

    raise QueryError(f"unknown format {fmt!r}; use one of: " + ", ".join(KWIC_FORMATS))


# --- groups ----------------------------------------------------------------------------------


def render_groups(groups: Iterable[Group], fmt: str, out: IO[str], *, by: str = "key") -> int:
    rows = list(groups)
    if fmt == "table":
        if not rows:
            return 0
        key_w = min(40, max(len(by), *(len(g.key) for g in rows)))
        out.write(f"{by:<{key_w}}  {'hits':>7}  {'docs':>6}\n")
        for g in rows:
            out.write(f"{_fit(flat(g.key), key_w):<{key_w}}  {g.count:>7}  {g.docs:>6}\n")
    elif fmt in ("tsv", "csv"):
        if fmt == "tsv":
            out.write(f"{by}\thits\tdocs\n")
            for g in rows:
                out.write(f"{flat(g.key)}\t{g.count}\t{g.docs}\n")
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([by, "hits", "docs"])
            for g in rows:
                writer.writerow([g.key, g.count, g.docs])
    elif fmt == "jsonl":
        for g in rows:
            out.write(
                json.dumps({by: g.key, "hits": g.count, "docs": g.docs}, ensure_ascii=False) + "\n"
            )
    elif fmt == "json":
        json_array(({by: g.key, "hits": g.count, "docs": g.docs} for g in rows), out)
    else:
        from corpus.errors import QueryError

        raise QueryError(
            f"--group-by cannot be written as {fmt!r}; use table, tsv, csv, jsonl or json"
        )
    return len(rows)


# --- ranked documents ------------------------------------------------------------------------


def _snippet_text(fragments: Iterable[tuple[str, bool]], color: bool, marker: str = "") -> str:
    import click

    parts = []
    for text, match in fragments:
        text = flat(text)
        if match:
            text = click.style(text, fg="red", bold=True) if color else f"{marker}{text}{marker}"
        parts.append(text)
    return "".join(parts)


def search_records(result: SearchResult) -> Iterator[dict[str, Any]]:
    for rank, d in enumerate(result.docs, start=result.offset + 1):
        rec = asdict(d)
        rec["rank"] = rank
        rec["snippet"] = [[t, m] for t, m in d.snippet]
        yield rec


def render_search(result: SearchResult, fmt: str, out: IO[str], *, color: bool = False) -> int:
    """Ranked documents: rank, score, id, date, title, hits and the highlighted snippet."""
    if fmt == "table":
        for rank, d in enumerate(result.docs, start=result.offset + 1):
            title = click_style(d.title, color, bold=True)
            out.write(f"{rank:>3}. {d.doc}  {d.date}  score {d.score:g}  hits {d.hits}\n")
            out.write(f"     {title}\n")
            out.write(f"     {_snippet_text(d.snippet, color, '' if color else '**')}\n")
        return len(result.docs)
    if fmt == "jsonl":
        n = 0
        for rec in search_records(result):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        return json_array(search_records(result), out)
    if fmt in ("tsv", "csv"):
        cols = ("rank", "doc", "date", "score", "hits", "title", "snippet")
        rows = []
        for rec in search_records(result):
            rec["snippet"] = _snippet_text(
                result.docs[rec["rank"] - result.offset - 1].snippet, False, "**"
            )
            rows.append([flat(str(rec[c])) for c in cols])
        if fmt == "tsv":
            out.write("\t".join(cols) + "\n")
            for row in rows:
                out.write("\t".join(row) + "\n")
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(cols)
            writer.writerows(rows)
        return len(rows)
    from corpus.errors import QueryError

    raise QueryError(
        f"search results cannot be written as {fmt!r}; use table, tsv, csv, "
        "jsonl or json (export writes TEI)"
    )


def click_style(text: str, color: bool, **styles: Any) -> str:
    import click

    return click.style(text, **styles) if color else text
