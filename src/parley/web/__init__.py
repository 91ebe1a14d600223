"""The dashboard: a local, read-only web app over the store (``parley serve``).

>>> from parley.store import open_store
>>> from parley.web import create_app
>>> app = create_app(open_store(":memory:"))
>>> sorted(r.path for r in app.routes if r.path.startswith("/api/"))[:2]
['/api/actors', '/api/actors/{actor:path}']
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app", "serve"]


def serve(store, *, host: str = "127.0.0.1", port: int = 8000, allow_writes: bool = False,
          log_level: str = "warning") -> None:
    """Serve the dashboard over ``store`` until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store, allow_writes=allow_writes, warm=True), host=host, port=port, log_level=log_level)
