"""Ingest: news articles in plain text, JSON or JSON Lines -> :class:`~corpus.model.Article`.

Public API:

* :func:`read_inputs` -- files, folders and "-" (stdin) to a stream of Article | Rejected;
* :func:`read_file` -- one file to Article | Rejected records;
* :func:`article_from_text` -- one plain-text article (wire or blank-line layout);
* :func:`article_from_record` -- one JSON record (TASS, Reuters or compatible field names);
* :func:`make_doc_id`, :func:`unique_id` -- readable, stable, file-name-safe document ids.

Nothing here prints or exits: a missing input raises :class:`~corpus.errors.InputError`; a file
or record that cannot be read is yielded as :class:`~corpus.model.Rejected` with a reason that
says what to do. See the module docstrings of :mod:`.text`, :mod:`.jsonrec`, :mod:`.dateline`
and :mod:`.decode` for the limits of each heuristic.
"""

from __future__ import annotations

from corpus.ingest.ids import make_doc_id, unique_id
from corpus.ingest.jsonrec import article_from_record
from corpus.ingest.reader import read_bytes, read_file, read_inputs
from corpus.ingest.text import article_from_text

__all__ = [
    "article_from_record",
    "article_from_text",
    "make_doc_id",
    "read_bytes",
    "read_file",
    "read_inputs",
    "unique_id",
]
