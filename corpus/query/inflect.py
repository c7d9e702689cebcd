"""English inflection of query words, from lemminflect's lexicon (``--inflect``, ``--cue``).

:func:`inflections` maps a word to every inflected form of its noun and verb lemmas: ``said``
-> say, says, said, saying; ``companies`` -> company, companies; ``left`` -> leave, leaves,
left, leaving (verb) and left, lefts (noun). Searching keeps only the forms that occur in the
index, so a form that never occurs costs nothing.

Why a library: on the 2,000 most frequent word forms of Reuters-21578 (tools/compare_inflection.py)
lemminflect's forms were inflections 99.2 % of the time against 85.9 % for the hand-written
suffix rules this module replaces, at the same recall.

Limits: English only; nouns and verbs (no comparatives, no modal pairs such as will/would, no
derivation: say does not reach sayer). A word lemminflect does not know (names, abbreviations:
``dlrs``) gets its out-of-vocabulary noun lemma and that lemma's plural; a word with several
lemmas gets the forms of all of them (``fed`` -> feed, feeds, ...), as the query cannot say which
is meant; one-letter lemmas are left out (``as`` is not the plural of ``a`` in a query).
lemminflect treats ``people`` as a lemma of its own, so it does not reach ``person`` (the old
hand-written table did). Lowercase in, lowercase out.

Loading lemminflect's tables costs about 1.8 s of CPU and 65 MB (it parses two CSV files and
imports NumPy for its out-of-vocabulary model), too much for every `corpus kwic --cue say`. So
each word's forms are memoised on disk, in a small SQLite file under
:func:`corpus.settings.cache_dir` keyed by lemminflect's version: a word looked up before costs
a millisecond and loads nothing; a new word loads the tables once per process. When the cache
cannot be written (read-only home), every process computes its words afresh: slower, same answer.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sqlite3
import sys
from functools import lru_cache
from typing import Any

from corpus.errors import ModelMissing
from corpus.settings import cache_dir

__all__ = ["inflections"]

_UPOS = ("NOUN", "VERB")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[Any, Any]:
    """lemminflect's lemmatizer and inflector, loaded on first use (about 1-2 s: its tables).

    The package's ``__init__`` imports spaCy (to register token extensions), which would put
    spaCy on the start-up path of ``corpus kwic --inflect``; the two classes are imported from
    their modules under a bare package instead, unless lemminflect is already imported.
    """
    if "lemminflect" not in sys.modules:
        spec = importlib.util.find_spec("lemminflect")
        if spec is None:
            raise ModelMissing("lemminflect is not installed: pip install lemminflect")
        sys.modules["lemminflect"] = importlib.util.module_from_spec(spec)
        try:
            from lemminflect.core.Inflections import Inflections
            from lemminflect.core.Lemmatizer import Lemmatizer
        finally:
            del sys.modules["lemminflect"]  # a later `import lemminflect` runs its __init__
    else:
        from lemminflect.core.Inflections import Inflections
        from lemminflect.core.Lemmatizer import Lemmatizer
    return Lemmatizer(), Inflections()


_MEMO_FORMAT = 1  # bump when _compute changes what it returns


@lru_cache(maxsize=1)
def _memo() -> sqlite3.Connection | None:
    """The on-disk memo of computed forms, or None when it cannot be opened or created."""
    import importlib.metadata  # here, not at the top: ~10 ms more for every `corpus kwic`

    try:
        version = importlib.metadata.version("lemminflect")
    except importlib.metadata.PackageNotFoundError:
        return None
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"inflections-lemminflect-{version}-v{_MEMO_FORMAT}.sqlite"
        db = sqlite3.connect(path, timeout=5, check_same_thread=False, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS forms (word TEXT PRIMARY KEY, forms TEXT NOT NULL)")
    except (OSError, sqlite3.Error):
        return None
    return db


@lru_cache(maxsize=4096)
def inflections(word: str) -> frozenset[str]:
    """The word and every inflected form of its noun and verb lemmas, lowercased.

    >>> sorted(inflections("said"))
    ['said', 'say', 'saying', 'says']
    """
    word = word.lower()
    if not word:
        return frozenset()
    db = _memo()
    if db is not None:
        try:
            row = db.execute("SELECT forms FROM forms WHERE word = ?", (word,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            return frozenset(row[0].split("\n"))
    forms = _compute(word)
    if db is not None:
        with contextlib.suppress(sqlite3.Error):  # a read-only or busy cache only costs time
            db.execute(
                "INSERT OR REPLACE INTO forms VALUES (?, ?)", (word, "\n".join(sorted(forms)))
            )
    return forms


def _compute(word: str) -> frozenset[str]:
    """What :func:`inflections` returns, from lemminflect's tables (loaded on first use)."""
    lemmatizer, inflector = _lexicon()
    forms = {word}
    found = False
    for upos in _UPOS:
        for lemma in lemmatizer.getAllLemmas(word, upos).get(upos, ()):
            found = True
            if len(lemma) < 2:  # as -> a, us -> u: plurals of letters are not what is meant
                continue
            forms.add(lemma)
            for infl in inflector.getAllInflections(lemma, upos).values():
                forms.update(infl)
    if not found and word.isalpha():
        for lemma in lemmatizer.getAllLemmasOOV(word, "NOUN").get("NOUN", ()):
            if len(lemma) < 2:
                continue
            forms.add(lemma)
            for infl in inflector.getAllInflectionsOOV(lemma, "NOUN").values():
                forms.update(infl)
    return frozenset(f.lower() for f in forms)
