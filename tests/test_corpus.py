"""The labeled corpus in tests/corpus is extracted at 100% precision and recall."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from etl.cli import main
from etl.evaluate import evaluate_directory, labeled_documents

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_corpus_is_extracted_perfectly():
    evaluation = evaluate_directory(CORPUS)
    assert evaluation.documents == len(labeled_documents(CORPUS))
    assert evaluation.misses == []
    assert all(s.precision == 1 and s.recall == 1 for s in evaluation.scores.values())


def test_eval_command_prints_scores_and_exits_0_on_the_corpus():
    result = CliRunner().invoke(main, ["eval", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "accounts.total_assets_usd" in result.output and "misses: none" in result.output


def test_eval_command_lists_misses_and_exits_1(tmp_path):
    source = CORPUS / "seed-dreman-two-block.txt"
    (tmp_path / "doc.txt").write_bytes(source.read_bytes())
    expected = (CORPUS / "seed-dreman-two-block.expected.json").read_text()
    (tmp_path / "doc.expected.json").write_text(expected.replace('"num_accounts": 114', '"num_accounts": 115'))
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert ("doc.txt: accounts David Dreman / other_accounts / Dreman Small-Cap Value Portfolio: "
            "num_accounts expected 115, extracted 114") \
        in result.output
