"""Annotation: an Article in, a Document with standoff layers out.

`annotate(article)` runs sentences -> entities -> entity linking -> quotations and speakers ->
date normalisation. Every layer is a list of character spans on `article.text`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from corpus.model import Article, Document, Entity, Mention, Quotation, Span

__all__ = ["annotate", "annotate_many", "annotated_tei"]

_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z .'-]*?)(?:\s*/[^/]*/)?,\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2})"
    r"(?:\.?\s*/(?P<agency>[A-Za-z]+)/\.?|\s*\(?(?P<agency2>Reuters|AP|AFP)?\)?\s*-)?"
)


def _dateline_mentions(article: Article) -> list[Mention]:
    """Place, date and agency inside the dateline block, parsed by its regular shape."""
    out: list[Mention] = []
    for block in article.blocks:
        if block.kind != "dateline":
            continue
        m = _DATELINE.match(article.text, block.start, block.end)
        if not m:
            continue
        out.append(Mention(m.start("place"), m.end("place"), "place", "", method="dateline"))
        out.append(Mention(m.start("date"), m.end("date"), "date", "", method="dateline"))
        for g in ("agency", "agency2"):
            if m.group(g):
                out.append(Mention(m.start(g), m.end(g), "org", "", method="dateline"))
    return out


def annotated_tei(
    article: Article, annotator: Callable[[Article], Document] | None = None
) -> bytes:
    """The TEI file `corpus annotate` writes for ``article``: :func:`annotate`, then
    :func:`corpus.tei.write_tei`. The batch annotator writes these bytes and the evaluation
    scores them read back, so both go through this one function (``annotator`` replaces
    :func:`annotate`, for tests and experiments)."""
    from corpus.tei import write_tei

    return write_tei((annotator or annotate)(article))


def annotate(article: Article) -> Document:
    """Annotate one article: sentences, entities, quotations with speakers, marks, dates."""
    from corpus.annotate import dates
    from corpus.annotate.entities import find_entities, link_entities
    from corpus.annotate.entities.repairs import unglue_places
    from corpus.annotate.quotes import annotate_quotations
    from corpus.annotate.quotes.names import digest_reporters
    from corpus.annotate.sentences import sentences as split_sentences

    text = article.text
    sents = split_sentences(article)
    found = find_entities(text, sents)
    dl = _dateline_mentions(article)
    found = [m for m in found if not any(d.start < m.end and m.start < d.end for d in dl)] + dl
    found = unglue_places(text, found)
    entities, mentions = link_entities(text, found)
    quotations, extra, entities, marks = annotate_quotations(article, sents, mentions, entities)
    quotations = [q for q in (_trim(text, q) for q in quotations) if q is not None]
    quotations = digest_reporters(quotations)
    kinds = {e.id: e.kind for e in entities}
    extra = [dataclasses.replace(m, kind=kinds.get(m.ref, m.kind)) for m in extra]
    mentions = _merge(mentions, extra)

    # "February 12" + "on Saturday" fixes the year when the record gives none.
    date = article.date
    if date.startswith("--"):
        weekdays = [
            text[m.start : m.end]
            for m in mentions
            if m.kind == "date"
            and text[m.start : m.end].lower().lstrip("on ").strip() in dates.WEEKDAYS
        ]
        fixed = dates.infer_year(date, [w.split()[-1] for w in weekdays])
        if fixed:
            date = fixed
            article = dataclasses.replace(article, date=date)
    mentions = [
        dataclasses.replace(m, when=dates.normalise(text[m.start : m.end], date))
        if m.kind == "date"
        else m
        for m in mentions
    ]
    entities, mentions, quotations = _reserve_ids(article.doc_id, entities, mentions, quotations)
    return Document(
        article=article,
        sentences=tuple(sents),
        entities=tuple(sorted(entities, key=lambda e: (e.kind, e.id))),
        mentions=tuple(mentions),
        quotations=tuple(quotations),
        marks=tuple(marks),
    )


# xml:ids the TEI writer gives to other elements (document, application, taxonomies, quotations).
_RESERVED_IDS = frozenset({"corpus", "methods", "quote-kinds"})
_QUOTE_ID = re.compile(r"q\d+(?:-\d+)?")


def _reserve_ids(
    doc_id: str, entities: list[Entity], mentions: list[Mention], quotations: list[Quotation]
) -> tuple[list[Entity], list[Mention], list[Quotation]]:
    """Rename entity ids that would clash with another xml:id of the TEI document."""
    from corpus.annotate.ids import mint_entity_id

    taken = {e.id for e in entities}
    rename: dict[str, str] = {}
    for e in entities:
        if e.id == doc_id or e.id in _RESERVED_IDS or _QUOTE_ID.fullmatch(e.id):
            new = mint_entity_id(
                e.id, e.kind, clashes=lambda x, old=e.id: x in (old, doc_id) or x in taken
            )
            rename[e.id] = new
            taken.add(new)
    if not rename:
        return entities, mentions, quotations
    entities = [dataclasses.replace(e, id=rename.get(e.id, e.id)) for e in entities]
    mentions = [dataclasses.replace(m, ref=rename.get(m.ref, m.ref)) for m in mentions]
    quotations = [
        dataclasses.replace(
            q,
            speaker=rename.get(q.speaker, q.speaker),
            reported_by=rename.get(q.reported_by, q.reported_by),
        )
        for q in quotations
    ]
    return entities, mentions, quotations


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, q: Quotation) -> Quotation | None:
    """A quotation never starts or ends with whitespace (an unclosed quote running to the end of
    its block may pick up Unicode spaces there); the TEI writer relies on it."""
    start, end = _trim_span(text, q.start, q.end)
    if start >= end:
        return None
    parts = tuple(Span(*_trim_span(text, p.start, p.end)) for p in q.parts)
    if (start, end, parts) == (q.start, q.end, q.parts):
        return q
    return dataclasses.replace(q, start=start, end=end, parts=parts)


def _merge(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    taken = [Span(m.start, m.end) for m in mentions]
    places = {(m.start, m.end): m.ref for m in mentions if m.name and m.kind == "place"}
    out = list(mentions)
    for e in extra:
        span = Span(e.start, e.end)
        # A description may contain a name ("Kremlin aide" around "Kremlin"), never cross one.
        # A place speaking as an organisation ("Norway said") is an rs of the organisation
        # around the place name: the same span, another entity, nested (rs may hold a name).
        around = not e.name and e.kind == "org" and (e.start, e.end) in places
        around = around and sum(1 for t in taken if t == span) == 1
        if around or not any(
            (span.overlaps(t) and not span.contains(t)) or span == t for t in taken
        ):
            out.append(e)
            taken.append(span)
    # On one span the rs comes first, so the TEI writer opens it around the name.
    return sorted(out, key=lambda m: (m.start, -m.end, m.name))


def annotate_many(articles: Iterable[Article]) -> Iterator[Document]:
    for article in articles:
        yield annotate(article)
