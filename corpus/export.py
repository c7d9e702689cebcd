"""Exports: one document's TEI, a teiCorpus of the documents a query matches, KWIC as TEI.

A document's TEI is the file it was indexed from when that file is still there unchanged
(its content hash is in the index); otherwise it is regenerated from the Document stored in
the index (``corpus.tei.write_tei``), so an export always shows what was indexed.

Every file is written atomically (a temporary file in the target folder, then ``os.replace``);
when the output is a folder, the file name comes from the document id and is refused if it
would leave that folder.

Shapes (schemas/README.md): a teiCorpus keeps one copy of the shared declarations (application,
taxonomies) in its header, drops them from the members and prefixes every other id of a member
with its document id and a dot, rewriting the member's pointers; a KWIC export is one TEI with a
``div type="kwic"`` holding a ``cit`` per hit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.errors import InputError, OutputError, QueryError
from corpus.fsutil import write_output
from corpus.index import (
    EMPTY_QUOTES,
    CorpusIndex,
    QuoteData,
    document_source,
    load_document,
    open_index,
    read_info,
    resolve_index,
    tei_files,
)
from corpus.settings import TEI_NS, TOOL_NAME, TOOL_VERSION, XML_NS

if TYPE_CHECKING:
    from lxml import etree

    from corpus.concordance import KwicLine
    from corpus.query import Filters

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
POINTER_ATTRS = (
    "ref",
    "who",
    "corresp",
    "next",
    "prev",
    "source",
    "resp",
    "ana",
    "target",
    "sameAs",
    "synch",
)
TAXONOMY_ORDER = ("methods", "quote-kinds")
_NCNAME_RE = re.compile(r"^[A-Za-z_][\w.\-]*$")
_WHEN_RE = re.compile(
    r"^(\d{4}(-\d\d(-\d\d(T\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?)?)?)?|--\d\d(-\d\d)?|---\d\d)$"
)


@dataclass(frozen=True)
class ExportReport:
    path: Path
    documents: int


# --- writing files ---------------------------------------------------------------------------


def output_path(out: str | os.PathLike[str], name: str) -> Path:
    """The file to write: ``out`` itself, or ``out/<name>.xml`` when ``out`` is a folder.

    A name that would leave the folder (``../x``, ``/abs``, ``a/b``, ``..``) is refused.
    """
    from corpus.fsutil import safe_child

    target = Path(out)
    if target.is_dir() or str(out).endswith(("/", os.sep)):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{target}: cannot create the folder: {exc.strerror or exc}") from exc
        return safe_child(target, f"{name}.xml")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {target}: folder {target.parent} does not exist")
    return target


def _serialize(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False) + b"\n"


# --- one document ----------------------------------------------------------------------------


def _is_index_dir(path: Path) -> bool:
    from corpus.index import META_FILE

    return (path / META_FILE).exists()


def _root_id(path: Path) -> str | None:
    """The xml:id of a file's root element, read without parsing the whole file."""
    from lxml import etree

    try:
        with open(path, "rb") as fh:
            for _, el in etree.iterparse(
                fh, events=("start",), resolve_entities=False, no_network=True, load_dtd=False
            ):
                return el.get(XML_ID)
    except (etree.XMLSyntaxError, OSError):
        return None
    return None


def _tei_from_folder(folder: Path, doc_id: str) -> bytes:
    from corpus.fsutil import safe_child

    try:
        direct = safe_child(folder, f"{doc_id}.xml")
    except InputError:
        direct = None
    if direct is not None and direct.is_file() and _root_id(direct) == doc_id:
        return direct.read_bytes()
    for path in tei_files(folder):
        if _root_id(path) == doc_id:
            return path.read_bytes()
    raise QueryError(f"no TEI file for document {doc_id!r} in {folder}")


