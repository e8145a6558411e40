"""The parser's caches hold one document's text at a time (`etl.parse.memo`): what a document
leaves in them does not depend on what was parsed before it, so no document parses faster
because an earlier one held the same text, and a worker does not grow with what it has read."""

from __future__ import annotations

from etl.extract import read_documents
from etl.parse import memo, parse_document
from tests.synthetic import CORPUS


def _text(name: str) -> str:
    return next(d for d in read_documents(CORPUS / name) if d.text.strip()).text


def _sizes() -> list[int]:
    return [cached.cache_info().currsize for cached in memo.caches()]


def test_a_document_leaves_the_same_caches_whatever_was_parsed_before_it():
    first, second = _text("h1-in-thousands.htm"), _text("r9-units-adviser-billions-trap.htm")
    memo.forget()
    alone = parse_document(second, is_html=True)
    sizes_alone = _sizes()
    parse_document(first, is_html=True)
    after_another = parse_document(second, is_html=True)
    assert after_another == alone
    assert _sizes() == sizes_alone
    assert sum(sizes_alone) > 0  # the readers do cache within a document


def test_every_text_cache_of_the_parser_is_per_document():
    """A cache that outlives its document is declared here on purpose: a fixed vocabulary."""
    import importlib
    import pkgutil

    import etl.parse

    per_document = {id(cached) for cached in memo.caches()}
    lasting = []
    for module in pkgutil.iter_modules(etl.parse.__path__):
        for name, value in vars(importlib.import_module(f"etl.parse.{module.name}")).items():
            if hasattr(value, "cache_clear") and id(value) not in per_document:
                lasting.append(f"{module.name}.{name}")
    assert sorted(set(lasting)) == ["names._vocabulary", "regions._automaton"]
