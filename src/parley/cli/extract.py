"""Commands: ``extract`` (statements from files without a store, or re-extraction of the stored
documents) and ``eval attribution``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .._lazy import lazy_module
from ..errors import ConfigError
from ..records import Rejection
from ._common import (
    FORMAT_HELP,
    OutputFormat,
    RichProgress,
    app,
    emit,
    err_console,
    eval_app,
    handles_errors,
    say,
    state,
)
from .ingest import SCHEDULER_HELP, WORKERS_HELP, ingest_options

__all__ = ["eval_app"]

#: scoring against gold data and training (scikit-learn), loaded by `parley eval attribution` only
attribution = lazy_module("parley.evaluation.attribution")
annotations_corpus = lazy_module("parley.evaluation.annotations")
extract_train = lazy_module("parley.extract.train")

_ROW_COLUMNS = ("doc_id", "speaker", "side", "cue", "kind", "text")


@app.command("extract")
@handles_errors
def extract_command(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(None, help="Files, folders, URLs or - (standard input)."),
    fmt: OutputFormat = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    language: str = typer.Option(None, "--language", "-l", help="Language of the inputs (default: identified)."),
    all_stored: bool = typer.Option(
        False, "--all", help="Re-extract and re-code every stored document instead (after the rules or registry change)."
    ),
    pending: bool = typer.Option(
        False, "--pending", help="Extract and code only the stored documents not read yet (ingested with --no-extract)."
    ),
    source: str = typer.Option(None, "--source", help="With --all or --pending: only documents from this source."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="With --all or --pending: " + WORKERS_HELP),
    scheduler: str = typer.Option(None, "--scheduler", help="With --all or --pending: " + SCHEDULER_HELP),
) -> None:
    """Print the statements (who said what) found in files, without storing anything; or, with
    --all, re-run extraction and coding over the stored documents.

    One row per statement: doc_id (the record's id where it has one), speaker, actor_id, side,
    mention, cue, kind, text, start, end (offsets into the record's text), published, signals.
    With --all, each document's statements are replaced in one transaction and stamped with the
    run and the versions of the rules that produced them; --pending reads only the documents
    stored without statements. --workers N spreads either over a local Dask cluster, --scheduler
    over an existing one.

    Example: parley extract articles.jsonl --format jsonl > statements.jsonl
    """
    if all_stored or pending:
        if paths:
            raise ConfigError("give either paths or --all / --pending, not both")
        if all_stored and pending:
            raise ConfigError("give --all (every stored document) or --pending (those not read yet), not both")
        parley = state(ctx).parley(read_only=False)
        with RichProgress("extract", unit="documents") as progress:
            run = parley.reextract(progress=progress, source=source, language=language, pending=pending,
                                   workers=workers, scheduler=scheduler)
        emit([{"run": run.run, "documents": run.documents, "statements": run.statements, "failed": run.failed}],
             fmt, ["run", "documents", "statements", "failed"], title="extract")
        if run.failed:
            raise typer.Exit(1)
        return
    if not paths:
        raise ConfigError("give the files, folders or URLs to read, or --all for the stored documents")
    parley = state(ctx).offline()
    options = ingest_options(parley, [], None, language, None, False, False, None)
    rejected = 0

    def rows():
        nonlocal rejected
        for item in parley.extract(paths, options=options):
            if isinstance(item, Rejection):
                rejected += 1
                where = f"{item.origin} ({item.locator})" if item.locator else item.origin
                say(f"Rejected: {where}: {item.reason}")
                continue
            yield item

    emit(rows(), fmt, _ROW_COLUMNS, title="Statements")
    if rejected:
        err_console.print(f"{rejected} input(s) rejected", markup=False, highlight=False)
        raise typer.Exit(1)


@eval_app.command("attribution")
@handles_errors
def eval_attribution(
    ctx: typer.Context,
    gold: Path = typer.Option(None, "--gold", help="A gold JSONL file (GUIDELINES.md format); with --annotations, the gold file of the dev split (default: ../shared/gold/dev*.jsonl)."),
    polnear: Path = typer.Option(None, "--polnear", help="The PolNeAR folder (brat standoff); with --loso, PolNeAR's train split to learn from."),
    annotations: Path = typer.Option(None, "--annotations", help="The annotated corpus (annotations/: offsets into ../shared/corpora)."),
    split: str = typer.Option("dev", "--split", help="train or dev (PolNeAR's split, or the annotated corpus'; the blind split is never scored here)."),
    by: str = typer.Option("language,genre", "--by", help="With --annotations: group rows by these fields (language, genre, source)."),
    loso: bool = typer.Option(False, "--loso", help="With --annotations: leave-one-source-out scores of the learned statement model on the train split."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table (default), json, jsonl or csv."),
) -> None:
    """Statement precision, recall and F1, and speaker accuracy, against annotations.

    With --gold or --annotations, a statement matches when contents overlap by half the shorter
    span and the speakers agree; speaker accuracy is the share of content-matched statements whose
    speaker is right. With --polnear, contents are matched and speakers are checked on named
    sources. --annotations reports overall, per language and per --by group; --loso trains the
    statement model without each train source in turn and scores it on that source.

    Example: parley eval attribution --annotations annotations/ --split dev --by genre,language
    """
    if loso and annotations is None:
        raise ConfigError("--loso needs --annotations DIR (the annotated corpus whose train sources are left out in turn)")
    if annotations is None and (gold is None) == (polnear is None):
        raise ConfigError("give exactly one of --gold FILE, --polnear DIR or --annotations DIR")
    registry = state(ctx).offline().registry
    if annotations is not None:
        groups = [b.strip() for b in by.split(",") if b.strip()]
        if loso:
            rows = extract_train.leave_one_source_out(annotations, polnear=polnear or _default_polnear(), registry=registry, by=groups)
        else:
            rows = attribution.evaluate_annotations(annotations, split, by=groups, registry=registry, gold_files=[gold] if gold else None)
        columns = ("split", "language", "genre", "source", "documents", "gold", "predicted", "precision", "recall", "f1", "speaker_accuracy")
        rows = [{c: r.get(c, "") for c in columns} | r for r in rows]
        if fmt is OutputFormat.json:
            sys.stdout.write(json.dumps(rows, indent=2) + "\n")
            return
        emit(rows, fmt, columns, title="Attribution")
        return
    result = (attribution.evaluate_gold(gold, registry=registry) if gold is not None
              else attribution.evaluate_polnear(polnear, split, registry=registry))
    row = result.as_dict()
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(row, indent=2) + "\n")
        return
    columns = ("dataset", "documents", "predicted", "gold", "precision", "recall", "f1", "speaker_accuracy")
    emit([row], fmt, columns, title="Attribution")


def _default_polnear() -> Path:
    return annotations_corpus.default_corpora() / "polnear"
