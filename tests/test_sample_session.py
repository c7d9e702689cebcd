"""The README's worked session, run on the real sample corpus: annotate -> index -> query.

Everything here goes through the CLI (click's CliRunner) on `samples/`, so the sample corpus,
the annotator and the query path are checked together, not only on hand-made documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.settings import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "tass-2022-02-12-ushakov.txt"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("session")
    tei, index = root / "tei", root / "index"
    runner = CliRunner()
    result = runner.invoke(cli, ["annotate", str(SAMPLES_DIR), "-o", str(tei), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "annotated: 25, rejected: 0"
    result = runner.invoke(cli, ["index", str(tei), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return tei, index


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_validate_every_sample_tei(session: tuple[Path, Path]) -> None:
    tei, _ = session
    assert run("validate", str(tei)).strip().endswith("valid: 25, invalid: 0")


def test_kwic_security_shows_ushakov_quotations(session: tuple[Path, Path]) -> None:
    _, index = session
    out = run("kwic", "security", "--index", str(index), "--limit", "0")
    assert "Yury Ushakov" in out and " security " in out
    lines = jsonl(run("kwic", "security", "--index", str(index), "--format", "jsonl"))
    text = SAMPLE.read_text(encoding="utf-8")
    ushakov = [k for k in lines if k["speaker"] == "yury-ushakov"]
    assert len(ushakov) == 5
    for k in lines:
        assert set(k) >= {"doc", "start", "end", "left", "keyword", "right", "speaker", "direct",
                          "date"}
        assert k["keyword"].lower() == "security"
    # Offsets are offsets into the article text: the TASS sample's text is its file's text.
    for k in ushakov:
        assert text[k["start"] : k["end"]] == k["keyword"]


def test_quotations_by_ushakov_sorted_by_r1(session: tuple[Path, Path]) -> None:
    _, index = session
    lines = jsonl(run("kwic", "security", "--index", str(index), "--speaker", "Ushakov",
                      "--in", "quote", "--sort", "R1", "--format", "jsonl"))
    assert {k["speaker"] for k in lines} == {"yury-ushakov"}
    first_right = [k["right"].split()[0].strip(",.\"").lower() for k in lines]
    assert first_right[:2] == ["guarantees", "proposals"]


def test_direct_and_reported_filters_split_the_quotations(session: tuple[Path, Path]) -> None:
    _, index = session
    direct = jsonl(run("kwic", "security", "--index", str(index), "--direct", "--format", "jsonl"))
    indirect = jsonl(run("kwic", "security", "--index", str(index), "--indirect",
                         "--format", "jsonl"))
    narration = jsonl(run("kwic", "security", "--index", str(index), "--in", "narration",
                          "--format", "jsonl"))
    assert direct and indirect and narration
    assert all(k["direct"] is True for k in direct)
    assert all(k["direct"] is False for k in indirect)
    assert all(k["speaker"] is None for k in narration)


def test_collocates_of_nato(session: tuple[Path, Path]) -> None:
    _, index = session
    rows = json.loads(run("collocates", "NATO", "--index", str(index), "--measure", "logdice",
                          "--min-freq", "2", "--format", "json"))["rows"]
    words = [r["word"] for r in rows]
    assert "russia" in words and "us" in words


def test_export_ushakov_quotations_as_tei(session: tuple[Path, Path], tmp_path: Path) -> None:
    _, index = session
    kwic_tei = tmp_path / "kwic.xml"
    result = CliRunner().invoke(cli, ["kwic", "security", "--index", str(index), "--speaker",
                                      "Ushakov", "--format", "tei"])
    assert result.exit_code == 0
    kwic_tei.write_text(result.output, encoding="utf-8")
    assert run("validate", str(kwic_tei)).strip().endswith("valid: 1, invalid: 0")
    doc = tmp_path / "doc.xml"
    run("export", "--doc", "tass-02-12-moscow-to-react-soon", "-o", str(doc), "--index", str(index))
    assert doc.read_bytes() == (session[0] / "tass-02-12-moscow-to-react-soon.xml").read_bytes()
    corpus_tei = tmp_path / "corpus.xml"
    run("export", "security", "--speaker", "Ushakov", "-o", str(corpus_tei), "--index", str(index))
    assert b"<teiCorpus" in corpus_tei.read_bytes()
    assert run("validate", str(corpus_tei)).strip().endswith("valid: 1, invalid: 0")
