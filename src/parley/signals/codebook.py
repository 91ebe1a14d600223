"""The codebook: Parley's eleven negotiation signals, their topics and the PLOVER/CAMEO tables.

The data live in ``signals/data/codebook.yaml`` (the codes, refined definitions, PLOVER and CAMEO
mappings, topics) and ``signals/data/plover_cameo.json`` (facts derived from the PLOVER manual and
the CAMEO/GDELT tables). :func:`load_codebook` reads both; :func:`render_markdown` turns them into
``docs/codebook.md`` (a test regenerates the page and compares, so the page cannot drift).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..compiled import read_yaml
from ..errors import ConfigError, UnknownCode
from ..records import EventCode

DATA_DIR = Path(__file__).parent / "data"
CODEBOOK_FILE = DATA_DIR / "codebook.yaml"
TABLES_FILE = DATA_DIR / "plover_cameo.json"

#: The eleven codes of shared/gold/GUIDELINES.md, in its order.
SIGNAL_CODES: tuple[str, ...] = (
    "OFFER_TALKS",
    "SET_CONDITIONS",
    "REJECT",
    "CEASEFIRE",
    "AGREE",
    "CONCEDE",
    "THREATEN",
    "ACCUSE",
    "PRAISE",
    "COOPERATE",
    "SANCTION",
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float | None
    quad: int | None
    plover: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None


@dataclass(frozen=True, slots=True)
class PloverEvent:
    name: str
    quad: int
    score: float | None  # PLOVER's cooperation-conflict score of the event (default mode)
    modes: Mapping[str, float | None] = field(default_factory=dict)  # mode -> score

    def score_of(self, mode: str | None) -> float | None:
        if mode and mode in self.modes and self.modes[mode] is not None:
            return self.modes[mode]
        return self.score


@dataclass(frozen=True, slots=True)
class SignalCode:
    """One negotiation signal code with its mappings."""

    code: str
    label: str
    definition: str
    notes: tuple[str, ...]
    attributes: tuple[str, ...]
    plover: str
    plover_mode: str | None
    cameo: tuple[str, ...]  # nearest CAMEO code first
    goldstein: float | None
    plover_score: float | None
    quad: int

    def event_code(self, *, confidence: float | None = None, coder: str | None = None) -> EventCode:
        return EventCode(
            plover=self.plover,
            plover_mode=self.plover_mode,
            cameo=self.cameo[0],
            goldstein=self.goldstein,
            quad=self.quad,
            cooperation=self.plover_score,
            confidence=confidence,
            coder=coder,
        )


@dataclass(frozen=True, slots=True)
class Codebook:
    version: int
    signals: Mapping[str, SignalCode]
    topics: Mapping[str, str]  # topic id -> description
    plover_events: Mapping[str, PloverEvent]
    plover_contexts: tuple[str, ...]
    cameo: Mapping[str, CameoCode]
    quads: Mapping[int, str]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.signals)

    def signal(self, code: str) -> SignalCode:
        """The signal code ``code`` (case-insensitive); :class:`UnknownCode` lists the known ones."""
        key = str(code).strip().upper()
        try:
            return self.signals[key]
        except KeyError:
            raise UnknownCode(
                f"{code!r} is not a known signal code; known codes: {', '.join(self.signals)}"
            ) from None

    def check_topic(self, topic: str) -> str:
        if topic not in self.topics:
            raise UnknownCode(f"{topic!r} is not a known topic; known topics: {', '.join(self.topics)}")
        return topic

    def plover(self, name: str) -> PloverEvent:
        key = str(name).strip().upper()
        if key == "YIELD":  # PLV data merges CONCEDE and RETREAT
            key = "CONCEDE"
        try:
            return self.plover_events[key]
        except KeyError:
            raise UnknownCode(
                f"{name!r} is not a PLOVER event type; known: {', '.join(self.plover_events)}"
            ) from None

    def cameo_code(self, code: str) -> CameoCode:
        try:
            return self.cameo[str(code).strip()]
        except KeyError:
            raise UnknownCode(
                f"{code!r} is not a CAMEO code; known codes are the {len(self.cameo)} of the "
                "CAMEO 1.1b3 tables (e.g. 036, 112, 0871)"
            ) from None

    def cameo_for_plover(self, event: str, mode: str | None = None) -> CameoCode | None:
        """The nearest CAMEO code of a PLOVER event (and mode): the official table's first match."""
        best = None
        for c in self.cameo.values():
            if c.plover != event:
                continue
            if mode and c.plover_mode == mode:
                return c
            if best is None or (len(c.code) < len(best.code)):
                best = c
        return best

    def event_code(
        self,
        event: str,
        mode: str | None = None,
        *,
        cameo: str | None = None,
        confidence: float | None = None,
        coder: str | None = None,
    ) -> EventCode:
        """An :class:`EventCode` for a PLOVER event (and mode), with CAMEO and both scores."""
        ev = self.plover(event)
        if mode is not None and mode not in ev.modes:
            mode = None
        cc = self.cameo_code(cameo) if cameo else self.cameo_for_plover(ev.name, mode)
        return EventCode(
            plover=ev.name,
            plover_mode=mode,
            cameo=cc.code if cc else None,
            goldstein=cc.goldstein if cc else None,
            quad=ev.quad,
            cooperation=ev.score_of(mode),
            confidence=confidence,
            coder=coder,
        )


