"""Ingestion throughput and peak memory, SQLite and PostgreSQL (``parley bench ingest``).

Each measurement runs in a fresh process (``multiprocessing`` with ``spawn``) so that its peak
resident memory is its own and not what earlier measurements left behind.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..api import Parley
from ..errors import ParleyError


class BenchmarkError(ParleyError):
    """A benchmark measurement could not be completed."""


@dataclass(frozen=True, slots=True)
class IngestBench:
    backend: str
    documents: int
    megabytes: float
    seconds: float
    docs_per_second: float
    mb_per_second: float
    peak_rss_mb: float
    extract: bool
    statements: int


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _input_megabytes(sources: Sequence[str]) -> float:
    total = 0
    for s in sources:
        p = Path(s)
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            total += p.stat().st_size
    return total / 1e6


def _ingest_worker(sources: list[str], db: str, extract: bool, queue: Any) -> None:
    try:
        parley = Parley.open(db)
        start = time.perf_counter()
        summary = parley.ingest(sources, extract=extract)
        seconds = time.perf_counter() - start
        queue.put({"new": summary.new, "statements": summary.statements, "seconds": seconds, "peak": _peak_rss_mb()})
    except BaseException as exc:  # report the failure to the parent instead of leaving it waiting
        queue.put({"error": f"{type(exc).__name__}: {exc}"})
        raise


def bench_ingest(sources: Sequence[str], dbs: Sequence[tuple[str, str]], *, extract: bool = False) -> list[IngestBench]:
    """Ingest ``sources`` into each empty store of ``dbs`` (label, url) in a fresh process."""
    ctx = mp.get_context("spawn")
    mb = _input_megabytes(sources)
    out = []
    for label, db in dbs:
        queue = ctx.Queue()
        proc = ctx.Process(target=_ingest_worker, args=(list(sources), db, extract, queue))
        proc.start()
        result = None
        while result is None:
            try:
                result = queue.get(timeout=5)
            except Empty:
                if not proc.is_alive():
                    raise BenchmarkError(f"the {label} measurement process died (exit code {proc.exitcode})") from None
        proc.join()
        if "error" in result:
            raise BenchmarkError(f"the {label} measurement failed: {result['error']}")
        secs = result["seconds"]
        out.append(
            IngestBench(
                backend=label,
                documents=result["new"],
                megabytes=round(mb, 2),
                seconds=round(secs, 2),
                docs_per_second=round(result["new"] / secs, 1) if secs else 0.0,
                mb_per_second=round(mb / secs, 2) if secs else 0.0,
                peak_rss_mb=round(result["peak"], 1),
                extract=extract,
                statements=result["statements"],
            )
        )
    return out


@contextmanager
def scratch_postgres(server: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL ``server`` (a URL), dropped afterwards; yields its URL."""
    name = f"parley_bench_{uuid.uuid4().hex[:8]}"
    url = make_url(server.replace("postgresql://", "postgresql+psycopg://", 1))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        engine.dispose()
        raise BenchmarkError(f"cannot create a scratch database on {server}: {getattr(exc, 'orig', None) or exc}") from None
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def bench_backends(sources: Sequence[str], *, postgres: str | None = None, extract: bool = False,
                   announce: Callable[[list[str]], None] | None = None) -> list[IngestBench]:
    """:func:`bench_ingest` on an empty SQLite file and, with ``postgres`` (a server URL), on a
    scratch PostgreSQL database created and dropped for the measurement."""
    with tempfile.TemporaryDirectory() as tmp:
        dbs = [("sqlite", str(Path(tmp) / "bench.db"))]
        if not postgres:
            if announce:
                announce([b for b, _ in dbs])
            return bench_ingest(sources, dbs, extract=extract)
        with scratch_postgres(postgres) as url:
            dbs.append(("postgresql", url))
            if announce:
                announce([b for b, _ in dbs])
            return bench_ingest(sources, dbs, extract=extract)
