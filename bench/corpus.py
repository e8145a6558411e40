"""A deterministic benchmark corpus built from the labeled documents in tests/corpus/.

Each document is one of the labeled templates (33 HTML documents; 11 plain-text documents and the
two text documents of the labeled complete submission file), varied with a seeded random
(the managers' family names and the large dollar figures change) and padded with filler prose
and filler tables to the size of a real filing:

- 95% are supplements of 20-200 KB (log-uniform);
- 5% are registration statements of 2-6 MB whose portfolio-manager section is a small part;
- 1% (a fifth of the registration statements) come in an EDGAR complete submission file
  (`tests.synthetic.complete_submission`: a 485BPOS, a cover letter and a graphic).

Files sit at EDGAR archive paths, so each gets a CIK, an accession number and a document name:
`edgar/data/<CIK>/<accession without dashes>/<name>`, and `edgar/data/<CIK>/<accession>.txt`
for complete submission files. Document ``i`` (its text and its identity) depends only on
``seed`` and ``i``, so a corpus can be written in parts.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from etl.extract.submission import is_submission, split_submission
from etl.parse.names import parse_person_name
from tests.synthetic import complete_submission, html_filler, padded_html, padded_text, text_filler

REPO_ROOT = Path(__file__).resolve().parents[1]
LABELED = REPO_ROOT / "tests" / "corpus"

DEFAULT_SEED = 20261124
TEXT_SHARE = 0.3  # plain-text documents (EDGAR until about 2010); the rest HTML
LARGE_EVERY = 20  # every 20th document is a registration statement: 5%
# every 100th document is a registration statement in a complete submission file: 1% of the
# documents, a fifth of the large ones
SUBMISSION_EVERY = 100
SMALL_KB = (20, 200)
LARGE_MB = (2, 6)

SURNAMES = (  # replacements of every length from 3 to 12, so fixed-width columns stay aligned
    "Lam", "Roy", "Fry", "Kim", "Poe",
    "Diaz", "Ross", "Webb", "Nash", "Kahn",
    "Ortiz", "Gupta", "Lopes", "Moore", "Haley",
    "Haddad", "Hollis", "Ibarra", "Brandt", "Moreno",
    "Dembele", "Eriksen", "Hartley", "Balogun", "Landers",
    "Gallardo", "Valdivia", "Sheridan", "Holloway", "Marquard",
    "Jablonski", "Pemberton", "Rasmussen", "Whitcombe", "Yamaguchi",
    "Thibaudeau", "Kensington", "Fitzgerald", "Kowalewski", "Abernathey",
    "Fairweather", "Drummondson", "Blackwelder", "Ravenscroft", "Vanderpoole",
    "Ellingsworth", "Montgomeries", "Higginbotham", "Throckmorton", "Wolstenholme",
)
FILER_AGENTS = (950123, 1193125, 908737, 1104659, 1450789, 891092)

_LARGE_AMOUNT = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d+)?\s*(?:million|billion|thousand|[MB]\b)|\$\s?\d{1,3}(?:,\d{3}){2,}(?!,?\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    is_html: bool
    family_names: tuple[str, ...]


@dataclass
class CorpusStats:
    files: int = 0
    bytes: int = 0
    html_files: int = 0
    text_files: int = 0
    large_files: int = 0
    submission_files: int = 0
    paths: list[Path] = field(default_factory=list)

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6

    def add(self, other: CorpusStats) -> None:
        for name in ("files", "bytes", "html_files", "text_files", "large_files", "submission_files"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.paths += other.paths


# --- templates -------------------------------------------------------------------------------

def _family_names(document: Path) -> tuple[str, ...]:
    """The managers' family names in a labeled document's NAME.expected.json: the words to rename."""
    labels = json.loads(document.with_suffix(".expected.json").read_text())
    people = {row["manager"] for row in (*labels.get("accounts", ()), *labels.get("ownership", ()))}
    families = {parse_person_name(person).family for person in people}
    return tuple(sorted(family for family in families if len(family) > 2 and family.isalpha()))


def _templates_in(path: Path) -> list[Template]:
    """A labeled file's documents: itself, or the text documents of a complete submission file."""
    text, family_names = path.read_text(), _family_names(path)
    if path.suffix == ".htm":
        documents = [(path.name, text, True)]
    elif not is_submission(text):
        documents = [(path.name, text, False)]
    else:
        documents = [(part.filename, part.text, False) for part in split_submission(text)[1]]
    return [Template(name, content, is_html, tuple(f for f in family_names if f in content))
            for name, content, is_html in documents]


