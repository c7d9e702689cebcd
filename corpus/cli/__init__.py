"""The `corpus` command line: a thin click layer over the library.

Each command parses options, calls one library function and renders the result. Library errors
(CorpusError subclasses) become a one-line message on stderr and the error's exit code; nothing
else is caught, so real bugs keep their traceback. Command modules are imported here, and each
keeps its heavy imports inside the command body so `corpus kwic` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from corpus.errors import CorpusError
from corpus.settings import TOOL_VERSION

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn a CorpusError into `Error: ...` on stderr and the error's exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CorpusError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `corpus kwic x | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(TOOL_VERSION, prog_name="corpus")
def cli() -> None:
    """Annotate news articles as TEI, index them, and search them with quotation-aware KWIC."""


def main() -> None:
    cli()


# Command modules register themselves on `cli`; imported last so they can use the helpers above.
from corpus.cli import evaluate, pipeline, query, serve, stats  # noqa: E402,F401
