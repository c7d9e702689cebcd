"""The index writer: incremental by content hash, atomic commits, a TEI folder mirrored.

Each document carries a content hash (of its TEI bytes, or of the Document when built from
records); unchanged documents are skipped, changed ones replaced and ones whose TEI file has
gone removed. Whoosh commits are atomic (a new TOC file replaces the old one), so a writer
killed at any point leaves the previous commit readable; a second writer is refused with
:class:`~corpus.errors.IndexLocked` (:mod:`corpus.index.lock`). Segments are written as
separate files (``compound=False``): Whoosh copies a compound segment's column data into memory
each time a column reader opens it (60 ms per query on Reuters). TEI files are parsed in a
second process while this one writes (:mod:`corpus.index.worker`).

Why a record per article with stored quotation spans, not a record per quotation segment:
measured on Reuters-21578 (19,043 articles) with synthetic quotations (every "X said"
sentence an indirect quotation, quoted strings direct), listing every hit of ``oil`` (4,228):

    filter            per article (this)   per segment (prototype)
    none                    39 ms                 65 ms
    --in quote              42 ms                 13 ms
    --in narration          30 ms                 30 ms
    --direct                 6 ms                  3 ms
    --speaker X              4 ms                  2 ms

Filters cost little either way (a document prefilter on the ``speaker``/``qkind``/``cue``
keywords, then one binary search per hit), while the unfiltered listing, ranking whole
documents and phrases that cross a quotation boundary all favour one record per article; the
segment design also needs offset-shifted analysis and a join back to the article text.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from corpus import settings
from corpus.errors import CorpusError, IndexMissing
from corpus.index.lock import writer_lock
from corpus.index.schema import document_hash, document_record, make_schema, prepare
from corpus.index.store import (
    INDEX_NAME,
    SCHEMA_VERSION,
    col_str,
    display_name,
    read_meta,
    resolve_index,
    write_meta,
)
from corpus.index.worker import Task, results
from corpus.model import Document

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.reading import IndexReader


@dataclass(frozen=True)
class IndexReport:
    """What an indexing run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    total: int = 0
    seconds: float = 0.0
    problems: tuple[str, ...] = ()  # TEI files that could not be read, duplicate ids
    path: Path | None = None  # the index folder


class _Existing(NamedTuple):
    doc: str
    hash: str
    source: str
    stat: str = ""


def _existing(reader: IndexReader) -> dict[str, _Existing]:
    """doc id -> (hash, source, stat) of the live documents, read from columns."""
    if reader.doc_count_all() == 0:  # no segment yet (a first build killed before its
        return {}  # commit): Whoosh's empty reader has no columns
    docs = reader.column_reader("doc")
    hashes = reader.column_reader("hash")
    sources = reader.column_reader("source")
    stats = reader.column_reader("stat")
    out: dict[str, _Existing] = {}
    for n in reader.all_doc_ids():
        doc_id = col_str(docs[n])
        out[doc_id] = _Existing(doc_id, col_str(hashes[n]), col_str(sources[n]), col_str(stats[n]))
    return out


def _codec() -> Any:
    """Whoosh's codec without zlib on posting blocks: compressing each block was about a fifth
    of the writing time on Reuters, for an index about a third larger (reading gets no slower).
    """
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)


def _open_for_writing(path: Path, rebuild: bool) -> tuple[Index, bool]:
    """Open (or create) the Whoosh index at ``path``; True when it was just created."""
    from whoosh import index as windex

    meta = read_meta(path) if path.is_dir() else None
    exists = path.is_dir() and windex.exists_in(str(path), indexname=INDEX_NAME)
    if exists and meta is not None and meta.get("schema_version") == SCHEMA_VERSION:
        return windex.open_dir(str(path), indexname=INDEX_NAME), False
    if exists and not rebuild:
        raise IndexMissing(
            f"{path} is not an index of this version of corpus; rebuild it with "
            f"`corpus index TEI_DIR --index {display_name(path)} --rebuild`"
        )
    path.mkdir(parents=True, exist_ok=True)
    write_meta(path, {"schema_version": SCHEMA_VERSION, "tool_version": settings.TOOL_VERSION})
    return windex.create_in(str(path), make_schema(), indexname=INDEX_NAME), True


@dataclass(frozen=True)
class _Item:
    """One document to index, as the writer loop takes it.

    ``load`` builds the Document (called only when the hash is new); ``ready`` is the
    (doc id, field values) a worker process already made; ``error`` a reason it could not.
    An item with neither has the hash already indexed for its source.
    """

    source: str
    digest: str
    load: Callable[[], Document] | None = None
    stat: str = ""
    ready: tuple[str, dict[str, Any]] | None = None
    error: str = ""


