"""Speaker resolution: source phrases to entities of the document, in text order.

Names resolve through their linked mentions; pronouns to the last resolved source (the last
speaker) when its gender fits, else to the nearest earlier person whose gender fits ("he"/"she"
against honorifics, gendered titles and lexicon's first-name lists; unknown genders fit both);
descriptions ("the Kremlin aide", "the US president") to the person whose role shares the
head noun or a modifier; a relative "who" to the person named right before it or through one
apposition ("Jane Roe, a nurse who said"), else to the person noun it follows ("voters who").
A country or city used as a speaker ("Norway said") speaks as an organisation of its name,
marked as a mention where a wider phrase names it ("the government", "Norway's foreign
ministry"). A source phrase that cuts a name ("Minister Jane"
before "May said") reaches to the name's end. A description resolved to an entity ("the
report", "the spokesman" again) is marked where it stands (an rs pointing to the entity). A
quotation with no attribution continues the previous paragraph's speaker (further back, the
article's last speaker with low confidence).

Names the entity finder missed next to a source, title-case words that are no names, display
names and the reporters of digests are in `names`.

Limits: roles come only from titles written before a name; an unresolved description becomes
a speaker of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from corpus.annotate.entities.repairs import OUTLET_WORDS, common_word
from corpus.annotate.gazetteer import DEMONYMS_LOWER
from corpus.annotate.ids import entity_id, entity_slug, mint_entity_id
from corpus.annotate.lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    FINDINGS_NOUNS,
    HONORIFICS,
    MALE_NAMES,
    MALE_TITLES,
    ORG_NOUNS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.annotate.quotes.attribution import (
    Attr,
)
from corpus.annotate.quotes.cues import (
    ADVERBS,
    DETERMINERS,
    TEMPORAL,
    Tok,
)
from corpus.annotate.quotes.descriptions import Description, Profiles, read_description
from corpus.annotate.quotes.names import (
    display_names as display_names,  # re-exported: the quotations stage calls it from here
)
from corpus.annotate.quotes.names import (
    missed_name,
    named_beside,
    person_of,
    strip_span,
    title_case_words,
    titled_name_before,
)
from corpus.annotate.quotes.sources import (
    Resolver,
)
from corpus.model import Article, Entity, Mention, Span

_ROLE_OF_JOINERS = frozenset("of the for on at to and & -".split())
# Capitalised words that open a sentence or a clause before a title, never part of it
# ("Meanwhile Lib Dem leader", "Earlier Foreign Secretary", "In October Tory leader").
_NOT_ROLE_WORDS = (
    TEMPORAL
    | ADVERBS
    | frozenset(
        """
        meanwhile however both new now yet still so while when whereas if but also and
        january february march april may june july august september october november december
        """.split()
    )
)


_HONORIFIC_WORDS = frozenset(h.rstrip(".") for h in HONORIFICS)


def role_of(text: str, toks: list[Tok], m: Mention) -> str:
    """The title written right before a person's name ("US President", "Kremlin Aide")."""
    idx = next((i for i, t in enumerate(toks) if t.start == m.start), None)
    if idx is None or idx == 0:
        return ""
    j = idx - 1
    if toks[j].low.rstrip(".") in _HONORIFIC_WORDS:
        # "Mr Brown": a title stands before the honorific, if at all ("head of Mr" is none).
        j -= 1
        if j < 0 or toks[j].low in _ROLE_OF_JOINERS:
            return ""
    low = toks[j].low
    i = j
    if not (low in ROLE_NOUNS or low in ROLE_MODIFIERS) or (
        low.endswith("s") and low.rstrip("s") in ROLE_NOUNS and low not in ROLE_NOUNS
    ):
        # A role of a named body or place: "CEO of the Refugee Council Jane Roe",
        # "Governor of Utah John Doe" (the name, then "of", then the role noun).
        while i > 0 and idx - i < 10 and not toks[i].quoted and (
            toks[i].word[:1].isupper() or toks[i].low in _ROLE_OF_JOINERS
        ):
            i -= 1
            if toks[i].low in ROLE_NOUNS and toks[i + 1].low in ("of", "for", "at", "to"):
                break
        else:
            return ""
        if not (toks[i].low in ROLE_NOUNS and toks[i + 1].low in ("of", "for", "at", "to")):
            return ""
    while (
        i > 0
        and not toks[i - 1].quoted
        and (
            toks[i - 1].low in ROLE_NOUNS
            or toks[i - 1].low in ROLE_MODIFIERS
            or (
                toks[i - 1].word[:1].isupper()
                and toks[i - 1].low not in ("the", "a", "according", "as", "and")
                and toks[i - 1].low not in _NOT_ROLE_WORDS
            )
        )
    ):
        if i - 1 == 0 and toks[i - 1].low in ("he", "she", "it", "on", "in", "but"):
            break
        i -= 1
    return text[toks[i].start : toks[j].end]


