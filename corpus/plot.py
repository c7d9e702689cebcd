"""The dispersion of a query over time as a bar chart (matplotlib, Agg canvas, no pyplot).

Rendering only: :func:`corpus.stats.dispersion` counts; this module draws its result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.errors import QueryError
from corpus.stats import NO_DATE, DispersionResult


def dispersion_figure(result: DispersionResult, *, value: str = "per_million") -> Any:
    """A matplotlib Figure (Agg canvas, no pyplot) of the dispersion: one bar per period.

    Every dated period of ``result`` is a bar (0 where there are no hits); the periods without
    any document are shaded grey and named in the legend, so a zero there reads as "no data",
    not as "no hits". ``(no date)`` is left out of the time axis.
    """
    if value not in ("per_million", "hits"):
        raise QueryError(f"plot value must be per_million or hits, not {value!r}")
    rows = [r for r in result.rows if r.period != NO_DATE]
    if not rows:
        raise QueryError("nothing to plot: no dated documents in this part of the corpus")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [r.period for r in rows]
    values = [(r.per_million or 0.0) if value == "per_million" else float(r.hits) for r in rows]
    fig = Figure(figsize=(max(6.0, min(0.35 * len(rows) + 2, 24.0)), 4.0), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar(range(len(rows)), values, color="#4c72b0", label=f"{value.replace('_', ' ')}")
    empty = [i for i, r in enumerate(rows) if r.docs == 0]
    for n, (a, b) in enumerate(_runs(empty)):
        ax.axvspan(
            a - 0.5,
            b + 0.5,
            color="#bbbbbb",
            alpha=0.5,
            linewidth=0,
            label="no documents" if n == 0 else None,
        )
    if empty:
        ax.legend(loc="best", fontsize=8)
    step = max(1, len(rows) // 30)
    ax.set_xticks(range(0, len(rows), step))
    ax.set_xticklabels(labels[::step], rotation=60, ha="right", fontsize=8)
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.set_ylabel("hits per million words" if value == "per_million" else "hits")
    ax.set_xlabel(result.by)
    title = f"{result.query}: {result.hits} hits in {result.hit_docs} documents"
    if empty:
        title += f"; {len(empty)} of {len(rows)} periods without documents"
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _runs(indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs of sorted integers as (first, last) pairs."""
    start = prev = None
    for i in indexes:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            yield start, prev
            start = prev = i
    if start is not None:
        yield start, prev


def plot_dispersion(
    result: DispersionResult, path: str | os.PathLike[str], *, value: str = "per_million"
) -> Path:
    """Write :func:`dispersion_figure` as a PNG (``per_million`` or ``hits`` per period).

    The file is written to a temporary file beside ``path`` and renamed over it, so a reader
    never sees half a PNG.
    """
    from corpus.fsutil import output_file

    fig = dispersion_figure(result, value=value)
    target = Path(path)
    with output_file(target, "wb") as fh:
        fig.savefig(fh, format="png")
    return target
