"""`corpus serve` through Flask's test client: every route, parameter and error, and safety."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import all_documents
from flask.testing import FlaskClient

from corpus.cli import cli
from corpus.model import Article, Block, Document, Entity, Mention, Quotation, Span
from corpus.serve import create_app
from corpus.serve import library as lib

TASS = "tass-2022-02-12-moscow-to-react-soon"
HOSTILE = "hostile-1"
SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'


def hostile_document() -> Document:
    """An article whose text, title, names and url try to break out of the HTML."""
    text = (
        f"=1+2 {SCRIPT} security breach\n"
        f'Mallory said: "{IMG} security is fine." Then {SCRIPT} again.'
    )
    q = text.index(IMG)
    q_end = text.index(' Then')
    cue = text.index("said")
    m = text.index("Mallory")
    art = Article(
        doc_id=HOSTILE,
        text=text,
        blocks=(Block("head", 0, text.index("\n")), Block("p", text.index("\n") + 1, len(text))),
        title=f"=1+2 {SCRIPT}",
        date="2023-05-01",
        agency="<b>Agency</b>",
        url="javascript:alert(1)",
    )
    ents = (Entity("mallory", "person", f"Mallory {IMG}", role=SCRIPT),)
    return Document(
        art,
        (Span(0, text.index("\n")), Span(text.index("\n") + 1, len(text))),
        ents,
        (Mention(m, m + 7, "person", "mallory"),),
        (Quotation(q, q_end - 1, "direct", "mallory", cue=Span(cue, cue + 4),
                   mention=Span(m, m + 7)),),
    )


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from corpus.index import build_index

    path = tmp_path_factory.mktemp("serve") / "ix"
    build_index([*all_documents(), hostile_document()], path)
    return path


@pytest.fixture(scope="module")
def client(index_dir: Path) -> FlaskClient:
    return create_app(index_dir).test_client()


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, r.data
    assert r.mimetype == "application/json"
    return r.get_json()


def cli_json(index_dir: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--index", str(index_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- /api/kwic: the same records as `corpus kwic --format json`, for every option ---------------

KWIC_CASES = [
    ("q=security", ["security"]),
    ("q=security&speaker=Ushakov", ["security", "--speaker", "Ushakov"]),
    ("q=security&in=quote", ["security", "--in", "quote"]),
    ("q=security&in=narration", ["security", "--in", "narration"]),
    ("q=security&direct=1", ["security", "--direct"]),
    ("q=security&indirect=1", ["security", "--indirect"]),
    ("q=security&cue=say", ["security", "--cue", "say"]),
    ("q=security&person=putin", ["security", "--person", "putin"]),
    ("q=security&place=moscow", ["security", "--place", "moscow"]),
    ("q=security&org=nato", ["security", "--org", "nato"]),
    ("q=security&date-from=2022", ["security", "--date-from", "2022"]),
    ("q=security&date-to=2021-12", ["security", "--date-to", "2021-12"]),
    ("q=security&agency=TASS", ["security", "--agency", "TASS"]),
    ("q=security&doc=tass-*", ["security", "--doc", "tass-*"]),
    ("q=security&sort=R1,-doc", ["security", "--sort", "R1,-doc"]),
    ("q=security&sort=L1&limit=2&offset=1", ["security", "--sort", "L1", "--limit", "2",
                                             "--offset", "1"]),
    ("q=security&width=10", ["security", "--width", "10"]),
    ("q=security&unit=words&width=3", ["security", "--unit", "words", "--width", "3"]),
    ("q=security&unit=words", ["security", "--unit", "words"]),
    ("q=security&clip=sentence", ["security", "--clip", "sentence"]),
    ("q=security&clip=quote", ["security", "--clip", "quote"]),
    ("q=security&sample=3&seed=7", ["security", "--sample", "3", "--seed", "7"]),
    ("q=Security&case-sensitive=1", ["Security", "--case-sensitive"]),
    ("q=secur.*&regex=1", ["secur.*", "--regex"]),
    ("q=say&inflect=1", ["say", "--inflect"]),
    ("q=security+NEAR/3+guarantees", ["security NEAR/3 guarantees"]),
]


@pytest.mark.parametrize(("query", "args"), KWIC_CASES)
def test_api_kwic_hits_are_the_cli_records(
    client: FlaskClient, index_dir: Path, query: str, args: list[str]
) -> None:
    data = get_json(client, f"/api/kwic?{query}&limit=1000" if "limit" not in query
                    else f"/api/kwic?{query}")
    expected = cli_json(index_dir, "kwic", *args, *([] if "limit" in query else ["--limit", "0"]))
    assert data["hits"] == expected
    s = data["summary"]
    assert s["shown"] == len(expected)
    assert set(s) >= {"hits", "docs", "offset", "limit", "seconds"}
    if "sample" not in query and "limit=2" not in query:
        assert s["hits"] == len(expected)
    if "speaker=Ushakov" in query:
        assert expected and all(h["speaker_name"] == "Yury Ushakov" for h in expected)


def test_api_kwic_default_page_and_totals(client: FlaskClient) -> None:
    data = get_json(client, "/api/kwic?q=security&limit=2")
    assert len(data["hits"]) == 2
    assert data["summary"]["hits"] == 10 and data["summary"]["docs"] == 5
    assert data["summary"]["limit"] == 2 and data["summary"]["offset"] == 0


@pytest.mark.parametrize("by", ["speaker", "doc", "month", "year", "form"])
def test_api_kwic_group_by(client: FlaskClient, index_dir: Path, by: str) -> None:
    data = get_json(client, f"/api/kwic?q=security&group-by={by}")
    assert data["groups"] == cli_json(index_dir, "kwic", "security", "--group-by", by)
    assert data["summary"]["hits"] == 10
    assert data["summary"]["groups"] == len(data["groups"])


@pytest.mark.parametrize("fmt", ["tsv", "jsonl"])
def test_api_kwic_streams_every_hit(client: FlaskClient, index_dir: Path, fmt: str) -> None:
    r = client.get(f"/api/kwic?q=security&format={fmt}")
    assert r.status_code == 200
    assert r.is_streamed
    assert "attachment" in r.headers["Content-Disposition"]
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(index_dir), "--format", fmt]
    )
    assert r.get_data(as_text=True) == result.stdout


def test_api_kwic_streams_more_than_the_page_cap(client: FlaskClient) -> None:
    # a streamed format lists every hit: no default page and no cap on limit
    r = client.get("/api/kwic?q=security&format=jsonl&limit=5000")
    assert r.status_code == 200
    assert len(r.get_data(as_text=True).splitlines()) == 10


def test_api_kwic_tei(client: FlaskClient, index_dir: Path) -> None:
    r = client.get("/api/kwic?q=security&speaker=Ushakov&format=tei")
    assert r.status_code == 200 and r.mimetype == "application/tei+xml"
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--speaker", "Ushakov", "--index", str(index_dir),
              "--format", "tei"]
    )
    assert r.get_data(as_text=True) == result.stdout


def test_api_kwic_csv_is_the_cli_csv(client: FlaskClient, index_dir: Path) -> None:
    # one record writer: the server's CSV is the CLI's, formula cells made inert by both
    r = client.get("/api/kwic?q=security&format=csv")
    assert r.status_code == 200 and r.is_streamed and r.mimetype == "text/csv"
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(index_dir), "--format", "csv"]
    )
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 11
    assert r.get_data(as_text=True) == result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_api_kwic_streamed_in_batches_is_one_file(
    client: FlaskClient, index_dir: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # batches of 3 lines (10 hits: 4 pieces): one header, every line once, as the CLI writes
    from corpus.serve import queries

    monkeypatch.setattr(queries, "STREAM_BATCH", 3)
    r = client.get(f"/api/kwic?q=security&format={fmt}&sort=doc")
    assert r.status_code == 200 and r.is_streamed
    pieces = list(r.response)
    assert len(pieces) == 4
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(index_dir), "--format", fmt, "--sort", "doc"]
    )
    assert b"".join(pieces).decode("utf-8") == result.stdout


def test_api_kwic_stream_without_hits_is_the_header(client: FlaskClient) -> None:
    r = client.get("/api/kwic?q=zzzzunfound&format=tsv")
    assert r.status_code == 200
    assert r.get_data(as_text=True).splitlines() == [
        "doc\tstart\tend\tleft\tkeyword\tright\tspeaker\tspeaker_name\tkind\tdirect\tcue"
        "\treported_by\tdate\ttitle"
    ]


def test_csv_cells_that_look_like_formulas_are_inert(client: FlaskClient) -> None:
    r = client.get("/api/kwic?q=breach&format=csv&width=100")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert rows and rows[0]["title"].startswith("'=1+2")
    assert rows[0]["left"].startswith("'=1+2")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


# --- errors -------------------------------------------------------------------------------------

BAD = [
    ("/api/kwic?q=(security", "parenthesis"),
    ('/api/kwic?q="security', "quote"),
    ("/api/kwic?q=security+AND", "operator"),
    ("/api/kwic", "q"),
    ("/api/kwic?q=x&bogus=1", "unknown parameter 'bogus'"),
    ("/api/kwic?q=x&q=y", "more than once"),
    ("/api/kwic?q=x&limit=abc", "whole number"),
    ("/api/kwic?q=x&limit=100000", "at most"),
    ("/api/kwic?q=x&limit=0", "at least 1"),
    ("/api/kwic?q=x&width=100000", "at most"),
    ("/api/kwic?q=x&offset=-1", "at least 0"),
    ("/api/kwic?q=x&unit=lines", "not one of"),
    ("/api/kwic?q=x&clip=page", "not one of"),
    ("/api/kwic?q=x&group-by=colour", "not one of"),
    ("/api/kwic?q=x&format=xlsx", "not one of"),
    ("/api/kwic?q=x&sort=L9", "sort key"),
    ("/api/kwic?q=x&direct=1&indirect=1", "exclude each other"),
    ("/api/kwic?q=x&direct=maybe", "write 1 or 0"),
    ("/api/kwic?q=x&date-from=Feb", "ISO date"),
    ("/api/kwic?q=x&in=narration&speaker=Putin", "narration"),
    ("/api/kwic?q=x&format=csv&date-to=yesterday", "ISO date"),
    ("/api/kwic?q=speaker:putin", "no words"),
    ("/api/search?q=(", "parenthesis"),
    ("/api/search?q=x&limit=0", "at least 1"),
    ("/api/stats/collocates", "q"),
    ("/api/stats/collocates?q=x&measure=magic", "not one of"),
    ("/api/stats/ngrams?n=9", "at most 5"),
    ("/api/stats/keyness", "target"),
    ("/api/stats/dispersion?q=x&by=week", "not one of"),
    ("/api/stats/freq?min-freq=0", "at least 1"),
    ("/api/speakers?limit=x", "whole number"),
    ("/api/speakers?sort=age", "not one of"),
    ("/api/kwic?q=x&speaker-type=unnamed", "speaker-type: 'unnamed' is not one of named"),
    ("/api/kwic?q=x&format=csv&speaker-type=unnamed", "speaker-type"),
    ("/api/search?q=x&speaker-type=Named", "speaker-type"),
    ("/api/stats/freq?speaker-type=1", "speaker-type"),
    ("/api/stats/collocates?q=x&speaker-type=all", "speaker-type"),
    ("/api/speakers?speaker-type=people", "speaker-type"),
    ("/api/export?q=x&speaker-type=none", "speaker-type"),
    ("/api/kwic?q=x&in=narration&speaker-type=named", "narration"),
    ("/api/export", "q"),
    ("/api/export?q=nothingmatcheshere", "no document"),
    ("/api/docs/x?format=pdf", "not one of"),
]


@pytest.mark.parametrize(("url", "message"), BAD)
def test_bad_query_or_parameter_is_400_json(client: FlaskClient, url: str, message: str) -> None:
    data = get_json(client, url, 400)
    assert set(data) == {"error"}
    assert message.lower() in data["error"].lower()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/docs/nope", 404),
        ("/api/speakers/nobody-at-all", 404),
        ("/api/stats/sentiment", 404),
        ("/api/nothing", 404),
    ],
)
def test_not_found_is_json(client: FlaskClient, url: str, status: int) -> None:
    assert "error" in get_json(client, url, status)


def test_malformed_query_shows_its_message_in_the_page(client: FlaskClient) -> None:
    r = client.get("/?q=%28security&speaker=Ushakov")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "not closed" in html
    assert 'value="(security"' in html and 'value="Ushakov"' in html  # the form as left


def test_bad_parameter_on_a_page(client: FlaskClient) -> None:
    r = client.get("/?q=security&limit=lots")
    assert r.status_code == 400
    assert "whole number" in r.get_data(as_text=True)


def test_unknown_pages_and_documents_are_404_pages(client: FlaskClient) -> None:
    for url in ("/nope", "/docs/nope", "/speakers/nobody-at-all"):
        r = client.get(url)
        assert r.status_code == 404 and r.mimetype == "text/html"


# --- other API routes -----------------------------------------------------------------------------


def test_api_search(client: FlaskClient, index_dir: Path) -> None:
    data = get_json(client, "/api/search?q=security&speaker=Ushakov&limit=5")
    assert [d["doc"] for d in data["docs"]] == [
        d["doc"] for d in cli_json(index_dir, "search", "security", "--speaker", "Ushakov")
    ]
    assert data["summary"]["total"] == 1 and data["docs"][0]["rank"] == 1
    assert any(match for _, match in data["docs"][0]["snippet"])
    every = get_json(client, "/api/search?q=security&limit=2&offset=1")
    assert every["summary"]["total"] == 5 and len(every["docs"]) == 2
    assert every["docs"][0]["rank"] == 2


def test_api_search_without_words_lists_documents(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?person=putin")
    assert [d["doc"] for d in data["docs"]] == [TASS]


def test_api_doc_has_text_quotations_and_entities_with_offsets(client: FlaskClient) -> None:
    d = get_json(client, f"/api/docs/{TASS}")
    assert d["doc"] == TASS and d["date"] == "2022-02-12" and d["agency"] == "TASS"
    text = d["text"]
    assert len(d["quotations"]) == 3
    q = d["quotations"][0]
    assert text[q["start"]:q["end"]].startswith("The two presidents agreed")
    assert q["speaker"] == "yury-ushakov" and q["speaker_name"] == "Yury Ushakov"
    assert text[q["cue_start"]:q["cue_end"]] == q["cue"] == "pointed out"
    putin = next(x for x in d["quotations"] if x["speaker"] == "vladimir-putin")
    assert putin["reported_by"] == "yury-ushakov" and putin["kind"] == "indirect"
    ents = {e["id"]: e for e in d["entities"]}
    assert ents["yury-ushakov"]["role"] == "Kremlin Aide"
    for a, b in ents["nato"]["mentions"]:
        assert text[a:b] == "NATO"
    assert any(m["kind"] == "date" and m["when"] == "2022-02-12" for m in d["mentions"])


def test_api_doc_tei(client: FlaskClient, index_dir: Path, tmp_path: Path) -> None:
    r = client.get(f"/api/docs/{TASS}?format=tei")
    assert r.status_code == 200 and r.mimetype == "application/tei+xml"
    out = tmp_path / "x.xml"
    CliRunner().invoke(cli, ["export", "--doc", TASS, "-o", str(out), "--index", str(index_dir)])
    assert r.data == out.read_bytes()


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..", "/etc/passwd", "a%00b", "*"])
def test_document_ids_are_looked_up_never_joined_into_a_path(
    client: FlaskClient, doc_id: str
) -> None:
    assert client.get(f"/api/docs/{doc_id}", follow_redirects=True).status_code == 404
    assert client.get(f"/docs/{doc_id}", follow_redirects=True).status_code == 404


def test_api_speakers_are_the_library_records(client: FlaskClient, index_dir: Path) -> None:
    # the library's listing (`corpus speakers --format json`), one page of it
    data = get_json(client, "/api/speakers")
    assert data["speakers"] == cli_json(index_dir, "speakers")
    rows = {r["key"]: r for r in data["speakers"]}
    assert rows["yury ushakov"] == {
        "name": "Yury Ushakov", "key": "yury ushakov", "type": "named", "kind": "person",
        "roles": ["Kremlin Aide"], "quotations": 2, "documents": 1,
        "first": "2022-02-12", "last": "2022-02-12",
    }
    assert data["summary"]["speakers"] == len(rows) == 4  # the unknown speaker is left out
    only = get_json(client, "/api/speakers?prefix=ush")
    assert [r["key"] for r in only["speakers"]] == ["yury ushakov"]
    page = get_json(client, "/api/speakers?limit=1&offset=1")
    assert len(page["speakers"]) == 1 and page["summary"]["speakers"] == 4
    by_name = get_json(client, "/api/speakers?sort=name&date-from=2022&date-to=2022")
    assert by_name["speakers"] == cli_json(index_dir, "speakers", "--sort", "name",
                                           "--date-from", "2022", "--date-to", "2022")
    assert [r["name"] for r in by_name["speakers"]] == ["Vladimir Putin", "Yury Ushakov"]


def test_api_speaker_profile(client: FlaskClient) -> None:
    d = get_json(client, "/api/speakers/yury%20ushakov")
    assert d["id"] == "yury ushakov"
    assert d["name"] == "Yury Ushakov" and d["quotations"] == 2 and d["direct"] == 2
    assert (d["type"], d["kind"]) == ("named", "person")
    assert d["roles"] == [{"role": "Kremlin Aide", "docs": 1}]
    assert d["docs"] == [{"doc": TASS, "date": "2022-02-12",
                          "title": d["docs"][0]["title"], "quotations": 2}]
    assert {c["cue"] for c in d["cues"]} == {"pointed out", "added"}
    assert d["timeline"] == [{"month": "2022-02", "quotations": 2}]
    assert d["quotes"][0]["text"].startswith(("The two presidents", "We will soon"))
    assert isinstance(d["keyness"], list)
    # an entity id or a name finds the same speaker
    for ident in ("yury-ushakov", "Yury%20Ushakov", "ushakov"):
        assert get_json(client, f"/api/speakers/{ident}") == d, ident


@pytest.mark.parametrize(
    ("name", "query", "args"),
    [
        ("collocates", "q=security&window=3&measure=pmi&min-freq=1",
         ["collocates", "security", "--window", "3", "--measure", "pmi", "--min-freq", "1"]),
        ("ngrams", "n=3&min-freq=1", ["ngrams", "--n", "3", "--min-freq", "1"]),
        ("ngrams", "q=security&speaker=Ushakov&min-freq=1",
         ["ngrams", "security", "--speaker", "Ushakov", "--min-freq", "1"]),
        ("keyness", "speaker=Ushakov&min-freq=1&reference=narration",
         ["keyness", "--speaker", "Ushakov", "--min-freq", "1", "--reference", "narration"]),
        ("dispersion", "q=security&by=year&fill-gaps=1",
         ["dispersion", "security", "--by", "year", "--fill-gaps"]),
        ("freq", "limit=5&stopwords=0", ["freq", "--limit", "5", "--no-stopwords"]),
    ],
)
def test_api_stats_are_the_cli_json(
    client: FlaskClient, index_dir: Path, name: str, query: str, args: list[str]
) -> None:
    data = get_json(client, f"/api/stats/{name}?{query}")
    expected = cli_json(index_dir, *args)
    assert data["rows"] == expected["rows"]
    seconds = data["summary"].pop("seconds")
    assert seconds >= 0
    assert data["summary"] == expected["summary"]


def test_api_export_is_a_teicorpus(client: FlaskClient) -> None:
    r = client.get("/api/export?q=security&speaker=Ushakov")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    from lxml import etree

    root = etree.fromstring(r.data)
    assert root.tag.endswith("teiCorpus")
    assert len(root.findall("{http://www.tei-c.org/ns/1.0}TEI")) == 1


# --- pages --------------------------------------------------------------------------------------


def html(client: FlaskClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.data
    assert r.mimetype == "text/html"
    return r.get_data(as_text=True)


def test_search_page_without_query_shows_the_form(client: FlaskClient) -> None:
    page = html(client, "/")
    assert 'name="q"' in page and 'name="speaker"' in page and "NEAR/3" in page
    assert '<table class="kwic"' not in page


def test_kwic_page(client: FlaskClient) -> None:
    page = html(client, "/?q=security&speaker=Ushakov")
    assert "<strong>1</strong> hits in <strong>1</strong> documents" in page
    assert page.count('<tr class="quoted">') == 1
    assert re.search(r"\d\.\d{3} s", page)  # search time
    assert f'href="/docs/{TASS}?q=security&amp;hit=' in page  # to the hit in the document
    assert 'href="/speakers/yury%20ushakov"' in page
    # sort links keep the state; a second click reverses
    assert "/?q=security&amp;speaker=Ushakov&amp;sort=R1" in page
    assert "sort=-R1" in html(client, "/?q=security&sort=R1")
    # exports carry the filters
    assert "/api/kwic?q=security&amp;speaker=Ushakov&amp;format=csv" in page


def test_kwic_page_sorted_and_paged(client: FlaskClient) -> None:
    page = html(client, "/?q=security&limit=3&sort=doc")
    assert page.count("<tr class=") == 3
    assert "1–3 of 10" in page and "offset=3" in page
    page2 = html(client, "/?q=security&limit=4&sort=doc&offset=8")
    assert page2.count("<tr class=") == 2 and "9–10 of 10" in page2
    docs = re.findall(r'<td class="doc"><a href="/docs/([^?"]+)', page2)
    assert docs == sorted(docs)


def test_group_view_links_to_the_hits_of_a_group(client: FlaskClient) -> None:
    page = html(client, "/?q=security&view=groups&group-by=speaker")
    assert "Yury Ushakov" in page and "(narration)" in page
    assert "view=kwic" in page and "speaker=Yury+Ushakov" in page
    assert "in=narration" in page
    months = html(client, "/?q=security&view=groups&group-by=month")
    assert "date-from=2022-02&amp;date-to=2022-02" in months


def test_documents_view(client: FlaskClient) -> None:
    page = html(client, "/?q=security&view=docs")
    assert page.count('<a class="title"') == 5 and "<mark>security</mark>" in page.lower()
    only_filter = html(client, "/?view=docs&person=vladimir-putin")
    assert only_filter.count('<a class="title"') == 1


def test_statistics_view(client: FlaskClient) -> None:
    page = html(client, "/?q=security&view=stats&measure=dice&n=3&by=year")
    assert "<svg" in page and "Collocates" in page and "N-grams" in page
    assert 'class="current">dice<' in page and 'class="current">3<' in page
    assert "/api/stats/collocates?q=security&amp;measure=dice" in page


def test_document_page(client: FlaskClient) -> None:
    page = html(client, f"/docs/{TASS}?q=security&hit=0")
    # quotations in their speaker's colour, with a legend; cues marked; entities linked
    assert re.search(r'<span class="q spk-0 direct" data-q="\d+"', page)
    assert 'class="swatch spk-0"></span><a href="/speakers/yury%20ushakov">Yury Ushakov</a>' in page
    assert '<span class="cue" data-cue="0">pointed out</span>' in page
    assert '<a class="ent person" href="/?person=joe-biden&amp;q=security"' in page
    text = page[page.index('<div class="text"'):page.index('<aside')]
    assert text.count('<mark class="hit"') == 4 and text.count('id="hit"') == 1
    assert 'id="quotes-data"' in page


def test_document_page_scrolls_to_the_hit_it_was_opened_from(client: FlaskClient) -> None:
    data = get_json(client, "/api/kwic?q=security&doc=" + TASS)
    second = data["hits"][1]["start"]
    page = html(client, f"/docs/{TASS}?q=security&hit={second}")
    m = re.search(r'<mark class="hit" id="hit">([^<]*)', page)
    assert m and m.group(1).lower() == "security"
    before = page[: m.start()]
    assert before.count('<mark class="hit"') == 1  # the second hit, not the first


def test_entity_link_without_query_goes_to_documents(client: FlaskClient) -> None:
    page = html(client, f"/docs/{TASS}")
    assert '<a class="ent place" href="/?place=moscow&amp;view=docs"' in page


def test_speaker_pages(client: FlaskClient) -> None:
    page = html(client, "/speakers")
    assert "Yury Ushakov" in page and "Vladimir Putin" in page
    assert 'href="/speakers/yury%20ushakov"' in page
    r = client.get("/speakers/yury-ushakov")  # an entity id: the page of the speaker's key
    assert r.status_code == 302 and r.headers["Location"].endswith("/speakers/yury%20ushakov")
    page = html(client, "/speakers/yury%20ushakov")
    assert "Kremlin Aide" in page and "pointed out" in page and "<svg" in page
    assert f'href="/docs/{TASS}#q-' in page
    assert "Keyness" in page


def test_help_page_describes_the_api(client: FlaskClient) -> None:
    page = html(client, "/help")
    for path in ("/api/kwic", "/api/search", "/api/docs/ID", "/api/speakers", "/api/export",
                 "/api/stats/collocates", "/api/stats/freq"):
        assert path in page
    assert "date-from" in page and "group-by" in page


def test_static_assets_are_served_by_the_app(client: FlaskClient) -> None:
    page = html(client, "/")
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        r = client.get(asset)
        assert r.status_code == 200
        r.close()
    assert "http://" not in page and "https://" not in page  # no CDN


# --- safety ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/docs/{HOSTILE}",
        f"/docs/{HOSTILE}?q=security",
        "/?q=security",
        "/?q=breach&view=docs",
        "/?q=security&view=groups&group-by=speaker",
        "/speakers",
        "/speakers/mallory%20img%20src%20x%20onerror%20alert%201",  # its key
        "/?q=security&view=stats",
    ],
)
def test_article_text_is_escaped(client: FlaskClient, url: str) -> None:
    page = html(client, url)
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "<b>Agency" not in page
    assert "javascript:" not in page
    if url.startswith("/docs/"):
        assert "&lt;script&gt;alert" in page
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
        # the JSON data block cannot close its script element
        block = page[page.index('id="quotes-data"'):]
        assert "</script>" not in block[: block.index("</script>")].replace("\\u003c", "")


def test_json_api_keeps_the_text_as_data(client: FlaskClient) -> None:
    d = get_json(client, f"/api/docs/{HOSTILE}")
    assert SCRIPT in d["text"] and IMG in d["text"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_get_only(client: FlaskClient, method: str) -> None:
    r = getattr(client, method)("/api/kwic?q=security")
    assert r.status_code == 405
    r = getattr(client, method)("/")
    assert r.status_code == 405


def test_head_is_allowed(client: FlaskClient) -> None:
    assert client.head("/api/kwic?q=security").status_code == 200


def test_no_cors_and_a_content_security_policy(client: FlaskClient) -> None:
    r = client.get("/api/kwic?q=security", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200
    assert not [k for k, _ in r.headers if k.lower().startswith("access-control-")]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_host_header_is_checked(index_dir: Path) -> None:
    app = create_app(index_dir, hosts={"127.0.0.1", "localhost"}, port=8123)
    c = app.test_client()
    assert c.get("/api/speakers", headers={"Host": "127.0.0.1:8123"}).status_code == 200
    assert c.get("/api/speakers", headers={"Host": "localhost:8123"}).status_code == 200
    for host in ("evil.example:8123", "127.0.0.1:9999", "attacker.example", "",
                 "127.0.0.1.evil.example:8123", "localhost:abc"):
        r = c.get("/api/speakers", headers={"Host": host})
        assert r.status_code == 400, host
        assert b"Host" in r.data and b"Ushakov" not in r.data
        assert c.get("/", headers={"Host": host}).status_code == 400


def test_bound_names() -> None:
    from corpus.serve.app import bound_names

    assert bound_names("127.0.0.1") >= {"127.0.0.1", "localhost"}
    assert "localhost" in bound_names("::1")
    assert bound_names("192.0.2.7") == {"192.0.2.7"}


# --- time limit -------------------------------------------------------------------------------


def _spin(*args: Any, **kwargs: Any) -> Any:
    while True:  # a query that never ends, in pure Python as the library's loops are
        pass


def test_query_past_the_time_limit_is_503_and_the_app_keeps_serving(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(index_dir, time_limit=0.2)
    c = app.test_client()
    with monkeypatch.context() as m:
        m.setattr(lib, "run_kwic", _spin)
        t0 = time.perf_counter()
        data = get_json(c, "/api/kwic?q=security", 503)
        assert time.perf_counter() - t0 < 5
        assert "time limit" in data["error"]
        r = c.get("/?q=security")
        assert r.status_code == 503 and "time limit" in r.get_data(as_text=True)
    assert get_json(c, "/api/kwic?q=security")["summary"]["hits"] == 10


def test_time_limit_in_a_server_thread(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.serve.server import bind, serve_in_thread, url_of

    server = bind(index_dir, "127.0.0.1", 0, time_limit=0.2, quiet=True)
    serve_in_thread(server)
    url = url_of(server)
    try:
        monkeypatch.setattr(lib, "speakers", _spin)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "api/speakers", timeout=10)
        assert err.value.code == 503
        assert "time limit" in json.load(err.value)["error"]
        err.value.close()
        monkeypatch.undo()
        with urllib.request.urlopen(url + "api/kwic?q=security", timeout=10) as resp:
            assert json.load(resp)["summary"]["hits"] == 10
    finally:
        server.shutdown()
        server.server_close()


def test_time_limit_never_fires_after_the_body() -> None:
    for _ in range(200):
        try:
            with lib.time_limit(0.001):  # may run out inside the body: that is fine
                sum(range(100))
        except lib.TimeLimitExceeded:
            pass
    deadline = time.perf_counter() + 0.1
    while time.perf_counter() < deadline:  # a pending exception would land here
        pass


def test_time_limit_stops_a_loop_in_another_thread() -> None:
    outcome: list[str] = []

    def worker() -> None:
        try:
            with lib.time_limit(0.1):
                _spin()
        except lib.TimeLimitExceeded:
            outcome.append("stopped")

    t = threading.Thread(target=worker)
    t.start()
    t.join(5)
    assert outcome == ["stopped"]


# --- the command ------------------------------------------------------------------------------


def test_serve_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for text in ("--index", "--host", "--port", "--time-limit", "/api/kwic", "/api/stats",
                 "127.0.0.1"):
        assert text in result.output


def test_serve_warns_about_a_public_host(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    import corpus.serve.server as server

    monkeypatch.setattr(server, "serve", lambda *a, **k: calls.append(a))
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "Warning" in result.stderr and "0.0.0.0" in result.stderr
    assert calls == [(str(index_dir), "0.0.0.0", 8000)]
    calls.clear()
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir)])
    assert "Warning" not in result.stderr and calls == [(str(index_dir), "127.0.0.1", 8000)]


def test_serve_missing_index(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 4 and "no index" in result.stderr


def test_serve_prints_its_url_and_serves(index_dir: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus", "serve", "--index", str(index_dir), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert m, line
        with urllib.request.urlopen(m.group(1) + "api/kwic?q=security&limit=1", timeout=20) as r:
            assert json.load(r)["summary"]["hits"] == 10
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_speaker_page_survives_a_slow_keyness(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = create_app(index_dir, time_limit=0.3).test_client()
    monkeypatch.setattr(lib, "keyness", _spin)
    d = get_json(c, "/api/speakers/yury-ushakov")
    assert d["quotations"] == 2 and d["keyness"] is None
    assert "time limit" in d["keyness_error"]
    page = html(c, "/speakers/yury%20ushakov")
    assert "time limit" in page and "Kremlin Aide" in page


def test_api_kwic_streamed_page(client: FlaskClient, index_dir: Path) -> None:
    r = client.get("/api/kwic?q=security&format=jsonl&limit=2&offset=1&sort=doc")
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(index_dir), "--format", "jsonl",
              "--limit", "2", "--offset", "1", "--sort", "doc"]
    )
    assert r.get_data(as_text=True) == result.stdout
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "args", [[], ["--speaker", "Ushakov"], ["--sort", "doc"], ["--unit", "words", "--width", "3"]]
)
def test_api_kwic_tei_streams_every_hit_in_batches(
    client: FlaskClient, index_dir: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # no cap: every hit, spooled batch by batch (3 lines each) under the time limit, then
    # streamed; the bytes are those of `corpus kwic --format tei`
    from corpus.serve import queries

    monkeypatch.setattr(queries, "STREAM_BATCH", 3)
    url = "/api/kwic?q=security&format=tei&" + "&".join(
        f"{k[2:]}={v}" for k, v in zip(args[::2], args[1::2], strict=True)
    )
    r = client.get(url)
    assert r.status_code == 200 and r.is_streamed and r.mimetype == "application/tei+xml"
    assert "kwic-security.xml" in r.headers["Content-Disposition"]
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(index_dir), "--format", "tei", *args]
    )
    assert result.exit_code == 0, result.output
    assert r.get_data(as_text=True) == result.stdout
    assert result.stdout.count("<cit ") == (10 if not args or args[0] != "--speaker" else 1)


def test_api_kwic_tei_page_and_empty(client: FlaskClient) -> None:
    r = client.get("/api/kwic?q=security&format=tei&limit=3&offset=2")
    assert r.status_code == 200 and r.data.count(b"<cit ") == 3
    assert b'<cit n="1" ' in r.data and b'<cit n="4" ' not in r.data
    r = client.get("/api/kwic?q=zzzzunfound&format=tei")
    assert r.status_code == 200 and b"<p>No hits.</p>" in r.data and b"<cit " not in r.data


def test_api_kwic_tei_batch_past_the_time_limit_is_503(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = create_app(index_dir, time_limit=0.3).test_client()
    monkeypatch.setattr(lib.KwicTeiWriter, "add", lambda self, lines: _spin())
    data = get_json(c, "/api/kwic?q=security&format=tei", 503)
    assert "time limit" in data["error"]
    monkeypatch.undo()
    assert c.get("/api/kwic?q=security&format=tei").status_code == 200


def test_kwic_tei_writer_is_the_cli_tei(index_dir: Path) -> None:
    # the streaming writer, spooled to disk (a tiny spool), fed in batches, read in small
    # pieces: the same bytes as `corpus kwic --format tei` (which joins the writer's pieces)
    from corpus.concordance import kwic
    from corpus.export import KwicTeiWriter, kwic_tei, kwic_tei_stream

    for query in ("security", "said", "zzzzunfound"):
        result = CliRunner().invoke(
            cli, ["kwic", query, "--index", str(index_dir), "--format", "tei"]
        )
        lines = list(kwic(query, index_dir))
        with KwicTeiWriter(query=query, index=index_dir, spool_size=64) as w:
            assert w.add(lines[:2]) == min(2, len(lines))
            w.add(iter(lines[2:]))
        pieces = list(w.chunks(size=100))
        assert b"".join(pieces).decode("utf-8") == result.stdout
        assert w.count == len(lines)
        streamed = b"".join(kwic_tei_stream(lines, query=query, index=index_dir))
        assert streamed == kwic_tei(lines, query=query, index=index_dir)[0] == b"".join(pieces)
        assert streamed.decode("utf-8") == result.stdout


# --- a sharded index (`corpus index TEI --shards N`) serves as one index ------------------------


@pytest.fixture(scope="module")
def tei_indexes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The documents of ``index_dir`` as TEI files, indexed once as a single index and once
    into 2 shards by id hash: (single, sharded)."""
    from corpus.index import index_tei_dir
    from corpus.index.shards import index_sharded
    from corpus.tei import write_tei

    root = tmp_path_factory.mktemp("serve-shards")
    tei = root / "tei"
    tei.mkdir()
    for i, doc in enumerate([*all_documents(), hostile_document()]):
        (tei / f"f{i:02d}.xml").write_bytes(write_tei(doc))
    index_tei_dir(tei, root / "single")
    index_sharded(tei, root / "sharded", shards=2, jobs=1)
    return root / "single", root / "sharded"


