"""The front door: one Parley object, settings resolved once, queries validated once, the same
answers (and the same errors) for every face."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webstore import build_sample_store

from parley import settings
from parley.analysis.trends import trends
from parley.api import Parley, StatementQuery
from parley.cli import app
from parley.errors import ConfigError, NotFound, StoreError, UnknownCode
from parley.records import Document
from parley.store import open_store
from parley.web import create_app

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return path


@pytest.fixture
def parley(sample_db):
    with Parley.open(sample_db, read_only=True) as p:
        yield p


# ------------------------------------------------------------------------------------ opening
def test_open_is_a_context_manager_and_read_only_refuses_writes(sample_db):
    with Parley.open(sample_db, read_only=True) as p:
        assert p.read_only and p.count_statements() > 0
        with pytest.raises(StoreError, match="read-only"):
            p.ingest(["-"], stdin=lambda: b"Lavrov said talks were over.")
    with Parley.open(":memory:") as p:
        assert not p.read_only
        summary = p.ingest(["-"], stdin=lambda: b"Lavrov said that talks were over.")
        assert summary.new == 1 and p.count_statements() == summary.statements > 0


def test_a_read_only_open_of_a_missing_store_says_so_and_creates_nothing(tmp_path):
    missing = tmp_path / "nothing.db"
    with pytest.raises(NotFound, match=f"there is no store at {missing}"):
        Parley.open(missing, read_only=True)
    assert not missing.exists()
    with Parley.open(missing, read_only=True, store_optional=True) as p:  # the registry verbs still work
        assert p.store is None and p.actors(side="UA")
    assert not missing.exists()


@pytest.mark.parametrize("command", [
    ["docs"], ["show", "abc123"], ["statements"], ["rejections"], ["stats"], ["contradictions"],
    ["profile", "Lavrov"], ["trends"], ["saydo"], ["actors", "--rank"], ["actors", "unresolved"],
    ["report", "--from", "2024-01-01", "--to", "2024-02-01", "-o", "b.html"], ["serve", "--port", "1"],
])
def test_every_read_command_on_a_missing_store_says_so(tmp_path, command):
    missing = tmp_path / "parley.db"
    r = runner.invoke(app, ["--db", str(missing), *command])
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(f"Error: there is no store at {missing}: load documents with `parley ingest`")
    assert not missing.exists()


def test_settings_are_resolved_once_when_opened(sample_db, monkeypatch):
    monkeypatch.setenv("PARLEY_CONTRADICTION_WINDOW_DAYS", "30")
    with Parley.open(sample_db, read_only=True) as p:
        monkeypatch.setenv("PARLEY_CONTRADICTION_WINDOW_DAYS", "5")  # too late: already resolved
        assert p.settings.contradiction_window_days == 30
        assert p.contradictions().window_days == 30
    explicit = settings.resolve(contradiction_window_days=12)
    with Parley.open(sample_db, read_only=True, settings=explicit) as p:
        assert p.contradictions().window_days == 12


def test_ingest_options_come_from_the_settings(monkeypatch):
    monkeypatch.setenv("PARLEY_BATCH_SIZE", "7")
    monkeypatch.setenv("PARLEY_LANGUAGES", "en,ru")
    monkeypatch.setenv("PARLEY_FETCH_TIMEOUT", "3.5")
    p = Parley(None)
    options = p.ingest_options(source="x")
    assert (options.batch_size, options.languages, options.fetch.timeout, options.source) == (7, ("en", "ru"), 3.5, "x")
    assert p.fetch_options(timeout=9).timeout == 9


# ------------------------------------------------------------------------------------ queries
def test_statement_query_reads_what_faces_receive():
    q = StatementQuery.of(side="ru", signal="reject, THREATEN,REJECT", since="2024-03-01", until=dt.date(2024, 4, 1),
                          q="  ", actor="")
    assert q == StatementQuery(side="RU", signals=("REJECT", "THREATEN"), since=dt.date(2024, 3, 1),
                               until=dt.date(2024, 4, 1))
    assert q.store_filters() == {"side": "RU", "signal": "REJECT,THREATEN", "since": dt.date(2024, 3, 1),
                                 "until": dt.date(2024, 4, 1)}
    with pytest.raises(ConfigError, match="--since 'someday' is not a date; write it as YYYY-MM-DD"):
        StatementQuery.of(since="someday", flag="--")
    with pytest.raises(AttributeError):
        q.side = "UA"  # type: ignore[misc]
    assert StatementQuery(since=dt.date(2024, 2, 1), until=dt.date(2024, 1, 1)).inverted


def test_an_unknown_side_lists_the_known_ones_on_every_face(parley, sample_db):
    with pytest.raises(NotFound) as info:
        parley.statements(StatementQuery(side="XZ"))
    message = str(info.value)
    assert message.startswith("'XZ' is not a known side; sides with statements in this store: RU, UA, US; ")
    assert "other sides of the registry: " in message and "NATO" in message
    cli = runner.invoke(app, ["--db", str(sample_db), "statements", "--side", "xz"])
    assert cli.exit_code == 1 and cli.stderr == f"Error: {message}\n"
    for command in (["trends", "--side", "XZ"], ["saydo", "--side", "XZ"], ["contradictions", "--side", "XZ"],
                    ["actors", "--rank", "--side", "XZ"]):
        other = runner.invoke(app, ["--db", str(sample_db), *command])
        assert other.exit_code == 1 and other.stderr == f"Error: {message}\n", command
    with TestClient(create_app(Parley.open(sample_db, read_only=True))) as client:
        for path in ("/api/statements", "/api/overview", "/api/saydo", "/api/contradictions"):
            r = client.get(path, params={"side": "XZ"})
            assert r.status_code == 404 and r.json()["message"] == message, path


def test_a_side_the_registry_knows_is_an_empty_answer_not_an_error(parley):
    assert parley.statements(StatementQuery(side="FR")) == []


def test_an_unknown_actor_names_the_closest(parley):
    with pytest.raises(NotFound, match=r"'Andrei Sokolow' is not a known actor.*the closest known: .*Andrei Sokolov"):
        parley.statements(StatementQuery(actor="Andrei Sokolow"))
    assert parley.statements(StatementQuery(actor="sergey-lavrov")) == []  # in the registry, silent here
    assert parley.statements(StatementQuery(actor="ru-sokolov"))


def test_unknown_codes_topics_and_kinds(parley):
    with pytest.raises(UnknownCode, match="'SURRENDER' is not a known signal code; known codes: OFFER_TALKS"):
        parley.check(StatementQuery(signals=("SURRENDER",)))
    with pytest.raises(UnknownCode, match="known topics: "):
        parley.check(StatementQuery(topic="weather"))
    with pytest.raises(ConfigError, match="known kinds are direct, indirect, mixed"):
        parley.check(StatementQuery(kind="rumour"))


def test_a_document_prefix_is_resolved_once(parley):
    doc = parley.documents(limit=1)[0]
    q = parley.check(StatementQuery(doc=doc.id[:10]))
    assert q.doc == doc.id
    assert {s.doc_id for s in parley.statements(q)} == {doc.id}


# ------------------------------------------------------------------------------------ analyses
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from parley.demo import run_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(path)
    run_demo(store)
    store.close()
    return path


def test_shift_evidence_is_the_library_s_and_every_face_gets_it(demo_db):
    parley = Parley.open(demo_db)
    statements = parley.folded(parley.statements(StatementQuery(side="XB")))
    trend = trends(statements, side="XB")
    (change,) = trend.change_points
    assert change.evidence and change.statement_id not in change.evidence
    (shift,) = parley.shifts(["XB"]).shifts
    assert [s.id for s in shift.evidence] == list(change.evidence)
    cli = runner.invoke(app, ["--db", str(demo_db), "trends", "--side", "XB", "--format", "json"])
    (t,) = json.loads(cli.stdout)
    assert t["change_points"][0]["evidence"] == list(change.evidence)
    assert f"evidence: {change.evidence[0][:12]}" in runner.invoke(
        app, ["--db", str(demo_db), "trends", "--side", "XB", "--format", "csv"]).stderr
    with TestClient(create_app(Parley.open(demo_db, read_only=True))) as client:
        web = client.get("/api/overview", params={"side": "XB", "since": "2030-02-01"}).json()["shifts"][0]
    assert [e["id"] for e in web["evidence"]] == list(change.evidence)


def test_a_handful_of_statements_makes_no_shift(parley):
    """The sample store's sides speak a few times each: a stark change on them is no shift."""
    assert parley.shifts(["RU", "UA"]).shifts == ()


