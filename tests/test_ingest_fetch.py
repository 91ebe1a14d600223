"""Fetching URLs: canned responses through an httpx mock transport, never the network."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from parley.errors import FetchError
from parley.ingest import IngestOptions, read_inputs
from parley.ingest.fetch import FetchOptions, check_address, fetch
from parley.records import Document, Rejection

DATA = Path(__file__).parent / "data" / "ingest"

PUBLIC = {"news.example.org": ["93.184.216.34"], "wire.example.org": ["93.184.216.35"],
          "inward.example.org": ["10.0.0.5"], "ministry.example.org": ["93.184.216.36"]}


def resolver(host: str) -> list[str]:
    if host not in PUBLIC:
        raise OSError(f"cannot resolve host {host!r}")
    return PUBLIC[host]


def site(routes: dict[str, httpx.Response]):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(handler), seen


def options(transport, **kw) -> FetchOptions:
    return FetchOptions(transport=transport, resolver=resolver, timeout=5, **kw)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost.localdomain/",  # resolved below to loopback
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://inward.example.org/feed",
        "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
        "http://100.100.100.200/latest/meta-data/",  # a cloud metadata address inside it
        "http://192.0.0.170/",  # IETF protocol assignments
        "http://[fd00::1]/",  # unique local
        "http://[fe80::1]/",  # link-local
    ],
)
def test_private_addresses_are_refused(url):
    with pytest.raises(FetchError, match="non-public address"):
        check_address(url, allow_private=False, resolver=lambda h: {"localhost.localdomain": ["127.0.0.1"]}.get(h) or resolver(h))


def test_private_addresses_allowed_when_asked():
    check_address("http://127.0.0.1/", allow_private=True, resolver=resolver)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_only_http_schemes(url):
    with pytest.raises(FetchError, match="only http and https"):
        check_address(url, allow_private=True)


def test_fetch_sends_user_agent_and_returns_body():
    transport, seen = site({"https://news.example.org/a": httpx.Response(
        200, headers={"content-type": "text/html; charset=utf-8"}, text="<html>hi</html>")})
    got = fetch("https://news.example.org/a", options(transport))
    assert got.body == b"<html>hi</html>" and got.content_type == "text/html"
    assert seen[0].headers["user-agent"].startswith("Parley/")


def test_redirect_to_a_private_address_is_refused():
    transport, _ = site({
        "https://news.example.org/r": httpx.Response(302, headers={"location": "http://169.254.169.254/"}),
    })
    with pytest.raises(FetchError, match="non-public address 169.254.169.254"):
        fetch("https://news.example.org/r", options(transport))


def test_redirects_are_followed_to_public_pages():
    transport, _ = site({
        "https://news.example.org/r": httpx.Response(301, headers={"location": "/final"}),
        "https://news.example.org/final": httpx.Response(200, text="done"),
    })
    got = fetch("https://news.example.org/r", options(transport))
    assert got.final_url == "https://news.example.org/final" and got.body == b"done"


def test_size_limit_and_http_errors():
    transport, _ = site({
        "https://news.example.org/big": httpx.Response(200, content=b"x" * 5000),
        "https://news.example.org/gone": httpx.Response(410),
    })
    with pytest.raises(FetchError, match="exceeds the limit of 1,000"):
        fetch("https://news.example.org/big", options(transport, max_bytes=1000))
    with pytest.raises(FetchError, match="HTTP 410"):
        fetch("https://news.example.org/gone", options(transport))


def test_timeouts_are_reported():
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(FetchError, match="timed out after 5 s"):
        fetch("https://news.example.org/slow", options(httpx.MockTransport(handler)))


def test_unresolvable_host():
    transport, _ = site({})
    with pytest.raises(FetchError, match="cannot resolve host"):
        fetch("https://nowhere.invalid/", options(transport))


def test_feed_url_with_follow_reads_each_entry_page_and_refuses_inward_links():
    feed = (DATA / "feed.rss").read_text(encoding="utf-8").replace(
        "https://wire.example.org/2025/03/southland-sets-terms", "http://inward.example.org/secret")
    page = (DATA / "page.html").read_text(encoding="utf-8")
    transport, seen = site({
        "https://wire.example.org/feed.rss": httpx.Response(200, headers={"content-type": "application/rss+xml"}, text=feed),
        "https://wire.example.org/2025/03/northland-offers-talks": httpx.Response(
            200, headers={"content-type": "text/html"}, text=page),
    })
    items = list(read_inputs(["https://wire.example.org/feed.rss"],
                             IngestOptions(follow_links=True, fetch=options(transport))))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    # first entry: its page was fetched and its main text used, with the entry's id and date
    assert docs[0].external_id == "wire-1001" and "without preconditions" in docs[0].text
    assert docs[0].title == "Ministers meet in a neutral capital"
    # second entry points inward: refused, and the entry's own summary is used instead
    assert any("non-public address 10.0.0.5" in r.reason for r in rejected)
    assert docs[1].external_id == "wire-1002" and "troops were withdrawn" in docs[1].text
    assert "http://inward.example.org/secret" not in [str(r.url) for r in seen]


def test_unreachable_url_becomes_a_rejection_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The envoy said a deal was close.", encoding="utf-8")

    def handler(request):
        raise httpx.ConnectError("connection refused", request=request)

    items = list(read_inputs(["https://news.example.org/down", str(good)],
                             IngestOptions(fetch=options(httpx.MockTransport(handler)))))
    assert isinstance(items[0], Rejection) and "connection refused" in items[0].reason
    assert isinstance(items[1], Document)


# ------------------------------------------------------------ pinned connections, one deadline
import socket
import threading

import httpcore


class _Refusing(httpcore.NetworkBackend):
    """A socket layer that records where it was asked to connect and connects nowhere."""

    def __init__(self):
        self.connected: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connected.append((host, port))
        raise httpcore.ConnectError("test backend: not connecting")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AssertionError("never")

    def sleep(self, seconds):
        pass


def test_the_connection_goes_to_the_address_that_was_checked():
    """DNS rebinding: the host is resolved once, checked, and connected to at that address; a
    second, different answer (here: loopback) is never asked for."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    calls = []

    def rebinding(host):
        calls.append(host)
        return next(answers)

    backend = _Refusing()
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://rebind.example.org:8080/page", FetchOptions(resolver=rebinding, timeout=5), backend=backend)
    assert calls == ["rebind.example.org"]
    assert backend.connected == [("93.184.216.34", 8080)]


