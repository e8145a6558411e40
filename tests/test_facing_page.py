"""A registration statement's facing page names the registrant over the caption "(Exact Name of
Registrant as Specified in Charter)": read in every layout the caption comes in (table cells,
paragraphs, one cell with line breaks, plain text), not the agent for service or the amendment
lines around it."""

from __future__ import annotations

import pytest

from etl.parse import parse_document

_DISCLOSURE_HTML = """<p><b>Portfolio Managers</b></p>
<p>As of March 31, 2025, Corvina T. Ashgrove managed the following other accounts:</p>
<table>
<tr><td>Type of Account</td><td>Number of Accounts</td><td>Total Assets</td></tr>
<tr><td>Registered Investment Companies</td><td>3</td><td>$412 million</td></tr>
<tr><td>Other Pooled Investment Vehicles</td><td>1</td><td>$35 million</td></tr>
<tr><td>Other Accounts</td><td>6</td><td>$90 million</td></tr>
</table>
"""
_AGENT = "Perpetua L. Vantongeren, Esq., 12 Harrow Street, Dunmere, PA 19000"
_CAPTIONS = ("(Exact Name of Registrant as Specified in Charter)",
             "(Exact name of registrant as specified in its Declaration of Trust)",
             "(EXACT NAME OF REGISTRANT AS SPECIFIED IN CHARTER)")


# a name no title rule knows for a registrant's (it does not end in Trust, Funds, Inc.): only
# the caption says it is one
NAME = "WINDROW HILL VARIABLE INSURANCE PRODUCTS"
SHOWN = "Windrow Hill Variable Insurance Products"


def _table_page(caption: str) -> str:
    return (f"<table><tr><td>REGISTRATION STATEMENT UNDER THE INVESTMENT COMPANY ACT OF 1940</td><td></td><td>/X/</td></tr>"
            f"<tr><td>Post-Effective Amendment No.</td><td>61</td><td>/X/</td></tr>"
            f"<tr><td>{NAME}</td><td></td><td></td></tr><tr><td>{caption}</td><td></td><td></td></tr>"
            f"<tr><td>{_AGENT}</td><td>(Name and Address of Agent for Service)</td><td></td></tr></table>")


def _paragraph_page(caption: str) -> str:
    return (f"<p>Amendment No. 61 /X/</p><p><b>{NAME}</b></p><p>{caption}</p>"
            f"<p>{_AGENT}</p><p>(Name and Address of Agent for Service)</p>")


def _one_cell_page(caption: str) -> str:
    return (f"<table><tr><td>Amendment No. 61 /X/<br>{NAME}<br>{caption}</td></tr>"
            f"<tr><td>{_AGENT}<br>(Name and Address of Agent for Service)</td></tr></table>")


def _html(page: str) -> str:
    return (f"<html><body><p>As filed with the Securities and Exchange Commission on April 28, 2025</p>"
            f"{page}<p>Statement of Additional Information of Windrow Hill Variable Insurance Products</p>"
            f"{_DISCLOSURE_HTML}</body></html>")


@pytest.mark.parametrize("caption", _CAPTIONS)
@pytest.mark.parametrize("page", [_table_page, _paragraph_page, _one_cell_page],
                         ids=["table-cells", "paragraphs", "one-cell"])
def test_the_facing_page_names_the_registrant_in_html(page, caption):
    text = _html(page(caption))
    parsed = parse_document(text, is_html=True)
    assert parsed.registrant == SHOWN
    assert len(parsed.accounts) == 3
    assert parse_document(text, is_html=True, whole=True) == parsed
    # "the Investment Company Act" is the statute, and "Amendment No. 61" no count of accounts:
    # the facing page is no other-accounts table, and raises no finding
    assert [s.span.line_start for s in parsed.sections if s.problems] == []


@pytest.mark.parametrize("caption", _CAPTIONS)
def test_the_facing_page_names_the_registrant_in_plain_text(caption):
    text = (f"    As filed with the Securities and Exchange Commission on April 28, 2025\n\n"
            f"    Post-Effective Amendment No. 61  /X/\n\n"
            f"                     {NAME}\n          {caption}\n\n"
            f"    {_AGENT}\n    (Name and Address of Agent for Service)\n\n"
            "Other accounts managed by Corvina T. Ashgrove as of March 31, 2025: 3 registered "
            "investment companies with $412 million in assets, 1 other pooled investment vehicle "
            "with $35 million and 6 other accounts with $90 million.\n")
    parsed = parse_document(text)
    assert parsed.registrant == SHOWN
    assert len(parsed.accounts) == 3


def test_without_the_caption_no_line_of_the_facing_page_is_taken_for_the_registrant():
    text = _html(_table_page("(Telephone Number)"))
    assert parse_document(text, is_html=True).registrant is None
