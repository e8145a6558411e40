"""Worker processes that read and parse while the one writer loads: every task bounded in time
and memory, and a task that fails costs that task only.

``WorkerPool`` starts ``jobs`` processes (``python -m etl.worker_boot``; not multiprocessing,
whose spawned children import the parent's ``__main__`` and with it the parser before any code
of ours runs, so they could not die with a parent killed during start-up). It keeps at most
``PER_WORKER`` tasks on each and hands results back in the order they complete.

- A task that runs past ``seconds`` (since it started, or since it last called ``mark``: one
  document of a file) has its worker killed and replaced; it comes back as a ``WorkerFailure``
  naming the document-seconds limit.
- A worker's address space is capped at ``memory_bytes`` (RLIMIT_AS): a task that needs more
  raises MemoryError in the worker and comes back as a ``WorkerFailure`` naming that limit; the
  worker then retires and a fresh one takes its place.
- A worker that dies (killed by the kernel, a crash in C code) costs the task it was running, a
  ``WorkerFailure`` saying so; the tasks queued behind it run again on its replacement.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from etl.limits import LimitExceeded

PER_WORKER = 2  # tasks sent to a worker at a time: one running, one waiting (bounded memory)
BOOT_FAILURES = 3  # workers in a row that die before they are ready: they cannot start here

Result = tuple[Hashable, object]


@dataclass(frozen=True)
class WorkerFailure:
    """A task that did not complete; the reason is what a quarantine records."""

    reason: str


class WorkerStartError(RuntimeError):
    """Worker processes die as they start (a broken installation, not a document)."""


@dataclass
class _Worker:
    process: subprocess.Popen
    connection: Connection
    assigned: deque = field(default_factory=deque)  # (key, task); the first runs once started
    ready: bool = False
    running: bool = False
    clock: float = 0.0  # when the running task started, or last marked a new step
    label: str = ""  # the step it marked last, for the reason


class WorkerPool:
    def __init__(self, jobs: int, function: Callable, initializer: Callable, initargs: tuple, *,
                 memory_bytes: int | None, seconds: float):
        self.jobs, self.seconds = max(1, jobs), seconds
        self.setup = ("setup", initializer, initargs, function, memory_bytes)
        self.workers: list[_Worker] = []
        self.retry: deque = deque()  # tasks taken back from a worker that died
        self.source: Iterator | None = None
        self.boot_failures = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def run(self, tasks: Iterable[tuple[Hashable, object]], tick: float | None = None) -> Iterator[Result | None]:
        """(key, result or WorkerFailure) as tasks complete; None when ``tick`` seconds pass
        without one, so the caller can do timed work."""
        self.source = iter(tasks)
        while len(self.workers) < self.jobs:
            self.workers.append(self._spawn())
        while True:
            self._assign()
            busy = {w.connection: w for w in self.workers if w.assigned}
            if not busy:
                return
            ready = wait(list(busy), self._timeout(tick))
            if not ready:
                expired = [item for w in self._overdue() for item in self._replace(w, self._overtime(w))]
                yield from expired or [None]
            for connection in ready:
                yield from self._receive(busy[connection])

    def close(self) -> None:
        """Stops every worker at once, busy or not (SIGKILL: nothing of theirs needs saving)."""
        for worker in self.workers:
            _stop(worker)
        self.workers = []

    # --- the parent's side ------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        with child_end:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", "etl.worker_boot", str(os.getpid()), str(child_end.fileno())],
                pass_fds=(child_end.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                env=_worker_environment())
        worker = _Worker(process, Connection(parent_end.detach()))
        worker.connection.send(self.setup)
        return worker

    def _assign(self) -> None:
        """Tasks to workers, the least loaded first, up to PER_WORKER each."""
        for depth in range(PER_WORKER):
            for worker in self.workers:
                if len(worker.assigned) > depth:
                    continue
                task = self.retry.popleft() if self.retry else next(self.source, None)
                if task is None:
                    return
                worker.assigned.append(task)
                try:
                    worker.connection.send(("task", *task))
                except OSError:  # it died: its end of the connection reads as closed next
                    pass

    def _timeout(self, tick: float | None) -> float | None:
        deadlines = [w.clock + self.seconds - time.monotonic() for w in self.workers if w.running]
        candidates = [max(0.0, d) for d in deadlines] + ([tick] if tick is not None else [])
        return min(candidates) if candidates else None

    def _overdue(self) -> list[_Worker]:
        now = time.monotonic()
        return [w for w in self.workers if w.running and now - w.clock >= self.seconds]

    def _overtime(self, worker: _Worker) -> str:
        what = f"reading and parsing {worker.label or 'it'} took longer than {self.seconds:g} s"
        return str(LimitExceeded("document_seconds", what))

    def _receive(self, worker: _Worker) -> Iterator[Result]:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            yield from self._replace(worker, None)
            return
        kind = message[0]
        if kind == "ready":
            worker.ready, self.boot_failures = True, 0
        elif kind in ("start", "mark"):
            worker.running, worker.clock = True, time.monotonic()
            worker.label = message[1] if kind == "mark" else ""
        else:  # "done" or "failed"
            key, _task = worker.assigned.popleft()
            worker.running = False
            yield key, message[2] if kind == "done" else WorkerFailure(message[2])

    def _replace(self, worker: _Worker, reason: str | None) -> Iterator[Result]:
        """Stops ``worker`` and starts another in its place. The task it was running fails
        (with ``reason``, else with how the worker died); those queued behind it run again."""
        _stop(worker)
        if not worker.ready:
            self.boot_failures += 1
            if self.boot_failures >= BOOT_FAILURES:
                raise WorkerStartError(f"worker processes die as they start ({_how_it_ended(worker.process)})")
        blamed = worker.assigned.popleft() if worker.running else None
        self.retry.extend(worker.assigned)
        self.workers[self.workers.index(worker)] = self._spawn()
        if blamed is not None:
            where = f" while reading {worker.label}" if worker.label else ""
            yield blamed[0], WorkerFailure(reason or f"its worker process died{where} ({_how_it_ended(worker.process)})")


def _stop(worker: _Worker) -> None:
    if worker.process.poll() is None:
        worker.process.kill()
    worker.process.wait()
    worker.connection.close()


def _how_it_ended(process: subprocess.Popen) -> str:
    code = process.returncode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _worker_environment() -> dict[str, str]:
    """The parent's environment, with its import path: a worker imports what the parent can."""
    path = [entry for entry in sys.path if entry and os.path.isdir(entry)]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


