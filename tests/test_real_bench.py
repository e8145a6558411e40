"""bench/real.py, the benchmark on real input, as a smoke test: on a stand-in of our own (never
the real files of ../shared), it runs end to end and prints its ratios and targets; without its
directory it skips cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.synthetic import registration_statement

REAL_BENCH = Path(__file__).resolve().parents[1] / "bench" / "real.py"


def run_real_bench(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REAL_BENCH), *arguments], capture_output=True, text=True,
                          check=True, timeout=300)


def test_real_bench_prints_ratios_and_targets_on_a_stand_in(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    # one of our fixtures padded with filler: a registration statement of about 0.3 MB
    (real_dir / "standin-485bpos.htm").write_text(registration_statement(megabytes=0.3))
    (real_dir / "form.idx").write_text("not a document: skipped\n")

    out = run_real_bench("--real-dir", str(real_dir), "--copies", "1", "--jobs", "2").stdout

    assert "K = 1 x standin-485bpos.htm + 1 complete submission file: 2 files" in out
    for row in ("parse MB/s, 1 process", "  whole=True", "load MB/s, SQLite, jobs=1",
                "load MB/s, PostgreSQL, jobs=1", "load MB/s, SQLite, jobs=2", "load MB/s, PostgreSQL, jobs=2"):
        assert f"\n{row} " in out
    for target in ("parse_document >= 0.5 x bare lxml", "load --jobs 1 >= 5 x naive peer, SQLite",
                   "load --jobs 1 >= 5 x naive peer, PostgreSQL", "re-run <= 5% of first load",
                   "peak RSS at 4K copies <= 1.2 x at K", "focused parse == whole parse, every document"):
        line = next(line for line in out.splitlines() if line.startswith(target))
        assert line.endswith(("PASS", "FAIL"))
    assert "0 parser errors" in out
    assert "focused parse == whole parse" in out and " 0 differ  PASS" in out


def test_real_bench_skips_cleanly_without_its_directory(tmp_path):
    result = run_real_bench("--real-dir", str(tmp_path / "absent"))

    assert result.stdout.startswith("real-input benchmark skipped: no HTML document in ")
    assert result.returncode == 0