def resolve_all(
    text: str,
    attrs: list[Attr],
    resolver: Resolver,
    ents: dict[str, Entity],
    extra: list[Mention],
    article: Article,
    sentences: Sequence[Span] = (),
) -> None:
    # Order by the position of the source mention (or the content when there is none).
    def pos(a: Attr) -> int:
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

    profiles = Profiles(text, resolver.mentions, ents, sentences)

    # Descriptions may point forward (headlines): resolve against roles of the whole document.
    for _, i, what in events:
        a = attrs[i]
        span, kind = (
            (a.source, a.source_kind) if what == "source" else (a.reporter, a.reporter_kind)
        )
        ident = ""
        if kind == "continuation":
            p = para_of(a.content.start)
            ident = named_beside(a.content, sentences, resolver)
            if ident:
                a.confidence = 0.5
            else:
                ident = last_by_para.get(p) or last_by_para.get(p - 1, "")
                a.confidence = 0.6 if ident else 0.3
            if not ident and last_speaker:
                # Further back, the last speaker of the article is still the likeliest
                # source (lists of "key statements", interview digests): low confidence.
                ident, a.confidence = last_speaker, 0.4
        elif span is not None:
            if kind in ("name", "description"):
                span, kind = _whole_name(span, kind, resolver)
                if what == "source":
                    a.source, a.source_kind = span, kind
                else:
                    a.reporter, a.reporter_kind = span, kind
            named = (
                _named_inside(resolver, span, ("person", "org", "place"))
                if a.method == "label"
                else None
            )
            label_words = text[named.start : span.end].split() if named is not None else []
            bare = strip_span(text, a.content)
            credit = a.method == "label" and any(
                m.name and m.kind == "person" and Span(m.start, m.end) == bare
                for m in resolver.mentions
            )
            if credit or (
                named is not None
                and len(label_words) != 2
                and sum(1 for m in resolver.mentions if m.ref == named.ref) == 1
                and title_case_words(text, label_words)
            ):
                # A subheading "Veto Power Impedes Peace Efforts:" is no speaker's label,
                # even when the entity finder took (part of) it for a name found nowhere else;
                # nor is a credit line whose content is a name ("Photo: Jane Roe.").
                kind = "junk"
            ident = JUNK if kind in ("junk", "parse") else _resolve(
                text,
                span,
                kind,
                resolver,
                ents,
                last_speaker,
                extra,
                forward=article.blocks[para_of(span.start)].start in head_like,
                profiles=profiles,
                content=a.content,
            )
            if ident == JUNK and what == "source" and a.cue is not None:
                ident = _by_syntax(
                    text, a, sentences, resolver, ents, last_speaker, extra, profiles
                )
            if ident == JUNK:
                ident = ""
                if what == "source":
                    a.junk = True
        if what == "source":
            a.speaker = ident
        else:
            a.reported_by = ident
        if ident:
            last_speaker = ident
            last_by_para[para_of(a.content.start)] = a.speaker or ident


def _whole_name(span: Span, kind: str, resolver: Resolver) -> tuple[Span, str]:
    """A source phrase that cuts a name ("Prime Minister Jane" before "May said", the month
    read as a clause boundary) reaches to the end of the name: the name is the source."""
    for m in resolver.mentions:
        if (
            m.kind in ("person", "org")
            and m.name
            and m.ref
            and span.start <= m.start < span.end < m.end
        ):
            return Span(m.start, m.end), "name"
    return span, kind


