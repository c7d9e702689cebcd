"""corpus.query.inflect: the forms a query word expands to with --inflect (lemminflect)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from corpus.query.inflect import inflections

# Exact sets: each line is what `--inflect` adds for the word, so a missing or an extra form fails.
CASES = [
    ("say", {"say", "says", "said", "saying"}),
    ("said", {"say", "says", "said", "saying"}),  # the old rules also gave do/does/did
    ("noted", {"note", "notes", "noted", "noting"}),
    ("stop", {"stop", "stops", "stopped", "stopping"}),
    ("agree", {"agree", "agrees", "agreed", "agreeing"}),
    ("deny", {"deny", "denies", "denied", "denying"}),
    ("stress", {"stress", "stresses", "stressed", "stressing"}),
    ("rose", {"rise", "rises", "rose", "risen", "rising", "roses"}),  # verb and noun
    ("meeting", {"meet", "meets", "met", "meeting", "meetings"}),
    ("companies", {"company", "companies"}),
    ("children", {"child", "children"}),
    ("left", {"leave", "leaves", "left", "leaving", "lefts"}),
    ("is", {"be", "am", "is", "are", "was", "were", "been", "being"}),
    ("dlrs", {"dlr", "dlrs"}),  # unknown to the lexicon: its noun lemma and plural
]


@pytest.mark.parametrize(("word", "expected"), CASES)
def test_inflections_are_exactly_the_forms_of_the_lemmas(word: str, expected: set[str]) -> None:
    assert inflections(word) == expected


def test_case_is_folded() -> None:
    assert inflections("Said") == inflections("said")


def test_letters_are_not_lemmas_and_numbers_stay_themselves() -> None:
    assert inflections("as") == {"as"}
    assert inflections("us") == {"us"}
    assert inflections("3.5") == {"3.5"}
    assert inflections("") == frozenset()


def test_no_spacy_on_the_inflect_path() -> None:
    # lemminflect's package __init__ imports spaCy; `kwic --inflect` must not pay for it.
    code = (
        "import sys\nfrom corpus.query.inflect import inflections\n"
        "assert 'saying' in inflections('say')\nprint('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_forms_are_memoised_on_disk_and_read_back_without_lemminflect(tmp_path) -> None:
    # A second process finds the word in the memo and never loads lemminflect's tables.
    code = (
        "import sys\nfrom corpus.query.inflect import inflections\n"
        "print(' '.join(sorted(inflections('say'))))\n"
        "print(any(m.startswith('lemminflect') for m in sys.modules))"
    )
    env = {**os.environ, "CORPUS_CACHE": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout.split("\n")
        for _ in range(2)
    ]
    assert runs[0][:2] == ["said say saying says", "True"]
    assert runs[1][:2] == ["said say saying says", "False"]
    assert list(tmp_path.glob("inflections-lemminflect-*.sqlite"))


def test_an_unwritable_cache_costs_time_not_answers(tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    code = "from corpus.query.inflect import inflections\nprint(sorted(inflections('denied')))"
    env = {**os.environ, "CORPUS_CACHE": str(blocked / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "['denied', 'denies', 'deny', 'denying']"
