"""Finding the files to read: named files, the documents under directories, and glob matches.

Directories are walked once each (by their real path), following symlinks to directories; a
symlink that leads back to a directory it is in (a loop) is not followed and is reported, as are
directories that cannot be read and document names that lead nowhere: these come out as
``Skipped`` values beside the paths, so a run can quarantine them with their reason.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.extract.reading import path_text

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html")


@dataclass(frozen=True)
class Skipped:
    """A path found but not read, and why (a symlink loop, an unreadable directory, a link to
    nothing): reported like a document that cannot be read. ``str()`` is its location."""

    location: str
    reason: str

    def __str__(self) -> str:
        return self.location


def is_document_path(path: Path | str) -> bool:
    name = os.path.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(DOCUMENT_SUFFIXES)


def discover(arguments: Iterable[str]) -> Iterator[Path | Skipped]:
    """Files named on the command line, the documents under directories, and glob matches, each
    once (as its resolved path), with a ``Skipped`` for each path found but not readable.

    Directories are walked in sorted order so that runs are repeatable. A path that matches
    nothing raises FileNotFoundError.
    """
    seen: set[Path | Skipped] = set()
    walk = _Walk()
    for argument in arguments:
        for found in _found(argument, walk):
            key = found if isinstance(found, Skipped) else found.resolve()
            if key not in seen:
                seen.add(key)
                yield key


def _found(argument: str, walk: "_Walk") -> Iterator[Path | Skipped]:
    path = Path(argument)
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from walk.documents(argument)
    elif glob.has_magic(argument):
        yield from _matches(argument, walk)
    elif os.path.lexists(argument):  # a link to nothing, a pipe
        yield _nowhere(argument)
    else:
        raise FileNotFoundError(f"{argument}: no such file, directory or glob match")


def _matches(pattern: str, walk: "_Walk") -> Iterator[Path | Skipped]:
    """A glob's matching files, and the documents under its matching directories. A pattern
    with ``**`` is matched against one loop-safe walk (glob's own recursion follows a symlink
    loop for ever)."""
    if "**" in pattern:
        return iter(_walk_matches(pattern))
    names = sorted(glob.glob(pattern))
    if not names:
        raise FileNotFoundError(f"{pattern}: no such file, directory or glob match")
    found: list[Path | Skipped] = []
    for name in names:
            if os.path.isfile(name):
                found.append(Path(name))
            elif os.path.isdir(name):
                found += walk.documents(name)
            elif os.path.islink(name):
                found.append(_nowhere(name))
    return iter(found)


def _walk_matches(pattern: str) -> list[Path | Skipped]:
    """The files a ``**`` pattern matches, and the documents under the directories it matches
    (a directory is walked once, so their documents come from the same walk)."""
    regex = _pattern_regex(pattern)
    found: list[Path | Skipped] = []
    matched_any = False
    covered: set[str] = set()  # directories matched, or under one matched
    for entry in _Walk().everything(_static_root(pattern)):
        if isinstance(entry, Skipped):
            found.append(entry)
            continue
        path, kind = entry
        matched = regex.fullmatch(path) is not None
        under = os.path.dirname(path) in covered
        matched_any |= matched
        if kind == "dir" and (matched or under):
            covered.add(path)
        elif kind != "dir" and (matched or (under and is_document_path(path))):
            found.append(Path(path) if kind == "file" else _nowhere(path))
    if not matched_any:
        raise FileNotFoundError(f"{pattern}: no such file, directory or glob match")
    return found


class _Walk:
    """Directory walks that visit each real directory once (however many symlinks lead to it)
    and never follow a symlink back into a directory it is in."""

    def __init__(self) -> None:
        self.visited: set[str] = set()

    def documents(self, top: str) -> list[Path | Skipped]:
        """The document files under ``top`` (by suffix, gzipped too) in sorted order, after
        what was skipped there."""
        skipped, files = [], []
        for entry in self.everything(top):
            if isinstance(entry, Skipped):
                skipped.append(entry)
            elif entry[1] == "file" and is_document_path(entry[0]):
                files.append(Path(entry[0]))
            elif entry[1] == "other" and is_document_path(entry[0]):
                skipped.append(_nowhere(entry[0]))
        return [*skipped, *sorted(files)]

    def everything(self, top: str) -> Iterator[tuple[str, str] | Skipped]:
        """(path, "file", "dir" or "other") for what is under ``top`` ("other": a link to
        nothing, a pipe...), the path joined to ``top`` as glob joins it, depth first in name
        order; a Skipped for each symlink loop and unreadable directory. A directory a walk has
        been through is not walked again."""
        real = os.path.realpath(top)
        if real in self.visited:
            return
        self.visited.add(real)
        stack = [(top, (real,))]
        while stack:
            directory, ancestors = stack.pop()
            children = []
            for entry in self._entries(directory):
                if isinstance(entry, Skipped):
                    yield entry
                    continue
                path = entry.name if directory == "." else entry.path
                outcome = self._classify(entry, path, ancestors)
                if isinstance(outcome, Skipped):
                    yield outcome
                elif isinstance(outcome, tuple):
                    yield path, "dir"
                    children.append((path, (*ancestors, outcome[1])))
                elif outcome is not None:
                    yield path, outcome
            stack.extend(reversed(children))

    def _entries(self, directory: str) -> list:
        try:
            with os.scandir(directory) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError as error:
            return [Skipped(_location(directory), f"directory not readable: {error.strerror or error}")]

    def _classify(self, entry: os.DirEntry, path: str,
                  ancestors: tuple[str, ...]) -> str | tuple[str, str] | Skipped | None:
        """'file', 'other', ('dir', its real path) to walk, None for a directory walked
        already, or Skipped for a loop."""
        if entry.is_dir():
            real = os.path.realpath(path)
            if real in ancestors:
                return Skipped(_location(path), f"symlink loop: leads back to {path_text(real)}, a directory "
                                                "it is in; not followed")
            if real in self.visited:
                return None
            self.visited.add(real)
            return "dir", real
        return "file" if entry.is_file() else "other"


def _nowhere(path: str) -> Skipped:
    try:
        os.stat(path)
        why = "not a regular file"
    except OSError as error:
        why = f"symlink that leads nowhere ({error.strerror or error})"
    return Skipped(_location(path), why)


def _static_root(pattern: str) -> str:
    """The directory a pattern's wildcards start under.

    >>> _static_root("data/edgar/**/*.txt"), _static_root("**/*.htm"), _static_root("/x/*/**")
    ('data/edgar', '.', '/x')
    """
    segments = pattern.split("/")
    fixed = []
    for segment in segments[:-1]:
        if glob.has_magic(segment):
            break
        fixed.append(segment)
    root = "/".join(fixed)
    return root if root else ("/" if pattern.startswith("/") else ".")


def _pattern_regex(pattern: str) -> re.Pattern:
    """A glob pattern as a regular expression over the paths a walk gives: ``**`` is any number
    of directories, ``*`` and ``?`` stay within a name, and wildcards skip hidden names, as glob.

    >>> regex = _pattern_regex("data/**/*.txt")
    >>> [bool(regex.fullmatch(p)) for p in ("data/a/b/x.txt", "data/x.txt", "data/.git/x.txt", "data/a/x.htm")]
    [True, True, False, False]
    >>> bool(_pattern_regex("**/f[0-9]?.htm").fullmatch("a/f1x.htm"))
    True
    """
    segments = pattern.split("/")
    if pattern.startswith("./"):
        segments = segments[1:]
    parts = []
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment == "**":
            parts.append(r"(?:[^/.][^/]*(?:/[^/.][^/]*)*)?" if last else r"(?:[^/.][^/]*/)*")
        else:
            parts.append(_segment_regex(segment) + ("" if last else "/"))
    return re.compile("".join(parts))


def _segment_regex(segment: str) -> str:
    out = [] if segment.startswith(".") or not glob.has_magic(segment) else [r"(?!\.)"]
    position = 0
    while position < len(segment):
        char = segment[position]
        closing = segment.find("]", position + 2) if char == "[" else -1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif closing > 0:
            inner = segment[position + 1:closing]
            inner = "^" + inner[1:] if inner.startswith("!") else inner
            out.append(f"[{inner.replace(chr(92), chr(92) * 2)}]")
            position = closing
        else:
            out.append(re.escape(char))
        position += 1
    return "".join(out)


def _location(path: str) -> str:
    """Where a skipped path is, as stored: absolute, not resolved (a loop resolves elsewhere)."""
    return path_text(os.path.abspath(path))
