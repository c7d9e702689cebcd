"""The index: schema as data, the Document mapping, incremental builds, locking, crash safety."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import all_documents, plain_document, tass_document

from corpus import settings
from corpus.errors import IndexLocked, IndexMissing
from corpus.index import (
    FIELD_NAMES,
    FIELDS,
    META_FILE,
    build_index,
    date_bounds,
    document_from_data,
    document_record,
    document_to_data,
    index_tei_dir,
    load_document,
    make_schema,
    name_keys,
    open_index,
    quote_data,
    read_info,
    resolve_index,
    writer_lock,
)

# --- names and schema -------------------------------------------------------------------------


def test_resolve_index_names_and_paths(indexes_dir: Path) -> None:
    assert resolve_index(None) == indexes_dir / "default"
    assert resolve_index("") == indexes_dir / "default"
    assert resolve_index("news") == indexes_dir / "news"
    assert resolve_index("./news") == Path("./news")
    assert resolve_index("/tmp/x/ix") == Path("/tmp/x/ix")
    assert resolve_index(Path("rel")) == Path("rel")


def test_schema_is_declared_once_as_data() -> None:
    schema = make_schema()
    assert set(schema.names()) == set(FIELD_NAMES)
    assert len(FIELD_NAMES) == len(set(FIELD_NAMES))
    for spec in FIELDS:
        assert spec.doc, spec.name
    assert schema["text"].format.supports("characters")
    assert schema["text"].format.supports("positions")


def test_document_record_maps_every_field() -> None:
    doc = tass_document()
    rec = document_record(doc)
    assert rec["doc"] == doc.article.doc_id
    assert rec["date"] == "2022-02-12"
    assert (rec["date_lo"], rec["date_hi"]) == ("2022-02-12", "2022-02-12")
    persons = rec["person"].split(",")
    assert {"vladimir putin", "putin", "yury ushakov", "biden"} <= set(persons)
    assert "vladimir-putin" not in persons  # the id's key is the name's key
    assert "moscow" in rec["place"].split(",")
    assert "nato" in rec["org"].split(",")
    assert {"yury ushakov", "ushakov", "vladimir putin", "putin"} <= set(rec["speaker"].split(","))
    assert "ushakov" in rec["reporter"].split(",")
    assert {"pointed out", "pointed", "said", "added"} <= set(rec["cue"].split(","))
    assert set(rec["qkind"].split(",")) == {"direct", "indirect"}
    assert rec["body"] == doc.article.text.encode("utf-8")
    info = read_info(rec["info"])
    assert info is not None
    assert (info.doc, info.title, info.date) == (
        doc.article.doc_id,
        doc.article.title,
        "2022-02-12",
    )
    assert len(info.quote_data().rows) == 3  # three quotations


def test_record_leaves_out_missing_dates() -> None:
    rec = document_record(plain_document("x", "No date here."))
    assert "date_lo" not in rec and "date_hi" not in rec


def test_name_keys() -> None:
    assert name_keys("vladimir-putin", "Vladimir Putin") == ["vladimir putin", "vladimir", "putin"]
    assert name_keys("putin-v", "Putin") == ["putin v", "putin"]
    assert name_keys("", "NATO, the alliance") == ["nato the alliance", "nato", "the", "alliance"]


@pytest.mark.parametrize(
    ("date", "bounds"),
    [
        ("2022", ("2022-01-01", "2022-12-31")),
        ("2022-02", ("2022-02-01", "2022-02-31")),
        ("2022-02-12", ("2022-02-12", "2022-02-12")),
        ("1987-02-26T15:01:01", ("1987-02-26", "1987-02-26")),
        ("--02-12", None),
        ("", None),
    ],
)
def test_date_bounds(date: str, bounds: tuple[str, str] | None) -> None:
    assert date_bounds(date) == bounds


def test_quote_data_segments_nested_quotations() -> None:
    nested = all_documents()[3]
    qd = quote_data(nested)
    outer, inner = qd.rows
    assert outer.kind == "mixed" and outer.speaker == "joe-biden" and outer.parent == -1
    assert inner.speaker == "" and inner.parent == 0
    # narration, outer only, inner, outer again (the closing quote mark), narration
    assert qd.seg_quote == (-1, 0, 1, 0, -1)
    assert qd.seg_starts[1] == outer.start and qd.seg_starts[2] == inner.start


def test_payload_round_trips_the_document() -> None:
    for doc in all_documents():
        assert document_from_data(document_to_data(doc)) == doc


# --- building and opening ---------------------------------------------------------------------


def test_open_missing_index_says_what_to_run(indexes_dir: Path) -> None:
    with pytest.raises(IndexMissing) as exc:
        open_index("nothing")
    assert "corpus index TEI_DIR --index nothing" in str(exc.value)
    with pytest.raises(IndexMissing):
        open_index(str(indexes_dir / "nope" / "deeper"))


def test_open_refuses_a_folder_that_is_not_an_index(tmp_path: Path) -> None:
    (tmp_path / "ix").mkdir()
    with pytest.raises(IndexMissing):
        open_index(tmp_path / "ix")


def test_build_reports_and_is_incremental(indexes_dir: Path) -> None:
    docs = all_documents()
    first = build_index(docs, "inc")
    assert (first.added, first.updated, first.removed, first.unchanged, first.total) == (
        4,
        0,
        0,
        0,
        4,
    )
    assert first.path == indexes_dir / "inc"
    assert (indexes_dir / "inc" / META_FILE).exists()
    toc_before = sorted(p.name for p in (indexes_dir / "inc").glob("*.toc"))

    again = build_index(docs, "inc")
    assert (again.added, again.updated, again.unchanged, again.total) == (0, 0, 4, 4)
    assert sorted(p.name for p in (indexes_dir / "inc").glob("*.toc")) == toc_before  # no commit

    changed = dataclasses.replace(
        docs[1], article=dataclasses.replace(docs[1].article, title="Changed title")
    )
    third = build_index([docs[0], changed, docs[2], docs[3]], "inc")
    assert (third.added, third.updated, third.unchanged) == (0, 1, 3)
    assert load_document("inc", "reuters-1").article.title == "Changed title"

    pruned = build_index([docs[0]], "inc", prune=True)
    assert (pruned.removed, pruned.total) == (3, 1)

    rebuilt = build_index(docs, "inc", rebuild=True)
    assert (rebuilt.added, rebuilt.total) == (4, 4)
    assert open_index("inc").doc_count() == 4


def test_duplicate_ids_are_reported_not_indexed_twice(indexes_dir: Path) -> None:
    doc = tass_document()
    report = build_index([doc, doc], "dup")
    assert report.total == 1
    assert any("duplicate document id" in p for p in report.problems)


def test_load_document_from_index(index_path: Path) -> None:
    assert load_document("test", "tass-2022-02-12-moscow-to-react-soon") == tass_document()


# --- TEI folders ------------------------------------------------------------------------------


def _write_tei_dir(folder: Path, docs: list) -> None:
    from corpus.tei import write_tei

    folder.mkdir(exist_ok=True)
    for doc in docs:
        (folder / f"{doc.article.doc_id}.xml").write_bytes(write_tei(doc))


def test_index_tei_dir_incremental(tmp_path: Path, indexes_dir: Path) -> None:
    tei = tmp_path / "tei"
    docs = all_documents()
    _write_tei_dir(tei, docs)
    first = index_tei_dir(tei, "tei")
    assert (first.added, first.total, first.problems) == (4, 4, ())
    assert open_index("tei").tei_dir == tei.resolve()

    again = index_tei_dir(tei, "tei")
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 4, 0)

    (tei / "partial-date.xml").unlink()
    changed = dataclasses.replace(
        docs[1], article=dataclasses.replace(docs[1].article, agency="AP")
    )
    _write_tei_dir(tei, [changed])
    (tei / "broken.xml").write_text("<TEI", encoding="utf-8")
    third = index_tei_dir(tei, "tei")
    assert (third.added, third.updated, third.removed, third.unchanged) == (0, 1, 1, 2)
    assert third.total == 3
    assert len(third.problems) == 1 and "broken.xml" in third.problems[0]

    rebuilt = index_tei_dir(tei, "tei", rebuild=True)
    assert (rebuilt.added, rebuilt.total) == (3, 3)


def test_index_tei_dir_needs_a_folder(tmp_path: Path, indexes_dir: Path) -> None:
    from corpus.errors import InputError

    with pytest.raises(InputError):
        index_tei_dir(tmp_path / "none", "x")


# --- locking and crash safety ---------------------------------------------------------------


def test_second_writer_gets_index_locked(indexes_dir: Path) -> None:
    build_index(all_documents(), "locked")
    path = indexes_dir / "locked"
    with writer_lock(path):
        with pytest.raises(IndexLocked) as exc:
            build_index(all_documents(), "locked", rebuild=True)
        message = str(exc.value)
        assert f"locked by pid {os.getpid()}" in message
        assert "started" in message and "remove" in message and str(path) in message
        # readers are not blocked by a writer
        from corpus.query import count

        assert count("security", "locked") == (8, 4)
    # released: a writer gets in again
    assert build_index(all_documents(), "locked").unchanged == 4


# A writer that stops at a chosen point and waits there until it is killed: it prints the
# point's name, then blocks reading its stdin (the test never writes to it; if the test dies,
# the pipe closes and the writer goes on). No sleep sets the kill point or holds the commit.
WRITER_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from conftest import plain_document
    from corpus.index import build_index
    from whoosh.filedb.filestore import FileStorage

    mode, stop_at = {mode!r}, {stop_at}
    rename = FileStorage.rename_file

    def hold(point):
        print(point, flush=True)
        sys.stdin.readline()

    def held_rename(self, old, new, safe=False):
        if new.endswith(".toc"):  # the commit's last step: the new TOC replaces the old
            hold("commit")
        return rename(self, old, new, safe)

    if mode == "commit":
        FileStorage.rename_file = held_rename

    def docs():
        for i in range(stop_at + 100):
            if i == stop_at and mode == "adding":
                hold("adding")
            yield plain_document(f"bulk-{{i}}", f"Bulk document {{i}} about oil and security.")
    build_index(docs(), {path!r})
    print("committed", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "stop_points"),
    # killed after 50, 2,000 and 8,000 documents were handed to the writer; and in the commit
    [("adding", (50, 2000, 8000)), ("commit", (200,))],
)
def test_kill_9_of_a_writer_leaves_previous_commit(
    tmp_path: Path, mode: str, stop_points: tuple[int, ...]
) -> None:
    from corpus.query import count

    path = tmp_path / "ix"
    build_index(all_documents(), path)
    tests = str(Path(__file__).parent)
    for stop_at in stop_points:
        script = WRITER_SCRIPT.format(tests=tests, path=str(path), mode=mode, stop_at=stop_at)
        with subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as proc:
            try:
                assert proc.stdout is not None
                # the writer is at the kill point (holding the lock) once it says so
                assert proc.stdout.readline().strip() == mode.encode()
                assert proc.poll() is None
                # while it writes: searches work, and a second writer is refused
                assert count("security", path) == (8, 4)
                with pytest.raises(IndexLocked, match=f"locked by pid {proc.pid}"):
                    build_index(all_documents(), path)
            finally:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # the previous commit is intact and searchable
        ix = open_index(path)
        assert ix.doc_count() == 4
        assert count("security", ix) == (8, 4)
    # the lock died with the writer; a new writer commits over the debris
    report = build_index(all_documents()[:2], path, prune=True)
    assert (report.removed, report.total) == (2, 2)
    assert count("security", path) == (5, 2)


def test_indexes_dir_setting_is_used(indexes_dir: Path) -> None:
    assert indexes_dir == settings.INDEXES_DIR
    build_index([tass_document()], None)
    assert (indexes_dir / "default" / META_FILE).exists()
    assert open_index(None).doc_count() == 1


# --- reading TEI: stat signatures, the worker process, the indexed TEI copy --------------------


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, indexes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corpus.index.worker as cindex

    tei = tmp_path / "tei"
    _write_tei_dir(tei, all_documents())
    old = time.time() - 60  # older than RACY_NS: the stat signatures are recorded
    for f in tei.iterdir():
        os.utime(f, (old, old))
    assert index_tei_dir(tei, "st").added == 4
    read: list[str] = []
    real = cindex._read_tasks
    monkeypatch.setattr(
        cindex, "_read_tasks", lambda tasks: read.extend(t[0] for t in tasks) or real(tasks)
    )
    again = index_tei_dir(tei, "st")
    assert (again.unchanged, read) == (4, [])
    touched = tei / f"{all_documents()[0].article.doc_id}.xml"
    os.utime(touched)  # a new stat, the same bytes: read and hashed, not re-indexed
    third = index_tei_dir(tei, "st")
    assert (third.unchanged, third.updated, read) == (4, 0, [str(touched.resolve())])


def test_the_worker_process_reads_like_this_one(tmp_path: Path) -> None:
    from corpus.index.worker import results

    tei = tmp_path / "tei"
    _write_tei_dir(tei, all_documents())
    (tei / "broken.xml").write_text("<TEI", encoding="utf-8")
    tasks = [(str(p), "", "") for p in sorted(tei.iterdir())]
    inline = list(results(tasks, pipeline_min=len(tasks) + 1))
    piped = list(results(tasks, pipeline_min=1, batch_size=2))  # a child Python, 3 batches
    assert piped == inline
    assert [r[0] for r in inline].count("doc") == 4
    assert [r[0] for r in inline].count("error") == 1
    assert any("broken.xml" in r[1] for r in inline if r[0] == "error")


def test_load_document_survives_a_changed_or_deleted_tei_file(
    tmp_path: Path, indexes_dir: Path
) -> None:
    from corpus.tei import read_tei

    tei = tmp_path / "tei"
    doc = tass_document()
    _write_tei_dir(tei, [doc])
    index_tei_dir(tei, "copy")
    path = tei / f"{doc.article.doc_id}.xml"
    indexed = read_tei(path)
    path.write_bytes(path.read_bytes().replace(b"Moscow", b"Mockba"))
    assert load_document("copy", doc.article.doc_id) == indexed
    path.unlink()
    assert load_document("copy", doc.article.doc_id) == indexed


def test_filters_find_an_entity_by_id_name_or_word(index_path: Path) -> None:
    from corpus.query import Filters, count

    by_id = count("security", "test", Filters(person="vladimir-putin"))
    assert by_id == (4, 1)  # the TASS article: four hits
    assert count("security", "test", Filters(person="Vladimir Putin")) == by_id
    assert count("security", "test", Filters(person="putin")) == by_id
    assert count("security person:vladimir-putin", "test") == by_id
