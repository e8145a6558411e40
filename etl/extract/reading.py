"""A file's bytes and text, within the limits: the size is known before anything is read, gzip
is decompressed as a bounded stream, and the encoding is chosen, recorded and its undecodable
bytes counted (never a silent guess that turns names into mojibake)."""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from etl.limits import DEFAULT_LIMITS, MiB, LimitExceeded, Limits


class ExtractError(Exception):
    """A file that cannot be read as a filing document; the message says why."""


GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer (CRC and length are checked)
_READ_CHUNK = 64 * 1024  # compressed bytes read at a time
_OUTPUT_CHUNK = MiB  # decompressed bytes produced at a time, so a limit is never overshot by more
RATIO_CHECKED_AFTER = 16 * MiB  # decompressed bytes before the compression ratio is judged


def path_text(path: os.PathLike | str | object) -> str:
    """A path as text that any database stores: a file name's bytes that are not UTF-8 (kept
    by Python as lone surrogates) are written as ``\\xNN``; every other name is unchanged, so
    the same file always gets the same text (re-runs recognise it).

    >>> path_text("/data/caf\\udce9.txt")
    '/data/caf\\\\xe9.txt'
    >>> path_text("/data/café \\"x\\".txt")
    '/data/café "x".txt'
    """
    text = str(path)  # a Path's str is its fspath; a discovery's Skipped is its location
    if text.isascii():
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: PurePath, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The SHA-256 of a file's bytes on disk, read in chunks; None when it cannot be read or is
    over the file-bytes limit (a quarantined file's hash must not cost what reading it would)."""
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > limits.file_bytes:
                return None
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def read_bytes(path: PurePath, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's content, gunzipped when it is gzip; a file over ``file_bytes`` on disk is
    refused before a byte is read, and gzip stops at ``stream_bytes`` or a bomb's ratio."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limits.file_bytes:
            raise LimitExceeded("file_bytes", f"file of {size:,} bytes on disk, not read")
        head = file.read(_SAMPLE)
        file.seek(0)
        if head[:2] == GZIP_MAGIC:
            return gunzip(file, limits)
        refuse_binary(head)  # before the rest is read
        data = _read_at_most(file, size, limits.file_bytes)
    if len(data) > limits.file_bytes:  # it grew while being read
        raise LimitExceeded("file_bytes", f"file of over {limits.file_bytes:,} bytes on disk")
    return data


def _read_at_most(file: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` + 1 of them. One read of the size the file has (a
    read asks for its whole buffer at once: asking for the limit would reserve a GiB of address
    space for every file), then chunks should it have grown."""
    data = file.read(min(size, limit) + 1)
    if len(data) <= size:
        return data
    chunks, total = [data], len(data)
    while total <= limit and (chunk := file.read(min(_OUTPUT_CHUNK, limit + 1 - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def gunzip(file: BinaryIO, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A gzip stream (one member or several) decompressed a chunk at a time, stopped as soon as
    it passes ``stream_bytes``, or ``compression_ratio`` once 16 MiB are out.

    >>> import gzip, io
    >>> bytes(gunzip(io.BytesIO(gzip.compress(b"one ") + gzip.compress(b"two"))))
    b'one two'
    >>> gunzip(io.BytesIO(gzip.compress(b"one two three")[:12]))
    Traceback (most recent call last):
    ...
    etl.extract.reading.ExtractError: not a readable gzip file (truncated: the compressed stream ends before its end)
    >>> gunzip(io.BytesIO(gzip.compress(b"x" * 5000)), Limits(stream_bytes=4096))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    etl.limits.LimitExceeded: gzip stream decompresses to over 4,096 bytes: over the stream-bytes limit; ...
    """
    out = bytearray()  # returned as is: a copy would double the peak
    sniffed = False
    consumed = 0
    decompressor = None
    pending = b""
    while True:
        if not pending:
            pending = file.read(_READ_CHUNK)
            if not pending:
                break
        if decompressor is None:  # a member starts (or zero padding after the last one)
            if not pending.strip(b"\0"):
                pending = b""
                continue
            decompressor = zlib.decompressobj(_GZIP_WBITS)
        offered = len(pending)
        try:
            out += decompressor.decompress(pending, min(_OUTPUT_CHUNK, limits.stream_bytes + 1 - len(out)))
        except zlib.error as error:
            raise ExtractError(f"not a readable gzip file ({error})") from error
        pending = decompressor.unused_data if decompressor.eof else decompressor.unconsumed_tail
        consumed += offered - len(pending)
        _check_expansion(len(out), consumed, limits)
        if not sniffed and len(out) >= _SAMPLE:  # binary content is refused before the rest is out
            refuse_binary(bytes(out[:_SAMPLE]))
            sniffed = True
        if decompressor.eof:
            decompressor = None
    if decompressor is not None:
        raise ExtractError("not a readable gzip file (truncated: the compressed stream ends before its end)")
    return out


def _check_expansion(produced: int, consumed: int, limits: Limits) -> None:
    if produced > limits.stream_bytes:
        raise LimitExceeded("stream_bytes", f"gzip stream decompresses to over {limits.stream_bytes:,} bytes")
    if produced >= RATIO_CHECKED_AFTER and produced > limits.compression_ratio * consumed:
        raise LimitExceeded("compression_ratio", f"gzip stream expands {produced // max(consumed, 1):,}-fold "
                                                 f"({consumed:,} bytes gave {produced:,} so far)")


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec's name as Python knows it: utf-8, utf-8-sig, utf-16-le, cp1252, ...
    replaced: int = 0  # undecodable byte sequences, each replaced by U+FFFD


# Byte-order marks, longest first (UTF-32's LE mark begins with UTF-16's).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r"  # what is not a control character
_CONTROLS = {c: None for c in (*range(0, 9), 11, *range(14, 32))}
_ASCII = bytes(range(128))
_SAMPLE = 8192
_REPLACEMENT_UTF8 = "\ufffd".encode()


def decode(data: bytes) -> Decoded:
    """Text from bytes, refusing empty and binary content. A byte-order mark names the encoding
    (UTF-8, UTF-16 or UTF-32, either order); else UTF-16 without a mark is recognised by its
    zero bytes; else valid UTF-8 is UTF-8. Bytes that are not valid UTF-8 are read as UTF-8 with
    the bad sequences replaced (and counted) when the text has more valid multi-byte UTF-8
    characters than bad sequences, and as Windows-1252 otherwise (a byte above 127 that does
    not form UTF-8 is what Windows-1252 text looks like). A NUL character past the first bytes
    (which would refuse the file as binary) is replaced and counted too: no database stores it.

    >>> decode("café".encode("cp1252"))
    Decoded(text='café', encoding='cp1252', replaced=0)
    >>> decode("Zoë Müller".encode() + b" \\xff")
    Decoded(text='Zoë Müller \\ufffd', encoding='utf-8', replaced=1)
    >>> decode("\\ufeffZoë".encode("utf-16-le"))
    Decoded(text='Zoë', encoding='utf-16-le', replaced=0)
    >>> decode("Zoë Müller".encode("utf-16-be"))
    Decoded(text='Zoë Müller', encoding='utf-16-be', replaced=0)
    >>> decode(b"\\x00\\x01\\x02\\x03 PK")
    Traceback (most recent call last):
    ...
    etl.extract.reading.ExtractError: binary content: not a text or HTML document
    >>> decode(b"x" * 9000 + b"\\x00").replaced
    1
    """
    decoded = _decoded(data)
    # "in" first: a search that stops at the first NUL (almost never there) costs a tenth of
    # count's full pass over a 2 MB document
    nuls = decoded.text.count("\0") if "\0" in decoded.text else 0
    if nuls:
        return Decoded(decoded.text.replace("\0", "\ufffd"), decoded.encoding, decoded.replaced + nuls)
    return decoded


def _decoded(data: bytes) -> Decoded:
    if not data or data.isspace():  # isspace, unlike strip, copies nothing
        raise ExtractError("empty file: no text to read")
    encoding, skip = _marked_encoding(data)
    if encoding is None:
        _refuse_binary(data[:_SAMPLE])
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            return _decode_invalid_utf8(data)
    text = data[skip:].decode(encoding, errors="replace")
    if not text or text.isspace():
        raise ExtractError("empty file: no text to read")
    if "\0" in text[:_SAMPLE] or len(text[:_SAMPLE].translate(_CONTROLS)) < len(text[:_SAMPLE]) * 0.95:
        raise ExtractError("binary content: not a text or HTML document")
    return Decoded(text, encoding, _replacements(text, data, encoding))


def _marked_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark names (or UTF-16's zero bytes show), and the mark's length.

    >>> _marked_encoding(b"\\xff\\xfe\\x00\\x00a\\x00\\x00\\x00"), _marked_encoding(b"a\\x00b\\x00c\\x00")
    (('utf-32-le', 4), ('utf-16-le', 0))
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    sample = data[:_SAMPLE - _SAMPLE % 2]
    halves = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, other, encoding in ((halves[1], halves[0], "utf-16-le"), (halves[0], halves[1], "utf-16-be")):
        if len(sample) >= 4 and zeros >= 0.9 * (len(sample) // 2) and other == 0:
            return encoding, 0
    return None, 0


def refuse_binary(head: bytes) -> None:
    """Raises ExtractError when the first bytes of a file are not text (a byte-order mark, or
    UTF-16's zero bytes, say they are).

    >>> refuse_binary("<html>".encode("utf-16"))  # text: nothing to say
    >>> refuse_binary(b"\\x1f\\x8b\\x08\\x00 compressed")
    Traceback (most recent call last):
    ...
    etl.extract.reading.ExtractError: binary content: not a text or HTML document
    """
    if _marked_encoding(head)[0] is None:
        _refuse_binary(head)


def _refuse_binary(sample: bytes) -> None:
    controls = len(sample.translate(None, _TEXT_BYTES))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ExtractError("binary content: not a text or HTML document")


def _decode_invalid_utf8(data: bytes) -> Decoded:
    text = data.decode("utf-8", errors="replace")
    replaced = _replacements(text, data, "utf-8")
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    multibyte = len(text) - ascii_bytes - replaced  # ASCII bytes decode one for one
    if multibyte > replaced:
        return Decoded(text, "utf-8", replaced)
    del text
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, "cp1252", _replacements(text, data, "cp1252"))


def _replacements(text: str, data: bytes, encoding: str) -> int:
    """U+FFFD in the text that were not in the bytes (as far as one can tell for UTF-8)."""
    found = text.count("\ufffd")
    if found and encoding.startswith("utf-8"):
        found -= data.count(_REPLACEMENT_UTF8)
    return max(found, 0)