def document_tei(doc_id: str, source: Any = None) -> bytes:
    """The TEI bytes of a document, from an index (name, path or CorpusIndex) or a TEI folder."""
    if not isinstance(source, CorpusIndex) and source is not None:
        path = Path(os.fspath(source))
        if path.is_dir() and not _is_index_dir(path) and ("/" in str(source) or path.is_absolute()):
            return _tei_from_folder(path, doc_id)
    cix = open_index(source)
    tei_path, digest = document_source(cix, doc_id)
    if tei_path:
        try:
            data = Path(tei_path).read_bytes()
        except OSError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() == digest:
            return data
    from corpus.tei import write_tei

    return write_tei(load_document(cix, doc_id))


def export_doc(doc_id: str, source: Any, out: str | os.PathLike[str]) -> ExportReport:
    """Write one document's TEI to ``out`` (a file, or a folder: ``<folder>/<doc id>.xml``)."""
    path = output_path(out, doc_id)  # refuse an unsafe name before looking anything up
    write_output(path, document_tei(doc_id, source))
    return ExportReport(path, 1)


# --- teiCorpus -------------------------------------------------------------------------------


def _merge_encoding(members: Sequence[etree._Element]) -> dict[str, dict[str, etree._Element]]:
    """taxonomy id -> category id -> category element, first seen wins."""
    taxonomies: dict[str, dict[str, etree._Element]] = {}
    for tei in members:
        for tax in tei.iterfind(f"{T}teiHeader/{T}encodingDesc/{T}classDecl/{T}taxonomy"):
            cats = taxonomies.setdefault(tax.get(XML_ID, ""), {})
            for cat in tax.iterfind(f"{T}category"):
                cats.setdefault(cat.get(XML_ID, ""), cat)
    return taxonomies


def _prefix_member(tei: etree._Element) -> None:
    """Drop the member's encodingDesc; prefix its ids with '<doc id>.' and rewrite pointers."""
    doc_id = tei.get(XML_ID, "")
    header = tei.find(f"{T}teiHeader")
    if header is not None:
        for enc in header.findall(f"{T}encodingDesc"):
            header.remove(enc)
    renames: dict[str, str] = {}
    for el in tei.iter():
        if el is tei or not isinstance(el.tag, str):
            continue
        xid = el.get(XML_ID)
        if xid:
            renames[xid] = f"{doc_id}.{xid}"
            el.set(XML_ID, renames[xid])
    for el in tei.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTER_ATTRS:
            value = el.get(attr)
            if not value:
                continue
            tokens = []
            for tok in value.split():
                if tok.startswith("#") and tok[1:] in renames:
                    tok = "#" + renames[tok[1:]]
                tokens.append(tok)
            el.set(attr, " ".join(tokens))


def tei_corpus(
    members: Sequence[bytes], *, corpus_id: str, title: str, notes: Sequence[str]
) -> bytes:
    """A teiCorpus of article TEI documents (given as bytes), shaped as schemas/README.md says."""
    from lxml import etree

    from corpus.xmlsafe import parse_xml

    roots = [parse_xml(data, name=f"member {i + 1}").getroot() for i, data in enumerate(members)]
    taxonomies = _merge_encoding(roots)
    langs = {r.get(XML_LANG) for r in roots if r.get(XML_LANG)}
    root = etree.Element(T + "teiCorpus", nsmap={None: TEI_NS})
    root.set(XML_ID, corpus_id)
    root.set(XML_LANG, langs.pop() if len(langs) == 1 else "en")
    header = etree.SubElement(root, T + "teiHeader")
    fd = etree.SubElement(header, T + "fileDesc")
    etree.SubElement(etree.SubElement(fd, T + "titleStmt"), T + "title").text = title
    etree.SubElement(
        etree.SubElement(fd, T + "publicationStmt"), T + "p"
    ).text = "Annotated edition, not published."
    sd = etree.SubElement(fd, T + "sourceDesc")
    for note in notes or ["Exported by corpus."]:
        etree.SubElement(sd, T + "p").text = note
    enc = etree.SubElement(header, T + "encodingDesc")
    app = etree.SubElement(
        etree.SubElement(enc, T + "appInfo"),
        T + "application",
        ident=TOOL_NAME,
        version=TOOL_VERSION,
    )
    app.set(XML_ID, TOOL_NAME)
    etree.SubElement(app, T + "label").text = "corpus annotation toolkit"
    used = [t for t in TAXONOMY_ORDER if taxonomies.get(t)]
    used += sorted(t for t in taxonomies if t and t not in TAXONOMY_ORDER and taxonomies[t])
    if used:
        cd = etree.SubElement(enc, T + "classDecl")
        for tax_id in used:
            tax = etree.SubElement(cd, T + "taxonomy")
            tax.set(XML_ID, tax_id)
            for cat in taxonomies[tax_id].values():
                tax.append(_copy(cat))
    for tei in roots:
        _prefix_member(tei)
        root.append(tei)
    return _serialize(root)


