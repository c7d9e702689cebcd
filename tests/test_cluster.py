"""Annotation on a Dask cluster gives what a local run gives, also when a worker is killed.

Both tests start real worker processes (a LocalCluster; a `dask scheduler` and two `dask worker`
processes on 127.0.0.1), each loading the models: a few seconds each on an idle machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.batch import MANIFEST, REJECTS, Outcome, annotate_inputs
from corpus.cli import cli

pytestmark = pytest.mark.slow

N_TEXT = 24
N_RECORDS = N_TEXT + 3  # + one good JSON Lines record, one that is not JSON, an empty file
N_BAD = 2


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "in"
    folder.mkdir()
    ministers = ["Sergei Lavrov", "Annalena Baerbock", "Antony Blinken", "Wang Yi"]
    for i in range(N_TEXT):
        who = ministers[i % len(ministers)]
        (folder / f"talks-{i:02d}.txt").write_text(
            f"Talks end in Geneva, round {i}\n\n"
            f'"We have done our work," Foreign Minister {who} said on Monday. '
            f"The next round, number {i + 1}, is due in March, officials said.\n",
            encoding="utf-8",
        )
    lines = [json.dumps({"id": "w-1", "title": "Wheat falls", "body": "Wheat fell, dealers said."}),
             "{not json"]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same inputs annotated in this process."""
    out = tmp_path_factory.mktemp("reference")
    summary = annotate_inputs([inputs], out, jobs=1)
    assert (summary.annotated, summary.rejected) == (N_RECORDS - N_BAD, N_BAD)
    return out


def files(out: Path) -> dict[str, bytes]:
    """Every file of `out` (hidden ones too: no temporary file may be left)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != MANIFEST}


def reject_lines(out: Path) -> list[str]:
    return (out / REJECTS).read_text(encoding="utf-8").splitlines()


def test_local_cluster_equals_a_local_run(inputs: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["annotate", str(inputs), "-o", str(out), "--scheduler", "local", "-j", "2",
            "--batch-size", "3"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"annotated: {N_RECORDS - N_BAD}, rejected: {N_BAD}" in result.stdout
    got, want = files(out), files(reference)
    assert got.keys() == want.keys()
    assert all(got[name] == want[name] for name in want if name != REJECTS)  # same TEI bytes
    assert sorted(reject_lines(out)) == sorted(reject_lines(reference))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest == json.loads((reference / MANIFEST).read_text(encoding="utf-8"))
    # incremental as a local run: nothing to annotate, so no cluster is even started
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert f"unchanged: {N_RECORDS - N_BAD}" in again.stdout


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    dask = Path(sys.executable).with_name("dask")
    # the workers import this module for _slow_down (run on them by the test's client)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    with log.open("wb") as fh:
        return subprocess.Popen([str(dask), *args], stdout=fh, stderr=subprocess.STDOUT, env=env)


def _slow_down() -> None:
    """On a worker: make each article take 0.1 s more, so a kill lands in the middle of a
    batch rather than between the fast batches of a tiny fixture."""
    import corpus.batch

    work = corpus.batch._work

    def slow(task):  # type: ignore[no-untyped-def]
        time.sleep(0.1)
        return work(task)

    corpus.batch._work = slow


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
    inputs: Path, reference: Path, tmp_path: Path
) -> None:
    from distributed import Client

    sched_file = tmp_path / "scheduler.json"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    procs = [_start(["scheduler", "--port", "0", "--dashboard-address", "127.0.0.1:0",
                     "--scheduler-file", str(sched_file), *common], tmp_path / "scheduler.log")]
    try:
        for n in range(2):
            procs.append(_start(["worker", "--scheduler-file", str(sched_file), "--nthreads", "1",
                                 "--no-nanny", *common], tmp_path / f"worker{n}.log"))
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        with Client(scheduler_file=str(sched_file), timeout=60) as watcher:
            watcher.wait_for_workers(2, timeout=120)
            pids: dict[str, int] = watcher.run(os.getpid)
            watcher.run(_slow_down)
            killed: list[tuple[int, int]] = []  # (pid, batches it held)
            outcomes: list[Outcome] = []

            def kill_the_busiest(outcome: Outcome) -> None:
                outcomes.append(outcome)
                if killed or outcome.status != "annotated":
                    return
                # batches running or waiting on a worker, and results not yet collected:
                # the scheduler must run all of them again once their worker is dead
                processing, held = watcher.processing(), watcher.has_what()
                load = {a: len(processing.get(a, ())) + len(held.get(a, ())) for a in pids}
                victim = max(pids, key=load.__getitem__)
                killed.append((pids[victim], load[victim]))
                os.kill(pids[victim], signal.SIGKILL)

            out = tmp_path / "out"
            summary = annotate_inputs([inputs], out, scheduler=str(sched_file), batch_size=2,
                                      on_outcome=kill_the_busiest)
        victim_pid, held = killed[0]
        dead = next(p for p in procs if p.pid == victim_pid)
        assert dead.wait(timeout=10) == -signal.SIGKILL
        assert held >= 1, "the killed worker had no batch: nothing was re-run"
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    # every article once: annotated or rejected, never both, never twice
    assert (summary.annotated, summary.rejected) == (N_RECORDS - N_BAD, N_BAD)
    keys = [(o.source, o.record) for o in outcomes]
    assert len(keys) == len(set(keys)) == N_RECORDS
    assert len(reject_lines(out)) == N_BAD
    # the same files, byte for byte, as a local run, and no half-written file left behind
    got, want = files(out), files(reference)
    assert got.keys() == want.keys()
    assert all(got[name] == want[name] for name in want if name != REJECTS)


def test_unreachable_scheduler_and_missing_file_are_clear_errors(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import corpus.cluster

    monkeypatch.setattr(corpus.cluster, "CONNECT_TIMEOUT", 1)
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = tmp_path / "out"
    args = ["annotate", str(inputs), "-o", str(out), "--scheduler", f"tcp://127.0.0.1:{port}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    # (the cluster is joined at the first article to annotate: rejects come before)
    assert "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.stderr
    assert "dask scheduler" in result.stderr
    missing = tmp_path / "nowhere.json"
    result = CliRunner().invoke(cli, [*args[:-1], str(missing)])
    assert result.exit_code != 0 and f"{missing}: no such scheduler file" in result.stderr
    usage = CliRunner().invoke(cli, [*args[:4], "--batch-size", "8"])
    assert usage.exit_code == 2 and "--batch-size goes with --scheduler" in usage.stderr
