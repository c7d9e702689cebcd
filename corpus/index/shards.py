"""Sharded indexes: N ordinary indexes under one folder, read as one.

Layout: ``NAME/corpus-shards.json`` (the manifest: how documents are routed, the shard folders,
the TEI folder) and one ordinary index per shard in ``NAME/<shard>/`` (each can be opened alone).

Routing is a pure function of the document, so an incremental re-index sends a document to the
shard that already holds it: ``hash`` routes by the CRC-32 of the document id (the TEI root's
``xml:id``) modulo the number of shards; ``year``/``month`` route by the date of the source
(``sourceDesc//date/@when``), one shard per period (``undated`` for documents without a date),
created as periods appear. A document whose date changes moves: its new shard adds it and its
old shard, which no longer gets its file, removes it.

Reading: :func:`~corpus.index.store.open_index` returns a :class:`ShardedIndex`, whose searcher is
one Whoosh searcher over a ``MultiReader`` of the shards: corpus statistics (document frequencies,
field lengths) are summed, so BM25F scores and every count equal those of a single index. The
order of documents is the canonical order (document id), not Whoosh's document numbers, which
depend on shard and insertion order: hits of several shards are merged by document id
(:func:`corpus.query.hits.doc_hits`). With a Dask scheduler, or :data:`STREAM_MIN_CORES`
cores here (:func:`fans_out`), counting passes fan out over the shards (:func:`map_shards`) and
so do the passes that produce every hit (:func:`stream_shards`: a process per shard streaming
its items back, or Dask tasks), merged by document id in the parent; with fewer cores the
shards are read one after another, which costs less there.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from corpus.errors import CorpusError, IndexMissing, InputError
from corpus.index.store import SHARDS_MANIFEST, CorpusIndex

if TYPE_CHECKING:
    from whoosh.searching import Searcher

    from corpus.index.writer import IndexReport

MANIFEST = SHARDS_MANIFEST
MANIFEST_VERSION = 1
SHARD_BY = ("hash", "year", "month")
UNDATED = "undated"
SCHEDULER_ENV = "CORPUS_SCHEDULER"  # a Dask scheduler address ("tcp://host:port") for fan-out

T = TypeVar("T")

_TEI = "{http://www.tei-c.org/ns/1.0}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def is_sharded(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexMissing(
            f"sharded index {path} has an unreadable {MANIFEST}: {exc}; rebuild it with "
            "`corpus index TEI_DIR --index ... --shards N --rebuild`"
        ) from exc
    if data.get("version") != MANIFEST_VERSION or data.get("by") not in SHARD_BY:
        raise IndexMissing(f"{path / MANIFEST} is not a shard manifest of this version of corpus")
    return data


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    from corpus.index.store import atomic_write_bytes

    atomic_write_bytes(path / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))


# --- routing ---------------------------------------------------------------------------------


def route_key(doc_id: str, date: str, by: str, shards: int) -> str:
    """The shard folder of a document: a pure function of its id and date."""
    if by == "hash":
        return f"shard-{zlib.crc32(doc_id.encode('utf-8')) % shards:03d}"
    n = 4 if by == "year" else 7
    return date[:n] if len(date) >= n and date[:4].isdigit() else UNDATED


def tei_id_date(path: Path) -> tuple[str, str]:
    """The root ``xml:id`` and the source date (``sourceDesc//date/@when``) of a TEI file,
    read from its header only; ("", "") for what cannot be read (the shard's writer then
    reports the file)."""
    from lxml import etree

    doc_id = date = ""
    try:
        with open(path, "rb") as fh:
            for event, el in etree.iterparse(
                fh, events=("start", "end"), resolve_entities=False, no_network=True,
                load_dtd=False,
            ):
                if event == "start":
                    if not doc_id and el.get(_XML_ID):
                        doc_id = el.get(_XML_ID) or ""
                    continue
                if el.tag == f"{_TEI}date" and el.get("when") and not date:
                    date = el.get("when") or ""
                elif el.tag in (f"{_TEI}sourceDesc", f"{_TEI}teiHeader"):
                    break
    except (etree.XMLSyntaxError, OSError):
        pass
    return doc_id, date


def _route_files(files: Sequence[Path], by: str, shards: int) -> dict[str, list[Path]]:
    routed: dict[str, list[tuple[str, Path]]] = {}
    for f in files:
        doc_id, date = tei_id_date(f)
        # a file without a readable id goes by its path, so that it too always lands in one
        # place (where its shard's writer reports it)
        key = route_key(doc_id or str(f), date, by, shards)
        routed.setdefault(key, []).append((doc_id, f))
    # each shard is written in id order, the canonical order of hits: its documents are then
    # read in Whoosh's order and merged with the other shards' without sorting
    return {k: [f for _, f in sorted(v)] for k, v in routed.items()}


# --- building --------------------------------------------------------------------------------


def _index_shard(args: tuple[str, str, list[str], bool]) -> IndexReport:
    from corpus.index.writer import index_tei_dir

    tei_dir, shard_path, files, rebuild = args
    return index_tei_dir(tei_dir, Path(shard_path), rebuild=rebuild, files=[Path(f) for f in files])


def index_sharded(
    tei_dir: str | os.PathLike[str],
    index: str | os.PathLike[str] | None,
    *,
    shards: int | None = None,
    by: str | None = None,
    rebuild: bool = False,
    jobs: int | None = None,
) -> IndexReport:
    """Index a TEI folder into a sharded index (incremental per shard, shards built in
    parallel processes). ``shards``/``by`` default to the manifest's when the index exists."""
    from corpus.index.store import display_name, resolve_index
    from corpus.index.writer import IndexReport, tei_files

    folder = Path(tei_dir).resolve()
    if not folder.is_dir():
        raise InputError(f"{tei_dir} is not a folder of TEI files")
    path = resolve_index(index)
    old = read_manifest(path) if is_sharded(path) and not rebuild else None
    single = path.is_dir() and not is_sharded(path) and any(path.iterdir())
    if single and not rebuild:
        raise InputError(
            f"{path} holds an index that is not sharded; rebuild it as a sharded one with "
            f"`corpus index {tei_dir} --index {display_name(path)} --shards N --rebuild`"
        )
    by = by or (old["by"] if old else "hash")
    if by not in SHARD_BY:
        raise InputError(f"--shard-by must be one of {', '.join(SHARD_BY)}, not {by!r}")
    if by != "hash" and shards is not None:
        raise InputError(
            f"--shards applies to --shard-by hash; --shard-by {by} makes one shard per {by}"
        )
    if by == "hash":
        shards = shards or (old["count"] if old else None)
        if not shards or shards < 1:
            raise InputError("--shards must be a positive number of shards")
    if old is not None and (old["by"] != by or (by == "hash" and old["count"] != shards)):
        raise InputError(
            f"{path} is sharded by {old['by']} into {old['count']} shards; index into it with the "
            f"same sharding, or start afresh with --rebuild"
        )
    routed = _route_files(tei_files(folder), by, shards or 0)
    names = sorted(set(routed) | set(old["shards"] if old else ()))
    if by == "hash":
        names = sorted(set(names) | {route_key_n(i) for i in range(shards or 0)})
    path.mkdir(parents=True, exist_ok=True)
    tasks = [
        (str(folder), str(path / name), [str(f) for f in routed.get(name, [])], rebuild)
        for name in names
    ]
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min(len(tasks), jobs or os.cpu_count() or 1))
    if workers == 1:
        reports = [_index_shard(t) for t in tasks]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            reports = list(pool.map(_index_shard, tasks))
    manifest = {
        "version": MANIFEST_VERSION,
        "by": by,
        "count": len(names),
        "shards": names,
        "tei_dir": str(folder),
        "updated": datetime.now().isoformat(timespec="seconds"),
    }
    write_manifest(path, manifest)
    # an index folder has a corpus-index.json: tools that tell an index from a TEI folder by it
    # (exports) recognise a sharded one too; open_index reads the manifest first
    from corpus import settings
    from corpus.index.store import SCHEMA_VERSION, write_meta

    write_meta(
        path,
        {
            "schema_version": SCHEMA_VERSION,
            "tool_version": settings.TOOL_VERSION,
            "sharded": MANIFEST,
            "tei_dir": str(folder),
        },
    )
    return IndexReport(
        added=sum(r.added for r in reports),
        updated=sum(r.updated for r in reports),
        removed=sum(r.removed for r in reports),
        unchanged=sum(r.unchanged for r in reports),
        total=sum(r.total for r in reports),
        seconds=max((r.seconds for r in reports), default=0.0),
        problems=tuple(p for r in reports for p in r.problems),
        path=path,
    )


