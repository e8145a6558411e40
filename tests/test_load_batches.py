"""Batches: many documents in one transaction leave the warehouse as loading them one at a time
does, on both databases; on PostgreSQL the locks are taken in order and a deadlock is retried."""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from etl.db import ensure_schema
from etl.extract import read_documents
from etl.load import _LOCK_STATEMENT, _PRUNE_LOCK, WarehouseLoader, _lock_key
from etl.parse import PARSER_VERSION, parse_document
from etl.parse.names import organization_key
from etl.validate import check
from tests.conftest import SEED
from tests.warehouse_fingerprint import fingerprint

CORPUS = Path(__file__).resolve().parent / "corpus"
_names = itertools.count(1)


def parsed_items(paths) -> list:
    items = []
    for path in paths:
        for document in read_documents(path):
            parsed = parse_document(document.text, is_html=document.is_html)
            items.append((replace(document, text=""), parsed, check(parsed)))
    return items


@pytest.fixture(scope="module")
def corpus_items() -> list:
    """Every labeled document and the seed, parsed: many registrants, advisers, funds and
    managers, some shared between documents, some with unknown parents."""
    return parsed_items([*sorted(CORPUS.glob("*.htm")), *sorted(CORPUS.glob("*.txt")), SEED])


def another_warehouse(url: str, request, tmp_path: Path) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'other{next(_names)}.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"pmdw_other_{os.getpid()}_{next(_names)}")


def renamed(item, family: str, new_family: str):
    """The document changed: a manager renamed wherever it is named (a new SHA-256)."""
    document, parsed, findings = item

    def rename(person):
        return replace(person, family=new_family) if person.family == family else person

    parsed = replace(
        parsed,
        managers=tuple(replace(x, name=rename(x.name)) for x in parsed.managers),
        accounts=tuple(replace(r, manager=rename(r.manager)) for r in parsed.accounts),
        ownership=tuple(replace(r, manager=rename(r.manager)) for r in parsed.ownership),
    )
    return replace(document, content_sha256="0" * 64), parsed, findings


def respelled(item):
    """Another filing of the seed's registrant that spells its adviser and funds in capitals
    (the same rows: the first spelling loaded stays) and gives a fund its EDGAR series id."""
    document, parsed, findings = item
    fund = parsed.accounts[0].fund

    def capitals(records, *fields):
        return tuple(replace(r, **{f: getattr(r, f) and getattr(r, f).upper() for f in fields}) for r in records)

    parsed = replace(parsed, advisers=capitals(parsed.advisers, "name"),
                     managers=capitals(parsed.managers, "adviser"),
                     accounts=capitals(parsed.accounts, "adviser", "fund"),
                     ownership=capitals(parsed.ownership, "adviser", "fund"),
                     prose=capitals(parsed.prose, "adviser"))
    metadata = replace(document.metadata, accession_number="0000908737-07-000001",
                       series=(("S000012345", fund.upper()),))
    return replace(document, metadata=metadata), parsed, findings


def test_a_batch_leaves_what_one_document_at_a_time_leaves(warehouse_url, corpus_items, request, tmp_path):
    one_at_a_time = another_warehouse(warehouse_url, request, tmp_path)
    corpus_items = [*corpus_items, respelled(corpus_items[-1])]
    # Hoover is named in three documents (the seed, its copy in the corpus, the respelled one):
    # renamed in all, his old row must be pruned
    hoover = [item for item in corpus_items if any(r.manager.family == "Hoover" for r in item[1].accounts)]
    changed = [*(renamed(item, "Hoover", "Hooverson") for item in hoover), *corpus_items[:3]]
    outcomes = {}
    for url, batched in ((warehouse_url, True), (one_at_a_time, False)):
        loader = WarehouseLoader(ensure_schema(url))
        run_id = loader.begin_run("test", PARSER_VERSION)
        for name, items in (("first", corpus_items), ("second", changed)):
            if batched:
                outcomes[name, batched] = loader.load_batch(items, run_id)
            else:
                outcomes[name, batched] = [loader.load(*item, run_id) for item in items]
        loader.engine.dispose()

    assert outcomes["first", True] == outcomes["first", False] == ["loaded"] * len(corpus_items)
    assert outcomes["second", True] == outcomes["second", False] == ["replaced"] * len(hoover) + ["unchanged"] * 3
    batched = fingerprint(warehouse_url)
    assert batched == fingerprint(one_at_a_time)
    assert batched["funds"].count((corpus_items[-2][1].accounts[0].fund, "S000012345")) == 1
    managers = {name for name, _ in batched["managers"]}
    assert "E. Clifton Hooverson, Jr." in managers and "E. Clifton Hoover, Jr." not in managers  # pruned
    assert len(batched["filings"]) == len(corpus_items) and len(batched["accounts"]) > 300


