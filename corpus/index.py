"""The Whoosh index: one schema and one Document-to-field mapping, declared once as data.

One Whoosh document per article. What a search needs to *find* documents is indexed (text with
positions and character offsets, title, entity and speaker keywords, dates); what KWIC needs to
*show* a hit lives in per-document columns that are read only for matching documents:

- ``body``: the article text (UTF-8), so a KWIC line is a slice of the original text;
- ``info``: id, title, date, place, agency and the quotation structure, as plain tuples
  (see :class:`QuoteRow`), with a flat segmentation of the text into "innermost quotation"
  intervals so a hit's quotation is found by one binary search;
- ``sents``: sentence boundaries (for ``--clip sentence``);
- ``payload``: the whole Document as plain data (entities, mention spans with refs, blocks, marks)
  so exports can regenerate TEI when the indexed TEI file is gone.

Columns are read per document without unpickling the rest (Whoosh stored fields load as one
pickled dict): on Reuters, reading the text of the 1,368 documents that contain "oil" takes
8 ms from a column against 17 ms from stored fields. Segments are written as separate files
(``compound=False``): Whoosh copies a compound segment's column data into memory each time a
column reader opens it (60 ms per query on Reuters).

Why a record per article with stored quotation spans, not a record per quotation segment:
measured on Reuters-21578 (19,043 articles) with synthetic quotations (every "X said"
sentence an indirect quotation, quoted strings direct), listing every hit of ``oil`` (4,228):

    filter            per article (this)   per segment (prototype)
    none                    39 ms                 65 ms
    --in quote              42 ms                 13 ms
    --in narration          30 ms                 30 ms
    --direct                 6 ms                  3 ms
    --speaker X              4 ms                  2 ms

Filters cost little either way (a document prefilter on the ``speaker``/``qkind``/``cue``
keywords, then one binary search per hit), while the unfiltered listing, ranking whole
documents and phrases that cross a quotation boundary all favour one record per article; the
segment design also needs offset-shifted analysis and a join back to the article text.

Indexing is incremental: each document carries a content hash (of its TEI bytes, or of the
Document when built from records); unchanged documents are skipped, changed ones replaced and
ones whose TEI file has gone removed. Whoosh commits are atomic (a new TOC file replaces the
old one), so a writer killed at any point leaves the previous commit readable; a second writer
is refused with :class:`IndexLocked`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from corpus import settings
from corpus.errors import CorpusError, IndexLocked, IndexMissing
from corpus.model import (
    Article,
    Block,
    Document,
    Entity,
    Mark,
    Mention,
    Quotation,
    Span,
)

if TYPE_CHECKING:
    from whoosh.fields import FieldType, Schema
    from whoosh.index import Index
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

SCHEMA_VERSION = 2
META_FILE = "corpus-index.json"
LOCK_FILE = "corpus.lock"
INDEX_NAME = "MAIN"

# Tokens of the text field: word characters, with inner dots kept (U.S., 3.5). No stop words, no
# stemming: a concordancer must find "the" and tell "said" from "says".
TOKEN_PATTERN = r"\w+(\.?\w+)*"


# --- records stored per document -------------------------------------------------------------


class QuoteRow(NamedTuple):
    """One quotation as stored in the ``info`` column (a plain tuple on disk)."""

    start: int
    end: int
    speaker: str  # entity id, "" when unknown
    speaker_name: str
    kind: str  # direct | mixed | indirect
    cue: str  # the cue text as it stands ("pointed out"), "" when none
    reported_by: str
    reported_by_name: str
    parent: int  # index of the innermost enclosing quotation, -1 when none


@dataclass(frozen=True)
class QuoteData:
    """Quotation rows and a segmentation of the text (from the ``info`` column).

    ``seg_starts[i]`` opens an interval that runs to ``seg_starts[i + 1]`` (or the end of the text)
    whose innermost quotation is ``seg_quote[i]`` (-1: narration).
    """

    rows: tuple[QuoteRow, ...] = ()
    seg_starts: tuple[int, ...] = ()
    seg_quote: tuple[int, ...] = ()


@dataclass(frozen=True)
class IndexReport:
    """What an indexing run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    total: int = 0
    seconds: float = 0.0
    problems: tuple[str, ...] = ()  # TEI files that could not be read, duplicate ids
    path: Path | None = None  # the index folder


