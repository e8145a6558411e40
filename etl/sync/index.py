"""EDGAR index files and archive paths: pure functions, no I/O, no ORM.

EDGAR publishes, per quarter, a full index (``full-index/2024/QTR2/form.idx``) rebuilt every
night while the quarter runs, and one daily index per business day
(``daily-index/2024/QTR2/form.20240415.idx``). ``form.idx`` is fixed-width (form type, company,
CIK, date filed, file name); ``master.idx`` is pipe-delimited (CIK|Company|Form|Date|File).
Both start with a few header lines and a dashed rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

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
# An index is read line by line from a stream and only the entries a run selects are kept, so a
# pathological index (millions of lines, garbage) costs time but no memory. A line that is not
# an index line is rejected and counted, never fatal; a file with no header, or with nothing but
# rejected lines, is not an index at all.

_RULE = re.compile(r"^-{20,}\s*$")
# form.idx, read from the right: CIK, date and file name are unambiguous; form and company
# are split at the header's "Company Name" column (form types can hold a space: "SC 13D").
_DATE = re.compile(r"\d{4}-?\d{2}-?\d{2}")
# The only file names an index may give: a submission right under its filer's folder.
_FILENAME = re.compile(r"edgar/data/(?P<cik>\d{1,10})/(?P<accession>\d{10}-\d{2}-\d{6})\.txt")
_CIK = re.compile(r"\d{1,10}")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
MAX_LINE_CHARS = 4096  # EDGAR's lines are ~150 characters; a longer one is rejected unread
MAX_HEADER_LINES = 1000  # the header and its dashed rule come within EDGAR's first dozen lines
REJECTED_EXAMPLES = 5  # rejected lines kept (and logged) per index file, with their reasons


class BadLine(ValueError):
    """A line that is not an index line; the message says why."""


@dataclass(frozen=True)
class RejectedLine:
    number: int
    line: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.number}: {self.reason}: {self.line[:200]!r}"


@dataclass
class IndexReading:
    """What one index file gave: its entries counted, those selected kept (one per accession
    number, in index order), the rejected lines counted with the first few kept as examples."""

    entries_total: int = 0
    selected: dict[str, IndexEntry] = dataclasses.field(default_factory=dict)
    rejected: int = 0
    examples: list[RejectedLine] = dataclasses.field(default_factory=list)

    def reject(self, number: int, line: str, reason: str) -> None:
        self.rejected += 1
        if len(self.examples) < REJECTED_EXAMPLES:
            self.examples.append(RejectedLine(number, line, reason))


def _parse_date(text: str) -> dt.date:
    """Daily indexes write 20061221, full indexes 2006-12-21.

    >>> _parse_date("20061221"), _parse_date("2006-12-21")
    (datetime.date(2006, 12, 21), datetime.date(2006, 12, 21))
    >>> _parse_date("20061321")
    Traceback (most recent call last):
    ...
    ValueError: month must be in 1..12
    """
    digits = text.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))  # strptime is 10 times slower


def checked_filename(filename: str, cik: int) -> str:
    """The file name of an index line, if it is ``edgar/data/<CIK>/<accession>.txt`` with the
    line's own CIK: anything else (``..``, an absolute path, a query, another folder) could
    lead a fetch or a write out of the archive.

    >>> checked_filename("edgar/data/1126087/0000908737-06-000882.txt", 1126087)
    'edgar/data/1126087/0000908737-06-000882.txt'
    >>> checked_filename("edgar/data/1126087/../../../etc/passwd.txt", 1126087)
    Traceback (most recent call last):
    ...
    etl.sync.index.BadLine: file name is not edgar/data/<CIK>/<accession 0000000000-00-000000>.txt
    >>> checked_filename("edgar/data/42/0000908737-06-000882.txt", 1126087)
    Traceback (most recent call last):
    ...
    etl.sync.index.BadLine: file name's CIK 42 is not the line's CIK 1126087
    """
    match = _FILENAME.fullmatch(filename)
    if match is None:
        raise BadLine("file name is not edgar/data/<CIK>/<accession 0000000000-00-000000>.txt")
    if int(match["cik"]) != cik:
        raise BadLine(f"file name's CIK {int(match['cik'])} is not the line's CIK {cik}")
    return filename


def _entry(form_type: str, company: str, cik: int, date_text: str, filename: str) -> IndexEntry:
    try:
        day = _parse_date(date_text)
    except ValueError as error:
        raise BadLine(f"no date {date_text!r}") from error
    if not form_type:
        raise BadLine("no form type")
    return IndexEntry(form_type, company, cik, day, checked_filename(filename, cik))


def parse_form_line(line: str, header: str) -> IndexEntry:
    """One line of a fixed-width ``form.idx`` (``header`` is the column header above the rule).

    >>> header = "Form Type   Company Name" + " " * 50 + "CIK         Date Filed  File Name"
    >>> parse_form_line("497         MET INVESTORS SERIES TRUST" + " " * 36 + "1126087     20061221    "
    ...                 "edgar/data/1126087/0000908737-06-000882.txt", header).company_name
    'MET INVESTORS SERIES TRUST'
    >>> parse_form_line("SC 13G/A  ACME  HOLDINGS   42  20061221  edgar/data/42/0000000042-06-000001.txt",
    ...                 header).form_type
    'SC 13G/A'
    >>> parse_form_line("497  X  42  20061221  edgar/data/42/0000000042-06-000001.txt?q=1", header)
    Traceback (most recent call last):
    ...
    etl.sync.index.BadLine: file name is not edgar/data/<CIK>/<accession 0000000000-00-000000>.txt
    """
    fields = line.rsplit(None, 3)  # read from the right: company names hold spaces
    if len(fields) != 4 or not _CIK.fullmatch(fields[1]) or not _DATE.fullmatch(fields[2]):
        raise BadLine("not 'form  company  CIK  date  file'")
    lead, cik, date_text, filename = fields
    column = header.find("Company Name")
    if column > 0 and len(lead) > column and lead[column - 1] == " " and lead[:column].strip():
        form_type, company = lead[:column].strip(), lead[column:].strip()
    else:  # a form type wider than its column pushes the company right
        parts = re.split(r"\s{2,}", lead.strip(), maxsplit=1)
        if len(parts) != 2:
            raise BadLine("cannot tell form type from company")
        form_type, company = parts
    return _entry(form_type, company, int(cik), date_text, filename)


def parse_master_line(line: str, header: str = "") -> IndexEntry:
    """One line of a pipe-delimited ``master.idx`` (a company name may itself hold a pipe).

    >>> e = parse_master_line("7|A|B FUND|N-2/A|2006-12-21|edgar/data/7/0000000007-06-000001.txt")
    >>> (e.cik, e.company_name, e.form_type, e.date_filed.isoformat())
    (7, 'A|B FUND', 'N-2/A', '2006-12-21')
    >>> parse_master_line("7|A|497|2006-12-21|/etc/passwd")
    Traceback (most recent call last):
    ...
    etl.sync.index.BadLine: file name is not edgar/data/<CIK>/<accession 0000000000-00-000000>.txt
    """
    fields = line.strip().split("|")
    if len(fields) < 5:
        raise BadLine("not 'CIK|Company|Form|Date|File' (fewer than 5 fields)")
    cik, company, (form_type, date_filed, filename) = fields[0].strip(), "|".join(fields[1:-3]), fields[-3:]
    if not _CIK.fullmatch(cik):
        raise BadLine(f"no CIK {cik!r}")
    return _entry(form_type.strip(), company.strip(), int(cik), date_filed.strip(), filename.strip())


def bounded_lines(stream: TextIO, max_chars: int = MAX_LINE_CHARS) -> Iterator[tuple[str, bool]]:
    """(line without its end, whether it was too long) for each line of ``stream``, holding at
    most ``max_chars`` characters of one line: the rest of a longer line is skipped unread.

    >>> list(bounded_lines(io.StringIO("ab\\n" + "x" * 9 + "\\ncd"), max_chars=4))
    [('ab', False), ('xxxx', True), ('cd', False)]
    """
    while True:
        line = stream.readline(max_chars + 1)
        if not line:
            return
        if line.endswith("\n") or len(line) <= max_chars:
            yield line.rstrip("\r\n"), False
            continue
        head = line[:max_chars]
        while line and not line.endswith("\n"):  # skip the rest of an overlong line
            line = stream.readline(max_chars)
        yield head, True


def index_kind(source: str) -> str:
    """``form`` or ``master``, from the index file's name.

    >>> index_kind("Archives/edgar/full-index/2024/QTR2/master.gz"), index_kind("x/form.20240415.idx")
    ('master', 'form')
    """
    name = source.rsplit("/", 1)[-1]
    for kind in INDEX_KINDS:
        if name.startswith(kind):
            return kind
    raise IndexFormatError(f"{source}: not a form or master index (only those are read)")


def _header(lines: Iterator[tuple[int, str, bool]], source: str) -> str:
    """Reads up to the dashed rule; returns the column header line above it."""
    header = ""
    for number, line, _too_long in lines:
        if _RULE.match(line):
            return header
        if number > MAX_HEADER_LINES:
            break
        header = line if line.strip() else header
    raise IndexFormatError(f"{source}: no dashed rule under a header line: not an EDGAR index file")


def read_index(stream: TextIO, source: str, keep: Callable[[IndexEntry], bool] = lambda _: True) -> IndexReading:
    """Reads an index line by line, keeping the entries ``keep`` selects; bad lines are
    counted. An index without its header, or with lines but none an index line, is an
    IndexFormatError.

    >>> text = '''Description: Daily Index
    ... CIK|Company Name|Form Type|Date Filed|Filename
    ... --------------------------------------------------------------------------------
    ... 1126087|MET INVESTORS SERIES TRUST|497|2006-12-21|edgar/data/1126087/0000908737-06-000882.txt
    ... garbage
    ... 9|EVIL|497|2006-12-21|edgar/data/9/../../../../etc/0000000009-06-000001.txt
    ... 42|OTHER CORP|10-K|2006-12-21|edgar/data/42/0000000042-06-000001.txt
    ... '''
    >>> reading = read_index(io.StringIO(text), "master.idx", lambda e: e.form_type == "497")
    >>> reading.entries_total, list(reading.selected), reading.rejected
    (2, ['0000908737-06-000882'], 2)
    >>> print(reading.examples[0])
    line 5: not 'CIK|Company|Form|Date|File' (fewer than 5 fields): 'garbage'
    >>> read_index(io.StringIO("not\\nan index\\n"), "form.idx")
    Traceback (most recent call last):
    ...
    etl.sync.index.IndexFormatError: form.idx: no dashed rule under a header line: not an EDGAR index file
    """
    parse = parse_master_line if index_kind(source) == "master" else parse_form_line
    lines = ((number, line, too_long) for number, (line, too_long) in enumerate(bounded_lines(stream), start=1))
    header, reading = _header(lines, source), IndexReading()
    for number, line, too_long in lines:
        if not line.strip() and not too_long:
            continue
        try:
            if too_long:
                raise BadLine(f"longer than {MAX_LINE_CHARS} characters")
            if _CONTROL.search(line):
                raise BadLine("holds control characters")
            entry = parse(line, header)
        except BadLine as error:
            reading.reject(number, line, str(error))
            continue
        reading.entries_total += 1
        if keep(entry):
            reading.selected.setdefault(entry.accession_number, entry)
    if reading.rejected and not reading.entries_total:
        raise IndexFormatError(f"{source}: none of its {reading.rejected} line(s) is an index line "
                               f"(first: {reading.examples[0]})")
    return reading


def parse_index(text: str, source: str) -> list[IndexEntry]:
    """The entries of a ``form`` or ``master`` index held in memory as text, one per accession
    number (bad lines are skipped): for small indexes; a run reads the file with ``read_index``.

    >>> sample = '''Description:           Daily Index of EDGAR Dissemination Feed by Form Type
    ...
    ... Form Type   Company Name                                                  CIK         Date Filed  File Name
    ... ---------------------------------------------------------------------------------------------------------------------------------------------
    ... 497         MET INVESTORS SERIES TRUST                                    1126087     20061221    edgar/data/1126087/0000908737-06-000882.txt
    ... SC 13G/A    ACME  HOLDINGS CORP                                           42          20061221    edgar/data/42/0000000042-06-000001.txt
    ... '''
    >>> [(e.form_type, e.company_name, e.cik) for e in parse_index(sample, "form.idx")]
    [('497', 'MET INVESTORS SERIES TRUST', 1126087), ('SC 13G/A', 'ACME  HOLDINGS CORP', 42)]
    """
    return list(read_index(io.StringIO(text), source).selected.values())


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


def entry_selector(forms: Iterable[str], since: dt.date, until: dt.date,
                   ciks: frozenset[int] = frozenset()) -> Callable[[IndexEntry], bool]:
    """Whether an entry is one to fetch: a selected form, filed in the range, by a selected filer
    (any when ``ciks`` is empty). Applied while an index is read, so only these are kept.

    >>> keep = entry_selector(["497"], dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    >>> keep(IndexEntry("497/A", "X", 1, dt.date(2024, 4, 15), "edgar/data/1/0000000001-24-000001.txt"))
    True
    >>> keep(IndexEntry("497", "X", 1, dt.date(2024, 5, 1), "edgar/data/1/0000000001-24-000001.txt"))
    False
    """
    wanted = frozenset(form.upper() for form in forms)

    def keep(entry: IndexEntry) -> bool:
        form = entry.form_type.upper()
        return ((form in wanted or form.removesuffix("/A") in wanted) and since <= entry.date_filed <= until
                and (not ciks or entry.cik in ciks))
    return keep