def _write(
    path: Path,
    items: Callable[[dict[str, _Existing]], Iterable[_Item]],
    *,
    rebuild: bool,
    prune: bool,
    tei_dir: Path | None,
    problems: list[str],
) -> IndexReport:
    """Shared body of build_index and index_tei_dir; the caller holds the writer lock.

    ``items`` is called with the indexed documents by source, and yields what to index.
    Incremental: documents whose hash (and source) are unchanged are skipped. ``rebuild``
    writes every document into a new segment and drops the old ones in the same commit
    (Whoosh's CLEAR merge), so the previous commit stays readable until then.
    """
    from whoosh.writing import CLEAR

    t0 = time.perf_counter()
    ix, created = _open_for_writing(path, rebuild)
    existing: dict[str, _Existing] = {}
    if not created:
        with ix.reader() as reader:
            existing = _existing(reader)
    clear = rebuild and not created
    current = {} if clear else existing
    by_source = {e.source: e for e in current.values() if e.source}
    added = updated = unchanged = removed = 0
    seen: dict[str, str] = {}  # doc id -> where it came from in this run
    # limitmb: Whoosh's postings pool spills sorted runs to disk past it and merges them at the
    # commit; 512 holds Reuters (19,043 documents) without a spill: 27% faster than 256, for
    # about 600 MB peak instead of 400
    writer = ix.writer(limitmb=512, compound=False, codec=_codec())
    try:
        for item in items(by_source):
            source = item.source
            old = by_source.get(source)
            if item.error:
                problems.append(f"{source or '?'}: {item.error}")
                if old is not None:  # keep the last good version rather than lose it
                    seen.setdefault(old.doc, source)
                continue
            if old is not None and old.hash == item.digest and old.doc not in seen:
                seen[old.doc] = source
                unchanged += 1
                continue
            if item.ready is not None:
                doc_id, record = item.ready
                where = source or doc_id
            elif item.load is None:  # the same bytes as a document indexed in this run
                assert old is not None
                problems.append(
                    f"{source}: duplicate document id {old.doc!r} (also in {seen[old.doc]}); "
                    "skipped"
                )
                continue
            else:
                try:
                    doc = item.load()
                except CorpusError as exc:
                    problems.append(f"{source or '?'}: {exc}")
                    if old is not None:
                        seen.setdefault(old.doc, source)
                    continue
                p = prepare(doc, content_hash=item.digest, source=source, stat=item.stat)
                doc_id = doc.article.doc_id
                where = source or doc.article.source or doc_id
                record = document_record(p)
            if doc_id in seen:
                problems.append(
                    f"{where}: duplicate document id {doc_id!r} (also in {seen[doc_id]}); skipped"
                )
                continue
            seen[doc_id] = where
            prev = current.get(doc_id)
            if prev is not None and prev.hash == item.digest and prev.source == source:
                unchanged += 1
                continue
            if prev is None:
                writer.add_document(**record)
                added += 1
            else:
                writer.update_document(**record)
                updated += 1
        if clear:
            removed = sum(1 for doc_id in existing if doc_id not in seen)
        elif prune:
            for doc_id in existing:
                if doc_id not in seen:
                    writer.delete_by_term("doc", doc_id)
                    removed += 1
    except BaseException:
        writer.cancel()
        raise
    if clear:
        writer.commit(mergetype=CLEAR)
    elif added or updated or removed:
        writer.commit()
    else:
        writer.cancel()
    meta = read_meta(path) or {}
    if clear or added or updated or removed or "id_order" not in meta:
        meta["id_order"] = _id_order(ix)
    meta.update(schema_version=SCHEMA_VERSION, tool_version=settings.TOOL_VERSION)
    if tei_dir is not None:
        meta["tei_dir"] = str(tei_dir)
    meta["updated"] = datetime.now().isoformat(timespec="seconds")
    write_meta(path, meta)
    return IndexReport(
        added=added,
        updated=updated,
        removed=removed,
        unchanged=unchanged,
        total=ix.doc_count(),
        seconds=round(time.perf_counter() - t0, 3),
        problems=tuple(problems),
        path=path,
    )


def _id_order(ix: Index) -> bool:
    """Whether the documents' numbers follow their ids, the canonical order of hits: true of a
    build whose input came in id order; an update (delete + append) or a later added lower id
    breaks it, and the read path then sorts (:func:`corpus.query.hits.doc_hits`)."""
    with ix.reader() as reader:
        docs = reader.column_reader("doc")
        prev = ""
        for n in reader.all_doc_ids():
            doc_id = col_str(docs[n])
            if doc_id < prev:
                return False
            prev = doc_id
    return True


