"""Commands: actors list, actors show, actors check, actors unresolved (see ``parley.actors``)."""

from __future__ import annotations

import enum

import typer

from ..api.rows import profile_row
from ._common import (
    FORMAT_HELP,
    OutputFormat,
    app,
    default_format,
    emit,
    err_console,
    handles_errors,
    state,
)

actors_app = typer.Typer(
    help=(
        "The actor registry: who can speak, under which names and roles, for which side.\n\n"
        "Example: parley actors show Peskov"
    ),
    invoke_without_command=True,
)
app.add_typer(actors_app, name="actors")

LIST_COLUMNS = ["id", "name", "type", "side", "roles"]
UNRESOLVED_COLUMNS = ["mention", "count", "resolves_to", "example_doc_id", "example_text"]


class ActorType(str, enum.Enum):
    person = "person"
    institution = "institution"


def _parley(ctx: typer.Context):
    """The front door with the registry in force: the packaged file, PARLEY_REGISTRY files, and
    the files attached to the store (``parley demo`` attaches its own) when the store exists."""
    return state(ctx).parley(store_optional=True)


RANK_COLUMNS = ["actor", "side", "statements", "cooperation", "ci", "side_cooperation", "role"]


@actors_app.callback()
@handles_errors
def actors_callback(
    ctx: typer.Context,
    rank: bool = typer.Option(
        False, "--rank", help="Rank the actors of the store from most conciliatory to most hard-line."
    ),
    side: str | None = typer.Option(None, "--side", help="With --rank: only this side."),
    min_statements: int = typer.Option(3, "--min-statements", min=1, help="With --rank: fewest statements to rank."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """The actor registry: who can speak, under which names and roles, for which side; with
    --rank, the store's actors from conciliator to hard-liner, computed from their statements.

    Example: parley actors --rank --side RU
    """
    if ctx.invoked_subcommand is not None:
        return
    if not rank:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    parley = state(ctx).parley()
    profiles = parley.rank_actors(parley.query(side=side), min_statements=min_statements)
    if (fmt or default_format()) in (OutputFormat.json, OutputFormat.jsonl):
        emit(profiles, fmt)
    else:
        emit([profile_row(p) for p in profiles], fmt, RANK_COLUMNS, title="Actors, most conciliatory first")


@actors_app.command("list")
@handles_errors
def list_actors(
    ctx: typer.Context,
    side: str | None = typer.Option(None, "--side", help="Only this side (RU, UA, US, EU, ...; 'none' for independents)."),
    type_: ActorType | None = typer.Option(None, "--type", help="Only persons or only institutions."),
    countries: bool = typer.Option(False, "--countries/--no-countries", help="Include the countries and blocs of the side table."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """List the actors of the registry (packaged file plus PARLEY_REGISTRY files).

    Example: parley actors list --side UA --type person --format csv
    """
    rows = _parley(ctx).actors(side=side, type=type_.value if type_ else None, countries=countries)
    emit(rows, fmt, LIST_COLUMNS, title="Actors")


@actors_app.command("show")
@handles_errors
def show_actor(
    ctx: typer.Context,
    actor: str = typer.Argument(..., help="An actor id or any name, alias or case form ('Пескова')."),
    on: str | None = typer.Option(None, "--on", help="Resolve role phrases at this date (YYYY-MM-DD)."),
    language: str = typer.Option("en", "--language", "-l", help="Language of the name given (en, ru, uk)."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Show one actor: names per language, roles with dates, sources.

    Example: parley actors show "the Ukrainian foreign minister" --on 2022-03-01
    """
    detail = _parley(ctx).actor_detail(actor, on=on, language=language)
    if (fmt or default_format()) is OutputFormat.table:
        for line in detail.lines():
            typer.echo(line)
        return
    emit([detail.as_dict()], fmt)


@actors_app.command("check")
@handles_errors
def check_actors(ctx: typer.Context) -> None:
    """Check the registry: shared names, overlapping terms, missing facts. Exit 1 on problems.

    Example: PARLEY_REGISTRY=my-actors.yaml parley actors check
    """
    report = _parley(ctx).check_registry()
    for problem in report.problems:
        typer.echo(problem)
    if report.problems:
        err_console.print(f"{len(report.problems)} problem(s) in {', '.join(report.files)}", highlight=False)
        raise typer.Exit(1)
    err_console.print(f"OK: {report.actors} actors, no problems", highlight=False)


@actors_app.command("unresolved")
@handles_errors
def unresolved(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="How many mentions to show."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Speaker mentions in the store that no registry actor matched, most frequent first.

    The resolves_to column says what the registry resolves the mention to now (after an edit
    of the registry; re-run extraction to apply it).

    Example: parley actors unresolved --limit 20 --format csv > to-add.csv
    """
    rows = state(ctx).parley().unresolved(limit=limit)
    emit(rows, fmt, UNRESOLVED_COLUMNS, title="Unresolved speaker mentions")
