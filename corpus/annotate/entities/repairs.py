"""Repairs of the model's entity spans for news and sports copy, as rules on tokens.

What the small model is known to miss in news copy, fixed in this order by find_entities:

- model spans are split at numbers, brackets, dashes and lower-case words ("Haitai 2 Samsung 0",
  "Worcestershire 238 ( K") and lose a leading nationality ("American Dennis Mitchell");
  person names are extended left over capitalised first names and initials ("R. Mahanama")
  (``_split``, ``_repair``);
- line rules: a wire dateline ("LA CORUNA , Spain 1996-08-31") names places; initials and
  cricket dismissals ("c Knight b Hollioake") name persons (``_table_rules``);
- sports copy follows CoNLL's conventions: result lines ("Millwall 2 Burnley 1"), standings
  rows, fixtures ("X v Y", "X beat Y"), county sides and names with a club word (United,
  Rovers, Dinamo) are clubs; a place that is not a country and not after a locative word
  ("In Toronto ,") is a club; "Name ( Country )", scorers "Name ( 31st )" and lists of full
  names are persons; a scorecard's "Venue :" is a place; a model ORG of two or three plain
  capitalised words is a person (``_table_rules``, ``_retype``);
- a gazetteer (corpus.annotate.gazetteer) labels what the model left out (``_gazetteer``);
- capitalised runs ending in a company word (Inc, Corp, Bank) name organisations
  (``_org_heads``);
- names of events and competitions ("UEFA Cup", "PGA Tour") and nationalities are dropped
  (``_drop_non_names``);
- document-level consistency: a string labelled somewhere in a document gets the majority label
  at every occurrence, case-insensitively for capitals, and a surname alone takes the label of
  the full name (``_consistency``);
- business copy: a one-word "person" never given a first name or title in the document is a
  company ("Pirelli said") (``_lone_names``);
- a model date loses the names at its edges ("GENEVA 1996-08-30" is a place and a date, not
  one date), so the TEI, where a date cannot hold a name, keeps both (``_trim_dates``).

Limits: the table and sports rules follow Reuters/CoNLL conventions for sports pages and read a
sentence as a printed line (a results table whose lines are joined into one sentence is not
read as a table); the gazetteer is small and English-only; famous people named by surname alone
in business copy ("Clinton" with no title) can be taken for companies.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.annotate.dates import MONTHS, WEEKDAYS
from corpus.annotate.entities.context import (
    _DATE_WORDS,
    _INTERNAL_LOWER,
    _STOP,
    _Doc,
    _is_number,
    _ortho,
    _set,
    _upper_word,
)
from corpus.annotate.gazetteer import (
    CLUB_WORDS_LOWER,
    COUNTRIES_LOWER,
    CRICKET_COUNTIES_LOWER,
    DEMONYMS_LOWER,
    EVENT_HEADS_LOWER,
    NOT_NAMES_LOWER,
    ORG_HEADS,
    ORGS,
    ORGS_LOWER,
    PLACES,
    PLACES_LOWER,
    SPORTS,
)
from corpus.annotate.lexicon import (
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.model import Mention

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DATELINE_DATE = re.compile(
    r"\d{4}-\d\d-\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\d{1,2}(?:,?\d{4})?"
)
_INITIALS = re.compile(r"[A-Z]\.(?:[A-Z]\.)?")
_GLUED_INITIAL = re.compile(r"[A-Z]\.[A-Z][a-z'A-Z]+")  # T.O'Gorman
_SEPARATORS = _set(
    """
    - -- — – ( ) [ ] : ; , / " “ ” + = | * ... …
    """
)
_POSSESSIVE = _set(
    """
    's ’s 'S ’S ' ’
    """
)
_NAME_PARTICLES = _set(
    """
    van von de da di del della der den du le la bin ibn al el dos das ul ter ten st. y
    """
)
_ORG_JOINERS = _set(
    """
    of the and de du des la le for on am an der von y & in
    """
)
_ALWAYS_SPLIT = _set(
    """
    v vs vs. b c st lbw and or at in on by to for with
    """
)
_LOCATIVE = _set(
    """
    in at from to near of into outside inside towards toward across via around through between
    visit visited visiting reach reached left leave leaving arrived arrive
    """
)
_FACILITIES = _set(
    """
    Center Centre Museum Hall Airport Stadium Park Street Road Square Bridge Building Tower
    Station Hospital School Library Gallery Galleries Base Institute
    """
)
_CONTEST = frozenset(["beat", "beats", "drew", "lost", "v", "vs", "vs."])
_CRICKET_OUT = _set(
    """
    c b st lbw
    """
)


def _initial(word: str) -> bool:
    """An initial of a first name ("J.", "J.R."), not an abbreviation such as U.S."""
    return bool(_INITIALS.fullmatch(word)) and word not in PLACES and word not in ORGS

def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word)


def _cap_word(word: str) -> bool:
    """A word that can be part of a name: starts with a capital letter."""
    return word[:1].isupper() and word[:1].isalpha()


@dataclass
class _Cand:
    """A candidate mention: sentence number, token range, kind, how it was found."""

    sent: int
    i: int
    j: int
    kind: str
    method: str = "ner"
    weight: float = 1.0


def _titleword(word: str) -> bool:
    """A word that belongs to a role or title rather than to a name."""
    w = word.lower().rstrip(".")
    return (w in ROLE_NOUNS or w.rstrip("s") in ROLE_NOUNS or w in ROLE_MODIFIERS
            or w in HONORIFICS or w + "." in HONORIFICS or w in _STOP)


def _split(words: list[str], i: int, j: int, kind: str) -> list[tuple[int, int]]:
    """Pieces of a model span cut at numbers, punctuation and words that end a name."""
    pieces: list[tuple[int, int]] = []
    start = i
    for k in range(i, j + 1):
        cut = k == j
        if not cut:
            w = words[k]
            low = w.lower()
            if _is_number(w) or w in _SEPARATORS or low in _CRICKET_OUT:
                cut = True
            elif w in _POSSESSIVE:  # "MILAN 'S LENTINI", but "Korean People 's Army"
                cut = not (kind == "org" and k + 1 < j and words[k + 1] in ORG_HEADS)
            elif w[:1].islower() and w[:1].isalpha():
                if kind == "person":
                    cut = low not in _NAME_PARTICLES and low.split("-")[0] not in _NAME_PARTICLES
                else:
                    cut = low not in _ORG_JOINERS or (low in _ALWAYS_SPLIT and low not in (
                        "and", "in", "for", "on"))
            elif not any(c.isalnum() for c in w) and w not in ("&", "."):
                cut = True
        if cut:
            a, b = start, k
            while a < b and (words[a] in _ORG_JOINERS or words[a] in (".", "The")):
                a += 1
            while b > a and (words[b - 1] in _ORG_JOINERS or words[b - 1] == "."):
                b -= 1
            if b - a == 1 and len(words[a]) == 1:
                a = b  # a lone initial cut from its name ("( K")
            if a < b and any(_cap_word(w) for w in words[a:b]):
                pieces.append((a, b))
            start = k + 1
    # A leading nationality is not part of a name ("American Dennis Mitchell").
    out = []
    for a, b in pieces:
        first = words[a].lower()
        if kind == "person" and b - a > 1 and first in DEMONYMS_LOWER and first not in (
                "eastern", "western", "northern", "southern"):
            a += 1
        out.append((a, b))
    return out


def _given(word: str) -> bool:
    low = word.lower()
    return low in MALE_NAMES or low in FEMALE_NAMES


def common_word(word: str) -> bool:
    """A capitalised word more often written in lower case ("Administrator", "Education")."""
    return (_capitalised(word) and not _given(word)
            and bool(_ortho().get(word.lower(), 0) & _INTERNAL_LOWER))


def _person_start(words: list[str], i: int, j: int) -> int:
    """Where a person's name starts in words[i:j] when a role or the tail of an organisation's
    name stands before it: "Administrator Charles Roe", "Minister of Education Jane Roe",
    "Scientologist John Doe". A given name after a word that is not one ("Mary Ann Roe" stays
    whole), or a leading word usually written in lower case, is cut while two words remain."""
    for k in range(i + 1, j - 1):
        prev = words[k - 1]
        if _given(words[k]) and not _given(prev) and not _initial(prev) and _capitalised(
                prev) and all(_cap_word(w) for w in words[k:j]):
            return k
    while j - i >= 3 and common_word(words[i]) and all(_cap_word(w) for w in words[i + 1 : j]):
        i += 1
    return i


def _repair(words: list[str], i: int, j: int, kind: str) -> tuple[int, int]:
    if words[i].lower() == "the" and j - i > 1:
        i += 1
    if kind == "person":
        while i < j - 1 and _titleword(words[i]):
            i += 1
        # Left over first names and initials the model missed, but not over a role or a
        # common word before a name that already starts with a given name.
        while i > 0 and (_initial(words[i - 1]) or (
                i > 1 and _capitalised(words[i - 1]) and not _titleword(words[i - 1])
                and words[i - 1].lower() not in DEMONYMS_LOWER
                and not (_given(words[i]) and not _given(words[i - 1]))
                and not (common_word(words[i - 1]) and j - i >= 2)
                and words[i - 2] not in ('"', "“", "‘", "(", "'"))):
            i -= 1
        i = _person_start(words, i, j)
    while j > i and words[j - 1] in ("'s", "’s", ",", ".", "-"):
        j -= 1
    return i, j


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Drop candidates overlapping an earlier (or heavier) one in the same sentence."""
    out: list[_Cand] = []
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for c in sorted(cands, key=lambda c: (-c.weight, c.sent, c.i)):
        if any(c.i < b and a < c.j for a, b in taken[c.sent]):
            continue
        taken[c.sent].append((c.i, c.j))
        out.append(c)
    out.sort(key=lambda c: (c.sent, c.i))
    return out


