"""Quotations and their speakers: direct, mixed and indirect reported speech.

Rules over the project's tokens and entity mentions, in three passes:

1. Quotation marks are paired within each paragraph (straight and curly double quotes,
   guillemets, TeX-style ``...'' and ''...''); a mark left open at the end of a paragraph
   continues into the next paragraph when that one opens with a mark (the news convention for
   long quotations). A closing mark that opens a paragraph opens a quotation there (”...”);
   a straight mark after feet and inches (6'3") is no quotation mark, nor is a markup attribute
   value left in the text (author="..."). Curly marks inside a passage opened with a straight
   mark are nested quotes, unless no straight mark is left in the paragraph to close it.
2. Attributions are found around cue verbs outside quotation marks (lexicon.CUE_VERBS):
   "X said (that) ...", "..., X said", "..., said X", "according to X, ...", "X told reporters
   ...", participles ("..., pointing out that ...") and headline attributions
   ("..., says Kremlin aide"). Verbs of attitude also take a noun-phrase object
   (lexicon.OBJECT_CUES: "criticized the plan", "called for a ban"). A sentence may hold
   several attributions: a cue with its own subject inside a content is nested in it ("X said
   Y wants Z"), a coordinated one splits it ("X said A, adding that B"). An attribution whose
   content holds another speech attribution becomes the *reporter* of the inner one (Ushakov
   reporting Putin's words). A quotation takes its attribution from its own sentence, from the
   start of the next one in the same paragraph ('"...?" he asked.') or from a sentence ending
   in a colon before it.
   An attribution between two commas inside a sentence ("A, X said, B") makes the sentence around it
   the content, in two parts; a quoted Title Case title ("Face the Nation") or a quoted string with
   no letters is a title, not a quotation (also as a cue's complement). A name before a parenthesis
   or an apposition ("Jane Roe (D-Wis.) said", "Jane Roe, 82, said") is the source, also before a
   long or double apposition when the name opens its clause ('"...," Jane Roe, director of the X
   and a former Y, said'); a titled name the entity finder missed before a party tag ("Gov. Jane
   Roe (R) said") becomes a person entity; the object of "told" never is. A participle or gerund
   never is a source: one opening the sentence ("Having announced that ..., Judge Roe ...")
   gives way to the subject after its clause, one inside it to the clause subject before it.
   "As X put it" introduces X's quotation. A quotation signed after it with a dash ('"..." ―
   Jane Roe', '"..." — Jane Roe, a nurse', ending the paragraph) is the named person's, who
   becomes a person entity when the entity finder missed the name. A cue with its own subject
   right before a quotation ('X noted that A ― Y boasted, "..."') takes it from the report
   around it, whose content then ends before Y.
3. Sources are resolved to entities in text order: names through the linked mentions,
   pronouns to the last resolved source (the last speaker) when its gender fits, else to the
   nearest earlier person whose gender fits ("he"/"she" against honorifics, gendered titles and
   lexicon's first-name lists; unknown genders fit both), descriptions ("the Kremlin aide",
   "the US president") to the person whose role shares the head noun or a modifier. A
   quotation with no attribution continues the previous paragraph's speaker; when it opens the
   paragraph right after a quotation that ended its own, the two are one quotation.

Limits: no syntactic parse, so content boundaries of indirect speech run from the cue's
complement to the end of the sentence (or to the comma before a final attribution or a
coordinated cue); contents spanning several sentences are cut at the first; sources
further than one clause from the cue are missed; quotations inside quotations are not
attributed separately; a short quoted phrase with no cue in its sentence is taken as a scare
quote or title (soCalled), which misreads a one-word answer quoted without a cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.annotate.lexicon import (
    CUE_FORMS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_TITLES,
    MULTIWORD_CUES,
    OBJECT_CUES,
    PRONOUNS_PERSON,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SPEECH_CUES,
    WEAK_CUES,
)
from corpus.annotate.sentences import tokens as tokenize
from corpus.model import Article, Entity, Mark, Mention, Quotation, Span


def _words(spec: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(spec.split())


OPEN_MARKS = "“«„"
CLOSE_MARKS = "”»“"
STRAIGHT = '"'
GAP_RE = re.compile(r"<\s?(?:\.\.\.|…)\s?>|\[(?:\.\.\.|…)\]")
SUPPLIED_RE = re.compile(r"\((?:[^()\n]{1,80}?)\s[-–—]\s(?:[A-Z][A-Za-z]+|[A-Z]{2,})\)")
_INCHES = re.compile(r"\d['’]\s?\d{1,2}$")
SCARE_RE = re.compile(r"‘[^‘’\n]{1,60}’(?![A-Za-z])")

ADVERBS = _words(
    "also later then again repeatedly previously earlier further once recently reportedly "
    "has have had was were is are will would had been has been could may might has also "
    "had also simply just even still only firmly clearly publicly never barely jokingly "
    "frequently often openly privately sharply strongly explicitly initially originally "
    "ultimately specifically directly immediately quickly loudly angrily falsely correctly "
    "rightly wrongly"
)
REPORTER_OBJECTS = _words(
    "reporters journalists the press media correspondents lawmakers parliament congress "
    "senators members supporters audience crowd me us him her them"
)
SUBJECT_STARTERS = _words(
    "he she it they we i you there this that these those the a an his her its their our my "
    "no some many most all any one two three"
)


_DETERMINERS = _words("the a an these those this that his her its their our my your such no")

PREPOSITIONS = _words(
    "in on at to during after before with via from for by of over about through into across "
    "under within without among amid following ahead upon since until against despite"
)
TEMPORAL = _words(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow "
    "morning afternoon evening night week weekend month year day days weeks months years ago last "
    "this next earlier later recently previously again late early"
)
# Nouns of the channel of a statement: "said in a statement", "told CNN in an interview".
CHANNEL_NOUNS = _words(
    "statement interview news conference briefing release email e-mail letter speech tweet "
    "tweets post posts radio television tv show phone call rally debate appearance event "
    "meeting hearing op-ed memo remarks program programme broadcast video message podcast "
    "press call twitter facebook instagram town hall forum session testimony filing court "
    "campaign stop visit trip address website blog column book"
)
# Clause-introducing cues whose complement may start without "that" ("X said the deal is off").
CLAUSE_CUES = _words(
    "say tell add warn claim insist argue note stress predict announce state confirm report "
    "estimate write acknowledge admit suggest explain assert contend concede declare emphasize "
    "reiterate recall complain tweet believe think show find point out"
)
# Words after a cue that never start its content ("said nothing", "said so", "said to be").
_NON_START = _words(
    "to so nothing something anything little much yes no hello goodbye such and or but as than "
    "please thanks"
)
# Words that end a source noun phrase on its left (a clause boundary before the subject).
_NP_STOP = _words(
    "that which because but while when whenever if as and or nor so than then where although "
    "though since until unless whether why how what also has have had is are was were will "
    "would could should can may might must do does did not n't never"
)
_NOT_HEAD = (
    PREPOSITIONS
    | _DETERMINERS
    | _words(
        "be been being very more most less least many much few some any all both each every "
        "other another own same new old"
    )
)
# Cue forms that are also plural nouns: no common-noun source before them.
_NOUNISH_CUES = _words(
    "states reports claims estimates charges remarks tweets forecasts notes calls labels brands "
    "finds hopes warnings answers replies responses"
)
_WORDLIKE = re.compile(r"[\w$%]")


@dataclass
class _Tok:
    start: int
    end: int
    word: str
    low: str
    quoted: bool = False
    named: bool = False  # inside a name ("Secretary of State Antony Blinken"): never a cue


@dataclass
class _Attr:
    """A candidate attribution before its source is resolved."""

    content: Span
    kind: str  # direct | mixed | indirect
    cue: Span | None
    source: Span | None  # the source mention's span
    source_kind: str = ""  # name | pronoun | description | none
    reporter: Span | None = None
    reporter_kind: str = ""
    speaker: str = ""
    reported_by: str = ""
    method: str = "rule"
    confidence: float = 0.9
    inner: list[int] = field(default_factory=list)
    parts: tuple[Span, ...] = ()


def find_marks(text: str) -> list[Mark]:
    """Editorial gaps (<...>), supplied insertions ((Biden - TASS)) and scare quotes (‘x’)."""
    marks = [Mark(m.start(), m.end(), "gap") for m in GAP_RE.finditer(text)]
    marks += [Mark(m.start(), m.end(), "supplied") for m in SUPPLIED_RE.finditer(text)]
    marks += [
        Mark(m.start(), m.end(), "soCalled")
        for m in SCARE_RE.finditer(text)
        if len(m.group().split()) <= 4
    ]
    return sorted(marks, key=lambda m: m.start)


def quote_spans(article: Article) -> list[tuple[Span, bool]]:
    """Spans of double-quoted passages (marks included) and whether each is left open.

    An unclosed quotation runs to the end of its paragraph and, when the next paragraph opens
    with a quotation mark, on into it.
    """
    text = article.text
    spans: list[tuple[Span, bool]] = []
    pending: int | None = None  # start of a quotation left open by the previous paragraph
    for block in article.blocks:
        if block.kind == "dateline":
            continue
        open_at: int | None = None
        open_ch = ""
        first = True
        i = block.start - 1
        while i + 1 < block.end:
            i += 1
            ch = text[i]
            width = 1
            if ch in "'`" and text[i + 1 : i + 2] == ch and i + 1 < block.end:
                # TeX-style marks: ``open'' and ''straight'' (some wires write quotes so).
                ch, width = ("“" if ch == "`" else STRAIGHT), 2
            if ch not in OPEN_MARKS and ch not in CLOSE_MARKS and ch != STRAIGHT:
                continue
            if ch == STRAIGHT and width == 1 and _INCHES.search(text, max(0, i - 6), i):
                continue  # 6'3": feet and inches, not a quotation mark
            if open_at is None and ch == STRAIGHT and width == 1 and text[i - 1 : i] == "=":
                # A markup attribute left in the text (<tweet author="...">): no quotation.
                close = text.find(STRAIGHT, i + 1, block.end)
                if close > 0:
                    i = close
                    continue
            if open_at is None:
                if (
                    ch in CLOSE_MARKS
                    and ch not in OPEN_MARKS
                    and (text[block.start : i].strip() or pending is not None)
                ):
                    continue  # a stray closing mark (one opening a paragraph opens a quote)
                # A first mark may continue a multi-paragraph quotation.
                open_at = pending if first and pending is not None else i
                open_ch = ch
                pending = None
            else:
                if ch in OPEN_MARKS and ch not in CLOSE_MARKS:
                    i += width - 1
                    continue
                if open_ch == STRAIGHT and ch != STRAIGHT and STRAIGHT in text[i + 1 : block.end]:
                    continue  # "A “B” C": curly marks nest inside a straight-quoted passage
                spans.append((Span(open_at, i + width), False))
                open_at = None
            i += width - 1
            first = False
        if pending is not None:  # the next paragraph did not reopen: the quote ended here
            pending = None
        if open_at is not None:
            spans.append((Span(open_at, block.end), True))
            # Only a paragraph continues into the next one (never a headline or standfirst).
            pending = open_at if block.kind == "p" else None
    # A continued quotation was recorded once per paragraph: keep the longest per start.
    best: dict[int, tuple[Span, bool]] = {}
    for span, is_open in spans:
        if span.start not in best or span.end > best[span.start][0].end:
            best[span.start] = (span, is_open)
    return sorted(best.values(), key=lambda x: x[0].start)


def _sentence_tokens(
    text: str, sentence: Span, quotes: Sequence[Span], names: Sequence[Span] = ()
) -> list[_Tok]:
    out = []
    qstarts = [q.start for q in quotes]
    nstarts = [n.start for n in names]
    for t in tokenize(text, sentence.start, sentence.end):
        word = text[t.start : t.end]
        k = bisect_right(qstarts, t.start) - 1
        quoted = k >= 0 and quotes[k].start <= t.start < quotes[k].end
        k = bisect_right(nstarts, t.start) - 1
        named = k >= 0 and names[k].start <= t.start < names[k].end
        out.append(_Tok(t.start, t.end, word, word.lower(), quoted, named))
    return out


def _cue_at(toks: list[_Tok], k: int) -> tuple[int, str] | None:
    """(number of tokens, lemma) when a cue verb starts at token k."""
    if toks[k].quoted or toks[k].named:
        return None
    if k > 0 and toks[k - 1].low in _DETERMINERS:
        return None  # "these claims", "the report": a noun, not a cue
    if k > 0 and toks[k].word[:1].isupper() and toks[k - 1].word not in ('"', "“", ":"):
        return None  # "State Rep. Jones", "Support Group": part of a name or title
    for words, lemma in MULTIWORD_CUES.items():
        n = len(words)
        if tuple(t.low for t in toks[k : k + n]) == words:
            return n, lemma
    lemma = CUE_FORMS.get(toks[k].low)
    if lemma is None or " " in next(f for f, lem in CUE_FORMS.items() if lem == lemma):
        return (1, lemma) if lemma and lemma not in ("point out", "go on") else None
    return 1, lemma


class _Resolver:
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

    def preverbal(self, toks: list[_Tok], k: int) -> tuple[Span, str] | None:
        """The source phrase right before the cue at token k (skipping adverbs, auxiliaries)."""
        j = k - 1
        while j >= 0 and toks[j].low in ADVERBS:
            j -= 1
        if j < 0 or toks[j].quoted:
            return None
        m = self.mention_ending(toks[j].end)
        if m is None:
            m = self._name_before_apposition(toks, j)
        if m is None:
            party = self._name_before_party(toks, j)
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
        if toks[k].low in _NOUNISH_CUES:
            return None  # "the two states", "press reports": a plural noun, not a cue
        return self.noun_phrase(toks, j)

    def _name_before_apposition(self, toks: list[_Tok], j: int) -> Mention | None:
        """The person named before a parenthesis or an appositive that ends at token j.

        "Rep. Jane Roe (D-Wis.) said", "John Doe, R-Ky., said", "Mr. Doe, 82, said", "John
        Doe, a lawyer for the club, said": the name before the aside is the source.
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
        while i > 0 and j - i <= 14 and toks[i].word != ",":
            if toks[i].quoted or toks[i].word in (";", ":", "(", ")"):
                return None
            if _cue_at(toks, i) is not None:
                return None
            i -= 1
        if i <= 0 or i == j - 1 or toks[i].word != "," or toks[i - 1].quoted:
            return self._name_before_long_apposition(toks, j)
        m = self.mention_ending(toks[i - 1].end)
        if m is None and toks[i - 1].word == ")":
            return self._name_before_apposition(toks, i - 1)
        if m is None:
            return self._name_before_long_apposition(toks, j)
        return m if m.kind == "person" else None

    def _name_before_party(self, toks: list[_Tok], j: int) -> Span | None:
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

    def _name_before_long_apposition(self, toks: list[_Tok], j: int) -> Mention | None:
        """A clause-initial name before a long or double appositive that ends at token j.

        "Jane Roe, director of the X Center and a former Y, said", "Jane Roe, the mayor of
        Z, one of the towns suing, said": the name opens its clause (the sentence, or right
        after a quotation or a comma), so a name in an adverbial ("After meeting Roe, ...")
        is never taken.
        """
        i = j - 1
        while i > 0 and j - i <= 40:
            t = toks[i]
            if t.quoted or t.word in (";", ":", "(", ")") or _cue_at(toks, i) is not None:
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

    def noun_phrase(self, toks: list[_Tok], j: int) -> tuple[Span, str] | None:
        """A source noun phrase ending at token j, bounded by punctuation or a clause word.

        The fallback for subjects that are neither a name, a pronoun nor a role noun ("the
        campaign", "several observers", "Six in 10", "a new poll"). A person name at its end
        makes it a name ("the party's Jane Roe"); "it" and "who" are pronouns.
        """
        t = toks[j]
        if t.quoted or not _WORDLIKE.match(t.word) or t.low in _NP_STOP or t.low in _NOT_HEAD:
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
                or p.low in _NP_STOP
                or not (_WORDLIKE.match(p.word) or p.word in ("’s", "'s", "-", "&"))
            ):
                break
            i -= 1
        # Drop a leading adverbial ("On Monday the spokesman", "In 2015 a poll").
        if toks[i].low in PREPOSITIONS:
            k = i + 1
            while k < j and (
                toks[k].low in TEMPORAL
                or toks[k].word[:1].isdigit()
                or (toks[k].word[:1].isupper() and toks[k].low not in _DETERMINERS)
            ):
                k += 1
            if k < j and toks[k].low in _DETERMINERS:
                i = k
        m = self.mention_ending(t.end)
        if m is not None:
            return Span(m.start, m.end), "name"
        if _participle(toks[i].low):
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

    def _main_subject(self, toks: list[_Tok], j: int) -> tuple[Span, str] | None:
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

    def nearest_left(self, toks: list[_Tok], k: int, floor: int = 0) -> tuple[Span, str] | None:
        """The nearest person/org mention or pronoun left of token k (a clause subject)."""
        for j in range(k - 1, floor - 1, -1):
            t = toks[j]
            if t.quoted:
                continue
            if j >= 2 and toks[j - 2].low == "according" and toks[j - 1].low == "to":
                continue
            m = self.mention_ending(t.end)
            if m is not None and m.kind == "person":
                if j > 0 and toks[j - 1].low in ("to", "with", "by", "from", "of"):
                    continue
                return Span(m.start, m.end), "name"
            if t.low in ("he", "she", "they"):
                return Span(t.start, t.end), "pronoun"
        return None

    def postverbal(self, toks: list[_Tok], k: int) -> tuple[Span, str] | None:
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
            ):
                break
            j += 1
        # "said Republican party boss Jane Roe": a title of any words before a person's name.
        for j in range(k + 1, min(len(toks), k + 6)):
            p = toks[j - 1]
            if (
                p.quoted
                or not _WORDLIKE.match(p.word)
                or p.low in _NP_STOP
                or p.low in PREPOSITIONS
                or p.low in PRONOUNS_PERSON
            ):
                break
            m3 = self.mention_starting(toks[j].start)
            if m3 is not None and m3.kind == "person":
                return Span(m3.start, m3.end), "name"
        return None


