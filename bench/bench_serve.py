"""`corpus serve` on the Reuters index: latency of the first KWIC page, throughput, memory.

    nice .venv/bin/python bench/bench_serve.py [--index PATH] [--requests 200] [--clients 8]

The server runs as `corpus serve --port 0` in its own process (its memory is its own). The
figures: the first page of `oil` (50 lines + totals) from /api/kwic and from the HTML page
/?q=oil, one request at a time (median and p95 over --requests); the same library call in
this process (`kwic(..., limit=50)` + totals) as the baseline of what the HTTP layer adds,
the three interleaved;
then --clients concurrent clients x --requests requests each of /api/kwic?q=oil: errors,
throughput, latency under load; the server's resident memory after each phase and its peak.
Clients run in this process (threads, a new connection per request, as Werkzeug's server
speaks HTTP/1.0): on 2 cores they compete with the server for CPU, so throughput is a floor.
The index is built from bench/cache/reuters-tei on first use (incremental afterwards).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TEI = HERE / "cache" / "reuters-tei"
INDEX = HERE / "cache" / "idx-serve"
PYTHON = sys.executable
KWIC = "api/kwic?q=oil&limit=50"
PAGE = "?q=oil"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ensure_index(index: Path) -> None:
    """Index the Reuters TEI: incremental, or rebuilt when the index has an older schema."""
    from corpus.index import META_FILE, SCHEMA_VERSION

    meta = index / META_FILE
    old = meta.exists() and json.loads(meta.read_text()).get("schema_version") != SCHEMA_VERSION
    log(f"indexing {TEI} into {index} ({'rebuild: older schema' if old else 'incremental'}) ...")
    subprocess.run(
        [PYTHON, "-m", "corpus", "index", str(TEI), "--index", str(index)]
        + (["--rebuild"] if old else []),
        check=True,
    )


def start_server(index: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [PYTHON, "-m", "corpus", "serve", "--index", str(index), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = line.split()[2] if line.startswith("corpus serve:") else ""
    if not url:
        proc.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return proc, url


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) MB of a process, from /proc."""
    rss = hwm = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    return rss, hwm


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


def timed(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, _ = fetch(url)
        out.append(time.perf_counter() - t0)
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status}")
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def library_call(index: Path) -> Any:
    """A timer of the same first page through the library, in this process (what the route
    calls): ``kwic('oil', limit=50)``, its 50 lines and the totals."""
    from corpus.concordance import kwic
    from corpus.index import open_index

    cix = open_index(index)

    def call() -> float:
        t0 = time.perf_counter()
        result = kwic("oil", cix, limit=50)
        lines = list(result)
        result.totals()
        elapsed = time.perf_counter() - t0
        assert len(lines) == 50
        return elapsed

    return call


def concurrent(url: str, clients: int, requests: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        mine: list[float] = []
        start.wait()
        for _ in range(requests):
            t0 = time.perf_counter()
            try:
                status, body = fetch(url)
                if status != 200 or json.loads(body)["summary"]["shown"] != 50:
                    with lock:
                        errors.append(f"HTTP {status}")
            except Exception as exc:  # every failure is counted, none stops the run
                with lock:
                    errors.append(repr(exc))
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "requests": clients * requests,
        "errors": len(errors),
        "error_samples": errors[:3],
        "seconds": wall,
        "throughput": clients * requests / wall,
        "median": statistics.median(latencies),
        "p95": p95(latencies),
    }


def run(index: Path, requests: int, clients: int, build: bool) -> dict[str, Any]:
    if build:
        ensure_index(index)
    proc, base = start_server(index)
    try:
        r: dict[str, Any] = {"url": base}
        status, body = fetch(base + KWIC)
        if status != 200:
            raise SystemExit(f"{base + KWIC}: HTTP {status}: {body[:200]!r}")
        summary = json.loads(body)["summary"]
        r["hits"], r["docs"] = summary["hits"], summary["docs"]
        r["first_request"] = summary["seconds"]
        fetch(base + "api/speakers?limit=1")  # the speaker list the server warms at start
        timed(base + KWIC, 5)  # warm
        r["mem_idle"] = memory_mb(proc.pid)[0]
        # interleaved, so that the ratio holds when other jobs share the cores
        api: list[float] = []
        page: list[float] = []
        lib: list[float] = []
        call = library_call(index)
        for _ in range(requests):
            api += timed(base + KWIC, 1)
            page += timed(base + PAGE, 1)
            lib.append(call())
        r["api"] = (statistics.median(api), p95(api))
        r["page"] = (statistics.median(page), p95(page))
        r["library"] = (statistics.median(lib), p95(lib))
        r["mem_sequential"] = memory_mb(proc.pid)[0]
        r["concurrent"] = concurrent(base + KWIC, clients, requests)
        r["mem_concurrent"], r["mem_peak"] = memory_mb(proc.pid)
        r["alive"] = fetch(base + KWIC)[0] == 200
        return r
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def report(r: dict[str, Any], clients: int, requests: int) -> None:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    c = r["concurrent"]
    rows = [
        ("`oil`: hits, documents", f"{r['hits']:,} hits in {r['docs']:,} documents", ""),
        ("/api/kwic?q=oil&limit=50, one at a time: median / p95",
         f"**{ms(r['api'][0])}** / {ms(r['api'][1])}",
         f"{r['api'][0] / r['library'][0]:.2f}x the library call"),
        ("/?q=oil (HTML page, same 50 lines): median / p95",
         f"{ms(r['page'][0])} / {ms(r['page'][1])}", ""),
        ("library `kwic('oil', limit=50)` + totals in process: median / p95",
         f"{ms(r['library'][0])} / {ms(r['library'][1])}", "baseline"),
        (f"{clients} concurrent clients x {requests} requests: errors",
         f"**{c['errors']}** of {c['requests']:,}", ""),
        ("  throughput", f"**{c['throughput']:.1f} requests/s** ({c['seconds']:.1f} s)", ""),
        ("  latency under load: median / p95", f"{ms(c['median'])} / {ms(c['p95'])}", ""),
        ("server memory (RSS): idle / after sequential / after concurrent / peak",
         f"{r['mem_idle']:.0f} / {r['mem_sequential']:.0f} / {r['mem_concurrent']:.0f} / "
         f"{r['mem_peak']:.0f} MB", ""),
        ("server still answering after the load", "yes" if r["alive"] else "NO", ""),
    ]
    print("| figure | value | ratio |")
    print("|---|---|---|")
    for name, value, ratio in rows:
        print(f"| {name} | {value} | {ratio} |")
    if c["error_samples"]:
        print("errors:", c["error_samples"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, default=INDEX)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--no-build", action="store_true", help="use --index as it is")
    args = ap.parse_args(argv)
    if not args.no_build and not TEI.is_dir():
        print(f"skipped: {TEI} not found (run bench/run.py once to annotate Reuters)")
        return 0
    r = run(args.index, args.requests, args.clients, not args.no_build)
    report(r, args.clients, args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
