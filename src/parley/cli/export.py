"""Commands: ``export statements`` (the statements of the store as a Parquet dataset partitioned
by month, or JSON Lines, for DuckDB, pandas or Spark)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..api import StatementQuery
from ._common import app, emit, handles_errors, state

export_app = typer.Typer(
    name="export",
    help=(
        "Write what the store holds to files other tools read (Parquet, JSON Lines).\n\n"
        "Example: parley export statements -o statements/ && duckdb -c \"SELECT side, count(*) FROM "
        "'statements/**/*.parquet' GROUP BY side\""
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")


@export_app.command("statements")
@handles_errors
def export_statements(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="A new (or empty) folder to write into."),
    fmt: str = typer.Option("parquet", "--format", "-f",
                            help="parquet (a dataset partitioned by month: month=YYYY-MM/*.parquet) or jsonl."),
    side: Optional[str] = typer.Option(None, "--side", help="Only statements of this side."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Only statements of this actor (id or name)."),
    signal: Optional[str] = typer.Option(None, "--signal", help="Only statements with these signal codes."),
    since: Optional[str] = typer.Option(None, "--since", help="On or after this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="On or before this date."),
) -> None:
    """Export statements as a Parquet dataset partitioned by month (or JSON Lines).

    One row per statement: ids, speaker, actor, side, kind, text and offsets, date, language,
    confidence, signal codes, PLOVER/CAMEO event, Goldstein and cooperation scores, the extractor,
    and the whole record as JSON. Undated statements go to month=undated.

    Example: parley export statements --side RU --since 2022-01-01 -o ru-statements/
    """
    parley = state(ctx).parley()
    query = StatementQuery.of(side=side, actor=actor, signal=signal, since=since, until=until, flag="--")
    done = parley.export_statements(output, query, format=fmt)
    emit([{"folder": done.folder, "format": done.format, "statements": done.statements,
           "months": len(done.months)}], None, ["folder", "format", "statements", "months"], title="export")
