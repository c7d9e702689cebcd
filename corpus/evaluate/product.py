"""What `corpus annotate` gives a user, as evaluations see it: ingest, annotate, TEI, read back.

Every evaluation scores :func:`read_back` of an article, never the annotator's in-memory
``Document``: the TEI writer resolves overlaps (a name crossing a quotation or sentence boundary
is left unmarked, quotations are cut into fragments at block boundaries), and only what survives
that is what a user searches, exports and counts. :func:`tei_bytes` is the annotate-and-write
step of the batch annotator (both call :func:`corpus.annotate.annotated_tei`) and
:func:`ingest_file` / :func:`ingest_text` are the batch annotator's
readers (``corpus.ingest.read_file`` / ``read_bytes``), so a figure is what ``corpus annotate``
writes for the same input.

Limits: the article is annotated in this process (no worker pool); the TEI is validated only as
far as :func:`corpus.tei.read_tei` checks it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from corpus.evaluate.matching import Fragments
from corpus.model import Article, Document, Rejected, Span

Annotate = Callable[[Article], Document]
#: ``progress(done, total)``: the library's progress callback (the CLI draws the bar).
Progress = Callable[[int, "int | None"], None]

SCORED_TEI = "the TEI that corpus annotate writes, read back"
SCORED_FINDER = "the entity finder alone, on the ingested text"


def tei_bytes(article: Article, annotate: Annotate | None = None) -> bytes:
    """The TEI file `corpus annotate` writes for ``article`` (``annotate`` replaces the
    project's annotator, for tests and experiments): the batch annotator's own function."""
    from corpus.annotate import annotated_tei

    return annotated_tei(article, annotate)


def read_back(article: Article, annotate: Annotate | None = None) -> Document:
    """The annotated document as the user gets it: its TEI file read back with ``read_tei``."""
    from corpus.tei import read_tei

    return read_tei(tei_bytes(article, annotate))


def ingest_file(path: Path | str) -> list[Article | Rejected]:
    """The articles (or rejections) `corpus annotate` reads from one input file."""
    from corpus.ingest import read_file

    return list(read_file(path))


def ingest_text(text: str, source: str) -> Article | Rejected:
    """One plain-text article read the way `corpus annotate` reads a ``.txt`` file."""
    from corpus.ingest import read_bytes

    records = list(read_bytes(text.encode("utf-8"), source, "text"))
    return records[0] if records else Rejected(source, None, "no article in the text")


class Aligner:
    """Map offsets of a source text onto another version of it (the ingested text, the TEI body).

    The ingester may normalise the text (CRLF to LF, trailing whitespace stripped, characters
    replaced). When the texts are equal or one is a prefix of the other, offsets are kept;
    otherwise they are mapped through a character diff (a replaced run of the same length maps
    one to one), and a gold span whose characters were removed shrinks accordingly.
    """

    def __init__(self, source: str, target: str) -> None:
        self.identity = source.startswith(target) or target.startswith(source)
        self.limit = len(target)
        self.ops: list[tuple[str, int, int, int, int]] = []
        if not self.identity:
            matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
            self.ops = matcher.get_opcodes()

    def _map(self, pos: int, *, end: bool) -> int:
        if self.identity:
            return min(pos, self.limit)
        for tag, i1, i2, j1, j2 in self.ops:
            if i1 <= pos < i2 or (pos == i2 and end):
                if tag == "equal" or (i2 - i1) == (j2 - j1):
                    return j1 + (pos - i1)
                return j2 if end else j1
        return self.limit

    def span(self, frag: Span) -> Span:
        start = self._map(frag.start, end=False)
        return Span(start, max(start, self._map(frag.end, end=True)))

    def frags(self, frags: Fragments) -> Fragments:
        return tuple(self.span(f) for f in frags)
