"""Commands: eval crosslang (Russian and Ukrainian; see parley.extract and parley.signals)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..evaluation.crosslang import crosslang_agreement
from ._common import OutputFormat, emit, eval_app, handles_errors, state


@eval_app.command("crosslang")
@handles_errors
def eval_crosslang(
    ctx: typer.Context,
    parallel: Path = typer.Option(..., "--parallel", help="A JSONL file of records in two languages sharing `id`."),
    limit: int = typer.Option(0, "--limit", help="Only the first N pairs (0: all)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table (default), json, jsonl or csv."),
) -> None:
    """How often parallel records (the same statement in two languages) get the same set of
    signal codes: each text is extracted and coded in its own language and the document-level
    sets of codes are compared (exact agreement, mean Jaccard, agreement per code).

    Example: parley eval crosslang --parallel ../shared/corpora/ua-officials-2022/ua_officials_statements_2022.jsonl
    """
    report = crosslang_agreement(parallel, state(ctx).offline(), limit=limit or None)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    emit(report.rows(), fmt, ["code", "both", "only_a", "only_b", "agreement"],
         title=f"Cross-language agreement ({'/'.join(report.languages)}, {report.pairs} pairs)")