# Words in -ing that are nouns, not participles or gerunds, at the start of a source phrase.
_ING_NOUNS = _words(
    "thing something nothing anything everything king wing ring spring string sibling "
    "offspring morning evening ceiling ruling briefing hearing meeting building polling "
    "fundraising"
)


def _participle(low: str) -> bool:
    """A participle or gerund opening a phrase ("having", "being", "raising"): never a source."""
    if low in ("having", "being", "been"):
        return True
    return len(low) > 4 and low.endswith("ing") and low.isalpha() and low not in _ING_NOUNS


_PARTY_TAG = re.compile(r"^\s*[RDI](?:-[A-Z][\w.]*)?\s*$")
_TITLE_ABBREVS = _words(
    "gov sen rep lt sens reps gen col sgt dr mr mrs ms senator governor representative "
    "congressman congresswoman mayor president speaker leader whip chairman"
)


def _role_of(text: str, toks: list[_Tok], m: Mention) -> str:
    """The title written right before a person's name ("US President", "Kremlin Aide")."""
    idx = next((i for i, t in enumerate(toks) if t.start == m.start), None)
    if idx is None or idx == 0:
        return ""
    j = idx - 1
    low = toks[j].low
    if not (low in ROLE_NOUNS or low in ROLE_MODIFIERS) or (
        low.endswith("s") and low.rstrip("s") in ROLE_NOUNS and low not in ROLE_NOUNS
    ):
        return ""
    i = j
    while (
        i > 0
        and not toks[i - 1].quoted
        and (
            toks[i - 1].low in ROLE_NOUNS
            or toks[i - 1].low in ROLE_MODIFIERS
            or (
                toks[i - 1].word[:1].isupper()
                and toks[i - 1].low not in ("the", "a", "according", "as", "and")
            )
        )
    ):
        if i - 1 == 0 and toks[i - 1].low in ("he", "she", "it", "on", "in", "but"):
            break
        i -= 1
    return text[toks[i].start : toks[j].end]


