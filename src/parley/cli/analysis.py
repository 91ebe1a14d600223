"""Commands: contradictions, tactics, profile, trends, deeds import, saydo, eval contradictions.

Each command calls one verb of :class:`parley.api.Parley` and prints the result.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..api import StatementQuery
from ..api.rows import RULES, TACTICS, contradiction_row, tactic_row, trend_rows
from ..evaluation.contradictions import evaluate_contradictions
from ..records import to_dict
from ._common import (
    FORMAT_HELP,
    OutputFormat,
    app,
    default_format,
    emit,
    err_console,
    eval_app,
    handles_errors,
    say,
    parse_day,
    state,
)

SINCE_HELP = "Only statements published on or after this date (YYYY-MM-DD)."
UNTIL_HELP = "Only statements published on or before this date (YYYY-MM-DD)."


def _period(since: str | None, until: str | None, **filters) -> StatementQuery:
    return StatementQuery.of(since=since, until=until, flag="--", **filters)


@app.command("contradictions")
@handles_errors
def contradictions_command(
    ctx: typer.Context,
    window_days: int | None = typer.Option(
        None, "--window-days", "-w", help="Days within which two statements are compared (default: the "
        "contradiction_window_days setting, 42).", show_default=False,
    ),
    side: str | None = typer.Option(None, "--side", help="Only this side's statements (RU, UA, ...)."),
    actor: str | None = typer.Option(None, "--actor", help="Only this actor's statements (its reversals)."),
    rule: list[str] = typer.Option([], "--rule", help="Only these rules (repeatable); see `parley contradictions --rules`."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    list_rules: bool = typer.Option(False, "--rules", help="List the rules and exit."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Find pairs of statements that cannot both hold: two officials of one side, or one speaker
    reversing himself, within a window of days, on the same subject.

    Opposing sides disagreeing is the conflict, not a contradiction, and is never flagged. In json
    and jsonl each pair carries both statements in full (a, b), the rule and a one-line explanation.

    Example: parley contradictions --side UA --window-days 30 --format jsonl
    """
    if list_rules:
        emit([{"rule": r.name, "description": r.description} for r in RULES], fmt, ["rule", "description"],
             title="rules", max_width=100)
        return
    parley = state(ctx).parley()
    result = parley.contradictions(_period(since, until, side=side, actor=actor),
                                   window_days=window_days, rules=rule or None)
    found = list(result.contradictions)
    fmt = fmt or default_format()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit(found, fmt, cite=parley)
    elif fmt is OutputFormat.csv:
        emit([contradiction_row(c) for c in found], fmt)
    else:
        emit([_table_row(c) for c in found], fmt, ["rule", "a", "b"], title="contradictions", max_width=60)
    err_console.print(f"{len(found)} contradiction(s) among {result.compared} statements "
                      f"(within {result.window_days} days)", highlight=False)


def _table_row(c) -> dict:
    def one(x) -> str:
        text = " ".join(x.text.split())
        text = text if len(text) <= 140 else text[:139] + "…"
        return f"{x.speaker} ({x.side or '-'}, {x.published or 'undated'}): {text}"

    times = f"\n{c.count} times" if c.count > 1 else ""
    return {"rule": f"{c.rule}\n[{c.topic}]{times}", "a": one(c.a), "b": one(c.b)}


