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
