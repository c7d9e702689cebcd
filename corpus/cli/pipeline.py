"""`corpus` commands: annotate, validate, index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli import cli, handle_errors, index_option
from corpus.cli.progress import callback, progress_bar, quiet_option, wanted


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the TEI files (one per article, named from its document id).",
)
@click.option(
    "-j",
    "--jobs",
    default=None,
    type=click.IntRange(0),
    help="Worker processes; 0 uses every core. Default: every core when more than 50 articles "
    "need annotating (unchanged ones do not count), else 1.",
)
@click.option("--rebuild", is_flag=True, help="Re-annotate everything, ignoring earlier runs.")
@click.option(
    "--scheduler",
    default=None,
    metavar="local|tcp://HOST:PORT|FILE.json",
    help="Annotate on a Dask cluster: 'local' starts one on this machine (--jobs workers), "
    "else the address of a running `dask scheduler` (or its --scheduler-file). OUTPUT must be "
    "on a filesystem every worker shares. See docs/scale.md.",
)
@click.option(
    "--batch-size",
    default=None,
    type=click.IntRange(1),
    help="Articles per Dask task with --scheduler (default 64).",
)
@quiet_option
@handle_errors
def annotate(
    inputs: tuple[str, ...],
    out_dir: Path,
    jobs: int | None,
    rebuild: bool,
    scheduler: str | None,
    batch_size: int | None,
    quiet: bool,
) -> None:
    """Annotate articles (files, folders or - for stdin) as TEI in OUTPUT.

    Plain text (wire layout or headline + blank line + paragraphs), JSON and JSON Lines records
    are recognised automatically. Articles that cannot be read are listed in
    OUTPUT/rejects.jsonl with the reason; an unchanged article is not annotated again.
    A progress bar (total, rate, time left) is drawn on stderr when it is a terminal.
    """
    from corpus.batch import CLUSTER_BATCH, REJECTS, annotate_inputs, count_articles
    from corpus.errors import InputError

    for item in inputs:
        if item != "-" and not Path(item).exists():
            raise InputError(f"{item}: no such file or folder")
    if batch_size is not None and scheduler is None:
        raise click.UsageError("--batch-size goes with --scheduler")
    total = count_articles(inputs) if wanted(quiet) else None
    stdin = sys.stdin.buffer if "-" in inputs else None
    with progress_bar(total, desc="annotate", unit="articles", quiet=quiet) as bar:

        def progress(outcome) -> None:
            bar.update()
            if outcome.status == "rejected":
                where = outcome.source + (f" record {outcome.record}" if outcome.record else "")
                bar.write(f"rejected: {where}: {outcome.reason}")

        summary = annotate_inputs(
            inputs,
            out_dir,
            jobs=jobs,
            rebuild=rebuild,
            stdin=stdin,
            on_outcome=progress,
            scheduler=scheduler,
            batch_size=batch_size or CLUSTER_BATCH,
        )
    extra = []
    if summary.unchanged:
        extra.append(f"unchanged: {summary.unchanged}")
    if summary.removed:
        extra.append(f"removed: {summary.removed}")
    if summary.rejected:
        extra.append(f"reasons in {out_dir / REJECTS}")
    if extra:
        click.echo(", ".join(extra))
    click.echo(f"annotated: {summary.annotated + summary.unchanged}, rejected: {summary.rejected}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--tei-all/--no-tei-all",
    "tei_all",
    default=None,
    help="Also validate against TEI P5 tei_all (default: when its schema is available).",
)
@handle_errors
def validate(files: tuple[Path, ...], tei_all: bool | None) -> None:
    """Validate TEI FILES (or folders of them) against schemas/ and TEI P5 tei_all."""
    from corpus.validate import validate_many

    paths: list[Path] = []
    for f in files:
        paths.extend(sorted(f.glob("*.xml")) if f.is_dir() else [f])
    bad = 0
    for _path, problems in validate_many(paths, tei_all=tei_all):
        if problems:
            bad += 1
            for p in problems:
                click.echo(f"{p.file}:{p.line}: [{p.schema}] {p.message}")
    click.echo(f"valid: {len(paths) - bad}, invalid: {bad}")
    if bad:
        sys.exit(3)


@cli.command("index")
@click.argument("tei_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Start the index afresh.")
@click.option(
    "--shards",
    type=click.IntRange(min=1),
    default=None,
    help="Build N ordinary indexes under INDEX, in parallel, read as one (documents routed "
    "by id). An existing sharded index keeps its sharding without this option.",
)
@click.option(
    "--shard-by",
    type=click.Choice(["hash", "year", "month"]),
    default=None,
    help="Route documents by id hash (with --shards), or one shard per year or month.",
)
@quiet_option
@handle_errors
def index_cmd(
    tei_dir: Path,
    index: str | None,
    rebuild: bool,
    shards: int | None,
    shard_by: str | None,
    quiet: bool,
) -> None:
    """Index the TEI files of TEI_DIR (incremental: unchanged files are skipped).

    A progress bar (files, rate, time left) is drawn on stderr when it is a terminal.
    """
    from corpus.index import index_tei_dir, resolve_index
    from corpus.index.shards import index_sharded, is_sharded

    if shards is not None or shard_by is not None or is_sharded(resolve_index(index)):
        report = index_sharded(tei_dir, index, shards=shards, by=shard_by, rebuild=rebuild)
    else:
        with progress_bar(None, desc="index", unit="files", quiet=quiet) as bar:
            report = index_tei_dir(
                tei_dir, index, rebuild=rebuild, progress=callback(bar, finishing="index: writing")
            )
    for problem in getattr(report, "problems", ()):  # unreadable files were skipped: say so
        click.echo(f"skipped: {problem}", err=True)
    click.echo(
        f"indexed {report.total} documents in {report.path if hasattr(report, 'path') else index}: "
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged} ({report.seconds:.1f} s)"
    )
