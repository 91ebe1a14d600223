"""Shared fixtures: the shared corpora and gold folders (skipped when absent) and fresh stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
GOLD = SHARED / "gold"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads real text from the shared folder")
    return path


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    """``../shared/corpora`` (the test is skipped, with a message, when it is absent)."""
    return _need(CORPORA)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """``../shared/gold`` (the test is skipped, with a message, when it is absent)."""
    return _need(GOLD)


# ------------------------------------------------------------------------------------- stores
PG_ADMIN_URL = os.environ.get("PARLEY_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_PG_TABLES = (
    "statement_topics, statement_signals, statements, events, rejections, runs, documents, parley_meta"
)


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL database of its own for this test session, dropped at the end."""
    if not _pg_available():
        if os.environ.get("PARLEY_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} and PARLEY_REQUIRE_PG is set")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
    import uuid

    import psycopg

    name = f"parley_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def new_pg_url(pg_url):
    """A brand-new, empty PostgreSQL database (not even migrated), dropped after the test."""
    import uuid

    import psycopg

    name = f"parley_new_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fresh_pg(url: str):
    from parley.store import open_store

    store = open_store(url)
    with store.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text(f"TRUNCATE {_PG_TABLES} CASCADE"))
    return store


@pytest.fixture(params=["sqlite-memory", "sqlite-file", "postgres"])
def store(request, tmp_path):
    """A fresh, empty store of each back end: every store test runs against all three."""
    from parley.store import open_store

    if request.param == "sqlite-memory":
        s = open_store(":memory:")
    elif request.param == "sqlite-file":
        s = open_store(tmp_path / "parley.db")
    else:
        s = _fresh_pg(request.getfixturevalue("pg_url"))
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """A ``--db`` value for CLI tests: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "parley.db")
    url = request.getfixturevalue("pg_url")
    _fresh_pg(url).close()
    return url


@pytest.fixture
def db_path(tmp_path) -> str:
    """A fresh SQLite file path for CLI tests that need only the default back end."""
    return str(tmp_path / "parley.db")


@pytest.fixture(scope="session")
def registry():
    """The packaged actor registry (loaded once; a registry that cannot load is an error)."""
    from parley.evaluation.attribution import _default_registry

    return _default_registry()
