"""Fetching URLs safely: timeouts, a size limit, a clear user agent, and no SSRF.

Every hop of a redirect chain is checked: a host that resolves to a loopback, private, link-local,
multicast, reserved or unspecified address is refused unless the user allowed private URLs
explicitly (``--allow-private-urls`` / ``PARLEY_ALLOW_PRIVATE_URLS``). A feed that points inward
cannot make Parley fetch from inside the network.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__, settings
from ..errors import FetchError

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


def check_address(url: str, *, allow_private: bool, resolver: Resolver = _resolve) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "the URL has no host")
    if allow_private:
        return
    try:
        addresses = [host] if _is_ip(host) else resolver(host)
    except OSError as exc:
        raise FetchError(url, str(exc)) from None
    for addr in addresses:
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            raise FetchError(
                url,
                f"refused: {host} resolves to the non-public address {ip}; "
                "pass --allow-private-urls (or set PARLEY_ALLOW_PRIVATE_URLS=1) to fetch it anyway",
            )


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
) -> Fetched:
    """GET ``url`` with the safety checks above; raise :class:`FetchError` with the reason."""
    options = options or FetchOptions()
    resolver = options.resolver or resolver
    own = client is None
    client = client or httpx.Client(
        timeout=options.timeout, follow_redirects=False, transport=options.transport
    )
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/json,text/plain;q=0.9,*/*;q=0.5",
               "Accept-Encoding": ACCEPT_ENCODING}
    current = url
    # the timeout bounds each network wait (httpx) and the whole fetch, so a server dripping a
    # byte at a time cannot keep Parley waiting for ever
    deadline = _clock() + options.timeout
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_address(current, allow_private=options.allow_private, resolver=resolver)
            try:
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
                        if _clock() > deadline:
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
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out after {options.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch: {exc}") from None
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
    finally:
        if own:
            client.close()