SHARD_URLS = [
    "/api/kwic?q=security&sort=doc",
    "/api/kwic?q=security&speaker=Ushakov",
    "/api/kwic?q=security&group-by=speaker",
    "/api/search?q=security",
    "/api/speakers",
    "/api/speakers/yury-ushakov",
    f"/api/docs/{TASS}?q=security",
    "/api/stats/collocates?q=security&min-freq=1",
    "/api/stats/dispersion?q=security",
    "/api/stats/freq",
]


def test_sharded_index_serves_as_one(tei_indexes: tuple[Path, Path]) -> None:
    from corpus.index.shards import ShardedIndex

    client = create_app(tei_indexes[0]).test_client()
    app = create_app(tei_indexes[1])
    assert isinstance(app.config["CORPUS_INDEX"], ShardedIndex)
    sharded = app.test_client()

    def same(data: Any) -> Any:  # timings differ from run to run
        if isinstance(data, dict):
            return {k: same(v) for k, v in data.items() if k != "seconds"}
        if isinstance(data, list):
            return [same(v) for v in data]
        return data

    for url in SHARD_URLS:
        assert same(get_json(sharded, url)) == same(get_json(client, url)), url
    for url in ("/api/kwic?q=security&format=csv", "/api/kwic?q=security&format=tei",
                "/api/export?q=security"):
        a, b = sharded.get(url), client.get(url)
        assert a.status_code == b.status_code == 200, url
        # the export's header names the index it comes from
        assert a.data == b.data.replace(b"from index single ", b"from index sharded "), url
    for url in ("/?q=security", "/?q=security&view=groups", "/?q=security&view=docs",
                f"/docs/{TASS}", "/speakers", "/speakers/yury%20ushakov"):
        assert sharded.get(url).status_code == 200, url