def _desc_words(text: str, span: Span) -> list[str]:
    return [
        w.lower()
        for w in re.findall(r"[A-Za-z][\w-]*", text[span.start : span.end])
        if w.lower() not in ("the", "a", "an", "his", "her", "their", "its", "one")
    ]


def annotate_quotations(
    article: Article,
    sentences: Sequence[Span],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
) -> tuple[list[Quotation], list[Mention], list[Entity], list[Mark]]:
    """Quotations with speakers; extra mentions (pronouns, descriptions); entities; marks."""
    text = article.text
    marks = find_marks(text)
    qspans = quote_spans(article)
    quotes = [q for q, _ in qspans]
    ents = {e.id: e for e in entities}
    resolver = _Resolver(text, mentions, ents)

    # Roles from titles before names.
    names = sorted(
        (Span(m.start, m.end) for m in mentions if m.kind != "date"), key=lambda n: n.start
    )
    sent_toks: list[list[_Tok]] = [_sentence_tokens(text, s, quotes, names) for s in sentences]
    for toks in sent_toks:
        for m in mentions:
            if m.kind == "person" and toks and toks[0].start <= m.start < toks[-1].end:
                role = _role_of(text, toks, m)
                e = ents.get(m.ref)
                if role and e is not None and not e.role:
                    ents[m.ref] = Entity(e.id, e.kind, e.name, role)

    attrs: list[_Attr] = []
    scare: list[Span] = []
    labelled: list[Span] = []  # contents of "LABEL: content" blocks
    for sentence, toks in zip(sentences, sent_toks, strict=True):
        if not toks:
            continue
        if any(c.start <= sentence.start < c.end for c in labelled):
            continue
        label = _label_attribution(text, toks, resolver, article)
        if label is not None:
            attrs.append(label)
            labelled.append(label.content)
            continue
        attrs.extend(_indirect(text, toks, resolver, quotes, sentence))
    # Direct quotations.
    done = {a.content for a in attrs if a.kind == "direct"}
    for qspan, _is_open in qspans:
        if qspan in done:
            continue
        if _title_like(text[qspan.start : qspan.end]):
            scare.append(qspan)  # "Face the Nation", "2015-12-02": a title or a code
            continue
        frags: list[_Attr] = []
        attr = _signature(text, qspan, article, resolver)
        if attr is not None:
            attrs.append(attr)
            continue
        attr = _direct(text, qspan, sentences, sent_toks, resolver, attrs, frags)
        for f in frags:
            if not any(a.kind != "direct" and a.content.overlaps(f.content) for a in attrs):
                attrs.append(f)
        if attr is None:
            words = text[qspan.start : qspan.end].strip("\"“”«»„'` ").split()
            ends_speech = text[qspan.start : qspan.end].rstrip("\"”»' ")[-1:] in ".,!?…"
            # A short quotation inside a sentence (after a word, not a sentence start) is a
            # scare quote or a title even when American punctuation puts a period inside it.
            before = text[max(0, qspan.start - 3) : qspan.start].rstrip()
            inside = bool(before) and (before[-1].isalnum() or before[-1] in ",;")
            if len(words) <= 4 and (not ends_speech or inside):
                scare.append(qspan)
                continue
            attr = _Attr(
                qspan, "direct", None, None, "continuation", method="continuation", confidence=0.6
            )
        attrs.append(attr)
    marks += [
        Mark(s.start, s.end, "soCalled")
        for s in scare
        if not any(m.start <= s.start < m.end for m in marks)
    ]

    # Drop indirect attributions whose content is just one direct quotation.
    direct_spans = [a.content for a in attrs if a.kind == "direct"]
    kept: list[_Attr] = []
    for a in attrs:
        if a.kind != "direct":
            inner_q = [
                q for q in direct_spans if a.content.start <= q.start and q.end <= a.content.end + 1
            ]
            body = text[a.content.start : a.content.end].strip(" ,.")
            if len(inner_q) == 1 and len(body) <= len(inner_q[0]) + 2:
                continue
            if inner_q:
                a.kind = "mixed"
        kept.append(a)
    attrs = kept

    # Resolve sources in text order; pronouns take the last resolved speaker.
    extra: list[Mention] = []
    _resolve_all(text, attrs, resolver, ents, extra, article)

    out: list[Quotation] = []
    for a in attrs:
        out.append(
            Quotation(
                a.content.start,
                a.content.end,
                a.kind,  # type: ignore[arg-type]
                speaker=a.speaker,
                cue=a.cue,
                mention=a.source,
                reported_by=a.reported_by if a.reported_by != a.speaker else "",
                method=a.method,
                confidence=a.confidence,
                parts=a.parts,
            )
        )
    out = _merge_split(text, out, article)
    out = _uncross(out)
    return out, extra, list(ents.values()), sorted(marks, key=lambda m: (m.start, -m.end))


