"""pmdw eval: fields a label leaves out are not scored; totals; silent errors (wrong or missing
values that no finding flags), counted exactly on small labeled directories made here."""

from __future__ import annotations

import json
from importlib import import_module

import pytest

import etl.evaluate
from etl.evaluate import LabelError, evaluate_directory, load_expected

RIC, POOLED, OTHER = ("registered_investment_companies", "other_pooled_investment_vehicles",
                      "other_accounts")
LABELS = {RIC: "Registered Investment Companies", POOLED: "Other Pooled Investment Vehicles",
          OTHER: "Other Accounts"}
# (category, accounts, assets, performance-fee accounts, performance-fee assets) as printed
FIGURES = [(RIC, "3", "$1.2 billion", "0", "$0"), (POOLED, "1", "$45 million", "0", "$0"),
           (OTHER, "7", "$310 million", "1", "$20 million")]
VALUES = {RIC: (3, 1_200_000_000, 0, 0), POOLED: (1, 45_000_000, 0, 0), OTHER: (7, 310_000_000, 1, 20_000_000)}
DATED = "The following table shows, as of March 31, 2021, the other accounts managed by the portfolio manager."
UNDATED = "The following table shows the other accounts managed by the portfolio manager."
OWNERSHIP_PROSE = ("<p><b>Ownership of Fund Shares.</b> Information on the portfolio manager's ownership of "
                   "shares of the Fund is available on request.</p>")


def document(figures=FIGURES, lead_in=DATED, after="") -> str:
    cells = "".join(f"<tr><td>{LABELS[c]}</td>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>"
                    for c, *values in figures)
    return (
        "<html><body><p><b>Fernhollow Street Growth Fund</b></p><p><b>PORTFOLIO MANAGER</b></p>"
        f"<p><b>Other Accounts Managed.</b> {lead_in}</p><p><b>Harriet Q. Pemberton</b></p>"
        "<table><tr><td>Type of Account</td><td>Number of Accounts</td><td>Total Assets</td>"
        "<td>Number of Accounts Paying a Performance Fee</td><td>Total Assets Paying a Performance Fee</td></tr>"
        f"{cells}</table>{after}</body></html>")


def account_row(category, as_of="2021-03-31", **changes) -> dict:
    count, assets, perf_count, perf_assets = VALUES[category]
    row = {"manager": "Harriet Q. Pemberton", "category": category, "num_accounts": count,
           "total_assets_usd": assets, "perf_num_accounts": perf_count, "perf_total_assets_usd": perf_assets}
    if as_of != "left out":
        row["as_of_date"] = as_of
    return {**row, **changes}


def labeled(tmp_path, html: str, accounts: list[dict], ownership: list[dict] = (), name="doc"):
    (tmp_path / f"{name}.htm").write_text(html)
    (tmp_path / f"{name}.expected.json").write_text(json.dumps({"accounts": accounts, "ownership": list(ownership)}))
    return evaluate_directory(tmp_path)


def totals(evaluation) -> tuple:
    return (evaluation.right, evaluation.wrong, evaluation.missing, evaluation.extra,
            evaluation.silent_wrong, evaluation.silent_missing)


def test_a_fully_right_document(tmp_path):
    evaluation = labeled(tmp_path, document(), [account_row(c) for c in VALUES])
    assert evaluation.perfect
    assert totals(evaluation) == (15, 0, 0, 0, 0, 0)
    assert evaluation.silent == {}


def test_a_field_the_label_leaves_out_is_not_scored(tmp_path):
    """The document gives no date; the labels leave as_of_date out of two rows: those two are
    neither expected nor extracted, the third (labeled null) is scored and right."""
    rows = [account_row(RIC, as_of="left out"), account_row(POOLED, as_of="left out"), account_row(OTHER, as_of=None)]
    evaluation = labeled(tmp_path, document(lead_in=UNDATED), rows)
    score = evaluation.scores["accounts.as_of_date"]
    assert (score.expected, score.extracted, score.true_positives) == (1, 1, 1)
    assert evaluation.scores["accounts.num_accounts"].expected == 3
    assert evaluation.perfect
    assert totals(evaluation) == (13, 0, 0, 0, 0, 0)


def test_a_wrong_value_with_no_finding_is_silent(tmp_path):
    evaluation = labeled(tmp_path, document(), [account_row(RIC, num_accounts=4), account_row(POOLED),
                                                account_row(OTHER)])
    assert totals(evaluation) == (14, 1, 0, 0, 1, 0)
    assert evaluation.silent_errors == 1
    assert evaluation.silent == {"doc.htm": [
        "accounts Harriet Q. Pemberton / registered_investment_companies: num_accounts expected 4, extracted 3"]}


def test_a_wrong_value_in_a_row_a_finding_points_at_is_not_silent(tmp_path):
    """Performance-fee assets above the total: a warning with the row's span flags every value
    of that row."""
    figures = [FIGURES[0], FIGURES[1], (OTHER, "7", "$310 million", "1", "$400 million")]
    rows = [account_row(RIC), account_row(POOLED), account_row(OTHER, perf_total_assets_usd=20_000_000)]
    evaluation = labeled(tmp_path, document(figures), rows)
    assert totals(evaluation) == (14, 1, 0, 0, 0, 0)
    assert evaluation.silent == {} and not evaluation.perfect


