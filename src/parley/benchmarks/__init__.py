"""Benchmarks, in one place: throughput and peak memory, measured and reported, never asserted in
a test.

==============================  ===============================================================
module                          what it measures
==============================  ===============================================================
:mod:`~.ingest`                 ingestion, documents and MB per second and peak memory, SQLite
                                and PostgreSQL (``parley bench ingest``)
:mod:`~.extract`                the extractor against a bare spaCy pass on PolNeAR's texts
                                (``python -m parley.benchmarks.extract``)
:mod:`~.languages`              extraction and coding per word, Russian and Ukrainian against
                                English (``python -m parley.benchmarks.languages``)
:mod:`~.signals`                the signal coder, statements per second
                                (``python -m parley.benchmarks.signals``)
:mod:`~.web`                    the dashboard's pages on stores of growing size
                                (``python -m parley.benchmarks.web``)
:mod:`~.scaling`                ingestion with extraction on 1 and 2 workers (Dask), peak memory
                                per worker, store write rates (``python -m
                                parley.benchmarks.scaling``; ``docs/scaling.md``)
:mod:`~.startup`                ``parley --help`` and a one-sentence ``parley extract`` against
                                ``python -c pass`` (``python -m parley.benchmarks.startup``)
:mod:`~.growth`                 extraction time against document length: 1 MB of real prose
                                against 100 KB, and the input classes that were quadratic
                                (``parley bench growth``)
:mod:`~.load`                   the dashboard under load: N requests at concurrency C against
                                ``parley serve`` on loopback (``parley bench load``)
:mod:`~.crash`                  kill -9 at random points of ingestion runs, then a run to the end,
                                against a clean run (``python -m parley.benchmarks.crash``)
:mod:`~.hostile`                hostile inputs class by class: inputs tried, crashes, hangs,
                                records lost (``parley bench hostile``)
==============================  ===============================================================

Each runs on the shared corpora (``$PARLEY_SHARED``, else ``../shared``) and on one core unless
said otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    """``$PARLEY_SHARED``, else ``../shared`` seen from the working directory."""
    return Path(os.environ.get("PARLEY_SHARED") or Path.cwd().parent / "shared")


def one_core() -> None:
    """Measure on one core (and one BLAS thread), where the platform allows it."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):  # not Linux: measured on whatever cores the system gives
        pass


__all__ = ["one_core", "shared_dir"]
