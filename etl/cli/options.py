"""Options and error handling shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
import re

import click

from etl.db import DATABASE_URL_ENV, ConfigurationError
from etl.extract.metadata import FilingMetadata

EXIT_USAGE = 2


class UsageError(click.ClickException):
    """Usage and configuration errors exit 2, as the README documents."""

    exit_code = EXIT_USAGE


def database_option(command):
    return click.option(
        "--db", "database_url", envvar=DATABASE_URL_ENV, metavar="URL",
        help="Warehouse URL (sqlite:///file.sqlite or postgresql://...). "
             f"Default: ${DATABASE_URL_ENV}, else pmdw.sqlite in the working directory.",
    )(command)


def _iso_date(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2006-12-21") from error


def filing_metadata_options(command):
    """--cik/--accession/--form-type/--filed: metadata for bare documents that carry none."""
    for decorator in reversed([
        click.option("--cik", type=int, help="Filer CIK of the document(s)."),
        click.option("--accession", help="Accession number, e.g. 0000908737-06-000882."),
        click.option("--form-type", help="EDGAR form type, e.g. 497 or 485BPOS."),
        click.option("--filed", callback=_iso_date, metavar="YYYY-MM-DD", help="Date filed."),
    ]):
        command = decorator(command)
    return command


def metadata_overrides(cik, accession, form_type, filed) -> FilingMetadata | None:
    if accession is not None and not re.fullmatch(r"\d{10}-\d{2}-\d{6}", accession):
        raise UsageError(f"--accession {accession!r} is not like 0000908737-06-000882")
    if all(v is None for v in (cik, accession, form_type, filed)):
        return None
    return FilingMetadata(accession_number=accession, cik=cik, form_type=form_type, filed_date=filed)


def configuration_errors(function):
    """Turns ConfigurationError into a usage error (exit 2) with its message."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ConfigurationError as error:
            raise UsageError(str(error)) from error

    return wrapper
