"""Large documents built at test time from the labeled corpus: a registration statement of
several MB whose portfolio-manager section is a small part, wrapped in an EDGAR complete
submission file. Built, not stored, so the repository stays small."""

from __future__ import annotations

import binascii
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

_FILLER_PARAGRAPH = (
    "<p style=\"margin:0pt;font-family:'Times New Roman';font-size:10pt\">The Fund may invest in "
    "{topic}. Investments of this kind carry risks that are described in this section, including "
    "the risk that the issuer cannot meet its obligations, that prices fall when interest rates "
    "rise, and that a security cannot be sold at the price the Fund values it at. Section {n}.</p>\n"
)
_FILLER_TABLE = (
    "<table style=\"width:100%\"><tr><td>Fiscal Year</td><td>Portfolio Turnover</td><td>Brokerage "
    "Commissions</td></tr><tr><td>20{y}</td><td>{n}%</td><td>${n},{n:03d}</td></tr></table>\n"
)
_TRUSTEE_TABLE = """
<p style="margin:0pt">Trustees' Ownership of Fund Shares. As of December 31, 2023, the Trustees
owned shares of the Fund and of all funds overseen by them in the Fund complex as follows:</p>
<table style="width:100%">
<tr><td>Name of Trustee</td><td>Dollar Range of Equity Securities in the Fund</td>
<td>Aggregate Dollar Range of Equity Securities in All Funds Overseen by Trustee</td></tr>
<tr><td>Marguerite D. Ellsworth</td><td>$10,001-$50,000</td><td>Over $100,000</td></tr>
<tr><td>Tobias R. Fenwick</td><td>None</td><td>$50,001-$100,000</td></tr>
<tr><td>Ingrid L. Haldane</td><td>Over $100,000</td><td>Over $100,000</td></tr>
</table>
"""
TRUSTEES = ("Marguerite D. Ellsworth", "Tobias R. Fenwick", "Ingrid L. Haldane")


def registration_statement(disclosure: str = "h3-inline-xbrl-wrapper.htm", megabytes: float = 4.0) -> str:
    """An HTML SAI of about ``megabytes`` MB: filler sections and tables, a trustees' ownership
    table, and the portfolio-manager section of one corpus document."""
    source = (CORPUS / disclosure).read_text()
    body = re.search(r"<body[^>]*>(.*)</body>", source, re.S | re.I).group(1)
    topics = ["mortgage-backed securities", "municipal obligations", "repurchase agreements",
              "foreign currencies", "options and futures", "when-issued securities"]
    parts, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        chunk = _FILLER_PARAGRAPH.format(topic=topics[n % len(topics)], n=n)
        if n % 40 == 0:
            chunk += _FILLER_TABLE.format(y=10 + n % 14, n=n % 1000)
        parts.append(chunk)
        size += len(chunk)
        n += 1
    half = len(parts) // 2
    return ("<html><head><title>Statement of Additional Information</title></head><body>\n"
            + "".join(parts[:half]) + _TRUSTEE_TABLE + body + "".join(parts[half:]) + "</body></html>\n")


def _uuencoded_graphic() -> str:
    data = bytes(range(256)) * 4
    lines = [binascii.b2a_uu(data[i:i + 45]).decode("ascii") for i in range(0, len(data), 45)]
    return "begin 644 logo.jpg\n" + "".join(lines) + "`\nend\n"


def complete_submission(document: str, *, accession: str = "0001193125-24-123456", cik: int = 1099999,
                        form_type: str = "485BPOS", filed: str = "20240415") -> str:
    """An EDGAR complete submission file holding ``document``, a cover letter and a graphic."""
    return f"""<SEC-DOCUMENT>{accession}.txt : {filed}
<SEC-HEADER>{accession}.hdr.sgml : {filed}
ACCESSION NUMBER:\t\t{accession}
CONFORMED SUBMISSION TYPE:\t{form_type}
PUBLIC DOCUMENT COUNT:\t\t3
FILED AS OF DATE:\t\t{filed}

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tHARBORLINE FUNDS TRUST
\t\tCENTRAL INDEX KEY:\t\t\t{cik:010d}

<SERIES-AND-CLASSES-CONTRACTS-DATA>
<EXISTING-SERIES-AND-CLASSES-CONTRACTS>
<SERIES>
<OWNER-CIK>{cik:010d}
<SERIES-ID>S000012345
<SERIES-NAME>Harborline Core Plus Bond Fund
<CLASS-CONTRACT>
<CLASS-CONTRACT-ID>C000033333
<CLASS-CONTRACT-NAME>Institutional Class
<CLASS-CONTRACT-TICKER-SYMBOL>HLCPX
</CLASS-CONTRACT>
</SERIES>
</EXISTING-SERIES-AND-CLASSES-CONTRACTS>
</SERIES-AND-CLASSES-CONTRACTS-DATA>
</SEC-HEADER>
<DOCUMENT>
<TYPE>{form_type}
<SEQUENCE>1
<FILENAME>d123456d485bpos.htm
<DESCRIPTION>HARBORLINE FUNDS TRUST
<TEXT>
{document}</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>CORRESP
<SEQUENCE>2
<FILENAME>filename2.htm
<TEXT>
<html><body><p>Ladies and Gentlemen: the Trust hereby files Post-Effective Amendment No. 88.</p></body></html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>GRAPHIC
<SEQUENCE>3
<FILENAME>logo.jpg
<TEXT>
{_uuencoded_graphic()}</TEXT>
</DOCUMENT>
</SEC-DOCUMENT>
"""