def test_an_unchecked_host_is_never_connected_to():
    from parley.ingest.fetch import _Guard, _GuardedBackend

    guard = _Guard(deadline=float("inf"))
    with pytest.raises(httpcore.ConnectError, match="was not checked"):
        _GuardedBackend(guard, _Refusing()).connect_tcp("elsewhere.example.org", 80)


def _drip_server(lines: int):
    """A loopback server that sends a status line, then ``lines`` header lines, one every 20 ms,
    then a short body (a server holding a client in its header phase)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def serve():
        conn, _ = srv.accept()
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(lines):
                conn.sendall(f"X-Drip-{n}: 1\r\n".encode())
                threading.Event().wait(0.02)
            conn.sendall(b"Content-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
        except OSError:
            pass
        finally:
            conn.close()
            srv.close()

    threading.Thread(target=serve, daemon=True).start()
    return srv.getsockname()[1]


def test_the_deadline_covers_the_header_phase(monkeypatch):
    """The whole-fetch deadline is checked at every network wait, headers included: with a clock
    that moves one second per look, a 5-second fetch ends while the headers are still dripping
    (before, it waited for every header line and then succeeded)."""
    import sys

    clock = iter(range(10**6))
    monkeypatch.setattr(sys.modules["parley.ingest.fetch"], "_clock", lambda: float(next(clock)))
    port = _drip_server(lines=100)
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"http://127.0.0.1:{port}/", FetchOptions(allow_private=True, timeout=5))


def test_a_real_loopback_fetch_works_when_private_urls_are_allowed():
    port = _drip_server(lines=2)
    got = fetch(f"http://127.0.0.1:{port}/", FetchOptions(allow_private=True, timeout=10))
    assert got.body == b"hello" and got.status == 200
