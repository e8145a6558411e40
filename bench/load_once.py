"""One `run_load` in a fresh process; prints its time, outcomes and peak memory as JSON.

    python bench/load_once.py --db URL --jobs J PATH...

Prints {"seconds", "statuses", "writer_peak_kb", "worker_peak_kb"}: the wall time of
`run_load`, its documents by outcome, the peak RSS of this process (the writer) and the largest
peak RSS among its worker processes. `bench/run.py` and `bench/real.py` run every load through
this script, so no load inherits another's peak or warm caches of the benchmark's process.

The writer's peak is VmHWM of /proc/self/status, which starts afresh at exec: ``ru_maxrss``
would carry the benchmark process's own high-water mark over fork and exec. The workers' figure
is ``RUSAGE_CHILDREN``'s ``ru_maxrss``, so it is at least this process's size when it started
them (at the start of the load, after its imports).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.pipeline import run_load


def own_peak_kb() -> int:
    """This process's peak RSS since its exec, in KiB (ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    summary = run_load(args.paths, database_url=args.db, jobs=args.jobs)
    seconds = time.perf_counter() - started
    for worker in multiprocessing.active_children():  # reaped, so RUSAGE_CHILDREN counts them
        worker.join()
    json.dump({
        "seconds": seconds,
        "statuses": dict(summary.statuses),
        "writer_peak_kb": own_peak_kb(),
        "worker_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }, sys.stdout)


if __name__ == "__main__":
    main()
