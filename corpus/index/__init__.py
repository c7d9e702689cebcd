"""The Whoosh index: one Whoosh document per article, its quotation map kept beside it.

Modules, in the order a document goes through them:

- :mod:`~corpus.index.terms`: the token pattern, name keys and date bounds (how values become
  terms; the query side and the statistics use the same definitions);
- :mod:`~corpus.index.records`: the typed records of the read path (:class:`DocInfo`,
  :class:`Quote`) and the innermost-quotation segmentation of a text;
- :mod:`~corpus.index.payload`: a Document as plain data and back (the ``payload`` column);
- :mod:`~corpus.index.schema`: the schema and the Document-to-field mapping, declared as data;
- :mod:`~corpus.index.store`: locating and opening an index, reading one document back;
- :mod:`~corpus.index.lock`: the writer lock;
- :mod:`~corpus.index.writer`: incremental writing (:func:`build_index`, :func:`index_tei_dir`);
- :mod:`~corpus.index.worker`: TEI parsing in a second process while the writer indexes.
"""

from __future__ import annotations

from corpus.index.lock import LOCK_FILE, writer_lock
from corpus.index.payload import document_from_data, document_to_data
from corpus.index.records import (
    DIRECT_KINDS,
    EMPTY_QUOTES,
    QUOTE_KINDS,
    UNKNOWN_SPEAKER,
    DocInfo,
    Quote,
    QuoteData,
    quote_data,
    quote_index,
    read_info,
)
from corpus.index.schema import (
    FIELD_NAMES,
    FIELDS,
    FieldSpec,
    Prepared,
    document_hash,
    document_record,
    info_value,
    make_schema,
    prepare,
)
from corpus.index.store import (
    INDEX_NAME,
    META_FILE,
    SCHEMA_VERSION,
    CorpusIndex,
    atomic_write_bytes,
    docnum_for,
    document_source,
    load_document,
    open_index,
    resolve_index,
)
from corpus.index.terms import (
    TOKEN_PATTERN,
    TOKEN_RE,
    analyzer,
    clean_key,
    date_bounds,
    name_key,
    name_keys,
)
from corpus.index.writer import IndexReport, build_index, index_tei_dir, tei_files

__all__ = [
    "DIRECT_KINDS",
    "EMPTY_QUOTES",
    "FIELDS",
    "FIELD_NAMES",
    "INDEX_NAME",
    "LOCK_FILE",
    "META_FILE",
    "QUOTE_KINDS",
    "SCHEMA_VERSION",
    "TOKEN_PATTERN",
    "TOKEN_RE",
    "UNKNOWN_SPEAKER",
    "CorpusIndex",
    "DocInfo",
    "FieldSpec",
    "IndexReport",
    "Prepared",
    "Quote",
    "QuoteData",
    "analyzer",
    "atomic_write_bytes",
    "build_index",
    "clean_key",
    "date_bounds",
    "docnum_for",
    "document_from_data",
    "document_hash",
    "document_record",
    "document_source",
    "document_to_data",
    "index_tei_dir",
    "info_value",
    "load_document",
    "make_schema",
    "name_key",
    "name_keys",
    "open_index",
    "prepare",
    "quote_data",
    "quote_index",
    "read_info",
    "resolve_index",
    "tei_files",
    "writer_lock",
]