def build_index(
    documents: Iterable[Document],
    index: str | os.PathLike[str] | None,
    *,
    rebuild: bool = False,
    prune: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> IndexReport:
    """Index Documents (one Whoosh document each), incrementally by content hash.

    Unchanged documents are skipped and changed ones replaced; with ``prune`` the indexed
    documents missing from ``documents`` are removed; ``rebuild`` starts afresh (atomically:
    the previous commit stays readable until the new one is written). ``progress(done,
    total)`` is called after each document (total: None unless ``documents`` has a length).
    """
    path = resolve_index(index)
    total = len(documents) if isinstance(documents, Sized) else None

    def items(_: dict[str, _Existing]) -> Iterator[_Item]:
        for done, doc in enumerate(documents, 1):
            yield _Item("", document_hash(doc), lambda doc=doc: doc)
            if progress is not None:
                progress(done, total)

    with writer_lock(path):
        return _write(path, items, rebuild=rebuild, prune=prune, tei_dir=None, problems=[])


def tei_files(tei_dir: Path) -> list[Path]:
    """The TEI files of a folder (recursively), hidden files and folders excluded, in the order
    of their names without ``.xml``: a folder of ``<id>.xml`` files (what ``corpus annotate``
    writes) is then indexed in id order, the order hits are read in (sorting whole names puts
    "r-1-c2.xml" before "r-1.xml", and an index out of id order sorts every query's hits)."""
    return sorted(
        (
            p
            for p in tei_dir.rglob("*.xml")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(tei_dir).parts)
        ),
        key=lambda p: (str(p.parent), p.stem),
    )


# A file modified this recently may change again within the same timestamp tick without its
# stat changing: its signature is not recorded, so the next run reads and hashes it.
RACY_NS = 2_000_000_000


def _stat_signature(st: os.stat_result, now_ns: int) -> str:
    """mtime, ctime, size and inode of a file: while they stay the same, the bytes are taken
    to be the same (as make and git do); "" for a file too recently modified to trust them."""
    if now_ns - st.st_mtime_ns < RACY_NS:
        return ""
    return f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}:{st.st_ino}"


def index_tei_dir(
    tei_dir: str | os.PathLike[str],
    index: str | os.PathLike[str] | None,
    rebuild: bool = False,
    *,
    files: Sequence[Path] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> IndexReport:
    """Index the TEI files of a folder; the index then mirrors the folder.

    ``files`` (a shard's share of the folder, :mod:`corpus.index.shards`): index these files,
    in this order, and mirror them instead of the whole folder.

    A file is read only when its stat (mtime, ctime, size, inode) changed since it was
    indexed, and parsed only when its bytes did; documents whose file is gone are removed.
    Unreadable files are reported in ``problems`` and their previous version, if any, is kept.
    The folder is recorded in the index (``CorpusIndex.tei_dir``) and each document's file
    path is stored for exports. Many files are parsed in a second process while this one
    writes. ``progress(done, total)`` is called after each file (total: the files found); the
    commit follows the last call.
    """
    from corpus.errors import InputError

    folder = Path(tei_dir).resolve()
    if not folder.is_dir():
        raise InputError(f"{tei_dir} is not a folder of TEI files")
    path = resolve_index(index)
    problems: list[str] = []

    def items(by_source: dict[str, _Existing]) -> Iterator[_Item]:
        chosen = tei_files(folder) if files is None else list(files)
        if progress is None:
            yield from _items(by_source, chosen)
            return
        progress(0, len(chosen))
        for done, item in enumerate(_items(by_source, chosen), 1):
            yield item
            progress(done, len(chosen))

    def _items(by_source: dict[str, _Existing], chosen: list[Path]) -> Iterator[_Item]:
        now = time.time_ns()
        tasks: list[Task] = []
        for file in chosen:
            source = str(file)
            old = by_source.get(source)
            try:
                stat = _stat_signature(file.stat(), now)
            except OSError as exc:
                yield _Item(source, "", error=exc.strerror or str(exc))
                continue
            if old is not None and stat and old.stat == stat:
                yield _Item(source, old.hash)  # unchanged: not even read
                continue
            tasks.append((source, old.hash if old is not None else "", stat))
            # the results below come in the order of the tasks
        for (source, _, stat), result in zip(tasks, results(tasks), strict=True):
            if result[0] == "error":
                yield _Item(source, "", error=result[1])
            elif result[0] == "same":
                yield _Item(source, result[1], stat=stat)
            else:
                yield _Item(source, result[1], stat=stat, ready=result[2])

    with writer_lock(path):
        return _write(path, items, rebuild=rebuild, prune=True, tei_dir=folder, problems=problems)
