"""`parley settings`, `parley stats` and `parley bench ingest`, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parley.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "ingest"


def test_settings_lists_every_setting_with_its_source(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "parley.toml").write_text("[parley]\nfetch_timeout = 7.5\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_BATCH_SIZE", "16")
    monkeypatch.setenv("PARLEY_CODER_API_KEY", "secret-value")
    r = runner.invoke(app, ["settings", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert rows["fetch_timeout"]["value"] == 7.5          # from the config file
    assert rows["batch_size"]["value"] == 16              # from the environment
    assert rows["db"]["value"] == "parley.db"             # the default
    assert rows["coder_api_key"]["value"] == "***"        # secrets are never shown
    assert "secret-value" not in r.stdout


def test_secrets_in_the_config_file_are_refused(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "parley.toml").write_text('[parley]\ncoder_api_key = "x"\n', encoding="utf-8")
    r = runner.invoke(app, ["settings"])
    assert r.exit_code == 1
    assert "coder_api_key must come from the environment (PARLEY_CODER_API_KEY)" in r.stderr


def test_unknown_setting_in_the_config_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "parley.toml").write_text("[parley]\nfetch_timout = 1\n", encoding="utf-8")
    r = runner.invoke(app, ["settings"])
    assert r.exit_code == 1 and "unknown setting(s) fetch_timout" in r.stderr


def test_stats_counts_the_store(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["--db", db, "ingest", "--no-extract", str(DATA / "items.csv")])
    r = runner.invoke(app, ["--db", db, "stats", "--format", "json"])
    row = json.loads(r.stdout)[0]
    assert row["documents"] == 2 and row["statements"] == 0 and row["store"] == f"sqlite:///{db}"


def test_bench_ingest_reports_throughput_and_memory(tmp_path):
    r = runner.invoke(app, ["bench", "ingest", str(DATA / "items.csv"), "--postgres", "", "--format", "json"])
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert row["backend"] == "sqlite" and row["documents"] == 2
    assert row["docs_per_second"] > 0 and row["peak_rss_mb"] > 0 and row["megabytes"] >= 0
