"""Reading TEI files for the writer, in a second process when there are many.

The writer hands over (path, hash indexed for it, stat signature) tasks; for each, the file is
read and hashed, and parsed into field values only when its bytes changed. Past
:data:`PIPELINE_MIN` files a child Python does this while the writer indexes (a pipeline over
two cores); results come back in the order of the tasks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus.errors import CorpusError
from corpus.index.schema import document_record, prepare

# (TEI path, hash indexed for it or "", its stat signature)
Task = tuple[str, str, str]
# per task: ("same", digest) | ("error", message) | ("doc", digest, _Item.ready)
Result = tuple[Any, ...]


def _tei_error(path: str, data: bytes, exc: CorpusError) -> str:
    """The message of a TEI file that does not read (with the file's name in it)."""
    from corpus.tei import read_tei

    try:
        read_tei(Path(path))
    except CorpusError as again:
        return str(again)
    except OSError as again:
        return again.strerror or str(again)
    return str(exc)


def _read_tasks(tasks: list[Task]) -> list[Result]:
    """Read, hash and (when the hash is new) parse TEI files and make their field values."""
    from corpus.tei import read_tei

    out: list[Result] = []
    for path, old_hash, stat in tasks:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            out.append(("error", exc.strerror or str(exc)))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest == old_hash:
            out.append(("same", digest))
            continue
        try:
            doc = read_tei(data)
        except CorpusError as exc:
            out.append(("error", _tei_error(path, data, exc)))
            continue
        packed = zlib.compress(data, 1)  # level 1: a fifth of the size, ~30 us for 6 kB
        p = prepare(doc, content_hash=digest, source=path, stat=stat, tei=packed)
        out.append(("doc", digest, (doc.article.doc_id, document_record(p))))
    return out


# Defaults of the parameters of `results` (constants: pass other values, do not patch these).
PIPELINE_MIN = 1000  # files to parse before a worker process pays for its start (~0.3 s)
BATCH = 32  # files per batch of the worker
WINDOW = 16  # batches read ahead: bounds the memory of parsed documents waiting to be written


def results(
    tasks: list[Task], *, pipeline_min: int = PIPELINE_MIN, batch_size: int = BATCH
) -> Iterator[Result]:
    """_read_tasks over every task, in order: in a worker process while this one writes the
    index (a pipeline over two cores), or here when there are fewer than ``pipeline_min``
    files or one core. The worker gets the tasks ``batch_size`` at a time."""
    batches = [tasks[i : i + batch_size] for i in range(0, len(tasks), batch_size)]
    if len(tasks) < pipeline_min or (os.cpu_count() or 1) < 2:
        for batch in batches:
            yield from _read_tasks(batch)
        return
    yield from _worker_results(batches)


def _worker_results(batches: list[list[Task]]) -> Iterator[Result]:
    """Run _read_tasks on the batches in a child Python (``python -c``: nothing of this process
    is inherited, in particular not the writer lock's descriptor, and no ``__main__`` is
    re-imported); it gets every batch on stdin first, then streams pickled results back, and
    dies of a broken pipe if this process does. A thread reads ahead up to WINDOW batches."""
    import pickle
    import queue
    import subprocess
    import sys
    import threading

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # where the corpus package is
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    code = "from corpus.index.worker import _worker_main; _worker_main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    ahead: queue.Queue[Any] = queue.Queue(WINDOW)
    stdout = proc.stdout

    def read() -> None:
        try:
            for _ in batches:
                ahead.put(pickle.load(stdout))
        except BaseException as exc:  # EOF: the worker died; reported below
            ahead.put(exc)

    reader = threading.Thread(target=read, daemon=True)
    try:
        pickle.dump(batches, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
        reader.start()
        for _ in batches:
            got = ahead.get()
            if isinstance(got, BaseException) or got[0] != "ok":
                raise CorpusError(f"the TEI reading process failed: {got!r}")
            yield from got[1]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        while reader.is_alive():  # let a reader blocked on a full queue finish
            with contextlib.suppress(queue.Empty):
                ahead.get(timeout=0.05)
        stdout.close()


def _worker_main() -> None:
    """The child of _worker_results: batches in (stdin), results out (stdout), in order."""
    import pickle
    import sys
    import traceback

    out = sys.stdout.buffer
    batches = pickle.load(sys.stdin.buffer)
    for batch in batches:
        try:
            result: Any = ("ok", _read_tasks(batch))
        except Exception:
            result = ("failed", traceback.format_exc())
        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        if result[0] != "ok":
            return
