"""`corpus` commands: statistics (freq, collocates, ngrams, keyness, dispersion).

Each command calls one function of :mod:`corpus.stats` and renders its records as a table
(with a summary line above it), TSV, CSV (a header row, then one row per record), JSON Lines
(one object per record) or JSON (``{"summary": {...}, "rows": [...]}``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from corpus.cli import cli, handle_errors
from corpus.cli.options import (
    filter_options,
    format_option,
    index_option,
    make_filters,
    min_freq_option,
    no_limit,
    rows_limit_option,
    stats_case_option,
    stats_query_options,
    stopwords_option,
)
from corpus.render import STATS_COLUMNS, Column, columns_table, write_records
from corpus.settings import COLLOCATE_WINDOW, MIN_FREQ, TABLE_LIMIT

# --- rendering -------------------------------------------------------------------------------


def _render(fmt: str, columns: Sequence[Column], result: Any, headline: str) -> None:
    """The result's rows in ``fmt``; the table has the headline above it, JSON the summary."""
    summary = {k: v for k, v in asdict(result).items() if k != "rows"}
    write_records(
        result.rows,
        fmt,
        sys.stdout,
        fields=[c.name for c in columns],
        table=columns_table(columns, headline=headline, empty="(no rows)"),
        summary=summary,
    )


# --- commands --------------------------------------------------------------------------------


