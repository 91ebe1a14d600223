"""Fetching URLs safely: one deadline, a size limit, a clear user agent, and no SSRF.

Every hop of a redirect chain is checked: a host that resolves to any address that is not
globally reachable (loopback, private, shared 100.64.0.0/10, link-local, multicast, reserved,
unspecified) is refused unless the user allowed private URLs explicitly (``--allow-private-urls``
/ ``PARLEY_ALLOW_PRIVATE_URLS``). The host is resolved once and the connection is made to the
address that was checked (a network backend pinned to it), so a DNS answer that changes between
the check and the connection (DNS rebinding) cannot send Parley inward. TLS still verifies the
certificate against the host name.

One deadline (the ``fetch_timeout`` setting) bounds the whole fetch — connecting, the response
headers and the body, over every redirect — so a server that drips header lines or body bytes
cannot hold Parley.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .. import __version__, settings
from .._lazy import lazy_module
from ..errors import FetchError

#: the HTTP client, loaded by the first fetch (reading files needs none)
httpx = lazy_module("httpx")
httpcore = lazy_module("httpcore")

MAX_REDIRECTS = 5
_clock = time.monotonic  # the whole fetch's deadline is read from this clock (tests replace it)

Resolver = Callable[[str], list[str]]


def _resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve host {host!r}: {exc.strerror or exc}") from None
    return sorted({info[4][0] for info in infos})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch. The defaults are the settings table's; :class:`parley.api.Parley` builds
    them from the resolved settings (:meth:`parley.api.Parley.fetch_options`)."""

    timeout: float = float(settings.default("fetch_timeout"))
    max_bytes: int = int(settings.default("fetch_max_bytes"))
    allow_private: bool = bool(settings.default("allow_private_urls"))
    user_agent: str = str(settings.default("user_agent")).format(version=__version__)
    #: an httpx transport to send requests through (tests serve canned responses with one)
    transport: httpx.BaseTransport | None = None
    #: how host names are resolved before the address check (tests pass a fixed table)
    resolver: Resolver | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched resource: the URL asked for, the URL it ended at, its type and its body."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    charset: str | None = None


def _non_global(addr: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when it is not globally reachable (and must not be fetched), else None."""
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        return ip
    return None


def check_address(url: str, *, allow_private: bool, resolver: Resolver = _resolve) -> str:
    """Refuse URLs that are not http(s) or whose host resolves to an address that is not
    globally reachable; return the address to connect to (the first one resolved)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "the URL has no host")
    try:
        addresses = [host.strip("[]")] if _is_ip(host) else resolver(host)
    except OSError as exc:
        raise FetchError(url, str(exc)) from None
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host!r}: no address")
    if not allow_private:
        for addr in addresses:
            ip = _non_global(addr)
            if ip is not None:
                raise FetchError(
                    url,
                    f"refused: {host} resolves to the non-public address {ip}; "
                    "pass --allow-private-urls (or set PARLEY_ALLOW_PRIVATE_URLS=1) to fetch it anyway",
                )
    return addresses[0]


