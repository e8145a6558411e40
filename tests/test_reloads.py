"""Loads are idempotent, a changed document replaces its facts, bad documents are quarantined."""

from __future__ import annotations

import gzip
import os
import shutil

from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from etl.load import FACT_TABLES
from etl.pipeline import run_load
from tests.conftest import FEE_CHANGE_SUPPLEMENT, SEED
from tests.warehouse_queries import scalar


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        result = {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                  for t in FACT_TABLES}
    engine.dispose()
    return result


def test_loading_the_seed_twice_changes_nothing_and_says_unchanged(warehouse_url):
    first = run_load([str(SEED)], database_url=warehouse_url)
    before = counts(warehouse_url)
    second = run_load([str(SEED)], database_url=warehouse_url)
    assert first.statuses["loaded"] == 1
    assert second.statuses["unchanged"] == 1 and second.statuses["loaded"] == 0
    assert counts(warehouse_url) == before
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM load_runs WHERE outcome = 'succeeded'") == 2


def test_changed_document_replaces_its_facts_without_duplicates_or_orphans(warehouse_url, seed_copy):
    run_load([str(seed_copy)], database_url=warehouse_url)
    before = counts(warehouse_url)
    edited = seed_copy.read_text().replace("David           19", "David           21")
    edited = edited.replace("E. Clifton      13", "E. Clifton      14")
    # Hoover's name in every place he is named changes: his old manager row must go.
    edited = edited.replace("E. Clifton Hoover, Jr.", "Eugene Clifton Hoover, Jr.")
    edited = edited.replace("E. Clifton\nHoover,Jr.", "Eugene Clifton\nHoover,Jr.")
    edited = edited.replace("E. Clifton      14", "Eugene C.       14")
    seed_copy.write_text(edited)

    summary = run_load([str(seed_copy)], database_url=warehouse_url)

    assert summary.statuses["replaced"] == 1
    assert counts(warehouse_url) == before
    assert scalar(warehouse_url, """SELECT num_accounts FROM manager_accounts
        WHERE manager = 'David Dreman' AND category = 'registered_investment_companies'""") == 21
    names = scalar(warehouse_url, "SELECT COUNT(*) FROM managers WHERE given_name = 'E.'")
    assert names == 0  # the old spelling's row was pruned, not left behind
    orphans = scalar(warehouse_url, """SELECT COUNT(*) FROM managers m WHERE NOT EXISTS
        (SELECT 1 FROM account_categories a WHERE a.manager_id = m.id)""")
    assert orphans == 0


def test_folder_with_seed_empty_binary_and_fee_supplement(warehouse_url, tmp_path):
    folder = tmp_path / "batch"
    shutil.copytree(SEED.parents[4], folder / "archive")  # keeps edgar/data/<cik>/<acc>/
    shutil.copy(FEE_CHANGE_SUPPLEMENT, folder / "fee_change_supplement.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.htm").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a document pmdw reads")  # not picked up

    summary = run_load([str(folder)], database_url=warehouse_url)

    assert summary.exit_code == 1 and summary.outcome == "partial"
    assert summary.statuses["loaded"] == 1
    assert summary.statuses["no_disclosure"] == 1
    assert summary.statuses["quarantined"] == 2
    reasons = dict(summary.quarantined)
    assert "empty file" in reasons[str(folder / "empty.txt")]
    assert "binary content" in reasons[str(folder / "scan.htm")]
    stored = scalar(warehouse_url, "SELECT COUNT(*) FROM quarantined_documents")
    assert stored == 2
    no_disclosure = scalar(warehouse_url,
                           "SELECT source_path FROM filings WHERE has_disclosure = false")
    assert no_disclosure == str(folder / "fee_change_supplement.txt")
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM account_categories") == 6


def test_rerun_after_a_fix_loads_the_quarantined_document_and_clears_it(warehouse_url, tmp_path):
    document = tmp_path / "0000908737-06-000882_dec20.txt"
    document.write_bytes(b"")
    assert run_load([str(document)], database_url=warehouse_url).exit_code == 1
    assert run_load([str(document)], database_url=warehouse_url).exit_code == 1
    assert scalar(warehouse_url, "SELECT attempts FROM quarantined_documents") == 2

    document.write_bytes(SEED.read_bytes())
    summary = run_load([str(document)], database_url=warehouse_url)

    assert summary.exit_code == 0 and summary.statuses["loaded"] == 1
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM quarantined_documents") == 0
    assert scalar(warehouse_url, "SELECT accession_number FROM filings") == "0000908737-06-000882"


def test_truncated_gzip_is_quarantined_and_a_good_one_loads(warehouse_url, tmp_path):
    good = tmp_path / "edgar/data/1126087/000090873706000882/dec20.txt.gz"
    good.parent.mkdir(parents=True)
    good.write_bytes(gzip.compress(SEED.read_bytes()))
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(SEED.read_bytes())[:400])

    summary = run_load([str(tmp_path)], database_url=warehouse_url)

    assert summary.statuses["loaded"] == 1 and summary.statuses["quarantined"] == 1
    assert "gzip" in dict(summary.quarantined)[str(broken)]
    assert scalar(warehouse_url, "SELECT document_name FROM filings") == "dec20.txt"


def test_disclosure_section_that_cannot_be_read_is_not_reported_as_no_disclosure(
        warehouse_url, tmp_path):
    document = tmp_path / "garbled.txt"
    seed = SEED.read_text()
    start, end = seed.index("<TABLE>"), seed.index("</TABLE>") + len("</TABLE>")
    # The accounts table replaced by a layout nobody can read; the intro paragraph remains.
    document.write_text(seed[:start] + "[table omitted in this copy]" + seed[end:])

    summary = run_load([str(document)], database_url=warehouse_url)

    assert summary.statuses["no_disclosure"] == 0
    assert scalar(warehouse_url, "SELECT has_disclosure FROM filings") in (True, 1)
    check = scalar(warehouse_url, "SELECT check_name FROM data_quality_findings "
                                  "WHERE severity = 'error'")
    assert check == "other_accounts_section_not_read"