@cli.command("freq")
@index_option
@filter_options
@stats_case_option
@min_freq_option(MIN_FREQ["freq"], "words")
@rows_limit_option(TABLE_LIMIT)
@stopwords_option
@format_option()
@handle_errors
def freq_command(
    index: str | None,
    case_sensitive: bool,
    min_freq: int,
    limit: int,
    stopwords: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Frequency list of word forms, over the corpus or the part the filters select.

    Words are the index's tokens (letters and digits, inner dots kept), lowercased unless
    --case-sensitive. With --speaker X the words counted are those inside X's quotations.
    """
    from corpus.stats import frequencies

    result = frequencies(
        index,
        make_filters(kwargs),
        case_sensitive=case_sensitive,
        min_freq=min_freq,
        limit=no_limit(limit),
        stopwords=stopwords,
    )
    _render(
        fmt,
        STATS_COLUMNS["freq"],
        result,
        f"{result.tokens} tokens, {result.types} types in {result.docs} documents",
    )


@cli.command("collocates")
@click.argument("query")
@index_option
@click.option(
    "--measure",
    type=click.Choice(["pmi", "llr", "t", "dice", "logdice"]),
    default="logdice",
    show_default=True,
    help="Association measure (NLTK's; llr signed, logdice = 14 + log2 dice).",
)
@click.option(
    "--window",
    type=click.IntRange(min=1),
    default=COLLOCATE_WINDOW,
    show_default=True,
    metavar="N",
    help="Words left and right of each hit.",
)
@min_freq_option(MIN_FREQ["collocates"], "collocates observed")
@rows_limit_option(TABLE_LIMIT)
@stopwords_option
@filter_options
@stats_query_options
@format_option()
@handle_errors
def collocates_command(
    query: str,
    index: str | None,
    measure: str,
    window: int,
    min_freq: int,
    limit: int,
    stopwords: bool,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Collocates of QUERY's hits within N words, scored against corpus-wide frequencies.

    observed: occurrences inside the windows; expected: what the window size and the word's
    corpus frequency predict; frequency: the word's corpus-wide frequency.
    """
    from corpus.stats import collocates

    result = collocates(
        query,
        index,
        make_filters(kwargs),
        measure=measure,
        window=window,
        min_freq=min_freq,
        limit=no_limit(limit),
        stopwords=stopwords,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
    )
    _render(
        fmt,
        STATS_COLUMNS["collocates"],
        result,
        f"{result.query}: {result.hits} hits in {result.docs} documents; window ±{result.window}"
        f" ({result.window_tokens} tokens of {result.corpus_tokens}); measure {result.measure}",
    )


@cli.command("ngrams")
@click.argument("query", required=False)
@index_option
@click.option(
    "--n",
    "n",
    type=click.IntRange(2, 5),
    default=2,
    show_default=True,
    help="Words per n-gram (2 to 5).",
)
@min_freq_option(MIN_FREQ["ngrams"], "n-grams")
@rows_limit_option(TABLE_LIMIT)
@filter_options
@stats_query_options
@format_option()
@handle_errors
def ngrams_command(
    query: str | None,
    index: str | None,
    n: int,
    min_freq: int,
    limit: int,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """N-gram clusters: all of them, or those containing a hit of QUERY.

    N-grams stay inside one sentence and inside the part the filters select.
    """
    from corpus.stats import ngrams

    result = ngrams(
        index,
        n,
        query,
        make_filters(kwargs),
        min_freq=min_freq,
        limit=no_limit(limit),
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
    )
    what = f" containing {result.query}" if result.query else ""
    _render(
        fmt,
        STATS_COLUMNS["ngrams"],
        result,
        f"{result.total} {n}-grams{what}, {result.types} distinct",
    )


@cli.command("keyness")
@index_option
@click.option(
    "--reference",
    type=click.Choice(["all", "quote", "narration"]),
    default="all",
    show_default=True,
    help="Compare with the rest of the corpus, the other quotations, or the narration.",
)
@filter_options
@click.option(
    "--direction",
    type=click.Choice(["over", "under", "both"]),
    default="over",
    show_default=True,
    help="Words the speaker uses more (over), less (under) than the reference, or both.",
)
@stats_case_option
@min_freq_option(MIN_FREQ["keyness"], "words (in the target for over, the reference for under)")
@rows_limit_option(TABLE_LIMIT)
@stopwords_option
@format_option()
@handle_errors
def keyness_command(
    index: str | None,
    reference: str,
    direction: str,
    case_sensitive: bool,
    min_freq: int,
    limit: int,
    stopwords: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Keywords of one speaker's quotations (--speaker X) against a reference.

    The target is what the hit filters keep (--speaker, and --direct/--indirect, --cue or
    --in); the reference is, in the same documents, the rest (all), the other quotations
    (quote) or the narration.
    G2 is the log-likelihood (Rayson & Garside); log ratio is log2 of the ratio of the
    relative frequencies (a zero counted as 0.5); p is G2's chi-square p-value (1 d.f.).
    """
    from corpus.stats import keyness

    result = keyness(
        index,
        make_filters(kwargs),
        reference,
        case_sensitive=case_sensitive,
        min_freq=min_freq,
        limit=no_limit(limit),
        stopwords=stopwords,
        direction=direction,
    )
    _render(
        fmt,
        STATS_COLUMNS["keyness"],
        result,
        f"{result.target} ({result.target_tokens} tokens) against {result.reference} "
        f"({result.reference_tokens} tokens)",
    )


@cli.command("dispersion")
@click.argument("query")
@index_option
@click.option(
    "--by",
    type=click.Choice(["month", "year"]),
    default="month",
    show_default=True,
    help="Period of the rows.",
)
@click.option(
    "--fill-gaps/--no-fill-gaps",
    default=True,
    show_default=True,
    help="Every period from the first to the last is a row (0 where there are no documents), "
    "or only the periods with documents.",
)
@click.option(
    "--plot",
    "plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE.png",
    help="Also write a bar chart of the hits per million words as a PNG.",
)
@click.option(
    "--plot-value",
    type=click.Choice(["per-million", "hits"]),
    default="per-million",
    show_default=True,
    help="What the chart shows.",
)
@filter_options
@stats_query_options
@format_option()
@handle_errors
def dispersion_command(
    query: str,
    index: str | None,
    by: str,
    fill_gaps: bool,
    plot: Path | None,
    plot_value: str,
    case_sensitive: bool,
    regex: bool,
    inflect: bool,
    fmt: str,
    **kwargs: Any,
) -> None:
    """Hits of QUERY per month or year, and per million words of that period."""
    from corpus.plot import plot_dispersion
    from corpus.stats import dispersion

    result = dispersion(
        query,
        index,
        make_filters(kwargs),
        by=by,
        fill_gaps=fill_gaps,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
    )
    if plot is not None:
        plot_dispersion(result, plot, value=plot_value.replace("-", "_"))
        click.echo(f"plot written to {plot}", err=True)
    _render(
        fmt,
        STATS_COLUMNS["dispersion"],
        result,
        f"{result.query}: {result.hits} hits in {result.hit_docs} documents, "
        f"{result.periods_with_hits} of {len(result.rows)} periods"
        + (
            f" ({result.periods_without_docs} without documents)"
            if result.periods_without_docs
            else ""
        )
        + f"; {result.words} words",
    )
