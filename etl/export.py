"""Exporting the warehouse for analysts: Parquet, CSV or one SQLite file, plus the data dictionary.

What is exported (``EXPORTED``): the two contract views ``manager_accounts`` and
``manager_ownership``, the dimensions ``registrants``, ``funds``, ``share_classes``,
``advisers``, ``managers`` and ``filings`` (without ``load_run_id`` and ``loaded_at``, which say
when a load ran, not what a filing says), and ``data_quality_findings`` (what an analyst should
know about a value: NULL with a finding, or stored as printed). ``--format sqlite`` writes a whole
SQLite warehouse instead (every table, the views, the schema at head), which ``pmdw serve`` and
``pmdw query`` open like any other.

Types are exact and come from the data dictionary (etl/dictionary.py): money is a decimal
(Parquet ``decimal128(20, 2)``, CSV the printed decimal ``1234.50``, never a float), dates are
dates (Parquet ``date32``, CSV ``2006-11-30``), integers are 64-bit integers, NULL stays NULL (CSV:
an empty field; an empty text is written as ``""``).

Reproducible: the same warehouse exports byte-identical files, and a load of the same documents
into SQLite and into PostgreSQL exports identical Parquet and CSV files: rows are sorted in Python
(not by the database's collation or NULL order) on a stable key and then on every column, and
nothing written depends on the time or the machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, column, select, table
from sqlalchemy import types as sa_types

import models
from etl import db
from etl.dictionary import ColumnEntry, TableEntry, entries, entry

FORMATS = ("parquet", "csv", "sqlite")
DICTIONARY_FILE = "dictionary.csv"
SQLITE_FILE = "pmdw.sqlite"


@dataclass(frozen=True)
class Exported:
    """How a table or view is exported: ``key``, the columns that sort its rows (then every
    column breaks ties); ``refers``, its columns holding another exported table's id."""

    key: tuple[str, ...]
    refers: tuple[tuple[str, str], ...] = ()


_TO_FILING_AND_MANAGER = (("filing_id", "filings"), ("manager_id", "managers"))

# In the order the export numbers them: a table after those whose ids it refers to.
EXPORTED = {
    "registrants": Exported(("name_key",)),
    "advisers": Exported(("name_key",)),
    "funds": Exported(("registrant_id", "name_key"), (("registrant_id", "registrants"),)),
    "managers": Exported(("adviser_id", "name_key"), (("adviser_id", "advisers"),)),
    "share_classes": Exported(("class_id",), (("fund_id", "funds"),)),
    "filings": Exported(("identity_key",), (("registrant_id", "registrants"),)),
    "data_quality_findings": Exported(("filing_id", "line_start", "check_name"), (("filing_id", "filings"),)),
    "manager_accounts": Exported(("filing_id", "manager_id", "line_start", "fund", "category"),
                                 _TO_FILING_AND_MANAGER),
    "manager_ownership": Exported(("filing_id", "manager_id", "line_start", "fund"), _TO_FILING_AND_MANAGER),
}
LEFT_OUT = {"filings": ("load_run_id", "loaded_at")}  # when a load ran, not what a filing says

CENT = Decimal("0.01")


class ExportError(Exception):
    """The export cannot be written as asked: a message for the user."""


# --- types: one row of this table per SQL type of the dictionary ---------------------------


@dataclass(frozen=True)
class ColumnType:
    pattern: str  # matches the dictionary's SQL type
    sql: Callable[[], sa_types.TypeEngine]  # how to read it (SQLite returns dates as text)
    arrow: pa.DataType
    text: Callable[[object], str]  # the CSV field of a value that is not NULL


def _money_text(value: Decimal) -> str:
    """Cents, as printed: never a float's digits.

    >>> _money_text(Decimal("15700000000")), _money_text(Decimal("0.5"))
    ('15700000000.00', '0.50')
    """
    return format(_cents(value), "f")


