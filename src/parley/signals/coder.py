"""The signal coder: a pipeline stage that sets ``signals`` and ``event`` on every statement.

The :class:`Coder` is what callers use; the work is done by a backend behind a small interface
(:class:`Backend`: ``code_batch(requests) -> results``), so an LLM or transformer backend can be
added without touching callers:

- ``rules`` (default): per-language lexicons of readable patterns (:mod:`parley.signals.rules`)
  for the signals, and the learned PLOVER classifier (:mod:`parley.signals.plover_model`) for events of
  statements without signals. Offline, CPU, thousands of statements a second.
- ``endpoint``: an HTTP endpoint (setting ``coder_endpoint``, key ``coder_api_key`` from the
  environment) that answers JSON; building the request and reading the answer are separate
  functions (:func:`build_request`, :func:`parse_response`), tested on canned answers.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from .. import settings
from .._lazy import lazy_module
from ..errors import ConfigError, UnknownCode
from ..records import Document, EventCode, Signal, Statement, to_dict
from ..stages import check_budget
from .codebook import SIGNAL_CODES, Codebook, load_codebook
from .events import EventCoder
from .features import get_analyzer, signal_features
from .model import load_model as load_signal_model
from .plover_model import load_model, mark
from .rules import RuleCoder, available_languages, load_lexicon
from .theatre import NO_DOCUMENT, DocumentContext, load_theatre_model, statement_target, theatre_features

httpx = lazy_module("httpx")

log = logging.getLogger(__name__)

STAGE_NAME = "parley.signals"
STAGE_VERSION = "1"
BACKENDS = ("learned", "rules", "endpoint")


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """What a backend codes: a statement's content and cue, with whatever is known of the actors."""

    text: str
    cue: str | None = None
    source: str | None = None  # the speaker or acting source, as text
    target: str | None = None  # the addressee or target, as text
    side: str | None = None  # the speaker's side (ISO code, EU, NATO, ...) when known
    language: str = "en"


@dataclass(frozen=True, slots=True)
class CodeResult:
    """The coding of one text: its negotiation signals and its PLOVER/CAMEO event."""

    signals: tuple[Signal, ...] = ()
    event: EventCode | None = None
    theatre: str | None = None  # russia-ukraine, middle-east, bilateral, other (None: not read)
    target: str | None = None  # the side addressed or acted upon (never the speaker's own)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.signals)

    def to_dict(self) -> dict[str, Any]:
        return {"signals": [to_dict(s) for s in self.signals], "event": to_dict(self.event),
                "theatre": self.theatre, "target": self.target}


class Backend(Protocol):
    name: str

    def code_batch(self, requests: Sequence[CodeRequest]) -> list[CodeResult]: ...


# -- the rules backend --------------------------------------------------------------------------