_SIGNATURE = re.compile(
    r"[^\S\n]*[―—–][^\S\n]*(?P<name>[A-Z][\w.'’-]*"
    r"(?:[^\S\n]+(?:[A-Z][\w.'’-]*|de|la|van|von|da|del|bin|al)){0,4})"
    r"[^\S\n]*(?:,[^\n\"“”«»]{0,160})?[\s.]*$"
)


def _signature(text: str, q: Span, article: Article, resolver: _Resolver) -> _Attr | None:
    """A quotation signed after it with a dash: '"..." ― Jane Roe' / '"..." — Jane Roe, a nurse'.

    The dash and the name (with an optional apposition after a comma) must end the paragraph.
    The name is the speaker even when the entity finder missed it.
    """
    block = next((b for b in article.blocks if b.start <= q.start < b.end), None)
    if block is None or q.end >= block.end:
        return None
    m = _SIGNATURE.match(text[q.end : block.end])
    if m is None or not m.group("name")[:1].isupper():
        return None
    start, end = q.end + m.start("name"), q.end + m.end("name")
    while end > start and text[end - 1] in ".,":
        end -= 1
    dash = q.end + len(m.group()) - len(m.group().lstrip())
    cue = Span(dash, dash + 1)
    for men in resolver.mentions:
        if men.kind in ("person", "org") and men.start < end and start < men.end:
            return _Attr(q, "direct", cue, Span(men.start, men.end), "name", method="signature")
    return _Attr(q, "direct", cue, Span(start, end), "signed", method="signature")


_GAP_WORD = re.compile(r"[\w’'-]+")
_TITLE_SMALL = _words("a an the of and or for in on at to with by from as vs. vs de la")


def _title_like(quoted: str) -> bool:
    """A quoted title in Title Case ("Face the Nation", "Make Your Kid a Millionaire") or a
    string with no letters ("2015-12-02"): at most eight words, no sentence punctuation inside,
    every word but small function words capitalised."""
    body = quoted.strip("\"“”«»„'` \n").rstrip(",.")
    if not any(ch.isalpha() for ch in body):
        return bool(body)
    words = body.split()
    if len(words) < 2 or len(words) > 8 or re.search(r"[.!?;:]\s", body):
        return False
    if words[0].lower() in ("i", "we", "you"):
        return False
    return all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words
    ) and not all(w.isupper() for w in words)


def _merge_split(text: str, quotations: list[Quotation], article: Article) -> list[Quotation]:
    """Join the parts of a direct quotation split by its attribution into one Quotation.

    ``"A," he said. "B."`` and ``"A," he said, "B."`` are one attribution (one source, one
    cue): the merged span runs from the first opening mark to the last closing mark, and its
    `parts` are the quoted stretches, so the attribution words in between stay narration.
    The second part joins when it has no cue of its own (a
    continuation) or shares the first part's cue, lies in the same paragraph, and only the
    first part's short attribution clause (at most 16 words) stands between them.
    """
    blocks = [(b.start, b.end) for b in article.blocks]

    def block_of(pos: int) -> int:
        return next((i for i, (s, e) in enumerate(blocks) if s <= pos < e), -1)

    direct = sorted((q for q in quotations if q.kind == "direct"), key=lambda q: q.start)
    others = [q for q in quotations if q.kind != "direct"]
    merged: list[Quotation] = []
    for q in direct:
        if merged:
            a = merged[-1]
            gap = text[a.end : q.start]
            own_cue = q.cue is not None and q.cue != a.cue
            same = q.speaker == a.speaker or q.cue is None
            attribution_between = (
                a.cue is not None and a.end <= a.cue.start and a.cue.end <= q.start
            ) or not gap.strip()
            # A cue-less quotation opening the next paragraph continues the previous one.
            bq = block_of(q.start)
            next_para = (
                q.cue is None
                and bq == block_of(a.end - 1) + 1
                and bq >= 0
                and not text[blocks[bq][0] : q.start].strip()
                and not gap.strip()  # the previous quotation ended its paragraph
            )
            if (
                q.start >= a.end
                and not own_cue
                and same
                and attribution_between
                and len(_GAP_WORD.findall(gap)) <= 40
                and (next_para or (block_of(a.start) == bq and "\n" not in gap))
            ):
                # One quotation, its parts around the attribution: the words between
                # them stay narration (`--in quote` must not find "he said").
                merged[-1] = Quotation(
                    a.start,
                    q.end,
                    "direct",
                    a.speaker,
                    a.cue,
                    a.mention,
                    a.reported_by,
                    a.method,
                    min(a.confidence, 0.9),
                    parts=a.segments() + q.segments(),
                )
                continue
        merged.append(q)
    return sorted(others + merged, key=lambda q: (q.start, -q.end))


def _uncross(quotations: list[Quotation]) -> list[Quotation]:
    """Extend a quotation that partly covers another so that one contains the other."""
    out = sorted(quotations, key=lambda q: (q.start, -q.end))
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for b in out[i + 1 :]:
                if b.start < a.end < b.end:
                    out[i] = a = Quotation(
                        a.start,
                        b.end,
                        a.kind,
                        a.speaker,
                        a.cue,
                        a.mention,
                        a.reported_by,
                        a.method,
                        a.confidence,
                    )
                    changed = True
    return sorted(out, key=lambda q: (q.start, -q.end))


def _content_end(toks: list[_Tok], k: int) -> int:
    """Index one past the last token of content starting at token k (drops final period)."""
    end = len(toks)
    while end > k and toks[end - 1].word in (".", "!", "?") and not toks[end - 1].quoted:
        end -= 1
    return end


def _final_attribution(
    text: str, toks: list[_Tok], resolver: _Resolver
) -> tuple[int, int, tuple[Span, str] | None] | None:
    """A sentence-final ', SOURCE CUE (adverbials).' or ', CUE SOURCE.' clause.

    Returns (index of the comma, cue index, source) or None.
    """
    end = _content_end(toks, 0)
    for c in range(end - 1, 0, -1):
        closing = toks[c].word in ('"', "”") and toks[c - 1].word == ","
        if toks[c].word not in (",", "—", "–") and not closing:
            if toks[c].quoted:
                break
            continue
        # Cue within the clause after the comma.
        for k in range(c + 1, min(end, c + 9)):
            cue = _cue_at(toks, k)
            if cue is None or cue[1] in WEAK_CUES:
                continue
            n, _lemma = cue
            src = resolver.preverbal(toks, k)
            if src is not None and src[0].start > toks[c].end and _short_tail(toks, k + n, end):
                return c, k, src
            if src is not None and src[0].start < toks[c].start:
                return None  # "Jane Roe, who ran, said ...": the comma closes an apposition
            if k == c + 1 or (k == c + 2 and toks[c + 1].word in ('"', "”")):
                post = resolver.postverbal(toks, k + n)
                if post is not None and post[1] == "pronoun" and post[0].end < toks[end - 1].end:
                    post = None  # "said he would": the pronoun starts the content
                if post is not None and _short_tail(toks, k + n, end, post[0].end):
                    return c, k, post
        break
    return None


_CLAUSE_SIGNS = _words(
    "he she they we i it you will would could can should must might is are was were has have "
    "do does did if whether because"
)


def _short_tail(toks: list[_Tok], k: int, end: int, after: int = -1) -> bool:
    """Only adverbials follow the cue: "told reporters on Saturday", "in a statement"."""
    rest = [t for t in toks[k:end] if t.start >= after]
    if len(rest) > 10:
        return False
    if any(t.low in _CLAUSE_SIGNS and not t.quoted for t in rest):
        return False  # "said if elected he could": a clause, not an adverbial
    return not any(t.low == "that" for t in rest) and not (
        rest and rest[0].low in SUBJECT_STARTERS - {"the", "a", "an", "his", "her", "their"}
    )


