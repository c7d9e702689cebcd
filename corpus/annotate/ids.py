"""Entity ids: the readable slug of a name, and the one way to mint a unique id in a document.

An entity id is the slug of its name (:func:`entity_slug`: ``Sergei Lavrov`` ->
``sergei-lavrov``, at most 60 characters, starting with a letter). When that id is taken by an
entity it must not be merged with (another kind: the person "Jordan" and the place "Jordan"; an
xml:id the TEI writer uses), :func:`mint_entity_id` gives ``<base>-<kind>``, then
``<base>-<kind>-2``, ... Entity linking, the speaker rules and the TEI id reservation all mint
ids through it, so the same clash gets the same id wherever it is found.

Limits: ids are unique within one document only; two entities with the same slug and kind are
taken to be one (as linking intends).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from corpus.ingest.ids import slugify
from corpus.model import Entity

ENTITY_ID_LENGTH = 60


def entity_slug(name: str) -> str:
    """A readable id: lowercase ASCII words joined by hyphens, starting with a letter.

    An ASCII apostrophe separates words (``O'Brien`` -> ``o-brien``), unlike document ids, so
    ids written by earlier versions stay the same.
    """
    s = slugify(name, drop_apostrophes=False, limit=ENTITY_ID_LENGTH)
    if not s or not s[0].isalpha():
        s = "e-" + s if s else "e"
    return s


def mint_entity_id(
    base: str,
    kind: str,
    entities: Mapping[str, Entity] | None = None,
    *,
    clashes: Callable[[str], bool] | None = None,
    suffix: str = "",
) -> str:
    """``base``, or ``base-<suffix or kind>`` (then ``-2``, ``-3``, ...) when ``base`` clashes.

    By default an id clashes when ``entities`` holds it for another kind of entity;
    ``clashes`` replaces that test (for example: also when the holder is a named speaker and
    the new one anonymous, or when the TEI writer uses the id).
    """
    held = entities if entities is not None else {}

    def other_kind(ident: str) -> bool:
        return ident in held and held[ident].kind != kind

    clash = clashes or other_kind
    if not clash(base):
        return base
    tail = suffix or kind
    ident, n = f"{base}-{tail}", 2
    while clash(ident):
        ident, n = f"{base}-{tail}-{n}", n + 1
    return ident


def entity_id(name: str, kind: str, entities: Mapping[str, Entity]) -> str:
    """The id of the entity of ``entities`` named exactly ``name``, else a new one minted from
    the name's slug (for names the speaker rules find that the entity finder missed)."""
    same = next((e.id for e in entities.values() if e.name == name), "")
    return mint_entity_id(same or entity_slug(name), kind, entities)
