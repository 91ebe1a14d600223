"""The dashboard's result cache coalesces concurrent identical requests (issue 15, defect 13):
a burst of requests for one heavy page computes it once; the others wait for that result."""

from __future__ import annotations

import threading
import time

import pytest

from parley.api.cache import ResultCache
from parley.store import open_store


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def _burst(cache, store, compute, n=16):
    arrived = threading.Semaphore(0)
    results, errors = [], []

    def ask():
        arrived.release()
        try:
            results.append(cache.get(store, ("actor", "putin"), compute))
        except Exception as exc:  # noqa: BLE001 (collected and checked)
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(n)]
    for t in threads:
        t.start()
    for _ in threads:
        arrived.acquire()
    return threads, results, errors


def test_concurrent_identical_requests_compute_once(store):
    """Before: each of the 16 requests that came while the first was computing computed the
    page again (the cache was filled only when a computation ended)."""
    cache = ResultCache(recheck_seconds=3600)
    release = threading.Event()
    calls = []

    def compute():
        calls.append(1)
        release.wait(30)
        return {"page": len(calls)}

    threads, results, errors = _burst(cache, store, compute)
    time.sleep(0.2)  # let every request reach the cache while the first one computes
    release.set()
    for t in threads:
        t.join(30)
    assert not errors and len(results) == 16
    assert len(calls) == 1 and cache.computed == 1
    assert all(r is results[0] for r in results)


def test_a_failed_computation_fails_its_waiters_and_is_tried_again(store):
    cache = ResultCache(recheck_seconds=3600)
    release = threading.Event()

    def broken():
        release.wait(30)
        raise RuntimeError("the store went away")

    threads, results, errors = _burst(cache, store, broken, n=4)
    time.sleep(0.1)
    release.set()
    for t in threads:
        t.join(30)
    assert not results and len(errors) == 4 and all("went away" in str(e) for e in errors)
    assert cache.get(store, ("actor", "putin"), lambda: 42) == 42  # nothing cached from the failure


def test_citations_never_evict_an_analysis(store):
    """Before: each cited document took an entry of the one 64-entry LRU, so a statements page
    (50 documents) evicted the contradictions and profiles, and under load the dashboard computed
    them again and again (a 5,000-document store did not finish 2,000 requests in 14 minutes)."""
    from parley.api import Parley
    from parley.records import Document, Statement

    cache = ResultCache(size=4, recheck_seconds=3600)
    p = Parley(store, cache=cache)
    docs = [Document(id=f"d{i}", text=f"Text {i} said.", source="wire", title=f"T{i}", url=f"https://x.org/{i}")
            for i in range(20)]
    store.add_documents(docs[:19])  # the last one is not stored: cited without its outlet
    calls = []
    heavy = lambda: calls.append(1) or "contradictions"  # noqa: E731
    assert cache.get(store, ("contradictions",), heavy) == "contradictions"
    statements = [Statement(doc_id=d.id, start=0, end=4, text="Text", kind="direct") for d in docs]
    cited = p.citations(statements)
    assert [c.outlet for c in cited] == ["wire"] * 19 + [None]
    assert cited[3].headline == "T3" and cited[3].url == "https://x.org/3"
    assert p.citations(statements) == cited  # served from the rows' cache
    assert cache.get(store, ("contradictions",), heavy) == "contradictions"
    assert len(calls) == 1


# ------------------------------------------------------------------ patience: "computing", never hanging
def test_within_patience_a_slow_result_is_computing_at_once_and_computed_once_in_the_background(store):
    """Before: a request on a cold store waited for the whole computation (177 s for the
    contradictions of 5,951 documents; the clients gave up after 30 s)."""
    from parley.api.cache import Computing, patience

    cache = ResultCache(recheck_seconds=3600)
    release = threading.Event()
    calls = []

    def compute():
        calls.append(1)
        release.wait(60)
        return "pairs"

    with patience(0.05):
        with pytest.raises(Computing) as first:
            cache.get(store, ("contradictions", "q"), compute)
        with pytest.raises(Computing) as second:  # a second asker joins the computation in progress
            cache.get(store, ("contradictions", "q"), compute)
    assert first.value.what == "contradictions" and second.value.since == first.value.since
    assert "being computed since" in str(first.value)
    release.set()
    assert cache.settle(60)
    with patience(0.05):
        assert cache.get(store, ("contradictions", "q"), compute) == "pairs"
    assert len(calls) == 1 and cache.computed == 1


