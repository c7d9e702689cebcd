"""`corpus annotate`, `corpus validate`, `corpus index` through click's CliRunner.

Inputs are the literal fixtures of tests/data/pipeline/: talks.txt (wire layout), oil.txt
(blank-line layout) and wire.jsonl (one good record, one that is not JSON).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from corpus.cli import cli
from corpus.settings import TOOL_VERSION

PIPELINE = Path(__file__).parent / "data" / "pipeline"
N_GOOD, N_BAD = 3, 1


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(PIPELINE, folder)
    return folder


@pytest.fixture
def annotated(inputs: Path, tmp_path: Path) -> Path:
    out = tmp_path / "tei"
    result = invoke("annotate", inputs, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


# ------------------------------------------------------------------------------ annotate


def test_annotate_ends_with_the_summary_line(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tei"
    result = invoke("annotate", inputs, "-o", out)
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == f"annotated: {N_GOOD}, rejected: {N_BAD}"
    assert len(list(out.glob("*.xml"))) == N_GOOD
    assert "rejects.jsonl" in result.stdout  # where the reasons are
    # The reject is named on stderr with its file and record number.
    assert re.search(r"rejected: .*wire\.jsonl record 2: ", result.stderr), result.stderr
    assert result.exception is None


def test_annotate_rerun_reports_unchanged_articles(annotated: Path, inputs: Path) -> None:
    result = invoke("annotate", inputs, "-o", annotated, "-q")
    assert result.exit_code == 0, result.output
    assert f"unchanged: {N_GOOD}" in result.stdout
    assert last_line(result.stdout) == f"annotated: {N_GOOD}, rejected: {N_BAD}"


def test_annotate_single_file_and_jobs(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tei"
    result = invoke("annotate", inputs / "oil.txt", "-o", out, "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == "annotated: 1, rejected: 0"
    assert "rejects.jsonl" not in result.stdout


def test_annotate_reads_stdin(tmp_path: Path) -> None:
    out = tmp_path / "tei"
    text = (PIPELINE / "oil.txt").read_bytes()
    result = CliRunner().invoke(cli, ["annotate", "-", "-o", str(out), "-q"], input=text)
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == "annotated: 1, rejected: 0"


def test_annotate_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = invoke("annotate", missing, "-o", tmp_path / "tei")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert result.stderr.startswith("Error: ") and str(missing) in result.stderr
    assert not (tmp_path / "tei").exists() or not any((tmp_path / "tei").glob("*.xml"))


def test_annotate_usage_errors(tmp_path: Path) -> None:
    result = invoke("annotate", PIPELINE / "oil.txt")  # no -o
    assert result.exit_code == 2 and "--output" in result.output
    result = invoke("annotate", "-o", tmp_path / "tei")  # no input
    assert result.exit_code == 2
    result = invoke("annotate", PIPELINE / "oil.txt", "-o", tmp_path / "tei", "--jobs", "-1")
    assert result.exit_code == 2


# ------------------------------------------------------------------------------ validate


def test_validate_valid_files(annotated: Path) -> None:
    result = invoke("validate", annotated, "--no-tei-all")
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == f"valid: {N_GOOD}, invalid: 0"
    one = sorted(annotated.glob("*.xml"))[0]
    result = invoke("validate", one, "--no-tei-all")
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == "valid: 1, invalid: 0"


def test_validate_invalid_file_gives_file_line_messages(annotated: Path, tmp_path: Path) -> None:
    good = sorted(annotated.glob("*.xml"))[0]
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    p_line = next(i for i, line in enumerate(lines) if line.startswith("<p>"))
    lines[p_line] = lines[p_line].replace("<p>", "<p><bogus/>", 1)
    bad = tmp_path / "bad.xml"
    bad.write_text("".join(lines), encoding="utf-8")
    result = invoke("validate", good, bad, "--no-tei-all")
    assert result.exit_code == 3, result.output
    assert last_line(result.stdout) == "valid: 1, invalid: 1"
    messages = [line for line in result.stdout.splitlines() if line.startswith(f"{bad}:")]
    assert messages, result.stdout
    assert any(line.startswith(f"{bad}:{p_line + 1}:") for line in messages), messages
    assert all(re.match(rf"{re.escape(str(bad))}:\d+: ", line) for line in messages)
    assert "Traceback" not in result.output


def test_validate_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n',
                   encoding="utf-8")
    result = invoke("validate", bad, "--no-tei-all")
    assert result.exit_code == 3, result.output
    assert re.search(rf"^{re.escape(str(bad))}:\d+: ", result.stdout, re.M), result.stdout
    assert "Traceback" not in result.output


def test_validate_missing_file(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / "nope.xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_validate_against_tei_all(annotated: Path) -> None:
    from corpus.validate import tei_all_path

    if tei_all_path() is None:
        pytest.skip("TEI P5 tei_all.rng is not in the shared data")
    result = invoke("validate", annotated, "--tei-all")
    assert result.exit_code == 0, result.output
    assert last_line(result.stdout) == f"valid: {N_GOOD}, invalid: 0"


# ------------------------------------------------------------------------------ index


def _needs_index() -> None:
    try:
        from corpus.index import index_tei_dir  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"corpus.index.index_tei_dir is not importable yet: {exc}")


def test_index_is_incremental(annotated: Path, tmp_path: Path) -> None:
    _needs_index()
    ix = tmp_path / "ix"
    result = invoke("index", annotated, "--index", ix)
    assert result.exit_code == 0, result.output
    assert re.search(rf"indexed {N_GOOD} documents .*added {N_GOOD}, updated 0, removed 0, "
                     r"unchanged 0", result.stdout), result.stdout
    result = invoke("index", annotated, "--index", ix)
    assert result.exit_code == 0, result.output
    assert f"unchanged {N_GOOD}" in result.stdout and "added 0" in result.stdout
    victim = sorted(annotated.glob("*.xml"))[0]
    victim.unlink()
    result = invoke("index", annotated, "--index", ix)
    assert result.exit_code == 0, result.output
    assert "removed 1" in result.stdout and f"indexed {N_GOOD - 1} documents" in result.stdout


def test_index_names_unreadable_files(annotated: Path, tmp_path: Path) -> None:
    _needs_index()
    (annotated / "broken.xml").write_text("<TEI", encoding="utf-8")
    result = invoke("index", annotated, "--index", tmp_path / "ix")
    assert result.exit_code in (0, 3), result.output
    assert "broken.xml" in result.output, result.output
    assert "Traceback" not in result.output


def test_index_missing_folder(tmp_path: Path) -> None:
    result = invoke("index", tmp_path / "nope", "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------ help, version


def _commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under the group (eval ner, eval quotes, ...), groups included."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_commands(command, (*prefix, name)))
    return paths


COMMANDS = [
    ("annotate",), ("collocates",), ("dispersion",), ("eval",), ("eval", "ner"),
    ("eval", "quotes"), ("export",), ("freq",), ("index",), ("keyness",), ("kwic",),
    ("ngrams",), ("search",), ("serve",), ("speakers",), ("validate",),
]


def test_every_command_has_a_help_test() -> None:
    # A new command fails here until it is added to COMMANDS (and so to test_help).
    assert _commands() == COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {' '.join(path)}") or \
        result.stdout.startswith(f"Usage: corpus {' '.join(path)}")
    assert invoke(*path, "-h").stdout == result.stdout
    command: click.Command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"{' '.join(path)} has no description"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            for opt in param.opts:  # every option is listed, under each of its names
                assert re.search(rf"(^|[\s,/]){re.escape(opt)}\b", result.stdout), opt


def test_group_help_lists_the_pipeline_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("annotate", "validate", "index"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"corpus, version {TOOL_VERSION}"


# --- export of a query: a progress bar -----------------------------------------------------------

# A bar at its end: "<desc>: 100%|####| N/N [00:00<00:00, 12.34 <unit>/s]"
BAR_DONE = r"{desc}: 100%\|[^|]*\| {n}/{n} \[\d\d:\d\d<\d\d:\d\d, +[\d.?]+ {unit}/s\]"


def test_export_query_reports_progress(index_path: Path, tmp_path: Path) -> None:
    from corpus.export import export_query

    calls: list[tuple[int, int | None]] = []
    report = export_query("security", "test", out=tmp_path / "c.xml",
                          progress=lambda d, t: calls.append((d, t)))
    assert report.documents == 4
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_export_query_draws_a_bar_on_stderr(index_path: Path, tmp_path: Path) -> None:
    from corpus.cli.progress import ENV

    runner = CliRunner()
    args = ["export", "security", "--index", "test"]
    result = runner.invoke(cli, [*args, "-o", str(tmp_path / "c.xml")], env={ENV: "always"})
    assert result.exit_code == 0, result.output
    assert re.search(BAR_DONE.format(desc="export: writing", n=4, unit="docs"), result.stderr)
    assert "wrote 4 documents" in result.stderr
    piped = runner.invoke(cli, [*args, "-o", "-"], env={ENV: "always"})
    assert piped.exit_code == 0 and piped.stdout.startswith("<?xml")  # the bar stays on stderr
    assert piped.stdout.count("<TEI ") == 4 and "%|" in piped.stderr
    no_bar = [((), {ENV: ""}), (("-q",), {ENV: "always"}), (("--quiet",), {ENV: "always"})]
    for extra, env in no_bar:
        silent = runner.invoke(cli, [*args, "-o", "-", *extra], env=env)
        assert silent.exit_code == 0 and silent.stderr == "", silent.stderr
    single = runner.invoke(cli, ["export", "--doc", "x", "-o", "-", "--index", "test", "-q"])
    assert single.exit_code == 6 and "no document" in single.stderr  # --quiet goes with --doc too
