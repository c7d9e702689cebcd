"""Renderers (table, TSV, CSV, JSON Lines, JSON, TEI) and TEI exports."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from conftest import all_documents, tass_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus.concordance import Group, KwicLine, kwic
from corpus.errors import InputError, OutputError, QueryError
from corpus.export import (
    document_tei,
    export_doc,
    export_kwic,
    export_query,
    kwic_tei,
    output_path,
)
from corpus.index import Quote
from corpus.query import search
from corpus.render import (
    FORMATS,
    KWIC_FIELDS,
    Column,
    columns_table,
    inert,
    kwic_record,
    kwic_values,
    render_groups,
    render_kwic,
    render_search,
    write_records,
)

TEI = "{http://www.tei-c.org/ns/1.0}"
TASS = "tass-2022-02-12-moscow-to-react-soon"


def line(**kw: object) -> KwicLine:
    base: dict[str, object] = dict(
        doc="d1",
        start=10,
        end=13,
        left="left\ttext\n",
        keyword="oil",
        right=" right\nside",
        date="2022-02-12",
        title="T",
    )
    quote = {k: kw.pop(k) for k in ("speaker", "speaker_name", "kind", "cue") if k in kw}
    kw.pop("direct", None)  # follows from kind
    base.update(kw)
    q = None
    if quote.get("kind"):
        q = Quote(
            0,
            100,
            str(quote.get("speaker") or ""),
            str(quote.get("speaker_name") or ""),
            str(quote["kind"]),
            str(quote.get("cue") or ""),
            "",
            "",
            -1,
        )
    return KwicLine(quote=q, **base)  # type: ignore[arg-type]


QUOTED = line(
    doc="d2",
    speaker="vladimir-putin",
    speaker_name="Vladimir Putin",
    direct=True,
    kind="direct",
    cue="said",
)


def render(fmt: str, lines: list[KwicLine], **kw: object) -> str:
    out = io.StringIO()
    n = render_kwic(lines, fmt, out, **kw)  # type: ignore[arg-type]
    assert n == len(lines)
    return out.getvalue()


def test_table_is_aligned_and_plain() -> None:
    text = render("table", [line(), QUOTED])
    rows = text.splitlines()
    assert len(rows) == 2
    assert "\t" not in text and "\x1b[" not in text
    # the keyword starts in the same column on every row
    assert rows[0].index(" oil ") == rows[1].index(" oil ")
    assert "Vladimir Putin" in rows[1] and "  D  " in rows[1]
    assert "  -  " in rows[0]


def test_table_highlights_on_a_terminal() -> None:
    text = render("table", [line()], color=True)
    assert "\x1b[" in text


def test_tsv_one_row_per_hit() -> None:
    rows = render("tsv", [line(), QUOTED]).splitlines()
    assert rows[0].split("\t") == list(KWIC_FIELDS)
    assert len(rows) == 3
    first = dict(zip(KWIC_FIELDS, rows[1].split("\t"), strict=True))
    assert first["left"] == "left text " and first["speaker"] == ""
    second = dict(zip(KWIC_FIELDS, rows[2].split("\t"), strict=True))
    assert (second["speaker"], second["direct"], second["kind"]) == (
        "vladimir-putin",
        "true",
        "direct",
    )


def test_csv() -> None:
    rows = list(csv.reader(io.StringIO(render("csv", [line(), QUOTED]))))
    assert rows[0] == list(KWIC_FIELDS)
    assert len(rows) == 3 and rows[1][KWIC_FIELDS.index("right")] == " right side"


def test_jsonl_and_json_carry_the_exact_record() -> None:
    recs = [json.loads(x) for x in render("jsonl", [line(), QUOTED]).splitlines()]
    assert recs[0]["left"] == "left\ttext\n"
    assert recs[0]["speaker"] is None and recs[0]["direct"] is None
    assert recs[1]["speaker"] == "vladimir-putin" and recs[1]["direct"] is True
    for key in ("doc", "start", "end", "left", "keyword", "right", "speaker", "direct", "date"):
        assert key in recs[0]
    assert json.loads(render("json", [line(), QUOTED])) == recs
    assert json.loads(render("json", [])) == []


def test_json_array_streams() -> None:
    class Once:
        """An iterable that fails if consumed twice or materialised early."""

        def __init__(self) -> None:
            self.used = False

        def __iter__(self):
            assert not self.used
            self.used = True
            yield line()
            yield QUOTED

    out = io.StringIO()
    render_kwic(Once(), "json", out)  # type: ignore[arg-type]
    assert len(json.loads(out.getvalue())) == 2


# Strings a JSON encoder must escape or keep: quotes, backslashes, every control character,
# DEL, non-ASCII (accents, CJK, an emoji, a lone surrogate), line and paragraph separators.
NASTY = (
    'say "no" \\ not/\\"',
    "".join(map(chr, range(32))) + "\x7f",
    "Münchner Straße – 石油 ☃ \U0001f6e2 \ud800 \u2028\u2029",
    "",
)


def nasty_lines() -> list[KwicLine]:
    """Narration and quotation lines over every kind of string and every None field, with
    lines sharing a document and a quotation (what the writer caches) and lines that do not."""
    out: list[KwicLine] = []
    shared = Quote(0, 9, "s-1", "", "indirect", "", "", "", -1)  # speaker_name, cue: -> null
    for i, text in enumerate(NASTY):
        quotes = [
            None,
            Quote(0, 9, text, text, "direct", text, text, text, -1, 0.5),
            Quote(0, 9, "", "", "mixed", "", "", "", -1),  # unknown speaker: "" and nulls
            shared,
            shared,
        ]
        for j, q in enumerate(quotes):
            doc = text if j % 2 else f"d{i}"
            out.append(KwicLine(doc, i, i + len(text), text, text or "k", text, q, text, text))
    # the same values in new string objects (the per-document cache must not matter)
    out.append(KwicLine("".join(["d", "0"]), 1, 2, "a", "b", "c", None, "x", "y"))
    out.append(KwicLine("d0", 1, 2, "a", "b", "c", None, "x", "".join(["y", "z"])))
    return out


def records_json(fmt: str, lines: list[KwicLine]) -> str:
    """The generic writer's output (json.dumps of each record): what kwic output must equal."""
    out = io.StringIO()
    write_records(lines, fmt, out, fields=KWIC_FIELDS, values=kwic_values)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_kwic_json_is_byte_identical_to_json_dumps(fmt: str) -> None:
    lines = nasty_lines()
    got = render(fmt, lines)
    assert got == records_json(fmt, lines)
    if fmt == "jsonl":
        rows = got.split("\n")[:-1]  # not splitlines(): U+2028 stays raw inside a string
        assert rows[0] == json.dumps(kwic_record(lines[0]), ensure_ascii=False)
        recs = [json.loads(x) for x in rows]
        assert [r["left"] for r in recs] == [ln.left for ln in lines]
        assert recs[2]["speaker"] == "" and recs[2]["speaker_name"] is None
        assert recs[3]["speaker"] == "s-1" and recs[3]["direct"] is False
        assert recs[3]["reported_by"] is None and recs[3]["cue"] == ""
    for n in (0, 1, 511, 512, 513, 1100):  # around the write batch
        many = (lines * (n // len(lines) + 1))[:n]
        assert render(fmt, many) == records_json(fmt, many)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(max_size=12),
            st.text(max_size=12),
            st.one_of(st.none(), st.text(max_size=6)),
            st.integers(min_value=0, max_value=10**12),
        ),
        max_size=6,
    )
)
def test_kwic_json_equals_json_dumps_for_any_text(
    rows: list[tuple[str, str, str | None, int]],
) -> None:
    lines = [
        KwicLine(
            doc,
            start,
            start + 1,
            text,
            text[:1] or "k",
            doc,
            None if spk is None else Quote(0, 1, spk, spk, "direct", spk, spk, "", -1),
            text,
            doc,
        )
        for doc, text, spk, start in rows
    ]
    for fmt in ("jsonl", "json"):
        assert render(fmt, lines) == records_json(fmt, lines)


