"""``parley bench load`` runs end to end: a server of its own on loopback, the requests counted,
no error on a small store (the figures themselves are reported by the benchmark, not asserted)."""

from __future__ import annotations

from parley.benchmarks.load import bench_load
from parley.store import open_store


def test_bench_load_serves_and_counts(tmp_path):
    db = str(tmp_path / "p.db")
    open_store(db).close()
    got = bench_load(db, requests=20, concurrency=4, timeout=60)
    assert got.requests == 20 and got.errors == 0 and got.timeouts == 0
    assert 0 < got.p50_seconds <= got.p99_seconds <= got.max_seconds
