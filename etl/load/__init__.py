"""Load stage: writes parsed documents into the warehouse, a batch of documents per transaction.

The loader never parses: it takes the extract stage's SourceDocument, the parser's
ParsedDocument and the validator's findings, and maps them onto the tables with SQLAlchemy Core.
The work is set-based: a batch costs a constant number of statements whatever its number of
documents (locks, "unchanged?" check, old filings removed, each dimension looked up and
inserted, filings inserted, each fact table written with one COPY on PostgreSQL), and a
document that cannot be written is isolated by loading the batch again in halves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

import models as m
from etl.db import upsert_insert
from etl.extract import SourceDocument, path_text
from etl.limits import DEFAULT_LIMITS, Limits
from etl.parse.names import PersonName, display_organization, organization_key
from etl.parse.records import ParsedDocument, Span
from etl.stored import StoredFiling
from etl.validate import Finding

FACT_TABLES = (
    "filings", "registrants", "funds", "advisers", "managers", "adviser_disclosures",
    "manager_disclosures", "account_categories", "ownership_ranges", "disclosure_texts",
    "data_quality_findings", "quarantined_documents", "share_classes",
)

Item = tuple[SourceDocument, ParsedDocument, list[Finding]]


class WarehouseLoader:
    # A batch that meets a deadlock (PostgreSQL aborts one of the parties) is tried again.
    DEADLOCK_ATTEMPTS = 5

    def __init__(self, engine: Engine, limits: Limits = DEFAULT_LIMITS):
        self.engine = engine
        self.limits = limits  # raw_text_chars: how much source text a fact or finding keeps
        self._lookups: Connection | None = None  # for stored(): one connection, no transactions

    # --- runs ---------------------------------------------------------------------------

    def begin_run(self, command: str, parser_version: str) -> int:
        table = m.LoadRun.__table__
        with self.engine.begin() as connection:
            return connection.execute(insert(table).returning(table.c.id),
                                      {"command": command, "parser_version": parser_version}).scalar_one()

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, int]) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(m.LoadRun).where(m.LoadRun.id == run_id).values(
                    outcome=outcome, finished_at=dt.datetime.now(dt.timezone.utc), **counts
                )
            )

    # --- documents ----------------------------------------------------------------------

    def stored(self, identity_key: str) -> StoredFiling | None:
        """What the warehouse holds for a document, if anything. Asked once per document of
        every run, so it is one round trip on a connection kept open in autocommit: a pool
        checkout with BEGIN and ROLLBACK around it cost three times as much."""
        if self._lookups is None:
            self._lookups = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        row = self._lookups.execute(_STORED, {"identity_key": identity_key}).first()
        return StoredFiling(*row) if row else None

    def recorded_files(self, paths: list[str]) -> dict[str, tuple[int, int, str, int]]:
        """Path -> (size, mtime_ns, parser_version, documents) of the files fully loaded. The
        paths are looked up as stored (``path_text``) and answered as given."""
        table = m.SourceFile.__table__
        given = {path_text(path): path for path in paths}
        found = {}
        with self.engine.connect() as connection:
            for chunk in _chunks(list(given), 1000):
                for row in connection.execute(select(
                        table.c.path, table.c.size, table.c.mtime_ns, table.c.parser_version,
                        table.c.documents).where(table.c.path.in_(chunk))):
                    found[given[row.path]] = tuple(row)[1:]
        return found

    def record_files(self, rows: list[dict]) -> None:
        """Notes files whose every document is in the warehouse (see ``recorded_files``)."""
        if not rows:
            return
        table = m.SourceFile.__table__
        now = dt.datetime.now(dt.timezone.utc)
        with self.engine.begin() as connection:
            statement = upsert_insert(connection, table)
            connection.execute(statement.on_conflict_do_update(
                index_elements=["path"],
                set_={column: statement.excluded[column]
                      for column in ("size", "mtime_ns", "parser_version", "documents", "recorded_at")},
            ), [{**row, "path": path_text(row["path"]), "recorded_at": now}
                for row in sorted(rows, key=lambda r: r["path"])])

    def close(self) -> None:
        if self._lookups is not None:
            self._lookups.close()
            self._lookups = None

    @property
    def batch_size(self) -> int:
        """Documents per transaction. Measured on the benchmark's corpus, 100 to 1000 load at
        the same speed on both databases (fewer round trips no longer show); 200 keeps locks
        short and a failing batch's bisection cheap."""
        return 200

    def load(self, document: SourceDocument, parsed: ParsedDocument, findings: list[Finding],
             run_id: int) -> str:
        """Replaces whatever the warehouse holds for this document, in one transaction."""
        [outcome] = self.load_batch([(document, parsed, findings)], run_id)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def load_batch(self, items: list[Item], run_id: int) -> list[str | Exception]:
        """Loads several documents in one transaction, each atomic on its own: a document that
        fails is rolled back alone and its error returned in its place.

        Outcomes: "loaded", "replaced", or "unchanged" when another process loaded the same
        content meanwhile. On PostgreSQL, loads of one document are serialized by an advisory
        lock on its identity (taken in a fixed order), so concurrent loads never collide.
        """
        outcomes: list[str | Exception] = []
        for part in _without_repeated_identities(items):
            outcomes += self._load_isolating_failures(part, run_id)
        return outcomes

    def _load_isolating_failures(self, items: list[Item], run_id: int) -> list[str | Exception]:
        """The batch in one transaction; if a document's data breaks it (a constraint, a value
        too large for its column), the halves are loaded again, down to the bad document alone.
        No savepoints: pysqlite's are unreliable, and a savepoint per document costs round trips."""
        try:
            return self._load_retrying_deadlocks(items, run_id)
        except (IntegrityError, DataError) as error:
            if len(items) == 1:
                return [error]
            middle = len(items) // 2
            return (self._load_isolating_failures(items[:middle], run_id)
                    + self._load_isolating_failures(items[middle:], run_id))

    def _load_retrying_deadlocks(self, items: list[Item], run_id: int) -> list[str]:
        for attempt in range(1, self.DEADLOCK_ATTEMPTS + 1):
            try:
                with self.engine.begin() as connection:
                    batch = _BatchWriter(connection, items, run_id, self.limits.raw_text_chars)
                    outcomes = batch.write()
                break
            except OperationalError as error:
                if attempt == self.DEADLOCK_ATTEMPTS or not isinstance(
                        error.orig, psycopg.errors.DeadlockDetected):
                    raise
        self._prune(batch.orphan_candidates)
        return outcomes

    def _prune(self, candidates: dict[Table, set[int]]) -> None:
        """Deletes dimension rows that only a replaced document used, in a transaction of its
        own that waits until no load is between choosing a dimension row and referring to it."""
        if not any(candidates.values()):
            return
        with self.engine.begin() as connection:
            if self._is_postgresql:
                connection.execute(select(func.pg_advisory_xact_lock(_PRUNE_LOCK)))
            _prune_orphans(connection, candidates)

    @property
    def _is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def quarantine(self, location: str, content_sha256: str | None, reason: str, run_id: int) -> None:
        table = m.QuarantinedDocument.__table__
        now = dt.datetime.now(dt.timezone.utc)
        with self.engine.begin() as connection:
            statement = upsert_insert(connection, table).values(
                source_path=path_text(location), content_sha256=content_sha256, reason=reason,
                load_run_id=run_id, quarantined_at=now, attempts=1,
            )
            connection.execute(statement.on_conflict_do_update(
                index_elements=["source_path"],
                set_={"content_sha256": content_sha256, "reason": reason, "load_run_id": run_id,
                      "quarantined_at": now, "attempts": table.c.attempts + 1},
            ))

    def row_counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                    for table in FACT_TABLES}