def test_kwic_json_int_subclass_offsets_written_as_json_dumps_would() -> None:
    class Offset(int):
        def __repr__(self) -> str:
            return "Offset!"

    odd = line()._replace(start=Offset(10), end=True)
    assert render("jsonl", [odd]) == records_json("jsonl", [odd])
    assert '"end": true' in render("jsonl", [odd])


def test_kwic_json_quotation_values_of_other_types_written_as_json_dumps_would() -> None:
    class Name(str):
        pass

    q = Quote(0, 9, Name("s-9"), "Ann \"A\" Lee", "direct", Name("said"), "r", "", -1)
    odd = [line()._replace(quote=q), line()._replace(quote=q._replace(speaker_name=""))]
    assert render("jsonl", odd) == records_json("jsonl", odd)
    assert '"speaker": "s-9"' in render("jsonl", odd)


def test_kwic_json_writes_the_lines_before_an_error() -> None:
    def failing():
        yield line()
        yield QUOTED
        raise RuntimeError("disk gone")

    out = io.StringIO()
    with pytest.raises(RuntimeError):
        render_kwic(failing(), "jsonl", out)
    assert out.getvalue() == records_json("jsonl", [line(), QUOTED])


def test_unknown_format() -> None:
    with pytest.raises(QueryError):
        render("yaml", [])


