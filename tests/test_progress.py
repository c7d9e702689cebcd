"""Progress bars: total, rate and time left on stderr, only on a terminal, silenced by --quiet.

CliRunner's stderr is not a terminal, so the bar is forced with CORPUS_PROGRESS=always (the
switch users have for logs); without it, or with --quiet, nothing is drawn.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import all_documents

from corpus.batch import count_articles
from corpus.cli import cli
from corpus.cli.progress import ENV, callback, progress_bar, track, wanted
from corpus.index import build_index, index_tei_dir
from corpus.tei import write_tei

# A bar at its end: "<desc>: 100%|####| N/N [00:00<00:00, 12.34 <unit>/s]"
DONE = r"{desc}: 100%\|[^|]*\| {n}/{n} \[\d\d:\d\d<\d\d:\d\d, +[\d.?]+ {unit}/s\]"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def done(desc: str, n: int, unit: str) -> str:
    return DONE.format(desc=re.escape(desc), n=n, unit=unit)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Seven records: two text files, three JSON Lines records (one not JSON), a JSON list of
    two; plus a README that is not an article."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Oil prices rise\n\nOil rose on Monday, traders said.\n")
    (folder / "b.txt").write_text("Gold is steady\n\nGold held steady, dealers said.\n")
    (folder / "README.txt").write_text("Not an article.\n")
    lines = [
        json.dumps({"id": "w-1", "title": "Wheat falls", "body": "Wheat fell, dealers said."}),
        "",
        "{not json",
        json.dumps({"id": "w-3", "title": "Corn rises", "body": "Corn rose on Friday."}),
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n")
    records = [
        {"id": "l-1", "title": "Talks end", "body": "The talks ended, the ministry said."},
        {"id": "l-2", "title": "Rates held", "body": "The bank held rates, it said."},
    ]
    (folder / "list.json").write_text(json.dumps(records))
    return folder


def test_bar_shows_total_rate_and_time_left() -> None:
    out = FakeTerminal()
    with progress_bar(3, desc="export", unit="docs", stream=out) as bar:
        for _ in range(3):
            bar.update()
        bar.write("a message")
    text = out.getvalue()
    assert re.search(done("export", 3, "docs"), text), text
    assert "a message\n" in text


def test_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    for stream, quiet in ((io.StringIO(), False), (FakeTerminal(), True)):
        assert not wanted(quiet, stream)
        with progress_bar(2, desc="x", stream=stream, quiet=quiet) as bar:
            bar.update(2)
        assert stream.getvalue() == ""
    assert wanted(False, FakeTerminal())
    monkeypatch.setenv(ENV, "always")
    assert wanted(False, io.StringIO()) and not wanted(True, io.StringIO())
    monkeypatch.setenv(ENV, "never")
    assert not wanted(False, FakeTerminal())


def test_track_counts_items_and_total_can_come_late() -> None:
    out = FakeTerminal()
    assert list(track("abcd", total=4, desc="eval", unit="files", stream=out)) == list("abcd")
    assert re.search(done("eval", 4, "files"), out.getvalue())
    out = FakeTerminal()
    with progress_bar(None, desc="index", unit="files", stream=out) as bar:
        report = callback(bar, finishing="index: writing")
        for n in range(4):
            report(n, 3)
    assert re.search(done("index: writing", 3, "files"), out.getvalue()), out.getvalue()


def test_count_articles(articles: Path) -> None:
    # the blank JSON Lines line is not a record; the bad one is (it becomes a reject)
    assert count_articles([articles]) == 7
    assert count_articles([articles / "wire.jsonl", articles / "a.txt"]) == 4
    assert count_articles([articles, "-"]) is None


def annotate(articles: Path, out: Path, *extra: str, env: dict[str, str]) -> Result:
    args = ["annotate", str(articles), "-o", str(out), "-j", "1", *extra]
    return CliRunner().invoke(cli, args, env=env)


def test_annotate_draws_a_bar_with_the_total(articles: Path, tmp_path: Path) -> None:
    result = annotate(articles, tmp_path / "out", env={ENV: "always"})
    assert result.exit_code == 0, result.output
    assert "annotated: 6, rejected: 1" in result.stdout
    assert re.search(done("annotate", 7, "articles"), result.stderr), result.stderr
    assert "rejected: " in result.stderr and "wire.jsonl record 3" in result.stderr
    assert "annotate:" not in result.stdout  # the bar never mixes with the output


@pytest.mark.parametrize("extra, env", [((), {}), (("--quiet",), {ENV: "always"})])
def test_annotate_without_a_terminal_or_quiet_draws_nothing(
    articles: Path, tmp_path: Path, extra: tuple[str, ...], env: dict[str, str]
) -> None:
    result = annotate(articles, tmp_path / "out", *extra, env={ENV: "", **env})
    assert result.exit_code == 0, result.output
    assert "annotate:" not in result.stderr and "%|" not in result.stderr
    # rejects are still named
    assert "wire.jsonl record 3" in result.stderr


@pytest.fixture
def tei_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    folder.mkdir()
    for doc in all_documents():
        (folder / f"{doc.article.doc_id}.xml").write_bytes(write_tei(doc))
    return folder


def test_index_reports_every_file(tei_dir: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    index_tei_dir(tei_dir, tmp_path / "ix", progress=lambda d, t: calls.append((d, t)))
    n = len(all_documents())
    assert calls == [(i, n) for i in range(n + 1)]
    calls.clear()
    index_tei_dir(tei_dir, tmp_path / "ix", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (n, n)  # unchanged files count too
    calls.clear()
    build_index(all_documents(), tmp_path / "ix2", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(i, n) for i in range(1, n + 1)]


def test_index_command_draws_a_bar(tei_dir: Path, tmp_path: Path) -> None:
    n = len(all_documents())
    args = ["index", str(tei_dir), "--index", str(tmp_path / "ix")]
    result = CliRunner().invoke(cli, args, env={ENV: "always"})
    assert result.exit_code == 0, result.output
    assert re.search(done("index: writing", n, "files"), result.stderr), result.stderr
    assert f"indexed {n} documents" in result.stdout
    quiet = CliRunner().invoke(cli, [*args, "--rebuild", "-q"], env={ENV: "always"})
    assert quiet.exit_code == 0 and quiet.stderr == ""
