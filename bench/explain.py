"""EXPLAIN ANALYZE of the analysts' queries and the selective lookups on a benchmark-size warehouse.

    .venv/bin/python bench/explain.py                 # builds and loads N=2000 documents first
    .venv/bin/python bench/explain.py --db URL        # an existing PostgreSQL warehouse

For every query in sql/ and for the lookups that select (facts of one fund, one manager's
history, one registrant's filings, the loader's pruning checks) it prints the execution time and
how each table was read: which index, or a sequential scan.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus  # noqa: E402
from etl.db import SQL_DIR  # noqa: E402
from etl.pipeline import run_load  # noqa: E402
from tests.postgres_server import PostgresServer, psycopg_conninfo  # noqa: E402

# Selective lookups, each with a subquery choosing a real key from the warehouse.
LOOKUPS = {
    "facts of one fund": "SELECT * FROM account_categories WHERE fund_id = "
                         "(SELECT fund_id FROM ownership_ranges WHERE fund_id IS NOT NULL LIMIT 1)",
    "one manager's history": "SELECT * FROM manager_accounts WHERE manager_id = "
                             "(SELECT id FROM managers ORDER BY id DESC LIMIT 1) ORDER BY as_of_date",
    "one registrant's filings by date": "SELECT * FROM filings WHERE cik = "
                                        "(SELECT cik FROM filings WHERE cik IS NOT NULL LIMIT 1) "
                                        "ORDER BY filed_date DESC",
    "prune: is the fund still used": "SELECT DISTINCT fund_id FROM ownership_ranges WHERE fund_id IN "
                                     "(SELECT id FROM funds ORDER BY id LIMIT 3)",
    "prune: is the adviser still used": "SELECT DISTINCT adviser_id FROM disclosure_texts WHERE adviser_id IN "
                                        "(SELECT id FROM advisers ORDER BY id LIMIT 3)",
    "prune: is the registrant still used": "SELECT DISTINCT registrant_id FROM filings WHERE registrant_id IN "
                                           "(SELECT id FROM registrants ORDER BY id LIMIT 3)",
}
_SCAN = re.compile(r"(Seq Scan|Index Only Scan|Bitmap Index Scan|Index Scan)(?: using (\w+))? on (\w+)")


def scans(plan: list[str]) -> str:
    """How each table was read: "index NAME" or "seq TABLE", in plan order.

    >>> scans(["->  Bitmap Index Scan on ix_a  (cost=...)", "->  Seq Scan on funds f", "Index Scan using pk_x on x"])
    'index ix_a, seq funds, index pk_x'
    """
    out = []
    for line in plan:
        if match := _SCAN.search(line):
            kind, using, target = match.groups()
            out.append(f"seq {target}" if kind == "Seq Scan" else f"index {using or target}")
    return ", ".join(dict.fromkeys(out))


def explain(conninfo: str) -> list[tuple[str, float, str]]:
    queries = {f"sql/{p.name}": p.read_text() for p in sorted(SQL_DIR.glob("*.sql"))} | LOOKUPS
    rows = []
    with psycopg.connect(conninfo) as connection:
        connection.execute("ANALYZE")
        for name, query in queries.items():
            plan = [r[0] for r in connection.execute("EXPLAIN ANALYZE " + query.strip().rstrip(";"))]
            milliseconds = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
            rows.append((name, milliseconds, scans(plan)))
    return rows


def counts(conninfo: str) -> str:
    with psycopg.connect(conninfo) as connection:
        tables = ("filings", "account_categories", "ownership_ranges", "managers", "funds")
        return ", ".join(f"{t} {connection.execute(f'SELECT COUNT(*) FROM {t}').fetchone()[0]:,}"
                         for t in tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing PostgreSQL warehouse (SQLAlchemy URL)")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    server = None
    try:
        url = args.db
        if url is None:
            server = PostgresServer().start()
            url = server.create_database("explain")
            with tempfile.TemporaryDirectory() as corpus:
                build_corpus(Path(corpus), range(args.documents))
                started = time.perf_counter()
                run_load([corpus], database_url=url, jobs=args.jobs)
                print(f"loaded {args.documents} documents in {time.perf_counter() - started:.1f} s",
                      file=sys.stderr)
        conninfo = psycopg_conninfo(url)
        print(f"warehouse: {counts(conninfo)}")
        print(f"{'query':42} {'ms':>8}  tables read")
        for name, milliseconds, read in explain(conninfo):
            print(f"{name:42} {milliseconds:8.2f}  {read}")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
