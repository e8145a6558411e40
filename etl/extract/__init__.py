"""Extract stage: find documents on disk, read them, and say which filing each belongs to.

Nothing here parses disclosures; it hands plain ``SourceDocument`` values to the parser.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from etl.extract.metadata import FilingMetadata, metadata_from_path
from etl.extract.submission import is_submission, split_submission
from etl.limits import DEFAULT_LIMITS, Limits

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html")


class ExtractError(Exception):
    """A file that cannot be read as a filing document; the message says why."""


@dataclass(frozen=True)
class SourceDocument:
    source_path: str
    content_sha256: str
    text: str
    metadata: FilingMetadata
    is_html: bool
    in_submission: bool = False

    @property
    def location(self) -> str:
        """The file, and the document within it when the file is a complete submission."""
        if self.in_submission:
            return f"{self.source_path}#{self.metadata.document_name}"
        return self.source_path

    @property
    def identity_key(self) -> str:
        """What makes a reload "the same document": accession and file name, else the path."""
        if self.metadata.accession_number:
            return f"{self.metadata.accession_number}/{self.metadata.document_name or ''}"
        return f"path:{self.source_path}"


def is_document_path(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(DOCUMENT_SUFFIXES)


def discover(arguments: Iterable[str]) -> Iterator[Path]:
    """Files named on the command line, the documents under directories, and glob matches.

    Directories are walked in sorted order so that runs are repeatable. A path that matches
    nothing raises FileNotFoundError.
    """
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_file():
            candidates = [path]
        elif path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and is_document_path(p))
        else:
            matches = sorted(Path(m) for m in glob.glob(argument, recursive=True))
            if not matches:
                raise FileNotFoundError(f"{argument}: no such file, directory or glob match")
            candidates = [m for m in matches if m.is_file()]
            candidates += [p for m in matches if m.is_dir() for p in sorted(m.rglob("*"))
                           if p.is_file() and is_document_path(p)]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    """The file's content, gunzipped when it is gzip; errors name the reason."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise ExtractError(f"not a readable gzip file ({error})") from error
    return data


_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r"  # what is not a control character


def decode(data: bytes) -> str:
    """Text from bytes: refuses empty and binary content; UTF-8, else Windows-1252.

    >>> decode("caf\\xe9".encode("cp1252"))
    'café'
    """
    if not data or data.isspace():  # isspace, unlike strip, copies nothing
        raise ExtractError("empty file: no text to read")
    sample = data[:8192]
    controls = len(sample.translate(None, _TEXT_BYTES))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ExtractError("binary content: not a text or HTML document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head


def read_documents(path: Path, overrides: FilingMetadata | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> list[SourceDocument]:
    """The filing documents held by one file: itself, or each document of a submission file.

    Metadata: the user's ``overrides`` win over the SEC header, which wins over the path.
    """
    data = read_bytes(path)
    text = decode(data)
    metadata = metadata_from_path(path)
    parts = None
    if is_submission(text):
        header, parts = split_submission(text)
        metadata = metadata.merged_with(header)
    if overrides is not None:
        metadata = metadata.merged_with(overrides)
    if parts is None:
        return [SourceDocument(str(path), file_sha256(data), text, metadata, looks_like_html(text))]
    if not parts:
        raise ExtractError("submission file holds no text document")
    return [
        SourceDocument(
            source_path=str(path),
            content_sha256=file_sha256(part.text.encode("utf-8")),
            text=part.text,
            metadata=replace(metadata, document_name=part.filename or f"sequence-{part.sequence}"),
            is_html=looks_like_html(part.text),
            in_submission=True,
        )
        for part in parts
    ]
