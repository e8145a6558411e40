"""Dev check: the focused parse of every document equals its whole-document parse.

    .venv/bin/python -m bench.equality [PATH ...]

PATH defaults to tests/corpus, ../shared/corpus/real, ../shared/corpus/real-excerpts and the real
485BPOS in ../shared/bench (paths that are absent are skipped with a message). For each document
it compares the ParsedDocument (accounts, ownership, managers, prose, notices) and the findings of
etl.validate.check, and prints each document that differs, with the first fields that do. Exits 1
when any document differs. Real documents are read, never copied.
"""

from __future__ import annotations

import sys
import time
from dataclasses import fields
from pathlib import Path

from etl.extract import read_documents
from etl.parse import parse_document
from etl.validate import check

DEFAULT_PATHS = ("tests/corpus", "../shared/corpus/real", "../shared/corpus/real-excerpts",
                 "../shared/bench/delaware-2024-485bpos.htm")
SUFFIXES = (".htm", ".html", ".txt")


def files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


def differences(text: str, is_html: bool) -> list[str]:
    """The names of what differs between the focused and the whole parse (empty when equal)."""
    focused = parse_document(text, is_html=is_html)
    whole = parse_document(text, is_html=is_html, whole=True)
    out = [f.name for f in fields(whole) if getattr(focused, f.name) != getattr(whole, f.name)]
    if check(focused) != check(whole):
        out.append("findings")
    return out


def compare_file(path: Path) -> tuple[int, list[str]]:
    """How many documents the file holds, and a line per document that differs."""
    try:
        documents = [d for d in read_documents(path) if d.text.strip() and d.rejection is None]
    except Exception as error:  # noqa: BLE001 - a file we cannot read is reported, not compared
        return 0, [f"{path}: not read ({type(error).__name__}: {error})"]
    lines = []
    for number, document in enumerate(documents):
        try:
            differ = differences(document.text, document.is_html)
        except Exception as error:  # noqa: BLE001
            lines.append(f"{path} #{number}: parse failed ({type(error).__name__}: {error})")
            continue
        if differ:
            lines.append(f"{path} #{number}: DIFFERS in {', '.join(differ)}")
    return len(documents), lines


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in (argv or DEFAULT_PATHS)]
    total = differing = 0
    started = time.perf_counter()
    for root in paths:
        if not root.exists():
            print(f"skipped {root}: absent")
            continue
        count = 0
        for path in files(root):
            documents, lines = compare_file(path)
            count += documents
            differing += len(lines)
            for line in lines:
                print(line)
        total += count
        print(f"{root}: {count} documents compared")
    print(f"{total} documents, {differing} differ ({time.perf_counter() - started:.1f} s)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
