"""Rebuild the learned parts of the signal coder from the shared corpora, in one command:

    python -m parley.signals.train [--corpora ../shared/corpora] [--tables-only]

It rewrites ``signals/data/plover_cameo.json`` (PLOVER/CAMEO fact tables) and
``signals/data/plover_model.npz`` (the PLOVER event classifier, trained on PLV_train.tsv and the
PLOVER example sentences, with the synthetic NGEC stories at a small weight), then
``docs/codebook.md``. Deterministic: the same corpora give the same model. The same is ``parley train-coder``.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from .. import DOCS
from ..errors import InputError
from .codebook import codebook_markdown, load_codebook
from .plover_model import MODEL_FILE, PloverModel, load_model, read_gsr, read_plv, read_synthetic
from .tables import TABLES_FILE, write_tables


def default_corpora() -> Path:
    shared = os.environ.get("PARLEY_SHARED")
    if shared:
        return Path(shared) / "corpora"
    return Path(__file__).resolve().parents[4] / "shared" / "corpora"


@dataclass(frozen=True, slots=True)
class TrainReport:
    tables: Path
    model: Path | None
    examples: int
    classes: tuple[str, ...]
    doc: Path | None


def training_rows(plover_dir: Path):
    """PLV_train.tsv plus the PLOVER example sentences (GSR), as (marked, root) rows."""
    rows = read_plv(plover_dir / "PLV_train.tsv")
    gsr = plover_dir / "PLOVER_GSR_CAMEO.json"
    if gsr.is_file():
        rows += read_gsr(gsr)
    return rows


SYNTHETIC_FILE = "gpt_synthetic_events_2023-10-19_19.csv.zip"


def pretraining_rows(plover_dir: Path) -> list[tuple[str, str]]:
    """The synthetic NGEC stories beside the PLV data, as (text, root) rows (none when absent).

    Fiction: they train the classifier at a small weight and are never used to measure it.
    """
    path = Path(plover_dir) / SYNTHETIC_FILE
    return read_synthetic(path) if path.is_file() else []


def train(corpora: Path | None = None, *, tables_only: bool = False, model_path: Path = MODEL_FILE,
          tables_path: Path = TABLES_FILE, write_doc: bool = True) -> TrainReport:
    plover_dir = Path(corpora or default_corpora()) / "plover"
    if not plover_dir.is_dir():
        raise InputError(str(plover_dir), "the PLOVER corpus folder is missing (set --corpora or PARLEY_SHARED)")
    tables = write_tables(plover_dir, tables_path)
    load_codebook.cache_clear()
    model = None
    n = 0
    classes: tuple[str, ...] = ()
    if not tables_only:
        rows = training_rows(plover_dir)
        fitted = PloverModel.fit([r.marked for r in rows], [r.root for r in rows],
                                 pretrain=pretraining_rows(plover_dir))
        model = fitted.save(model_path)
        n, classes = len(rows), fitted.classes
        load_model.cache_clear()
    doc = None
    if write_doc:
        doc = DOCS / "codebook.md"
        doc.write_text(codebook_markdown(), encoding="utf-8")
    return TrainReport(tables, model, n, classes, doc)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.signals.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=None, help="the shared corpora folder (default ../shared/corpora)")
    ap.add_argument("--tables-only", action="store_true", help="rebuild only the PLOVER/CAMEO tables")
    args = ap.parse_args(argv)
    rep = train(args.corpora, tables_only=args.tables_only)
    print(f"tables: {rep.tables}")
    if rep.model:
        print(f"model: {rep.model} ({rep.examples} examples, classes {', '.join(rep.classes)})")
    if rep.doc:
        print(f"doc: {rep.doc}")


if __name__ == "__main__":
    main()
