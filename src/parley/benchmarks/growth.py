"""How extraction time grows with a document's length (``parley bench growth``;
``python -m parley.benchmarks.growth``).

Issue 15's mark: extracting 1 MB of ordinary prose takes at most 12 times as long as 100 KB of the
same prose. The prose is real: the bodies of the Kremlin's English press releases in the shared
corpora (``$PARLEY_SHARED/corpora/kremlin-zelensky-press-2021-22``), read at run time and joined
into one document; the 100 KB document is the first 100 KB of the 1 MB one. The input classes
that were quadratic are timed too (dense "X said that" text, runs of capitalised names, many
speakers each named in full and then by surname), at two sizes each.

Each document is extracted once after a warm-up, on one core; CPU time (user + system of this
process) is reported beside wall time, since a shared machine can stretch wall time. Reported,
never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..extract import get_extractor
from ..records import Document
from . import one_core, shared_dir

PRESS = Path("corpora") / "kremlin-zelensky-press-2021-22" / "putin_press_releases_en.csv"
NAMES = ["Vladimir", "Putin", "Sergei", "Lavrov", "Dmitry", "Peskov", "John", "Smith", "Anna", "Kyiv", "Moscow", "Geneva"]


@dataclass(frozen=True, slots=True)
class GrowthRow:
    input: str  # the input class
    chars: int
    statements: int
    wall_seconds: float
    cpu_seconds: float
    cpu_ratio: float | None  # against the first size of the same class (None for it)


def prose(chars: int, shared: Path | None = None) -> str:
    """``chars`` characters of the press releases' bodies, in file order, one blank line apart."""
    path = (shared or shared_dir()) / PRESS
    if not path.is_file():
        raise SystemExit(f"{path} is absent: the growth benchmark reads real prose from the shared corpora "
                         "(set PARLEY_SHARED)")
    csv.field_size_limit(sys.maxsize)
    out: list[str] = []
    size = 0
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body = (row.get("body") or "").strip()
            if body:
                out.append(body)
                size += len(body) + 2
            if size >= chars:
                break
    text = "\n\n".join(out)
    if len(text) < chars:
        raise SystemExit(f"{path} holds only {len(text):,} characters of prose; asked for {chars:,}")
    return text[:chars]


def said_that(chars: int) -> str:
    unit = "Peskov said that Lavrov said that Putin said that "
    return (unit * (chars // len(unit) + 1))[:chars]


def name_runs(chars: int) -> str:
    rnd = random.Random(1)
    out, size = [], 0
    while size < chars:
        run = " ".join(rnd.choice(NAMES) for _ in range(rnd.randint(5, 40))) + ". "
        out.append(run)
        size += len(run)
    return "".join(out)[:chars]


def many_speakers(chars: int) -> str:
    out, size, k = [], 0, 0
    while size < chars:
        part = (f"Deputy minister Ivan Petrov{k} said that the talks would resume. "
                f"Petrov{k} added that the minister agreed. The minister later said it was right. ")
        out.append(part)
        size += len(part)
        k += 1
    return "".join(out)[:chars]


def _time(extract: Callable[[Document], tuple], text: str) -> tuple[int, float, float]:
    doc = Document.create(text, language="en")
    wall, cpu = time.perf_counter(), time.process_time()
    found = extract(doc)
    return len(found), time.perf_counter() - wall, time.process_time() - cpu


def bench_growth(prose_sizes: Sequence[int] = (100_000, 1_000_000), classes: bool = True,
                 announce: Callable[[str], None] | None = None) -> list[GrowthRow]:
    """Extraction of prose at ``prose_sizes`` (the first the reference of the ratios) and, with
    ``classes``, of the input classes that were quadratic, at two sizes four times apart."""
    one_core()
    extractor = get_extractor("en")
    extractor(Document.create("Dmitry Peskov said the talks would resume.", language="en"))  # loaded first
    text = prose(max(prose_sizes))
    plan: list[tuple[str, str]] = [("prose", text[:n]) for n in prose_sizes]
    if classes:
        for name, make, sizes in (("said-that", said_that, (13_500, 54_000)),
                                  ("name-runs", name_runs, (86_000, 344_000)),
                                  ("many-speakers", many_speakers, (50_000, 200_000))):
            plan.extend((name, make(n)) for n in sizes)
    rows: list[GrowthRow] = []
    first: dict[str, float] = {}
    for name, body in plan:
        if announce:
            announce(f"{name}, {len(body):,} characters …")
        statements, wall, cpu = _time(extractor, body)
        base = first.get(name)
        ratio = round(cpu / base, 2) if base else None
        first.setdefault(name, cpu)
        rows.append(GrowthRow(name, len(body), statements, round(wall, 2), round(cpu, 2), ratio))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-classes", action="store_true", help="Prose only.")
    args = parser.parse_args(argv)
    for row in bench_growth(classes=not args.no_classes, announce=lambda s: print(s, file=sys.stderr)):
        print(json.dumps(asdict(row)))


if __name__ == "__main__":
    main()
