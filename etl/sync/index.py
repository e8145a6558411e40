"""EDGAR index files and archive paths: pure functions, no I/O, no ORM.

EDGAR publishes, per quarter, a full index (``full-index/2024/QTR2/form.idx``) rebuilt every
night while the quarter runs, and one daily index per business day
(``daily-index/2024/QTR2/form.20240415.idx``). ``form.idx`` is fixed-width (form type, company,
CIK, date filed, file name); ``master.idx`` is pipe-delimited (CIK|Company|Form|Date|File).
Both start with a few header lines and a dashed rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Forms whose SAI (or supplement) carries the portfolio-manager disclosure.
DEFAULT_FORMS = ("485BPOS", "485APOS", "497", "N-1A", "N-2")
INDEX_KINDS = ("form", "master")


@dataclass(frozen=True)
class IndexEntry:
    """One line of an index: one filing as listed under one filer."""

    form_type: str
    company_name: str
    cik: int
    date_filed: dt.date
    filename: str  # EDGAR's own path, e.g. edgar/data/1126087/0000908737-06-000882.txt

    @property
    def accession_number(self) -> str:
        """
        >>> IndexEntry("497", "X", 1, dt.date(2006, 12, 21),
        ...            "edgar/data/1126087/0000908737-06-000882.txt").accession_number
        '0000908737-06-000882'
        """
        return self.filename.rsplit("/", 1)[-1].removesuffix(".txt")


class IndexFormatError(ValueError):
    """An index file that is not laid out as EDGAR's; the message names the line."""


@dataclass(frozen=True)
class IndexFile:
    """An index file to read: its path under the base URL and the days it can list."""

    path: str  # relative to the EDGAR base URL, e.g. Archives/edgar/daily-index/...
    scope: str  # "daily" or "full"
    first_day: dt.date
    last_day: dt.date


# --- dates and paths ---------------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    """
    >>> quarter_of(dt.date(2024, 3, 31)), quarter_of(dt.date(2024, 4, 1)), quarter_of(dt.date(2024, 12, 31))
    (1, 2, 4)
    """
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter.

    >>> quarter_bounds(2024, 2)
    (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    >>> quarter_bounds(2024, 4)
    (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
    """
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, after - dt.timedelta(days=1)


def is_business_day(day: dt.date) -> bool:
    """EDGAR publishes no daily index on Saturdays and Sundays (holidays are found by a 404)."""
    return day.weekday() < 5


def daily_index(day: dt.date, kind: str = "form", gzipped: bool = False) -> IndexFile:
    """
    >>> daily_index(dt.date(2006, 12, 21)).path
    'Archives/edgar/daily-index/2006/QTR4/form.20061221.idx'
    >>> daily_index(dt.date(2024, 4, 15), "master", gzipped=True).path
    'Archives/edgar/daily-index/2024/QTR2/master.20240415.idx.gz'
    """
    name = f"{kind}.{day:%Y%m%d}.idx" + (".gz" if gzipped else "")
    return IndexFile(f"Archives/edgar/daily-index/{day.year}/QTR{quarter_of(day)}/{name}", "daily", day, day)


def full_index(year: int, quarter: int, kind: str = "form", gzipped: bool = False) -> IndexFile:
    """EDGAR names the gzipped full index ``form.gz`` (not ``form.idx.gz``).

    >>> full_index(2024, 2).path
    'Archives/edgar/full-index/2024/QTR2/form.idx'
    >>> full_index(2024, 2, "master", gzipped=True).path
    'Archives/edgar/full-index/2024/QTR2/master.gz'
    """
    name = f"{kind}.gz" if gzipped else f"{kind}.idx"
    first, last = quarter_bounds(year, quarter)
    return IndexFile(f"Archives/edgar/full-index/{year}/QTR{quarter}/{name}", "full", first, last)


def submission_url_path(filename: str) -> str:
    """Where EDGAR serves the complete submission file an index line names.

    >>> submission_url_path("edgar/data/1126087/0000908737-06-000882.txt")
    'Archives/edgar/data/1126087/0000908737-06-000882.txt'
    """
    return f"Archives/{filename}"


def archive_relative_path(cik: int, accession_number: str) -> str:
    """Where the local archive keeps a submission: EDGAR's filing folder, which is also the
    layout the extract stage reads CIK and accession number from.

    >>> archive_relative_path(1126087, "0000908737-06-000882")
    'edgar/data/1126087/000090873706000882/0000908737-06-000882.txt'
    """
    return f"edgar/data/{cik}/{accession_number.replace('-', '')}/{accession_number}.txt"