_STORED = select(m.Filing.content_sha256, m.Filing.parser_version).where(
    m.Filing.identity_key == bindparam("identity_key"))


# Advisory lock keys: one shared by every load and taken alone by pruning, and one per document.
_PRUNE_LOCK = 0x706D_6477_0001  # "pmdw" 1

# The prune lock (shared) first, then the documents' locks, in the order of the array, in one
# statement: the function scan reads the array in order and the select list is evaluated row by
# row (the planner knows the rows come sorted by n, so no Sort reorders them; were it to add one,
# a volatile select list would be evaluated after it). A test checks the plan.
_LOCK_STATEMENT = text(
    "SELECT CASE WHEN n = 1 THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END "
    "FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS t(k, n) ORDER BY n"
)

# Bound parameters per statement stay well under SQLite's (32766) and PostgreSQL's (65535) limits.
_CHUNK = 5000


def _lock_key(identity_key: str) -> int:
    return int.from_bytes(hashlib.sha256(identity_key.encode()).digest()[:8], "big", signed=True)


def _chunks(values: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _without_repeated_identities(items: list[Item]) -> Iterator[list[Item]]:
    """Consecutive parts of the batch in which no document identity appears twice: a second
    copy must see the first one stored (and be "unchanged" or "replaced"), as if loaded alone."""
    part: list[Item] = []
    seen: set[str] = set()
    for item in items:
        if item[0].identity_key in seen:
            yield part
            part, seen = [], set()
        part.append(item)
        seen.add(item[0].identity_key)
    if part:
        yield part


def write_rows(connection: Connection, table: Table, columns: tuple[str, ...], rows: list) -> None:
    """Inserts fact rows (sequences in the order of ``columns``): PostgreSQL's COPY, else one
    executemany INSERT."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
        return
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    # reported as SQLAlchemy reports an INSERT's errors
    except psycopg.errors.IntegrityError as error:
        raise IntegrityError(statement, None, error) from error
    except psycopg.errors.DataError as error:
        raise DataError(statement, None, error) from error
    except psycopg.errors.OperationalError as error:
        raise OperationalError(statement, None, error) from error


def _insert_returning(connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple],
                      returning: tuple[str, ...], skip_conflicts: bool = False) -> list[tuple]:
    """Inserts rows in one statement (``ON CONFLICT DO NOTHING`` if ``skip_conflicts``) and
    returns ``returning`` of the rows inserted. On PostgreSQL the rows go as one array per
    column, unnested: the statement stays small and its text constant whatever the number of
    rows (psycopg spends more time on a long statement's text than the server on its rows)."""
    if not rows:
        return []
    conflicts = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    if connection.dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:c{i} AS {table.c[column].type.compile(connection.dialect)}[])"
                           for i, column in enumerate(columns))
        statement = text(f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
                         f"{conflicts} RETURNING {', '.join(returning)}")
        return connection.execute(statement, {f"c{i}": list(values)
                                              for i, values in enumerate(zip(*rows))}).all()
    statement = upsert_insert(connection, table)
    if skip_conflicts:
        statement = statement.on_conflict_do_nothing()
    return connection.execute(statement.returning(*(table.c[c] for c in returning)),
                              [dict(zip(columns, row)) for row in rows]).all()