def _covered(cands: list[_Cand]) -> dict[int, set[int]]:
    cov: dict[int, set[int]] = defaultdict(set)
    for c in cands:
        cov[c.sent].update(range(c.i, c.j))
    return cov


def _name_run(words: list[str], k: int) -> int:
    """End of the run of capitalised words starting at `k` (k itself if none)."""
    e = k
    while e < len(words) and (_cap_word(words[e]) or (
            e > k and words[e].lower() in ("of", "de", "&") and e + 1 < len(words)
            and _cap_word(words[e + 1]))):
        if _is_number(words[e]):
            break
        e += 1
    return e


def _dateline(words: list[str]) -> list[tuple[int, int]]:
    """Place spans of a wire dateline line (capitals, optional region, then a date)."""
    e = 0
    while e < len(words) and _upper_word(words[e]) and not _is_number(words[e]):
        e += 1
    if e == 0 or e > 4 or e == len(words):
        return []
    spans = [(0, e)]
    k = e
    if words[k] == ",":
        f = _name_run(words, k + 1)
        if f == k + 1:
            return []
        spans.append((k + 1, f))
        k = f
    if k < len(words) and words[k] == ".":
        k += 1
    rest = "".join(words[k:])
    if not _DATELINE_DATE.fullmatch(rest):
        return []
    return spans


