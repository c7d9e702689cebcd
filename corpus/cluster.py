"""Annotation on a Dask cluster: connect, load the models once per worker, run batches.

:func:`corpus.batch.annotate_inputs` with ``scheduler=`` sends batches of articles here. Each
batch is one Dask task; the worker annotates its articles and writes their TEI files itself
(atomically, into a folder every worker shares) and sends back one short string per article:
"" on success, else the reason. The client alone keeps the books (manifest, rejects), from the
one result Dask delivers per task, so an article is counted exactly once even when a worker
dies and Dask runs its batch again elsewhere: the second run rewrites the same files with the
same bytes, and the first left nothing half-written (an atomic write is a rename).

Limits: the output folder must be on a filesystem every worker and the client see at the same
path (checked: a file a worker reports written but the client cannot see is rejected with a
reason); a worker annotates one article at a time (a lock; threads would only contend for the
GIL), so start workers with ``--nthreads 1`` and as many processes per machine as cores.

Dask is imported only by this module, which only ``--scheduler`` runs import.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from distributed import Client, WorkerPlugin, as_completed

from corpus.errors import CorpusError, InputError
from corpus.model import Article

T = TypeVar("T")
#: Seconds to wait for the scheduler to answer, and for a first worker to join it.
CONNECT_TIMEOUT = 30
WORKER_TIMEOUT = 120
#: Seconds between two counts of the workers (the batches in flight follow their number).
REFRESH = 5.0

_lock = threading.Lock()


class LoadModels(WorkerPlugin):
    """Load spaCy and the sentence model when a worker starts (and when a new one joins), so
    each worker process loads them once, before its first task."""

    name = "corpus-load-models"

    def setup(self, worker: Any) -> None:
        from corpus.batch import _load_models

        with _lock:
            _load_models()


def annotate_batch(pairs: list[tuple[Article, str]]) -> list[str]:
    """Run on a worker: annotate each article and write its TEI file to the path given.

    One string per article: "" on success, else the reason (never raises for an article).
    """
    from corpus.batch import _work

    with _lock:  # one article at a time per process, whatever --nthreads the worker has
        return [_work(pair) for pair in pairs]


@contextmanager
def connect(scheduler: str, n_workers: int) -> Iterator[Client]:
    """A client of the cluster ``scheduler`` names, with the models loading on every worker.

    ``scheduler``: "local" (a LocalCluster of ``n_workers`` single-threaded processes on this
    machine), a scheduler address (``tcp://host:8786``), or a scheduler file (``.json``,
    written by ``dask scheduler --scheduler-file``).
    """
    cluster = None
    try:
        if scheduler == "local":
            cluster = local_cluster(n_workers)
            client = Client(cluster)
        elif scheduler.endswith(".json"):
            if not os.path.exists(scheduler):
                raise InputError(
                    f"{scheduler}: no such scheduler file; start the scheduler with "
                    f"`dask scheduler --scheduler-file {scheduler}`"
                )
            client = Client(scheduler_file=scheduler, timeout=CONNECT_TIMEOUT)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise CorpusError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
            "`dask scheduler` and give its address (tcp://HOST:8786), or use --scheduler local"
        ) from exc
    try:
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except TimeoutError as exc:
            raise CorpusError(
                f"no Dask worker joined the scheduler at {scheduler} in {WORKER_TIMEOUT} s; "
                f"start workers with `dask worker {scheduler} --nthreads 1 --nworkers N`"
            ) from exc
        client.register_plugin(LoadModels())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# Dask's housekeeping for a cluster without a dashboard: the statistical profiler (it samples
# the running task every 10 ms, for the dashboard), the system monitor and the event-loop tick.
# Measured on an idle LocalCluster of one worker on a loaded 2-core machine, over 20 s: the
# worker used 1.09 s of CPU with Dask's defaults, 0.28 s with these; the client and scheduler
# 1.18 s and 0.51 s. That is time-proportional overhead a busy worker pays on top of its work.
QUIET_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "100ms",
}


def local_cluster(n_workers: int) -> Any:
    """A LocalCluster of ``n_workers`` single-threaded processes, no dashboard, quiet."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(QUIET_CONFIG):  # the workers get the config they are started with
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,  # annotation holds the GIL: one process per core
            host="127.0.0.1",  # nothing of it listens beyond this machine
            dashboard_address=None,  # no dashboard (and no bokeh needed) ...
            # ... but the scheduler serves /health and /metrics anyway, by default on port 8787,
            # which a second cluster on the machine finds taken (a warning): any free port
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,  # a closing cluster logs errors that mean nothing
        )


def worker_count(client: Client) -> int:
    return len(client.nthreads())  # {worker address: threads}: a small answer


class BatchRunner(Generic[T]):
    """Batches out to the cluster, results back as they complete, at most ``per_worker``
    batches per worker at once (so a million articles are never all in memory, on the client
    or the scheduler). The window follows the workers as they join or leave (counted again
    every REFRESH seconds).

    A batch whose worker died ``distributed.scheduler.allowed-failures`` times (the article
    itself may kill it) is split and its articles sent one by one; a single article that
    still kills its worker comes back as the exception, for the caller to reject.
    """

    def __init__(
        self,
        client: Client,
        func: Callable[[list[T]], list[str]],
        per_worker: int,
        *,
        arg: Callable[[T], Any] = lambda item: item,
    ) -> None:
        self._client = client
        self._func = func
        self._arg = arg
        self._per_worker = max(1, per_worker)
        self._window = self._per_worker
        self._counted = -float("inf")  # when the workers were last counted
        self._run = uuid.uuid4().hex[:12]
        self._count = 0
        self._batches: dict[str, list[T]] = {}
        self._done = as_completed(with_results=True, raise_errors=False)

    @property
    def full(self) -> bool:
        now = time.monotonic()
        if now - self._counted > REFRESH:
            self._window = self._per_worker * max(1, worker_count(self._client))
            self._counted = now
        return len(self._batches) >= self._window

    def __len__(self) -> int:
        return len(self._batches)

    def submit(self, batch: list[T]) -> None:
        self._count += 1
        key = f"corpus-annotate-{self._run}-{self._count}"
        future = self._client.submit(self._func, [self._arg(t) for t in batch], key=key)
        self._batches[key] = batch
        self._done.add(future)

    def wait(self) -> Iterator[tuple[list[T], list[str] | BaseException]]:
        """Block for the next finished batch; yield it (and any others finished meanwhile)."""
        for future, result in self._done.next_batch(block=True):
            yield from self._finish(future, result)

    def ready(self) -> Iterator[tuple[list[T], list[str] | BaseException]]:
        """The batches finished so far, without waiting."""
        if self._done.has_ready():
            for future, result in self._done.next_batch(block=False):
                yield from self._finish(future, result)

    def drain(self) -> Iterator[tuple[list[T], list[str] | BaseException]]:
        while self._batches:
            yield from self.wait()

    def _finish(
        self, future: Any, result: Any
    ) -> Iterator[tuple[list[T], list[str] | BaseException]]:
        from distributed import KilledWorker

        batch = self._batches.pop(future.key)
        future.release()
        if isinstance(result, KilledWorker) and len(batch) > 1:
            for item in batch:  # find the article that kills its worker, if one does
                self.submit([item])
            return
        yield batch, result


def visible(target: str | Path) -> bool:
    """Whether a file a worker reports written is there for this process too."""
    return os.path.exists(target)