def _cents(value: Decimal) -> Decimal:
    cents = Decimal(value).quantize(CENT)
    if cents != value:
        raise ExportError(f"{value} is not a whole number of cents")
    return cents


def _timestamp_text(value: dt.datetime) -> str:
    return _utc(value).isoformat()


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back the UTC moment without its zone; PostgreSQL with it."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


TYPES = (
    ColumnType(r"NUMERIC\(20, 2\)", lambda: sa_types.Numeric(20, 2), pa.decimal128(20, 2), _money_text),
    ColumnType(r"DATE", sa_types.Date, pa.date32(), lambda v: v.isoformat()),
    ColumnType(r"DATETIME|TIMESTAMP", lambda: sa_types.DateTime(timezone=True), pa.timestamp("us", tz="UTC"),
               _timestamp_text),
    ColumnType(r"INTEGER|BIGINT", sa_types.BigInteger, pa.int64(), str),
    ColumnType(r"BOOLEAN", sa_types.Boolean, pa.bool_(), lambda v: "true" if v else "false"),
    ColumnType(r"TEXT|VARCHAR(\(\d+\))?", sa_types.Text, pa.string(), str),
)


def column_type(sql_type: str) -> ColumnType:
    """How a column of the dictionary's SQL type is read and written.

    >>> column_type("VARCHAR(20)").arrow, column_type("NUMERIC(20, 2)").arrow
    (DataType(string), Decimal128Type(decimal128(20, 2)))
    """
    for candidate in TYPES:
        if re.fullmatch(candidate.pattern, sql_type):
            return candidate
    raise ValueError(f"no export type for SQL type {sql_type!r}")


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extract:
    """One table or view as exported: its dictionary entry (exported columns only) and rows."""

    entry: TableEntry
    rows: list[tuple]


def exported_entry(name: str) -> TableEntry:
    whole = entry(name)
    kept = tuple(c for c in whole.columns if c.name not in LEFT_OUT.get(name, ()))
    return TableEntry(whole.name, whole.kind, whole.description, kept)


def _sorted(extract: Extract, key: tuple[str, ...]) -> Extract:
    """Rows in ``key`` order, then by every column; NULL last, whatever the database would do."""
    names = [c.name for c in extract.entry.columns]
    positions = [names.index(k) for k in key]
    positions += [i for i in range(len(names)) if i not in positions]
    rows = sorted(extract.rows, key=lambda row: tuple(
        (row[i] is None, row[i] if row[i] is not None else 0) for i in positions))
    return Extract(extract.entry, rows)


