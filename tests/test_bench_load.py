"""``parley bench load`` runs end to end: a server of its own on loopback, the requests counted,
no error on a small store (the figures themselves are reported by the benchmark, not asserted);
the server never outlives the benchmark, even one stopped by SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from parley.benchmarks.load import bench_load
from parley.store import open_store


def test_bench_load_serves_and_counts(tmp_path):
    db = str(tmp_path / "p.db")
    open_store(db).close()
    got = bench_load(db, requests=20, concurrency=4, timeout=60)
    assert got.requests == 20 and got.errors == 0 and got.timeouts == 0
    assert 0 < got.p50_seconds <= got.p99_seconds <= got.max_seconds
    assert got.slowest_cold_path  # every path was asked for once before the clock started


def test_bench_load_cold_starts_the_clock_on_a_fresh_server_and_times_each_first_answer(tmp_path):
    """--cold: no warm pass (warmup 0) and, for every path, when it first answered for real."""
    from webstore import build_sample_store

    db = str(tmp_path / "p.db")
    store = open_store(db)
    build_sample_store(store)
    store.close()
    got = bench_load(db, requests=60, concurrency=4, timeout=60, cold=True)
    assert got.cold and got.requests == 60 and got.errors == 0 and got.timeouts == 0
    assert got.warmup_seconds == 0 and not got.slowest_cold_path
    assert "/tactics" in got.first_answer_seconds and "/api/contradictions" in got.first_answer_seconds
    assert any(p.startswith("/actors/") for p in got.first_answer_seconds)  # actors read from the store
    answered = [s for s in got.first_answer_seconds.values() if s is not None]
    assert answered and all(s >= 0 for s in answered)
    assert 0 <= got.computing <= 60


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped
    except FileNotFoundError:
        return False


def test_sigterm_stops_the_server(tmp_path):
    db = str(tmp_path / "p.db")
    open_store(db).close()
    bench = subprocess.Popen(
        [sys.executable, "-m", "parley.benchmarks.load", db, "--requests", "100000000", "--concurrency", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server = None
    try:
        for line in bench.stderr:  # the bench says so once its server answers
            if "parley serve answering (pid " in line:
                server = int(line.split("(pid ", 1)[1].split(")")[0])
                break
        assert server is not None and _alive(server)
        bench.send_signal(signal.SIGTERM)
        assert bench.wait(120) == 128 + signal.SIGTERM
        assert not _alive(server), "parley bench load left its server running after SIGTERM"
    finally:
        if bench.poll() is None:
            bench.kill()
        if server is not None and _alive(server):
            os.kill(server, signal.SIGKILL)
