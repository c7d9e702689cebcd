"""Sharded indexes answer every query as one index built from the same TEI does.

The corpus: the hand-built documents of conftest (quotations, nested and unknown speakers) and
forty generated documents over a small vocabulary (so that hits, ties of score and groups fall
in every shard), written as TEI files; one single index and sharded ones (by id hash into 3,
by year, by month) are built from that folder once per module.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import all_documents, plain_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import stats
from corpus.cli import cli
from corpus.concordance import group, kwic
from corpus.errors import InputError
from corpus.index import index_tei_dir, open_index
from corpus.index.shards import (
    MANIFEST,
    ShardedIndex,
    index_sharded,
    read_manifest,
    route_key,
    tei_id_date,
)
from corpus.query import Filters, count, hits
from corpus.query.rank import search
from corpus.tei import write_tei

WORDS = (
    "oil prices rose fell market security supply rates bank said says minister talks deal "
    "crude export import growth trade"
).split()


def _generated(n: int = 40) -> list:
    rng = random.Random(12)
    docs = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
            sentences.append(" ".join(words).capitalize() + ".")
        year = rng.choice(("1986", "1987", "1988"))
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if i % 7 else ""
        docs.append(
            plain_document(f"gen-{i:03d}", " ".join(sentences), date=date, title=f"Story {i}")
        )
    return docs


@pytest.fixture(scope="module")
def tei_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shards-tei")
    # file names that do not follow the ids: the canonical order must not come from paths
    for i, doc in enumerate(reversed([*all_documents(), *_generated()])):
        (folder / f"f{i:02d}.xml").write_bytes(write_tei(doc))
    return folder


@pytest.fixture(scope="module")
def built(tei_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("shards-ix")
    out = {"single": root / "single", "hash3": root / "hash3", "year": root / "year"}
    index_tei_dir(tei_dir, out["single"])
    # the same files named by id: a single index whose numbers follow the ids (no sort)
    by_id = root / "by-id"
    by_id.mkdir()
    for f in tei_dir.glob("*.xml"):
        (by_id / f"{tei_id_date(f)[0]}.xml").write_bytes(f.read_bytes())
    out["ordered"] = root / "ordered"
    index_tei_dir(by_id, out["ordered"])
    index_sharded(tei_dir, out["hash3"], shards=3, jobs=2)
    index_sharded(tei_dir, out["year"], by="year", jobs=1)
    return out


SHARDED = ("hash3", "year", "ordered")


def _lines(index: Path, query: str, **kw) -> list[tuple]:
    return [
        (ln.doc, ln.start, ln.end, ln.left, ln.keyword, ln.right, ln.quote, ln.date)
        for ln in kwic(query, index, **kw)
    ]


def test_manifest_and_shards_are_ordinary_indexes(built: dict[str, Path]) -> None:
    m = read_manifest(built["hash3"])
    assert (m["by"], m["count"], m["shards"]) == (
        "hash",
        3,
        ["shard-000", "shard-001", "shard-002"],
    )
    assert open_index(built["single"]).meta["id_order"] is False
    assert open_index(built["ordered"]).meta["id_order"] is True
    sizes = [open_index(built["hash3"] / name).doc_count() for name in m["shards"]]
    assert sum(sizes) == open_index(built["single"]).doc_count() == 44
    assert all(sizes), sizes  # every shard holds documents
    years = read_manifest(built["year"])["shards"]
    assert years == ["1986", "1987", "1988", "2021", "2022", "undated"]
    cix = open_index(built["hash3"])
    assert isinstance(cix, ShardedIndex) and cix.doc_count() == 44
    for name in m["shards"]:  # each shard is written in id order: no sort when reading
        assert open_index(built["hash3"] / name).meta["id_order"] is True


def test_routing_is_a_function_of_the_document(tei_dir: Path, built: dict[str, Path]) -> None:
    for f in sorted(tei_dir.glob("*.xml")):
        doc_id, date = tei_id_date(f)
        shard = built["hash3"] / route_key(doc_id, date, "hash", 3)
        with open_index(shard).searcher() as s:
            assert s.document_number(doc=doc_id) is not None, (f, doc_id)
        year = route_key(doc_id, date, "year", 0)
        assert year == (date[:4] if date else "undated")


@pytest.mark.parametrize("name", SHARDED)
@pytest.mark.parametrize(
    ("query", "kw"),
    [
        ("oil", {}),
        ("security OR oil", {"sort": "L1,KW"}),
        ("market", {"sort": "-date,doc", "limit": 7, "offset": 3}),
        ('"oil prices"', {}),
        ("sa*", {"sort": "R1", "clip": "sentence"}),
        ("security", {"clip": "quote", "width": 5, "unit": "words"}),
        ("Oil", {"case_sensitive": True}),
        ("oil", {"sample": 5, "seed": 3}),
    ],
)
def test_kwic_same_lines_same_order(
    built: dict[str, Path], name: str, query: str, kw: dict
) -> None:
    single = _lines(built["single"], query, **kw)
    assert single, query
    assert _lines(built[name], query, **kw) == single
    r1, r2 = kwic(query, built["single"], **kw), kwic(query, built[name], **kw)
    assert r2.totals() == r1.totals()


@pytest.mark.parametrize("name", SHARDED)
def test_hits_follow_document_ids(built: dict[str, Path], name: str) -> None:
    got = list(hits("oil OR crude", built[name]))
    assert got == list(hits("oil OR crude", built["single"]))
    docs = [h.doc for h in got]
    assert docs == sorted(docs) and len(set(docs)) > 10
    assert count("oil OR crude", built[name]) == count("oil OR crude", built["single"])


@pytest.mark.parametrize("name", SHARDED)
@pytest.mark.parametrize("by", ["speaker", "doc", "month", "year", "form"])
def test_groups_are_summed(built: dict[str, Path], name: str, by: str) -> None:
    assert group(kwic("oil OR security OR s*", built[name]), by) == group(
        kwic("oil OR security OR s*", built["single"]), by
    )


@pytest.mark.parametrize("name", SHARDED)
def test_search_ranks_and_pages_as_one_index(built: dict[str, Path], name: str) -> None:
    for query in ("oil", "market OR deal", "security"):
        full = search(query, built["single"], limit=None)
        assert search(query, built[name], limit=None) == full
        for offset, limit in ((0, 5), (3, 4), (10, 10)):
            assert search(query, built[name], limit=limit, offset=offset) == search(
                query, built["single"], limit=limit, offset=offset
            )
    # ties of score are broken by document id on both
    scores = [d.score for d in search("oil", built["single"], limit=None).docs]
    assert len(scores) > len(set(scores))


@pytest.mark.parametrize("name", SHARDED)
def test_statistics_are_summed(built: dict[str, Path], name: str) -> None:
    one, many = built["single"], built[name]
    assert stats.frequencies(one) == stats.frequencies(many)
    assert stats.frequencies(one).rows and stats.collocates("oil", one).rows
    assert stats.collocates("oil", one) == stats.collocates("oil", many)
    assert stats.ngrams(one, n=2) == stats.ngrams(many, n=2)
    assert stats.ngrams(one, n=2, query="oil") == stats.ngrams(many, n=2, query="oil")
    assert stats.dispersion("oil", one, by="year") == stats.dispersion("oil", many, by="year")
    target = Filters(speaker="joe-biden")
    keys = stats.keyness(one, target, min_freq=1)
    assert keys.rows and keys == stats.keyness(many, target, min_freq=1)
    narration = Filters(in_="narration")
    assert stats.frequencies(one, narration) == stats.frequencies(many, narration)


@pytest.mark.parametrize("name", SHARDED)
def test_exports_are_the_same(built: dict[str, Path], name: str) -> None:
    from corpus.export import document_tei, kwic_tei, query_tei

    a, n_a, _ = query_tei("oil OR security", built["single"])
    b, n_b, _ = query_tei("oil OR security", built[name])
    assert n_a == n_b > 10
    assert a.replace(str(built["single"].name).encode(), b"") == b.replace(
        str(built[name].name).encode(), b""
    )
    tei_a, _ = kwic_tei(kwic("security", built["single"]), query="security", index=built["single"])
    tei_b, _ = kwic_tei(kwic("security", built[name]), query="security", index=built[name])
    assert tei_a == tei_b
    assert document_tei("nested", built[name]) == document_tei("nested", built["single"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offset=st.integers(0, 60),
    limit=st.one_of(st.none(), st.integers(0, 25)),
    sort=st.lists(
        st.sampled_from(["L1", "-L1", "R1", "KW", "doc", "-doc", "date", "-date", "speaker"]),
        max_size=3,
    ),
    query=st.sampled_from(["oil", "s*", "market OR security", "rates"]),
)
def test_paging_is_the_same_slice(
    built: dict[str, Path], offset: int, limit: int | None, sort: list[str], query: str
) -> None:
    kw = {"offset": offset, "limit": limit, "sort": sort}
    single = _lines(built["single"], query, **kw)
    assert _lines(built["hash3"], query, **kw) == single
    everything = _lines(built["single"], query, sort=sort)
    assert single == everything[offset : None if limit is None else offset + limit]


def test_cli_index_shards_and_query(tei_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ix = tmp_path / "cli-ix"
    r = runner.invoke(cli, ["index", str(tei_dir), "--index", str(ix), "--shards", "2"])
    assert r.exit_code == 0, r.output
    assert "indexed 44 documents" in r.output
    assert json.loads((ix / MANIFEST).read_text())["count"] == 2
    # incremental: nothing changed, nothing written; the manifest's sharding is kept
    r = runner.invoke(cli, ["index", str(tei_dir), "--index", str(ix)])
    assert r.exit_code == 0 and "unchanged 44" in r.output, r.output
    r = runner.invoke(cli, ["index", str(tei_dir), "--index", str(ix), "--shards", "3"])
    assert r.exit_code != 0 and "sharded by hash into 2 shards" in r.output
    one = tmp_path / "one"
    runner.invoke(cli, ["index", str(tei_dir), "--index", str(one)])
    for args in (["kwic", "oil", "--format", "jsonl"], ["search", "oil", "--format", "json"]):
        a = runner.invoke(cli, [*args, "--index", str(ix)])
        b = runner.invoke(cli, [*args, "--index", str(one)])
        assert a.exit_code == 0 and a.output == b.output and a.output.strip()


def test_incremental_reindex_keeps_routing(tei_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    for f in tei_dir.glob("*.xml"):
        (folder / f.name).write_bytes(f.read_bytes())
    ix = tmp_path / "ix"
    index_sharded(folder, ix, shards=3, jobs=1)
    changed = plain_document(
        "gen-005", "Crude oil exports fell, the minister said.", date="1990-01-02"
    )
    (folder / "f10.xml").unlink()
    victim = next(f for f in sorted(folder.glob("*.xml")) if tei_id_date(f)[0] == "gen-005")
    victim.write_bytes(write_tei(changed))
    report = index_sharded(folder, ix, jobs=1)
    assert (report.updated, report.removed, report.total) == (1, 1, 43)
    one = tmp_path / "one"
    index_tei_dir(folder, one)
    assert _lines(ix, "oil") == _lines(one, "oil")
    shard = ix / route_key("gen-005", "", "hash", 3)
    with open_index(shard).searcher() as s:
        assert s.document_number(doc="gen-005") is not None


def test_year_shards_move_a_document_whose_date_changed(tei_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    docs = [plain_document(f"d{i}", "oil and more oil", date=f"198{i}-01-01") for i in range(3)]
    for d in docs:
        (folder / f"{d.article.doc_id}.xml").write_bytes(write_tei(d))
    ix = tmp_path / "ix"
    index_sharded(folder, ix, by="year", jobs=1)
    (folder / "d0.xml").write_bytes(
        write_tei(plain_document("d0", "oil and more oil", date="1982-05-01"))
    )
    index_sharded(folder, ix, jobs=1)
    assert open_index(ix / "1980").doc_count() == 0
    assert open_index(ix / "1982").doc_count() == 2
    assert [ln.doc for ln in kwic("oil", ix)] == ["d0", "d0", "d1", "d1", "d2", "d2"]


def test_errors_name_what_to_do(tei_dir: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    index_tei_dir(tei_dir, one)
    with pytest.raises(InputError, match=r"not sharded.*--rebuild"):
        index_sharded(tei_dir, one, shards=2)
    with pytest.raises(InputError, match="one shard per year"):
        index_sharded(tei_dir, tmp_path / "new", shards=3, by="year")
    with pytest.raises(InputError, match="positive"):
        index_sharded(tei_dir, tmp_path / "new", by="hash")
    broken = tmp_path / "broken"
    index_sharded(tei_dir, broken, shards=2, jobs=1)
    import shutil

    shutil.rmtree(broken / "shard-001")
    from corpus.errors import IndexMissing

    with pytest.raises(IndexMissing, match="shard-001"):
        open_index(broken)


# --- every hit from the shards in parallel (corpus.index.shards.stream_shards) ---------------

WHOLE = [
    ("oil OR security OR s*", {}),
    ("oil", {"offset": 7}),
    ("s*", {"sort": "R1,-L1"}),
    ("oil OR market", {"sort": "speaker,doc", "offset": 3, "limit": 9}),
    ("oil", {"sample": 6, "seed": 5}),
    ("oil", {"clip": "sentence", "unit": "words", "width": 3}),
]


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Shards streamed by processes whatever the machine's cores; the list counts the runs."""
    from corpus.index import shards

    runs: list[int] = []
    real = shards._ProcessStreams

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            runs.append(len(self.procs))

    monkeypatch.setattr(shards, "STREAM_MIN_CORES", 1)
    monkeypatch.setattr(shards, "_ProcessStreams", Counted)
    # threads an earlier test left behind (a Dask client's loop) would otherwise turn it off
    monkeypatch.setattr(shards, "fork_is_safe", lambda: True)
    monkeypatch.delenv(shards.SCHEDULER_ENV, raising=False)
    return runs


