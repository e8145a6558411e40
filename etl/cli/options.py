"""Options and error handling shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import click
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from etl import db
from etl.db import DATABASE_URL_ENV, ConfigurationError
from etl.extract.metadata import FilingMetadata
from etl.limits import LIMITS_ENV, Limits, from_environment

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


def _limits(_ctx, _param, values: tuple[str, ...]) -> Limits:
    try:
        return from_environment(values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


def limits_option(command):
    """--limit NAME=VALUE (repeatable) over $PMDW_LIMITS over the defaults (etl.limits)."""
    return click.option(
        "--limit", "limits", multiple=True, callback=_limits, metavar="NAME=VALUE",
        help="Change a limit on what one input may cost, e.g. --limit document-bytes=16MiB "
             f"(repeatable; also ${LIMITS_ENV}=\"NAME=VALUE,...\"). The README lists them all.",
    )(command)


def iso_date(_ctx, _param, value: str | None) -> dt.date | None:
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
        click.option("--filed", callback=iso_date, metavar="YYYY-MM-DD", help="Date filed."),
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


def warehouse_at_head(database_url: str | None) -> Engine:
    """An engine on an existing warehouse whose schema is at head, else a usage error saying
    how to fix it: commands that only read never create or upgrade a warehouse."""
    url = db.database_url(database_url)
    database = make_url(url).database
    if url.startswith("sqlite") and database not in (None, "", ":memory:") and not Path(database).exists():
        raise UsageError(f"no warehouse at {url}: load something first (pmdw load PATH)")
    engine = db.create_warehouse_engine(url)
    try:
        current, head = db.current_revision(engine), db.head_revision()
    except OperationalError as error:
        engine.dispose()
        reason = (str(error.orig).strip().splitlines() or ["no reason given"])[0]
        raise UsageError(f"cannot reach the warehouse at {make_url(url).render_as_string()}: {reason}") from None
    if current != head:
        engine.dispose()
        raise UsageError(f"the warehouse schema is at {current or 'base'}, the code expects "
                         f"{head}: run `pmdw db upgrade`")
    return engine
