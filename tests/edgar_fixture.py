"""An EDGAR tree for the sync tests, built at test time from the labeled corpus: complete
submission files that really hold disclosures (``tests/corpus/`` documents wrapped by
``tests.synthetic.complete_submission``, and the corpus's own complete submission file), and
the daily and full index files (form.idx, master.idx, gzipped too) that list them among
filings of other forms. What each filing should load comes from the corpus labels."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from etl.sync.index import archive_relative_path, daily_index, full_index
from tests.synthetic import complete_submission

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class FixtureFiling:
    accession_number: str
    cik: int
    form_type: str
    date_filed: dt.date
    company_name: str
    corpus_name: str  # the labeled corpus document it holds

    @property
    def index_filename(self) -> str:
        return f"edgar/data/{self.cik}/{self.accession_number}.txt"

    @property
    def url_path(self) -> str:
        return f"Archives/{self.index_filename}"

    @property
    def archive_path(self) -> str:
        return archive_relative_path(self.cik, self.accession_number)

    def expected(self) -> dict:
        return json.loads((CORPUS / f"{self.corpus_name}.expected.json").read_text())

    def submission_text(self) -> str:
        source = (CORPUS / self.corpus_name).with_suffix(".htm")
        if not source.exists():  # the corpus's own complete submission file, as it is
            return (CORPUS / f"{self.corpus_name}.txt").read_text()
        return complete_submission(source.read_text(), accession=self.accession_number, cik=self.cik,
                                   form_type=self.form_type, filed=f"{self.date_filed:%Y%m%d}")


def _filing(accession: str, cik: int, form: str, day: str, company: str, corpus: str) -> FixtureFiling:
    return FixtureFiling(accession, cik, form, dt.date.fromisoformat(day), company, corpus)


# Three business days of 2024 Q2 with filings of the selected forms; 2024-04-18 has no daily
# index (a "holiday"). DAY_THREE is held back by `publish_day_three=False` to play "a new
# index day appears".
DAY_ONE, DAY_TWO, DAY_THREE, HOLIDAY = (dt.date(2024, 4, 15), dt.date(2024, 4, 16), dt.date(2024, 4, 17),
                                        dt.date(2024, 4, 18))
FILINGS = (
    _filing("0001193125-24-100001", 1099001, "485BPOS", "2024-04-15", "FIDELITY SELECT PORTFOLIOS",
            "h2-fidelity-transposed"),
    _filing("0001193125-24-100002", 1099002, "497", "2024-04-15", "EATON VANCE SERIES TRUST",
            "h2-eaton-vance-manager-rows"),
    _filing("0001193125-24-100003", 1099003, "485APOS", "2024-04-16", "HARBORLINE FUNDS TRUST",
            "h1-blank-placeholders"),
    _filing("0001193125-24-100004", 1099004, "485BPOS/A", "2024-04-16", "WELLS FARGO FUNDS TRUST",
            "h3-wells-fargo-vertical"),
    _filing("0001193125-24-100005", 1099005, "497", "2024-04-17", "JANUS ASPEN SERIES",
            "h1-janus-aspen-twin"),
)
# The corpus's own complete submission file, filed in 2009 Q2: listed by a full index.
SUBMISSION_2009 = _filing("0001450789-09-000347", 1318754, "497", "2009-06-18", "TAMARIND STREET FUNDS",
                          "h4-submission-497")

# Lines of other forms the sync must pass over: (form, company, cik, day, accession).
OTHER_FORMS = (
    ("10-K", "ACME WIDGETS INC", 2000001, "2024-04-15", "0002000001-24-000001"),
    ("N-2MEF", "CLOSED END FUND INC", 2000002, "2024-04-16", "0002000002-24-000001"),
    ("SC 13G/A", "BIG HOLDER LP", 2000003, "2024-04-17", "0002000003-24-000001"),
    ("N-CSR", "TAMARIND STREET FUNDS", 1318754, "2009-06-18", "0001318754-09-000001"),
)
# The same filing listed again under a co-registrant's CIK: fetched once.
CO_REGISTRANT = ("485BPOS/A", "WELLS FARGO MASTER TRUST", 1099444, "2024-04-16", "0001193125-24-100004")


def _rows(day_filter, daily: bool) -> list[tuple[str, str, int, str, str]]:
    rows = [(f.form_type, f.company_name, f.cik, f.date_filed.isoformat(), f.index_filename)
            for f in (*FILINGS, SUBMISSION_2009) if day_filter(f.date_filed)]
    for form, company, cik, day, accession in (*OTHER_FORMS, CO_REGISTRANT):
        if day_filter(dt.date.fromisoformat(day)):
            rows.append((form, company, cik, day, f"edgar/data/{cik}/{accession}.txt"))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(form, company, cik, day.replace("-", "") if daily else day, name) for form, company, cik, day, name in rows]


def form_idx(rows, title: str) -> str:
    lines = [f"Description:           {title}", "Last Data Received:    April 17, 2024",
             "Comments:              webmaster@sec.gov", "Anonymous FTP:         ftp://ftp.sec.gov/edgar/", "", "", "",
             f"{'Form Type':<12}{'Company Name':<62}{'CIK':<12}{'Date Filed':<12}File Name", "-" * 141]
    lines += [f"{form:<12}{company:<62}{cik:<12}{day:<12}{name}" for form, company, cik, day, name in rows]
    return "\n".join(lines) + "\n"


def master_idx(rows, title: str) -> str:
    lines = [f"Description:           {title}", "Last Data Received:    June 30, 2009", "", "",
             "CIK|Company Name|Form Type|Date Filed|Filename", "-" * 80]
    lines += [f"{cik}|{company}|{form}|{day}|{name}" for form, company, cik, day, name in rows]
    return "\n".join(lines) + "\n"


def write_index(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("latin-1")
    path.write_bytes(gzip.compress(data) if relative.endswith(".gz") else data)


def publish_day(root: Path, day: dt.date, extra_rows=(), extra_lines=()) -> None:
    """The daily index files of ``day``: form and master, plain and gzipped; with
    ``extra_rows`` (form, company, cik, day, file name) among the fixture's, and
    ``extra_lines`` (any text) at the end."""
    rows = _rows(lambda d: d == day, daily=True) + list(extra_rows)
    for kind, render in (("form", form_idx), ("master", master_idx)):
        text = render(rows, "Daily Index of EDGAR Dissemination Feed") + "".join(f"{line}\n" for line in extra_lines)
        for gzipped in (False, True):
            write_index(root, daily_index(day, kind, gzipped).path, text)


def build_edgar_tree(root: Path, publish_day_three: bool = True) -> Path:
    """Submission files of every fixture filing, the daily indexes of the 2024 days, and the
    2009 Q2 full index (form and master, plain and gzipped)."""
    for filing in (*FILINGS, SUBMISSION_2009):
        target = root / filing.url_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(filing.submission_text())
    for day in (DAY_ONE, DAY_TWO) + ((DAY_THREE,) if publish_day_three else ()):
        publish_day(root, day)
    rows = _rows(lambda d: d.year == 2009, daily=False)
    for kind, render in (("form", form_idx), ("master", master_idx)):
        for gzipped in (False, True):
            write_index(root, full_index(2009, 2, kind, gzipped).path, render(rows, "Full Index of EDGAR"))
    return root


def expected_rows(filings) -> dict[str, int]:
    """Rows the fixture filings load, from the corpus labels: each synthetic submission holds
    its disclosure document and a cover letter (two filings rows; the graphic is skipped);
    the corpus's own submission file holds two text documents as well."""
    filings = list(filings)
    return {
        "account_categories": sum(len(f.expected()["accounts"]) for f in filings),
        "ownership_ranges": sum(len(f.expected()["ownership"]) for f in filings),
        "filings": 2 * len(filings),
    }


