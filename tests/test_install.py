"""pmdw as a user installs it: a wheel in a fresh virtual environment, used outside the checkout.

The Alembic environment, its revisions and the sql/ queries must travel inside the package; an
editable install in the checkout would find them at the top of the repository and hide it.
"""

import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_a_wheel_installed_in_a_fresh_venv_loads_the_sample_and_runs_a_named_query(tmp_path):
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
                 cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("pmdw-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python, pmdw = env_dir / "bin" / "python", env_dir / "bin" / "pmdw"
    installed = _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([str(python), "-c", "import etl.db as d; print(d.MIGRATIONS_DIR); print(d.SQL_DIR)"], cwd=work)
    assert where.returncode == 0, where.stderr
    assert all(str(env_dir) in line for line in where.stdout.split()), where.stdout  # not the checkout's

    url = f"sqlite:///{work / 'warehouse.sqlite'}"
    loaded = _run([str(pmdw), "load", str(SAMPLE), "--db", url], cwd=work)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "1 loaded" in loaded.stdout + loaded.stderr

    queried = _run([str(pmdw), "query", "latest_disclosures", "--db", url], cwd=work)
    assert queried.returncode == 0, queried.stderr
    assert "David Dreman" in queried.stdout and "0000908737-06-000882" in queried.stdout

    reported = _run([str(pmdw), "report", "--out", str(work / "report.html"), "--db", url], cwd=work)
    assert reported.returncode == 0, reported.stderr  # matplotlib comes with the wheel's dependencies
    assert 'id="plot-assets-by-category"' in (work / "report.html").read_text(encoding="utf-8")
    # pmdw serve's Datasette, built from the installed package (etl.browse, the dictionary, sql/)
    page = _run([str(python), "-c",
                 "import asyncio; from pathlib import Path; from etl.browse import create_datasette\n"
                 "ds = create_datasette(Path('warehouse.sqlite'))\n"
                 "async def get():\n"
                 "    await ds.invoke_startup()\n"
                 "    return await ds.client.get('/warehouse/latest_disclosures')\n"
                 "r = asyncio.run(get()); print(r.status_code); print(r.text)"], cwd=work)
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("200") and "David Dreman" in page.stdout
