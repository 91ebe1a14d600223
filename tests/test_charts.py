"""Chart specs (Altair → Vega-Lite): valid, colour-blind-safe side colours, labelled axes, static rendering."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from webstore import build_sample_store

from parley import charts
from parley.api import Parley
from parley.store import open_store, queries
from parley.web import pages


@pytest.fixture(scope="module")
def store():
    s = open_store(":memory:")
    build_sample_store(s)
    return s


@pytest.fixture(autouse=True)
def validate(monkeypatch):
    monkeypatch.setattr(charts, "VALIDATE", True)  # every spec is checked against the Vega-Lite schema


def test_side_colours_are_fixed_distinct_and_okabe_ito():
    sides, colours = charts.side_colours(["RU", "UA", "XX", "US", "YY", None])
    assert sides == ["RU", "UA", "US", "XX", "YY", "none"]
    assert colours[:3] == [charts.SIDE_COLOURS["RU"], charts.SIDE_COLOURS["UA"], charts.SIDE_COLOURS["US"]]
    assert len(set(colours)) == len(colours)
    assert set(colours[:-1]) <= set(charts.OKABE_ITO) and colours[-1] == charts.NO_SIDE_COLOUR
    # the same side keeps its colour whatever else is on the chart
    assert charts.side_colours(["UA"])[1] == [charts.SIDE_COLOURS["UA"]]


def _axis_titles(spec):
    found = []

    def walk(v):
        if isinstance(v, dict):
            if "field" in v and "title" in v:
                found.append((v["field"], v.get("type"), v["title"]))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(spec)
    return found


def test_signals_by_side(store):
    spec = charts.signals_by_side(queries.signal_timeline(store))
    titles = _axis_titles(spec)
    assert ("period", "temporal", "Week starting") in titles and ("count", "quantitative", "Statements") in titles
    scale = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["RU", "UA", "US"] and scale["range"][0] == charts.SIDE_COLOURS["RU"]
    assert {r["code"] for r in spec["datasets"]["rows"]} >= {"REJECT", "CEASEFIRE"}
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg") and "Week starting" in svg and "CEASEFIRE" in svg and "01 Apr 2024" in svg


def test_other_charts_render(store):
    p = Parley(store)
    o = pages.overview(p, chart_width=500)
    a = pages.actor_page(p, "ru-sokolov")
    d = pages.saydo_page(p)
    specs = {**o.charts, **a.charts, **d.charts}
    assert set(specs) == {"signals_by_side", "cooperation", "timeline", "signal_mix", "saydo"}
    for name, spec in specs.items():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        svg = charts.to_svg(charts.fixed_width(spec, 480))
        assert "<svg" in svg and spec["title"] in svg, name
    assert "Recorded attacks" in charts.to_svg(d.charts["saydo"])
    png = charts.to_png(d.charts["saydo"], scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_fixed_width_replaces_container_only():
    spec = {"width": "container", "vconcat": [{"width": "container"}, {"width": 300}]}
    assert charts.fixed_width(spec, 640) == {"width": 640, "vconcat": [{"width": 640}, {"width": 300}]}
    assert spec["width"] == "container"


def test_cooperation_chart_marks_shifts():
    spec = charts.cooperation_by_side(
        [{"period": dt.date(2024, 1, 1), "side": "RU", "value": 1.0, "n": 3},
         {"period": dt.date(2024, 1, 8), "side": "RU", "value": -2.0, "n": 4}],
        [{"period": "2024-01-08", "side": "RU", "label": "+1.0 → −2.0"}], width=400)
    assert spec["datasets"]["shifts"] == [{"period": "2024-01-08", "side": "RU", "label": "+1.0 → −2.0"}]
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"])


def _point(period, side, code, count):
    return queries.TimelinePoint(period=period, side=side, code=code, count=count)


def test_counts_are_whole_silent_weeks_are_zero_and_sides_are_named():
    w1, w3 = dt.date(2030, 3, 4), dt.date(2030, 3, 18)
    spec = charts.signals_by_side([_point(w1, "XA", "OFFER_TALKS", 2), _point(w3, "XA", "OFFER_TALKS", 1)],
                                  names={"XA": "Arvenia"})
    rows = spec["datasets"]["rows"]
    assert [(r["period"], r["count"]) for r in rows] == [("2030-03-04", 2), ("2030-03-11", 0), ("2030-03-18", 1)]
    y = spec["spec"]["layer"][0]["encoding"]["y"]
    assert y["axis"]["format"] == "d" and y["axis"]["tickMinStep"] == 1
    legend = spec["spec"]["layer"][0]["encoding"]["color"]["legend"]
    assert '"XA": "XA Arvenia"' in legend["labelExpr"]
    svg = charts.to_svg(spec)
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert "XA Arvenia" in labels and not any(re.fullmatch(r"\d+\.\d+", t) for t in labels)  # no 0.5 statements


def test_no_line_runs_across_a_silent_week():
    points = [{"period": dt.date(2030, 3, 4), "side": "XA", "value": 1.0},
              {"period": dt.date(2030, 3, 11), "side": "XA", "value": 2.0},
              {"period": dt.date(2030, 3, 25), "side": "XA", "value": -1.0},  # nothing said the week of the 18th
              {"period": dt.date(2030, 3, 4), "side": "XB", "value": 0.0}]
    spec = charts.cooperation_by_side(points, names={"XA": "Arvenia", "XB": "Borovia"})
    segments = {r["period"]: r["segment"] for r in spec["datasets"]["rows"] if r["side"] == "XA"}
    assert segments["2030-03-04"] == segments["2030-03-11"] != segments["2030-03-25"]
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["detail"]["field"] == "segment"
