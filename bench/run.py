"""The "Fast at scale" benchmark: pmdw side by side with the limit of what its libraries can do
and with a naive pandas peer, on a generated corpus of realistic filings.

    .venv/bin/python bench/run.py [--documents N] [--jobs J] [--seed S] [--json PATH] [--profile]
                                  [--only loading]

Stages (see bench/README.md):
1. extraction, one process: parse_document vs bare lxml (HTML) / str.splitlines (text) vs
   pandas.read_html, in MB/s;
2. loading into PostgreSQL, one process: WarehouseLoader.load_batch (as run_load writes) and
   .load (a document at a time) of already parsed documents vs a raw psycopg COPY and
   DataFrame.to_sql of the same rows, in rows/s (--only loading: this part alone);
3. end to end: run_load with J jobs, first load and unchanged re-run, vs read_html + to_sql;
4. peak RSS of run_load over a quarter of the corpus (M = N/4) and over all of it (4M = N).
Every run_load runs in a fresh process (bench/load_once.py).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import lxml.html
import pandas as pd
import psycopg
from sqlalchemy import MetaData, Table, create_engine

from bench.corpus import DEFAULT_SEED, CorpusStats, build_corpus
from etl.db import ensure_schema
from etl.extract import SourceDocument, looks_like_html, read_documents
from etl.load import WarehouseLoader
from etl.parse import PARSER_VERSION, ParsedDocument, parse_document
from etl.validate import Finding, check
from tests.postgres_server import PostgresServer, psycopg_conninfo

DEFAULT_DOCUMENTS = 2000
FACT_TABLES = ("filings", "account_categories", "ownership_ranges", "manager_disclosures",
               "adviser_disclosures", "disclosure_texts", "data_quality_findings")
TARGETS = {  # the targets
    "extraction": 0.5,  # pmdw >= 0.5 x bare lxml
    "loading": 0.8,  # pmdw >= 0.8 x raw COPY
    "end_to_end": 10.0,  # pmdw >= 10 x naive peer
    "rerun_percent": 5.0,  # unchanged re-run <= 5% of the first load
    "memory_growth": 1.2,  # peak RSS at 4M <= 1.2 x peak RSS at M
}
MB = 1e6


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rate(amount: float, seconds: float) -> float:
    return amount / seconds if seconds else float("inf")


# --- 1. extraction ---------------------------------------------------------------------------

@dataclass
class Extraction:
    html_documents: int = 0
    text_documents: int = 0
    html_bytes: int = 0
    text_bytes: int = 0
    pmdw_html_seconds: float = 0.0
    pmdw_text_seconds: float = 0.0
    lxml_seconds: float = 0.0
    splitlines_seconds: float = 0.0
    read_html_seconds: float = 0.0
    read_html_tables: int = 0
    parser_errors: int = 0
    pmdw_whole_html_seconds: float = 0.0  # parse_document(whole=True), when asked for
    whole_differs: int = 0  # documents whose focused parse is not their whole parse

    @property
    def pmdw_mb_s(self) -> float:
        return rate((self.html_bytes + self.text_bytes) / MB, self.pmdw_html_seconds + self.pmdw_text_seconds)

    @property
    def limit_mb_s(self) -> float:
        return rate((self.html_bytes + self.text_bytes) / MB, self.lxml_seconds + self.splitlines_seconds)

    @property
    def pmdw_html_mb_s(self) -> float:
        return rate(self.html_bytes / MB, self.pmdw_html_seconds)

    @property
    def pmdw_whole_html_mb_s(self) -> float:
        return rate(self.html_bytes / MB, self.pmdw_whole_html_seconds)

    @property
    def pmdw_text_mb_s(self) -> float:
        return rate(self.text_bytes / MB, self.pmdw_text_seconds)

    @property
    def lxml_mb_s(self) -> float:
        return rate(self.html_bytes / MB, self.lxml_seconds)

    @property
    def splitlines_mb_s(self) -> float:
        return rate(self.text_bytes / MB, self.splitlines_seconds)

    @property
    def read_html_mb_s(self) -> float:
        return rate(self.html_bytes / MB, self.read_html_seconds)


LoadItem = tuple[SourceDocument, ParsedDocument, list[Finding]]  # ready for the loader, text dropped


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def read_html_tables(data: bytes) -> list[pd.DataFrame]:
    """The naive peer's extraction: every table of an HTML document as a DataFrame.

    flavor="lxml" because pandas falls back to bs4/html5lib (not installed) when lxml finds no
    table; bytes because lxml refuses str input with an XML declaration (inline XBRL)."""
    try:
        return pd.read_html(io.BytesIO(data), flavor="lxml")
    except ValueError:  # "No tables found"
        return []


def parse_timed(result: Extraction, document: SourceDocument) -> tuple[ParsedDocument | None, float]:
    """parse_document of one document and its seconds; (None, 0.0) and counted when it fails."""
    try:
        return timed(parse_document, document.text, is_html=document.is_html)
    except Exception:  # noqa: BLE001 -- counted; pmdw load would quarantine the document
        result.parser_errors += 1
        return None, 0.0


# Documents are measured a batch at a time, each contender in its own pass over the batch: after
# a bare lxml parse of a 2 MB page, glibc sorts the ~100,000 chunks its tree freed on the next
# allocations, so whatever parses next pays for it (a 61 KB page then takes 30 ms instead of
# 0.35: see "Measuring" in bench/README.md). One pass per contender charges each with its own
# garbage, as a stream of documents through that one tool would.
BATCH_BYTES = 96 * 2**20  # characters of text held at once


def batches(paths: list[Path], batch_bytes: int | None = None) -> Iterator[list[SourceDocument]]:
    """The documents of ``paths`` in order, a batch of about ``batch_bytes`` characters at a time
    (default BATCH_BYTES; 1: a file at a time, each contender after the other on each document)."""
    batch_bytes = BATCH_BYTES if batch_bytes is None else batch_bytes
    batch: list[SourceDocument] = []
    size = 0
    for path in paths:
        for document in read_documents(path):
            batch.append(document)
            size += len(document.text)
        if size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def measure_extraction(paths: list[Path], *, whole: bool = False,
                       batch_bytes: int | None = None) -> tuple[Extraction, list[LoadItem]]:
    """Each document through pmdw, its limit and (HTML) the naive peer, each contender in its own
    pass over a batch (see BATCH_BYTES, `batches`); with ``whole``, HTML documents through
    parse_document(whole=True) as well, compared with the focused parse."""
    result, ready = Extraction(), []
    for batch in batches(paths, batch_bytes):
        parsed = [parse_timed(result, document) for document in batch]
        for document, (_, seconds) in zip(batch, parsed):
            if document.is_html:
                result.pmdw_html_seconds += seconds
            else:
                result.pmdw_text_seconds += seconds
        measure_limits(result, batch)
        if whole:
            measure_whole(result, batch, [parse for parse, _ in parsed])
        ready += [(replace(document, text=""), parse, check(parse))
                  for document, (parse, _) in zip(batch, parsed) if parse is not None]
    return result, ready


def measure_limits(result: Extraction, batch: list[SourceDocument]) -> None:
    """The limit (bare lxml, str.splitlines), then the naive peer's read_html, each in its own pass."""
    html = [document.text.encode("utf-8") for document in batch if document.is_html]
    for document in batch:
        if not document.is_html:
            result.text_documents += 1
            result.text_bytes += len(document.text.encode("utf-8"))
            result.splitlines_seconds += timed(document.text.splitlines)[1]
    for data in html:
        result.html_documents += 1
        result.html_bytes += len(data)
        result.lxml_seconds += timed(lxml.html.document_fromstring, data)[1]
    for data in html:
        tables, seconds = timed(read_html_tables, data)
        result.read_html_seconds += seconds
        result.read_html_tables += len(tables)


