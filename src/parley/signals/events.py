"""PLOVER event coding of statements and event sentences (with mode, CAMEO code and scores).

A statement that carries negotiation signals takes the PLOVER event of its strongest signal (the
codebook maps each code to an event, mode and CAMEO code). A statement or sentence without signals
is coded by the learned classifier (:mod:`parley.signals.plover_model`) when its top probability reaches
``min_confidence``; otherwise it gets no PLOVER event and CAMEO 010 ("make statement"), Goldstein
0. Modes come from per-language word lists (``event_modes`` in the lexicon).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..records import EventCode, Signal
from .codebook import Codebook
from .plover_model import PloverModel
from .rules import Lexicon, _alt, _compile

#: When two signals are equally confident, the event of the earlier code here wins: the more
#: specific, more consequential acts first.
EVENT_PRIORITY: tuple[str, ...] = (
    "CEASEFIRE",
    "SANCTION",
    "THREATEN",
    "REJECT",
    "SET_CONDITIONS",
    "OFFER_TALKS",
    "CONCEDE",
    "AGREE",
    "ACCUSE",
    "COOPERATE",
    "PRAISE",
)

STATEMENT_CAMEO = "010"  # Make statement, not specified below


class EventCoder:
    def __init__(self, codebook: Codebook, lexicon: Lexicon, model: PloverModel | None, *, coder: str,
                 min_confidence: float = 0.55):
        self.cb = codebook
        self.model = model
        self.coder = coder
        self.min_confidence = min_confidence
        self.modes: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for event, modes in (lexicon.raw.get("event_modes") or {}).items():
            self.modes[event] = [(m, _compile(_alt(ws), {})) for m, ws in modes.items()]

    def mode(self, event: str, text: str) -> str | None:
        for mode, rx in self.modes.get(event, ()):
            if rx.search(text):
                return mode
        return None

    def resolve_root(self, root: str, text: str) -> tuple[str, str | None]:
        """A PLV root (YIELD merged) as a PLOVER 2.0 event and mode."""
        if root == "YIELD":
            mode = self.mode("RETREAT", text)
            return ("RETREAT", mode) if mode else ("CONCEDE", None)
        return root, self.mode(root, text)

    def from_signals(self, signals: Sequence[Signal], text: str) -> EventCode | None:
        if not signals:
            return None
        best = max(signals, key=lambda s: (round(s.confidence, 2), -EVENT_PRIORITY.index(s.code)))
        sc = self.cb.signal(best.code)
        if sc.plover_mode is None:
            mode = self.mode(sc.plover, text)
            if mode:
                return self.cb.event_code(sc.plover, mode, confidence=best.confidence, coder=f"{self.coder}:signal")
        ev = sc.event_code(confidence=best.confidence, coder=f"{self.coder}:signal")
        return ev

    def from_probabilities(self, proba: np.ndarray, text: str, *, min_confidence: float | None = None) -> EventCode:
        assert self.model is not None
        i = int(proba.argmax())
        conf = float(proba[i])
        threshold = self.min_confidence if min_confidence is None else min_confidence
        if conf < threshold:
            return self.no_event(confidence=round(1.0 - conf, 3))
        event, mode = self.resolve_root(self.model.classes[i], text)
        return self.cb.event_code(event, mode, confidence=round(conf, 3), coder=f"{self.coder}:model")

    def no_event(self, confidence: float | None = None) -> EventCode:
        cc = self.cb.cameo.get(STATEMENT_CAMEO)
        return EventCode(
            plover=None,
            plover_mode=None,
            cameo=STATEMENT_CAMEO if cc else None,
            goldstein=cc.goldstein if cc else None,
            quad=None,
            cooperation=None,
            confidence=confidence,
            coder=f"{self.coder}:none",
        )