def _name_list(words: list[str], s: int) -> list[_Cand]:
    """Runs of two or three capitalised words separated by commas, dashes and numbers."""
    segments: list[tuple[int, int]] = []
    start = 0
    for k in range(len(words) + 1):
        if k == len(words) or words[k] in _SEPARATORS or _is_number(words[k]) or words[k] in (
                "and", ".", ";"):
            if k > start:
                segments.append((start, k))
            start = k + 1
    names = []
    for a, b in segments:
        span = words[a:b]
        low = " ".join(span).lower()
        if not 2 <= b - a <= 3 or not all(_capitalised(w) or w in ("de", "van", "von", "da")
                                          for w in span):
            continue
        if low in PLACES_LOWER or low in ORGS_LOWER or any(
                w in ORG_HEADS or w.lower() in CLUB_WORDS_LOWER or w.lower() in DEMONYMS_LOWER
                or w.lower() in NOT_NAMES_LOWER for w in span):
            continue
        names.append((a, b))
    if len(names) < 3 or len(names) * 2 < len(segments):
        return []
    return [_Cand(s, a, b, "person", "rule", 0.5) for a, b in names]


def _place_kind(words: list[str]) -> str | None:
    phrase = " ".join(words).lower()
    if phrase in COUNTRIES_LOWER:
        return "place"
    return None