def test_a_document_that_fails_to_load_never_takes_its_batch_down(warehouse_url, tmp_path):
    from dataclasses import replace as copy_with

    from etl.db import ensure_schema
    from etl.extract import read_documents
    from etl.load import WarehouseLoader
    from etl.parse import PARSER_VERSION, parse_document
    from etl.validate import check

    other = tmp_path / "0000908737-06-000999_dec20.txt"
    other.write_bytes(SEED.read_bytes())
    [good] = read_documents(SEED)
    [bad] = read_documents(other)
    parsed = parse_document(good.text)
    # the same account row twice breaks a unique constraint when the bad document is written
    broken = copy_with(parsed, accounts=parsed.accounts + parsed.accounts[:1])
    engine = ensure_schema(warehouse_url)
    loader = WarehouseLoader(engine)
    run_id = loader.begin_run("test", PARSER_VERSION)

    outcomes = loader.load_batch([(bad, broken, check(broken)), (good, parsed, check(parsed))], run_id)

    assert isinstance(outcomes[0], IntegrityError) and outcomes[1] == "loaded"
    with engine.connect() as connection:
        identities = connection.execute(text("SELECT identity_key FROM filings")).scalars().all()
        accounts = connection.execute(text("SELECT COUNT(*) FROM account_categories")).scalar_one()
    engine.dispose()
    assert identities == [good.identity_key] and accounts == 6


def test_bad_documents_fail_alone_in_a_large_batch(warehouse_url):
    from dataclasses import replace as copy_with

    from sqlalchemy.exc import DataError

    from etl.db import ensure_schema
    from etl.extract import read_documents
    from etl.load import WarehouseLoader
    from etl.parse import PARSER_VERSION, parse_document
    from etl.validate import check

    [seed] = read_documents(SEED)
    parsed = parse_document(seed.text)
    duplicated_row = copy_with(parsed, accounts=parsed.accounts + parsed.accounts[:1])  # unique key
    too_large = copy_with(parsed, accounts=(copy_with(parsed.accounts[0], num_accounts=10**12),
                                            *parsed.accounts[1:]))  # beyond INTEGER
    postgresql = warehouse_url.startswith("postgresql")
    bad = {0: (duplicated_row, IntegrityError), 31: (duplicated_row, IntegrityError),
           69: (duplicated_row, IntegrityError)}
    if postgresql:  # SQLite stores any integer
        bad[17] = (too_large, DataError)
    items = []
    for n in range(70):
        document = copy_with(seed, metadata=copy_with(seed.metadata, accession_number=f"0000908737-06-{n:06d}"))
        content = bad[n][0] if n in bad else parsed
        items.append((document, content, check(content)))
    engine = ensure_schema(warehouse_url)
    loader = WarehouseLoader(engine)

    outcomes = loader.load_batch(items, loader.begin_run("test", PARSER_VERSION))

    assert [type(o) for o in outcomes] == [bad[n][1] if n in bad else str for n in range(70)]
    assert {o for o in outcomes if isinstance(o, str)} == {"loaded"}
    with engine.connect() as connection:
        identities = set(connection.execute(text("SELECT identity_key FROM filings")).scalars())
        accounts = connection.execute(text("SELECT COUNT(*) FROM account_categories")).scalar_one()
    engine.dispose()
    assert identities == {items[n][0].identity_key for n in range(70) if n not in bad}
    assert accounts == 6 * (70 - len(bad))


def test_a_file_unchanged_in_size_and_time_is_skipped_unread_and_rehash_reads_it(warehouse_url, tmp_path):
    path = tmp_path / "0000908737-06-000882_dec20.txt"
    shutil.copy(SEED, path)
    assert run_load([str(path)], database_url=warehouse_url).statuses["loaded"] == 1
    # Same size and modification time, other content: only a stat-based skip misses the change.
    stat = path.stat()
    original = path.read_text()
    path.write_text(original.replace("Dreman", "Drexel"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size

    skipped = run_load([str(path)], database_url=warehouse_url)
    assert skipped.statuses["unchanged"] == 1
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM managers WHERE family_name = 'Drexel'") == 0

    rehashed = run_load([str(path)], database_url=warehouse_url, rehash=True)
    assert rehashed.statuses["replaced"] == 1
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM managers WHERE family_name = 'Drexel'") == 1


def test_a_touched_file_is_read_again_and_its_documents_found_unchanged(warehouse_url, tmp_path):
    path = tmp_path / "0000908737-06-000882_dec20.txt"
    shutil.copy(SEED, path)
    run_load([str(path)], database_url=warehouse_url)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert run_load([str(path)], database_url=warehouse_url).statuses["unchanged"] == 1
    recorded = scalar(warehouse_url, f"SELECT mtime_ns FROM source_files WHERE path = '{path}'")
    assert recorded == path.stat().st_mtime_ns


def test_a_file_with_a_quarantined_document_is_not_recorded_and_is_read_again(warehouse_url, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n")
    run_load([str(path)], database_url=warehouse_url)
    second = run_load([str(path)], database_url=warehouse_url)
    assert second.statuses["quarantined"] == 1
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM source_files") == 0
    assert scalar(warehouse_url, "SELECT attempts FROM quarantined_documents") == 2
