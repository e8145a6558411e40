"""Parse stage: pure functions from a document's text to plain dataclasses. No database here."""

from __future__ import annotations

from etl.parse.records import ParsedDocument
from etl.parse.text_document import parse_text_document

# Bump when a change to the parser can change what it extracts: documents loaded by an older
# version are then parsed again instead of being skipped as unchanged.
PARSER_VERSION = "2.0.0"


def parse_document(text: str, *, is_html: bool = False) -> ParsedDocument:
    """Everything the warehouse wants from one document's text."""
    if is_html:
        raise ValueError("HTML documents are not parsed by this version")
    return parse_text_document(text, PARSER_VERSION)


__all__ = ["PARSER_VERSION", "ParsedDocument", "parse_document"]
