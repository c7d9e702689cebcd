"""`corpus` commands: search, kwic, export.

Only click is imported at module level: Whoosh and the library modules are imported inside the
command bodies, so `corpus kwic` starts fast (no spaCy or NLTK on this path).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from corpus.cli import cli, handle_errors
from corpus.cli.options import (
    filter_options,
    filter_options_without_doc,
    format_option,
    index_option,
    make_filters,
    query_options,
)
from corpus.cli.progress import callback, progress_bar, quiet_option
from corpus.render import FORMATS as SEARCH_FORMATS
from corpus.render import KWIC_FORMATS
from corpus.settings import KWIC_WIDTH, SEARCH_LIMIT, TABLE_LIMIT


def _use_color(fmt: str) -> bool:
    import os

    return fmt == "table" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _explain(
    query: str, index: str | None, case_sensitive: bool, regex: bool, inflect: bool
) -> None:
    from corpus.errors import IndexMissing
    from corpus.query import explain

    try:
        text = explain(
            query, index, expand=True, case_sensitive=case_sensitive, regex=regex, inflect=inflect
        )
    except IndexMissing:  # the parse alone is still worth showing
        text = explain(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    click.echo(text)


@cli.command()
@click.argument("query")
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=SEARCH_LIMIT,
    show_default=True,
    help="Documents to show (0: all).",
)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many documents.")
@format_option(SEARCH_FORMATS)
@query_options
@index_option
@handle_errors
def search(
    query: str,
    limit: int,
    offset: int,
    fmt: str,
    explain: bool,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    index: str | None,
    **kw: Any,
) -> None:
    """Rank documents matching QUERY (BM25F), with a highlighted snippet each.

    QUERY uses Whoosh syntax: words, "a phrase", "a phrase"~3, wild*, fuzzy~, /regex/,
    AND OR NOT ( ), a NEAR/3 b, a BEFORE/3 b, fields (title: speaker: person: place: org:
    cue: date: agency: doc:). Fields select documents; --speaker/--in/--direct/--indirect/--cue
    keep documents with at least one hit in a matching quotation.
    """
    if explain:
        _explain(query, index, case_sensitive, regex, inflect)
        return
    from corpus.index import open_index
    from corpus.query import search as run_search
    from corpus.render import render_search

    filters = make_filters(kw)
    cix = open_index(index)
    result = run_search(
        query,
        cix,
        filters,
        limit=limit or None,
        offset=offset,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
    )
    out = sys.stdout
    render_search(result, fmt, out, color=_use_color(fmt))
    if fmt == "table":
        shown = len(result.docs)
        first = offset + 1 if shown else 0
        click.echo(
            f"{result.total} documents; showing {first}-{offset + shown}"
            if shown
            else f"{result.total} documents"
        )


@cli.command()
@click.argument("query")
@filter_options
@click.option(
    "--width",
    type=click.IntRange(0),
    default=None,
    help=f"Context on each side: characters (default {KWIC_WIDTH['chars']}) or words "
    f"(default {KWIC_WIDTH['words']}).",
)
@click.option(
    "--unit",
    type=click.Choice(["chars", "words"]),
    default="chars",
    show_default=True,
    help="What --width counts.",
)
@click.option(
    "--clip",
    type=click.Choice(["sentence", "quote"]),
    help="Keep the context inside the hit's sentence or quotation.",
)
@click.option(
    "--sort",
    metavar="KEYS",
    help="Comma-separated sort keys: L3 L2 L1 KW R1 R2 R3 doc date speaker (-KEY: descending).",
)
@click.option(
    "--group-by",
    type=click.Choice(["speaker", "doc", "month", "year", "form"]),
    help="Count hits (and documents) per speaker, document, month, year or word form.",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=None,
    help=f"Lines to show (table default {TABLE_LIMIT}; other formats: all; 0: all).",
)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many lines.")
@click.option(
    "--sample",
    type=click.IntRange(0),
    default=None,
    metavar="N",
    help="A random sample of N hits (every hit equally likely), in corpus order.",
)
@click.option("--seed", type=int, default=None, help="Seed for --sample (repeatable samples).")
@format_option(KWIC_FORMATS)
@query_options
@index_option
@handle_errors
def kwic(
    query: str,
    width: int | None,
    unit: str,
    clip: str | None,
    sort: str | None,
    group_by: str | None,
    limit: int | None,
    offset: int,
    sample: int | None,
    seed: int | None,
    fmt: str,
    explain: bool,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    index: str | None,
    **kw: Any,
) -> None:
    """Keyword-in-context lines for QUERY, with the speaker of each hit's quotation.

    Each line is cut from the stored article text around the hit. Columns of the table: doc,
    date, speaker, quotation kind (D direct, M mixed, I indirect, - narration), left context,
    KEYWORD, right context. Machine-readable formats (tsv csv jsonl json tei) list every hit
    unless --limit is given. Query syntax as in `corpus search --help`.
    """
    if explain:
        _explain(query, index, case_sensitive, regex, inflect)
        return
    from corpus.concordance import group
    from corpus.concordance import kwic as run_kwic
    from corpus.index import open_index
    from corpus.render import render_groups, render_kwic

    filters = make_filters(kw)
    cix = open_index(index)
    if width is None:
        width = KWIC_WIDTH[unit]
    table = fmt == "table"
    if limit == 0:
        limit = None
    elif limit is None and table and group_by is None:
        limit = TABLE_LIMIT
    result = run_kwic(
        query,
        cix,
        filters=filters,
        width=width,
        unit=unit,
        clip=clip,  # type: ignore[arg-type]
        sort=sort or (),
        limit=None if group_by else limit,
        offset=0 if group_by else offset,
        sample=sample,
        seed=seed,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
    )
    out = sys.stdout
    if group_by:
        if fmt == "tei":
            from corpus.errors import QueryError

            raise QueryError(
                "--group-by cannot be written as TEI; use table, tsv, csv, jsonl or json"
            )
        groups = group(result, group_by, index=cix)
        end = None if limit is None else offset + limit
        render_groups(groups[offset:end], fmt, out, by=group_by)
        if table:
            click.echo(f"{result.total} hits in {result.docs} documents; {len(groups)} groups")
        return
    shown = render_kwic(result, fmt, out, color=_use_color(fmt), width=None, query=query, index=cix)
    if table:
        total, docs = result.totals()
        if shown == 0:
            click.echo(f"{total} hits in {docs} documents")
        else:
            more = " (use --limit/--offset for more)" if offset + shown < total else ""
            click.echo(
                f"{total} hits in {docs} documents; showing {offset + 1}-{offset + shown}{more}"
            )


@cli.command()
@click.argument("query", required=False)
@click.option("--doc", "doc_id", metavar="ID", help="Export this document's TEI.")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    metavar="FILE|FOLDER|-",
    help="Output file (or an existing folder: FOLDER/<id>.xml; - for stdout).",
)
@click.option(
    "--tei-dir",
    type=click.Path(file_okay=False, exists=True),
    help="With --doc: take the document from this TEI folder instead of the index.",
)
@filter_options_without_doc
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many documents.")
@query_options
@index_option
@quiet_option
@handle_errors
def export(
    query: str | None,
    doc_id: str | None,
    out: str,
    tei_dir: str | None,
    limit: int | None,
    explain: bool,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    index: str | None,
    quiet: bool,
    **kw: Any,
) -> None:
    """Export TEI: one document (--doc ID) or a teiCorpus of the documents matching QUERY.

    Files are written atomically; a document's TEI is its indexed file when unchanged,
    otherwise it is regenerated from the index. Exporting a query draws a progress bar
    (documents, rate, time left) on stderr when it is a terminal.
    """
    from corpus.errors import QueryError

    if (query is None) == (doc_id is None):
        raise QueryError("give either --doc ID or a QUERY (not both)")
    if explain and query is not None:
        _explain(query, index, case_sensitive, regex, inflect)
        return
    from corpus import export as ex

    if doc_id is not None:
        source: Any = tei_dir if tei_dir else index
        if tei_dir and "/" not in tei_dir:
            source = "./" + tei_dir
        if out == "-":
            sys.stdout.buffer.write(ex.document_tei(doc_id, source))
            sys.stdout.flush()
            return
        report = ex.export_doc(doc_id, source, out)
        click.echo(f"wrote {report.path}", err=True)
        return
    filters = make_filters(kw)
    assert query is not None
    how = dict(case_sensitive=case_sensitive, regex=regex, inflect=inflect, limit=limit)
    with progress_bar(None, desc="export", unit="docs", quiet=quiet) as bar:
        how["progress"] = callback(bar, finishing="export: writing")
        if out == "-":
            data, _, _ = ex.query_tei(query, index, filters, **how)  # type: ignore[arg-type]
        else:
            report = ex.export_query(query, index, filters, out, **how)  # type: ignore[arg-type]
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    click.echo(f"wrote {report.documents} documents to {report.path}", err=True)
