"""The contract views as typed pandas DataFrames: ``read_accounts(url)``, ``read_ownership(url)``.

Types, the same as ``pmdw export`` writes (both read through etl/export.py and the data
dictionary):

- integers (counts, ids, CIK, line numbers): ``Int64``, pandas' nullable integer, so a count not
  disclosed is ``<NA>``, not a float NaN that turns every count into a float;
- money (``*_usd``): exact decimals by default, ``decimal128(20, 2)[pyarrow]``: every cent as
  printed, sums exact (``frame.total_assets_usd.sum()`` is a ``Decimal``). Pass ``money="float"``
  for ``float64`` (what plotting and statistics libraries expect), under this rule: each value
  is the nearest double to the exact amount, and rounding it to 2 places gives back the exact cents
  for any amount under $90 trillion (2**53 cents); a sum of floats may be off in the last cent,
  so round sums to cents, and compare money with a tolerance, never with ``==``;
- dates: ``datetime64[ns]`` (``NaT`` when unknown);
- text: pandas' string dtype; NULL is ``NA``/``NaN``, never the text "None".

Rows come in the export's order (filing, manager, line, fund, category), so two reads of one
warehouse give equal frames.

>>> frame = _typed(_example(), money="decimal")
>>> frame.dtypes.astype(str).to_dict()
{'num_accounts': 'Int64', 'total_assets_usd': 'decimal128(20, 2)[pyarrow]', 'as_of_date': 'datetime64[ns]'}
>>> frame.total_assets_usd.sum(), frame.num_accounts.isna().tolist()
(Decimal('15700000000.05'), [False, True])
>>> float(_typed(_example(), money="float").total_assets_usd.sum())
15700000000.05
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
from sqlalchemy.engine import make_url

from etl import db
from etl.export import arrow_table, read_extract

MONEY = ("decimal", "float")


def read_accounts(url: str | None = None, *, money: str = "decimal") -> pd.DataFrame:
    """``manager_accounts``: other accounts managed, one row per filing, manager, fund and category.

    ``url``: the warehouse (``--db``'s URL); None means ``$PMDW_DATABASE_URL``, else ./pmdw.sqlite.
    """
    return read_frame("manager_accounts", url, money=money)


def read_ownership(url: str | None = None, *, money: str = "decimal") -> pd.DataFrame:
    """``manager_ownership``: each manager's dollar range of fund shares owned (an open range
    such as "over $1,000,000" has ``range_high_usd`` NA)."""
    return read_frame("manager_ownership", url, money=money)


def read_frame(name: str, url: str | None = None, *, money: str = "decimal") -> pd.DataFrame:
    """Any table or view that ``pmdw export`` writes (etl.export.EXPORTED), typed as above."""
    if money not in MONEY:
        raise ValueError(f"money={money!r}: one of {', '.join(MONEY)}")
    engine = db.create_readonly_engine(_existing(url))
    try:
        table = arrow_table(read_extract(engine, name))
    finally:
        engine.dispose()
    return _typed(table, money=money)


def _existing(url: str | None) -> str:
    """The URL, or a ConfigurationError naming it when it is an SQLite file that is not there
    (opening it would create an empty one, or fail with SQLite's terse message)."""
    url = db.database_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not Path(database).exists():
            raise db.ConfigurationError(f"no warehouse at {url}: load something first (pmdw load PATH)")
    return url


def _pandas_type(money: str):
    def mapper(arrow_type: pa.DataType):
        if pa.types.is_integer(arrow_type):
            return pd.Int64Dtype()
        if pa.types.is_decimal(arrow_type) and money == "decimal":
            return pd.ArrowDtype(arrow_type)
        return None  # pandas' own choice: float64 for a decimal under money="float", str for text
    return mapper


def _typed(table: pa.Table, money: str) -> pd.DataFrame:
    if money == "float":
        table = table.cast(pa.schema([
            f.with_type(pa.float64()) if pa.types.is_decimal(f.type) else f for f in table.schema]))
    frame = table.to_pandas(types_mapper=_pandas_type(money), date_as_object=False)
    for field in table.schema:
        if pa.types.is_date(field.type) or pa.types.is_timestamp(field.type):
            frame[field.name] = frame[field.name].astype(
                "datetime64[ns]" if pa.types.is_date(field.type) else "datetime64[ns, UTC]")
    return frame


def _example() -> pa.Table:
    """Two rows as the export reads them, for the module's doctest."""
    return pa.table({
        "num_accounts": pa.array([19, None], pa.int64()),
        "total_assets_usd": pa.array([Decimal("15700000000.00"), Decimal("0.05")], pa.decimal128(20, 2)),
        "as_of_date": pa.array([dt.date(2006, 11, 30), None], pa.date32()),
    })