def _indirect(
    text: str, toks: list[_Tok], resolver: _Resolver, quotes: Sequence[Span], sentence: Span
) -> list[_Attr]:
    out: list[_Attr] = []
    final = _final_attribution(text, toks, resolver)
    limit = final[0] if final else _content_end(toks, 0)
    inner: _Attr | None = None
    # "According to SOURCE, CONTENT"
    acc: tuple[Span, str] | None = None
    acc_end = -1
    for k in range(len(toks) - 2):
        if toks[k].low == "according" and toks[k + 1].low == "to" and not toks[k].quoted:
            j = k + 2
            while j < len(toks) and toks[j].word != "," and j < k + 10:
                j += 1
            if k > 0 and toks[k - 1].word == "," and k + 2 < len(toks):
                # "CONTENT, according to SOURCE(, CONTENT)."
                end = _content_end(toks, 0)
                src_end = j if j < len(toks) and toks[j].word == "," else end
                if src_end > k + 2 and k - 1 > 0:
                    m = resolver.mention_starting(toks[k + 2].start)
                    src = (
                        (Span(m.start, m.end), "name")
                        if m is not None
                        else (Span(toks[k + 2].start, toks[src_end - 1].end), "description")
                    )
                    if toks[k + 2].low in PRONOUNS_PERSON or toks[k + 2].low in (
                        "him",
                        "her",
                        "them",
                    ):
                        src = (Span(toks[k + 2].start, toks[k + 2].end), "pronoun")
                    first = 0
                    while (
                        first < k - 1
                        and not _WORDLIKE.match(toks[first].word)
                        and not toks[first].quoted
                    ):
                        first += 1
                    content = Span(toks[first].start, toks[end - 1].end)
                    return [_Attr(content, "indirect", Span(toks[k].start, toks[k + 1].end), *src)]
                break
            if j < len(toks) and toks[j].word == ",":
                m = resolver.mention_starting(toks[k + 2].start)
                if m is not None:
                    acc = (Span(m.start, m.end), "name")
                elif toks[k + 2].low in PRONOUNS_PERSON or toks[k + 2].low in (
                    "him",
                    "her",
                    "them",
                ):
                    acc = (Span(toks[k + 2].start, toks[k + 2].end), "pronoun")
                else:
                    acc = (Span(toks[k + 2].start, toks[j - 1].end), "description")
                acc_end = j
                cue_span = Span(toks[k].start, toks[k + 1].end)
                acc_cue = cue_span
            break
    # "SOURCE CUE (that) CONTENT" / participle cues; a sentence may hold several: a cue inside
    # the content with its own subject is nested ("X said Y wants Z"), a coordinated one splits
    # the content ("X said A, adding that B"; "X said A, and Y said B").
    start_k = acc_end + 1 if acc else 0
    found: list[list] = []  # [cue index, content start index, content end index, _Attr]
    k = start_k - 1
    while k + 1 < limit:
        k += 1
        cue = _cue_at(toks, k)
        if cue is None:
            continue
        n, lemma = cue
        holders = [f for f in found if f[1] <= k < f[2]]
        comp = _complement(toks, k, n, lemma, limit, object_ok=not holders)
        if comp is None or comp[0] >= limit:
            continue
        c_start, np_object = comp
        src = resolver.preverbal(toks, k)
        if holders:
            own = src is not None and src[0].start >= toks[holders[-1][1]].start
            b = k
            while b > 0 and toks[b - 1].low in ADVERBS:
                b -= 1
            if own and src is not None:
                b = next((i for i, t in enumerate(toks) if t.start >= src[0].start), b)
            coord = b
            conj = coord > 0 and toks[coord - 1].low in ("and", "but", "while", "before", "then")
            if conj:
                coord -= 1
            if coord > 0 and toks[coord - 1].word in (",", ";", "—", "–", "-"):
                coord -= 1
            coordinated = coord < b and (conj or not own or toks[coord].word == ";")
            if own and not coordinated and coord < b and holders[-1][4]:
                # A noun-phrase object ends before a clause with its own subject.
                coordinated = True
            if not own and not coordinated:
                continue  # "criticized X for saying Y": no attribution of its own
            if coordinated:
                for f in found:
                    if f[1] < coord < f[2]:
                        f[2] = coord
                if src is None or not own:
                    src = (holders[0][3].source, holders[0][3].source_kind)
        elif src is None:
            src = resolver.nearest_left(toks, k, acc_end + 1 if acc else 0)
        if src is None or src[0] is None:
            continue
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if all(t.quoted for t in toks[c_start:limit]):
            # The complement is a direct quotation: attribute the quotation itself.
            q = next((q for q in quotes if q.start <= toks[c_start].start < q.end), None)
            if q is None or _title_like(text[q.start : q.end]):
                continue
            found.append([k, c_start, limit, _Attr(q, "direct", cue_span, src[0], src[1]), False])
            break
        attr = _Attr(Span(0, 0), "indirect", cue_span, src[0], src[1])
        found.append([k, c_start, limit, attr, np_object])
        k = c_start - 1
    for _k, c0, c1, attr, _np in found:
        while c1 < limit and c1 > c0 + 1 and toks[c1 - 1].word in (",", ";", "—", "–", "-"):
            c1 -= 1
        if attr.kind == "indirect":
            attr.content = Span(toks[c0].start, toks[c1 - 1].end)
        out.append(attr)
    # A speech cue's attribution may be reported by an outer "according to X" or final "X said";
    # attitudes with a noun-phrase object ("Moscow will consider the views") are nested in it.
    inner = next((f[3] for f in found if not f[4]), None)
    if acc is not None:
        if inner is not None:
            inner.reporter, inner.reporter_kind = acc
        else:
            content = (
                Span(toks[acc_end + 1].start, toks[limit - 1].end) if acc_end + 1 < limit else None
            )
            if content is not None:
                out.append(_Attr(content, "indirect", acc_cue, acc[0], acc[1]))
    if final is None and not found and acc is None:
        mid = _interposed_attribution(toks, resolver, limit)
        if mid is not None:
            out.append(mid)
    if final is not None:
        c, k, src = final
        cue = _cue_at(toks, k)
        n = cue[0] if cue else 1
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if inner is not None:
            for f in found:
                if f[3].reporter is None and not f[4]:
                    f[3].reporter, f[3].reporter_kind = src
        else:
            first = 0
            content_toks = toks[first:c]
            if content_toks and not all(t.quoted for t in content_toks):
                content = Span(content_toks[0].start, content_toks[-1].end)
                out.append(_Attr(content, "indirect", cue_span, src[0], src[1]))
            elif content_toks:
                # A direct quotation followed by its attribution: let the direct pass take it.
                pass
    return out


# Sentence adverbs and connectives that may open a sentence before an interposed attribution.
_SENTENCE_ADVERBS = _words(
    "still but and yet however instead now so also meanwhile indeed moreover furthermore "
    "besides nevertheless nonetheless otherwise then today yesterday later earlier first second "
    "third finally again similarly likewise ultimately overall basically frankly honestly "
    "clearly obviously unfortunately fortunately hopefully"
)


def _interposed_attribution(toks: list[_Tok], resolver: _Resolver, limit: int) -> _Attr | None:
    """'A, X said (adverbials), B.': an attribution between two commas inside the content.

    The content is the sentence around it; its parts leave the attribution out. A lone
    sentence adverb before it ("Still, he said, B.") is no part of the content.
    """
    for c in range(1, min(limit, 40)):
        if toks[c].word != "," or toks[c].quoted:
            continue
        before = [t for t in toks[:c] if _WORDLIKE.match(t.word)]
        if not before or any(t.quoted for t in toks[:c]):
            return None
        lead = len(before) == 1 and before[0].low in _SENTENCE_ADVERBS
        for k in range(c + 1, min(limit, c + 7)):
            cue = _cue_at(toks, k)
            if cue is None:
                continue
            n, lemma = cue
            if lemma in WEAK_CUES or lemma not in SPEECH_CUES:
                return None
            src = resolver.preverbal(toks, k)
            if src is None or src[0].start <= toks[c].end:
                if k != c + 1:
                    return None
                src = resolver.postverbal(toks, k + n)
                if src is None or (
                    src[1] == "pronoun" and k + n + 1 < limit and toks[k + n + 1].word != ","
                ):
                    return None
                after = next(i for i, t in enumerate(toks) if t.start >= src[0].end)
            else:
                after = k + n
            c2 = after
            while (
                c2 < limit
                and c2 < after + 8
                and toks[c2].word != ","
                and _gap_word(toks, c2, after + 1)
            ):
                c2 += 1
            if c2 >= limit - 1 or toks[c2].word != "," or toks[c2 + 1].quoted:
                return None
            rest = [t for t in toks[c2 + 1 : limit] if _WORDLIKE.match(t.word)]
            if len(rest) < 2:
                return None
            first = next(i for i, t in enumerate(toks) if _WORDLIKE.match(t.word))
            p1 = Span(toks[first].start, toks[c - 1].end)
            p2 = Span(toks[c2 + 1].start, toks[limit - 1].end)
            if lead:
                return _Attr(
                    p2,
                    "indirect",
                    Span(toks[k].start, toks[k + n - 1].end),
                    *src,
                    confidence=0.7,
                )
            return _Attr(
                Span(p1.start, p2.end),
                "indirect",
                Span(toks[k].start, toks[k + n - 1].end),
                *src,
                confidence=0.7,
                parts=(p1, p2),
            )
        return None
    return None