def route_key_n(i: int) -> str:
    return f"shard-{i:03d}"


# --- reading ---------------------------------------------------------------------------------


def open_sharded(path: Path) -> ShardedIndex:
    from corpus.index.store import open_index

    manifest = read_manifest(path)
    parts = []
    for name in manifest["shards"]:
        try:
            parts.append(open_index(path / name))
        except IndexMissing as exc:
            raise IndexMissing(
                f"shard {name} of {path} is missing or unreadable ({exc}); re-run "
                f"`corpus index TEI_DIR --index {path}` to rebuild it"
            ) from exc
    return ShardedIndex(path, parts, manifest)


class ShardedIndex(CorpusIndex):
    """An open sharded index: its shards (ordinary :class:`CorpusIndex` objects) read as one."""

    def __init__(self, path: Path, parts: list[CorpusIndex], manifest: dict[str, Any]) -> None:
        super().__init__(path, None, {"tei_dir": manifest.get("tei_dir"), "sharded": manifest})
        self.parts = parts
        self.manifest = manifest

    def searcher(self) -> Searcher:
        """One searcher over all shards (statistics summed); hits merged in document-id order."""
        from whoosh.reading import MultiReader
        from whoosh.searching import Searcher

        readers = [p.ix.reader() for p in self.parts]
        s = Searcher(MultiReader(readers))
        offsets, total = [], 0
        for p, r in zip(self.parts, readers, strict=True):
            offsets.append((total, r.doc_count_all(), p.meta.get("id_order") is True))
            total += r.doc_count_all()
        s._corpus_parts = offsets  # type: ignore[attr-defined]
        return s

    def doc_count(self) -> int:
        return sum(p.doc_count() for p in self.parts)

    def __repr__(self) -> str:
        return f"ShardedIndex({str(self.path)!r}, {len(self.parts)} shards)"


