"""The interface every stage the pipeline runs shares.

A stage takes typed records and returns typed records, one at a time (``__call__``) and batched
(``pipe``), and declares what it needs and what it sets (``"Record.field"``, or a whole record
``"Statement"``), as spaCy components do. A stage that calls a model splits building the request
from reading the answer, so the reading is testable on fixed strings.

The per-record stages of :class:`parley.pipeline.Processor` (the extractor of each language, the
signal coder) are ``Stage`` objects, and ``tests/test_stages.py`` checks each against this
protocol. The readers (:mod:`parley.ingest`) and the analyses (:mod:`parley.analysis`) are plain
functions over records: they read whole files or whole sets of statements, not one record at a
time.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar, runtime_checkable

from .errors import OverBudget

In = TypeVar("In", contravariant=True)
Out = TypeVar("Out", covariant=True)


@runtime_checkable
class Stage(Protocol[In, Out]):
    #: stable name and version, stamped on every row the stage derives ("parley.extract.en/1")
    name: str
    version: str
    #: what the stage reads from its input and what it sets on its output (documentation and checks)
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, record: In) -> Out: ...

    def pipe(self, records: Iterable[In], batch_size: int = 64) -> Iterator[Out]: ...


def stamp(stage: Stage) -> str:
    """The provenance string a stage writes on what it derives: ``name/version``."""
    return f"{stage.name}/{stage.version}"


# --------------------------------------------------------------------------- the per-document budget
#: the moment (``time.monotonic``) the document being read must be done by; None: no limit
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("parley_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, :func:`check_budget` raises :class:`~parley.errors.OverBudget` once
    ``seconds`` have passed (None or 0 or less: no limit). The pipeline wraps each document's
    stages in one; the stages' long loops call :func:`check_budget`."""
    if not seconds or seconds <= 0:
        yield
        return
    token = _DEADLINE.set((time.monotonic() + float(seconds), float(seconds)))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_budget() -> None:
    """Raise :class:`~parley.errors.OverBudget` when the document being read is past its time
    budget (a cheap check, made in the stages' loops over tokens and candidates)."""
    limit = _DEADLINE.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise OverBudget(f"took more than {limit[1]:g} seconds (the extract_max_seconds setting)")
