"""Progress reporters: a rich bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


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
            self._progress.console.print(f"[red]quarantined[/red] {location}: {detail}")
        self._progress.update(self._task, description=location.rsplit("/", 1)[-1])

    def file_done(self) -> None:
        self._progress.advance(self._task)

    def finish(self) -> None:
        self._progress.stop()


class LogLineProgress:
    """One line per document on stderr: for cron, CI and pipes."""

    def start(self, total_files: int) -> None:
        click.echo(f"pmdw: {total_files} file(s) to read", err=True)

    def document(self, location: str, status: str, detail: str = "") -> None:
        click.echo(f"pmdw: {status}: {location}" + (f" ({detail})" if detail else ""), err=True)

    def file_done(self) -> None:
        pass

    def finish(self) -> None:
        pass


def choose_progress(quiet: bool):
    from etl.pipeline import NoProgress

    if quiet:
        return NoProgress()
    return BarProgress() if sys.stderr.isatty() else LogLineProgress()