# --- analysis helpers ------------------------------------------------------------------------


def analyzer() -> Any:
    """The analyzer of the ``text`` and ``title`` fields (also used to parse queries)."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


def _clean_key(value: str) -> str:
    return " ".join(value.replace(",", " ").lower().split())


def name_key(value: str) -> str:
    """A name or id as looked up: lowercased, hyphens and commas read as spaces.

    ``vladimir-putin`` (an id) and ``Vladimir Putin`` (its name) give one key, so an entity
    whose id is its name's slug costs one indexed term, not two.
    """
    return _clean_key(value.replace("-", " "))


def name_keys(ident: str, name: str) -> list[str]:
    """Lowercased keys an entity is found by: id and full name (as :func:`name_key`), and the
    words of the name and of the id."""
    keys: list[str] = []
    for value in (ident, name):
        key = name_key(value)
        if key:
            keys.append(key)
    for value in (name, ident.replace("-", " ")):
        keys.extend(w for w in re.findall(r"\w+", value.lower()) if len(w) > 1)
    seen: dict[str, None] = dict.fromkeys(keys)
    return list(seen)


def date_bounds(date: str) -> tuple[str, str] | None:
    """The first and last day an ISO (possibly partial) date can mean, as YYYY-MM-DD strings.

    ``2022`` -> (2022-01-01, 2022-12-31); ``2022-02`` -> (2022-02-01, 2022-02-31) (string bounds,
    day 31 is fine for comparison); a date with a time keeps its day; dates without a year
    (``--02-12``) have no bounds.
    """
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month is None:
        return f"{year}-01-01", f"{year}-12-31"
    if day is None:
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-{month}-{day}", f"{year}-{month}-{day}"


# --- prepared document: what the extractors read --------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A Document with the derived data several fields share, computed once."""

    doc: Document
    quotes: QuoteData
    content_hash: str
    source: str  # TEI file the document was read from ("" when built from records)
    stat: str = ""  # the file's stat signature when it was read (see _stat_signature)
    tei: bytes = b""  # the TEI file's bytes, zlib-compressed ("" when built from records)

    @property
    def article(self) -> Article:
        return self.doc.article


def _entity_name(doc: Document, ref: str) -> str:
    ent = doc.entity(ref) if ref else None
    return ent.name if ent is not None else ref


def quote_data(doc: Document) -> QuoteData:
    """Quotation rows sorted by position, and the innermost-quotation segmentation of the text."""
    text = doc.article.text
    quotes = sorted(doc.quotations, key=lambda q: (q.start, -q.end))
    if not quotes:
        return QuoteData()
    parents: list[int] = []
    for i, q in enumerate(quotes):
        parent = -1
        for j in range(i - 1, -1, -1):  # innermost earlier quotation containing this one
            o = quotes[j]
            if o.start <= q.start and q.end <= o.end:
                parent = j
                break
        parents.append(parent)
    rows = tuple(
        QuoteRow(
            q.start,
            q.end,
            q.speaker,
            _entity_name(doc, q.speaker),
            q.kind,
            text[q.cue.start : q.cue.end] if q.cue is not None else "",
            q.reported_by,
            _entity_name(doc, q.reported_by),
            parents[i],
        )
        for i, q in enumerate(quotes)
    )
    # An interrupted quotation covers only its parts: the attribution between is narration.
    segments = [q.segments() for q in quotes]
    edges = {p for segs in segments for g in segs for p in (g.start, g.end)}
    points = sorted({0, len(text)} | edges)
    seg_starts: list[int] = []
    seg_quote: list[int] = []
    for a in points:
        inner = -1
        for i, q in enumerate(quotes):
            if any(g.start <= a < g.end for g in segments[i]) and (
                inner < 0 or q.start > quotes[inner].start or q.end < quotes[inner].end
            ):
                inner = i
        if seg_quote and seg_quote[-1] == inner:
            continue
        seg_starts.append(a)
        seg_quote.append(inner)
    return QuoteData(rows, tuple(seg_starts), tuple(seg_quote))


def document_hash(doc: Document) -> str:
    """A content hash of a Document (its repr is deterministic: frozen dataclasses and tuples)."""
    return hashlib.sha256(repr(doc).encode("utf-8")).hexdigest()