def _span_columns(span: Span | None, raw_text_chars: int = DEFAULT_LIMITS.raw_text_chars) -> tuple:
    """Lines and raw text of a span; the text cut at ``raw_text_chars`` (the lines still
    point at the whole of it)."""
    if span is None:
        return (None, None, None)
    return (span.line_start, span.line_end, cut_raw_text(span.raw_text, raw_text_chars))


def cut_raw_text(raw_text: str | None, limit: int) -> str | None:
    """Source text as stored: at most ``limit`` characters, and a mark saying how much was cut.

    >>> cut_raw_text("Jane Doe 12 $4.5 billion", 8)
    'Jane Doe… [cut: 16 characters more]'
    >>> cut_raw_text("short", 8)
    'short'
    """
    if raw_text is None or len(raw_text) <= limit:
        return raw_text
    return f"{raw_text[:limit]}… [cut: {len(raw_text) - limit:,} characters more]"


_SPAN = ("line_start", "line_end", "raw_text")

# The columns of each fact table, in the order _BatchWriter._read builds its rows.
_FACT_COLUMNS: dict[Table, tuple[str, ...]] = {
    m.AdviserDisclosure.__table__: ("filing_id", "adviser_id", "address", "aum_usd", "aum_qualifier",
                                    "aum_as_of_date", "year_founded", *_SPAN),
    m.ManagerDisclosure.__table__: ("filing_id", "manager_id", "name_as_printed", "title",
                                    "joined_adviser_date", *_SPAN),
    m.AccountCategory.__table__: ("filing_id", "manager_id", "fund_id", "category", "num_accounts",
                                  "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd",
                                  "as_of_date", *_SPAN),
    m.OwnershipRange.__table__: ("filing_id", "manager_id", "fund_id", "range_low_usd", "range_high_usd",
                                 "range_label", "as_of_date", *_SPAN),
    m.DisclosureText.__table__: ("filing_id", "adviser_id", "kind", "heading", "body", *_SPAN),
    m.DataQualityFinding.__table__: ("filing_id", "check_name", "severity", "message", *_SPAN),
}
_FILING_COLUMNS = ("identity_key", "accession_number", "cik", "registrant_id", "form_type", "filed_date",
                   "document_date", "document_name", "source_path", "content_sha256", "parser_version",
                   "has_disclosure", "line_count", "encoding", "load_run_id", "loaded_at")

