"""The benchmarks' parse measurement: documents a batch at a time, each contender in its own pass
(bench/run.py `measure_extraction`), so that none is charged for another's garbage; every
document is still measured by every contender, and the focused parse still compared with the
whole one."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.run as bench_run
from etl.extract import read_documents
from etl.parse import parse_document

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture
def paths() -> list[Path]:
    return sorted(CORPUS.glob("h1-*.htm"))[:4] + sorted(CORPUS.glob("*.txt"))[:2]


def test_batches_keep_every_document_in_order_and_cut_at_the_size(paths, monkeypatch):
    monkeypatch.setattr(bench_run, "BATCH_BYTES", 1)  # every file its own batch
    one_each = [[d.text for d in batch] for batch in bench_run.batches(paths)]
    monkeypatch.setattr(bench_run, "BATCH_BYTES", 10**9)  # one batch
    [everything] = [[d.text for d in batch] for batch in bench_run.batches(paths)]

    expected = [d.text for path in paths for d in read_documents(path)]
    assert len(one_each) == len(paths)
    assert [text for batch in one_each for text in batch] == everything == expected


def test_every_document_is_measured_by_every_contender_in_passes(paths, monkeypatch):
    monkeypatch.setattr(bench_run, "BATCH_BYTES", 30_000)  # several batches of several documents
    result, ready = bench_run.measure_extraction(paths, whole=True)

    documents = [d for path in paths for d in read_documents(path)]
    html = [d for d in documents if d.is_html]
    assert result.html_documents == len(html) and result.text_documents == len(documents) - len(html)
    assert result.html_bytes == sum(len(d.text.encode()) for d in html)
    assert min(result.pmdw_html_seconds, result.lxml_seconds, result.read_html_seconds,
               result.pmdw_whole_html_seconds, result.pmdw_text_seconds, result.splitlines_seconds) > 0
    assert result.parser_errors == 0 and result.whole_differs == 0
    assert [parsed for _, parsed, _ in ready] == [parse_document(d.text, is_html=d.is_html) for d in documents]
