"""The store: SQLite by default, PostgreSQL when given a ``postgresql://`` URL.

>>> store = open_store(":memory:")
>>> store.stats()["documents"]
0
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from .. import settings
from ..errors import NotFound, StoreError
from .core import AddResult, MentionCount, RejectionRow, Store, install_sqlite_pragmas


def engine_url(db: str | Path | None) -> str:
    """The SQLAlchemy URL for a ``--db`` value: a file path, ``:memory:`` or a database URL
    (None: the ``db`` setting's default, ``parley.db``)."""
    db = str(db if db is not None else settings.default("db"))
    if db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        scheme, rest = db.split("://", 1)
        return "postgresql+psycopg://" + rest
    if db.startswith("sqlite:"):
        return db
    if db == ":memory:":
        return "sqlite://"
    if "://" in db:
        raise StoreError(
            f"{db!r} is not a store Parley can open: give a SQLite file path or a postgresql:// URL"
        )
    path = Path(db).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give a file path for the SQLite store (e.g. {path}/parley.db)")
    if not path.parent.exists():
        raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory store or another back end)."""
    if not url.startswith("sqlite:///"):
        return None
    return Path(url[len("sqlite:///"):])


def open_store(db: str | Path | None = None, *, create: bool = True, read_only: bool = False) -> Store:
    """Open the store named by ``db`` (None: ``parley.db``), migrating it.

    ``create=False`` refuses to create a SQLite file that does not exist (a read command on a store
    that is not there says so rather than leaving an empty ``parley.db`` behind). ``read_only``
    makes every connection read-only (SQLite ``query_only``, PostgreSQL read-only transactions).
    """
    url = engine_url(db)
    path = sqlite_path(url)
    if not create and path is not None and not path.exists():
        raise NotFound(
            f"there is no store at {path}: load documents with `parley ingest` (or try `parley demo`), "
            "or name an existing store with --db / PARLEY_DB"
        )
    try:
        if url == "sqlite://":
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=StaticPool
            )
            install_sqlite_pragmas(engine)
        elif url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False})
            install_sqlite_pragmas(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open the store {db!r}: {exc}") from None
    try:
        store = Store(engine, url)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:  # connection refused and the like
        engine.dispose()
        raise StoreError(f"cannot open the store {db!r}: {getattr(exc, 'orig', None) or exc}") from None
    if read_only:
        store.make_read_only()
    return store


__all__ = ["AddResult", "MentionCount", "RejectionRow", "Store", "engine_url", "open_store", "sqlite_path"]
