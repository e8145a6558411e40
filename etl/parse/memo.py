"""Caches of work on a document's own text, emptied before each document.

Readers ask the same questions of the same text many times in one document: a cell's kind and
value, a sentence's tokens, a person's name, a paragraph that both the region scan's evidence
and the assembler read. Those answers are cached, but only for the document being parsed:
`etl.parse.parse_document` empties every cache declared here before it starts. So a document
never parses faster because an earlier one held the same text (the real-input benchmark parses
copies of one filing; a sync reads different filings), and a worker's memory does not grow with
what it has read. A cache of a fixed vocabulary (HTML tag names, the scan's automaton) is
process-wide, declared with functools as usual.

>>> @per_document(maxsize=8)
... def shout(text):
...     return text.upper()
>>> shout("a"), shout("a"), shout.cache_info().currsize
('A', 'A', 1)
>>> forget(); shout.cache_info().currsize
0
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

_F = TypeVar("_F", bound=Callable)
_CACHES: list = []


def per_document(maxsize: int = 16384) -> Callable[[_F], _F]:
    """``functools.lru_cache(maxsize)``, emptied by `forget` before each document."""
    def wrap(function: _F) -> _F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]
    return wrap


def register(cached):
    """A cache made elsewhere (an ``lru_cache`` of a bound method), emptied with the others."""
    _CACHES.append(cached)
    return cached


def forget() -> None:
    """Empty every per-document cache (the start of a new document)."""
    for cached in _CACHES:
        cached.cache_clear()


def caches() -> tuple:
    return tuple(_CACHES)


class computed_once:
    """``functools.cached_property`` without its lock (Python 3.11 takes one on each first
    read, a thousand paragraphs and cells a document): a value of an object's frozen fields,
    kept in the instance's ``__dict__`` on its first read (it lives and dies with the object, so
    it is not one of the per-document caches); two threads at once compute the same value."""

    def __init__(self, compute):
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
