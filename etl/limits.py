"""How much one input may cost: the limits a batch job facing the open internet needs.

Every limit has a safe default and can be changed with ``--limit NAME=VALUE`` (repeatable) on
``pmdw load``, ``pmdw sync`` and ``pmdw parse``, or with ``PMDW_LIMITS="NAME=VALUE,..."``; the
option wins over the variable. A document that goes past one is quarantined, or loaded with a
finding, and the reason names the limit and how to raise it. The README's table of limits is
made from ``LIMITS`` below (``python -m etl.limits``).

Sizes take binary or decimal units (``64MiB``, ``500MB``, ``1048576``); times take seconds or
a unit (``90``, ``2m``); counts are plain numbers.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from humanfriendly import (
    InvalidSize,
    InvalidTimespan,
    format_size,
    format_timespan,
    parse_size,
    parse_timespan,
)

LIMITS_ENV = "PMDW_LIMITS"
MiB = 2**20


class LimitExceeded(Exception):
    """An input that goes past a limit: the message is the reason recorded (in quarantine, or
    in a finding), naming the limit and how to raise it."""

    def __init__(self, name: str, what: str):
        super().__init__(f"{what}: over the {name.replace('_', '-')} limit; {limit_hint(name)}")
        self.limit = name


def _limit(default, kind: str, meaning: str):
    return field(default=default, metadata={"kind": kind, "meaning": meaning})


@dataclass(frozen=True)
class Limits:
    file_bytes: int = _limit(
        1024 * MiB, "size", "bytes of one file on disk (a gzip by its compressed size); a larger file is quarantined "
                                "unread")
    stream_bytes: int = _limit(
        1024 * MiB, "size", "bytes a gzip file (or a gzipped index in pmdw sync) may decompress to; decompression "
                                "stops at the limit and the file is quarantined")
    compression_ratio: int = _limit(
        100, "count", "decompressed over compressed size past which a gzip file is a bomb "
                      "(checked once 16 MiB are out)")
    document_bytes: int = _limit(
        64 * MiB, "size", "characters of one document handed to the parser; a larger document is quarantined "
                              "(in a submission file that document alone: the others load)")
    nesting_depth: int = _limit(
        256, "count", "depth of nested HTML elements; a deeper document is quarantined (up to 256, "
                      "the HTML parser's own guard; above, pages are measured before they are read)")
    table_rows: int = _limit(
        5000, "count", "rows of one table; a longer table is not read (a finding)")
    table_cells: int = _limit(
        100_000, "count", "cells of one table; a larger table is not read (a finding)")
    document_seconds: float = _limit(
        300.0, "time", "wall-clock time to read and parse one document; past it its file is "
                       "quarantined and its worker replaced (--jobs 1 parses in one worker too)")
    worker_memory_bytes: int = _limit(
        4096 * MiB, "size", "address space of one worker process; a document that needs more is "
                            "quarantined and the worker replaced")
    raw_text_chars: int = _limit(
        4000, "count", "characters of source text stored with one fact or finding; longer text is "
                       "cut, its line span still points at the whole")
    response_bytes: int = _limit(
        1024 * MiB, "size", "bytes of one response body in pmdw sync; a longer body is cut off (a "
                            "longer Content-Length refused unread) and the filing recorded as failed")
    response_seconds: float = _limit(
        600.0, "time", "wall-clock time for one whole response in pmdw sync (connection, headers, body), however "
                       "slowly it drips; past it the filing is recorded as failed")

    def with_assignments(self, assignments: Iterable[str]) -> Limits:
        """These limits with ``NAME=VALUE`` assignments applied (names with - or _).

        >>> Limits().with_assignments(["document-bytes=8MiB", "document_seconds=2m"]).document_bytes
        8388608
        >>> Limits().with_assignments(["document-seconds=2m"]).document_seconds
        120.0
        >>> Limits().with_assignments(["speed=3"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown limit 'speed' (known: file-bytes, stream-bytes, ...)
        """
        changes = {}
        for assignment in assignments:
            name, _, value = assignment.partition("=")
            name, value = name.strip(), value.strip()
            spec = _FIELDS.get(name.replace("-", "_"))
            if spec is None:
                raise ValueError(f"unknown limit {name!r} (known: {', '.join(_names())})")
            if not value:
                raise ValueError(f"limit {name!r} needs a value, like {name}={describe(spec)}")
            changes[spec.name] = parse_value(spec.metadata["kind"], value, name)
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name: f for f in dataclasses.fields(Limits)}


def _names() -> list[str]:
    return [name.replace("_", "-") for name in _FIELDS]


def parse_value(kind: str, value: str, name: str = "limit") -> int | float:
    """A limit's value from its text.

    >>> parse_value("size", "1 GiB"), parse_value("size", "500KB"), parse_value("time", "1h")
    (1073741824, 500000, 3600.0)
    >>> parse_value("count", "-3", "table-rows")
    Traceback (most recent call last):
    ...
    ValueError: limit 'table-rows' must be a positive number, not '-3'
    """
    try:
        if kind == "size":
            number = parse_size(value, binary=False)
        elif kind == "time":
            number = parse_timespan(value)
        else:
            number = int(value.replace("_", "").replace(",", ""))
    except (InvalidSize, InvalidTimespan, ValueError):
        number = None
    if number is None or number <= 0:
        raise ValueError(f"limit {name!r} must be a positive number, not {value!r}")
    return number


def describe(spec: dataclasses.Field) -> str:
    """A default as a person writes it: ``64 MiB``, ``5 minutes``, ``5000``."""
    kind, value = spec.metadata["kind"], spec.default
    if kind == "size":
        return format_size(value, binary=True).replace(" ", "")
    if kind == "time":
        return format_timespan(value)
    return str(value)


def from_environment(assignments: Iterable[str] = (), environ: dict | None = None) -> Limits:
    """The defaults, changed by ``PMDW_LIMITS`` and then by the command line's assignments."""
    environ = os.environ if environ is None else environ
    from_env = [a for a in environ.get(LIMITS_ENV, "").split(",") if a.strip()]
    return Limits().with_assignments([*from_env, *assignments])


def limit_hint(name: str) -> str:
    """How to raise a limit, for the reasons that name it.

    >>> limit_hint("document_bytes")
    'raise it with --limit document-bytes=SIZE'
    """
    kind = _FIELDS[name].metadata["kind"]
    placeholder = {"size": "SIZE", "time": "SECONDS", "count": "N"}[kind]
    return f"raise it with --limit {name.replace('_', '-')}={placeholder}"


def markdown_table() -> str:
    """The README's table of limits."""
    rows = ["| limit | default | what it bounds |", "|---|---|---|"]
    rows += [f"| `{spec.name.replace('_', '-')}` | {describe(spec)} | {spec.metadata['meaning']} |"
             for spec in dataclasses.fields(Limits)]
    return "\n".join(rows)


DEFAULT_LIMITS = Limits()

if __name__ == "__main__":
    print(markdown_table())
