"""Document <-> plain data: the ``payload`` column, from which exports regenerate TEI.

:func:`document_to_data` is ``dataclasses.asdict``; :func:`document_from_data` rebuilds the
frozen records and ignores keys it does not know, so an index written by a version whose
records have more fields still reads.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from corpus.model import Article, Block, Document, Entity, Mark, Mention, Quotation, Span


def document_to_data(doc: Document) -> dict[str, Any]:
    return dataclasses.asdict(doc)


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _span(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else _build(Span, data)


def document_from_data(data: dict[str, Any]) -> Document:
    """Rebuild a Document from :func:`document_to_data` output (tolerant of added fields)."""
    art = dict(data["article"])
    art["blocks"] = tuple(_build(Block, b) for b in art.get("blocks", ()))
    quotations = []
    for q in data.get("quotations", ()):
        q = dict(q)
        q["cue"] = _span(q.get("cue"))
        q["mention"] = _span(q.get("mention"))
        quotations.append(_build(Quotation, q))
    return Document(
        article=_build(Article, art),
        sentences=tuple(_build(Span, s) for s in data.get("sentences", ())),
        entities=tuple(_build(Entity, e) for e in data.get("entities", ())),
        mentions=tuple(_build(Mention, m) for m in data.get("mentions", ())),
        quotations=tuple(quotations),
        marks=tuple(_build(Mark, m) for m in data.get("marks", ())),
    )