def _gender(text: str, ref: str, resolver: Resolver, ents: dict[str, Entity]) -> str:
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


#: The entity of the article's writer, speaking in the first person in narration.
AUTHOR = "author"


def _pronoun_antecedent(
    text: str,
    word: str,
    span: Span,
    resolver: Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
) -> str:
    """The last speaker when compatible with the pronoun, else the nearest compatible person;
    "I" and "we" (outside quotation marks) are the article's author.

    "he"/"she" skip people of the other gender (by honorific, gendered title or first name);
    people of unknown gender are compatible with both.
    """
    if word in ("i", "we"):
        # Outside quotation marks the first person is the writer ("I laughed and said, ..."
        # in a column), never the last speaker.
        ents.setdefault(AUTHOR, Entity(AUTHOR, "person", "the author", anonymous=True))
        return AUTHOR
    want = {"he": "m", "she": "f"}.get(word, "")

    def ok(ref: str) -> bool:
        if ref == AUTHOR:
            return False  # "he", "she", "they" are never the first-person writer
        if not want:
            return True
        e = ents.get(ref)
        if e is not None and e.kind != "person":
            return False
        if e is not None and e.anonymous:
            d = read_description(e.name)
            if d is None or d.plural:
                return False  # "bankers", "analysts": never "he" or "she"
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
    resolver: Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
    extra: list[Mention],
    forward: bool,
    profiles: Profiles,
    content: Span | None = None,
) -> str:
    if kind == "name":
        m = resolver.mention_ending(span.end) or resolver.mention_starting(span.start)
        if m is None:
            # a country named before an apposition ("China, Pyongyang's only ally, said")
            place = _named_inside(resolver, span, ("place",))
            if place is not None and (place.start, place.end) == (span.start, span.end):
                return _as_org(place.ref, ents, span, extra, resolver)
            return ""
        e = ents.get(m.ref)
        if e is not None and e.kind in ("place", "org"):
            owner = person_of(text, m, resolver)
            if owner:
                return owner
        if e is not None and e.kind in ("person", "org") and _fragment(e.name):
            # One common word ("the Church", "Water said") is no name of its own: the longer
            # name of the document holding it, else (without "the") no speaker.
            longer = _longer_name(e.name, span.start, resolver, ents)
            if longer:
                return longer
            if not re.search(r"\bthe\s+$", text[max(0, m.start - 5) : m.start], re.I):
                return JUNK
        if e is not None and e.kind == "org" and e.name.lower() in ORG_NOUNS:
            # "the Bank said" found as a name: the bank the article names in full.
            d = read_description("the " + e.name)
            full = profiles.org(d, span.start, forward) if d is not None else ""
            if full and full != m.ref and ents[full].name.lower() not in ORG_NOUNS:
                return full
        return m.ref
    if kind == "pronoun":
        word = text[span.start : span.end].lower()
        if word == "who":
            return _relative_who(text, span, resolver, ents, extra)
        if word == "which":
            # "The Huffington Post, which said": the organisation (or country) right before it
            before = [
                m
                for m in resolver.mentions
                if m.kind in ("org", "place") and m.end <= span.start and m.name and m.ref
            ]
            if not before or not re.fullmatch(r",?\s*", text[before[-1].end : span.start]):
                return JUNK
            ident = _as_org(before[-1].ref, ents)
            extra.append(_stand_in(span, ident, "pronoun", 0.6, "org"))
            return ident
        if word == "it":
            # "it" takes the last organisation named before it, outside what it says
            # ("... stable against the U.S. dollar, it said" is not the dollar speaking).
            prior = [
                m
                for m in resolver.mentions
                if m.kind == "org"
                and m.end <= span.start
                and not (content is not None and content.start <= m.start < content.end)
            ]
            ident = prior[-1].ref if prior else ""
            if ident:
                extra.append(_stand_in(span, ident, "pronoun", 0.6, "org"))
            return ident
        ident = _pronoun_antecedent(text, word, span, resolver, ents, last_speaker)
        if ident:
            extra.append(_stand_in(span, ident, "pronoun", 0.7))
        return ident
    if kind == "signed":
        # A name the entity finder missed ("― Jane Roe" signing a quotation): a new person,
        # or an organisation when it ends in a newspaper word ("― Springfield Herald").
        name = text[span.start : span.end]
        kind = "org" if name.split()[-1] in OUTLET_WORDS else "person"
        ident = entity_id(name, kind, ents)
        ents.setdefault(ident, Entity(ident, kind, name))
        extra.append(
            Mention(span.start, span.end, kind, ident, method="signature", confidence=0.7)
        )
        return ident
    if kind == "description":
        return _describe(text, span, resolver, ents, last_speaker, extra, forward, profiles)
    return ""


