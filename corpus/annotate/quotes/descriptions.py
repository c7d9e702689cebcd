"""Descriptions of speakers resolved to the named entity of the document that fits them.

A person description ("the diplomat", "the head of state", "the country's top diplomat",
"the lawmaker") resolves to the person whose *profile* fits: the title written before any
mention of the name ("Russia's Ambassador to Hanoi Jane Roe"), the role head of an apposition
after it ("Jane Roe, spokeswoman of the ministry," gives "spokeswoman", never "ministry"), and
the role the entity finder recorded. Head and title fit when they are the same noun or share a
role class (lexicon.ROLE_CLASSES: diplomat ~ ambassador, head of state ~ president, lawmaker ~
deputy); each shared modifier ("Russian", "foreign") adds to the score; ties go to the last
speaker, then to the person mentioned last before the description.

An organisation description ("the company", "the bank", "the ministry", "the institute", "the
organization") resolves to the organisation the article names whose name or type words (the
noun written next to a mention: "the HWWA institute") share the head or its class
(lexicon.ORG_CLASSES), nearest salient first (most mentions, then the last one before it).

Indefinite or plural descriptions ("analysts", "a source in the diplomatic service", "one
official") never resolve to a named person: they stay descriptions, anonymous speakers.

Limits: a person named with no title nor apposition has an empty profile and is found only
through pronouns; two people of the same role in one article go to the one mentioned last;
organisation types come from names and adjacent nouns, not from a knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.annotate.entities.repairs import common_word
from corpus.annotate.gazetteer import COUNTRIES_LOWER, DEMONYMS_LOWER
from corpus.annotate.lexicon import (
    AGENCIES,
    AGENT_SUFFIXES,
    NON_AGENT_NOUNS,
    ORG_CLASSES,
    ORG_NOUNS,
    PERSON_NOUNS,
    ROLE_CLASSES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.model import Entity, Mention, Span

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_DETS = frozenset("the a an his her their its our my this that these those".split())
_INDEFINITE = frozenset(
    "a an one some several many most two three four five few other others another any "
    "no unnamed anonymous".split()
)
# Phrases read as one role word ("head of state" -> head-of-state).
_PHRASES = (
    ("head", "of", "state"),
    ("head", "of", "government"),
    ("minister", "of", "foreign", "affairs"),
    ("secretary", "of", "state"),
    ("member", "of", "parliament"),
    ("foreign", "minister"),
    ("prime", "minister"),
    ("chief", "executive"),
    ("press", "secretary"),
    ("managing", "director"),
    ("top", "diplomat"),
)
_TITLE_PREPS = frozenset("of to for at".split())
_HEAD_ENDS = frozenset(
    "in at with from of for close familiar who whom whose that which i we you he she they on by "
    "now just this last next said says "
    # adverbs after a name ("the firm no longer", "Jane Roe also"): the description ends there
    "no not never longer also still already always together once ever then".split()
)
# A phrase opening with a negative determiner names nobody ("no current plans", "no one").
_NOBODY = frozenset("no none nobody neither nothing".split())
# People nouns the lexicon's role and person lists leave out: kin, trades, the public.
_MORE_PERSON_NOUNS = frozenset(
    """
    friend child kid host tycoon architect mother father son daughter wife husband brother
    respondent sister teenager boy girl witness driver nurse veteran viewer reader listener
    user customer client tenant farmer staffer writer journalist columnist commentator blogger
    poster incumbent challenger athlete actor actress singer artist musician comedian celebrity
    billionaire millionaire magnate mogul entrepreneur businessman businesswoman priest pastor
    rabbi imam rival classmate inmate prisoner defendant plaintiff gunman attacker hostage
    refugee migrant immigrant taxpayer shopper tourist visitor guest volunteer boss creator
    designer engineer contractor academic educator superintendent administrator regulator
    detective sheriff firefighter paramedic surgeon psychiatrist psychologist therapist mom dad
    grandmother grandfather uncle aunt cousin girlfriend boyfriend spouse widow youngster adult
    retiree homeowner landlord family year-old
    """.split()
)
# Words with an agent's ending that name no agent: verbs ("resist"), comparatives and adverbs
# ("no longer", "rather", "together").
# Quantities that are a group of speakers only with "of" ("a quarter of the voters"), never
# alone ("the December quarter", "26 dlrs a share", "one dlr each").
_NOT_BARE_GROUPS = frozenset("share quarter number lot each".split())
_NOT_AGENTS = frozenset(
    """
    defer refer prefer differ deter infer confer major minor senior junior prior inferior
    superior interior exterior former latter proper eager clever sever
    resist insist exist assist persist consist subsist desist longer further rather together
    whether however other either neither never ever after later earlier over under per another
    whatever whoever forever sooner faster higher lower greater better
    weather winter summer computer center centre enter render wonder thunder ladder layer
    lever liter litre meter metre shelter timber trigger hunger anger danger dinner silver
    copper lumber rubber leather feather powder cancer fever charter quarter counter answer
    list mist twist wrist fist gist plant grant rent talent current tree degree
    coffee
    """.split()
)
# Quantities that head a group of people ("twelve percent", "a majority of voters").
QUANTITIES = frozenset(
    "percent per cent majority minority half third quarter number chorus group handful lot "
    "most many some all few one each none both dozens hundreds thousands millions share".split()
)
_APPOSITION = re.compile(r",\s+(?:(?:a|an|the)\s+)?([^,.;:()\"“”\n]{2,90}?)(?=,|\.|;|\)|$)")
_STOP_BEFORE_TITLE = frozenset(
    "said says told the a an and or but when while after before by with from in on at as "
    "according".split()
)


_SHARE = re.compile(
    r"(?:(?:about|nearly|almost|roughly|some|only|just|over|under|(?:more|fewer|less) than)\s+)?"
    r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of|of)\s+(?:10|ten|100)\b"
    r"|\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b))"
    r"(?:\s+of)?\s*(.*)",
    re.I | re.S,
)


def _quantity(w: str) -> bool:
    """A quantity word, hyphenated fractions too ("three-quarters", "two-thirds")."""
    return w in QUANTITIES or w.rsplit("-", 1)[-1] in _FRACTIONS


_FRACTIONS = frozenset("half halves third thirds quarter quarters fifths tenths".split())


def _group_noun(w: str) -> bool:
    """A noun that may head a group of speakers ("voters", "officials", "companies")."""
    return w in PERSON_NOUNS or w in ORG_NOUNS or _singular(w) in PERSON_NOUNS


# Places the gazetteer lists among countries that have no government of their own to speak.
_NO_GOVERNMENT = frozenset(
    "arctic antarctica atlantic pacific mediterranean africa asia europe oceania america "
    "balkans baltics caucasus scandinavia siberia sinai borneo java sumatra mindanao golan".split()
)
# Bodies an organisation named without a telling word does not stand for: "the government"
# is the country's (see speakers), "the team" or "the court" is no company named nearby.
_NOT_ANY_ORG = frozenset(
    "government administration cabinet regime team side police army military court "
    "parliament country state nation".split()
)
# Titles of someone who speaks for another: never the person named before them.
_NOT_THE_NAMED = frozenset(
    "spokesman spokeswoman spokesperson official source aide representative adviser advisor "
    "lawyer attorney assistant deputy".split()
)


def _possessive(w: str) -> str:
    return re.sub(r"['’]s$", "", w)


def _fold(words: Sequence[str]) -> list[str]:
    """Lower-case words with known multiword roles joined ("head of state" -> one word)."""
    low = [_possessive(w.lower().rstrip(".")) for w in words]
    out: list[str] = []
    i = 0
    while i < len(low):
        for ph in _PHRASES:
            if tuple(low[i : i + len(ph)]) == ph:
                out.append("-".join(ph))
                i += len(ph)
                break
        else:
            out.append(low[i])
            i += 1
    return out


def _singular(w: str) -> str:
    if w in ROLE_NOUNS or w in ORG_NOUNS or not w.endswith("s") or w.endswith("ss"):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    return w[:-1]


def _classes(word: str, table: dict[str, frozenset[str]]) -> set[str]:
    return {name for name, members in table.items() if word in members}


@dataclass
class Profile:
    """What the document says an entity is: role words (heads) and modifiers."""

    heads: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Description:
    """A description read as head noun, modifiers and whether it is definite and singular."""

    head: str
    mods: list[str]
    definite: bool
    plural: bool

    @property
    def person(self) -> bool:
        return (
            self.head in PERSON_NOUNS
            or self.head in _MORE_PERSON_NOUNS
            or self.head + "s" in PERSON_NOUNS
            or (self.head in QUANTITIES and self.head not in _NOT_BARE_GROUPS)
            or self.head in DEMONYMS_LOWER
            or bool(_classes(self.head, ROLE_CLASSES))
        )

    @property
    def org(self) -> bool:
        return self.head in ORG_NOUNS or _singular(self.head) in ORG_NOUNS

    @property
    def agent(self) -> bool:
        """A noun of an agent no list names ("farmers", "underwriters", "seismologists")."""
        h = self.head
        return (
            h.isalpha()
            and len(h) > 4
            and h not in NON_AGENT_NOUNS
            and h not in _NOT_AGENTS
            and h.endswith(AGENT_SUFFIXES)
            # "enhancement", "takeover": nouns of things; "defer", "major": no nouns of agents
            and not h.endswith(("ment", "over"))
            # "-ive" names agents in the plural ("conservatives", "executives"); a singular
            # one is an adjective ("fairly expansive")
            and (self.plural or not h.endswith("ive"))
        )


def read_description(phrase: str) -> Description | None:
    """Head, modifiers, definiteness of a description ("the country's top diplomat")."""
    share = _SHARE.match(phrase.strip())
    if share is not None:
        # A poll's share of respondents: "about 4 in 10 (voters)", "six out of 10 Democrats",
        # "nearly eight of 10 voters", "26% (of Democrats)".
        phrase = share.group(1) or "respondents"
    words = _WORD.findall(phrase)
    if not words:
        return None
    first = words[0].lower()
    if first in _NOBODY:
        return None
    if (
        len(words) > 1
        and words[0].islower()
        and first.endswith(("ing", "ed"))
        and first not in PERSON_NOUNS
        and (words[1].lower() in _DETS or words[1].lower() == "one")
    ):
        return None  # a verb phrase ("using the latest figures", "included one"), no source
    folded = _fold([w for w in words if w.lower() not in _DETS])
    # "a chorus of Republicans", "74 percent of likely voters": the group after "of" speaks.
    while len(folded) > 2 and "of" in folded[1:-1]:
        i = folded.index("of", 1)
        if not _quantity(folded[i - 1]):
            break
        folded = folded[i + 1 :]
    # A description ends at its head: "a source in the diplomatic service" -> "source", "a
    # poll released last week" -> "poll", "all the experts I interviewed" -> "experts".
    for i, w in enumerate(folded):
        if i and (
            w in _HEAD_ENDS
            or (
                w.endswith(("ed", "ing"))
                and w not in PERSON_NOUNS
                and w not in ORG_NOUNS
                # "registered voters", "elected officials": a participle before its noun
                and not (i + 1 < len(folded) and _group_noun(folded[i + 1]))
            )
        ):
            folded = folded[:i]
            break
    if not folded:
        return None
    head = folded[-1]
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is", "news"))
    definite = first not in _INDEFINITE and not plural
    return Description(_singular(head), folded[:-1], definite, plural)


class Profiles:
    """Profiles of the person and organisation entities of one document."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[Mention],
        ents: dict[str, Entity],
        sentences: Sequence[Span] = (),
    ):
        self.text = text
        self.ents = ents
        self.sentences = sentences
        self.by_ref: dict[str, Profile] = {}
        # Organisation an earlier spokesman/official spoke for, by head ("the spokesman").
        self.represented: dict[str, str] = {}
        self.places = [m for m in mentions if m.kind == "place" and m.name and m.ref]
        for m in mentions:
            if m.kind not in ("person", "org") or not m.name or not m.ref:
                continue
            name = ents[m.ref].name if m.ref in ents else ""
            if " " not in name and common_word(name) and name.lower() not in ORG_NOUNS:
                continue  # a piece of a longer name ("State"): no description stands for it
            prof = self.by_ref.setdefault(m.ref, Profile())
            prof.mentions.append(m)
            if m.kind == "person":
                self._person_title(prof, m)
            else:
                self._org_type(prof, m)
        for ref, e in ents.items():
            if e.role and ref in self.by_ref:
                words = _fold(_WORD.findall(e.role))
                self.by_ref[ref].words.update(words)
                self.by_ref[ref].heads.update(w for w in words if w not in ROLE_MODIFIERS)
            if e.kind == "org" and ref in self.by_ref:
                self.by_ref[ref].words.update(_fold(_WORD.findall(e.name)))

    def _person_title(self, prof: Profile, m: Mention) -> None:
        text = self.text
        # Title before the name: capitalised words, role words, "of"/"to" inside it.
        line_start = max(text.rfind("\n", 0, m.start) + 1, m.start - 120)
        before = text[line_start : m.start]
        cut = max(before.rfind(ch) for ch in ',;:("“”')
        words = _WORD.findall(before[cut + 1 :])
        title: list[str] = []
        crossed = False  # past "of"/"to": only a capitalised title goes on ("Minister of ...")
        for w in reversed(words[-8:]):
            low = _possessive(w.lower())
            if low in _STOP_BEFORE_TITLE and low not in _TITLE_PREPS:
                break
            if crossed and not w[:1].isupper():
                break  # "spokeswoman of President X": her role, not his
            if not (
                w[:1].isupper() or low in ROLE_NOUNS or low in ROLE_MODIFIERS or low in _TITLE_PREPS
            ):
                break
            crossed = crossed or low in _TITLE_PREPS
            title.insert(0, w)
        while title and title[0].lower() in _TITLE_PREPS:
            title.pop(0)
        if title:
            folded = _fold(title)
            prof.words.update(folded)
            prof.heads.update(w for w in folded if w in PERSON_NOUNS or _classes(w, ROLE_CLASSES))
        # Apposition after the name: its role head (before any preposition) only.
        app = _APPOSITION.match(text, m.end)
        if app:
            words = _fold(_WORD.findall(app.group(1)))
            head_words: list[str] = []
            for w in words:
                if w in ("of", "for", "at", "to", "in", "with", "on", "who", "and"):
                    break
                head_words.append(w)
            if any(w in PERSON_NOUNS or _classes(w, ROLE_CLASSES) for w in head_words):
                prof.heads.update(head_words)
                prof.words.update(head_words)

    def _org_type(self, prof: Profile, m: Mention) -> None:
        # The noun written right after or before an organisation's name: "the HWWA institute".
        after = _WORD.match(self.text, m.end + 1) if self.text[m.end : m.end + 1] == " " else None
        if after and after.group().lower() in ORG_NOUNS:
            prof.words.add(after.group().lower())
        before = _WORD.findall(self.text[max(0, m.start - 30) : m.start])
        if before and before[-1].lower() in ORG_NOUNS:
            prof.words.add(before[-1].lower())

    def _last_before(self, ref: str, pos: int) -> int:
        prof = self.by_ref.get(ref)
        starts = [m.start for m in prof.mentions if m.start < pos] if prof else []
        return max(starts) if starts else -1

    def salient_org(self, pos: int) -> str:
        """The organisation named most often before `pos` (ties: the last named), or ""."""
        best = max(
            (
                (len([m for m in prof.mentions if m.start < pos]), self._last_before(ref, pos), ref)
                for ref, prof in self.by_ref.items()
                if (e := self.ents.get(ref)) is not None
                and e.kind == "org"
                and e.name not in AGENCIES
                and self._last_before(ref, pos) >= 0
            ),
            default=None,
        )
        return best[2] if best else ""

    def salient_country(self, pos: int) -> str:
        """The country named most often in the document up to `pos` (a place entity id)."""
        counts: dict[str, int] = {}
        for m in self.places:
            if m.start < pos and m.ref in self.ents:
                name = self.ents[m.ref].name.lower()
                if (
                    name in COUNTRIES_LOWER or name in ("u.s.", "us", "united states")
                ) and name not in _NO_GOVERNMENT:
                    counts[m.ref] = counts.get(m.ref, 0) + 1
        return max(counts, key=lambda r: counts[r]) if counts else ""

    def untitled_before(self, d: Description, pos: int) -> str:
        """The person a definite title stands for when no one in the document bears it
        ("... Michael Howard's stance on abortion. The Tory leader supports ...", "Tony Blair
        has dismissed reports ... , the prime minister told the BBC"): news names a person,
        then calls him by his title. Taken only when the sentence and the two before it name
        one person, and no title of his is known; "" otherwise.

        Limits: a title whose holder the article never names still goes to such a person."""
        if not d.definite or d.plural or d.head in _NOT_THE_NAMED:
            return ""
        # An age epithet ("the 34-year-old", "the 70-year-old mother of three") is no title:
        # news uses it only for someone just named, titled or not.
        aged = d.head == "year-old" or "year-old" in d.mods
        if not aged and not (d.head in ROLE_NOUNS or _classes(d.head, ROLE_CLASSES)):
            return ""
        k = next((i for i, s in enumerate(self.sentences) if s.start <= pos < s.end), None)
        if k is None:
            return ""
        start = self.sentences[max(0, k - 2)].start
        refs = {
            ref
            for ref, prof in self.by_ref.items()
            if (e := self.ents.get(ref)) is not None and e.kind == "person"
            for m in prof.mentions
            if start <= m.start < pos
        }
        if len(refs) != 1:
            return ""  # nobody, or several people the title could stand for
        (ref,) = refs
        return "" if self.by_ref[ref].heads and not aged else ref

    def person(self, d: Description, pos: int, last_speaker: str, forward: bool) -> str:
        """The person entity a definite person description stands for, or ""."""
        if not d.definite:
            return ""
        want = _classes(d.head, ROLE_CLASSES)
        scored: list[tuple[int, int, int, str]] = []
        for ref, prof in self.by_ref.items():
            e = self.ents.get(ref)
            if e is None or e.kind != "person" or not prof.words:
                continue
            last = self._last_before(ref, pos)
            if last < 0 and not forward:
                continue
            score = 0
            if d.head in prof.heads or d.head in prof.words:
                score += 3
            elif want and any(want & _classes(w, ROLE_CLASSES) for w in prof.words):
                score += 2
            if d.head in ("official", "source", "aide", "spokesman", "representative") and (
                not score and set(d.mods) & prof.words
            ):
                score += 1
            if not score:
                continue
            score += len(set(d.mods) & prof.words)
            scored.append((score, int(ref == last_speaker), last, ref))
        return max(scored)[3] if scored else ""

    def org(self, d: Description, pos: int, forward: bool) -> str:
        """The organisation a definite organisation description stands for, or ""."""
        if not d.definite:
            return ""
        want = _classes(d.head, ORG_CLASSES)
        scored: list[tuple[int, int, int, str]] = []
        for ref, prof in self.by_ref.items():
            e = self.ents.get(ref)
            if e is None or e.kind != "org" or e.name == "Reuters":
                continue  # the wire itself ("Reuters") never; a news agency it cites may be
            last = self._last_before(ref, pos)
            if last < 0 and not forward:
                continue
            classes = (
                set().union(*(_classes(w, ORG_CLASSES) for w in prof.words))
                if prof.words
                else set()
            )
            if d.head in prof.words:
                score = 3
            elif want & classes:
                score = 2
            elif (not classes and d.head not in _NOT_ANY_ORG) or (
                d.head in ("company", "firm", "group", "organization", "organisation")
                and not classes & {"government", "bank"}
            ):
                # An organisation named without a telling word ("Statistics Canada" for "the
                # federal agency", "Texaco" for "the company"): fits when nothing better does.
                score = 1
            else:
                continue
            score += len(set(d.mods) & prof.words)
            scored.append((score, min(len(prof.mentions), 5), last, ref))
        return max(scored)[3] if scored else ""
