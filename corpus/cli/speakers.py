"""`corpus speakers`: the speakers of the corpus, with quotations, documents and dates.

Parses the options, calls :func:`corpus.speaker_list.speakers`, renders with the one record writer.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from corpus.cli import cli, handle_errors
from corpus.cli.options import (
    filter_options,
    format_option,
    index_option,
    make_filters,
    no_limit,
    rows_limit_option,
)
from corpus.settings import TABLE_LIMIT
from corpus.speaker_list import SPEAKER_FIELDS, SPEAKER_SORTS  # light: no Whoosh at import


@cli.command("speakers")
@index_option
@filter_options
@click.option(
    "--sort",
    type=click.Choice(SPEAKER_SORTS),
    default="quotations",
    show_default=True,
    help="quotations/docs: most first; name: A-Z; first: earliest first; last: latest first.",
)
@rows_limit_option(TABLE_LIMIT)
@format_option()
@handle_errors
def speakers_command(index: str | None, sort: str, limit: int, fmt: str, **kw: Any) -> None:
    """List the speakers of the corpus: name, key, type, roles, quotations, documents, dates.

    A speaker is one corpus-level identity: its name with case, diacritics and punctuation
    folded (the key), and a surname-only speaker of one article joins the one full name of the
    corpus that ends in it ("Ushakov" -> "Yury Ushakov"); two different full names stay two.
    Filters select documents (--person, --date-from, ...) and quotations (--speaker,
    --speaker-type, --direct/--indirect, --cue). Table, TSV and CSV join roles with "; ".
    """
    from corpus.render import Column, columns_table, write_records
    from corpus.speaker_list import speakers

    rows = speakers(index, filters=make_filters(kw), sort=sort, limit=no_limit(limit))  # type: ignore[arg-type]
    values = None
    if fmt not in ("json", "jsonl"):

        def values(s: Any) -> tuple[Any, ...]:
            return tuple(
                "; ".join(s.roles) if f == "roles" else getattr(s, f) for f in SPEAKER_FIELDS
            )

    table = columns_table(
        [
            Column("name", max_width=32),
            Column("key", max_width=32),
            Column("type"),
            Column("kind"),
            Column("roles", max_width=30),
            Column("quotations", "int"),
            Column("documents", "int", label="docs"),
            Column("first"),
            Column("last"),
        ],
        empty="(no speakers)",
    )
    write_records(
        rows, fmt, sys.stdout, fields=SPEAKER_FIELDS, values=values, table=table, what="speakers"
    )
