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

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar, runtime_checkable

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
