"""Extract stage: find documents on disk, read them, and say which filing each belongs to.

Nothing here parses disclosures; it hands plain ``SourceDocument`` values to the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from etl.extract.discovery import DOCUMENT_SUFFIXES, Skipped, discover, is_document_path
from etl.extract.metadata import FilingMetadata, metadata_from_path
from etl.extract.reading import (
    Decoded,
    ExtractError,
    decode,
    file_digest,
    file_sha256,
    path_text,
    read_bytes,
)
from etl.extract.submission import SubmissionDocument, is_submission, split_submission
from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits

__all__ = [
    "DOCUMENT_SUFFIXES", "Decoded", "ExtractError", "SourceDocument", "Skipped", "decode", "discover",
    "file_digest", "file_sha256", "is_document_path", "looks_like_html", "path_text", "read_bytes",
    "read_documents",
]


@dataclass(frozen=True)
class SourceDocument:
    source_path: str  # as stored: see path_text
    content_sha256: str
    text: str
    metadata: FilingMetadata
    is_html: bool
    in_submission: bool = False
    encoding: str = "utf-8"  # how its bytes were decoded (see decode)
    replaced_bytes: int = 0  # undecodable byte sequences replaced by U+FFFD
    rejection: str | None = None  # why it is not handed to the parser (its text is then empty)

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


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head


def read_documents(path: Path, overrides: FilingMetadata | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> list[SourceDocument]:
    """The filing documents held by one file: itself, or each document of a submission file.

    Raises ExtractError or LimitExceeded (or OSError) when the file cannot be read at all; a
    document over the ``document_bytes`` limit comes back with its ``rejection`` (the other
    documents of its submission are still read).

    Metadata: the user's ``overrides`` win over the SEC header, which wins over the path.
    """
    data = read_bytes(path, limits)
    sha = file_sha256(data)
    decoded = decode(data)
    del data  # the text is what is kept
    source_path = path_text(path)
    metadata = metadata_from_path(PurePosixPath(source_path))
    parts = None
    if is_submission(decoded.text):
        header, parts = split_submission(decoded.text)
        metadata = metadata.merged_with(header)
    if overrides is not None:
        metadata = metadata.merged_with(overrides)
    if parts is None:
        return [_document(source_path, sha, decoded.text, metadata, decoded, limits)]
    if not parts:
        raise ExtractError("submission file holds no text document")
    return [_part_document(source_path, part, metadata, decoded, limits) for part in parts]


def _part_document(source_path: str, part: SubmissionDocument, metadata: FilingMetadata, decoded: Decoded,
                   limits: Limits) -> SourceDocument:
    """One document of a submission file; its undecodable bytes are the file's that fell in it."""
    document = _document(source_path, file_sha256(part.text.encode("utf-8", "surrogatepass")), part.text,
                         replace(metadata, document_name=part.filename or f"sequence-{part.sequence}"),
                         decoded, limits)
    replaced = min(part.text.count("\ufffd"), decoded.replaced) if decoded.replaced else 0
    return replace(document, in_submission=True, replaced_bytes=replaced)


def _document(source_path: str, sha: str, text: str, metadata: FilingMetadata, decoded: Decoded,
              limits: Limits) -> SourceDocument:
    """A document as the parser gets it, or with its rejection when it is over the size limit."""
    rejection = None
    if len(text) > limits.document_bytes:
        rejection = str(LimitExceeded("document_bytes", f"document of {len(text):,} characters"))
        text = ""
    return SourceDocument(source_path, sha, text, metadata, looks_like_html(text) if text else False,
                          encoding=decoded.encoding, replaced_bytes=decoded.replaced, rejection=rejection)
