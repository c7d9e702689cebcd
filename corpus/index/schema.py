"""The Whoosh schema and the Document-to-field mapping, declared once as data (:data:`FIELDS`).

What a search needs to *find* documents is indexed (text with positions and character offsets,
title, entity and speaker keywords, dates); what KWIC needs to *show* a hit lives in
per-document columns that are read only for matching documents:

- ``body``: the article text (UTF-8), so a KWIC line is a slice of the original text;
- ``info``: id, title, date, place, agency and the quotation structure, as plain tuples
  (see :mod:`corpus.index.records`);
- ``sents``: sentence boundaries (for ``--clip sentence``);
- ``payload``: the whole Document as plain data (entities, mention spans with refs, blocks, marks)
  so exports can regenerate TEI when the indexed TEI file is gone.

Columns are read per document without unpickling the rest (Whoosh stored fields load as one
pickled dict): on Reuters, reading the text of the 1,368 documents that contain "oil" takes
8 ms from a column against 17 ms from stored fields.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corpus.index.records import DocInfo, QuoteData, quote_data
from corpus.index.terms import (
    SPEAKER_KEY_FIELD,
    analyzer,
    clean_key,
    date_bounds,
    name_keys,
    speaker_terms,
)

if TYPE_CHECKING:
    from whoosh.fields import FieldType, Schema

    # not at run time: a query builds the schema but never a Document (start-up time)
    from corpus.model import Article, Document


@dataclass(frozen=True)
class Prepared:
    """A Document with the derived data several fields share, computed once."""

    doc: Document
    quotes: QuoteData
    content_hash: str
    source: str  # TEI file the document was read from ("" when built from records)
    stat: str = ""  # the file's stat signature when it was read (see corpus.index.writer)
    tei: bytes = b""  # the TEI file's bytes, zlib-compressed ("" when built from records)

    @property
    def article(self) -> Article:
        return self.doc.article


def _document_data(doc: Document) -> dict[str, Any]:
    from corpus.index.payload import document_to_data

    return document_to_data(doc)


def document_hash(doc: Document) -> str:
    """A content hash of a Document (its repr is deterministic: frozen dataclasses and tuples)."""
    return hashlib.sha256(repr(doc).encode("utf-8")).hexdigest()


def prepare(
    doc: Document, *, content_hash: str = "", source: str = "", stat: str = "", tei: bytes = b""
) -> Prepared:
    return Prepared(doc, quote_data(doc), content_hash or document_hash(doc), source, stat, tei)


# --- the schema, as data ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One index field: its name, how to make its Whoosh type, and how to fill it."""

    name: str
    make: Callable[[], FieldType]
    extract: Callable[[Prepared], Any]
    doc: str


def _keyword(names: bool = False) -> FieldType:
    """Comma-separated keys, lowercased; ``names``: hyphens read as spaces (see name_keys)."""
    from whoosh.analysis import CommaSeparatedTokenizer, LowercaseFilter, SubstitutionFilter
    from whoosh.fields import KEYWORD

    ana = CommaSeparatedTokenizer() | LowercaseFilter()
    if names:
        ana = ana | SubstitutionFilter("-", " ")
    return KEYWORD(analyzer=ana, scorable=True)


def _exact_keys() -> FieldType:
    """Comma-separated terms kept exactly as given (they hold spaces and colons)."""
    from whoosh.analysis import CommaSeparatedTokenizer
    from whoosh.fields import KEYWORD

    return KEYWORD(analyzer=CommaSeparatedTokenizer())


def _id(unique: bool = False, column: bool = False) -> FieldType:
    """An untokenized term; ``column``: also a per-document column (read by _existing)."""
    from whoosh.fields import ID

    return ID(unique=unique, sortable=column)


def _text(chars: bool = True) -> FieldType:
    """Analyzed words with positions; ``chars``: character offsets too (for KWIC)."""
    from whoosh.fields import TEXT

    field = TEXT(analyzer=analyzer(), phrase=True, chars=chars)
    field.multitoken_query = "phrase"  # "Putin's" and "Euro-Atlantic" parse as phrases
    return field


def _var_bytes() -> Any:
    from whoosh.columns import VarBytesColumn

    # Offsets written whatever the segment's size: Whoosh writes them only past 32,768
    # documents and otherwise rebuilds them from the lengths in a Python loop every time a
    # column is opened (~5 ms per column per query on 19,000 documents); stored, they cost
    # 4-8 bytes per document and are read as one array.
    return VarBytesColumn(write_offsets_cutoff=0)


def _bytes_column() -> FieldType:
    from whoosh.fields import COLUMN

    return COLUMN(_var_bytes())


def _pickle_column(compressed: bool = False) -> FieldType:
    from whoosh.columns import CompressedBytesColumn, PickleColumn
    from whoosh.fields import COLUMN

    inner = CompressedBytesColumn() if compressed else _var_bytes()
    return COLUMN(PickleColumn(inner))


def _keys(values: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(v for v in values if v))


def _entity_keys(p: Prepared, kind: str, extra: Iterable[str] = ()) -> str:
    keys: list[str] = []
    for ent in p.doc.entities:
        if ent.kind == kind:
            keys.extend(name_keys(ent.id, ent.name))
    for value in extra:
        keys.extend(name_keys("", value))
    return _keys(keys)


def _speaker_keys(p: Prepared, reporter: bool = False) -> str:
    keys: list[str] = []
    for row in p.quotes.rows:
        if reporter:
            ident, name, folded = row.reported_by, row.reported_by_name, ""
        else:
            ident, name, folded = row.speaker, row.speaker_name, row.speaker_key
        if ident or name:
            keys.extend(name_keys(ident, name))
        if folded:  # found without its diacritics and punctuation too (erdogan, oneill)
            keys.append(folded)
            keys.extend(w for w in folded.split() if len(w) > 1)
    return _keys(keys)


