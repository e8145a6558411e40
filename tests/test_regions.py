"""Parsing only the disclosure regions gives what parsing the whole document gives."""

from __future__ import annotations

import random

import pytest

from etl.extract import read_documents
from etl.parse import parse_document
from etl.parse.regions import GAP_TEXT, disclosure_regions, focus, focused
from tests.synthetic import (
    CORPUS,
    complete_submission,
    html_filler,
    padded_html,
    padded_text,
    registration_statement,
    text_filler,
)

FIXTURES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".htm", ".html", ".txt"))
FILLER_CHARS = 600_000


def _documents(path):
    return [d for d in read_documents(path) if d.text.strip()]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_padded_with_filler_parses_the_same_from_its_regions(fixture):
    for document in _documents(fixture):
        rng = random.Random(fixture.name)
        if document.is_html:
            padded = padded_html(document.text, html_filler(rng, FILLER_CHARS))
        else:
            padded = padded_text(document.text, text_filler(rng, FILLER_CHARS))
        focused = focus(padded, is_html=document.is_html)
        assert focused.count("\n") == padded.count("\n")  # line numbers are kept
        assert len(focused) < 0.4 * len(padded), "the filler should be left out"
        whole = parse_document(padded, is_html=document.is_html, whole=True)
        assert parse_document(padded, is_html=document.is_html) == whole


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_as_it_is_parses_the_same_from_its_regions(fixture):
    for document in _documents(fixture):
        whole = parse_document(document.text, is_html=document.is_html, whole=True)
        assert parse_document(document.text, is_html=document.is_html) == whole


def test_a_registration_statement_is_parsed_from_a_small_part_of_it():
    statement = registration_statement(megabytes=3.0)
    regions = disclosure_regions(statement, is_html=True)
    assert sum(end - start for start, end in regions) < 0.1 * len(statement)
    parsed = parse_document(statement, is_html=True)
    assert parsed.accounts and parsed == parse_document(statement, is_html=True, whole=True)


def test_a_disclosure_inside_a_complete_submission_file_reads_the_same(tmp_path):
    path = tmp_path / "0001193125-24-123456.txt"
    path.write_text(complete_submission(registration_statement(megabytes=1.0)))
    document = max(read_documents(path), key=lambda d: len(d.text))  # the 485BPOS
    assert parse_document(document.text, is_html=True) == \
        parse_document(document.text, is_html=True, whole=True)


def test_a_table_is_never_cut_in_two():
    rows = "".join(f"<tr><td>row {n}</td><td>{n}</td></tr>" for n in range(3000))
    text = "<p>Title</p>" + "<p>filler</p>" * 5000 + f"<table>{rows}</table>" + \
        "<p>Other Pooled Investment Vehicles</p>"
    start = text.index("<table>")
    for region_start, region_end in disclosure_regions(text, is_html=True):
        assert not region_start < start < region_end or region_end >= text.index("</table>")
        assert not (start < region_start < text.index("</table>"))


_ADVISERS_HTML = (  # (introduction, the adviser's name as read): quotes, entities, tags inside words
    (('<p>Harbor Crest Advisors LLC (&#8220;Harbor Crest&#8221;), 40 Wharf Street, Boston, MA 02110, '
      'is the investment <i>adviser</i> to the Fund.</p>'), "Harbor Crest Advisors LLC"),
    (('<p style="margin:0">Quillon Asset Management, Inc. ("Quillon"),\n 9 Mill Lane, Austin, Texas, '
      'serves as the sub-<b>advis</b>er.</p>'), "Quillon Asset Management, Inc."),
    (("<div><font>Tarrow Partners LP (the \u201cSub-Adviser\u201d), 12 Pier Road, Miami, acts as an "
      "advisor to the Fund.</font></div>"), "Tarrow Partners LP"),
)
# a prospectus's short names that introduce no adviser: each left out
_OTHER_SHORT_NAMES = (('<p>Rights of accumulation ("ROA"), which entitle shareholders to discounts '
                       '(see the table below), are applied by your adviser.</p>'),
                      '<p>The Bank of Ruddock ("Ruddock"), 8 Sloane Place, provides custody services.</p>')


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_adviser_introduced_far_from_the_disclosure_is_read_as_in_the_whole(where):
    """Advisers are read from any paragraph of the document, so their introduction is kept
    wherever it stands; the other short names of a prospectus are not."""
    fixture = next(d for d in read_documents(CORPUS / "h1-in-thousands.htm") if d.text.strip()).text
    rng = random.Random(where)
    far = html_filler(rng, 300_000) + "".join(i for i, _ in _ADVISERS_HTML) + html_filler(rng, 20_000) + \
        "".join(_OTHER_SHORT_NAMES) + html_filler(rng, 300_000)
    rest = html_filler(rng, 700_000)  # the disclosure stands in the middle of the filler
    padded = padded_html(fixture, far + rest if where == "before" else rest + far)
    parsed = parse_document(padded, is_html=True)
    assert parsed.accounts and parsed == parse_document(padded, is_html=True, whole=True)
    assert {name for _, name in _ADVISERS_HTML} <= {a.name for a in parsed.advisers}
    kept = focus(padded, is_html=True)
    assert all(other not in kept for other in _OTHER_SHORT_NAMES)
    assert len(kept) < 0.2 * len(padded)


_INTRODUCTION = ('Quay Partners LLC (the &#8220;Adviser&#8221;), 1 Pier Road, Boston, serves as investment '
                 '<i>adviser</i> to the registered investment companies listed below.')
