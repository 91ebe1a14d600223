"""Build the PLOVER and CAMEO fact tables shipped in ``signals/data/plover_cameo.json``.

Only facts are kept: codes, names, quad classes, Goldstein scores, PLOVER modes with their
cooperation–conflict scores, context names, and the official CAMEO → PLOVER mapping. Example
sentences and long definitions stay in the shared corpus. Rebuild with
``python -m parley.signals.train --tables-only`` (the full ``python -m parley.signals.train`` also
rebuilds them).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

#: PLOVER 2.0's sixteen event types, in the manual's order, with their quad class.
PLOVER_EVENTS: tuple[tuple[str, int], ...] = (
    ("AGREE", 1),
    ("CONSULT", 1),
    ("SUPPORT", 1),
    ("CONCEDE", 1),
    ("COOPERATE", 2),
    ("AID", 2),
    ("RETREAT", 2),
    ("REQUEST", 3),
    ("ACCUSE", 3),
    ("REJECT", 3),
    ("THREATEN", 3),
    ("PROTEST", 4),
    ("SANCTION", 4),
    ("MOBILIZE", 4),
    ("COERCE", 4),
    ("ASSAULT", 4),
)

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

TABLES_FILE = Path(__file__).parent / "data" / "plover_cameo.json"


def _float(value: str) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def build_tables(plover_dir: Path) -> dict[str, Any]:
    """Read the shared PLOVER/CAMEO files and return the fact tables as one JSON-able dict."""
    plover_dir = Path(plover_dir)
    events: dict[str, Any] = {
        name: {"quad": quad, "score": None, "modes": {}} for name, quad in PLOVER_EVENTS
    }
    with open(plover_dir / "plover2_event_modes_scores.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ev = row["plover_event"].strip()
            if ev not in events:
                continue
            score = _float(row["plover_score"])
            if ev == "ACCUSE" and not row["mode"].strip() and score is not None and score > 0:
                # The manual prints +3 for ACCUSE's default; its modes run -2 to -3.5: a sign typo.
                score = -score
            if row["mode"].strip():
                events[ev]["modes"][row["mode"].strip()] = {"score": score}
            else:
                events[ev]["score"] = score
    contexts: list[str] = []
    with open(plover_dir / "plover2_contexts.csv", encoding="utf-8") as fh:
        contexts = [row["context"].strip() for row in csv.DictReader(fh) if row["context"].strip()]
    cameo: dict[str, Any] = {}
    with open(plover_dir / "cameo_goldstein_plover_merged.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["cameo_code"].strip()
            ev = row["plover_event"].strip()
            cameo[code] = {
                "name": row["description"].strip(),
                "goldstein": _float(row["goldstein"]),
                "quad": int(row["quad_class"]) if row["quad_class"].strip() else None,
                "plover": ev if ev in events else None,
                "plover_mode": row["plover_mode"].strip() or None,
                "plover_context": row["plover_context"].strip() or None,
            }
    return {
        "source": "derived from shared/corpora/plover (PLOVER 2.0 manual tables, CAMEO/GDELT lookups)",
        "quads": {str(k): v for k, v in QUAD_NAMES.items()},
        "plover_events": events,
        "plover_contexts": contexts,
        "cameo": cameo,
    }


def write_tables(plover_dir: Path, path: Path = TABLES_FILE) -> Path:
    data = build_tables(plover_dir)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", "utf-8")
    return path
