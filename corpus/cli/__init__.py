"""The `corpus` command line: a thin click layer over the library.

Each command parses options, calls one library function and renders the result. Library errors
(CorpusError subclasses) become a one-line message on stderr and the error's exit code; nothing
else is caught, so real bugs keep their traceback. A command's module is imported when the
command is looked up (:class:`LazyGroup`), and each keeps its heavy imports inside the command
body, so `corpus kwic` starts fast.
"""

from __future__ import annotations

import importlib
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


# Which module defines each command: `corpus kwic` imports corpus.cli.query alone, not the
# annotation, evaluation, statistics and server commands (and what they import). A command
# missing here is still found (every module is then imported); tests check the map.
COMMAND_MODULES = {
    "annotate": "pipeline",
    "index": "pipeline",
    "validate": "pipeline",
    "search": "query",
    "kwic": "query",
    "export": "query",
    "freq": "stats",
    "ngrams": "stats",
    "collocates": "stats",
    "keyness": "stats",
    "dispersion": "stats",
    "speakers": "speakers",
    "eval": "evaluate",
    "serve": "serve",
}
MODULES = ("evaluate", "pipeline", "query", "serve", "speakers", "stats")


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is looked up.

    ``commands`` (click's public mapping) is complete when read: reading it imports every
    command module, as ``--help`` does; looking one command up imports its module alone.
    """

    _loaded = False

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        if not self._loaded:
            self._loaded = True
            for module in MODULES:
                importlib.import_module(f"corpus.cli.{module}")
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:  # click.Group.__init__
        self._commands = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # click's own would store through .commands, importing every module (not a chain group)
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self._commands.get(cmd_name)
        if found is None and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"corpus.cli.{COMMAND_MODULES[cmd_name]}")
            found = self._commands.get(cmd_name)
        return found if found is not None else self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(TOOL_VERSION, prog_name="corpus")
def cli() -> None:
    """Annotate news articles as TEI, index them, and search them with quotation-aware KWIC."""


def main() -> None:
    cli()
