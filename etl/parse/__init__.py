"""Parse stage: pure functions from a document's text to plain dataclasses. No database here."""

from __future__ import annotations

from etl.parse.assemble import assemble
from etl.parse.html_document import html_parts
from etl.parse.memo import forget
from etl.parse.records import ParsedDocument
from etl.parse.regions import focused, with_gaps
from etl.parse.scope import line_offsets
from etl.parse.text_document import text_parts
from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits

# Bump when a change to the parser can change what it extracts: documents loaded by an older
# version are then parsed again instead of being skipped as unchanged.
PARSER_VERSION = "4.4.0"


def parse_document(text: str, *, is_html: bool = False, whole: bool = False,
                   limits: Limits = DEFAULT_LIMITS) -> ParsedDocument:
    """Everything the warehouse wants from one document's text (HTML or plain text).

    Only the regions where a disclosure can be are parsed (see `etl.parse.regions`), unless
    ``whole``; line numbers are those of the whole text either way. A document past
    ``limits.document_bytes`` characters, or (HTML) nested past ``limits.nesting_depth``,
    raises LimitExceeded; a table past ``limits.table_rows`` or ``limits.table_cells`` is not
    read, a finding, and the rest is."""
    if len(text) > limits.document_bytes:
        raise LimitExceeded("document_bytes", f"a document of {len(text)} characters")
    forget()  # caches of an earlier document's text (etl.parse.memo)
    offsets = line_offsets(text)
    gaps = None
    if not whole:
        text, gaps = focused(text, is_html=is_html, offsets=offsets)
    parts = with_gaps(html_parts(text, limits), gaps) if is_html else text_parts(text, limits)
    return assemble(parts, PARSER_VERSION, limits, offsets)


__all__ = ["PARSER_VERSION", "ParsedDocument", "parse_document"]
