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

Every field a row gives is scored, ``null`` included (a blank must stay NULL, never become 0);
a field the row leaves out (``as_of_date`` where the excerpt states none) is not scored for that
row, neither as expected nor as extracted. ``manager`` is required, and ``category`` on account
rows; ``fund`` may be left out (null). Managers match by normalized name (family, given name,
suffix; a lone family name such as "Ms. Brill" matches the only manager of that family); a
``fund`` of null matches any fund. ``metadata`` is optional and scored only where given.

Totals, over the values of account and ownership rows (not metadata): **right**; **wrong** (the
row was matched, the value differs); **missing** (the expected row was not extracted); **extra**
(the values of rows extracted but not expected). A wrong or missing value is a **silent error**
when nothing the validator says about the document (``etl.validate.check``, severity warning or
error) flags it:

- a wrong value is flagged by a finding whose ``subject`` covers the row's manager, kind of
  row, category and field (``as_of_date_missing``; a finding with a subject flags nothing
  else), or by one without a subject whose span overlaps the extracted row's span
  (``*_rows_not_read``, ``*_section_not_read`` and ``table_not_read`` carry their table's, so
  they flag every row read from that table);
- a missing value is flagged when the document has a finding about that kind of section: a check
  named ``other_accounts_*``/``accounts_*`` or ``figures_not_disclosed`` (a pre-effective
  filing's blank rows) for account rows, ``ownership_*`` for ownership rows, or a part that
  could not be read at all (``table_not_read``, ``prose_not_read``, or the parser failing on
  the whole document, which the loader quarantines); or when a finding's subject is that
  manager's rows of that kind (``manager_without_account_rows`` /
  ``manager_without_ownership_rows``: the document names him as a manager, no rows were read).

Extra rows are counted, not judged silent. Nothing else counts: a check must be in the lists
below (``EXPLAINS_MISSING``) or carry a span or subject to flag anything.
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
from etl.parse.records import ParsedDocument, Span
from etl.validate import Finding, check

ACCOUNT_FIELDS = ("num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd",
                  "as_of_date")
OWNERSHIP_FIELDS = ("range_low_usd", "range_high_usd", "as_of_date")
METADATA_FIELDS = ("accession_number", "cik", "form_type", "filed_date")
CATEGORIES = {"registered_investment_companies", "other_pooled_investment_vehicles",
              "other_accounts"}
FLAGGING_SEVERITIES = ("warning", "error")
PARSER_FAILED = "document_not_read"  # the parser raised on the whole document (the loader quarantines it)
_READ_FAILURES = ("table_not_read", "prose_not_read", PARSER_FAILED)
# findings that explain an expected row left unextracted, by check-name prefix
EXPLAINS_MISSING = {"accounts": ("other_accounts_", "accounts_", "figures_not_disclosed", *_READ_FAILURES),
                    "ownership": ("ownership_", *_READ_FAILURES)}


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
    right: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0
    silent_wrong: int = 0
    silent_missing: int = 0
    silent: dict[str, list[str]] = field(default_factory=dict)  # document -> its silent errors

    @property
    def perfect(self) -> bool:
        return not self.misses

    @property
    def silent_errors(self) -> int:
        """Wrong or missing values that no finding flags (see the module's docstring)."""
        return self.silent_wrong + self.silent_missing

    def _silently(self, document: str, miss: str) -> None:
        self.silent.setdefault(document, []).append(miss.removeprefix(f"{document}: "))

    def totals(self) -> dict:
        return {"documents": self.documents, "right": self.right, "wrong": self.wrong,
                "missing": self.missing, "extra": self.extra, "silent_errors": self.silent_errors,
                "silent_wrong": self.silent_wrong, "silent_missing": self.silent_missing}

    def as_dict(self) -> dict:
        return {**self.totals(),
                "fields": {name: {"precision": s.precision, "recall": s.recall, "expected": s.expected,
                                  "extracted": s.extracted, "right": s.true_positives}
                           for name, s in sorted(self.scores.items())},
                "silent": self.silent, "misses": self.misses}

    def report(self) -> str:
        lines = [f"{self.documents} labeled document(s)", "",
                 f"{'field':<40} {'precision':>9} {'recall':>7} {'expected':>9}"]
        for name in sorted(self.scores):
            s = self.scores[name]
            lines.append(f"{name:<40} {s.precision:>9.1%} {s.recall:>7.1%} {s.expected:>9}")
        lines += ["", f"values: {self.right} right, {self.wrong} wrong, {self.missing} missing, {self.extra} extra",
                  (f"silent errors: {self.silent_errors} ({self.silent_wrong} wrong, {self.silent_missing} missing "
                   "with no finding about their table or section)"), ""]
        lines += ["misses:", *[f"  {m}" for m in self.misses]] if self.misses else ["misses: none"]
        if self.silent:
            lines += ["", "silent errors by document:"]
            for document, misses in self.silent.items():
                lines += [f"  {document}:", *[f"    {m}" for m in misses]]
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


