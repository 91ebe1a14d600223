"""What the dashboard and its API description say about defaults comes from the settings table
(the contradiction window was once described as 21 days while the setting was 42)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webstore import build_sample_store

from parley import settings
from parley.api import Parley
from parley.store import open_store
from parley.web import create_app


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("wording") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return path


def _window_parameter(schema: dict) -> dict:
    params = schema["paths"]["/api/contradictions"]["get"]["parameters"]
    return next(p for p in params if p["name"] == "window_days")


@pytest.mark.parametrize("env", [None, "30"])
def test_the_window_stated_is_the_setting_in_force(sample_db, monkeypatch, env):
    if env is None:
        monkeypatch.delenv("PARLEY_CONTRADICTION_WINDOW_DAYS", raising=False)
        expected = settings.default("contradiction_window_days")
    else:
        monkeypatch.setenv("PARLEY_CONTRADICTION_WINDOW_DAYS", env)
        expected = int(env)
    with TestClient(create_app(Parley.open(sample_db, read_only=True))) as client:
        schema = client.get("/openapi.json").json()
        described = _window_parameter(schema)["description"]
        assert f"(default {expected}, the contradiction_window_days setting)" in described
        assert f"within {expected} days" in schema["info"]["description"]
        page = client.get("/contradictions").text
        assert f"within {expected} days of each other" in page
        assert f'placeholder="{expected}"' in page
        assert re.search(r"within (?!%d\b)\d+ days" % expected, page) is None
        narrow = client.get("/contradictions", params={"window_days": 0}).text
        assert "within 0 days of each other" in narrow
        data = client.get("/api/contradictions").json()
    # the window stated is the window used
    with Parley.open(sample_db, read_only=True) as p:
        assert p.contradictions().window_days == expected
        assert data["total"] == len(p.contradictions().contradictions)
