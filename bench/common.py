"""Shared helpers of the benchmarks: data paths, the annotated-TEI cache, timing, peak memory.

The Reuters-21578 corpus is read at run time from ``corpus.settings.SHARED_DIR`` and never
copied into the project; when it is absent every benchmark prints a message and skips. The
first full run annotates the whole corpus into ``bench/cache/reuters-tei`` (git-ignored) with
every core, as ``corpus annotate ... --jobs 0`` does; annotation is incremental, so later runs
only check fingerprints. Smaller samples ("the first N records") are folders of symbolic links
into that cache when it is complete, else annotated on their own from the first N records.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.settings import SHARED_DIR

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CACHE = HERE / "cache"
REUTERS = SHARED_DIR / "data" / "reuters21578" / "reuters21578.jsonl"
TEI_DIR = CACHE / "reuters-tei"  # the whole corpus, annotated
PYTHON = sys.executable
CORPUS_CMD = [PYTHON, "-m", "corpus"]
QUICK_N = 300  # articles in --quick mode


def compile_package() -> None:
    """Write the project's bytecode, as any normal first run does.

    Whoosh and the other dependencies come with .pyc files from pip; our editable package gets
    them on first import, unless PYTHONDONTWRITEBYTECODE is set (as in some sandboxes), in which
    case every new process would recompile it and start-up figures would be ~30 ms too high.
    """
    import compileall

    compileall.compile_dir(PROJECT / "corpus", quiet=1)


compile_package()


def have_reuters() -> bool:
    """True when the shared Reuters data is there; else print why the benchmark is skipped."""
    if REUTERS.exists():
        return True
    print(f"skipped: {REUTERS} not found (the shared Reuters data is not on this machine)")
    return False


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- data ------------------------------------------------------------------------------------


def reuters_lines(n: int | None = None) -> list[bytes]:
    """The first ``n`` JSONL records (all when None), as raw lines."""
    out: list[bytes] = []
    with open(REUTERS, "rb") as fh:
        for line in fh:
            if line.strip():
                out.append(line if line.endswith(b"\n") else line + b"\n")
                if n is not None and len(out) >= n:
                    break
    return out


def reuters_count() -> int:
    with open(REUTERS, "rb") as fh:
        return sum(1 for line in fh if line.strip())


def sample_articles(n: int | None) -> list[Any]:
    """Articles (corpus.model.Article) of the first ``n`` records, read by our ingest."""
    from corpus.ingest import read_bytes
    from corpus.model import Article

    data = b"".join(reuters_lines(n))
    return [a for a in read_bytes(data, str(REUTERS), "jsonl") if isinstance(a, Article)]


def word_count(texts: Sequence[str]) -> int:
    """Words as \\w+ runs: one count for every pipeline, whatever its tokenizer."""
    import re

    word = re.compile(r"\w+")
    return sum(len(word.findall(t)) for t in texts)


# --- the annotated TEI cache -----------------------------------------------------------------


def _progress(total: int | None, label: str) -> Callable[[Any], None]:
    t0 = time.perf_counter()
    count = annotated = 0
    step = 500 if (total or 0) > 2000 else 100

    def on_outcome(outcome: Any) -> None:
        nonlocal count, annotated
        count += 1
        annotated += outcome.status == "annotated"
        if annotated and (count % step == 0 or count == total):  # silent when all unchanged
            rate = count / max(time.perf_counter() - t0, 1e-9)
            of = f"/{total}" if total else ""
            log(f"  {label}: {count}{of} articles ({rate:.0f}/s)")

    return on_outcome


def annotate_folder(out_dir: Path, n: int | None, jobs: int = 0) -> dict[str, int]:
    """Annotate the first ``n`` records (all when None) into ``out_dir``, incrementally.

    ``jobs=0`` uses every core. Returns the annotate summary counts.
    """
    from corpus.batch import annotate_inputs
    from corpus.cli.progress import progress_bar

    jobs = jobs or os.cpu_count() or 1
    total = n if n is not None else reuters_count()
    t0 = time.perf_counter()
    # A bar on a terminal (as `corpus annotate` draws); log lines otherwise.
    with progress_bar(total, desc=f"annotate {out_dir.name}", unit="articles") as bar:
        logged = _progress(total, out_dir.name)

        def on_outcome(outcome: Any) -> None:
            if bar.drawn:
                bar.update()
            else:
                logged(outcome)

        if n is None:
            summary = annotate_inputs([str(REUTERS)], out_dir, jobs=jobs, on_outcome=on_outcome)
        else:
            import io

            # The first n records through stdin, so the folder holds exactly those articles.
            stdin = io.BytesIO(b"".join(reuters_lines(n)))
            summary = annotate_inputs(["-"], out_dir, jobs=jobs, stdin=stdin,
                                      on_outcome=on_outcome)
    if summary.annotated:
        log(f"  {out_dir.name}: annotated {summary.annotated}, unchanged {summary.unchanged}, "
            f"rejected {summary.rejected} in {time.perf_counter() - t0:.0f} s")
    return {"annotated": summary.annotated, "unchanged": summary.unchanged,
            "rejected": summary.rejected}


def full_tei_dir() -> Path:
    """The whole Reuters corpus annotated (the first call annotates it with every core)."""
    if not _complete(TEI_DIR):
        log(f"annotating the whole Reuters corpus into {TEI_DIR} with every core "
            "(first run only; later runs reuse it)")
    annotate_folder(TEI_DIR, None)
    return TEI_DIR


def _complete(folder: Path) -> bool:
    """True when the folder's manifest covers the whole corpus (a finished earlier run)."""
    try:
        manifest = json.loads((folder / ".corpus-manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return len(manifest) >= reuters_count() - 50  # a few records may be rejects


def tei_files(folder: Path) -> list[Path]:
    from corpus.index import tei_files as files

    return files(folder)


def tei_sample(n: int) -> Path:
    """A folder with the TEI of the first ``n`` Reuters articles.

    Symbolic links into the full cache when it is complete; otherwise the first ``n`` records
    are annotated into their own cache folder (all cores, incremental).
    """
    folder = CACHE / f"reuters-tei-{n}"
    if _complete(TEI_DIR):
        manifest = json.loads((TEI_DIR / ".corpus-manifest.json").read_text(encoding="utf-8"))
        ids = sorted(manifest, key=lambda d: manifest[d].get("record") or 0)[:n]
        wanted = {f"{d}.xml" for d in ids if (TEI_DIR / f"{d}.xml").exists()}
        if folder.is_dir() and not folder.is_symlink():
            current = {p.name for p in folder.iterdir() if p.suffix == ".xml"}
            if current == wanted and all((folder / w).is_symlink() for w in wanted):
                return folder
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in wanted:
            (folder / name).symlink_to(TEI_DIR / name)
        return folder
    if folder.is_dir() and any(p.is_symlink() for p in folder.glob("*.xml")):
        shutil.rmtree(folder)
    annotate_folder(folder, n)
    return folder


# --- timing ----------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        secs, out = timed(fn)
        best = min(best, secs)
    return best, out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- child processes: wall time and peak memory -----------------------------------------------


@dataclass
class ChildRun:
    """One child process: exit code, wall time, peak resident memory, output."""

    argv: list[str]
    returncode: int
    seconds: float
    maxrss_mb: float
    stdout: str = ""
    stderr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# Runs argv[2:] and writes "<maxrss KiB> <seconds>" to the file argv[1]. A process forked from a
# big parent (this one holds spaCy after the annotate benchmark) reports the parent's size as
# its ru_maxrss even after exec, so the command is started from this small process instead.
_WRAPPER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
secs = time.perf_counter() - t0
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {secs}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(argv: Sequence[str], *, env: dict[str, str] | None = None,
              cwd: Path | None = None, measure: bool = False) -> ChildRun:
    """Run a command and capture its output; wall time is measured around it.

    With ``measure``, the command's own peak RSS is taken with os.wait4 in a small wrapper
    process (resource.getrusage(RUSAGE_CHILDREN) would report the largest child ever waited
    for, and a child forked from this process would inherit its size); ``seconds`` is then the
    command's wall time without the wrapper's start.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        cmd = [PYTHON, "-c", _WRAPPER, rss.name, *argv] if measure else list(argv)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=out, stderr=err, env=env, cwd=str(cwd or PROJECT),
                              check=False)
        secs = time.perf_counter() - t0
        maxrss = 0.0
        if measure:
            kib, secs_text = [*rss.read().split(), "0", "0"][:2]
            maxrss, secs = int(kib) / 1024, float(secs_text) or secs  # Linux: KiB
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return ChildRun(list(argv), proc.returncode, secs, maxrss, stdout, stderr)


# --- results ---------------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the summary table."""

    part: str
    name: str
    value: float
    unit: str
    ratio: float | None = None  # ours / baseline (or baseline / ours for times: always "x better")
    ratio_label: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> Figure:
        fig = Figure(*args, **kwargs)
        self.figures.append(fig)
        return fig


def fmt_value(value: float, unit: str) -> str:
    if unit in ("s", "ms"):
        return f"{value:.3f} {unit}" if value < 10 else f"{value:.1f} {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.2f} {unit}".strip()


def table(figures: Sequence[Figure], markdown: bool = False) -> str:
    """The summary table (plain text, or Markdown for bench/README.md)."""
    rows = []
    for f in figures:
        ratio = f"{f.ratio:.2f}x {f.ratio_label}".strip() if f.ratio is not None else ""
        target = f.target
        if f.met is not None:
            target = f"{target} {'met' if f.met else 'MISSED'}".strip()
        rows.append([f.part, f.name, fmt_value(f.value, f.unit), ratio, target, f.note])
    head = ["part", "figure", "value", "ratio", "target", "note"]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    widths[-1] = 0
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * max(w, 4) for w in widths).rstrip())
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]
    return "\n".join(out)

