"""Speaker resolution: source phrases to entities of the document, in text order.

Names resolve through their linked mentions; pronouns to the last resolved source (the last
speaker) when its gender fits, else to the nearest earlier person whose gender fits ("he"/"she"
against honorifics, gendered titles and lexicon's first-name lists; unknown genders fit both);
descriptions ("the Kremlin aide", "the US president") to the person whose role shares the
head noun or a modifier. A quotation with no attribution continues the previous paragraph's
speaker (further back, the article's last speaker with low confidence).

Limits: roles come only from titles written before a name; an unresolved description becomes
a speaker of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from corpus.annotate.lexicon import (
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_TITLES,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
)
from corpus.annotate.quotes.attribution import (
    Attr,
)
from corpus.annotate.quotes.cues import (
    Tok,
)
from corpus.annotate.quotes.sources import (
    Resolver,
)
from corpus.model import Article, Entity, Mention, Span


def role_of(text: str, toks: list[Tok], m: Mention) -> str:
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


def resolve_all(
    text: str,
    attrs: list[Attr],
    resolver: Resolver,
    ents: dict[str, Entity],
    extra: list[Mention],
    article: Article,
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


def _pronoun_antecedent(
    text: str,
    word: str,
    span: Span,
    resolver: Resolver,
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
    resolver: Resolver,
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
