"""A fixture padded with prospectus text that uses the disclosure's own words (portfolio
managers with biographies, the manager's short name, fee tables, financial highlights, dealer
compensation, conflicts, trustees' compensation and ownership tables) before and after the
disclosure: parsing only the regions gives what parsing the whole gives, and the padded fixture
still gives exactly its labels."""

from __future__ import annotations

import random
import shutil

import pytest

from etl.evaluate import evaluate_directory
from etl.extract import read_documents
from etl.parse import parse_document
from etl.parse.regions import disclosure_regions
from tests.prospectus import prospectus_html, prospectus_text
from tests.synthetic import (
    _BODY_CLOSE,
    _BODY_OPEN,
    CORPUS,
    html_filler,
    text_filler,
)

FIXTURES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".htm", ".html", ".txt"))
FILLER_CHARS = 120_000


def _padded_html(html: str, rng: random.Random) -> str:
    before, after = prospectus_html()
    filler = html_filler(rng, FILLER_CHARS)
    quarter = [filler.find("<p", len(filler) * k // 4) for k in (1, 2, 3)]
    opening = _BODY_OPEN.search(html)
    cut = opening.end() if opening else 0
    closings = list(_BODY_CLOSE.finditer(html))
    end = closings[-1].start() if closings else len(html)
    return (html[:cut] + "\n" + filler[:quarter[0]] + before + filler[quarter[0]:quarter[1]]
            + html[cut:end] + filler[quarter[1]:quarter[2]] + after + filler[quarter[2]:] + html[end:])


def _padded_text(text: str, rng: random.Random) -> str:
    before, after = prospectus_text()
    filler = text_filler(rng, FILLER_CHARS)
    quarter = [filler.find("\n\n", len(filler) * k // 4) + 2 for k in (1, 2, 3)]
    lines = text.splitlines(keepends=True)
    cut = 0
    return ("".join(lines[:cut]) + "\n" + filler[:quarter[0]] + before + filler[quarter[0]:quarter[1]]
            + "".join(lines[cut:]) + "\n" + filler[quarter[1]:quarter[2]] + after + filler[quarter[2]:])


def _padded(path, tmp_path):
    """The fixture padded (beside a copy of its labels in tmp_path), or None when it is a
    submission file (one padded document at a time is what this test reads)."""
    documents = [d for d in read_documents(path) if d.text.strip()]
    if len(documents) != 1:
        return None
    document = documents[0]
    rng = random.Random(path.name)
    text = _padded_html(document.text, rng) if document.is_html else _padded_text(document.text, rng)
    target = tmp_path / path.name
    target.write_text(text)
    shutil.copy(path.with_name(path.stem + ".expected.json"), tmp_path)
    return document.is_html, text


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_padded_with_a_prospectus_the_regions_parse_as_the_whole(fixture, tmp_path):
    padded = _padded(fixture, tmp_path)
    if padded is None:
        pytest.skip("a submission file of several documents")
    is_html, text = padded
    whole = parse_document(text, is_html=is_html, whole=True)
    assert parse_document(text, is_html=is_html) == whole


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_padded_with_a_prospectus_the_fixture_gives_its_labels(fixture, tmp_path):
    if _padded(fixture, tmp_path) is None:
        pytest.skip("a submission file of several documents")
    evaluation = evaluate_directory(tmp_path)
    assert evaluation.misses == []


def test_a_prospectus_that_says_manager_on_every_page_is_left_out():
    """The words every page of a prospectus uses ("the Manager", "accounts", "compensation")
    are kept only near the disclosure's own words: a 1 MB prospectus around the disclosure is
    mostly left out, and the regions parse as the whole."""
    source = (CORPUS / "h3-inline-xbrl-wrapper.htm").read_text()
    manager_page = "".join(
        f"<p>The Manager may change the Fund's investments in {topic} at any time; accounts held by "
        f"the Manager's affiliates pay no added compensation for them. Section {n}.</p>\n"
        for n, topic in enumerate(("bonds", "notes", "loans", "swaps", "futures") * 1300))
    before, after = prospectus_html()
    opening = _BODY_OPEN.search(source)
    closing = list(_BODY_CLOSE.finditer(source))[-1]
    half = manager_page.find("<p", len(manager_page) // 2)
    text = (source[:opening.end()] + manager_page[:half] + before + source[opening.end():closing.start()]
            + after + manager_page[half:] + source[closing.start():])
    kept = sum(end - start for start, end in disclosure_regions(text, is_html=True))
    assert kept < 0.25 * len(text)
    whole = parse_document(text, is_html=True, whole=True)
    assert whole.accounts and parse_document(text, is_html=True) == whole


_ABBREVIATED = """<p><b>The Team and Its Further Mandates</b></p>
<p>The table below shows, as of June 30, 2024, the number of accounts each team member manages
and their assets (in millions).</p>
<table>
<tr><td>Team Member</td><td>Type</td><td>Number of Accounts</td><td>Total Assets</td></tr>
<tr><td>Rosalind T. Achterberg</td><td>RICs</td><td>4</td><td>$1,210.5</td></tr>
<tr><td></td><td>Commingled Funds</td><td>2</td><td>$310.0</td></tr>
<tr><td></td><td>Other Accts</td><td>11</td><td>$97.3</td></tr>
</table>
"""


def test_a_table_naming_its_categories_in_short_forms_is_found_in_a_long_prospectus():
    """Categories written short ("RICs", "Commingled Funds", "Other Accts") are the disclosure's
    own words too: the table is kept among a prospectus's megabyte of 'Manager' and 'accounts'."""
    manager_page = "".join(
        f"<p>The Manager may change the Fund's investments in {topic} at any time; accounts held by "
        f"the Manager's affiliates pay no added compensation for them. Section {n}.</p>\n"
        for n, topic in enumerate(("bonds", "notes", "loans", "swaps", "futures") * 1300))
    half = manager_page.find("<p", len(manager_page) // 2)
    text = ("<html><body><p>Statement of Additional Information</p>\n" + manager_page[:half]
            + _ABBREVIATED + manager_page[half:] + "</body></html>\n")
    kept = sum(end - start for start, end in disclosure_regions(text, is_html=True))
    assert kept < 0.25 * len(text)
    whole = parse_document(text, is_html=True, whole=True)
    assert len(whole.accounts) == 3 and parse_document(text, is_html=True) == whole