def test_serve_cli_on_a_sharded_index(tei_indexes: tuple[Path, Path]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus", "serve", "--index", str(tei_indexes[1]), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stdout.readline())
        assert m
        with urllib.request.urlopen(m.group(1) + "api/kwic?q=security&limit=1", timeout=20) as r:
            assert json.load(r)["summary"]["hits"] == 10
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stdout is not None
        proc.stdout.close()


# --- speaker-type and corpus-level speakers (the corpus of tests/test_speakers_index.py) --------


@pytest.fixture(scope="module")
def spk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """"Ushakov" quoted in one article, "Yury Ushakov" in another; anonymous "analysts"."""
    from test_speakers_index import corpus_documents

    from corpus.index import build_index

    path = tmp_path_factory.mktemp("serve-speakers") / "ix"
    build_index(corpus_documents(), path)
    return path


@pytest.fixture(scope="module")
def spk_client(spk_dir: Path) -> FlaskClient:
    return create_app(spk_dir).test_client()


@pytest.mark.parametrize("kind", ["named", "anonymous"])
def test_api_speaker_type_is_the_cli_option(
    spk_client: FlaskClient, spk_dir: Path, kind: str
) -> None:
    hits = get_json(spk_client, f"/api/kwic?q=security&speaker-type={kind}")
    expected = cli_json(spk_dir, "kwic", "security", "--speaker-type", kind)
    assert hits["hits"] == expected and hits["summary"]["hits"] == len(expected)
    assert len(expected) == (2 if kind == "anonymous" else 9)
    assert {h["speaker"] for h in expected} >= ({"analysts"} if kind == "anonymous"
                                                else {"ushakov", "yury-ushakov"})
    r = spk_client.get(f"/api/kwic?q=security&speaker-type={kind}&format=jsonl")
    assert [json.loads(x) for x in r.get_data(as_text=True).splitlines()] == expected
    docs = get_json(spk_client, f"/api/search?q=security&speaker-type={kind}")
    cli_docs = cli_json(spk_dir, "search", "security", "--speaker-type", kind)
    assert [d["doc"] for d in docs["docs"]] == [d["doc"] for d in cli_docs]
    for name, args in (("freq", ["--min-freq", "1"]), ("dispersion", ["security"]),
                       ("collocates", ["security", "--min-freq", "1"])):
        query = "&".join(
            ([f"q={args[0]}"] if args[0] == "security" else [])
            + (["min-freq=1"] if "--min-freq" in args else [])
        )
        data = get_json(spk_client, f"/api/stats/{name}?{query}&speaker-type={kind}")
        assert data["rows"] == cli_json(spk_dir, name, *args, "--speaker-type", kind)["rows"]
    speakers = get_json(spk_client, f"/api/speakers?speaker-type={kind}")["speakers"]
    assert speakers == cli_json(spk_dir, "speakers", "--speaker-type", kind)
    assert {s["type"] for s in speakers} == {kind}
    target = get_json(spk_client, f"/api/stats/keyness?speaker-type={kind}&min-freq=1")
    assert target["rows"] == cli_json(
        spk_dir, "keyness", "--speaker-type", kind, "--min-freq", "1"
    )["rows"]


def test_api_export_speaker_type(spk_client: FlaskClient) -> None:
    r = spk_client.get("/api/export?q=security&speaker-type=anonymous")
    assert r.status_code == 200
    assert r.data.count(b"<TEI ") == 2
    assert b'xml:id="full"' in r.data and b'xml:id="opec"' in r.data


def test_speaker_type_control_on_the_search_page(spk_client: FlaskClient) -> None:
    page = html(spk_client, "/?q=security&speaker-type=anonymous")
    assert '<option value="anonymous" selected>anonymous</option>' in page
    assert page.count('<tr class="quoted">') == 2 and "Analysts" in page
    assert "speaker-type=anonymous" in page  # export and paging links keep the filter
    page = html(spk_client, "/speakers?speaker-type=anonymous")
    assert "Analysts" in page and "Yury Ushakov" not in page
    assert '<option value="anonymous" selected>anonymous</option>' in page


def test_one_speaker_page_for_a_surname_and_the_full_name(spk_client: FlaskClient) -> None:
    # "Ushakov" (doc short) and "Yury Ushakov" (doc full) are one corpus-level speaker
    page = html(spk_client, "/?q=security&speaker=ushakov&sort=doc")
    links = re.findall(r'<td class="speaker"><a href="([^"]+)">([^<]+)</a>', page)
    assert links == [("/speakers/yury%20ushakov", "Yury Ushakov"),
                     ("/speakers/yury%20ushakov", "Ushakov")]
    for ident in ("ushakov", "Ushakov", "yury-ushakov"):
        r = spk_client.get(f"/speakers/{ident}")
        assert r.status_code == 302 and r.headers["Location"].endswith("/speakers/yury%20ushakov")
    page = html(spk_client, "/speakers/yury%20ushakov")
    assert "2 quotations" in page and 'href="/docs/short#q-' in page
    d = get_json(spk_client, "/api/speakers/ushakov")
    assert (d["id"], d["name"], d["quotations"]) == ("yury ushakov", "Yury Ushakov", 2)
    assert [x["doc"] for x in d["docs"]] == ["full", "short"]
    doc = html(spk_client, "/docs/short")
    assert '<a href="/speakers/yury%20ushakov">Ushakov</a>' in doc
    groups = get_json(spk_client, "/api/kwic?q=security&speaker=ushakov&group-by=speaker")
    assert [(g["speaker"], g["hits"]) for g in groups["groups"]] == [("Yury Ushakov", 2)]
    # two full names ending in Smith stay two speakers; the surname alone is a third
    smiths = get_json(spk_client, "/api/speakers?prefix=smith")["speakers"]
    assert sorted(s["key"] for s in smiths) == ["jane smith", "john smith", "smith"]
    assert get_json(spk_client, "/api/speakers/john%20smith")["quotations"] == 1
    get_json(spk_client, "/api/speakers/nobody", 404)