def _fragment(name: str) -> bool:
    """One capitalised word usually written in lower case and no organisation noun: a piece
    of a longer name ("State" of "the State and Defense Departments") or a misspelt one."""
    return (" " not in name and common_word(name) and name.lower() not in ORG_NOUNS
            and name not in OUTLET_WORDS)  # "the Times", "the Sun": a newspaper's short name


def _longer_name(word: str, pos: int, resolver: Resolver, ents: dict[str, Entity]) -> str:
    """The longer person or organisation name of the document holding `word`, the nearest
    named before `pos` first, else the first after it; "" if none."""
    pat = re.compile(rf"\b{re.escape(word)}\b")
    hits = [m for m in resolver.mentions if m.kind in ("person", "org") and m.ref in ents
            and ents[m.ref].name != word and pat.search(ents[m.ref].name)]
    before = [m for m in hits if m.start < pos]
    if before:
        return before[-1].ref
    return hits[0].ref if hits else ""


_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_WHO_HEAD = re.compile(r"([A-Za-z][\w'’-]*)[^\S\n]*,?[^\S\n]*$")


def _relative_who(
    text: str, span: Span, resolver: Resolver, ents: dict[str, Entity], extra: list[Mention]
) -> str:
    """The antecedent of a relative "who": the person named right before it ("Jane Roe,
    who said"), the person an apposition describes ("Jane Roe, a former aide who said"), or
    the person noun it follows ("voters who said", "an architect who", "those who"), an
    anonymous source."""
    line_start = text.rfind("\n", 0, span.start) + 1
    prior = [
        m
        for m in resolver.mentions
        if m.kind == "person" and m.end <= span.start and m.start >= line_start
    ]
    ident = ""
    if prior:
        gap = text[prior[-1].end : span.start]
        # Right before, or through one apposition ("Jane Roe, 54, a nurse who").
        if len(gap) <= 3 or (
            gap.startswith(",") and gap.count(",") <= 2 and len(gap) <= 60
            and not re.search(r"[.;:!?()\"“”]", gap)
        ):
            ident = prior[-1].ref
    if not ident:
        ident = titled_name_before(text, line_start, span.start, ents, extra)
    if not ident:
        m = _WHO_HEAD.search(text, line_start, span.start)
        head = m.group(1).lower() if m is not None else ""
        d = read_description(head) if m is not None else None
        if m is not None and (head in _WHO_GROUPS or (d is not None and (d.person or d.agent))):
            ident = _anonymous(text, Span(m.start(1), m.end(1)), "person", ents, extra)
    if not ident:
        # The people noun a few words back, past a prepositional phrase ("Democrats in the
        # state senate, who", "listeners to his radio show who"); never past a clause end.
        clause = max(text.rfind(ch, line_start, span.start) for ch in ".;:!?")
        words = list(_WORD_RE.finditer(text, max(clause + 1, line_start), span.start))
        for w in reversed(words[-10:]):
            low = w.group().lower()
            d = read_description(low)
            if low in _WHO_GROUPS or (
                not w.group()[:1].isupper()
                and low not in DEMONYMS_LOWER  # "northern", "French": a modifier
                and d is not None
                and (d.person or d.agent)
            ):
                ident = _anonymous(text, Span(w.start(), w.end()), "person", ents, extra)
                break
    if ident:
        extra.append(_stand_in(span, ident, "pronoun", 0.6))
    return ident


# Group words a relative "who" may follow ("those who", "voters who").
_WHO_GROUPS = frozenset(
    "those people voters residents americans democrats republicans critics supporters "
    "opponents members officials experts analysts economists respondents others many some "
    "students parents workers women men".split()
)


