"""Quotation marks and editorial marks: where quoted passages are.

Quotation marks are paired within each paragraph (straight and curly double quotes,
guillemets, TeX-style ``...'' and ''...''); a mark left open at the end of a paragraph
continues into the next paragraph when that one opens with a mark (the news convention for
long quotations). A closing mark that opens a paragraph opens a quotation there (”...”);
a straight mark after feet and inches (6'3") is no quotation mark, nor is a markup attribute
value left in the text (author="..."). Curly marks inside a passage opened with a straight
mark are nested quotes, unless no straight mark is left in the paragraph to close it. A
quoted Title Case title ("Face the Nation") or a quoted string with no letters is a title,
not a quotation.

Limits: single quotation marks are only scare quotes (‘x’, at most four words); quotations
inside quotations are not attributed separately.
"""

from __future__ import annotations

import re

from corpus.annotate.quotes.cues import word_set
from corpus.model import Article, Mark, Span

OPEN_MARKS = "“«„"
CLOSE_MARKS = "”»“"
STRAIGHT = '"'
GAP_RE = re.compile(r"<\s?(?:\.\.\.|…)\s?>|\[(?:\.\.\.|…)\]")
SUPPLIED_RE = re.compile(r"\((?:[^()\n]{1,80}?)\s[-–—]\s(?:[A-Z][A-Za-z]+|[A-Z]{2,})\)")
_INCHES = re.compile(r"\d['’]\s?\d{1,2}$")
_APOSTROPHE = re.compile(r'[A-Za-z]"(?:s|t|d|m|ll|re|ve)(?![A-Za-z])')
SCARE_RE = re.compile(r"‘[^‘’\n]{1,60}’(?![A-Za-z])")


def _closes_here(text: str, i: int, end: int) -> bool:
    """Whether the straight mark at i can only close: a word or sentence punctuation right
    before it, a space, a dash-free punctuation mark or the paragraph's end right after."""
    before = text[i - 1 : i]
    after = text[i + 1 : i + 2] if i + 1 < end else ""
    return (
        bool(before)
        and (before.isalnum() or before in ".,!?;")
        and (after == "" or after.isspace() or after in ",.;:)!?")
    )


def _reopens_here(text: str, i: int, end: int) -> bool:
    """Whether the straight mark at i, inside an open quotation, starts a new paragraph of it:
    a finished sentence and a space before it, a word right after."""
    return (
        i >= 2
        and text[i - 1].isspace()
        and text[i - 2] in ".!?"
        and i + 1 < end
        and text[i + 1].isalnum()
    )


def find_marks(text: str) -> list[Mark]:
    """Editorial gaps (<...>), supplied insertions ((Biden - TASS)) and scare quotes (‘x’)."""
    marks = [Mark(m.start(), m.end(), "gap") for m in GAP_RE.finditer(text)]
    marks += [Mark(m.start(), m.end(), "supplied") for m in SUPPLIED_RE.finditer(text)]
    marks += [
        Mark(m.start(), m.end(), "soCalled")
        for m in SCARE_RE.finditer(text)
        if len(m.group().split()) <= 4
    ]
    return sorted(marks, key=lambda m: m.start)


