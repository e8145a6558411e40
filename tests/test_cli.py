"""The pmdw command: exit codes, summaries, JSON, queries and help, run in-process and for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alembic.script import ScriptDirectory

from etl import db
from etl.cli import main
from tests.conftest import SEED


def pmdw(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_load_prints_a_summary_and_exits_0(warehouse_url):
    result = pmdw("load", str(SEED), "--db", warehouse_url)
    assert result.exit_code == 0, result.output
    assert "documents: 1 loaded, 0 replaced, 0 unchanged, 0 no disclosure, 0 quarantined" in result.output
    assert "account_categories 6" in result.output and "ownership_ranges 2" in result.output


def test_load_json_summary_is_machine_readable(warehouse_url):
    pmdw("load", str(SEED), "--db", warehouse_url, "--json")
    result = pmdw("load", str(SEED), "--db", warehouse_url, "--json")
    summary = json.loads(result.output)
    assert summary["outcome"] == "succeeded"
    assert summary["documents"]["unchanged"] == 1
    assert summary["rows"]["managers"] == 2


def test_load_reads_the_database_url_from_the_environment(tmp_path):
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    result = pmdw("load", str(SEED), "--json", env={"PMDW_DATABASE_URL": url})
    assert result.exit_code == 0
    assert (tmp_path / "env.sqlite").exists()


def test_load_with_quarantined_documents_exits_1_and_lists_them(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = pmdw("load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'w.sqlite'}")
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty.txt'}: empty file" in result.output


def test_usage_errors_exit_2_with_a_message(tmp_path):
    missing = pmdw("load", str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 'w.sqlite'}")
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad_url = pmdw("load", str(SEED), "--db", "nonsense://")
    assert bad_url.exit_code == 2 and "nonsense" in bad_url.output
    bad_accession = pmdw("load", str(SEED), "--accession", "12", "--db", "sqlite://")
    assert bad_accession.exit_code == 2 and "--accession" in bad_accession.output
    no_paths = pmdw("load")
    assert no_paths.exit_code == 2


def test_metadata_options_fill_in_what_a_bare_document_lacks(tmp_path):
    bare = tmp_path / "dec20.txt"
    bare.write_bytes(SEED.read_bytes())
    result = pmdw("parse", str(bare), "--cik", "1126087", "--accession", "0000908737-06-000882",
                  "--form-type", "497", "--filed", "2006-12-21")
    metadata = json.loads(result.output)["metadata"]
    assert metadata == {"accession_number": "0000908737-06-000882", "cik": 1126087,
                        "registrant": None, "form_type": "497", "filed_date": "2006-12-21",
                        "document_name": "dec20.txt", "series": [], "classes": []}


def test_parse_prints_what_would_be_loaded_as_json_without_a_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = pmdw("parse", str(SEED))
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["metadata"]["accession_number"] == "0000908737-06-000882"
    assert len(document["parsed"]["accounts"]) == 6
    assert document["parsed"]["accounts"][0]["total_assets_usd"] == "15700000000.0"
    assert [f["check_name"] for f in document["findings"]] == ["performance_fee_assets_exceed_total"]
    assert list(tmp_path.iterdir()) == []  # no warehouse file was created


def test_query_prints_a_table_or_csv(warehouse_url):
    pmdw("load", str(SEED), "--db", warehouse_url)
    table = pmdw("query", "managers_owning_none", "--db", warehouse_url)
    assert table.exit_code == 0
    assert "E. Clifton Hoover, Jr." in table.output and "none" in table.output
    csv = pmdw("query", "manager_accounts", "--csv", "--db", warehouse_url)
    header, *lines = csv.output.strip().splitlines()
    assert header.startswith("accession_number,cik,registrant,form_type,filed_date,fund")
    assert len(lines) == 6


def test_query_runs_a_sql_file_given_by_path(warehouse_url, tmp_path):
    pmdw("load", str(SEED), "--db", warehouse_url)
    query_file = tmp_path / "mine.sql"
    query_file.write_text("SELECT COUNT(*) AS n FROM managers")
    result = pmdw("query", str(query_file), "--csv", "--db", warehouse_url)
    assert result.output.splitlines() == ["n", "2"]


def test_query_on_a_missing_warehouse_or_unknown_name_exits_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'absent.sqlite'}"
    assert pmdw("query", "manager_accounts", "--db", url).exit_code == 2
    pmdw("load", str(SEED), "--db", url)
    unknown = pmdw("query", "no_such_query", "--db", url)
    assert unknown.exit_code == 2 and "largest_other_accounts" in unknown.output


def test_db_commands_upgrade_downgrade_and_report_current(warehouse_url):
    head = db.head_revision()
    previous = ScriptDirectory.from_config(db.alembic_config()).get_revision(head).down_revision
    assert f"schema at {head}" in pmdw("db", "upgrade", "--db", warehouse_url).output
    assert f"schema at {previous}" in pmdw("db", "downgrade", "--db", warehouse_url).output
    assert "base" in pmdw("db", "downgrade", "base", "--db", warehouse_url).output
    pmdw("db", "upgrade", "--db", warehouse_url)
    current = pmdw("db", "current", "--db", warehouse_url).output
    assert f"current: {head}" in current and f"head:    {head}" in current


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path,command", list(_commands(main)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_and_is_in_the_readme(path, command):
    assert command.help, f"pmdw {' '.join(path)} has no help text"
    assert pmdw(*path, "--help").exit_code == 0
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert f"pmdw {' '.join(path)}" in readme


def test_console_script_runs_the_quick_start_load(tmp_path):
    """The installed `pmdw` program, as a user runs it: a real process, no terminal."""
    executable = Path(sys.executable).with_name("pmdw")
    result = subprocess.run([str(executable), "load", str(SEED)], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PMDW_DATABASE_URL": ""}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 loaded" in result.stdout
    assert f"pmdw: loaded: {SEED}" in result.stderr  # plain log lines when not on a terminal
    assert (tmp_path / "pmdw.sqlite").exists()


@pytest.mark.parametrize("statement", [
    "WITH d AS (SELECT 1) DELETE FROM filings",
    "DROP TABLE share_classes",
    "CREATE TABLE intruder (x INTEGER)",
    "UPDATE managers SET full_name = 'someone else'",
])
def test_query_cannot_change_the_warehouse(warehouse_url, tmp_path, statement):
    pmdw("load", str(SEED), "--db", warehouse_url)
    before = pmdw("query", "latest_disclosures", "--csv", "--db", warehouse_url).output
    query_file = tmp_path / "change.sql"
    query_file.write_text(statement)
    result = pmdw("query", str(query_file), "--db", warehouse_url)
    assert result.exit_code == 2
    assert "the database refused the query" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert pmdw("query", "latest_disclosures", "--csv", "--db", warehouse_url).output == before
    assert "intruder" not in pmdw("query", "load_health", "--db", warehouse_url).output


def test_query_on_sqlite_cannot_write_files_elsewhere(tmp_path):
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    pmdw("load", str(SEED), "--db", url)
    for statement in (f"VACUUM INTO '{tmp_path / 'copy.sqlite'}'", f"ATTACH '{tmp_path / 'other.sqlite'}' AS other"):
        query_file = tmp_path / "escape.sql"
        query_file.write_text(statement)
        assert pmdw("query", str(query_file), "--db", url).exit_code == 2
    assert not (tmp_path / "copy.sqlite").exists() and not (tmp_path / "other.sqlite").exists()


def test_query_runs_sql_files_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    pmdw("load", str(SEED), "--db", url)
    not_sql = tmp_path / "notes.txt"
    not_sql.write_text("SELECT 1 AS secret")
    result = pmdw("query", str(not_sql), "--db", url)
    assert result.exit_code == 2 and "not a .sql file" in result.output and "secret" not in result.output
