"""Commands: ingest."""

from __future__ import annotations

from typing import Optional

import typer

from ..api import IngestOptions, Parley
from ..errors import ConfigError
from ._common import FORMAT_HELP, OutputFormat, RichProgress, app, emit, handles_errors, say, state

READERS = ("text", "markdown", "html", "json", "jsonl", "csv", "feed")


def ingest_options(
    parley: Parley,
    fields: list[str],
    source: str | None,
    language: str | None,
    reader: str | None,
    follow: bool,
    allow_private_urls: bool,
    timeout: float | None,
    follow_symlinks: bool = False,
) -> IngestOptions:
    """How to read inputs, from command-line options and the settings (shared with `parley extract`)."""
    if reader and reader not in READERS:
        raise ConfigError(f"--as {reader!r}: not a reader; known: {', '.join(READERS)}")
    return parley.ingest_options(
        fields=fields,
        source=source,
        language=language,
        format=reader,
        follow_links=follow,
        fetch=parley.fetch_options(timeout=timeout, allow_private=allow_private_urls or None),
        follow_symlinks=follow_symlinks,
    )


WORKERS_HELP = (
    "Processes that extract in parallel: more than 1 starts a local Dask cluster of that many worker "
    "processes (the output is the same as with 1)."
)
SCHEDULER_HELP = (
    "Send the work to the Dask cluster whose scheduler is at this address (tcp://HOST:PORT); "
    "default: the dask_scheduler setting (PARLEY_DASK_SCHEDULER), else this machine."
)

FIELD_HELP = (
    "Map a document field to a record field or CSV column, e.g. --field text=body "
    "(fields: id, text, title, published, url, source, language, author). Repeatable."
)


@app.command("ingest")
@handles_errors
def ingest_command(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(..., help="Files, folders, http(s) URLs or feeds; - reads standard input."),
    fields: list[str] = typer.Option([], "--field", "-F", help=FIELD_HELP),
    source: Optional[str] = typer.Option(None, "--source", help="Label every document with this source."),
    language: Optional[str] = typer.Option(None, "--language", help="Use this language (en, ru, uk) instead of identifying it."),
    reader: Optional[str] = typer.Option(None, "--as", help=f"Read every input as this format ({', '.join(READERS)})."),
    follow: bool = typer.Option(False, "--follow", help="Feeds: fetch each entry's page instead of using its summary."),
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Folders: also read symbolic links that lead out of the folder."
    ),
    allow_private_urls: bool = typer.Option(
        False, "--allow-private-urls", help="Allow fetching loopback, private and link-local addresses."
    ),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds before an HTTP fetch gives up."),
    extract: bool = typer.Option(
        True, "--extract/--no-extract",
        help="Extract and code statements while ingesting (--no-extract: store the documents only; "
             "`parley extract --pending` reads them later).",
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help=WORKERS_HELP),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    write_from_workers: bool = typer.Option(
        False, "--write-from-workers",
        help="PostgreSQL only: each Dask worker writes its own documents and statements (default: one writer here).",
    ),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help="Format of the summary. " + FORMAT_HELP),
) -> None:
    """Read documents into the store, extracting and coding their statements.

    Re-ingesting the same input adds nothing. A document and its statements are stored together:
    a run killed at any point leaves each document whole or unseen, and the next run completes
    what is missing. Each rejected file or record is reported with its reason, recorded (see
    `parley rejections`), and the exit status is 1.

    Example: parley ingest ./articles/ https://example.org/feed.xml --follow
    """
    parley = state(ctx).parley(read_only=False)
    options = ingest_options(parley, fields, source, language, reader, follow, allow_private_urls, timeout,
                             follow_symlinks)
    with RichProgress("ingest") as progress:
        summary = parley.ingest(sources, options, extract=extract, progress=progress, workers=workers,
                                scheduler=scheduler, write_from_workers=write_from_workers)
    for rej in summary.rejections:
        where = f"{rej.origin} ({rej.locator})" if rej.locator else rej.origin
        say(f"Rejected: {where}: {rej.reason}")
    emit([summary.as_dict()], fmt, ["read", "new", "duplicate", "rejected", "statements"], title="ingest")
    if summary.rejected:
        raise typer.Exit(1)
