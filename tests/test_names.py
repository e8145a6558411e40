"""The plain-name fast path of etl/parse/names.py gives exactly what nameparser gives.

`plain_name_parts` reads a plain name by position instead of asking nameparser's HumanName
(`nameparser_parts`, the reference). Where it answers, the answer must be HumanName's; where it
cannot prove a name plain it must say None. Checked over every name the fixtures ask for, every
manager name of the expected files, and a generated family of names: plain words, nameparser's
own vocabulary in every position, initials of every letter with and without periods, upper
case, hyphens, apostrophes, Mc/O', one-letter words, roman numerals and non-ASCII letters.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import pkgutil
import random
import re
from pathlib import Path

import pytest

import etl.parse
from etl.parse import memo, names, parse_document
from etl.parse.names import nameparser_parts, parse_person_name, plain_name_parts

CORPUS = Path(__file__).parent / "corpus"


def _agrees(text: str) -> bool:
    """The fast path declines `text`, or answers what nameparser answers."""
    fast = plain_name_parts(text)
    return fast is None or fast == nameparser_parts(text)


_RECORDED = ("plain_name_parts", "clean_person_text", "looks_like_person")


def _asked_of_the_fixtures() -> dict[str, set[str]]:
    """Every text the parser asks each of `_RECORDED` while reading the fixtures (focused and
    whole), recorded wherever a module of etl.parse holds the function."""
    modules = [names] + [importlib.import_module(f"etl.parse.{m.name}") for m in pkgutil.iter_modules(etl.parse.__path__)]
    asked: dict[str, set[str]] = {name: set() for name in _RECORDED}
    patched = []
    for name in _RECORDED:
        original = getattr(names, name)

        def recording(text, _original=original, _seen=asked[name]):
            _seen.add(text)
            return _original(text)

        for module in modules:
            if getattr(module, name, None) is original:
                patched.append((module, name, original))
                setattr(module, name, recording)
    try:
        for path in sorted(CORPUS.iterdir()):
            if path.suffix in (".htm", ".txt"):
                text = path.read_text(encoding="utf-8", errors="replace")
                for whole in (False, True):
                    memo.forget()
                    parse_document(text, is_html=path.suffix == ".htm", whole=whole)
    finally:
        for module, name, original in patched:
            setattr(module, name, original)
    return asked


@pytest.fixture(scope="module")
def asked() -> dict[str, set[str]]:
    return _asked_of_the_fixtures()


@pytest.fixture(scope="module")
def fixture_names(asked) -> set[str]:
    return asked["plain_name_parts"]


def test_every_name_the_fixtures_ask_for_reads_as_nameparser_reads_it(fixture_names):
    differ = sorted(t for t in fixture_names if not _agrees(t))
    assert not differ


def test_the_fast_path_is_taken_for_the_plain_names_of_the_fixtures(fixture_names):
    """If this fails, nameparser's version or configuration changed and the fast path turned
    itself off: redo the proof in names.py for the new nameparser, then raise _PROVEN_FOR_VERSION."""
    fast = [t for t in fixture_names if plain_name_parts(t) is not None]
    assert len(fast) >= len(fixture_names) // 2, (len(fast), len(fixture_names))
    for plain in ("Nikhil Roe", "Kristen E. Bartholdson", "Jo Q Public", "Doug McAllister",
                  "Rosalie Okafor-Dunn", "Erin  Ksenak", "BNY Mellon", "Jane ROE", "Hoover"):
        assert plain_name_parts(plain) is not None, plain


def _expected_managers() -> set[str]:
    found: set[str] = set()
    for path in CORPUS.glob("*.expected.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for section in data.values():
            if isinstance(section, list):
                found.update(row["manager"] for row in section
                             if isinstance(row, dict) and isinstance(row.get("manager"), str))
    return found


def test_every_manager_name_of_the_expected_files_reads_as_nameparser_reads_it():
    managers = _expected_managers()
    assert len(managers) > 100
    assert not [m for m in sorted(managers) if not _agrees(m)]
    assert sum(plain_name_parts(m) is not None for m in managers) > len(managers) // 2


PLAIN_WORDS = ["Anna", "Jo", "Kevin", "Roe", "Ksenak", "Wu", "Ng", "Okafor", "Lindqvist", "Ivanovich",
               "Ogly", "McAllister", "LaForge", "DiCaprio", "MacArthur", "Mary-Kate", "Su-Jin",
               "Okafor-Dunn", "Ede", "Abe", "Ola", "Xu", "Yi", "Ek", "Oz"]


def _vocabulary_words() -> list[str]:
    """Words of every field of nameparser's lexicon, a few of each (sorted, so stable)."""
    lexicon = names._reference_lexicon()
    words: list[str] = []
    for field in dataclasses.fields(lexicon):
        if not field.name.startswith("_"):
            field_words = sorted(w for w in names._field_words(getattr(lexicon, field.name)) if w.isascii())
            words += field_words[:12] + field_words[-6:]
    return sorted(set(words))


