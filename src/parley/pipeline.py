"""The processing pipeline: documents → statements (extractor) → coded statements (coder).

The extractor and the coder are chosen per document language; both are loaded once per
:class:`Processor`. A document that makes a stage fail is reported as a rejection of that stage
(the document itself stays stored) and the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from . import settings
from .records import Document, Rejection, Statement

log = logging.getLogger(__name__)


def resolve_path(ref: str) -> Path:
    """A registry file reference: a path, or ``pkg:package.name/file.yaml`` inside a package."""
    if ref.startswith("pkg:"):
        package, _, name = ref[4:].partition("/")
        return Path(str(resources.files(package).joinpath(name)))
    return Path(ref).expanduser()


def registry_files(store: Any = None) -> list[Path]:
    """Extra registry files in force: the ``registry`` setting, then those attached to the store."""
    refs = [r.strip() for r in str(settings.get("registry")).split(",") if r.strip()]
    if store is not None:
        refs += list(store.get_meta("registry_extra", []) or [])
    return [resolve_path(r) for r in dict.fromkeys(refs)]


def registry_for(store: Any = None):
    """The packaged actor registry merged with the extra files in force for ``store``."""
    from .actors import load_registry

    return load_registry(extra=registry_files(store))


class Processor:
    """Extract and code statements for batches of documents."""

    def __init__(self, *, registry: Any = None, coder_backend: str = "learned", code: bool = True):
        self.registry = registry if registry is not None else registry_for(None)
        self.coder_backend = coder_backend
        self.code = code
        self._extractors: dict[str, Any] = {}
        self._coders: dict[str, Any] = {}

    def extractor(self, language: str | None):
        from .extract import get_extractor

        lang = language or "en"
        if lang not in self._extractors:
            self._extractors[lang] = get_extractor(lang, registry=self.registry)
        return self._extractors[lang]

    def coder(self, language: str | None):
        from .signals import get_coder

        lang = language or "en"
        if lang not in self._coders:
            self._coders[lang] = get_coder(self.coder_backend, language=lang, registry=self.registry)
        return self._coders[lang]

    @property
    def versions(self) -> dict[str, str]:
        """The stage versions this processor stamps on what it derives."""
        out = {}
        ext = self.extractor("en")
        out["extractor"] = f"{ext.name}/{ext.version}"
        if self.code:
            cod = self.coder("en")
            out["coder"] = f"{cod.name}/{cod.version}"
        return out

    def process_one(self, doc: Document) -> list[Statement]:
        statements = list(self.extractor(doc.language)(doc))
        if self.code and statements:
            statements = self.coder(doc.language).code_document(doc, statements)
        return statements

    def process(self, docs: Iterable[Document]) -> tuple[dict[str, list[Statement]], list[Rejection]]:
        """Statements per document id, and a rejection for each document a stage failed on."""
        out: dict[str, list[Statement]] = {}
        failures: list[Rejection] = []
        for doc in docs:
            try:
                out[doc.id] = self.process_one(doc)
            except Exception as exc:  # one bad document must not stop the batch
                log.exception("extraction failed on %s", doc.id)
                failures.append(
                    Rejection(
                        origin=doc.origin or doc.id,
                        reason=f"extraction failed: {type(exc).__name__}: {exc}",
                        locator=f"document {doc.id}",
                        at=dt.datetime.now(dt.UTC).replace(microsecond=0),
                        stage="extract",
                    )
                )
        return out, failures


def reextract(
    store,
    *,
    batch_size: int = 100,
    progress: Any = None,
    processor: Processor | None = None,
    **filters: Any,
) -> dict[str, int]:
    """Re-run extraction and coding over stored documents (after the rules or registry change).

    Each batch replaces the statements of its documents in one transaction, stamped with a new
    run id and the versions of the stages that produced them.
    """
    processor = processor or Processor(registry=registry_for(store))
    run_id = store.start_run("extract", {"filters": filters, **processor.versions})
    total = store.count_documents(**filters)
    if progress:
        progress.start(total)
    counts = {"documents": 0, "statements": 0, "failed": 0}
    batch: list[Document] = []

    def flush() -> None:
        statements, failures = processor.process(batch)
        counts["statements"] += store.replace_statements_many(statements, run_id=run_id)
        counts["failed"] += len(failures)
        if failures:
            store.add_rejections(failures)
        counts["documents"] += len(batch)
        batch.clear()

    for doc in store.iter_documents(batch_size=batch_size, **filters):
        batch.append(doc)
        if progress:
            progress.advance(doc.title or doc.id)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    store.finish_run(run_id, counts)
    counts_out = dict(counts)
    counts_out["run"] = run_id  # type: ignore[assignment]
    return counts_out


def extract_documents(docs: Sequence[Document], processor: Processor | None = None) -> list[Statement]:
    """Statements of documents that are not stored (``parley extract PATH``)."""
    processor = processor or Processor()
    statements, _ = processor.process(docs)
    return [st for doc in docs for st in statements.get(doc.id, [])]


def process_partition(records: Iterable[dict[str, Any]], *, registry_extra: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Extract and code a partition of documents given as plain dicts; return statement dicts.

    A pure function of its input, with no store and no shared state, so that an existing engine
    can spread a large archive over workers, e.g. with Dask::

        import dask.bag as db
        bag = db.read_text("archive/*.jsonl").map(json.loads)
        statements = bag.map_partitions(process_partition).to_dataframe()

    Each worker builds its own :class:`Processor` (the registry and models load once per
    partition); the documents carry their ids, so results can be written back with
    :meth:`Store.replace_statements_many`.
    """
    from .actors import load_registry
    from .records import content_hash, to_dict

    docs = [Document.from_dict({**rec, "id": rec.get("id") or content_hash(rec["text"])}) for rec in records]
    processor = Processor(registry=load_registry(extra=[resolve_path(r) for r in registry_extra]))
    statements, _failures = processor.process(docs)
    return [to_dict(st) for doc in docs for st in statements.get(doc.id, [])]