def prepare(
    doc: Document, *, content_hash: str = "", source: str = "", stat: str = "", tei: bytes = b""
) -> Prepared:
    return Prepared(doc, quote_data(doc), content_hash or document_hash(doc), source, stat, tei)


# --- Document <-> plain data (the payload column) --------------------------------------------


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


def _bytes_column() -> FieldType:
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import COLUMN

    return COLUMN(VarBytesColumn())


def _pickle_column(compressed: bool = False) -> FieldType:
    from whoosh.columns import CompressedBytesColumn, PickleColumn, VarBytesColumn
    from whoosh.fields import COLUMN

    inner = CompressedBytesColumn() if compressed else VarBytesColumn()
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
        ident, name = (
            (row.reported_by, row.reported_by_name)
            if reporter
            else (
                row.speaker,
                row.speaker_name,
            )
        )
        if ident or name:
            keys.extend(name_keys(ident, name))
    return _keys(keys)


def _cue_keys(p: Prepared) -> str:
    keys: list[str] = []
    for row in p.quotes.rows:
        if row.cue:
            keys.append(_clean_key(row.cue))
            keys.extend(re.findall(r"\w+", row.cue.lower()))
    return _keys(keys)


def _date_bound(p: Prepared, which: int) -> str | None:
    bounds = date_bounds(p.article.date)
    return bounds[which] if bounds else None  # None: the field is left out


def info_value(p: Prepared) -> tuple[Any, ...]:
    """The ``info`` column: what a result line shows, and the quotation structure.

    Plain tuples only (unpickling dataclasses costs several times more): (doc id, title, date,
    place, agency, quotes) where quotes is () or (rows, seg_starts, seg_quote).
    """
    a = p.article
    q = p.quotes
    quotes = (tuple(tuple(r) for r in q.rows), q.seg_starts, q.seg_quote) if q.rows else ()
    return (a.doc_id, a.title, a.date, a.place, a.agency, quotes)


EMPTY_QUOTES = QuoteData()


def quotes_from_info(value: tuple[Any, ...]) -> QuoteData:
    if not value:
        return EMPTY_QUOTES
    rows, starts, quote = value
    return QuoteData(tuple(QuoteRow._make(r) for r in rows), starts, quote)


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
        lambda p: {} if p.tei else document_to_data(p.doc),  # {}: see _utf8
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


# --- locating and opening --------------------------------------------------------------------


def resolve_index(name_or_path: str | os.PathLike[str] | None) -> Path:
    """A bare name -> ``settings.INDEXES_DIR / name``; a value with a path separator -> a path."""
    if name_or_path is None or str(name_or_path) == "":
        return settings.INDEXES_DIR / settings.DEFAULT_INDEX
    value = os.fspath(name_or_path)
    if isinstance(name_or_path, Path) or "/" in value or os.sep in value or value in (".", ".."):
        return Path(value)
    return settings.INDEXES_DIR / value


def _label(path: Path) -> str:
    """How to name the index in advice: its bare name when it lives in INDEXES_DIR."""
    try:
        if path.resolve().parent == settings.INDEXES_DIR.resolve():
            return path.name
    except OSError:
        pass
    return str(path)


