"""A small cache of analysis results, emptied whenever the store's contents change.

:class:`parley.api.Parley` keeps its analyses (contradictions, trends, profiles, facets) in one;
``parley serve`` gives it a real one, one-shot commands the :data:`NO_CACHE` that computes every
time.

A caller that must not wait long (a web request) asks within :func:`patience`: a result not
ready within that many seconds is then computed in the background, by one of a bounded number
of workers in the order asked (still once, whoever else asks for it), and the caller gets
:class:`Computing` at once, saying what is being computed and since when; a later request finds
the result kept.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_module

if TYPE_CHECKING:
    from ..store import Store

#: the store's queries, loaded with the first store a cache sees
queries = lazy_module("parley.store.queries")


log = logging.getLogger(__name__)

#: what :meth:`ResultCache.peek` answers for a key with nothing kept
MISSING: Any = object()

#: the moment (``time.monotonic()``) after which the caller in this context stops waiting for a
#: result (None: it waits for as long as the computation takes)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("parley_cache_deadline", default=None)


@contextmanager
def patience(seconds: float | None) -> Iterator[None]:
    """Within this block, a result that is not ready within ``seconds`` (counted from now, over the
    whole block) raises :class:`Computing` instead of being waited for; its computation goes on in
    the background and is kept. ``None``: wait as long as it takes (the default)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


class Computing(Exception):  # noqa: N818 - a state, not a failure
    """A result asked for within :func:`patience` is still being computed (in the background):
    ``what`` names it (the first word of its key), ``since`` is when its computation began (UTC)."""

    def __init__(self, what: str, since: dt.datetime):
        self.what = what
        self.since = since
        super().__init__(f"{what} is being computed since {since:%Y-%m-%d %H:%M:%S} UTC")

    @property
    def seconds(self) -> float:
        """How long it has been computing."""
        return max(0.0, (dt.datetime.now(dt.UTC) - self.since).total_seconds())


def _name(key: tuple) -> str:
    """What a key computes: its first word that is not a tier's prefix (``memo``, ``answer``),
    without a face's ``page:`` prefix."""
    for part in key:
        if isinstance(part, str) and part not in ("memo", "answer"):
            return part.removeprefix("page:")
    return "analysis"


class _Flight:
    """One computation in progress: the requests that ask for the same key meanwhile wait for it."""

    def __init__(self, key: tuple, full: tuple) -> None:
        self.key = key  # as the caller gave it
        self.full = full  # with the store's id, as kept
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None
        self.since = dt.datetime.now(dt.UTC)
        self.waiters = 0  # callers that will see the outcome (a background one may end unseen)
        self.started = False  # a thread has taken it up (a queued one waits for a worker)
        self.job: tuple | None = None  # what a worker (or a caller that takes it over) runs