# (a table holding the introduction, whether the parser reads it as paragraphs)
_INTRODUCTIONS_IN_TABLES = (
    ((f"<table><tr><td>Item 31.</td><td>Business of the Adviser.</td></tr><tr><td></td><td>{_INTRODUCTION}</td></tr>"
     "<tr><td>Item 32.</td><td>Principal Underwriters.</td></tr></table>"), False),  # a list of exhibits: a grid
    ((f"<table><tr><td>Name</td><td>Role</td><td>Notes</td></tr><tr><td>Quay</td><td>Adviser</td>"
     f"<td>{_INTRODUCTION}</td></tr></table>"), False),
    (f"<table><tr><td></td><td>{_INTRODUCTION}</td></tr><tr><td>(b)</td><td>Custody.</td></tr></table>", True),
    (f"<table><tr><td><p>{_INTRODUCTION}</p></td></tr></table>", True),  # a boxed text
    ((f"<table><tr><td>Item 31.</td><td><p>{_INTRODUCTION}</p><table><tr><td>x</td><td>y</td></tr></table>"
     "</td></tr></table>"), True),  # a layout table: its blocks are paragraphs
)


@pytest.mark.parametrize("index", range(len(_INTRODUCTIONS_IN_TABLES)))
def test_an_adviser_introduced_in_a_table_far_from_the_disclosure_reads_as_in_the_whole(index):
    """An introduction in a table the parser reads as a grid is read by no one (advisers are
    read from paragraphs), so it keeps nothing; one in a table read as paragraphs is kept."""
    table, read = _INTRODUCTIONS_IN_TABLES[index]
    fixture = next(d for d in read_documents(CORPUS / "h1-in-thousands.htm") if d.text.strip()).text
    rng = random.Random(index)
    padded = padded_html(fixture, html_filler(rng, 700_000) + table + html_filler(rng, 300_000))
    parsed = parse_document(padded, is_html=True)
    assert parsed.accounts and parsed == parse_document(padded, is_html=True, whole=True)
    assert ("Quay Partners LLC" in {a.name for a in parsed.advisers}) is read
    assert ("1 Pier Road" in focus(padded, is_html=True)) is read


def test_an_adviser_introduced_far_from_the_disclosure_of_a_text_document_is_read():
    fixture = next(d for d in read_documents(CORPUS / "r9-units-text-adviser-billions-trap.txt") if d.text.strip()).text
    rng = random.Random(7)
    introduction = ('Harbor Crest Advisors LLC ("Harbor Crest"), 40 Wharf Street, Boston, MA 02110,\n'
                    "is the investment adviser to the Fund.")
    padded = text_filler(rng, 300_000) + "\n\n" + introduction + "\n\n" + padded_text(fixture, text_filler(rng, 300_000))
    parsed = parse_document(padded, is_html=False)
    assert parsed.accounts and parsed == parse_document(padded, is_html=False, whole=True)
    assert "Harbor Crest Advisors LLC" in {a.name for a in parsed.advisers}


def test_a_document_that_prints_a_gap_marker_is_not_misread():
    """A gap left out is one marker paragraph in the focused text, put back as the neutral
    paragraphs it stands for; a document printing the marker's own words beside its disclosure
    keeps them as its own paragraph."""
    fixture = next(d for d in read_documents(CORPUS / "h1-in-thousands.htm") if d.text.strip()).text
    own = f"<p>{GAP_TEXT} pmdw-gap:61</p>"
    padded = padded_html(fixture.replace("</table>", "</table>" + own, 1), html_filler(random.Random(3), 600_000))
    parsed = parse_document(padded, is_html=True)
    assert parsed.accounts and parsed == parse_document(padded, is_html=True, whole=True)
    text, tag = focused(padded, is_html=True)
    assert tag != "pmdw-gap:" and own in text


# looks like an other-accounts table (the first test says may: "No" may begin a figure, and the scan's
# shortcut says yes) but gives no figures when parsed
_LOOKALIKE = ("<table><tr><td></td><td>Number of Accounts</td><td>Total Assets</td></tr>"
              "<tr><td>Registered Investment Companies</td><td>No figures here</td><td>See below</td></tr>"
              "<tr><td>Other Pooled Investment Vehicles</td><td>See below</td><td>See below</td></tr></table>")
_STATING = "<p>Ms. Ferrand managed 3 other pooled investment vehicles with $1.2 billion in assets.</p>"


def _filler(words: int) -> str:
    return "".join(f"<p>The prospectus describes fee {n} and its classes of shares.</p>\n" for n in range(words))


@pytest.mark.parametrize("with_figures", [False, True])
def test_the_shortcut_to_yes_only_keeps_more(with_figures, monkeypatch):
    """Alone, a wrong yes of the shortcut would stand in for the reach of every anchor (which a
    document without evidence keeps): it is then parsed after all, and the regions are those
    without the shortcut. Beside a place read in full it only keeps more."""
    stating = _STATING if with_figures else "<p>REITs are pooled vehicles that own real estate.</p>"
    text = "<p>Title</p>" + _filler(2_000) + _LOOKALIKE + _filler(2_000) + stating + _filler(2_000)
    regions = disclosure_regions(text, is_html=True)
    monkeypatch.setattr("etl.parse.evidence.certainly_gives_figures", lambda table_html: False)
    unread = disclosure_regions(text, is_html=True)
    kept = {at for start, end in regions for at in range(start, end, 97)}
    assert all(at in kept for start, end in unread for at in range(start, end, 97))
    assert (regions == unread) is not with_figures
