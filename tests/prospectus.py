"""Prospectus text written for the tests (invented names, funds and figures): the parts of a
registration statement around an SAI's manager disclosure that use its words. A prospectus
"Portfolio Managers" paragraph naming the managers with biographies, the adviser introduced
with its short name, a fee table, financial highlights, dealer compensation, a conflicts risk
factor, and the trustees' tables (their compensation, and their ownership of fund shares in the
same dollar ranges as a manager ownership table). HTML and plain-text forms."""

from __future__ import annotations

import textwrap

_PM_BIOS = (
    ("Portfolio Managers",),
    ("Halvard P. Quennell, CFA, Senior Vice President and portfolio manager of the Manager, has "
     "managed the Fund since 2016. Before joining the Manager in 2011 he was an analyst covering "
     "utilities at a regional bank, and he holds degrees from a state university."),
    ("Odalys R. Brentwick, Vice President and portfolio manager, has been a member of the Fund's "
     "portfolio management team since 2019. She joined the Manager in 2014 from an insurance "
     "company's fixed income group, where she managed accounts for pension clients."),
    ("The SAI provides additional information about the portfolio managers' compensation, other "
     "accounts managed by the portfolio managers and the portfolio managers' ownership of "
     "securities of the Fund."),
)
_MANAGER = (
    ("Investment Manager",),
    ("Larkspur Harbor Advisers LLC (\"Larkspur\"), 410 Quarry Lane, Suite 900, Port Aldren, "
     "Ohio 43001, is the Fund's investment manager. The Manager makes investment decisions for "
     "the Fund, manages its business affairs and oversees the accounts of its service providers. "
     "For its services the Manager is paid a management fee of 0.55% of average daily net assets."),
)
_DEALER = (
    ("Dealer compensation",),
    ("The financial intermediary who sells you shares of the Fund may be paid by the Distributor "
     "out of its own resources. Such payments are additional compensation to the dealer and may "
     "give it a reason to recommend the Fund over another investment."),
)
_CONFLICTS = (
    ("Conflicts of interest risk",),
    ("The Manager and its affiliates manage other funds and accounts whose strategies resemble the "
     "Fund's. Allocating investment opportunities among them may create conflicts of interest, "
     "which the Manager addresses with written allocation procedures."),
)
_EXCHANGES = (
    ("Retirement accounts and account services",),
    ("Retirement accounts held by the plan's trustee may exchange shares of one fund for another "
     "within the same class. Accounts with a balance under $1,000 may be charged a small account "
     "fee each year. Beneficial owners of shares held through an omnibus account should contact "
     "their financial intermediary."),
)
_SERVICE = (  # a heading that opens with "Fund" and names a topic, not a fund
    ("Fund Accountants",),
    ("Quillfeather Fund Services keeps the Fund's books and computes its net asset value each "
     "business day, for a fee paid by the Fund."),
)
_SECTIONS = (_MANAGER, _PM_BIOS, _DEALER, _CONFLICTS, _EXCHANGES, _SERVICE)

_FEES = (("Shareholder Fees", "Class A", "Class I"),
         ("Management fees", "0.55%", "0.55%"),
         ("Distribution and service (12b-1) fees", "0.25%", "none"),
         ("Other expenses", "0.21%", "0.21%"),
         ("Total annual fund operating expenses", "1.01%", "0.76%"))
_HIGHLIGHTS = (("Year ended", "2023", "2022", "2021"),
               ("Net asset value, beginning of period", "$14.12", "$16.40", "$13.95"),
               ("Net investment income", "0.31", "0.27", "0.24"),
               ("Total from investment operations", "1.02", "(1.98)", "2.71"),
               ("Net asset value, end of period", "$14.83", "$14.12", "$16.40"),
               ("Net assets, end of period (000 omitted)", "$812,004", "$761,390", "$840,115"))
_TRUSTEE_PAY = (("Trustee", "Aggregate Compensation from the Fund",
                 "Total Compensation from the Fund Complex"),
                ("Wendeline A. Marchetti", "$4,210", "$212,000"),
                ("Corbin J. Oyelaran", "$3,980", "$198,500"))
_TRUSTEE_OWN = (("Name of Trustee", "Dollar Range of Equity Securities in the Fund",
                 "Aggregate Dollar Range of Equity Securities in All Funds Overseen by Trustee"),
                ("Wendeline A. Marchetti", "$10,001-$50,000", "Over $100,000"),
                ("Corbin J. Oyelaran", "None", "$50,001-$100,000"))
_TABLES = (("Fees and Expenses of the Fund", _FEES), ("Financial Highlights", _HIGHLIGHTS),
           ("Trustee Compensation", _TRUSTEE_PAY),
           (("Trustees' Ownership of Fund Shares. As of December 31, 2023, the Trustees owned "
             "shares of the Fund as follows:"), _TRUSTEE_OWN))


def _html_section(section) -> str:
    heading, *paragraphs = section
    return (f"<p style=\"margin:0pt\"><b>{heading[0]}</b></p>\n"
            + "".join(f"<p style=\"margin:0pt\">{p}</p>\n" for p in paragraphs))


def _html_table(lead: str, rows) -> str:
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<p style=\"margin:0pt\"><b>{lead}</b></p>\n<table style=\"width:100%\">{body}</table>\n"


def _text_section(section) -> str:
    heading, *paragraphs = section
    return heading[0] + "\n\n" + "".join(textwrap.fill(p, width=78, initial_indent="     ") + "\n\n"
                                         for p in paragraphs)


def _text_table(lead: str, rows) -> str:
    lines = [textwrap.fill(lead, width=78), "", "<TABLE>", "<CAPTION>", "  ".join(rows[0]),
             "<S>" + " " * 40 + "<C>" * (len(rows[0]) - 1)]
    lines += ["  ".join(f"{cell:<20}" for cell in row) for row in rows[1:]]
    return "\n".join(lines + ["</TABLE>", "", ""])


def prospectus_html() -> tuple[str, str]:
    """A prospectus (to go before the disclosure) and the SAI's trustee part (after it)."""
    before = "".join(_html_section(s) for s in _SECTIONS) + "".join(_html_table(*t) for t in _TABLES[:2])
    after = "".join(_html_table(*t) for t in _TABLES[2:]) + _html_section(_PM_BIOS)
    return before, after


def prospectus_text() -> tuple[str, str]:
    before = "".join(_text_section(s) for s in _SECTIONS) + "".join(_text_table(*t) for t in _TABLES[:2])
    after = "".join(_text_table(*t) for t in _TABLES[2:]) + _text_section(_PM_BIOS)
    return before, after