def measure_whole(result: Extraction, batch: list[SourceDocument], parsed: list[ParsedDocument | None]) -> None:
    """parse_document(whole=True) of the batch's HTML documents, each compared with its focused parse."""
    for document, focused in zip(batch, parsed):
        if document.is_html:
            whole_parse, seconds = timed(parse_document, document.text, is_html=True, whole=True)
            result.pmdw_whole_html_seconds += seconds
            result.whole_differs += whole_parse != focused


def parse_for_loading(paths: list[Path]) -> list[LoadItem]:
    """Every document parsed and validated, untimed: what the loading part needs (--only loading)."""
    ready = []
    for path in paths:
        for document in read_documents(path):
            try:
                parsed = parse_document(document.text, is_html=document.is_html)
            except Exception:  # noqa: BLE001, S112 -- pmdw load would quarantine the document
                continue
            ready.append((replace(document, text=""), parsed, check(parsed)))
    return ready


def profile_extraction(paths: list[Path], documents: int = 200, lines: int = 25) -> str:
    """cProfile of parse_document over the first ``documents`` files of the corpus (a fair
    sample of its sizes and layouts), by cumulative time: the share of each stage."""
    sample = [d for path in paths[:documents] for d in read_documents(path)]
    profiler = cProfile.Profile()
    profiler.enable()
    for document in sample:
        parse_document(document.text, is_html=document.is_html)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"etl/", lines)
    size = sum(len(d.text.encode("utf-8")) for d in sample) / MB
    heading = (f"cProfile of parse_document over {len(sample)} documents ({size:.1f} MB), "
               f"pmdw's functions, top {lines} by cumulative time:")
    return f"{heading}\n{out.getvalue().strip()}"


