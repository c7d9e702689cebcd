"""Locating and opening an index, its metadata file, and reading one document back.

An index is a folder: the Whoosh files (index name ``MAIN``, segments written as separate files)
and ``corpus-index.json`` (schema version, tool version, the TEI folder it mirrors). A bare name
lives under ``settings.INDEXES_DIR``; anything with a path separator is a path.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import settings
from corpus.errors import IndexMissing

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from corpus.model import Document  # not at run time: the query path never builds one

SCHEMA_VERSION = 4  # 4: speaker key and type (Quote rows, spkey and sptype fields)
META_FILE = "corpus-index.json"
INDEX_NAME = "MAIN"
SHARDS_MANIFEST = "corpus-shards.json"  # see corpus.index.shards


def resolve_index(name_or_path: str | os.PathLike[str] | None) -> Path:
    """A bare name -> ``settings.INDEXES_DIR / name``; a value with a path separator -> a path."""
    if name_or_path is None or str(name_or_path) == "":
        return settings.INDEXES_DIR / settings.DEFAULT_INDEX
    value = os.fspath(name_or_path)
    if isinstance(name_or_path, Path) or "/" in value or os.sep in value or value in (".", ".."):
        return Path(value)
    return settings.INDEXES_DIR / value


def display_name(path: Path) -> str:
    """How to name the index in advice: its bare name when it lives in INDEXES_DIR."""
    try:
        if path.resolve().parent == settings.INDEXES_DIR.resolve():
            return path.name
    except OSError:
        pass
    return str(path)


class CorpusIndex:
    """An open index: the Whoosh index, its folder and its metadata."""

    def __init__(self, path: Path, ix: Index | None, meta: dict[str, Any]) -> None:
        self.path = path
        self.ix = ix
        self.meta = meta

    @property
    def tei_dir(self) -> Path | None:
        value = self.meta.get("tei_dir")
        return Path(value) if value else None

    def searcher(self) -> Searcher:
        s = self.ix.searcher()
        # the hit path reads documents in id order; True when docnum order is id order
        # (recorded by the writer), None for an index written before that was recorded
        s._corpus_parts = [(0, s.reader().doc_count_all(), self.meta.get("id_order", None))]
        return s

    def doc_count(self) -> int:
        return self.ix.doc_count()

    def __repr__(self) -> str:
        return f"CorpusIndex({str(self.path)!r})"


def read_meta(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IndexMissing(f"index {path} has an unreadable {META_FILE}: {exc}") from exc


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    atomic_write_bytes(path / META_FILE, (json.dumps(meta, indent=1) + "\n").encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically: a temporary file in the same folder, then os.replace."""
    from corpus.fsutil import atomic_write

    atomic_write(Path(path), data)


def open_index(index: str | os.PathLike[str] | CorpusIndex | None) -> CorpusIndex:
    """Open an existing index; :class:`IndexMissing` (with what to run) when there is none."""
    if isinstance(index, CorpusIndex):
        return index
    from whoosh import index as windex
    from whoosh.index import EmptyIndexError

    path = resolve_index(index)
    advice = f"build it with `corpus index TEI_DIR --index {display_name(path)}`"
    if not path.is_dir():
        raise IndexMissing(f"no index at {path}; {advice}")
    if (path / SHARDS_MANIFEST).is_file():  # a sharded index (corpus.index.shards)
        from corpus.index.shards import open_sharded

        return open_sharded(path)
    meta = read_meta(path)
    try:
        ix = windex.open_dir(str(path), indexname=INDEX_NAME)
    except (EmptyIndexError, FileNotFoundError) as exc:
        raise IndexMissing(f"no index at {path}; {advice}") from exc
    if meta is None or meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissing(
            f"{path} is not an index of this version of corpus; rebuild it with "
            f"`corpus index TEI_DIR --index {display_name(path)} --rebuild`"
        )
    return CorpusIndex(path, ix, meta)


def docnum_for(searcher: Searcher, doc_id: str) -> int | None:
    return searcher.document_number(doc=doc_id)


def _existing_docnum(cix: CorpusIndex, searcher: Searcher, doc_id: str) -> int:
    from corpus.errors import QueryError

    n = docnum_for(searcher, doc_id)
    if n is None:
        raise QueryError(f"no document {doc_id!r} in index {cix.path}")
    return n


def load_document(index: str | os.PathLike[str] | CorpusIndex | None, doc_id: str) -> Document:
    """The Document indexed as ``doc_id``: from the payload column when it was built from
    Documents, else from the TEI bytes it was read from (kept in the ``tei`` column)."""
    cix = open_index(index)
    with cix.searcher() as s:
        n = _existing_docnum(cix, s, doc_id)
        r = s.reader()
        data = r.column_reader("payload")[n]
        if data:
            from corpus.index.payload import document_from_data

            return document_from_data(data)
        packed = r.column_reader("tei")[n]
    from corpus.tei import read_tei

    return read_tei(zlib.decompress(packed))


def document_source(
    index: str | os.PathLike[str] | CorpusIndex | None, doc_id: str
) -> tuple[str, str]:
    """(TEI path, content hash) recorded for a document ("" path when built from records)."""
    cix = open_index(index)
    with cix.searcher() as s:
        n = _existing_docnum(cix, s, doc_id)
        r = s.reader()
        return col_str(r.column_reader("source")[n]), col_str(r.column_reader("hash")[n])


def col_str(value: Any) -> str:
    """A bytes column value as text."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