def _table_rules(sents: list[list[str]], cands: list[_Cand], doc: _Doc) -> list[_Cand]:
    """Names in results tables, standings, scorecards and lists of initials."""
    new: list[_Cand] = []
    by_sent: dict[int, list[_Cand]] = defaultdict(list)
    for c in cands:
        by_sent[c.sent].append(c)
    for s, words in enumerate(sents):
        n = len(words)
        if not n:
            continue
        nums = sum(1 for w in words if _is_number(w))
        # Initials: "C. Hooper", "T.O'Gorman".
        for k, w in enumerate(words):
            if _GLUED_INITIAL.fullmatch(w):
                new.append(_Cand(s, k, k + 1, "person", "rule", 2.0))
            elif _initial(w) and k + 1 < n and _capitalised(words[k + 1]):
                e = _name_run(words, k + 1)
                phrase = " ".join(words[k + 1 : e]).lower()
                kind = "place" if phrase in PLACES_LOWER else "person"
                if words[e - 1] in ORG_HEADS or words[e - 1] in _FACILITIES:
                    continue
                whole = [c for c in by_sent[s] if c.i < k and c.j >= e]
                if any(c.kind == "person" for c in whole):
                    continue  # a middle initial inside a name found whole ("Ann B. Cole")
                if kind == "person" and any(c.i == k - 1 for c in whole):
                    # First name, initial, surname read as another kind: the whole person.
                    new.append(_Cand(s, k - 1, e, kind, "rule", 2.0))
                elif (kind == "place" and len(w) == 2) or kind == "person":  # "N. Korea"
                    new.append(_Cand(s, k, e, kind, "rule", 2.0))
        # Cricket dismissals: "Wasim Akram c Knight b Hollioake 21".
        outs = [k for k, w in enumerate(words) if w in _CRICKET_OUT]
        if outs and nums and any(k + 1 < n and _cap_word(words[k + 1]) for k in outs):
            if words[outs[0]] in ("c", "b", "lbw", "st") and outs[0] > 0 and _cap_word(words[0]):
                e = _name_run(words, 0)
                if e == outs[0]:
                    new.append(_Cand(s, 0, e, "person", "rule", 2.0))
            for k in outs:
                if k + 1 < n and _cap_word(words[k + 1]):
                    e = _name_run(words, k + 1)
                    new.append(_Cand(s, k + 1, e, "person", "rule", 2.0))
        # Dateline: "LA CORUNA , Spain 1996-08-31", "IRVINE , Calif 1996-08-30".
        dateline = _dateline(words)
        if dateline:
            new.extend(_Cand(s, a, b, "place", "rule", 4.0) for a, b in dateline)
            continue
        if not doc.sports:
            continue
        # "Name ( Country )": a competitor (two words or more) or a club (one word);
        # "( Country ) Name 20:36:54": the competitor's team.
        for k in range(n - 3):
            if words[k + 1] == "(" and _cap_word(words[k]):
                e = words.index(")", k + 1) if ")" in words[k + 1 :] else -1
                if e < 0 or (_place_kind(words[k + 2 : e]) != "place"):
                    continue
                a = k
                while a > 0 and (_cap_word(words[a - 1]) or words[a - 1].lower() in (
                        "de", "van", "von", "der", "da")) and not _is_number(words[a - 1]):
                    a -= 1
                if a < k + 1 and words[a] not in ORGS:
                    kind = "person" if k + 1 - a >= 2 else "org"
                    new.append(_Cand(s, a, k + 1, kind, "rule", 1.5))
                if e + 2 < n and _cap_word(words[e + 1]):
                    f = _name_run(words, e + 1)
                    if f < n and _is_number(words[f]):
                        new.append(_Cand(s, e + 1, f, "org", "rule", 1.5))
        # Venue of a scorecard: "Hove : Sussex 363 ...", "At Chester-le-Street : ...".
        a = 1 if words[0] == "At" else 0
        e = _name_run(words, a)
        if a < e < n - 1 and words[e] == ":" and _cap_word(words[e + 1]) and nums and not any(
                _ortho().get(w.lower(), 0) & _INTERNAL_LOWER or w.lower() in NOT_NAMES_LOWER
                for w in words[a:e]):
            new.append(_Cand(s, a, e, "place", "rule", 2.0))
        # Scorers: "Cosmin Contra ( 31st )", "Giovanni ( 14th )".
        for k in range(1, n - 2):
            if words[k] == "(" and _is_number(words[k + 1]) and words[k + 2] == ")" and (
                    _capitalised(words[k - 1])):
                a = k - 1
                while a > 0 and _capitalised(words[a - 1]):
                    a -= 1
                if k - a <= 3:
                    new.append(_Cand(s, a, k, "person", "rule", 1.5))
        # Lists of full names: team sheets, leader boards ("14 - Jeff Wilson , 13 - ...").
        new.extend(_name_list(words, s))
        # County sides, and the two sides of "X beat Y" / "X drew with Y" / "X v Y".
        for k, w in enumerate(words):
            if w.lower() in CRICKET_COUNTIES_LOWER and _cap_word(w):
                new.append(_Cand(s, k, k + 1, "org", "rule", 0.9))
            if w.lower() in _CONTEST and 0 < k < n - 1:
                b = k + (2 if w.lower() in ("drew", "lost") and k + 2 < n else 1)
                e = _name_run(words, b)
                a = k
                while a > 0 and _cap_word(words[a - 1]) and not _is_number(words[a - 1]):
                    a -= 1
                for x, y in ((a, k), (b, e)):
                    if x < y and (y - x == 1 or _place_kind(words[x:y])) and len(words[x]) > 1 \
                            and not _ortho().get(words[x].lower(), 0) & _INTERNAL_LOWER:
                        new.append(_Cand(s, x, y, _place_kind(words[x:y]) or "org", "rule", 0.5))
        # Result line: "Millwall 2 Burnley 1", "Israel 2 , Bulgaria 0 ( halftime 0-0 )".
        e1 = _name_run(words, 0)
        if 0 < e1 < n and _is_number(words[e1]):
            k = e1 + 1
            if k < n and words[k] == ",":
                k += 1
            e2 = _name_run(words, k)
            if k < e2 < n and _is_number(words[e2]) and (e2 + 1 == n or words[e2 + 1] in "(,."):
                for a, b in ((0, e1), (k, e2)):
                    kind = _place_kind(words[a:b]) or "org"
                    new.append(_Cand(s, a, b, kind, "rule", 3.0))
                continue
            # Standings row: a name and at least three numbers.
            rest = words[e1:]
            if sum(1 for w in rest if _is_number(w)) >= 3 and all(
                    _is_number(w) or w in ".-" for w in rest) and not _DATE.fullmatch(
                    "".join(rest)):
                model = [c for c in by_sent[s] if c.i == 0 and c.j == e1]
                kind = _place_kind(words[:e1]) or "org"
                if model and model[0].kind == "person" and e1 >= 2:
                    kind = "person"
                new.append(_Cand(s, 0, e1, kind, "rule", 3.0))
    return _resolve(cands + new)