# People who speak for an organisation: "a Texaco spokesman", "BNL officials", "a company
# spokeswoman" -> the organisation speaks.
_SPOKES = frozenset("spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople".split())
_REPRESENTATIVES = _SPOKES | frozenset(
    "official officials officer officers executive executives lawyer lawyers".split()
)
_NAME_JOINERS = frozenset("of and for de du la le van von & -".split())
# Members of a party or movement, named in the plural: a group of people, not a person's name.
_MEMBER_NOUNS = frozenset(
    "tory dem democrat republican conservative liberal socialist communist nationalist "
    "unionist loyalist green labourite centrist progressive libertarian islamist".split()
)


def _members(text: str, words: Sequence[str]) -> bool:
    """Whether capitalised words name a group by its members ("Senior Tories", "Lib Dems",
    "Young Democrats"): the last word is a plural whose singular is a member noun or stands
    capitalised elsewhere in the article ("Tory leader"), or a role modifier opens them."""
    last = words[-1]
    if not (last.isalpha() and last.endswith("s") and not last.endswith("ss") and len(last) > 3):
        return False
    one = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    if one.lower() in _MEMBER_NOUNS or (len(words) > 1 and words[0].lower() in ROLE_MODIFIERS):
        return True
    return re.search(r"\b" + re.escape(one) + r"\b(?!['’]?s\b)", text) is not None

_COMPANY_WORDS = re.compile(
    r"\s+(?:Inc|Corp|Corporation|Co|Cos|Ltd|Plc|PLC|AG|SA|NV|Group|Holdings|Industries|"
    r"Bank|Bancorp|Airlines|Motors|International|Oil|Petroleum|Resources|Mines)\b"
)


def _company_word_after(text: str, name: str) -> bool:
    return any(_COMPANY_WORDS.match(text, m.end()) for m in re.finditer(re.escape(name), text))


# The resolution of a source phrase that cannot speak ("last week", "the proposal"): the
# attribution is dropped (a direct quotation stays, with no speaker).
JUNK = "\x00junk"
# What a person says or writes, standing for her ("a speech Jane Roe gave").
_SPOKEN_WORKS = frozenset(
    "speech speeches interview remarks address testimony article column op-ed tweet tweets "
    "post book memoir email emails essay sermon lecture".split()
)
_POSTMODIFIER_STARTS = frozenset(
    "in of at from for close familiar with on who that which to by under near inside outside "
    "representing involved based".split()
)
_OF_PLACE = re.compile(r",?\s+(?:of|from)\s")
_LEADING_PREP = re.compile(
    r"(?:(?:with|by|from|for|among|as|including|but|and|yet|so|still|meanwhile|however),?\s+)+",
    re.I,
)
_CAPS_WORD = re.compile(r"[A-Z][\w&'’.-]*")
_TRAILING_RELATIVE = re.compile(r"\s+(?:who|which|that)$", re.I)


def _named_inside(resolver: Resolver, span: Span, kinds: tuple[str, ...]) -> Mention | None:
    """The last name of one of `kinds` inside the phrase ("the ministry of X", "Russia")."""
    found = [
        m
        for m in resolver.mentions
        if m.kind in kinds and span.start <= m.start and m.end <= span.end and m.name and m.ref
    ]
    return found[-1] if found else None


def _as_org(
    ref: str,
    ents: dict[str, Entity],
    span: Span | None = None,
    extra: list[Mention] | None = None,
    resolver: Resolver | None = None,
) -> str:
    """A country or city used as a speaker ("Russia said") speaks as an organisation of its
    name (the TEI's @who points at a person or org); the place mention keeps its kind (the
    entity finder's answer stays as it was). A source phrase wider than the place name ("the
    Kremlin's press service", "the government") is marked as a mention of that organisation,
    so the speaker is found where the text names it; a bare place name ("Norway said") is
    marked too, the organisation's rs around the place name (the TEI nests them), so every
    speaker has a mention a reader (and the scorer) can find."""
    e = ents.get(ref)
    if e is None or e.kind != "place":
        return ref
    ident = f"{ref}-org"
    ents.setdefault(ident, Entity(ident, "org", e.name))
    if span is not None and extra is not None:
        extra.append(_stand_in(span, ident, "description", 0.6, "org"))
    return ident