def test_a_finding_about_a_managers_dates_flags_his_dates_only(tmp_path):
    """as_of_date_missing names the manager and the field: a missing date is not silent; a
    wrong count of the same manager still is."""
    rows = [account_row(RIC, num_accounts=4), account_row(POOLED), account_row(OTHER)]
    evaluation = labeled(tmp_path, document(lead_in=UNDATED), rows)
    assert totals(evaluation) == (11, 4, 0, 0, 1, 0)
    assert evaluation.silent == {"doc.htm": [
        "accounts Harriet Q. Pemberton / registered_investment_companies: num_accounts expected 4, extracted 3"]}


def test_a_missing_row_is_silent_unless_its_kind_of_section_has_a_finding(tmp_path):
    ownership = [{"manager": "Harriet Q. Pemberton", "range_low_usd": 0, "range_high_usd": 0}]
    extra_account = account_row(OTHER, manager="Osgood R. Villeneuve")
    rows = [account_row(c) for c in VALUES] + [extra_account]
    evaluation = labeled(tmp_path, document(after=OWNERSHIP_PROSE), rows, ownership)
    # an ownership section found and not read: the missing ownership values are flagged;
    # nothing is said about the accounts section: the missing account row is silent
    assert totals(evaluation) == (15, 0, 7, 0, 0, 5)
    assert evaluation.silent == {"doc.htm": [
        "accounts Osgood R. Villeneuve / other_accounts: not extracted (5 values)"]}


def test_a_missing_row_with_no_finding_at_all_is_silent(tmp_path):
    ownership = [{"manager": "Harriet Q. Pemberton", "range_low_usd": 0, "range_high_usd": 0,
                  "as_of_date": None}]
    evaluation = labeled(tmp_path, document(), [account_row(c) for c in VALUES], ownership)
    assert totals(evaluation) == (15, 0, 3, 0, 0, 3)
    assert evaluation.silent_errors == 3


def test_rows_extracted_but_not_expected_are_extra_values_not_silent_errors(tmp_path):
    evaluation = labeled(tmp_path, document(), [account_row(RIC), account_row(POOLED)])
    assert totals(evaluation) == (10, 0, 0, 5, 0, 0)
    assert evaluation.scores["accounts.num_accounts"].extracted == 3


def test_report_prints_totals_and_silent_errors_by_document(tmp_path):
    report = labeled(tmp_path, document(), [account_row(RIC, num_accounts=4), account_row(POOLED),
                                            account_row(OTHER)]).report()
    assert "values: 14 right, 1 wrong, 0 missing, 0 extra" in report
    assert "silent errors: 1 (1 wrong, 0 missing" in report
    assert report.endswith("silent errors by document:\n  doc.htm:\n    accounts Harriet Q. Pemberton / "
                           "registered_investment_companies: num_accounts expected 4, extracted 3")


def test_labels_need_manager_and_an_account_rows_category_but_not_fund(tmp_path):
    path = tmp_path / "x.expected.json"
    path.write_text(json.dumps({"accounts": [{"manager": "A B", "category": RIC}],
                                "ownership": [{"manager": "A B"}]}))
    assert load_expected(path)["accounts"][0] == {"manager": "A B", "category": RIC}
    for bad in ({"accounts": [{"manager": "A B"}], "ownership": []},
                {"accounts": [], "ownership": [{"fund": None}]},
                {"accounts": [{"manager": "A B", "category": "mutual funds"}], "ownership": []}):
        path.write_text(json.dumps(bad))
        with pytest.raises(LabelError):
            load_expected(path)


def test_rows_missing_from_a_table_that_could_not_be_read_are_not_silent(tmp_path, monkeypatch):
    """A table_not_read finding flags the rows missing from it (any kind: what the table held
    is unknown); so does a document the parser fails on whole (the loader quarantines it)."""
    def trips(grid, context):
        raise RuntimeError("invented")

    monkeypatch.setattr(import_module("etl.parse.assemble"), "read_accounts_grid", trips)
    ownership = [{"manager": "Harriet Q. Pemberton", "range_low_usd": 0, "range_high_usd": 0}]
    evaluation = labeled(tmp_path, document(), [account_row(c) for c in VALUES], ownership)
    assert totals(evaluation) == (0, 0, 17, 0, 0, 0)
    assert "doc.htm: accounts Harriet Q. Pemberton / other_accounts: not extracted" in evaluation.misses

    def fails(text, is_html):
        raise ValueError("invented")

    monkeypatch.setattr(etl.evaluate, "parse_document", fails)
    evaluation = evaluate_directory(tmp_path)
    assert totals(evaluation) == (0, 0, 17, 0, 0, 0)
    assert "doc.htm: parser error: ValueError: invented" in evaluation.misses


def test_eval_command_prints_totals_or_json(tmp_path):
    from click.testing import CliRunner

    from etl.cli import main

    labeled(tmp_path, document(), [account_row(RIC, num_accounts=4), account_row(POOLED), account_row(OTHER)])
    text = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert text.exit_code == 1 and "silent errors: 1 (1 wrong, 0 missing" in text.output
    as_json = CliRunner().invoke(main, ["eval", "--json", str(tmp_path)])
    result = json.loads(as_json.output)
    assert (result["right"], result["wrong"], result["silent_errors"]) == (14, 1, 1)
    assert list(result["silent"]) == ["doc.htm"]
