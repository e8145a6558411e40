"""Accuracy of the parser against labeled documents: per-field precision and recall.

A labeled document ``NAME.htm`` (or ``.html``, ``.txt``, gzipped or not) sits beside
``NAME.expected.json``::

    {
      "layout": "what the document reproduces",
      "accounts": [{"manager": "David Dreman", "fund": null,
                    "category": "registered_investment_companies",
                    "num_accounts": 19, "total_assets_usd": 15700000000,
                    "perf_num_accounts": 0, "perf_total_assets_usd": 0,
                    "as_of_date": "2006-11-30"}],
      "ownership": [{"manager": "David Dreman", "fund": "Dreman Small-Cap Value Portfolio",
                     "range_low_usd": 0, "range_high_usd": 0, "as_of_date": "2006-12-20"}],
      "metadata": {"accession_number": "...", "cik": 1126087, "form_type": "497",
                   "filed_date": "2006-12-21"}
    }

Every field is scored, ``null`` included (a blank must stay NULL, never become 0). Managers
match by normalized name (family, given name, suffix; a lone family name such as "Ms. Foley"
matches the only manager of that family); a ``fund`` of null matches any fund. ``metadata`` is
optional and scored only where given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from etl.extract import DOCUMENT_SUFFIXES, read_documents
from etl.parse import parse_document
from etl.parse.names import organization_key, parse_person_name
from etl.parse.records import ParsedDocument

ACCOUNT_FIELDS = ("num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd",
                  "as_of_date")
OWNERSHIP_FIELDS = ("range_low_usd", "range_high_usd", "as_of_date")
METADATA_FIELDS = ("accession_number", "cik", "form_type", "filed_date")
CATEGORIES = {"registered_investment_companies", "other_pooled_investment_vehicles",
              "other_accounts"}


class LabelError(ValueError):
    """An expected file that does not follow the format above."""


@dataclass
class FieldScore:
    true_positives: int = 0
    extracted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


@dataclass
class Evaluation:
    documents: int = 0
    scores: dict[str, FieldScore] = field(default_factory=lambda: defaultdict(FieldScore))
    misses: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not self.misses

    def report(self) -> str:
        lines = [f"{self.documents} labeled document(s)", "",
                 f"{'field':<40} {'precision':>9} {'recall':>7} {'expected':>9}"]
        for name in sorted(self.scores):
            s = self.scores[name]
            lines.append(f"{name:<40} {s.precision:>9.1%} {s.recall:>7.1%} {s.expected:>9}")
        lines.append("")
        lines += ["misses:", *[f"  {m}" for m in self.misses]] if self.misses else ["misses: none"]
        return "\n".join(lines)


def normalize_value(value):
    """Values compared as plain text: Decimal('15700000000.0') equals 15700000000."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        return str(number.quantize(Decimal(1))) if number == number.to_integral() else str(number.normalize())
    if isinstance(value, str):
        try:
            return normalize_value(Decimal(value))
        except ArithmeticError:
            return value
    return str(value)


def _manager_matches(expected: str, extracted_key: str, extracted_family: str,
                     families: dict[str, int]) -> bool:
    name = parse_person_name(expected)
    if name.given:
        return name.key == extracted_key
    return name.family.lower() == extracted_family.lower() and families[extracted_family.lower()] == 1


def _fund_matches(expected: str | None, extracted: str | None) -> bool:
    return expected is None or (extracted is not None and organization_key(expected) == organization_key(extracted))


def _extracted_records(parsed: list[ParsedDocument]) -> tuple[list[dict], list[dict]]:
    accounts, ownership = [], []
    for doc in parsed:
        for row in doc.accounts:
            accounts.append({"key": row.manager.key, "family": row.manager.family,
                             "label": row.manager.full, "fund": row.fund,
                             "category": row.category.value,
                             **{f: getattr(row, f) for f in ACCOUNT_FIELDS}})
        for row in doc.ownership:
            ownership.append({"key": row.manager.key, "family": row.manager.family,
                              "label": row.manager.full, "fund": row.fund,
                              **{f: getattr(row, f) for f in OWNERSHIP_FIELDS}})
    return accounts, ownership


