"""The limits' one vocabulary: the README's table is the code's, and a limit set on the command
line or in PMDW_LIMITS reaches the stage that enforces it."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from etl.cli import main
from etl.limits import Limits, from_environment, markdown_table
from tests.conftest import REPO_ROOT, SEED


def test_the_readme_lists_every_limit_as_the_code_defines_it():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- limits table: python -m etl.limits -->\n(.*?)\n<!-- end of limits table -->", readme, re.S)
    assert table is not None and table.group(1) == markdown_table()


def test_the_command_line_wins_over_the_environment_which_wins_over_the_defaults():
    environ = {"PMDW_LIMITS": "table-rows=10, document-seconds=2m"}
    limits = from_environment(["table-rows=20"], environ)
    assert (limits.table_rows, limits.document_seconds) == (20, 120.0)
    assert limits.file_bytes == Limits().file_bytes


def test_a_lowered_limit_reaches_the_parser_and_names_itself_in_the_reason(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(SEED), "--limit", "document-bytes=1000"])
    assert result.exit_code == 1, result.output
    assert "over the document-bytes limit; raise it with --limit document-bytes=SIZE" in json.loads(
        result.output)["rejection"]


def test_an_unknown_limit_or_a_bad_value_is_a_usage_error_naming_it():
    unknown = CliRunner().invoke(main, ["parse", str(SEED), "--limit", "speed=3"])
    assert unknown.exit_code == 2 and "unknown limit 'speed'" in unknown.output
    negative = CliRunner().invoke(main, ["parse", str(SEED), "--limit", "table-rows=-1"])
    assert negative.exit_code == 2 and "must be a positive number" in negative.output
