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

from corpus.cli.options import apply_options, index_option
from corpus.errors import CorpusError
from corpus.settings import TOOL_VERSION

__all__ = ["apply_options", "cli", "handle_errors", "index_option", "main"]  # options re-exported

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn a CorpusError into `Error: ...` on stderr and the error's exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CorpusError as exc:
            click.echo(f"Error: {exc}{_option_note(exc, click.get_current_context())}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `corpus kwic x | head`
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def _option_note(exc: CorpusError, ctx: click.Context) -> str:
    """`` (option --min-freq)`` when the error names a parameter this command has as an option."""
    if exc.param is None:
        return ""
    for param in ctx.command.params:
        if param.name == exc.param and isinstance(param, click.Option):
            return f" (option {param.opts[0]})"
    return ""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(TOOL_VERSION, prog_name="corpus")
def cli() -> None:
    """Annotate news articles as TEI, index them, and search them with quotation-aware KWIC."""


def main() -> None:
    cli()


# Command modules register themselves on `cli`; imported last so they can use the helpers above.
from corpus.cli import evaluate, pipeline, query, serve, speakers, stats  # noqa: E402, F401