def publish_full_index(root: Path, year: int, quarter: int, days) -> Path:
    """The full form.idx of a quarter listing the fixture lines of ``days`` (a running quarter's
    full index grows every night)."""
    days = set(days)
    relative = full_index(year, quarter).path
    write_index(root, relative, form_idx(_rows(lambda d: d in days, daily=False), "Full Index of EDGAR"))
    return root / relative


def write_big_daily_index(root: Path, day: dt.date, filler_lines: int, garbage_every: int = 0,
                          gzipped: bool = False) -> Path:
    """The daily form.idx of ``day`` (the fixture's own lines for that day among them) padded
    with ``filler_lines`` lines of forms the sync passes over, and, every ``garbage_every``
    lines, a line that is not an index line at all: a pathological index, written line by line."""
    rows = _rows(lambda d: d == day, daily=True)
    head, *_ = form_idx([], "Daily Index of EDGAR Dissemination Feed").rsplit("\n", 1)
    path = root / daily_index(day, "form", gzipped).path
    path.parent.mkdir(parents=True, exist_ok=True)
    with (gzip.open(path, "wt", encoding="ascii", compresslevel=1) if gzipped
          else open(path, "w", encoding="ascii")) as out:
        out.write(head + "\n")
        for number in range(filler_lines):
            if garbage_every and number % garbage_every == garbage_every - 1:
                out.write(f"garbage line {number} %%% not an index line\n")
                continue
            cik = 3_000_000 + number
            out.write(f"{'10-K':<12}{f'FILLER COMPANY {number}':<62}{cik:<12}{day:%Y%m%d}    "
                      f"edgar/data/{cik}/{cik:010d}-24-{number % 1_000_000:06d}.txt\n")
        for form, company, cik, filed, name in rows:
            out.write(f"{form:<12}{company:<62}{cik:<12}{filed:<12}{name}\n")
    return path