def _load_tables(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def load_codebook(path: str | Path | None = None, tables: str | Path | None = None) -> Codebook:
    """Read the codebook (``signals/data/codebook.yaml``) and the PLOVER/CAMEO tables.

    A file that cannot be read or is malformed is a :class:`~parley.errors.ConfigError` naming
    the file (and the line, for YAML), never a codebook left out."""
    book, table = Path(path or CODEBOOK_FILE), Path(tables or TABLES_FILE)
    try:
        data = read_yaml(book.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{book}: cannot read the codebook ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{book}{f':{mark.line + 1}' if mark else ''}: not valid YAML: {exc}") from None
    try:
        facts = _load_tables(table)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{table}: cannot read the PLOVER/CAMEO tables ({exc})") from None
    try:
        return _codebook(data, facts)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{book}: malformed codebook: {type(exc).__name__}: {exc}") from None


def _codebook(data: Any, facts: dict[str, Any]) -> Codebook:
    events = {
        name: PloverEvent(
            name=name,
            quad=int(ev["quad"]),
            score=ev["score"],
            modes={m: v.get("score") for m, v in ev["modes"].items()},
        )
        for name, ev in facts["plover_events"].items()
    }
    cameo = {
        code: CameoCode(
            code=code,
            name=c["name"],
            goldstein=c["goldstein"],
            quad=c["quad"],
            plover=c["plover"],
            plover_mode=c["plover_mode"],
            plover_context=c["plover_context"],
        )
        for code, c in facts["cameo"].items()
    }
    signals: dict[str, SignalCode] = {}
    for code, s in data["signals"].items():
        ev = events[s["plover"]["event"]]
        mode = s["plover"].get("mode")
        codes = tuple(str(c) for c in s["cameo"])
        for c in codes:
            if c not in cameo:
                raise UnknownCode(f"codebook: {code} maps to CAMEO {c}, which the tables do not know")
        signals[code] = SignalCode(
            code=code,
            label=s["label"],
            definition=" ".join(s["definition"].split()),
            notes=tuple(" ".join(n.split()) for n in s.get("notes", ())),
            attributes=tuple(s.get("attributes", ())),
            plover=ev.name,
            plover_mode=mode,
            cameo=codes,
            goldstein=cameo[codes[0]].goldstein,
            plover_score=ev.score_of(mode),
            quad=ev.quad,
        )
    missing = [c for c in SIGNAL_CODES if c not in signals]
    extra = [c for c in signals if c not in SIGNAL_CODES]
    if missing or extra:
        raise UnknownCode(
            f"codebook must hold exactly the eleven codes of GUIDELINES.md; missing {missing}, "
            f"unexpected {extra}"
        )
    return Codebook(
        version=int(data.get("version", 1)),
        signals={c: signals[c] for c in SIGNAL_CODES},
        topics={k: " ".join(str(v).split()) for k, v in data["topics"].items()},
        plover_events=events,
        plover_contexts=tuple(facts["plover_contexts"]),
        cameo=cameo,
        quads={int(k): v for k, v in facts["quads"].items()},
    )


def _num(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:+.1f}" if v else "0.0"


def codebook_rows(cb: Codebook | None = None) -> list[dict[str, Any]]:
    """One row per signal code (for ``parley codebook`` tables and JSON)."""
    cb = cb or load_codebook()
    rows = []
    for s in cb.signals.values():
        rows.append(
            {
                "code": s.code,
                "label": s.label,
                "definition": s.definition,
                "plover": s.plover,
                "plover_mode": s.plover_mode,
                "cameo": s.cameo[0],
                "cameo_name": cb.cameo[s.cameo[0]].name,
                "cameo_also": list(s.cameo[1:]),
                "goldstein": s.goldstein,
                "plover_score": s.plover_score,
                "quad": s.quad,
                "attributes": list(s.attributes),
                "notes": list(s.notes),
            }
        )
    return rows


def render_markdown(cb: Codebook | None = None) -> str:
    """The codebook as a Markdown page (``docs/codebook.md``)."""
    cb = cb or load_codebook()
    out: list[str] = []
    w = out.append
    w("# Parley codebook: negotiation signals and PLOVER/CAMEO events")
    w("")
    w("<!-- Generated from src/parley/signals/data/codebook.yaml and plover_cameo.json by")
    w("     `python -m parley.docgen`. Do not edit by hand: a test fails when it drifts. -->")
    w("")
    w(
        "Every statement Parley extracts is coded with zero or more of the eleven negotiation "
        "signals below (the codes of the gold annotation guidelines) and with one PLOVER event "
        "(type and mode, with its CAMEO code and Goldstein score). Signals carry the cue words "
        "that justify them, a confidence and attributes."
    )
    w("")
    w("## Signal codes")
    w("")
    w("| code | the speaker ... | PLOVER (mode) | CAMEO | Goldstein | PLOVER score | quad |")
    w("|---|---|---|---|---|---|---|")
    for s in cb.signals.values():
        pm = s.plover + (f" ({s.plover_mode})" if s.plover_mode else "")
        cam = ", ".join(s.cameo)
        w(
            f"| `{s.code}` | {s.definition} | {pm} | {cam} | {_num(s.goldstein)} | "
            f"{_num(s.plover_score)} | {s.quad} |"
        )
    w("")
    w("Goldstein is the score of the first CAMEO code listed (−10 conflict … +10 cooperation);")
    w("the PLOVER score is the manual's cooperation–conflict score of the event in that mode.")
    w("")
    w("### Definitions, attributes and hard cases")
    w("")
    for s in cb.signals.values():
        w(f"#### `{s.code}` — {s.label}")
        w("")
        w(s.definition)
        w("")
        for c in s.cameo:
            w(f"- CAMEO {c}: {cb.cameo[c].name} (Goldstein {_num(cb.cameo[c].goldstein)})")
        w(f"- Attributes: {', '.join(f'`{a}`' for a in s.attributes)}")
        for n in s.notes:
            w(f"- {n}")
        w("")
    w("## Signal attributes")
    w("")
    w("| attribute | meaning |")
    w("|---|---|")
    w("| `cues` | the words that justify the code, as written: the rules' matches, or the words that weighed most in the learned model |")
    w(
        "| `confidence` | 0–1: the learned model's calibrated probability that the code is right "
        "(of the signals shown with 0.8, about eight in ten are; measured on sources the model was "
        "not trained on: `parley eval signals --annotations … --loso`) |"
    )
    w(
        "| `conditional` | OFFER_TALKS and CEASEFIRE only: `true` tied to conditions, `false` "
        "explicitly unconditional, `null` unstated |"
    )
    w("| `conditions` | SET_CONDITIONS and REJECT: the terms demanded or refused, as short phrases |")
    w("| `target` | whom the signal is addressed to or about, as the text names it (never the speaker's own side) |")
    w("| `topics` | topics from the fixed list below |")
    w("| `negated` | the code fired from a negated phrase (e.g. REJECT from \"not ready to talk\") |")
    w("")
    w("## Theatre and target of a statement")
    w("")
    w(
        "Besides its signals, every coded statement gets its `theatre`, what it is about: "
        "`russia-ukraine` (the war in Ukraine and its settlement), `middle-east`, `bilateral` (a "
        "relationship between two states not about a war) or `other`, read from its words and its "
        "document by a learned model (places, groups and sides of each theatre in "
        "`signals/data/theatres.yaml`); and its `target`, the side it addresses or acts upon (the "
        "other side, a mediator), as a side code, never the speaker's own side; none when the "
        "statement signals nothing. `parley statements --theatre` and the `theatre` setting filter on it."
    )
    w("")
    w("## Topics")
    w("")
    w("| topic | covers |")
    w("|---|---|")
    for t, d in cb.topics.items():
        w(f"| `{t}` | {d} |")
    w("")
    w("## PLOVER event types")
    w("")
    w("| event | quad | score | modes (score) | nearest CAMEO |")
    w("|---|---|---|---|---|")
    for ev in cb.plover_events.values():
        modes = ", ".join(f"{m} ({_num(v)})" for m, v in ev.modes.items()) or "–"
        cc = cb.cameo_for_plover(ev.name)
        cam = f"{cc.code} {cc.name}" if cc else "–"
        w(f"| {ev.name} | {ev.quad} {cb.quads[ev.quad]} | {_num(ev.score)} | {modes} | {cam} |")
    w("")
    w("PLOVER contexts: " + ", ".join(f"`{c}`" for c in cb.plover_contexts) + ".")
    w("")
    w("## CAMEO codes")
    w("")
    w("| CAMEO | name | Goldstein | quad | PLOVER | mode |")
    w("|---|---|---|---|---|---|")
    for c in cb.cameo.values():
        w(
            f"| {c.code} | {c.name} | {_num(c.goldstein)} | {c.quad or '–'} | "
            f"{c.plover or '–'} | {c.plover_mode or '–'} |"
        )
    w("")
    return "\n".join(out)


def codebook_markdown() -> str:
    """The ``docs/codebook.md`` page (used by ``parley.docgen`` and ``python -m parley.docgen``)."""
    return render_markdown(load_codebook())
