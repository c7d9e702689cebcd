"""Inputs to records: files, folders and stdin, each read by the reader its format needs.

Formats by file extension (:data:`FORMATS`); any other extension, and stdin, is sniffed: text
whose first non-blank character opens a JSON object (``{"``) or a list of records (``[{``) is
read as JSON (or JSON Lines), anything else as a plain-text article.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from corpus.errors import InputError
from corpus.ingest.decode import MAX_NUL_SHARE, binary_kind, decode_bytes
from corpus.ingest.jsonrec import iter_json_text, iter_jsonl
from corpus.ingest.text import article_from_text
from corpus.model import Article, Rejected

#: Reader by file extension (lower case).
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Extensions picked up when a folder is given.
FOLDER_EXTENSIONS: tuple[str, ...] = (".txt", ".json", ".jsonl")
#: File stems (any case) that document a folder rather than hold an article: skipped in folders.
SKIP_STEMS: frozenset[str] = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "notice", "authors"}
)
#: Bytes looked at to refuse a binary JSON Lines file before reading it line by line.
SNIFF_BYTES = 8192

Record = Article | Rejected


def sniff_format(text: str) -> str:
    """Return "json" when ``text`` starts like a JSON record or a list of records, else "text"."""
    head = text[:64].lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "json" if head[1:].lstrip()[:1] in ('"', "}") else "text"
    if head.startswith("["):
        return "json" if head[1:].lstrip()[:1] in ("{", "]") else "text"
    return "text"


def read_bytes(data: bytes, source: str, fmt: str | None = None) -> Iterator[Record]:
    """Read an input already in memory (a file or stdin) as ``fmt`` (sniffed when None)."""
    try:
        raw, _encoding = decode_bytes(data)
    except InputError as err:
        yield Rejected(source, None, str(err))
        return
    fmt = fmt or sniff_format(raw)
    if fmt in ("json", "jsonl"):
        yield from iter_json_text(raw, source)
        return
    try:
        yield article_from_text(raw, source=source)
    except InputError as err:
        yield Rejected(source, None, str(err))


def _read_jsonl_file(path: Path, source: str) -> Iterator[Record]:
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
        kind = binary_kind(head)
        if kind is None and head.count(0) > MAX_NUL_SHARE * len(head):
            kind = "NUL bytes"
        if kind is not None or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            # binary, or UTF-16/32: let the whole-file decoder judge it
            yield from read_bytes(head + stream.read(), source, "jsonl")
            return
        stream.seek(0)
        yield from iter_jsonl(stream, source)


def read_file(path: str | Path, source: str | None = None) -> Iterator[Record]:
    """Articles (or Rejected records) of one file; never raises for a bad file.

    ``source`` is recorded in each Article (default: ``path`` as given).
    """
    path_text = str(path)
    source = path_text if source is None else source
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    try:
        if fmt == "jsonl":
            yield from _read_jsonl_file(path, source)
            return
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        yield Rejected(source, None, f"cannot read file: {reason}; check the path and permissions")
        return
    yield from read_bytes(data, source, fmt)


def _is_article_file(name: str) -> bool:
    stem, _dot, _ext = name.rpartition(".")
    return name.lower().endswith(FOLDER_EXTENSIONS) and stem.lower() not in SKIP_STEMS


def iter_folder(folder: str | Path) -> Iterator[str]:
    """Files of ``folder`` with a known extension, recursively, in name order.

    Entries of a folder are sorted by name, and a sub-folder is read where its name falls
    (``a.txt``, ``b/c.txt``, ``d.txt``). Extensions match in any case (``.TXT``). Hidden files
    and folders (names starting with "."), documentation files (:data:`SKIP_STEMS`: README.TXT in
    the BBC folder) and symbolic links to folders (no loops) are skipped. Paths are the folder as
    given joined with the relative path.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(str(folder), entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from iter_folder(path)
            elif _is_article_file(entry.name) and entry.is_file():
                yield path
        except OSError:
            continue


def read_inputs(inputs: Iterable[str | Path], stdin: BinaryIO | None = None) -> Iterator[Record]:
    """Articles (and Rejected records) of every input, in order, streamed.

    Each input is a file, a folder (searched recursively, sorted, for .txt/.json/.jsonl files,
    skipping hidden files and folders and READMEs, see :func:`iter_folder`) or "-" for stdin
    (``stdin``, default ``sys.stdin``; its bytes are sniffed for JSON / JSON Lines / plain text).
    Raises :class:`InputError` at once, before anything is read, when an input path does not
    exist; a bad file or record is yielded as :class:`Rejected` instead.
    """
    items = [str(item) for item in inputs]
    for item in items:
        if item != "-" and not os.path.lexists(item):
            raise InputError(f"input not found: {item}")
    return _iter_inputs(items, stdin)


def _iter_inputs(items: list[str], stdin: BinaryIO | None) -> Iterator[Record]:
    for item in items:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if isinstance(data, str):  # a text stream handed in by mistake
                data = data.encode("utf-8")
            yield from read_bytes(data, "-")
        elif os.path.isdir(item):
            for path in iter_folder(item):
                yield from read_file(path)
        else:
            yield from read_file(item)
