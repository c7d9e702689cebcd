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
from collections.abc import Callable, Iterable
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


SPEAKER_KEY_FIELD = "spkey"  # index field: the speaker identity terms of a document
_SURNAME = "surname:"  # spkey terms surname:<last word>:<full key> of named people


def speaker_terms(kind: str, key: str) -> list[str]:
    """The ``spkey`` terms of a speaker: ``person:yury ushakov``, and for a named person's full
    name ``surname:ushakov:yury ushakov`` (so a lone surname finds its full names by one prefix
    lookup, however large the index). ``kind`` is the speaker's class (``Quote.speaker_class``:
    the entity kind, or ``anonymous`` for a description)."""
    terms = [f"{kind}:{key}"]
    words = key.split()
    if kind == "person" and len(words) > 1:
        terms.append(f"{_SURNAME}{words[-1]}:{key}")
    return terms


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

    ``full_names(surname)`` gives the full person keys of the corpus ending in ``surname``;
    answers are cached, so a map costs one lookup per distinct lone surname it is asked about.
    """

    def __init__(self, full_names: Callable[[str], Iterable[str]]) -> None:
        self._full_names = full_names
        self._alias: dict[str, str] = {}

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> SpeakerMap:
        """A map over ``spkey`` terms held in memory (see :func:`speaker_terms`)."""
        by_surname: dict[str, set[str]] = {}
        for term in terms:
            if term.startswith(_SURNAME):
                surname, _, key = term[len(_SURNAME) :].partition(":")
                by_surname.setdefault(surname, set()).add(key)
        return cls(lambda surname: by_surname.get(surname, ()))

    def canonical(self, key: str, kind: str = "person") -> str:
        """The corpus key of a document-level key (itself unless a person's lone surname);
        ``kind``: the speaker's class (``Quote.speaker_class``)."""
        if kind != "person" or not key or " " in key:
            return key
        alias = self._alias.get(key)
        if alias is None:
            full = set(self._full_names(key))
            alias = self._alias[key] = next(iter(full)) if len(full) == 1 else key
        return alias

    def members(self, key: str) -> set[str]:
        """The document-level keys whose corpus key is ``key``'s: itself and its full name, and
        the full name's lone surname when that joins it."""
        full = self.canonical(key)
        keys = {key, full}
        surname = full.rsplit(" ", 1)[-1]
        if self.canonical(surname) == full:
            keys.add(surname)
        return keys


EMPTY_SPEAKER_MAP = SpeakerMap(lambda surname: ())


def speaker_map(searcher: Any) -> SpeakerMap:
    """The :class:`SpeakerMap` of an open index: lone surnames are looked up by prefix in its
    ``spkey`` field when asked (no walk over every speaker)."""
    reader = searcher.reader()
    if SPEAKER_KEY_FIELD not in reader.indexed_field_names():
        return EMPTY_SPEAKER_MAP

    def full_names(surname: str) -> list[str]:
        prefix = f"{_SURNAME}{surname}:"
        out = []
        for term in reader.expand_prefix(SPEAKER_KEY_FIELD, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            out.append(text[len(prefix) :])
        return out

    return SpeakerMap(full_names)