def _score_records(kind: str, name: str, expected: list[dict], extracted: list[dict],
                   fields: tuple[str, ...], evaluation: Evaluation) -> None:
    families: dict[str, int] = defaultdict(int)
    for family in {(r["family"].lower(), r["key"]) for r in extracted}:
        families[family[0]] += 1
    unmatched = list(extracted)
    for want in expected:
        match = next((got for got in unmatched
                      if _manager_matches(want["manager"], got["key"], got["family"], families)
                      and _fund_matches(want.get("fund"), got["fund"])
                      and want.get("category", None) == got.get("category", None)), None)
        label = f"{name}: {kind} {want['manager']}" + (f" / {want['category']}" if "category" in want else "") \
            + (f" / {want['fund']}" if want.get("fund") else "")
        for field_name in fields:
            score = evaluation.scores[f"{kind}.{field_name}"]
            score.expected += 1
            if match is None:
                continue
            score.extracted += 1
            if normalize_value(want[field_name]) == normalize_value(match[field_name]):
                score.true_positives += 1
            else:
                evaluation.misses.append(f"{label}: {field_name} expected {normalize_value(want[field_name])}, "
                                         f"extracted {normalize_value(match[field_name])}")
        if match is None:
            evaluation.misses.append(f"{label}: not extracted")
        else:
            unmatched.remove(match)
    for extra in unmatched:
        for field_name in fields:
            evaluation.scores[f"{kind}.{field_name}"].extracted += 1
        evaluation.misses.append(
            f"{name}: {kind} {extra['label']}" + (f" / {extra['category']}" if "category" in extra else "")
            + (f" / {extra['fund']}" if extra.get("fund") else "") + ": extracted but not expected")


def load_expected(path: Path) -> dict:
    try:
        expected = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise LabelError(f"{path}: not JSON ({error})") from error
    for key in ("accounts", "ownership"):
        if not isinstance(expected.get(key), list):
            raise LabelError(f"{path}: '{key}' must be a list")
    for row in expected["accounts"]:
        missing = {"manager", "fund", "category", *ACCOUNT_FIELDS} - set(row)
        if missing:
            raise LabelError(f"{path}: account row {row} lacks {sorted(missing)}")
        if row["category"] not in CATEGORIES:
            raise LabelError(f"{path}: unknown category {row['category']!r}")
    for row in expected["ownership"]:
        missing = {"manager", "fund", *OWNERSHIP_FIELDS} - set(row)
        if missing:
            raise LabelError(f"{path}: ownership row {row} lacks {sorted(missing)}")
    return expected


def labeled_documents(directory: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(directory.rglob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        candidates = [expected.with_name(stem + suffix + gz) for suffix in DOCUMENT_SUFFIXES
                      for gz in ("", ".gz")]
        documents = [c for c in candidates if c.exists()]
        if len(documents) != 1:
            raise LabelError(f"{expected}: expected one document named {stem}.htm/.html/.txt beside it, "
                             f"found {len(documents)}")
        pairs.append((documents[0], expected))
    return pairs


def evaluate_directory(directory: Path) -> Evaluation:
    evaluation = Evaluation()
    for document_path, expected_path in labeled_documents(directory):
        expected = load_expected(expected_path)
        documents = read_documents(document_path)
        parsed = [parse_document(d.text, is_html=d.is_html) for d in documents]
        accounts, ownership = _extracted_records(parsed)
        name = document_path.name
        _score_records("accounts", name, expected["accounts"], accounts, ACCOUNT_FIELDS, evaluation)
        _score_records("ownership", name, expected["ownership"], ownership, OWNERSHIP_FIELDS, evaluation)
        for key, want in expected.get("metadata", {}).items():
            score = evaluation.scores[f"metadata.{key}"]
            score.expected += 1
            score.extracted += 1
            got = getattr(documents[0].metadata, key)
            if normalize_value(want) == normalize_value(got):
                score.true_positives += 1
            else:
                evaluation.misses.append(f"{name}: metadata {key} expected {want}, extracted {got}")
        evaluation.documents += 1
    return evaluation