# Labels before a colon that introduce no speaker ("UPDATE: ...", "WATCH: ...").
_NON_SPEAKER_LABELS = _words(
    "update updated watch video videos photo photos exclusive breaking note editor related read "
    "listen see also correction clarification warning live opinion analysis commentary review "
    "transcript source sources by via credit image images pictured graphic chart map q a "
    "question answer sign follow subscribe click more share tags topics tag contact email "
    "here what why how when where who today tonight now"
)
_LABEL_FUNCTION_WORDS = _words("of the and for on at in de van von")


def _label_attribution(
    text: str, toks: list[_Tok], resolver: _Resolver, article: Article
) -> _Attr | None:
    """A block that opens with "NAME: content" (a headline "Ryan: X" or a transcript turn).

    The label (at most five capitalised words, no digits) is the source; the content runs to
    the end of the block.
    """
    block = next((b for b in article.blocks if b.start <= toks[0].start < b.end), None)
    if block is None or block.kind == "dateline":
        return None
    if text[block.start : toks[0].start].strip():
        return None  # not the first sentence of its block
    colon = next((i for i, t in enumerate(toks[:7]) if t.word == ":"), None)
    if not colon or colon + 1 >= len(toks) or toks[colon + 1].start - toks[colon].end > 2:
        return None
    label = toks[:colon]
    if (
        toks[0].quoted
        or not toks[0].word[:1].isupper()
        or toks[0].low.strip(".") in _NON_SPEAKER_LABELS
    ):
        return None
    if any(t.quoted or any(ch.isdigit() for ch in t.word) for t in label):
        return None
    if not all(
        t.word[:1].isupper() or t.low in _LABEL_FUNCTION_WORDS or t.low in ("’s", "'s", ".", "-")
        for t in label
    ):
        return None
    end = block.end
    while end > toks[colon + 1].start and text[end - 1] in " .":
        if text[end - 1] == "." and end - 2 >= 0 and text[end - 2] in '"”’':
            break
        end -= 1
    content = Span(toks[colon + 1].start, end)
    if len(content) < 3:
        return None
    src_span = Span(label[0].start, label[-1].end)
    m = resolver.mention_ending(label[-1].end)
    if m is not None and m.start >= label[0].start:
        src = (Span(m.start, m.end), "name")
    else:
        src = (src_span, "description")
    return _Attr(
        content,
        "indirect",
        Span(toks[colon].start, toks[colon].end),
        *src,
        method="label",
        confidence=0.8,
    )


def _gap_word(toks: list[_Tok], q: int, j: int) -> bool:
    """Whether token q (in the stretch after the cue at j) is part of an adverbial."""
    t = toks[q]
    if t.quoted:
        return False
    low = t.low
    if low == "that":
        return False
    if (
        low in PREPOSITIONS
        or low in TEMPORAL
        or low in ADVERBS
        or (low.endswith("ly") and t.word.islower() and len(low) > 4)
    ):
        return True
    if q == j:
        return False  # a determiner, number or name right after the cue starts the content
    prev = toks[q - 1].low
    if (
        low in _DETERMINERS
        or low in CHANNEL_NOUNS
        or low in ("’s", "'s", ",")
        or t.word[:1].isdigit()
    ):
        return True
    # A name inside an adverbial ("in Iowa", "on Fox News").
    return t.word[:1].isupper() and (
        prev in PREPOSITIONS or prev in _DETERMINERS or toks[q - 1].word[:1].isupper()
    )


def _complement(
    toks: list[_Tok], k: int, n: int, lemma: str, limit: int, object_ok: bool = True
) -> tuple[int, bool] | None:
    """(first content token, whether it is a noun-phrase object) for the cue at k, or None."""
    start = _complement_start(toks, k, n, lemma, limit, object_ok)
    if start is None:
        return None
    return (-1 - start, True) if start < 0 else (start, False)


def _complement_start(
    toks: list[_Tok], k: int, n: int, lemma: str, limit: int, object_ok: bool = True
) -> int | None:
    """Index of the first content token after the cue at k (n tokens), or None.

    "said (in a statement on Monday) that X" -> X; "said: X" -> X; "told reporters X" -> X;
    "said X" and "said on Monday X" for clause cues when X looks like a clause start.
    """
    j = k + n
    if j >= limit:
        return None
    if toks[j].word == ":":
        return j + 1
    if lemma in ("tell", "ask", "assure", "inform", "remind"):
        # Skip the addressee: "told reporters", "told the AP", "told CNN's Jake Tapper".
        a = j
        while (
            a < limit
            and a < j + 5
            and not toks[a].quoted
            and (
                (toks[a].low in REPORTER_OBJECTS and toks[a].low not in _DETERMINERS)
                or (toks[a].low in _DETERMINERS and a == j)
                or toks[a].word[:1].isupper()
                or toks[a].low in ("’s", "'s", "press")
            )
        ):
            a += 1
            if a == j + 1 and toks[j].low in _DETERMINERS and a < limit and toks[a].word.islower():
                a += 1  # "told the paper", "told a rally"
        if a > j:
            if a < limit and toks[a].low == "that":
                return a + 1 if a + 1 < limit else None
            if (
                lemma == "ask"
                and a < limit
                and toks[a].low in ("whether", "if", "why", "how", "what", "to")
            ):
                return a
            j = a
            if j >= limit:
                return None
    q = j
    while q < limit and q < j + 14 and _gap_word(toks, q, j):
        q += 1
    if q < limit and toks[q].low == "that" and not toks[q].quoted:
        return q + 1 if q + 1 < limit else None
    if q > j:
        # An adverbial opens the stretch: "that" may still follow a longer one ("pointed out in
        # a phone conversation with X on Saturday that").
        for r in range(q, min(limit, j + 16)):
            if toks[r].quoted or toks[r].word in (".", ";", ":") or _cue_at(toks, r) is not None:
                break
            if toks[r].low == "that":
                return r + 1 if r + 1 < limit else None
    if (
        lemma in OBJECT_CUES
        and (q == j or toks[j].low in _PARTICLES)
        and not _passive(toks, k)
        and object_ok
    ):
        start = _object_start(toks, j, limit)
        if start is not None:
            return -1 - start  # marks a noun-phrase complement (see _complement)
    if lemma not in CLAUSE_CUES or q >= limit:
        return None
    if q > j:
        if toks[q - 1].word == "," or toks[q].word == ",":
            return None
        if not (
            toks[q].low in SUBJECT_STARTERS
            and toks[q].low not in ("this", "that", "no", "some", "all", "any")
        ):
            return None
    start = q
    w = toks[start]
    if w.quoted:
        return start
    if not _WORDLIKE.match(w.word):
        return None
    if w.low in _NON_START or (
        w.low in PREPOSITIONS and w.low not in ("after", "before", "since", "despite")
    ):
        return None
    if lemma in ("believe", "think", "show", "find") and not (
        w.low in SUBJECT_STARTERS or w.word[:1].isupper()
    ):
        return None
    return start


_BE = _words("is are was were be been being am 's ’s get gets got getting")
_PARTICLES = _words("about for of on against to")


def _passive(toks: list[_Tok], k: int) -> bool:
    """Whether the cue at k is a passive participle ("was criticized", "been asked")."""
    j = k - 1
    while j >= 0 and toks[j].low in ("also", "not", "n't", "repeatedly", "widely", "often"):
        j -= 1
    return j >= 0 and toks[j].low in _BE and not toks[k].low.endswith("ing")


