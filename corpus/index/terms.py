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

from corpus.initials import acronym_shape, initials

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
_ACRONYM = "acronym:"  # spkey terms acronym:<initials>:<full key> of organisations


def speaker_terms(kind: str, key: str) -> list[str]:
    """The ``spkey`` terms of a speaker: ``person:yury ushakov``, for a named person's full
    name ``surname:ushakov:yury ushakov`` (so a lone surname finds its full names by one prefix
    lookup, however large the index), for an organisation's name of several words
    ``acronym:oecd:organisation for economic cooperation and development``. ``kind`` is the
    speaker's class (``Quote.speaker_class``: the entity kind, or ``anonymous`` for a
    description)."""
    terms = [f"{kind}:{key}"]
    words = key.split()
    if kind == "person" and len(words) > 1:
        terms.append(f"{_SURNAME}{words[-1]}:{key}")
    if kind == "org" and (ini := initials(key)) and 2 <= len(ini) <= 6:
        terms.append(f"{_ACRONYM}{ini}:{key}")
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

    Organisations: an acronym key (``oecd``, 2 to 6 letters) joins the one organisation name of
    the corpus whose initials it is (``expansions(acronym)`` gives those names; see
    :mod:`corpus.initials`), so "OECD" in one article and the name in full in another are one
    speaker; two names with the same initials keep the acronym apart.
    """

    def __init__(
        self,
        full_names: Callable[[str], Iterable[str]],
        expansions: Callable[[str], Iterable[str]] | None = None,
    ) -> None:
        self._full_names = full_names
        self._expansions = expansions or (lambda acronym: ())
        self._alias: dict[str, str] = {}
        self._org_alias: dict[str, str] = {}

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> SpeakerMap:
        """A map over ``spkey`` terms held in memory (see :func:`speaker_terms`)."""
        by_prefix: dict[str, dict[str, set[str]]] = {_SURNAME: {}, _ACRONYM: {}}
        for term in terms:
            for prefix, table in by_prefix.items():
                if term.startswith(prefix):
                    word, _, key = term[len(prefix) :].partition(":")
                    table.setdefault(word, set()).add(key)
        surnames, acronyms = by_prefix[_SURNAME], by_prefix[_ACRONYM]
        return cls(lambda w: surnames.get(w, ()), lambda w: acronyms.get(w, ()))

    def canonical(self, key: str, kind: str = "person") -> str:
        """The corpus key of a document-level key (itself unless a person's lone surname or an
        organisation's acronym); ``kind``: the speaker's class (``Quote.speaker_class``)."""
        if kind == "org":
            if not acronym_shape(key):
                return key
            return _unique(key, self._org_alias, self._expansions)
        if kind != "person" or not key or " " in key:
            return key
        return _unique(key, self._alias, self._full_names)

    def corpus_keys(self, key: str) -> set[str]:
        """The corpus keys a typed name may stand for (its class unknown): as a person's and
        as an organisation's."""
        return {self.canonical(key), self.canonical(key, "org")}

    def members(self, key: str) -> set[str]:
        """The document-level keys whose corpus key is ``key``'s: itself and its full name, the
        full name's lone surname when that joins it, and an organisation's acronym."""
        full = self.canonical(key)
        keys = {key, full}
        surname = full.rsplit(" ", 1)[-1]
        if self.canonical(surname) == full:
            keys.add(surname)
        org = self.canonical(key, "org")
        keys.add(org)
        ini = initials(org)
        if ini and self.canonical(ini, "org") == org:
            keys.add(ini)
        return keys


def _unique(key: str, cache: dict[str, str], lookup: Callable[[str], Iterable[str]]) -> str:
    """The one longer key ``lookup`` gives for ``key`` (cached), else ``key`` itself."""
    alias = cache.get(key)
    if alias is None:
        full = set(lookup(key))
        alias = cache[key] = next(iter(full)) if len(full) == 1 else key
    return alias


EMPTY_SPEAKER_MAP = SpeakerMap(lambda surname: ())


def speaker_map(searcher: Any) -> SpeakerMap:
    """The :class:`SpeakerMap` of an open index: lone surnames are looked up by prefix in its
    ``spkey`` field when asked (no walk over every speaker)."""
    reader = searcher.reader()
    if SPEAKER_KEY_FIELD not in reader.indexed_field_names():
        return EMPTY_SPEAKER_MAP

    def lookup(kind: str) -> Callable[[str], list[str]]:
        def keys(word: str) -> list[str]:
            prefix = f"{kind}{word}:"
            out = []
            for term in reader.expand_prefix(SPEAKER_KEY_FIELD, prefix):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                out.append(text[len(prefix) :])
            return out

        return keys

    return SpeakerMap(lookup(_SURNAME), lookup(_ACRONYM))