# (table, column, the dimension it refers to): what keeps a dimension row alive.
_DIMENSION_REFERENCES = [
    (m.AccountCategory, "manager_id", m.Manager),
    (m.OwnershipRange, "manager_id", m.Manager),
    (m.ManagerDisclosure, "manager_id", m.Manager),
    (m.AccountCategory, "fund_id", m.Fund),
    (m.OwnershipRange, "fund_id", m.Fund),
    (m.Manager, "adviser_id", m.Adviser),
    (m.AdviserDisclosure, "adviser_id", m.Adviser),
    (m.DisclosureText, "adviser_id", m.Adviser),
    (m.Filing, "registrant_id", m.Registrant),
    (m.Fund, "registrant_id", m.Registrant),
]
_DIMENSIONS = (m.Manager, m.Fund, m.Adviser, m.Registrant)  # referrers first


@dataclass(frozen=True)
class _Dimension:
    """A dimension table: the columns of its natural key (the parent's id, if it has a parent,
    then name_key), its other columns, and the one a later document may fill in while NULL."""

    table: Table
    key: tuple[str, ...]
    values: tuple[str, ...]
    fill: str | None = None


_REGISTRANTS = _Dimension(m.Registrant.__table__, ("name_key",), ("name", "cik"), fill="cik")
_ADVISERS = _Dimension(m.Adviser.__table__, ("name_key",), ("name",))
_FUNDS = _Dimension(m.Fund.__table__, ("registrant_id", "name_key"), ("name", "series_id"), fill="series_id")
_MANAGERS = _Dimension(m.Manager.__table__, ("adviser_id", "name_key"),
                       ("full_name", "given_name", "middle_name", "family_name", "suffix"))


class _DimensionRows(dict):
    """The rows of one dimension a batch refers to: natural key -> the other columns' values.
    The first spelling met (in the order documents would be loaded one by one) is the one
    stored; the fill column takes the first value met, as successive single loads leave it."""

    def fill(self, key: tuple, position: int, value: object) -> None:
        values = self[key]
        if value is not None and values[position] is None:
            self[key] = (*values[:position], value, *values[position + 1:])


def _orderable(key: tuple) -> tuple:
    """Keys sorted with NULL parents first: every loader inserts in this order, so two loaders
    wait on each other's new rows in one direction only (no deadlock)."""
    return tuple((value is not None, value) for value in key)


