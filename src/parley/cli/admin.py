"""Commands: settings, stats, bench."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Optional

import psycopg
import typer

from .. import settings as settings_mod
from ..benchmarks.ingest import bench_ingest
from ._common import FORMAT_HELP, OutputFormat, app, emit, err_console, handles_errors, state

bench_app = typer.Typer(
    help="Measure throughput and peak memory (reported, never asserted).\n\n"
    "Example: parley bench ingest ../shared/corpora/kremlin-zelensky-press-2021-22",
    no_args_is_help=True,
)
app.add_typer(bench_app, name="bench")


@app.command("settings")
@handles_errors
def settings_command(
    ctx: typer.Context,
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List every setting with its current value, its environment variable and its help.

    Values come from an explicit option, then PARLEY_<NAME>, then parley.toml, then the default.

    Example: PARLEY_FETCH_TIMEOUT=5 parley settings --format json
    """
    values = state(ctx).settings.masked()
    rows = [
        {"name": s.name, "value": values[s.name], "default": "" if s.secret else s.default, "env": s.env, "help": s.help}
        for s in settings_mod.SETTINGS
    ]
    emit(rows, fmt, ["name", "value", "env", "help"], title="settings")


@app.command("stats")
@handles_errors
def stats_command(
    ctx: typer.Context,
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Count what the store holds: documents, statements, events, rejections.

    Example: parley --db postgresql://postgres@127.0.0.1/parley stats
    """
    parley = state(ctx).parley()
    emit([{"store": parley.display_url, **parley.stats()}], fmt,
         ["store", "documents", "statements", "events", "rejections"], title="store")


@bench_app.command("ingest")
@handles_errors
def bench_ingest_command(
    sources: list[str] = typer.Argument(..., help="Files or folders to ingest."),
    postgres: Optional[str] = typer.Option(
        "postgresql://postgres@127.0.0.1:5432/postgres",
        "--postgres",
        help="A PostgreSQL server URL to measure too (a scratch database is created and dropped); "
        "empty to skip.",
    ),
    extract: bool = typer.Option(False, "--extract/--no-extract", help="Also extract and code statements."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Ingestion throughput (documents and MB per second) and peak memory, SQLite and PostgreSQL.

    Each back end is measured in a fresh process on an empty store.

    Example: parley bench ingest ../shared/corpora/kremlin-zelensky-press-2021-22 --format json
    """
    with tempfile.TemporaryDirectory() as tmp:
        dbs = [("sqlite", str(Path(tmp) / "bench.db"))]
        scratch = None
        if postgres:
            scratch = f"parley_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{scratch}"')
            dbs.append(("postgresql", postgres.rsplit("/", 1)[0] + "/" + scratch))
        try:
            err_console.print(f"Measuring {', '.join(b for b, _ in dbs)} …")
            results = bench_ingest(sources, dbs, extract=extract)
        finally:
            if scratch:
                with psycopg.connect(postgres, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    emit(results, fmt, ["backend", "documents", "megabytes", "seconds", "docs_per_second", "mb_per_second",
                        "peak_rss_mb", "statements"], title="ingest benchmark")