# --- the one record writer ----------------------------------------------------------------------

RECS = [
    {"word": "=SUM(A1:A2)", "freq": 3, "ratio": -1.25, "p": float("inf"), "seen": True},
    {"word": "oil\tprice", "freq": 2, "ratio": 0.1234567891, "p": None, "seen": False},
]
FIELDS = ("word", "freq", "ratio", "p", "seen")


def write(fmt: str, records: list, **kw: object) -> str:
    out = io.StringIO()
    assert write_records(records, fmt, out, fields=FIELDS, **kw) == len(records)  # type: ignore[arg-type]
    return out.getvalue()


def test_write_records_tsv() -> None:
    assert write("tsv", RECS).splitlines() == [
        "word\tfreq\tratio\tp\tseen",
        "=SUM(A1:A2)\t3\t-1.25\t\ttrue",
        "oil price\t2\t0.123457\t\tfalse",
    ]


def test_write_records_csv_cells_are_inert() -> None:
    rows = list(csv.reader(io.StringIO(write("csv", RECS))))
    assert rows == [
        list(FIELDS),
        ["'=SUM(A1:A2)", "3", "-1.25", "", "true"],  # the formula is text; -1.25 stays a number
        ["oil price", "2", "0.123457", "", "false"],
    ]
    assert [inert(x) for x in ("=1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "")] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=1", "",
    ]


def test_write_records_json_and_jsonl() -> None:
    expected = [
        {"word": "=SUM(A1:A2)", "freq": 3, "ratio": -1.25, "p": None, "seen": True},
        {"word": "oil\tprice", "freq": 2, "ratio": 0.123457, "p": None, "seen": False},
    ]
    assert [json.loads(x) for x in write("jsonl", RECS).splitlines()] == expected
    assert json.loads(write("json", RECS)) == expected
    assert json.loads(write("json", RECS, summary={"total": 5, "rate": float("nan")})) == {
        "summary": {"total": 5, "rate": None},
        "rows": expected,
    }
    empty = json.loads(write("json", [], summary={"total": 0}))
    assert empty == {"summary": {"total": 0}, "rows": []}


def test_write_records_table_and_dataclasses() -> None:
    cols = [Column("word", max_width=6), Column("freq", "int"), Column("ratio", "score")]
    table = columns_table(cols, headline="2 words", empty="(no rows)")
    text = write("table", RECS, table=table)
    assert text.splitlines() == [
        "2 words",
        "word    freq   ratio",
        "------  ----  ------",
        "=SUM(…     3  -1.250",
        "oil p…     2   0.123",
    ]
    assert write("table", [], table=table) == "2 words\n(no rows)\n"
    groups = [Group("Vladimir Putin", 3, 2)]
    out = io.StringIO()
    write_records(groups, "jsonl", out, fields=("key", "count"))
    assert json.loads(out.getvalue()) == {"key": "Vladimir Putin", "count": 3}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "table"])
def test_write_records_streams(fmt: str) -> None:
    out = io.StringIO()

    def records():
        yield RECS[0]
        assert "SUM" in out.getvalue(), "the first record was not written before the second"
        yield RECS[1]

    assert write_records(records(), fmt, out, fields=FIELDS) == 2


def test_write_records_unknown_format_names_the_records() -> None:
    with pytest.raises(QueryError, match="groups cannot be written as 'tei'"):
        write_records([], "tei", io.StringIO(), fields=FIELDS, what="groups")


