"""Annotate many articles into a folder of TEI files: parallel, incremental, nothing lost.

Every article read ends either as a TEI file (`<doc id>.xml`, written atomically) or as a line
of `rejects.jsonl` (input file, record number, reason). A manifest (`.corpus-manifest.json`)
remembers a fingerprint of each article's input and of the toolkit version, so a rerun on an
unchanged folder writes nothing; changed articles are replaced; articles whose input file is
gone, or no longer holds them, are removed. `rebuild=True` ignores the manifest.

With several jobs, the models are loaded once and shared by forked workers; each worker writes
its TEI files itself and sends back only an error message (empty on success).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from corpus.errors import CorpusError, InputError
from corpus.fsutil import atomic_open, atomic_write, safe_child
from corpus.model import Article, Rejected
from corpus.settings import TOOL_VERSION

MANIFEST = ".corpus-manifest.json"
REJECTS = "rejects.jsonl"

Status = Literal["annotated", "unchanged", "rejected"]


@dataclass(frozen=True)
class Outcome:
    """What became of one input article."""

    status: Status
    source: str
    record: int | None
    doc_id: str = ""
    path: Path | None = None
    reason: str = ""


@dataclass(frozen=True)
class Summary:
    annotated: int
    unchanged: int
    rejected: int
    removed: int

    @property
    def read(self) -> int:
        return self.annotated + self.unchanged + self.rejected


@dataclass(frozen=True)
class _Task:
    """An article to annotate and the TEI file it goes to."""

    article: Article
    target: Path


def fingerprint(article: Article) -> str:
    data = json.dumps(dataclasses.asdict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(f"{TOOL_VERSION}\x00{data}".encode()).hexdigest()


# Articles per Dask task: big enough that the task overhead (~1 ms of scheduler time, a round
# trip) is lost in the annotation (~15 ms an article), small enough to spread a few thousand
# articles over a few dozen workers and to lose little work when one dies.
CLUSTER_BATCH = 64
# Batches in flight per worker: one running, one queued, so no worker waits for the client.
CLUSTER_WINDOW_PER_WORKER = 2

# `jobs=None`: every core once more than this many articles need annotating, else one process
# (below it, starting the workers costs more than they save). The default of the
# `auto_jobs_threshold` parameters below; a constant, not a setting to patch.
AUTO_JOBS_THRESHOLD = 50
CHUNKSIZE = 16


def _work(task: tuple[Article, str]) -> str:
    """Annotate one article and write its TEI file (atomically) to the path given.

    Runs in the worker process when jobs > 1, so only the article goes out and only a short
    string comes back: "" on success, else the reason, never an exception (nothing is lost).
    """
    article, target = task
    try:
        from corpus.annotate import annotated_tei

        data = annotated_tei(article)
    except Exception as exc:
        return f"annotation failed: {type(exc).__name__}: {exc}"
    try:
        atomic_write(Path(target), data)
    except OSError as exc:
        return f"cannot write {target}: {exc}"
    return ""


def _cluster_results(
    items: Iterator[_Task | Rejected | Outcome],
    scheduler: str,
    jobs: int | None,
    batch_size: int,
) -> Iterator[Rejected | Outcome | tuple[_Task, str]]:
    """`items` with each task replaced by (task, error) once a Dask worker has done it, in the
    order the batches finish; rejects and unchanged outcomes pass straight through."""
    from corpus.cluster import BatchRunner, annotate_batch, connect, visible

    def finished(batch: list[_Task], result: list[str] | BaseException) -> Iterator[
        tuple[_Task, str]
    ]:
        if isinstance(result, BaseException):
            from distributed import KilledWorker

            if not isinstance(result, KilledWorker):
                raise CorpusError(
                    f"a Dask task failed: {type(result).__name__}: {result}; check that every "
                    "worker runs the same corpus version (pip install corpus) and can write "
                    "the output folder"
                ) from result
            # one article whose worker died every time Dask ran it
            result = ["the annotating process died (every time Dask ran this article); "
                      "check the worker logs (memory?)"] * len(batch)
        for task, error in zip(batch, result, strict=True):
            if not error and not visible(task.target):
                error = (f"written by a Dask worker but not found at {task.target}: the output "
                         "folder must be on a filesystem every worker shares, at the same path")
            yield task, error

    with contextlib.ExitStack() as stack:
        runner: BatchRunner[_Task] | None = None
        batch: list[_Task] = []
        for it in items:
            if not isinstance(it, _Task):
                yield it
                continue
            if runner is None:  # the first article to annotate: only now start or join
                client = stack.enter_context(connect(scheduler, resolve_jobs(jobs)))
                runner = BatchRunner(client, annotate_batch, CLUSTER_WINDOW_PER_WORKER,
                                     arg=lambda t: (t.article, str(t.target)))
            batch.append(it)
            if len(batch) >= batch_size:
                runner.submit(batch)
                batch = []
                while runner.full:
                    for done in runner.wait():
                        yield from finished(*done)
            for done in runner.ready():
                yield from finished(*done)
        if runner is None:
            return
        if batch:
            runner.submit(batch)
        for done in runner.drain():
            yield from finished(*done)


def _load_models() -> None:
    """Load the models once in the parent: forked workers share them (copy-on-write)."""
    from corpus.annotate.entities import nlp
    from corpus.annotate.sentences import _sentence_tokenizer

    nlp()
    _sentence_tokenizer()


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """How many records `inputs` hold, counted cheaply (for a progress bar's total).

    A JSON Lines file counts its non-blank lines, a JSON list its elements, a text file one;
    a file that cannot be read counts one (it becomes one reject). None when "-" (stdin) is
    among the inputs: it can be read only once. Exact for well-formed inputs; a bad line or
    record still counts one, as it ends as one reject.
    """
    from corpus.ingest.reader import FORMATS, iter_folder

    total = 0
    for item in inputs:
        item = str(item)
        if item == "-":
            return None
        files = iter_folder(item) if os.path.isdir(item) else [item]
        for path in files:
            total += _count_file(path, FORMATS.get(os.path.splitext(path)[1].lower()))
    return total


def _count_file(path: str, fmt: str | None) -> int:
    try:
        if fmt == "jsonl":
            with open(path, "rb") as fh:
                return max(1, sum(1 for line in fh if line.strip()))
        if fmt == "text":
            return 1
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return 1
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        try:
            value = json.loads(data)
        except ValueError:
            return 1
        return max(1, len(value)) if isinstance(value, list) else 1
    if head.startswith(b"{"):  # one record, or records one per line
        return max(1, sum(1 for line in data.splitlines() if line.lstrip().startswith(b"{")))
    return 1


def resolve_jobs(
    jobs: int | None,
    pending_articles: int | None = None,
    *,
    auto_jobs_threshold: int = AUTO_JOBS_THRESHOLD,
) -> int:
    """Worker processes for a run: 0 is every core; None is every core when more than
    `auto_jobs_threshold` articles need annotating (`pending_articles`, None: unknown), else 1."""
    cores = os.cpu_count() or 1
    if jobs is None:
        if pending_articles is not None and pending_articles <= auto_jobs_threshold:
            return 1
        return cores
    return cores if jobs == 0 else max(1, jobs)


def annotate_inputs(
    inputs: Iterable[str | Path],
    out_dir: Path,
    *,
    jobs: int | None = 1,
    rebuild: bool = False,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    scheduler: str | None = None,
    batch_size: int = CLUSTER_BATCH,
    auto_jobs_threshold: int = AUTO_JOBS_THRESHOLD,
) -> Summary:
    """Annotate every article of `inputs` into `out_dir`; returns the counts.

    `on_outcome` is called once per article read (for progress bars and logs). `jobs`: worker
    processes; 0 uses every core; None uses every core when more than `auto_jobs_threshold`
    articles need annotating (unchanged ones do not count), else annotates in this process.

    `scheduler`: annotate on a Dask cluster instead (see corpus.cluster): "local" starts one on
    this machine with `jobs` worker processes (0 or None: every core), else the scheduler's
    address (tcp://HOST:8786) or scheduler file; `out_dir` must then be on a filesystem every
    worker shares. Articles go out `batch_size` at a time; the outcome is the same as a local
    run's (same files, same counts), also when a worker dies mid-run.
    """
    from corpus.ingest import read_inputs, unique_id

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    old: dict[str, dict] = {}
    if manifest_path.exists() and not rebuild:
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
    new: dict[str, dict] = {}
    seen_ids: set[str] = set()
    sources_read: set[str] = set()
    counts = {"annotated": 0, "unchanged": 0, "rejected": 0}
    rejects_path = out_dir / REJECTS

    def emit(outcome: Outcome) -> None:
        counts[outcome.status] += 1
        if on_outcome is not None:
            on_outcome(outcome)

    def pending() -> Iterator[_Task | Rejected | Outcome]:
        for item in read_inputs(inputs, stdin=stdin):
            if isinstance(item, Rejected):
                sources_read.add(item.source)
                yield item
                continue
            sources_read.add(item.source)
            doc_id = unique_id(item.doc_id, item, seen_ids)
            if doc_id != item.doc_id:
                item = dataclasses.replace(item, doc_id=doc_id)
            fp = fingerprint(item)
            entry = old.get(doc_id)
            try:
                target = safe_child(out_dir, f"{doc_id}.xml")
            except InputError as exc:
                yield Rejected(item.source, item.record, str(exc))
                continue
            if entry and entry.get("fingerprint") == fp and target.exists():
                new[doc_id] = entry
                # Emitted by the main loop: with jobs > 1 this generator runs in the pool's
                # task thread, and counts and callbacks must stay on the caller's thread.
                yield Outcome("unchanged", item.source, item.record, doc_id, target)
                continue
            new[doc_id] = {"fingerprint": fp, "source": item.source, "record": item.record}
            yield _Task(item, target)

    with atomic_open(rejects_path, "w") as rejects:

        def reject(source: str, record: int | None, reason: str, doc_id: str = "") -> None:
            rejects.write(
                json.dumps(
                    {"file": source, "record": record, "doc": doc_id or None, "reason": reason},
                    ensure_ascii=False,
                )
                + "\n"
            )
            new.pop(doc_id, None)
            emit(Outcome("rejected", source, record, doc_id, None, reason))

        def results() -> Iterator[Rejected | Outcome | tuple[_Task, str]]:
            items: Iterator[Rejected | Outcome | _Task] = pending()
            if scheduler is not None:
                yield from _cluster_results(items, scheduler, jobs, batch_size)
                return
            n_jobs = jobs
            if jobs is None:
                # Read ahead far enough to know whether a pool pays for itself.
                ahead: list[Rejected | Outcome | _Task] = []
                n_tasks = 0
                for it in items:
                    ahead.append(it)
                    n_tasks += isinstance(it, _Task)
                    if n_tasks > auto_jobs_threshold:
                        break
                else:
                    n_jobs = resolve_jobs(None, n_tasks, auto_jobs_threshold=auto_jobs_threshold)
                items = itertools.chain(ahead, items)
            n_jobs = resolve_jobs(n_jobs)
            if n_jobs <= 1:
                for it in items:
                    yield (it, _work((it.article, str(it.target)))) if isinstance(it, _Task) else it
                return
            import multiprocessing as mp

            # Rejects and unchanged outcomes pass straight through; articles go to the pool.
            # The pool's task thread runs `tasks()`, so both queues are thread-safe deques.
            passed: deque[Rejected | Outcome] = deque()
            sent: deque[_Task] = deque()

            def tasks() -> Iterator[tuple[Article, str]]:
                for it in items:
                    if isinstance(it, _Task):
                        sent.append(it)
                        yield it.article, str(it.target)
                    else:
                        passed.append(it)

            _load_models()
            ctx = mp.get_context("fork")
            with ctx.Pool(n_jobs) as pool:
                for error in pool.imap(_work, tasks(), chunksize=CHUNKSIZE):
                    while passed:
                        yield passed.popleft()
                    yield sent.popleft(), error
            while passed:
                yield passed.popleft()

        for res in results():
            if isinstance(res, Outcome):
                emit(res)
                continue
            if isinstance(res, Rejected):
                reject(res.source, res.record, res.reason)
                continue
            task, error = res
            article = task.article
            if error:
                reject(article.source, article.record, error, article.doc_id)
                continue
            emit(Outcome("annotated", article.source, article.record, article.doc_id,
                         task.target))

    # Remove what the inputs no longer hold.
    removed = 0
    for doc_id, entry in old.items():
        if doc_id in new:
            continue
        src = entry.get("source", "")
        if rebuild or src in sources_read or (src and src != "-" and not os.path.exists(src)):
            try:
                safe_child(out_dir, f"{doc_id}.xml").unlink()
                removed += 1
            except FileNotFoundError:
                pass
        else:
            new[doc_id] = entry  # from inputs not given this time: keep
    atomic_write(manifest_path, json.dumps(new, indent=0, sort_keys=True).encode())
    # A process killed while writing (a Dask worker, an OOM-killed pool worker) leaves its
    # temporary file; every article it held is written by now, so the leftovers can go.
    for leftover in out_dir.glob(".*.xml.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    return Summary(counts["annotated"], counts["unchanged"], counts["rejected"], removed)
