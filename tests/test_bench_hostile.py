"""``parley bench hostile`` measures its table (issue 15's closing table): a class's inputs are
ingested in a process of their own, and a record that is neither stored nor rejected counts as
lost. The full table is reported by the benchmark; here two quick classes run end to end."""

from __future__ import annotations

import os

from parley.benchmarks.hostile import CLASSES, _traces, bench_hostile
from parley.store import open_store


def test_quick_classes_lose_nothing_and_the_total_row_sums_them():
    rows = bench_hostile(["dates", "folder entries"], deadline=600)
    assert [r.input_class for r in rows] == ["dates", "folder entries", "all"]
    for r in rows:
        assert r.crashes == 0 and r.hangs == 0 and r.lost == 0, r
        assert r.stored + r.rejected == r.records
    assert rows[-1].records == rows[0].records + rows[1].records


def test_a_record_without_a_trace_counts_as_lost(tmp_path):
    db = str(tmp_path / "empty.db")
    open_store(db).close()
    inputs = CLASSES["dates"](tmp_path)  # written, never ingested
    assert _traces(db, inputs) == (0, 0, sum(n for _, n in inputs))
    assert all(os.path.exists(p) for p, _ in inputs)