def test_groups_render() -> None:
    groups = [Group("Vladimir Putin", 3, 2), Group("(narration)", 1, 1)]
    out = io.StringIO()
    render_groups(groups, "table", out, by="speaker")
    assert out.getvalue().splitlines() == [
        "speaker         hits  docs",
        "Vladimir Putin     3     2",
        "(narration)        1     1",
    ]
    out = io.StringIO()
    render_groups(groups, "jsonl", out, by="speaker")
    assert json.loads(out.getvalue().splitlines()[0]) == {
        "speaker": "Vladimir Putin",
        "hits": 3,
        "docs": 2,
    }
    out = io.StringIO()
    assert render_groups(groups, "tsv", out, by="speaker") == 2
    assert out.getvalue() == "speaker\thits\tdocs\nVladimir Putin\t3\t2\n(narration)\t1\t1\n"
    out = io.StringIO()
    assert render_groups(groups, "csv", out, by="speaker") == 2
    assert list(csv.reader(io.StringIO(out.getvalue())))[2] == ["(narration)", "1", "1"]
    out = io.StringIO()
    assert render_groups(groups, "json", out, by="speaker") == 2
    assert json.loads(out.getvalue())[1] == {"speaker": "(narration)", "hits": 1, "docs": 1}
    with pytest.raises(QueryError):
        render_groups(groups, "tei", io.StringIO())


def test_search_render(shared_index: Path) -> None:
    result = search("security", shared_index, limit=2)
    out = io.StringIO()
    render_search(result, "table", out)
    assert "**security**" in out.getvalue().lower()
    out = io.StringIO()
    render_search(result, "jsonl", out)
    recs = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["rank"] for r in recs] == [1, 2]
    assert any(m for _, m in recs[0]["snippet"])
    for fmt in ("json", "tsv", "csv"):
        out = io.StringIO()
        assert render_search(result, fmt, out) == 2
    with pytest.raises(QueryError):
        render_search(result, "tei", io.StringIO())


# --- TEI ----------------------------------------------------------------------------------------


def _validate(data: bytes) -> list:
    from corpus.validate import validate

    return validate(data, tei_all=False)


def test_kwic_tei_shape_and_validity(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=30))
    data, n = kwic_tei(lines, query="security", index=shared_index)
    assert n == 8
    assert _validate(data) == []
    root = etree.fromstring(data)
    cits = root.findall(f".//{TEI}cit")
    assert len(cits) == 8
    for cit, ln in zip(cits, lines, strict=True):
        segs = cit.findall(f"{TEI}quote/{TEI}seg")
        assert [s.get("type") for s in segs] == ["left", "kw", "right"]
        assert "".join("".join(s.itertext()) for s in segs) == ln.left + ln.keyword + ln.right
        rng = cit.find(f"{TEI}bibl/{TEI}citedRange")
        assert (int(rng.get("from")), int(rng.get("to"))) == (ln.start, ln.end)
        assert cit.find(f"{TEI}bibl/{TEI}idno").text == ln.doc
        kw_said = segs[1].find(f"{TEI}said")
        if ln.kind is None:
            assert kw_said is None
        else:
            assert kw_said is not None
            assert kw_said.get("direct") == ("true" if ln.direct else "false")
            if ln.speaker:
                assert kw_said.get("who") == f"#{ln.speaker}"
    persons = {p.get("{http://www.w3.org/XML/1998/namespace}id") for p in root.iter(f"{TEI}person")}
    # Biden's mixed quotation reaches into the context of the nested hit
    assert persons == {"yury-ushakov", "vladimir-putin", "joe-biden"}


def test_kwic_tei_without_index_and_empty() -> None:
    data, n = kwic_tei([line(), QUOTED], query="oil")
    assert n == 2 and _validate(data) == []
    empty, n = kwic_tei([], query="nothing")
    assert n == 0 and _validate(empty) == []


@pytest.mark.shared
@pytest.mark.slow
def test_kwic_tei_valid_against_tei_all(shared_index: Path) -> None:
    from corpus.validate import tei_all_path, validate

    if tei_all_path() is None:
        pytest.skip("tei_all.rng not available")
    data, _ = kwic_tei(list(kwic("security", shared_index)), query="security", index=shared_index)
    assert validate(data, tei_all=True) == []