def _anonymous(
    text: str, span: Span, kind: str, ents: dict[str, Entity], extra: list[Mention]
) -> str:
    """An unresolved description ("analysts", "the ministry") as an anonymous speaker; a
    preposition or conjunction the source phrase opens with ("with one reader writing", "But
    analysts") is no part of it, nor is a relative pronoun it ends with ("ministers who")."""
    lead = _LEADING_PREP.match(text, span.start, span.end)
    if lead is not None and lead.end() < span.end:
        span = Span(lead.end(), span.end)
    # The speaker ends at its head noun when a verb follows it: "thousands of miners roared"
    # is "thousands of miners"; "sources in Bonn", "a source close to the talks" keep theirs.
    d = read_description(text[span.start : span.end])
    if d is not None:
        words = list(_WORD_RE.finditer(text, span.start, span.end))
        for k, w in enumerate(words[:-1]):
            if w.group().lower().startswith(d.head):
                after = words[k + 1].group()
                if after.islower() and after not in _POSTMODIFIER_STARTS:
                    span = Span(span.start, w.end())
                break
    rel = _TRAILING_RELATIVE.search(text, span.start, span.end)
    if rel is not None and rel.start() > span.start:
        span = Span(span.start, rel.start())  # "some ministers who meet": the ministers
    name = re.sub(r"^(?:the|a|an)\s+", "", text[span.start : span.end], flags=re.I)
    ident = mint_entity_id(
        entity_slug(name),
        kind,
        ents,
        clashes=lambda i: i in ents and (ents[i].kind != kind or not ents[i].anonymous),
        suffix="speaker",
    )
    ents.setdefault(ident, Entity(ident, kind, name, anonymous=True))  # type: ignore[arg-type]
    extra.append(_stand_in(span, ident, "description", 0.5, kind))
    return ident


# A source that is one member of the group just quoted ("one said", "another added").
_ONE_OF_THEM = frozenset(("one", "another", "one of them", "another one"))


