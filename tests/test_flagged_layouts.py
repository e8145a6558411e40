"""Layouts the reader does not read yet must be flagged, never loaded silently wrong.

`tests/flagged/` holds labeled documents (written for this project, like `tests/corpus/`) in
layouts the parser still misreads: a manager's name, role and firm wrapped over three lines of a
text table, a "$" column of its own in a text table, a team and its fund wrapped in a text
table, a text table with "Name(1): Fund" rows. Each must
miss something (when one reads back exactly, it belongs in `tests/corpus/`), and none may carry a
wrong or missing value without a finding about its table or section.
"""

from pathlib import Path

import pytest

from etl.evaluate import evaluate_directory, labeled_documents

FLAGGED = Path(__file__).parent / "flagged"


def test_every_flagged_layout_is_flagged_not_silent():
    evaluation = evaluate_directory(FLAGGED)
    assert evaluation.documents == len(labeled_documents(FLAGGED)) >= 4
    assert evaluation.silent_wrong == 0 and evaluation.silent_missing == 0, evaluation.silent


@pytest.mark.parametrize("document", [d.name for d, _ in labeled_documents(FLAGGED)])
def test_a_flagged_layout_is_still_misread(document, tmp_path):
    """When this fails the parser has learned the layout: move the fixture to tests/corpus/."""
    for path in FLAGGED.glob(document.rsplit(".", 1)[0] + ".*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert evaluate_directory(tmp_path).misses
