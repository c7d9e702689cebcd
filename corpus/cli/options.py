"""Option sets shared by commands, declared once; and turning filter options into Filters.

A command takes a set with its decorator (``@filter_options``) or a list with
:func:`apply_options`. Defaults that are library decisions (context width per unit, rows a table
shows, documents a search ranks) come from :mod:`corpus.settings`, so the CLI and the library
agree. Only click is imported here: the library modules are imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from corpus.render import FORMATS

F = TypeVar("F", bound=Callable[..., Any])
Option = Callable[[F], F]


def apply_options(func: F, options: list[Callable[[F], F]]) -> F:
    """Apply a list of click options in the order they are listed (as --help shows them)."""
    for option in reversed(options):
        func = option(func)
    return func


index_option = click.option(
    "--index",
    "index",
    default=None,
    metavar="NAME|PATH",
    help="Index name under ./indexes (or $CORPUS_INDEXES), or a path. Default: 'default'.",
)

# --- filters ---------------------------------------------------------------------------------


def _filter_list(*, doc: bool) -> list[Callable[..., Any]]:
    options = [
        click.option(
            "--speaker",
            metavar="NAME|ID",
            help="Only hits inside quotations by this speaker (id, name or surname).",
        ),
        click.option(
            "--speaker-type",
            type=click.Choice(["named", "anonymous"]),
            help="Only hits inside quotations whose speaker is named, or anonymous "
            "(a description no name resolves: analysts, traders).",
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
    ]
    if doc:
        options.append(
            click.option("--doc", metavar="ID", help="Only this document (wildcards * ? allowed).")
        )
    return options


def filter_options(func: F) -> F:
    """The hit and document filters shared by search, kwic and the statistics commands."""
    return apply_options(func, _filter_list(doc=True))


def filter_options_without_doc(func: F) -> F:
    """The filters, for a command whose --doc means something else (export)."""
    return apply_options(func, _filter_list(doc=False))


def make_filters(kw: dict[str, Any]) -> Any:
    """Pop the filter options from a command's keyword arguments into a search.Filters."""
    from corpus.query import Filters

    direct = {"direct": True, "indirect": False}.get(kw.pop("direct") or "")
    return Filters(
        speaker=kw.pop("speaker"),
        speaker_type=kw.pop("speaker_type"),
        in_=kw.pop("in_"),
        direct=direct,
        cue=kw.pop("cue"),
        person=kw.pop("person"),
        place=kw.pop("place"),
        org=kw.pop("org"),
        date_from=kw.pop("date_from"),
        date_to=kw.pop("date_to"),
        agency=kw.pop("agency"),
        doc=kw.pop("doc", None),
    )


# --- query matching --------------------------------------------------------------------------

# --regex and --inflect mean the same on every command that takes a QUERY (kwic, search,
# export, collocates, ngrams, dispersion); --case-sensitive differs in statistics (there it
# separates word forms), so each side has its own.
MATCH_OPTIONS: list[Callable[..., Any]] = [
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

explain_option = click.option(
    "--explain",
    is_flag=True,
    help="Show how the query was parsed (and what patterns expand to); no search.",
)

query_case_option = click.option(
    "--case-sensitive", is_flag=True, help="Match the case of the query words exactly."
)

stats_case_option = click.option(
    "--case-sensitive", is_flag=True, help="Tell word forms apart by case (default: lowercase)."
)


def query_options(func: F) -> F:
    """--explain, --case-sensitive, --regex, --inflect (search, kwic, export)."""
    return apply_options(func, [explain_option, query_case_option, *MATCH_OPTIONS])


def stats_query_options(func: F) -> F:
    """--case-sensitive (word forms), --regex, --inflect (statistics taking a QUERY)."""
    return apply_options(func, [stats_case_option, *MATCH_OPTIONS])


# --- output ----------------------------------------------------------------------------------


def format_option(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="table",
        show_default=True,
        help="Output format.",
    )


def rows_limit_option(default: int) -> Callable[[F], F]:
    """--limit N for row lists, 0 meaning all (statistics)."""
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=default,
        show_default=True,
        metavar="N",
        help="Show at most N rows (0: all).",
    )


def min_freq_option(default: int, what: str) -> Callable[[F], F]:
    return click.option(
        "--min-freq",
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        metavar="N",
        help=f"Leave out {what} less frequent than N.",
    )


stopwords_option = click.option(
    "--stopwords/--no-stopwords",
    default=True,
    show_default=True,
    help="Keep English function words in the list, or leave them out.",
)


def no_limit(value: int | None) -> int | None:
    """A --limit value for the library: 0 (all) becomes None."""
    return None if value == 0 else value
