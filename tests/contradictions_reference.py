"""The contradiction finder's pairing as it was before candidate indexing (issue 5 follow-up):
every stance against every later stance in the window. Kept only as a reference, so a test can
check that the indexed :func:`parley.analysis.contradictions.find_contradictions` gives exactly the
same results. The stance reading and the rules (``read_stance``, ``units``, ``_check``) are the
library's own; only the pairing and the comparability test are copied here."""

from __future__ import annotations

import dataclasses

from parley import settings
from parley.analysis.contradictions import (
    fold_repeats,
    RULE_NAMES,
    WAR_THEATRES,
    _check,
    _Hit,
    _key,
    _same_pair,
    _who,
    read_stance,
    units,
)
from parley.records import Contradiction, Statement


def same_speaker(a: Statement, b: Statement) -> bool:
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    return bool(a.speaker) and (a.speaker or "").casefold() == (b.speaker or "").casefold()


def _side_of(s: Statement, registry) -> str | None:
    if s.side:
        return s.side.upper()
    if registry is not None and s.speaker:
        try:
            return registry.side_for(s.speaker)
        except Exception:  # noqa: BLE001
            return None
    return None


def comparable(a: Statement, b: Statement, *, window_days: int, registry=None) -> str | None:
    if a.doc_id == b.doc_id and a.start < b.end and b.start < a.end:
        return None
    if a.theatre in WAR_THEATRES and b.theatre in WAR_THEATRES and a.theatre != b.theatre:
        return None
    if a.published and b.published:
        if abs((a.published - b.published).days) > window_days:
            return None
    elif a.doc_id != b.doc_id:
        return None
    if same_speaker(a, b):
        return "same speaker" if a.doc_id != b.doc_id else None
    sa, sb = _side_of(a, registry), _side_of(b, registry)
    if sa and sa == sb:
        return "same side"
    return None


def find_contradictions_reference(statements, *, window_days=None, registry=None, rules=None) -> list[Contradiction]:
    window = int(settings.get("contradiction_window_days", window_days))
    wanted = set(rules) if rules is not None else set(RULE_NAMES)
    all_statements = sorted({s.id: s for s in statements}.values(), key=_key)
    order: dict[str, int] = {}
    by_doc: dict[str, list[Statement]] = {}
    for s in all_statements:
        by_doc.setdefault(s.doc_id, []).append(s)
    for doc_statements in by_doc.values():
        for i, s in enumerate(sorted(doc_statements, key=lambda s: (s.start, s.end))):
            order[s.id] = i

    stances = []
    for whole in all_statements:
        for unit in units(whole):
            stance = read_stance(unit)
            if stance.has_position:
                stances.append(dataclasses.replace(stance, parent=whole if unit is not whole else None))
    best: dict[tuple, tuple[_Hit, object, object]] = {}
    for i, x in enumerate(stances):
        for y in stances[i + 1:]:
            sx, sy = x.whole, y.whole
            if sx.published and sy.published and (sy.published - sx.published).days > window:
                break
            if sx is sy or comparable(sx, sy, window_days=window, registry=registry) is None:
                continue
            hit = _check(x, y, order)
            if hit is None or hit.rule not in wanted:
                continue
            group = (hit.rule, sx.doc_id, sy.doc_id, (sx.speaker or "").casefold(), (sy.speaker or "").casefold())
            if group not in best or hit.score > best[group][0].score:
                best[group] = (hit, x, y)

    out = []
    for hit, x, y in sorted(best.values(), key=lambda h: -h[0].score):
        a, b = x.whole, y.whole
        if any(c.rule == hit.rule and _same_pair(c, a, b) for c in out):
            continue
        why_first, why_second = (hit.why_b, hit.why_a) if hit.swap else (hit.why_a, hit.why_b)
        relation = "reversal by one speaker" if same_speaker(a, b) else "same side"
        explanation = f"{_who(a)} {why_first}, but {_who(b)} {why_second} [{relation}]."
        out.append(Contradiction(a=a, b=b, rule=hit.rule, explanation=explanation, topic=hit.topic, score=hit.score))
    out.sort(key=lambda c: (_key(c.a), _key(c.b)))
    return fold_repeats(out)
