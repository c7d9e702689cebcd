"""Names around speakers: the person a source phrase names when the entity finder did not
mark her, words that look like names and are none, and how a speaker is shown.

- a name the finder missed at the end of a description ("chief executive of the Tenants'
  Union Mara Lind") or after a title before a relative "who" ("former Gov. Ann O'Hara, who");
- a person "of/from" a place or organisation speaks, not the place ("Ada Vos of Leiden");
- the one person named in the sentence of a quotation no cue introduces;
- title-case common words ("Veto Power Impedes Peace Efforts", "Image:") are no names;
- display names (the fullest form outside headlines, capitals re-cased) and the reporter of a
  quotation inside a digest of someone else's statements.

Limits: a missed name is two or three capitalised words; title case is judged by the same
words written in lower case elsewhere in the article, so a headline whose words never recur
passes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from corpus.annotate.ids import entity_id
from corpus.annotate.lexicon import ROLE_MODIFIERS, ROLE_NOUNS
from corpus.annotate.quotes.cues import DETERMINERS
from corpus.annotate.quotes.sources import Resolver
from corpus.model import Entity, Mention, Quotation, Span

__all__ = [
    "digest_reporters",
    "display_names",
    "missed_name",
    "named_beside",
    "person_of",
    "strip_span",
    "title_case_line",
    "title_case_words",
    "titled_name_before",
]

_CAPS_WORD = re.compile(r"[A-Z][\w&'’.-]*")


def named_beside(content: Span, sentences: Sequence[Span], resolver: Resolver) -> str:
    """The one person named in the sentence of a quotation no cue introduces, outside the
    quotation ('"We won," Jane Roe, a coach in Leiden, wrote on her blog.'): she is a
    likelier source than the previous paragraph's speaker. "" when none or several are."""
    sent = next((s for s in sentences if s.start <= content.start < s.end), None)
    if sent is None:
        return ""
    refs = {
        m.ref
        for m in resolver.mentions
        if m.kind == "person"
        and m.name
        and m.ref
        and sent.start <= m.start < sent.end
        and not content.start <= m.start < content.end
    }
    return refs.pop() if len(refs) == 1 else ""


def strip_span(text: str, span: Span) -> Span:
    """The span without surrounding spaces and a final period."""
    start, end = span.start, span.end
    while end > start and text[end - 1] in " .\n":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return Span(start, end)


_PERSON_OF = re.compile(r",?\s+(?:of|from)\s+[^.;:!?\"“”()\n]{0,80}$")


def person_of(text: str, m: Mention, resolver: Resolver) -> str:
    """The person a place or organisation name belongs to when it only says where she is
    from ("Ada Vos of Leiden, South Holland says", "Jan Roe of the Church of Utrecht
    told"): the person speaks, not the place."""
    before = [
        p
        for p in resolver.mentions
        if p.kind == "person" and p.name and p.ref and p.end <= m.start and m.start - p.end <= 80
    ]
    if not before:
        return ""
    p = before[-1]
    if _PERSON_OF.match(text[p.end : m.start] + " ") is None:
        return ""
    return p.ref


_TITLED_NAME = re.compile(
    r"\b(?P<title>[A-Z][a-z]+\.?|[a-z]+)\s+(?P<name>(?:[A-Z][\w'’-]+\s+|[A-Z]\.\s+){1,2}[A-Z][\w'’-]+)"
    r"\s*,?\s*$"
)
_TITLE_ABBREVIATIONS = frozenset("gov sen rep dr mr mrs ms prof gen col lt sgt rev".split())


def titled_name_before(
    text: str, start: int, end: int, ents: dict[str, Entity], extra: list[Mention]
) -> str:
    """A name the entity finder missed right before a relative "who", after a title ("former
    Gov. Ann O'Hara, who", "the economist Lars Berg who"): that person, with a mention."""
    m = _TITLED_NAME.search(text, max(start, end - 80), end)
    if m is None:
        return ""
    title = m.group("title").lower().rstrip(".")
    if title not in _TITLE_ABBREVIATIONS and title not in ROLE_NOUNS:
        return ""
    name = m.group("name")
    ident = entity_id(name, "person", ents)
    ents.setdefault(ident, Entity(ident, "person", name))
    extra.append(
        Mention(m.start("name"), m.end("name"), "person", ident, method="rule", confidence=0.6)
    )
    return ident


_TITLE_SMALL_WORDS = frozenset("On In Of For To At With And Or Is Are Was Were Be Up Off".split())


def title_case_words(text: str, words: Sequence[str]) -> bool:
    """A capitalised phrase of common words (a subheading "Veto Power Impedes Peace Efforts",
    "The Gap Goes On"): at least half of its words stand in lower case elsewhere in the
    article, which a name's words do not."""
    if len(words) == 1:
        # One capitalised common word ("Image:", "Water said"): it stands in lower case too.
        w = words[0]
        return w[:1].isupper() and not w.isupper() and re.search(
            r"\b" + re.escape(w.lower()) + r"\b", text
        ) is not None
    if any(w in _TITLE_SMALL_WORDS for w in words[1:]):
        return True  # "The Gap Goes On", "Success On Trade": a name writes them in lower case
    common = sum(
        1
        for w in words
        if w.lower() != w and re.search(r"\b" + re.escape(w.lower()) + r"\b", text) is not None
    )
    return 2 * common >= len(words)