def test_export_doc_from_index_regenerates_tei(shared_index: Path, tmp_path: Path) -> None:
    from corpus.tei import read_tei, write_tei

    report = export_doc(TASS, shared_index, tmp_path / "one.xml")
    assert report.path == tmp_path / "one.xml"
    data = report.path.read_bytes()
    assert data == write_tei(tass_document())
    back = read_tei(report.path)
    assert back.article.text == tass_document().article.text

    def key(q: object) -> tuple:
        return (q.start, q.end, q.kind, q.speaker)  # type: ignore[attr-defined]

    assert [key(q) for q in back.quotations] == [key(q) for q in tass_document().quotations]


def test_export_doc_prefers_the_unchanged_tei_file(tmp_path: Path) -> None:
    from corpus.index import index_tei_dir
    from corpus.tei import write_tei

    tei = tmp_path / "tei"
    tei.mkdir()
    for doc in all_documents():
        (tei / f"{doc.article.doc_id}.xml").write_bytes(write_tei(doc))
    original = tei / f"{TASS}.xml"
    marked = original.read_bytes().replace(b"?>", b"?>\n<!-- indexed copy -->", 1)
    original.write_bytes(marked)
    index_tei_dir(tei, tmp_path / "ix")
    assert document_tei(TASS, tmp_path / "ix") == marked
    # from the TEI folder directly
    assert document_tei(TASS, tei) == marked
    # the file changed after indexing: the index's version is regenerated
    original.write_bytes(write_tei(tass_document()).replace(b"Moscow", b"Mockba"))
    assert document_tei(TASS, tmp_path / "ix") == write_tei(tass_document())
    with pytest.raises(QueryError):
        document_tei("no-such-doc", tei)


def test_export_query_writes_a_valid_tei_corpus(shared_index: Path, tmp_path: Path) -> None:
    report = export_query("security", shared_index, None, tmp_path / "c.xml")
    assert report.documents == 4
    data = report.path.read_bytes()
    assert _validate(data) == []
    root = etree.fromstring(data)
    assert root.tag == f"{TEI}teiCorpus"
    members = root.findall(f"{TEI}TEI")
    assert len(members) == 4
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    ids = [el.get(xml_id) for el in root.iter() if el.get(xml_id)]
    assert len(ids) == len(set(ids))
    tass = next(m for m in members if m.get(xml_id) == TASS)
    assert tass.find(f"{TEI}teiHeader/{TEI}encodingDesc") is None
    person_ids = {p.get(xml_id) for p in tass.iter(f"{TEI}person")}
    assert f"{TASS}.yury-ushakov" in person_ids
    whos = {s.get("who") for s in tass.iter(f"{TEI}said")}
    assert f"#{TASS}.yury-ushakov" in whos
    with pytest.raises(QueryError):
        export_query("zzzunknownword", shared_index, None, tmp_path / "none.xml")


def test_export_query_with_filters(shared_index: Path, tmp_path: Path) -> None:
    from corpus.query import Filters

    report = export_query("security", shared_index, Filters(speaker="putin"), tmp_path / "p.xml")
    assert report.documents == 1


@pytest.mark.parametrize("bad", ["../evil", "/etc/passwd", "a/b", "..", ".hidden", ""])
def test_export_path_cannot_leave_the_folder(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError):
        output_path(out, bad)


def test_export_doc_into_a_folder(shared_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    report = export_doc(TASS, shared_index, out)
    assert report.path == (out / f"{TASS}.xml").resolve()


def test_export_to_missing_folder_is_an_output_error(shared_index: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="missing does not exist"):
        export_doc(TASS, shared_index, tmp_path / "missing" / "x.xml")


def test_writes_are_atomic(
    shared_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "k.xml"
    target.write_bytes(b"previous")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match=r"k\.xml: cannot write: disk full"):
        export_kwic(list(kwic("security", shared_index)), target, query="security")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["k.xml"]  # no temporary file left
    monkeypatch.undo()
    report = export_kwic(
        list(kwic("security", shared_index)), target, query="security", index=shared_index
    )
    assert report.documents == 8 and target.read_bytes().startswith(b"<?xml")
