"""Plain-text articles: two layouts, told apart from the shape of the opening lines.

*Wire layout* (TASS as copied from the site, the project sample)::

    Headline
    Standfirst
    MOSCOW, February 12. /TASS/. First paragraph...
    Second paragraph...

*Blank-line layout* (BBC, PolNeAR)::

    Headline
    [Standfirst]          <- only when it follows the headline with no blank line between

    First paragraph...

    Second paragraph...

How the layout is decided (the limits of the heuristic):

* The text is cut into lines; every non-blank line is one block (a block never holds a newline),
  so a paragraph hard-wrapped over several lines becomes several ``p`` blocks, and a blank-line
  paragraph is not joined to the next. The text itself is never changed beyond the cleaning in
  :mod:`corpus.ingest.decode` (a leading BOM, CRs, XML-illegal characters, trailing whitespace),
  so character offsets into a clean UTF-8 file with LF newlines stay valid.
* The first non-blank line is the headline when it is *headline-like*: at most
  :data:`HEADLINE_MAX_WORDS` words and :data:`HEADLINE_MAX_CHARS` characters, not opening with a
  dateline, and followed by at least one more line. Otherwise the article has no headline (its
  title is then empty and its id comes from the file name). A short first sentence of a
  headline-less file is therefore taken for a headline.
* The line right after the headline is the standfirst when no blank line separates them, it does
  not open with a dateline, more text follows it, and either (wire layout) the headline's run of
  consecutive non-blank lines has three or more lines, or (blank-line layout) the run is exactly
  the headline and this line. So in the wire layout a headline followed directly by a first
  paragraph without a dateline (a source without standfirst) has that paragraph taken for the
  standfirst; a standfirst set off by blank lines (some PolNeAR files) is read as a paragraph.
* The first paragraph is searched for a dateline (see :mod:`corpus.ingest.dateline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corpus.errors import InputError
from corpus.ingest.dateline import Dateline, find_dateline
from corpus.ingest.decode import clean_document
from corpus.ingest.ids import make_doc_id
from corpus.model import Article, Block

HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 250


@dataclass(frozen=True)
class Line:
    """A non-blank line: ``[start, end)`` spans its text without surrounding whitespace."""

    start: int
    end: int
    number: int  # 0-based line number in the text
    run: int  # index of the run of consecutive non-blank lines it belongs to


@dataclass(frozen=True)
class Layout:
    """The structure found in a plain text: blocks plus what they say about the article."""

    blocks: tuple[Block, ...]
    title: str
    standfirst: str
    dateline: Dateline | None
    name: str  # "wire", "blank-line" or "headless"


# Only XML whitespace may separate blocks (text directly in a TEI div is invalid), so other
# Unicode spaces (no-break, ideographic, U+2028) stay inside the block they touch.
XML_SPACE = " \t\r\n"


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in XML_SPACE:
        start += 1
    while end > start and text[end - 1] in XML_SPACE:
        end -= 1
    return start, end


def content_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with stripped spans, grouped into runs."""
    lines: list[Line] = []
    pos = 0
    run = -1
    previous_blank = True
    for number, segment in enumerate(text.split("\n")):
        stripped = segment.strip(XML_SPACE)
        if stripped:
            if previous_blank:
                run += 1
            start = pos + len(segment) - len(segment.lstrip(XML_SPACE))
            lines.append(Line(start, start + len(stripped), number, run))
            previous_blank = False
        else:
            previous_blank = True
        pos += len(segment) + 1
    return lines


def is_headline_like(line: str) -> bool:
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) <= HEADLINE_MAX_WORDS
        and find_dateline(line) is None
    )


def paragraph_blocks(text: str, start: int, end: int, dateline: Dateline | None) -> list[Block]:
    """Blocks for one paragraph span, split into dateline + p when a dateline opens it."""
    if dateline is None:
        return [Block("p", start, end)]
    dl_end = start + dateline.end
    blocks = [Block("dateline", start, dl_end)]
    p_start, p_end = _strip_span(text, dl_end, end)
    if p_start < p_end:
        blocks.append(Block("p", p_start, p_end))
    return blocks


def analyse(text: str) -> Layout:
    """Find the blocks of a cleaned plain text (see the module docstring for the rules)."""
    lines = content_lines(text)
    if not lines:
        raise InputError("empty file: no text left after removing control characters")

    def line_text(i: int) -> str:
        return text[lines[i].start : lines[i].end]

    n = len(lines)
    head = n >= 2 and is_headline_like(line_text(0))
    body_from = 0
    name = "headless"
    standfirst_line: int | None = None
    if head:
        body_from = 1
        run_size = sum(1 for line in lines if line.run == lines[0].run)
        second_in_run = lines[1].run == lines[0].run
        wire = run_size >= 3
        name = "wire" if wire else "blank-line"
        if (
            second_in_run
            and n >= 3
            and (wire or run_size == 2)
            and find_dateline(line_text(1)) is None
        ):
            standfirst_line = 1
            body_from = 2

    blocks: list[Block] = []
    title = standfirst = ""
    if head:
        blocks.append(Block("head", lines[0].start, lines[0].end))
        title = line_text(0)
    if standfirst_line is not None:
        line = lines[standfirst_line]
        blocks.append(Block("argument", line.start, line.end))
        standfirst = line_text(standfirst_line)
    first = lines[body_from]
    dateline = find_dateline(text[first.start : first.end])
    blocks.extend(paragraph_blocks(text, first.start, first.end, dateline))
    blocks.extend(Block("p", line.start, line.end) for line in lines[body_from + 1 :])
    if not any(b.kind == "p" for b in blocks):
        raise InputError(
            "no paragraph text: the article is only a headline and a dateline; add the article body"
        )
    return Layout(tuple(blocks), title, standfirst, dateline, name)


def article_from_text(text: str, source: str = "", **metadata: object) -> Article:
    """Read one plain-text article (either layout) into an :class:`Article`.

    ``text`` is cleaned first (BOM, CRLF/CR, XML-illegal characters, trailing whitespace), and
    that cleaned text is ``Article.text``. Keyword ``metadata`` (``url``, ``date``, ``record``,
    ``doc_id``...) overrides what the layout and the dateline give. Raises
    :class:`~corpus.errors.InputError` when no article text is left.
    """
    clean = clean_document(text)
    if not clean:
        raise InputError("empty file: nothing to ingest")
    layout = analyse(clean)
    dl = layout.dateline
    fields: dict[str, Any] = {
        "title": layout.title,
        "standfirst": layout.standfirst,
        "place": dl.place if dl else "",
        "date": dl.date if dl else "",
        "agency": dl.agency if dl else "",
        "url": "",
        "source": source,
        "record": None,
        "language": "en",
    }
    fields.update(metadata)
    doc_id = str(fields.pop("doc_id", "") or "") or make_doc_id(
        title=fields["title"],
        agency=fields["agency"],
        date=fields["date"],
        source=fields["source"],
        record=fields["record"],
    )
    return Article(doc_id=doc_id, text=clean, blocks=layout.blocks, **fields)