# --- 2. loading ------------------------------------------------------------------------------

@dataclass
class Loading:
    documents: int = 0
    batch_size: int = 1
    rows: dict[str, int] = field(default_factory=dict)
    pmdw_seconds: float = 0.0  # load_batch, as run_load writes
    pmdw_per_document_seconds: float = 0.0  # load, one document per transaction
    copy_seconds: float = 0.0
    copy_into_schema_seconds: float = 0.0  # COPY into pmdw's own tables: indexes, keys, foreign keys
    to_sql_seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def pmdw_rows_s(self) -> float:
        return rate(self.total_rows, self.pmdw_seconds)

    @property
    def pmdw_per_document_rows_s(self) -> float:
        return rate(self.total_rows, self.pmdw_per_document_seconds)

    @property
    def copy_rows_s(self) -> float:
        return rate(self.total_rows, self.copy_seconds)

    @property
    def copy_into_schema_rows_s(self) -> float:
        return rate(self.total_rows, self.copy_into_schema_seconds)

    @property
    def to_sql_rows_s(self) -> float:
        return rate(self.total_rows, self.to_sql_seconds)


def load_with_pmdw(url: str, ready: list[LoadItem]) -> tuple[float, int]:
    """Seconds to load the parsed documents as run_load does: ``loader.batch_size`` documents
    per load_batch call (one transaction). Also returns the batch size."""
    loader = WarehouseLoader(ensure_schema(url))
    run_id = loader.begin_run("bench", PARSER_VERSION)
    size = loader.batch_size
    started = time.perf_counter()
    for start in range(0, len(ready), size):
        loader.load_batch(ready[start:start + size], run_id)
    seconds = time.perf_counter() - started
    loader.engine.dispose()
    return seconds, size


def load_with_pmdw_per_document(url: str, ready: list[LoadItem]) -> float:
    """Seconds to load the parsed documents with WarehouseLoader.load, one transaction each."""
    loader = WarehouseLoader(ensure_schema(url))
    run_id = loader.begin_run("bench", PARSER_VERSION)
    started = time.perf_counter()
    for document, parsed, findings in ready:
        loader.load(document, parsed, findings, run_id)
    seconds = time.perf_counter() - started
    loader.engine.dispose()
    return seconds


def warehouse_rows(connection: psycopg.Connection) -> dict[str, tuple[list[str], list[tuple]]]:
    """(column names, rows) of every fact table pmdw wrote."""
    tables = {}
    for table in FACT_TABLES:
        cursor = connection.execute(f"SELECT * FROM public.{table} ORDER BY id")
        tables[table] = ([column.name for column in cursor.description], cursor.fetchall())
    return tables


def create_copies(connection: psycopg.Connection, schema: str) -> None:
    """Empty tables with the same columns as pmdw's, without indexes or constraints."""
    connection.execute(f"CREATE SCHEMA {schema}")
    for table in FACT_TABLES:
        connection.execute(f"CREATE TABLE {schema}.{table} (LIKE public.{table})")
    connection.commit()


