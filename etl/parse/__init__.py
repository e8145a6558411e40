"""Parse stage: pure functions from a document's text to plain dataclasses. No database here."""

from __future__ import annotations

from etl.parse.assemble import assemble
from etl.parse.html_document import html_parts
from etl.parse.records import ParsedDocument
from etl.parse.text_document import text_parts

# Bump when a change to the parser can change what it extracts: documents loaded by an older
# version are then parsed again instead of being skipped as unchanged.
PARSER_VERSION = "3.0.0"


def parse_document(text: str, *, is_html: bool = False) -> ParsedDocument:
    """Everything the warehouse wants from one document's text (HTML or plain text)."""
    parts = html_parts(text) if is_html else text_parts(text)
    return assemble(parts, PARSER_VERSION)


__all__ = ["PARSER_VERSION", "ParsedDocument", "parse_document"]
