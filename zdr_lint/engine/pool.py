"""Worker processes that never outlive the run.

A pool left to itself survives its parent: SIGTERM (``timeout``, a cancelled CI job, an editor
dropping a stale lint) kills only the main process, and the workers, blocked on their job
queue, live on under PID 1. :func:`worker_pool` ends them whenever the run leaves the pool by
an exception, including :class:`Terminated`, which the command raises on SIGTERM. Workers
themselves die on SIGTERM at once (the default action), whatever the main process installed.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

STOP_WAIT = 5.0  # seconds a terminated worker gets before it is killed


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, so that no ``except Exception`` (the engine's retry
    of a failed run file by file, say) takes it for a failure and carries on."""


def raise_terminated(signum: int, frame: Any) -> None:
    """A SIGTERM handler for the main process. A second SIGTERM is ignored, so that it cannot
    cut short the ending of the workers that the first one started."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


@contextmanager
def worker_pool(
    jobs: int, initializer: Optional[Callable] = None, initargs: tuple = ()
) -> Iterator[ProcessPoolExecutor]:
    """A process pool that is shut down normally, or, when an exception leaves it, whose
    workers are terminated (then killed) before the exception goes on."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(initializer, initargs)
    )
    try:
        yield pool
        pool.shutdown(wait=True)  # inside: SIGTERM while it waits ends the workers too
    except BaseException:
        stop(pool)
        raise


def stop(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now, without waiting for their work."""
    # the executor keeps its processes in a private mapping: there is no public way to end
    # them, and shutdown() would wait for the whole queue
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(STOP_WAIT)
        if process.is_alive():
            process.kill()
            process.join(STOP_WAIT)


def _start_worker(initializer: Optional[Callable], initargs: tuple) -> None:
    # a forked worker inherits the main process's handler: SIGTERM must end it, not raise
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)
