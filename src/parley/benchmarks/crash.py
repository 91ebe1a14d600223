"""kill -9 at random points of ingestion runs, then a run to the end: does the store equal a
clean run's, statement for statement? (``python -m parley.benchmarks.crash``; issue 15's
closing check, ten runs on SQLite and on PostgreSQL; the test suite does three.)

A clean store is made first by one uninterrupted ``parley ingest``. Then ``parley ingest`` of the
same input is started ``--runs`` times against a second, empty store and killed with SIGKILL at a
random point after it has stored a random number of new documents (plus a random fraction of a
second, so that kills land inside transactions too); a last run goes to the end. The two stores'
documents (id, extraction state), statements (id, document, whole record) and signals are then
compared. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from ..api import Parley
from ..records import to_dict
from . import shared_dir
from .ingest import scratch_postgres

KREMLIN = "corpora/kremlin-zelensky-press-2021-22"


def sample(folder: Path, n: int) -> Path:
    """The first ``n`` press releases of each Kremlin/Zelensky file as one JSON Lines file (read at
    run time, written to a temporary folder)."""
    csv.field_size_limit(1 << 30)
    out = folder / "sample.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for name in ("zelenskyy_press_releases_en.csv", "putin_press_releases_en.csv"):
            with open(shared_dir() / KREMLIN / name, encoding="utf-8", newline="") as src:
                for k, row in enumerate(csv.DictReader(src)):
                    if k >= n:
                        break
                    fh.write(json.dumps({"url": row["link"], "title": row["headline"], "published": row["date"],
                                         "text": row["body"]}, ensure_ascii=False) + "\n")
    return out


def snapshot(db: str) -> tuple[set, set]:
    with Parley.open(db, read_only=True) as p:
        docs = {(d.id, d.title) for d in p.documents()}
        statements = {(s.id, s.doc_id, json.dumps(to_dict(s), sort_keys=True)) for s in p.statements()}
    return docs, statements


def _stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(text("documents"))) or 0)
    except Exception:  # not created yet
        return 0
    finally:
        engine.dispose()


def crash_runs(src: Path, clean: str, killed: str, engine_url: str, runs: int, seed: int) -> dict:
    with Parley.open(clean) as p:
        p.ingest([str(src)])
    cmd = [sys.executable, "-c", "from parley.cli import main; main()", "--db", killed, "ingest", str(src),
           "--format", "json"]
    env = {**os.environ, "PARLEY_BATCH_SIZE": "3"}
    rng = random.Random(seed)
    kills = 0
    for _ in range(runs):
        target = _stored(engine_url) + rng.randint(1, 8)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and _stored(engine_url) < target:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    want, got = snapshot(clean), snapshot(killed)
    return {"runs": runs, "killed": kills, "last_run_exit": done.returncode,
            "documents": len(want[0]), "statements": len(want[1]),
            "same_documents": got[0] == want[0], "same_statements": got[1] == want[1],
            "statements_missing": len(want[1] - got[1]), "statements_extra": len(got[1] - want[1])}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.crash", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10, help="runs killed (default 10)")
    ap.add_argument("--documents", type=int, default=100, help="press releases of each file (default 100: at 30 most runs ended before their kill)")
    ap.add_argument("--postgres", default=None, help="a PostgreSQL server URL (scratch databases are made there)")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = sample(folder, args.documents)
        killed = str(folder / "killed.db")
        result = crash_runs(src, str(folder / "clean.db"), killed, f"sqlite:///{killed}", args.runs, args.seed)
        print(json.dumps({"backend": "sqlite", **result}))
        if args.postgres:
            with scratch_postgres(args.postgres) as clean, scratch_postgres(args.postgres) as killed_pg:
                url = killed_pg.replace("postgresql://", "postgresql+psycopg://", 1)
                result = crash_runs(src, clean, killed_pg, url, args.runs, args.seed)
                print(json.dumps({"backend": "postgresql", **result}))


if __name__ == "__main__":
    main()