def copy_tables(cursor: psycopg.Cursor, tables: dict, schema: str = "public") -> None:
    """psycopg's COPY FROM STDIN of every row of ``tables`` ({table: (columns, rows)})."""
    for table, (columns, rows) in tables.items():
        with cursor.copy(f"COPY {schema}.{table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def load_with_copy(connection: psycopg.Connection, tables: dict) -> float:
    """Seconds for psycopg's COPY FROM STDIN of every row, committed."""
    create_copies(connection, "bench_copy")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        copy_tables(cursor, tables, "bench_copy")
    connection.commit()
    return time.perf_counter() - started


def load_with_copy_into_schema(connection: psycopg.Connection, target: str, tables: dict) -> float:
    """Seconds for the same COPY into a fresh warehouse of pmdw's schema, whose tables keep their
    indexes, unique keys and foreign keys: what any loader into this schema pays. The runs and
    dimension rows the facts refer to are copied first, untimed."""
    with psycopg.connect(psycopg_conninfo(target)) as copy_target:
        referred = {}
        for table in ("load_runs", "registrants", "advisers", "funds", "managers"):
            rows = connection.execute(f"SELECT * FROM public.{table}")
            referred[table] = ([column.name for column in rows.description], rows.fetchall())
        with copy_target.cursor() as cursor:
            copy_tables(cursor, referred)
        copy_target.commit()
        started = time.perf_counter()
        with copy_target.cursor() as cursor:
            copy_tables(cursor, tables)
        copy_target.commit()
        return time.perf_counter() - started


def load_with_to_sql(url: str, connection: psycopg.Connection, tables: dict) -> float:
    """Seconds for pandas DataFrame.to_sql (its default: executemany INSERT) of every row.

    Column types are given from the target table: pandas would send Decimals as VARCHAR."""
    create_copies(connection, "bench_to_sql")
    engine = create_engine(url)
    frames, types = {}, {}
    for table, (columns, rows) in tables.items():
        frames[table] = pd.DataFrame(rows, columns=columns)
        target = Table(table, MetaData(), schema="bench_to_sql", autoload_with=engine)
        types[table] = {column.name: column.type for column in target.columns}
    started = time.perf_counter()
    for table, frame in frames.items():
        frame.to_sql(table, engine, schema="bench_to_sql", if_exists="append", index=False, dtype=types[table])
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def profile_loading(server: PostgresServer, ready: list[LoadItem], lines: int = 15) -> str:
    """cProfile's top functions (by own time) of load_with_pmdw, into a database of its own."""
    profiler = cProfile.Profile()
    profiler.runcall(load_with_pmdw, server.create_database("bench_load_profile"), ready)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    heading = f"cProfile of loading {len(ready)} documents with load_batch, top {lines} by own time:"
    return f"{heading}\n{out.getvalue().strip()}"


@contextmanager
def corpus_out_of_the_collectors_reach() -> Iterator[None]:
    """The parsed corpus this benchmark holds (every document at once, which run_load never
    does: it streams them) frozen out of the cyclic garbage collector while loading is timed.
    A full collection of it took ~150 ms at 400 documents, and fell in whichever timed region
    allocated when it came due: in pmdw's batches after a change to the parser's own objects,
    outside them before, which moved "loading rows/s" by a third with no change to the loader.
    What the contenders allocate while loading is still collected."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def measure_loading(server: PostgresServer, ready: list[LoadItem]) -> Loading:
    with corpus_out_of_the_collectors_reach():
        return _measure_loading(server, ready)


def _measure_loading(server: PostgresServer, ready: list[LoadItem]) -> Loading:
    result = Loading(documents=len(ready))
    result.pmdw_per_document_seconds = load_with_pmdw_per_document(
        server.create_database("bench_load_per_document"), ready)
    url = server.create_database("bench_load")
    result.pmdw_seconds, result.batch_size = load_with_pmdw(url, ready)
    with psycopg.connect(psycopg_conninfo(url)) as connection:
        tables = warehouse_rows(connection)
        result.rows = {table: len(rows) for table, (_, rows) in tables.items()}
        result.copy_seconds = load_with_copy(connection, tables)
        schema = server.create_database("bench_load_copy_into_schema")
        ensure_schema(schema).dispose()
        result.copy_into_schema_seconds = load_with_copy_into_schema(connection, schema, tables)
        result.to_sql_seconds = load_with_to_sql(url, connection, tables)
    return result


# --- 3. end to end, 4. peak memory ----------------------------------------------------------

def load_once(paths: list[Path], url: str, jobs: int) -> dict:
    """run_load in a fresh process (bench/load_once.py): seconds, statuses and peak RSS."""
    command = [sys.executable, str(Path(__file__).with_name("load_once.py")), "--db", url,
               "--jobs", str(jobs), *map(str, paths)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


@dataclass
class EndToEnd:
    jobs: int
    megabytes: float
    first: dict = field(default_factory=dict)  # what load_once.py printed
    rerun: dict = field(default_factory=dict)
    peer_megabytes: float = 0.0
    peer_seconds: float = 0.0
    peer_rows: int = 0

    @property
    def documents(self) -> int:
        return sum(self.first["statuses"].values())

    @property
    def documents_s(self) -> float:
        return rate(self.documents, self.first["seconds"])

    @property
    def mb_s(self) -> float:
        return rate(self.megabytes, self.first["seconds"])

    @property
    def rerun_percent(self) -> float:
        return 100 * self.rerun["seconds"] / self.first["seconds"]

    @property
    def peer_mb_s(self) -> float:
        return rate(self.peer_megabytes, self.peer_seconds)


def table_cells(frame: pd.DataFrame, document: str, table: int) -> pd.DataFrame:
    """A table in long form: one row per cell, so tables of every shape share one SQL table."""
    frame = frame.set_axis(range(frame.shape[1]), axis="columns")
    cells = frame.reset_index(drop=True).melt(ignore_index=False, var_name="column_index", value_name="value")
    cells = cells.reset_index(names="row_index").dropna(subset=["value"])
    return cells.assign(document=document, table_index=table, value=cells["value"].astype(str))


def naive_peer_load(paths: list[Path], url: str) -> tuple[float, float, int]:
    """What someone without pmdw would do: pandas.read_html every table of every HTML document
    and DataFrame.to_sql it, a document at a time. Returns (MB read, seconds, rows written)."""
    engine = create_engine(url)
    megabytes, rows = 0.0, 0
    started = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        if not looks_like_html(data[:4096].decode("utf-8", "replace")):
            continue  # plain text: nothing pandas can read
        megabytes += len(data) / MB
        tables = read_html_tables(data)
        if not tables:
            continue
        cells = pd.concat([table_cells(frame, str(path), index) for index, frame in enumerate(tables)])
        cells.to_sql("html_table_cells", engine, if_exists="append", index=False)
        rows += len(cells)
    seconds = time.perf_counter() - started
    engine.dispose()
    return megabytes, seconds, rows


def first_and_rerun(paths: list[Path], url: str, jobs: int, megabytes: float) -> EndToEnd:
    """run_load with ``jobs`` into ``url``: the first load, then the same on the unchanged files."""
    result = EndToEnd(jobs=jobs, megabytes=megabytes)
    log(f"end to end: first load (jobs={jobs}) into {url.split(':', 1)[0]}")
    result.first = load_once(paths, url, jobs)
    log("end to end: unchanged re-run")
    result.rerun = load_once(paths, url, jobs)
    return result


def run_naive_peer(paths: list[Path], url: str) -> tuple[float, float, int]:
    """naive_peer_load without pandas' notes on odd tables (not the subject here)."""
    log(f"end to end: naive peer (read_html + to_sql) into {url.split(':', 1)[0]}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return naive_peer_load(paths, url)


def measure_end_to_end(server: PostgresServer, corpus: CorpusStats, corpus_dir: Path, jobs: int) -> EndToEnd:
    result = first_and_rerun([corpus_dir], server.create_database("bench_end_to_end"), jobs, corpus.megabytes)
    result.peer_megabytes, result.peer_seconds, result.peer_rows = run_naive_peer(
        corpus.paths, server.create_database("bench_naive_peer"))
    return result


@dataclass
class PeakMemory:
    """Peak RSS of run_load over a quarter of the corpus (M documents) and over all of it (4M:
    the end-to-end first load)."""

    jobs: int
    quarter: dict = field(default_factory=dict)  # what load_once.py printed
    whole: dict = field(default_factory=dict)

    def growth(self, process: str) -> float:
        small, large = self.quarter[f"{process}_peak_kb"], self.whole[f"{process}_peak_kb"]
        return large / small if small else 1.0


def measure_peak_memory(server: PostgresServer, quarter: Path, end_to_end: EndToEnd) -> PeakMemory:
    log("peak memory: run_load over the first quarter of the corpus")
    url = server.create_database("bench_memory_quarter")
    return PeakMemory(jobs=end_to_end.jobs, quarter=load_once([quarter], url, end_to_end.jobs),
                      whole=end_to_end.first)


# --- report ----------------------------------------------------------------------------------

def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def comparison_row(measure: str, pmdw: str, limit: str, peer: str, to_limit: str, to_peer: str) -> str:
    return f"{measure:<31}{pmdw:>10}  {limit:<28}{peer:<33}{to_limit:>11}{to_peer:>10}"


def comparison_header() -> str:
    return comparison_row("measure", "pmdw", "limit", "naive peer", "pmdw/limit", "pmdw/peer")


def comparison_table(x: Extraction, lo: Loading, e: EndToEnd) -> list[str]:
    return [
        comparison_header(),
        comparison_row("extraction MB/s, 1 process", f"{x.pmdw_mb_s:.2f}",
                       f"lxml|splitlines {x.limit_mb_s:.1f}", f"read_html {x.read_html_mb_s:.2f} (HTML)",
                       f"{x.pmdw_mb_s / x.limit_mb_s:.3f}", f"{x.pmdw_html_mb_s / x.read_html_mb_s:.2f}"),
        comparison_row("  HTML documents", f"{x.pmdw_html_mb_s:.2f}", f"lxml {x.lxml_mb_s:.1f}",
                       f"read_html {x.read_html_mb_s:.2f}", f"{x.pmdw_html_mb_s / x.lxml_mb_s:.3f}",
                       f"{x.pmdw_html_mb_s / x.read_html_mb_s:.2f}"),
        comparison_row("  plain-text documents", f"{x.pmdw_text_mb_s:.2f}",
                       f"splitlines {x.splitlines_mb_s:.0f}", "-",
                       f"{x.pmdw_text_mb_s / x.splitlines_mb_s:.4f}", "-"),
        *loading_rows(lo),
        comparison_row(f"end to end MB/s, jobs={e.jobs}", f"{e.mb_s:.2f}", "-",
                       f"read_html+to_sql {e.peer_mb_s:.2f} (1 proc)", "-", f"{e.mb_s / e.peer_mb_s:.2f}"),
    ]


def loading_rows(lo: Loading) -> list[str]:
    return [
        comparison_row("loading rows/s, 1 process", f"{lo.pmdw_rows_s:,.0f}", f"COPY {lo.copy_rows_s:,.0f}",
                       f"to_sql {lo.to_sql_rows_s:,.0f}", f"{lo.pmdw_rows_s / lo.copy_rows_s:.3f}",
                       f"{lo.pmdw_rows_s / lo.to_sql_rows_s:.2f}"),
        comparison_row("  one document per load()", f"{lo.pmdw_per_document_rows_s:,.0f}", "", "",
                       f"{lo.pmdw_per_document_rows_s / lo.copy_rows_s:.3f}",
                       f"{lo.pmdw_per_document_rows_s / lo.to_sql_rows_s:.2f}"),
        comparison_row("  COPY into pmdw's tables", "", f"COPY {lo.copy_into_schema_rows_s:,.0f}", "",
                       f"{lo.pmdw_rows_s / lo.copy_into_schema_rows_s:.3f}", ""),
    ]


def loading_details(lo: Loading) -> str:
    rows = ", ".join(f"{table} {count:,}" for table, count in lo.rows.items())
    return (f"loading: {lo.documents} parsed documents, {lo.total_rows:,} fact rows ({rows}): "
            f"pmdw {lo.pmdw_seconds:.2f} s in batches of {lo.batch_size} documents "
            f"({lo.pmdw_per_document_seconds:.1f} s one at a time), COPY {lo.copy_seconds:.2f} s "
            f"(into pmdw's tables, with their indexes and keys: {lo.copy_into_schema_seconds:.2f} s), "
            f"to_sql {lo.to_sql_seconds:.1f} s")


def loading_target(lo: Loading) -> tuple[str, str, bool]:
    return ("loading >= 0.8 x raw COPY", f"{lo.pmdw_rows_s / lo.copy_rows_s:.3f} x",
            lo.pmdw_rows_s / lo.copy_rows_s >= TARGETS["loading"])


def details(x: Extraction, lo: Loading, e: EndToEnd, m: PeakMemory) -> list[str]:
    def megabytes(run: dict, process: str) -> str:
        return f"{run[f'{process}_peak_kb'] / 1024:.0f} MB"

    extraction = f"extraction: {x.parser_errors} parser errors; pandas.read_html found {x.read_html_tables:,} tables"
    end_to_end = (f"end to end: first load {e.documents} documents in {e.first['seconds']:.1f} s "
                  f"({e.documents_s:.1f} documents/s; {e.first['statuses']}); unchanged re-run "
                  f"{e.rerun['seconds']:.1f} s ({e.rerun['statuses']}); naive peer: {e.peer_megabytes:.1f} MB "
                  f"of HTML in {e.peer_seconds:.1f} s, {e.peer_rows:,} cells")
    memory = (f"peak RSS of run_load, jobs={m.jobs}, over M = a quarter of the corpus "
              f"({sum(m.quarter['statuses'].values())} documents) and 4M = all of it ({e.documents}): "
              f"writer {megabytes(m.quarter, 'writer')} -> {megabytes(m.whole, 'writer')}, "
              f"largest worker {megabytes(m.quarter, 'worker')} -> {megabytes(m.whole, 'worker')}")
    return [extraction, loading_details(lo), end_to_end, memory]


def target_table(x: Extraction, lo: Loading, e: EndToEnd, m: PeakMemory) -> list[str]:
    growth = max(m.growth("writer"), m.growth("worker"))
    targets = [
        ("extraction >= 0.5 x bare lxml", f"{x.pmdw_mb_s / x.limit_mb_s:.3f} x",
         x.pmdw_mb_s / x.limit_mb_s >= TARGETS["extraction"]),
        loading_target(lo),
        ("end to end >= 10 x naive peer", f"{e.mb_s / e.peer_mb_s:.2f} x",
         e.mb_s / e.peer_mb_s >= TARGETS["end_to_end"]),
        ("unchanged re-run <= 5% of first load", f"{e.rerun_percent:.1f} %",
         e.rerun_percent <= TARGETS["rerun_percent"]),
        ("peak RSS at 4M <= 1.2 x peak RSS at M", f"{growth:.2f} x", growth <= TARGETS["memory_growth"]),
    ]
    return target_lines(targets)


def target_lines(targets: list[tuple[str, str, bool]]) -> list[str]:
    width = max(42, *(len(name) + 2 for name, _, _ in targets))
    return [f"{'target (the issue)':<{width}}{'measured':>10}  result"] + [
        f"{name:<{width}}{measured:>10}  {verdict(passed)}" for name, measured, passed in targets
    ]


def report(corpus: CorpusStats, x: Extraction, lo: Loading, e: EndToEnd, m: PeakMemory) -> str:
    heading = (
        f"pmdw benchmark: {corpus.files} files, {corpus.megabytes:.1f} MB; "
        f"{x.html_documents + x.text_documents} documents ({x.html_documents} HTML, {x.text_documents} "
        f"plain text); {corpus.large_files} of 2-6 MB, {corpus.submission_files} complete submission "
        f"files; {os.cpu_count()} CPUs; parser {PARSER_VERSION}"
    )
    return "\n".join([heading, "", *comparison_table(x, lo, e), "", *details(x, lo, e, m), "",
                      *target_table(x, lo, e, m)])


def loading_report(corpus: CorpusStats, lo: Loading) -> str:
    heading = (f"pmdw benchmark, loading only: {corpus.files} files, {corpus.megabytes:.1f} MB; "
               f"{os.cpu_count()} CPUs; parser {PARSER_VERSION}")
    return "\n".join([heading, "", comparison_header(), *loading_rows(lo), "", loading_details(lo), "",
                      *target_lines([loading_target(lo)])])


def with_rates(value) -> dict:
    numbers = asdict(value)
    numbers.update({name: getattr(value, name) for name in dir(type(value))
                    if isinstance(getattr(type(value), name), property)})
    return numbers


def json_heading(corpus: CorpusStats) -> dict:
    corpus_numbers = {key: value for key, value in asdict(corpus).items() if key != "paths"}
    return {
        "parser_version": PARSER_VERSION,
        "cpus": os.cpu_count(),
        "corpus": {**corpus_numbers, "megabytes": corpus.megabytes},
    }


def as_json(corpus: CorpusStats, extraction: Extraction, loading: Loading, end_to_end: EndToEnd,
            memory: PeakMemory) -> dict:
    return {
        **json_heading(corpus),
        "extraction": with_rates(extraction),
        "loading": with_rates(loading),
        "end_to_end": with_rates(end_to_end),
        "peak_memory": {**asdict(memory), "writer_growth": memory.growth("writer"),
                        "worker_growth": memory.growth("worker")},
        "targets": TARGETS,
    }


# --- main ------------------------------------------------------------------------------------

def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="pmdw's 'Fast at scale' benchmark (see bench/README.md)")
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS, help="corpus size N, in files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="run_load worker processes (default: the number of CPUs)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of parse_document over 200 documents of the corpus "
                             "(with --only loading: of WarehouseLoader.load_batch)")
    parser.add_argument("--only", choices=["loading"],
                        help="run one part alone: 'loading' parses the corpus untimed and measures loading")
    args = parser.parse_args()
    if args.documents < 20:
        parser.error("--documents must be at least 20 (every 20th document is a registration statement)")
    return args


