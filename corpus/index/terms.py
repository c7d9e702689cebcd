"""How values become index terms: the token pattern of the text, name keys, date bounds.

One definition each, shared by the index writer, the query side and the statistics:

- :data:`TOKEN_PATTERN`: words of ``\\w`` characters with inner dots kept (U.S., 3.5); no stop
  words, no stemming: a concordancer must find "the" and tell "said" from "says";
- :func:`clean_key`: a keyword as looked up (lowercased, commas and runs of spaces read as one
  space); :func:`name_key` adds hyphens (ids are slugs of names) and :func:`name_keys` lists every
  key an entity is found by;
- :func:`date_bounds`: the days a partial ISO date can mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TOKEN_PATTERN = r"\w+(\.?\w+)*"
# The same pattern with a non-capturing group, for re.finditer/findall over stored text.
TOKEN_RE = re.compile(r"\w+(?:\.?\w+)*")


def analyzer() -> Any:
    """The analyzer of the ``text`` and ``title`` fields (also used to parse queries)."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


def clean_key(value: str) -> str:
    return " ".join(value.replace(",", " ").lower().split())


def name_key(value: str) -> str:
    """A name or id as looked up: lowercased, hyphens and commas read as spaces.

    ``vladimir-putin`` (an id) and ``Vladimir Putin`` (its name) give one key, so an entity
    whose id is its name's slug costs one indexed term, not two.
    """
    return clean_key(value.replace("-", " "))


def name_keys(ident: str, name: str) -> list[str]:
    """Lowercased keys an entity is found by: id and full name (as :func:`name_key`), and the
    words of the name and of the id."""
    keys: list[str] = []
    for value in (ident, name):
        key = name_key(value)
        if key:
            keys.append(key)
    for value in (name, ident.replace("-", " ")):
        keys.extend(w for w in re.findall(r"\w+", value.lower()) if len(w) > 1)
    seen: dict[str, None] = dict.fromkeys(keys)
    return list(seen)


def date_bounds(date: str) -> tuple[str, str] | None:
    """The first and last day an ISO (possibly partial) date can mean, as YYYY-MM-DD strings.

    ``2022`` -> (2022-01-01, 2022-12-31); ``2022-02`` -> (2022-02-01, 2022-02-31) (string bounds,
    day 31 is fine for comparison); a date with a time keeps its day; dates without a year
    (``--02-12``) have no bounds.
    """
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month is None:
        return f"{year}-01-01", f"{year}-12-31"
    if day is None:
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-{month}-{day}", f"{year}-{month}-{day}"


# --- corpus-level speaker identity -----------------------------------------------------------

# Letters Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
     "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th"}
)  # fmt: skip
_ELIDED = re.compile(r"[.'’`ʼ]")  # "J.P." -> jp, "O'Neill" -> oneill
_NON_WORD = re.compile(r"[\W_]+")


def speaker_key(name: str) -> str:
    """A speaker's name as one corpus-level key: case, diacritics and punctuation folded.

    ``Recep Tayyip Erdoğan``, ``RECEP TAYYIP ERDOGAN`` and ``Recep-Tayyip Erdogan`` give
    ``recep tayyip erdogan``; dots and apostrophes inside a name vanish (``J.P. Morgan`` ->
    ``jp morgan``, ``O'Neill`` -> ``oneill``). Word order and spelling variants (Yury/Yuri)
    are kept apart: two different full names are never one key.
    """
    import unicodedata

    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ELIDED.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


SPEAKER_KEY_FIELD = "spkey"  # index field: one term per (class, key) of a document's speakers


def speaker_term(kind: str, key: str) -> str:
    """The ``spkey`` term of a speaker: ``person:yury ushakov``; ``kind`` is the speaker's class
    (``Quote.speaker_class``: the entity kind, or ``anonymous`` for a description)."""
    return f"{kind}:{key}"


class SpeakerMap:
    """Corpus-level speaker identity: a document-level speaker key -> the corpus key.

    Within a document the annotator already names a speaker by its fullest form, so a
    surname-only key (``ushakov``) comes from a document that never gives the full name. Across
    the corpus such a one-word *named person* key joins the one full person name whose last word
    it is (``yury ushakov``); when two full names share it (``john smith``, ``jane smith``) it
    stays apart, and two different full names are never joined. Anonymous descriptions
    ("dealers", "FRN dealers") and organisations are never joined by their last word. Limits: a
    surname that comes first (``Xi`` of ``Xi Jinping``) or spelling variants (Yury/Yuri) are
    not joined.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        by_surname: dict[str, set[str]] = {}
        persons: set[str] = set()
        for term in terms:
            kind, _, key = term.partition(":")
            if kind != "person" or not key:
                continue
            persons.add(key)
            words = key.split()
            if len(words) > 1:
                by_surname.setdefault(words[-1], set()).add(key)
        self._alias: dict[str, str] = {}
        for key in persons:
            if " " not in key:
                full = by_surname.get(key, set())
                if len(full) == 1:
                    self._alias[key] = next(iter(full))
        self._members: dict[str, set[str]] = {}
        for short, full in self._alias.items():
            self._members.setdefault(full, {full}).add(short)

    def canonical(self, key: str, kind: str = "person") -> str:
        """The corpus key of a document-level key (itself unless a person's lone surname);
        ``kind``: the speaker's class (``Quote.speaker_class``)."""
        if kind == "person":
            return self._alias.get(key, key)
        return key

    def members(self, key: str) -> set[str]:
        """Every document-level key whose corpus key is ``key``'s (``key`` itself included)."""
        return self._members.get(self.canonical(key), {key})

    def __len__(self) -> int:
        return len(self._alias)


EMPTY_SPEAKER_MAP = SpeakerMap(())


def speaker_map(searcher: Any) -> SpeakerMap:
    """The :class:`SpeakerMap` of an open index, from the terms of its ``spkey`` field
    (one lexicon walk: a few milliseconds for thousands of speakers)."""
    reader = searcher.reader()
    if SPEAKER_KEY_FIELD not in reader.indexed_field_names():
        return EMPTY_SPEAKER_MAP
    return SpeakerMap(t.decode("utf-8") for t in reader.lexicon(SPEAKER_KEY_FIELD))