class CorpusIndex:
    """An open index: the Whoosh index, its folder and its metadata."""

    def __init__(self, path: Path, ix: Index, meta: dict[str, Any]) -> None:
        self.path = path
        self.ix = ix
        self.meta = meta

    @property
    def tei_dir(self) -> Path | None:
        value = self.meta.get("tei_dir")
        return Path(value) if value else None

    def searcher(self) -> Searcher:
        return self.ix.searcher()

    def doc_count(self) -> int:
        return self.ix.doc_count()

    def __repr__(self) -> str:
        return f"CorpusIndex({str(self.path)!r})"


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IndexMissing(f"index {path} has an unreadable {META_FILE}: {exc}") from exc


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    atomic_write_bytes(path / META_FILE, (json.dumps(meta, indent=1) + "\n").encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically: a temporary file in the same folder, then os.replace."""
    from corpus.fsutil import atomic_write

    atomic_write(Path(path), data)


def open_index(index: str | os.PathLike[str] | CorpusIndex | None) -> CorpusIndex:
    """Open an existing index; :class:`IndexMissing` (with what to run) when there is none."""
    if isinstance(index, CorpusIndex):
        return index
    from whoosh import index as windex
    from whoosh.index import EmptyIndexError

    path = resolve_index(index)
    advice = f"build it with `corpus index TEI_DIR --index {_label(path)}`"
    if not path.is_dir():
        raise IndexMissing(f"no index at {path}; {advice}")
    meta = _read_meta(path)
    try:
        ix = windex.open_dir(str(path), indexname=INDEX_NAME)
    except (EmptyIndexError, FileNotFoundError) as exc:
        raise IndexMissing(f"no index at {path}; {advice}") from exc
    if meta is None or meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissing(
            f"{path} is not an index of this version of corpus; rebuild it with "
            f"`corpus index TEI_DIR --index {_label(path)} --rebuild`"
        )
    return CorpusIndex(path, ix, meta)


# --- writer lock -----------------------------------------------------------------------------


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the index's writer lock (an flock, released by the OS if the holder dies)."""
    import fcntl

    path.mkdir(parents=True, exist_ok=True)
    lockfile = path / LOCK_FILE
    fd = os.open(lockfile, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                info = json.loads(os.pread(fd, 4096, 0) or b"{}")
            except ValueError:
                info = {}
            pid = info.get("pid", "?")
            started = info.get("started", "?")
            raise IndexLocked(
                f"index {path} is locked by pid {pid} (started {started}); "
                f"wait or remove {lockfile} if that process is gone"
            ) from None
        info = {"pid": os.getpid(), "started": datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- building --------------------------------------------------------------------------------


class _Existing(NamedTuple):
    doc: str
    hash: str
    source: str
    stat: str = ""


def _existing(reader: IndexReader) -> dict[str, _Existing]:
    """doc id -> (hash, source, stat) of the live documents, read from columns."""
    docs = reader.column_reader("doc")
    hashes = reader.column_reader("hash")
    sources = reader.column_reader("source")
    stats = reader.column_reader("stat")
    out: dict[str, _Existing] = {}
    for n in reader.all_doc_ids():
        doc_id = _col_str(docs[n])
        out[doc_id] = _Existing(
            doc_id, _col_str(hashes[n]), _col_str(sources[n]), _col_str(stats[n])
        )
    return out


def _col_str(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def _codec() -> Any:
    """Whoosh's codec without zlib on posting blocks: compressing each block was about a fifth
    of the writing time on Reuters, for an index about a third larger (reading gets no slower).
    """
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)


def _open_for_writing(path: Path, rebuild: bool) -> tuple[Index, bool]:
    """Open (or create) the Whoosh index at ``path``; True when it was just created."""
    from whoosh import index as windex

    meta = _read_meta(path) if path.is_dir() else None
    exists = path.is_dir() and windex.exists_in(str(path), indexname=INDEX_NAME)
    if exists and meta is not None and meta.get("schema_version") == SCHEMA_VERSION:
        return windex.open_dir(str(path), indexname=INDEX_NAME), False
    if exists and not rebuild:
        raise IndexMissing(
            f"{path} is not an index of this version of corpus; rebuild it with "
            f"`corpus index TEI_DIR --index {_label(path)} --rebuild`"
        )
    path.mkdir(parents=True, exist_ok=True)
    _write_meta(path, {"schema_version": SCHEMA_VERSION, "tool_version": settings.TOOL_VERSION})
    return windex.create_in(str(path), make_schema(), indexname=INDEX_NAME), True


@dataclass(frozen=True)
class _Item:
    """One document to index, as the writer loop takes it.

    ``load`` builds the Document (called only when the hash is new); ``ready`` is the
    (doc id, field values) a worker process already made; ``error`` a reason it could not.
    An item with neither has the hash already indexed for its source.
    """

    source: str
    digest: str
    load: Callable[[], Document] | None = None
    stat: str = ""
    ready: tuple[str, dict[str, Any]] | None = None
    error: str = ""


def _write(
    path: Path,
    items: Callable[[dict[str, _Existing]], Iterable[_Item]],
    *,
    rebuild: bool,
    prune: bool,
    tei_dir: Path | None,
    problems: list[str],
) -> IndexReport:
    """Shared body of build_index and index_tei_dir; the caller holds the writer lock.

    ``items`` is called with the indexed documents by source, and yields what to index.
    Incremental: documents whose hash (and source) are unchanged are skipped. ``rebuild``
    writes every document into a new segment and drops the old ones in the same commit
    (Whoosh's CLEAR merge), so the previous commit stays readable until then.
    """
    from whoosh.writing import CLEAR

    t0 = time.perf_counter()
    ix, created = _open_for_writing(path, rebuild)
    existing: dict[str, _Existing] = {}
    if not created:
        with ix.reader() as reader:
            existing = _existing(reader)
    clear = rebuild and not created
    current = {} if clear else existing
    by_source = {e.source: e for e in current.values() if e.source}
    added = updated = unchanged = removed = 0
    seen: dict[str, str] = {}  # doc id -> where it came from in this run
    # limitmb: Whoosh's postings pool spills sorted runs to disk past it and merges them at the
    # commit; 512 holds Reuters (19,043 documents) without a spill: 27% faster than 256, for
    # about 600 MB peak instead of 400
    writer = ix.writer(limitmb=512, compound=False, codec=_codec())
    try:
        for item in items(by_source):
            source = item.source
            old = by_source.get(source)
            if item.error:
                problems.append(f"{source or '?'}: {item.error}")
                if old is not None:  # keep the last good version rather than lose it
                    seen.setdefault(old.doc, source)
                continue
            if old is not None and old.hash == item.digest and old.doc not in seen:
                seen[old.doc] = source
                unchanged += 1
                continue
            if item.ready is not None:
                doc_id, record = item.ready
                where = source or doc_id
            elif item.load is None:  # the same bytes as a document indexed in this run
                assert old is not None
                problems.append(
                    f"{source}: duplicate document id {old.doc!r} (also in {seen[old.doc]}); "
                    "skipped"
                )
                continue
            else:
                try:
                    doc = item.load()
                except CorpusError as exc:
                    problems.append(f"{source or '?'}: {exc}")
                    if old is not None:
                        seen.setdefault(old.doc, source)
                    continue
                p = prepare(doc, content_hash=item.digest, source=source, stat=item.stat)
                doc_id = doc.article.doc_id
                where = source or doc.article.source or doc_id
                record = document_record(p)
            if doc_id in seen:
                problems.append(
                    f"{where}: duplicate document id {doc_id!r} (also in {seen[doc_id]}); skipped"
                )
                continue
            seen[doc_id] = where
            prev = current.get(doc_id)
            if prev is not None and prev.hash == item.digest and prev.source == source:
                unchanged += 1
                continue
            if prev is None:
                writer.add_document(**record)
                added += 1
            else:
                writer.update_document(**record)
                updated += 1
        if clear:
            removed = sum(1 for doc_id in existing if doc_id not in seen)
        elif prune:
            for doc_id in existing:
                if doc_id not in seen:
                    writer.delete_by_term("doc", doc_id)
                    removed += 1
    except BaseException:
        writer.cancel()
        raise
    if clear:
        writer.commit(mergetype=CLEAR)
    elif added or updated or removed:
        writer.commit()
    else:
        writer.cancel()
    meta = _read_meta(path) or {}
    meta.update(schema_version=SCHEMA_VERSION, tool_version=settings.TOOL_VERSION)
    if tei_dir is not None:
        meta["tei_dir"] = str(tei_dir)
    meta["updated"] = datetime.now().isoformat(timespec="seconds")
    _write_meta(path, meta)
    return IndexReport(
        added=added,
        updated=updated,
        removed=removed,
        unchanged=unchanged,
        total=ix.doc_count(),
        seconds=round(time.perf_counter() - t0, 3),
        problems=tuple(problems),
        path=path,
    )


def build_index(
    documents: Iterable[Document],
    index: str | os.PathLike[str] | None,
    *,
    rebuild: bool = False,
    prune: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> IndexReport:
    """Index Documents (one Whoosh document each), incrementally by content hash.

    Unchanged documents are skipped and changed ones replaced; with ``prune`` the indexed
    documents missing from ``documents`` are removed; ``rebuild`` starts afresh (atomically:
    the previous commit stays readable until the new one is written). ``progress(done,
    total)`` is called after each document (total: None unless ``documents`` has a length).
    """
    path = resolve_index(index)
    total = len(documents) if isinstance(documents, Sized) else None

    def items(_: dict[str, _Existing]) -> Iterator[_Item]:
        for done, doc in enumerate(documents, 1):
            yield _Item("", document_hash(doc), lambda doc=doc: doc)
            if progress is not None:
                progress(done, total)

    with writer_lock(path):
        return _write(path, items, rebuild=rebuild, prune=prune, tei_dir=None, problems=[])


def tei_files(tei_dir: Path) -> list[Path]:
    """The TEI files of a folder (recursively), hidden files and folders excluded."""
    return sorted(
        p
        for p in tei_dir.rglob("*.xml")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(tei_dir).parts)
    )


# A file modified this recently may change again within the same timestamp tick without its
# stat changing: its signature is not recorded, so the next run reads and hashes it.
RACY_NS = 2_000_000_000


def _stat_signature(st: os.stat_result, now_ns: int) -> str:
    """mtime, ctime, size and inode of a file: while they stay the same, the bytes are taken
    to be the same (as make and git do); "" for a file too recently modified to trust them."""
    if now_ns - st.st_mtime_ns < RACY_NS:
        return ""
    return f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}:{st.st_ino}"


# (TEI path, hash indexed for it or "", its stat signature)
_Task = tuple[str, str, str]
# per task: ("same", digest) | ("error", message) | ("doc", digest, _Item.ready)
_Result = tuple[Any, ...]


def _tei_error(path: str, data: bytes, exc: CorpusError) -> str:
    """The message of a TEI file that does not read (with the file's name in it)."""
    from corpus.tei import read_tei

    try:
        read_tei(Path(path))
    except CorpusError as again:
        return str(again)
    except OSError as again:
        return again.strerror or str(again)
    return str(exc)


def _read_tasks(tasks: list[_Task]) -> list[_Result]:
    """Read, hash and (when the hash is new) parse TEI files and make their field values."""
    from corpus.tei import read_tei

    out: list[_Result] = []
    for path, old_hash, stat in tasks:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            out.append(("error", exc.strerror or str(exc)))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest == old_hash:
            out.append(("same", digest))
            continue
        try:
            doc = read_tei(data)
        except CorpusError as exc:
            out.append(("error", _tei_error(path, data, exc)))
            continue
        packed = zlib.compress(data, 1)  # level 1: a fifth of the size, ~30 us for 6 kB
        p = prepare(doc, content_hash=digest, source=path, stat=stat, tei=packed)
        out.append(("doc", digest, (doc.article.doc_id, document_record(p))))
    return out


PIPELINE_MIN = 1000  # files to parse before a worker process pays for its start (~0.3 s)
BATCH = 32  # files per batch of the worker
WINDOW = 16  # batches read ahead: bounds the memory of parsed documents waiting to be written


def _results(tasks: list[_Task]) -> Iterator[_Result]:
    """_read_tasks over every task, in order: in a worker process while this one writes the
    index (a pipeline over two cores), or here when there are few files or one core."""
    batches = [tasks[i : i + BATCH] for i in range(0, len(tasks), BATCH)]
    if len(tasks) < PIPELINE_MIN or (os.cpu_count() or 1) < 2:
        for batch in batches:
            yield from _read_tasks(batch)
        return
    yield from _worker_results(batches)


def _worker_results(batches: list[list[_Task]]) -> Iterator[_Result]:
    """Run _read_tasks on the batches in a child Python (``python -c``: nothing of this process
    is inherited, in particular not the writer lock's descriptor, and no ``__main__`` is
    re-imported); it gets every batch on stdin first, then streams pickled results back, and
    dies of a broken pipe if this process does. A thread reads ahead up to WINDOW batches."""
    import pickle
    import queue
    import subprocess
    import sys
    import threading

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)  # where the corpus package is
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    code = "from corpus.index import _worker_main; _worker_main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    ahead: queue.Queue[Any] = queue.Queue(WINDOW)
    stdout = proc.stdout

    def read() -> None:
        try:
            for _ in batches:
                ahead.put(pickle.load(stdout))
        except BaseException as exc:  # EOF: the worker died; reported below
            ahead.put(exc)

    reader = threading.Thread(target=read, daemon=True)
    try:
        pickle.dump(batches, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
        reader.start()
        for _ in batches:
            got = ahead.get()
            if isinstance(got, BaseException) or got[0] != "ok":
                raise CorpusError(f"the TEI reading process failed: {got!r}")
            yield from got[1]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        while reader.is_alive():  # let a reader blocked on a full queue finish
            with contextlib.suppress(queue.Empty):
                ahead.get(timeout=0.05)
        stdout.close()


def _worker_main() -> None:
    """The child of _worker_results: batches in (stdin), results out (stdout), in order."""
    import pickle
    import sys
    import traceback

    out = sys.stdout.buffer
    batches = pickle.load(sys.stdin.buffer)
    for batch in batches:
        try:
            result: Any = ("ok", _read_tasks(batch))
        except Exception:
            result = ("failed", traceback.format_exc())
        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        if result[0] != "ok":
            return


def index_tei_dir(
    tei_dir: str | os.PathLike[str],
    index: str | os.PathLike[str] | None,
    rebuild: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> IndexReport:
    """Index the TEI files of a folder; the index then mirrors the folder.

    A file is read only when its stat (mtime, ctime, size, inode) changed since it was
    indexed, and parsed only when its bytes did; documents whose file is gone are removed.
    Unreadable files are reported in ``problems`` and their previous version, if any, is kept.
    The folder is recorded in the index (``CorpusIndex.tei_dir``) and each document's file
    path is stored for exports. Many files are parsed in a second process while this one
    writes. ``progress(done, total)`` is called after each file (total: the
    files found); the commit follows the last call.
    """
    from corpus.errors import InputError

    folder = Path(tei_dir).resolve()
    if not folder.is_dir():
        raise InputError(f"{tei_dir} is not a folder of TEI files")
    path = resolve_index(index)
    problems: list[str] = []

    def items(by_source: dict[str, _Existing]) -> Iterator[_Item]:
        files = tei_files(folder)
        if progress is None:
            yield from _items(by_source, files)
            return
        progress(0, len(files))
        for done, item in enumerate(_items(by_source, files), 1):
            yield item
            progress(done, len(files))

    def _items(by_source: dict[str, _Existing], files: list[Path]) -> Iterator[_Item]:
        now = time.time_ns()
        tasks: list[_Task] = []
        for file in files:
            source = str(file)
            old = by_source.get(source)
            try:
                stat = _stat_signature(file.stat(), now)
            except OSError as exc:
                yield _Item(source, "", error=exc.strerror or str(exc))
                continue
            if old is not None and stat and old.stat == stat:
                yield _Item(source, old.hash)  # unchanged: not even read
                continue
            tasks.append((source, old.hash if old is not None else "", stat))
            # the results below come in the order of the tasks
        for (source, _, stat), result in zip(tasks, _results(tasks), strict=True):
            if result[0] == "error":
                yield _Item(source, "", error=result[1])
            elif result[0] == "same":
                yield _Item(source, result[1], stat=stat)
            else:
                yield _Item(source, result[1], stat=stat, ready=result[2])

    with writer_lock(path):
        return _write(path, items, rebuild=rebuild, prune=True, tei_dir=folder, problems=problems)


# --- reading helpers -------------------------------------------------------------------------


def docnum_for(searcher: Searcher, doc_id: str) -> int | None:
    return searcher.document_number(doc=doc_id)


def load_document(index: str | os.PathLike[str] | CorpusIndex | None, doc_id: str) -> Document:
    """The Document indexed as ``doc_id``: from the payload column when it was built from
    Documents, else from the TEI bytes it was read from (kept in the ``tei`` column)."""
    from corpus.errors import QueryError

    cix = open_index(index)
    with cix.searcher() as s:
        n = docnum_for(s, doc_id)
        if n is None:
            raise QueryError(f"no document {doc_id!r} in index {cix.path}")
        r = s.reader()
        data = r.column_reader("payload")[n]
        if data:
            return document_from_data(data)
        packed = r.column_reader("tei")[n]
    from corpus.tei import read_tei

    return read_tei(zlib.decompress(packed))


def document_source(
    index: str | os.PathLike[str] | CorpusIndex | None, doc_id: str
) -> tuple[str, str]:
    """(TEI path, content hash) recorded for a document ("" path when built from records)."""
    from corpus.errors import QueryError

    cix = open_index(index)
    with cix.searcher() as s:
        n = docnum_for(s, doc_id)
        if n is None:
            raise QueryError(f"no document {doc_id!r} in index {cix.path}")
        r = s.reader()
        return _col_str(r.column_reader("source")[n]), _col_str(r.column_reader("hash")[n])
