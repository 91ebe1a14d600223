"""The dashboard: a local, read-only web app over a store (``parley serve``), calling
:class:`parley.api.Parley` for everything it shows.

>>> from parley.api import Parley
>>> from parley.store import open_store
>>> from parley.web import create_app
>>> app = create_app(Parley(open_store(":memory:")))
>>> sorted(app.openapi()["paths"])[:2]
['/api/actors', '/api/actors/{actor}']
"""

from __future__ import annotations

import socket

import uvicorn

from ..api import Parley
from ..errors import ConfigError
from .app import PATIENCE_SECONDS, create_app

__all__ = ["bind", "create_app", "serve"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; ConfigError saying so when the port is taken or
    the address is not this machine's (checked before anything announces the address)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host!r}: not an address of this machine ({exc.strerror or exc})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        hint = "another program (or another `parley serve`) is using it; pick another with --port" \
            if exc.errno in (98, 48, 10048) else (exc.strerror or str(exc))
        raise ConfigError(f"cannot listen on {host}:{port}: {hint}") from None
    sock.set_inheritable(True)
    return sock


def serve(parley: Parley, *, host: str = "127.0.0.1", port: int = 8000, allow_writes: bool = False,
          log_level: str = "warning", sock: socket.socket | None = None,
          patience: float = PATIENCE_SECONDS) -> None:
    """Serve the dashboard over ``parley`` until interrupted, on ``sock`` (see :func:`bind`) or on
    a socket bound to ``host``:``port`` here; a request waits at most ``patience`` seconds for an
    analysis not computed yet (then it is answered 'computing')."""
    sock = sock or bind(host, port)
    app = create_app(parley, allow_writes=allow_writes, warm=True, patience=patience)
    config = uvicorn.Config(app, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])
