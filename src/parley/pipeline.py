"""The pipeline: the stages composed, documents → statements (extractor, speakers resolved
against the actor registry) → coded statements (coder).

The pipeline holds no store and reads no settings: :class:`parley.api.Parley` builds a
:class:`Processor` from the registry and the settings it resolved, and writes what the processor
returns. The extractor and the coder are chosen per document language and loaded once per
processor. A document in a language without a lexicon, or one a stage fails on, comes back as a
:class:`~parley.records.Rejection` of the ``extract`` stage and the rest of the batch goes on; a
lexicon, codebook or registry that cannot be loaded is an error that stops the run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .actors import Registry, load_registry, resolve_ref
from .errors import UnknownLanguage
from .extract import Extractor, get_extractor
from .ingest import IngestOptions, read_inputs
from .records import Document, Rejection, Statement, content_hash, to_dict
from .signals import Coder, get_coder
from .stages import Stage, stamp

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
    backend's ``endpoint``, ``api_key`` and ``timeout``).
    """

    def __init__(self, *, registry: Registry | None = None, coder_backend: str = "rules", code: bool = True,
                 coder_options: Mapping[str, Any] | None = None):
        self.registry = registry if registry is not None else load_registry()
        self.coder_backend = coder_backend
        self.coder_options = dict(coder_options or {})
        self.code = code
        self._extractors: dict[str, Extractor] = {}
        self._coders: dict[str, Coder] = {}

    def extractor(self, language: str | None) -> Extractor:
        lang = language or "en"
        if lang not in self._extractors:
            self._extractors[lang] = get_extractor(lang, registry=self.registry)
        return self._extractors[lang]

    def coder(self, language: str | None) -> Coder:
        lang = language or "en"
        if lang not in self._coders:
            options = self.coder_options if self.coder_backend != "rules" else {}
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
            statements = list(self.coder(doc.language).pipe(statements))
        return statements

    def process(self, docs: Iterable[Document]) -> tuple[dict[str, list[Statement]], list[Rejection]]:
        """Statements per document id, and a rejection for each document that could not be read."""
        out: dict[str, list[Statement]] = {}
        failures: list[Rejection] = []
        for doc in docs:
            try:  # the stages of the document's language (loading them is not the document's fault)
                self.extractor(doc.language)
                if self.code:
                    self.coder(doc.language)
            except UnknownLanguage as exc:
                failures.append(_rejection(doc, str(exc)))
                continue
            try:
                out[doc.id] = self.process_one(doc)
            # The batch boundary: what a stage raises on one document (a bug on odd text) becomes
            # that document's rejection, stored and reported with the run; the batch goes on.
            except Exception as exc:
                log.exception("extraction failed on %s", doc.id)
                failures.append(_rejection(doc, f"extraction failed: {type(exc).__name__}: {exc}"))
        return out, failures


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

    A pure function of its input, with no store and no shared state, so that an existing engine
    can spread a large archive over workers, e.g. with Dask::

        import dask.bag as db
        bag = db.read_text("archive/*.jsonl").map(json.loads)
        statements = bag.map_partitions(process_partition).to_dataframe()

    Each worker builds its own :class:`Processor` (the registry and models load once per
    partition); the documents carry their ids, so results can be written back with
    :meth:`Store.replace_statements_many`.
    """
    docs = [Document.from_dict({**rec, "id": rec.get("id") or content_hash(rec["text"])}) for rec in records]
    processor = Processor(registry=load_registry(extra=[resolve_ref(r) for r in registry_extra]))
    statements, _failures = processor.process(docs)
    return [to_dict(st) for doc in docs for st in statements.get(doc.id, [])]


__all__ = ["ROW_FIELDS", "Processor", "extract_documents", "extract_inputs", "process_partition", "statement_row"]
