"""Parsing only the disclosure regions gives what parsing the whole document gives."""

from __future__ import annotations

import random

import pytest

from etl.extract import read_documents
from etl.parse import parse_document
from etl.parse.regions import disclosure_regions, focus
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
