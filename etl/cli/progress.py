"""Progress reporters: a rich bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


_CONTROL_CHARACTERS = {c: f"\\x{c:02x}" for c in (*range(32), 127)}


def one_line(text: str) -> str:
    """A file name or reason as one printable line: control characters (a newline in a file
    name) written as ``\\xNN``; names that are not UTF-8 are already text (see path_text).

    >>> one_line("new\\nline.txt")
    'new\\\\x0aline.txt'
    """
    if not text.isascii():  # a lone surrogate (a name that is not UTF-8) cannot be printed
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.translate(_CONTROL_CHARACTERS)


class BarProgress:
    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
        )
        self._task = None

    def start(self, total_files: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("", total=total_files)

    def document(self, location: str, status: str, detail: str = "") -> None:
        if status == "quarantined":
            self._progress.console.print(f"[red]quarantined[/red] {escape(one_line(location))}: "
                                         f"{escape(one_line(detail))}")
        self._progress.update(self._task, description=escape(one_line(location.rsplit("/", 1)[-1])))

    def file_done(self) -> None:
        self._progress.advance(self._task)

    def finish(self) -> None:
        self._progress.stop()


class LogLineProgress:
    """One line per document on stderr: for cron, CI and pipes."""

    def start(self, total_files: int) -> None:
        click.echo(f"pmdw: {total_files} file(s) to read", err=True)

    def document(self, location: str, status: str, detail: str = "") -> None:
        click.echo(f"pmdw: {status}: {one_line(location)}" + (f" ({one_line(detail)})" if detail else ""),
                   err=True)

    def file_done(self) -> None:
        pass

    def finish(self) -> None:
        pass


def choose_progress(quiet: bool):
    from etl.pipeline import NoProgress

    if quiet:
        return NoProgress()
    return BarProgress() if sys.stderr.isatty() else LogLineProgress()
