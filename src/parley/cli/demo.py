"""Commands: demo (load the bundled fictional demo and show what Parley finds in it)."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from .. import settings
from ..api import Parley
from ..demo import run_demo
from ..errors import ConfigError
from ._common import OutputFormat, RichProgress, app, emit, err_console, handles_errors, say, state


@app.command("demo")
@handles_errors
def demo_command(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", envvar="PARLEY_DB",
        help="Store to load the demo into (default: the --db given before the command, else ./parley.db).",
        show_default=False,
    ),
    top: int = typer.Option(5, "--top", min=1, help="How many contradictions (and at least 8 actor profiles) to show."),
    fmt: OutputFormat | None = typer.Option(
        None, "--format", "-f",
        help="Output format: table (default on a terminal) or json (default in a pipe).",
    ),
) -> None:
    """Load Parley's bundled demo, a small and entirely FICTIONAL corpus, and show what Parley finds.

    The demo follows three invented states (Arvenia, XA; Borovia, XB; the mediator Meridia, XM)
    through fifteen weeks of 2030: about fifty wire items, transcripts and statements, an actor
    registry of invented officials, and ACLED and GDELT exports of invented events. Every document
    is marked "(Parley demo, fictional)". The command ingests all of it (statements are extracted
    and coded on the way), attaches the demo's actor registry to the store, imports the events, and
    prints the counts, the strongest contradictions, the profiles of the most active speakers, each
    side's trend shifts, and each ceasefire set against the deeds. Running it again adds nothing.

    Example: parley demo --db demo.db && parley --db demo.db statements --side XB --signal CEASEFIRE
    """
    if fmt is None:
        fmt = OutputFormat.table if sys.stdout.isatty() else OutputFormat.json
    if fmt not in (OutputFormat.table, OutputFormat.json):
        raise ConfigError(f"--format {fmt.value}: the demo overview is printed as table or json")
    if db is not None:
        parley = Parley.open(settings=settings.resolve(db=db))
    else:
        parley = state(ctx).parley(read_only=False)
    with RichProgress("demo") as progress:
        summary = run_demo(parley, progress=progress, top=top)
    for rej in summary.rejections:
        where = f"{rej.origin} ({rej.locator})" if rej.locator else rej.origin
        say(f"Rejected: {where}: {rej.reason}")
    data = summary.as_dict()
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _print_tables(data)
    err_console.print(
        f"Demo loaded into {summary.db}. Everything in it is fictional. Explore it with: "
        f"parley --db {summary.db} statements --side XB | parley --db {summary.db} contradictions | "
        f"parley --db {summary.db} serve",
        markup=False, highlight=False,
    )


def _print_tables(data: dict) -> None:
    out = Console(soft_wrap=False)
    out.print("[bold]Parley demo[/bold]: Arvenia (XA), Borovia (XB) and the mediator Meridia (XM), "
              "February to May 2030. [italic]Entirely fictional.[/italic]")
    loaded = Table(title="What was loaded", show_header=False)
    for key, value in data["counts"].items():
        loaded.add_row(key.replace("_", " "), str(value))
    signals = Table(title="Signals coded")
    signals.add_column("signal")
    signals.add_column("statements", justify="right")
    for code, n in data["signal_counts"].items():
        signals.add_row(code, str(n))
    out.print(loaded)
    out.print(signals)

    pairs = Table(title=f"Contradictions on one side ({len(data['contradictions'])} strongest of "
                        f"{data['contradictions_total']})", show_lines=True)
    pairs.add_column("rule / topic", max_width=24, overflow="fold")
    pairs.add_column("the two statements", overflow="fold")
    for row in data["contradictions"]:
        times = f"\n{row['count']} times" if row.get("count", 1) > 1 else ""
        pairs.add_row(f"{row['rule']}\n({row['topic']}){times}",
                      f"{row['a']}: \u201c{row['a_text']}\u201d\n{row['b']}: \u201c{row['b_text']}\u201d")
    out.print(pairs)
    emit(data["profiles"], OutputFormat.table,
         ["actor", "side", "statements", "cooperation", "side_cooperation", "role", "top_signals"],
         title="Most active speakers (cooperation: PLOVER scale, -10 to +10)", max_width=40)
    emit(data["trend_shifts"], OutputFormat.table, ["side", "statements", "weeks", "shifts", "outliers"],
         title="Trends: sustained shifts and single outliers (weekly)", max_width=60)
    emit(data["ceasefires"], OutputFormat.table,
         ["side", "speaker", "said_on", "window", "attacks", "attacks_before", "verdict", "text"],
         title="Words and deeds: each ceasefire against the side's recorded attacks", max_width=40)
