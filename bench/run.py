"""Run every benchmark and print one summary table of the figures and their ratios.

    .venv/bin/python bench/run.py                 # everything (see bench/README.md)
    .venv/bin/python bench/run.py --quick         # a few hundred articles, about a minute
    .venv/bin/python bench/run.py --only index,startup
    .venv/bin/python bench/run.py --markdown      # the table as Markdown (for bench/README.md)

Parts, in the order they run: index (bench_index), startup (bench_startup: cold start, imports,
peak memory), annotate (bench_annotate; after indexing, so spaCy's objects do not slow this
process's garbage collector while it indexes), kwic (bench/bench_kwic.py's main, when the file
is there). The first full
run annotates the whole Reuters corpus into bench/cache/ with every core; later runs reuse it.
Figures are measured side by side in one run; they are not tests and nothing fails on a miss.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import time
from dataclasses import asdict
from typing import Any

try:
    import common
except ImportError:  # imported as bench.run
    from bench import common

PARTS = ("index", "startup", "annotate", "kwic")
QUICK = {"annotate_n": 200, "sample_n": common.QUICK_N, "runs": 3, "kwic_repeat": 1}


def _module(name: str) -> Any:
    """A sibling benchmark module, whether run as a script or imported as ``bench.run``."""
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return importlib.import_module(f"bench.{name}")


class _Tee(io.TextIOBase):
    """Write to the real stdout and keep a copy (bench_kwic prints its figures)."""

    def __init__(self, out: io.TextIOBase) -> None:
        self.out, self.buf = out, io.StringIO()

    def write(self, s: str) -> int:
        self.out.write(s)
        self.buf.write(s)
        return len(s)

    def flush(self) -> None:
        self.out.flush()


_KWIC_ROW = re.compile(
    r"^(?P<q>\S.*?)\s+(?P<rh>\d+)\s+(?P<rs>[\d.]+)\s+(?P<oh>\d+)\s+(?P<os>[\d.]+)\s+"
    r"(?P<ratio>[\d.]+)\s*$")


def run_kwic(repeat: int, results: common.Results) -> None:
    """bench/bench_kwic.py's main (written separately); its query rows become figures."""
    if not (common.HERE / "bench_kwic.py").exists():
        print("kwic: bench/bench_kwic.py not found; skipped")
        return
    bench_kwic = _module("bench_kwic")
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        rc = bench_kwic.main(["--repeat", str(repeat)])
    if rc:
        print(f"kwic: bench_kwic exited with {rc}")
    text = tee.buf.getvalue()
    for line in text.splitlines():
        m = _KWIC_ROW.match(line)
        if not m:
            continue
        ours, raw = float(m["os"]), float(m["rs"])
        ratio = raw / ours if ours else None
        results.add("kwic", f"kwic {m['q']} (ours)", ours, "s", ratio, "raw Whoosh speed",
                    ">= 1x", None if ratio is None else ratio >= 1.0,
                    f"{m['oh']} hits; raw {raw:.4f} s, {m['rh']} hits; index not annotated")
    target = re.search(r"^target:.*$", text, re.M)
    if target:
        print(f"kwic: {target.group(0)}")


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
        run_kwic(QUICK["kwic_repeat"] if args.quick else 5, results)
        timings["kwic"] = time.perf_counter() - t
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
