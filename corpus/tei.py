"""Document <-> TEI P5 (lxml). The one place where overlapping spans become nested markup.

Nesting order: block (head, argument/p, dateline, p) > s > said > cue seg, names, dates,
gap, supplied, soCalled. A quotation that crosses a sentence or paragraph boundary is cut into
`said` fragments joined by @next/@prev; a name or mark that would cross a higher element's
boundary is left unmarked (its characters stay). The body's text is the article text, character
for character: block separators are tails of the block elements.

`read_tei` walks the body text back and recovers the same standoff spans (offsets into the
article text), so the index never re-tokenises or re-finds anything.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from corpus.errors import InvalidTEI
from corpus.model import Article, Block, Document, Entity, Mark, Mention, Quotation, Span
from corpus.settings import TEI_NS, TOOL_NAME, TOOL_VERSION, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

NAME_TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}
TAG_KINDS = {v: k for k, v in NAME_TAGS.items()}
METHOD_LABELS = {
    "ner": "statistical named-entity recognition (spaCy)",
    "gazetteer": "gazetteer look-up",
    "consistency": "document-level label consistency",
    "dateline": "dateline pattern",
    "pronoun": "pronoun resolved to the last speaker",
    "description": "description resolved by role",
    "rule": "cue-verb attribution rules",
    "continuation": "quotation continuing the previous speaker",
    "headline": "headline attribution after a dash",
    "digest": "statement in a digest of one speaker's statements",
    "label": "speaker label before a colon",
    "signature": "quotation signed with a dash",
    "fragment": "paraphrase around a quoted fragment",
}
# Speaker types (taxonomy "speaker-types"): on the person/org element of every speaker.
SPEAKER_TYPE_LABELS = {
    "named": "speaker named in the document",
    "anonymous": "speaker known only by a description no name resolves",
}
KIND_LABELS = {
    "direct": "direct speech in quotation marks",
    "mixed": "reported speech that contains a direct quotation",
    "indirect": "indirect (reported) speech",
}
_ISO_WHEN = re.compile(r"^(?:\d{4}(?:-\d\d(?:-\d\d)?)?|--\d\d(?:-\d\d)?)$")


def cert(confidence: float) -> str:
    return "high" if confidence >= 0.85 else "medium" if confidence >= 0.6 else "low"


def _confidence(cert_value: str | None) -> float:
    return {"high": 0.9, "medium": 0.7, "low": 0.4}.get(cert_value or "high", 0.9)


@dataclass
class _Item:
    start: int
    end: int
    level: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    key: str = ""  # quotation id, to link fragments
    children: list[_Item] = field(default_factory=list)


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def write_tei(doc: Document) -> bytes:
    """The TEI document for `doc`, as UTF-8 bytes with an XML declaration."""
    root = build_tei(doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def build_tei(doc: Document) -> etree._Element:
    art = doc.article
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, art.doc_id)
    root.set(XML_LANG, art.language or "en")
    root.text = "\n"
    root.append(_header(doc))
    standoff = _standoff(doc)
    if standoff is not None:
        root.append(standoff)
    text_el = etree.SubElement(root, T + "text")
    text_el.tail = "\n"
    body = etree.SubElement(text_el, T + "body")
    div = etree.SubElement(body, T + "div", type="article")
    _body(doc, div)
    return root


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, T + tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def _used_ids(doc: Document) -> set[str]:
    ids = {m.ref for m in doc.mentions if m.ref}
    ids |= {q.speaker for q in doc.quotations if q.speaker}
    ids |= {q.reported_by for q in doc.quotations if q.reported_by}
    return ids


def _speakers(doc: Document) -> set[str]:
    """Ids of the entities that speak or report a quotation (they carry a speaker type)."""
    return {q.speaker for q in doc.quotations if q.speaker} | {
        q.reported_by for q in doc.quotations if q.reported_by
    }


def _speaker_type(e: Entity, speakers: set[str]) -> str:
    if e.id not in speakers:
        return ""
    return "#sp.anonymous" if e.anonymous else "#sp.named"


def _methods(doc: Document) -> list[str]:
    found = {m.method for m in doc.mentions} | {q.method for q in doc.quotations}
    return sorted(found)


def _header(doc: Document) -> etree._Element:
    art = doc.article
    header = etree.Element(T + "teiHeader")
    fd = _sub(header, "fileDesc")
    title = _clean(art.title) or art.doc_id
    _sub(_sub(fd, "titleStmt"), "title", title)
    _sub(_sub(fd, "publicationStmt"), "p", "Annotated edition, not published.")
    bibl = _sub(_sub(fd, "sourceDesc"), "bibl")
    _sub(bibl, "title", title)
    if art.agency:
        _sub(bibl, "publisher", art.agency)
    if art.place:
        _sub(bibl, "pubPlace", art.place)
    if art.date and _ISO_WHEN.match(art.date):
        _sub(bibl, "date", when=art.date)
    _sub(bibl, "idno", art.source or "-", type="file")
    if art.record is not None:
        _sub(bibl, "idno", str(art.record), type="record")
    if art.url:
        _sub(bibl, "idno", art.url, type="URI")
    enc = _sub(header, "encodingDesc")
    app = _sub(_sub(enc, "appInfo"), "application", ident=TOOL_NAME, version=TOOL_VERSION)
    app.set(XML_ID, TOOL_NAME)
    _sub(app, "label", "corpus annotation toolkit")
    class_decl = _sub(enc, "classDecl")
    tax = _sub(class_decl, "taxonomy")
    tax.set(XML_ID, "methods")
    for method in _methods(doc) or ["rule"]:
        cat = _sub(tax, "category")
        cat.set(XML_ID, f"m.{method}")
        _sub(cat, "catDesc", METHOD_LABELS.get(method, method))
    kinds = _sub(class_decl, "taxonomy")
    kinds.set(XML_ID, "quote-kinds")
    for kind, label in KIND_LABELS.items():
        cat = _sub(kinds, "category")
        cat.set(XML_ID, f"q.{kind}")
        _sub(cat, "catDesc", label)
    if _speakers(doc):
        types = _sub(class_decl, "taxonomy")
        types.set(XML_ID, "speaker-types")
        for kind, label in SPEAKER_TYPE_LABELS.items():
            cat = _sub(types, "category")
            cat.set(XML_ID, f"sp.{kind}")
            _sub(cat, "catDesc", label)
    prof = _sub(header, "profileDesc")
    _sub(
        _sub(prof, "langUsage"),
        "language",
        "English" if art.language == "en" else art.language,
        ident=art.language or "en",
    )
    used = _used_ids(doc)
    persons = [e for e in doc.entities if e.kind == "person" and e.id in used]
    if persons:
        lp = _sub(_sub(prof, "particDesc"), "listPerson")
        speakers = _speakers(doc)
        for e in persons:
            p = _sub(lp, "person", ana=_speaker_type(e, speakers))
            p.set(XML_ID, e.id)
            _sub(p, "persName", _clean(e.name) or e.id)
            if e.role:
                _sub(p, "occupation", _clean(e.role))
    return header


def _standoff(doc: Document) -> etree._Element | None:
    used = _used_ids(doc)
    places = [e for e in doc.entities if e.kind == "place" and e.id in used]
    orgs = [e for e in doc.entities if e.kind == "org" and e.id in used]
    if not places and not orgs:
        return None
    so = etree.Element(T + "standOff")
    if places:
        lp = _sub(so, "listPlace")
        for e in places:
            p = _sub(lp, "place")
            p.set(XML_ID, e.id)
            _sub(p, "placeName", _clean(e.name) or e.id)
    if orgs:
        lo = _sub(so, "listOrg")
        speakers = _speakers(doc)
        for e in orgs:
            o = _sub(lo, "org", ana=_speaker_type(e, speakers))
            o.set(XML_ID, e.id)
            _sub(o, "orgName", _clean(e.name) or e.id)
    return so


def _body_items(doc: Document) -> list[_Item]:
    """Every element as a span with a nesting level, quotations already cut into fragments."""
    text = doc.article.text
    blocks = [b for b in doc.article.blocks if b.end > b.start]
    items: list[_Item] = []
    for b in blocks:
        tag = {"head": "head", "argument": "argument", "dateline": "dateline", "p": "p"}[b.kind]
        items.append(_Item(b.start, b.end, 0, tag))
        if b.kind == "argument":
            items.append(_Item(b.start, b.end, 1, "p"))
    p_spans = [b for b in blocks if b.kind in ("p", "argument")]  # s in any p (README)
    sent_items = []
    for s in doc.sentences:
        for b in p_spans:
            st, en = max(s.start, b.start), min(s.end, b.end)
            if st < en:
                sent_items.append(_Item(st, en, 2, "s"))
    items.extend(sent_items)
    bounds = sorted({i.start for i in items} | {i.end for i in items})
    known = {e.id for e in doc.entities}
    # Quotations: cut at every block/sentence boundary strictly inside them.
    cue_refs: dict[tuple[int, int], list[tuple[str, Quotation]]] = defaultdict(list)
    quote_items: list[_Item] = []
    for n, q in enumerate(doc.quotations, 1):
        qid = f"q{n}"
        pieces = []
        for seg in q.segments():  # an interrupted quotation: its parts, never the words between
            cuts = [seg.start] + [x for x in bounds if seg.start < x < seg.end] + [seg.end]
            for a, b in itertools.pairwise(cuts):
                # Trim whitespace so fragments sit inside their block/sentence.
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b:
                    pieces.append((a, b))
        attrs: dict[str, str] = {}
        if q.speaker and q.speaker in known:
            attrs["who"] = "#" + q.speaker
        attrs["direct"] = "true" if q.kind == "direct" else "false"
        if q.reported_by and q.reported_by in known:
            attrs["source"] = "#" + q.reported_by
        attrs["ana"] = f"#q.{q.kind} #m.{q.method}"
        attrs["cert"] = cert(q.confidence)
        for k, (a, b) in enumerate(pieces):
            fid = qid if k == 0 else f"{qid}-{k + 1}"
            fa = dict(attrs)
            fa[f"{{{XML_NS}}}id"] = fid
            if k > 0:
                fa["prev"] = "#" + (qid if k == 1 else f"{qid}-{k}")
            if k < len(pieces) - 1:
                fa["next"] = f"#{qid}-{k + 2}"
            quote_items.append(_Item(a, b, 3, "said", fa, key=qid))
        if q.cue is not None and pieces:
            cue_refs[(q.cue.start, q.cue.end)].append((qid, q))
    items.extend(quote_items)
    inline: list[_Item] = []
    for (a, b), refs in cue_refs.items():
        corresp = " ".join("#" + qid for qid, _ in refs)
        first = refs[0][1]
        inline.append(_Item(a, b, 5, "seg", {"type": "cue", "corresp": corresp,
                                             "ana": f"#m.{first.method}",
                                             "cert": cert(first.confidence)}))
    for m in doc.mentions:
        a = {"ana": f"#m.{m.method}", "cert": cert(m.confidence)}
        if m.kind == "date":
            if m.when and _ISO_WHEN.match(m.when):
                a["when"] = m.when
            inline.append(_Item(m.start, m.end, 6, "date", a))
            continue
        if not m.ref or m.ref not in known:
            continue
        a["ref"] = "#" + m.ref
        if m.name:
            inline.append(_Item(m.start, m.end, 6, NAME_TAGS[m.kind], a))
        else:
            a["type"] = m.kind
            inline.append(_Item(m.start, m.end, 6, "rs", a))
    for mk in doc.marks:
        if mk.kind == "gap":
            inline.append(_Item(mk.start, mk.end, 4, "gap", {"reason": "editorial"}))
        elif mk.kind == "supplied":
            inline.append(_Item(mk.start, mk.end, 4, "supplied", {"reason": "editorial"}))
        else:
            inline.append(_Item(mk.start, mk.end, 4, "soCalled"))
    items.extend(inline)
    return items


_NAMES = {"persName", "placeName", "orgName"}
_INLINE = {"said", "rs", "date", "seg", "gap", "supplied", "soCalled"} | _NAMES
# What each element may hold (schemas/corpus.rng); anything else is left unmarked.
_ALLOWED: dict[str, set[str]] = {
    "div": {"head", "argument", "dateline", "p"},
    "argument": {"p"},
    "p": _INLINE | {"s"},
    "head": _INLINE,
    "dateline": _INLINE,
    "s": _INLINE,
    "said": _INLINE,
    "rs": _NAMES | {"date"},
    "supplied": _NAMES | {"rs", "date"},
    "soCalled": _NAMES | {"rs", "date"},
}


def _nest(items: list[_Item], length: int) -> _Item:
    """Build the element tree; items that would cross an open element are dropped."""
    root = _Item(0, length, -1, "div")
    # Inline markup (marks, cues, names) with a block, sentence or quotation boundary strictly
    # inside it would cross or wrap that element: it is left unmarked, the structure is kept.
    bounds = sorted({x for i in items if i.level <= 3 for x in (i.start, i.end)})
    items = [
        i
        for i in items
        if i.level <= 3 or bisect_right(bounds, i.start) == bisect_left(bounds, i.end)
    ]
    items = sorted(items, key=lambda i: (i.start, -i.end, i.level))
    stack = [root]
    for it in items:
        while stack[-1] is not root and stack[-1].end <= it.start:
            stack.pop()
        parent = stack[-1]
        if it.end > parent.end or it.tag not in _ALLOWED.get(parent.tag, ()):
            continue  # crosses its parent's boundary (or may not sit in it): leave unmarked
        if it.level < parent.level and it.level <= 2:
            continue
        if it.tag == "s" and parent.tag != "p":
            continue
        parent.children.append(it)
        stack.append(it)
    return root



def _emit(parent: etree._Element, node: _Item, text: str) -> None:
    pos = node.start
    last: etree._Element | None = None
    for child in node.children:
        chunk = text[pos : child.start]
        if last is None:
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        el = etree.SubElement(parent, T + child.tag, child.attrs)
        if child.tag == "gap":
            desc = etree.SubElement(el, T + "desc")
            desc.text = text[child.start : child.end]
        else:
            _emit(el, child, text)
        last = el
        pos = child.end
    chunk = text[pos : node.end]
    if last is None:
        parent.text = (parent.text or "") + chunk
    else:
        last.tail = (last.tail or "") + chunk


def _body(doc: Document, div: etree._Element) -> None:
    text = doc.article.text
    tree = _nest(_body_items(doc), len(text))
    _emit(div, tree, text)


# ---------------------------------------------------------------------------------------------
# Reading TEI back


def _parse(source: Path | bytes) -> etree._ElementTree:
    try:
        from corpus.xmlsafe import parse_xml
    except ImportError:  # pragma: no cover - xmlsafe is part of the package
        parse_xml = None
    if parse_xml is not None:
        return parse_xml(source)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    data = source.read_bytes() if isinstance(source, Path) else source
    return etree.ElementTree(etree.fromstring(data, parser))


def read_tei(source: Path | str | bytes) -> Document:
    """Recover the Document (text, blocks, sentences, mentions, quotations, marks) from TEI."""
    if isinstance(source, str):
        source = Path(source)
    name = str(source) if isinstance(source, Path) else "<bytes>"
    tree = _parse(source)
    root = tree.getroot()
    if root.tag != T + "TEI":
        raise InvalidTEI(
            f"{name}: root element is {root.tag!r}, expected TEI: "
            "pass files written by `corpus annotate`"
        )
    div = root.find(f"{T}text/{T}body/{T}div")
    if div is None:
        raise InvalidTEI(f"{name}: no text/body/div: pass files written by `corpus annotate`")
    walker = _Walker()
    walker.walk(div)
    text = "".join(walker.parts)
    hdr = root.find(T + "teiHeader")
    meta = _read_header(hdr) if hdr is not None else {}
    entities = _read_entities(root)
    art = Article(
        doc_id=root.get(XML_ID, ""),
        text=text,
        blocks=tuple(walker.blocks),
        title=meta.get("title", ""),
        place=meta.get("place", ""),
        date=meta.get("date", ""),
        agency=meta.get("agency", ""),
        url=meta.get("url", ""),
        source=meta.get("source", ""),
        record=int(meta["record"]) if meta.get("record", "").isdigit() else None,
        standfirst=next((text[b.start : b.end] for b in walker.blocks if b.kind == "argument"), ""),
        language=root.get(XML_LANG, "en"),
    )
    return Document(
        article=art,
        sentences=tuple(walker.sentences),
        entities=tuple(entities),
        mentions=tuple(sorted(walker.mentions, key=lambda m: (m.start, -m.end))),
        quotations=tuple(walker.quotations(text)),
        marks=tuple(walker.marks),
    )


def _read_header(hdr: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    bibl = hdr.find(f"{T}fileDesc/{T}sourceDesc/{T}bibl")
    title = hdr.find(f"{T}fileDesc/{T}titleStmt/{T}title")
    if title is not None:
        out["title"] = title.text or ""
    if bibl is not None:
        for tag, key in (("publisher", "agency"), ("pubPlace", "place")):
            el = bibl.find(T + tag)
            if el is not None:
                out[key] = el.text or ""
        d = bibl.find(T + "date")
        if d is not None:
            out["date"] = d.get("when", "")
        for idno in bibl.findall(T + "idno"):
            key = {"file": "source", "record": "record", "URI": "url"}.get(idno.get("type", ""))
            if key:
                out[key] = idno.text or ""
    return out


def _read_entities(root: etree._Element) -> list[Entity]:
    out: list[Entity] = []
    for p in root.iter(T + "person"):
        name = p.findtext(T + "persName") or ""
        role = p.findtext(T + "occupation") or ""
        out.append(Entity(p.get(XML_ID, ""), "person", name, role, anonymous=_anonymous(p)))
    for p in root.iter(T + "place"):
        out.append(Entity(p.get(XML_ID, ""), "place", p.findtext(T + "placeName") or ""))
    for o in root.iter(T + "org"):
        name = o.findtext(T + "orgName") or ""
        out.append(Entity(o.get(XML_ID, ""), "org", name, anonymous=_anonymous(o)))
    return out


def _anonymous(el: etree._Element) -> bool:
    """The speaker type written by :func:`_speaker_type` (absent: named, as before types)."""
    return "#sp.anonymous" in (el.get("ana") or "").split()


def _method(el: etree._Element, default: str) -> str:
    for token in (el.get("ana") or "").split():
        if token.startswith("#m."):
            return token[3:]
    return default


class _Walker:
    """Collects the body text and element spans in one depth-first pass."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.sentences: list[Span] = []
        self.mentions: list[Mention] = []
        self.marks: list[Mark] = []
        self.saids: list[tuple[int, int, etree._Element]] = []
        self.cues: dict[str, Span] = {}

    def _text(self, s: str | None) -> None:
        if s:
            self.parts.append(s)
            self.pos += len(s)

    def walk(self, el: etree._Element) -> None:
        self._text(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                self._text(child.tail)
                continue
            start = self.pos
            tag = etree.QName(child).localname
            if tag == "gap":
                desc = child.find(T + "desc")
                self._text(desc.text if desc is not None else "")
            else:
                self.walk(child)
            end = self.pos
            self._record(child, tag, start, end)
            self._text(child.tail)

    def _record(self, el: etree._Element, tag: str, start: int, end: int) -> None:
        if tag in ("head", "dateline") or (
            tag == "p" and etree.QName(el.getparent()).localname == "div"
        ):
            self.blocks.append(Block(tag if tag != "p" else "p", start, end))  # type: ignore[arg-type]
        elif tag == "argument":
            self.blocks.append(Block("argument", start, end))
        elif tag == "s":
            self.sentences.append(Span(start, end))
        elif tag == "said":
            self.saids.append((start, end, el))
        elif tag in TAG_KINDS or tag == "rs":
            ref = (el.get("ref") or "").lstrip("#")
            kind = TAG_KINDS.get(tag) or el.get("type", "person")
            self.mentions.append(
                Mention(
                    start,
                    end,
                    kind,
                    ref,
                    name=tag != "rs",  # type: ignore[arg-type]
                    method=_method(el, "ner"),
                    confidence=_confidence(el.get("cert")),
                )
            )
        elif tag == "date":
            self.mentions.append(
                Mention(
                    start,
                    end,
                    "date",
                    "",
                    when=el.get("when", ""),
                    method=_method(el, "ner"),
                    confidence=_confidence(el.get("cert")),
                )
            )
        elif tag in ("gap", "supplied", "soCalled"):
            self.marks.append(Mark(start, end, tag))  # type: ignore[arg-type]
        elif tag == "seg" and el.get("type") == "cue":
            for ref in (el.get("corresp") or "").split():
                self.cues[ref.lstrip("#")] = Span(start, end)
        self.blocks.sort(key=lambda b: b.start)

    def quotations(self, text: str) -> list[Quotation]:
        by_id = {el.get(XML_ID): (s, e, el) for s, e, el in self.saids}
        out: list[Quotation] = []
        for s, e, el in sorted(self.saids, key=lambda x: x[0]):
            if el.get("prev"):
                continue
            frags = [(s, e)]
            nxt = el.get("next")
            seen = set()
            while nxt and nxt.lstrip("#") in by_id and nxt not in seen:
                seen.add(nxt)
                fs, fe, nel = by_id[nxt.lstrip("#")]
                frags.append((fs, fe))
                nxt = nel.get("next")
            end = frags[-1][1]
            # Fragments cut at sentence boundaries touch across whitespace; anything else
            # between two fragments is the attribution that interrupts the quotation.
            parts: list[Span] = []
            for fs, fe in frags:
                if parts and not text[parts[-1].end : fs].strip():
                    parts[-1] = Span(parts[-1].start, fe)
                else:
                    parts.append(Span(fs, fe))
            ana = (el.get("ana") or "").split()
            kind = next((t[3:] for t in ana if t.startswith("#q.")), None)
            if kind is None:
                kind = "direct" if el.get("direct", "true") == "true" else "indirect"
            qid = el.get(XML_ID, "")
            out.append(
                Quotation(
                    s,
                    end,
                    kind,  # type: ignore[arg-type]
                    speaker=(el.get("who") or "").lstrip("#"),
                    cue=self.cues.get(qid),
                    reported_by=(el.get("source") or "").lstrip("#"),
                    method=_method(el, "rule"),
                    confidence=_confidence(el.get("cert")),
                    parts=tuple(parts) if len(parts) > 1 else (),
                )
            )
        return out


def body_text(tree_or_root: Any) -> str:
    """All text of the TEI body in document order (gap descriptions included)."""
    root = tree_or_root.getroot() if hasattr(tree_or_root, "getroot") else tree_or_root
    body = root.find(f"{T}text/{T}body")
    return "".join(body.itertext()) if body is not None else ""
