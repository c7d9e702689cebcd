"""What `corpus annotate` gives a user, as evaluations see it: ingest, annotate, TEI, read back.

Every evaluation scores :func:`read_back` of an article, never the annotator's in-memory
``Document``: the TEI writer resolves overlaps (a name crossing a quotation or sentence boundary
is left unmarked, quotations are cut into fragments at block boundaries), and only what survives
that is what a user searches, exports and counts. :func:`tei_bytes` is the annotate-and-write
step of the batch annotator (``corpus.batch._work`` writes ``write_tei(annotate(article))``,
the same two calls) and :func:`ingest_file` / :func:`ingest_text` are the batch annotator's
readers (``corpus.ingest.read_file`` / ``read_bytes``), so a figure is what ``corpus annotate``
writes for the same input.

Limits: the article is annotated in this process (no worker pool); the TEI is validated only as
far as :func:`corpus.tei.read_tei` checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corpus.model import Article, Document, Rejected

Annotate = Callable[[Article], Document]


def default_annotate() -> Annotate:
    """The project's annotator (imported on first use: it loads spaCy)."""
    from corpus.annotate import annotate

    return annotate


def tei_bytes(article: Article, annotate: Annotate | None = None) -> bytes:
    """The TEI file `corpus annotate` writes for ``article`` (``annotate`` replaces the
    project's annotator, for tests and experiments)."""
    from corpus.tei import write_tei

    return write_tei((annotate or default_annotate())(article))


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
