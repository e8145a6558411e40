"""Filing metadata: from EDGAR's SEC header, its archive path convention, or the user."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

_ARCHIVE_PATH = re.compile(r"edgar/data/(?P<cik>\d{1,10})/(?P<accession>\d{18})/(?P<name>[^/]+)$")
_NAMED_ACCESSION = re.compile(r"^(?P<accession>\d{10}-\d{2}-\d{6})(?:[_.-](?P<rest>.+))?$")


@dataclass(frozen=True)
class ShareClass:
    """A class or contract of a series, as EDGAR's header lists it."""

    series_id: str
    class_id: str  # EDGAR's C000012345
    name: str | None = None
    ticker: str | None = None


@dataclass(frozen=True)
class FilingMetadata:
    accession_number: str | None = None
    cik: int | None = None
    registrant: str | None = None  # the filer's conformed name
    form_type: str | None = None
    filed_date: dt.date | None = None
    document_name: str | None = None
    series: tuple[tuple[str, str], ...] = ()  # (series id, series name) from the SEC header
    classes: tuple[ShareClass, ...] = ()  # the series' share classes from the SEC header

    def merged_with(self, stronger: FilingMetadata) -> FilingMetadata:
        """These values, overridden by every value that ``stronger`` knows."""
        known = {f.name: getattr(stronger, f.name) for f in fields(stronger)
                 if getattr(stronger, f.name) not in (None, ())}
        return replace(self, **known)


def format_accession(digits: str) -> str:
    """
    >>> format_accession("000090873706000882")
    '0000908737-06-000882'
    """
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"


def metadata_from_path(path: Path) -> FilingMetadata:
    """What EDGAR's path or file-name conventions tell about a document.

    >>> metadata_from_path(Path("/x/edgar/data/1126087/000090873706000882/dec20.txt"))
    FilingMetadata(accession_number='0000908737-06-000882', cik=1126087, registrant=None, form_type=None, filed_date=None, document_name='dec20.txt', series=(), classes=())
    >>> metadata_from_path(Path("0000908737-06-000882_dec20.txt.gz")).document_name
    'dec20.txt'
    """
    posix = path.as_posix()
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    if match := _ARCHIVE_PATH.search(posix.removesuffix(".gz")):
        return FilingMetadata(
            accession_number=format_accession(match["accession"]),
            cik=int(match["cik"]),
            document_name=name,
        )
    if match := _NAMED_ACCESSION.match(name):
        rest = match["rest"]
        is_submission_file = rest is None or rest.lower() in ("txt", "nc")
        return FilingMetadata(
            accession_number=match["accession"],
            document_name=None if is_submission_file else rest,
        )
    return FilingMetadata(document_name=name)