@pytest.mark.parametrize(("query", "kw"), WHOLE)
@pytest.mark.parametrize("name", ["hash3", "year"])
def test_every_hit_from_shard_processes_is_what_one_index_gives(
    built: dict[str, Path], processes: list[int], name: str, query: str, kw: dict
) -> None:
    single = _lines(built["single"], query, **kw)
    assert single
    assert _lines(built[name], query, **kw) == single
    r1, r2 = kwic(query, built["single"], **kw), kwic(query, built[name], **kw)
    assert [*r2] == [*r1] and r2.totals() == r1.totals()
    assert processes and set(processes) == {read_manifest(built[name])["count"]}


def test_no_fork_while_other_threads_run(
    built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """corpus serve answers on threads: a fork there can copy a held lock and hang the child,
    so the shards are read here, one after another, whatever the cores."""
    import threading

    from corpus.index import shards

    monkeypatch.setattr(shards, "STREAM_MIN_CORES", 1)
    monkeypatch.setattr(shards.os, "cpu_count", lambda: 8)
    monkeypatch.delenv(shards.SCHEDULER_ENV, raising=False)
    index = open_index(built["hash3"])
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not shards.fork_is_safe() and not shards.fans_out(index)
        pids = shards.map_shards(_pid, index)
        assert set(pids) == {os.getpid()}
        assert _lines(built["hash3"], "oil") == _lines(built["single"], "oil")
    finally:
        stop.set()
        worker.join()


def _pid(path: Path) -> int:
    return os.getpid()


def test_a_first_page_is_not_fanned_out(built: dict[str, Path], processes: list[int]) -> None:
    assert _lines(built["hash3"], "oil", limit=5) == _lines(built["single"], "oil", limit=5)
    assert not processes  # one walk that stops after five lines


def test_cli_every_hit_from_shard_processes(built: dict[str, Path], processes: list[int]) -> None:
    runner = CliRunner()
    for fmt in ("jsonl", "tsv", "tei"):
        args = ["kwic", "oil OR security", "--format", fmt, "--limit", "0"]
        a = runner.invoke(cli, [*args, "--index", str(built["hash3"])])
        b = runner.invoke(cli, [*args, "--index", str(built["single"])])
        assert a.exit_code == 0 and a.output == b.output and a.output.strip(), a.output
    assert len(processes) == 3


def _shard_items(shard) -> list[tuple[str, int]]:
    name = open_index(shard).path.name
    if name == "shard-001":
        raise InputError(f"cannot read {name}")
    return [(name, i) for i in range(600)]  # more than a batch


def _many_items(shard) -> object:
    for i in range(10**6):
        yield open_index(shard).path.name if i == 0 else i


def test_stream_shards_raises_a_shards_error_and_stops_early(
    built: dict[str, Path], processes: list[int]
) -> None:
    from corpus.index.shards import stream_shards

    streams = stream_shards(_shard_items, open_index(built["hash3"]))
    assert [x for x, _ in streams[0]] == ["shard-000"] * 600
    with pytest.raises(InputError, match="cannot read shard-001"):
        list(streams[1])
    # a consumer that stops early: the producers are ended, not left blocked on their queues
    streams = stream_shards(_many_items, open_index(built["hash3"]))
    it = streams[2]
    assert next(it) == "shard-002"
    import multiprocessing

    assert len(multiprocessing.active_children()) == 3  # blocked on their full queues
    it.close()  # type: ignore[attr-defined]  # abandoning one stream ends them all
    assert multiprocessing.active_children() == [] and processes == [3, 3]


@pytest.mark.slow
def test_every_hit_as_dask_tasks(built: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """$CORPUS_SCHEDULER: each shard a task of a LocalCluster (two processes, 127.0.0.1)."""
    from distributed import Client

    from corpus.cluster import local_cluster
    from corpus.index.shards import SCHEDULER_ENV

    with local_cluster(2) as cluster, Client(cluster) as client:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        for query, kw in WHOLE[:3]:
            assert _lines(built["hash3"], query, **kw) == _lines(built["single"], query, **kw)
        assert count("oil OR crude", built["hash3"]) == count("oil OR crude", built["single"])
        assert client.run(lambda: 1)  # the workers are still there: nothing crashed them


def test_files_named_by_id_are_indexed_in_id_order(tmp_path: Path) -> None:
    """'r-1-c2.xml' sorts before 'r-1.xml' as a whole name but after it as an id: the files are
    taken in the order of their names without .xml, so the index needs no sort when read."""
    folder = tmp_path / "tei"
    folder.mkdir()
    for doc_id in ("r-1", "r-1-c2", "r-10", "r-2", "r-2-c2"):
        doc = plain_document(doc_id, f"Oil for {doc_id}.")
        (folder / f"{doc_id}.xml").write_bytes(write_tei(doc))
    index_tei_dir(folder, tmp_path / "ix")
    assert open_index(tmp_path / "ix").meta["id_order"] is True
    assert [ln.doc for ln in kwic("oil", tmp_path / "ix")] == [
        "r-1", "r-1-c2", "r-10", "r-2", "r-2-c2"
    ]


def test_a_build_killed_before_its_first_commit_is_built_again(
    tei_dir: Path, tmp_path: Path
) -> None:
    """A first build killed before its commit leaves an index of no segment (and a half-written
    one); `--rebuild` must build it rather than fail reading it."""
    from whoosh import index as windex

    from corpus.index.schema import make_schema
    from corpus.index.store import INDEX_NAME

    ix = tmp_path / "ix"
    ix.mkdir()
    windex.create_in(str(ix), make_schema(), indexname=INDEX_NAME)
    (ix / f"{INDEX_NAME}_half.pst").write_bytes(b"\0" * 64)
    report = index_tei_dir(tei_dir, ix, rebuild=True)
    assert report.total == 44 and not report.problems
    assert open_index(ix).doc_count() == 44
