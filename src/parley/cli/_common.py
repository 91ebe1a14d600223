"""What every command shares: the app, global options, output formats and error translation."""

from __future__ import annotations

import csv
import dataclasses
import enum
import functools
import gc
import importlib
import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import typer
import typer.core
import typer.main
from rich.console import Console
from rich.markup import escape
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
from rich.text import Text

from .. import __version__
from .. import settings as settings_mod
from .._lazy import lazy_module
from ..errors import ParleyError
from ..records import Statement, to_dict
from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

#: the front door, loaded by the first command that opens it (``parley --help`` never does)
api = lazy_module("parley.api")


@dataclass(frozen=True, slots=True)
class CommandEntry:
    """Where a command (or a group of commands) is defined, and its one-line help."""

    modules: tuple[str, ...]  # the modules of parley.cli that register it
    help: str


#: Every command and group, in the order ``parley --help`` lists them: the modules that register
#: it (loaded only when it runs) and its help line, shown by ``parley --help`` without loading any
#: of them. tests/test_cli_startup.py checks this table against the commands themselves.
COMMANDS: dict[str, CommandEntry] = {
    "ingest": CommandEntry(("ingest",), "Read documents into the store, extracting and coding their statements."),
    "docs": CommandEntry(("read",), "List stored documents, newest first, or search them."),
    "show": CommandEntry(("read",), "Show one document: its provenance and its text (and, with -s, its statements)."),
    "statements": CommandEntry(("read",), "Query extracted statements by actor, side, signal, topic, kind, theatre, dates and text."),
    "rejections": CommandEntry(("read",), "List inputs that were rejected, with the reason, newest first."),
    "extract": CommandEntry(("extract",), "Print the statements (who said what) found in files, without storing anything; "
                            "or, with --all, re-run extraction and coding over the stored documents."),
    "code": CommandEntry(("signals",), "Code statements or sentences with negotiation signals and PLOVER/CAMEO events."),
    "codebook": CommandEntry(("signals",), "Print the codebook: the eleven negotiation signals with their PLOVER event, "
                             "CAMEO code, Goldstein score and PLOVER score (md: the whole page with topics and "
                             "PLOVER/CAMEO tables)."),
    "train-coder": CommandEntry(("signals",), "Rebuild the coder's learned parts: the PLOVER/CAMEO tables, the PLOVER "
                                "event classifier and docs/codebook.md (the same as `python -m parley.signals.train`)."),
    "contradictions": CommandEntry(("analysis",), "Find pairs of statements that cannot both hold: two officials of "
                                   "one side, or one speaker reversing himself, within a window of days, on the same "
                                   "subject."),
    "tactics": CommandEntry(("analysis",), "Find the negotiating tactics in what each side says: mixed messages, a role "
                            "split, a charm offensive towards a mediator, truces against deeds, and stalling."),
    "profile": CommandEntry(("analysis",), "Profile an actor: how often it uses each signal, its mean cooperation score "
                            "(bootstrap 95% interval) and whether it is more conciliatory or more hard-line than the "
                            "rest of its side."),
    "trends": CommandEntry(("analysis",), "Signal rates and the cooperation score (bootstrap 95% interval) per period, "
                           "with the points where the score shifts for good (a single outlying statement is reported "
                           "as an outlier, not a shift)."),
    "saydo": CommandEntry(("analysis",), "Set words against deeds: each ceasefire a side declared, proposed or accepted "
                          "against the attacks recorded for that side in its window, and (--series) each side's verbal "
                          "cooperation against its material conflict per period."),
    "serve": CommandEntry(("web",), "Serve the dashboard: an overview, statement search, documents with their statements "
                          "highlighted, actor records, contradictions and words against deeds; every page also as JSON."),
    "report": CommandEntry(("web",), "Write a briefing for a period: headline shifts with their evidence, key statements "
                           "of each side quoted, contradictions, ceasefires against recorded attacks, and charts."),
    "demo": CommandEntry(("demo",), "Load Parley's bundled demo, a small and entirely FICTIONAL corpus, and show what "
                         "Parley finds."),
    "settings": CommandEntry(("admin",), "List every setting with its current value, its environment variable and its help."),
    "stats": CommandEntry(("admin",), "Count what the store holds: documents, statements, events, rejections."),
    "eval": CommandEntry(("extract", "signals", "analysis", "languages"),
                         "Score Parley's stages against hand annotations (gold files, PolNeAR)."),
    "actors": CommandEntry(("actors",), "The actor registry: who can speak, under which names and roles, for which side."),
    "deeds": CommandEntry(("analysis",), "Recorded deeds (ACLED, GDELT events) to set against what sides say."),
    "bench": CommandEntry(("admin",), "Measure throughput and peak memory (reported, never asserted)."),
    "export": CommandEntry(("export",), "Write what the store holds to files other tools read (Parquet, JSON Lines)."),
}


def load_commands(names: Sequence[str] | None = None) -> None:
    """Import the modules that register ``names`` (None: every command)."""
    wanted = COMMANDS if names is None else {n: COMMANDS[n] for n in names if n in COMMANDS}
    for entry in wanted.values():
        for module in entry.modules:
            importlib.import_module(f"parley.cli.{module}")