class ResultCache:
    """An LRU cache of results keyed by what they were computed from; the store is
    re-fingerprinted at most every ``recheck_seconds`` and a changed store empties the cache.

    Concurrent requests for one key are coalesced (single flight): the first computes, the
    others wait for its result instead of computing it again, so a burst of identical requests
    costs one computation (``computed`` counts them).

    Small per-row values (a document's outlet and headline for a citation) are kept apart from the
    analyses (``row=True``, ``rows`` of them): a page citing fifty documents must not evict the
    contradictions that took a minute to find (it did, with one LRU of 64 entries, and the
    dashboard computed its heavy analyses again and again under load).

    ``on_compute`` is called with each key (without the store) just before its computation starts,
    in the thread that computes it: a hook to observe or slow down computations (tests).

    Computations left to the background (see :func:`patience`) are queued and run by at most
    ``workers`` threads, in the order asked: a burst of requests for many different pages does not
    start as many threads. A caller that waits without a deadline for a queued computation (a
    computation that needs another) takes it over and runs it itself."""

    def __init__(self, size: int = 256, recheck_seconds: float = 1.0, rows: int = 8192, responses: int = 256,
                 on_compute: Callable[[tuple], None] | None = None, workers: int = 4):
        self.on_compute = on_compute
        self.workers = max(1, workers)
        self._queue: deque[_Flight] = deque()
        self._running = 0  # worker threads alive
        #: keys whose background computation failed with nobody waiting: the next caller gets the
        #: error once (instead of a new computation and "computing" for ever)
        self._failed: dict[tuple, BaseException] = {}
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
        self._queued = threading.Condition(self._lock)
        # one thread at a time asks the store whether it changed: a burst of requests would
        # otherwise ask at once, over one connection (SQLite: a transaction within a transaction)
        self._check_lock = threading.Lock()
        self._stamp: tuple | None = None
        self._flights: dict[tuple, _Flight] = {}
        #: how many results were computed (not served from the cache or from another request)
        self.computed = 0

    def get(self, store: Store, key: tuple, compute: Callable[[], Any], *, row: bool = False) -> Any:
        """``compute()``'s value for ``key``, computed once per store version (``row``: a small
        per-row value, kept in the rows' own LRU). Within :func:`patience`, a value not ready in
        time raises :class:`Computing` while its computation goes on in the background."""
        self._refresh(store)
        short = key
        key = (id(store), *key)
        data, limit = (self._row_data, self.rows) if row else (self._data, self.size)
        deadline = _deadline.get()
        with self._lock:
            if key in data:
                data.move_to_end(key)
                return data[key]
            failed = self._failed.pop(key, None)
            if failed is not None:
                raise failed
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight(short, key)
                stamp = self._stamp
            flight.waiters += 1
        assert flight is not None
        if leader and deadline is None:
            flight.started = True
            self._run(flight, compute, data, limit, stamp)
        elif leader:
            flight.job = (compute, data, limit, stamp)
            self._enqueue(flight)
        if deadline is None:
            with self._lock:  # queued and not taken up: run it here rather than wait for a worker
                take = not flight.started and flight.job is not None
                if take:
                    flight.started = True
            if take:
                self._run(flight, *flight.job)  # type: ignore[misc]
            flight.done.wait()
        elif not flight.done.wait(max(0.0, deadline - time.monotonic())):
            with self._lock:
                flight.waiters -= 1
            raise Computing(_name(short), flight.since)
        if flight.error is not None:
            raise flight.error
        return flight.value

    def _enqueue(self, flight: _Flight) -> None:
        """Queue ``flight`` for a background worker (one more is started while fewer than ``workers`` run)."""
        with self._lock:
            self._queue.append(flight)
            self._queued.notify()  # an idle worker takes it, or the one started now
            if self._running < self.workers:
                self._running += 1
                # a fresh context: no deadline there, a computation runs to its end
                threading.Thread(target=contextvars.Context().run, args=(self._work,),
                                 name="parley-compute", daemon=True).start()

    def _work(self) -> None:
        """A background worker: runs the queued computations not taken up yet, in order; ends
        when the queue has stayed empty for a while."""
        while True:
            with self._lock:
                while not self._queue:
                    if not self._queued.wait(timeout=30.0) and not self._queue:
                        self._running -= 1
                        return
                flight = self._queue.popleft()
                if flight.started:
                    continue
                flight.started = True
            self._run(flight, *flight.job, background=True)  # type: ignore[misc]

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every computation in progress now has ended (background ones included);
        False if ``timeout`` seconds passed first."""
        with self._lock:
            flights = list(self._flights.values())
        end = None if timeout is None else time.monotonic() + timeout
        for f in flights:
            if not f.done.wait(None if end is None else max(0.0, end - time.monotonic())):
                return False
        return True

    def _run(self, flight: _Flight, compute: Callable[[], Any], data: OrderedDict[tuple, Any], limit: int,
             stamp: tuple | None, background: bool = False) -> None:
        """Compute ``flight``'s value and keep it (if the store did not change meanwhile); its
        waiters are released whatever happens. A background computation that fails unseen leaves
        its error for the next caller."""
        try:
            if self.on_compute is not None:
                self.on_compute(flight.key)
            value = compute()
        except BaseException as exc:  # handed to the waiters, who raise it
            flight.error = exc
            if not background:
                raise
        else:
            flight.value = value
            with self._lock:
                self.computed += 1
                if stamp == self._stamp:  # the store did not change meanwhile
                    data[flight.full] = value
        finally:
            with self._lock:
                key = flight.full
                if self._flights.get(key) is flight:
                    self._flights.pop(key, None)
                if background and flight.error is not None and flight.waiters <= 0 and stamp == self._stamp:
                    self._failed[key] = flight.error
                while len(data) > limit:
                    data.popitem(last=False)
            flight.done.set()
            if background and flight.error is not None:
                log.warning("computing %s failed", _name(flight.key), exc_info=flight.error)

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
                            self._failed.clear()
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
            self._failed.clear()
            self._stamp = None
            self._checked = 0.0
            self._flights.clear()
            self._queue.clear()


class _NoCache(ResultCache):
    def get(self, store: Store, key: tuple, compute: Callable[[], Any], *, row: bool = False) -> Any:
        return compute()

    def peek(self, store: Store, key: tuple, *, row: bool = False, tier: str | None = None) -> Any:
        return MISSING

    def put(self, store: Store, key: tuple, value: Any, *, row: bool = False, tier: str | None = None) -> None:
        pass


#: computes every time (one-shot commands)
NO_CACHE: ResultCache = _NoCache()

__all__ = ["MISSING", "NO_CACHE", "Computing", "ResultCache", "patience"]
