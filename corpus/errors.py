"""Typed errors: the library raises these; the CLI turns them into a message and an exit code."""

from __future__ import annotations


class CorpusError(Exception):
    """Base of every error the toolkit raises on purpose.

    ``param`` names the library parameter the error is about (``min_freq``), when there is
    one: messages speak of parameters, and a front end can name its own spelling of it (the
    CLI adds ``--min-freq``).
    """

    exit_code = 1

    def __init__(self, *args: object, param: str | None = None) -> None:
        super().__init__(*args)
        self.param = param


class InputError(CorpusError):
    """An input file or record cannot be read as an article."""

    exit_code = 2


class AnnotationError(CorpusError):
    """The annotator failed on an article."""


class InvalidTEI(CorpusError):
    """A TEI document is malformed, unsafe or invalid against the schemas."""

    exit_code = 3


class IndexMissing(CorpusError):
    """No index exists at the given name or path."""

    exit_code = 4


class IndexLocked(CorpusError):
    """Another process is writing the index."""

    exit_code = 5


class QueryError(CorpusError):
    """A query or filter cannot be parsed."""

    exit_code = 6


class ModelMissing(CorpusError):
    """A language model package is not installed."""

    exit_code = 7


class OutputError(CorpusError):
    """An output file (export, plot) cannot be written."""

    exit_code = 8