def map_shards(
    fn: Callable[[Path], T], index: ShardedIndex, *, scheduler: str | None = None
) -> list[T]:
    """``fn(shard path)`` for every shard, in parallel, results in shard order.

    With a Dask scheduler address (``scheduler`` or ``$CORPUS_SCHEDULER``) each shard is a
    Dask task (``dask[distributed]`` must be installed); else worker processes on this machine
    (``fn`` must be importable: a module-level function).
    """
    paths = [p.path for p in index.parts]
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise InputError(
                f"a Dask scheduler was given ({scheduler}) but dask.distributed is not "
                "installed; `pip install 'dask[distributed]'` or unset " + SCHEDULER_ENV
            ) from exc
        with Client(scheduler) as client:
            return client.gather(client.map(fn, paths, pure=False))
    if len(paths) < 2 or (os.cpu_count() or 1) < 2 or not fork_is_safe():
        return [fn(p) for p in paths]
    # imported here: the start-up of a command on one index does not pay for it
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        return list(pool.map(fn, paths))


# Items a shard's process sends at once, and batches waiting per shard: the parent holds at
# most about BATCH x QUEUED items per shard, however many hits the query has.
STREAM_BATCH = 256
STREAM_QUEUED = 4
# Cores below which a query reads the shards here, one after another (stream_shards, and
# the counts of corpus.query.hits.count). Measured (docs/scale.md, "Queries on a sharded
# index"): the shard processes spend more CPU in all (each pickles its lines, the parent
# unpickles and writes them) but the parent's share falls to about 40 % of a sequential run,
# so with a free core per shard the wall time about halves; on 2 cores shared with other work
# they only add CPU and wall time (and a one-word count, read from term frequencies, costs
# less than starting the processes).
STREAM_MIN_CORES = 4


def stream_shards(
    fn: Callable[[Any], Iterable[T]], index: ShardedIndex, *, scheduler: str | None = None
) -> list[Iterator[T]]:
    """The items of ``fn(shard)`` for every shard, computed in parallel: one iterator per
    shard, its items in ``fn``'s order (merge them as the query's order needs). ``shard`` is
    what :func:`~corpus.index.store.open_index` takes: the shard's path (Dask tasks, one
    process) or its open index (local processes).

    Locally each shard is a process of its own that sends its items in batches through a
    bounded queue, so memory stays flat whatever the number of items; a consumer that stops
    early (a closed pipe, an error) ends them. With a Dask scheduler (``scheduler`` or
    ``$CORPUS_SCHEDULER``) each shard is a Dask task whose whole list comes back (memory grows
    with the items). One shard, or fewer than :data:`STREAM_MIN_CORES` cores and no
    scheduler: ``fn`` runs here, shard after shard, lazily.
    """
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if scheduler:
        lists = map_shards(partial(_as_list, fn), index, scheduler=scheduler)
        return [iter(items) for items in lists]
    if not fans_out(index):
        return [_lazy(fn, p) for p in index.parts]
    # forked processes inherit the open shards: ``fn`` gets each as an open CorpusIndex
    # (``open_index`` returns it as is) rather than opening its files again
    return _ProcessStreams(fn, index.parts).iterators()