def _rows_with_keys(connection: Connection, table: Table, columns: tuple[str, ...], selected: list[str],
                    keys: list[tuple]) -> list[tuple]:
    """``selected`` columns of the rows whose natural key (``columns``) is one of ``keys``. A
    NULL parent never equals in SQL, so keys with a NULL parent are matched with IS NULL. On
    PostgreSQL the keys go as arrays (a short statement of constant text, which psycopg and
    SQLAlchemy handle faster than thousands of parameters); on SQLite as IN lists."""
    *parent, name = columns
    without_parent = [key[-1] for key in keys if not parent or key[0] is None]
    with_parent = [key for key in keys if parent and key[0] is not None]
    if connection.dialect.name == "postgresql":
        def array(column: str, parameter: str) -> str:
            return f"CAST(:{parameter} AS {table.c[column].type.compile(connection.dialect)}[])"
        head = f"SELECT {', '.join(selected)} FROM {table.name} WHERE "
        queries, parameters = [], {}
        if without_parent:
            is_null = f"{parent[0]} IS NULL AND " if parent else ""
            queries.append(f"{head}{is_null}{name} = ANY({array(name, 'names')})")
            parameters["names"] = without_parent
        if with_parent:
            queries.append(f"{head}({parent[0]}, {name}) IN (SELECT * FROM unnest("
                           f"{array(parent[0], 'parent_ids')}, {array(name, 'parent_names')}))")
            parameters.update(parent_ids=[key[0] for key in with_parent],
                              parent_names=[key[1] for key in with_parent])
        return connection.execute(text(" UNION ALL ".join(queries)), parameters).all() if queries else []
    rows = []
    for chunk in _chunks(without_parent):
        where = table.c[name].in_(chunk)
        if parent:
            where = and_(table.c[parent[0]].is_(None), where)
        rows += connection.execute(select(*(table.c[c] for c in selected)).where(where)).all()
    for chunk in _chunks(with_parent):
        where = tuple_(table.c[parent[0]], table.c[name]).in_(chunk)
        rows += connection.execute(select(*(table.c[c] for c in selected)).where(where)).all()
    return rows


def _resolve(connection: Connection, dimension: _Dimension, rows: _DimensionRows) -> dict[tuple, int]:
    """The ids of the batch's rows of a dimension (by natural key), inserting the missing ones:
    one SELECT of the existing rows, one INSERT ... ON CONFLICT DO NOTHING of the others (in key
    order), and, only if another process inserted some in between, a SELECT of those. Fill
    columns still NULL in existing rows are then filled (one statement)."""
    table, columns, fill = dimension.table, dimension.key, dimension.fill
    found: dict[tuple, int] = {}
    stored_fill: dict[tuple, object] = {}
    selected = ["id", *columns, *([fill] if fill else [])]

    def select_existing(keys: list[tuple]) -> None:
        for row in _rows_with_keys(connection, table, columns, selected, keys):
            key = tuple(row[1:1 + len(columns)])
            found[key] = row[0]
            if fill:
                stored_fill[key] = row[-1]

    select_existing(list(rows))
    missing = sorted((key for key in rows if key not in found), key=_orderable)
    inserted = _insert_returning(connection, table, columns + dimension.values,
                                 [key + rows[key] for key in missing], ("id", *columns), skip_conflicts=True)
    found.update((tuple(row[1:]), row[0]) for row in inserted)
    if len(found) < len(rows):
        select_existing([key for key in missing if key not in found])
    if fill:
        position = dimension.values.index(fill)
        to_fill = sorted((found[key], values[position]) for key, values in rows.items()
                         if key in stored_fill and stored_fill[key] is None and values[position] is not None)
        if to_fill:  # in id order: concurrent loaders lock rows in one order
            connection.execute(
                update(table).where(table.c.id == bindparam("row_id"), table.c[fill].is_(None))
                .values({fill: bindparam("fill_value")}),
                [{"row_id": row_id, "fill_value": value} for row_id, value in to_fill],
            )
    return found