def build_quarters(corpus_dir: Path, documents: int, seed: int) -> tuple[CorpusStats, list[Path]]:
    """The corpus in four directories of about N/4 documents each (the first is the memory
    part's M)."""
    bounds = [documents * quarter // 4 for quarter in range(5)]
    quarters = [corpus_dir / f"quarter-{quarter + 1}" for quarter in range(4)]
    corpus = CorpusStats()
    for quarter, directory in enumerate(quarters):
        corpus.add(build_corpus(directory, range(bounds[quarter], bounds[quarter + 1]), seed=seed))
    return corpus, quarters


def main() -> None:
    args = arguments()
    loading_only = args.only == "loading"
    with tempfile.TemporaryDirectory(prefix="pmdw-bench-") as scratch:
        corpus_dir = Path(scratch) / "corpus"
        log(f"building a corpus of {args.documents} documents in {corpus_dir}")
        corpus, quarters = build_quarters(corpus_dir, args.documents, args.seed)
        if loading_only:
            log(f"parsing {corpus.megabytes:.1f} MB for the loading part (untimed)")
            ready = parse_for_loading(corpus.paths)
        else:
            log(f"extraction over {corpus.megabytes:.1f} MB: pmdw, lxml/splitlines, pandas.read_html")
            extraction, ready = measure_extraction(corpus.paths)
        server = PostgresServer().start()
        try:
            log("loading into PostgreSQL: pmdw, COPY, to_sql")
            loading = measure_loading(server, ready)
            if loading_only:
                profile = profile_loading(server, ready) if args.profile else None
            else:
                del ready
                end_to_end = measure_end_to_end(server, corpus, corpus_dir, args.jobs)
                memory = measure_peak_memory(server, quarters[0], end_to_end)
        finally:
            server.stop()
        if not loading_only:
            profile = profile_extraction(corpus.paths) if args.profile else None
    if loading_only:
        print(loading_report(corpus, loading))
        numbers = {**json_heading(corpus), "loading": with_rates(loading), "targets": TARGETS}
    else:
        print(report(corpus, extraction, loading, end_to_end, memory))
        numbers = as_json(corpus, extraction, loading, end_to_end, memory)
    if profile:
        print("\n" + profile)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2, default=str))
        log(f"numbers written to {args.json}")


if __name__ == "__main__":
    main()