def read_extract(bind: Engine | Connection, name: str) -> Extract:
    """The rows of ``name`` (one of EXPORTED) read with the dictionary's types, in its key's order,
    with the warehouse's ids."""
    described = exported_entry(name)
    typed = table(name, *(column(c.name, column_type(c.type).sql()) for c in described.columns))
    with contextlib.nullcontext(bind) if isinstance(bind, Connection) else bind.connect() as connection:
        rows = [tuple(row) for row in connection.execute(select(*typed.c))]
    return _sorted(Extract(described, rows), EXPORTED[name].key)


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction, so every table comes from the same state of the warehouse even
    while a load writes to it (PostgreSQL: REPEATABLE READ; SQLite: an explicit BEGIN, which
    Python's sqlite3 would not issue before a SELECT)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection, \
                connection.begin():
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def with_export_ids(extracts: dict[str, Extract]) -> dict[str, Extract]:
    """The extracts with the export's own ids: a warehouse numbers its rows in the order a load
    happened to meet them (its batches follow the clock), so two loads of the same documents,
    or one into SQLite and one into PostgreSQL, number them differently. The export numbers each
    table 1, 2, ... in the order of its natural key (a filing's identity_key, a manager's
    adviser and name_key, ...) and carries the new ids into the columns that refer to them, so
    the files depend on what was loaded, not on how. Join back to a warehouse by natural keys."""
    numbering: dict[str, dict[int, int]] = {}
    renumbered = {}
    for name, extract in extracts.items():
        spec = EXPORTED[name]
        names = [c.name for c in extract.entry.columns]
        refers = [(names.index(c), numbering[target]) for c, target in spec.refers]
        rows = [_referring(row, refers) for row in extract.rows]
        current = _sorted(Extract(extract.entry, rows), spec.key)
        if "id" in names and extract.entry.kind == "table":
            at = names.index("id")
            numbering[name] = {row[at]: n for n, row in enumerate(current.rows, start=1)}
            current = Extract(current.entry, [(*row[:at], n, *row[at + 1:])
                                              for n, row in enumerate(current.rows, start=1)])
        renumbered[name] = Extract(_renumbered_entry(current.entry, {c for c, _ in spec.refers}), current.rows)
    return renumbered


EXPORT_IDS = ("In the export files this is the export's own number (each table numbered 1, 2, ... in "
              "the order of its natural key), not the warehouse's id.")


def _renumbered_entry(described: TableEntry, refers: set[str]) -> TableEntry:
    """The entry, saying of each id column that it holds the export's ids."""
    columns = tuple(replace(c, description=f"{c.description} {EXPORT_IDS}")
                    if (c.name == "id" and described.kind == "table") or c.name in refers else c
                    for c in described.columns)
    return replace(described, columns=columns)


def _referring(row: tuple, refers: list[tuple[int, dict[int, int]]]) -> tuple:
    row = list(row)
    for position, ids in refers:
        if row[position] is not None:
            row[position] = ids[row[position]]
    return tuple(row)


# --- writing ---------------------------------------------------------------------------------


def _field_metadata(c: ColumnEntry) -> dict[bytes, bytes]:
    return {b"description": c.description.encode(), b"unit": (c.unit or "").encode(),
            b"sql_type": c.type.encode()}


def arrow_table(extract: Extract) -> pa.Table:
    """The rows as an Arrow table with exact types and the dictionary in the schema's metadata."""
    fields = [pa.field(c.name, column_type(c.type).arrow, nullable=c.nullable, metadata=_field_metadata(c))
              for c in extract.entry.columns]
    schema = pa.schema(fields, metadata={b"description": extract.entry.description.encode()})
    columns = list(zip(*extract.rows)) if extract.rows else [[] for _ in fields]
    arrays = [pa.array([_arrow_value(v) for v in values], type=f.type) for values, f in zip(columns, fields)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _arrow_value(value):
    if isinstance(value, Decimal):
        return _cents(value)
    if isinstance(value, dt.datetime):
        return _utc(value)
    return value


def write_parquet(extract: Extract, path: Path) -> None:
    # no timestamps in Parquet's metadata; created_by names the writer's version only
    pq.write_table(arrow_table(extract), path, compression="zstd", use_dictionary=True,
                   write_statistics=True, store_schema=True)


def _csv_field(value, text: Callable[[object], str]) -> str | None:
    """None for NULL (an empty field); an empty text becomes a quoted empty field."""
    if value is None:
        return None
    return text(value)


def write_csv(extract: Extract, path: Path) -> None:
    texts = [column_type(c.type).text for c in extract.entry.columns]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(_csv_line([c.name for c in extract.entry.columns]))
        handle.writelines(_csv_line([_csv_field(v, t) for v, t in zip(row, texts)]) for row in extract.rows)


def _csv_line(fields: Iterable[str | None]) -> str:
    r"""RFC 4180 with "\n" line ends: NULL is an empty field, an empty text is "".

    >>> print(_csv_line([None, "", "a,b", 'say "hi" twice', "12.50"]), end="")
    ,"","a,b","say ""hi"" twice",12.50
    """
    out = []
    for field in fields:
        if field is None:
            out.append("")
        elif field == "" or any(ch in field for ch in ',"\r\n'):
            out.append('"' + field.replace('"', '""') + '"')
        else:
            out.append(field)
    return ",".join(out) + "\n"


def write_dictionary(entries: Iterable[TableEntry], path: Path) -> None:
    """One row per table or view (``column`` empty) and per column: the dictionary beside the data."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(_csv_line(["table", "kind", "column", "type", "unit", "nullable", "description"]))
        for described in entries:
            handle.write(_csv_line([described.name, described.kind, None, None, None, None,
                                    described.description]))
            handle.writelines(_csv_line([described.name, described.kind, c.name, c.type, c.unit,
                                        "true" if c.nullable else "false", c.description]) for c in described.columns)


# --- the whole warehouse as one SQLite file ----------------------------------------------------


def write_sqlite(source: Connection, path: Path) -> None:
    """A SQLite warehouse at the schema head with every row of every table, built in a scratch
    file and written by VACUUM INTO: the same warehouse gives the same bytes."""
    with tempfile.TemporaryDirectory(prefix="pmdw-export-") as scratch:
        build = Path(scratch) / "build.sqlite"
        db.upgrade(f"sqlite:///{build}")
        target = db.create_warehouse_engine(f"sqlite:///{build}")
        try:
            _copy_tables(source, target)
        finally:
            target.dispose()
        connection = sqlite3.connect(build)
        try:
            connection.execute("VACUUM INTO ?", (str(path),))
        finally:
            connection.close()


def _copy_tables(reading: Connection, target: Engine, chunk: int = 5000) -> None:
    tables = models.Base.metadata.sorted_tables  # parents before children
    with target.begin() as writing:
        for model in tables:
            result = reading.execution_options(stream_results=True).execute(
                select(model).order_by(*model.primary_key.columns))
            while batch := result.fetchmany(chunk):
                writing.execute(model.insert(), [_sqlite_row(row._mapping) for row in batch])


def _sqlite_row(mapping) -> dict:
    """Moments in UTC, as the SQLite warehouse stores them (PostgreSQL hands them back in the
    session's time zone)."""
    return {k: _utc(v) if isinstance(v, dt.datetime) else v for k, v in mapping.items()}


# --- the export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int | None  # None for the dictionary and the SQLite file


def prepare_directory(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".pmdw-probe-"):
            pass
    except OSError as error:
        raise ExportError(f"cannot write to {out}: {error.strerror or error}") from error


def _replace(path: Path, write: Callable[[Path], None]) -> None:
    """Write beside the target, then rename: a failed export leaves no half-written file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def export(engine: Engine, fmt: str, out: Path) -> list[Written]:
    """Writes the export of the warehouse behind ``engine`` into ``out``; returns what it wrote."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    with snapshot(engine) as connection:
        _require_filings(connection)
        prepare_directory(out)
        if fmt == "sqlite":
            _replace(out / SQLITE_FILE, lambda p: write_sqlite(connection, p))
            return _with_dictionary(out, [Written(out / SQLITE_FILE, None)], list(entries()))
        extracts = with_export_ids({name: read_extract(connection, name) for name in EXPORTED})
    writer = write_parquet if fmt == "parquet" else write_csv
    written, exported = [], []
    for name, extract in extracts.items():
        path = out / f"{name}.{fmt}"
        _replace(path, lambda p, e=extract: writer(e, p))
        written.append(Written(path, len(extract.rows)))
        exported.append(extract.entry)
    return _with_dictionary(out, written, exported)


def _with_dictionary(out: Path, written: list[Written], exported: list[TableEntry]) -> list[Written]:
    """Writes dictionary.csv (the entries of what was exported) last."""
    _replace(out / DICTIONARY_FILE, lambda p: write_dictionary(exported, p))
    return [*written, Written(out / DICTIONARY_FILE, None)]


def _require_filings(connection: Connection) -> None:
    filings = models.Filing.__table__
    if connection.execute(select(filings.c.id).limit(1)).first() is None:
        raise ExportError("the warehouse holds no filings: nothing to export (load some with pmdw load PATH)")

