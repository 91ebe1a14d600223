"""parley.analysis.trends: per-period rates and scores with intervals, and change points that tell a
sustained shift from one outlying statement."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from analysis_helpers import st

from parley.analysis.trends import detect_changes, trends
from parley.errors import ConfigError, NotFound

WARM = [("We are ready to talk.", ["OFFER_TALKS"]), ("We thank the mediators.", ["PRAISE"]),
        ("We agree to the exchange.", ["AGREE"]), ("Talks should go on.", ["OFFER_TALKS"])]
COLD = [("We will strike back.", ["THREATEN"]), ("They are lying again.", ["ACCUSE"]),
        ("We reject the plan.", ["REJECT"]), ("We will answer with force.", ["THREATEN"])]


def series(kinds, start="2025-01-06", per_day=1, side="RU"):
    day0 = dt.date.fromisoformat(start)
    out = []
    for i, kind in enumerate(kinds):
        text, codes = kind
        out.append(st(text, speaker=f"Official {i % 3}", side=side, codes=codes,
                      day=day0 + dt.timedelta(days=i // per_day)))
    return out


def test_a_sustained_shift_is_found_where_it_happens():
    kinds = [WARM[i % 4] for i in range(30)] + [COLD[i % 4] for i in range(30)]
    t = trends(series(kinds, per_day=2), by="week", side="RU")
    assert len(t.change_points) == 1
    c = t.change_points[0]
    assert c.before > 0 > c.after
    assert c.date == dt.date(2025, 1, 6) + dt.timedelta(days=15)  # statement 30, two a day
    assert sum(p.statements for p in t.points) == 60
    for p in t.points:
        assert p.score_low <= p.score <= p.score_high
        assert set(p.rates) >= {"OFFER_TALKS", "THREATEN"}


def test_one_outlying_statement_is_an_outlier_not_a_shift():
    kinds = [WARM[i % 4] for i in range(60)]
    kinds[31] = ("We will wipe them out.", ["THREATEN", "SANCTION"])
    t = trends(series(kinds, per_day=2), by="week", side="RU")
    assert t.change_points == ()
    assert len(t.outliers) == 1 and t.outliers[0].score < 0 < t.outliers[0].expected


def test_noise_gives_few_shifts():
    rng = np.random.default_rng(7)
    values = list(rng.choice([2.5, 5.0, -3.5, -2.0, 0.0, 2.5], size=200))
    breaks, _, _ = detect_changes(values)
    assert len(breaks) <= 1


def test_actor_filter_and_periods():
    kinds = [WARM[i % 4] for i in range(12)]
    data = series(kinds, per_day=1)
    t = trends(data, by="month", actor="Official 1")
    assert t.statements == 4 and all(p.statements for p in t.points)
    assert [p.period for p in trends(data, by="week").points] == sorted({
        s.published - dt.timedelta(days=s.published.weekday()) for s in data})
    with pytest.raises(ConfigError):
        trends(data, by="fortnight")
    with pytest.raises(NotFound):
        trends(data, side="UA")


def test_trends_over_real_statements(gold_dir):
    from parley.evaluation.contradictions import load_gold_statements

    statements = load_gold_statements(gold_dir / "dev-ru.jsonl")
    ru = [s for s in statements if s.side == "RU"]
    t = trends(statements, side="RU", by="week")
    assert sum(p.statements for p in t.points) == len(ru)
    ids = {i for p in t.points for i in p.statement_ids}
    assert ids == {s.id for s in ru}
    for c in t.change_points:
        assert c.n_before >= 3 and c.n_after >= 3


def test_a_shift_on_a_handful_of_statements_is_not_a_shift():
    # six warm then six cold: a stark change, on fewer statements each side than the threshold
    kinds = [WARM[i % 4] for i in range(6)] + [COLD[i % 4] for i in range(6)]
    assert trends(series(kinds), by="week", side="RU").change_points == ()
    kinds = [WARM[i % 4] for i in range(12)] + [COLD[i % 4] for i in range(12)]
    (c,) = trends(series(kinds), by="week", side="RU").change_points
    assert c.n_before >= 10 and c.n_after >= 10 and c.high < 0  # the interval excludes zero


def test_the_shift_interval_widens_with_the_number_of_series_and_periods_tested():
    # a modest step (one and a half points) in spread-out scores: found when one series is tested,
    # not when the same trend is one of many looked at together
    values = [[-2.0, 0.0, 2.0][i % 3] for i in range(30)] + [[-0.5, 1.5, 3.5][i % 3] for i in range(30)]
    day0 = dt.date(2025, 1, 6)
    data = [st("We said something.", speaker="Official", side="RU", cooperation=v, day=day0 + dt.timedelta(days=i))
            for i, v in enumerate(values)]
    one = trends(data, by="week", side="RU")
    many = trends(data, by="week", side="RU", series=40)
    assert len(one.change_points) == 1 and one.change_points[0].tests == len(one.points)
    c = one.change_points[0]
    assert c.low > 0 and c.low <= c.shift <= c.high
    assert many.change_points == ()
