"""`corpus eval`: score the annotator against gold data (CoNLL-2003, PolNeAR, gold JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from corpus.cli import apply_options, cli, handle_errors
from corpus.cli.progress import callback, progress_bar, quiet_option

_common = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    ),
    click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Evaluate only the first N articles.",
    ),
    click.option(
        "--errors",
        "errors_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FILE",
        help="Write misses, false positives and wrong speakers/cues as JSONL.",
    ),
    quiet_option,
]


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    return apply_options(func, _common)


def _emit(report: Any, fmt: str, errors_path: Path | None) -> None:
    from corpus.evaluate import render_json, render_table

    _emit_errors(report, errors_path)
    click.echo(render_json(report) if fmt == "json" else render_table(report))


def _emit_errors(report: Any, errors_path: Path | None) -> None:
    from corpus.errors import InputError
    from corpus.evaluate import write_errors

    if errors_path is not None:
        try:
            n = write_errors(report.errors, errors_path)
        except OSError as exc:
            raise InputError(f"{errors_path}: cannot write errors: {exc.strerror}") from exc
        click.echo(f"{n} error records written to {errors_path}", err=True)


@cli.group("eval")
def eval_group() -> None:
    """Score the annotator against gold data (precision, recall, F1)."""


@eval_group.command("ner")
@click.option(
    "--conll",
    "conll",
    required=True,
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CoNLL-2003 file (token POS chunk NER, IOB1).",
)
@click.option(
    "--stage",
    type=click.Choice(["tei", "finder", "both"]),
    default="tei",
    show_default=True,
    help="Score the TEI that `corpus annotate` writes, the entity finder alone, or both"
    " (two tables; JSON keyed by stage; --errors gets the TEI's errors).",
)
@common_options
@handle_errors
def ner_command(
    conll: Path, stage: str, fmt: str, limit: int | None, errors_path: Path | None, quiet: bool
) -> None:
    """Entities: exact-span match on PER, LOC, ORG (micro-F1); MISC ignored.

    A progress bar (documents, rate, time left) is drawn on stderr when it is a terminal.
    """
    from corpus.evaluate import evaluate_ner, render_table

    def run(stage: str, desc: str) -> Any:
        with progress_bar(None, desc=desc, unit="docs", quiet=quiet) as bar:
            return evaluate_ner(
                conll, limit=limit, stage=stage, progress=callback(bar)  # type: ignore[arg-type]
            )

    if stage != "both":
        report = run(stage, "eval ner")
        _emit(report, fmt, errors_path)
        return
    tei = run("tei", "eval ner (tei)")
    finder = run("finder", "eval ner (finder)")
    _emit_errors(tei, errors_path)
    if fmt == "json":
        both = {"tei": tei.to_dict(), "finder": finder.to_dict()}
        click.echo(json.dumps(both, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(tei) + "\n\n" + render_table(finder))


@eval_group.command("quotes")
@click.option(
    "--polnear",
    "polnear",
    metavar="DIR",
    default=None,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="PolNeAR split directory (text/ and attributions/).",
)
@click.option(
    "--gold",
    "gold",
    metavar="FILE.json",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Hand-made gold JSON: one article ('file' + 'line') or records of a JSON source"
    " ('source' + 'record'/'paragraph', as gold/tass-politics-dev.json).",
)
@click.option(
    "--text",
    "text",
    metavar="FILE",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --gold: the article text or JSON source (default: the gold's 'file' or"
    " 'source').",
)
@common_options
@handle_errors
def quotes_command(
    polnear: Path | None,
    gold: Path | None,
    text: Path | None,
    fmt: str,
    limit: int | None,
    errors_path: Path | None,
    quiet: bool,
) -> None:
    """Quotations: content overlap >= 0.5, per direct/mixed/indirect; speaker and cue accuracy.

    A progress bar (articles, rate, time left) is drawn on stderr when it is a terminal.
    """
    from corpus.evaluate import evaluate_gold_quotes, evaluate_polnear

    if (polnear is None) == (gold is None):
        raise click.UsageError("give exactly one of --polnear DIR or --gold FILE.json")
    if text is not None and gold is None:
        raise click.UsageError("--text goes with --gold")
    with progress_bar(None, desc="eval quotes", unit="articles", quiet=quiet) as bar:
        if polnear is not None:
            report = evaluate_polnear(polnear, limit=limit, progress=callback(bar))
        else:
            assert gold is not None
            report = evaluate_gold_quotes(
                gold, text_path=text, limit=limit, progress=callback(bar)
            )
    _emit(report, fmt, errors_path)