class RulesBackend:
    """Lexicon rules for signals, the learned classifier for events of statements without signals."""

    name = "rules"

    def __init__(self, language: str = "en", *, codebook: Codebook | None = None, use_model: bool = True,
                 min_event_confidence: float = 0.55, registry: Any = None):
        self.language = language
        self.registry = registry  # the actor registry that tells the parties' sides (None: packaged)
        self.codebook = codebook or load_codebook()
        self.stamp = f"{STAGE_NAME}/{STAGE_VERSION}"
        self._coders: dict[str, RuleCoder] = {}
        self._events: dict[str, EventCoder] = {}
        self.use_model = use_model
        self.min_event_confidence = min_event_confidence
        self._model = None
        self._rule_coder(language)  # fail early on an unknown language

    def _rule_coder(self, language: str) -> RuleCoder:
        if language not in self._coders:
            self._coders[language] = RuleCoder(load_lexicon(language, self.registry))
        return self._coders[language]

    @property
    def model(self):
        if self._model is None and self.use_model:
            self._model = load_model()
        return self._model

    def _event_coder(self, language: str) -> EventCoder:
        if language not in self._events:
            model = self.model if language == "en" else None  # the classifier reads English
            self._events[language] = EventCoder(
                self.codebook, load_lexicon(language, self.registry), model, coder=self.stamp,
                min_confidence=self.min_event_confidence,
            )
        return self._events[language]

    def signals_batch(self, requests: Sequence[CodeRequest]) -> list[tuple[Signal, ...] | None]:
        """The signals of each request (None: a language without a lexicon, left uncoded)."""
        out: list[tuple[Signal, ...] | None] = []
        for req in requests:
            lang = req.language or self.language
            if lang not in available_languages():
                log.warning("no signal lexicon for language %r: statement left uncoded", lang)
                out.append(None)
                continue
            rc = self._rule_coder(lang)
            out.append(tuple(
                rc.code(req.text, req.cue, side=req.side, source=req.source, target=req.target,
                        coder=f"{self.stamp} rules")
            ))
        return out

    def code_batch(self, requests: Sequence[CodeRequest]) -> list[CodeResult]:
        return self.with_events(requests, self.signals_batch(requests))

    def with_events(self, requests: Sequence[CodeRequest], signals: Sequence[tuple[Signal, ...] | None]) -> list[CodeResult]:
        """Results with the PLOVER/CAMEO event of each statement added to its signals."""
        results: list[CodeResult | None] = [None] * len(requests)
        need_model: dict[str, list[int]] = {}
        sigs_of: list[tuple[Signal, ...]] = []
        for i, (req, found) in enumerate(zip(requests, signals)):
            lang = req.language or self.language
            if found is None:
                sigs_of.append(())
                results[i] = CodeResult((), None)
                continue
            sigs = found
            sigs_of.append(sigs)
            ec = self._event_coder(lang)
            full = f"{req.cue or ''} {req.text}"
            # A statement (it has a cue) takes the event of its signals; a bare sentence that
            # reports an event is read by the classifier first (a shelling is ASSAULT, not ACCUSE).
            ev = ec.from_signals(sigs, full) if (req.cue or ec.model is None) else None
            if ev is not None:
                results[i] = CodeResult(sigs, ev)
            elif ec.model is not None:
                need_model.setdefault(lang, []).append(i)
            else:
                results[i] = CodeResult(sigs, ec.no_event())
        for lang, idx in need_model.items():
            ec = self._event_coder(lang)
            marked = [mark(requests[i].text, requests[i].source, requests[i].target, requests[i].cue) for i in idx]
            proba = ec.model.predict_proba(marked)
            for row, i in enumerate(idx):
                full = f"{requests[i].cue or ''} {requests[i].text}"
                ev = ec.from_probabilities(proba[row], full)
                if ev.plover is None and sigs_of[i]:
                    ev = ec.from_signals(sigs_of[i], full) or ev
                results[i] = CodeResult(sigs_of[i], ev)
        return [r if r is not None else CodeResult() for r in results]


# -- the learned backend ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """What the learned coder reads in one request: the rules' reading, the tokens and features."""

    rules: Any  # parley.signals.rules.RuleReading
    tokens: tuple[Any, ...]  # parley.signals.features.Token of the text
    cue_tokens: tuple[Any, ...]
    features: tuple[str, ...]
    language: str


