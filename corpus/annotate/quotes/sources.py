"""Source phrases next to a cue: the name, pronoun or description that says the words.

`Resolver` finds the phrase before a cue ("X said"), after an inverted one ("said X",
"says Kremlin aide") or the nearest clause subject left of it. A name before a parenthesis or
an apposition ("Jane Roe (D-Wis.) said", "Jane Roe, 82, said") is the source, also before a
long or double apposition when the name opens its clause ('"...," Jane Roe, director of the X
and a former Y, said'); a titled name the entity finder missed before a party tag ("Gov. Jane
Roe (R) said") becomes a person; the object of "told" never is. A participle or gerund never
is a source: one opening the sentence ("Having announced that ..., Judge Roe ...") gives way
to the subject after its clause, one inside it to the clause subject before it.

Limits: sources further than one clause from the cue are missed; a noun phrase is bounded by
punctuation and clause words, not by a parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.annotate.lexicon import (
    CUE_FORMS,
    FEMALE_NAMES,
    MALE_NAMES,
    ORG_NOUNS,
    PRONOUNS_PERSON,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.annotate.quotes.cues import (
    ADVERBS,
    DETERMINERS,
    NOT_HEAD,
    NOUNISH_CUES,
    NP_STOP,
    PREPOSITIONS,
    TEMPORAL,
    WORDLIKE,
    Tok,
    cue_at,
    participle,
    word_set,
)
from corpus.model import Entity, Mention, Span

_POSTVERBAL_COUNTS = frozenset("one another two three four several some many other".split())


_DASHES = frozenset(("―", "—", "–", "--"))
# Conjunctions that may open a sentence before its subject ("And as X noted, ...").
CONJUNCTION_OPENERS = word_set("and but yet so still")
_OPENERS = CONJUNCTION_OPENERS | word_set("even also")  # "Even China, ..., said"
_PARENTHETICALS = frozenset("however meanwhile too though instead therefore moreover".split())


class Resolver:
    """Finds source noun phrases next to cues and resolves them to entities."""

    def __init__(self, text: str, mentions: Sequence[Mention], entities: dict[str, Entity]):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.entities = entities
        self.by_end = {m.end: m for m in self.mentions if m.kind in ("person", "org")}
        self.by_start = {m.start: m for m in self.mentions if m.kind in ("person", "org")}
        self.genders: dict[str, str] = {}

    def mention_ending(self, pos: int) -> Mention | None:
        return self.by_end.get(pos)

    def mention_starting(self, pos: int) -> Mention | None:
        return self.by_start.get(pos)

    def preverbal(self, toks: list[Tok], k: int) -> tuple[Span, str] | None:
        """The source phrase right before the cue at token k (skipping adverbs, auxiliaries)."""
        j = k - 1
        while j >= 0 and toks[j].low in ADVERBS:
            j -= 1
        while (
            j >= 2
            and toks[j].low == "and"
            and toks[j - 1].word.islower()
            and (toks[j - 1].low.endswith("ed") or toks[j - 1].low in CUE_FORMS)
        ):
            j -= 2  # "I laughed and said", "she paused and added": the first verb's subject
            while j >= 0 and toks[j].low in ADVERBS:
                j -= 1
        if j < 0 or toks[j].quoted:
            return None
        if (
            j >= 3
            and toks[j].word == ","
            and toks[j - 1].low in _PARENTHETICALS
            and toks[j - 2].word == ","
        ):
            j -= 3  # "Forbes, however, says": the subject before the parenthetical adverb
        j = self._before_time_adverbial(toks, j)
        j = self._before_relative_clause(toks, j)
        if toks[j].word in _DASHES:
            # "The film ― which features X and Y ― explains": the subject stands before the
            # aside, not the last name inside it.
            i = j - 1
            while i > 0 and j - i <= 40 and toks[i].word != toks[j].word and not toks[i].quoted:
                i -= 1
            if i <= 0 or toks[i].word != toks[j].word:
                return None
            j = i - 1
        m = self.mention_ending(toks[j].end)
        if m is None:
            m = self._name_before_apposition(toks, j)
        if m is None:
            party = self._name_before_party(toks, j) or self._unfound_name_opening(toks, j)
            if party is not None:
                return party, "signed"
        if m is not None:
            start = m.start
            return Span(start, m.end), "name"
        if toks[j].low in PRONOUNS_PERSON:
            return Span(toks[j].start, toks[j].end), "pronoun"
        head = toks[j].low
        if (
            head in ROLE_NOUNS
            or head.rstrip("s") in ROLE_NOUNS
            or head
            in (
                "ministry",
                "office",
                "department",
                "government",
                "agency",
                "company",
                "statement",
                "report",
            )
        ):
            i = j
            while (
                i > 0
                and not toks[i - 1].quoted
                and (
                    toks[i - 1].word[:1].isupper()
                    or toks[i - 1].low in ROLE_MODIFIERS
                    or toks[i - 1].low in ("the", "a", "an", "his", "her", "their", "its", "one")
                    or toks[i - 1].low.endswith("ian")
                    or toks[i - 1].low in ("-",)
                )
                and toks[i - 1].low not in ("according", "said", "says")
            ):
                i -= 1
                if toks[i].low in ("the", "a", "an", "his", "her", "their", "its"):
                    break
            return Span(toks[i].start, toks[j].end), "description"
        if toks[k].low in NOUNISH_CUES:
            return None  # "the two states", "press reports": a plural noun, not a cue
        return self.noun_phrase(toks, j)

    @staticmethod
    def _before_relative_clause(toks: list[Tok], j: int) -> int:
        """The end of the subject before a relative clause between commas that ends at token
        j ("The former congressman, who led a filibuster in June, thinks"); j itself when
        there is none."""
        if toks[j].word != ",":
            return j
        i = j - 1
        while i > 1 and j - i <= 25 and toks[i].word != ",":
            if toks[i].quoted or toks[i].word in (";", ":", "(", ")"):
                return j
            i -= 1
        if toks[i].word == "," and i + 1 < j - 1 and toks[i + 1].low in ("who", "which"):
            return i - 1
        return j

    @staticmethod
    def _before_time_adverbial(toks: list[Tok], j: int) -> int:
        """The end of the subject before a short time adverbial ending at token j: "who in
        2010 said", "Jane Roe on Friday said" (j itself when there is none)."""
        p = j
        while p > 0 and j - p < 3 and (
            toks[p].low in TEMPORAL or (toks[p].word.isdigit() and len(toks[p].word) <= 4)
        ):
            p -= 1
        if (
            p < j
            and p > 0
            and toks[p].low in ("in", "on", "at", "during", "since", "until", "by")
            and not toks[p - 1].quoted
            and (toks[p - 1].low == "who" or toks[p - 1].named or toks[p - 1].low in ROLE_NOUNS)
        ):
            return p - 1
        return j

    def _name_before_apposition(self, toks: list[Tok], j: int) -> Mention | None:
        """The person named before a parenthesis or an appositive that ends at token j.

        "Rep. Jane Roe (D-Wis.) said", "John Doe, R-Ky., said", "Mr. Doe, 82, said", "John
        Doe, a lawyer for the club, said": the name before the aside is the source; so is an
        organisation before an aside headed by an organisation noun ("the agency that ..."),
        a country that opens the sentence ("Even China, Pyongyang's only ally, said"; it speaks
        as an organisation, see speakers) and a person's name that is itself the aside ("A
        lawyer for the club, John Doe, said").
        """
        if toks[j].word == ")":
            i = j - 1
            while i > 0 and j - i < 8 and toks[i].word != "(":
                i -= 1
            if i > 0 and toks[i].word == "(" and not toks[i - 1].quoted:
                m = self.mention_ending(toks[i - 1].end)
                return m if m is not None and m.kind == "person" else None
            return None
        if toks[j].word != ",":
            return None
        i = j - 1
        cue_inside = False
        while i > 0 and j - i <= 14 and toks[i].word != ",":
            if toks[i].quoted or toks[i].word in (";", ":", "(", ")"):
                return None
            cue_inside = cue_inside or cue_at(toks, i) is not None
            i -= 1
        if cue_inside and not (0 < i < j - 1 and toks[i + 1].low in ("who", "which")):
            return None  # a cue of its own, unless in a relative clause ("X, which said Y,")
        if i <= 0 or i == j - 1 or toks[i].word != "," or toks[i - 1].quoted:
            return self._name_before_long_apposition(toks, j)
        m = self.mention_ending(toks[i - 1].end)
        inner = self.mention_starting(toks[i + 1].start)
        if (m is None or m.kind != "person") and (
            inner is not None and inner.kind == "person" and inner.end == toks[j - 1].end
        ):
            return inner  # "A lawyer for the outlets, David Schulz, said": the name is the aside
        if m is None and toks[i - 1].word == ")":
            return self._name_before_apposition(toks, i - 1)
        if m is None:
            # "Even China, Pyongyang's only ally, said": a country opening the sentence speaks
            first = toks[1] if toks[0].low in _OPENERS else toks[0]
            place = next(
                (
                    x
                    for x in self.mentions
                    if x.kind == "place" and x.start == first.start and x.end == toks[i - 1].end
                ),
                None,
            )
            if place is not None:
                return place
        if m is None:
            return self._name_before_long_apposition(toks, j)
        if m.kind == "org" and (
            toks[i + 1].low == "which"
            or any(t.low in ORG_NOUNS for t in toks[i + 1 : min(j, i + 5)])
        ):
            # "Immigration Services, the agency that oversees the program, said", "The Post,
            # which first said X, said"
            return m
        return m if m.kind == "person" else None

    def _name_before_party(self, toks: list[Tok], j: int) -> Span | None:
        """A name the entity finder missed before a party tag ending at token j.

        "Gov. Mike Huckabee (R) said", "Sen. Marco Rubio (R-Fla.), a sponsor, said": the
        capitalised words before "(R)", "(D)", "(I-Vt.)" name a person (titles left out).
        """
        if toks[j].word == ",":
            i = j - 1
            while i > 0 and j - i <= 14 and not (toks[i].word == "," and toks[i - 1].word == ")"):
                if toks[i].quoted or toks[i].word in (",", ";", ":", "("):
                    return None
                i -= 1
            j = i - 1
        if toks[j].word != ")" or j < 3:
            return None
        o = j - 1
        while o > 0 and j - o < 6 and toks[o].word != "(":
            o -= 1
        if toks[o].word != "(" or not _PARTY_TAG.match(self.text[toks[o].end : toks[j].start]):
            return None
        m = self.mention_ending(toks[o - 1].end)
        if m is not None and m.kind == "person":
            return None  # found by _name_before_apposition
        e = o - 1
        b = e
        while (
            b - 1 >= 0
            and toks[b - 1].word[:1].isupper()
            and not toks[b - 1].quoted
            and toks[b - 1].low.rstrip(".") not in _TITLE_ABBREVS
            and e - b < 3
        ):
            b -= 1
        if not toks[e].word[:1].isupper() or toks[b].low.rstrip(".") in _TITLE_ABBREVS:
            return None
        titled = b > 0 and toks[b - 1].low.rstrip(".") in _TITLE_ABBREVS
        first = toks[b].low
        if not titled and not (b < e and (first in MALE_NAMES or first in FEMALE_NAMES)):
            return None  # no title nor first name: an organisation ("Company Research (R)")
        return Span(toks[b].start, toks[e].end)

    def _unfound_name_opening(self, toks: list[Tok], j: int) -> Span | None:
        """A name the entity finder missed, opening the sentence before a role apposition
        that ends at token j: "Jean-Marc Ayrault, the foreign minister of France, (a permanent
        member of the Council,) said". Two or three capitalised words, none a title, place word
        or determiner, none inside a mention; the apposition opens with a role noun."""
        if toks[j].word != "," or j > 40:
            return None
        c = next((i for i, t in enumerate(toks[: j + 1]) if t.word == ","), j)
        if not 2 <= c <= 3 or c + 1 >= j:
            return None
        for t in toks[:c]:
            low = t.low
            if (
                t.quoted
                or not re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", t.word)
                or low in ROLE_NOUNS
                or low in ROLE_MODIFIERS
                or low in DETERMINERS
                or any(m.start < t.end and t.start < m.end for m in self.mentions)
            ):
                return None
        k = c + 1
        if toks[k].low in ("the", "a", "an"):
            k += 1
        while k < j and toks[k].low in ROLE_MODIFIERS:
            k += 1
        if k >= j or toks[k].low not in ROLE_NOUNS:
            return None
        if any(t.quoted or t.word in (";", ":", "(", ")") for t in toks[c:j]):
            return None
        return Span(toks[0].start, toks[c - 1].end)

    def _name_before_long_apposition(self, toks: list[Tok], j: int) -> Mention | None:
        """A clause-initial name before a long or double appositive that ends at token j.

        "Jane Roe, director of the X Center and a former Y, said", "Jane Roe, the mayor of
        Z, one of the towns suing, said": the name opens its clause (the sentence, or right
        after a quotation or a comma), so a name in an adverbial ("After meeting Roe, ...")
        is never taken.
        """
        i = j - 1
        while i > 0 and j - i <= 40:
            t = toks[i]
            if t.quoted or t.word in (";", ":", "(", ")") or cue_at(toks, i) is not None:
                return None
            if t.word == "," and i < j - 1:
                m = self.mention_ending(toks[i - 1].end)
                if m is not None:
                    if m.kind != "person":
                        return None
                    s = i - 1
                    while s > 0 and toks[s - 1].start >= m.start:
                        s -= 1
                    # "Leonard E. Burman" with the name found from "E. Burman" on.
                    for _ in range(2):
                        if s > 0 and toks[s - 1].word[:1].isupper() and not toks[s - 1].quoted:
                            s -= 1
                    if s == 0 or toks[s - 1].quoted or toks[s - 1].word in (",", "“", '"'):
                        return m
                    return None
            i -= 1
        return None

    def noun_phrase(self, toks: list[Tok], j: int) -> tuple[Span, str] | None:
        """A source noun phrase ending at token j, bounded by punctuation or a clause word.

        The fallback for subjects that are neither a name, a pronoun nor a role noun ("the
        campaign", "several observers", "Six in 10", "a new poll"). A person name at its end
        makes it a name ("the party's Jane Roe"); "it", "who" and a relative "which" after a
        comma are pronouns.
        """
        t = toks[j]
        if t.low == "which" and j > 0 and toks[j - 1].word == "," and not t.quoted:
            return Span(t.start, t.end), "pronoun"  # "Russia, which said": see speakers
        if t.quoted or not WORDLIKE.match(t.word) or t.low in NP_STOP or t.low in NOT_HEAD:
            return None
        if t.low in ("it", "who"):
            return Span(t.start, t.end), "pronoun"
        if t.low in PRONOUNS_PERSON or t.low in ("you", "me", "him", "her", "us", "them"):
            return None
        if t.word.endswith("ly") and t.word.islower():
            return None
        i = j
        while i > 0 and j - i < 7:
            p = toks[i - 1]
            if (
                p.quoted
                or p.low in NP_STOP
                or not (WORDLIKE.match(p.word) or p.word in ("’s", "'s", "-", "&", "/"))
            ):
                break
            i -= 1
        # Drop a leading adverbial ("On Monday the spokesman", "In 2015 a poll").
        if toks[i].low in PREPOSITIONS:
            k = i + 1
            while k < j and (
                toks[k].low in TEMPORAL
                or toks[k].word[:1].isdigit()
                or (toks[k].word[:1].isupper() and toks[k].low not in DETERMINERS)
            ):
                k += 1
            if k < j and toks[k].low in DETERMINERS:
                i = k
        m = self.mention_ending(t.end)
        if m is not None:
            return Span(m.start, m.end), "name"
        if participle(toks[i].low):
            # "Having praised the deal, ...": a participle opening the sentence is no subject;
            # "Roe ..., raising questions about ...": inside it, the clause subject is the source.
            if i == 0:
                main = self._main_subject(toks, j)
                clause = any(t.word == "," and not t.quoted for t in toks[j + 1 : j + 30])
                if main is not None or clause or i == j or toks[i].low in ("having", "being"):
                    return main
                return Span(toks[i].start, toks[j].end), "description"  # "Voting rights groups"
            left = self.nearest_left(toks, i)
            if left is not None:
                return left
        if i == j and toks[j].low in ("one", "another", "others", "some", "many", "most"):
            return Span(toks[j].start, toks[j].end), "description"
        return Span(toks[i].start, toks[j].end), "description"

    def _main_subject(self, toks: list[Tok], j: int) -> tuple[Span, str] | None:
        """The subject after a sentence-opening participle clause that holds token j.

        "Having announced that ..., Judge Roe proceeded": the name after the comma closing the
        clause (past "the"), or a pronoun there.
        """
        for c in range(j + 1, min(len(toks) - 1, j + 30)):
            if toks[c].quoted or toks[c].word in (";", ":"):
                return None
            if toks[c].word != ",":
                continue
            for n in range(c + 1, min(len(toks), c + 4)):
                m = self.mention_starting(toks[n].start)
                if m is not None:
                    return Span(m.start, m.end), "name"
                if not (toks[n].low == "the" or toks[n].word[:1].isupper()):
                    break
            if toks[c + 1].low in PRONOUNS_PERSON:
                return Span(toks[c + 1].start, toks[c + 1].end), "pronoun"
            return None
        return None

    def nearest_left(self, toks: list[Tok], k: int, floor: int = 0) -> tuple[Span, str] | None:
        """The nearest person/org mention or pronoun left of token k (a clause subject)."""
        for j in range(k - 1, floor - 1, -1):
            t = toks[j]
            if t.quoted:
                continue
            if j >= 2 and toks[j - 2].low == "according" and toks[j - 1].low == "to":
                continue
            m = self.mention_ending(t.end)
            if m is not None and m.kind == "person":
                if j > 0 and toks[j - 1].low in PREPOSITIONS:
                    continue  # "spoke on Twitter, saying": the object of a preposition
                if j + 1 < len(toks) and toks[j + 1].low in ("'s", "’s"):
                    continue  # "treating Mrs. Roe's remark as ..., asserting": a possessive
                return Span(m.start, m.end), "name"
            if t.low in ("he", "she", "they"):
                return Span(t.start, t.end), "pronoun"
        return None

    def postverbal(self, toks: list[Tok], k: int) -> tuple[Span, str] | None:
        """The source after an inverted cue ("..., said Peskov", "says Kremlin aide")."""
        if k >= len(toks) or toks[k].quoted:
            return None
        if k > 0 and CUE_FORMS.get(toks[k - 1].low) == "tell":
            return None  # "told AFP": the addressee, never the source
        m = self.mention_starting(toks[k].start)
        if m is None and toks[k].word[:1].isupper():
            # "said John D. Podesta" with the name found from "D. Podesta" on.
            for i in range(k + 1, min(len(toks), k + 3)):
                if not toks[i - 1].word[:1].isupper() or toks[i - 1].quoted:
                    break
                m2 = self.mention_starting(toks[i].start)
                if m2 is not None and m2.kind == "person":
                    m = m2
                    break
        followed_by_role = (
            m is not None
            and m.kind == "org"
            and k + 1 < len(toks)
            and any(t.low in ROLE_NOUNS for t in toks[k + 1 : k + 3])
        )
        if m is not None and not followed_by_role:
            return Span(m.start, m.end), "name"
        if toks[k].low in PRONOUNS_PERSON:
            return Span(toks[k].start, toks[k].end), "pronoun"
        j = k
        while j < len(toks) and j < k + 6 and not toks[j].quoted:
            low = toks[j].low
            if low in ROLE_NOUNS or low.rstrip("s") in ROLE_NOUNS:
                m2 = self.mention_starting(toks[j + 1].start) if j + 1 < len(toks) else None
                if m2 is not None:  # "said Kremlin spokesman Dmitry Peskov"
                    return Span(m2.start, m2.end), "name"
                return Span(toks[k].start, toks[j].end), "description"
            if not (
                toks[j].word[:1].isupper()
                or low in ("the", "a", "an")
                or low in ROLE_MODIFIERS
                or low.endswith("ian")
                # "said one GOP source", "said two union officials"
                or (j == k and low in _POSTVERBAL_COUNTS)
                or (j <= k + 3 and toks[k].low in _POSTVERBAL_COUNTS and toks[j].word.isalpha())
            ):
                break
            j += 1
        # "said Republican party boss Jane Roe": a title of any words before a person's name.
        for j in range(k + 1, min(len(toks), k + 6)):
            p = toks[j - 1]
            if (
                p.quoted
                or not WORDLIKE.match(p.word)
                or p.low in NP_STOP
                or p.low in PREPOSITIONS
                or p.low in PRONOUNS_PERSON
            ):
                break
            m3 = self.mention_starting(toks[j].start)
            if m3 is not None and m3.kind == "person":
                return Span(m3.start, m3.end), "name"
        return None


_PARTY_TAG = re.compile(r"^\s*[RDI](?:-[A-Z][\w.]*)?\s*$")
_TITLE_ABBREVS = word_set(
    "gov sen rep lt sens reps gen col sgt dr mr mrs ms senator governor representative "
    "congressman congresswoman mayor president speaker leader whip chairman"
)
