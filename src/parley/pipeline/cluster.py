"""The Dask engine: partitions processed by the workers of a Dask distributed cluster.

A :class:`DaskEngine` starts a local cluster of worker processes (one thread each: the stages
are pure Python and hold the GIL) or connects to an existing scheduler (``tcp://HOST:PORT``).
The processor's spec (the registry in force, the coder) is sent once to every worker; each
partition is a task of :func:`parley.pipeline.process_documents` (or another task given to
:meth:`DaskEngine.map`). A bounded number of partitions is in flight at once, so reading, the
workers and the writer move together and memory stays flat on archives of any size.

A worker that dies loses nothing: the scheduler gives its partitions to another worker (a
partition may die with ``ALLOWED_FAILURES`` workers before the run stops with an error naming
it), and the writer's idempotent writes make a partition computed twice harmless.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

import dask
import distributed

from ..errors import ConfigError, ParleyError
from ..records import Document
from . import Processor, Task, process_documents

log = logging.getLogger(__name__)

#: how many workers may die on one partition before the run stops (Dask's own default is 3)
ALLOWED_FAILURES = 3
#: partitions in flight per worker thread
WINDOW_PER_WORKER = 2
#: seconds to wait for an existing scheduler to answer
CONNECT_TIMEOUT = 30


class EngineError(ParleyError):
    """The cluster failed: a scheduler that cannot be reached, a partition that killed every
    worker it was given to."""


class DaskEngine:
    """Runs partitions on a Dask cluster: a new local one of ``workers`` processes, or the one
    whose scheduler is at ``scheduler``."""

    def __init__(self, processor: Processor, *, workers: int = 2, scheduler: str | None = None,
                 memory_limit: str | None = "auto"):
        if not scheduler and workers < 1:
            raise ConfigError(f"--workers must be 1 or more, not {workers}")
        self.cluster: Any = None
        self.scheduler = scheduler
        # Dask logs every connection at INFO: say only what the command line's -v asks for
        logging.getLogger("distributed").setLevel(max(logging.getLogger().getEffectiveLevel(), logging.INFO))
        # a worker slow to stop (a loaded machine) is killed when the cluster closes: nothing to report
        logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
        try:
            with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
                if scheduler:
                    self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
                else:
                    self.cluster = distributed.LocalCluster(
                        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        memory_limit=memory_limit, silence_logs=logging.ERROR,
                    )
                    self.client = distributed.Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            where = scheduler or "a local cluster"
            raise EngineError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        if self.cluster is not None:
            self.client.wait_for_workers(workers, timeout=120)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.description = (f"the Dask cluster at {scheduler}" if scheduler
                            else f"a local Dask cluster of {workers} worker processes")
        self.spec = processor.spec()
        self._spec = self._send_spec()

    def _send_spec(self) -> Any:
        """The spec as a task's result, copied to every worker: each deserialises it once and
        builds its processor from it once. A task's result, unlike scattered data, is computed
        again when the worker that held it dies (scattered data would be lost for good, and
        every partition waiting on it cancelled)."""
        future = self.client.submit(_identity, self.spec, pure=False)
        try:
            self.client.replicate([future])
        except (ValueError, OSError, TimeoutError) as exc:  # a worker leaving mid-copy: the others fetch it on demand
            log.debug("spec not replicated: %s", exc)
        return future

    def worker_pids(self) -> dict[str, int]:
        """The process id of each worker, by its address (tests kill one)."""
        return self.client.run(os.getpid)

    def map(self, partitions: Iterable[list[Document]], task: Task = process_documents,
            *args: Any) -> Iterator[tuple[list[Document], Any]]:
        """``task(spec, partition, *args)`` for each partition on the cluster, yielded with its
        partition as each finishes; at most ``WINDOW_PER_WORKER`` partitions per worker thread are
        in flight (the next one is read when one finishes)."""
        source = iter(partitions)
        in_flight: dict[Any, list[Document]] = {}
        retries: dict[int, int] = {}
        done = distributed.as_completed(loop=self.client.loop)

        def submit_next() -> bool:
            part = next(source, None)
            if part is None:
                return False
            future = self.client.submit(task, self._spec, part, *args, pure=False)
            in_flight[future] = part
            done.add(future)
            return True

        for _ in range(self.workers * WINDOW_PER_WORKER):
            if not submit_next():
                break
        for future in done:
            part = in_flight.pop(future)
            try:
                result = future.result()
            except distributed.client.FutureCancelledError:
                # the spec was lost with a worker that died: send it again, run the partition again
                retries[id(part)] = retries.get(id(part), 0) + 1
                if retries[id(part)] > ALLOWED_FAILURES:
                    raise EngineError(f"a partition of {len(part)} documents was cancelled "
                                      f"{ALLOWED_FAILURES} times by the cluster") from None
                self._spec = self._send_spec()
                again = self.client.submit(task, self._spec, part, *args, pure=False)
                in_flight[again] = part
                done.add(again)
                continue
            except distributed.KilledWorker as exc:
                first = part[0].origin or part[0].id if part else "?"
                raise EngineError(
                    f"a partition of {len(part)} documents (the first from {first}) killed "
                    f"{ALLOWED_FAILURES} workers in turn: {exc}"
                ) from None
            submit_next()
            yield part, result

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _identity(value: Any) -> Any:
    return value


__all__ = ["ALLOWED_FAILURES", "DaskEngine", "EngineError"]
