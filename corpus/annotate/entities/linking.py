"""Entity linking within one document: mentions of the same referent share one Entity id.

Persons: a one-word mention joins the entity whose full name ends (or starts) with it; otherwise
the longest name form names the entity. Places and organisations: case-folded names and a small
alias table (US, U.S., United States); an organisation named by the end of its name ("Security
Council") joins the one longer name that ends with it. Ids are readable slugs of the name, minted by
:mod:`corpus.annotate.ids`; a person, a place and an organisation with the same slug get
distinct ids.

An organisation's acronym joins the one name of the document whose initials it is ("OECD");
its generic head alone ("the Department") joins the one longer name it heads.

Limits: two people sharing a surname in one article are merged; nicknames, acronyms that are
not initials and descriptions ("the company") are not linked here; links never cross documents.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from corpus.annotate.gazetteer import ALIASES
from corpus.annotate.ids import entity_slug as slug
from corpus.annotate.ids import mint_entity_id
from corpus.annotate.lexicon import FEMALE_NAMES, MALE_NAMES
from corpus.initials import acronym_like, initials
from corpus.model import Entity, Mention


def _norm(name: str) -> str:
    n = re.sub(r"\s+", " ", name).strip()
    n = re.sub(r"^(?:the|The|THE) ", "", n)
    return n


_ROYAL_TITLES = frozenset(
    "prince princess king queen pope emperor empress sheikh sheikha emir tsar czar".split()
)


_HONORIFIC = re.compile(r"\b(?:(Mr|Mister|Sir)|(Mrs|Ms|Miss|Madam))\.?\s+$")


def _honorific_gender(text: str, start: int) -> str:
    """'m' after "Mr.", 'f' after "Mrs."/"Ms.", else ''."""
    h = _HONORIFIC.search(text, max(0, start - 12), start)
    return "" if h is None else ("m" if h.group(1) else "f")


def _given_gender(full_name: str) -> str:
    first = full_name.split()[0].lower()
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else ""


def _royal_title_before(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower() in _ROYAL_TITLES


def _split_glued_surnames(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """'with Biden Putin "responded ..."': a two-word person name whose words are the
    surnames of two other people the article names in full is those two people."""
    full = [
        _norm(text[m.start : m.end]).split()
        for m in mentions
        if m.kind == "person" and len(text[m.start : m.end].split()) > 1
    ]
    surnames = {parts[-1] for parts in full}
    out: list[Mention] = []
    for m in mentions:
        parts = text[m.start : m.end].split()
        if (
            m.kind == "person"
            and len(parts) == 2
            and parts[0] in surnames
            and parts[1] in surnames
            and not any(f[-2:] == parts for f in full if len(f) > 2)
            and text[m.start : m.end] == " ".join(parts)
            and _object_then_subject(text, m)
        ):
            cut = m.start + len(parts[0])
            out.append(dataclasses.replace(m, end=cut))
            out.append(dataclasses.replace(m, start=cut + 1))
        else:
            out.append(m)
    return out


_PREPOSITIONS = frozenset("with to from by for after than against between like".split())


def _object_then_subject(text: str, m: Mention) -> bool:
    """A preposition before the pair and a verb or a quotation after it ('with Biden Putin
    "responded"'), as where one name ends a phrase and the next starts a clause; a name in a
    list ('Saqlain Mushtaq, Mushtaq Ahmed') has neither."""
    before = text[max(0, m.start - 20) : m.start].split()
    after = text[m.end : m.end + 3].lstrip()
    return (
        bool(before)
        and before[-1].lower() in _PREPOSITIONS
        and bool(after)
        and (after[0] in '"“' or after[0].islower())
    )


def _better_name(new: str, old: str) -> bool:
    """Prefer mixed case over capitals, then the longer form (United States over US)."""
    if old.isupper() and not new.isupper():
        return True
    return new.isupper() == old.isupper() and len(new) > len(old)


def link_entities(text: str, mentions: Sequence[Mention]) -> tuple[list[Entity], list[Mention]]:
    """One Entity per real-world referent in a document; mentions get its id as `ref`.

    Persons: a one-word mention joins the entity whose full name ends (or starts) with it;
    otherwise the longest name form names the entity. Places and organisations: case-folded
    names and a small alias table (US, U.S., United States). Limits: two people sharing a
    surname in one article are merged; nicknames are not linked.
    """
    entities: dict[str, Entity] = {}
    linked: list[Mention] = []
    mentions = _split_glued_surnames(text, mentions)
    persons = [m for m in mentions if m.kind == "person"]
    full_names: dict[str, str] = {}
    for m in sorted(persons, key=lambda m: -len(text[m.start : m.end].split())):
        name = _norm(text[m.start : m.end])
        parts = name.split()
        if len(parts) == 1:
            continue
        key = " ".join(parts).lower()
        if key not in full_names:
            target = None
            for other_key, ident in full_names.items():
                if other_key.split()[-1] == parts[-1].lower() and (
                    other_key.endswith(key) or key.endswith(other_key)
                ):
                    target = ident
            full_names[key] = target or slug(name)
            if target is None:
                entities.setdefault(full_names[key], Entity(full_names[key], "person", name))
    taken: set[str] = set(entities)
    # "Prince Charles", "Queen Rania": a one-word name after a royal title is a person of her
    # own, never the given name of another person in the article ("Charles Kennedy").
    royal: dict[str, str] = {}
    for m in persons:
        surface = _norm(text[m.start : m.end])
        if " " not in surface and _royal_title_before(text, m.start):
            key = surface.lower()
            if key not in full_names and key not in royal:
                royal[key] = mint_entity_id(slug(surface), "person", entities)
                entities.setdefault(royal[key], Entity(royal[key], "person", surface))

    # "Mr. Obama" in an article that names only "Michelle Obama" in full is someone else:
    # a surname whose titled mentions all conflict with the gender of the one full name
    # never joins it, and its untitled mentions go with the titled ones.
    apart: dict[str, str] = {}
    apart_names: dict[str, str] = {}
    for m in persons:
        surface = _norm(text[m.start : m.end])
        if " " in surface:
            continue
        g = _honorific_gender(text, m.start)
        fulls = {i for k, i in full_names.items() if k.split()[-1] == surface.lower()}
        if g and fulls and all(
            _given_gender(entities[i].name) not in ("", g) for i in fulls if i in entities
        ) and surface.lower() not in apart:
            # named with the title ("Mr. Obama"): a key of two words, which the corpus-level
            # speaker map never joins to a full name either
            h = _HONORIFIC.search(text, max(0, m.start - 12), m.start)
            title = h.group().strip() if h is not None else ""
            apart[surface.lower()] = ""
            apart_names[surface.lower()] = f"{title} {surface}".strip()
    for m in mentions:
        surface = _norm(text[m.start : m.end])
        key = surface.lower()
        if m.kind == "person" and key in apart:
            g = _honorific_gender(text, m.start)
            fulls = [i for k, i in full_names.items() if k.split()[-1] == key]
            if not (g and fulls and _given_gender(entities[fulls[0]].name) == g):
                if not apart[key]:
                    name = apart_names[key]
                    apart[key] = mint_entity_id(slug(name), "person", entities)
                    entities.setdefault(apart[key], Entity(apart[key], "person", name))
                linked.append(dataclasses.replace(m, ref=apart[key]))
                continue
        if m.kind == "date":
            linked.append(m)
            continue
        if m.kind == "person":
            parts = surface.split()
            key = " ".join(parts).lower()
            ident = full_names.get(key) or royal.get(key)
            if ident is None and parts:
                last = parts[-1].lower()
                # A surname before a given name: "Kennedy" is Charles Kennedy, and "Charles"
                # is him only when no one else in the article is called Charles.
                by_surname = [i for k, i in full_names.items() if k.split()[-1] == last]
                by_given = [i for k, i in full_names.items() if k.split()[0] == last]
                if by_surname:
                    ident = by_surname[0]
                elif len(parts) == 1 and len(set(by_given)) == 1:
                    ident = by_given[0]
            if ident is None:
                ident = mint_entity_id(slug(surface), "person", entities)
                entities.setdefault(ident, Entity(ident, "person", surface))
        else:
            alias = ALIASES.get(surface.lower())
            base = alias or slug(surface)
            ident = mint_entity_id(base, m.kind, entities)
            if ident not in entities:
                name = surface if not surface.isupper() or len(surface) <= 5 else surface.title()
                entities[ident] = Entity(ident, m.kind, name)
        taken.add(ident)
        best = entities[ident]
        if m.kind != "person" and _better_name(surface, best.name):
            entities[ident] = Entity(ident, best.kind, surface, best.role)
        linked.append(Mention(m.start, m.end, m.kind, ident, m.when, m.name, m.method,
                              m.confidence))
    return _join_short_org_names(entities, linked)


# One-word organisation names that are only the head of a longer name ("the Department said"
# after "the U.S. Agriculture Department", "the Bank" after "the Bank of England").
_GENERIC_ORG_HEADS = frozenset(
    """
    department ministry bank commission community council committee agency board institute
    association union court parliament government company corporation fund exchange
    federation organisation organization authority office service bureau administration
    """.split()
)


def _join_short_org_names(
    entities: dict[str, Entity], linked: list[Mention]
) -> tuple[list[Entity], list[Mention]]:
    """An organisation named again by the end of its name ("the Security Council" after "the
    United Nations Security Council", "Commerce Department" after "U.S. Commerce Department"),
    by its generic head alone ("the Department", "the Bank" of "the Bank of England") or by its
    initials ("OECD", "EC" of "European Community") is the same organisation, when exactly one
    longer name of the document fits."""
    orgs = {i: e for i, e in entities.items() if e.kind == "org"}
    rename: dict[str, str] = {}
    for ident, e in orgs.items():
        short = e.name.lower()
        if len(short.split()) < 2:
            if short in _GENERIC_ORG_HEADS:
                longer = [
                    j
                    for j, o in orgs.items()
                    if j != ident
                    and (
                        o.name.lower().endswith(" " + short)
                        or o.name.lower().startswith(short + " of ")
                    )
                ]
            elif acronym_like(e.name):
                longer = [j for j, o in orgs.items() if j != ident and initials(o.name) == short]
            else:
                continue
            if len(longer) == 1:
                rename[ident] = longer[0]
            continue
        longer = [
            j for j, o in orgs.items() if j != ident and o.name.lower().endswith(" " + short)
        ]
        if len(longer) == 1:
            rename[ident] = longer[0]
    if not rename:
        return list(entities.values()), linked
    linked = [
        Mention(m.start, m.end, m.kind, rename.get(m.ref, m.ref), m.when, m.name, m.method,
                m.confidence)
        for m in linked
    ]
    return [e for i, e in entities.items() if i not in rename], linked
