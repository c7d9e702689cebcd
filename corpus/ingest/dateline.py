"""Datelines at the start of a first paragraph: `MOSCOW, February 12. /TASS/.` and friends.

Recognised shapes (the place first, then optional parts, then a terminator):

* TASS: ``MOSCOW, February 12. /TASS/.``, ``IGORA /Leningrad Region/, December 26. /TASS/.``
* Reuters 1987: ``NEW YORK, March 26 -``, ``RICHMOND, Va., Feb 26 -``, ``AMSTERDAM, 2 March -``
* Wire services in US papers: ``HEMPSTEAD, N.Y., Sept. 26 (UPI) —``, ``WASHINGTON (AP) —``,
  ``NEW YORK (Reuters) -``, ``WASHINGTON --``, ``NEWPORT NEWS, Va. -``

Limits of the heuristic: a dateline without a month and day is accepted only when the place is
in capitals (``WASHINGTON —``), so an all-capitals opening word followed by a dash
(``NATO - ...``) is taken for a dateline; mixed-case places need a date (``Bogota, March 4
-``) and then every word but particles (de, la, of...) must be capitalised. Places of more than
five words, dates with weekdays and datelines that sit anywhere but at the start of the first
paragraph are not found. Labels listed in :data:`NOT_PLACES` (``EXCLUSIVE –``) are not taken
for places. Dates are not checked against a calendar year (Feb 29 is kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: Lower-case words allowed inside a place name (``RIO DE JANEIRO`` -> ``Rio de Janeiro``).
PARTICLES = frozenset(
    {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "les", "los", "las",
     "el", "al", "of", "on", "upon", "am", "an", "der", "den", "van", "von", "sur", "en", "y"}
)  # fmt: skip

#: Capitalised openers that are labels, not places (``EXCLUSIVE – Roger Stone: ...``); they only
#: matter for datelines without a date.
NOT_PLACES = frozenset(
    {"ANALYSIS", "BREAKING", "BULLETIN", "COMMENT", "COMMENTARY", "CORRECTION", "EDITORIAL",
     "EXCLUSIVE", "FLASH", "INTERVIEW", "LIVE", "NOTE", "OPINION", "PHOTOS", "REVIEW", "UPDATE",
     "UPDATED", "URGENT", "VIDEO", "WATCH", "FACT CHECK", "BREAKING NEWS", "EDITOR'S NOTE",
     "EDITOR’S NOTE"}
)  # fmt: skip

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?"
)
_CAPWORD = r"[^\W\d_a-z][\w'’.&/\-]*"
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
_STATE = r"(?:[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,3}|[A-Z]{2,6}\.)"
_REGION = rf"{_CAPWORD}(?:[ ]{_CAPWORD}){{0,2}}"

DATELINE_RE = re.compile(
    rf"""
    (?P<place>{_CAPWORD}(?:[ ](?:{_PARTICLE}[ ])?{_CAPWORD}){{0,4}}?)
    (?P<region>[ ]/[^/\n]{{1,60}}/)?                  # TASS: IGORA /Leningrad Region/
    (?:,?[ ](?P<state>{_STATE})                       # RICHMOND, Va.   HEMPSTEAD, N.Y.
      |,[ ](?P<state2>{_REGION}))?                    # FORT WORTH, Texas, March 6 -
    (?:,?[ ]{{1,3}}
       (?:(?P<month>{_MONTH})[ ]{{1,3}}(?P<day>[0-3]?\d)
         |(?P<day2>[0-3]?\d)[ ]{{1,3}}(?P<month2>{_MONTH}))
       (?!\d)
       (?:,?[ ](?P<year>1[89]\d\d|2\d\d\d)(?!\d))?
    )?
    ,?
    (?:[ ]{{1,3}}\((?P<agency>[A-Z][A-Za-z.&\-]{{1,20}}(?:[ ][A-Za-z.&\-]{{1,20}}){{0,2}})\))?
    (?:
       \.[ ]?/(?P<agency2>[A-Z][A-Za-z\-]{{1,20}})/\.   # . /TASS/.
     | [ ]{{0,3}}(?P<dash>--?|—|–|―)(?=\s|$)           # NEW YORK, March 26 -
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a paragraph; ``end`` is relative to that start."""

    end: int
    place: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str = ""

    @property
    def date(self) -> str:
        """ISO date, partial ``--MM-DD`` without a year, "" without a month and day."""
        return iso_date(self.year, self.month, self.day)


def iso_date(year: int | None, month: int | None, day: int | None) -> str:
    if month is None or day is None:
        return ""
    if year is None:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_number(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.rstrip(".").lower())


def normal_case(place: str) -> str:
    """``NEW YORK`` -> ``New York``, ``RIO DE JANEIRO`` -> ``Rio de Janeiro``; mixed case kept."""
    words = []
    for i, word in enumerate(place.split()):
        if word.isupper() or word.islower():
            low = word.lower()
            if i and low in PARTICLES:
                words.append(low)
                continue
            # capitalise after hyphens and apostrophes too: WINSTON-SALEM, O'HARE
            word = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), low)
        words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def _is_caps(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def find_dateline(paragraph: str) -> Dateline | None:
    """Parse the dateline that opens ``paragraph``, or return None (see module limits)."""
    m = DATELINE_RE.match(paragraph, 0, 240)
    if m is None:
        return None
    place = m.group("place")
    month = _month_number(m.group("month") or m.group("month2"))
    day_text = m.group("day") or m.group("day2")
    day = int(day_text) if day_text else None
    if month is not None and day is not None and not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None
    has_date = month is not None and day is not None
    if not has_date and (not _is_caps(place) or place in NOT_PLACES):
        return None
    if not _is_caps(place):
        for word in place.split()[1:]:
            if word not in PARTICLES and not word[:1].isupper():
                return None
    year = int(m.group("year")) if m.group("year") else None
    agency = m.group("agency2") or m.group("agency") or ""
    return Dateline(m.end(), normal_case(place), month, day, year, agency)


_FIELD_DATE = re.compile(
    rf"(?:(?P<month>{_MONTH})[ ]{{1,3}}(?P<day>[0-3]?\d)|(?P<day2>[0-3]?\d)[ ]{{1,3}}"
    rf"(?P<month2>{_MONTH}))(?!\d)"
)


def parse_dateline_field(field: str) -> Dateline | None:
    """Leniently read a record's own ``dateline`` field (``sioux falls, april 7 -``).

    ``end`` is the field length. The place is the text before the first comma when it is one to
    four words of letters; the date is the first month-and-day found. None when the field gives
    neither (Reuters has table rows such as ``us 7.8015 -`` in that field).
    """
    head = re.split(r",| -|\(", field, maxsplit=1)[0].strip()
    place = ""
    if re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’.\-/ ]){0,40}", head) and len(head.split()) <= 4:
        place = normal_case(head)
    month = day = None
    m = _FIELD_DATE.search(field)
    if m:
        month = _month_number(m.group("month") or m.group("month2"))
        day = int(m.group("day") or m.group("day2"))
        if month is None or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            month = day = None
    if not place and month is None:
        return None
    return Dateline(len(field), place, month, day)
