"""Commands: code, codebook, train-coder, eval signals, eval plover (see ``parley.signals``)."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from ..api.rows import codebook_rows, render_markdown
from ..errors import InputError
from ..evaluation.annotations import default_corpora
from ..evaluation.signals import evaluate_corpus, evaluate_loso, evaluate_plover, evaluate_signals, split_documents
from ..records import Rejection, to_dict
from ..signals.train import train
from ._common import FORMAT_HELP, OutputFormat, app, emit, err_console, eval_app, handles_errors, say, state


CODE_COLUMNS = ["id", "plover", "plover_mode", "cameo", "goldstein", "signals"]
SCORE_COLUMNS = ["code", "support", "tp", "fp", "fn", "precision", "recall", "f1"]


class CodebookFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


def _signal_cell(row: dict) -> dict:
    out = dict(row)
    out["signals"] = [
        s["code"] + (f"({','.join(s['cues'][:2])})" if s.get("cues") else "") for s in row.get("signals", ())
    ]
    return out


@app.command("code")
@handles_errors
def code_command(
    ctx: typer.Context,
    path: str = typer.Argument("-", help="A JSONL file of records (id, text, cue, source, target), a text file of lines, or - for stdin."),
    language: str = typer.Option("en", "--language", "-l", help="Language of records that do not name one."),
    backend: str = typer.Option("learned", "--backend", help="Coder backend: learned (offline, default), rules (the lexicon rules alone) or endpoint (setting coder_endpoint)."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Code statements or sentences with negotiation signals and PLOVER/CAMEO events.

    Each input line is a JSON record {"id", "text", "cue"?, "source"?, "target"?, "language"?,
    "side"?} or a plain line of text (its id is the line number). Each output row has the id, the
    PLOVER event and mode, the CAMEO code, the Goldstein score and the signals (code, confidence,
    cues, conditional, conditions, target, topics). A bad line is reported on stderr with its
    line number; the others are still coded, and the exit status is 1.

    Example: echo '{"id": "a", "cue": "said", "text": "We are ready for talks."}' | parley code - --format jsonl
    """
    parley = state(ctx).offline()
    if path == "-":
        lines = sys.stdin
        origin = "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(path, "no such file")
        lines = p.open(encoding="utf-8")
        origin = path
    rejected = 0

    def good():
        nonlocal rejected
        for item in parley.code(lines, language=language, backend=backend, origin=origin):
            if isinstance(item, Rejection):
                rejected += 1
                say(f"Error: {item.origin} ({item.locator}): {item.reason}")
                continue
            yield item

    fmt = fmt or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    if fmt in (OutputFormat.table, OutputFormat.csv):
        emit((_signal_cell(to_dict(r)) for r in good()), fmt, CODE_COLUMNS, title="coded")
    else:
        emit(good(), fmt, CODE_COLUMNS)
    if path != "-":
        lines.close()
    if rejected:
        err_console.print(f"{rejected} line(s) rejected", markup=False, highlight=False)
        raise typer.Exit(1)


@app.command("codebook")
@handles_errors
def codebook_command(
    fmt: CodebookFormat = typer.Option(CodebookFormat.table, "--format", "-f", help="table (default), json, jsonl, csv, or md (the docs/codebook.md page)."),
) -> None:
    """Print the codebook: the eleven negotiation signals with their PLOVER event, CAMEO code,
    Goldstein score and PLOVER score (md: the whole page with topics and PLOVER/CAMEO tables).

    Example: parley codebook --format md > docs/codebook.md
    """
    if fmt is CodebookFormat.md:
        sys.stdout.write(render_markdown())
        return
    rows = codebook_rows()
    cols = ["code", "label", "plover", "plover_mode", "cameo", "goldstein", "plover_score", "definition"]
    emit(rows, OutputFormat(fmt.value), cols, title="Parley codebook", max_width=60)


@app.command("train-coder")
@handles_errors
def train_coder_command(
    corpora: Path | None = typer.Option(None, "--corpora", help="The shared corpora folder (default ../shared/corpora or $PARLEY_SHARED/corpora)."),
    tables_only: bool = typer.Option(False, "--tables-only", help="Only rebuild the PLOVER/CAMEO tables."),
) -> None:
    """Rebuild the coder's learned parts: the PLOVER/CAMEO tables, the PLOVER event classifier
    and docs/codebook.md (the same as `python -m parley.signals.train`).

    Example: parley train-coder --corpora ../shared/corpora
    """
    rep = train(corpora, tables_only=tables_only)
    typer.echo(f"tables: {rep.tables}")
    if rep.model:
        typer.echo(f"model: {rep.model} ({rep.examples} examples, {len(rep.classes)} classes)")
    if rep.doc:
        typer.echo(f"doc: {rep.doc}")