def test_a_document_twice_in_one_batch_is_loaded_then_unchanged_or_replaced(warehouse_url):
    [item] = parsed_items([SEED])
    loader = WarehouseLoader(ensure_schema(warehouse_url))
    run_id = loader.begin_run("test", PARSER_VERSION)
    changed = renamed(item, "Dreman", "Dremann")

    assert loader.load_batch([item, item, changed, item], run_id) == ["loaded", "unchanged", "replaced",
                                                                      "replaced"]
    with loader.engine.connect() as connection:
        filings = connection.execute(text("SELECT COUNT(*) FROM filings")).scalar_one()
        accounts = connection.execute(text("SELECT COUNT(*) FROM account_categories")).scalar_one()
    loader.engine.dispose()
    assert (filings, accounts) == (1, 6)


def test_locks_are_taken_in_the_order_given_in_one_statement(postgres_server):
    engine = create_engine(postgres_server.url())
    keys = [_PRUNE_LOCK, -7, 3, 11]
    with engine.connect() as connection:
        plan = [row[0].strip() for row in connection.execute(
            text(f"EXPLAIN (VERBOSE, COSTS OFF) {_LOCK_STATEMENT.text}"), {"keys": keys})]
        # the locks are computed by the scan of the array itself: no node reorders its rows
        assert plan[0].startswith("Function Scan on pg_catalog.unnest") and "pg_advisory_xact_lock" in plan[1]
        assert not any(line.startswith("->") for line in plan)
        connection.execute(_LOCK_STATEMENT, {"keys": keys})
        held = connection.execute(text(
            "SELECT (classid::bigint << 32) | objid::bigint, mode FROM pg_locks "
            "WHERE locktype = 'advisory' AND pid = pg_backend_pid()")).all()
        connection.rollback()
    engine.dispose()
    assert sorted(held) == sorted([(_PRUNE_LOCK, "ShareLock")] + [(k, "ExclusiveLock") for k in keys[1:]])


def waiting_to_fill_in_the_cik(engine) -> bool:
    with engine.connect() as connection:  # a new transaction: pg_stat_activity is read afresh
        return bool(connection.execute(text(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'UPDATE registrants SET cik%'")).scalar_one())


def test_a_batch_that_meets_a_deadlock_is_tried_again(postgres_server):
    """Another transaction holds the seed's registrant row (which the loader wants to fill in)
    and then asks for the seed's advisory lock: PostgreSQL aborts the loader's transaction (the
    other one waits longer before checking for deadlocks) and the loader tries again."""
    url = postgres_server.create_database(f"pmdw_deadlock_{os.getpid()}_{next(_names)}")
    engine = ensure_schema(url)
    loader = WarehouseLoader(engine)
    [item] = parsed_items([SEED])
    document, parsed, _ = item
    name_key = organization_key(parsed.registrant)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO registrants (name, name_key, cik) VALUES (:n, :k, NULL)"),
                           {"n": parsed.registrant, "k": name_key})
    run_id = loader.begin_run("test", PARSER_VERSION)
    other = engine.connect()
    other.execute(text("SET deadlock_timeout = '60s'"))
    other.execute(text("UPDATE registrants SET name = name WHERE name_key = :k"), {"k": name_key})
    result = {}
    loading = threading.Thread(target=lambda: result.update(outcomes=loader.load_batch([item], run_id)))
    loading.start()
    deadline = time.monotonic() + 30
    while not waiting_to_fill_in_the_cik(engine):
        assert time.monotonic() < deadline and loading.is_alive()
        time.sleep(0.01)

    other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(document.identity_key)})
    other.rollback()  # the loader's first attempt was rolled back: the lock was free
    loading.join(timeout=60)
    with engine.connect() as connection:
        cik = connection.execute(text("SELECT cik FROM registrants")).scalar_one()
    other.close()
    engine.dispose()
    assert result["outcomes"] == ["loaded"] and cik == 1126087