@app.command("tactics")
@handles_errors
def tactics_command(
    ctx: typer.Context,
    side: str | None = typer.Option(None, "--side", help="Only this side's findings (RU, UA, ...)."),
    theatre: str | None = typer.Option(None, "--theatre", help="Only statements about this theatre "
                                       "(russia-ukraine, middle-east, bilateral, other; default: the theatre setting)."),
    pattern: list[str] = typer.Option([], "--pattern", help="Only these tactics (repeatable); see `parley tactics --patterns`."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    list_patterns: bool = typer.Option(False, "--patterns", help="List the tactics looked for and exit."),
    withheld: bool = typer.Option(False, "--withheld", help="Also print (on stderr) the candidates withheld as too thin."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Find the negotiating tactics in what each side says: mixed messages, a role split, a charm
    offensive towards a mediator, truces against deeds, and stalling.

    Each finding says how strong its evidence is and cites its statements (json: in full, with their
    citations); a pattern whose evidence is thin is withheld, not stated (docs/tactics.md).

    Example: parley tactics --side XB --format json
    """
    if list_patterns:
        emit([{"pattern": name, "description": text} for name, text in TACTICS], fmt, ["pattern", "description"],
             title="tactics", max_width=100)
        return
    parley = state(ctx).parley()
    result = parley.tactics(_period(since, until, side=side, theatre=theatre), patterns=pattern or None)
    if result.warning:
        err_console.print(f"Warning: {result.warning}", highlight=False, markup=False)
    fmt = fmt or default_format()
    found = list(result.findings)
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit(found, fmt, cite=parley)
    elif fmt is OutputFormat.csv:
        emit([tactic_row(t) for t in found], fmt)
    else:
        emit([{"pattern": t.pattern.replace("_", " "), "side": t.side, "finding": t.summary, "evidence": t.strength,
               "statements": " ".join(i[:12] for i in t.evidence_ids)} for t in found],
             fmt, ["pattern", "side", "finding", "evidence", "statements"], title="tactics", max_width=48)
    err_console.print(f"{len(found)} finding(s) among {result.statements} statements; "
                      f"{len(result.withheld)} candidate(s) withheld as too thin", highlight=False)
    if withheld:
        for line in result.withheld:
            err_console.print(f"withheld: {line}", highlight=False, markup=False)


@app.command("profile")
@handles_errors
def profile_command(
    ctx: typer.Context,
    actor: str = typer.Argument(..., help="Actor id, full name or unambiguous surname."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Profile an actor: how often it uses each signal, its mean cooperation score (bootstrap 95%
    interval) and whether it is more conciliatory or more hard-line than the rest of its side.

    Example: parley profile Podolyak --since 2022-03-01 --format json
    """
    p = state(ctx).parley().profile(actor, since=parse_day(since, "--since"), until=parse_day(until, "--until"))
    fmt = fmt or default_format()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit([p], fmt)
        return
    if fmt is OutputFormat.csv:
        emit([{"code": r.code, "count": r.count, "rate": r.rate, "low": r.low, "high": r.high, "side_rate": r.side_rate}
              for r in p.signals], fmt, ["code", "count", "rate", "low", "high", "side_rate"])
        return
    rows = [
        {"field": "actor", "value": f"{p.actor} ({p.side or 'no side'})"},
        {"field": "statements", "value": f"{p.statements} ({p.scored} coded), {p.first} to {p.last}"},
        {"field": "cooperation", "value": "n/a" if p.cooperation is None else
         f"{p.cooperation:+.2f} [{p.cooperation_low:+.2f}, {p.cooperation_high:+.2f}]"},
        {"field": "role", "value": p.role},
        {"field": "evidence", "value": p.evidence},
        {"field": "most conciliatory", "value": ", ".join(i[:12] for i in p.most_conciliatory)},
        {"field": "most hard-line", "value": ", ".join(i[:12] for i in p.most_hardline)},
    ]
    rows += [{"field": r.code, "value": f"{r.count} ({r.rate:.0%} [{r.low:.0%}, {r.high:.0%}]; side "
              f"{'n/a' if r.side_rate is None else format(r.side_rate, '.0%')})"} for r in p.signals]
    emit(rows, fmt, ["field", "value"], title=f"profile: {p.actor}", max_width=100)


@app.command("trends")
@handles_errors
def trends_command(
    ctx: typer.Context,
    side: str | None = typer.Option(None, "--side", help="The side to follow (RU, UA, ...)."),
    actor: str | None = typer.Option(None, "--actor", help="The actor to follow (id, name or surname)."),
    by: str = typer.Option("week", "--by", help="Period: day, week, month, quarter or year."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Signal rates and the cooperation score (bootstrap 95% interval) per period, with the points
    where the score shifts for good (a single outlying statement is reported as an outlier, not a shift).

    Example: parley trends --side RU --by week
    """
    t = state(ctx).parley().trends(_period(since, until, side=side), actor=actor, by=by)
    fmt = fmt or default_format()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit([t], fmt)
        return
    emit(trend_rows(t), fmt, ["period", "statements", "score", "ci", "shift", "OFFER_TALKS", "REJECT", "THREATEN"]
         if fmt is OutputFormat.table else None, title=f"trend: {t.subject} by {t.by}")
    for c in t.change_points:
        evidence = f"; evidence: {', '.join(i[:12] for i in c.evidence)}" if c.evidence else ""
        err_console.print(f"shift on {c.date}: {c.before:+.2f} -> {c.after:+.2f} "
                          f"({c.n_before} statements before, {c.n_after} after; from statement {c.statement_id[:12]}"
                          f"{evidence})", highlight=False)
    for o in t.outliers:
        err_console.print(f"outlier on {o.date}: statement {o.statement_id[:12]} scored {o.score:+.2f} "
                          f"(neighbours {o.expected:+.2f})", highlight=False)


deeds_app = typer.Typer(
    help="Recorded deeds (ACLED, GDELT events) to set against what sides say.\n\n"
    "Example: parley deeds import acled_ukraine_2025.csv",
    no_args_is_help=True,
)
app.add_typer(deeds_app, name="deeds")


@deeds_app.command("import")
@handles_errors
def deeds_import_command(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="ACLED CSV exports or GDELT event exports."),
    format: str = typer.Option("auto", "--as", help="auto, acled or gdelt."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Read ACLED CSV exports or GDELT 2.0 event exports into the store, actors mapped to sides.

    Rows that cannot be read are reported with their line and recorded (see `parley rejections`);
    the exit status is then 1. Importing the same file again adds nothing.

    Example: parley deeds import 20250508.export.CSV --as gdelt
    """
    result = state(ctx).parley(read_only=False).import_events(files, format=format)  # type: ignore[arg-type]
    for rej in result.rejections:
        say(f"Rejected: {rej.origin} ({rej.locator}): {rej.reason}")
    emit([{"read": result.read, "new": result.new, "duplicate": result.duplicate, "rejected": result.rejected,
           "sides": ", ".join(result.sides)}], fmt, ["read", "new", "duplicate", "rejected", "sides"],
         title="deeds import")
    if result.rejected:
        raise typer.Exit(1)


@app.command("saydo")
@handles_errors
def saydo_command(
    ctx: typer.Context,
    side: str | None = typer.Option(None, "--side", help="Only this side (RU, UA, ...)."),
    by: str = typer.Option("week", "--by", help="Period of the words-against-deeds series."),
    default_days: int = typer.Option(3, "--default-days", help="Window of a ceasefire whose text gives none."),
    series: bool = typer.Option(False, "--series", help="Print the per-period series instead of the ceasefires."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Set words against deeds: each ceasefire a side declared, proposed or accepted against the attacks
    recorded for that side in its window, and (--series) each side's verbal cooperation against its
    material conflict per period.

    Example: parley saydo --side RU --format json
    """
    parley = state(ctx).parley()
    result = parley.saydo(_period(since, until, side=side), by=by, default_days=default_days).saydo
    if result.warning:
        say(f"Warning: {result.warning}")
    if result.conditional:
        err_console.print(f"{result.conditional} conditional ceasefire remark(s) left out: only declared truces have "
                          "windows", highlight=False, markup=False)
    fmt = fmt or default_format()
    if fmt is OutputFormat.json and not series:
        emit([result], fmt, cite=parley)
        return
    if series:
        emit(result.series, fmt, ["side", "period", "statements", "verbal_cooperation", "events", "attacks", "fatalities"],
             title=f"words and deeds by {by}")
        for sd, r in result.correlation.items():
            err_console.print(f"{sd}: correlation of verbal cooperation with attacks: "
                              f"{'n/a' if r is None else format(r, '+.2f')}", highlight=False)
        return
    rows = [
        {"side": c.side, "speaker": c.statement.speaker, "published": c.statement.published, "start": c.start,
         "end": c.end, "window": c.window_source, "attacks": c.attacks, "before": c.attacks_before,
         "fatalities": c.fatalities, "verdict": c.verdict, "text": c.statement.text[:160],
         "statement_id": c.statement.id, "events": list(c.events),
         **{k: v for k, v in to_dict(cited).items() if k in ("outlet", "headline", "url")}}
        for c, cited in zip(result.ceasefires, parley.citations([c.statement for c in result.ceasefires]))
    ]
    emit(rows, fmt, ["side", "speaker", "published", "start", "end", "window", "attacks", "before", "verdict", "text"]
         if fmt is OutputFormat.table else None, title="ceasefires against attacks", max_width=60)


# ------------------------------------------------------------------------------------ evaluation


@eval_app.command("contradictions")
@handles_errors
def eval_contradictions_command(
    ctx: typer.Context,
    gold: Path = typer.Option(..., "--gold", help="Gold pairs (contradictions-dev.jsonl)."),
    docs: Path | None = typer.Option(None, "--docs", help="The documents they point into (contradictions-dev-docs.jsonl)."),
    mode: str = typer.Option("pipeline", "--mode", help="pipeline: ingest --docs into an empty store and run "
                             "end to end; gold: run the rules on the gold statements alone."),
    extra_gold: list[Path] = typer.Option([], "--extra-gold", help="gold mode: more annotated files (dev.jsonl) "
                                          "whose statements must not be paired."),
    window_days: int | None = typer.Option(None, "--window-days", "-w", help="Window in days (default: the setting)."),
    show: bool = typer.Option(False, "--show", help="Also list every flagged pair, marked with the gold pairs it matches."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Score `parley contradictions` against gold pairs: recall on solid pairs, flags in all, precision.

    Example: parley eval contradictions --gold ../shared/gold/contradictions-dev.jsonl --docs ../shared/gold/contradictions-dev-docs.jsonl
    """
    window = window_days if window_days is not None else int(state(ctx).settings.contradiction_window_days)
    score = evaluate_contradictions(gold, docs, window_days=window, mode=mode, extra_gold=extra_gold)
    if show:
        table = (fmt or default_format()) is OutputFormat.table
        rows = [{"gold": ",".join(map(str, m)) or "-", **(_table_row(c) if table else contradiction_row(c))}
                for c, m in zip(score.flags, score.flag_matches, strict=True)]
        emit(rows, fmt, ["gold", "rule", "a", "b"] if table else None, title="flagged pairs", max_width=60)
        return
    emit([score.as_dict()], fmt, ["mode", "window_days", "statements", "flagged", "matched_flags", "precision",
                                  "solid", "solid_found", "recall_solid", "missed_solid"], title="contradictions")