def fans_out(index: CorpusIndex, *, scheduler: str | None = None) -> bool:
    """Whether queries run the shards of ``index`` in parallel (:func:`stream_shards`, and
    :func:`map_shards` for counts): a sharded index of several shards, and a Dask scheduler or
    :data:`STREAM_MIN_CORES` cores here."""
    parts = getattr(index, "parts", None)
    if parts is None or len(parts) < 2:
        return False
    if scheduler or os.environ.get(SCHEDULER_ENV):
        return True
    return (os.cpu_count() or 1) >= STREAM_MIN_CORES and fork_is_safe()


def fork_is_safe() -> bool:
    """Whether this process may fork shard workers: only while it runs one thread.

    A fork copies locks that other threads hold (logging, stdio, Whoosh's caches) without the
    threads that would release them, so a child can hang; ``corpus serve`` answers requests on
    threads, and there the shards are read one after another (or by Dask, when a scheduler is
    set) instead.
    """
    import threading

    return threading.active_count() == 1


def _as_list(fn: Callable[[Path], Iterable[T]], path: Path) -> list[T]:
    return list(fn(path))


def _lazy(fn: Callable[[Path], Iterable[T]], path: Path) -> Iterator[T]:
    yield from fn(path)


def _produce(fn: Callable[[Any], Iterable[Any]], shard: CorpusIndex, queue: Any) -> None:
    """A shard's process: its items in batches, then None (or the exception, then None)."""
    try:
        batch: list[Any] = []
        for item in fn(shard):
            batch.append(item)
            if len(batch) >= STREAM_BATCH:
                queue.put(batch)
                batch = []
        if batch:
            queue.put(batch)
    except BaseException as exc:  # raised again in the parent
        import pickle

        try:
            pickle.dumps(exc)
        except Exception:  # an exception that cannot travel: its message does
            exc = CorpusError(f"shard {shard.path}: {type(exc).__name__}: {exc}")
        queue.put(exc)
    queue.put(None)


class _ProcessStreams:
    """One process per shard feeding a bounded queue; the iterators read them."""

    def __init__(self, fn: Callable[[Any], Iterable[Any]], parts: list[CorpusIndex]) -> None:
        import multiprocessing

        self.paths = [p.path for p in parts]
        # fork: the query's modules are loaded already; nothing to import again per shard
        ctx = multiprocessing.get_context("fork")
        self.queues = [ctx.Queue(STREAM_QUEUED) for _ in parts]
        self.procs = [
            ctx.Process(target=_produce, args=(fn, p, q), daemon=True)
            for p, q in zip(parts, self.queues, strict=True)
        ]
        for proc in self.procs:
            proc.start()
        self.open = len(self.procs)

    def iterators(self) -> list[Iterator[Any]]:
        return [self._read(i) for i in range(len(self.procs))]

    def _read(self, i: int) -> Iterator[Any]:
        from queue import Empty

        queue = self.queues[i]
        try:
            while True:
                try:
                    batch = queue.get(timeout=1.0)
                except Empty:
                    proc = self.procs[i]
                    if not proc.is_alive() and queue.empty():
                        raise CorpusError(
                            f"the process reading shard {self.paths[i]} ended without an answer "
                            f"(exit code {proc.exitcode}); run the query again"
                        ) from None
                    continue
                if batch is None:
                    break
                if isinstance(batch, BaseException):
                    raise batch
                yield from batch
            self.procs[i].join()
        finally:
            self.open -= 1
            if self.open == 0 or sys.exc_info()[0] is not None:
                self.close()

    def close(self) -> None:
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self.procs:
            proc.join()
        for queue in self.queues:
            queue.cancel_join_thread()  # a terminated producer's batches are not waited for
            queue.close()