def _object_start(toks: list[_Tok], j: int, limit: int) -> int | None:
    """Start of a noun-phrase complement at j ("wants [a wall]", "called for [a ban]")."""
    w = toks[j]
    if w.quoted:
        return j
    if w.low in _PARTICLES and j + 1 < limit:
        j += 1
        w = toks[j]
        if w.quoted:
            return j
    if not _WORDLIKE.match(w.word) or w.low in ("by", "as", "and", "or", "but", "so", "than"):
        return None
    if w.low in PREPOSITIONS and w.low not in ("about", "for", "to"):
        return None
    return j


def _fragment_paraphrase(
    toks: list[_Tok], k: int, cue: tuple[int, str], q: Span, cue_span: Span, src: tuple[Span, str]
) -> _Attr | None:
    """The paraphrase around a quoted fragment: 'X called it "a disgrace" and left' -> mixed.

    The content is the cue's complement (after "that" when it follows the cue) to the end of
    the sentence. None when the quotation is the whole complement, or another cue follows the
    quotation in the sentence (the sentence then holds more than one attribution).
    """
    n = cue[0]
    start = k + n
    end = _content_end(toks, start)
    if start < end and toks[start].low == "that" and not toks[start].quoted:
        start += 1
    # An adverbial between the cue and the quotation is no paraphrase: 'X said on Monday, "B."'.
    s2 = start
    while s2 < end and (toks[s2].word == "," or _gap_word(toks, s2, start)):
        s2 += 1
    if s2 < end and toks[s2].quoted and toks[s2].start == q.start:
        return None
    body = [t for t in toks[start:end] if _WORDLIKE.match(t.word)]
    outside = [t for t in body if not (q.start <= t.start < q.end)]
    inside = [t for t in body if q.start <= t.start < q.end]
    if not outside or not inside or start >= end:
        return None
    after = [i for i in range(start, end) if toks[i].start >= q.end]
    if any(_cue_at(toks, i) is not None for i in after):
        return None
    return _Attr(
        Span(toks[start].start, toks[end - 1].end),
        "mixed",
        cue_span,
        *src,
        method="fragment",
        confidence=0.7,
    )


def _direct(
    text: str,
    q: Span,
    sentences: Sequence[Span],
    sent_toks: list[list[_Tok]],
    resolver: _Resolver,
    indirect: list[_Attr],
    fragments: list[_Attr] | None = None,
) -> _Attr | None:
    """Attribution of one double-quoted passage, or None when nothing near it is a cue.

    A quoted fragment inside a paraphrase also adds that paraphrase to ``fragments``.
    """
    # The sentence where the quotation ends (its attribution usually follows there).
    idx = None
    for i, s in enumerate(sentences):
        if s.start <= q.end - 1 < s.end or s.start <= q.end <= s.end:
            idx = i
            break
    if idx is None:
        return None
    toks = sent_toks[idx]
    # An indirect attribution whose content holds this quotation: same speaker, unless a cue
    # with its own subject introduces the quotation ('X noted that A ― Y boasted, "..."').
    s_at = next((i for i, s in enumerate(sentences) if s.start <= q.start < s.end), idx)
    own = _introducing_cue(sent_toks[s_at], q, resolver)
    for a in indirect:
        if a.content.start <= q.start and q.end <= a.content.end + 1:
            if (
                own is not None
                and a.kind == "indirect"
                and a.cue is not None
                and a.cue.end <= own.source.start  # type: ignore[union-attr]
                and a.content.start < own.source.start  # type: ignore[union-attr]
            ):
                cut = text[a.content.start : own.source.start].rstrip(" ,;:―—–-")  # type: ignore[union-attr]
                a.content = Span(a.content.start, a.content.start + len(cut))
                return own
            return _Attr(
                q,
                "direct",
                a.cue,
                a.source,
                a.source_kind,
                reporter=a.reporter,
                reporter_kind=a.reporter_kind,
            )
    after = [i for i, t in enumerate(toks) if t.start >= q.end]
    # '..." he said.' / '..." said Peskov.'
    if after:
        k0 = after[0]
        ks = k0 + 1 if k0 < len(toks) and toks[k0].word == "," else k0
        # '..." Jane Roe, director of the X and a former Y, said': a long apposition.
        reach = 12
        for i in range(ks, min(len(toks), ks + 3)):
            m0 = resolver.mention_starting(toks[i].start)
            if m0 is not None and m0.kind == "person":
                reach = 40
                break
            if toks[i].quoted or not toks[i].word[:1].isupper():
                break
        for k in range(ks, min(len(toks), ks + reach)):
            if toks[k].quoted:
                break
            cue = _cue_at(toks, k)
            if cue is None:
                continue
            src = resolver.preverbal(toks, k)
            if src is not None and src[0].start >= q.end:
                return _Attr(q, "direct", Span(toks[k].start, toks[k + cue[0] - 1].end), *src)
            if k == ks:
                post = resolver.postverbal(toks, k + cue[0])
                if post is not None:
                    return _Attr(q, "direct", Span(toks[k].start, toks[k + cue[0] - 1].end), *post)
            break
    # 'X said: "..."' / 'X castigated these claims as "..."' — a cue before it in its sentence.
    s_idx = next((i for i, s in enumerate(sentences) if s.start <= q.start < s.end), idx)
    toks0 = sent_toks[s_idx]
    before = [i for i, t in enumerate(toks0) if t.end <= q.start]
    for pick in (resolver.preverbal, resolver.nearest_left):
        for k in reversed(before):
            cue = _cue_at(toks0, k)
            if cue is None:
                continue
            src = pick(toks0, k)
            if src is not None:
                cue_span = Span(toks0[k].start, toks0[k + cue[0] - 1].end)
                if fragments is not None:
                    mixed = _fragment_paraphrase(toks0, k, cue, q, cue_span, src)
                    if mixed is not None:
                        fragments.append(mixed)
                return _Attr(q, "direct", cue_span, *src)
    # '"...?" he asked.' split in two sentences after the mark, or '"...." He said.' — the
    # attribution opens the next sentence of the same paragraph.
    if (
        idx + 1 < len(sentences)
        and not text[q.end : sentences[idx + 1].start].strip()
        and "\n" not in text[q.end : sentences[idx + 1].start]
    ):
        nxt = sent_toks[idx + 1]
        short = len(nxt) <= 10
        if nxt and not nxt[0].quoted and (nxt[0].word[:1].islower() or short):
            got = _attribution_at(nxt, 0, resolver, q)
            if got is not None and (short or nxt[0].word[:1].islower()):
                return got
    # 'X said the following:' / 'Stated Stone:' closing the sentence before the quotation.
    if s_idx > 0 and text[sentences[s_idx - 1].end : q.start].strip() in ("", ":"):
        prev = sent_toks[s_idx - 1]
        if prev and (prev[-1].word == ":" or text[sentences[s_idx - 1].end : q.start].strip()):
            for k in range(len(prev) - 1, -1, -1):
                cue = _cue_at(prev, k) if k > 0 else None
                if k == 0 and prev[0].low in CUE_FORMS:
                    cue = (1, CUE_FORMS[prev[0].low])
                if cue is None:
                    continue
                cue_span = Span(prev[k].start, prev[k + cue[0] - 1].end)
                src = resolver.preverbal(prev, k) or resolver.postverbal(prev, k + cue[0])
                if src is not None:
                    return _Attr(q, "direct", cue_span, *src)
                break
            src = resolver.nearest_left(prev, len(prev))
            if src is not None:
                return _Attr(q, "direct", None, *src)
    return None


def _introducing_cue(toks: list[_Tok], q: Span, resolver: _Resolver) -> _Attr | None:
    """'X boasted, "..."' / 'X said: "..."': a cue right before the quotation, with its subject."""
    k = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].end <= q.start), None)
    if k is None or toks[k].word not in (",", ":"):
        return None
    k -= 1
    while k > 0 and toks[k].low in ADVERBS:
        k -= 1
    for n in (1, 2):
        c = k - n + 1
        if c <= 0:
            continue
        cue = _cue_at(toks, c)
        if cue is None or cue[0] != n:
            continue
        src = resolver.preverbal(toks, c)
        if src is None or src[1] not in ("name", "pronoun"):
            return None
        return _Attr(q, "direct", Span(toks[c].start, toks[k].end), *src)
    return None