def _describe(
    text: str,
    span: Span,
    resolver: Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
    extra: list[Mention],
    forward: bool,
    profiles: Profiles,
) -> str:
    """A description to the entity it stands for, an anonymous speaker, or JUNK."""
    phrase = text[span.start : span.end]
    if phrase.lower() in _ONE_OF_THEM and last_speaker in ents:
        last = ents[last_speaker]
        group = read_description(last.name) if last.anonymous else None
        near = any(
            m.ref == last_speaker
            and 0 <= span.start - m.end <= 300
            and text[m.start : m.end].lower() not in _ONE_OF_THEM
            for m in extra
        )
        if group is not None and group.plural and near:
            # 'Dealers said ... "Anything is possible," one said': one of the dealers
            extra.append(_stand_in(span, last_speaker, "description", 0.5))
            return last_speaker
    d = read_description(phrase)
    if d is None:
        return JUNK
    first = next(
        (w.lower() for w in _WORD_RE.findall(phrase) if w.lower() not in DETERMINERS), ""
    )
    if (first in DOCUMENT_NOUNS or first in _SPOKEN_WORKS) and d.head not in DOCUMENT_NOUNS:
        # "a speech Jane Roe gave at Leiden University": the person named in it speaks.
        people = [
            x
            for x in resolver.mentions
            if x.kind == "person" and x.name and x.ref and span.start <= x.start < x.end <= span.end
        ]
        if people:
            return people[0].ref
    if d.head in DOCUMENT_NOUNS:
        # "the ministry's statement", "a Kremlin statement": whoever issued it speaks; a
        # person named in it first ("a speech Jane Roe gave at Leiden University").
        people = [
            x
            for x in resolver.mentions
            if x.kind == "person" and x.name and x.ref and span.start <= x.start < x.end <= span.end
        ]
        m = people[0] if people else _named_inside(resolver, span, ("person", "org", "place"))
        if m is not None:
            return _as_org(m.ref, ents, span, extra, resolver)
        for mod in reversed(d.mods):
            issuer = read_description("the " + mod)
            if issuer is not None and issuer.org:
                ident = profiles.org(issuer, span.start, forward)
                if ident:
                    extra.append(_stand_in(span, ident, "description", 0.6, "org"))
                    return ident
                return _anonymous(text, span, "org", ents, extra)
        if d.head in FINDINGS_NOUNS:
            # "the report said" takes up the last speaker's report; "a new survey" is its own.
            if d.definite and last_speaker:
                extra.append(_stand_in(span, last_speaker, "description", 0.5))
                return last_speaker
            return _anonymous(text, span, "org", ents, extra)
        if last_speaker:
            # "the statement noted": the last speaker's statement, marked where it is named.
            extra.append(_stand_in(span, last_speaker, "description", 0.5))
            return last_speaker
        return JUNK
    if d.person:
        ident = profiles.person(d, span.start, last_speaker, forward)
        if ident:
            extra.append(_stand_in(span, ident, "description", 0.7))
            return ident
        m = resolver.mention_ending(span.end)
        if m is not None:
            return m.ref
        ident = missed_name(text, span, resolver, ents, extra)
        if ident:
            return ident
        if d.head in _REPRESENTATIVES:
            ident = _represented(text, span, d, resolver, ents, extra, forward, profiles)
            if ident:
                return ident
        ident = "" if forward else profiles.untitled_before(d, span.start)
        if ident:
            extra.append(_stand_in(span, ident, "description", 0.5))
            return ident
        return _anonymous(text, span, "person", ents, extra)
    for m in resolver.mentions:
        # "Archbishop Jan Roe of the Church of Utrecht", "Ada Vos from Leiden": the person
        # named first speaks, not the place or organisation that follows her.
        if (
            m.kind == "person"
            and m.name
            and m.ref
            and span.start <= m.start
            and m.end < span.end
            and _OF_PLACE.match(text, m.end)
        ):
            return m.ref
    m = _named_inside(resolver, span, ("org", "person", "place"))
    if m is not None and m.end == span.end:
        if m.kind != "person" and (owner := person_of(text, m, resolver)):
            return owner
        return _as_org(m.ref, ents, span, extra, resolver)  # "the oil-rich Kuwait", "Russia"
    if d.org:
        ident = profiles.org(d, span.start, forward)
        if ident:
            extra.append(_stand_in(span, ident, "description", 0.7, "org"))
            return ident
        if m is not None:
            return _as_org(m.ref, ents, span, extra, resolver)  # "the Kremlin's press service"
        if d.head in ("government", "administration", "cabinet") and d.definite:
            # "the government said": the country the story is about speaks.
            ident = profiles.salient_country(span.start)
            if ident:
                return _as_org(ident, ents, span, extra, resolver)
        return _anonymous(text, span, "org", ents, extra)
    bare = re.sub(r"^(?:the)\s+", "", " ".join(phrase.split()), flags=re.I)
    words = bare.split()
    if (
        words
        and len(words) <= 5
        and all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words)
        and not any(w.lower() in TEMPORAL or w.lower() in DETERMINERS for w in words)
        and not title_case_words(text, words)
    ):
        if _members(text, words):
            return _anonymous(text, span, "person", ents, extra)  # "Senior Tories", "Lib Dems"
        # A name the entity finder missed: an organisation when written in capitals or
        # followed somewhere by a company word ("Celanese Corp"), else a person ("Azpurua").
        kind = "org" if bare.isupper() or _company_word_after(text, bare) else "person"
        ident = entity_id(bare, kind, ents)
        ents.setdefault(ident, Entity(ident, kind, bare))  # type: ignore[arg-type]
        extra.append(Mention(span.start, span.end, kind, ident, method="rule", confidence=0.5))  # type: ignore[arg-type]
        return ident
    if d.agent:
        return _anonymous(text, span, "person", ents, extra)
    m = _named_inside(resolver, span, ("person", "org", "place"))
    if m is not None:
        # "Clinton now", "Wells Fargo just this month"
        return _as_org(m.ref, ents, span, extra, resolver)
    return JUNK