def quote_spans(article: Article) -> list[tuple[Span, bool]]:
    """Spans of double-quoted passages (marks included) and whether each is left open.

    An unclosed quotation runs to the end of its paragraph and, when the next paragraph opens
    with a quotation mark, on into it.
    """
    text = article.text
    spans: list[tuple[Span, bool]] = []
    pending: int | None = None  # start of a quotation left open by the previous paragraph
    for block in article.blocks:
        if block.kind == "dateline":
            continue
        open_at: int | None = None
        open_ch = ""
        depth = 0  # curly quotations opened inside the open one ("... calls “hell” ...")
        first = True
        i = block.start - 1
        while i + 1 < block.end:
            i += 1
            ch = text[i]
            width = 1
            if ch in "'`" and text[i + 1 : i + 2] == ch and i + 1 < block.end:
                # TeX-style marks: ``open'' and ''straight'' (some wires write quotes so).
                ch, width = ("“" if ch == "`" else STRAIGHT), 2
            if ch not in OPEN_MARKS and ch not in CLOSE_MARKS and ch != STRAIGHT:
                continue
            if ch == STRAIGHT and width == 1 and _INCHES.search(text, max(0, i - 6), i):
                continue  # 6'3": feet and inches, not a quotation mark
            if ch == STRAIGHT and width == 1 and _APOSTROPHE.match(text, i - 1):
                continue  # 'China"s plans', 'don"t': an apostrophe typed as a double mark
            if open_at is None and ch == STRAIGHT and width == 1 and text[i - 1 : i] == "=":
                # A markup attribute left in the text (<tweet author="...">): no quotation.
                close = text.find(STRAIGHT, i + 1, block.end)
                if close > 0:
                    i = close
                    continue
            if open_at is None:
                if (
                    ch in CLOSE_MARKS
                    and ch not in OPEN_MARKS
                    and (text[block.start : i].strip() or pending is not None)
                ):
                    continue  # a stray closing mark (one opening a paragraph opens a quote)
                if (
                    ch == STRAIGHT
                    and width == 1
                    and not (first and pending is not None)
                    and _closes_here(text, i, block.end)
                ):
                    # 'Europe." When he ...': a straight mark glued to the word before it and
                    # followed by a space closes a quotation whose opening mark the text lost;
                    # taking it for an opening would swap quotation and narration after it.
                    first = False
                    continue
                # A first mark may continue a multi-paragraph quotation.
                open_at = pending if first and pending is not None else i
                open_ch = ch
                pending = None
            else:
                if ch in OPEN_MARKS and ch not in CLOSE_MARKS:
                    i += width - 1
                    continue
                if ch == "“" and open_ch == "“" and width == 1:
                    # “A “B” C”: an inner quotation opens (the English curly marks differ),
                    # unless a finished sentence before it shows a run-together paragraph
                    # of the same quotation (“A. “B.”).
                    if not _reopens_here(text, i, block.end):
                        depth += 1
                    continue
                if ch == "”" and depth:
                    depth -= 1
                    continue
                if open_ch == STRAIGHT and ch != STRAIGHT and STRAIGHT in text[i + 1 : block.end]:
                    continue  # "A “B” C": curly marks nest inside a straight-quoted passage
                if (
                    ch == STRAIGHT
                    and width == 1
                    and _reopens_here(text, i, block.end)
                    and STRAIGHT in text[i + 1 : block.end]
                ):
                    # '"A. "B. "C."': paragraphs of one long quotation run together, each
                    # reopened and none closed but the last; the mark after a finished sentence
                    # and before a word reopens, it does not close.
                    continue
                spans.append((Span(open_at, i + width), False))
                open_at = None
                depth = 0
            i += width - 1
            first = False
        if pending is not None:  # the next paragraph did not reopen: the quote ended here
            pending = None
        if open_at is not None:
            spans.append((Span(open_at, block.end), True))
            # Only a paragraph continues into the next one (never a headline or standfirst).
            pending = open_at if block.kind == "p" else None
    # A continued quotation was recorded once per paragraph: keep the longest per start.
    best: dict[int, tuple[Span, bool]] = {}
    for span, is_open in spans:
        if span.start not in best or span.end > best[span.start][0].end:
            best[span.start] = (span, is_open)
    return sorted(best.values(), key=lambda x: x[0].start)


_TITLE_SMALL = word_set("a an the of and or for in on at to with by from as vs. vs de la")


def title_like(quoted: str) -> bool:
    """A quoted title in Title Case ("Face the Nation", "Make Your Kid a Millionaire") or a
    string with no letters ("2015-12-02"): at most eight words, no sentence punctuation inside,
    every word but small function words capitalised."""
    body = quoted.strip("\"“”«»„'` \n").rstrip(",.")
    if not any(ch.isalpha() for ch in body):
        return bool(body)
    words = body.split()
    if len(words) < 2 or len(words) > 8 or re.search(r"[.!?;:]\s", body):
        return False
    if words[0].lower() in ("i", "we", "you"):
        return False
    return all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words
    ) and not all(w.isupper() for w in words)
