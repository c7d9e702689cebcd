"""The initials of an organisation's name, shared by entity linking (an acronym in one
document) and the index's corpus-level speaker map (an acronym across documents).

``Organisation for Economic Cooperation and Development`` -> ``oecd``, ``European Community``
-> ``ec``, ``Securities and Exchange Commission`` -> ``sec``: the first letter of each word,
function words (of, for, and, the, on, in, de, &) left out, lower-cased. A hyphenated word
gives one letter. Limits: acronyms that take more than one letter of a word ("Nasdaq",
"Benelux") or follow another language's word order ("NATO" is also "OTAN") do not match.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset("of for and the on in de du des la le & at to".split())
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|&")


def initials(name: str) -> str:
    """The lower-case initials of a name of two or more words ('' for a shorter name)."""
    words = [w for w in _WORD.findall(name) if w.lower() not in _FUNCTION_WORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words).lower()


def acronym_shape(word: str) -> bool:
    """Whether a word has an acronym's shape, case aside: 2 to 6 letters ("oecd", "EC")."""
    return word.isalpha() and 2 <= len(word) <= 6


def acronym_like(name: str) -> bool:
    """Whether a name is written as an acronym: 2 to 6 capital letters ("EC", "OECD")."""
    return acronym_shape(name) and name.isupper()
