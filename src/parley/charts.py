"""Chart specifications: Vega-Lite built with Altair, shared by the dashboard and the briefing.

The dashboard embeds each spec and renders it with the vendored vega-embed; the briefing renders
the same spec to SVG (or PNG) with vl-convert. Sides get fixed colours from the Okabe–Ito palette
(distinguishable with the common colour-vision deficiencies), every axis has a title, and time axes
show dates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._lazy import lazy_module

#: Vega-Lite rendering, loaded by the first chart rendered to SVG or PNG
vlc = lazy_module("vl_convert")

#: Okabe & Ito (2008) colours, colour-blind safe; known sides keep theirs on every chart.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
SIDE_COLOURS: Mapping[str, str] = {
    "UA": "#0072B2",  # blue
    "RU": "#D55E00",  # vermillion
    "US": "#009E73",  # bluish green
    "EU": "#CC79A7",  # reddish purple
    "NATO": "#56B4E9",  # sky blue
    "UN": "#E69F00",  # orange
}
NO_SIDE = "none"
NO_SIDE_COLOUR = "#8C8C8C"

WEB_WIDTH = "container"
VL_VERSION = "6.4"


def assign_colours(sides: Iterable[str | None]) -> dict[str, str]:
    """A colour for each side, to use on every chart and badge of one store: known sides keep theirs
    (RU vermillion, UA blue, ...); the others, in the order given (most statements first), take the
    Okabe–Ito colours still free, the most distinct first."""
    order = [s or NO_SIDE for s in dict.fromkeys(sides)]
    out: dict[str, str] = {NO_SIDE: NO_SIDE_COLOUR}
    for s in order:
        if s in SIDE_COLOURS:
            out[s] = SIDE_COLOURS[s]
    free = [c for c in OKABE_ITO if c not in out.values()]
    for s in order:
        if s not in out:
            out[s] = free.pop(0) if free else NO_SIDE_COLOUR
    return out


def side_colours(sides: Iterable[str | None], palette: Mapping[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The sides in a stable order (known sides first, "none" last) and their colours: from
    ``palette`` (see :func:`assign_colours`) when it has them, else fixed or free Okabe–Ito colours."""
    seen = sorted({s or NO_SIDE for s in sides}, key=lambda s: (s == NO_SIDE, s not in SIDE_COLOURS, s))
    palette = dict(palette or {})
    palette.setdefault(NO_SIDE, NO_SIDE_COLOUR)
    for s in seen:
        if s in palette:
            continue
        if s in SIDE_COLOURS and SIDE_COLOURS[s] not in palette.values():
            palette[s] = SIDE_COLOURS[s]
        else:
            free = [c for c in OKABE_ITO if c not in palette.values()]
            palette[s] = free[0] if free else NO_SIDE_COLOUR
    return seen, [palette[s] for s in seen]


def _alt():
    # Altair takes a third of a second to import: it is loaded when a chart is drawn, not by every
    # command that imports the library.
    import altair as alt

    return alt


def _side_scale(sides: Iterable[str], palette: Mapping[str, str] | None = None):
    alt = _alt()
    domain, colours = side_colours(sides, palette)
    return alt.Scale(domain=domain, range=colours)


def _iso(day: dt.date | str | None) -> str | None:
    if day is None:
        return None
    return day.isoformat() if isinstance(day, dt.date) else str(day)


#: Validate every spec against the Vega-Lite schema (slow: the tests turn it on, the app leaves it off).
VALIDATE = False


def _finish(chart, *, title: str, description: str, datasets: Mapping[str, list] | None = None) -> dict[str, Any]:
    """The spec as a dict; data travel in top-level ``datasets`` (Altair never copies them)."""
    validate = VALIDATE
    spec = chart.properties(title=title, description=description).configure_axis(
        labelFontSize=11, titleFontSize=12
    ).configure_legend(labelFontSize=11, titleFontSize=12).configure_view(stroke=None).to_dict(validate=validate)
    if datasets:
        spec["datasets"] = {k: list(v) for k, v in datasets.items()}
    return spec


def _named(name: str):
    return _alt().Data(name=name)


