"""`corpus` commands: search, kwic, export.

Only click is imported at module level: Whoosh and the library modules are imported inside the
command bodies, so `corpus kwic` starts fast (no spaCy or NLTK on this path).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from corpus.cli import apply_options, cli, handle_errors, index_option

KWIC_FORMATS = ("table", "tsv", "csv", "jsonl", "json", "tei")
SEARCH_FORMATS = ("table", "tsv", "csv", "jsonl", "json")
TABLE_LIMIT = 50


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The hit and document filters shared by search, kwic and export."""
    options = [
        click.option(
            "--speaker",
            metavar="NAME|ID",
            help="Only hits inside quotations by this speaker (id, name or surname).",
        ),
        click.option(
            "--in",
            "in_",
            type=click.Choice(["quote", "narration"]),
            help="Only hits inside quotations (any reported speech) or outside them.",
        ),
        click.option(
            "--direct",
            "direct",
            flag_value="direct",
            default=None,
            help="Only hits inside direct quotations.",
        ),
        click.option(
            "--indirect",
            "direct",
            flag_value="indirect",
            help="Only hits inside indirect (or mixed) quotations.",
        ),
        click.option(
            "--cue",
            metavar="VERB",
            help="Only hits in quotations introduced by this verb (any form: say).",
        ),
        click.option("--person", metavar="NAME|ID", help="Only documents mentioning this person."),
        click.option("--place", metavar="NAME|ID", help="Only documents mentioning this place."),
        click.option(
            "--org", metavar="NAME|ID", help="Only documents mentioning this organisation."
        ),
        click.option(
            "--date-from",
            metavar="DATE",
            help="Only documents dated on or after DATE (2022, 2022-02, 2022-02-12).",
        ),
        click.option("--date-to", metavar="DATE", help="Only documents dated on or before DATE."),
        click.option("--agency", metavar="NAME", help="Only documents from this agency."),
        click.option("--doc", metavar="ID", help="Only this document (wildcards * ? allowed)."),
    ]
    return apply_options(func, options)


# --regex and --inflect mean the same on every command that takes a QUERY (kwic, search,
# export, collocates, dispersion); --case-sensitive differs in statistics, so it is separate.
MATCH_OPTIONS = [
    click.option(
        "--regex",
        is_flag=True,
        help="Read QUERY as one regular expression over whole words (or write /re/).",
    ),
    click.option(
        "--inflect",
        is_flag=True,
        help="Match inflected forms too: say finds says, said, saying.",
    ),
]


def query_options(func: Callable[..., Any]) -> Callable[..., Any]:
    return apply_options(
        func,
        [
            click.option(
                "--explain",
                is_flag=True,
                help="Show how the query was parsed (and what patterns expand to); no search.",
            ),
            click.option(
                "--case-sensitive", is_flag=True, help="Match the case of the query words exactly."
            ),
            *MATCH_OPTIONS,
        ],
    )


def make_filters(kw: dict[str, Any]) -> Any:
    from corpus.query import Filters

    direct = {"direct": True, "indirect": False}.get(kw.pop("direct") or "")
    return Filters(
        speaker=kw.pop("speaker"),
        in_=kw.pop("in_"),
        direct=direct,
        cue=kw.pop("cue"),
        person=kw.pop("person"),
        place=kw.pop("place"),
        org=kw.pop("org"),
        date_from=kw.pop("date_from"),
        date_to=kw.pop("date_to"),
        agency=kw.pop("agency"),
        doc=kw.pop("doc"),
    )


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
    default=10,
    show_default=True,
    help="Documents to show (0: all).",
)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many documents.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SEARCH_FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
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
    help="Context on each side: characters (default 40) or words (default 8).",
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(KWIC_FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
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
        width = 40 if unit == "chars" else 8
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
        groups = group(result, group_by)
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
@click.option("--speaker", metavar="NAME|ID", help="As in kwic: documents with such hits.")
@click.option("--in", "in_", type=click.Choice(["quote", "narration"]))
@click.option("--direct", "direct", flag_value="direct", default=None)
@click.option("--indirect", "direct", flag_value="indirect")
@click.option("--cue", metavar="VERB")
@click.option("--person", metavar="NAME|ID")
@click.option("--place", metavar="NAME|ID")
@click.option("--org", metavar="NAME|ID")
@click.option("--date-from", metavar="DATE")
@click.option("--date-to", metavar="DATE")
@click.option("--agency", metavar="NAME")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many documents.")
@query_options
@index_option
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
    **kw: Any,
) -> None:
    """Export TEI: one document (--doc ID) or a teiCorpus of the documents matching QUERY.

    Files are written atomically; a document's TEI is its indexed file when unchanged,
    otherwise it is regenerated from the index.
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
    kw["doc"] = None
    filters = make_filters(kw)
    assert query is not None
    if out == "-":
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            report = ex.export_query(
                query,
                index,
                filters,
                Path(tmp) / "export.xml",
                case_sensitive=case_sensitive,
                regex=regex,
                inflect=inflect,
                limit=limit,
            )
            sys.stdout.buffer.write(report.path.read_bytes())
            sys.stdout.flush()
        return
    report = ex.export_query(
        query,
        index,
        filters,
        out,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
        limit=limit,
    )
    click.echo(f"wrote {report.documents} documents to {report.path}", err=True)