class LearnedBackend(RulesBackend):
    """The rules read as evidence by the learned signal model (:mod:`parley.signals.model`).

    The rules' hits, the statement's lemmas, cross-language concepts and masked parties are the
    features; a code is reported when the rules fire it and the model does not veto it, or when
    the model alone is confident enough. Every signal carries the rules' cues or, for a code the
    model found alone, the words that weighed most for it; its confidence is the model's
    calibrated probability.
    """

    name = "learned"

    def __init__(self, language: str = "en", *, codebook: Codebook | None = None, use_model: bool = True,
                 min_event_confidence: float = 0.55, registry: Any = None, signal_model: Any = None,
                 theatre_model: Any = None):
        super().__init__(language, codebook=codebook, use_model=use_model,
                         min_event_confidence=min_event_confidence, registry=registry)
        self._signal_model = signal_model
        self._theatre_model = theatre_model
        self._analyzers: dict[str, Any] = {}

    @property
    def signal_model(self):
        """The learned model (loaded on first use, so that training can read statements without one)."""
        if self._signal_model is None:
            self._signal_model = load_signal_model()
        return self._signal_model

    def analyzer(self, language: str):
        an = self._analyzers.get(language)
        if an is None:
            an = self._analyzers[language] = get_analyzer(language, self.registry, self._rule_coder(language).lex)
        return an

    def read(self, req: CodeRequest) -> Reading | None:
        """The rules' reading and the model's features of one request (None: no lexicon)."""
        lang = req.language or self.language
        if lang not in available_languages():
            return None
        rc = self._rule_coder(lang)
        rd = rc.read(req.text, req.cue, side=req.side, source=req.source, target=req.target,
                     coder=f"{self.stamp} rules", signals=False)
        an = self.analyzer(lang)
        toks = tuple(an.tokens(rd.text))
        cue_toks = tuple(an.tokens(req.cue)) if req.cue else ()
        question = rd.text.rstrip().rstrip("\"”’»)").endswith("?")
        feats = signal_features(
            toks, cue_toks, speaker_side=rd.side, language=lang, question=question,
            rule_hits=[(h.code, h.rule.id, h.weight, h.negated) for h in rd.hits], fired=rd.fired,
            set_aside=rd.set_aside,
        )
        return Reading(rd, toks, cue_toks, tuple(feats), lang)

    @property
    def theatre_model(self):
        if self._theatre_model is None:
            self._theatre_model = load_theatre_model()
        return self._theatre_model

    def signals_batch(self, requests: Sequence[CodeRequest]) -> list[tuple[Signal, ...] | None]:
        readings = [self.read(r) for r in requests]
        for req, rd in zip(requests, readings):
            if rd is None:
                log.warning("no signal lexicon for language %r: statement left uncoded", req.language)
        return self.decide(requests, readings)

    def code_batch(self, requests: Sequence[CodeRequest], contexts: Sequence[Any] | None = None,
                   groups: Sequence[str] | None = None) -> list[CodeResult]:
        """Signals, event, theatre and target of each request; ``contexts`` (one
        :class:`~parley.signals.theatre.DocumentContext` per request, or None) tell the theatre
        what the whole document is about; without them, ``groups`` (a document key per request)
        let the requests of one document stand for it."""
        readings = [self.read(r) for r in requests]
        if contexts is None and groups is not None:
            by: dict[str, list[Any]] = {}
            for g, rd in zip(groups, readings):
                if rd is not None:
                    by.setdefault(g, []).extend(rd.tokens)
            ctx_of = {g: DocumentContext.of(toks) for g, toks in by.items()}
            contexts = [ctx_of.get(g) for g in groups]
        for req, rd in zip(requests, readings):
            if rd is None:
                log.warning("no signal lexicon for language %r: statement left uncoded", req.language)
        results = self.with_events(requests, self.decide(requests, readings))
        live = [i for i, rd in enumerate(readings) if rd is not None]
        if not live:
            return results
        feats = []
        for i in live:
            rd = readings[i]
            ctx = (contexts[i] if contexts is not None else None) or NO_DOCUMENT
            feats.append(theatre_features(rd.tokens, rd.cue_tokens, speaker_side=rd.rules.side, document=ctx,
                                          language=rd.language))
        theatres = self.theatre_model.predict(feats)
        for i, theatre in zip(live, theatres):
            rd = readings[i]
            # a statement that signals nothing addresses no one in particular
            target = statement_target(rd.tokens, rd.rules.side, theatre, rd.cue_tokens) if results[i].signals else None
            results[i] = dataclasses.replace(results[i], theatre=theatre, target=target)
        return results

    def context(self, text: str, language: str):
        """The theatre evidence of a whole document (:class:`~parley.signals.theatre.DocumentContext`)."""
        if language not in available_languages():
            return None
        return DocumentContext.of(self.analyzer(language).mentions(text))

    def decide(self, requests: Sequence[CodeRequest], readings: Sequence[Reading | None]) -> list[tuple[Signal, ...] | None]:
        m = self.signal_model
        live = [i for i, rd in enumerate(readings) if rd is not None]
        out: list[tuple[Signal, ...] | None] = [None] * len(readings)
        if not live:
            return out
        proba = m.proba([readings[i].features for i in live])  # type: ignore[union-attr]
        codes = list(m.codes)
        fired = np.array([[c in readings[i].rules.fired for c in codes] for i in live], dtype=float)  # type: ignore[union-attr]
        # where the rules found a code's words and set them aside (a question, another party's
        # claim, negated, hypothetical, about the speaker's own side), the model does not overrule them
        aside = np.array([[c in readings[i].rules.set_aside_codes and c not in readings[i].rules.fired
                           for c in codes] for i in live], dtype=bool)  # type: ignore[union-attr]
        chosen = m.decide(proba, fired) & ~aside
        conf = m.confidence(proba, fired)
        for row, i in enumerate(live):
            rd = readings[i]
            req = requests[i]
            assert rd is not None
            rc = self._rule_coder(rd.language)
            reported = [c for j, c in enumerate(codes) if chosen[row, j]]
            sigs = []
            for code in (c for c in SIGNAL_CODES if c in reported):
                j = codes.index(code)
                hs = [h for h in rd.rules.hits if h.code == code]
                cues = () if hs else self.evidence_words(rd, code)
                sigs.append(rc.signal(
                    code, rd.rules.text, req.cue, hs, rd.rules.sentences, reported, target=req.target,
                    coder=f"{self.stamp} learned" + (" rules" if hs else ""),
                    confidence=round(float(conf[row, j]), 3), cues=cues,
                ))
            out[i] = tuple(sigs)
        return out

    def evidence_words(self, rd: Reading, code: str, n: int = 3) -> tuple[str, ...]:
        """The words of the statement behind the features that weigh most for ``code``."""
        words: list[str] = []
        for f in self.signal_model.evidence(rd.features, code, n=8):
            kind, _, value = f.partition(":")
            toks = rd.cue_tokens if kind.startswith("u") else rd.tokens
            kind = kind[1:] if kind.startswith("u") and kind != "u" else kind
            if kind == "w":
                hit = [t.text for t in toks if t.norm == value and t.party is None]
            elif kind == "c":
                hit = [t.text for t in toks if value in t.concepts]
            elif kind == "b":
                a, _, b = value.partition("|")
                hit = [f"{x.text} {y.text}" for x, y in zip(toks, toks[1:]) if x.norm == a and y.norm == b]
            else:
                hit = []
            for w in hit[:1]:
                if w not in words:
                    words.append(w)
            if len(words) >= n:
                break
        return tuple(words)


