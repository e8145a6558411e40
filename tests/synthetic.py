"""Large documents built at test time from the labeled corpus: a registration statement of
several MB whose portfolio-manager section is a small part, wrapped in an EDGAR complete
submission file. Built, not stored, so the repository stays small."""

from __future__ import annotations

import binascii
import random
import re
import textwrap
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

TOPICS = (
    "mortgage-backed securities", "municipal obligations", "repurchase agreements",
    "foreign currencies", "options and futures", "when-issued securities", "convertible bonds",
    "real estate investment trusts", "emerging market debt", "swap agreements",
)
_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(r"</(?:p|div|h[1-6]|center)\s*>", re.IGNORECASE)
TITLE_BLOCKS = 6  # paragraphs (HTML) or lines (text) of a document's title block

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
    filler = html_filler(random.Random(0), int(megabytes * 1_000_000))
    half = filler.find("<p", len(filler) // 2)
    return ("<html><head><title>Statement of Additional Information</title></head><body>\n"
            + filler[:half] + _TRUSTEE_TABLE + body + filler[half:] + "</body></html>\n")


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


# --- filler: the front matter of a filing, around a disclosure ----------------------------------------------------------------------------------

def html_filler(rng: random.Random, size: int) -> str:
    """Risk-disclosure paragraphs with a turnover table every 40 paragraphs and a fee table
    every 150, as in an SAI's front matter."""
    parts, written, n = [], 0, rng.randrange(1000)
    while written < size:
        chunk = (
            "<p style=\"margin:0pt;font-family:'Times New Roman';font-size:10pt\">The Fund may invest "
            f"in {TOPICS[n % len(TOPICS)]}. Investments of this kind carry risks that are described "
            "in this section, including the risk that the issuer cannot meet its obligations, that "
            "prices fall when interest rates rise, and that a security cannot be sold at the price "
            f"the Fund values it at. Section {n}.</p>\n"
        )
        if n % 40 == 0:
            chunk += (
                "<table style=\"width:100%\"><tr><td>Fiscal Year</td><td>Portfolio Turnover</td>"
                "<td>Brokerage Commissions</td></tr>"
                f"<tr><td>20{10 + n % 14}</td><td>{n % 300}%</td><td>${n % 1000},{n % 997:03d}</td></tr>"
                "</table>\n"
            )
        if n % 150 == 0:
            rows = "".join(
                f"<tr><td>Class {share_class}</td><td>{rng.uniform(0.1, 1.5):.2f}%</td>"
                f"<td>{rng.uniform(0, 1):.2f}%</td><td>{rng.uniform(0.2, 2.5):.2f}%</td></tr>"
                for share_class in "ACIRY"
            )
            chunk += (
                "<table style=\"width:100%\"><tr><td>Share Class</td><td>Management Fee</td>"
                f"<td>Distribution (12b-1) Fee</td><td>Total Annual Operating Expenses</td></tr>{rows}</table>\n"
            )
        parts.append(chunk)
        written += len(chunk)
        n += 1
    return "".join(parts)


def text_filler(rng: random.Random, size: int) -> str:
    """The same front matter as fixed-width text, with SGML tables."""
    parts, written, n = [], 0, rng.randrange(1000)
    while written < size:
        prose = (
            f"The Fund may invest in {TOPICS[n % len(TOPICS)]}. Investments of this kind carry "
            "risks that are described in this section, including the risk that the issuer cannot "
            "meet its obligations, that prices fall when interest rates rise, and that a security "
            f"cannot be sold at the price the Fund values it at. Section {n}."
        )
        chunk = textwrap.fill(prose, width=78, initial_indent="     ") + "\n\n"
        if n % 40 == 0:
            chunk += (
                "<TABLE>\n<CAPTION>\n"
                "                        FISCAL YEAR    PORTFOLIO TURNOVER    BROKERAGE COMMISSIONS\n"
                "<S>                     <C>            <C>                   <C>\n"
                f"                          20{10 + n % 14}            {n % 300:>3}%               "
                f"${n % 1000},{n % 997:03d}\n</TABLE>\n\n"
            )
        parts.append(chunk)
        written += len(chunk)
        n += 1
    return "".join(parts)


def _title_block_end_html(html: str) -> int:
    """Where an HTML document's title block ends: after its first few paragraphs, before its
    first table (the front matter of a real filing follows its cover, not the reverse)."""
    opening = _BODY_OPEN.search(html)
    start = opening.end() if opening else 0
    first_table = _TABLE_OPEN.search(html, start)
    limit = first_table.start() if first_table else len(html)
    ends = [match.end() for match in _BLOCK_CLOSE.finditer(html, start, limit)]
    return ends[min(TITLE_BLOCKS, len(ends)) - 1] if ends else start


def padded_html(html: str, filler: str) -> str:
    """The filler's first half after the title block, its second half right before </body>."""
    half = filler.find("<p", len(filler) // 2)
    half = len(filler) if half < 0 else half
    cut = _title_block_end_html(html)
    closings = list(_BODY_CLOSE.finditer(html))
    end = closings[-1].start() if closings else len(html)
    return html[:cut] + "\n" + filler[:half] + html[cut:end] + filler[half:] + html[end:]


def _title_block_end_text(lines: list[str]) -> int:
    """The first blank line after the title block (TITLE_BLOCKS lines), before any table."""
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().upper().startswith("<TABLE")),
                       len(lines))
    blanks = [i for i, line in enumerate(lines[:first_table]) if not line.strip()]
    after_title = [i for i in blanks if i >= TITLE_BLOCKS]
    return (after_title or blanks or [0])[0]


def padded_text(text: str, filler: str) -> str:
    """The filler's first half after the title block, its second half at the end."""
    half = filler.find("\n\n", len(filler) // 2)
    half = len(filler) if half < 0 else half + 2
    lines = text.splitlines(keepends=True)
    cut = _title_block_end_text(lines)
    return "".join(lines[:cut]) + "\n" + filler[:half] + "".join(lines[cut:]) + "\n" + filler[half:]