def _speaker_identity(p: Prepared) -> str:
    """The ``spkey`` terms: each speaker's kind and key (read back by ``speaker_map``)."""
    return _keys(
        t
        for r in p.quotes.rows
        if r.speaker_key
        for t in speaker_terms(r.speaker_class, r.speaker_key)
    )


def _cue_keys(p: Prepared) -> str:
    keys: list[str] = []
    for row in p.quotes.rows:
        if row.cue:
            keys.append(clean_key(row.cue))
            keys.extend(re.findall(r"\w+", row.cue.lower()))
    return _keys(keys)


def _date_bound(p: Prepared, which: int) -> str | None:
    bounds = date_bounds(p.article.date)
    return bounds[which] if bounds else None  # None: the field is left out


def info_value(p: Prepared) -> tuple[Any, ...]:
    """The ``info`` column: a :class:`DocInfo` stored as a plain tuple (read back with
    :func:`read_info`): unpickling named tuples or dataclasses costs several times more."""
    a = p.article
    q = p.quotes
    quotes = (tuple(tuple(r) for r in q.rows), q.seg_starts, q.seg_quote) if q.rows else ()
    return tuple(DocInfo(a.doc_id, a.title, a.date, a.place, a.agency, quotes))


def _sentences(p: Prepared) -> tuple[tuple[int, ...], tuple[int, ...]]:
    sents = sorted(p.doc.sentences, key=lambda s: (s.start, s.end))
    return tuple(s.start for s in sents), tuple(s.end for s in sents)  # plain ints


def _names() -> FieldType:
    return _keyword(names=True)


def _utf8(value: str) -> bytes:
    # a value for every document, even b"": Whoosh's multi-segment column reader fails on a
    # segment that lacks the column
    return value.encode("utf-8")


# Nothing is stored as a Whoosh stored field (they load as one pickled dict per document): what
# is read back lives in columns. Every indexed term costs writing time (a posting, and for a
# new term a posting list), so only what a query looks up is indexed.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "doc", lambda: _id(unique=True, column=True), lambda p: p.article.doc_id, "document id"
    ),
    FieldSpec("title", lambda: _text(chars=False), lambda p: p.article.title, "headline"),
    FieldSpec("date", _id, lambda p: p.article.date, "ISO date as given (may be partial)"),
    FieldSpec("date_lo", _id, lambda p: _date_bound(p, 0), "first day"),
    FieldSpec("date_hi", _id, lambda p: _date_bound(p, 1), "last day"),
    FieldSpec("dateline", _keyword, lambda p: p.article.place, "place"),
    FieldSpec("agency", _keyword, lambda p: p.article.agency, "agency"),
    FieldSpec("person", _names, lambda p: _entity_keys(p, "person"), "people: ids, names"),
    FieldSpec(
        "place",
        _names,
        lambda p: _entity_keys(p, "place", [p.article.place]),
        "places (and the dateline place): ids, names",
    ),
    FieldSpec("org", _names, lambda p: _entity_keys(p, "org"), "organisations: ids, names"),
    FieldSpec("speaker", _names, _speaker_keys, "speakers of quotations: ids, names"),
    FieldSpec(
        SPEAKER_KEY_FIELD,
        _exact_keys,
        _speaker_identity,
        "speakers' kind:key (corpus-level identity, see SpeakerMap)",
    ),
    FieldSpec(
        "sptype",
        _keyword,
        lambda p: _keys(r.speaker_type for r in p.quotes.rows),
        "speaker types of quotations (named, anonymous)",
    ),
    FieldSpec("reporter", _names, lambda p: _speaker_keys(p, True), "who reports a quotation"),
    FieldSpec("cue", _keyword, _cue_keys, "reporting verbs (as written, lowercased)"),
    FieldSpec("qkind", _keyword, lambda p: _keys(r.kind for r in p.quotes.rows), "quotation kinds"),
    FieldSpec("text", _text, lambda p: p.article.text, "article text: positions and chars"),
    FieldSpec("body", _bytes_column, lambda p: p.article.text.encode("utf-8"), "text (UTF-8)"),
    FieldSpec("info", _pickle_column, info_value, "doc id, title, date, place, agency, quotes"),
    FieldSpec("sents", _pickle_column, _sentences, "sentence starts and ends"),
    FieldSpec(
        "payload",
        lambda: _pickle_column(compressed=True),
        lambda p: {} if p.tei else _document_data(p.doc),  # {}: see _utf8
        "the Document as plain data, when built from Documents (for exports)",
    ),
    FieldSpec(
        "tei",
        _bytes_column,
        lambda p: p.tei,
        "the TEI file as indexed, zlib-compressed, when read from TEI (for exports)",
    ),
    FieldSpec("hash", _bytes_column, lambda p: _utf8(p.content_hash), "content hash"),
    FieldSpec("source", _bytes_column, lambda p: _utf8(p.source), "TEI file path"),
    FieldSpec("stat", _bytes_column, lambda p: _utf8(p.stat), "TEI file stat when read"),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)


def make_schema() -> Schema:
    from whoosh.fields import Schema

    return Schema(**{f.name: f.make() for f in FIELDS})


def document_record(prepared: Prepared | Document) -> dict[str, Any]:
    """The Whoosh field values of one document (the mapping applied)."""
    p = prepared if isinstance(prepared, Prepared) else prepare(prepared)
    record = {f.name: f.extract(p) for f in FIELDS}
    return {k: v for k, v in record.items() if v is not None}
