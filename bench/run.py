"""Run every benchmark and print one summary table of the figures and their ratios.

    .venv/bin/python bench/run.py                 # everything (see bench/README.md)
    .venv/bin/python bench/run.py --quick         # a few hundred articles, about a minute
    .venv/bin/python bench/run.py --only index,startup
    .venv/bin/python bench/run.py --markdown      # the table as Markdown (for bench/README.md)

Parts, in the order they run: index (bench_index), startup (bench_startup: cold start, imports,
peak memory), annotate (bench_annotate; after indexing, so spaCy's objects do not slow this
process's garbage collector while it indexes), kwic (bench/bench_kwic.py's run, when the file
is there), scale (bench_scale: annotation on a local Dask cluster of 1 and 2 workers against
one process, index build time on Reuters x1). The first full
run annotates the whole Reuters corpus into bench/cache/ with every core; later runs reuse it.
Figures are measured side by side in one run; they are not tests and nothing fails on a miss.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from typing import Any

try:
    import common
except ImportError:  # imported as bench.run
    from bench import common

PARTS = ("index", "startup", "annotate", "kwic", "scale")
QUICK = {"annotate_n": 200, "sample_n": common.QUICK_N, "runs": 3, "kwic_repeat": 1,
         "kwic_runs": 1}


def _module(name: str) -> Any:
    """A sibling benchmark module, whether run as a script or imported as ``bench.run``."""
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return importlib.import_module(f"bench.{name}")


def run_kwic(quick: bool, results: common.Results) -> None:
    """bench/bench_kwic.py's run (written separately); its rows become figures.

    Times of ours from a new process are given as a fraction of each baseline's time
    (below 1x: ours is faster); the issue's target is `corpus kwic oil` at <= 1x of both
    C-locale grep and the raw Whoosh process.
    """
    if not (common.HERE / "bench_kwic.py").exists():
        print("kwic: bench/bench_kwic.py not found; skipped")
        return
    bench_kwic = _module("bench_kwic")
    repeat, runs = (QUICK["kwic_repeat"], QUICK["kwic_runs"]) if quick else (3, 5)
    rows = bench_kwic.run(repeat=repeat, runs=runs, quick=quick, need_complete=quick)
    if not rows:
        return
    add = results.add
    nohit, raw_nohit = rows[0].ours_nohit, rows[0].raw_nohit
    if nohit is not None and raw_nohit is not None:
        add("kwic", "kwic zzzz: ours new process, no hit", nohit.seconds, "s",
            nohit.seconds / raw_nohit.seconds, "of raw Whoosh process, no hit", "", None,
            f"fixed cost of the process rows below (start-up, imports, opening the index); "
            f"raw Whoosh {raw_nohit.seconds:.3f} s; median of {runs}")
    for r in rows:
        q = r.label
        warm, proc, grep, raw = r.ours_warm, r.ours_process, r.grep_c, r.raw_process
        add("kwic", f"kwic {q}: ours warm", warm.seconds, "s", None, "", "", None,
            f"{warm.hits} hits, {r.ours_quoted} in quotations ({r.ours_speaker} with speaker); "
            "in process, annotated index")
        met = proc.seconds <= grep.seconds and proc.seconds <= raw.seconds
        add("kwic", f"kwic {q}: ours new process", proc.seconds, "s",
            proc.seconds / grep.seconds, "of grep C time", "<= 1x grep C and raw Whoosh", met,
            f"{proc.seconds / raw.seconds:.2f}x of raw Whoosh process; corpus kwic --limit 0 "
            f"--format tsv, median of {runs}")
        add("kwic", f"kwic {q}: grep -o -i -E, LC_ALL=C", grep.seconds, "s", None, "", "",
            None, f"{grep.hits} lines (-o drops hits inside a line's context); JSONL bodies")
        if r.grep_utf8 is not None:
            add("kwic", f"kwic {q}: grep, UTF-8 locale", r.grep_utf8.seconds, "s",
                proc.seconds / r.grep_utf8.seconds, "of grep UTF-8 time (ours process)", "",
                None, f"{r.grep_utf8.hits} lines, 1 run")
        add("kwic", f"kwic {q}: raw Whoosh process", raw.seconds, "s", None, "", "", None,
            f"{raw.hits} hits; 1 stored TEXT field of the JSONL bodies, matcher spans")
        for name, n in r.nltk.items():
            add("kwic", f"kwic {q}: NLTK {name}", n["total"], "s", proc.seconds / n["total"],
                "of NLTK time (ours process)", "", None,
                f"{int(n['hits'])} hits; tokenise {n['tokenise']:.2f} + build "
                f"{n['build']:.2f} + query {n['query']:.3f} s")
        for op, t in r.ops.items():
            extra = f", {r.groups[op.split()[-1]]} groups" if op.startswith("group-by") else ""
            add("kwic", f"kwic {q}: ours {op}", t.seconds, "s", t.seconds / warm.seconds,
                "of ours warm", "", None, f"{t.hits} hits{extra}; in process, incl. the kwic")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK['annotate_n']} articles for annotate, the first "
                         f"{QUICK['sample_n']} for index/startup, fewer repeats (~1 min)")
    ap.add_argument("--only", default=",".join(PARTS),
                    help=f"comma-separated parts to run: {', '.join(PARTS)}")
    ap.add_argument("--n", type=int, default=None,
                    help="articles for the annotate benchmark (default 1000; 200 with --quick)")
    ap.add_argument("--no-jobs", action="store_true", help="skip the annotate --jobs figure")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        ap.error(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    if not common.have_reuters():
        return 0

    t0 = time.perf_counter()
    results = common.Results()
    mode = "quick" if args.quick else "full"
    annotate_n = args.n or (QUICK["annotate_n"] if args.quick else 1000)
    runs = QUICK["runs"] if args.quick else 5
    timings: dict[str, float] = {}

    whole = None
    if "index" in parts or "startup" in parts:
        t = time.perf_counter()
        whole = common.tei_sample(QUICK["sample_n"]) if args.quick else common.full_tei_dir()
        timings["TEI cache"] = time.perf_counter() - t
    if "index" in parts and whole is not None:
        bench_index = _module("bench_index")
        t = time.perf_counter()
        bench_index.run(whole, results)
        timings["index"] = time.perf_counter() - t
        print()
    if "startup" in parts and whole is not None:
        bench_startup = _module("bench_startup")
        t = time.perf_counter()
        n = len(common.tei_files(whole))
        bench_startup.run(whole, common.tei_sample(max(1, n // 10)), runs, results)
        timings["startup"] = time.perf_counter() - t
        print()
    if "annotate" in parts:
        bench_annotate = _module("bench_annotate")
        t = time.perf_counter()
        bench_annotate.run(annotate_n, not args.no_jobs, results)
        timings["annotate"] = time.perf_counter() - t
        print()
    if "kwic" in parts:
        t = time.perf_counter()
        run_kwic(args.quick, results)
        timings["kwic"] = time.perf_counter() - t
        print()
    if "scale" in parts:
        # annotation on 1 and 2 local Dask workers against one process; index build on x1
        # (x5, x10: bench/bench_scale.py --copies 1,5,10, several minutes more)
        bench_scale = _module("bench_scale")
        t = time.perf_counter()
        bench_scale.run(annotate_n, (1, 2), (1,) if not args.quick else (), results=results)
        timings["scale"] = time.perf_counter() - t
        print()

    total = time.perf_counter() - t0
    spent = ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
    print(f"summary ({mode} run, {total:.0f} s: {spent})")
    print(common.table(results.figures))
    if args.markdown:
        print()
        print(common.table(results.figures, markdown=True))
    out = common.HERE / "results"
    out.mkdir(exist_ok=True)
    (out / f"latest-{mode}.json").write_text(json.dumps(
        {"mode": mode, "seconds": round(total, 1), "timings": timings,
         "figures": [asdict(f) for f in results.figures]}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
