"""Task functions for testing the worker pool itself (etl.workers) without the parser: a task
named "die" kills its worker, "sleep:N" sleeps N seconds, anything else is echoed."""

from __future__ import annotations

import os
import signal
import time

started = []


def setup(label: str) -> None:
    started.append(label)


def run(task: str, mark) -> str:
    if task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if task.startswith("sleep:"):
        mark(task)
        time.sleep(float(task.split(":")[1]))
    if task == "hog":
        return "x" * (1 << 34)  # 16 GiB: past any memory limit a test sets
    return f"{task} by {started[0]}"
