"""JSON and JSON Lines articles: one record per article, field names declared as data.

Two record shapes are known and any record using the field names in :data:`FIELDS` works:

* TASS (``tass/politics-dev.json``): ``{title, description, date "YYYY-MM-DD hh:mm:ss", link,
  content: [paragraphs]}``; ``content[0]`` repeats the standfirst and is dropped, ``content[1]``
  opens with the dateline.
* Reuters-21578 (``reuters21578.jsonl``): ``{id, title, date ISO, dateline, body, ...}``; the
  body does *not* repeat the dateline, so the ``dateline`` field is put in front of the first
  paragraph (the TEI body then holds it). The body is hard-wrapped at ~70 columns with each new
  paragraph indented; wrapped lines are joined with a space.

``Article.text`` is headline, standfirst and paragraphs joined with "\\n"; every piece is one
line (inner newlines of a field become spaces or paragraph breaks, see :func:`split_body`), so
offsets refer to this rebuilt text, not to the JSON file. Field text is cleaned like plain text
(CR/CRLF, XML-illegal characters) and loses any U+FEFF (stray BOMs of concatenated sources).

Limits: a string body with neither indented lines nor blank lines is read one paragraph per
line; with blank lines, the lines of a block are joined when they look hard-wrapped (all at most
:data:`WRAP_WIDTH` characters) and kept apart otherwise. Dates other than ISO 8601 and RFC 2822
are ignored (the dateline's month and day are used instead).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from corpus.errors import InputError
from corpus.ingest.dateline import Dateline, find_dateline, iso_date, parse_dateline_field
from corpus.ingest.decode import clean_text, decode_line
from corpus.ingest.ids import make_doc_id
from corpus.ingest.text import paragraph_blocks
from corpus.model import Article, Block, Rejected


@dataclass(frozen=True)
class RecordFields:
    """Field names a record may use for each piece of an article; the first present wins."""

    title: tuple[str, ...] = ("title", "headline")
    standfirst: tuple[str, ...] = ("description", "standfirst", "summary")
    body: tuple[str, ...] = ("content", "body", "text")
    date: tuple[str, ...] = ("date",)
    url: tuple[str, ...] = ("link", "url")
    dateline: tuple[str, ...] = ("dateline",)
    id: tuple[str, ...] = ("id",)
    agency: tuple[str, ...] = ("agency",)


FIELDS = RecordFields()

#: Agency by record shape when neither the dateline nor an ``agency`` field names one:
#: (field, or "@source" for the input file name; lower-case substring; agency).
AGENCY_RULES: tuple[tuple[str, str, str], ...] = (
    ("link", "tass", "TASS"),
    ("url", "tass", "TASS"),
    ("id", "reuters", "Reuters"),
    ("link", "reuters", "Reuters"),
    ("url", "reuters", "Reuters"),
    ("@source", "reuters", "Reuters"),
)

#: Longest line of a body that is read as hard-wrapped when it has blank-line paragraphs.
WRAP_WIDTH = 100

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WS = re.compile(r"\s+")
_JSON_WS = re.compile(r"[ \t\n\r]*")
_LEADING_JUNK = re.compile(r"^[\W\d_]+")


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value)


def _clean_field(text: str) -> str:
    # U+FEFF inside a field is a stray BOM from concatenated sources, never meant as text
    return clean_text(text).replace("\ufeff", "")


def one_line(value: Any) -> str:
    """A field value as one clean line: newlines (and the spaces around them) become a space."""
    text = _clean_field(_as_text(value))
    if "\n" in text:
        text = re.sub(r"\s*\n\s*", " ", text)
    return text.strip()


def split_body(text: str) -> list[str]:
    """Cut a body string into one-line paragraphs (see the module docstring for the rules)."""
    lines = _clean_field(text).split("\n")
    indented = any(line[:1].isspace() and line.strip() for line in lines[1:])
    has_blank = any(not line.strip() for line in lines)
    wrapped = has_blank and max(len(line.rstrip()) for line in lines) <= WRAP_WIDTH
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif indented:
            if line[:1].isspace():
                flush()
            current.append(stripped)
        elif wrapped:
            current.append(stripped)
        else:
            flush()
            current.append(stripped)
    flush()
    return paragraphs


def body_paragraphs(value: Any) -> list[str]:
    """Paragraphs from a body field: a list of paragraphs or a single string."""
    items = value if isinstance(value, list) else [value]
    paragraphs: list[str] = []
    for item in items:
        text = _as_text(item)
        if text.strip():
            paragraphs.extend(split_body(text))
    return paragraphs


def record_date(value: Any) -> str:
    """``YYYY-MM-DD`` from an ISO 8601 or RFC 2822 date field, "" when unreadable."""
    text = _as_text(value).strip()
    if not text:
        return ""
    m = _ISO_DATE.match(text)
    try:
        if m:
            return Date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        return parsedate_to_datetime(text).date().isoformat()
    except (ValueError, TypeError, IndexError):
        return ""


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return _WS.sub(" ", s).strip().rstrip(".…").strip().casefold()

    return bool(a) and bool(b) and norm(a) == norm(b)


def _record_agency(record: dict[str, Any], source: str) -> str:
    named = one_line(_first(record, FIELDS.agency))
    if named:
        return named
    for field, needle, agency in AGENCY_RULES:
        value = source if field == "@source" else _as_text(record.get(field))
        if needle in value.lower():
            return agency
    return ""


def _join_dateline(field: str, paragraph: str) -> str:
    if not paragraph:
        return field
    if re.search(r"[^\W\d_]-$", field) and paragraph[:1].islower():
        return field + paragraph  # "...anti-" + "inflation plan": a word broken by the feed
    return f"{field} {paragraph}"


def article_from_record(record: dict[str, Any], source: str = "", record_no: int = 1) -> Article:
    """Build an :class:`Article` from one JSON record; raise InputError when it has no body."""
    if not isinstance(record, dict):
        kind = type(record).__name__
        raise InputError(f"JSON record is a {kind}, not an object: give one object per article")
    title = one_line(_first(record, FIELDS.title))
    standfirst = one_line(_first(record, FIELDS.standfirst))
    paragraphs = body_paragraphs(_first(record, FIELDS.body))
    if not paragraphs:
        names = " or ".join(repr(n) for n in FIELDS.body[:2])
        raise InputError(f"JSON record has no body text ({names}): add the article body")
    while len(paragraphs) > 1 and (_same(paragraphs[0], standfirst) or _same(paragraphs[0], title)):
        paragraphs.pop(0)  # TASS: content[0] repeats the standfirst

    field = _LEADING_JUNK.sub("", one_line(_first(record, FIELDS.dateline)))
    if field and not paragraphs[0].startswith(field):
        paragraphs[0] = _join_dateline(field, paragraphs[0])
    dateline: Dateline | None = find_dateline(paragraphs[0])
    if dateline is None and field:
        dateline = parse_dateline_field(field)

    pieces: list[tuple[str, str]] = []
    if title:
        pieces.append(("head", title))
    if standfirst:
        pieces.append(("argument", standfirst))
    pieces.extend(("p", p) for p in paragraphs)
    text = "\n".join(piece for _, piece in pieces)
    blocks: list[Block] = []
    offset = 0
    for index, (kind, piece) in enumerate(pieces):
        end = offset + len(piece)
        if kind != "p":
            blocks.append(Block(kind, offset, end))  # type: ignore[arg-type]
        elif index == len(pieces) - len(paragraphs):
            blocks.extend(paragraph_blocks(text, offset, end, dateline))
        else:
            blocks.append(Block("p", offset, end))
        offset = end + 1
    if not any(b.kind == "p" for b in blocks):
        raise InputError("JSON record has only a dateline for body text: add the article body")

    agency = (dateline.agency if dateline else "") or _record_agency(record, source)
    date = record_date(_first(record, FIELDS.date))
    if not date and dateline:
        date = iso_date(dateline.year, dateline.month, dateline.day)
    record_id = _as_text(_first(record, FIELDS.id)).strip()
    return Article(
        doc_id=make_doc_id(
            title=title,
            agency=agency,
            date=date,
            record_id=record_id,
            source=source,
            record=record_no,
        ),
        text=text,
        blocks=tuple(blocks),
        title=title,
        standfirst=standfirst,
        place=dateline.place if dateline else "",
        date=date,
        agency=agency,
        url=one_line(_first(record, FIELDS.url)),
        source=source,
        record=record_no,
    )


def _record_or_reject(value: Any, source: str, record_no: int) -> Article | Rejected:
    try:
        return article_from_record(value, source, record_no)
    except InputError as err:
        return Rejected(source, record_no, str(err))


def iter_json_text(text: str, source: str) -> Iterator[Article | Rejected]:
    """Records of a JSON document: a list of records, one record, or records one after another
    (JSON Lines in a .json file). The list is walked element by element, never built whole.

    After a syntax error inside a list nothing more can be read; between top-level records the
    reader skips to the next line and goes on.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    decoder = json.JSONDecoder()
    size = len(text)
    pos = _JSON_WS.match(text, 0).end()  # type: ignore[union-attr]
    if pos == size:
        yield Rejected(source, None, "empty file: nothing to ingest")
        return
    record_no = 0
    if text[pos] == "[":
        pos += 1
        while True:
            pos = _JSON_WS.match(text, pos).end()  # type: ignore[union-attr]
            if pos < size and text[pos] == "]" and record_no == 0:
                pos += 1
                break
            try:
                value, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as err:
                yield _invalid(source, record_no + 1, err)
                return
            record_no += 1
            yield _record_or_reject(value, source, record_no)
            pos = _JSON_WS.match(text, pos).end()  # type: ignore[union-attr]
            if pos < size and text[pos] == ",":
                pos += 1
                continue
            if pos < size and text[pos] == "]":
                pos += 1
                break
            err = json.JSONDecodeError("expected ',' or ']' after a record", text, pos)
            yield _invalid(source, record_no + 1, err)
            return
        pos = _JSON_WS.match(text, pos).end()  # type: ignore[union-attr]
        if pos < size:
            err = json.JSONDecodeError("extra data after the list of records", text, pos)
            yield _invalid(source, None, err)
        return
    while pos < size:
        record_no += 1
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            yield _invalid(source, record_no, err)
            nl = text.find("\n", err.pos)
            if nl < 0:
                return
            pos = nl + 1
        else:
            if isinstance(value, list):
                yield Rejected(
                    source,
                    record_no,
                    "a JSON list after other records: give one list of records, "
                    "or one record per line",
                )
            else:
                yield _record_or_reject(value, source, record_no)
        pos = _JSON_WS.match(text, pos).end()  # type: ignore[union-attr]


def _invalid(source: str, record_no: int | None, err: json.JSONDecodeError) -> Rejected:
    return Rejected(
        source,
        record_no,
        f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}; fix the file",
    )


def iter_jsonl(stream: BinaryIO, source: str) -> Iterator[Article | Rejected]:
    """Records of a JSON Lines stream, read line by line; the record number is the line number.

    A bad line is rejected and reading goes on with the next one.
    """
    for line_no, raw in enumerate(stream, 1):
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            value = json.loads(decode_line(raw))
        except json.JSONDecodeError as err:
            yield Rejected(
                source,
                line_no,
                f"invalid JSON at line {line_no}, column {err.colno}: {err.msg}; "
                "fix or remove the line",
            )
            continue
        yield _record_or_reject(value, source, line_no)
