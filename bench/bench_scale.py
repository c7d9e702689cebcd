"""How cost grows with workers and corpus size: the scaling bench of issue 12.

    .venv/bin/python bench/bench_scale.py [--n 1000] [--workers 1,2] [--copies 1,5,10]
                                          [--only annotate,index,kwic] [--shard-counts 1,4]
                                          [--runs 3]

**annotate**: the first N Reuters records (default 1000) annotated into a fresh folder, each
configuration in its own child process (so each starts cold and its peak memory is its own):

- *in-process*: ``annotate_inputs(jobs=1)``, the one-core baseline;
- *local cluster, K workers*: a LocalCluster of K single-threaded worker processes, then
  ``annotate_inputs(scheduler=<its address>)`` (``corpus annotate --scheduler``), batches of 64.

Throughput is articles/s of the annotation run alone (articles read, annotated, TEI written),
after the models are loaded (in the process, or in every worker through the LoadModels plugin)
-- the steady state that decides the cost of a large corpus; the start-up (cluster start and
model loading) is given apart. Peak memory (ru_maxrss) is per process: the child (for a cluster:
the client, which also runs the scheduler) and each worker. Ratios: K workers against the
in-process run; the goal is throughput linear in workers (K x), memory flat per worker.

**index**: the annotated Reuters TEI (bench/cache/reuters-tei) copied x1, x5, x10 with
distinct document ids (bench/cache/scale-xK, built once, reused; x10 hard-links x5's copies)
indexed into one index (``index_tei_dir(..., rebuild=True)``, bench/cache/scale2-index-xK)
and into 4 hash shards (``index_sharded(..., shards=4, rebuild=True)``, as ``corpus index
--shards 4``, bench/cache/scale2-shards4-xK), each a fresh child under ``nice``: wall seconds,
CPU seconds (user + system of the child and the processes it waited for), documents/s, size
on disk, peak memory (the largest process).

**kwic**: ``corpus kwic oil`` on each of those indexes, a fresh process per run under
``nice``, rounds alternating over the indexes of a copy count (median of ``--runs``): the first
page (50 lines of the table, with the exact totals it prints) and every hit as JSON Lines;
wall and CPU seconds, peak memory, and the outputs compared between 1 index and 4 shards.
Goals (issue 12): first page on x10 <= 2x its time on x1; every hit on x10 <= 10x (the cost
per hit flat); memory flat.

On a 2-core machine shared with other work the figures are noisy and 2 workers cannot reach
2x; the table says how many cores the machine has and its load when the run started.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

try:
    import common
except ImportError:  # imported as bench.bench_scale
    from bench import common

BATCH = 64
SCALE_DIR = common.CACHE  # scale-x5, scale-x10 (copies) and scale-index-xK live here


# --- child processes ------------------------------------------------------------------------


def _child(mode: str, n: int, data: str, out: str) -> dict[str, Any]:
    """Run one configuration in this (child) process; return its figures."""
    import resource

    from corpus.batch import annotate_inputs

    t0 = time.perf_counter()
    if mode == "inprocess":
        from corpus.batch import _load_models

        _load_models()
        setup = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), _cpu()
        summary = annotate_inputs([data], Path(out), jobs=1)
        seconds, cpu = time.perf_counter() - t1, _cpu() - c1
        client_cpu = cpu
        workers: list[float] = []
    else:
        from distributed import Client

        from corpus.cluster import LoadModels, local_cluster

        k = int(mode.split(":")[1])
        # the cluster `corpus annotate --scheduler local` starts
        with local_cluster(k) as cluster, Client(cluster) as client:
            client.register_plugin(LoadModels())  # models loaded in every worker: set-up
            setup = time.perf_counter() - t0
            before = client.run(_cpu)
            t1, c1 = time.perf_counter(), _cpu()
            summary = annotate_inputs([data], Path(out), scheduler=cluster.scheduler_address,
                                      batch_size=BATCH)
            seconds, cpu = time.perf_counter() - t1, _cpu() - c1
            after = client.run(_cpu)
            worker_cpu = sum(after[w] - before.get(w, 0.0) for w in after)
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            workers = [kib / 1024 for kib in peaks.values()]
            client_cpu = cpu
            cpu += worker_cpu
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "setup": setup, "seconds": seconds, "cpu": cpu,
            "client_cpu": client_cpu, "own_mb": own_mb,
            "annotated": summary.annotated, "rejected": summary.rejected,
            "workers_mb": workers}


def _cpu() -> float:
    """CPU seconds (user + system) this process has used: what the work costs whatever the
    machine's load (the wall time of a shared machine is not)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_child(args: list[str], nice: bool = False) -> tuple[dict[str, Any], float]:
    """One child of this script; its JSON figures and its own peak memory (MB)."""
    argv = [common.PYTHON, str(Path(__file__).resolve()), *args]
    if nice:
        argv = ["nice", "-n", "10", *argv]
    run = common.run_child(argv, measure=True)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1]), run.maxrss_mb