def _resolve_children(connection: Connection, dimension: _Dimension, rows: _DimensionRows,
                      parent_ids: dict[tuple, int]) -> dict[tuple, int]:
    """As _resolve, for rows keyed by (parent's name key, name key) in the batch: the ids by
    that key, the parents' ids having been resolved first."""
    stored_keys, keyed = {}, _DimensionRows()
    for key, values in rows.items():
        parent_key, name_key = key
        stored_key = stored_keys[key] = (parent_ids[(parent_key,)] if parent_key is not None else None,
                                         name_key)
        keyed[stored_key] = values
    ids = _resolve(connection, dimension, keyed)
    return {key: ids[stored_key] for key, stored_key in stored_keys.items()}


# Where fact rows carry dimension keys until the ids are known: table -> (position, dimension).
_ID_POSITIONS: dict[Table, tuple[tuple[int, str], ...]] = {
    m.AdviserDisclosure.__table__: ((1, "advisers"),),
    m.ManagerDisclosure.__table__: ((1, "managers"),),
    m.AccountCategory.__table__: ((1, "managers"), (2, "funds")),
    m.OwnershipRange.__table__: ((1, "managers"), (2, "funds")),
    m.DisclosureText.__table__: ((1, "advisers"),),
    m.DataQualityFinding.__table__: (),
}