def plan_index_files(since: dt.date, until: dt.date, today: dt.date, mode: str = "auto",
                     kind: str = "form", gzipped: bool = False) -> list[IndexFile]:
    """The index files that list the filings of ``since``..``until``.

    ``daily``: one daily index per business day. ``full``: the full index of every quarter
    touched. ``auto``: the full index for a quarter that lies wholly in the range and is
    over (one request instead of ~63), daily indexes for the other days.

    >>> [f.path.rsplit("/", 3)[-3:] for f in plan_index_files(
    ...     dt.date(2024, 3, 29), dt.date(2024, 7, 2), dt.date(2024, 7, 3))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [['2024', 'QTR1', 'form.20240329.idx'], ['2024', 'QTR2', 'form.idx'],
     ['2024', 'QTR3', 'form.20240701.idx'], ['2024', 'QTR3', 'form.20240702.idx']]
    >>> [f.scope for f in plan_index_files(dt.date(2024, 4, 1), dt.date(2024, 6, 30),
    ...                                    dt.date(2024, 6, 30))][:2]
    ['daily', 'daily']
    """
    if mode not in ("auto", "daily", "full"):
        raise ValueError(f"unknown index mode {mode!r}")
    planned: list[IndexFile] = []
    year, quarter = since.year, quarter_of(since)
    while quarter_bounds(year, quarter)[0] <= until:
        first, last = quarter_bounds(year, quarter)
        whole_and_over = since <= first and last <= until and last < today
        if mode == "full" or (mode == "auto" and whole_and_over):
            planned.append(full_index(year, quarter, kind, gzipped))
        else:
            day = max(first, since)
            while day <= min(last, until):
                if is_business_day(day):
                    planned.append(daily_index(day, kind, gzipped))
                day += dt.timedelta(days=1)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return planned


# --- parsing -----------------------------------------------------------------------------------

_RULE = re.compile(r"^-{20,}\s*$")
# form.idx, read from the right: CIK, date and file name are unambiguous; form and company
# are split at the header's "Company Name" column (form types can hold a space: "SC 13D").
_FORM_LINE_TAIL = re.compile(r"\s(?P<cik>\d{1,10})\s+(?P<date>\d{4}-?\d{2}-?\d{2})\s+(?P<file>edgar/\S+)\s*$")


def _parse_date(text: str) -> dt.date:
    """Daily indexes write 20061221, full indexes 2006-12-21.

    >>> _parse_date("20061221"), _parse_date("2006-12-21")
    (datetime.date(2006, 12, 21), datetime.date(2006, 12, 21))
    """
    return dt.datetime.strptime(text.replace("-", ""), "%Y%m%d").date()


def _body_lines(text: str, source: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line, the header line above the rule) for each line after the dashed rule."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if _RULE.match(line):
            header = next((h for h in reversed(lines[:number]) if h.strip()), "")
            for offset, body in enumerate(lines[number + 1:], start=number + 2):
                if body.strip():
                    yield offset, body, header
            return
    raise IndexFormatError(f"{source}: no dashed rule under a header line: not an EDGAR index file")


def parse_form_index(text: str, source: str = "form.idx") -> list[IndexEntry]:
    """Entries of a fixed-width ``form.idx``.

    >>> sample = '''Description:           Daily Index of EDGAR Dissemination Feed by Form Type
    ...
    ... Form Type   Company Name                                                  CIK         Date Filed  File Name
    ... ---------------------------------------------------------------------------------------------------------------------------------------------
    ... 497         MET INVESTORS SERIES TRUST                                    1126087     20061221    edgar/data/1126087/0000908737-06-000882.txt
    ... SC 13G/A    ACME  HOLDINGS CORP                                           42          20061221    edgar/data/42/0000000042-06-000001.txt
    ... '''
    >>> [(e.form_type, e.company_name, e.cik) for e in parse_form_index(sample)]
    [('497', 'MET INVESTORS SERIES TRUST', 1126087), ('SC 13G/A', 'ACME  HOLDINGS CORP', 42)]
    """
    entries = []
    for number, line, header in _body_lines(text, source):
        tail = _FORM_LINE_TAIL.search(line)
        if tail is None:
            raise IndexFormatError(f"{source}: line {number} is not 'form  company  CIK  date  file': {line!r}")
        lead = line[: tail.start()].rstrip()
        column = header.find("Company Name")
        if column > 0 and len(lead) > column and lead[column - 1] == " " and lead[:column].strip():
            form_type, company = lead[:column].strip(), lead[column:].strip()
        else:  # a form type wider than its column pushes the company right
            parts = re.split(r"\s{2,}", lead.strip(), maxsplit=1)
            if len(parts) != 2:
                raise IndexFormatError(f"{source}: line {number}: cannot tell form type from company: {line!r}")
            form_type, company = parts
        entries.append(IndexEntry(form_type, company, int(tail["cik"]), _parse_date(tail["date"]), tail["file"]))
    return entries