def _attribution_at(toks: list[_Tok], ks: int, resolver: _Resolver, q: Span) -> _Attr | None:
    """'he said' / 'said Peskov' starting within a few tokens of index ks, for quotation q."""
    for k in range(ks, min(len(toks), ks + 7)):
        if toks[k].quoted:
            break
        cue = _cue_at(toks, k) if k > 0 else None
        if k == 0 and toks[0].low in CUE_FORMS:
            cue = (1, CUE_FORMS[toks[0].low])
        if cue is None:
            continue
        cue_span = Span(toks[k].start, toks[k + cue[0] - 1].end)
        src = resolver.preverbal(toks, k) if k > 0 else None
        if src is not None and src[0].start >= q.end:
            return _Attr(q, "direct", cue_span, *src)
        if k == ks:
            post = resolver.postverbal(toks, k + cue[0])
            if post is not None:
                return _Attr(q, "direct", cue_span, *post)
        break
    return None


def _resolve_all(
    text: str,
    attrs: list[_Attr],
    resolver: _Resolver,
    ents: dict[str, Entity],
    extra: list[Mention],
    article: Article,
) -> None:
    # Order by the position of the source mention (or the content when there is none).
    def pos(a: _Attr) -> int:
        return a.source.start if a.source is not None else a.content.start

    events: list[tuple[int, int, str]] = []  # (position, attr index, 'source'|'reporter')
    for i, a in enumerate(attrs):
        events.append((pos(a), i, "source"))
        if a.reporter is not None:
            events.append((a.reporter.start, i, "reporter"))
    events.sort()
    last_speaker = ""
    last_by_para: dict[int, str] = {}
    block_starts = [b.start for b in article.blocks]
    head_like = {b.start for b in article.blocks if b.kind in ("head", "argument")}

    def para_of(p: int) -> int:
        return bisect_right(block_starts, p) - 1

    # Descriptions may point forward (headlines): resolve against roles of the whole document.
    for _, i, what in events:
        a = attrs[i]
        span, kind = (
            (a.source, a.source_kind) if what == "source" else (a.reporter, a.reporter_kind)
        )
        ident = ""
        if kind == "continuation":
            p = para_of(a.content.start)
            ident = last_by_para.get(p) or last_by_para.get(p - 1, "")
            a.confidence = 0.6 if ident else 0.3
            if not ident and last_speaker:
                # Further back, the last speaker of the article is still the likeliest
                # source (lists of "key statements", interview digests): low confidence.
                ident, a.confidence = last_speaker, 0.4
        elif span is not None:
            ident = _resolve(
                text,
                span,
                kind,
                resolver,
                ents,
                last_speaker,
                extra,
                forward=article.blocks[para_of(span.start)].start in head_like,
            )
        if what == "source":
            a.speaker = ident
        else:
            a.reported_by = ident
        if ident:
            last_speaker = ident
            last_by_para[para_of(a.content.start)] = a.speaker or ident


def _gender(text: str, ref: str, resolver: _Resolver, ents: dict[str, Entity]) -> str:
    """'m', 'f' or '' for a person entity: honorific or title before a mention, or first name."""
    cache = resolver.genders
    if ref in cache:
        return cache[ref]
    e = ents.get(ref)
    words: list[str] = []
    if e is not None:
        words += [w.lower() for w in re.findall(r"[A-Za-z][\w.-]*", e.name + " " + e.role)]
    for m in resolver.mentions:
        if m.ref == ref:
            before = text[max(0, m.start - 6) : m.start].split()
            words += [w.lower() for w in text[m.start : m.end].split()[:1] + before[-1:]]
    male = any(w in MALE_TITLES for w in words) or (bool(words) and words[0] in MALE_NAMES)
    female = any(w in FEMALE_TITLES for w in words) or (bool(words) and words[0] in FEMALE_NAMES)
    if e is not None and not male and not female:
        first = e.name.split()[0].lower() if e.name.split() else ""
        male, female = first in MALE_NAMES, first in FEMALE_NAMES
    cache[ref] = "m" if male and not female else "f" if female and not male else ""
    return cache[ref]


def _pronoun_antecedent(
    text: str,
    word: str,
    span: Span,
    resolver: _Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
) -> str:
    """The last speaker when compatible with the pronoun, else the nearest compatible person.

    "he"/"she" skip people of the other gender (by honorific, gendered title or first name);
    people of unknown gender are compatible with both.
    """
    want = {"he": "m", "she": "f"}.get(word, "")

    def ok(ref: str) -> bool:
        if not want:
            return True
        e = ents.get(ref)
        if e is not None and e.kind != "person":
            return False
        return _gender(text, ref, resolver, ents) in ("", want)

    if last_speaker and ok(last_speaker):
        return last_speaker
    prior = [m for m in resolver.mentions if m.kind == "person" and m.end <= span.start]
    for m in reversed(prior):
        if ok(m.ref):
            return m.ref
    return last_speaker


def _stand_in(
    span: Span, ident: str, method: str, confidence: float, kind: str = "person"
) -> Mention:
    """A pronoun or description standing for an entity (TEI rs; annotate() fixes the kind)."""
    return Mention(
        span.start,
        span.end,
        kind,
        ident,
        name=False,
        method=method,  # type: ignore[arg-type]
        confidence=confidence,
    )


def _resolve(
    text: str,
    span: Span,
    kind: str,
    resolver: _Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
    extra: list[Mention],
    forward: bool,
) -> str:
    if kind == "name":
        m = resolver.mention_ending(span.end) or resolver.mention_starting(span.start)
        return m.ref if m is not None else ""
    if kind == "pronoun":
        word = text[span.start : span.end].lower()
        if word in ("who", "it"):
            # "who" takes the person named right before it; "it" the last organisation.
            want = "person" if word == "who" else "org"
            prior = [m for m in resolver.mentions if m.kind == want and m.end <= span.start]
            ident = (
                prior[-1].ref if prior and (word == "it" or span.start - prior[-1].end <= 3) else ""
            )
            if ident:
                extra.append(_stand_in(span, ident, "pronoun", 0.6, want))
            return ident
        ident = _pronoun_antecedent(text, word, span, resolver, ents, last_speaker)
        if ident:
            extra.append(_stand_in(span, ident, "pronoun", 0.7))
        return ident
    if kind == "signed":
        # A name the entity finder missed ("― Jane Roe" signing a quotation): a new person.
        from corpus.annotate.entities import slug

        name = text[span.start : span.end]
        ident = next((e.id for e in ents.values() if e.name == name), "") or slug(name)
        if ident in ents and ents[ident].kind != "person":
            ident += "-person"
        ents.setdefault(ident, Entity(ident, "person", name))
        extra.append(
            Mention(span.start, span.end, "person", ident, method="signature", confidence=0.7)
        )
        return ident
    if kind == "description":
        words = _desc_words(text, span)
        if not words:
            return ""
        head = words[-1].rstrip("s") if words[-1] not in ROLE_NOUNS else words[-1]
        mods = set(words[:-1])
        scored: list[tuple[int, int, str]] = []
        order = {m.ref: i for i, m in enumerate(resolver.mentions) if m.start < span.start}
        for e in ents.values():
            if e.kind != "person" or not e.role:
                continue
            rw = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", e.role)]
            score = 0
            if head in rw or head + "s" in rw:
                score += 2
            score += len(mods & set(rw))
            if (
                head in ("official", "officials", "source", "sources", "aide")
                and score == 0
                and mods & set(rw)
            ):
                score += 1
            if score == 0:
                continue
            recency = 1 if e.id == last_speaker else 0
            if e.id not in order and not forward:
                continue
            scored.append((score, recency + order.get(e.id, -1) / 10000, e.id))
        if scored:
            ident = max(scored)[2]
            extra.append(_stand_in(span, ident, "description", 0.7))
            return ident
        org = resolver.mention_ending(span.end)
        if org is not None:
            return org.ref
        # An unresolved description ("officials", "the ministry") is its own speaker.
        from corpus.annotate.entities import slug

        name = re.sub(r"^(?:the|a|an)\s+", "", text[span.start : span.end], flags=re.I)
        ident = slug(name)
        if ident in ents and ents[ident].kind != "person":
            ident = ident + "-speaker"
        ents.setdefault(ident, Entity(ident, "person", name))
        extra.append(_stand_in(span, ident, "description", 0.5))
        return ident
    return ""
