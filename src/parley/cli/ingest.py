"""Commands: ingest."""

from __future__ import annotations

from typing import Optional

import typer

from ..api import IngestOptions, Parley
from ..errors import ConfigError
from ._common import FORMAT_HELP, OutputFormat, RichProgress, app, emit, err_console, handles_errors, state

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
    extract: bool = typer.Option(True, "--extract/--no-extract", help="Extract and code statements while ingesting."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help="Format of the summary. " + FORMAT_HELP),
) -> None:
    """Read documents into the store, extracting and coding their statements.

    Re-ingesting the same input adds nothing. Each rejected file or record is reported with its
    reason, recorded (see `parley rejections`), and the exit status is 1.

    Example: parley ingest ./articles/ https://example.org/feed.xml --follow
    """
    parley = state(ctx).parley(read_only=False)
    options = ingest_options(parley, fields, source, language, reader, follow, allow_private_urls, timeout,
                             follow_symlinks)
    with RichProgress("ingest") as progress:
        summary = parley.ingest(sources, options, extract=extract, progress=progress)
    for rej in summary.rejections:
        where = f"{rej.origin} ({rej.locator})" if rej.locator else rej.origin
        err_console.print(f"Rejected: {where}: {rej.reason}", markup=False, highlight=False)
    emit([summary.as_dict()], fmt, ["read", "new", "duplicate", "rejected", "statements"], title="ingest")
    if summary.rejected:
        raise typer.Exit(1)
