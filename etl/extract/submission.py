"""EDGAR complete submission files: the ``<SEC-HEADER>`` and the ``<DOCUMENT>``s after it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from etl.extract.metadata import FilingMetadata

_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)</DOCUMENT>", re.DOTALL | re.IGNORECASE)
_TEXT = re.compile(r"<TEXT>\s*\n?(.*?)</TEXT>", re.DOTALL | re.IGNORECASE)
_UUENCODED = re.compile(r"^begin \d{3} \S+", re.MULTILINE)
# Exhibits and graphics cannot hold the SAI disclosure.
_SKIPPED_TYPES = re.compile(r"^(GRAPHIC|ZIP|PDF|EXCEL|XML|JSON|EX-101|EX-99\.CODE)", re.IGNORECASE)


@dataclass(frozen=True)
class SubmissionDocument:
    sequence: int
    type: str | None
    filename: str | None
    text: str


def is_submission(text: str) -> bool:
    head = text[:2048]
    return "<SEC-HEADER>" in head or "<SEC-DOCUMENT>" in head or "<IMS-HEADER>" in head


def _header_value(header: str, label: str) -> str | None:
    match = re.search(rf"^\s*{label}:\s*(.+?)\s*$", header, re.MULTILINE | re.IGNORECASE)
    return match.group(1) if match else None


def read_header(text: str) -> FilingMetadata:
    """Accession number, form type, filing date and filer from a ``<SEC-HEADER>``.

    >>> read_header("<SEC-HEADER>\\nACCESSION NUMBER: 0000908737-06-000882\\n"
    ...             "CONFORMED SUBMISSION TYPE: 497\\nFILED AS OF DATE: 20061221\\n"
    ...             "COMPANY CONFORMED NAME: MET INVESTORS SERIES TRUST\\n"
    ...             "CENTRAL INDEX KEY: 0001126087\\n</SEC-HEADER>")
    FilingMetadata(accession_number='0000908737-06-000882', cik=1126087, registrant='MET INVESTORS SERIES TRUST', form_type='497', filed_date=datetime.date(2006, 12, 21), document_name=None, series=())
    """
    end = re.search(r"</(?:SEC|IMS)-HEADER>", text)
    header = text[: end.start()] if end else text[:20000]
    filed = _header_value(header, "FILED AS OF DATE")
    cik = _header_value(header, "CENTRAL INDEX KEY")
    series = tuple(
        (match.group(1), " ".join(match.group(2).split()))
        for match in re.finditer(r"<SERIES-ID>\s*(S\d+)\s*\n\s*<SERIES-NAME>\s*([^\n<]+)", header)
    )
    return FilingMetadata(
        series=tuple(dict.fromkeys(series)),
        accession_number=_header_value(header, "ACCESSION NUMBER"),
        cik=int(cik) if cik and cik.isdigit() else None,
        registrant=_header_value(header, "COMPANY CONFORMED NAME"),
        form_type=_header_value(header, "CONFORMED SUBMISSION TYPE"),
        filed_date=dt.datetime.strptime(filed, "%Y%m%d").date() if filed else None,
    )


def split_submission(text: str) -> tuple[FilingMetadata, list[SubmissionDocument]]:
    """The header's metadata and the text documents, without uuencoded files and exhibits."""
    header = read_header(text)
    documents = []
    for index, match in enumerate(_DOCUMENT.finditer(text), start=1):
        block = match.group(1)
        preamble = block.split("<TEXT>")[0]
        doc_type = _tag(preamble, "TYPE")
        filename = _tag(preamble, "FILENAME")
        sequence = _tag(preamble, "SEQUENCE")
        body = _TEXT.search(block)
        if body is None:
            continue
        content = body.group(1)
        if (doc_type and _SKIPPED_TYPES.match(doc_type)) or _UUENCODED.search(content[:2000]):
            continue
        documents.append(SubmissionDocument(
            sequence=int(sequence) if sequence and sequence.isdigit() else index,
            type=doc_type, filename=filename, text=content,
        ))
    return header, documents


def _tag(block: str, name: str) -> str | None:
    match = re.search(rf"<{name}>\s*([^\n<]+)", block, re.IGNORECASE)
    return match.group(1).strip() if match else None
