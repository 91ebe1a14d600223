"""Commands: serve (the dashboard) and report (a briefing for a period)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from ..errors import ConfigError
from ..report import FORMATS, write_report
from ._common import app, err_console, handles_errors, parse_day, state


@app.command("serve")
@handles_errors
def serve_command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    allow_writes: bool = typer.Option(
        False, "--allow-writes", help="Accept requests that change the store (off: read-only, GET only)."
    ),
    patience: float = typer.Option(
        3.0, "--patience", min=0.0, max=3600.0,
        help="Seconds a request waits for an analysis not computed yet before it is answered "
             "'computing' (the page reloads itself; the JSON API answers 202 with Retry-After).",
    ),
) -> None:
    """Serve the dashboard: an overview, statement search, documents with their statements
    highlighted, actor records, contradictions and words against deeds; every page also as JSON.

    Read-only and bound to this machine unless told otherwise; nothing is loaded from the internet.
    The API is described at /openapi.json. The port is checked before the address is announced.

    Example: parley serve --port 8000  (then open http://127.0.0.1:8000/)
    """
    # FastAPI and uvicorn are loaded by `parley serve` only, not by every command.
    from .. import web

    parley = state(ctx).parley(read_only=not allow_writes)
    sock = web.bind(host, port)  # a port in use is an error here, before anything is announced
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"Warning: listening on {host}: other machines can read this store.", highlight=False)
    err_console.print(
        f"Serving {parley.display_url} at http://{host}:{port}/ ({'writes enabled' if allow_writes else 'read-only'}); "
        "Ctrl-C to stop.", highlight=False,
    )
    web.serve(parley, allow_writes=allow_writes, sock=sock, patience=patience)


@app.command("report")
@handles_errors
def report_command(
    ctx: typer.Context,
    since: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    until: str = typer.Option(..., "--to", help="Last day of the period (YYYY-MM-DD)."),
    side: list[str] = typer.Option([], "--side", help="Only these sides (repeatable; default: every side)."),
    fmt: str = typer.Option("html", "--format", "-f", help="html, pdf or md."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (md also writes its charts beside it)."),
    base_url: str | None = typer.Option(
        "http://127.0.0.1:8000", "--base-url",
        help="Address of `parley serve` that citations link to (empty: no links).",
    ),
) -> None:
    """Write a briefing for a period: headline shifts with their evidence, key statements of each side
    quoted, contradictions, ceasefires against recorded attacks, and charts. Every claim cites the
    statement it rests on (document, character offsets, date, speaker).

    Example: parley report --from 2024-03-01 --to 2024-05-31 --side RU --side UA --format pdf -o briefing.pdf
    """
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r} is not a report format; use one of {', '.join(FORMATS)}")
    start: dt.date = parse_day(since, "--from")
    end: dt.date = parse_day(until, "--to")
    briefing = state(ctx).parley().briefing(since=start, until=end, sides=side, base_url=base_url or None)
    written = write_report(briefing, output, fmt)
    err_console.print(
        f"Wrote {', '.join(str(p) for p in written)}: {len(briefing.headlines)} headlines, "
        f"{len(briefing.citations)} cited statements, {len(briefing.charts)} charts.", highlight=False,
    )