# --- annotate ---------------------------------------------------------------------------------


def run_annotate(n: int, workers: list[int], results: common.Results) -> None:
    lines = common.reuters_lines(n)
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    print(f"scale/annotate: {len(lines)} Reuters articles; {cores} cores, load {load:.1f} "
          f"at the start; batches of {BATCH}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        data = Path(tmp) / "reuters.jsonl"
        data.write_bytes(b"".join(lines))
        rows: list[tuple[str, dict[str, Any], float]] = []
        for mode in ["inprocess", *(f"cluster:{k}" for k in workers)]:
            out = Path(tmp) / mode.replace(":", "-")
            common.log(f"  {mode} ...")
            figures, rss = _run_child(["--child", mode, "--n", str(n), "--data", str(data),
                                       "--out", str(out)])
            rows.append((mode, figures, rss))
    base = rows[0][1]
    base_rate = base["annotated"] / base["seconds"]
    for mode, f, rss in rows:
        rate = f["annotated"] / f["seconds"]
        if mode == "inprocess":
            name, ratio, label = "annotate in-process (1 core)", None, ""
            memory = f"peak {rss:.0f} MB"
        else:
            k = int(mode.split(":")[1])
            name, ratio, label = (f"annotate local cluster, {k} worker{'s' * (k > 1)}",
                                  rate / base_rate, "of in-process")
            peaks = ", ".join(f"{mb:.0f}" for mb in f["workers_mb"])
            # (the child's wait4 figure is the largest of it and the workers it started)
            memory = f"peak {peaks} MB per worker, client+scheduler {f['own_mb']:.0f} MB"
        cpu_ms = 1000 * f["cpu"] / f["annotated"]
        client_ms = 1000 * f["client_cpu"] / f["annotated"]
        print(f"  {name:38s} {rate:7.1f} articles/s  ({f['seconds']:.1f} s; set-up "
              f"{f['setup']:.1f} s; {cpu_ms:.1f} CPU ms/article, {client_ms:.1f} of them in "
              f"the client process; {memory})")
        results.add("scale", name, rate, "articles/s", ratio, label,
                    "linear in workers" if ratio is not None else "", None,
                    f"n={f['annotated']} (+{f['rejected']} rejected); set-up "
                    f"{f['setup']:.1f} s not timed; {memory}; {cores} cores, load {load:.1f}")
        results.add("scale", f"{name}: CPU per article", cpu_ms, "ms", None, "", "", None,
                    f"user+system CPU of every process (client, scheduler, workers) / articles,"
                    f" {client_ms:.1f} ms of it in the client (+ scheduler for a cluster)")
        results.add("scale", f"{name}: peak memory", max([f["own_mb"], *f["workers_mb"]]), "MB",
                    None, "", "flat", None, "largest process of the run")


# --- index on copies ------------------------------------------------------------------------

_ROOT_ID = re.compile(rb'(<TEI\b[^>]*?\bxml:id=")([^"]+)(")')


def copies_dir(source: Path, k: int) -> Path:
    """``source`` copied ``k`` times with distinct document ids (copy c > 1: "<id>-c<c>");
    x1 is ``source`` itself. Built once (a stamp records what it was built from) and never
    emptied: a folder left half-built is completed, and a copy another xK folder already holds
    is hard-linked from there (the bytes are the same)."""
    if k == 1:
        return source
    folder = SCALE_DIR / f"scale-x{k}"
    files = common.tei_files(source)
    stamp = folder / ".built"
    if _stamp_ok(stamp, source, len(files), k):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    others = [d for d in sorted(SCALE_DIR.glob("scale-x*")) if d != folder and d.is_dir()]
    common.log(f"  copying {len(files)} TEI files x{k} into {folder} (once)")
    for path in files:
        data = None
        for c in range(1, k + 1):
            name = path.name if c == 1 else f"{path.stem}-c{c}.xml"
            target = folder / name
            if target.exists():
                continue
            # copy 1 is the file itself, copy c of another xK folder is this copy c: hard links
            sources = [path] if c == 1 else [d / name for d in others]
            if any(_link(s, target) for s in sources):
                continue
            data = data if data is not None else path.read_bytes()
            if c == 1:
                copy = data
            else:
                copy, n = _ROOT_ID.subn(lambda m, c=c: m[1] + m[2] + f"-c{c}".encode() + m[3],
                                        data, count=1)
                if n != 1:
                    raise RuntimeError(f"{path}: no xml:id on the TEI root")
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(copy)
            os.replace(tmp, target)
    stamp.write_text(f"{source.resolve()} {len(files)} x{k}", encoding="utf-8")
    return folder


def _stamp_ok(stamp: Path, source: Path, n: int, k: int) -> bool:
    """The stamp names this source (through any symbolic link), file count and copy count."""
    try:
        where, count, times = stamp.read_text(encoding="utf-8").rsplit(" ", 2)
    except (OSError, ValueError):
        return False
    return (Path(where).resolve() == source.resolve() and count == str(n) and times == f"x{k}")


def _link(src: Path, dst: Path) -> bool:
    try:
        os.link(src, dst)
    except OSError:
        return False
    return True


def _index_child(tei: str, index: str, shards: int = 0) -> dict[str, Any]:
    t0 = time.perf_counter()
    if shards:
        from corpus.index.shards import index_sharded

        report = index_sharded(tei, index, shards=shards, rebuild=True)
    else:
        from corpus.index import index_tei_dir

        report = index_tei_dir(tei, index, rebuild=True)
    seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in Path(index).rglob("*") if p.is_file())
    return {"seconds": seconds, "documents": report.total, "bytes": size}


