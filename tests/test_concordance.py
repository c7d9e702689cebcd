"""KWIC lines: context cutting, clipping, sorting, sampling, grouping, totals, streaming."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from conftest import TASS_TEXT, plain_document

from corpus.concordance import KwicLine, KwicResult, group, kwic
from corpus.errors import QueryError
from corpus.index import build_index, load_document
from corpus.query import Filters

TASS = "tass-2022-02-12-moscow-to-react-soon"


def test_lines_are_slices_of_the_text(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=20))
    assert len(lines) == 8
    for line in lines:
        text = load_document(shared_index, line.doc).article.text
        assert text[line.start - len(line.left) : line.end + len(line.right)] == (
            line.left + line.keyword + line.right
        )
        assert len(line.left) <= 20 and len(line.right) <= 20
        assert line.keyword.lower() == "security"


def test_newlines_stay_in_the_record(shared_index: Path) -> None:
    line = next(ln for ln in kwic("security", shared_index, width=60) if ln.doc == TASS)
    assert "\n" in line.right  # the headline ends before the dateline


def test_quotation_fields(shared_index: Path) -> None:
    lines = {(ln.doc, ln.start): ln for ln in kwic("security", shared_index)}
    narration = lines[(TASS, TASS_TEXT.index("security"))]
    assert (narration.speaker, narration.speaker_name, narration.direct, narration.kind) == (
        None,
        None,
        None,
        None,
    )
    assert not narration.quoted
    quoted = lines[(TASS, TASS_TEXT.index("security guarantees"))]
    assert (quoted.speaker, quoted.speaker_name, quoted.direct, quoted.kind, quoted.cue) == (
        "yury-ushakov",
        "Yury Ushakov",
        True,
        "direct",
        "pointed out",
    )
    assert quoted.date == "2022-02-12" and quoted.title.startswith("Moscow to react")
    putin = lines[(TASS, TASS_TEXT.index("security and NATO"))]
    assert (putin.speaker, putin.direct, putin.reported_by) == (
        "vladimir-putin",
        False,
        "yury-ushakov",
    )
    unknown = lines[("nested", 54)]
    assert unknown.speaker == "" and unknown.speaker_name is None and unknown.kind == "direct"


def test_word_units(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=3, unit="words"))
    quoted = next(ln for ln in lines if ln.speaker == "yury-ushakov")
    assert quoted.left == "the views on "
    assert quoted.right == ' guarantees," he pointed'
    first = next(ln for ln in lines if ln.doc == "partial-date")
    assert first.left == ""


def test_clip_sentence(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=200, clip="sentence"))
    putin = next(ln for ln in lines if ln.speaker == "vladimir-putin")
    assert putin.left.startswith("Putin said during")
    assert putin.right == " and NATO, Ushakov said."
    last = next(ln for ln in lines if ln.keyword == "Security" and ln.doc == TASS)
    assert (last.left, last.right) == ("", " was the main topic.")


def test_clip_quote(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=200, clip="quote"))
    putin = next(ln for ln in lines if ln.speaker == "vladimir-putin")
    assert putin.left == "that Russia had almost completed consultations on "
    assert putin.right == " and NATO"
    # narration is clipped at the neighbouring quotations
    after = next(ln for ln in lines if ln.keyword == "Security" and ln.doc == TASS)
    assert after.left == ", Ushakov said. "
    assert after.right == ' was the main topic.\n"'


def test_clip_sentence_falls_back_to_lines_without_sentences(tmp_path: Path) -> None:
    from corpus.model import Document

    doc = plain_document("nosent", "First line with oil.\nSecond line, oil again.")
    build_index([Document(doc.article)], tmp_path / "ix")
    lines = list(kwic("oil", tmp_path / "ix", width=100, clip="sentence"))
    assert [(ln.left, ln.right) for ln in lines] == [
        ("First line with ", "."),
        ("Second line, ", " again."),
    ]


@pytest.mark.parametrize(
    ("sort", "first_keys"),
    [
        ("KW", ["Security", "Security", "security"]),
        ("L1", ["", "but", "of"]),
        ("R1,R2", ["and", "guarantees", "guarantees"]),
        ("-L1", ["says", "said", "on"]),
    ],
)
def test_sort(shared_index: Path, sort: str, first_keys: list[str]) -> None:
    lines = list(kwic("security", shared_index, sort=sort))
    assert len(lines) == 8
    import re

    def l1(ln: KwicLine) -> str:
        return re.findall(r"\w+", ln.left)[-1] if re.findall(r"\w+", ln.left) else ""

    def r1(ln: KwicLine) -> str:
        return re.findall(r"\w+", ln.right)[0]

    key = {"KW": lambda ln: ln.keyword, "L1": l1, "-L1": l1, "R1,R2": r1}[sort]
    got = [key(ln) for ln in lines[:3]]
    if sort == "KW":
        assert sorted(got, key=str.casefold) == got
    else:
        assert got == first_keys


def test_sort_doc_date_speaker(shared_index: Path) -> None:
    by_date = [ln.date for ln in kwic("security", shared_index, sort="date")]
    assert by_date == sorted(by_date)
    by_doc = [ln.doc for ln in kwic("security", shared_index, sort=["doc", "-date"])]
    assert by_doc == sorted(by_doc)
    by_speaker = [ln.speaker_name for ln in kwic("security", shared_index, sort="speaker")]
    assert by_speaker[:2] == ["Vladimir Putin", "Yury Ushakov"]
    assert by_speaker[2] is None  # unknown speaker, then narration
    assert by_speaker[3:] == [None] * 5


def test_sort_keys_reach_past_the_displayed_context(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, width=0, sort="L3"))
    assert all(ln.left == "" for ln in lines)
    assert lines[0].doc == "partial-date" and lines[0].start == 0  # no L3: sorts first


def test_bad_sort_key(shared_index: Path) -> None:
    with pytest.raises(QueryError, match="unknown sort key"):
        kwic("security", shared_index, sort="L4")


def test_limit_offset_and_totals(shared_index: Path) -> None:
    result = kwic("security", shared_index, limit=3, offset=2)
    assert isinstance(result, KwicResult)
    lines = list(result)
    everything = list(kwic("security", shared_index))
    assert lines == everything[2:5]
    assert (result.total, result.docs) == (8, 4)
    full = kwic("security", shared_index)
    list(full)
    assert full.totals() == (8, 4)  # from the stream itself


def test_sample_is_reproducible_and_in_corpus_order(shared_index: Path) -> None:
    a = list(kwic("security", shared_index, sample=3, seed=7))
    b = list(kwic("security", shared_index, sample=3, seed=7))
    assert a == b and len(a) == 3
    order = [(ln.doc, ln.start) for ln in kwic("security", shared_index)]
    positions = [order.index((ln.doc, ln.start)) for ln in a]
    assert positions == sorted(positions)
    assert len(list(kwic("security", shared_index, sample=100, seed=1))) == 8
    sampled = kwic("security", shared_index, sample=2, seed=3, sort="KW")
    assert len(list(sampled)) == 2 and sampled.total == 8


def test_filters_apply_to_lines(shared_index: Path) -> None:
    lines = list(kwic("security", shared_index, filters=Filters(speaker="ushakov")))
    assert [ln.speaker for ln in lines] == ["yury-ushakov"]
    narration = list(kwic("security", shared_index, filters=Filters(in_="narration")))
    assert len(narration) == 5 and all(ln.kind is None for ln in narration)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "speaker",
            [
                ("(narration)", 5, 3),
                ("(unknown speaker)", 1, 1),
                ("Vladimir Putin", 1, 1),
                ("Yury Ushakov", 1, 1),
            ],
        ),
        ("doc", [(TASS, 4, 1), ("partial-date", 2, 1), ("nested", 1, 1), ("reuters-1", 1, 1)]),
        ("month", [("1987-02", 1, 1), ("2021-12", 1, 1), ("2022-02", 6, 2)]),
        ("year", [("1987", 1, 1), ("2021", 1, 1), ("2022", 6, 2)]),
        ("form", [("security", 8, 4)]),
    ],
)
def test_group(shared_index: Path, by: str, expected: list[tuple[str, int, int]]) -> None:
    groups = group(kwic("security", shared_index), by)
    assert [(g.key, g.count, g.docs) for g in groups] == expected


def test_group_no_date_and_bad_key(tmp_path: Path) -> None:
    build_index([plain_document("undated", "Oil here.")], tmp_path / "ix")
    assert [g.key for g in group(kwic("oil", tmp_path / "ix"), "year")] == ["(no date)"]
    with pytest.raises(QueryError):
        group([], "colour")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"unit": "lines"},
        {"clip": "paragraph"},
        {"width": -1},
        {"limit": -1},
        {"offset": -2},
        {"sample": -1},
    ],
)
def test_bad_options(shared_index: Path, kwargs: dict) -> None:
    with pytest.raises(QueryError):
        kwic("security", shared_index, **kwargs)


@pytest.mark.slow
def test_streaming_memory_stays_flat(tmp_path: Path) -> None:
    docs = [plain_document(f"d{i}", " ".join(["oil"] * 200 + ["filler"] * 200)) for i in range(100)]
    build_index(docs, tmp_path / "ix")
    tracemalloc.start()
    try:
        result = kwic("oil", tmp_path / "ix", width=10)
        n = 0
        peak_after_first = None
        for _ in result:
            n += 1
            if n == 2000:
                peak_after_first = tracemalloc.get_traced_memory()[1]
        final_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 20000
    assert peak_after_first is not None
    # 18,000 more lines did not grow the peak much (a materialised list would add megabytes)
    assert final_peak - peak_after_first < 500_000


def test_whoosh_is_imported_without_the_http_client(shared_index: Path, tmp_path: Path) -> None:
    """corpus.index.whoosh_import: a query process never loads urllib.request (http.client,
    email); Whoosh's re-exported urlretrieve still works, and a later import gets the real
    module."""
    import subprocess
    import sys

    source = tmp_path / "a.txt"
    source.write_text("fetched", encoding="utf-8")
    code = (
        "import sys\n"
        "from corpus.concordance import kwic\n"
        f"lines = list(kwic('oil', {str(shared_index)!r}))\n"
        "assert lines\n"
        "held = [m for m in ('urllib.request', 'http.client', 'email.parser')\n"
        "        if m in sys.modules]\n"
        "assert not held, held\n"
        "from whoosh.compat import urlretrieve\n"
        f"path, _ = urlretrieve({source.as_uri()!r}, {str(tmp_path / 'b.txt')!r})\n"
        "assert open(path, encoding='utf-8').read() == 'fetched'\n"
        "import urllib.request\n"
        "assert urllib.request.Request and urllib.request.urlopen\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("query", "kw"),
    [("said", {}), ("the", {}), ("oil", {}), ("zzzz", {}), ("Said", {"case_sensitive": True}),
     ("said", {"filters": Filters(in_="quote")}), ("s*", {}), ('"the minister"', {})],
)
def test_totals_from_term_frequencies_equal_the_hits(
    shared_index: Path, query: str, kw: dict
) -> None:
    """A one-word query's totals come from the postings' frequencies (corpus.query.hits.
    _term_count); every other query counts its hits: both equal the hits listed."""
    from corpus.query import count, hits

    filters = kw.pop("filters", Filters())
    listed = list(hits(query, shared_index, filters, **kw))
    assert count(query, shared_index, filters, **kw) == (
        len(listed),
        len({h.doc for h in listed}),
    )
    result = kwic(query, shared_index, filters=filters, limit=1, **kw)
    list(result)
    assert result.totals() == (len(listed), len({h.doc for h in listed}))
