"""Dates normalised to ISO 8601 values for TEI @when, relative to the article date.

Handles: "February 12", "12 February", "February 12, 2022", "December 2021", "2021",
weekdays ("on Saturday": the latest such day on or before the article date), "today",
"yesterday", "tomorrow". A month and day without a year take the article's year.

Limits: decades ("the 1990s"), ranges and vague expressions ("last week") get no @when; a
weekday is assumed to refer to the past week, which misreads announcements of future events.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}

_MD = re.compile(r"^(?P<m>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$")
_DM = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>[A-Za-z]+)\.?(?:,?\s+(?P<y>\d{4}))?$")
_MY = re.compile(r"^(?P<m>[A-Za-z]+)\s+(?P<y>\d{4})$")
_Y = re.compile(r"^(?:in\s+)?(?P<y>1[89]\d\d|20\d\d)$")


def parse_iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def normalise(expr: str, doc_date: str) -> str:
    """The ISO value of a date expression, or "" when it cannot be fixed."""
    s = re.sub(r"^(?:on|the|this|last|next)\s+", "", expr.strip(), flags=re.I).strip()
    low = s.lower()
    base = parse_iso(doc_date)
    year = base.year if base else None
    if low in ("today", "tonight") and base:
        return base.isoformat()
    if low == "yesterday" and base:
        return (base - dt.timedelta(days=1)).isoformat()
    if low == "tomorrow" and base:
        return (base + dt.timedelta(days=1)).isoformat()
    if low in WEEKDAYS and base:
        delta = (base.weekday() - WEEKDAYS[low]) % 7
        return (base - dt.timedelta(days=delta)).isoformat()
    for rx in (_MD, _DM):
        m = rx.match(s)
        if m and m.group("m").lower() in MONTHS:
            month, day = MONTHS[m.group("m").lower()], int(m.group("d"))
            y = int(m.group("y")) if m.group("y") else year
            try:
                if y is None:
                    return f"--{month:02d}-{day:02d}"
                return dt.date(y, month, day).isoformat()
            except ValueError:
                return ""
    m = _MY.match(s)
    if m and m.group("m").lower() in MONTHS:
        return f"{int(m.group('y')):04d}-{MONTHS[m.group('m').lower()]:02d}"
    m = _Y.match(s)
    if m:
        return m.group("y")
    return ""


def infer_year(partial: str, weekday_names: list[str], today: dt.date | None = None) -> str:
    """Fix the year of a partial date (--02-12) from a weekday the text gives for it.

    "February 12" + "on Saturday" -> the latest year not after `today` in which February 12
    fell on a Saturday (within 28 years, the calendar's cycle). Returns "" when no weekday or
    no year fits.
    """
    m = re.fullmatch(r"--(\d\d)-(\d\d)", partial)
    if not m or not weekday_names:
        return ""
    month, day = int(m.group(1)), int(m.group(2))
    today = today or dt.date.today()
    wanted = WEEKDAYS.get(weekday_names[0].lower())
    if wanted is None:
        return ""
    for y in range(today.year, today.year - 28, -1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d <= today and d.weekday() == wanted:
            return d.isoformat()
    return ""
