"""Parley's front door: one object, opened once, that every face calls.

    from parley.api import Parley, StatementQuery

    with Parley.open("parley.db", read_only=True) as p:
        ceasefires = p.statements(StatementQuery.of(side="RU", signal="CEASEFIRE"))
        found = p.contradictions(StatementQuery.of(side="UA")).contradictions
        overview = p.overview(since=dt.date(2025, 1, 1))

A :class:`Parley` holds the store, the settings (resolved once, when it is opened), the actor
registry in force (the packaged file, the ``registry`` setting's files and the files attached to
the store; loaded strictly when it is opened: a malformed file is a
:class:`~parley.errors.RegistryError` naming the file and the line, the same for every command; the
packaged codebook and lexicons are loaded as strictly when first used) and a cache of analysis
results. Its
methods are the library's verbs; each returns records (:mod:`parley.records`, the analyses' own
records, :mod:`parley.api.results`). The command line, the dashboard and the briefing call them and
nothing else: none of them touches the store, SQL or a stage.

Layers (``docs/architecture.md``): stages (``ingest``, ``actors``, ``extract``, ``signals``,
``analysis``) take and return records; :mod:`parley.pipeline` composes them; this module composes
the pipeline and the store; the faces (``cli``, ``web``, ``report``) call this module.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import process as fuzzy

from .. import __version__, charts
from .. import settings as settings_mod
from .._lazy import lazy_module
from ..actors import Registry, load_registry, resolve_ref
from ..errors import ConfigError, NotFound, ParleyError, RegistryError, StoreError
from ..ingest import IngestOptions, Progress, batches, read_inputs
from ..ingest.fetch import FetchOptions
from ..ingest.language import normalize_language
from ..ingest.readers import FieldMap
from ..pipeline import (
    Engine,
    LocalEngine,
    PartitionResult,
    Processor,
    ProcessorSpec,
    extract_inputs,
    partitioned,
    peak_rss_mb,
    process_documents,
)
from ..records import STATEMENT_KINDS, Contradiction, Document, Event, Rejection, Statement, safe_link, to_dict
from ..settings import Settings
from ..signals import Codebook, get_coder, load_codebook
from ..signals.batch import CodedRecord, code_lines
from .cache import MISSING, NO_CACHE, Computing, ResultCache, patience
from .query import StatementQuery, parse_day
from .results import (
    ActorInfo,
    ActorRecord,
    ContradictionsResult,
    CooperationPoint,
    DocumentView,
    EventImport,
    ExtractRun,
    IngestSummary,
    Overview,
    RegistryCheck,
    SayDoResult,
    Shift,
    SourceCitation,
    SideTrends,
    StatementExport,
    TacticsResult,
    StatementFacets,
)

if TYPE_CHECKING:  # annotations only
    from ..actors.listing import ActorDetail
    from ..analysis.profiles import ActorProfile
    from ..analysis.trends import Trend
    from ..ingest.events import EventFormat
    from ..store import RejectionRow, Store
    from ..store.queries import ActorActivity, DateRange, TimelinePoint
    from .briefing import Briefing

# Loaded when a verb first needs them (docs/architecture.md, "Modules loaded on first use"): a
# command that reads files without a store loads neither SQLAlchemy nor the analyses.
_store = lazy_module("parley.store")
queries = lazy_module("parley.store.queries")
_contradictions = lazy_module("parley.analysis.contradictions")
_deeds = lazy_module("parley.analysis.deeds")
_profiles = lazy_module("parley.analysis.profiles")
_duplicates = lazy_module("parley.analysis.duplicates")
_trends = lazy_module("parley.analysis.trends")
_tactics = lazy_module("parley.analysis.tactics")
_events = lazy_module("parley.ingest.events")
_listing = lazy_module("parley.actors.listing")
_briefing = lazy_module("parley.api.briefing")
_arrow = lazy_module("pyarrow")
_parquet = lazy_module("pyarrow.parquet")

#: the Dask engine, loaded only by a run given workers or a scheduler
_cluster = lazy_module("parley.pipeline.cluster")

#: Days before the last statement that count as "recent" on the overview (shifts, contradictions).
RECENT_DAYS = 180
#: Sides followed on the overview's shifts (the ones with the most statements).
MAX_SIDES = 6
#: Contradictions and actors the overview lists.
OVERVIEW_CONTRADICTIONS = 6
OVERVIEW_ACTORS = 12
#: The longest contradiction window accepted, in days (ten years).
MAX_WINDOW_DAYS = 3660
#: What a store can fail to encode in a document (an unpaired surrogate, metadata nested too deep)
#: before it writes anything; a StoreError (the database failed) stops the run.
_DATA_ERRORS = (ValueError, TypeError, RecursionError)
#: Registry meta key: the extra registry files attached to a store (``parley demo`` attaches its own).
REGISTRY_META = "registry_extra"


class Parley:
    """The library's front door over one store (see the module docstring).

    ``store`` may be None for the verbs that need none (reading files without storing them,
    coding text, the registry); ``settings`` defaults to :func:`parley.settings.resolve`;
    ``registry`` replaces the registry in force (tests); ``cache`` keeps analysis results until
    the store changes (``parley serve`` passes one; the default computes every time).
    """

    def __init__(
        self,
        store: Store | None,
        *,
        settings: Settings | None = None,
        registry: Registry | None = None,
        read_only: bool = False,
        cache: ResultCache | None = None,
    ):
        self.settings = settings if settings is not None else settings_mod.resolve()
        self.store = store
        self.cache = cache if cache is not None else NO_CACHE
        self._codebook: Codebook | None = None
        self._checked: dict[StatementQuery, StatementQuery] = {}
        if store is not None and read_only:
            store.make_read_only()
        self._registry_paths = self._registry_files() if registry is None else []
        # loaded now, for every command: a malformed registry file stops each one with the same error
        self._registry = registry if registry is not None else load_registry(extra=self._registry_paths)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        *,
        read_only: bool = False,
        create: bool | None = None,
        settings: Settings | None = None,
        cache: ResultCache | None = None,
        store_optional: bool = False,
    ) -> Parley:
        """Open the store ``db`` (None: the ``db`` setting) with the settings resolved once.

        A read-only Parley (``read_only=True``) never writes, and by default never creates a
        store: a SQLite file that does not exist is a :class:`~parley.errors.NotFound` saying so
        (``create`` overrides). With ``store_optional`` a missing SQLite store gives a Parley
        without a store (the registry verbs still work).
        """
        settings = settings if settings is not None else settings_mod.resolve(db=str(db) if db is not None else None)
        target = db if db is not None else settings.db
        create = (not read_only) if create is None else create
        try:
            store = _store.open_store(target, create=create, read_only=read_only)
        except NotFound:
            if not store_optional:
                raise
            return cls(None, settings=settings, cache=cache)
        try:
            return cls(store, settings=settings, cache=cache)
        except ParleyError:
            store.close()
            raise

    @classmethod
    def of(cls, source: Parley | Store, **kwargs: Any) -> Parley:
        """``source`` itself when it is a Parley, else a Parley over the store ``source``."""
        return source if isinstance(source, Parley) else cls(source, **kwargs)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def __enter__(self) -> Parley:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def display_url(self) -> str:
        """Where the store is (passwords masked)."""
        return self.store.display_url if self.store is not None else "(no store)"

    @property
    def read_only(self) -> bool:
        return self.store is not None and self.store.read_only

    def _db(self) -> Store:
        if self.store is None:
            raise StoreError("this command needs a store: name one with --db / PARLEY_DB")
        return self.store

    def _writable(self) -> Store:
        store = self._db()
        if store.read_only:
            raise StoreError(f"{store.display_url} is open read-only")
        return store

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept in this Parley's cache under ``key`` until the store changes (a face
        caches what it derives from the verbs' results, e.g. a page with its charts)."""
        if self.store is None:
            return compute()
        return self.cache.get(self.store, ("memo", *key), compute)

    def recall(self, key: tuple) -> Any:
        """A face's whole answer kept under ``key`` for this store version (e.g. a page's bytes), or
        :data:`~parley.api.cache.MISSING`."""
        if self.store is None:
            return MISSING
        return self.cache.peek(self.store, ("answer", *key), tier="response")

    def keep(self, key: tuple, value: Any) -> None:
        """Keep a face's whole answer under ``key`` until the store changes (see :meth:`recall`)."""
        if self.store is not None:
            self.cache.put(self.store, ("answer", *key), value, tier="response")

    # ------------------------------------------------------------ registry, codebook
    def _registry_files(self) -> list[Path]:
        refs = list(self.settings.registry_refs)
        if self.store is not None:
            refs += list(self.store.get_meta(REGISTRY_META, []) or [])
        paths = [resolve_ref(r) for r in dict.fromkeys(refs)]
        for path in paths:
            if not path.is_file():
                raise RegistryError(f"{path}: no such registry file (from the registry setting or the store)")
        return paths

    @property
    def registry_paths(self) -> list[Path]:
        """The registry files in force besides the packaged one."""
        return list(self._registry_paths)

    @property
    def registry(self) -> Registry:
        """The actor registry in force (loaded strictly when the Parley was made)."""
        return self._registry

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = load_codebook()
        return self._codebook

    def attach_registry(self, ref: str) -> None:
        """Attach a registry file (a path or ``pkg:package/file.yaml``) to the store, so that every
        later command over it resolves that file's actors too."""
        store = self._writable()
        path = resolve_ref(ref)
        if not path.is_file():
            raise RegistryError(f"{path}: no such registry file")
        refs = list(store.get_meta(REGISTRY_META, []) or [])
        if ref not in refs:
            store.set_meta(REGISTRY_META, refs + [ref])
        self._registry_paths = self._registry_files()
        self._registry = load_registry(extra=self._registry_paths)

    # ------------------------------------------------------------ options from settings
    @property
    def earliest_date(self) -> dt.date:
        """The earliest plausible publication date (the ``earliest_date`` setting)."""
        value = str(self.settings.earliest_date or "").strip()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConfigError(f"earliest_date: {value!r} is not a date; give YYYY-MM-DD, e.g. 1991-01-01") from None

    def fetch_options(self, *, timeout: float | None = None, allow_private: bool | None = None) -> FetchOptions:
        """How to fetch URLs: the settings, with the given overrides."""
        s = self.settings
        return FetchOptions(
            timeout=float(s.fetch_timeout if timeout is None else timeout),
            max_bytes=int(s.fetch_max_bytes),
            allow_private=bool(s.allow_private_urls or allow_private),
            user_agent=str(s.user_agent).format(version=__version__),
        )

    def ingest_options(
        self,
        *,
        fields: FieldMap | Sequence[str] = (),
        source: str | None = None,
        language: str | None = None,
        format: str | None = None,
        follow_links: bool = False,
        follow_symlinks: bool = False,
        extensions: tuple[str, ...] | None = None,
        fetch: FetchOptions | None = None,
        latest: dt.date | None = None,
    ) -> IngestOptions:
        """How to read inputs: the settings (file size limit, batch size, languages, fetching),
        with the given options. ``language`` may be any label a language goes by ("en-GB",
        "English", "русский"); one that names no language is a ConfigError."""
        s = self.settings
        if language:
            try:
                language = normalize_language(language)
            except ValueError as exc:
                raise ConfigError(f"--language: {exc}") from None
        return IngestOptions(
            fields=fields if isinstance(fields, FieldMap) else FieldMap.parse(list(fields)),
            source=source,
            language=language,
            format=format,
            follow_links=follow_links,
            follow_symlinks=follow_symlinks,
            extensions=extensions,
            fetch=fetch or self.fetch_options(),
            max_file_bytes=int(s.max_file_bytes),
            max_html_bytes=int(s.max_html_bytes),
            batch_size=int(s.batch_size),
            languages=s.language_list,
            earliest=self.earliest_date,
            latest=latest,
        )

    def processor(self, *, code: bool = True, backend: str = "learned") -> Processor:
        """The pipeline over the registry in force (extraction, and coding when ``code``)."""
        s = self.settings
        return Processor(
            registry=self.registry, code=code, coder_backend=backend,
            coder_options={"endpoint": s.coder_endpoint or None, "api_key": s.coder_api_key,
                           "timeout": float(s.fetch_timeout)},
            max_chars=int(s.extract_max_chars), max_seconds=float(s.extract_max_seconds),
        )

    def engine(self, processor: Processor, *, workers: int = 1, scheduler: str | None = None) -> Engine:
        """Where the per-partition work runs: this process (``workers`` 1, no scheduler), a local
        Dask cluster of ``workers`` processes, or the Dask cluster whose scheduler is at
        ``scheduler`` (None: the ``dask_scheduler`` setting, ``PARLEY_DASK_SCHEDULER``)."""
        if workers < 1:
            raise ConfigError(f"--workers must be 1 or more, not {workers}")
        scheduler = scheduler or str(self.settings.dask_scheduler or "") or None
        if workers == 1 and not scheduler:
            return LocalEngine(processor)
        if scheduler and not re.match(r"^(tcp|tls|inproc|ucx|ws|wss)://\S+$", scheduler):
            raise ConfigError(f"--scheduler {scheduler!r}: give the scheduler's address, e.g. tcp://10.0.0.5:8786")
        return _cluster.DaskEngine(processor, workers=workers, scheduler=scheduler)

    # ------------------------------------------------------------------ writing
    def ingest(
        self,
        sources: Sequence[str],
        options: IngestOptions | None = None,
        *,
        extract: bool = True,
        progress: Progress | None = None,
        stdin: Callable[[], bytes] | None = None,
        workers: int = 1,
        scheduler: str | None = None,
        write_from_workers: bool = False,
    ) -> IngestSummary:
        """Read ``sources`` (files, folders, URLs, feeds, ``-``) into the store: new documents
        stored, duplicates skipped, rejections recorded with their reasons, and (``extract``)
        statements extracted and coded.

        A document and its statements are written in one transaction, so a process killed at any
        point leaves each document whole or unseen; documents stored without statements (read
        with ``extract=False``, or whose extraction failed) are completed by the next run with
        ``extract``. Running it again on the same input adds nothing.

        With ``workers`` > 1 or a ``scheduler`` the documents, cut into partitions by content hash,
        are extracted by a Dask cluster (see :meth:`engine`) and written here, by one writer, as
        partitions finish; ``write_from_workers`` (PostgreSQL only) has each worker write its own
        partitions instead.
        """
        store = self._writable()
        options = options or self.ingest_options()
        processor = self.processor() if extract else None
        # loaded now, the registry and the English stages: a malformed file stops before any write
        versions = processor.versions if processor is not None else {}
        summary = IngestSummary()
        if write_from_workers and store.dialect.name != "postgresql":
            raise ConfigError("--write-from-workers needs a PostgreSQL store (SQLite has one writer at a time)")
        started = time.perf_counter()
        engine = self.engine(processor, workers=workers, scheduler=scheduler) if processor is not None else None
        summary.workers = engine.workers if engine is not None else 1
        summary.run_id = store.start_run("ingest", {"sources": list(sources), "extract": extract,
                                                    "workers": summary.workers, **versions})
        items = read_inputs(sources, options, progress=progress, stdin=stdin)
        ready = time.perf_counter()
        summary.startup_seconds = ready - started
        try:
            if engine is None or isinstance(engine, LocalEngine):
                for batch in batches(items, options.batch_size):
                    self._store_batch(batch, processor, summary)
                summary.worker_peak_mb[os.getpid()] = peak_rss_mb()
            else:
                self._ingest_with(engine, items, options.batch_size, summary, progress, write_from_workers)
        finally:
            if engine is not None:
                engine.close()
        summary.seconds = time.perf_counter() - ready
        store.finish_run(summary.run_id, summary.as_dict())
        self.cache.clear()
        return summary

    def _ingest_with(self, engine: Engine, items: Iterable[Document | Rejection], size: int,
                     summary: IngestSummary, progress: Progress | None, write_from_workers: bool) -> None:
        """Documents to extract go to ``engine`` in partitions; what comes back is written here."""
        flight = _InFlight()
        todo = partitioned(self._triage(items, size, summary, flight), engine.workers * 2, size)
        status = getattr(progress, "status", None)
        workers: set[int] = set()
        if write_from_workers:
            task, args = _store_partition, (self._db().url, summary.run_id)
        else:
            task, args = process_documents, ()
        for docs, result in engine.map(todo, task, *args):
            if write_from_workers:
                written: PartitionWrite = result
                summary.new += written.new
                summary.duplicate += written.duplicate
                summary.statements += written.statements
                summary.new_ids.extend(written.new_ids)
                failures = list(written.failures)
                if failures:
                    summary.rejections.extend(failures)
                flight.done(docs)
            else:
                self._write_partition(docs, result, flight, summary)
            workers.add(result.worker)
            peak = getattr(result, "peak_rss_mb", 0.0)
            summary.worker_peak_mb[result.worker] = max(peak, summary.worker_peak_mb.get(result.worker, 0.0))
            if status:
                status(f"{summary.new + summary.duplicate:,} documents stored or known, {summary.statements:,} "
                       f"statements, {len(workers)} of {engine.workers} workers reporting")

    def _triage(self, items: Iterable[Document | Rejection], size: int, summary: IngestSummary,
                flight: _InFlight) -> Iterator[Document]:
        """The documents of ``items`` to extract: those not stored yet, and those stored without
        statements (extraction NULL), each added to ``flight`` until it is written. Rejections are
        recorded and duplicates counted on the way: of a stored document, or of one in flight (by
        content, or by URL in the same language), so the first one read is the one stored, however
        the partitions finish."""
        store = self._db()
        for batch in batches(items, size):
            docs = [x for x in batch if isinstance(x, Document)]
            rejected = [x for x in batch if isinstance(x, Rejection)]
            summary.read += len(docs)
            if rejected:
                store.add_rejections(rejected)
                summary.rejections.extend(rejected)
            states = store.extraction_states([d.id for d in docs])
            for doc in docs:
                if flight.holds(doc) or (doc.id in states and states[doc.id] is not None):
                    summary.duplicate += 1
                    continue
                flight.add(doc, pending=doc.id in states)
                yield doc

    def _write_partition(self, docs: list[Document], result: PartitionResult, flight: _InFlight,
                         summary: IngestSummary) -> None:
        """One writer: a partition's new documents with their statements in one transaction, the
        statements of documents stored earlier without them, and the partition's failures."""
        store = self._db()
        rejected = list(result.failures)
        pending = flight.pending
        fresh = [d for d in docs if d.id not in pending]
        completed = {d.id: result.statements[d.id] for d in docs if d.id in pending and d.id in result.statements}
        results = self._add_documents(fresh, rejected, result.statements, summary.run_id, result.states)
        new = [r.id for r in results if r.status == "new"]
        summary.new += len(new)
        summary.duplicate += sum(1 for r in results if r.status == "duplicate")
        summary.new_ids.extend(new)
        summary.statements += sum(len({s.id for s in result.statements.get(i, ())}) for i in new)
        if completed:
            summary.statements += store.replace_statements_many(completed, run_id=summary.run_id)
        store.set_extraction_states({i: v for i, v in result.states.items() if i in pending})
        flight.done(docs)
        if rejected:
            store.add_rejections(rejected)
            summary.rejections.extend(rejected)

    def _store_batch(self, batch: list[Document | Rejection], processor: Processor | None,
                     summary: IngestSummary) -> None:
        """Write one batch read from the inputs: its new documents with their statements
        (``processor``: extracted and coded first) in one transaction, then its rejections; with
        a processor, documents stored earlier without statements are completed too.

        This is, with :meth:`_write_partition`, the one place ingestion writes; a crash at any
        point leaves each document of the batch whole or unseen."""
        if processor is not None:
            flight = _InFlight()
            docs = list(self._triage(batch, max(1, len(batch)), summary, flight))
            statements, failures, states = processor.process_states(docs)
            self._write_partition(docs, PartitionResult(statements, failures, states=states), flight, summary)
            return
        store = self._db()
        docs = [x for x in batch if isinstance(x, Document)]
        rejected = [x for x in batch if isinstance(x, Rejection)]
        summary.read += len(docs)
        results = self._add_documents(docs, rejected)
        summary.new += sum(1 for r in results if r.status == "new")
        summary.duplicate += sum(1 for r in results if r.status == "duplicate")
        summary.new_ids.extend(r.id for r in results if r.status == "new")
        if rejected:
            store.add_rejections(rejected)
            summary.rejections.extend(rejected)

    def _add_documents(self, docs: list[Document], rejected: list[Rejection],
                       statements: dict[str, list[Statement]] | None = None, run_id: str | None = None,
                       states: Mapping[str, str] | None = None) -> list[Any]:
        """``store.add_documents(docs, statements)``; when a document cannot be encoded for the
        store, each document on its own, so that one is rejected with the reason and the rest kept.
        The error is raised again when no document of the batch can be written."""
        store = self._db()

        def add(some: list[Document]) -> list[Any]:
            return store.add_documents(some) if statements is None else \
                store.add_documents(some, statements, run_id=run_id, states=states)

        try:
            return add(docs)
        except _DATA_ERRORS as exc:
            first = exc
        results = []
        refused: list[Rejection] = []
        for doc in docs:
            try:
                results.extend(add([doc]))
            except _DATA_ERRORS as exc:
                refused.append(Rejection(doc.origin, f"cannot store the document: {type(exc).__name__}: {exc}"))
        if not results:
            raise first
        rejected.extend(refused)
        return results

    def reextract(
        self,
        *,
        source: str | None = None,
        language: str | None = None,
        pending: bool = False,
        batch_size: int | None = None,
        progress: Progress | None = None,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> ExtractRun:
        """Re-run extraction and coding over the stored documents (after the rules or the registry
        change), or (``pending``) only over those stored without statements (extraction NULL:
        read with ``--no-extract``, or whose extraction failed). Each partition replaces the
        statements of its documents in one transaction, stamped with a new run and the versions
        of the stages that produced them; ``workers`` and ``scheduler`` as for :meth:`ingest`."""
        store = self._writable()
        processor = self.processor()
        filters = {k: v for k, v in {"source": source, "language": language}.items() if v}
        size = int(batch_size or self.settings.batch_size or 100)
        engine = self.engine(processor, workers=workers, scheduler=scheduler)
        run_id = store.start_run("extract", {"filters": filters, "pending": pending, "workers": engine.workers,
                                             **processor.versions})
        if progress:
            progress.start(store.count_documents(pending=pending, **filters))
        counts = {"documents": 0, "statements": 0, "failed": 0}
        docs = store.iter_documents(batch_size=size, pending=pending, **filters)
        try:
            parts = partitioned(docs, 1 if engine.workers == 1 else engine.workers * 2, size)
            for part, result in engine.map(parts):
                counts["statements"] += store.replace_statements_many(result.statements, run_id=run_id)
                store.set_extraction_states(result.states)
                counts["failed"] += len(result.failures)
                if result.failures:
                    store.add_rejections(result.failures)
                counts["documents"] += len(part)
                if progress:
                    for doc in part:
                        progress.advance(doc.title or doc.id)
        finally:
            engine.close()
        store.finish_run(run_id, counts)
        self.cache.clear()
        return ExtractRun(run=run_id, **counts)

    def export_statements(self, folder: str | Path, query: StatementQuery | None = None, *,
                          format: str = "parquet", chunk: int = 20_000) -> StatementExport:
        """Write the statements of ``query`` under ``folder`` for DuckDB, pandas or Spark:
        ``format="parquet"``: a Parquet dataset partitioned by month of publication
        (``month=2025-03/part-0.parquet``; undated statements under ``month=undated``), one row
        per statement with its signal codes, its event codes and the whole record as JSON;
        ``format="jsonl"``: ``statements.jsonl``. Read ``chunk`` statements at a time."""
        if format not in ("parquet", "jsonl"):
            raise ConfigError(f"--format {format!r}: export formats are parquet and jsonl")
        query = self.check(query)
        root = Path(folder)
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise ConfigError(f"{root} exists and is not an empty folder: give a new folder to export into")
        root.mkdir(parents=True, exist_ok=True)
        store = self._db()
        filters = self._filters(query)
        total = 0
        months: set[str] = set()
        offset = 0
        part = 0
        jsonl = root / "statements.jsonl" if format == "jsonl" else None
        while True:
            found = store.statements(limit=chunk, offset=offset, **filters)
            if not found:
                break
            offset += len(found)
            rows = [_export_row(st) for st in found]
            months.update(r["month"] for r in rows)
            total += len(rows)
            if jsonl is not None:
                with open(jsonl, "a", encoding="utf-8") as fh:
                    fh.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
            else:
                _parquet.write_to_dataset(_arrow.Table.from_pylist(rows, schema=_export_schema()), root,
                                          partition_cols=["month"], basename_template=f"part-{part}-{{i}}.parquet")
            part += 1
            if len(found) < chunk:
                break
        return StatementExport(folder=str(root), format=format, statements=total, months=tuple(sorted(months)))

    def import_events(self, paths: Sequence[str | Path], *, format: EventFormat = "auto") -> EventImport:
        """Read ACLED CSV exports or GDELT event exports into the store, each actor mapped to a
        side through the registry in force. Unreadable rows are recorded as rejections; importing
        the same file again adds nothing."""
        store = self._writable()
        events: list[Event] = []
        rejected: list[Rejection] = []
        for path in paths:
            for item in _events.read_events(path, format=format, registry=self.registry):
                (events if isinstance(item, Event) else rejected).append(item)
        counts = store.add_events(events)
        if rejected:
            store.add_rejections(rejected)
        self.cache.clear()
        return EventImport(
            read=len(events), new=counts.get("new", 0), duplicate=counts.get("duplicate", 0),
            rejections=tuple(rejected), sides=tuple(sorted({e.side1 for e in events if e.side1})),
        )

    # ---------------------------------------------------------- reading without a store
    def extract(self, sources: Sequence[str], *, options: IngestOptions | None = None,
                code: bool = True) -> Iterator[dict[str, Any] | Rejection]:
        """Statement rows of the documents read from ``sources``, without storing anything (see
        :func:`parley.pipeline.extract_inputs`); coded too when ``code``."""
        processor = self.processor(code=code)  # loaded now: a bad registry or lexicon fails before reading
        return extract_inputs(sources, processor, options or self.ingest_options())

    def code(self, lines: Iterable[str], *, language: str = "en", backend: str = "learned",
             origin: str = "<stdin>") -> Iterator[CodedRecord | Rejection]:
        """Code lines (JSON records or plain sentences) with signals and PLOVER/CAMEO events."""
        s = self.settings
        if backend == "endpoint":
            coder = get_coder(backend, language=language, endpoint=s.coder_endpoint or None,
                              api_key=s.coder_api_key, timeout=float(s.fetch_timeout))
        else:
            coder = get_coder(backend, language=language, registry=self.registry)
        return code_lines(lines, coder, origin=origin, language=language)

    # ------------------------------------------------------------------ queries
    def query(self, **values: Any) -> StatementQuery:
        """A :class:`StatementQuery` from loosely typed values (see :meth:`StatementQuery.of`),
        validated (see :meth:`check`)."""
        return self.check(StatementQuery.of(**values))

    def check(self, query: StatementQuery | None) -> StatementQuery:
        """``query`` validated once against the codebook, the store and the registry, with its
        document resolved to a stored id. An unknown signal code or topic
        (:class:`~parley.errors.UnknownCode`), kind (:class:`~parley.errors.ConfigError`), side or
        actor (:class:`~parley.errors.NotFound`) is an error that lists the known ones (the closest,
        for actors)."""
        query = query or StatementQuery()
        done = self._checked.get(query)
        if done is not None:
            return done
        checked = query
        for code in query.signals:
            self.codebook.signal(code)  # UnknownCode, listing the known codes
        if query.topic:
            self.codebook.check_topic(query.topic)
        if query.kind and query.kind not in STATEMENT_KINDS:
            raise ConfigError(f"--kind {query.kind!r}: known kinds are {', '.join(STATEMENT_KINDS)}")
        if query.side:
            self._check_side(query.side)
        if query.actor:
            self._check_actor(query.actor)
        if query.doc:
            checked = query.replace(doc=self._db().get_document(query.doc).id)
        if len(self._checked) > 512:
            self._checked.clear()
        self._checked[query] = checked
        return checked

    def _check_side(self, side: str) -> None:
        stored = self.sides() if self.store is not None else {}
        if side in stored or side in {s.upper() for s in self.registry.sides}:
            return
        in_store = ", ".join(stored) or "none"
        others = ", ".join(sorted(set(self.registry.sides) - set(stored)))
        raise NotFound(
            f"{side!r} is not a known side; sides with statements in this store: {in_store}; "
            f"other sides of the registry: {others}"
        )

    def _check_actor(self, actor: str) -> None:
        store = self._db()
        if store.count_statements(actor=actor):
            return
        registry = self.registry
        if actor in registry or registry.resolve(actor) is not None:
            return  # a known actor who said nothing (here): an empty answer, not an error
        names = [n for a in self.actor_activity(limit=5000) for n in (a.actor, a.speaker) if n]
        names += [a.id for a in registry.actors]
        close = [m[0] for m in fuzzy.extract(actor, names, limit=5, score_cutoff=60)]
        hint = f"; the closest known: {', '.join(close)}" if close else ""
        raise NotFound(
            f"{actor!r} is not a known actor: no statement of this store is by that id or name, and the "
            f"registry does not know it{hint} (`parley actors --rank` lists the speakers, "
            "`parley actors list` the registry)"
        )

    # ------------------------------------------------------------------ reading
    def statements(self, query: StatementQuery | None = None, *, limit: int | None = None, offset: int = 0,
                   newest_first: bool = False) -> list[Statement]:
        """Statements matching ``query``, in date order (newest first with ``newest_first``),
        then document order."""
        query = self.check(query)
        return self._db().statements(limit=limit, offset=offset, order="-published" if newest_first else "published",
                                     **self._filters(query))

    def _filters(self, query: StatementQuery) -> dict[str, Any]:
        return query.store_filters(doc_id=query.doc)

    def count_statements(self, query: StatementQuery | None = None) -> int:
        return self._db().count_statements(**self._filters(self.check(query)))

    def signal_counts(self, query: StatementQuery | None = None) -> dict[str, int]:
        """How many statements carry each signal code (negated signals excluded)."""
        return self._db().signal_counts(**self._filters(self.check(query)))

    def facets(self, query: StatementQuery | None = None) -> StatementFacets:
        """How many statements match, by signal code (most first) and by side (cached)."""
        query = self.check(query)
        store = self._db()
        filters = self._filters(query)

        def compute() -> StatementFacets:
            return StatementFacets(store.count_statements(**filters), queries.signal_facets(store, **filters),
                                   queries.sides(store, **filters))

        return self.cache.get(store, ("facets", query), compute)

    def sides(self, query: StatementQuery | None = None) -> dict[str, int]:
        """Each side with its number of statements, most first (no validation: the known sides)."""
        store = self._db()
        filters = (query or StatementQuery()).store_filters()
        return self.cache.get(store, ("sides", query), lambda: queries.sides(store, **filters))

    def timeline(self, query: StatementQuery | None = None, *, by: str = "week") -> list[TimelinePoint]:
        """Statements per period, side and signal code, oldest first."""
        return queries.signal_timeline(self._db(), by=by, **self._filters(self.check(query)))

    def date_range(self) -> DateRange:
        """The first and last plausible publication dates of the stored statements (between the
        ``earliest_date`` setting and tomorrow: one statement dated 1941 does not stretch a chart)."""
        first, last = self.plausible_days()
        return queries.date_range(self._db(), since=first, until=last)

    def plausible_days(self) -> tuple[dt.date, dt.date | None]:
        """The first day a stored publication date can be (the ``earliest_date`` setting), and no
        last: future dates are set aside when read (relative to that day; the fictional demo, set
        in 2030, says so), not when analysed."""
        return self.earliest_date, None

    def undated(self) -> tuple[int, int]:
        """How many documents and statements carry no plausible date (none, or one outside
        :meth:`plausible_days`): they are in no dated analysis, and ``parley docs --undated`` lists them."""
        store = self._db()
        outside = self.plausible_days()
        return store.count_documents(outside=outside), store.count_statements(outside=outside)

    def actor_activity(self, query: StatementQuery | None = None, *, limit: int | None = 20) -> list[ActorActivity]:
        """The most active speakers, by statements."""
        return queries.actor_activity(self._db(), limit=limit, **self._filters(self.check(query)))

    def palette(self) -> dict[str, str]:
        """Each side's colour in this store, the same on every chart and badge."""
        store = self._db()
        return self.cache.get(store, ("palette",), lambda: charts.assign_colours(queries.sides(store)))

    def document(self, doc_id: str) -> DocumentView:
        """A document (by id, unique prefix or the source's own id), its statements in text order
        and the runs that produced them."""
        store = self._db()
        doc = store.get_document(doc_id)
        statements = sorted(store.statements(doc_id=doc.id), key=lambda s: (s.start, s.end))
        return DocumentView(doc, tuple(statements), tuple(store.runs_of(doc.id)),
                            store.extraction_states([doc.id]).get(doc.id))

    def citation(self, s: Statement) -> SourceCitation:
        """Where a reader finds ``s``: outlet, headline, link (http/https only), date, speaker and
        sentence, with the document id and offsets (the document's fields cached per document)."""
        return self.citations([s])[0]

    def citations(self, statements: Sequence[Statement]) -> list[SourceCitation]:
        """:meth:`citation` of each statement: the documents' fields read in one query (not their
        texts), each kept in the cache's per-row store (they never evict an analysis)."""
        store = self._db()
        docs: dict[str, tuple[str | None, str | None, str | None]] = {}
        missing: list[str] = []
        for s in statements:
            if s.doc_id in docs or s.doc_id in missing:
                continue
            known = self.cache.peek(store, ("source", s.doc_id), row=True)
            if known is MISSING:
                missing.append(s.doc_id)
            else:
                docs[s.doc_id] = known
        if missing:
            found = store.document_labels(missing)
            for doc_id in missing:
                # a statement whose document is gone: cited without its outlet
                source, title, link = found.get(doc_id, (None, None, None))
                docs[doc_id] = (source, title, safe_link(link))
                self.cache.put(store, ("source", doc_id), docs[doc_id], row=True)
        out = []
        for s in statements:
            outlet, headline, url = docs[s.doc_id]
            out.append(SourceCitation(outlet=outlet, headline=headline, url=url, published=_iso(s.published),
                                      speaker=s.speaker, sentence=s.text, doc_id=s.doc_id, start=s.start, end=s.end))
        return out

    def get_document(self, doc_id: str) -> Document:
        """A document by id, unique id prefix or the source's own id (NotFound otherwise)."""
        return self._db().get_document(doc_id)

    def documents(self, q: str | None = None, *, source: str | None = None, language: str | None = None,
                  since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None,
                  offset: int = 0, undated: bool = False) -> list[Document]:
        """Stored documents, newest first, filtered; ``q`` searches titles and texts; ``undated``:
        only those without a plausible date (see :meth:`undated`)."""
        return self._db().documents(q=q, source=source, language=language, since=since, until=until,
                                    limit=limit, offset=offset, outside=self.plausible_days() if undated else None)

    def rejections(self, *, stage: str | None = None, limit: int | None = None) -> list[RejectionRow]:
        """Inputs that were rejected, with the reason, newest first."""
        return self._db().rejections(stage=stage, limit=limit)

    def stats(self) -> dict[str, Any]:
        """What the store holds: documents, statements, events, rejections."""
        return self._db().stats()

    def events(self, *, side: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None) -> list[Event]:
        return self._db().events(side=side, since=since, until=until)

    # ------------------------------------------------------------------ analyses
    def contradictions(
        self,
        query: StatementQuery | None = None,
        *,
        among: Sequence[Statement] | None = None,
        window_days: int | None = None,
        rules: Sequence[str] | None = None,
        involving: str | None = None,
    ) -> ContradictionsResult:
        """Pairs of statements that cannot both hold among those of ``query`` (or the statements
        ``among``; see :func:`parley.analysis.contradictions.find_contradictions`): within
        ``window_days`` (default: the ``contradiction_window_days`` setting), by ``rules`` (default:
        all); ``involving`` keeps the pairs in which that actor (id or name) is one of the speakers."""
        query = self.check(query)
        window = int(self.settings.contradiction_window_days if window_days is None else window_days)
        if not 0 <= window <= MAX_WINDOW_DAYS:
            raise ConfigError(f"window_days must be between 0 and {MAX_WINDOW_DAYS}, not {window}")
        wanted = tuple(rules) if rules else None
        for rule in wanted or ():
            if rule not in _contradictions.RULE_NAMES:
                raise ConfigError(f"{rule!r} is not a contradiction rule; known rules: {', '.join(_contradictions.RULE_NAMES)}")
        store = self._db()

        def compute() -> tuple[list[Contradiction], int]:
            statements = list(self._statements_of(query)) if among is None else list(among)
            return _contradictions.find_contradictions(statements, window_days=window, registry=self.registry, rules=wanted), \
                len(statements)

        if among is None:
            found, compared = self.cache.get(store, ("contradictions", query, window, wanted), compute)
        else:
            found, compared = compute()
        if involving:
            found = [c for c in found if _involves(c, involving)]
        return ContradictionsResult(tuple(found), compared, window)

    def profiles(self, query: StatementQuery | None = None) -> dict[str, ActorProfile]:
        """Every actor's profile over the query's statements of every side (its side filter aside),
        by actor key: the one computation of roles (:func:`parley.analysis.profiles.profiles`) that
        ``profile``, ``rank_actors``, the dashboard and the briefing read (cached)."""
        query = self.check(query).replace(side=None, actor=None)
        store = self._db()
        return self.cache.get(store, ("profiles", query),
                              lambda: _profiles.profiles(self._folded_of(query), registry=self.registry))

    def _folded_of(self, query: StatementQuery) -> list[Statement]:
        """:meth:`folded` over the query's statements, read and folded once per store version (the
        profiles and the tactics of one period share it)."""
        store = self._db()
        return self.cache.get(store, ("folded", query), lambda: self.folded(self._statements_of(query)))

    def _statements_of(self, query: StatementQuery) -> list[Statement]:
        """The query's statements, read once per store version (the folding, and the actor pages
        that look a name up among them, share one read)."""
        store = self._db()
        return self.cache.get(store, ("statements", query), lambda: store.statements(**self._filters(query)))

    def folded(self, statements: Iterable[Statement]) -> list[Statement]:
        """The statements with each speaker's near-identical ones folded into the earliest (one
        quote carried by several outlets counts once; :mod:`parley.analysis.duplicates`): what
        the counts, rates, trends and roles of the analyses are computed on."""
        return _duplicates.folded(statements)

    def fold(self, statements: Iterable[Statement]) -> list[Any]:
        """Each quote with its copies (:func:`parley.analysis.duplicates.fold`): to cite every source."""
        return _duplicates.fold(statements)

    def profile(self, actor: str, *, since: dt.date | None = None, until: dt.date | None = None) -> ActorProfile:
        """An actor's profile (an id, a full name or an unambiguous surname) over its statements
        and its side's in the period: signal rates, cooperation score and role on its side (its
        entry in :meth:`profiles`)."""
        period = StatementQuery(since=since, until=until)
        found = self.profiles(period)
        if actor in found:
            return found[actor]
        store = self._db()
        return self.cache.get(store, ("profile", actor, since, until),
                              lambda: _profiles.pick(actor, found, self._statements_of(self.check(period))))

    def rank_actors(self, query: StatementQuery | None = None, *, min_statements: int = 3) -> list[ActorProfile]:
        """Every actor with ``min_statements`` statements or more (of the query's side), most
        conciliatory first (from :meth:`profiles`)."""
        query = self.check(query)
        return _profiles.ranked(self.profiles(query).values(), side=query.side, min_statements=min_statements)

    def trends(self, query: StatementQuery | None = None, *, actor: str | None = None, by: str = "week") -> Trend:
        """Signal rates and the cooperation score per period of the query's statements (or
        ``actor``'s among them: an id, a full name or an unambiguous surname), with the shifts
        that hold and the evidence of each."""
        query = self.check(query)
        statements = self.folded(self._db().statements(**self._filters(query)))
        return _trends.trends(statements, by=by, side=query.side, actor=actor)

    def shifts(self, sides: Iterable[str], *, since: dt.date | None = None, until: dt.date | None = None,
               by: str = "week") -> SideTrends:
        """Each side's cooperation trend: its sustained shifts, newest first, each with the
        statement it starts from and its evidence, and its per-period scores (cached)."""
        sides = tuple(sides)
        store = self._db()

        def compute() -> SideTrends:
            found: list[Shift] = []
            points: list[CooperationPoint] = []
            for side in sides:
                statements = self.folded(store.statements(**StatementQuery(side=side, since=since, until=until)
                                                          .store_filters()))
                try:
                    t = _trends.trends(statements, by=by, side=side, series=len(sides))
                except NotFound:  # no dated statement of that side in the period
                    continue
                points += [CooperationPoint(p.period, side, p.score, p.score_low, p.score_high, p.statements)
                           for p in t.points]
                by_id = {s.id: s for s in statements}
                for c in t.change_points:
                    found.append(Shift(
                        side=side, date=c.date, period=c.period, before=c.before, after=c.after, shift=c.shift,
                        n_before=c.n_before, n_after=c.n_after, low=c.low, high=c.high, tests=c.tests,
                        statement=by_id.get(c.statement_id),
                        evidence=tuple(by_id[i] for i in c.evidence if i in by_id),
                    ))
            found.sort(key=lambda s: (s.date, abs(s.shift)), reverse=True)
            return SideTrends(tuple(found), tuple(points))

        return self.cache.get(store, ("shifts", sides, since, until, by), compute)

    def saydo(self, query: StatementQuery | None = None, *, among: Sequence[Statement] | None = None,
              by: str = "week", default_days: int = 3) -> SayDoResult:
        """Words against deeds for the query's side and period (or the statements ``among``, over
        the query's period): each declared ceasefire against the side's recorded attacks (events
        read :data:`~parley.analysis.deeds.EVENT_PAD_DAYS` beyond the period, where a window may
        reach), and verbal cooperation against attacks per period."""
        query = self.check(query)
        store = self._db()

        def compute() -> SayDoResult:
            # the query's statements as read once for every analysis of this store version
            statements = list(self._statements_of(query)) if among is None else list(among)
            first, last = _deeds.event_window(query.since, query.until)
            events = store.events(side=query.side, since=first, until=last)
            return SayDoResult(_deeds.saydo(statements, events, by=by, default_days=default_days, side=query.side),
                               len(events))

        if among is not None:
            return compute()
        return self.cache.get(store, ("saydo", query, by, default_days), compute)

    def tactics(self, query: StatementQuery | None = None, *, among: Sequence[Statement] | None = None,
                patterns: Sequence[str] | None = None) -> TacticsResult:
        """The negotiating tactics among the query's statements (or the statements ``among``, over the
        query's period): mixed messages, role split, charm offensive, truce against deeds and stalling
        (:func:`parley.analysis.tactics.find_tactics`), each with its evidence; the query's side keeps
        that side's findings (the patterns are read against every side: an adversary, a baseline)."""
        query = self.check(query)
        wanted = tuple(patterns) if patterns else None
        for pattern in wanted or ():
            if pattern not in _tactics.PATTERN_NAMES:
                raise ConfigError(f"{pattern!r} is not a tactic; known tactics: {', '.join(_tactics.PATTERN_NAMES)}")
        store = self._db()
        every = query.replace(side=None, actor=None)

        def compute() -> TacticsResult:
            statements = self._folded_of(every) if among is None else self.folded(among)
            roles = self.profiles(every) if among is None else _profiles.profiles(statements, registry=self.registry)
            deeds = self.saydo(every, among=statements).saydo
            found = _tactics.find_tactics(statements, profiles=roles, ceasefires=deeds.ceasefires,
                                          registry=self.registry, patterns=wanted, side=query.side)
            warning = deeds.warning if "truce_against_deeds" in (wanted or _tactics.PATTERN_NAMES) else None
            return TacticsResult(found.findings, found.withheld, len(statements), warning)

        if among is not None:
            return compute()
        return self.cache.get(store, ("tactics", query, wanted), compute)

    def overview(self, *, side: str | None = None, since: dt.date | None = None,
                 until: dt.date | None = None) -> Overview:
        """Signals by side over time, the recent sustained shifts, the latest contradictions and
        the most active actors (recent: the :data:`RECENT_DAYS` before ``until`` or the last
        statement)."""
        query = self.check(StatementQuery(side=side, since=since, until=until))
        store = self._db()

        def compute() -> Overview:
            first, last_day = self.plausible_days()
            span = queries.date_range(store, since=first, until=last_day)  # no last: until=None
            # the charts span the data's real period: implausible dates are counted, not drawn
            filters = self._filters(query)
            dated = self._filters(query.replace(since=max(query.since or first, first)))
            undated_docs, undated_statements = self.undated()
            last = until or span.last
            recent_since = since or _deeds.shift_day(last, -RECENT_DAYS)
            if span.first and recent_since and recent_since < span.first:
                recent_since = span.first
            side_counts = queries.sides(store, **filters)
            followed = [side] if side else list(side_counts)[:MAX_SIDES]
            trend = self.shifts(followed, since=recent_since, until=until)
            lead = self.findings(since=recent_since, until=last, sides=followed) if recent_since and last else []
            found = self.contradictions(query.replace(since=recent_since)).contradictions
            latest = sorted(found, key=lambda c: (c.b.published or dt.date.min, c.a.published or dt.date.min),
                            reverse=True)[:OVERVIEW_CONTRADICTIONS]
            return Overview(
                stats=store.stats(), first=span.first, last=span.last, side=side, since=since, until=until,
                recent_since=recent_since, sides=side_counts,
                timeline=tuple(queries.signal_timeline(store, by="week", **dated)),
                cooperation=trend.points, shifts=trend.shifts, contradictions=tuple(latest),
                actors=tuple(queries.actor_activity(store, limit=OVERVIEW_ACTORS, **filters)),
                undated_documents=undated_docs, undated_statements=undated_statements,
                findings=tuple(lead),
            )

        return self.cache.get(store, ("overview", query), compute)

    def actor(self, actor: str, *, since: dt.date | None = None, until: dt.date | None = None,
              latest: int = 20) -> ActorRecord:
        """An actor's record (``actor``: an id, or a speaker's name as stored): who it is, its
        profile, its latest statements, signal mix, timeline and contradictions on its side."""
        store = self._db()
        query = StatementQuery(actor=actor, since=since, until=until)
        filters = query.store_filters()
        total = store.count_statements(**filters)
        if total == 0:
            raise NotFound(f"no statements by {actor!r}; see the most active actors at /actors")
        recent = store.statements(limit=latest, order="-published", **filters)
        info = self._actor_info(actor, recent)
        try:
            prof: ActorProfile | None = self.profile(actor, since=since, until=until)
        except (NotFound, ConfigError):  # too few or ambiguous statements: a record without a profile
            prof = None
        found: list[Contradiction] = []
        if info.side:
            pairs = self.contradictions(StatementQuery(side=info.side, since=since, until=until)).contradictions
            found = [c for c in pairs if _involves(c, actor) or _involves(c, info.name)]
        return ActorRecord(
            info=info, profile=prof, total=total, latest=tuple(recent),
            signal_mix=dict(sorted(store.signal_counts(**filters).items(), key=lambda kv: (-kv[1], kv[0]))),
            timeline=tuple(queries.signal_timeline(store, by="week", **filters)),
            contradictions=tuple(sorted(found, key=lambda c: c.b.published or dt.date.min, reverse=True)),
        )

    def _actor_info(self, actor: str, statements: Sequence[Statement]) -> ActorInfo:
        registry = self.registry
        if actor in registry:
            a = registry.get(actor)
            return ActorInfo(
                id=a.id, name=a.name, side=a.side, type=a.type, in_registry=True,
                roles=tuple(r.title + (f" ({_iso(r.start) or '…'} – {_iso(r.end) or 'now'})" if r.start or r.end else "")
                            for r in a.roles),
            )
        names = [s.speaker for s in statements if s.speaker]
        return ActorInfo(id=actor, name=_majority(names) or actor, side=_majority([s.side for s in statements]))

    def findings(self, *, since: dt.date, until: dt.date, sides: Sequence[str] = ()) -> list[Any]:
        """The period's ranked findings, each with the statements it cites: what the briefing leads
        with (:func:`parley.api.briefing.findings`), for the dashboard's first screen (cached)."""
        store = self._db()
        return self.cache.get(store, ("findings", since, until, tuple(sides)),
                              lambda: _briefing.findings(self, since=since, until=until, sides=sides))

    def briefing(self, *, since: dt.date, until: dt.date, sides: Sequence[str] = (), base_url: str | None = None,
                 quotes_per_side: int = 5, chart_width: int = 640) -> Briefing:
        """The briefing for ``since``–``until`` (see :func:`parley.api.briefing.build_briefing`)."""
        return _briefing.build_briefing(self, since=since, until=until, sides=sides, base_url=base_url,
                              quotes_per_side=quotes_per_side, chart_width=chart_width)

    # ------------------------------------------------------------------ the registry
    def actors(self, *, side: str | None = None, type: str | None = None, countries: bool = False) -> list[dict[str, Any]]:
        """The registry's actors, one row each, by side ('none': independents) and type."""
        return _listing.actor_rows(self.registry, side=side, type=type, countries=countries)

    def actor_detail(self, name: str, *, on: str | dt.date | None = None, language: str = "en") -> ActorDetail:
        """One registry actor, by id or by any name, alias or case form (role phrases at ``on``)."""
        return _listing.actor_detail(self.registry, name, on=on, language=language)

    def check_registry(self) -> RegistryCheck:
        """Problems in the registry in force: shared names, overlapping terms, missing facts."""
        registry = self.registry
        return RegistryCheck(tuple(registry.check()), tuple(str(f) for f in registry.files), len(registry.actors))

    def unresolved(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Speaker mentions no registry actor matched, most frequent first, with what the registry
        resolves each to now."""
        registry = self.registry
        return [
            {"mention": m.mention, "count": m.count, "resolves_to": registry.resolve_id(m.mention),
             "example_doc_id": m.example_doc_id, "example_text": m.example_text}
            for m in self._db().unresolved_mentions(limit=limit)
        ]


@dataclass
class _InFlight:
    """The documents sent to extraction and not written yet: their ids, those of them stored
    already without statements (``pending``), and their URLs per language."""

    ids: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)
    urls: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def holds(self, doc: Document) -> bool:
        """Whether ``doc`` duplicates a document in flight (same content, or same URL in the same
        language)."""
        return doc.id in self.ids or bool(doc.url and (doc.url, doc.language) in self.urls)

    def add(self, doc: Document, *, pending: bool) -> None:
        self.ids.add(doc.id)
        if pending:
            self.pending.add(doc.id)
        if doc.url:
            self.urls[(doc.url, doc.language)] = doc.id

    def done(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self.ids.discard(doc.id)
            self.pending.discard(doc.id)
            if doc.url and self.urls.get((doc.url, doc.language)) == doc.id:
                del self.urls[(doc.url, doc.language)]


@dataclass(frozen=True, slots=True)
class PartitionWrite:
    """What a worker that writes its own partition reports back (``write_from_workers``)."""

    new: int
    duplicate: int
    statements: int
    new_ids: tuple[str, ...]
    failures: tuple[Rejection, ...]
    worker: int
    peak_rss_mb: float = 0.0


#: the stores a worker process opened, by URL (one engine and its connection pool per store)
_WORKER_STORES: dict[str, Store] = {}


def _store_partition(spec: ProcessorSpec, docs: list[Document], db: str, run_id: str | None) -> PartitionWrite:
    """A Dask task: extract one partition and write it straight into the PostgreSQL store ``db``
    from the worker (its new documents with their statements in one transaction; documents
    stored earlier without statements completed). Idempotent: run twice, it writes once."""
    store = _WORKER_STORES.get(db)
    if store is None:
        store = _WORKER_STORES[db] = _store.open_store(db)
    states = store.extraction_states([d.id for d in docs])
    todo = [d for d in docs if d.id not in states or states[d.id] is None]
    result = process_documents(spec, todo)
    fresh = [d for d in todo if d.id not in states]
    results = store.add_documents(fresh, result.statements, run_id=run_id, states=result.states)
    new = tuple(r.id for r in results if r.status == "new")
    statements = sum(len({s.id for s in result.statements.get(i, ())}) for i in new)
    completed = {d.id: result.statements[d.id] for d in todo if d.id in states and d.id in result.statements}
    if completed:
        statements += store.replace_statements_many(completed, run_id=run_id)
    store.set_extraction_states({d.id: result.states[d.id] for d in todo if d.id in states and d.id in result.states})
    if result.failures:
        store.add_rejections(result.failures)
    return PartitionWrite(new=len(new), duplicate=len(docs) - len(todo) + sum(1 for r in results if r.status != "new"),
                          statements=statements, new_ids=new, failures=tuple(result.failures), worker=os.getpid(),
                          peak_rss_mb=peak_rss_mb())


def _export_row(st: Statement) -> dict[str, Any]:
    """One statement as a flat row of an export (see :meth:`Parley.export_statements`)."""
    event = st.event
    return {
        "id": st.id, "doc_id": st.doc_id, "speaker": st.speaker, "actor_id": st.actor_id, "side": st.side,
        "mention": st.mention, "cue": st.cue, "kind": st.kind, "text": st.text, "start": st.start, "end": st.end,
        "published": st.published, "language": st.language, "confidence": float(st.confidence),
        "signals": [s.code for s in st.signals if not s.negated],
        "plover": event.plover if event else None, "cameo": event.cameo if event else None,
        "goldstein": event.goldstein if event else None, "cooperation": event.cooperation if event else None,
        "extractor": st.extractor, "record": json.dumps(to_dict(st), ensure_ascii=False),
        "month": st.published.strftime("%Y-%m") if st.published else "undated",
    }


def _export_schema() -> Any:
    pa = _arrow
    return pa.schema([
        ("id", pa.string()), ("doc_id", pa.string()), ("speaker", pa.string()), ("actor_id", pa.string()),
        ("side", pa.string()), ("mention", pa.string()), ("cue", pa.string()), ("kind", pa.string()),
        ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("published", pa.date32()),
        ("language", pa.string()), ("confidence", pa.float64()), ("signals", pa.list_(pa.string())),
        ("plover", pa.string()), ("cameo", pa.string()), ("goldstein", pa.float64()), ("cooperation", pa.float64()),
        ("extractor", pa.string()), ("record", pa.string()), ("month", pa.string()),
    ])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _majority(values: Iterable[str | None]) -> str | None:
    items = [v for v in values if v]
    return max(set(items), key=items.count) if items else None


def _involves(c: Contradiction, actor: str) -> bool:
    a = actor.casefold()
    return any((s.actor_id or "").casefold() == a or (s.speaker or "").casefold() == a for s in (c.a, c.b))


def __getattr__(name: str) -> Any:
    if name in ("Briefing", "build_briefing"):  # the briefing, loaded when first asked for
        return getattr(_briefing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Briefing",
    "Computing",
    "IngestOptions",
    "MISSING",
    "NO_CACHE",
    "Parley",
    "ResultCache",
    "StatementQuery",
    "build_briefing",
    "parse_day",
    "patience",
]
