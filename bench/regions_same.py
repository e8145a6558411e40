"""Dev check: the region scan of this checkout returns what the scan of another revision returns.

    .venv/bin/python -m bench.regions_same [--against REV] [PATH ...]

For a change to how the scan finds positions, not to what it keeps: for every document it
compares ``disclosure_regions(text, is_html=...)`` and ``focus(...)`` (by digest) of this
checkout's ``etl`` with those of ``etl`` at REV, which is unpacked with
``git archive`` into a temporary directory and run in a subprocess, whole (its evidence
readers and scope included). REV defaults to where this branch left main (``git merge-base
HEAD main``), so that changes made on main since are not taken for this branch's. PATH defaults to the paths of `bench.equality` (absent ones are
skipped with a message). Prints each document that differs; exits 1 when any does. Real
documents are read, never copied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench.equality import DEFAULT_PATHS, files

ROOT = Path(__file__).resolve().parent.parent


def scans(paths: list[str]) -> tuple[str, dict[str, list]]:
    """Where ``etl`` was imported from, and per document (``path #n``) its regions and the
    digest of its focused text."""
    from etl.extract import read_documents
    from etl.parse import regions

    out: dict[str, list] = {}
    for root in paths:
        for path in files(Path(root)) if Path(root).exists() else []:
            try:
                documents = read_documents(path)
            except Exception as error:  # noqa: BLE001 - reported, not compared
                out[f"{path}"] = ["not read", type(error).__name__]
                continue
            for number, document in enumerate(documents):
                if not document.text.strip() or document.rejection is not None:
                    continue
                text, is_html = document.text, document.is_html
                found = [list(span) for span in regions.disclosure_regions(text, is_html=is_html)]
                digest = hashlib.sha256(regions.focus(text, is_html=is_html).encode("utf-8", "surrogatepass"))
                out[f"{path} #{number}"] = [found, digest.hexdigest()]
    return regions.__file__, out


def scans_at(revision: str, paths: list[str]) -> tuple[str, dict[str, list]]:
    """`scans` run on the ``etl`` of ``revision``, in a subprocess."""
    archive = subprocess.run(["git", "archive", revision, "etl"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryDirectory() as directory:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")
        # etl from the unpacked revision, first on the path; bench from this checkout
        code = (f"import json, sys; sys.path[0:1] = [{directory!r}, {str(ROOT)!r}]; "
                "from bench.regions_same import scans; print(json.dumps(scans(sys.argv[1:])))")
        done = subprocess.run([sys.executable, "-c", code, *paths], check=True,
                              capture_output=True, text=True, cwd=ROOT)
    where, found = json.loads(done.stdout)
    return where, found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.regions_same", description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="the revision to compare with (default: git merge-base HEAD main)")
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    options = parser.parse_args(argv)
    for path in options.paths:
        if not Path(path).exists():
            print(f"skipped {path}: absent")
    if options.against is None:
        options.against = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout.strip()[:12]
    old_where, old = scans_at(options.against, options.paths)
    _, new = scans(options.paths)
    if Path(old_where).resolve().is_relative_to(ROOT):
        print(f"the revision's scan was not the one run ({old_where}): nothing compared")
        return 2
    differ = [name for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
    for name in differ:
        print(f"{name}: DIFFERS ({options.against}: {_brief(old.get(name))}; here: {_brief(new.get(name))})")
    print(f"{len(new)} documents, {len(differ)} differ from {options.against}")
    return 1 if differ else 0


def _brief(scan: list | None) -> str:
    if not scan or scan[0] == "not read":
        return repr(scan)
    found, digest = scan
    return f"{len(found)} regions, {sum(end - start for start, end in found)} characters, focus {digest[:12]}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
