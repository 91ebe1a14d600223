"""A small cache of analysis results, emptied whenever the store's contents change.

:class:`parley.api.Parley` keeps its analyses (contradictions, trends, profiles, facets) in one;
``parley serve`` gives it a real one, one-shot commands the :data:`NO_CACHE` that computes every
time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_module

if TYPE_CHECKING:
    from ..store import Store

#: the store's queries, loaded with the first store a cache sees
queries = lazy_module("parley.store.queries")


#: what :meth:`ResultCache.peek` answers for a key with nothing kept
MISSING: Any = object()


class _Flight:
    """One computation in progress: the requests that ask for the same key meanwhile wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class ResultCache:
    """An LRU cache of results keyed by what they were computed from; the store is
    re-fingerprinted at most every ``recheck_seconds`` and a changed store empties the cache.

    Concurrent requests for one key are coalesced (single flight): the first computes, the
    others wait for its result instead of computing it again, so a burst of identical requests
    costs one computation (``computed`` counts them).

    Small per-row values (a document's outlet and headline for a citation) are kept apart from the
    analyses (``row=True``, ``rows`` of them): a page citing fifty documents must not evict the
    contradictions that took a minute to find (it did, with one LRU of 64 entries, and the
    dashboard computed its heavy analyses again and again under load)."""

    def __init__(self, size: int = 256, recheck_seconds: float = 1.0, rows: int = 8192, responses: int = 256):
        self.size = size
        self.rows = rows
        self.responses = responses
        #: whole answers of a face (a page's bytes), kept apart like the rows (``tier="response"``)
        self._response_data: OrderedDict[tuple, Any] = OrderedDict()
        self.recheck_seconds = recheck_seconds
        self._checked = 0.0
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._row_data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        # one thread at a time asks the store whether it changed: a burst of requests would
        # otherwise ask at once, over one connection (SQLite: a transaction within a transaction)
        self._check_lock = threading.Lock()
        self._stamp: tuple | None = None
        self._flights: dict[tuple, _Flight] = {}
        #: how many results were computed (not served from the cache or from another request)
        self.computed = 0

    def get(self, store: Store, key: tuple, compute: Callable[[], Any], *, row: bool = False) -> Any:
        """``compute()``'s value for ``key``, computed once per store version (``row``: a small
        per-row value, kept in the rows' own LRU)."""
        self._refresh(store)
        key = (id(store), *key)
        data, limit = (self._row_data, self.rows) if row else (self._data, self.size)
        with self._lock:
            if key in data:
                data.move_to_end(key)
                return data[key]
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
                stamp = self._stamp
        assert flight is not None
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        else:
            flight.value = value
            with self._lock:
                self.computed += 1
                if stamp == self._stamp:  # the store did not change meanwhile
                    data[key] = value
                    while len(data) > limit:
                        data.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def _refresh(self, store: Store) -> None:
        """Empty the cache when the store changed (asked at most every ``recheck_seconds``)."""
        now = time.monotonic()
        if now - self._checked >= self.recheck_seconds:
            with self._check_lock:
                if now - self._checked >= self.recheck_seconds:  # not checked meanwhile by another request
                    stamp = queries.fingerprint(store)
                    with self._lock:
                        self._checked = time.monotonic()
                        if stamp != self._stamp:
                            self._data.clear()
                            self._row_data.clear()
                            self._response_data.clear()
                            self._stamp = stamp

    def _tier(self, row: bool, tier: str | None) -> tuple[OrderedDict[tuple, Any], int]:
        if tier == "response":
            return self._response_data, self.responses
        return (self._row_data, self.rows) if row or tier == "row" else (self._data, self.size)

    def peek(self, store: Store, key: tuple, *, row: bool = False, tier: str | None = None) -> Any:
        """The value kept for ``key``, or :data:`MISSING` (nothing computed)."""
        self._refresh(store)
        key = (id(store), *key)
        data, _ = self._tier(row, tier)
        with self._lock:
            if key in data:
                data.move_to_end(key)
                return data[key]
        return MISSING

    def put(self, store: Store, key: tuple, value: Any, *, row: bool = False, tier: str | None = None) -> None:
        """Keep ``value`` for ``key`` (computed by the caller, e.g. many rows in one query)."""
        key = (id(store), *key)
        data, limit = self._tier(row, tier)
        with self._lock:
            data[key] = value
            while len(data) > limit:
                data.popitem(last=False)

    def clear(self) -> None:
        """Forget every result (the store was just written through this process)."""
        with self._lock:
            self._data.clear()
            self._row_data.clear()
            self._response_data.clear()
            self._stamp = None
            self._checked = 0.0
            self._flights.clear()


class _NoCache(ResultCache):
    def get(self, store: Store, key: tuple, compute: Callable[[], Any], *, row: bool = False) -> Any:
        return compute()

    def peek(self, store: Store, key: tuple, *, row: bool = False, tier: str | None = None) -> Any:
        return MISSING

    def put(self, store: Store, key: tuple, value: Any, *, row: bool = False, tier: str | None = None) -> None:
        pass


#: computes every time (one-shot commands)
NO_CACHE: ResultCache = _NoCache()

__all__ = ["MISSING", "NO_CACHE", "ResultCache"]