def _extracted_records(parsed: list[ParsedDocument], findings: list[list[Finding]]) -> tuple[list[dict], list[dict]]:
    accounts, ownership = [], []
    for doc, doc_findings in zip(parsed, findings):
        for row in doc.accounts:
            accounts.append({"key": row.manager.key, "family": row.manager.family,
                             "label": row.manager.full, "fund": row.fund,
                             "category": row.category.value, "span": row.span, "findings": doc_findings,
                             **{f: getattr(row, f) for f in ACCOUNT_FIELDS}})
        for row in doc.ownership:
            ownership.append({"key": row.manager.key, "family": row.manager.family,
                              "label": row.manager.full, "fund": row.fund, "span": row.span,
                              "findings": doc_findings, **{f: getattr(row, f) for f in OWNERSHIP_FIELDS}})
    return accounts, ownership


def _overlaps(a: Span, b: Span) -> bool:
    return a.line_start <= b.line_end and b.line_start <= a.line_end


def _flags_wrong(finding: Finding, row: dict, field_name: str, kind: str) -> bool:
    """Whether ``finding`` flags a wrong ``field_name`` of an extracted ``row`` of ``kind``; a
    finding about one manager's figures (with a subject) flags only those."""
    if finding.severity not in FLAGGING_SEVERITIES:
        return False
    if finding.subject is not None:
        return finding.subject.covers(row["key"], row.get("category"), field_name, kind)
    return bool(finding.span and _overlaps(finding.span, row["span"]))


def _explains_missing(kind: str, findings: list[Finding], manager: str) -> bool:
    """Whether the document says something about the ``kind`` of section a missing row of
    ``manager`` (as labeled) was in, or about that manager's rows of that kind (a finding whose
    subject is the manager: a named manager with no rows)."""
    return any(f.severity in FLAGGING_SEVERITIES and (
        f.check_name.startswith(EXPLAINS_MISSING[kind]) or f.subject is not None and f.subject.kind == kind
        and _subject_names(f.subject.manager, manager)) for f in findings)


def _subject_names(key: str, manager: str) -> bool:
    """Whether a subject's manager key is the labeled ``manager``: the same key, or the same
    family where the label gives none of the given name.

    >>> _subject_names("roe|jane|", "Jane Roe, CFA"), _subject_names("roe|jane|", "Ms. Roe"), _subject_names("roe|bo|", "Jane Roe")
    (True, True, False)
    """
    name = parse_person_name(manager)
    return name.key == key if name.given else key.split("|")[0] == name.key.split("|")[0]


def _label(name: str, kind: str, row: dict, manager: str) -> str:
    return f"{name}: {kind} {manager}" + (f" / {row['category']}" if "category" in row else "") \
        + (f" / {row['fund']}" if row.get("fund") else "")


