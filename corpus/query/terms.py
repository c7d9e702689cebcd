"""Multi-term queries of our own: every inflected form of a word, and a regex over whole terms.

Both are Whoosh ``MultiTerm`` queries: they expand to the index terms they reach (``_btexts``)
when matched, so a form that does not occur costs nothing. Equality and hashing are on
(class, field, text), which Whoosh uses to dedupe queries. This module imports Whoosh: import it
where a query is parsed or matched, not on start-up paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.query.terms import MultiTerm

from corpus.errors import QueryError
from corpus.query.inflect import inflections


class _FieldText(MultiTerm):
    """Equality and hashing on (class, field, text), which Whoosh uses to dedupe queries."""

    fieldname: str
    text: str

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and other.fieldname == self.fieldname  # type: ignore[attr-defined]
            and other.text == self.text  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fieldname, self.text))


class Inflected(_FieldText):
    """Every inflected form of a word that occurs in the field (:func:`inflections`)."""

    def __init__(self, fieldname: str, text: str, boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.text = text
        self.boost = boost

    def __repr__(self) -> str:
        return f"Inflected({self.fieldname!r}, {self.text!r})"

    def __str__(self) -> str:
        return f"{self.fieldname}:{self.text}+inflections"

    def _btexts(self, ixreader: Any) -> list[bytes]:
        out = []
        for form in sorted(inflections(self.text)):
            if (self.fieldname, form) in ixreader:
                out.append(form.encode("utf-8"))
        return out


class TermRegex(_FieldText):
    """Terms that a regular expression matches as a whole.

    Index terms are lowercase, so the pattern matches them case-insensitively; with
    ``case_sensitive`` the case is checked on each hit's text instead (see
    :mod:`corpus.query.parse`). Matching walks the field's whole lexicon.
    """

    def __init__(
        self, fieldname: str, text: str, boost: float = 1.0, case_sensitive: bool = False
    ) -> None:
        self.fieldname = fieldname
        self.text = text
        self.boost = boost
        self.case_sensitive = case_sensitive
        try:
            self.pattern = re.compile(text, re.IGNORECASE)
        except re.error as exc:
            raise QueryError(f"bad regular expression /{text}/: {exc}") from exc

    def __repr__(self) -> str:
        return f"TermRegex({self.fieldname!r}, {self.text!r})"

    def __str__(self) -> str:
        return f"{self.fieldname}:/{self.text}/"

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        match = self.pattern.fullmatch
        for btext in ixreader.lexicon(self.fieldname):
            if match(btext.decode("utf-8")):
                yield btext
