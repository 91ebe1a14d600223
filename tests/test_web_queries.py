"""The aggregate queries behind the overview (parley.store.queries), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from webstore import build_sample_store

from parley.store import queries


@pytest.fixture
def sample(store):
    built = build_sample_store(store)
    return store, built["statements"]


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def test_signal_timeline_counts_each_statement_once_per_code(sample):
    store, statements = sample
    expected = Counter((_week(s.published), s.side or "", g) for s in statements for g in set(s.signal_codes))
    got = {(p.period, p.side, p.code): p.count for p in queries.signal_timeline(store)}
    assert got == dict(expected)
    assert all(p.period.weekday() == 0 for p in queries.signal_timeline(store))


def test_signal_timeline_filters_and_periods(sample):
    store, statements = sample
    ru = queries.signal_timeline(store, side="RU", by="month")
    assert {p.side for p in ru} == {"RU"} and all(p.period.day == 1 for p in ru)
    assert sum(p.count for p in ru) == sum(len(set(s.signal_codes)) for s in statements if s.side == "RU")
    april = queries.signal_timeline(store, since="2024-04-01", until="2024-04-30", by="day")
    assert april and all(dt.date(2024, 4, 1) <= p.period <= dt.date(2024, 4, 30) for p in april)
    with pytest.raises(ValueError, match="unknown period"):
        queries.signal_timeline(store, by="fortnight")


def test_actor_activity(sample):
    store, statements = sample
    rows = queries.actor_activity(store, limit=None)
    by_key = Counter(s.actor_id or s.speaker for s in statements)
    assert {r.actor: r.statements for r in rows} == dict(by_key)
    assert [r.statements for r in rows] == sorted((r.statements for r in rows), reverse=True)
    volkova = next(r for r in rows if r.actor == "ru-volkova")
    mine = [s for s in statements if s.actor_id == "ru-volkova"]
    assert volkova.coded == sum(1 for s in mine if s.signals)
    assert volkova.first == min(s.published for s in mine) and volkova.last == max(s.published for s in mine)
    assert volkova.side == "RU" and volkova.speaker == "Maria Volkova"
    assert len(queries.actor_activity(store, limit=2)) == 2


def test_sides_date_range_and_fingerprint(sample):
    store, statements = sample
    assert queries.sides(store) == dict(Counter(s.side for s in statements if s.side).most_common())
    span = queries.date_range(store)
    assert (span.first, span.last) == (min(s.published for s in statements), max(s.published for s in statements))
    before = queries.fingerprint(store)
    assert queries.fingerprint(store) == before
    store.set_meta("x", 1)
    run = store.start_run("touch")
    store.finish_run(run, {})
    assert queries.fingerprint(store) != before


def test_signal_facets_match_the_store_counts(sample):
    store, _ = sample
    assert queries.signal_facets(store) == store.signal_counts()
    assert queries.signal_facets(store, side="RU") == store.signal_counts(side="RU")
    facets = queries.signal_facets(store)
    assert list(facets.values()) == sorted(facets.values(), reverse=True)


def _pg_sample(request):
    if request.node.callspec.params.get("store") != "postgres":
        pytest.skip("PostgreSQL's change counters: the postgres store only")


def test_a_write_to_another_database_of_the_server_leaves_the_fingerprint(sample, request, new_pg_url):
    """On a shared PostgreSQL server, other databases' writes must not empty the dashboard's cache
    (the fingerprint was the server's WAL position, which every write anywhere moves)."""
    _pg_sample(request)
    import psycopg

    store, _ = sample
    before = queries.fingerprint(store)
    with psycopg.connect(new_pg_url, autocommit=True) as other:
        other.execute("CREATE TABLE elsewhere (n int)")
        other.execute("INSERT INTO elsewhere SELECT generate_series(1, 1000)")
    assert queries.fingerprint(store) == before


def test_an_update_that_keeps_every_count_moves_the_fingerprint(sample, request):
    """An edit in place (a statement's speaker corrected) changes no count; PostgreSQL's change
    counters for the store's tables still move, once the writer's statistics reach the server
    (asked again until they do; a statistics flush takes about a second)."""
    _pg_sample(request)
    import time

    from sqlalchemy import text

    store, _ = sample
    before = queries.fingerprint(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE statements SET speaker = speaker || ' (corrected)' "
                          "WHERE id = (SELECT min(id) FROM statements)"))
    store.engine.dispose()  # the writer's connection ends: its statistics are flushed
    for _ in range(300):
        if queries.fingerprint(store) != before:
            break
        time.sleep(0.1)
    assert queries.fingerprint(store) != before
