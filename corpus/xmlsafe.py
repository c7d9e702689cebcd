"""Parse XML without trusting it: no DTDs, no entities, no file or network access.

TEI documents in this project never use a DOCTYPE, so any DOCTYPE (internal subset, entity
declarations, an external DTD) is refused outright. The parser itself is also locked down
(no DTD loading, no entity resolution, no network, no huge trees, and a resolver that refuses
every external resource), so nothing outside the document is ever read, even before the
DOCTYPE is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from corpus.errors import InvalidTEI

__all__ = ["MalformedXML", "parse_xml"]

_ADVICE = (
    "corpus TEI never uses a DOCTYPE or entities: remove the <!DOCTYPE ...> declaration and "
    "write characters directly (or as &#NNNN; references) instead of entity references"
)
_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2""")
_LINE_COLUMN = re.compile(r",? line \d+, column \d+$")
# The prolog (XML declaration, comments, processing instructions, white space) then a DOCTYPE.
_PROLOG_DOCTYPE = re.compile(r"\A\ufeff?(?:\s+|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.DOTALL)
_EXTERNAL_ID = re.compile(
    r"""<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+(?:"([^"]*)"|'([^']*)')"""
)


class MalformedXML(InvalidTEI):
    """A document that is not well-formed XML, or is refused as unsafe (it has a DOCTYPE)."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}:{line}: {reason}" if line else f"{file}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


class _RefuseResolver(etree.Resolver):
    """Refuses every external resource libxml2 asks for (DTDs, entities, XIncludes)."""

    def resolve(self, system_url, public_id, context):
        return self.resolve_string("", context)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        collect_ids=False,  # duplicate xml:ids are reported by validation, not a parse error
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
        recover=False,
    )
    parser.resolvers.add(_RefuseResolver())
    return parser


def _display_name(source: bytes | str | Path, name: str | None) -> str:
    if name is not None:
        return name
    if isinstance(source, Path):
        return str(source)
    return "<string>"


def _as_text(data: bytes | str) -> str:
    """Enough of a decoding to look for markup in the prolog (which is ASCII)."""
    if isinstance(data, str):
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


def _refuse_doctype(display: str, line: int, detail: str = "") -> MalformedXML:
    return MalformedXML(
        display,
        line,
        f"refused: the document has a DOCTYPE{detail}; it was neither loaded nor expanded "
        f"({_ADVICE})",
    )


def _line_of(data: bytes | str, needle: str) -> int:
    """1-based line where `needle` first occurs in `data` (1 when not found)."""
    text = _as_text(data)
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def parse_xml(source: bytes | str | Path, *, name: str | None = None) -> etree._ElementTree:
    """Parse an XML document safely and return its tree.

    `source` is a `Path` to a file, the document as `bytes`, or the document as `str`
    (a `str` that does not start with '<' after leading white space is taken as a path).
    `name` is how errors refer to the document (default: the path, or '<string>').

    Raises `MalformedXML` (an `InvalidTEI`), naming the document and line, when it cannot be
    read, is not well-formed, or has a DOCTYPE (which would declare entities or pull in a
    DTD). Duplicate xml:ids are not a parse error: `corpus.validate` reports them.
    """
    if isinstance(source, str) and not source.lstrip("\ufeff \t\r\n").startswith("<"):
        source = Path(source)
    display = _display_name(source, name)
    base_url: str | None = None
    data: bytes | str
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise MalformedXML(display, 0, f"cannot read the file: {exc.strerror or exc}") from exc
        base_url = str(source)
    elif isinstance(source, bytes):
        data = source
    elif isinstance(source, str):
        # lxml refuses str input that declares an encoding; the str is already decoded.
        data = _XML_DECL_ENCODING.sub(r"\1", source, count=1)
    else:
        raise TypeError(f"parse_xml() takes bytes, str or Path, not {type(source).__name__}")

    text = _as_text(data)
    if _PROLOG_DOCTYPE.match(text):
        found = []
        external = _EXTERNAL_ID.search(text)
        if external:
            found.append(f"an external DTD {external.group(1) or external.group(2)!r}")
        if "<!ENTITY" in text:
            found.append("entity declarations")
        detail = f" with {' and '.join(found)}" if found else ""
        raise _refuse_doctype(display, _line_of(text, "<!DOCTYPE"), detail)
    try:
        root = etree.fromstring(data, _parser(), base_url=base_url)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = _LINE_COLUMN.sub("", exc.msg or str(exc))
        if "Entity" in message or "ENTITY" in message or "DOCTYPE" in message:
            raise MalformedXML(display, line, f"refused: {message} ({_ADVICE})") from exc
        raise MalformedXML(
            display,
            line,
            f"not well-formed XML (column {column}): {message}; fix the document at that place",
        ) from exc
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        what = []
        if docinfo.system_url:
            what.append(f"an external DTD {docinfo.system_url!r}")
        if docinfo.public_id:
            what.append(f"public id {docinfo.public_id!r}")
        dtd = docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            what.append("entity declarations")
        detail = f" with {', '.join(what)}" if what else ""
        raise _refuse_doctype(display, _line_of(data, "<!DOCTYPE"), detail)
    return tree
