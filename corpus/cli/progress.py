"""Progress bars for long commands: total, rate and time left, on stderr, only on a terminal.

Every long command (annotate, index, eval, export, bench) draws its bar through
:func:`progress_bar` and takes :data:`quiet_option` (``-q/--quiet``) to silence it. The
library never draws: it reports progress through a callback or is iterated, and the command
turns that into bar updates::

    @quiet_option
    def export(..., quiet: bool) -> None:
        hits = ...
        with progress_bar(total=len(hits), desc="export", unit="docs", quiet=quiet) as bar:
            for hit in hits:
                ...
                bar.update()
        # or: for hit in track(hits, total=..., desc="export", unit="docs", quiet=quiet): ...

A message printed while a bar is drawn goes through ``bar.write(...)`` (it lands above the bar
on stderr, and is printed as usual when no bar is drawn).

The bar is drawn when stderr is a terminal; ``CORPUS_PROGRESS=always`` draws it anyway (a log
file, a CI job, tests) and ``CORPUS_PROGRESS=never`` never does. The drawing is tqdm's: it
shows the total, the rate and the time left out of the box and is already installed (spaCy
and NLTK depend on it); it is imported only when a bar is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, TypeVar

import click

ENV = "CORPUS_PROGRESS"
T = TypeVar("T")

quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar (it is drawn only on a terminal anyway)."
)


def wanted(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether to draw a bar on ``stream`` (default stderr): not with --quiet; with
    CORPUS_PROGRESS=always / never as said; else only when the stream is a terminal."""
    if quiet:
        return False
    mode = os.environ.get(ENV, "").strip().lower()
    if mode in ("always", "1", "yes"):
        return True
    if mode in ("never", "0", "no"):
        return False
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False


class Bar:
    """What a command holds while its bar is drawn (or not): update counts, write messages."""

    def __init__(self, bar: Any | None, stream: TextIO | None) -> None:
        self._bar = bar  # a tqdm, or None when no bar is drawn
        self._stream = stream
        self.n = 0

    @property
    def drawn(self) -> bool:
        return self._bar is not None

    def update(self, n: int = 1) -> None:
        self.n += n
        if self._bar is not None:
            self._bar.update(n)

    def set_total(self, total: int | None) -> None:
        """Set or change the total (when it is known only once the work started)."""
        if self._bar is not None and self._bar.total != total:
            self._bar.total = total
            self._bar.bar_format = _format(total)
            self._bar.refresh()

    def set_description(self, desc: str) -> None:
        if self._bar is not None:
            self._bar.set_description_str(desc)

    def write(self, message: str) -> None:
        """Print a line on stderr above the bar (or as usual when there is no bar)."""
        if self._bar is not None:
            self._bar.write(message, file=self._stream)
        else:
            click.echo(message, err=True)


@contextmanager
def progress_bar(
    total: int | None,
    *,
    desc: str,
    unit: str = "items",
    quiet: bool = False,
    stream: TextIO | None = None,
) -> Iterator[Bar]:
    """A bar over ``total`` units (None: unknown, then only the count and the rate are shown).

    Drawn on ``stream`` (default stderr) when :func:`wanted`; the bar is closed (its last state
    left on the line) on exit, also on an error.
    """
    if not wanted(quiet, stream):
        yield Bar(None, None)
        return
    from tqdm import tqdm

    out = stream if stream is not None else sys.stderr
    forced = not _isatty(out)
    bar = tqdm(
        total=total,
        desc=desc,
        unit=f" {unit}",
        file=out,
        dynamic_ncols=not forced,
        ncols=80 if forced else None,  # no terminal to measure: a fixed width
        bar_format=_format(total),
        mininterval=0.2,
        smoothing=0.1,  # the rate and time left follow the recent pace, not the first seconds
        leave=True,
    )
    try:
        yield Bar(bar, out)
    finally:
        bar.close()


def track(
    items: Iterable[T],
    *,
    total: int | None,
    desc: str,
    unit: str = "items",
    quiet: bool = False,
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield ``items`` one by one, drawing a bar that counts them."""
    with progress_bar(total, desc=desc, unit=unit, quiet=quiet, stream=stream) as bar:
        for item in items:
            yield item
            bar.update()


def callback(bar: Bar, finishing: str | None = None) -> Callable[[int, int | None], None]:
    """A ``progress(done, total)`` callback (the library's convention) that moves ``bar``;
    ``finishing`` replaces the bar's description once done reaches the total (for work that
    follows the counted part, such as an index commit)."""

    def report(done: int, total: int | None) -> None:
        bar.set_total(total)
        if done > bar.n:
            bar.update(done - bar.n)
        if finishing and total is not None and done >= total:
            bar.set_description(finishing)

    return report


def _format(total: int | None) -> str:
    """tqdm's layout, with the rate always as units per second (tqdm's default turns a slow
    rate into "9.77s/ articles")."""
    if total is None:
        return "{desc}: {n_fmt} [{elapsed}, {rate_noinv_fmt}{postfix}]"
    return (
        "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
        "[{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]"
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