class LazyGroup(typer.core.TyperGroup):
    """The top-level group: each command's module is imported when that command runs (or its
    help is asked for), so ``parley --help`` and each command load only what they need."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS) + [n for n in super().list_commands(ctx) if n not in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        loaded = getattr(self, "_loaded", set())
        if entry is not None and cmd_name not in loaded:
            load_commands([cmd_name])
            built = _build(cmd_name)
            if built is not None:
                self.commands[cmd_name] = built
            self._loaded = loaded | {cmd_name}
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, entry.help) for name, entry in COMMANDS.items()]
        width = formatter.width - 6 - max(len(name) for name, _ in rows)
        rows = [(name, typer.core._click.utils.make_default_short_help(text, width)) for name, text in rows]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _build(name: str) -> Any:
    """The click command or group ``name`` from what the command modules registered on ``app``."""
    for info in app.registered_commands:
        if (info.name or (info.callback.__name__ if info.callback else "")) == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
    for group in app.registered_groups:
        if (group.name or group.typer_instance.info.name) == name:
            return typer.main.get_group_from_info(
                group, pretty_exceptions_short=app.pretty_exceptions_short,
                suggest_commands=getattr(app, "suggest_commands", True), rich_markup_mode=app.rich_markup_mode)
    return None


app = typer.Typer(
    cls=LazyGroup,
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

    def parley(self, *, read_only: bool = True, store_optional: bool = False) -> api.Parley:
        """The library's front door over the store of --db / PARLEY_DB. A read command opens it
        read-only and never creates it (a store that is not there is an error saying so); a
        command that writes passes ``read_only=False``."""
        return api.Parley.open(settings=self.settings, read_only=read_only, store_optional=store_optional)

    def offline(self) -> api.Parley:
        """The front door without a store (reading files, coding text, the registry of the
        settings)."""
        return api.Parley(None, settings=self.settings)


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
        say(f"Error: {exc}")
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
            say(f"Error: {exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def default_format() -> OutputFormat:
    """Human tables on a terminal, JSON Lines when stdout is a pipe or a file."""
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl


FORMAT_HELP = "Output format: table (default on a terminal), json, jsonl (default in a pipe) or csv."


#: what a printed value must not carry to a terminal: C0 and C1 control characters (escape
#: sequences, carriage returns, new lines that would forge a "Rejected:" line), the bidi controls
#: that reorder what is shown, and the Unicode line and paragraph separators
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BUT_NEWLINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: Any, *, newlines: bool = False) -> str:
    """``value`` as text that prints as itself on a terminal: every control character shown as its
    escape (``\\x1b``, ``\\n``, ``\\u202e``), so a file name, a title or a reason can neither
    drive the terminal nor forge a line of Parley's output; ``newlines`` keeps line breaks (a
    document's text, a table cell)."""
    pattern = _UNSAFE_BUT_NEWLINES if newlines else _UNSAFE
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def say(text: str) -> None:
    """One line on stderr (``Rejected: …``, ``Error: …``), its values made :func:`terminal_safe`."""
    err_console.print(terminal_safe(text), markup=False, highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def with_citations(value: Any, parley: Any) -> Any:
    """``value`` as plain data, each statement in it (at any depth) carrying its ``citation``:
    outlet, headline, link, date, speaker and sentence (``Parley.citation``)."""
    if isinstance(value, Statement):
        return {**to_dict(value), "citation": to_dict(parley.citation(value))}
    if isinstance(value, (list, tuple)):
        return [with_citations(v, parley) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: with_citations(getattr(value, f.name), parley) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): with_citations(v, parley) for k, v in value.items()}
    return to_dict(value)


def emit(
    rows: Iterable[Any],
    fmt: OutputFormat | None,
    columns: Sequence[str] | None = None,
    *,
    title: str | None = None,
    max_width: int | None = 80,
    cite: Any = None,
) -> int:
    """Write records or dicts to stdout in ``fmt``; return how many were written.

    ``columns`` picks and orders the fields for table and csv output; json and jsonl always carry
    every field, so nothing is lost in a pipeline; with ``cite`` (the front door), each statement
    in them carries its citation (outlet, headline, link, date, speaker, sentence).
    """
    fmt = fmt or default_format()
    count = 0
    out = sys.stdout
    plain = (lambda r: with_citations(r, cite)) if cite is not None else to_dict
    if fmt is OutputFormat.jsonl:
        for row in rows:
            out.write(json.dumps(plain(row), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt is OutputFormat.json:
        data = [plain(r) for r in rows]
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
        table.add_row(*[Text(terminal_safe(_cell(row.get(c)), newlines=True)) for c in cols])
    Console(soft_wrap=False).print(table)
    return len(data)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="parley")
    finally:
        # The process ends here. The objects it made (spaCy, the registry, the lexicons: millions
        # of them) are left to the operating system rather than walked once more by the cyclic
        # garbage collector at interpreter shutdown, a sixth of a one-sentence extract's CPU.
        # Exit handlers still run and files are still flushed and closed; only cycles still
        # alive at exit are not collected, which nothing relies on (stores commit and close
        # before a command returns).
        gc.freeze()


def parse_day(value: Any, *args: Any, **kwargs: Any) -> Any:
    """:func:`parley.api.parse_day` (the front door loaded on first use)."""
    return api.parse_day(value, *args, **kwargs)


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
            self._progress.update(self._task, advance=1, description=escape(terminal_safe(short)))

    def status(self, text: str) -> None:
        """A line under the bar for what the workers have done (documents and statements stored,
        workers reporting), updated as each partition comes back."""
        if self._status is None:
            self._status = self._progress.add_task("", total=None, label="workers")
        self._progress.update(self._status, description=escape(terminal_safe(text)))


__all__ = ["FORMAT_HELP", "OutputFormat", "RichProgress", "State", "app", "default_format", "emit", "err_console",
           "eval_app",
           "handles_errors", "main", "parse_day", "say", "state", "terminal_safe"]