def _step(day: dt.date, by: str) -> dt.date:
    """The first day of the period after the one starting on ``day``."""
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}.get(by, 1)
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def periods_between(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    """Every period start from ``first`` to ``last`` (both period starts), in order."""
    out, day = [], first
    while day <= last and len(out) < 10_000:
        out.append(day)
        day = _step(day, by)
    return out


def _legend(names: Mapping[str, str] | None):
    """A side legend that names each side ("XB Borovia"), not just its code."""
    alt = _alt()
    if not names:
        return alt.Legend(title="Side")
    table = json.dumps({code: f"{code} {name}" if name and name != code else code
                        for code, name in sorted(names.items()) if code})
    return alt.Legend(title="Side", labelExpr=f"({table})[datum.label] || datum.label", labelLimit=220)


def signals_by_side(points: Sequence[Any], *, by: str = "week", columns: int = 3, width: int = 230,
                    palette: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Small multiples: one panel per signal code, statements per period, one line per side.

    ``points`` are timeline rows (:class:`~parley.store.queries.TimelinePoint`: period, side, code, count).
    A week without statements counts zero (the line drops to it, never runs across the gap); counts
    are whole numbers; the legend names the sides (``names``: code -> name).
    """
    alt = _alt()
    rows = [{"period": _iso(p.period), "side": p.side or NO_SIDE, "code": p.code, "count": p.count} for p in points]
    days = sorted({p.period for p in points if isinstance(p.period, dt.date)})
    if days:  # zeros for the periods a side was silent on a signal, between the first and the last period
        have = {(r["period"], r["side"], r["code"]) for r in rows}
        for day in periods_between(days[0], days[-1], by):
            for side, code in {(r["side"], r["code"]) for r in rows}:
                if (day.isoformat(), side, code) not in have:
                    rows.append({"period": day.isoformat(), "side": side, "code": code, "count": 0})
        rows.sort(key=lambda r: (r["code"], r["side"], r["period"]))
    codes = sorted({r["code"] for r in rows})
    base = alt.Chart(_named("rows")).encode(
        x=alt.X("period:T", title=f"{by.capitalize()} starting", axis=alt.Axis(format="%d %b %Y", labelAngle=-40,
                                                                               tickCount=4)),
        y=alt.Y("count:Q", title="Statements", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("side:N", title="Side", scale=_side_scale((r["side"] for r in rows), palette),
                        legend=_legend(names)),
        tooltip=[alt.Tooltip("period:T", title=by.capitalize(), format="%Y-%m-%d"), "side:N",
                 alt.Tooltip("code:N", title="Signal"), alt.Tooltip("count:Q", title="Statements")],
    )
    layered = alt.layer(base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=30)).properties(
        width=width, height=110
    )
    chart = layered.facet(
        facet=alt.Facet("code:N", title=None, sort=codes, header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
        columns=columns,
    ).resolve_scale(y="independent")
    return _finish(chart, title=f"Signals by side, per {by}",
                   description="Statements carrying each negotiation signal, per period and side.",
                   datasets={"rows": rows})


def cooperation_by_side(points: Sequence[Mapping[str, Any]], shifts: Sequence[Mapping[str, Any]] = (), *,
                        by: str = "week", width: int | str = 640,
                        palette: Mapping[str, str] | None = None,
                        names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Each side's mean cooperation score (PLOVER −10…+10) per period, with sustained shifts marked.

    ``points``: dicts with ``period``, ``side``, ``value`` (and optionally ``low``/``high``, ``n``).
    ``shifts``: dicts with ``period`` and ``side`` of each change point. A side's line breaks where
    it said nothing for a period (no line is drawn across an empty week); the legend names the sides.
    """
    alt = _alt()
    rows = [
        {"period": _iso(p["period"]), "side": p.get("side") or NO_SIDE, "value": p["value"],
         "low": p.get("low"), "high": p.get("high"), "n": p.get("n")}
        for p in points if p.get("value") is not None
    ]
    rows.sort(key=lambda r: (r["side"], r["period"]))
    segment, last_side, expected = 0, None, None
    for r in rows:  # a new segment of the line after every gap of a period or more
        day = dt.date.fromisoformat(r["period"][:10]) if r["period"] else None
        if r["side"] != last_side or day is None or expected is None or day > expected:
            segment += 1
        r["segment"] = f"{r['side']}-{segment}"
        last_side, expected = r["side"], _step(day, by) if day else None
    sides = [r["side"] for r in rows] + [s.get("side") or NO_SIDE for s in shifts]
    scale = _side_scale(sides, palette)
    x = alt.X("period:T", title=f"{by.capitalize()} starting", axis=alt.Axis(format="%d %b %Y", labelAngle=-40))
    base = alt.Chart(_named("rows")).encode(
        x=x, color=alt.Color("side:N", title="Side", scale=scale, legend=_legend(names)),
    )
    line = base.mark_line(strokeWidth=2, point=True).encode(
        detail="segment:N",
        y=alt.Y("value:Q", title="Cooperation score (−10 … +10)",
                scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("period:T", title=by.capitalize(), format="%Y-%m-%d"), "side:N",
                 alt.Tooltip("value:Q", title="Score", format=".2f"), alt.Tooltip("n:Q", title="Statements")],
    )
    layers = [line]
    srows: list[dict[str, Any]] = []
    if len({r["side"] for r in rows}) <= 2 and any(r["low"] is not None for r in rows):  # bands stay legible
        layers.insert(0, base.mark_area(opacity=0.15).encode(
            y="low:Q", y2="high:Q", color=alt.Color("side:N", scale=scale, legend=None)))
    if shifts:
        srows = [{"period": _iso(s["period"]), "side": s.get("side") or NO_SIDE, "label": s.get("label", "")}
                 for s in shifts]
        layers.append(
            alt.Chart(_named("shifts")).mark_rule(strokeDash=[4, 3], strokeWidth=2).encode(
                x=x, color=alt.Color("side:N", scale=scale), tooltip=["side:N", alt.Tooltip("label:N", title="Shift")]
            )
        )
    chart = alt.layer(*layers).properties(width=width, height=240)
    return _finish(chart, title=f"Cooperation score by side, per {by}",
                   description="Mean PLOVER cooperation score of each side's coded statements; dashed rules "
                               "mark sustained shifts.",
                   datasets={"rows": rows, "shifts": srows})


def signal_mix(counts: Mapping[str, int], *, side: str | None = None, width: int | str = 360,
               palette: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Horizontal bars: how many statements carry each signal code."""
    alt = _alt()
    rows = [{"code": c, "count": n} for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    colour = dict(zip(*side_colours([side], palette)))[side or NO_SIDE] if side else "#0072B2"
    chart = alt.Chart(_named("rows")).mark_bar(color=colour).encode(
        y=alt.Y("code:N", title="Signal", sort="-x"),
        x=alt.X("count:Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("code:N", title="Signal"), alt.Tooltip("count:Q", title="Statements")],
    ).properties(width=width, height=max(60, 22 * len(rows)))
    return _finish(chart, title="Signal mix", description="Statements carrying each signal code.",
                   datasets={"rows": rows})


def actor_timeline(points: Sequence[Any], *, by: str = "week", width: int | str = 640) -> dict[str, Any]:
    """Stacked bars: an actor's statements per period, by signal code."""
    alt = _alt()
    rows = [{"period": _iso(p.period), "code": p.code, "count": p.count} for p in points]
    chart = alt.Chart(_named("rows")).mark_bar().encode(
        x=alt.X("period:T", title=f"{by.capitalize()} starting", axis=alt.Axis(format="%d %b %Y", labelAngle=-40)),
        y=alt.Y("sum(count):Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("code:N", title="Signal", scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("period:T", title=by.capitalize(), format="%Y-%m-%d"),
                 alt.Tooltip("code:N", title="Signal"), alt.Tooltip("count:Q", title="Statements")],
    ).properties(width=width, height=180)
    return _finish(chart, title=f"Statements per {by}, by signal", description="The actor's coded statements over time.",
                   datasets={"rows": rows})


def saydo_chart(series: Sequence[Any], ceasefires: Sequence[Any] = (), *, by: str = "week",
                width: int = 560, palette: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Per side: recorded attacks per period (bars) against mean verbal cooperation (line), with
    declared ceasefire windows shaded."""
    alt = _alt()
    rows = [
        {"period": _iso(p.period), "side": p.side, "attacks": p.attacks, "fatalities": p.fatalities,
         "cooperation": p.verbal_cooperation, "statements": p.statements}
        for p in series
    ]
    sides = sorted({r["side"] for r in rows})
    scale = _side_scale(sides, palette)
    x = alt.X("period:T", title=f"{by.capitalize()} starting", axis=alt.Axis(format="%d %b %Y", labelAngle=-40))
    crows = [{"kind": "ceasefire", "start": _iso(c.start), "end": _iso(c.end + dt.timedelta(days=1)),
              "side": c.side or NO_SIDE, "verdict": c.verdict} for c in ceasefires]
    data = [{"kind": "series", **r} for r in rows] + [c for c in crows if c["side"] in sides]
    base = alt.Chart()
    series_only = alt.datum.kind == "series"
    bars = base.transform_filter(series_only).mark_bar(opacity=0.45, color="#555555").encode(
        x=x, y=alt.Y("attacks:Q", title="Recorded attacks", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("period:T", format="%Y-%m-%d"), "side:N", "attacks:Q", "fatalities:Q"],
    )
    line = base.transform_filter(series_only).transform_filter("isValid(datum.cooperation)").mark_line(
        point=True, strokeWidth=2).encode(
        x=x, y=alt.Y("cooperation:Q", title="Verbal cooperation"),
        color=alt.Color("side:N", title="Side", scale=scale),
        tooltip=[alt.Tooltip("period:T", format="%Y-%m-%d"), "side:N",
                 alt.Tooltip("cooperation:Q", format=".2f"), "statements:Q"],
    )
    layers = []
    if len(data) > len(rows):
        layers.append(
            base.transform_filter(alt.datum.kind == "ceasefire").mark_rect(opacity=0.3, color="#E69F00").encode(
                x="start:T", x2="end:T",
                tooltip=["side:N", "verdict:N", alt.Tooltip("start:T", title="Ceasefire from", format="%Y-%m-%d")])
        )
    layers += [bars, line]
    chart = alt.layer(*layers, data=_named("rows")).resolve_scale(y="independent").properties(
        width=width, height=150
    ).facet(
        row=alt.Row("side:N", title=None, sort=sides,
                    header=alt.Header(labelFontWeight="bold", labelFontSize=13, labelAngle=0, labelAlign="left")),
    ).resolve_scale(y="independent")
    return _finish(chart, title=f"Words against deeds, per {by}: attacks (bars), verbal cooperation (line)",
                   description="Bars: attacks recorded for the side; line: the side's mean verbal "
                               "cooperation; shaded: declared ceasefire windows.",
                   datasets={"rows": data})


def cooperation_rows(points: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows of :func:`cooperation_by_side` from cooperation points (period, side, value, low,
    high, n: :class:`parley.api.results.CooperationPoint`)."""
    return [{"period": _iso(p.period), "side": p.side, "value": p.value, "low": p.low, "high": p.high, "n": p.n}
            for p in points]


def shift_labels(shifts: Iterable[Any]) -> list[dict[str, Any]]:
    """The shift marks of :func:`cooperation_by_side` from shifts (period, side, before, after)."""
    return [{"period": _iso(s.period), "side": s.side, "label": f"{s.before:+.1f} → {s.after:+.1f}"} for s in shifts]


# ------------------------------------------------------------------------------ static rendering
def to_svg(spec: Mapping[str, Any]) -> str:
    """The chart as an SVG document (vl-convert; no browser, no network)."""
    svg = vlc.vegalite_to_svg(dict(spec), vl_version=VL_VERSION)
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    return svg


def to_png(spec: Mapping[str, Any], *, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (vl-convert)."""
    return vlc.vegalite_to_png(dict(spec), vl_version=VL_VERSION, scale=scale)


def fixed_width(spec: Mapping[str, Any], width: int = 640) -> dict[str, Any]:
    """A copy of ``spec`` whose ``"container"`` widths are fixed (static renderers have no container)."""

    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: (width if k == "width" and x == "container" else walk(x)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(dict(spec))