def test_profile_pools_the_actor_s_side(parley):
    exact = parley.profile("ru-sokolov")
    by_name = parley.profile("Sokolov")  # a surname: found among every statement, same profile
    assert exact.actor_id == by_name.actor_id == "ru-sokolov"
    assert (exact.cooperation, exact.side_cooperation, exact.role) == (
        by_name.cooperation, by_name.side_cooperation, by_name.role)


def test_saydo_reads_events_around_the_period(parley):
    """A ceasefire at the edge of the period is set against attacks just outside it."""
    day = dt.date(2024, 4, 8)  # Moscow declares a truce for 12-14 April
    found = parley.saydo(StatementQuery(side="RU", since=day, until=day))
    (truce,) = found.saydo.ceasefires
    assert (truce.start, truce.end, truce.verdict) == (dt.date(2024, 4, 12), dt.date(2024, 4, 14), "broken")
    assert truce.attacks == 3 and found.events > truce.attacks


def test_the_cache_is_emptied_by_a_write_through_the_same_parley():
    from parley.api import ResultCache

    p = Parley(open_store(":memory:"), cache=ResultCache(recheck_seconds=3600))
    assert p.facets().total == 0
    p.ingest(["-"], stdin=lambda: b"Lavrov said that talks were over.")
    assert p.facets().total == 1


def test_extract_and_code_need_no_store():
    p = Parley(None)
    doc = Document.create("Peskov said Russia was ready for talks.", language="en")
    statements, _ = p.processor().process([doc])
    assert statements[doc.id][0].speaker == "Dmitry Peskov"
    coded = list(p.code(['{"id": "a", "cue": "said", "text": "We are ready for talks."}']))
    assert coded[0].id == "a" and "OFFER_TALKS" in [s["code"] for s in coded[0].signals]
    with pytest.raises(StoreError, match="needs a store"):
        p.statements()
