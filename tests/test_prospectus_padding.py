"""A fixture padded with prospectus text that uses the disclosure's own words (portfolio
managers with biographies, the manager's short name, fee tables, financial highlights, dealer
compensation, conflicts, trustees' compensation and ownership tables) before and after the
disclosure: parsing only the regions gives what parsing the whole gives, and the padded fixture
still gives exactly its labels."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from etl.evaluate import evaluate_directory
from etl.extract import read_documents
from etl.parse import parse_document, scope
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
    assert _funds(whole) <= _funds(_alone(fixture)) | {None}  # "Fund Accountants" names no fund


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


FAR = scope.BEFORE + scope.AFTER  # filler between the prospectus and the disclosure


def _far_html(html: str, rng: random.Random) -> str:
    before, after = prospectus_html()
    opening = _BODY_OPEN.search(html)
    cut = opening.end() if opening else 0
    closings = list(_BODY_CLOSE.finditer(html))
    end = closings[-1].start() if closings else len(html)
    return (html[:cut] + "\n" + before + html_filler(rng, FAR) + html[cut:end]
            + html_filler(rng, FAR) + after + html[end:])


def _far_text(text: str, rng: random.Random) -> str:
    before, after = prospectus_text()
    return "\n" + before + text_filler(rng, FAR) + text + "\n" + text_filler(rng, FAR) + after


_WHERE = ("span", "fund", "body")


def _alone(fixture):
    document = next(d for d in read_documents(fixture) if d.text.strip())
    return parse_document(document.text, is_html=document.is_html)


def _funds(parsed) -> set:
    return {row.fund for row in (*parsed.accounts, *parsed.ownership)}


def _facts(parsed) -> tuple:
    """What a document says, without where (the padding moves every line), which fund (the
    padding goes before the title block, whose fund a table may take) and the prose's bodies
    (a section last in the fixture runs on into the padding, up to its paragraph cap)."""
    def bare(rows):
        return sorted(str({k: v for k, v in vars(row).items() if k not in _WHERE}) for row in rows)
    return (bare(parsed.accounts), bare(parsed.ownership), bare(parsed.prose), bare(parsed.managers),
            sorted((p.name.key, p.why, p.excused) for p in parsed.named_managers),
            parsed.advisers and sorted(a.name for a in parsed.advisers),
            [re.sub(r"^lines \d+-\d+", "lines", note) for note in parsed.notes])  # a trustees' table's note


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_a_prospectus_beyond_the_reach_of_the_figures_adds_nothing(fixture):
    """Dealer compensation, a conflicts risk factor, the prospectus's own list of portfolio
    managers with biographies, the trustees' tables: read in a document that has figures only
    within reach of them (`etl.parse.scope`). Padded further away than that, the fixture says
    what it says alone, never names another fund, and the regions parse as the whole."""
    documents = [d for d in read_documents(fixture) if d.text.strip()]
    if len(documents) != 1:
        pytest.skip("a submission file of several documents")
    document = documents[0]
    alone = _alone(fixture)
    if not (alone.accounts or alone.ownership):
        pytest.skip("no figures: a document without them is read everywhere")
    rng = random.Random(fixture.name)
    text = _far_html(document.text, rng) if document.is_html else _far_text(document.text, rng)
    padded = parse_document(text, is_html=document.is_html)
    assert _facts(padded) == _facts(alone)
    assert _funds(padded) <= _funds(alone) | {None}
    for mine, theirs in zip(sorted(alone.prose, key=str), sorted(padded.prose, key=str)):
        assert theirs.body.startswith(mine.body)
    assert padded == parse_document(text, is_html=document.is_html, whole=True)
