"""Cold start of `corpus kwic` / `corpus search`, the modules on that path, and peak memory.

    .venv/bin/python bench/bench_startup.py [--n N] [--runs 5]

- cold start: each command is a new process (``.venv/bin/corpus``); the figure is the median
  wall time of ``--runs`` runs of ``corpus kwic zzzz --index X`` (a query with no hit, so it
  measures start-up, opening the index and parsing the query) and of ``corpus kwic --help``;
  the same for ``corpus search``. Reference: ``python -c pass`` in the same virtualenv.
- heavy imports: ``python -X importtime`` on ``corpus kwic zzzz`` and ``corpus search zzzz``;
  spaCy and NLTK (and their dependencies thinc, numpy) must not be imported on that path.
- peak memory (maximum resident set size of the child process, from ``os.wait4``) of
  ``corpus index TEI --rebuild`` and of ``corpus kwic oil --limit 0`` / ``corpus search oil
  --limit 0`` (every hit) on the whole corpus and on its first tenth.

The indexes are kept in bench/cache/ (``index-<n>``) and rebuilt on every run (a rebuild is
what the memory figure is about).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:
    import common
except ImportError:  # imported as bench.bench_startup
    from bench import common

CORPUS = str(Path(common.PYTHON).with_name("corpus"))
HEAVY = ("spacy", "thinc", "nltk", "numpy", "torch")


def cold(argv: list[str], runs: int) -> tuple[float, int]:
    """Median wall time of ``runs`` fresh processes, and the last exit code."""
    times, rc = [], 0
    for _ in range(runs):
        r = common.run_child(argv)
        times.append(r.seconds)
        rc = r.returncode
    return common.median(times), rc


def imported_modules(argv: list[str]) -> tuple[set[str], float]:
    """Top-level packages imported by a command, and its total import time (s)."""
    r = common.run_child([common.PYTHON, "-X", "importtime", *argv])
    names: set[str] = set()
    total = 0.0
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        name = parts[2].rstrip()
        names.add(name.strip().split(".")[0])
        if not name[1:].startswith(" "):  # top-level entries: their cumulative times add up
            total += int(parts[1]) / 1e6
    return names, total


def build_index(tei_dir: Path, name: str) -> common.ChildRun:
    index = common.CACHE / name
    return common.run_child([CORPUS, "index", str(tei_dir), "--index", str(index), "--rebuild"],
                            measure=True)


def run(whole: Path, tenth: Path, runs: int = 5,
        results: common.Results | None = None) -> common.Results:
    results = results if results is not None else common.Results()
    part = "startup"
    n_whole, n_tenth = len(common.tei_files(whole)), len(common.tei_files(tenth))
    print(f"startup and memory: indexes of {n_whole} and {n_tenth} articles")

    # Peak memory of indexing (a rebuild of each index, in a child process).
    built = {}
    for label, folder, n in (("whole", whole, n_whole), ("tenth", tenth, n_tenth)):
        r = build_index(folder, f"index-{n}")
        if r.returncode:
            print(f"  corpus index failed ({r.returncode}): {r.stderr.strip()[-300:]}")
            continue
        built[label] = common.CACHE / f"index-{n}"
        print(f"  corpus index ({label}, {n} docs, --rebuild): {r.seconds:.1f} s, "
              f"peak RSS {r.maxrss_mb:.0f} MB")
        results.add("memory", f"corpus index --rebuild ({label})", r.maxrss_mb, "MB peak",
                    None, "", "", None, f"{n} docs, {r.seconds:.1f} s")
    if "whole" not in built:
        return results
    index = str(built["whole"])

    base, _ = cold([common.PYTHON, "-c", "pass"], runs)
    print(f"  python -c pass: {base:.3f} s (median of {runs})")
    results.add(part, "python -c pass (reference)", base, "s", None, "", "", None,
                f"median of {runs}")
    for cmd in ("kwic", "search"):
        t_q, rc = cold([CORPUS, cmd, "zzzz", "--index", index], runs)
        t_h, rc_h = cold([CORPUS, cmd, "--help"], runs)
        if rc_h:
            print(f"  corpus {cmd}: not available (exit {rc_h})")
            continue
        mods, imp = imported_modules([CORPUS, cmd, "zzzz", "--index", index])
        heavy = sorted(m for m in HEAVY if m in mods)
        print(f"  corpus {cmd} zzzz: {t_q:.3f} s (exit {rc}), --help: {t_h:.3f} s; "
              f"imports {len(mods)} top-level packages in {imp:.3f} s; "
              f"heavy: {', '.join(heavy) or 'none'}")
        results.add(part, f"corpus {cmd} zzzz --index (cold)", t_q, "s", t_q / base,
                    "python -c pass", "", None, f"median of {runs}")
        results.add(part, f"corpus {cmd} --help (cold)", t_h, "s", t_h / base,
                    "python -c pass", "", None, f"median of {runs}")
        results.add(part, f"corpus {cmd}: spacy/nltk imported", float(len(heavy)), "modules",
                    None, "", "none", not heavy, ", ".join(heavy) or "none of " + "/".join(HEAVY))

    # Peak memory of a query over each index.
    for label, path in built.items():
        for cmd in ("kwic", "search"):
            r = common.run_child([CORPUS, cmd, "oil", "--index", str(path), "--limit", "0"],
                                 measure=True)
            if r.returncode:
                print(f"  corpus {cmd} oil ({label}) failed ({r.returncode}): "
                      f"{r.stderr.strip()[-200:]}")
                continue
            lines = r.stdout.count("\n")
            print(f"  corpus {cmd} oil ({label}): {r.seconds:.2f} s, {lines} lines, "
                  f"peak RSS {r.maxrss_mb:.0f} MB")
            results.add("memory", f"corpus {cmd} oil --limit 0 ({label})", r.maxrss_mb,
                        "MB peak", None, "", "", None, f"{lines} output lines, {r.seconds:.2f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=None,
                    help="'whole' is the first N articles (default: the whole corpus)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if not common.have_reuters():
        return 0
    whole = common.tei_sample(args.n) if args.n else common.full_tei_dir()
    n = len(common.tei_files(whole))
    run(whole, common.tei_sample(max(1, n // 10)), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