def _copy(el: etree._Element) -> etree._Element:
    import copy

    return copy.deepcopy(el)


def _slug(text: str, limit: int = 40) -> str:
    """A query as a file name and id part (corpus.ingest.ids.slugify, the one slug function)."""
    from corpus.ingest.ids import slugify

    return slugify(text, limit=limit) or "all"


def query_tei(
    query: str,
    index: Any = None,
    filters: Filters | None = None,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
    limit: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[bytes, int, str]:
    """A teiCorpus of the documents matching a query (in index order): (bytes, documents, id).

    ``progress(done, total)`` is called once the matching documents are known (0 of them) and
    after each document's TEI is taken; the teiCorpus is assembled after the last call.
    """
    from corpus.query import NO_FILTERS, doc_hits, parse_query

    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    cix = open_index(index)
    filters = filters or NO_FILTERS
    with cix.searcher() as s:
        ids = [dh.doc_id for dh in doc_hits(pq, s, filters)]
    if limit is not None:
        ids = ids[:limit]
    if not ids:
        raise QueryError(f"no document matches {query!r}; nothing exported")
    members: list[bytes] = []
    for doc_id in ids:
        if progress is not None:
            progress(len(members), len(ids))
        members.append(document_tei(doc_id, cix))
    if progress is not None:
        progress(len(members), len(ids))
    corpus_id = "export-" + _slug(query)
    data = tei_corpus(
        members,
        corpus_id=corpus_id,
        title=f"corpus export: {len(ids)} document{'s' if len(ids) != 1 else ''}",
        notes=[f"Exported from index {cix.path.name} for the query: {query}"],
    )
    return data, len(ids), corpus_id


def export_query(
    query: str,
    index: Any = None,
    filters: Filters | None = None,
    out: str | os.PathLike[str] = "export.xml",
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
    limit: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ExportReport:
    """Write :func:`query_tei` to ``out`` (a file, or a folder: ``<folder>/export-<query>.xml``);
    ``progress`` as for :func:`query_tei`."""
    data, n, corpus_id = query_tei(
        query,
        index,
        filters,
        case_sensitive=case_sensitive,
        regex=regex,
        inflect=inflect,
        limit=limit,
        progress=progress,
    )
    path = output_path(out, corpus_id)
    write_output(path, data)
    return ExportReport(path, n)


# --- KWIC as TEI -----------------------------------------------------------------------------


def _ncname(value: str, prefix: str) -> str:
    value = re.sub(r"[^\w.\-]", "-", value)
    return value if _NCNAME_RE.match(value) else f"{prefix}{value}"


def _pieces(qd: QuoteData, a: int, b: int) -> list[tuple[int, int, int]]:
    """[a, b) cut at quotation boundaries: (start, end, innermost quotation index or -1)."""
    import bisect

    if not qd.seg_starts or a >= b:
        return [(a, b, -1)] if a < b else []
    bounds = qd.seg_starts
    i = max(0, bisect.bisect_right(bounds, a) - 1)
    out = []
    pos = a
    while pos < b:
        end = min(b, bounds[i + 1]) if i + 1 < len(bounds) else b
        if end > pos:
            out.append((pos, end, qd.seg_quote[i] if bounds[i] <= pos else -1))
            pos = end
        i += 1
    return out


def _cit(
    line: KwicLine,
    n: int,
    qd: QuoteData,
    bibl_id: str,
    persons: dict[str, tuple[str, str, str]],
    kinds_used: set[str],
) -> etree._Element:
    """One hit as ``cit``: left, keyword and right segments, the parts inside quotations as
    ``said`` with speaker, directness, kind and certainty; the hit's place in ``bibl``."""
    from lxml import etree

    from corpus.tei import KIND_LABELS, cert

    cit = etree.Element(T + "cit", n=str(n), source="#" + bibl_id)
    quote = etree.SubElement(cit, T + "quote")
    text_start = line.start - len(line.left)
    parts = (
        ("left", text_start, line.start, line.left),
        ("kw", line.start, line.end, line.keyword),
        ("right", line.end, line.end + len(line.right), line.right),
    )
    for seg_type, a, b, chunk in parts:
        seg = etree.SubElement(quote, T + "seg", type=seg_type)
        pieces = _pieces(qd, a, b) if qd.rows else [(a, b, -1)]
        if not qd.rows and seg_type == "kw" and line.quote is not None:
            pieces = [(a, b, -2)]  # no stored quotations: the line's own quotation
        last: etree._Element | None = None
        for pa, pb, qi in pieces:
            piece = chunk[pa - a : pb - a]
            if not piece:
                continue
            if qi == -1:
                if last is None:
                    seg.text = (seg.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
                continue
            said = etree.SubElement(seg, T + "said")
            row = qd.rows[qi] if qi >= 0 else line.quote
            assert row is not None
            speaker, kind = row.speaker, row.kind
            ekind = row.speaker_kind or "person"
            if speaker and ekind == "person":
                if speaker not in persons:
                    name = row.speaker_name or speaker
                    persons[speaker] = (_ncname(speaker, "p."), name, row.speaker_role)
                said.set("who", "#" + persons[speaker][0])
            said.set("direct", "true" if kind == "direct" else "false")
            if kind in KIND_LABELS:
                said.set("ana", f"#q.{kind}")
                kinds_used.add(kind)
            said.set("cert", cert(row.confidence))
            said.text = piece
            last = said
    bibl = etree.SubElement(cit, T + "bibl")
    etree.SubElement(bibl, T + "idno", type="doc").text = line.doc
    if re.fullmatch(r"[^#\s]+", line.doc):
        etree.SubElement(bibl, T + "ptr", target=line.doc)
    etree.SubElement(
        bibl, T + "citedRange", unit="char", **{"from": str(line.start), "to": str(line.end)}
    )
    return cit


def kwic_tei(lines: Iterable[KwicLine], *, query: str = "", index: Any = None) -> tuple[bytes, int]:
    """A KWIC export as one TEI document (schemas/README.md, "KWIC export"); (bytes, lines).

    With an index, the parts of each line inside quotations become ``said`` with the speaker
    (copied into the header's listPerson when a person), directness, kind and certainty.
    The bytes of :class:`KwicTeiWriter` joined (every line is added, then read back).
    """
    with KwicTeiWriter(query=query, index=index) as writer:
        writer.add(lines)
        return b"".join(writer.chunks()), writer.count


class KwicTeiWriter:
    """KWIC as TEI written a line at a time, every line held on disk, not in memory: the
    bytes of :func:`kwic_tei` (which is this writer's output joined), for exports of every hit.

    The header lists what the lines use (a ``bibl`` per document, the speakers, the quotation
    kinds), which is known only after the last line; so each line's ``cit`` is serialized
    when it is added into a spool file (in memory up to ``spool_size`` bytes, then a temporary
    file), and :meth:`chunks` yields the header, the spooled ``cit`` elements and the closing
    tags. What stays in memory is the header's tables (one entry per document and speaker)
    and the quotation table of the documents already seen, never the lines or their XML.

    Use it as a context manager (it holds a searcher of the index while lines are added):
    ``with KwicTeiWriter(query=q, index=ix) as w: w.add(lines); data = b"".join(w.chunks())``;
    :meth:`add` may be called once per batch; :meth:`chunks` is read once, after the last
    :meth:`add` (inside or after the ``with``: the spool stays open until it has been read).
    Limits: the first byte comes after the last line (the header needs them all); the
    quotation tables of the documents seen are kept (one per document with a hit).
    """

    def __init__(
        self, *, query: str = "", index: Any = None, spool_size: int = 8 << 20
    ) -> None:
        import tempfile

        self.query = query
        self.count = 0
        self._cix = open_index(index) if index is not None else None
        self._bibls: dict[str, tuple[str, str, str]] = {}  # doc -> (bibl id, title, date)
        self._persons: dict[str, tuple[str, str, str]] = {}  # entity id -> (xml id, name, role)
        self._kinds: set[str] = set()
        self._doc_quotes: dict[str, QuoteData] = {}
        self._stack = contextlib.ExitStack()
        self._searcher: Any = None
        self._infos: Any = None
        # closed by chunks() once read, or by __exit__ when adding failed
        self._spool: Any = tempfile.SpooledTemporaryFile(max_size=spool_size)  # noqa: SIM115
        self._read = False

    def __enter__(self) -> KwicTeiWriter:
        if self._cix is not None:
            self._searcher = self._stack.enter_context(self._cix.searcher())
            self._infos = self._searcher.reader().column_reader("info")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        self._searcher = self._infos = None
        if exc[0] is not None:
            self._spool.close()

    def _quotes(self, doc: str) -> QuoteData:
        # the quotations of each line's document come from the index's info column (the
        # context left and right of a hit may lie in other quotations); without an index,
        # the line's own quotation is all there is
        qd = self._doc_quotes.get(doc)
        if qd is None:
            qd = EMPTY_QUOTES
            if self._searcher is not None:
                docnum = self._searcher.document_number(doc=doc)
                info = read_info(self._infos[docnum]) if docnum is not None else None
                qd = info.quote_data() if info is not None else EMPTY_QUOTES
            self._doc_quotes[doc] = qd
        return qd

    def add(self, lines: Iterable[KwicLine]) -> int:
        """Spool a ``cit`` per line (numbered on from the lines added before); returns how
        many lines this call added."""
        from lxml import etree

        if self._cix is not None and self._searcher is None:
            raise RuntimeError("KwicTeiWriter.add with an index needs the writer's `with` block")
        # a cit is serialized inside a parent that declares the TEI namespace as the default,
        # as it is inside the document: its bytes are then the same as in the whole tree
        wrapper = etree.Element(T + "div", nsmap={None: TEI_NS})
        before = self.count
        for line in lines:
            self.count += 1
            qd = self._quotes(line.doc)
            if line.doc not in self._bibls:
                self._bibls[line.doc] = (_ncname("src." + line.doc, "d."), line.title, line.date)
            cit = _cit(line, self.count, qd, self._bibls[line.doc][0], self._persons, self._kinds)
            wrapper.append(cit)
            data = etree.tostring(wrapper, encoding="UTF-8", xml_declaration=False)
            # <div xmlns="...">CIT</div>: the wrapper's one attribute holds no ">"
            self._spool.write(data[data.index(b">") + 1 : -len(b"</div>")])
            wrapper.remove(cit)
        return self.count - before

    def chunks(self, size: int = 1 << 16) -> Iterator[bytes]:
        """The document: the header and the opening tags, the spooled ``cit`` elements in
        pieces of ``size`` bytes, the closing tags. Read once; closes the spool."""
        if self._read:
            raise RuntimeError("KwicTeiWriter.chunks is read once")
        self._read = True
        try:
            data = _serialize(
                _kwic_root(self.query, self._bibls, self._persons, self._kinds)
            )
            cut = data.rindex(b"</div>")  # the div type="kwic" closes last but three
            yield data[:cut]
            self._spool.seek(0)
            while piece := self._spool.read(size):
                yield piece
            yield data[cut:]
        finally:
            self._spool.close()


def kwic_tei_stream(
    lines: Iterable[KwicLine], *, query: str = "", index: Any = None
) -> Iterator[bytes]:
    """The bytes of :func:`kwic_tei` in pieces, the lines held on disk rather than in memory
    (:class:`KwicTeiWriter`): a generator that reads every line before its first piece."""
    with KwicTeiWriter(query=query, index=index) as writer:
        writer.add(lines)
    yield from writer.chunks()


def _kwic_root(
    query: str,
    bibls: dict[str, tuple[str, str, str]],
    persons: dict[str, tuple[str, str, str]],
    kinds_used: set[str],
) -> etree._Element:
    """The KWIC document without its lines: the header (sources, speakers, kinds the lines
    use) and a ``div type="kwic"`` holding only its ``head``."""
    from lxml import etree

    from corpus.tei import KIND_LABELS

    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, _ncname("kwic-" + _slug(query or "query"), "k."))
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, T + "teiHeader")
    fd = etree.SubElement(header, T + "fileDesc")
    etree.SubElement(etree.SubElement(fd, T + "titleStmt"), T + "title").text = f"KWIC: {query}"
    etree.SubElement(
        etree.SubElement(fd, T + "publicationStmt"), T + "p"
    ).text = "Concordance export, not published."
    sd = etree.SubElement(fd, T + "sourceDesc")
    if bibls:
        lb = etree.SubElement(sd, T + "listBibl")
        for doc_id, (bid, title, date) in bibls.items():
            b = etree.SubElement(lb, T + "bibl")
            b.set(XML_ID, bid)
            etree.SubElement(b, T + "title").text = title or doc_id
            if date and _WHEN_RE.match(date):
                etree.SubElement(b, T + "date", when=date)
            etree.SubElement(b, T + "idno", type="doc").text = doc_id
    else:
        etree.SubElement(sd, T + "p").text = "No hits."
    enc = etree.SubElement(header, T + "encodingDesc")
    app = etree.SubElement(
        etree.SubElement(enc, T + "appInfo"),
        T + "application",
        ident=TOOL_NAME,
        version=TOOL_VERSION,
    )
    etree.SubElement(app, T + "label").text = "corpus annotation toolkit"
    if kinds_used:
        tax = etree.SubElement(etree.SubElement(enc, T + "classDecl"), T + "taxonomy")
        tax.set(XML_ID, "quote-kinds")
        for kind in ("direct", "mixed", "indirect"):
            if kind in kinds_used:
                cat = etree.SubElement(tax, T + "category")
                cat.set(XML_ID, f"q.{kind}")
                etree.SubElement(cat, T + "catDesc").text = KIND_LABELS[kind]
    if persons:
        pd = etree.SubElement(header, T + "profileDesc")
        lu = etree.SubElement(pd, T + "langUsage")
        etree.SubElement(lu, T + "language", ident="en").text = "English"
        lp = etree.SubElement(etree.SubElement(pd, T + "particDesc"), T + "listPerson")
        for xml_id, name, role in persons.values():
            person = etree.SubElement(lp, T + "person")
            person.set(XML_ID, xml_id)
            etree.SubElement(person, T + "persName").text = name
            if role:
                etree.SubElement(person, T + "occupation").text = role
    body = etree.SubElement(etree.SubElement(root, T + "text"), T + "body")
    div = etree.SubElement(body, T + "div", type="kwic")
    etree.SubElement(div, T + "head").text = query
    return root




def export_kwic(
    lines: Iterable[KwicLine], out: str | os.PathLike[str], *, query: str = "", index: Any = None
) -> ExportReport:
    """Write a KWIC TEI file atomically."""
    data, n = kwic_tei(lines, query=query, index=index)
    path = output_path(out, "kwic-" + _slug(query))
    write_output(path, data)
    return ExportReport(path, n)


def index_label(index: Any) -> str:
    return str(resolve_index(index) if not isinstance(index, CorpusIndex) else index.path)