# -- the HTTP endpoint backend ------------------------------------------------------------------


def build_request(requests: Sequence[CodeRequest], codebook: Codebook | None = None) -> dict[str, Any]:
    """The JSON body sent to a coder endpoint: the codebook's codes and topics, and the items."""
    cb = codebook or load_codebook()
    return {
        "task": "Code each item with zero or more negotiation signals and one PLOVER event.",
        "codes": {c.code: c.definition for c in cb.signals.values()},
        "topics": list(cb.topics),
        "plover_events": list(cb.plover_events),
        "answer_format": {
            "results": [
                {
                    "signals": [
                        {"code": "OFFER_TALKS", "confidence": 0.9, "cues": ["ready to talk"],
                         "conditional": None, "conditions": [], "target": None, "topics": []}
                    ],
                    "plover": "CONSULT", "plover_mode": None,
                }
            ]
        },
        "items": [
            {"id": i, "text": r.text, "cue": r.cue, "source": r.source, "target": r.target,
             "language": r.language}
            for i, r in enumerate(requests)
        ],
    }


def parse_response(body: str | bytes | dict[str, Any], n: int, codebook: Codebook | None = None,
                   coder: str = "endpoint") -> list[CodeResult]:
    """Read an endpoint's answer into ``n`` results; unknown codes raise :class:`UnknownCode`."""
    cb = codebook or load_codebook()
    if isinstance(body, (str, bytes)):
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"the coder endpoint answered something that is not JSON: {exc}") from None
    else:
        data = body
    items = data.get("results") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) != n:
        got = len(items) if isinstance(items, list) else "no"
        raise ConfigError(f"the coder endpoint answered {got} results for {n} items")
    out = []
    for item in items:
        sigs = []
        for s in item.get("signals") or ():
            code = cb.signal(s["code"]).code
            topics = tuple(t for t in s.get("topics") or () if t in cb.topics)
            sigs.append(
                Signal(
                    code=code,
                    confidence=float(s.get("confidence", 0.5)),
                    cues=tuple(s.get("cues") or ()),
                    conditional=s.get("conditional") if code in ("OFFER_TALKS", "CEASEFIRE") else None,
                    conditions=tuple(s.get("conditions") or ()),
                    target=s.get("target"),
                    topics=topics,
                    coder=coder,
                )
            )
        ev = None
        if item.get("plover"):
            ev = cb.event_code(item["plover"], item.get("plover_mode"), coder=coder)
        out.append(CodeResult(tuple(sigs), ev))
    return out


class EndpointBackend:
    """Codes through an HTTP endpoint that answers in the JSON shape of :func:`build_request`."""

    name = "endpoint"

    def __init__(self, endpoint: str | None = None, api_key: str | None = None, *, client: Any = None,
                 timeout: float | None = None):
        # the settings coder_endpoint, coder_api_key and fetch_timeout arrive resolved, from
        # :meth:`parley.api.Parley.processor`
        self.endpoint = endpoint
        if not self.endpoint:
            raise ConfigError(
                "the endpoint coder needs a URL: set PARLEY_CODER_ENDPOINT (or coder_endpoint in "
                "parley.toml), or use the rules backend"
            )
        self.api_key = api_key or ""
        self.timeout = timeout or float(settings.default("fetch_timeout"))
        self.client = client
        self.codebook = load_codebook()

    def code_batch(self, requests: Sequence[CodeRequest]) -> list[CodeResult]:
        if not requests:
            return []
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        client = self.client or httpx.Client(timeout=self.timeout)
        try:
            resp = client.post(self.endpoint, json=build_request(requests, self.codebook), headers=headers)
        except httpx.HTTPError as exc:
            raise ConfigError(f"the coder endpoint {self.endpoint} failed: {exc}") from None
        finally:
            if self.client is None:
                client.close()
        if resp.status_code != 200:
            raise ConfigError(f"the coder endpoint {self.endpoint} answered HTTP {resp.status_code}")
        return parse_response(resp.text, len(requests), self.codebook,
                              coder=f"{STAGE_NAME}/{STAGE_VERSION} endpoint")


