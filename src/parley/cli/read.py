"""Commands: docs, show, statements, rejections (reading back what is stored)."""

from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..api import StatementQuery
from ..records import STATEMENT_KINDS, to_dict
from ..records import IMPLAUSIBLE_DATE
from ._common import (
    FORMAT_HELP,
    OutputFormat,
    app,
    default_format,
    emit,
    handles_errors,
    parse_day,
    state,
    terminal_safe,
)

DOC_COLUMNS = ["id", "published", "source", "language", "title"]
STATEMENT_COLUMNS = ["published", "speaker", "side", "kind", "signal_codes", "text", "doc_id"]


@app.command("docs")
@handles_errors
def docs_command(
    ctx: typer.Context,
    query: Optional[str] = typer.Argument(None, help="Full-text search over titles and texts."),
    source: Optional[str] = typer.Option(None, "--source", help="Only documents from this source."),
    language: Optional[str] = typer.Option(None, "--language", help="Only documents in this language."),
    since: Optional[str] = typer.Option(None, "--since", help="Published on or after this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Published on or before this date."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="At most this many (default: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    undated: bool = typer.Option(False, "--undated", help="Only documents without a plausible date (none, before "
                                 "the earliest_date setting, or in the future), with the reason."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List stored documents, newest first, or search them.

    json, jsonl and csv carry every field, with the text exactly as stored. With --undated, the
    documents no dated analysis can place, each with the date it gave and why it was set aside.

    Example: parley docs "security guarantees" --language en --since 2022-03-01 --format jsonl
    """
    docs = state(ctx).parley().documents(
        q=query,
        source=source,
        language=language,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        limit=limit,
        offset=offset,
        undated=undated,
    )
    if undated and (fmt or default_format()) in (OutputFormat.table, OutputFormat.csv):
        emit([{"id": d.id, "date": _date_note(d), "source": d.source, "title": d.title} for d in docs], fmt,
             ["id", "date", "source", "title"], title="documents without a plausible date")
        return
    emit(docs, fmt, DOC_COLUMNS, title="documents")


def _date_note(doc) -> str:
    """What a document without a plausible date gave: the date set aside and why, or none."""
    if doc.published:
        return f"{doc.published.isoformat()}: outside the plausible days"
    return str((doc.metadata or {}).get(IMPLAUSIBLE_DATE) or "no date")


@app.command("show")
@handles_errors
def show_command(
    ctx: typer.Context,
    doc_id: str = typer.Argument(..., help="Document id (or a unique prefix, or the source's own id)."),
    statements: bool = typer.Option(False, "--statements", "-s", help="Also list the document's statements."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Show one document: its provenance and its text (and, with -s, its statements).

    Example: parley show 3f2a9c1b --statements
    """
    view = state(ctx).parley().document(doc_id)
    doc = view.document
    found = list(view.statements) if statements else []
    if fmt in (OutputFormat.json, OutputFormat.jsonl, OutputFormat.csv):
        row = to_dict(doc)
        if statements:
            row["statements"] = [to_dict(s) for s in found]
        emit([row], fmt, list(row))
        return
    console = Console()
    meta = Table.grid(padding=(0, 2))
    for key in ("id", "title", "source", "url", "published", "language", "author", "external_id",
                "origin", "reader", "ingested_at", "parley_version"):
        value = getattr(doc, key)
        if value is not None:
            meta.add_row(key, Text(terminal_safe(value)))
    meta.add_row("extraction", view.extraction_note)
    console.print(meta, markup=False)
    console.print()
    console.print(terminal_safe(doc.text, newlines=True), markup=False, highlight=False)
    if statements:
        console.print()
        emit(found, OutputFormat.table, STATEMENT_COLUMNS, title="statements")


@app.command("statements")
@handles_errors
def statements_command(
    ctx: typer.Context,
    query: Optional[str] = typer.Argument(None, help="Full-text search over statement texts and speakers."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor id or canonical name."),
    side: Optional[str] = typer.Option(None, "--side", help="Side code: RU, UA, US, EU, ..."),
    signal: Optional[str] = typer.Option(None, "--signal", help="Signal code(s), comma-separated, e.g. SET_CONDITIONS."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Topic from the codebook, e.g. territory."),
    kind: Optional[str] = typer.Option(None, "--kind", help=f"One of {', '.join(STATEMENT_KINDS)}."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Only statements of this document."),
    language: Optional[str] = typer.Option(None, "--language", help="Only statements in this language."),
    theatre: Optional[str] = typer.Option(None, "--theatre", help="Only statements about this theatre: russia-ukraine, middle-east, bilateral, other, or all (default: the theatre setting)."),
    since: Optional[str] = typer.Option(None, "--since", help="On or after this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="On or before this date."),
    unresolved: bool = typer.Option(False, "--unresolved", help="Only statements whose speaker is not in the registry."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="At most this many."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Query extracted statements by actor, side, signal, topic, kind, theatre, dates and text.

    An unknown side, actor, signal code, topic or kind is an error that lists the known ones.

    --theatre defaults to the theatre setting (PARLEY_THEATRE; empty: every theatre).

    Example: parley statements --signal SET_CONDITIONS --side RU --theatre russia-ukraine --format jsonl
    """
    parley = state(ctx).parley()
    if theatre is None:
        theatre = parley.settings.theatre or None
    found = parley.statements(
        StatementQuery.of(q=query, actor=actor, side=side, signal=signal, topic=topic, kind=kind, doc=doc,
                          language=language, since=since, until=until, resolved=False if unresolved else None,
                          theatre=theatre, flag="--"),
        limit=limit,
        offset=offset,
    )
    rows = found
    if (fmt or None) in (None, OutputFormat.table, OutputFormat.csv):
        rows = [{**to_dict(s), "signal_codes": list(s.signal_codes)} for s in found]
    emit(rows, fmt, STATEMENT_COLUMNS, title="statements", cite=parley)


@app.command("rejections")
@handles_errors
def rejections_command(
    ctx: typer.Context,
    stage: Optional[str] = typer.Option(None, "--stage", help="Only rejections of this stage (ingest, extract)."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="At most this many."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List inputs that were rejected, with the reason, newest first.

    Example: parley rejections --stage ingest --format csv
    """
    rows = state(ctx).parley().rejections(stage=stage, limit=limit)
    emit(rows, fmt, ["last_seen", "stage", "origin", "locator", "reason", "times"], title="rejections")