# --- the worker's side ------------------------------------------------------------------


def serve(fd: int) -> None:
    """A worker's life: set up, then run tasks until the parent closes the connection."""
    connection = Connection(fd)
    try:
        _, initializer, initargs, function, memory_bytes = connection.recv()
    except EOFError:
        return
    initializer(*initargs)
    _cap_memory(memory_bytes)
    connection.send(("ready",))

    def mark(label: str) -> None:
        connection.send(("mark", label))

    while True:
        try:
            _, key, task = connection.recv()
        except EOFError:
            return
        connection.send(("start", key))
        if not _run_one(connection, function, key, task, mark):
            return  # out of memory: a fresh worker takes over


def _run_one(connection: Connection, function: Callable, key, task, mark) -> bool:
    """Runs one task and sends its outcome; False when the worker ran out of memory."""
    try:
        connection.send(("done", key, function(task, mark)))
        return True
    except MemoryError:
        reason = str(LimitExceeded("worker_memory_bytes", "the worker reading it ran out of memory"))
        connection.send(("failed", key, reason))
        return False
    except Exception as error:  # a bug must cost this task only
        connection.send(("failed", key, f"worker error: {type(error).__name__}: {error}"))
        return True


def _cap_memory(memory_bytes: int | None) -> None:
    if not memory_bytes:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