# -- the stage ----------------------------------------------------------------------------------


class Coder:
    """The ``parley.signals`` stage: codes statements (and free text) with signals and events."""

    name = STAGE_NAME
    version = STAGE_VERSION
    requires = ("Statement.text", "Statement.cue", "Statement.language", "Statement.speaker", "Statement.side")
    provides = ("Statement.signals", "Statement.event", "Statement.theatre", "Statement.target")

    def __init__(self, backend: Backend, language: str = "en"):
        self.backend = backend
        self.language = language

    def _request(self, st: Statement) -> CodeRequest:
        return CodeRequest(
            text=st.text,
            cue=st.cue,
            source=st.speaker or st.mention,
            side=st.side,
            language=st.language or self.language,
        )

    def __call__(self, statement: Statement) -> Statement:
        return self._code_statements([statement])[0]

    def pipe(self, statements: Iterable[Statement], batch_size: int = 64) -> Iterator[Statement]:
        batch: list[Statement] = []
        for st in statements:
            batch.append(st)
            if len(batch) >= batch_size:
                yield from self._code_statements(batch)
                batch = []
        if batch:
            yield from self._code_statements(batch)

    def code_document(self, document: Document, statements: Sequence[Statement]) -> list[Statement]:
        """Code the statements of one document, with the document's text as the theatre's context."""
        ctx = None
        if hasattr(self.backend, "context"):
            ctx = self.backend.context(document.text, document.language or self.language)
        out: list[Statement] = []
        for i in range(0, len(statements), 64):
            check_budget()
            out += self._code_statements(statements[i : i + 64], {s.doc_id: ctx for s in statements} if ctx else None)
        return out

    def _code_statements(self, batch: Sequence[Statement], contexts: dict[str, Any] | None = None) -> list[Statement]:
        requests = [self._request(s) for s in batch]
        if hasattr(self.backend, "context"):
            if contexts is None:  # no document given: the statements of each document stand for it
                results = self.backend.code_batch(requests, groups=[s.doc_id for s in batch])
            else:
                results = self.backend.code_batch(requests, [contexts.get(s.doc_id) for s in batch])
        else:
            results = self.backend.code_batch(requests)
        return [dataclasses.replace(s, signals=r.signals, event=r.event, theatre=r.theatre, target=r.target)
                for s, r in zip(batch, results)]

    def code_text(self, text: str, *, cue: str | None = None, source: str | None = None,
                  target: str | None = None, language: str | None = None, side: str | None = None) -> CodeResult:
        """Code one text (a statement's content, or a sentence that reports an event)."""
        return self.backend.code_batch(
            [CodeRequest(text, cue, source, target, side, language or self.language)]
        )[0]

    def code_requests(self, requests: Sequence[CodeRequest]) -> list[CodeResult]:
        return self.backend.code_batch(requests)


def get_coder(backend: str = "learned", language: str = "en", *, registry: Any = None, **options: Any) -> Coder:
    """A :class:`Coder` with the named backend (``learned``, ``rules`` or ``endpoint``) for ``language``.

    ``registry`` (an actor registry, :func:`parley.actors.load_registry`) tells the rules which
    side each named party speaks for (subjects and targets); None: the packaged registry. The
    endpoint backend ignores it."""
    if backend == "learned":
        return Coder(LearnedBackend(language, registry=registry, **options), language)
    if backend == "rules":
        return Coder(RulesBackend(language, registry=registry, **options), language)
    if backend == "endpoint":
        return Coder(EndpointBackend(**options), language)
    raise ConfigError(f"{backend!r} is not a coder backend; known: {', '.join(BACKENDS)}")


__all__ = [
    "Backend",
    "CodeRequest",
    "CodeResult",
    "Coder",
    "EndpointBackend",
    "LearnedBackend",
    "Reading",
    "RulesBackend",
    "UnknownCode",
    "build_request",
    "get_coder",
    "parse_response",
]
