"""A folder of hostile and broken inputs beside the bundled sample, each case small enough for CI.

Each case is cheap because the test lowers the limits it trips (``LOWERED_LIMITS``): a gzip
bomb of 64 MiB of zeros trips a 4 MiB stream limit, as a 1 GB bomb trips the 1 GiB default.
``write_hostile_folder(folder)`` writes every case and returns what each must come to.

Run ``python -m tests.hostile DIR`` to write the folder and try it by hand:
``pmdw load DIR --limit ...`` with the limits printed.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "samples/edgar/data/1126087/000090873706000882/dec20.txt"
DISCLOSURE = REPO_ROOT / "tests/corpus/h5-prose-beside-table.htm"

LOWERED_LIMITS = {
    "stream-bytes": "32MiB",
    "file-bytes": "2MiB",
    "document-bytes": "1MiB",
    "table-rows": "400",
    "table-cells": "4000",
    "raw-text-chars": "2000",
}


@dataclass(frozen=True)
class Expected:
    """What a case must come to: ``quarantined`` (the reason matches ``reason``), ``loaded``
    (with a disclosure), ``no_disclosure``, or ``reported`` (named in the run's output)."""

    outcome: str
    reason: str = ""


def _html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>\n"


def _disclosure_html() -> str:
    return DISCLOSURE.read_text(encoding="utf-8")


def _gzip_bomb(path: Path) -> None:
    """64 MiB of zeros in about 64 KB."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        zeros = b"\0" * 2**20
        for _ in range(64):
            out.write(zeros)


def _text_bomb(path: Path) -> None:
    """48 MiB of one letter in about 48 KB: text, so only the ratio guard stops it."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        letters = b"a" * 2**20
        for _ in range(48):
            out.write(letters)


def _html_bomb(path: Path) -> None:
    """A gzip that holds a legal-looking HTML page much larger than the stream limit."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"<html><body>")
        paragraph = b"<p>" + b"Filler text of a prospectus. " * 30 + b"</p>\n"
        for _ in range(40 * 2**20 // len(paragraph)):
            out.write(paragraph)
        out.write(b"</body></html>")


def _deep_nesting(depth: int = 20_000) -> str:
    """The disclosure at the bottom of a well of nested elements."""
    body = _disclosure_html().split("<body>", 1)[-1].split("</body>", 1)[0]
    return _html("<div>" * depth + body + "</div>" * depth)


def _xxe() -> str:
    return ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            + _disclosure_html().replace("</body>", "<p>Leak: &secret;</p></body>", 1))


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [{"".join(entities)}]>\n'
            + _html("<p>&lol9;</p>"))


def _long_table(rows: int = 2000) -> str:
    body = "".join(f"<tr><td>Account {i}</td><td>{i}</td><td>${i}.5 million</td></tr>" for i in range(rows))
    return _disclosure_html().replace("</body>", f"<table>{body}</table></body>", 1)


def _span_bomb() -> str:
    cell = '<td colspan="100000" rowspan="100000">x</td>'
    return _disclosure_html().replace("</body>", f"<table><tr>{cell}<td>1</td></tr></table></body>", 1)


def _stray_byte() -> bytes:
    """UTF-8 text with one byte that is not UTF-8: still UTF-8, with the byte counted."""
    text = _disclosure_html().replace("</body>", "<p>Zoë Ångström, caf\u00e9.</p></body>", 1)
    return text.encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9", 1)


def _writers() -> dict[str, tuple[object, Expected]]:
    """File name -> (content or writer, what it must come to)."""
    disclosure = _disclosure_html()
    return {
        # zeros are refused as binary from the first chunk; text past the ratio as a bomb
        "gzip-bomb.htm.gz": (_gzip_bomb, Expected("quarantined", r"binary")),
        "text-bomb.txt.gz": (_text_bomb, Expected("quarantined", r"compression-ratio")),
        "html-bomb.htm.gz": (_html_bomb, Expected("quarantined", r"stream-bytes|compression-ratio")),
        "truncated.htm.gz": (gzip.compress(disclosure.encode())[:200], Expected("quarantined", r"gzip")),
        "oversized.htm": (_html("<p>" + "word " * 600_000 + "</p>"), Expected("quarantined", r"file-bytes")),
        "deep-nesting.htm": (_deep_nesting(), Expected("quarantined", r"nesting-depth")),
        "xxe.htm": (_xxe(), Expected("loaded")),
        "billion-laughs.htm": (_billion_laughs(), Expected("no_disclosure")),
        "long-table.htm": (_long_table(), Expected("loaded")),
        "span-bomb.htm": (_span_bomb(), Expected("loaded")),
        "utf16.htm": (disclosure.encode("utf-16"), Expected("loaded")),
        "cp1252.htm": (disclosure.replace("</body>", "<p>Caf\u00e9 \u201cquoted\u201d</p></body>").encode("cp1252"),
                       Expected("loaded")),
        "stray-byte.htm": (_stray_byte(), Expected("loaded")),
        "binary.htm": (bytes(range(256)) * 64, Expected("quarantined", r"binary")),
        "empty.txt": (b"", Expected("quarantined", r"empty")),
        "name with spaces and 'quotes'.htm": (disclosure, Expected("loaded")),
        "new\nline.htm": (disclosure, Expected("loaded")),
        "fünf-ñame.htm": (disclosure, Expected("loaded")),
    }


def write_hostile_folder(folder: Path) -> dict[str, Expected]:
    """Writes the sample and every hostile case into ``folder``; returns file name -> Expected.

    The name that is not valid UTF-8 and the symlink loop are file-system cases: written on
    POSIX only."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    shutil.copy(SEED, folder / SEED.name)
    expected[SEED.name] = Expected("loaded")
    for name, (content, outcome) in _writers().items():
        path = folder / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected[name] = outcome
    if os.name == "posix":
        raw_name = os.fsencode(folder) + b"/caf\xe9.htm"
        with open(raw_name, "wb") as out:
            out.write(_disclosure_html().encode("utf-8"))
        expected["caf\\xe9.htm"] = Expected("loaded")  # stored with the byte escaped
        loop = folder / "loop"
        loop.mkdir()
        (loop / "back").symlink_to(folder, target_is_directory=True)
        expected["loop/back"] = Expected("reported", r"symlink loop|loop")
    return expected


def limit_options() -> list[str]:
    return [option for name, value in LOWERED_LIMITS.items() for option in ("--limit", f"{name}={value}")]


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for name, case in write_hostile_folder(target).items():
        print(f"{name!r}: {case.outcome} {case.reason}")
    print("limits:", " ".join(limit_options()))
