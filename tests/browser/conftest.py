"""Browser tests: a real Chromium (Debian's /usr/bin/chromium) driven by Playwright against
`parley serve` running in a thread. Skipped, with a message, when Chromium or Playwright is absent.
Screenshots of every page are saved to test-artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the shared test helpers (webstore.py)

CHROMIUM = Path(os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("PARLEY_TEST_ARTIFACTS", HERE.parents[1] / "test-artifacts"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install -y chromium) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`parley serve` (the same app and uvicorn) in a background thread."""

    def __init__(self, db: str, **app: object):
        """``app``: keyword arguments of ``create_app`` (a cache with a hook, a patience)."""
        import uvicorn

        from parley.store import open_store
        from parley.web import create_app

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.store = open_store(db)
        config = uvicorn.Config(create_app(self.store, **app), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        for _ in range(300):
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    from webstore import build_sample_store

    from parley.store import open_store

    path = tmp_path_factory.mktemp("browser") / "sample.db"
    store = open_store(path)
    built = build_sample_store(store)
    store.close()
    with Server(str(path)) as srv:
        srv.built = built
        yield srv


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.outside = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    pg.on("request", lambda req: pg.outside.append(req.url)
          if not req.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    demo = pytest.importorskip("parley.demo", reason="the demo package is not available")
    from parley.store import open_store

    path = tmp_path_factory.mktemp("browser-demo") / "demo.db"
    store = open_store(path)
    summary = demo.run_demo(store)
    store.close()
    with Server(str(path)) as srv:
        srv.summary = summary
        yield srv