def test_without_patience_the_caller_waits_for_the_background_computation(store):
    from parley.api.cache import Computing, patience

    cache = ResultCache(recheck_seconds=3600)
    release = threading.Event()
    with patience(0.01), pytest.raises(Computing):
        cache.get(store, ("tactics",), lambda: release.wait(60) and "found")
    got = []
    waiter = threading.Thread(target=lambda: got.append(cache.get(store, ("tactics",), lambda: "computed again")))
    waiter.start()
    release.set()
    waiter.join(60)
    assert got == ["found"] and cache.computed == 1


def test_a_background_failure_is_handed_to_the_next_caller_once(store):
    """A computation that fails with nobody waiting must not leave every later request answered
    "computing" for ever: the next one gets the error, the one after computes again."""
    from parley.api.cache import Computing, patience

    cache = ResultCache(recheck_seconds=3600)
    release = threading.Event()

    def fail():
        release.wait(60)
        raise ValueError("the store went away")

    with patience(0.01), pytest.raises(Computing):
        cache.get(store, ("saydo",), fail)
    release.set()
    assert cache.settle(60)
    with pytest.raises(ValueError, match="went away"):
        cache.get(store, ("saydo",), lambda: "never")
    assert cache.get(store, ("saydo",), lambda: "kept") == "kept"


def test_the_on_compute_hook_sees_each_computed_key_in_the_computing_thread(store):
    from parley.api.cache import Computing, patience

    seen = []
    cache = ResultCache(recheck_seconds=3600, on_compute=lambda key: seen.append((key, threading.current_thread().name)))
    assert cache.get(store, ("profiles", 1), lambda: 1) == 1
    assert cache.get(store, ("profiles", 1), lambda: 2) == 1  # kept: not computed again
    gate = threading.Event()
    with patience(0.01), pytest.raises(Computing):
        cache.get(store, ("memo", "page:tactics"), gate.wait)
    gate.set()
    assert cache.settle(60)
    assert seen[0] == (("profiles", 1), threading.current_thread().name)
    assert seen[1][0] == ("memo", "page:tactics") and seen[1][1] == "parley-compute"


def test_background_computations_run_on_a_bounded_number_of_workers_in_order(store):
    """A burst of requests for many different pages does not start a thread each (issue 15:
    bounded work): with one worker, the second computation starts when the first has ended."""
    from parley.api.cache import Computing, patience

    started, gates = [], {k: threading.Event() for k in ("a", "b", "c")}

    def hook(key):
        started.append(key[1])
        gates[key[1]].wait(60)

    cache = ResultCache(recheck_seconds=3600, on_compute=hook, workers=1)
    with patience(0.01):
        for k in ("a", "b", "c"):
            with pytest.raises(Computing):
                cache.get(store, ("page", k), lambda k=k: k.upper())
    time.sleep(0.2)  # (were the workers unbounded, b and c would have started by now)
    assert started == ["a"]
    gates["a"].set()
    gates["b"].set()
    gates["c"].set()
    assert cache.settle(60)
    assert started == ["a", "b", "c"]
    assert [cache.get(store, ("page", k), lambda: "again") for k in ("a", "b", "c")] == ["A", "B", "C"]


def test_a_caller_without_a_deadline_takes_over_a_queued_computation(store):
    """A computation that needs another one still queued behind the busy workers runs it itself
    (it would otherwise wait for a worker that may be waiting for it)."""
    from parley.api.cache import Computing, patience

    busy = threading.Event()
    cache = ResultCache(recheck_seconds=3600, workers=1)
    with patience(0.01):
        with pytest.raises(Computing):
            cache.get(store, ("page", "slow"), lambda: busy.wait(60) and "slow")
        with pytest.raises(Computing):
            cache.get(store, ("statements",), lambda: "read")
    # the one worker is busy with "slow"; "statements" waits in the queue: asked without a deadline
    assert cache.get(store, ("statements",), lambda: "never called") == "read"
    busy.set()
    assert cache.settle(60)