def _spellings(word: str) -> list[str]:
    return [word, word.capitalize(), word.upper(), word.title()]


def test_nameparser_vocabulary_in_any_position_reads_as_nameparser_reads_it():
    odd = [w for v in _vocabulary_words() for w in _spellings(v)]
    for word in odd:
        for name in (word, f"{word}.", f"{word} Roe", f"Jo {word}", f"Jo {word} Roe", f"{word} Jo Roe", f"Jo Roe {word}",
                     f"{word}. Roe", f"Jo {word}. Roe"):
            assert _agrees(name), name


def test_initials_of_every_letter_read_as_nameparser_reads_them():
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    taken = 0
    for letter in letters + [x.lower() for x in letters]:
        for initial in (letter, f"{letter}."):
            for name in (f"Jo {initial} Roe", f"{initial} Roe", f"{initial} Jo Roe", f"Jo {initial}",
                         f"{initial} {initial} Roe", f"Jo Roe {initial}"):
                assert _agrees(name), name
                taken += plain_name_parts(name) is not None
    assert taken > 100


ODD_WORDS = ["O'Neil", "D'Angelo", "O\u2019Rourke", "José", "Müller", "Łukasz", "Rollé", "Ó", "ROE", "JO",
             "Ii", "Iii", "Iv", "Vi", "Vii", "Ix", "Xi", "IV", "V", "I", "X", "y", "e", "de", "van",
             "Van-Damme", "Al-Hassan", "Co-Chair", "Jr", "Jr.", "III", "CFA", "Ph.D.", "Ma", "MA",
             "Mc", "Mac", "St", "St.", "Abdul", "Nee", "Geb", "Sir", "Dr", "Mr.", "The", "And", "Roe-",
             "BNY", "XI", "XII", "VIII", "XIV", "MC", "JR", "DU", "LA", "XYZ", "AB", "MD", "PHD", "KIM"]


def test_a_generated_family_reads_as_nameparser_reads_it():
    pool = PLAIN_WORDS + ODD_WORDS + ["J.", "Q.", "E.", "Y.", "J", "Q"]
    for a in pool + [w.upper() for w in pool] + [w.lower() for w in pool]:
        assert _agrees(a), a
    for a, b in itertools.product(pool, repeat=2):
        assert _agrees(f"{a} {b}"), f"{a} {b}"
    rng = random.Random(11)
    for _ in range(3000):
        name = " ".join(rng.choice(pool) for _ in range(rng.choice((2, 3, 3, 4))))
        assert _agrees(name), name


def _invented_word(rng: random.Random) -> str:
    consonants, vowels = "bcdfghjklmnprstvwxyz", "aeiou"
    syllables = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(1, 3)))
    word = rng.choice(("", "", "o", "a", "i", "e", "u")) + syllables + rng.choice(("", "n", "s", "v", "r"))
    return word.capitalize()


def test_many_plain_names_read_as_nameparser_reads_them():
    rng = random.Random(7)
    taken = 0
    for _ in range(4000):
        words = [_invented_word(rng) for _ in range(rng.choice((1, 2, 3, 3)))]
        if len(words) == 3 and rng.random() < 0.4:
            words[1] = rng.choice("ABCDEFGHJKLMNOPQRSTUWYZ") + rng.choice((".", ""))
        if rng.random() < 0.2:
            words[-1] += "-" + _invented_word(rng)
        if rng.random() < 0.3:
            at = rng.randrange(len(words))
            words[at] = words[at].upper()
        name = " ".join(words)
        assert _agrees(name), name
        taken += plain_name_parts(name) is not None
    assert taken > 2000


@pytest.mark.parametrize("printed", [
    "NIKHIL G. LALVANI", "Kristen E.\nBartholdson", "Erin\xa0Ksenak", "Jo Roe, CFA", "Dr. Jane Q. Roe",
    "E. Clifton Hoover, Jr.", "Mei-Ling Carraway2", "Jo Ro<b>e</b>", "Kevin O'Rourke", "Jo (Jojo) Roe",
    "JO ROE III", "Mr. Jo Roe", "Jo  Roe", "Anna Maria Lindqvist",
])
def test_parse_person_name_is_the_same_with_and_without_the_fast_path(printed, monkeypatch):
    memo.forget()
    fast = parse_person_name(printed)
    memo.forget()
    monkeypatch.setattr(names, "plain_name_parts", lambda text: None)
    assert parse_person_name(printed) == fast
    memo.forget()


