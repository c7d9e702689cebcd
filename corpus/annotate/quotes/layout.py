"""Attributions given by the layout of news copy rather than by a cue verb.

A block that opens "NAME: content" (a headline "Ryan: X" or a transcript turn) is NAME's when
the label is a name, in capitals or ends in a person, organisation or findings noun (a subhead
"Little Hope for Talks:" is none); a quoted transcript ('"HOST: ...' paragraphs run together
as one open quotation) is split into its turns, each its speaker's; a
headline or standfirst ending in a dash and its source ("Talks to resume in May — Jane Roe",
"Exports to rise — ambassador") is the source's; a quotation signed after it with a dash
('"..." ― Jane Roe', ending the paragraph) is the signer's; in a digest announced by "Below are
Jane Roe's key statements", every later sentence with no attribution of its own is hers.

Limits: a label is at most five capitalised words; a headline source at most six words; a
digest runs to the end of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.annotate.lexicon import CUE_FORMS, FINDINGS_NOUNS, ORG_NOUNS, PERSON_NOUNS
from corpus.annotate.quotes.attribution import Attr
from corpus.annotate.quotes.cues import PREPOSITIONS, WORDLIKE, Tok, word_set
from corpus.annotate.quotes.sources import Resolver
from corpus.annotate.quotes.speakers import AUTHOR
from corpus.model import Article, Span

_WORD = re.compile(r"[A-Za-z]+")
_SIGNATURE = re.compile(
    r"[^\S\n]*[―—–][^\S\n]*(?P<name>[A-Z][\w.'’-]*"
    r"(?:[^\S\n]+(?:[A-Z][\w.'’-]*|de|la|van|von|da|del|bin|al)){0,4})"
    r"[^\S\n]*(?:,[^\n\"“”«»]{0,160})?[\s.]*$"
)


def signature(text: str, q: Span, article: Article, resolver: Resolver) -> Attr | None:
    """A quotation signed after it with a dash: '"..." ― Jane Roe' / '"..." — Jane Roe, a nurse'.

    The dash and the name (with an optional apposition after a comma) must end the paragraph;
    a paragraph that opens with the quotation may hold more quoted text before the signature.
    The name is the speaker even when the entity finder missed it.
    """
    block = next((b for b in article.blocks if b.start <= q.start < b.end), None)
    if block is None or q.end >= block.end:
        return None
    at = q.end
    m = _SIGNATURE.match(text[at : block.end])
    if m is None and q.start == block.start:
        # A paragraph of quotations signed once at its end ('"A." And "B." ― Jane Roe'):
        # the signature after the last closing mark signs the quotation opening it too.
        last = max(text.rfind(ch, q.end, block.end) for ch in ('"', "”"))
        opens = [i for i in (text.find(ch, q.end, block.end) for ch in ('"', "“")) if i >= 0]
        between = text[q.end : min(opens)] if opens else ""
        if last > q.end and not any(w.lower() in CUE_FORMS for w in _WORD.findall(between)):
            at = last + 1
            m = _SIGNATURE.match(text[at : block.end])
    if m is None or not m.group("name")[:1].isupper():
        return None
    start, end = at + m.start("name"), at + m.end("name")
    while end > start and text[end - 1] in ".,":
        end -= 1
    dash = at + len(m.group()) - len(m.group().lstrip())
    cue = Span(dash, dash + 1)
    for men in resolver.mentions:
        if men.kind in ("person", "org") and men.start < end and start < men.end:
            return Attr(q, "direct", cue, Span(men.start, men.end), "name", method="signature")
    return Attr(q, "direct", cue, Span(start, end), "signed", method="signature")


# Labels before a colon that introduce no speaker ("UPDATE: ...", "WATCH: ...").
_NON_SPEAKER_LABELS = word_set(
    "update updated watch video videos photo photos exclusive breaking note editor related read "
    "listen see also correction clarification warning live opinion analysis commentary review "
    "transcript source sources by via credit image images pictured graphic chart map q a "
    "question answer sign follow subscribe click more share tags topics tag contact email "
    "here what why how when where who today tonight now"
)
_LABEL_FUNCTION_WORDS = word_set("of the and for on at in de van von")


def label_attribution(
    text: str, toks: list[Tok], resolver: Resolver, article: Article
) -> Attr | None:
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
        or toks[0].low in PREPOSITIONS  # "IN BRIEF:", "ON THE RECORD:": a rubric, no speaker
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
    if not _speaker_label(text, label, src_span, resolver):
        return None
    m = resolver.mention_ending(label[-1].end)
    if m is not None and m.start >= label[0].start:
        src = (Span(m.start, m.end), "name")
    else:
        src = (src_span, "description")
    return Attr(
        content,
        "indirect",
        Span(toks[colon].start, toks[colon].end),
        *src,
        method="label",
        confidence=0.8,
    )


def _speaker_label(text: str, label: list[Tok], span: Span, resolver: Resolver) -> bool:
    """Whether a label can name a speaker: it holds a name the entity finder found, is written
    in capitals (a transcript turn "HOST:"), or ends in a person or organisation noun
    ("Ambassador:") or a document of findings ("Poll:"). A subhead in title case ("Little
    Hope for Talks:", "The Latest:") is none.
    """
    if any(
        m.name and m.kind in ("person", "org", "place") and span.overlaps(Span(m.start, m.end))
        for m in resolver.mentions
    ):
        return True
    words = [t.word for t in label if WORDLIKE.match(t.word)]
    if words and all(w.isupper() for w in words):
        return True
    # A surname the entity finder found elsewhere in the article ("Roe: ..." in a headline).
    surnames = {
        e.name.split()[-1].lower()
        for e in resolver.entities.values()
        if e.kind in ("person", "org") and e.name.split()
    }
    if any(w.lower() in surnames for w in words):
        return True
    return bool(words) and words[-1].lower() in (PERSON_NOUNS | ORG_NOUNS | FINDINGS_NOUNS)


_TURN = re.compile(
    r"[\"“”«]?[^\S\n]*(?P<label>[A-Z][A-Z.'’-]+(?:[^\S\n]+[A-Z][A-Z.'’-]+){0,3})(?P<colon>:)[^\S\n]+"
)


def transcript_turns(text: str, q: Span, resolver: Resolver) -> list[Attr]:
    """A quoted transcript: paragraphs opening with a mark and a speaker in capitals
    ('"HOST: ...', '"PENCE: ...'), which the news convention joins into one open quotation.
    Each turn is its speaker's direct quotation, from after the label to the next turn; a short
    stage note before the first turn ("(CROSSTALK.)") is left out. [] when the quotation does
    not open with such a label."""
    starts = [q.start] + [m.end() for m in re.finditer(r"\n\s*", text[q.start : q.end])]
    turns: list[tuple[re.Match[str], int]] = []
    for k, st in enumerate(starts):
        st = st if k == 0 else q.start + st
        m = _TURN.match(text, st, q.end)
        if (
            m is not None
            and len(m.group("label").strip(".")) >= 2
            and m.group("label").split()[0].lower() not in _NON_SPEAKER_LABELS
        ):
            turns.append((m, st))
        elif not turns and st - q.start > 40:
            return []  # a turn opens the quotation, or a stage note ("(CROSSTALK.)") before it
    out: list[Attr] = []
    for n, (m, _st) in enumerate(turns):
        end = turns[n + 1][1] if n + 1 < len(turns) else q.end
        while end > m.end() and (text[end - 1].isspace() or text[end - 1] in "\"“”»"):
            end -= 1
        if end - m.end() < 3:
            continue
        label = Span(m.start("label"), m.end("label"))
        men = resolver.mention_starting(label.start)
        src = (Span(men.start, men.end), "name") if men is not None else (label, "description")
        colon = Span(m.start("colon"), m.end("colon"))
        out.append(Attr(Span(m.end(), end), "direct", colon, *src, method="label", confidence=0.8))
    return out


_HEADLINE_DASHES = ("—", "–", "―")


def headline_dash(text: str, toks: list[Tok], resolver: Resolver, article: Article) -> Attr | None:
    """A headline that ends in a dash and its source: "Talks to resume in May — Jane Roe",
    "Exports to rise — ambassador", "Elections needed — the country's top diplomat".

    Only in a headline or standfirst, with at most six words after the last dash (a name, or a
    description with a person or organisation noun) and no quotation mark among them; the
    content is everything before the dash.
    """
    block = next((b for b in article.blocks if b.start <= toks[0].start < b.end), None)
    if block is None or block.kind not in ("head", "argument"):
        return None
    dash = max((i for i, t in enumerate(toks) if t.word in _HEADLINE_DASHES), default=None)
    if dash is None or dash < 2 or dash >= len(toks) - 1:
        return None
    tail = [t for t in toks[dash + 1 :] if t.word not in (".",)]
    words = [t for t in tail if WORDLIKE.match(t.word)]
    if not words or len(words) > 6 or any(t.quoted for t in tail):
        return None
    if text[tail[-1].end : block.end].strip(" ."):
        return None  # the dash does not end the block
    src_span = Span(tail[0].start, tail[-1].end)
    m = resolver.mention_ending(tail[-1].end)
    if m is not None and m.start >= src_span.start:
        src: tuple[Span, str] = (Span(m.start, m.end), "name")
    else:
        last = words[-1].low
        if not (
            last in PERSON_NOUNS
            or last in ORG_NOUNS
            or last.rstrip("s") in PERSON_NOUNS
            or all(t.word[:1].isupper() for t in words)
        ):
            return None
        src = (src_span, "description")
    first = next(i for i, t in enumerate(toks) if WORDLIKE.match(t.word) or t.quoted)
    content = Span(toks[first].start, toks[dash - 1].end)
    return Attr(
        content,
        "indirect",
        Span(toks[dash].start, toks[dash].end),
        *src,
        method="headline",
        confidence=0.8,
    )


_DIGEST = re.compile(
    r"(?:Below|Here|Following)\s+(?:are|is)\s+(?P<who>[^.\n]{1,80}?)(?:['’]s|\s+(?:his|her|their))?"
    r"\s+(?:key|main|most\s+important|major|principal)?\s*"
    r"(?P<cue>statements|remarks|points|quotes|comments|theses|highlights|quotations)\b",
    re.IGNORECASE,
)


def digest(
    text: str,
    article: Article,
    sentences: Sequence[Span],
    resolver: Resolver,
    attrs: list[Attr],
) -> list[Attr]:
    """A digest of one speaker's statements: "Below are Jane Roe's key statements." makes every
    later run of sentences with no attribution of its own her statement (indirect, or mixed
    around a quotation), and a quotation with no cue there, or a first-person one ("I believe
    that ..."), hers rather than the last speaker's or the author's.

    Runs after speaker resolution (attributions whose source cannot speak are gone); sets the
    speaker itself. The speaker is the person named in the announcing sentence ("her"/"his":
    the person named last before it). Limits: the digest runs to the end of the article; a
    sentence of narration inside it is taken as a statement.
    """
    blocks = [b for b in article.blocks if b.kind == "p"]
    for n, b in enumerate(blocks):
        m = _DIGEST.search(text, b.start, b.end)
        if m is None:
            continue
        names = [x for x in resolver.mentions if x.kind == "person" and x.start < b.end and x.ref]
        inside = [x for x in names if m.start("who") <= x.start < m.end("who")]
        owner = inside[-1] if inside else (names[-1] if names else None)
        if owner is None:
            return []
        src = Span(owner.start, owner.end)
        cue = Span(m.start("cue"), m.end("cue"))
        for a in attrs:
            if a.source_kind == "continuation" and a.content.start >= b.end:
                a.source, a.source_kind, a.cue, a.speaker = src, "name", cue, owner.ref
                a.method, a.confidence = "digest", 0.5
            elif a.speaker == AUTHOR and a.content.start >= b.end:
                a.speaker = owner.ref  # "I believe that ..." in the digest is the speaker's
        out: list[Attr] = []
        for p in blocks[n + 1 :]:
            run: list[Span] = []
            for sent in [x for x in sentences if p.start <= x.start < p.end] + [None]:
                covered = sent is not None and any(
                    a.method != "digest" and a.content.overlaps(sent) for a in attrs
                )
                if sent is not None and not covered:
                    run.append(sent)
                    continue
                end = run[-1].end if run else 0
                while run and end > run[0].start and text[end - 1] in " \n":
                    end -= 1
                quoted = (
                    any(
                        a.kind == "direct"
                        and a.content.start <= run[0].start
                        and end <= a.content.end
                        for a in attrs
                    )
                    if run
                    else False
                )
                if run and not quoted:  # a run that is one quotation stays that quotation
                    out.append(
                        Attr(
                            Span(run[0].start, end),
                            "indirect",
                            cue,
                            src,
                            "name",
                            speaker=owner.ref,
                            method="digest",
                            confidence=0.5,
                        )
                    )
                run = []
        return out
    return []
