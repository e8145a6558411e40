"""pmdw parse FILE: what would be loaded from one document, as JSON. Touches no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path

import click

from etl.cli.options import UsageError, filing_metadata_options, limits_option, metadata_overrides
from etl.extract import ExtractError, path_text, read_documents
from etl.limits import LimitExceeded
from etl.parse import parse_document
from etl.validate import check, check_source


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot encode {type(value).__name__}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--whole", is_flag=True,
              help="Parse the whole document, not only the regions the scan finds disclosures in.")
@filing_metadata_options
@limits_option
def parse(file, whole, cik, accession, form_type, filed, limits):
    """Print what would be loaded from FILE as JSON (for checking a filing or a bug report).

    A document that a load would quarantine (past a limit) is shown with its "rejection" and
    the exit status is 1; a file that cannot be read at all is one line and exit status 2."""
    try:
        documents = read_documents(file.resolve(), metadata_overrides(cik, accession, form_type, filed), limits)
    except (ExtractError, LimitExceeded) as error:
        raise UsageError(f"{path_text(file)}: {error}") from error
    out = []
    for document in documents:
        described = {
            "location": document.location,
            "identity_key": document.identity_key,
            "content_sha256": document.content_sha256,
            "encoding": document.encoding,
            "metadata": dataclasses.asdict(document.metadata),
        }
        if document.rejection is not None:
            out.append({**described, "rejection": document.rejection})
            continue
        try:
            parsed = parse_document(document.text, is_html=document.is_html, whole=whole, limits=limits)
        except LimitExceeded as error:  # what a load would quarantine
            out.append({**described, "rejection": str(error)})
            continue
        out.append({
            **described,
            "parsed": dataclasses.asdict(parsed),
            "has_disclosure": parsed.has_disclosure,
            "findings": [dataclasses.asdict(f) for f in check(parsed) + check_source(document)],
        })
    click.echo(json.dumps(out[0] if len(out) == 1 else out, indent=2, default=_plain))
    if any("rejection" in described for described in out):
        sys.exit(1)  # as `pmdw load` exits when it quarantines