# Runs argv[2:] and writes "<maxrss KiB> <wall s> <cpu s>" to the file argv[1]: os.wait4 gives
# the command's own peak (the largest of it and the processes it waited for: shard workers) and
# its CPU with that of its children. Started from this small wrapper so that a fork of the
# bench process does not lend the command its size.
_MEASURE = """
import os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:], stdout=sys.stdout, stderr=sys.stderr)
_, status, u = os.wait4(p.pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{u.ru_maxrss} {time.perf_counter() - t0} {u.ru_utime + u.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


class Measured:
    """A command run in fresh processes, niced: wall, CPU and peak memory of each run."""

    def __init__(self, label: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.label, self.argv, self.env = label, argv, env
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.rss: list[float] = []
        self.stdout = b""

    def run(self) -> None:
        import subprocess

        with tempfile.NamedTemporaryFile("r", suffix=".rss") as fig, \
                tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            argv = [common.PYTHON, "-c", _MEASURE, fig.name, *self.argv]
            if os.nice(0) < 10:  # nice 10, not 19 when the bench itself runs under nice
                argv = ["nice", "-n", str(10 - os.nice(0)), *argv]
            proc = subprocess.run(argv, stdout=out, stderr=err, env=self.env,
                                  cwd=str(common.PROJECT), check=False)
            err.seek(0)
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(self.argv)} failed: "
                                   f"{err.read().decode('utf-8', 'replace')[-2000:]}")
            kib, wall, cpu = fig.read().split()
            out.seek(0)
            self.stdout = out.read()
        self.rss.append(int(kib) / 1024)
        self.wall.append(float(wall))
        self.cpu.append(float(cpu))

    @property
    def median(self) -> float:
        return common.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return common.median(self.cpu)

    @property
    def peak(self) -> float:
        return max(self.rss)


def _load() -> str:
    return f"{os.cpu_count() or 1} cores, load {os.getloadavg()[0]:.1f}"


def run_index(copies: list[int], results: common.Results, shard_counts: tuple[int, ...] = (1, 4),
              ) -> dict[tuple[int, int], Path]:
    """Index build of each copy count, one index and N shards (each a fresh, niced child);
    returns the index of each (copies, shards)."""
    source = common.TEI_DIR
    built: dict[tuple[int, int], Path] = {}
    if not source.is_dir():
        print(f"scale/index: {source} not found; run bench/run.py --only index first")
        return built
    n = len(common.tei_files(source))
    print(f"scale/index: the annotated Reuters TEI ({n} files) x{', x'.join(map(str, copies))}; "
          f"{_load()} at the start")
    base: dict[int, float] = {}
    for k in copies:
        folder = copies_dir(source, k)
        for shards in shard_counts:
            index = index_path(k, shards)
            common.log(f"  index x{k}, {shards} shard(s) ... ({_load()})")
            cmd = Measured(f"index x{k} {shards}", [
                common.PYTHON, str(Path(__file__).resolve()), "--index-child", str(folder),
                "--index", str(index), "--shards", str(shards if shards > 1 else 0)])
            cmd.run()
            f = json.loads(cmd.stdout.decode().strip().splitlines()[-1])
            rate = f["documents"] / f["seconds"]
            base.setdefault(shards, f["seconds"] / f["documents"])
            ratio = (f["seconds"] / f["documents"]) / base[shards]
            what = "1 index" if shards == 1 else f"{shards} shards"
            print(f"  index x{k:<3d} {what:9s} {f['documents']:8,d} docs  {cmd.median:7.1f} s  "
                  f"cpu {cmd.cpu_median:7.1f} s  {rate:6.0f} docs/s  "
                  f"{f['bytes'] / 2**20:7.0f} MB  peak {cmd.peak:.0f} MB")
            results.add("scale", f"index build x{k}, {what} ({f['documents']:,} docs)",
                        f["seconds"], "s", ratio, f"time per doc of x{copies[0]}",
                        "flat per doc", None,
                        f"{rate:.0f} docs/s; CPU {cmd.cpu_median:.1f} s; "
                        f"{f['bytes'] / 2**20:.0f} MB on disk; peak {cmd.peak:.0f} MB; nice")
            built[(k, shards)] = index
    return built


def index_path(k: int, shards: int) -> Path:
    return SCALE_DIR / (f"scale2-index-x{k}" if shards == 1 else f"scale2-shards{shards}-x{k}")


def run_kwic(copies: list[int], runs: int, results: common.Results,
             shard_counts: tuple[int, ...] = (1, 4), query: str = "oil") -> None:
    """``corpus kwic QUERY`` on each copy count and shard count, each run a fresh niced
    process: the first page (50 lines, table, with the exact totals it prints) and every hit
    as JSON Lines; medians of ``runs`` alternating rounds; outputs compared across shards."""
    corpus = [str(common.PROJECT / ".venv" / "bin" / "corpus")]
    if not Path(corpus[0]).exists():
        corpus = list(common.CORPUS_CMD)
    # as from a user's shell: stdout block-buffered (the sandbox sets PYTHONUNBUFFERED)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    print(f"scale/kwic {query!r}: new process each, nice, median of {runs} alternating rounds; "
          f"{_load()} at the start")
    base: dict[tuple[str, int], tuple[float, float, int]] = {}
    for k in copies:
        cmds: dict[tuple[str, int], Measured] = {}
        for shards in shard_counts:
            ix = index_path(k, shards)
            if not ix.is_dir():
                print(f"  x{k}, {shards} shards: {ix} not built (run --only index)")
                continue
            cmds[("page", shards)] = Measured(f"page {shards}", [
                *corpus, "kwic", query, "--index", str(ix), "--limit", "50"], env)
            cmds[("every", shards)] = Measured(f"every {shards}", [
                *corpus, "kwic", query, "--index", str(ix), "--limit", "0", "--format",
                "jsonl"], env)
        common.log(f"  kwic x{k}: {runs} rounds of {len(cmds)} commands ({_load()})")
        for _ in range(runs):
            for cmd in cmds.values():
                cmd.run()
        outputs = {}
        for (kind, shards), cmd in cmds.items():
            out = cmd.stdout.decode("utf-8", "replace")
            lines = out.count("\n")
            hits = lines if kind == "every" else _total_hits(out)
            outputs.setdefault(kind, set()).add(cmd.stdout)
            # ratios of CPU time: on a machine shared with other work a niced process's wall
            # time is mostly waiting for a core, and varies several-fold between rounds
            ref = base.setdefault((kind, shards), (cmd.median, cmd.cpu_median, hits or 1))
            what = "first page of 50 + totals" if kind == "page" else "every hit, jsonl"
            if kind == "page":
                ratio, label, goal = cmd.cpu_median / ref[1], f"CPU of x{copies[0]}", "<= 2x"
            else:
                ratio, label = cmd.cpu_median / ref[1], f"CPU of x{copies[0]}"
                goal = f"<= {copies[-1] // copies[0]}x (flat per hit)"
            print(f"  x{k:<3d} {shards} shard{'s' * (shards > 1)}  {what:26s} {cmd.median:7.3f} s"
                  f"  cpu {cmd.cpu_median:7.3f} s  peak {cmd.peak:5.0f} MB  {hits:7,d} hits  "
                  f"({ratio:.2f}x {label})")
            results.add("scale", f"kwic {query} x{k}, {shards} shard(s): {what}", cmd.median,
                        "s", ratio, label, goal, None,
                        f"CPU {cmd.cpu_median:.3f} s; peak {cmd.peak:.0f} MB; {hits:,} hits; "
                        f"median of {runs}: {', '.join(f'{w:.2f}' for w in cmd.wall)}")
        same = all(len(v) == 1 for v in outputs.values())
        print(f"  x{k}: outputs identical across shard counts: {'yes' if same else 'NO'}")


_TOTAL = re.compile(r"([\d,]+) hits?\b")


def _total_hits(table: str) -> int:
    """The total the table output prints (its last line: "N hits in M documents ...")."""
    tail = table.strip().splitlines()[-3:] if table.strip() else []
    for line in reversed(tail):
        m = _TOTAL.search(line)
        if m:
            return int(m[1].replace(",", ""))
    return 0


def run(n: int = 1000, workers: tuple[int, ...] = (1, 2), copies: tuple[int, ...] = (1,),
        parts: tuple[str, ...] = ("annotate", "index"),
        results: common.Results | None = None, runs: int = 3,
        shard_counts: tuple[int, ...] = (1, 4)) -> common.Results:
    results = results if results is not None else common.Results()
    if not common.have_reuters():
        return results
    if "annotate" in parts:
        run_annotate(n, list(workers), results)
    if "index" in parts and copies:
        run_index(list(copies), results, shard_counts)
    if "kwic" in parts and copies:
        run_kwic(list(copies), runs, results, shard_counts)
    return results


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles to annotate (default 1000)")
    ap.add_argument("--workers", default="1,2", help="local cluster sizes (default 1,2)")
    ap.add_argument("--copies", default="1,5,10", help="index copies of Reuters (default 1,5,10)")
    ap.add_argument("--only", default="annotate,index,kwic",
                    help="parts: annotate, index (1 index and 4 shards), kwic (on those)")
    ap.add_argument("--runs", type=int, default=3, help="kwic: rounds, median kept (default 3)")
    ap.add_argument("--shard-counts", default="1,4",
                    help="index and kwic: 1 (one index) and/or shard counts (default 1,4)")
    ap.add_argument("--shards", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--index-child", help=argparse.SUPPRESS)
    ap.add_argument("--index", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.n, args.data, args.out)))
        return 0
    if args.index_child:
        print(json.dumps(_index_child(args.index_child, args.index, args.shards)))
        return 0
    results = run(args.n, _ints(args.workers), _ints(args.copies),
                  tuple(p.strip() for p in args.only.split(",")), runs=args.runs,
                  shard_counts=_ints(args.shard_counts))
    print()
    print(common.table(results.figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
