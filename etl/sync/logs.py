"""Log lines of a sync run on stderr: plain text or JSON, every line carrying the run id, so the
lines of one night can be picked out of a journal or a cron mail."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

LOGGER_NAME = "pmdw.sync"


def _timestamp(record: logging.LogRecord) -> str:
    return dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds")


class PlainFormatter(logging.Formatter):
    """``2026-11-24T01:00:00.000+00:00 run=12 INFO read ...``"""

    def format(self, record: logging.LogRecord) -> str:
        return f"{_timestamp(record)} run={getattr(record, 'run_id', None) or '-'} {record.levelname} {record.getMessage()}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, run_id, message."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": _timestamp(record), "level": record.levelname.lower(),
                           "run_id": getattr(record, "run_id", None), "message": record.getMessage()})


def configure(log_format: str = "plain", level: int = logging.INFO) -> logging.Logger:
    """Sends the sync logger's lines to stderr in ``log_format`` ('plain' or 'json')."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return logger


def run_logger(run_id: int | None) -> logging.LoggerAdapter:
    """The sync logger with ``run_id`` on every record."""
    return logging.LoggerAdapter(logging.getLogger(LOGGER_NAME), {"run_id": run_id})
