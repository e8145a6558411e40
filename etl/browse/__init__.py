"""``pmdw serve``: the warehouse in Datasette, read-only, in this process (uvicorn).

Read-only four times over: HTTP methods other than GET, HEAD and OPTIONS are answered 405; the
SQLite file is opened ``mode=ro``; each connection runs with ``PRAGMA query_only``; and
Datasette's write connection is refused outright. No canned query is a writable one, and
Datasette runs only SELECTs typed on the page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.engine import make_url

from etl.browse.metadata import DATABASE, build_metadata
from etl.db import SQL_DIR, ConfigurationError, database_url

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
SETTINGS = {
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "allow_download": False,   # the page is for reading rows, not for carrying the file away
    "truncate_cells_html": 0,  # the raw text of a fact is shown whole
}


def sqlite_file(url: str | None) -> Path:
    """The SQLite file a warehouse URL names; a PostgreSQL (or other) URL is refused with what
    to do instead, a missing file with how to make one."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ConfigurationError(
            f"pmdw serve shows SQLite warehouses only, and {parsed.get_backend_name()} is not one: "
            "export the warehouse first (pmdw export --db URL --format sqlite --out DIR) and "
            "serve the exported file (pmdw serve --db sqlite:///DIR/pmdw.sqlite)")
    if parsed.database in (None, "", ":memory:"):
        raise ConfigurationError(f"no warehouse file in {url!r} to serve")
    path = Path(parsed.database).resolve()
    if not path.is_file():
        raise ConfigurationError(f"no warehouse at {url}: load something first (pmdw load PATH)")
    return path


def _read_only_database_class():
    from datasette.database import Database

    class ReadOnlyDatabase(Database):
        """Datasette's database, opened ``mode=ro`` with ``query_only``; no write connection."""

        def connect(self, write=False):
            if write:
                raise sqlite3.OperationalError("pmdw serve is read-only: no writes to the warehouse")
            connection = super().connect(write=False)
            connection.execute("PRAGMA query_only = 1")
            return connection

    return ReadOnlyDatabase


def create_datasette(path: Path, entries: Iterable | None = None, sql_dir: Path = SQL_DIR):
    """A Datasette over the warehouse file at ``path``, configured by the project (descriptions
    from the data dictionary, canned queries from sql/, facets, the provenance plugin)."""
    from datasette.app import Datasette

    from etl.browse import plugin

    if entries is None:
        from etl.dictionary import entries as dictionary_entries
        entries = dictionary_entries()
    plugin.register()
    _quiet_client_errors()
    datasette = Datasette(metadata=build_metadata(entries, sql_dir), settings=SETTINGS)
    datasette.pmdw_read_only = True  # plugin.asgi_wrapper: GET, HEAD and OPTIONS only
    datasette.add_database(_read_only_database_class()(datasette, path=str(path), is_mutable=True),
                           name=DATABASE)
    return datasette


def _quiet_client_errors() -> None:
    """Datasette prints every error page, a 404 or a refused statement alike, as a traceback
    with its locals when ``rich`` is installed (pmdw uses rich): on the serve terminal that
    is noise. Without it, server errors (500) still print their traceback."""
    from datasette import handle_exception

    handle_exception.rich = None


def serve(path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM): uvicorn stops accepting, finishes what is in
    flight and returns; the signal it re-raises afterwards is the normal end, not an error.
    The address is announced once the server listens; a port it cannot take is a
    ConfigurationError."""
    server = _server(create_datasette(path), host, port, lambda: announce(
        f"Serving {path} read-only at http://{_url_host(host)}:{port}/{DATABASE} (Ctrl-C to stop)"))
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    except SystemExit:  # uvicorn's way of saying it could not start (it logged why)
        if server.started:
            raise
    if not server.started:
        raise ConfigurationError(f"could not listen on {host}:{port}: is the port taken "
                                 "(another pmdw serve)? choose another with --port")
    announce("Stopped.")


def _server(datasette, host: str, port: int, listening: Callable[[], None]):
    """A uvicorn server for Datasette's app that calls ``listening`` once it listens."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:
                listening()

    return Server(uvicorn.Config(datasette.app(), host=host, port=port, log_level="warning",
                                 lifespan="on", access_log=False))


def _url_host(host: str) -> str:
    """An address as it stands in a URL.

    >>> _url_host("::1"), _url_host("127.0.0.1")
    ('[::1]', '127.0.0.1')
    """
    return f"[{host}]" if ":" in host else host
