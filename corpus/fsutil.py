"""Atomic file writes: a reader never sees a half-written file.

:func:`atomic_open` / :func:`atomic_write` are the one atomic-write helper (TEI files, index
metadata, exports, plots, rejects). :func:`output_file` / :func:`write_output` are the same for
a file the user asked for, with a failure raised as :class:`corpus.errors.OutputError` naming
the file (exit code 8), not as a bare OSError or an input error.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO


@contextmanager
def atomic_open(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside `path`, then rename it over `path` on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide outputs from other users
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


@contextmanager
def output_file(path: Path, mode: str = "wb") -> Iterator[IO]:
    """:func:`atomic_open` for an output the user named; OSError becomes OutputError."""
    from corpus.errors import OutputError

    path = Path(path)
    try:
        with atomic_open(path, mode) as fh:
            yield fh
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; a failure is an OutputError naming the file."""
    with output_file(path, "wb") as fh:
        fh.write(data)


def safe_child(folder: Path, name: str) -> Path:
    """`folder/name`, refusing names that would leave the folder (ids become file names)."""
    from corpus.errors import InputError

    if (
        not name
        or "/" in name
        or "\\" in name
        or name in (".", "..")
        or name.startswith(".")
        or "\x00" in name
    ):
        raise InputError(f"unsafe file name {name!r}: document ids must be plain names")
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise InputError(f"unsafe file name {name!r}: it would be written outside {folder}")
    return target
