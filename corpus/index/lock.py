"""The writer lock: one writer per index, refused with the holder's pid.

An ``flock`` on ``corpus.lock`` in the index folder, released by the OS if the holder dies;
the file holds the holder's pid and start time for the message a second writer gets.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from corpus.errors import IndexLocked

LOCK_FILE = "corpus.lock"


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the index's writer lock (an flock, released by the OS if the holder dies)."""
    import fcntl

    path.mkdir(parents=True, exist_ok=True)
    lockfile = path / LOCK_FILE
    fd = os.open(lockfile, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                info = json.loads(os.pread(fd, 4096, 0) or b"{}")
            except ValueError:
                info = {}
            pid = info.get("pid", "?")
            started = info.get("started", "?")
            raise IndexLocked(
                f"index {path} is locked by pid {pid} (started {started}); "
                f"wait or remove {lockfile} if that process is gone"
            ) from None
        info = {"pid": os.getpid(), "started": datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