def _score_records(kind: str, name: str, expected: list[dict], extracted: list[dict],
                   fields: tuple[str, ...], evaluation: Evaluation, findings: list[Finding]) -> None:
    families: dict[str, int] = defaultdict(int)
    for family in {(r["family"].lower(), r["key"]) for r in extracted}:
        families[family[0]] += 1
    unmatched = list(extracted)
    for want in expected:
        match = next((got for got in unmatched
                      if _manager_matches(want["manager"], got["key"], got["family"], families)
                      and _fund_matches(want.get("fund"), got["fund"])
                      and want.get("category", None) == got.get("category", None)), None)
        label = _label(name, kind, want, want["manager"])
        scored = [f for f in fields if f in want]
        for field_name in scored:
            evaluation.scores[f"{kind}.{field_name}"].expected += 1
        if match is None:
            evaluation.missing += len(scored)
            evaluation.misses.append(f"{label}: not extracted")
            if scored and not _explains_missing(kind, findings, want["manager"]):
                evaluation.silent_missing += len(scored)
                evaluation._silently(name, f"{label}: not extracted ({len(scored)} values)")
            continue
        unmatched.remove(match)
        for field_name in scored:
            _score_value(evaluation, f"{kind}.{field_name}", name, label, want, match, field_name)
    for extra in unmatched:
        for field_name in fields:
            evaluation.scores[f"{kind}.{field_name}"].extracted += 1
        evaluation.extra += len(fields)
        evaluation.misses.append(f"{_label(name, kind, extra, extra['label'])}: extracted but not expected")


def _score_value(evaluation: Evaluation, score_name: str, name: str, label: str, want: dict, match: dict,
                 field_name: str) -> None:
    score = evaluation.scores[score_name]
    score.extracted += 1
    expected, extracted = normalize_value(want[field_name]), normalize_value(match[field_name])
    if expected == extracted:
        score.true_positives += 1
        evaluation.right += 1
        return
    evaluation.wrong += 1
    miss = f"{label}: {field_name} expected {expected}, extracted {extracted}"
    evaluation.misses.append(miss)
    if not any(_flags_wrong(f, match, field_name, score_name.split(".")[0]) for f in match["findings"]):
        evaluation.silent_wrong += 1
        evaluation._silently(name, miss)


def load_expected(path: Path) -> dict:
    try:
        expected = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise LabelError(f"{path}: not JSON ({error})") from error
    for key in ("accounts", "ownership"):
        if not isinstance(expected.get(key), list):
            raise LabelError(f"{path}: '{key}' must be a list")
    for kind, required in (("accounts", {"manager", "category"}), ("ownership", {"manager"})):
        for row in expected[kind]:
            if not isinstance(row, dict):
                raise LabelError(f"{path}: {kind} row {row!r} is not an object")
            if missing := required - set(row):
                raise LabelError(f"{path}: {kind} row {row} lacks {sorted(missing)}")
            if kind == "accounts" and row["category"] not in CATEGORIES:
                raise LabelError(f"{path}: unknown category {row['category']!r}")
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
        name = document_path.name
        parsed, findings = _parse(documents, name, evaluation)
        accounts, ownership = _extracted_records(parsed, findings)
        everything = [f for doc_findings in findings for f in doc_findings]
        _score_records("accounts", name, expected["accounts"], accounts, ACCOUNT_FIELDS, evaluation, everything)
        _score_records("ownership", name, expected["ownership"], ownership, OWNERSHIP_FIELDS, evaluation,
                       everything)
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


def _parse(documents, name: str, evaluation: Evaluation) -> tuple[list[ParsedDocument], list[list[Finding]]]:
    """Each document parsed, with its findings; one the parser fails on is a miss (and a
    ``document_not_read`` finding), as the loader quarantines it, not the end of the evaluation."""
    parsed, findings = [], []
    for document in documents:
        try:
            doc = parse_document(document.text, is_html=document.is_html)
        except Exception as error:  # noqa: BLE001 - reported, as the loader does
            reason = f"parser error: {type(error).__name__}: {error}"
            evaluation.misses.append(f"{name}: {reason}")
            parsed.append(ParsedDocument(parser_version="", registrant=None, document_date=None))
            findings.append([Finding(PARSER_FAILED, "error", reason, None)])
            continue
        parsed.append(doc)
        findings.append(check(doc))
    return parsed, findings
