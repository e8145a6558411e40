"""EDGAR complete submission files: the ``<SEC-HEADER>`` and the ``<DOCUMENT>``s after it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from etl.extract.metadata import FilingMetadata, ShareClass

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
    FilingMetadata(accession_number='0000908737-06-000882', cik=1126087, registrant='MET INVESTORS SERIES TRUST', form_type='497', filed_date=datetime.date(2006, 12, 21), document_name=None, series=(), classes=())
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
        classes=read_share_classes(header),
        accession_number=_header_value(header, "ACCESSION NUMBER"),
        cik=int(cik) if cik and cik.isdigit() else None,
        registrant=_header_value(header, "COMPANY CONFORMED NAME"),
        form_type=_header_value(header, "CONFORMED SUBMISSION TYPE"),
        filed_date=dt.datetime.strptime(filed, "%Y%m%d").date() if filed else None,
    )


def read_share_classes(header: str) -> tuple[ShareClass, ...]:
    """Every ``<CLASS-CONTRACT>`` of every ``<SERIES>`` in a header, with its series id.

    >>> read_share_classes("<SERIES>\\n<SERIES-ID>S000009871\\n<SERIES-NAME>Growth Fund\\n"
    ...     "<CLASS-CONTRACT>\\n<CLASS-CONTRACT-ID>C000027114\\n<CLASS-CONTRACT-NAME>Class A\\n"
    ...     "<CLASS-CONTRACT-TICKER-SYMBOL>TSDAX\\n</CLASS-CONTRACT>\\n</SERIES>")
    (ShareClass(series_id='S000009871', class_id='C000027114', name='Class A', ticker='TSDAX'),)
    """
    found: dict[str, ShareClass] = {}
    for series in re.finditer(r"<SERIES>(.*?)(?:</SERIES>|(?=<SERIES>)|\Z)", header, re.S):
        series_id = _tag(series.group(1), "SERIES-ID")
        if not series_id:
            continue
        for contract in re.finditer(r"<CLASS-CONTRACT>(.*?)(?:</CLASS-CONTRACT>|(?=<CLASS-CONTRACT>)|\Z)",
                                    series.group(1), re.S):
            block = contract.group(1)
            class_id = _tag(block, "CLASS-CONTRACT-ID")
            if class_id:
                name = _tag(block, "CLASS-CONTRACT-NAME")
                found.setdefault(class_id, ShareClass(
                    series_id=series_id, class_id=class_id, name=" ".join(name.split()) if name else None,
                    ticker=_tag(block, "CLASS-CONTRACT-TICKER-SYMBOL")))
    return tuple(found.values())


def split_submission(text: str) -> tuple[FilingMetadata, list[SubmissionDocument]]:
    """The header's metadata and the text documents, without uuencoded files and exhibits."""
    header = read_header(text)
    documents = []
    for index, block in enumerate(_blocks(text, "<DOCUMENT>", "</DOCUMENT>"), start=1):
        opened = _find_tag(block, "<TEXT>")
        if opened < 0:
            continue
        preamble = block[:opened]
        doc_type = _tag(preamble, "TYPE")
        filename = _tag(preamble, "FILENAME")
        sequence = _tag(preamble, "SEQUENCE")
        closed = _find_tag(block, "</TEXT>", opened)
        content = block[opened + len("<TEXT>"):closed if closed >= 0 else len(block)]
        content = content.lstrip()  # as EDGAR's "<TEXT>\n" is read: from the first printed character
        if (doc_type and _SKIPPED_TYPES.match(doc_type)) or _UUENCODED.search(content[:2000]):
            continue
        documents.append(SubmissionDocument(
            sequence=int(sequence) if sequence and sequence.isdigit() else index,
            type=doc_type, filename=filename, text=content,
        ))
    return header, documents


def _find_tag(text: str, tag: str, start: int = 0) -> int:
    """str.find for an SGML tag in upper or lower case (EDGAR writes upper case)."""
    at = text.find(tag, start)
    return at if at >= 0 else text.find(tag.lower(), start)


def _blocks(text: str, opening: str, closing: str):
    """The text between each ``opening`` and its ``closing`` tag, found with str.find: a lazy
    regex over a multi-megabyte submission costs more than the rest of reading it."""
    position = 0
    while (start := _find_tag(text, opening, position)) >= 0:
        end = _find_tag(text, closing, start)
        if end < 0:
            return
        yield text[start + len(opening):end]
        position = end + len(closing)


def _tag(block: str, name: str) -> str | None:
    match = re.search(rf"<{name}>\s*([^\n<]+)", block, re.IGNORECASE)
    return match.group(1).strip() if match else None