# --- the cheap first tests of clean_person_text and looks_like_person --------------------------

def _clean_reference(text: str) -> str:
    """clean_person_text as it was before its first tests: every substitution tried."""
    text = " ".join(text.replace("\u200b", "").replace("\xa0", " ").split())
    text = re.sub(r",(?=\S)", ", ", text)
    text = names._GLUED_WORDS.sub(names._unglue, text)
    text = names._FOOTNOTE_TAIL.sub("", text)
    return text.strip(" ,;:")


def _looks_like_person_reference(text: str) -> bool:
    cleaned = names._NICKNAME.sub(" ", names.strip_role(_clean_reference(text)))
    cleaned = re.sub(r",\s*(?:CFA|CPA|CAIA|FRM|CFP|Ph\.?\s?D\.?|J\.?D\.?|M\.?B\.?A\.?)\b\.?", "", cleaned)
    words = cleaned.replace(",", " ").split()
    if not 1 < len(words) <= 6:
        return False
    if any(part.strip(".") in names._NOT_IN_NAMES for w in words for part in w.lower().split("-")):
        return False
    if any(ch.isdigit() for ch in cleaned) or any(ch in cleaned for ch in "$%/&:;()"):
        return False
    return all(w[0].isupper() or w.lower() in names._PARTICLES for w in words if w[0].isalpha())


HAND_WRITTEN = [
    "TeodorBalcescu, CFA", "Ann MacArthur", "Jo McDonald", "Anand G. Varadkar, CFA1,2", "Roe" + "9" * 40 + "x",
    "Jane Roe\u2020", "Jane Roe\u2021,*", "Jane Roe (1)", "Jane Roe\u0661", "JANE ROE2", "Jane\nRoe3",
    "Jane\xa0Roe*", "Ja\u200bne Roe", "Jane Ro<b>e</b>", "Jane Roe &amp; Bo Park", "E. Clifton\nHoover,Jr.",
    "Cornelius T. (C.T.) Mayhew, III", 'Ravindra ("Ravi") Gohil', "Xiaoming (Sam) Zhou", "Gary Roe (co-lead)",
    "Jane Roe,CFA", "Jane Roe, Ph. D.", "Jane Roe , CPA", "JaneRoe", "Jane RoeSmith", "Portfolio Manager",
    "Registered Investment Companies", "Total", "Assets ($ millions)", "Jane Roe,", ", Jane Roe", "",
    "Ann Bo Cy Di Ed Flo, CFA", "Ann Bo Cy Di Ed Flo,Ph.D.", "Ann Bo Cy Di Ed Flo , M.B.A.",
]


def test_clean_person_text_is_what_it_was_before_its_first_tests(asked):
    texts = asked["clean_person_text"] | asked["looks_like_person"] | set(HAND_WRITTEN)
    assert len(texts) > 500
    memo.forget()
    assert [t for t in texts if names.clean_person_text(t) != _clean_reference(t)] == []


def test_looks_like_person_is_what_it_was_before_its_first_tests(asked):
    texts = asked["looks_like_person"] | asked["clean_person_text"] | set(HAND_WRITTEN)
    memo.forget()
    assert [t for t in texts if t and names.looks_like_person(t) != _looks_like_person_reference(t)] == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_vocabulary_edited_after_import_is_read_again():
    from nameparser.config import CONSTANTS

    assert plain_name_parts("Kevin Roe") == ("Kevin", "", "Roe", "")
    CONSTANTS.titles.add("kevin")
    try:
        assert plain_name_parts("Kevin Roe") is None
        assert nameparser_parts("Kevin Roe") == ("", "", "Roe", "")
    finally:
        CONSTANTS.titles.remove("kevin")
    assert plain_name_parts("Kevin Roe") == ("Kevin", "", "Roe", "")  # read again: as it was


def test_under_another_nameparser_version_every_name_goes_to_nameparser(monkeypatch):
    import nameparser

    monkeypatch.setattr(nameparser, "VERSION", (2, 7, 0))
    names._vocabulary.cache_clear()
    try:
        assert plain_name_parts("Kevin Roe") is None
        memo.forget()
        assert parse_person_name("Kevin G. Roe") == names.PersonName("Kevin", "G.", "Roe", "")
    finally:
        monkeypatch.undo()
        names._vocabulary.cache_clear()
        memo.forget()
    assert plain_name_parts("Kevin Roe") == ("Kevin", "", "Roe", "")
