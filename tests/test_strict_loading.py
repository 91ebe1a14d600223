"""Nothing that fails to load is left out in silence: a malformed registry, codebook or lexicon stops
every command with the same precise error, naming the file and the line."""

from __future__ import annotations

import shutil
import socket

import pytest
from typer.testing import CliRunner
from webstore import build_sample_store

from parley.cli import app
from parley.errors import ConfigError, RegistryError
from parley.signals import codebook as codebook_module
from parley.signals import rules as signal_rules
from parley.store import open_store

runner = CliRunner()

BROKEN_REGISTRY = """\
actors:
- id: ok-actor
  name: Ok Actor
  type: institution
- id: x-y
  name: X
  type: institution
  side: ZZ
"""


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("strict") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return path


@pytest.fixture
def broken_registry(tmp_path, monkeypatch):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_REGISTRY, encoding="utf-8")
    monkeypatch.setenv("PARLEY_REGISTRY", str(path))
    return path


COMMANDS = [
    ["docs"],
    ["stats"],
    ["rejections"],
    ["show", "abc123"],
    ["ingest", "-"],
    ["extract", "-"],
    ["code", "-"],
    ["contradictions"],
    ["profile", "ru-sokolov"],
    ["trends", "--side", "RU"],
    ["saydo"],
    ["statements", "--side", "XQ"],
    ["actors", "list"],
    ["actors", "show", "Peskov"],
    ["actors", "check"],
    ["actors", "--rank"],
    ["actors", "unresolved"],
    ["report", "--from", "2024-03-01", "--to", "2024-05-31", "-o", "briefing.html"],
    ["serve", "--port", "1"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_malformed_registry_stops_every_command_with_the_same_error(broken_registry, sample_db, tmp_path,
                                                                      command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    r = runner.invoke(app, ["--db", str(db), *command], input="Lavrov said that talks were over.\n")
    assert r.exit_code == 1, r.output
    assert r.stderr == f"Error: {broken_registry}:5: actor 'x-y': unknown side 'ZZ'; use a code from 'countries' or null\n"


def test_a_missing_registry_file_stops_every_command(sample_db, tmp_path, monkeypatch):
    missing = tmp_path / "absent.yaml"
    monkeypatch.setenv("PARLEY_REGISTRY", str(missing))
    for command in (["docs"], ["stats"], ["rejections"]):
        r = runner.invoke(app, ["--db", str(sample_db), *command])
        assert r.exit_code == 1 and r.stderr.startswith(f"Error: {missing}: no such registry file"), command


def test_registry_yaml_errors_name_the_line(tmp_path):
    from parley.actors import load_registry

    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n- id: a-b\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"(?s)^{path}:\d: not valid YAML: while parsing a flow sequence.*line 3"):
        load_registry(extra=[path])


@pytest.fixture
def broken_lexicon(tmp_path, monkeypatch):
    folder = tmp_path / "lexicons"
    shutil.copytree(signal_rules.LEXICON_DIR, folder)
    text = (folder / "en.yaml").read_text(encoding="utf-8").splitlines()
    text.insert(2, "\tbad: 1")  # a tab cannot start a YAML token: an error on line 3
    (folder / "en.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
    monkeypatch.setattr(signal_rules, "LEXICON_DIR", folder)
    signal_rules._lexicon_data.cache_clear()
    signal_rules._COMPILED.clear()
    yield folder / "en.yaml"
    signal_rules._lexicon_data.cache_clear()
    signal_rules._COMPILED.clear()


@pytest.mark.parametrize("command", [["ingest", "-"], ["extract", "-"], ["code", "-"]], ids=lambda c: c[0])
def test_a_malformed_lexicon_stops_every_command_that_codes(broken_lexicon, tmp_path, command):
    r = runner.invoke(app, ["--db", str(tmp_path / "p.db"), *command], input="Lavrov said that talks were over.\n")
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(f"Error: {broken_lexicon}:3: not valid YAML"), r.stderr
    if command[0] == "ingest":  # stopped before anything was written
        assert open_store(tmp_path / "p.db").stats()["documents"] == 0


def test_a_malformed_codebook_names_its_file_and_line(tmp_path, monkeypatch, sample_db):
    book = tmp_path / "codebook.yaml"
    book.write_text(codebook_module.CODEBOOK_FILE.read_text(encoding="utf-8").replace("signals:", "signals: [", 1),
                    encoding="utf-8")
    monkeypatch.setattr(codebook_module, "CODEBOOK_FILE", book)
    codebook_module.load_codebook.cache_clear()
    try:
        with pytest.raises(ConfigError, match=rf"^{book}:\d+: not valid YAML"):
            codebook_module.load_codebook()
        r = runner.invoke(app, ["--db", str(sample_db), "statements", "--signal", "REJECT"])
        assert r.exit_code == 1 and r.stderr.startswith(f"Error: {book}:"), r.stderr
    finally:
        codebook_module.load_codebook.cache_clear()


# ------------------------------------------------------------------------------------ serve
def test_serve_checks_the_port_before_announcing_the_address(sample_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = runner.invoke(app, ["--db", str(sample_db), "serve", "--port", str(port)])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: another program")
    assert "Serving" not in r.output


def test_bind_gives_a_listening_socket_on_a_free_port():
    from parley.web import bind

    sock = bind("127.0.0.1", 0)
    try:
        host, port = sock.getsockname()[:2]
        assert host == "127.0.0.1" and port > 0
        with socket.create_connection((host, port), timeout=2):
            pass
    finally:
        sock.close()
    with pytest.raises(ConfigError, match="not an address of this machine"):
        bind("no-such-host.invalid", 8000)
