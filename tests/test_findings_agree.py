"""Findings an editor can trust: on the demo and on two shared corpora (RBC's Russian news of July
2025, and the English services of Ukrainian and Belarusian outlets), every role is the same on the
command line (`parley actors --rank`, `parley profile`), on the dashboard (`/api/actors/{id}`) and in
the briefing, and no briefing headline rests on fewer statements than the threshold."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.analysis._scores import MIN_EVIDENCE
from parley.analysis.profiles import ROLE_CONCILIATORY, ROLE_HARDLINE
from parley.api import Parley
from parley.api.briefing import MAX_HEADLINES
from parley.cli import app
from parley.demo import run_demo
from parley.store import open_store
from parley.web import create_app, pages

runner = CliRunner()
CORPORA = {
    "rbc": ("rbc-news-ru-2025-07", "rbc_news_ru_2025-07.jsonl"),
    "outlets": ("ua-by-outlets-en-2022-24", "ua_by_outlets_en_2022-2024.jsonl"),
}


def cli(*args: str):
    out = runner.invoke(app, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return out.stdout


@pytest.fixture(scope="module", params=["demo", "rbc", "outlets"])
def store_path(request, tmp_path_factory):
    path = tmp_path_factory.mktemp(request.param) / "p.db"
    if request.param == "demo":
        store = open_store(path)
        run_demo(store)
        store.close()
    else:
        corpora = request.getfixturevalue("corpora_dir")
        folder, name = CORPORA[request.param]
        cli("--db", str(path), "ingest", str(corpora / folder / name), "--format", "json")
    return str(path)


def test_cli_dashboard_and_briefing_agree_on_every_role(store_path):
    ranked = json.loads(cli("--db", store_path, "actors", "--rank", "--min-statements", "1", "--format", "json"))
    assert ranked
    with Parley.open(store_path) as p:
        span = p.date_range()
        briefing = p.briefing(since=span.first, until=span.last)
        statements_dated = p.count_statements(p.query(since=span.first, until=span.last))
        assert statements_dated == p.count_statements(), "every statement is in the briefing's period"
    briefed = {r.actor_id or r.actor: r.role for r in briefing.roles}
    store = open_store(store_path)
    try:
        with TestClient(create_app(store, cache=pages.ResultCache(recheck_seconds=0))) as client:
            stated = 0
            for row in ranked:
                key = row["actor_id"] or row["actor"]
                if row["role"] in (ROLE_CONCILIATORY, ROLE_HARDLINE):
                    stated += 1
                    assert row["scored"] >= MIN_EVIDENCE
                    one = json.loads(cli("--db", store_path, "profile", key, "--format", "json"))[0]
                    assert one["role"] == row["role"], key
                    page = client.get(f"/api/actors/{key}").json()
                    assert page["profile"]["role"] == row["role"], key
                    if row["side"] in {sec.side for sec in briefing.sections}:
                        assert briefed.get(key) == row["role"], key
                else:
                    assert key not in briefed
            assert stated == len(briefed)
    finally:
        store.close()


def test_no_headline_rests_on_fewer_statements_than_the_threshold(store_path):
    with Parley.open(store_path) as p:
        span = p.date_range()
        periods = [(span.first, span.last)]
        # and each of the last eight weeks, as an editor would ask for them
        periods += [(span.last - dt.timedelta(days=7 * k + 6), span.last - dt.timedelta(days=7 * k)) for k in range(8)]
        for since, until in periods:
            b = p.briefing(since=since, until=until)
            assert len(b.headlines) <= MAX_HEADLINES
            for h in b.headlines:
                assert h.statements >= MIN_EVIDENCE, h.text
                assert h.kind in ("shift", "signal", "role")
