"""Quotations and their speakers: direct, mixed and indirect reported speech.

`annotate_quotations` runs the stages in order, each in its own module:

- `marks`: quotation marks paired into quoted passages; editorial gaps, insertions, scare quotes;
- `cues`: cue verbs and the token tests the rules share;
- `sources`: the source phrase (name, pronoun, description) next to a cue;
- `attribution`: direct, indirect and interposed attributions around cue verbs;
- `layout`: attributions the layout gives (labels, headline dashes, signatures, digests);
- `merge`: split quotations joined, crossing ones nested;
- `speakers`: source phrases resolved to entities of the document.

Each module's docstring states its rules and their limits.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from corpus.annotate.quotes.attribution import Attr, direct, indirect, no_content
from corpus.annotate.quotes.cues import Tok, sentence_tokens
from corpus.annotate.quotes.layout import (
    digest,
    headline_dash,
    label_attribution,
    signature,
    transcript_turns,
)
from corpus.annotate.quotes.marks import (
    find_marks,
    quote_spans,
    title_like,
)
from corpus.annotate.quotes.merge import (
    merge_split,
    one_each,
    uncross,
)
from corpus.annotate.quotes.sources import (
    Resolver,
)
from corpus.annotate.quotes.speakers import (
    AUTHOR,
    display_names,
    resolve_all,
    role_of,
)
from corpus.model import Article, Entity, Mark, Mention, Quotation, Span

__all__ = ["annotate_quotations", "find_marks", "quote_spans"]


_NAMING = re.compile(r"\b(?:titled|entitled|headlined|slogan)[\s,]*$", re.I)


def _named_by(text: str, span: Span) -> bool:
    """A quotation right after "titled", "entitled", "headlined", "slogan" is a name or a title
    ('an ad titled "Not on my watch,"'), not something said."""
    return _NAMING.search(text, max(0, span.start - 20), span.start) is not None


def _embedded(text: str, span: Span) -> bool:
    """Whether a quotation opens after a word or a comma of its sentence (not at its start,
    nor after a colon): "the so-called "rebels"", "as the "enemy,""."""
    before = text[max(0, span.start - 3) : span.start].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;")


def _unsourced_fragment(text: str, a: Attr) -> bool:
    """A direct quotation of at most five words, inside its sentence, with no speaker."""
    if a.speaker or a.method in ("signature", "label"):
        return False
    words = text[a.content.start : a.content.end].strip("\"“”«»„'` ").split()
    return len(words) <= 5 and _embedded(text, a.content)


def _first_person_speakers(
    attrs: list[Attr], extra: list[Mention], ents: dict[str, Entity]
) -> list[Mention]:
    """The "I" of an attribution a digest gave its speaker stands for that speaker; the
    author entity stays only when some attribution is still the author's."""
    by_source = {
        (a.source.start, a.source.end): a.speaker
        for a in attrs
        if a.source is not None and a.speaker and a.speaker != AUTHOR
    }
    extra = [
        dataclasses.replace(m, ref=by_source[(m.start, m.end)])
        if m.ref == AUTHOR and (m.start, m.end) in by_source
        else m
        for m in extra
    ]
    if not any(a.speaker == AUTHOR for a in attrs):
        ents.pop(AUTHOR, None)
        extra = [m for m in extra if m.ref != AUTHOR]
    return extra


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
    resolver = Resolver(text, mentions, ents)

    # Roles from titles before names.
    names = sorted(
        (Span(m.start, m.end) for m in mentions if m.kind != "date"), key=lambda n: n.start
    )
    sent_toks: list[list[Tok]] = [sentence_tokens(text, s, quotes, names) for s in sentences]
    for toks in sent_toks:
        for m in mentions:
            if m.kind == "person" and toks and toks[0].start <= m.start < toks[-1].end:
                role = role_of(text, toks, m)
                e = ents.get(m.ref)
                if role and e is not None and not e.role:
                    ents[m.ref] = Entity(e.id, e.kind, e.name, role)

    attrs: list[Attr] = []
    scare: list[Span] = []
    labelled: list[Span] = []  # contents of "LABEL: content" blocks
    for sentence, toks in zip(sentences, sent_toks, strict=True):
        if not toks:
            continue
        if any(c.start <= sentence.start < c.end for c in labelled):
            continue
        label = label_attribution(text, toks, resolver, article) or headline_dash(
            text, toks, resolver, article
        )
        if label is not None:
            attrs.append(label)
            labelled.append(label.content)
            continue
        attrs.extend(indirect(text, toks, resolver, quotes, sentence))
    # Direct quotations.
    done = {a.content for a in attrs if a.kind == "direct"}
    for qspan, _is_open in qspans:
        if qspan in done:
            continue
        turns = transcript_turns(text, qspan, resolver)
        if turns:
            attrs.extend(turns)
            continue
        if title_like(text[qspan.start : qspan.end]) or _named_by(text, qspan):
            scare.append(qspan)  # "Face the Nation", "2015-12-02": a title or a code
            continue
        frags: list[Attr] = []
        attr = signature(text, qspan, article, resolver)
        if attr is not None:
            attrs.append(attr)
            continue
        attr = direct(text, qspan, sentences, sent_toks, resolver, attrs, frags)
        for f in frags:
            if not any(a.kind != "direct" and a.content.overlaps(f.content) for a in attrs):
                attrs.append(f)
        if attr is None:
            words = text[qspan.start : qspan.end].strip("\"“”«»„'` ").split()
            ends_speech = text[qspan.start : qspan.end].rstrip("\"”»' ")[-1:] in ".,!?…"
            # A short quotation inside a sentence (after a word, not a sentence start) is a
            # scare quote or a title even when American punctuation puts a period inside it.
            if len(words) <= 4 and (not ends_speech or _embedded(text, qspan)):
                scare.append(qspan)
                continue
            attr = Attr(
                qspan, "direct", None, None, "continuation", method="continuation", confidence=0.6
            )
        attrs.append(attr)

    # Drop indirect attributions whose content is just one direct quotation.
    direct_spans = [a.content for a in attrs if a.kind == "direct"]
    kept: list[Attr] = []
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

    attrs = [a for a in attrs if not no_content(text, a, resolver)]

    # Resolve sources in text order; pronouns take the last resolved speaker.
    extra: list[Mention] = []
    resolve_all(text, attrs, resolver, ents, extra, article, sentences)
    # A source that cannot speak ("last week", "the proposal") is no attribution; a direct
    # quotation stays, with no speaker.
    attrs = [a for a in attrs if not a.junk or a.kind == "direct"]
    # A short quoted fragment inside a sentence that no source resolves ("Republicans as the
    # "enemy,"", "a "one-term president."") is a term or a scare quote, not a quotation.
    scare += [a.content for a in attrs if a.kind == "direct" and _unsourced_fragment(text, a)]
    attrs = [a for a in attrs if a.kind != "direct" or a.content not in scare]
    marks += [
        Mark(s.start, s.end, "soCalled")
        for s in scare
        if not any(m.start <= s.start < m.end for m in marks)
    ]
    attrs += digest(text, article, sentences, resolver, attrs)
    extra = _first_person_speakers(attrs, extra, ents)
    display_names(text, mentions, ents)

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
    out = merge_split(text, out, article)
    out = uncross(out)
    out = one_each(text, out, article)
    return out, extra, list(ents.values()), sorted(marks, key=lambda m: (m.start, -m.end))
