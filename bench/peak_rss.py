"""One `run_load` in a fresh process, reporting its peak memory as JSON on stdout.

    python bench/peak_rss.py --db URL --jobs J DIR...

Prints {"documents", "seconds", "writer_peak_kb", "worker_peak_kb"}: the peak RSS (VmHWM)
of this process (the writer) and the largest peak RSS among its worker processes (0 with
--jobs 1). `bench/run.py` starts it once per corpus size, so no run inherits another's peak.
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

from etl.pipeline import run_load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    summary = run_load(args.directories, database_url=args.db, jobs=args.jobs)
    seconds = time.perf_counter() - started
    for worker in multiprocessing.active_children():  # reaped, so RUSAGE_CHILDREN counts them
        worker.join()
    json.dump({
        "documents": sum(summary.statuses.values()),
        "seconds": seconds,
        "writer_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "worker_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }, sys.stdout)


if __name__ == "__main__":
    main()
