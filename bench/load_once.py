"""One `run_load` in a fresh process; prints its time, outcomes and peak memory as JSON.

    python bench/load_once.py --db URL --jobs J PATH...

Prints {"seconds", "statuses", "writer_peak_kb", "worker_peak_kb"}: the wall time of
`run_load`, its documents by outcome, the peak RSS of this process (the writer) and the largest
peak RSS among its worker processes (0 with --jobs 1). `bench/run.py` runs every load through
this script, so no load inherits another's peak or warm caches of the benchmark's process.
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
        "writer_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "worker_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }, sys.stdout)


if __name__ == "__main__":
    main()
