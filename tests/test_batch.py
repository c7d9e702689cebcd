"""Batch annotation: every article read ends as a TEI file or a reject line; reruns are
incremental; parallel runs give the same files; writes are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.batch import MANIFEST, REJECTS, Outcome, annotate_inputs
from corpus.errors import InputError
from corpus.fsutil import atomic_open, atomic_write, safe_child

ARTICLES = {
    "moscow.txt": "Moscow to react soon, says Kremlin aide\n\n"
                  "Kremlin aide Yury Ushakov said that Moscow would react soon.\n",
    "geneva.txt": "Talks end in Geneva\n\n"
                  '"We have done our work," Foreign Minister Sergei Lavrov said on Monday.\n',
    "oil.txt": "Oil prices rise\n\nOil prices rose on Monday, traders said.\n",
}
JSONL = "\n".join([
    json.dumps({"id": "r-1", "title": "Wheat prices fall", "body": "Wheat fell, dealers said."}),
    "{this is not json",
    json.dumps({"id": "r-3", "title": "Gold is steady", "body": "Gold held steady on Friday."}),
]) + "\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

N_GOOD = 5  # three .txt articles + two good JSONL records
N_BAD = 3  # empty file, binary file, one bad JSONL record


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "wire.jsonl").write_text(JSONL, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(PNG)
    return folder


def run(inputs: Path | list[Path], out: Path, **kwargs: object) -> tuple[object, list[Outcome]]:
    seen: list[Outcome] = []
    items = inputs if isinstance(inputs, list) else [inputs]
    summary = annotate_inputs(items, out, on_outcome=seen.append, **kwargs)  # type: ignore[arg-type]
    return summary, seen


def tei_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.xml"))}


def rejects(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / REJECTS).read_text(encoding="utf-8").splitlines()]


def test_every_article_read_is_annotated_or_rejected(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary, seen = run(inputs, out)
    assert (summary.annotated, summary.rejected, summary.unchanged, summary.removed) == (
        N_GOOD, N_BAD, 0, 0)
    assert summary.read == len(seen) == N_GOOD + N_BAD
    files = tei_files(out)
    assert len(files) == N_GOOD
    annotated = [o for o in seen if o.status == "annotated"]
    assert sorted(o.path.name for o in annotated if o.path) == sorted(files)
    for o in annotated:
        assert o.path is not None and o.path.parent == out.resolve()
        assert o.path.name == f"{o.doc_id}.xml"
        assert files[o.path.name].startswith(b"<?xml")


def test_rejects_name_file_record_and_reason(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    lines = rejects(out)
    assert len(lines) == N_BAD
    for line in lines:
        assert {"file", "record", "reason"} <= set(line)
        assert line["reason"] and isinstance(line["reason"], str)
    by_file = {Path(line["file"]).name: line for line in lines}
    assert set(by_file) == {"empty.txt", "picture.txt", "wire.jsonl"}
    assert by_file["wire.jsonl"]["record"] == 2
    assert by_file["empty.txt"]["record"] is None
    assert "empty" in by_file["empty.txt"]["reason"].lower()
    assert by_file["picture.txt"]["reason"]
    assert str(inputs) in by_file["wire.jsonl"]["file"]


def test_rerun_on_unchanged_input_annotates_nothing(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.xml")}
    summary, seen = run(inputs, out)
    assert (summary.annotated, summary.unchanged, summary.rejected, summary.removed) == (
        0, N_GOOD, N_BAD, 0)
    assert all(o.status in ("unchanged", "rejected") for o in seen)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.xml")} == before
    assert len(rejects(out)) == N_BAD  # the rejects file is rewritten, not appended to


def test_changed_article_is_annotated_again(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, seen = run(inputs, out)
    target = next(o.path for o in seen if o.status == "annotated" and o.source.endswith("oil.txt"))
    assert target is not None
    old = target.read_bytes()
    (inputs / "oil.txt").write_text(
        "Oil prices rise\n\nOil prices rose sharply on Tuesday, dealers said.\n", encoding="utf-8")
    summary, seen = run(inputs, out)
    assert (summary.annotated, summary.unchanged) == (1, N_GOOD - 1)
    (changed,) = [o for o in seen if o.status == "annotated"]
    assert changed.source.endswith("oil.txt") and changed.path == target
    assert target.read_bytes() != old
    assert b"sharply" in target.read_bytes()


def test_deleted_input_file_loses_its_tei(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, seen = run(inputs, out)
    target = next(o.path for o in seen if o.status == "annotated" and o.source.endswith("oil.txt"))
    assert target is not None and target.exists()
    (inputs / "oil.txt").unlink()
    summary, _ = run(inputs, out)
    assert summary.removed == 1
    assert (summary.annotated, summary.unchanged) == (0, N_GOOD - 1)
    assert not target.exists()
    assert len(tei_files(out)) == N_GOOD - 1
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert target.stem not in manifest


def test_record_removed_from_a_jsonl_file_loses_its_tei(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    assert (out / "r-3.xml").exists() or any("r-3" in n for n in tei_files(out))
    (inputs / "wire.jsonl").write_text(JSONL.splitlines()[0] + "\n", encoding="utf-8")
    summary, _ = run(inputs, out)
    assert summary.removed == 1
    assert not any("r-3" in n for n in tei_files(out))


def test_inputs_not_given_again_are_kept(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    summary, _ = run([inputs / "oil.txt"], out)
    assert (summary.annotated, summary.unchanged, summary.removed) == (0, 1, 0)
    assert len(tei_files(out)) == N_GOOD


def test_rebuild_annotates_everything_again(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    first = tei_files(out)
    summary, _ = run(inputs, out, rebuild=True)
    assert (summary.annotated, summary.unchanged, summary.rejected) == (N_GOOD, 0, N_BAD)
    assert tei_files(out) == first


@pytest.mark.slow
def test_two_jobs_give_the_same_files_as_one(inputs: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    s1, seen1 = run(inputs, one, jobs=1)
    s2, seen2 = run(inputs, two, jobs=2)
    assert (s1.annotated, s1.rejected) == (s2.annotated, s2.rejected) == (N_GOOD, N_BAD)
    assert tei_files(one) == tei_files(two)
    assert rejects(one) == rejects(two)
    key = lambda o: (o.status, o.source, o.record or 0)  # noqa: E731
    assert sorted(map(key, seen1)) == sorted(map(key, seen2))


@pytest.mark.slow
def test_outcomes_are_reported_on_the_callers_thread(inputs: Path, tmp_path: Path) -> None:
    # Counts and progress callbacks are not thread-safe: with jobs > 1 the pool reads its input
    # in a thread of its own, and outcomes must still come back to the calling thread.
    import threading

    out = tmp_path / "out"
    run(inputs, out, jobs=2)
    (inputs / "oil.txt").write_text("Oil prices rise\n\nOil prices fell, dealers said.\n",
                                    encoding="utf-8")
    threads: list[str] = []
    summary = annotate_inputs([inputs], out, jobs=2,
                              on_outcome=lambda o: threads.append(threading.current_thread().name))
    assert (summary.annotated, summary.unchanged, summary.rejected) == (1, N_GOOD - 1, N_BAD)
    assert len(threads) == N_GOOD + N_BAD
    assert set(threads) == {threading.current_thread().name}


def test_deleted_tei_file_is_written_again(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    victim = sorted(out.glob("*.xml"))[0]
    data = victim.read_bytes()
    victim.unlink()
    summary, _ = run(inputs, out)
    assert (summary.annotated, summary.unchanged) == (1, N_GOOD - 1)
    assert victim.read_bytes() == data


def test_no_temporary_files_are_left_behind(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(inputs, out)
    run(inputs, out, rebuild=True)
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".tmp") or (n.startswith(".") and n != MANIFEST)]
    assert REJECTS in names and MANIFEST in names


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "doc.xml"
    atomic_write(target, b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.xml"]


def test_safe_child_refuses_names_leaving_the_folder(tmp_path: Path) -> None:
    assert safe_child(tmp_path, "a.xml") == (tmp_path / "a.xml").resolve()
    for bad in ("../a.xml", "a/b.xml", "..", ".hidden.xml", ""):
        with pytest.raises(InputError):
            safe_child(tmp_path, bad)


def test_duplicate_document_ids_get_distinct_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Talks end in Geneva\n\nSergei Lavrov said that the talks had been useful.\n"
    for name in ("first.txt", "second.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dup.jsonl").write_text("\n".join(json.dumps(
        {"id": "r-1", "title": "Wheat falls", "body": f"Wheat fell {n}, dealers said."})
        for n in (1, 2)) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary, seen = run(folder, out)
    assert (summary.annotated, summary.rejected) == (4, 0)
    ids = [o.doc_id for o in seen]
    assert len(set(ids)) == 4
    assert len(tei_files(out)) == 4
    # Stable: a rerun finds the same ids and annotates nothing.
    summary, seen = run(folder, out)
    assert (summary.annotated, summary.unchanged) == (0, 4)
    assert sorted(o.doc_id for o in seen) == sorted(ids)


def test_missing_input_raises_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InputError):
        annotate_inputs([tmp_path / "nope.txt"], out)
    assert not any(out.glob("*.xml"))


def test_stdin_input(tmp_path: Path) -> None:
    import io

    out = tmp_path / "out"
    data = io.BytesIO(ARTICLES["oil.txt"].encode("utf-8"))
    summary = annotate_inputs(["-"], out, stdin=data)
    assert (summary.annotated, summary.rejected) == (1, 0)
    assert len(tei_files(out)) == 1


def test_annotation_failure_becomes_a_reject(inputs: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus.annotate

    real = corpus.annotate.annotate

    def flaky(article):
        if "Oil" in article.text:
            raise ValueError("boom")
        return real(article)

    monkeypatch.setattr(corpus.annotate, "annotate", flaky)
    out = tmp_path / "out"
    summary, _ = run(inputs, out)
    assert (summary.annotated, summary.rejected) == (N_GOOD - 1, N_BAD + 1)
    failed = [r for r in rejects(out) if r["file"].endswith("oil.txt")]
    assert failed and "boom" in failed[0]["reason"] and "ValueError" in failed[0]["reason"]
    # Not remembered as done: fixed, it is annotated on the next run.
    monkeypatch.setattr(corpus.annotate, "annotate", real)
    summary, _ = run(inputs, out)
    assert (summary.annotated, summary.unchanged) == (1, N_GOOD - 1)


def test_batch_and_evaluation_write_the_same_tei(tmp_path: Path) -> None:
    """One function turns an article into TEI bytes for `corpus annotate` and `corpus eval`."""
    from corpus.annotate import annotated_tei
    from corpus.batch import _work
    from corpus.evaluate import read_back, tei_bytes
    from corpus.ingest import read_bytes
    from corpus.tei import read_tei

    [article] = read_bytes(ARTICLES["geneva.txt"].encode(), "geneva.txt", "text")
    target = tmp_path / "geneva.xml"
    assert _work((article, str(target))) == ""
    written = target.read_bytes()
    assert b"Lavrov" in written and b"<said" in written
    assert tei_bytes(article) == written == annotated_tei(article)
    assert read_back(article) == read_tei(written)