_QUANTIFIERS = frozenset(
    "one two three four five six seven eight nine ten several some many another both each "
    "every other most all few".split()
)


def _represented(
    text: str,
    span: Span,
    d: Description,
    resolver: Resolver,
    ents: dict[str, Entity],
    extra: list[Mention],
    forward: bool,
    profiles: Profiles,
) -> str:
    """The organisation a spokesman or official speaks for, when the phrase (or the word
    before it: "company spokesman") names or describes it; "the spokesman" again takes up the
    organisation an earlier spokesman spoke for. "" when none is named ("officials said")."""
    # "a spokesman for the Bundesbank in Frankfurt": the organisation, not the city after it
    m = _named_inside(resolver, span, ("org",)) or _named_inside(resolver, span, ("place",))
    if m is not None:
        ident = _as_org(m.ref, ents)
    else:
        ident = ""
        caps = [
            w
            for w in re.findall(r"[A-Z][\w&.'’-]*", text[span.start : span.end])
            if w.lower() not in DETERMINERS
            and w.lower() not in ROLE_MODIFIERS
            and w.lower() not in _REPRESENTATIVES
            and w.lower() not in ROLE_NOUNS
            # "One official", "another Japanese bank official": no organisation's name
            and w.lower() not in _QUANTIFIERS
            and w.lower() not in DEMONYMS_LOWER
        ]
        if caps and not any(w.lower() in TEMPORAL for w in caps):
            # "an Alcan spokesman", "a GAO official": a name the entity finder missed.
            name = " ".join(caps)
            ident = entity_id(name, "org", ents)
            ents.setdefault(ident, Entity(ident, "org", name))
        else:
            before = re.findall(r"[A-Za-z]+", text[max(0, span.start - 20) : span.start])
            behalf = re.findall(r"\bfor\s+(?:the\s+)?([A-Za-z]+)", text[span.start : span.end])
            for mod in [*d.mods, *before[-1:], *behalf]:
                issuer = read_description("the " + mod)
                if issuer is not None and issuer.org:
                    ident = profiles.org(issuer, span.start, forward)
                    if ident:
                        break
    if ident:
        profiles.represented[d.head] = ident
        extra.append(_stand_in(span, ident, "description", 0.6, "org"))
        return ident
    if d.definite and d.head in profiles.represented:
        extra.append(_stand_in(span, profiles.represented[d.head], "description", 0.6, "org"))
        return profiles.represented[d.head]
    if d.head in _SPOKES:
        # "a spokesman said" with no organisation named: the one the story is about.
        ident = profiles.salient_org(span.start)
        if ident:
            extra.append(_stand_in(span, ident, "description", 0.5, "org"))
            return ident
    return ""


def _by_syntax(
    text: str,
    a: Attr,
    sentences: Sequence[Span],
    resolver: Resolver,
    ents: dict[str, Entity],
    last_speaker: str,
    extra: list[Mention],
    profiles: Profiles,
) -> str:
    """The cue's grammatical subject as the source when the phrase the rules found cannot
    speak (see quotes.syntax); JUNK when the parser finds no subject that can."""
    from corpus.annotate.quotes.syntax import cue_subject

    cue = a.cue
    sent = next((s for s in sentences if cue is not None and s.start <= cue.start < s.end), None)
    if sent is None or cue is None:
        return JUNK
    subj = cue_subject(text, sent, cue)
    if subj is None or (a.source is not None and subj == a.source):
        return JUNK
    if subj.overlaps(a.content):
        return JUNK
    m = resolver.mention_ending(subj.end)
    if m is not None and m.start >= subj.start:
        a.source, a.source_kind = Span(m.start, m.end), "name"
        return m.ref
    word = text[subj.start : subj.end].lower()
    if word in ("he", "she", "they", "we", "i"):
        ident = _pronoun_antecedent(text, word, subj, resolver, ents, last_speaker)
        if ident:
            a.source, a.source_kind = subj, "pronoun"
            extra.append(_stand_in(subj, ident, "pronoun", 0.6))
            return ident
        return JUNK
    ident = _describe(text, subj, resolver, ents, last_speaker, extra, False, profiles)
    if ident != JUNK:
        a.source, a.source_kind = subj, "description"
    return ident
