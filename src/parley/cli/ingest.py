"""Commands: ingest."""

from __future__ import annotations

from typing import Optional

import typer

from ..ingest import IngestOptions, ingest
from ..ingest.language import normalize_language
from ..ingest.fetch import FetchOptions
from ..ingest.readers import FieldMap
from ._common import FORMAT_HELP, OutputFormat, RichProgress, app, emit, err_console, handles_errors, state

READERS = ("text", "markdown", "html", "json", "jsonl", "csv", "feed")


def ingest_options(
    fields: list[str],
    source: str | None,
    language: str | None,
    reader: str | None,
    follow: bool,
    allow_private_urls: bool,
    timeout: float | None,
    follow_symlinks: bool = False,
) -> IngestOptions:
    """The library's IngestOptions from command-line options (shared with `parley extract`)."""
    from ..errors import ConfigError

    if reader and reader not in READERS:
        raise ConfigError(f"--as {reader!r}: not a reader; known: {', '.join(READERS)}")
    if language:
        try:
            language = normalize_language(language)
        except ValueError as exc:
            raise ConfigError(f"--language: {exc}") from None
    fetch = FetchOptions()
    if allow_private_urls or timeout is not None:
        fetch = FetchOptions(
            timeout=timeout if timeout is not None else fetch.timeout,
            max_bytes=fetch.max_bytes,
            allow_private=allow_private_urls or fetch.allow_private,
            user_agent=fetch.user_agent,
            transport=fetch.transport,
            resolver=fetch.resolver,
        )
    return IngestOptions(
        fields=FieldMap.parse(fields),
        source=source,
        language=language,
        format=reader,
        follow_links=follow,
        follow_symlinks=follow_symlinks,
        fetch=fetch,
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
    options = ingest_options(fields, source, language, reader, follow, allow_private_urls, timeout, follow_symlinks)
    store = state(ctx).store()
    with RichProgress("ingest") as progress:
        summary = ingest(store, sources, options, extract=extract, progress=progress)
    for rej in summary.rejections:
        where = f"{rej.origin} ({rej.locator})" if rej.locator else rej.origin
        err_console.print(f"Rejected: {where}: {rej.reason}", markup=False, highlight=False)
    emit([summary.as_dict()], fmt, ["read", "new", "duplicate", "rejected", "statements"], title="ingest")
    if summary.rejected:
        raise typer.Exit(1)
