"""Commands: settings, stats, bench."""

from __future__ import annotations

from typing import Optional

import typer

from .. import settings as settings_mod
from ..benchmarks.growth import bench_growth
from ..benchmarks.hostile import CLASSES as HOSTILE_CLASSES
from ..benchmarks.hostile import bench_hostile
from ..benchmarks.ingest import bench_backends
from ..benchmarks.load import bench_load
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
    results = bench_backends(sources, postgres=postgres or None, extract=extract,
                             announce=lambda names: err_console.print(f"Measuring {', '.join(names)} …"))
    emit(results, fmt, ["backend", "documents", "megabytes", "seconds", "docs_per_second", "mb_per_second",
                        "peak_rss_mb", "statements"], title="ingest benchmark")


@bench_app.command("growth")
@handles_errors
def bench_growth_command(
    classes: bool = typer.Option(True, "--classes/--no-classes",
                                 help="Also time the input classes that were quadratic (dense 'said that', "
                                 "name runs, many speakers)."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Extraction time against document length: 1 MB of real prose (the shared corpora's press
    releases) against its first 100 KB (issue 15's mark: at most 12 times), and the input classes
    that were quadratic at two sizes each; CPU time and its ratio to the smaller size.

    Example: PARLEY_SHARED=../shared parley bench growth --format json
    """
    rows = bench_growth(classes=classes, announce=lambda s: err_console.print(f"Measuring {s}", markup=False,
                                                                              highlight=False))
    emit(rows, fmt, ["input", "chars", "statements", "wall_seconds", "cpu_seconds", "cpu_ratio"],
         title="extraction growth")


@bench_app.command("hostile")
@handles_errors
def bench_hostile_command(
    classes: Optional[list[str]] = typer.Option(None, "--class",
                                                help=f"Only this input class (repeatable): {', '.join(HOSTILE_CLASSES)}."),
    deadline: float = typer.Option(300.0, "--deadline", help="Seconds a class's run may take (plus the per-document "
                                   "budget for each large file) before it counts as a hang."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Hostile inputs, class by class (file names, encodings, tiny and binary files, JSON Lines, CSV,
    JSON, HTML, feeds, long and dense texts, dates, FIFOs and symbolic links): each class's folder
    ingested with extraction into a fresh store, in a process of its own, under a deadline; inputs
    and records tried, stored, rejected, crashes, hangs and records lost (neither stored nor
    rejected). Issue 15's closing table: crashes, hangs and records lost all zero.

    Example: parley bench hostile --class "CSV rows" --format json
    """
    rows = bench_hostile(classes, deadline=deadline,
                         announce=lambda s: err_console.print(f"Ingesting {s}", markup=False, highlight=False))
    emit(rows, fmt, ["input_class", "inputs", "records", "stored", "rejected", "crashes", "hangs", "lost", "seconds"],
         title="hostile inputs")


@bench_app.command("load")
@handles_errors
def bench_load_command(
    ctx: typer.Context,
    requests: int = typer.Option(2000, "--requests", "-n", min=1, help="Requests to send."),
    concurrency: int = typer.Option(16, "--concurrency", "-c", min=1, help="Requests in flight at once."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds before a client gives a request up."),
    warm: bool = typer.Option(True, "--warm/--cold",
                              help="Ask for each page once before the clock starts (--cold: start as soon as the "
                                   "freshly started server answers, and report each page's first real answer)."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """The dashboard under load: `parley serve` over the store (--db) on a free loopback port, then
    N GET requests at concurrency C over its heavy pages (overview, statements, actors and the most
    active actors' pages, contradictions, words against deeds, and their JSON); errors, time-outs,
    p50 and p99 of the response time, and (--warm) how long the first answer of each page took, or
    (--cold) how many answers said "computing" and when each page first answered for real.
    The server is stopped however the benchmark ends (SIGTERM included).

    Example: parley --db corpus.db bench load --requests 2000 --concurrency 16
    """
    db = str(state(ctx).settings.db)
    result = bench_load(db, requests=requests, concurrency=concurrency, timeout=timeout, warm=warm, cold=not warm)
    emit([result], fmt, ["requests", "concurrency", "errors", "timeouts", "computing", "p50_seconds", "p99_seconds",
                         "max_seconds", "requests_per_second", "warmup_seconds", "slowest_cold_seconds",
                         "slowest_cold_path"], title="load benchmark")