def _gazetteer(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """Label known places and organisations the model mislabelled or left out."""
    for c in cands:
        phrase = " ".join(sents[c.sent][c.i : c.j])
        if c.kind == "person" and phrase in PLACES:
            c.kind, c.method = "place", "gazetteer"
        elif c.kind in ("person", "place") and phrase in ORGS:
            c.kind, c.method = "org", "gazetteer"
    cov = _covered(cands)
    new: list[_Cand] = []
    for s, words in enumerate(sents):
        k = 0
        while k < len(words):
            hit = None
            if _cap_word(words[k]):
                for n in (4, 3, 2, 1):
                    if k + n > len(words):
                        continue
                    phrase = " ".join(words[k : k + n])
                    upper = phrase.isupper() and len(phrase) > 3
                    if phrase in PLACES or (upper and phrase.lower() in PLACES_LOWER):
                        hit = (n, "place")
                    elif phrase in ORGS or (upper and phrase.lower() in ORGS_LOWER):
                        hit = (n, "org")
                    if hit:
                        break
            if hit:
                n, kind = hit
                if not any(x in cov[s] for x in range(k, k + n)):
                    new.append(_Cand(s, k, k + n, kind, "gazetteer"))
                k += n
            else:
                k += 1
    return cands + new


_LEGAL_SUFFIXES = frozenset("Inc Corp Ltd Co Cos Plc PLC AG SA NV".split())
# Words a company's name may hold between capitalised ones ("Jacobs Engineering group Inc",
# "Sony (U.K.) Ltd", "G.H. Bass and Co").
_INNER_COMPANY_WORDS = frozenset("and & group ( )".split())


def _suffix_names(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """A company's legal suffix found alone ("Inc", "Ltd", "Co") takes the capitalised words
    before it, across "group", "and", "&" and a parenthesis, as the company's name."""
    out: list[_Cand] = []
    changed = False
    for c in cands:
        words = sents[c.sent]
        if c.kind != "org" or c.j - c.i != 1 or words[c.i] not in _LEGAL_SUFFIXES:
            out.append(c)
            continue
        a = c.i
        while (
            a > 0
            and c.i - a < 6
            and (_cap_word(words[a - 1]) or words[a - 1] in _INNER_COMPANY_WORDS)
            and not _is_number(words[a - 1])
        ):
            a -= 1
        while a < c.i and not _cap_word(words[a]):
            a += 1
        if a == c.i:
            out.append(c)
            continue
        changed = True
        out = [o for o in out if not (o.sent == c.sent and a <= o.i and o.j <= c.j)]
        out.append(_Cand(c.sent, a, c.j, "org", "rule", 1.5))
    return _resolve(out) if changed else cands


# Lower-case institution heads some wires write after a capitalised name ("the Labor
# department said", "the Commerce department").
_LOWER_HEADS = frozenset("department ministry".split())


def _lower_heads(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """An organisation found without its lower-case head ("Labor" of "the Labor department")
    takes the head: the department is the speaker a later "the department" stands for."""
    out: list[_Cand] = []
    changed = False
    for c in cands:
        words = sents[c.sent]
        if (
            c.kind in ("org", "person")
            and c.j < len(words)
            and words[c.j] in _LOWER_HEADS
            and all(_cap_word(w) for w in words[c.i : c.j])
        ):
            out.append(_Cand(c.sent, c.i, c.j + 1, "org", "rule", max(c.weight, 1.5)))
            changed = True
        else:
            out.append(c)
    return _resolve(out) if changed else cands


def _org_heads(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """Capitalised runs ending in a company or institution word are organisations."""
    cands = _lower_heads(sents, _suffix_names(sents, cands))
    new: list[_Cand] = []
    persons: dict[int, list[_Cand]] = defaultdict(list)
    for c in cands:
        if c.kind == "person":
            persons[c.sent].append(c)
    for s, words in enumerate(sents):
        k = 0
        while k < len(words):
            e = _name_run(words, k)
            if (e - k >= 2 and words[e - 1] in ORG_HEADS and not words[e - 1].isupper()) or (
                    e - k >= 2 and words[e - 1] in ("Inc", "Corp", "Ltd", "Plc", "PLC", "AG")):
                a = k
                while a < e - 1 and ((a == 0 and _ortho().get(words[a].lower(), 0) & 32)
                                     or words[a].lower() in _STOP):
                    a += 1
                for c in persons.get(s, ()):  # "Alvin Yeung of Civic Party"
                    if a <= c.i and c.j < e - 1 and words[c.j] in ("of", "at", "from"):
                        a = c.j + 1
                if " ".join(words[a:e]).lower() not in PLACES_LOWER and e - a >= 2:
                    new.append(_Cand(s, a, e, "org", "rule", 1.5))
            k = max(e, k + 1)
    if not new:
        return cands
    out = [c for c in cands if not any(
        n.sent == c.sent and n.i <= c.i and c.j <= n.j and (n.i, n.j) != (c.i, c.j)
        for n in new)]
    return _resolve(out + new)


# Last words of the names of newspapers and outlets. The second list ends persons' names too
# ("Mary Sun"), so a "person" ending in one is an outlet only when it does not start with a
# given name ("Edmonton Sun"), and a place before one joins it ("Toronto Star").
_OUTLET_HEADS = _set(
    """
    Times Post Herald Tribune Gazette Journal Telegraph Chronicle Examiner Courier Inquirer
    Dispatch Bulletin Sentinel Magazine Weekly
    """
)
_OUTLET_AFTER_PLACE = _OUTLET_HEADS | _set(
    """
    Star Sun Globe Mail Express Mirror Standard Independent Observer Record Register Review
    News Daily
    """
)
OUTLET_WORDS = _OUTLET_AFTER_PLACE
_WEB_DOMAINS = _set("com org net info co.uk co uk tv io")


def _outlets(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """Newspapers and web sites are organisations: "Gawker.com" (a name before a web domain),
    "the Springfield Herald" (a name ending in a newspaper word), "Toronto Star" (a place
    before such a word, joined into one name)."""
    out: list[_Cand] = []
    for c in cands:
        words = sents[c.sent]
        if c.kind not in ("person", "place", "org") or c.method == "rule":
            out.append(c)
            continue
        nxt = words[c.j] if c.j < len(words) else ""
        after = words[c.j + 1].lower() if c.j + 1 < len(words) else ""
        web = nxt == "." and after in _WEB_DOMAINS and c.kind != "org"
        outlet = c.kind == "person" and c.j - c.i > 1 and (
            words[c.j - 1] in _OUTLET_HEADS
            or (words[c.j - 1] in _OUTLET_AFTER_PLACE and not _given(words[c.i])))
        if web or outlet:
            c.kind, c.method = "org", "consistency"
        elif c.kind == "place" and nxt in _OUTLET_AFTER_PLACE and not any(
                d.sent == c.sent and d.i <= c.j < d.j for d in cands):
            c = dataclasses.replace(c, j=c.j + 1, kind="org", method="consistency")
        out.append(c)
    return out


_ORG_TAIL_STOPS = _set("said says told added stated , ( . ; :")


def _hyphenated_given(word: str) -> bool:
    """The shape of a compound given name: "Jean-Marc", "Anne-Marie", "Hans-Dietrich" (two
    capitalised parts of two to eight letters, neither a place)."""
    parts = word.split("-")
    return len(parts) == 2 and all(
        2 <= len(p) <= 8 and p.isalpha() and p[0].isupper() and p[1:].islower()
        and p.lower() not in PLACES_LOWER
        for p in parts
    )


def _compound_given_names(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """A name after a compound given name is a person's: the model reads "Jean-Marc" as a
    number and "Ayrault" after it as an organisation. Only a one-word candidate that
    looks like a surname (see ``_looks_like_person``) right after the given name, and followed
    by a comma or a lower-case word, is taken."""
    covered = _covered(cands)
    for c in cands:
        words = sents[c.sent]
        if (
            c.kind in ("org", "person")
            and c.method == "ner"
            and c.i > 0
            and c.i - 1 not in covered.get(c.sent, set())
            and c.j - c.i == 1
            and _hyphenated_given(words[c.i - 1])
            # "Jean-Marc Ayrault said", "Jean-Marc Ayrault, the minister": used as a name
            and c.j < len(words)
            and (words[c.j] == "," or words[c.j][:1].islower())
            and _looks_like_person(words[c.i - 1 : c.j])
        ):
            c.i, c.kind = c.i - 1, "person"
    return cands


def _person_after_org(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """A person glued to the end of an organisation's name by the model: "Council on Islamic
    Relations Jane Roe said" is the organisation and the person. The last two words must be
    capitalised, not an organisation or place word and not common words; a verb, a comma or
    the end of the sentence after them; two words of the organisation before them, the last an
    organisation word or a plural common noun ("Relations"), or any after a role and "of"
    ("Minister of Transport Jane Roe")."""
    out: list[_Cand] = []
    for c in cands:
        words = sents[c.sent]
        span = words[c.i : c.j]
        nxt = words[c.j] if c.j < len(words) else "."
        last = span[-3] if len(span) >= 4 else ""
        # After "Minister of": the organisation is the title's tail, one word may do.
        titled = len(span) >= 3 and c.i >= 2 and words[c.i - 1] == "of" and (
            words[c.i - 2].lower() in ROLE_NOUNS)
        if c.kind == "org" and c.method == "ner" and (titled or (
                len(last) > 3 and _capitalised(last)
                and ((common_word(last) and last.endswith("s")) or last in ORG_HEADS))) and all(
                _capitalised(w) and not common_word(w) and w not in ORG_HEADS
                and w.lower() not in PLACES_LOWER and w.lower() not in DEMONYMS_LOWER
                for w in span[-2:]) and " ".join(span[-2:]).lower() not in PLACES_LOWER and (
                nxt in _ORG_TAIL_STOPS or (nxt[:1].islower() and nxt.isalpha())):
            out.append(dataclasses.replace(c, j=c.j - 2))
            out.append(dataclasses.replace(c, i=c.j - 2, kind="person", method="consistency"))
            continue
        out.append(c)
    return out


def _retype(sents: list[list[str]], cands: list[_Cand], doc: _Doc) -> list[_Cand]:
    """Sports copy: clubs named after places are organisations (countries stay places)."""
    if not doc.sports:
        return cands
    for c in cands:
        if c.method == "rule":
            continue
        words = sents[c.sent]
        span = words[c.i : c.j]
        phrase = " ".join(span).lower()
        low = [w.lower() for w in span]
        if phrase in COUNTRIES_LOWER:
            if c.kind != "place" and c.method != "rule":
                c.kind = "place"
            continue
        prev = words[c.i - 1].lower() if c.i > 0 else ""
        nxt = words[c.j] if c.j < len(words) else ""
        club = (any(w in CLUB_WORDS_LOWER for w in low) and c.j - c.i > 1) or (
            c.j - c.i == 1 and low[0] in CLUB_WORDS_LOWER and c.kind != "person")
        if c.kind == "person" and not club and phrase not in CRICKET_COUNTIES_LOWER:
            continue
        if c.kind == "org":
            if c.method == "ner" and _looks_like_person(span):
                c.kind, c.method = "person", "sports"
            continue
        prev = words[c.i - 1] if c.i > 0 else ""
        # "In Toronto ,", "CHICAGO AT TORONTO" and "Ato Boldon ( Trinidad )" are places.
        locative = prev.lower() in _LOCATIVE or (prev == "(" and nxt == ")") or (
            c.i == 0 and nxt in (":", ","))
        dateline = c.i == 0 and all(
            _is_number(w) or w in ",.-" or _cap_word(w) for w in words[c.j :]
        ) and any(_is_number(w) for w in words[c.j :]) and len(words) <= 10
        if locative or dateline:
            if c.kind == "place":
                c.method = "locative"  # kept by the consistency pass
            continue
        if club or phrase in CRICKET_COUNTIES_LOWER or c.kind == "place":
            c.kind, c.method = "org", "sports"
    return cands


_COMPANY_CUES = _set(
    """
    company firm group shares stock stocks profit profits revenue revenues sales earnings
    results quarter subsidiary unit division plant factory products contract deal acquisition
    merger bid stake shareholders investors brokers analysts traders percent cents
    """
)


def _lone_names(sents: list[list[str]], cands: list[_Cand], doc: _Doc) -> list[_Cand]:
    """Business copy: a one-word "person" never given a first name is a company."""
    if doc.sports:
        return cands
    parts: set[str] = set()
    for c in cands:
        if c.kind == "person" and c.j - c.i > 1:
            parts.update(w.lower() for w in sents[c.sent][c.i : c.j])
    for words in sents:  # "President Clinton", "Mr Morris": a titled person
        for k in range(1, len(words)):
            w = words[k - 1].lower().rstrip(".")
            if _capitalised(words[k]) and (w in ROLE_NOUNS or w in HONORIFICS
                                           or w + "." in HONORIFICS):
                parts.add(words[k].lower())
    cues = sum(1 for words in sents for w in words if w.lower() in _COMPANY_CUES)
    total = sum(len(words) for words in sents) or 1
    if cues / total < 0.02:
        return cands
    lone: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        if c.kind == "person" and c.j - c.i == 1:
            lone[sents[c.sent][c.i].lower()].append(c)
    for word, group in lone.items():
        if word not in parts and word not in PLACES_LOWER and all(
                c.method in ("ner", "consistency") for c in group):
            for c in group:
                c.kind, c.method = "org", "consistency"
    return cands


def _looks_like_person(span: list[str]) -> bool:
    """Two or three capitalised words with nothing of a club, place or company about them."""
    if not 2 <= len(span) <= 3 or not all(_capitalised(w) for w in span):
        return False
    return not any(
        w.lower() in CLUB_WORDS_LOWER or w.lower() in PLACES_LOWER or w in ORG_HEADS
        or w.lower() in DEMONYMS_LOWER or w.lower() in EVENT_HEADS_LOWER
        or w.lower() in NOT_NAMES_LOWER or _ortho().get(w.lower(), 0) & _INTERNAL_LOWER
        for w in span
    )


def _drop_non_names(sents: list[list[str]], cands: list[_Cand]) -> list[_Cand]:
    """Events, competitions, nationalities and table headings are not entities here."""
    out = []
    for c in cands:
        span = sents[c.sent][c.i : c.j]
        low = [w.lower() for w in span]
        if low[-1] in EVENT_HEADS_LOWER and len(span) > 1 and c.method != "rule":
            continue
        nxt = sents[c.sent][c.j] if c.j < len(sents[c.sent]) else ""
        if nxt.lower() in EVENT_HEADS_LOWER and _cap_word(nxt) and c.method != "rule":
            continue  # "U.S. Open", "Hong Kong Open": a place naming an event
        if len(span) == 1 and (low[0] in DEMONYMS_LOWER or low[0] in NOT_NAMES_LOWER):
            continue
        if c.i == 0 and span[0].upper() in SPORTS and (
                c.j == len(sents[c.sent]) or sents[c.sent][c.j] == "-" or c.j - c.i == 1):
            continue
        if all(w in NOT_NAMES_LOWER or w in DEMONYMS_LOWER for w in low):
            continue
        if low[-1].endswith("-based"):
            continue
        out.append(c)
    return out


def _consistency(sents: list[list[str]], caps: list[bool], cands: list[_Cand]) -> list[_Cand]:
    """Give every occurrence of a labelled string the document's majority label."""

    def key(words: Sequence[str]) -> str:
        return " ".join(words).lower()

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        span = sents[c.sent][c.i : c.j]
        weight = c.weight * (0.5 if caps[c.sent] else 1.0)
        votes[key(span)][c.kind] += weight
        if c.kind == "person" and len(span) > 1 and not _initial(span[-1]):
            votes[span[-1].lower()]["person"] += 2 * weight
            votes[span[0].lower()]["person"] += weight
    label = {s: v.most_common(1)[0][0] for s, v in votes.items()}
    # A first or last name of a full name met in the document is that person.
    for c in cands:
        span = sents[c.sent][c.i : c.j]
        if c.kind == "person" and len(span) > 1:
            for part in (span[0], span[-1]):
                low = part.lower()
                if _capitalised(part) and not _initial(part) and (
                        low not in PLACES_LOWER and low not in ORGS_LOWER):
                    label[low] = "person"
    for c in cands:
        k = key(sents[c.sent][c.i : c.j])
        if label.get(k, c.kind) != c.kind and c.method not in ("rule", "locative"):
            c.kind, c.method = label[k], "consistency"
    cov = _covered(cands)
    by_first: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
    for s, kind in label.items():
        parts = s.split()
        if parts:
            by_first[parts[0]].append((parts, kind))
    new: list[_Cand] = []
    for s, words in enumerate(sents):
        low = [w.lower() for w in words]
        for k, w in enumerate(words):
            if not _cap_word(w) or (not caps[s] and w.isupper() and len(w) > 4 and False):
                continue
            for parts, kind in sorted(by_first.get(low[k], ()), key=lambda p: -len(p[0])):
                n = len(parts)
                if low[k : k + n] == parts and all(_cap_word(x) or x.lower() in _ORG_JOINERS
                                                   for x in words[k : k + n]):
                    if not any(x in cov[s] for x in range(k, k + n)) and (
                            k + n == len(words) or not _cap_word(words[k + n])
                            or caps[s]):
                        new.append(_Cand(s, k, k + n, kind, "consistency"))
                        cov[s].update(range(k, k + n))
                    break
    return cands + new


_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)


def _cut_edge(words: list[str], names: set[int], k: int, step: int, stop: int) -> int:
    """Token k (a date's edge) moved by `step` past a name and the separators around it, if a
    name stands there after any separators; else k. `stop` is the other edge, exclusive."""

    def sep(x: int) -> bool:
        return words[x] in _SEPARATORS or words[x] in (",", ".")

    x = k
    while x != stop and sep(x):
        x += step
    if x == stop or x not in names:
        return k
    while x != stop and (x in names or sep(x)):
        x += step
    return x


def _age(words: list[str]) -> bool:
    """An age the finder takes for a date: "34-year-old", "70 years old", "aged 34"."""
    joined = " ".join(w.lower() for w in words).replace(" - ", "-").replace(" -", "-")
    return bool(re.search(r"\byears?[- ]olds?\b|^aged\b", joined))


def _trim_dates(
    sents: list[list[str]], dates: list[tuple[int, int, int]], cands: list[_Cand]
) -> list[tuple[int, int, int]]:
    """Dates (sentence, token range) without the tokens of names at their edges.

    A name made only of weekday and month names ("Friday" taken for a person) does not cut a
    date: it is the date, and the TEI writer keeps one of the two. Separators left at a cut edge
    go too; a date left without a digit, a date word or a calendar name is dropped, and so is
    an age ("the 34-year-old", "70 years old"). Limits: a
    name inside a date (not at an edge) stays inside it.
    """
    cov: dict[int, set[int]] = defaultdict(set)
    for c in cands:
        if not all(w.lower().rstrip(".") in _CALENDAR for w in sents[c.sent][c.i : c.j]):
            cov[c.sent].update(range(c.i, c.j))
    out = []
    for s, i, j in dates:
        words = sents[s]
        names = cov.get(s, set())
        a = _cut_edge(words, names, i, 1, j)
        b = _cut_edge(words, names, j - 1, -1, a - 1) + 1
        if (a, b) != (i, j) and not any(
            any(ch.isdigit() for ch in w) or w.lower() in _CALENDAR or w.lower() in _DATE_WORDS
            for w in words[a:b]
        ):
            continue  # what the names left ("Last" of "Last Friday Mitchell") is no date
        if _age(words[a:b]):
            continue
        if a < b:
            out.append((s, a, b))
    return out


_PLACE_PREPOSITIONS = frozenset("to in from of at for".split())


def unglue_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place is not part of a person's name: "Ambassador to Hanoi Jane Roe" tagged as one
    person becomes the place "Hanoi" and the person "Jane Roe".

    The first word must be a known place (gazetteer) and the rest at least two words; a place
    that is also a first name ("Georgia Roe") splits only after a preposition. Run by
    ``corpus.annotate.annotate`` on the finder's mentions once the dateline is parsed.
    """
    out: list[Mention] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", text[m.start : m.end]))
        first = words[0].group().lower() if words else ""
        if m.kind == "person" and len(words) >= 3 and first in PLACES_LOWER:
            before = text[max(0, m.start - 12) : m.start].split()
            after_prep = bool(before) and before[-1].lower() in _PLACE_PREPOSITIONS
            if after_prep or (first not in MALE_NAMES and first not in FEMALE_NAMES):
                cut = m.start + words[1].start()
                out.append(dataclasses.replace(m, end=m.start + words[0].end(), kind="place"))
                out.append(dataclasses.replace(m, start=cut))
                continue
        out.append(m)
    return out
