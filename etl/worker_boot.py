"""The first code a worker process runs (``python -m etl.worker_boot PARENT_PID FD``).

A worker must not outlive the `pmdw` that started it, even one killed with SIGKILL while the
worker was still starting. So before anything heavy is imported (the parser, lxml, SQLAlchemy:
about a second), the worker asks the kernel for SIGKILL when its parent dies, then checks that
its parent is still the one that started it: a parent that died before the request leaves the
worker re-parented, and it exits at once. Only then does it import the rest (etl.workers).
This module imports nothing but the standard library's smallest parts.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker ends when its connection closes
        pass
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(0)


def main(argv: list[str]) -> None:
    parent_pid, fd = int(argv[1]), int(argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    die_with_parent(parent_pid)
    from etl.workers import serve

    serve(fd)


if __name__ == "__main__":
    main(sys.argv)
