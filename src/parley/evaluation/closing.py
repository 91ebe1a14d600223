"""The closing evaluation: the blind split of the annotated corpus, scored when an issue closes.

    python -m parley.evaluation.closing [--format table|json]

The blind split (annotations/README.md) is never read for errors: this module reports figures
only (statement precision, recall, F1 and speaker accuracy per language and genre; signal micro-F1
per language, genre and code, on the gold statements and end to end; the calibration error and
the theatre and target accuracy), never a statement, a text or an error list. The floors of
``tests/floors/blind.json`` are pinned on these figures. ``parley eval`` refuses the blind split,
so that it is not scored while rules are being written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..actors import load_registry
from ..extract import get_extractor
from ..extract.extractor import Extractor
from . import annotations as ann
from .attribution import annotated_documents, extract_all, grouped_scores
from .signals import CorpusReport, evaluate_corpus

_FIELDS = ("precision", "recall", "f1", "speaker_accuracy", "gold", "predicted")


def _signal_figures(rep: CorpusReport) -> dict[str, Any]:
    data = rep.as_dict()
    return {
        "micro_f1": data["micro_f1"], "micro_precision": data["micro_precision"], "micro_recall": data["micro_recall"],
        "macro_f1": data["macro_f1"], "statements": data["scored"],
        "per_language": {k: v["micro_f1"] for k, v in data["per_language"].items()},
        "per_genre": {k: v["micro_f1"] for k, v in data["per_genre"].items()},
        "per_code": {c["code"]: {"f1": round(c["f1"], 4), "support": c["support"]} for c in data["per_code"]},
        "per_language_code": {lang: {c["code"]: {"f1": round(c["f1"], 4), "support": c["support"]} for c in codes}
                              for lang, codes in data["per_language_code"].items()},
        "ece": data["ece"], "theatre_accuracy": data["theatre_accuracy"], "target_accuracy": data["target_accuracy"],
    }


def blind_figures(annotations: str | Path | None = None, corpora: Path | None = None, *,
                  backend: str = "learned") -> dict[str, Any]:
    """The closing figures on the blind split (aggregates only; see the module's text)."""
    registry = load_registry()
    extractors: dict[str, Extractor] = {}

    def extractor_for(lang: str) -> Extractor:
        if lang not in extractors:
            extractors[lang] = get_extractor(lang, registry)
        return extractors[lang]

    items = annotated_documents(annotations or ann.default_dir(), "blind", corpora)
    rows = grouped_scores("blind", items, extract_all(items, extractor_for), ("language", "genre"))
    statements = {f"{r['language']}/{r['genre']}" if r["genre"] != "all" else r["language"]:
                  {k: r[k] for k in _FIELDS if k in r} for r in rows}
    docs = ann.load(Path(annotations) if annotations else None, corpora, split="blind")
    oracle = evaluate_corpus(docs, split="blind", oracle=True, backend=backend, extractor_for=extractor_for)
    e2e = evaluate_corpus(docs, split="blind", oracle=False, backend=backend, extractor_for=extractor_for)
    return {"documents": len(items), "statements": statements,
            "signals_oracle": _signal_figures(oracle), "signals_end_to_end": _signal_figures(e2e)}


def _table(fig: dict[str, Any]) -> str:
    out = [f"blind split: {fig['documents']} documents", "", "statements (speakers matched)",
           f"{'scope':<22}{'P':>7}{'R':>7}{'F1':>7}{'speaker':>9}{'gold':>6}"]
    for scope, r in fig["statements"].items():
        out.append(f"{scope:<22}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                   f"{r['speaker_accuracy']:>9.3f}{r['gold']:>6}")
    for mode in ("signals_oracle", "signals_end_to_end"):
        s = fig[mode]
        out += ["", f"{mode.replace('_', ' ')}: micro F1 {s['micro_f1']:.3f} (P {s['micro_precision']:.3f}, "
                    f"R {s['micro_recall']:.3f}), macro {s['macro_f1']:.3f}, ECE {s['ece']:.3f}, "
                    f"theatre {s['theatre_accuracy']}, target {s['target_accuracy']}"]
        out.append("  per language: " + ", ".join(f"{k} {v:.3f}" for k, v in s["per_language"].items()))
        out.append("  per genre: " + ", ".join(f"{k} {v:.3f}" for k, v in s["per_genre"].items()))
        out.append("  per code: " + ", ".join(f"{k} {v['f1']:.3f} ({v['support']})" for k, v in s["per_code"].items()))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parley.evaluation.closing", description=__doc__.split("\n\n")[0])
    ap.add_argument("--annotations", type=Path, default=None, help="the annotated corpus (default: annotations/)")
    ap.add_argument("--backend", default="learned", help="signal coder backend: learned (default) or rules")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    args = ap.parse_args(argv)
    fig = blind_figures(args.annotations, backend=args.backend)
    print(json.dumps(fig, indent=1) if args.format == "json" else _table(fig))
    return 0


if __name__ == "__main__":
    sys.exit(main())