@eval_app.command("signals")
@handles_errors
def eval_signals_command(
    gold: Path | None = typer.Option(None, "--gold", help="A gold file (JSONL documents with annotated statements)."),
    annotations: Path | None = typer.Option(None, "--annotations", help="The annotated corpus (a folder of annotation files, or one file); scored per language, genre and code."),
    split: str = typer.Option("dev", "--split", help="With --annotations: train or dev (dev adds the gold dev files of ../shared/gold). The blind split is refused."),
    loso: bool = typer.Option(False, "--loso", help="With --annotations: leave one source out (train on the split's other sources, score on each; gold statement spans)."),
    oracle: bool = typer.Option(False, "--oracle", help="Code the gold statements themselves (measures the coder alone, without extraction)."),
    backend: str = typer.Option("learned", "--backend", help="Coder backend to score: learned (default) or rules."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Score the signal coder: per code, micro and macro F1 over statements matched to gold.

    With --gold FILE: end to end (statements extracted from the gold documents, coded and matched
    to the gold statements), or --oracle on the gold statements themselves. With --annotations
    DIR --split train|dev: the same per language, genre and code, with theatre and target
    accuracy and the reliability of the confidences (expected calibration error and a table);
    --loso trains on all sources of the split but one and scores that one, for each source.

    Example: parley eval signals --annotations annotations/ --split dev --oracle
    """
    if gold is None and annotations is None:
        raise InputError("parley eval signals", "give --gold FILE or --annotations DIR (with --split train|dev)")
    fmt = fmt or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    if annotations is not None:
        _eval_corpus(annotations, split, loso=loso, oracle=oracle, backend=backend, fmt=fmt)
        return
    rep = evaluate_signals(gold, oracle=oracle, backend=backend)
    p, r, f = rep.micro
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit([rep.as_dict()], fmt)
        return
    emit(rep.rows(), fmt, SCORE_COLUMNS, title=f"signals ({rep.mode})")
    err_console.print(
        f"{rep.mode}: {rep.matched} of {rep.gold_statements} gold statements matched in {rep.documents} documents; "
        f"micro P={p:.3f} R={r:.3f} F1={f:.3f}, macro F1={rep.macro_f1:.3f}",
        markup=False, highlight=False,
    )


def _eval_corpus(annotations: Path, split: str, *, loso: bool, oracle: bool, backend: str, fmt: OutputFormat) -> None:
    docs = split_documents(annotations, split)
    if loso:
        plover = default_corpora() / "plover"
        rep = evaluate_loso(docs, plover_dir=plover if plover.is_dir() else None,
                            progress=lambda g: err_console.print(f"leaving out {g}", markup=False, highlight=False))
    else:
        rep = evaluate_corpus(docs, split=split, oracle=oracle, backend=backend)
    data = rep.as_dict()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit([data], fmt)
        return
    emit(rep.rows(), fmt, ["scope", "statements", "precision", "recall", "f1", "macro_f1"],
         title=f"signals on {split} ({rep.mode})")
    emit([b.as_dict() for b in rep.reliability()[1]], fmt, ["bin", "signals", "mean_confidence", "accuracy"],
         title="reliability of the confidences")
    th, th_n = rep.theatre_accuracy
    tg, tg_n = rep.target_accuracy
    err_console.print(
        f"{rep.mode} on {split}: {data['scored']} of {rep.gold_statements} gold statements scored in {rep.documents} "
        f"documents; micro F1={data['micro_f1']:.3f}, macro F1={data['macro_f1']:.3f}; ECE={data['ece']:.3f}; "
        f"theatre accuracy={'n/a' if th is None else f'{th:.3f}'} ({th_n}); "
        f"target accuracy={'n/a' if tg is None else f'{tg:.3f}'} ({tg_n})",
        markup=False, highlight=False,
    )


@eval_app.command("plover")
@handles_errors
def eval_plover_command(
    plv: Path = typer.Option(..., "--plv", help="A PLV-format TSV (marked_sentence, gold_root, ...)."),
    cv: int | None = typer.Option(None, "--cv", min=2, help="k-fold cross-validation of the learned model on the file."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Score PLOVER event coding: accuracy and macro-F1 over PLOVER roots (CONCEDE and RETREAT
    counted together as YIELD), with the shipped model or, with --cv, by cross-validation.

    Example: parley eval plover --plv ../shared/corpora/plover/PLV_train.tsv --cv 5
    """
    rep = evaluate_plover(plv, cv=cv)
    fmt = fmt or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit([rep.as_dict()], fmt)
        return
    emit(rep.rows(), fmt, SCORE_COLUMNS, title=f"PLOVER roots ({rep.mode})")
    err_console.print(
        f"{rep.mode}: {rep.sentences} sentences, accuracy {rep.accuracy:.3f}, macro F1 {rep.macro_f1:.3f}",
        markup=False, highlight=False,
    )
