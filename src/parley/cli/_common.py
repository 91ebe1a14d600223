"""What every command shares: the app, global options, output formats and error translation."""

from __future__ import annotations

import csv
import enum
import functools
import io
import json
import logging
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .. import __version__
from .. import settings as settings_mod
from ..api import Parley, parse_day
from ..errors import ParleyError
from ..records import to_dict
from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="parley",
    help=(
        "Parley reads what officials say about war and peace: who said what, on what terms, "
        "and whether it adds up.\n\n"
        "Example: parley ingest ./articles/ && parley statements --side RU --signal OFFER_TALKS"
    ),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

#: ``parley eval``: scoring the stages against gold data (each command module adds its own).
eval_app = typer.Typer(
    name="eval",
    help=(
        "Score Parley's stages against hand annotations (gold files, PolNeAR).\n\n"
        "Example: parley eval attribution --gold ../shared/gold/dev.jsonl"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")

#: Where human messages, progress and logs go: stderr, never stdout.
err_console = Console(stderr=True, soft_wrap=True)


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@dataclass
class State:
    """What the global options decided: the settings, resolved once (``--db`` among them)."""

    settings: Settings
    verbose: int = 0

    @property
    def db(self) -> str:
        return str(self.settings.db)

    def parley(self, *, read_only: bool = True, store_optional: bool = False) -> Parley:
        """The library's front door over the store of --db / PARLEY_DB. A read command opens it
        read-only and never creates it (a store that is not there is an error saying so); a
        command that writes passes ``read_only=False``."""
        return Parley.open(settings=self.settings, read_only=read_only, store_optional=store_optional)

    def offline(self) -> Parley:
        """The front door without a store (reading files, coding text, the registry of the
        settings)."""
        return Parley(None, settings=self.settings)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"parley {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        envvar="PARLEY_DB",
        help="Store: a SQLite file (default ./parley.db) or a postgresql:// URL.",
        show_default=False,
    ),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-vv: debug)."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        ctx.obj = State(settings=settings_mod.resolve(db=db), verbose=verbose)
    except ParleyError as exc:  # a broken parley.toml or PARLEY_* value: say so, exit 1
        err_console.print(f"Error: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if obj is None:  # a command invoked without the callback (tests calling functions directly)
        obj = State(settings=settings_mod.resolve())
    return obj


def handles_errors(func: F) -> F:
    """Turn the library's typed errors into ``Error: ...`` on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ParleyError as exc:
            err_console.print(f"Error: {exc}", markup=False, highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def default_format() -> OutputFormat:
    """Human tables on a terminal, JSON Lines when stdout is a pipe or a file."""
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl


FORMAT_HELP = "Output format: table (default on a terminal), json, jsonl (default in a pipe) or csv."


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(
    rows: Iterable[Any],
    fmt: OutputFormat | None,
    columns: Sequence[str] | None = None,
    *,
    title: str | None = None,
    max_width: int | None = 80,
) -> int:
    """Write records or dicts to stdout in ``fmt``; return how many were written.

    ``columns`` picks and orders the fields for table and csv output; json and jsonl always carry
    every field, so nothing is lost in a pipeline.
    """
    fmt = fmt or default_format()
    count = 0
    out = sys.stdout
    if fmt is OutputFormat.jsonl:
        for row in rows:
            out.write(json.dumps(to_dict(row), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt is OutputFormat.json:
        data = [to_dict(r) for r in rows]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return len(data)
    data = [to_dict(r) for r in rows]
    cols = list(columns) if columns else (list(data[0]) if data else [])
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for row in data:
            writer.writerow([_cell(row.get(c)) for c in cols])
        out.write(buf.getvalue())
        return len(data)
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold", max_width=max_width)
    for row in data:
        table.add_row(*[_cell(row.get(c)) for c in cols])
    Console(soft_wrap=False).print(table)
    return len(data)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="parley")


class RichProgress:
    """A Rich progress bar on stderr, driven by the library's Progress protocol.

    It is shown only when stderr is a terminal, so logs and pipes stay clean.
    """

    def __init__(self, label: str, unit: str = "files"):
        self.enabled = err_console.is_terminal
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.fields[label]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(unit),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}", style="dim"),
            console=err_console,
            transient=False,
            disable=not self.enabled,
        )
        self._task = None
        self._status = None
        self._label = label

    def __enter__(self) -> RichProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._progress.__exit__(*exc)

    def start(self, total: int | None) -> None:
        self._task = self._progress.add_task("", total=total, label=self._label)

    def advance(self, description: str) -> None:
        if self._task is not None:
            short = description if len(description) <= 50 else "…" + description[-49:]
            self._progress.update(self._task, advance=1, description=short)

    def status(self, text: str) -> None:
        """A line under the bar for what the workers have done (documents and statements stored,
        workers reporting), updated as each partition comes back."""
        if self._status is None:
            self._status = self._progress.add_task("", total=None, label="workers")
        self._progress.update(self._status, description=text)


__all__ = ["FORMAT_HELP", "OutputFormat", "RichProgress", "State", "app", "default_format", "emit", "err_console",
           "eval_app",
           "handles_errors", "main", "parse_day", "state"]