@cache
def templates() -> tuple[tuple[Template, ...], tuple[Template, ...]]:
    """(HTML templates, plain-text templates), read once."""
    every = [template for path in sorted(LABELED.glob("*.htm")) + sorted(LABELED.glob("*.txt"))
             for template in _templates_in(path)]
    return (tuple(t for t in every if t.is_html), tuple(t for t in every if not t.is_html))


# --- variation -------------------------------------------------------------------------------

def _renamed(text: str, family_names: tuple[str, ...], rng: random.Random) -> str:
    """Every family name replaced, consistently, as printed and in capitals, by an unused name
    of the same length (so fixed-width text tables keep their columns); kept if there is none."""
    replacements = {}
    for old in family_names:
        same_length = [new for new in SURNAMES
                       if len(new) == len(old) and new not in text and new not in replacements.values()]
        if same_length:
            replacements[old] = rng.choice(same_length)
    if not replacements:
        return text
    replacements |= {old.upper(): new.upper() for old, new in replacements.items()}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b")
    return pattern.sub(lambda match: replacements[match.group(1)], text)


def _new_digits(match: re.Match, rng: random.Random) -> str:
    out, first = [], True
    for char in match.group(0):
        if char.isdigit():
            char = str(rng.randint(1, 9) if first else rng.randint(0, 9))
            first = False
        out.append(char)
    return "".join(out)


def _refigured(text: str, rng: random.Random) -> str:
    """Large dollar figures ("$1.2 billion", "$15,700,000") get new digits, same format.
    Ownership ranges (up to $1,000,000) and counts are left alone."""
    return _LARGE_AMOUNT.sub(lambda match: _new_digits(match, rng), text)


# --- documents -------------------------------------------------------------------------------

def _target_size(index: int, rng: random.Random) -> int:
    if index % LARGE_EVERY == LARGE_EVERY // 2:
        return int(rng.uniform(*LARGE_MB) * 1_000_000)
    low, high = (math.log(kb * 1000) for kb in SMALL_KB)
    return int(math.exp(rng.uniform(low, high)))


def document_text(index: int, seed: int = DEFAULT_SEED) -> tuple[str, bool]:
    """Document ``index`` of the corpus: (its text, whether it is HTML)."""
    rng = random.Random(seed * 1_000_003 + index)
    html_templates, text_templates = templates()
    is_html = rng.random() >= TEXT_SHARE
    template = rng.choice(html_templates if is_html else text_templates)
    varied = _refigured(_renamed(template.text, template.family_names, rng), rng)
    filler_size = max(0, _target_size(index, rng) - len(varied))
    if is_html:
        return padded_html(varied, html_filler(rng, filler_size)), True
    return padded_text(varied, text_filler(rng, filler_size)), False


@cache
def _registrant_ciks(seed: int) -> list[int]:
    return random.Random(f"registrants:{seed}").sample(range(1_000_000, 2_000_000), 150)


def _identity(index: int, seed: int) -> tuple[int, str, str]:
    """(CIK, accession number, filing date as YYYYMMDD) of document ``index``."""
    rng = random.Random(f"identity:{seed}:{index}")
    year = rng.randint(2006, 2024)
    accession = f"{rng.choice(FILER_AGENTS):010d}-{year % 100:02d}-{index:06d}"
    filed = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return rng.choice(_registrant_ciks(seed)), accession, filed


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_corpus(directory: Path, indices: range, *, seed: int = DEFAULT_SEED) -> CorpusStats:
    """Writes documents ``indices`` under ``directory``/edgar/data and says what it wrote."""
    if indices.stop > 1_000_000:
        raise ValueError("at most 1,000,000 documents: the accession's sequence number has 6 digits")
    stats = CorpusStats()
    for index in indices:
        text, is_html = document_text(index, seed)
        cik, accession, filed = _identity(index, seed)
        folder = directory / "edgar" / "data" / str(cik)
        is_large = index % LARGE_EVERY == LARGE_EVERY // 2
        if index % SUBMISSION_EVERY == LARGE_EVERY + LARGE_EVERY // 2:
            text = complete_submission(text, accession=accession, cik=cik, form_type="485BPOS", filed=filed)
            path = folder / f"{accession}.txt"
            stats.submission_files += 1
        else:
            suffix = "htm" if is_html else "txt"
            path = folder / accession.replace("-", "") / f"d{accession[-6:]}d497.{suffix}"
        _write(path, text)
        stats.files += 1
        stats.bytes += len(text.encode("utf-8"))
        stats.html_files += is_html
        stats.text_files += not is_html
        stats.large_files += is_large
        stats.paths.append(path)
    return stats
