"""Validate TEI documents against the project's schemas; every finding is a `Problem`.

- ``schemas/corpus.rng`` (RELAX NG): the shape, strict. The grammar's start is picked per
  document (article TEI, KWIC-export TEI or teiCorpus), so errors point at the real place
  instead of at the failed alternatives.
- ``schemas/corpus.sch`` (ISO Schematron): pointers resolve, next/prev are reciprocal, ids are
  unique, quotation kinds agree with @direct.
- TEI P5 ``tei_all.rng`` from the shared data, when present (``tei_all=None``) or on demand.
- Files are parsed with `corpus.xmlsafe.parse_xml`; a file that is not well-formed or is
  refused as unsafe gives one Problem with schema ``'xml'``.

Schemas are compiled once per process (compiling tei_all takes seconds, the project's own
schemas milliseconds). A compiled validator keeps its last error log, so each use of one holds
a lock: threads may call `validate` but validate one document at a time.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree, isoschematron

from corpus import settings
from corpus.errors import InvalidTEI
from corpus.xmlsafe import MalformedXML, parse_xml

__all__ = ["Problem", "SchemaName", "tei_all_path", "validate", "validate_many"]

SchemaName = Literal["corpus.rng", "corpus.sch", "tei_all", "xml"]

_RNG_NS = "http://relaxng.org/ns/structure/1.0"
_SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
_TEI = f"{{{settings.TEI_NS}}}"
_LOCK = threading.RLock()  # a validator's error log / report is per object, not per call


@dataclass(frozen=True)
class Problem:
    """One finding: where (file, 1-based line; 0 when unknown), what, and which schema said so."""

    file: str
    line: int
    message: str
    schema: SchemaName

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message} [{self.schema}]"


def tei_all_path() -> Path | None:
    """The shared TEI P5 tei_all.rng, or None when the shared data is not there."""
    path = settings.SHARED_DIR / "data" / "tei" / "tei_all.rng"
    return path if path.is_file() else None


# ---------------------------------------------------------------- compiled schemas (cached)


def _load_schema_doc(path: Path) -> etree._ElementTree:
    try:
        return parse_xml(path)
    except InvalidTEI as exc:
        raise InvalidTEI(f"cannot load schema {path}: {exc}") from exc


@functools.cache
def _corpus_rng(start: str) -> etree.RelaxNG:
    """corpus.rng with its start narrowed to one document shape (a define name)."""
    grammar = copy.deepcopy(_load_schema_doc(settings.SCHEMAS_DIR / "corpus.rng"))
    root = grammar.getroot()
    (old_start,) = root.findall(f"{{{_RNG_NS}}}start")
    new_start = etree.Element(f"{{{_RNG_NS}}}start")
    etree.SubElement(new_start, f"{{{_RNG_NS}}}ref", name=start)
    root.replace(old_start, new_start)
    try:
        return etree.RelaxNG(grammar)
    except etree.RelaxNGParseError as exc:
        raise InvalidTEI(f"schemas/corpus.rng does not compile: {exc}") from exc


@functools.cache
def _corpus_sch() -> isoschematron.Schematron:
    doc = _load_schema_doc(settings.SCHEMAS_DIR / "corpus.sch")
    try:
        return isoschematron.Schematron(doc, store_report=True)
    except (etree.SchematronParseError, etree.XSLTParseError) as exc:
        raise InvalidTEI(f"schemas/corpus.sch does not compile: {exc}") from exc


@functools.cache
def _tei_all_rng(path: Path) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(_load_schema_doc(path))
    except etree.RelaxNGParseError as exc:
        raise InvalidTEI(f"{path} does not compile: {exc}") from exc


# ---------------------------------------------------------------- checks


def _start_for(root: etree._Element) -> str:
    if root.tag == f"{_TEI}teiCorpus":
        return "teiCorpus"
    if root.find(f"{_TEI}text/{_TEI}body/{_TEI}div[@type='kwic']") is not None:
        return "TEI.kwic"
    return "TEI.article"


def _relaxng_problems(
    rng: etree.RelaxNG, tree: etree._ElementTree, file: str, schema: SchemaName
) -> list[Problem]:
    with _LOCK:
        if rng.validate(tree):
            return []
        entries = list(rng.error_log)
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for entry in entries:
        message = entry.message
        where = _readable_path(tree, entry.path)
        if where:
            message = f"{message} (at {where})"
        key = (entry.line or 0, message)
        if key not in seen:
            seen.add(key)
            problems.append(Problem(file, entry.line or 0, message, schema))
    return problems


def _readable_path(tree: etree._ElementTree, path: str | None) -> str:
    """'/*/*[2]/*' (libxml2's path of an error) as '/TEI/text/body' (local names)."""
    if not path:
        return ""
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return ""
    if not found or not isinstance(found[0], etree._Element):
        return ""
    steps = []
    node: etree._Element | None = found[0]
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


def _schematron_problems(tree: etree._ElementTree, file: str) -> list[Problem]:
    schematron = _corpus_sch()
    with _LOCK:
        if schematron.validate(tree):
            return []
        report = schematron.validation_report
    problems: list[Problem] = []
    for finding in report.iter(f"{{{_SVRL_NS}}}failed-assert", f"{{{_SVRL_NS}}}successful-report"):
        text = finding.find(f"{{{_SVRL_NS}}}text")
        message = " ".join("".join(text.itertext()).split()) if text is not None else ""
        line = _line_at(tree, finding.get("location"))
        problems.append(Problem(file, line, message, "corpus.sch"))
    return problems


def _line_at(tree: etree._ElementTree, location: str | None) -> int:
    """The source line of the node an SVRL location (an XPath) names; 0 when unknown."""
    if not location:
        return 0
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return 0
    node = found[0] if isinstance(found, list) and found else None
    if isinstance(node, etree._Element):
        return node.sourceline or 0
    parent = getattr(node, "getparent", None)
    owner = parent() if parent is not None else None
    return (owner.sourceline or 0) if isinstance(owner, etree._Element) else 0


def validate(
    path_or_tree: str | Path | bytes | etree._ElementTree | etree._Element,
    *,
    tei_all: bool | None = None,
) -> list[Problem]:
    """Validate one document; return its problems (an empty list when it is valid).

    `path_or_tree` is a path (str or Path), the document's bytes, or a parsed tree or root
    element. `tei_all`: True validates against TEI P5 tei_all too (raises `InvalidTEI` when
    tei_all.rng is absent), False never does, None (default) does when tei_all.rng is present.
    """
    tei_all_schema = None
    if tei_all is None or tei_all:
        tei_all_schema = tei_all_path()
        if tei_all_schema is None and tei_all:
            raise InvalidTEI(
                f"cannot validate against tei_all: {settings.SHARED_DIR / 'data/tei/tei_all.rng'} "
                "is missing; put TEI P5's tei_all.rng there, or pass tei_all=None to skip it"
            )

    if isinstance(path_or_tree, etree._ElementTree | etree._Element):
        tree = (
            path_or_tree
            if isinstance(path_or_tree, etree._ElementTree)
            else path_or_tree.getroottree()
        )
        file = str(tree.docinfo.URL) if tree.docinfo.URL else "<tree>"
    else:
        file = "<bytes>" if isinstance(path_or_tree, bytes) else str(path_or_tree)
        source = path_or_tree if isinstance(path_or_tree, bytes) else Path(path_or_tree)
        try:
            tree = parse_xml(source, name=file)
        except MalformedXML as exc:
            return [Problem(exc.file, exc.line, exc.reason, "xml")]

    problems = _relaxng_problems(_corpus_rng(_start_for(tree.getroot())), tree, file, "corpus.rng")
    problems += _schematron_problems(tree, file)
    if tei_all_schema is not None:
        problems += _relaxng_problems(_tei_all_rng(tei_all_schema), tree, file, "tei_all")
    return problems


def validate_many(
    paths: Iterable[str | Path], *, tei_all: bool | None = None
) -> Iterator[tuple[Path, list[Problem]]]:
    """Validate each file in turn, yielding (path, problems); schemas are compiled once."""
    for path in paths:
        path = Path(path)
        yield path, validate(path, tei_all=tei_all)