_POST_NOMINALS = frozenset("MP MPs MEP MSP AM MLA QC KC Jr Sr".split())


def missed_name(
    text: str, span: Span, resolver: Resolver, ents: dict[str, Entity], extra: list[Mention]
) -> str:
    """A person description ending in a name the entity finder missed ("chief executive of
    the Tenants' Union Mara Lind", "Governor of Utah Sam Ortiz"): the capitalised words after
    the title, or after the organisation or place named inside it, are the person, who gets an
    entity (the title as role) and a mention. Two or three words after a name inside the
    phrase; exactly two when nothing inside is named (a longer run may still hold an
    organisation's words)."""
    words = list(_CAPS_WORD.finditer(text, span.start, span.end))
    post = ""
    if len(words) > 2 and words[-1].end() == span.end and words[-1].group() in _POST_NOMINALS:
        # "Andrew Tyrie MP", "Ann Vos QC": the letters after the name say who she is.
        post = words[-1].group()
        words = words[:-1]
        span = Span(span.start, words[-1].end())
    run: list[re.Match[str]] = []
    for w in reversed(words):
        low = w.group().lower()
        if (
            run and w.end() + 1 < run[0].start()
        ) or low in ROLE_NOUNS or low in ROLE_MODIFIERS or low in DETERMINERS:
            break
        run.insert(0, w)
    if not run or run[-1].end() != span.end:
        return ""
    inside = [
        m
        for m in resolver.mentions
        if m.name and span.start <= m.start and m.end < span.end and m.end > run[0].start()
    ]
    if inside:
        run = [w for w in run if w.start() >= inside[-1].end]
        if not 2 <= len(run) <= 3:
            return ""
    elif len(run) != 2:
        return ""
    start, end = run[0].start(), run[-1].end()
    title = text[span.start : start].strip(" ,") or post
    if not post and not any(w.lower().strip(",") in ROLE_NOUNS for w in title.split()):
        return ""
    name = text[start:end]
    ident = entity_id(name, "person", ents)
    ents.setdefault(ident, Entity(ident, "person", name, title))
    extra.append(Mention(start, end, "person", ident, method="rule", confidence=0.6))
    return ident


def digest_reporters(quotations: Sequence[Quotation]) -> list[Quotation]:
    """In a digest of one speaker's statements ("Below are Jane Roe's key statements"), a
    quotation of someone else is one she reports: "Back then, the mayor suggested ..." in her
    list is the mayor's words passed on by her. The digest's statements share the announcing
    cue; it runs from that cue to the end of the article (layout.digest's own limit). A
    quotation that has a reporter already keeps it.

    Runs on the finished quotations, after the layout rules made the digest."""
    owners = {
        (q.cue.start, q.cue.end): q.speaker
        for q in quotations
        if q.method == "digest" and q.cue is not None and q.speaker
    }
    if not owners:
        return list(quotations)
    start, owner = min(owners.items())
    out: list[Quotation] = []
    for q in quotations:
        if (
            q.method != "digest"
            and q.speaker
            and q.speaker != owner
            and not q.reported_by
            and q.cue is not None
            and q.cue.start >= start[1]
        ):
            q = dataclasses.replace(q, reported_by=owner)
        out.append(q)
    return out


def display_names(text: str, mentions: Sequence[Mention], ents: dict[str, Entity]) -> None:
    """Each person's display name: the fullest form of the name in the document, an
    all-capitals form ("SUBROTO", a wire headline) re-cased ("Subroto"). A form found in a
    title-case line (a headline "Roe Hid Past Health Problems" read as "Roe Hid Past Health")
    counts only when the name stands nowhere else."""
    forms: dict[str, list[str]] = {}
    body: dict[str, list[str]] = {}
    for m in mentions:
        if m.kind == "person" and m.name and m.ref in ents:
            form = " ".join(text[m.start : m.end].split())
            forms.setdefault(m.ref, []).append(form)
            if not title_case_line(text, m.start):
                body.setdefault(m.ref, []).append(form)
    for ref, names in forms.items():
        e = ents[ref]
        if e.kind != "person":
            continue
        pool = body.get(ref) or [*names, e.name]
        if re.match(r"(?:Mr|Mrs|Ms|Miss|Sir|Madam)\.? ", e.name):
            pool = [*pool, e.name]  # "Mr. Obama", kept apart from "Michelle Obama" by linking
        best = max(pool, key=lambda n: (len(n.split()), not n.isupper(), len(n)))
        if best.isupper():
            best = " ".join(_recase(w) for w in best.split())
        if best != e.name:
            ents[ref] = dataclasses.replace(e, name=best)


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a title-case headline: four or more words, nearly
    all capitalised (small words aside)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = [w for w in text[start : end if end >= 0 else len(text)].split() if len(w) > 3]
    caps = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 4 and caps >= 0.8 * len(words)


def _recase(word: str) -> str:
    """ "SUBROTO" -> "Subroto", "O'NEILL" -> "O'Neill", "MCDONALD" stays simple: "Mcdonald"."""
    return re.sub(r"[A-Z]+", lambda m: m.group()[0] + m.group()[1:].lower(), word)