def parse_master_index(text: str, source: str = "master.idx") -> list[IndexEntry]:
    """Entries of a pipe-delimited ``master.idx`` (a company name may itself hold a pipe).

    >>> sample = '''CIK|Company Name|Form Type|Date Filed|Filename
    ... --------------------------------------------------------------------------------
    ... 1126087|MET INVESTORS SERIES TRUST|497|2006-12-21|edgar/data/1126087/0000908737-06-000882.txt
    ... 7|A|B FUND|N-2/A|2006-12-21|edgar/data/7/0000000007-06-000001.txt
    ... '''
    >>> [(e.cik, e.company_name, e.form_type, e.date_filed.isoformat()) for e in parse_master_index(sample)]
    [(1126087, 'MET INVESTORS SERIES TRUST', '497', '2006-12-21'), (7, 'A|B FUND', 'N-2/A', '2006-12-21')]
    """
    entries = []
    for number, line, _header in _body_lines(text, source):
        fields = line.strip().split("|")
        try:
            if len(fields) < 5:
                raise ValueError("fewer than 5 fields")
            cik, company, (form_type, date_filed, filename) = fields[0], "|".join(fields[1:-3]), fields[-3:]
            entries.append(IndexEntry(form_type.strip(), company.strip(), int(cik), _parse_date(date_filed.strip()),
                                      filename.strip()))
        except ValueError as error:
            raise IndexFormatError(f"{source}: line {number} is not 'CIK|Company|Form|Date|File' ({error}): "
                                   f"{line!r}") from error
    return entries


def parse_index(text: str, source: str) -> list[IndexEntry]:
    """Entries of a ``form`` or ``master`` index, told apart by the file name."""
    name = source.rsplit("/", 1)[-1]
    if name.startswith("master"):
        return parse_master_index(text, source)
    if name.startswith("form"):
        return parse_form_index(text, source)
    raise IndexFormatError(f"{source}: not a form or master index (only those are read)")


# --- selection ---------------------------------------------------------------------------------


def parse_forms(value: str | None) -> tuple[str, ...]:
    """The --forms option: comma-separated form types, upper-cased.

    >>> parse_forms("485bpos, 497"), parse_forms(None) == DEFAULT_FORMS
    (('485BPOS', '497'), True)
    """
    if value is None:
        return DEFAULT_FORMS
    forms = tuple(dict.fromkeys(f.strip().upper() for f in value.split(",") if f.strip()))
    if not forms:
        raise ValueError("--forms lists no form type")
    return forms


def form_selected(form_type: str, forms: Iterable[str]) -> bool:
    """A form, or an amendment of one (``/A``), that is in ``forms``.

    >>> [form_selected(f, DEFAULT_FORMS) for f in ("485BPOS", "485BPOS/A", "N-2/A", "N-2MEF", "10-K")]
    [True, True, True, False, False]
    """
    form = form_type.strip().upper()
    base = form.removesuffix("/A")
    return any(form == wanted or base == wanted for wanted in forms)


def select_entries(entries: Iterable[IndexEntry], forms: Iterable[str], since: dt.date, until: dt.date,
                   ciks: frozenset[int] = frozenset()) -> list[IndexEntry]:
    """The entries to fetch, one per accession number (a filing with several filers is listed
    once per filer), in index order."""
    forms = tuple(forms)
    chosen: dict[str, IndexEntry] = {}
    for entry in entries:
        if (since <= entry.date_filed <= until and form_selected(entry.form_type, forms)
                and (not ciks or entry.cik in ciks)):
            chosen.setdefault(entry.accession_number, entry)
    return list(chosen.values())
