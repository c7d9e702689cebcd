"""Annotate many articles into a folder of TEI files: parallel, incremental, nothing lost.

Every article read ends either as a TEI file (`<doc id>.xml`, written atomically) or as a line
of `rejects.jsonl` (input file, record number, reason). A manifest (`.corpus-manifest.json`)
remembers a fingerprint of each article's input and of the toolkit version, so a rerun on an
unchanged folder writes nothing; changed articles are replaced; articles whose input file is
gone, or no longer holds them, are removed. `rebuild=True` ignores the manifest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

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


def fingerprint(article: Article) -> str:
    data = json.dumps(dataclasses.asdict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(f"{TOOL_VERSION}\x00{data}".encode()).hexdigest()


def _work(article: Article) -> tuple[Article, bytes | None, str]:
    """Annotate one article in a worker; failures come back as a reason, never lost."""
    try:
        from corpus.annotate import annotate
        from corpus.tei import write_tei

        doc = annotate(article)
        return article, write_tei(doc), ""
    except Exception as exc:
        return article, None, f"annotation failed: {type(exc).__name__}: {exc}"


def _init_worker() -> None:
    from corpus.annotate.entities import nlp
    from corpus.annotate.sentences import _sentence_tokenizer

    nlp()
    _sentence_tokenizer()


def annotate_inputs(
    inputs: Iterable[str | Path],
    out_dir: Path,
    *,
    jobs: int = 1,
    rebuild: bool = False,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Annotate every article of `inputs` into `out_dir`; returns the counts.

    `on_outcome` is called once per article read (for progress bars and logs).
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

    def pending() -> Iterator[Article | Rejected | Outcome]:
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
            target = out_dir / f"{doc_id}.xml"
            if entry and entry.get("fingerprint") == fp and target.exists():
                new[doc_id] = entry
                # Emitted by the main loop: with jobs > 1 this generator runs in the pool's
                # task thread, and counts and callbacks must stay on the caller's thread.
                yield Outcome("unchanged", item.source, item.record, doc_id, target)
                continue
            new[doc_id] = {"fingerprint": fp, "source": item.source, "record": item.record}
            yield item

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

        def results() -> Iterator[Rejected | Outcome | tuple[Article, bytes | None, str]]:
            items = pending()
            if jobs <= 1:
                for it in items:
                    yield it if isinstance(it, Rejected | Outcome) else _work(it)
                return
            import multiprocessing as mp

            # Rejects and unchanged outcomes pass straight through; articles go to the pool.
            buffer: list[Rejected | Outcome] = []

            def articles() -> Iterator[Article]:
                for it in items:
                    if isinstance(it, Rejected | Outcome):
                        buffer.append(it)
                    else:
                        yield it

            ctx = mp.get_context("fork")
            with ctx.Pool(jobs, initializer=_init_worker) as pool:
                for res in pool.imap(_work, articles(), chunksize=8):
                    while buffer:
                        yield buffer.pop(0)
                    yield res
            while buffer:
                yield buffer.pop(0)

        for res in results():
            if isinstance(res, Outcome):
                emit(res)
                continue
            if isinstance(res, Rejected):
                reject(res.source, res.record, res.reason)
                continue
            article, data, error = res
            if data is None:
                reject(article.source, article.record, error, article.doc_id)
                continue
            target = safe_child(out_dir, f"{article.doc_id}.xml")
            atomic_write(target, data)
            emit(Outcome("annotated", article.source, article.record, article.doc_id, target))

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
    return Summary(counts["annotated"], counts["unchanged"], counts["rejected"], removed)
