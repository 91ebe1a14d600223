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
    costs one computation (``computed`` counts them)."""

    def __init__(self, size: int = 64, recheck_seconds: float = 1.0):
        self.size = size
        self.recheck_seconds = recheck_seconds
        self._checked = 0.0
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        # one thread at a time asks the store whether it changed: a burst of requests would
        # otherwise ask at once, over one connection (SQLite: a transaction within a transaction)
        self._check_lock = threading.Lock()
        self._stamp: tuple | None = None
        self._flights: dict[tuple, _Flight] = {}
        #: how many results were computed (not served from the cache or from another request)
        self.computed = 0

    def get(self, store: Store, key: tuple, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        if now - self._checked >= self.recheck_seconds:
            with self._check_lock:
                if now - self._checked >= self.recheck_seconds:  # not checked meanwhile by another request
                    stamp = queries.fingerprint(store)
                    with self._lock:
                        self._checked = time.monotonic()
                        if stamp != self._stamp:
                            self._data.clear()
                            self._stamp = stamp
        key = (id(store), *key)
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
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
                    self._data[key] = value
                    while len(self._data) > self.size:
                        self._data.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def clear(self) -> None:
        """Forget every result (the store was just written through this process)."""
        with self._lock:
            self._data.clear()
            self._stamp = None
            self._checked = 0.0
            self._flights.clear()


class _NoCache(ResultCache):
    def get(self, store: Store, key: tuple, compute: Callable[[], Any]) -> Any:
        return compute()


#: computes every time (one-shot commands)
NO_CACHE: ResultCache = _NoCache()

__all__ = ["NO_CACHE", "ResultCache"]
