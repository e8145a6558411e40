"""Inputs that cost a worker real time or memory, made at test time: a registration statement
of several MB inside a complete submission file, whose filler names the portfolio manager
everywhere so that all of it is parsed (about half a second per MB here)."""

from __future__ import annotations

from pathlib import Path

from tests.synthetic import complete_submission, registration_statement


def slow_statement(megabytes: float) -> str:
    statement = registration_statement(megabytes=megabytes)
    return statement.replace("The Fund may invest", "The portfolio manager may invest")


def write_slow_files(folder: Path, count: int, megabytes: float, prefix: str = "a") -> list[Path]:
    """``count`` submission files (names sorted first with the default prefix)."""
    folder.mkdir(parents=True, exist_ok=True)
    statement = slow_statement(megabytes)
    paths = []
    for n in range(count):
        accession = f"0001193125-24-2000{n:02d}"
        path = folder / f"{prefix}{n:02d}_{accession}.txt"
        path.write_text(complete_submission(statement, accession=accession))
        paths.append(path)
    return paths


def worker_pids(parent_pid: int) -> list[int]:
    """The worker processes a `pmdw load` with this pid started (their command line names the
    parent's pid), alive or zombie, whoever their parent is now."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if b"etl.worker_boot" in argv and str(parent_pid).encode() in argv:
            found.append(int(entry.name))
    return found
