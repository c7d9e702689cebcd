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
- :mod:`~corpus.index.worker`: TEI parsing in a second process while the writer indexes;
- :mod:`~corpus.index.whoosh_import`: Whoosh imported without the HTTP client it never uses
  (done here, before any module of the package imports Whoosh).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from corpus.index.whoosh_import import install

install()

# Names are re-exported lazily (PEP 562): a search imports the read side (records, store) without
# the writer, its worker and the schema.
_EXPORTS: dict[str, str] = {
    "LOCK_FILE": "corpus.index.lock",
    "writer_lock": "corpus.index.lock",
    "document_from_data": "corpus.index.payload",
    "document_to_data": "corpus.index.payload",
    "DIRECT_KINDS": "corpus.index.records",
    "EMPTY_QUOTES": "corpus.index.records",
    "QUOTE_KINDS": "corpus.index.records",
    "UNKNOWN_SPEAKER": "corpus.index.records",
    "DocInfo": "corpus.index.records",
    "Quote": "corpus.index.records",
    "QuoteData": "corpus.index.records",
    "quote_data": "corpus.index.records",
    "quote_index": "corpus.index.records",
    "read_info": "corpus.index.records",
    "FIELD_NAMES": "corpus.index.schema",
    "FIELDS": "corpus.index.schema",
    "FieldSpec": "corpus.index.schema",
    "Prepared": "corpus.index.schema",
    "document_hash": "corpus.index.schema",
    "document_record": "corpus.index.schema",
    "info_value": "corpus.index.schema",
    "make_schema": "corpus.index.schema",
    "prepare": "corpus.index.schema",
    "INDEX_NAME": "corpus.index.store",
    "META_FILE": "corpus.index.store",
    "SCHEMA_VERSION": "corpus.index.store",
    "CorpusIndex": "corpus.index.store",
    "atomic_write_bytes": "corpus.index.store",
    "docnum_for": "corpus.index.store",
    "document_source": "corpus.index.store",
    "load_document": "corpus.index.store",
    "open_index": "corpus.index.store",
    "resolve_index": "corpus.index.store",
    "TOKEN_PATTERN": "corpus.index.terms",
    "TOKEN_RE": "corpus.index.terms",
    "analyzer": "corpus.index.terms",
    "clean_key": "corpus.index.terms",
    "date_bounds": "corpus.index.terms",
    "name_key": "corpus.index.terms",
    "name_keys": "corpus.index.terms",
    "IndexReport": "corpus.index.writer",
    "build_index": "corpus.index.writer",
    "index_tei_dir": "corpus.index.writer",
    "tei_files": "corpus.index.writer",
}

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

if TYPE_CHECKING:
    from corpus.index.lock import (
        LOCK_FILE,
        writer_lock,
    )
    from corpus.index.payload import (
        document_from_data,
        document_to_data,
    )
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
    from corpus.index.writer import (
        IndexReport,
        build_index,
        index_tei_dir,
        tei_files,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus.index' has no attribute {name!r}")
    return getattr(import_module(module), name)
