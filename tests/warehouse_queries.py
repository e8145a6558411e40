"""Reading a warehouse in a test: one query, a fresh engine, disposed afterwards."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def scalar(url: str, sql: str):
    """The first column of the first row, or None."""
    found = rows(url, sql)
    return found[0][0] if found else None
