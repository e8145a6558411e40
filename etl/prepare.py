"""What a worker does with a file: extract it, skip its unchanged documents (before parsing),
parse and validate the others.

A worker process imports this module and what it imports, no more: the extract stage, the
parser, the checks and the driver's look-up of stored documents (etl.stored), but not the
writer's SQLAlchemy, models and Alembic (etl.pipeline, etl.load, etl.db), which a worker never
uses. Keep it so: every import here is paid by every worker before its first document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from etl.extract import (
    ExtractError,
    Skipped,
    SourceDocument,
    file_digest,
    path_text,
    read_documents,
)
from etl.extract.metadata import FilingMetadata
from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse import PARSER_VERSION, ParsedDocument, parse_document
from etl.stored import Recipe, StoredFiling, lookup
from etl.validate import Finding, check, check_source


@dataclass
class Prepared:
    """One document made ready by a worker: parsed, or found unchanged, or rejected.

    The document's text is dropped before it travels back to the writer."""

    document: SourceDocument
    parsed: ParsedDocument | None = None
    findings: list[Finding] = field(default_factory=list)
    rejection: str | None = None

    @property
    def is_unchanged(self) -> bool:
        return self.parsed is None and self.rejection is None


@dataclass
class PreparedFile:
    """A file's documents, with the size and modification time it had when it was read."""

    path: str
    size: int
    mtime_ns: int
    documents: list[Prepared]


@dataclass
class FileFailure:
    """A file that could not be read at all (empty, binary, broken gzip)."""

    path: str
    content_sha256: str | None
    reason: str


def prepare_file(path: Path | Skipped, overrides: FilingMetadata | None,
                 stored: Callable[[str], StoredFiling | None],
                 limits: Limits = DEFAULT_LIMITS) -> PreparedFile | FileFailure:
    """Extract, skip what is unchanged (before parsing), parse and validate one file's documents.

    A path that discovery skipped (a symlink loop, an unreadable directory) and a file that
    cannot be read come back as a FileFailure with the reason. Pure of side effects on the
    warehouse: ``stored`` only looks up what is there."""
    if isinstance(path, Skipped):
        return FileFailure(path.location, None, path.reason)
    try:
        stat = path.stat()  # before reading: a file changed while read is read again next time
        documents = read_documents(path, overrides, limits)
    except (ExtractError, LimitExceeded) as error:
        return FileFailure(path_text(path), file_digest(path, limits), str(error))
    except OSError as error:
        return FileFailure(path_text(path), None, f"cannot read the file: {error.strerror or error}")
    except MemoryError:  # while reading the file: this file alone
        return FileFailure(path_text(path), None, out_of_memory())
    prepared = [_prepare_document(document, stored, limits) for document in documents]
    return PreparedFile(path_text(path), stat.st_size, stat.st_mtime_ns, prepared)


def _prepare_document(document: SourceDocument, stored: Callable[[str], StoredFiling | None],
                      limits: Limits) -> Prepared:
    light = replace(document, text="")
    if document.rejection is not None:
        return Prepared(light, rejection=document.rejection)
    known = stored(document.identity_key)
    if known and (known.content_sha256, known.parser_version) == (document.content_sha256, PARSER_VERSION):
        return Prepared(light)
    try:
        parsed = parse_document(document.text, is_html=document.is_html, limits=limits)
    except LimitExceeded as error:
        return Prepared(light, rejection=str(error))
    except MemoryError:  # past the worker's address-space limit: this document alone
        return Prepared(light, rejection=out_of_memory())
    except Exception as error:  # a parser bug must not take the batch down
        return Prepared(light, rejection=f"parser error: {type(error).__name__}: {error}")
    return Prepared(light, parsed, check(parsed) + check_source(document))


def out_of_memory() -> str:
    return str(LimitExceeded("worker_memory_bytes", "the worker reading it ran out of memory"))


# --- in a worker process ------------------------------------------------------------------

_worker_lookup = None  # the worker's look-up of stored documents (etl.stored)


def start_worker(recipe: Recipe) -> None:
    """A worker's set-up: how to ask the warehouse what it holds (connected at the first question)."""
    global _worker_lookup
    _worker_lookup = lookup(recipe)


def prepare_in_worker(task: tuple[Path, FilingMetadata | None, Limits],
                      mark: Callable[[str], None]) -> PreparedFile | FileFailure:
    """``prepare_file`` in a worker. Each document's lookup marks the start of that document,
    so the time limit counts per document, not per file."""
    path, overrides, limits = task

    def stored(identity_key: str) -> StoredFiling | None:
        mark(identity_key)
        return _worker_lookup.stored(identity_key)

    try:
        return prepare_file(path, overrides, stored, limits)
    except MemoryError:  # while reading the file: this file alone
        return FileFailure(path_text(path), None, out_of_memory())