class _BatchWriter:
    """Writes a batch of documents inside the caller's transaction, with a constant number of
    statements for the whole batch."""

    def __init__(self, connection: Connection, items: list[Item], run_id: int,
                 raw_text_chars: int = DEFAULT_LIMITS.raw_text_chars):
        self.connection = connection
        self.raw_text_chars = raw_text_chars
        self.items = items
        self.run_id = run_id
        self.orphan_candidates: dict[Table, set[int]] = {model.__table__: set() for model in _DIMENSIONS}
        self.dimensions = {name: _DimensionRows() for name in ("registrants", "advisers", "funds", "managers")}
        self.share_classes: dict[str, tuple] = {}  # class id -> (fund key, name, ticker)
        # Keys computed once per name: a batch names the same people and firms many times.
        self._organization_keys: dict[str, str] = {}
        self._person_keys: dict[PersonName, str] = {}

    def write(self) -> list[str]:
        connection = self.connection
        if connection.dialect.name == "postgresql":
            keys = sorted({_lock_key(document.identity_key) for document, _, _ in self.items})
            connection.execute(_LOCK_STATEMENT, {"keys": [_PRUNE_LOCK, *keys]})
        stored = {row.identity_key: row for row in connection.execute(
            select(m.Filing.id, m.Filing.identity_key, m.Filing.content_sha256, m.Filing.parser_version)
            .where(m.Filing.identity_key.in_([document.identity_key for document, _, _ in self.items]))
        )}
        outcomes, todo, replaced = [], [], []
        for document, parsed, findings in self.items:
            old = stored.get(document.identity_key)
            if old is not None and (old.content_sha256, old.parser_version) == (
                    document.content_sha256, parsed.parser_version):
                outcomes.append("unchanged")
                continue
            outcomes.append("replaced" if old is not None else "loaded")
            todo.append((document, parsed, findings))
            if old is not None:
                replaced.append(old.id)
        if replaced:
            self._remove_previous(replaced)
        if todo:
            self._write(todo)
        return outcomes

    def _remove_previous(self, filing_ids: list[int]) -> None:
        """Notes the dimension rows the old filings referred to (candidates for pruning), in one
        query, then deletes the filings; their facts go with them (ON DELETE CASCADE)."""
        queries = []  # (dimension, SELECT of the ids the old filings' rows refer to)
        for fact, column, dimension in _DIMENSION_REFERENCES:
            owner = m.Filing.id if fact is m.Filing else getattr(fact, "filing_id", None)
            if owner is not None:  # not a dimension referring to another
                queries.append((dimension, select(getattr(fact, column)).where(owner.in_(filing_ids))))
        managers = union_all(*(query for dimension, query in queries if dimension is m.Manager))
        queries.append((m.Adviser, select(m.Manager.adviser_id).where(m.Manager.id.in_(managers))))
        tagged = [query.add_columns(literal(dimension.__tablename__)) for dimension, query in queries]
        tables = {model.__tablename__: model.__table__ for model in _DIMENSIONS}
        for row_id, dimension in self.connection.execute(union_all(*tagged)):
            if row_id is not None:
                self.orphan_candidates[tables[dimension]].add(row_id)
        self.connection.execute(delete(m.Filing).where(m.Filing.id.in_(filing_ids)))

    def _write(self, items: list[Item]) -> None:
        connection = self.connection
        documents = [self._read(document, parsed, findings) for document, parsed, findings in items]
        dimensions = self.dimensions
        registrant_ids = _resolve(connection, _REGISTRANTS, dimensions["registrants"])
        adviser_ids = _resolve(connection, _ADVISERS, dimensions["advisers"])
        ids = {
            "advisers": {key: row_id for (key,), row_id in adviser_ids.items()},
            "funds": _resolve_children(connection, _FUNDS, dimensions["funds"], registrant_ids),
            "managers": _resolve_children(connection, _MANAGERS, dimensions["managers"], adviser_ids),
        }

        now = dt.datetime.now(dt.timezone.utc)
        filing_rows = [(*filing[:3], registrant_ids.get((filing[3],)), *filing[4:], self.run_id, now)
                       for filing, _ in documents]
        filing_ids = dict(_insert_returning(connection, m.Filing.__table__, _FILING_COLUMNS, filing_rows,
                                            ("identity_key", "id")))

        facts: dict[Table, list[list]] = {table: [] for table in _FACT_COLUMNS}
        for filing, rows in documents:
            filing_id = filing_ids[filing[0]]
            for table, positions in _ID_POSITIONS.items():
                for row in rows[table]:
                    row[0] = filing_id
                    for position, dimension in positions:
                        if row[position] is not None:
                            row[position] = ids[dimension][row[position]]
                facts[table] += rows[table]
        for table, rows in facts.items():
            write_rows(connection, table, _FACT_COLUMNS[table], rows)
        self._write_share_classes(ids["funds"])
        quarantine = m.QuarantinedDocument.__table__
        connection.execute(delete(quarantine).where(
            quarantine.c.source_path.in_([document.location for document, _, _ in items])))

    def _write_share_classes(self, fund_ids: dict[tuple, int]) -> None:
        """The SEC header's classes of the batch's funds: the latest filing's name and ticker win."""
        if not self.share_classes:
            return
        table = m.FundShareClass.__table__
        rows = [{"fund_id": fund_ids[fund_key], "class_id": class_id, "name": name, "ticker": ticker}
                for class_id, (fund_key, name, ticker) in sorted(self.share_classes.items())]
        statement = upsert_insert(self.connection, table)
        self.connection.execute(statement.on_conflict_do_update(
            index_elements=["class_id"],
            set_={"fund_id": statement.excluded.fund_id, "name": statement.excluded.name,
                  "ticker": statement.excluded.ticker},
        ), rows)

    def _organization_key(self, name: str | None) -> str | None:
        if not name:
            return None
        key = self._organization_keys.get(name)
        if key is None:
            key = self._organization_keys[name] = organization_key(name)
        return key

    def _person_key(self, person: PersonName) -> str:
        key = self._person_keys.get(person)
        if key is None:
            key = self._person_keys[person] = person.key
        return key

    def _read(self, document: SourceDocument, parsed: ParsedDocument,
              findings: list[Finding]) -> tuple[tuple, dict[Table, list[list]]]:
        """A document's filing row (without registrant id, run and time) and fact rows (without
        filing id), noting the dimension rows they refer to in the order a single load meets
        them. Until the ids are known, fact rows carry the dimensions' natural keys."""
        meta = document.metadata
        registrants, advisers, funds, managers = self.dimensions.values()
        registrant = parsed.registrant or (display_organization(meta.registrant) if meta.registrant else None)
        registrant_key = self._organization_key(registrant)
        if registrant_key is not None:
            registrants.setdefault((registrant_key,), (registrant, None))
            registrants.fill((registrant_key,), 1, meta.cik)

        def adviser(name: str | None) -> str | None:
            key = self._organization_key(name)
            if key is not None:
                advisers.setdefault((key,), (name,))
            return key

        def fund(name: str | None) -> tuple | None:
            if not name:
                return None
            key = (registrant_key, self._organization_key(name))
            funds.setdefault(key, (name, None))
            return key

        def manager(person: PersonName, adviser_name: str | None) -> tuple:
            key = (adviser(adviser_name), self._person_key(person))
            if key not in managers:
                managers[key] = (person.full, person.given, person.middle, person.family, person.suffix)
            return key

        def spans(span: Span | None) -> tuple:
            return _span_columns(span, self.raw_text_chars)

        series_funds = {}
        for series_id, series_name in meta.series:
            key = series_funds[series_id] = fund(series_name)
            if key is not None:
                funds.fill(key, 1, series_id)
        for share_class in meta.classes:
            if series_funds.get(share_class.series_id) is not None:
                self.share_classes[share_class.class_id] = (
                    series_funds[share_class.series_id], share_class.name, share_class.ticker)
        facts = {
            m.AdviserDisclosure.__table__: [
                [None, adviser(a.name), a.address, a.aum_usd, a.aum_qualifier, a.aum_as_of_date,
                 a.year_founded, *spans(a.span)] for a in parsed.advisers],
            m.ManagerDisclosure.__table__: [
                [None, manager(x.name, x.adviser), x.name.full, x.title, x.joined_adviser_date,
                 *spans(x.span)] for x in parsed.managers],
            m.AccountCategory.__table__: [
                [None, manager(r.manager, r.adviser), fund(r.fund), r.category.value, r.num_accounts,
                 r.total_assets_usd, r.perf_num_accounts, r.perf_total_assets_usd, r.as_of_date,
                 *spans(r.span)] for r in parsed.accounts],
            m.OwnershipRange.__table__: [
                [None, manager(r.manager, r.adviser), fund(r.fund), r.range_low_usd, r.range_high_usd,
                 r.range_label, r.as_of_date, *spans(r.span)] for r in parsed.ownership],
            m.DisclosureText.__table__: [
                [None, adviser(t.adviser), t.kind.value, t.heading, t.body, *spans(t.span)]
                for t in parsed.prose],
            m.DataQualityFinding.__table__: [
                [None, f.check_name, f.severity, f.message, *spans(f.span)] for f in findings],
        }
        filing = (document.identity_key, meta.accession_number, meta.cik, registrant_key, meta.form_type,
                  meta.filed_date, parsed.document_date, meta.document_name, document.location,
                  document.content_sha256, parsed.parser_version, parsed.has_disclosure, parsed.line_count,
                  document.encoding)
        return filing, facts


def _prune_orphans(connection: Connection, candidates: dict[Table, set[int]]) -> None:
    for model in _DIMENSIONS:  # referrers first
        ids = sorted(candidates[model.__table__])
        if not ids:
            continue
        still_used = set()
        referrers = [(fact, column) for fact, column, dimension in _DIMENSION_REFERENCES if dimension is model]
        for chunk in _chunks(ids):
            for referrer, column in referrers:
                still_used |= set(connection.scalars(
                    select(func.distinct(getattr(referrer, column))).where(getattr(referrer, column).in_(chunk))
                ))
        unused = [i for i in ids if i not in still_used]
        for chunk in _chunks(unused):
            connection.execute(delete(model).where(model.id.in_(chunk)))
