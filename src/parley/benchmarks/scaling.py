"""Ingestion with extraction and coding on 1 and 2 workers, and store write rates
(``python -m parley.benchmarks.scaling``): the figures of ``docs/scaling.md``.

For each worker count, the Kremlin/Zelensky press releases (``$PARLEY_SHARED/corpora``) are
ingested into an empty SQLite store, with extraction and coding: 1 worker is this process (the
plain ``parley ingest``), N > 1 a local Dask cluster of N worker processes with this process
reading and writing (``parley ingest --workers N``). Reported: documents and MB per second
(the cluster's start counted apart), the peak resident memory of each process that extracted, and
whether every run stored the same statements as the 1-worker run. Then the statements of that
run are written again, by batches of ``batch_size`` documents with their statements
(``Store.add_documents``), into an empty SQLite file and an empty PostgreSQL database (``--postgres
URL``): the rate at which one writer stores. Speed is reported, never asserted.

    python -m parley.benchmarks.scaling --workers 1,2 --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..api import Parley
from ..records import Document, Statement, to_dict
from . import shared_dir
from .ingest import _input_megabytes, scratch_postgres

KREMLIN = "corpora/kremlin-zelensky-press-2021-22"


@dataclass(frozen=True, slots=True)
class WorkersBench:
    workers: int
    documents: int
    statements: int
    megabytes: float
    startup_seconds: float
    seconds: float
    docs_per_second: float
    mb_per_second: float
    mb_per_second_per_core: float
    peak_mb_per_worker: tuple[float, ...]
    same_output_as_one_worker: bool | None


@dataclass(frozen=True, slots=True)
class WriteBench:
    backend: str
    documents: int
    statements: int
    seconds: float
    docs_per_second: float
    statements_per_second: float


def _statements(db: str) -> set[tuple[str, str, str]]:
    with Parley.open(db, read_only=True) as p:
        return {(s.id, s.doc_id, json.dumps(to_dict(s), sort_keys=True)) for s in p.statements()}


def bench_workers(sources: Sequence[str], counts: Sequence[int], folder: Path) -> list[WorkersBench]:
    """Ingest ``sources`` with extraction into a fresh SQLite store per worker count."""
    mb = _input_megabytes(sources)
    out: list[WorkersBench] = []
    reference: set | None = None
    for n in counts:
        db = str(folder / f"workers-{n}.db")
        with Parley.open(db) as p:
            summary = p.ingest(list(sources), workers=n)
        got = _statements(db)
        same = None if reference is None else got == reference
        if reference is None and n == 1:
            reference = got
        secs = summary.seconds
        out.append(WorkersBench(
            workers=n, documents=summary.new, statements=summary.statements, megabytes=round(mb, 2),
            startup_seconds=round(summary.startup_seconds, 2), seconds=round(secs, 2),
            docs_per_second=round(summary.new / secs, 1), mb_per_second=round(mb / secs, 3),
            mb_per_second_per_core=round(mb / secs / n, 3),
            peak_mb_per_worker=tuple(round(v, 1) for v in sorted(summary.worker_peak_mb.values())),
            same_output_as_one_worker=same,
        ))
    return out


def _load(db: str) -> tuple[list[Document], dict[str, list[Statement]]]:
    with Parley.open(db, read_only=True) as p:
        docs = p.documents()
        by_doc: dict[str, list[Statement]] = {}
        for st in p.statements():
            by_doc.setdefault(st.doc_id, []).append(st)
        return docs, by_doc


def bench_writes(source_db: str, targets: Sequence[tuple[str, str]], batch_size: int = 64) -> list[WriteBench]:
    """Write the documents and statements of ``source_db`` again into each empty store."""
    docs, by_doc = _load(source_db)
    n_statements = sum(len(v) for v in by_doc.values())
    out = []
    for label, db in targets:
        with Parley.open(db) as p:  # the writer Parley itself uses: Store.add_documents
            start = time.perf_counter()
            for k in range(0, len(docs), batch_size):
                batch = docs[k:k + batch_size]
                p.store.add_documents(batch, {d.id: by_doc.get(d.id, []) for d in batch}, run_id=None)
            secs = time.perf_counter() - start
        out.append(WriteBench(label, len(docs), n_statements, round(secs, 2), round(len(docs) / secs, 1),
                              round(n_statements / secs, 1)))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.scaling", description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", help="inputs (default: the Kremlin/Zelensky press releases)")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    ap.add_argument("--postgres", default=None, help="a PostgreSQL server URL for the write rate")
    ap.add_argument("--json", action="store_true", help="print JSON instead of lines")
    args = ap.parse_args(argv)
    sources = args.sources or [str(shared_dir() / KREMLIN)]
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workers = bench_workers(sources, counts, folder)
        targets = [("sqlite", str(folder / "write.db"))]
        first = str(folder / f"workers-{counts[0]}.db")
        if args.postgres:
            with scratch_postgres(args.postgres) as url:
                writes = bench_writes(first, [*targets, ("postgresql", url)])
        else:
            writes = bench_writes(first, targets)
    if args.json:
        print(json.dumps({"workers": [asdict(w) for w in workers], "writes": [asdict(w) for w in writes]}, indent=2))
        return
    base = workers[0].docs_per_second if workers else 0
    for w in workers:
        speedup = f" ({w.docs_per_second / base:.2f}x)" if base and w is not workers[0] else ""
        print(f"{w.workers} worker(s): {w.documents} documents, {w.megabytes} MB in {w.seconds} s "
              f"(+{w.startup_seconds} s start): {w.docs_per_second} docs/s{speedup}, {w.mb_per_second} MB/s, "
              f"{w.mb_per_second_per_core} MB/s per core; peak MB per worker {list(w.peak_mb_per_worker)}; "
              f"same output as 1 worker: {w.same_output_as_one_worker}")
    for w in writes:
        print(f"write {w.backend}: {w.documents} documents with {w.statements} statements in {w.seconds} s: "
              f"{w.docs_per_second} docs/s, {w.statements_per_second} statements/s")


if __name__ == "__main__":
    main()