class _Guard:
    """What one fetch allows: the address each host was checked at, and the deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.pinned: dict[str, str] = {}

    def remaining(self, timeout: float | None) -> float:
        left = self.deadline - _clock()
        if left <= 0:
            raise httpcore.ReadTimeout("the whole fetch took too long")
        return left if timeout is None else min(timeout, left)


class _GuardedStream(httpcore.NetworkStream):
    """A network stream whose every wait ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, guard: _Guard) -> None:
        self._inner = inner
        self._guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._guard.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._guard.remaining(timeout))
        return _GuardedStream(tls, self._guard)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to the address a host was checked at, within the fetch's deadline."""

    def __init__(self, guard: _Guard, inner: httpcore.NetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = self._guard.pinned.get(host.strip("[]"))
        if address is None:
            raise httpcore.ConnectError(f"refused: {host} was not checked before connecting")
        stream = self._inner.connect_tcp(address, port, self._guard.remaining(timeout), local_address, socket_options)
        return _GuardedStream(stream, self._guard)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("refused: Parley does not fetch over Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self._guard.remaining(None)))


def _guarded_transport(guard: _Guard, backend: httpcore.NetworkBackend | None = None) -> httpx.HTTPTransport:
    """httpx's transport with its connection pool on the guarded backend."""
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    transport._pool = httpcore.ConnectionPool(  # httpx builds the same pool, on the default backend
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=4,
        network_backend=_GuardedBackend(guard, backend),
    )
    return transport


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


#: content encodings Parley asks for and decodes itself, with a bound on the decoded size
ACCEPT_ENCODING = "gzip, deflate"


class _BoundedDecoder:
    """Decodes a gzip/deflate body chunk by chunk, never producing more than ``limit`` bytes.

    httpx decompresses each chunk whole (and applies every layer of ``gzip, gzip``), so a few
    kilobytes can expand to gigabytes before the size limit is checked; here zlib's
    ``max_length`` stops the expansion at the limit.
    """

    def __init__(self, encoding: str, url: str, limit: int) -> None:
        layers = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        if len(layers) > 1:
            raise FetchError(url, f"refused: the response is compressed {len(layers)} times (content-encoding {encoding!r})")
        self.encoding = layers[0] if layers else None
        if self.encoding not in (None, "gzip", "x-gzip", "deflate"):
            raise FetchError(url, f"unsupported content-encoding {encoding!r} (Parley accepts {ACCEPT_ENCODING})")
        self.url = url
        self.limit = limit
        self.size = 0
        self._zlib = None
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        self._first = True

    def _too_big(self) -> FetchError:
        return FetchError(self.url, f"response exceeds the limit of {self.limit:,} bytes (after decompression)"
                          if self._zlib else f"response exceeds the limit of {self.limit:,} bytes")

    def decode(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            out = chunk
        else:
            try:
                out = self._zlib.decompress(chunk, self.limit - self.size + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and self._first:  # raw deflate without the zlib header
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    return self.decode(chunk)
                raise FetchError(self.url, f"cannot decompress the {self.encoding} response: {exc}") from None
            self._first = False
            if self._zlib.unconsumed_tail:  # output stopped at the limit: more is waiting
                raise self._too_big()
        self.size += len(out)
        if self.size > self.limit:
            raise self._too_big()
        return out


def fetch(
    url: str,
    options: FetchOptions | None = None,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver = _resolve,
    backend: httpcore.NetworkBackend | None = None,
) -> Fetched:
    """GET ``url`` with the safety checks above; raise :class:`FetchError` with the reason.

    ``backend`` replaces the socket layer under the pinned connections (tests record the
    addresses connected to with it); ``options.transport`` or ``client`` replace the whole
    transport (tests serve canned responses with them, and then the address is only checked)."""
    options = options or FetchOptions()
    resolver = options.resolver or resolver
    # the timeout bounds each network wait and the whole fetch, headers included, so a server
    # dripping a byte at a time cannot keep Parley waiting for ever
    guard = _Guard(_clock() + options.timeout)
    own = client is None
    if client is None:
        transport = options.transport or _guarded_transport(guard, backend)
        client = httpx.Client(timeout=options.timeout, follow_redirects=False, transport=transport, trust_env=False)
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/json,text/plain;q=0.9,*/*;q=0.5",
               "Accept-Encoding": ACCEPT_ENCODING}
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            address = check_address(current, allow_private=options.allow_private, resolver=resolver)
            host = urlsplit(current).hostname or ""
            guard.pinned[host.strip("[]")] = address
            try:
                guard.remaining(None)
                with client.stream("GET", current, headers=headers, timeout=options.timeout) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(url, f"redirect {resp.status_code} without a Location header")
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > options.max_bytes:
                        raise FetchError(
                            url, f"response of {int(declared):,} bytes exceeds the limit of {options.max_bytes:,}"
                        )
                    chunks: list[bytes] = []
                    if resp.is_stream_consumed:  # built in memory (a test transport): read and decoded
                        raws, encoding = iter([resp.content]), ""
                    else:
                        raws, encoding = resp.iter_raw(), resp.headers.get("content-encoding", "")
                    decoder = _BoundedDecoder(encoding, url, options.max_bytes)
                    for raw in raws:
                        chunks.append(decoder.decode(raw))
                        if _clock() > guard.deadline:
                            raise httpx.TimeoutException("the whole fetch took too long")
                    ctype = resp.headers.get("content-type", "")
                    return Fetched(
                        url=url,
                        final_url=str(resp.url),
                        status=resp.status_code,
                        content_type=ctype.split(";")[0].strip().lower(),
                        body=b"".join(chunks),
                        charset=resp.charset_encoding,
                    )
            except (httpx.TimeoutException, httpcore.TimeoutException):
                raise FetchError(url, f"timed out after {options.timeout:g} s (the whole fetch, headers included)") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch: {exc}") from None
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
    finally:
        if own:
            client.close()
