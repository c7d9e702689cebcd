"""Matching rules shared by the quotation evaluations: overlap, one-to-one matching, categories.

Gold spans may be discontinuous (PolNeAR), so a gold span is a tuple of ``Span`` fragments;
predictions are single ``[start, end)`` spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.model import Span

Fragments = tuple[Span, ...]

MIN_COVERAGE = 0.5  # share of the gold span a prediction must cover to match it

OPENING_MARKS = frozenset("“„«")
CLOSING_MARKS = frozenset("”»")
STRAIGHT_MARKS = frozenset('"')
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS | STRAIGHT_MARKS


def length(frags: Fragments) -> int:
    return sum(len(f) for f in frags)


def overlap(frags: Fragments, span: Span) -> int:
    """Characters of ``frags`` that fall inside ``span``."""
    return sum(max(0, min(f.end, span.end) - max(f.start, span.start)) for f in frags)


def overlaps(frags: Fragments, span: Span | None) -> bool:
    return span is not None and overlap(frags, span) > 0


def covers(gold: Fragments, pred: Span) -> bool:
    """True when ``pred`` covers at least half of the gold span (integer test: 49% no, 50% yes)."""
    total = length(gold)
    return total > 0 and 2 * overlap(gold, pred) >= total


def match(gold: Sequence[Fragments], pred: Sequence[Span]) -> dict[int, int]:
    """One-to-one matching of gold spans to predictions, greedy by overlap.

    Every (gold, prediction) pair where the prediction covers >= 0.5 of the gold span is a
    candidate. Candidates are taken best first: by the share of the gold span covered, then by the
    share of the prediction inside the gold span, then by overlapping characters, then by
    position; each gold span and each prediction is used at most once. Returns {gold index:
    prediction index}.
    """
    candidates = []
    for gi, g in enumerate(gold):
        glen = length(g)
        for pi, p in enumerate(pred):
            common = overlap(g, p)
            if glen and 2 * common >= glen:
                candidates.append((-common / glen, -common / max(len(p), 1), -common, gi, pi))
    candidates.sort()
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for *_, gi, pi in candidates:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def _extend(text: str, span: Span) -> Span:
    """Widen a span over whitespace to enclosing quotation marks present on both sides.

    Gold and predicted spans may or may not include the marks around a direct quotation.
    """
    start, end = span.start, span.end
    i = start
    while i > 0 and text[i - 1] in " \t\xa0":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t\xa0":
        j += 1
    if i > 0 and j < len(text) and text[i - 1] in QUOTE_MARKS and text[j] in QUOTE_MARKS:
        return Span(i - 1, j + 1)
    return Span(start, end)


def _normalise_marks(text: str) -> str:
    """TeX-style marks: two backticks open; two apostrophes count as a straight quote."""
    return text.replace("``", "“").replace("''", '"')


def _opens(text: str, i: int) -> bool:
    """Whether the straight quote at ``i`` opens (by its neighbours) rather than closes."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return True
    if after.isspace() or after in ".,;:!?)]}":
        return False
    return not before.isalnum()


def quote_category(text: str, frags: Fragments) -> str:
    """``direct``, ``mixed`` or ``indirect`` by the quotation marks in and around the span.

    The text of each fragment (widened to enclosing marks, see ``_extend``) is scanned for
    straight or curly double quotes (and TeX-style ``...''). ``indirect``: no mark at all;
    ``direct``: every letter and digit lies inside quotation marks; ``mixed``: anything else.
    """
    pieces = [_normalise_marks(text[s.start : s.end]) for s in (_extend(text, f) for f in frags)]
    joined = " ".join(pieces)
    marks = [i for i, ch in enumerate(joined) if ch in QUOTE_MARKS]
    if not marks:
        return "indirect"
    roles = []
    for i in marks:
        ch = joined[i]
        roles.append(ch in OPENING_MARKS or (ch in STRAIGHT_MARKS and _opens(joined, i)))
    # Before the first mark we are inside a quotation if that mark closes one.
    inside = not roles[0]
    role_at = dict(zip(marks, roles, strict=True))
    for i, ch in enumerate(joined):
        if i in role_at:
            inside = role_at[i]
        elif ch.isalnum() and not inside:
            return "mixed"
    return "direct"
