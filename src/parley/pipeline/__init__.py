"""The pipeline: the stages composed, documents → statements (extractor, speakers resolved
against the actor registry) → coded statements (coder).

The pipeline holds no store and reads no settings: :class:`parley.api.Parley` builds a
:class:`Processor` from the registry and the settings it resolved, and writes what the processor
returns. The extractor and the coder are chosen per document language and loaded once per
processor. A document in a language without a lexicon, or one a stage fails on, comes back as a
:class:`~parley.records.Rejection` of the ``extract`` stage and the rest of the batch goes on; a
lexicon, codebook or registry that cannot be loaded is an error that stops the run.

Engines spread the same work over processes or machines: documents are cut into partitions by
content hash (:func:`partitioned`), and an engine maps a pure per-partition function
(:func:`process_documents`) over them, in this process (:class:`LocalEngine`) or on a Dask cluster
(:class:`parley.pipeline.cluster.DaskEngine`). Each partition's result goes back to the caller,
which writes it (:class:`parley.api.Parley` is the one writer of a store).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import resource
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..actors import Registry, load_registry, resolve_ref
from ..errors import OverBudget, UnknownLanguage
from ..extract import Extractor, get_extractor
from ..extract.extractor import MAX_DOCUMENT_CHARS
from ..ingest import IngestOptions, read_inputs
from ..records import Document, Rejection, Statement, content_hash, to_dict
from ..signals import Coder, get_coder
from ..stages import Stage, stamp, time_budget

log = logging.getLogger(__name__)

#: the fields of a statement row, in order (``parley extract`` prints these)
ROW_FIELDS: tuple[str, ...] = (
    "doc_id",
    "speaker",
    "actor_id",
    "side",
    "mention",
    "cue",
    "kind",
    "text",
    "start",
    "end",
    "published",
    "signals",
    "confidence",
    "extractor",
    "id",
)


#: the extraction state of a document over its budget, and the start of its rejection's reason
TOO_LONG = "too_long"
TOO_LONG_REASON = "not extracted: too long"


def _rejection(doc: Document, reason: str) -> Rejection:
    return Rejection(
        origin=doc.origin or doc.id,
        reason=reason,
        locator=f"document {doc.id}",
        at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        stage="extract",
    )


class Processor:
    """Extract and code statements for batches of documents.

    ``registry`` is the actor registry speakers are resolved against (None: the packaged one,
    loaded strictly); ``coder_options`` go to :func:`parley.signals.get_coder` (the endpoint
    backend's ``endpoint``, ``api_key`` and ``timeout``). ``max_chars`` and ``max_seconds`` are
    the per-document budget (0: none): a longer document is not read, one that takes longer is
    given up; either comes back in the ``states`` of :meth:`process_states` as ``"too_long"``,
    with a rejection saying so.
    """

    def __init__(self, *, registry: Registry | None = None, coder_backend: str = "learned", code: bool = True,
                 coder_options: Mapping[str, Any] | None = None, max_chars: int = 0, max_seconds: float = 0.0):
        self.registry = registry if registry is not None else load_registry()
        self.coder_backend = coder_backend
        self.coder_options = dict(coder_options or {})
        self.code = code
        self.max_chars = int(max_chars or 0)
        self.max_seconds = float(max_seconds or 0.0)
        self._extractors: dict[str, Extractor] = {}
        self._coders: dict[str, Coder] = {}

    def spec(self) -> ProcessorSpec:
        """What another process needs to build the same processor (picklable, sent once to each
        worker of an engine)."""
        return ProcessorSpec(registry=self.registry, code=self.code, coder_backend=self.coder_backend,
                             coder_options=tuple(sorted(self.coder_options.items())), max_chars=self.max_chars,
                             max_seconds=self.max_seconds)

    def extractor(self, language: str | None) -> Extractor:
        lang = language or "en"
        if lang not in self._extractors:
            self._extractors[lang] = get_extractor(lang, registry=self.registry)
        return self._extractors[lang]

    def coder(self, language: str | None) -> Coder:
        lang = language or "en"
        if lang not in self._coders:
            options = self.coder_options if self.coder_backend == "endpoint" else {}
            self._coders[lang] = get_coder(self.coder_backend, language=lang, registry=self.registry, **options)
        return self._coders[lang]

    def stages(self, language: str | None) -> list[Stage]:
        """The stages a document of ``language`` goes through, in order."""
        return [self.extractor(language), *([self.coder(language)] if self.code else [])]

    @property
    def versions(self) -> dict[str, str]:
        """The stage versions this processor stamps on what it derives."""
        return dict(zip(("extractor", "coder"), (stamp(stage) for stage in self.stages("en")), strict=False))

    def process_one(self, doc: Document) -> list[Statement]:
        statements = list(self.extractor(doc.language)(doc))
        if self.code and statements:
            statements = self.coder(doc.language).code_document(doc, statements)
        return statements

    def process(self, docs: Iterable[Document]) -> tuple[dict[str, list[Statement]], list[Rejection]]:
        """Statements per document id, and a rejection for each document that could not be read."""
        out, failures, _ = self.process_states(docs)
        return out, failures

    def process_states(self, docs: Iterable[Document]
                       ) -> tuple[dict[str, list[Statement]], list[Rejection], dict[str, str]]:
        """:meth:`process`, and the extraction state of each document not read whole: ``"too_long"``
        for one over the budget (its rejection's reason starts "not extracted: too long")."""
        out: dict[str, list[Statement]] = {}
        failures: list[Rejection] = []
        states: dict[str, str] = {}
        # the tokenizer's own bound holds even with no budget set (else spaCy's E088 text is shown)
        limit = min(self.max_chars, MAX_DOCUMENT_CHARS) if self.max_chars else MAX_DOCUMENT_CHARS
        for doc in docs:
            if len(doc.text) > limit:
                states[doc.id] = TOO_LONG
                failures.append(_rejection(doc, f"{TOO_LONG_REASON}: {len(doc.text):,} characters, more than "
                                                f"{limit:,} (the extract_max_chars setting); the "
                                                "document is stored without statements"))
                continue
            try:  # the stages of the document's language (loading them is not the document's fault)
                self.extractor(doc.language)
                if self.code:
                    self.coder(doc.language)
            except UnknownLanguage as exc:
                failures.append(_rejection(doc, str(exc)))
                continue
            try:
                with time_budget(self.max_seconds):
                    out[doc.id] = self.process_one(doc)
            except OverBudget as exc:
                states[doc.id] = TOO_LONG
                failures.append(_rejection(doc, f"{TOO_LONG_REASON}: extraction {exc}; the document is stored "
                                                "without statements"))
            # The batch boundary: what a stage raises on one document (a bug on odd text) becomes
            # that document's rejection, stored and reported with the run; the batch goes on.
            except Exception as exc:
                # the reason is the rejection's; the traceback only with -vv (no traceback at
                # default verbosity)
                log.debug("extraction failed on %s", doc.id, exc_info=True)
                failures.append(_rejection(doc, f"extraction failed: {type(exc).__name__}: {exc}"))
        return out, failures, states


def extract_documents(docs: Sequence[Document], processor: Processor | None = None) -> list[Statement]:
    """Statements of documents that are not stored, in document order."""
    processor = processor or Processor()
    statements, _ = processor.process(docs)
    return [st for doc in docs for st in statements.get(doc.id, [])]


def statement_row(doc: Document, st: Statement) -> dict[str, Any]:
    """One statement as a flat JSON-ready row: the record's own id (``external_id``) where it
    has one, the speaker's canonical name (else the mention), offsets into the record's text."""
    d = to_dict(st)
    return {
        "doc_id": doc.external_id or doc.id,
        "speaker": st.speaker or st.mention,
        "actor_id": st.actor_id,
        "side": st.side,
        "mention": st.mention,
        "cue": st.cue,
        "kind": st.kind,
        "text": st.text,
        "start": st.start,
        "end": st.end,
        "published": d["published"],
        "signals": d["signals"],
        "confidence": st.confidence,
        "extractor": st.extractor,
        "id": st.id,
    }


def extract_inputs(
    sources: Sequence[str],
    processor: Processor,
    options: IngestOptions | None = None,
) -> Iterator[dict[str, Any] | Rejection]:
    """Statement rows (:func:`statement_row`) of every document read from ``sources`` (files,
    folders, URLs, ``-``), without a store, and a Rejection for each input or document that could
    not be used. With ``processor.code`` the statements are coded too, exactly as ingestion
    stores them."""
    for item in read_inputs(sources, options or IngestOptions()):
        if isinstance(item, Rejection):
            yield item
            continue
        statements, failures = processor.process([item])
        yield from failures
        for st in statements.get(item.id, []):
            yield statement_row(item, st)


def process_partition(records: Iterable[dict[str, Any]], *, registry_extra: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Extract and code a partition of documents given as plain dicts; return statement dicts.

    A pure function of its input, with no store and no shared state, for engines that pass plain
    data (Parley's own engines pass Documents to :func:`process_documents`)::

        import dask.bag as db
        bag = db.read_text("archive/*.jsonl").map(json.loads)
        statements = bag.map_partitions(process_partition).to_dataframe()

    Each worker process builds its :class:`Processor` once (per registry).
    """
    docs = [Document.from_dict({**rec, "id": rec.get("id") or content_hash(rec["text"])}) for rec in records]
    spec = ProcessorSpec(registry=load_registry(extra=[resolve_ref(r) for r in registry_extra]),
                         key="registry:" + ",".join(registry_extra))
    result = process_documents(spec, docs)
    return [to_dict(st) for doc in docs for st in result.statements.get(doc.id, [])]


# ---------------------------------------------------------------------------- partitions and engines
@dataclass(frozen=True)
class ProcessorSpec:
    """How to build a :class:`Processor` in another process: the registry in force (the object
    itself, so that workers on other machines need none of the driver's files), whether to code,
    the coder backend and its options. ``key`` names the spec: a worker builds the processor of a
    key once and keeps it for every partition it is given."""

    registry: Registry
    code: bool = True
    coder_backend: str = "learned"
    coder_options: tuple[tuple[str, Any], ...] = ()
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    max_chars: int = 0
    max_seconds: float = 0.0

    def build(self) -> Processor:
        return Processor(registry=self.registry, code=self.code, coder_backend=self.coder_backend,
                         coder_options=dict(self.coder_options), max_chars=self.max_chars,
                         max_seconds=self.max_seconds)


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition gave: statements per document id, a rejection for each document that
    could not be read, the extraction state of each document not read whole (``"too_long"``),
    and where and how it ran (the worker's process id, seconds, the process's peak resident
    memory in MB so far)."""

    statements: dict[str, list[Statement]]
    failures: list[Rejection]
    worker: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    states: dict[str, str] = field(default_factory=dict)

    @property
    def statement_count(self) -> int:
        return sum(len(v) for v in self.statements.values())


#: the processors this process built, by spec key (a worker keeps one per run)
_PROCESSORS: dict[str, Processor] = {}


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def processor_for(spec: ProcessorSpec) -> Processor:
    """The processor of ``spec`` in this process, built on first use and kept."""
    got = _PROCESSORS.get(spec.key)
    if got is None:
        while len(_PROCESSORS) >= 4:  # a long-lived worker serving many runs keeps the latest few
            _PROCESSORS.pop(next(iter(_PROCESSORS)))
        got = _PROCESSORS[spec.key] = spec.build()
    return got


def process_documents(spec: ProcessorSpec, docs: Sequence[Document]) -> PartitionResult:
    """Extract and code one partition of documents: a pure function of its input (no store, no
    settings), which an engine runs wherever it likes, as often as it needs to."""
    start = time.perf_counter()
    statements, failures, states = processor_for(spec).process_states(docs)
    return PartitionResult(statements, failures, worker=os.getpid(), seconds=time.perf_counter() - start,
                           peak_rss_mb=peak_rss_mb(), states=states)


def partition_of(doc_id: str, partitions: int) -> int:
    """The partition of a document among ``partitions``, by its content hash (its id): the same
    document always falls in the same partition, whatever the order it is read in."""
    try:
        return int(doc_id[:12], 16) % partitions
    except ValueError:  # an id that is not a hash (a test's own): any stable spread will do
        return sum(doc_id.encode("utf-8")) % partitions


def partitioned(docs: Iterable[Document], partitions: int, size: int) -> Iterator[list[Document]]:
    """``docs`` cut into lists of ``size`` documents, each list holding documents of one
    partition (:func:`partition_of`); the lists come out as they fill, the rest at the end. Two
    copies of a document are in the same partition, so they never race each other."""
    partitions = max(1, partitions)
    size = max(1, size)
    buffers: list[list[Document]] = [[] for _ in range(partitions)]
    for doc in docs:
        buf = buffers[partition_of(doc.id, partitions)]
        buf.append(doc)
        if len(buf) >= size:
            yield buf[:]
            buf.clear()
    for buf in buffers:
        if buf:
            yield buf


Task = Callable[..., Any]


class Engine(Protocol):
    """Runs a per-partition task over partitions of documents and gives back each partition with
    its result, as they finish (not necessarily in order)."""

    workers: int

    def map(self, partitions: Iterable[list[Document]], task: Task = ..., *args: Any) -> Iterator[tuple[list[Document], Any]]: ...

    def close(self) -> None: ...


class LocalEngine:
    """The engine of one process: each partition processed here, when the caller asks for it
    (the reading, the extraction and the writing interleave, batch by batch)."""

    workers = 1
    description = "this process"

    def __init__(self, processor: Processor):
        self.processor = processor
        self.spec = processor.spec()
        _PROCESSORS[self.spec.key] = processor  # the processor already built, not a second one

    def map(self, partitions: Iterable[list[Document]], task: Task = process_documents,
            *args: Any) -> Iterator[tuple[list[Document], Any]]:
        for part in partitions:
            yield part, task(self.spec, part, *args)

    def close(self) -> None:
        _PROCESSORS.pop(self.spec.key, None)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


__all__ = [
    "ROW_FIELDS",
    "TOO_LONG",
    "TOO_LONG_REASON",
    "Engine",
    "LocalEngine",
    "PartitionResult",
    "Processor",
    "ProcessorSpec",
    "extract_documents",
    "extract_inputs",
    "partition_of",
    "partitioned",
    "peak_rss_mb",
    "process_documents",
    "process_partition",
    "processor_for",
    "statement_row",
]
