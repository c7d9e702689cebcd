"""`corpus search`, `corpus kwic`, `corpus export` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corpus.cli import cli

TASS = "tass-2022-02-12-moscow-to-react-soon"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def jsonl(*args: str) -> list[dict]:
    return [json.loads(x) for x in ok(*args, "--format", "jsonl").splitlines()]


# --- help and errors --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["search", "kwic", "export"])
def test_help(command: str) -> None:
    out = ok(command, "--help")
    assert "--index" in out
    if command == "kwic":
        for option in (
            "--speaker",
            "--in",
            "--direct",
            "--indirect",
            "--cue",
            "--person",
            "--place",
            "--org",
            "--date-from",
            "--date-to",
            "--agency",
            "--doc",
            "--width",
            "--unit",
            "--clip",
            "--sort",
            "--group-by",
            "--limit",
            "--offset",
            "--sample",
            "--seed",
            "--format",
            "--explain",
            "--case-sensitive",
            "--regex",
            "--inflect",
        ):
            assert option in out, option


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"security guarantees', "unbalanced quote"),
        ("(putin", "unbalanced parenthesis"),
        ("foo:bar", "unknown field"),
        ("putin AND", "operator"),
    ],
)
def test_malformed_query_is_a_clean_error(index_path: Path, query: str, message: str) -> None:
    for command in ("kwic", "search"):
        result = run(command, query, "--index", "test")
        assert result.exit_code == 6
        assert result.stderr.startswith("Error: ")
        assert message in result.stderr
        assert "Traceback" not in result.output + result.stderr


def test_missing_index(indexes_dir: Path) -> None:
    result = run("kwic", "oil", "--index", "nothing")
    assert result.exit_code == 4
    assert "corpus index TEI_DIR --index nothing" in result.stderr


def test_bad_filter_value(index_path: Path) -> None:
    result = run("kwic", "security", "--index", "test", "--date-from", "last week")
    assert result.exit_code == 6 and "ISO date" in result.stderr
    result = run("kwic", "security", "--index", "test", "--sort", "L9")
    assert result.exit_code == 6 and "unknown sort key" in result.stderr
    result = run("kwic", "security", "--index", "test", "--unit", "lines")
    assert result.exit_code == 2  # click's own usage error


def test_explain(index_path: Path) -> None:
    assert ok("kwic", "secur*", "--index", "test", "--explain").strip() == "text:secur*{security}"
    assert ok("search", "say", "--inflect", "--explain", "--index", "test").startswith(
        "text:say+inflections{said"
    )
    # explain works without an index too
    assert ok("kwic", '"a b"~3', "--explain", "--index", "nowhere").strip() == 'text:"a b"~3'


# --- kwic -------------------------------------------------------------------------------------


def test_kwic_table_default(index_path: Path) -> None:
    out = ok("kwic", "security", "--index", "test")
    rows = out.splitlines()
    assert len(rows) == 9
    assert rows[-1] == "8 hits in 4 documents; showing 1-8"
    assert "Yury Ushakov" in out and "\x1b[" not in out


def test_kwic_table_pages(index_path: Path) -> None:
    out = ok("kwic", "security", "--index", "test", "--limit", "3", "--offset", "2")
    rows = out.splitlines()
    assert len(rows) == 4
    assert rows[-1] == "8 hits in 4 documents; showing 3-5 (use --limit/--offset for more)"


def test_kwic_machine_formats_list_every_hit(index_path: Path) -> None:
    recs = jsonl("kwic", "security", "--index", "test")
    assert len(recs) == 8
    quoted = [r for r in recs if r["speaker"]]
    assert {r["speaker"] for r in quoted} == {"yury-ushakov", "vladimir-putin"}
    assert all(r["speaker"] is None for r in recs if r["kind"] is None)
    assert len(json.loads(ok("kwic", "security", "--index", "test", "--format", "json"))) == 8
    tsv = ok("kwic", "security", "--index", "test", "--format", "tsv").splitlines()
    assert len(tsv) == 9 and tsv[0].startswith("doc\tstart\tend")
    rows = list(
        csv.reader(io.StringIO(ok("kwic", "security", "--index", "test", "--format", "csv")))
    )
    assert len(rows) == 9
    assert len(jsonl("kwic", "security", "--index", "test", "--limit", "2")) == 2


def test_kwic_tei_format(index_path: Path) -> None:
    from corpus.validate import validate

    out = ok("kwic", "security", "--index", "test", "--format", "tei")
    assert validate(out.encode("utf-8"), tei_all=False) == []
    assert out.count("<cit ") == 8


@pytest.mark.parametrize(
    ("options", "count"),
    [
        (["--speaker", "putin"], 1),
        (["--speaker", "yury-ushakov"], 1),
        (["--in", "quote"], 3),
        (["--in", "narration"], 5),
        (["--direct"], 2),
        (["--indirect"], 1),
        (["--cue", "say"], 1),
        (["--person", "biden"], 5),
        (["--place", "moscow"], 4),
        (["--org", "nato"], 4),
        (["--date-from", "2022-01"], 6),
        (["--date-to", "2021"], 2),
        (["--agency", "reuters"], 1),
        (["--doc", "partial-date"], 2),
    ],
)
def test_kwic_filters(index_path: Path, options: list[str], count: int) -> None:
    recs = jsonl("kwic", "security", "--index", "test", *options)
    assert len(recs) == count


def test_kwic_width_unit_clip(index_path: Path) -> None:
    recs = jsonl("kwic", "security", "--index", "test", "--width", "5")
    assert all(len(r["left"]) <= 5 and len(r["right"]) <= 5 for r in recs)
    recs = jsonl(
        "kwic",
        "security",
        "--index",
        "test",
        "--unit",
        "words",
        "--width",
        "2",
        "--speaker",
        "ushakov",
    )
    assert recs[0]["left"] == "views on "
    recs = jsonl(
        "kwic",
        "security",
        "--index",
        "test",
        "--clip",
        "quote",
        "--width",
        "500",
        "--speaker",
        "putin",
    )
    assert recs[0]["right"] == " and NATO"
    recs = jsonl(
        "kwic",
        "security",
        "--index",
        "test",
        "--clip",
        "sentence",
        "--width",
        "500",
        "--speaker",
        "putin",
    )
    assert recs[0]["right"] == " and NATO, Ushakov said."


def test_kwic_sort(index_path: Path) -> None:
    recs = jsonl("kwic", "security", "--index", "test", "--sort", "speaker,doc")
    assert [r["speaker_name"] for r in recs[:2]] == ["Vladimir Putin", "Yury Ushakov"]
    recs = jsonl("kwic", "security", "--index", "test", "--sort", "date")
    assert [r["date"] for r in recs] == sorted(r["date"] for r in recs)
    for keys in ("L3,L2,L1", "KW", "R1,R2,R3", "-doc"):
        assert len(jsonl("kwic", "security", "--index", "test", "--sort", keys)) == 8


def test_kwic_sample(index_path: Path) -> None:
    a = jsonl("kwic", "security", "--index", "test", "--sample", "3", "--seed", "5")
    b = jsonl("kwic", "security", "--index", "test", "--sample", "3", "--seed", "5")
    assert a == b and len(a) == 3


def test_kwic_group_by(index_path: Path) -> None:
    out = ok("kwic", "security", "--index", "test", "--group-by", "speaker")
    rows = out.splitlines()
    assert rows[0].split() == ["speaker", "hits", "docs"]
    assert rows[1].split() == ["(narration)", "5", "3"]
    assert rows[-1] == "8 hits in 4 documents; 4 groups"
    recs = jsonl("kwic", "security", "--index", "test", "--group-by", "year")
    assert recs == [
        {"year": "1987", "hits": 1, "docs": 1},
        {"year": "2021", "hits": 1, "docs": 1},
        {"year": "2022", "hits": 6, "docs": 2},
    ]
    for by in ("doc", "month", "form"):
        assert jsonl("kwic", "security", "--index", "test", "--group-by", by)
    result = run("kwic", "security", "--index", "test", "--group-by", "doc", "--format", "tei")
    assert result.exit_code == 6


def test_kwic_query_options(index_path: Path) -> None:
    assert len(jsonl("kwic", "Security", "--index", "test", "--case-sensitive")) == 2
    assert len(jsonl("kwic", "guarant.*", "--index", "test", "--regex")) == 3
    assert len(jsonl("kwic", "/guarant.*/", "--index", "test")) == 3
    said = jsonl("kwic", "say", "--index", "test", "--inflect")
    assert {r["keyword"].lower() for r in said} == {"said", "says", "saying"}
    assert len(jsonl("kwic", "security NEAR/3 guarantees", "--index", "test")) == 3


def test_kwic_no_hits(index_path: Path) -> None:
    out = ok("kwic", "zzzz", "--index", "test")
    assert out.strip() == "0 hits in 0 documents"
    assert ok("kwic", "zzzz", "--index", "test", "--format", "json").strip() == "[]"


def test_kwic_index_by_path(index_path: Path) -> None:
    assert len(jsonl("kwic", "security", "--index", str(index_path))) == 8


# --- search -----------------------------------------------------------------------------------


def test_search(index_path: Path) -> None:
    out = ok("search", "security", "--index", "test", "--limit", "2")
    lines = out.splitlines()
    assert lines[-1] == "4 documents; showing 1-2"
    assert len(lines) == 2 * 3 + 1  # rank line, title, snippet per document; the summary
    for snippet in (lines[2], lines[5]):
        assert "**security**" in snippet.lower()
    recs = jsonl("search", "security", "--index", "test")
    assert [r["rank"] for r in recs] == [1, 2, 3, 4]
    assert jsonl("search", "security", "--index", "test", "--speaker", "putin")[0]["doc"] == TASS
    assert len(json.loads(ok("search", "security", "--index", "test", "--format", "json"))) == 4
    assert ok("search", "security", "--index", "test", "--format", "tsv").startswith("rank\t")
    assert len(jsonl("search", "security", "--index", "test", "--offset", "3")) == 1
    assert ok("search", "zzzz", "--index", "test").strip() == "0 documents"


# --- export -----------------------------------------------------------------------------------


def test_export_doc_and_query(index_path: Path, tmp_path: Path) -> None:
    from corpus.validate import validate

    result = run("export", "--doc", TASS, "-o", str(tmp_path / "d.xml"), "--index", "test")
    assert result.exit_code == 0, result.stderr
    assert validate(tmp_path / "d.xml", tei_all=False) == []
    result = run(
        "export", "security", "-o", str(tmp_path / "c.xml"), "--index", "test", "--speaker", "putin"
    )
    assert result.exit_code == 0, result.stderr
    assert "wrote 1 documents" in result.stderr
    assert validate(tmp_path / "c.xml", tei_all=False) == []
    out = ok("export", "--doc", TASS, "-o", "-", "--index", "test")
    assert out.startswith("<?xml") and TASS in out
    out = ok("export", "security", "-o", "-", "--index", "test")
    assert out.startswith("<?xml") and "<teiCorpus" in out
    assert out.count("<TEI ") == 4  # the four documents with "security"


def test_export_needs_doc_or_query(index_path: Path, tmp_path: Path) -> None:
    assert run("export", "-o", str(tmp_path / "x.xml"), "--index", "test").exit_code == 6
    both = run("export", "q", "--doc", TASS, "-o", str(tmp_path / "x.xml"), "--index", "test")
    assert both.exit_code == 6
    missing = run("export", "--doc", "no-such", "-o", str(tmp_path / "x.xml"), "--index", "test")
    assert missing.exit_code == 6 and "no document" in missing.stderr


def test_export_into_folder_refuses_unsafe_ids(index_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run("export", "--doc", "../escape", "-o", str(folder), "--index", "test")
    assert result.exit_code == 2 and "unsafe file name" in result.stderr
    assert not (tmp_path / "escape.xml").exists()
    assert list(folder.iterdir()) == []


# --- cold start -------------------------------------------------------------------------------


def test_kwic_cold_start_imports_no_heavy_modules(index_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from corpus.cli import cli\n"
        "assert 'whoosh' not in sys.modules, 'whoosh imported at startup'\n"
        f"r = CliRunner().invoke(cli, ['kwic', 'security', '--index', {str(index_path)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('spacy', 'nltk', 'matplotlib') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
