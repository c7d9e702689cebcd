"""Corpus statistics: frequency lists, collocates, n-gram clusters, keyness and dispersion.

Every function reads an index (see :func:`corpus.index.open_index`), streams its documents one
at a time from the ``body``/``quotes``/``meta`` columns and keeps only counters; it returns
frozen records and never prints. The CLI (``corpus.cli.stats``) renders them.

Tokens
    Statistics count the tokens the index counts: the stored article text is split with the
    index's own tokenizer pattern (:data:`corpus.index.TOKEN_PATTERN`, words of ``\\w``
    characters with inner dots kept: ``U.S.``, ``3.5``) and lowercased with ``str.lower`` as
    the index's LowercaseFilter does, unless ``case_sensitive``. So a word's frequency here is
    the number of hits `corpus kwic WORD` finds. No stemming; the NLTK downloader is never used.

Parts of the corpus
    :class:`corpus.query.Filters` select the part counted, with the same meaning as for KWIC:
    document filters (person, place, org, dates, agency, doc) select documents; hit filters
    (speaker, in_, direct, cue) keep the tokens whose *innermost* quotation passes them (as a
    KWIC hit is judged), so ``Filters(speaker="putin")`` counts the words inside Putin's
    quotations and ``Filters(in_="narration")`` the words outside any quotation.

Measures (:mod:`corpus.measures`) and the dispersion plot (:mod:`corpus.plot`) live apart:
this module counts.

Runs
    Windows and n-grams never leave the part of the text being counted: a *run* is a maximal
    stretch of consecutive counted tokens inside one line (block) of the text. Collocation
    windows stay inside the hit's run; n-grams stay inside a run and inside one sentence.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from corpus.errors import QueryError
from corpus.index import (
    EMPTY_QUOTES,
    TOKEN_RE,
    CorpusIndex,
    Quote,
    QuoteData,
    open_index,
    quote_index,
    read_info,
)
from corpus.measures import (  # noqa: F401 (MEASURES and Measure are part of this API)
    MEASURES,
    Measure,
    association,
    chi2_p,
    log_likelihood,
    log_ratio,
)
from corpus.query import (
    NO_FILTERS,
    Columns,
    Filters,
    ParsedQuery,
    doc_hits,
    filter_query,
    parse_query,
    quote_predicate,
    quote_verdicts,
)
from corpus.settings import COLLOCATE_WINDOW, MIN_FREQ

if TYPE_CHECKING:
    from whoosh.searching import Searcher

    IndexArg = str | os.PathLike[str] | CorpusIndex | None

Period = Literal["month", "year"]
Reference = Literal["all", "quote", "narration"]
Direction = Literal["over", "under", "both"]


NO_DATE = "(no date)"

# English function words (written for this project; NLTK's list needs its downloader).
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    s t d ll m o re ve y don didn doesn isn wasn weren aren hasn haven hadn won wouldn shouldn
    couldn mustn needn mightn shan ain
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreqRow:
    rank: int
    word: str
    freq: int
    per_million: float  # per million tokens of the counted part
    docs: int  # documents of the counted part the word occurs in


@dataclass(frozen=True)
class FreqResult:
    tokens: int  # tokens of the counted part (stop words included)
    types: int  # distinct word forms of the counted part
    docs: int  # documents with at least one counted token
    rows: tuple[FreqRow, ...]


@dataclass(frozen=True)
class Collocate:
    word: str
    observed: int  # occurrences inside the hits' windows
    expected: float  # window_tokens * frequency / corpus_tokens
    frequency: int  # corpus-wide frequency
    docs: int  # documents where it occurs in a window
    score: float


@dataclass(frozen=True)
class CollocatesResult:
    query: str
    measure: str
    window: int
    hits: int
    docs: int  # documents with hits
    window_tokens: int  # token positions inside the union of the windows (hits excluded)
    corpus_tokens: int
    rows: tuple[Collocate, ...]


@dataclass(frozen=True)
class NgramRow:
    ngram: str  # words joined by one space
    freq: int
    docs: int


@dataclass(frozen=True)
class NgramResult:
    n: int
    query: str | None
    total: int  # n-gram occurrences counted (before min_freq and limit)
    types: int  # distinct n-grams
    rows: tuple[NgramRow, ...]


@dataclass(frozen=True)
class KeyRow:
    word: str
    target_freq: int
    reference_freq: int
    target_per_million: float
    reference_per_million: float
    g2: float  # log-likelihood (Rayson & Garside), always >= 0
    log_ratio: float  # log2 of the ratio of relative frequencies (0.5 for a zero; Hardie 2014)
    p: float  # chi-square (1 d.f.) p-value of g2


@dataclass(frozen=True)
class KeynessResult:
    target: str  # a description of the target part
    reference: str
    target_tokens: int
    reference_tokens: int
    rows: tuple[KeyRow, ...]


@dataclass(frozen=True)
class PeriodRow:
    period: str  # YYYY-MM or YYYY, or "(no date)"
    hits: int
    hit_docs: int  # documents of the period with hits
    docs: int  # documents of the period (in the filtered part)
    words: int  # tokens of the period (in the filtered part)
    per_million: float | None  # hits per million words of the period; None without words


@dataclass(frozen=True)
class DispersionResult:
    query: str
    by: str
    hits: int
    hit_docs: int
    words: int
    periods_with_hits: int
    rows: tuple[PeriodRow, ...]
    periods_without_docs: int = 0  # dated periods between the first and the last with no document


# --- streaming documents ---------------------------------------------------------------------


def _docnums(searcher: Searcher, fq: Any | None) -> Iterable[int]:
    if fq is None:
        return searcher.reader().all_doc_ids()
    matcher = fq.matcher(searcher, searcher.boolean_context())
    return matcher.all_ids() if matcher.is_active() else ()


def _doc_level(filters: Filters) -> Filters:
    return dataclasses.replace(
        filters, speaker=None, speaker_type=None, in_=None, direct=None, cue=None
    )


def _keeper(
    qd: QuoteData | None, pred: Callable[[Quote | None], bool] | None
) -> Callable[[int, int], bool] | None:
    """A test of whether the token [a, b) is in the counted part (None: every token is)."""
    if pred is None:
        return None
    rows = qd.rows if qd is not None else ()
    keeps = quote_verdicts(pred, rows)
    if not rows:
        narration = keeps(-1)
        return lambda a, b: narration
    assert qd is not None

    def keep(a: int, b: int) -> bool:
        return keeps(quote_index(qd, a, b))

    return keep


@dataclass
class _Tokens:
    """The counted tokens of one document, as parallel lists; ``run`` numbers the runs."""

    starts: list[int]
    forms: list[str]
    run: list[int]


def _tokens(
    text: str,
    keep: Callable[[int, int], bool] | None,
    case_sensitive: bool,
    sent_starts: Sequence[int] = (),
) -> _Tokens:
    starts: list[int] = []
    forms: list[str] = []
    runs: list[int] = []
    run = -1
    open_ = False
    prev_end = 0
    si = 0
    n_sents = len(sent_starts)
    for m in TOKEN_RE.finditer(text):
        a, b = m.span()
        if keep is not None and not keep(a, b):
            open_ = False
            prev_end = b
            continue
        new = not open_ or "\n" in text[prev_end:a]
        while si < n_sents and sent_starts[si] <= a:
            if sent_starts[si] >= prev_end:
                new = True
            si += 1
        if new:
            run += 1
        open_ = True
        prev_end = b
        word = m.group()
        starts.append(a)
        forms.append(word if case_sensitive else word.lower())
        runs.append(run)
    return _Tokens(starts, forms, runs)


def _words(text: str, keep: Callable[[int, int], bool] | None, case_sensitive: bool) -> list[str]:
    if keep is None:
        words = TOKEN_RE.findall(text)
    else:
        words = [m.group() for m in TOKEN_RE.finditer(text) if keep(*m.span())]
    return words if case_sensitive else [w.lower() for w in words]


class _Cols:
    """The columns statistics read (through :class:`corpus.query.Columns`)."""

    def __init__(self, searcher: Searcher) -> None:
        self.columns = Columns(searcher)

    def text(self, docnum: int) -> str:
        return self.columns.text(docnum)

    def quotes(self, docnum: int) -> QuoteData:
        info = read_info(self.columns.info[docnum])
        return info.quote_data() if info is not None else EMPTY_QUOTES

    def date(self, docnum: int) -> str:
        info = read_info(self.columns.info[docnum])
        return str(info.date or "") if info is not None else ""

    def sent_starts(self, docnum: int) -> Sequence[int]:
        sents = self.columns.sents[docnum]
        return sents[0] if sents else ()


def _check_limits(min_freq: int, limit: int | None) -> None:
    if min_freq < 1:
        raise QueryError("min_freq must be at least 1", param="min_freq")
    if limit is not None and limit < 0:
        raise QueryError("limit must not be negative", param="limit")


def _cut(items: list[Any], limit: int | None) -> tuple[Any, ...]:
    return tuple(items if limit is None else items[:limit])


# --- frequency list --------------------------------------------------------------------------


def frequencies(
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    *,
    case_sensitive: bool = False,
    min_freq: int = MIN_FREQ["freq"],
    limit: int | None = None,
    stopwords: bool = True,
) -> FreqResult:
    """The word forms of the corpus (or of the part ``filters`` select), most frequent first.

    ``stopwords=False`` leaves :data:`STOPWORDS` out of the rows (they still count in
    ``tokens``, so ``per_million`` stays relative to the whole part).
    """
    _check_limits(min_freq, limit)
    fq = filter_query(filters)
    pred = quote_predicate(filters)
    counts: Counter[str] = Counter()
    doc_freq: Counter[str] = Counter()
    tokens = n_docs = 0
    cix = open_index(index)
    with cix.searcher() as searcher:
        if filters.speaker:  # the corpus-level speaker identity is the index's
            fq, pred = filter_query(filters, searcher), quote_predicate(filters, searcher)
        cols = _Cols(searcher)
        for docnum in _docnums(searcher, fq):
            keep = _keeper(cols.quotes(docnum), pred) if pred is not None else None
            words = _words(cols.text(docnum), keep, case_sensitive)
            if not words:
                continue
            n_docs += 1
            tokens += len(words)
            counts.update(words)
            doc_freq.update(set(words))
    ordered = sorted(
        (
            w
            for w, c in counts.items()
            if c >= min_freq and (stopwords or w.lower() not in STOPWORDS)
        ),
        key=lambda w: (-counts[w], w),
    )
    rows = [
        FreqRow(rank, w, counts[w], counts[w] * 1e6 / tokens, doc_freq[w])
        for rank, w in enumerate(ordered if limit is None else ordered[:limit], start=1)
    ]
    return FreqResult(tokens, len(counts), n_docs, tuple(rows))


# --- collocates ------------------------------------------------------------------------------


def _node_range(starts: list[int], a: int, b: int) -> tuple[int, int]:
    """Token indices [i, j) of the tokens a hit [a, b) covers."""
    return bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)


def _run_bounds(run: list[int], i: int, j: int) -> tuple[int, int]:
    """Token indices [lo, hi) of the run that token i lies in (j - 1 is in the same run)."""
    r = run[i]
    lo = i
    while lo > 0 and run[lo - 1] == r:
        lo -= 1
    hi = j
    while hi < len(run) and run[hi] == r:
        hi += 1
    return lo, hi


def collocates(
    query: str | ParsedQuery,
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    *,
    measure: str = "logdice",
    window: int = COLLOCATE_WINDOW,
    min_freq: int = MIN_FREQ["collocates"],
    limit: int | None = None,
    stopwords: bool = True,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> CollocatesResult:
    """Words that occur near the hits of ``query``, scored by an association measure.

    The window is ``window`` tokens left and right of each hit, inside the hit's run (so with
    hit filters such as ``speaker`` it stays inside the quotation). ``observed`` counts each
    token position once, however many windows it lies in; the hit tokens are left out.
    Frequencies and the corpus size are corpus-wide (the whole index, whatever the filters);
    ``min_freq`` applies to ``observed``. See :func:`association` for the measures.
    """
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; use one of: " + ", ".join(MEASURES))
    if window < 1:
        raise QueryError("window must be at least 1", param="window")
    _check_limits(min_freq, limit)
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    pred = quote_predicate(filters)
    corpus: Counter[str] = Counter()
    observed: Counter[str] = Counter()
    co_docs: Counter[str] = Counter()
    n_hits = hit_docs = window_tokens = 0
    cix = open_index(index)
    with cix.searcher() as searcher:
        if filters.speaker:  # the corpus-level speaker identity is the index's
            pred = quote_predicate(filters, searcher)
        cols = _Cols(searcher)
        for docnum in searcher.reader().all_doc_ids():
            corpus.update(_words(cols.text(docnum), None, case_sensitive))
        for dh in doc_hits(pq, searcher, filters, need_text=True, columns=cols.columns):
            assert dh.text is not None
            keep = _keeper(dh.quotes, pred) if pred is not None else None
            toks = _tokens(dh.text, keep, case_sensitive)
            nodes: set[int] = set()
            positions: set[int] = set()
            counted = 0
            for a, b in dh.spans():
                i, j = _node_range(toks.starts, a, b)
                if i >= j:
                    continue
                counted += 1
                nodes.update(range(i, j))
                lo, hi = _run_bounds(toks.run, i, j)
                positions.update(range(max(lo, i - window), i))
                positions.update(range(j, min(hi, j + window)))
            if not counted:
                continue
            n_hits += counted
            hit_docs += 1
            positions -= nodes
            window_tokens += len(positions)
            here = Counter(toks.forms[k] for k in positions)
            observed.update(here)
            co_docs.update(here.keys())
    corpus_tokens = sum(corpus.values())
    rows = []
    for word, o in observed.items():
        if o < min_freq or (not stopwords and word.lower() in STOPWORDS):
            continue
        f = corpus[word]
        rows.append(
            Collocate(
                word,
                o,
                window_tokens * f / corpus_tokens,
                f,
                co_docs[word],
                association(measure, o, window_tokens, f, corpus_tokens),
            )
        )
    rows.sort(key=lambda r: (-round(r.score, 9), -r.observed, r.word))
    return CollocatesResult(
        pq.text, measure, window, n_hits, hit_docs, window_tokens, corpus_tokens, _cut(rows, limit)
    )


# --- n-grams ---------------------------------------------------------------------------------


def ngrams(
    index: IndexArg = None,
    n: int = 2,
    query: str | ParsedQuery | None = None,
    filters: Filters = NO_FILTERS,
    *,
    min_freq: int = MIN_FREQ["ngrams"],
    limit: int | None = None,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> NgramResult:
    """N-gram clusters (2 to 5 words) with their frequency and number of documents.

    An n-gram is ``n`` consecutive counted tokens inside one run and one sentence. With a
    ``query``, only the n-grams that contain a whole hit are counted (each position once).
    """
    if not 2 <= n <= 5:
        raise QueryError("n must be between 2 and 5", param="n")
    _check_limits(min_freq, limit)
    pq = (
        parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
        if query is not None
        else None
    )
    fq = filter_query(filters)
    pred = quote_predicate(filters)
    counts: Counter[tuple[str, ...]] = Counter()
    doc_counts: Counter[tuple[str, ...]] = Counter()
    cix = open_index(index)

    def count_doc(toks: _Tokens, starts: Iterable[int]) -> None:
        here = Counter(tuple(toks.forms[s : s + n]) for s in starts)
        counts.update(here)
        doc_counts.update(here.keys())

    with cix.searcher() as searcher:
        if filters.speaker:  # the corpus-level speaker identity is the index's
            fq, pred = filter_query(filters, searcher), quote_predicate(filters, searcher)
        cols = _Cols(searcher)
        if pq is None:
            for docnum in _docnums(searcher, fq):
                keep = _keeper(cols.quotes(docnum), pred) if pred is not None else None
                toks = _tokens(cols.text(docnum), keep, case_sensitive, cols.sent_starts(docnum))
                run = toks.run
                count_doc(toks, (s for s in range(len(run) - n + 1) if run[s] == run[s + n - 1]))
        else:
            for dh in doc_hits(pq, searcher, filters, need_text=True, columns=cols.columns):
                assert dh.text is not None
                keep = _keeper(dh.quotes, pred) if pred is not None else None
                toks = _tokens(dh.text, keep, case_sensitive, cols.sent_starts(dh.docnum))
                run = toks.run
                chosen: set[int] = set()
                for a, b in dh.spans():
                    i, j = _node_range(toks.starts, a, b)
                    if i >= j or j - i > n:
                        continue
                    for s in range(max(0, j - n), i + 1):
                        if s + n <= len(run) and run[s] == run[s + n - 1]:
                            chosen.add(s)
                count_doc(toks, sorted(chosen))
    rows = sorted(
        (NgramRow(" ".join(g), c, doc_counts[g]) for g, c in counts.items() if c >= min_freq),
        key=lambda r: (-r.freq, -r.docs, r.ngram),
    )
    return NgramResult(
        n, pq.text if pq is not None else None, sum(counts.values()), len(counts), _cut(rows, limit)
    )


# --- keyness ---------------------------------------------------------------------------------

_REFERENCES: tuple[str, ...] = ("all", "quote", "narration")


def _describe(filters: Filters) -> str:
    parts = [
        f"{f.name.rstrip('_')}={getattr(filters, f.name)}"
        for f in dataclasses.fields(filters)
        if getattr(filters, f.name) is not None
    ]
    return ", ".join(parts) or "all"


def keyness(
    index: IndexArg = None,
    target: Filters = NO_FILTERS,
    reference: str = "all",
    *,
    case_sensitive: bool = False,
    min_freq: int = MIN_FREQ["keyness"],
    limit: int | None = None,
    stopwords: bool = True,
    direction: str = "over",
) -> KeynessResult:
    """Keywords of a part of the corpus (usually ``Filters(speaker=X)``) against a reference.

    The target is the tokens the hit filters of ``target`` keep (one speaker's quotations);
    the reference is, in the same documents (those the document filters of ``target`` select):
    ``all`` every other token (the rest of the corpus), ``quote`` the tokens of the other
    quotations, ``narration`` the tokens outside quotations. ``direction`` ``over`` lists the
    words relatively more frequent in the target, ``under`` those less frequent, ``both`` all;
    ``min_freq`` applies to the target frequency for ``over`` and to the reference frequency
    for ``under`` (either for ``both``). Sorted by G2, largest first.
    """
    if reference not in _REFERENCES:
        raise QueryError(
            f"reference must be one of {', '.join(_REFERENCES)}, not {reference!r}",
            param="reference",
        )
    if direction not in ("over", "under", "both"):
        raise QueryError(f"direction must be over, under or both, not {direction!r}")
    _check_limits(min_freq, limit)
    pred = quote_predicate(target)
    if pred is None:
        raise QueryError(
            "keyness needs a target: a hit filter (speaker, or in_, direct, cue)", param="speaker"
        )
    fq = filter_query(_doc_level(target))
    tcount: Counter[str] = Counter()
    rcount: Counter[str] = Counter()
    cix = open_index(index)
    with cix.searcher() as searcher:
        if target.speaker:  # the corpus-level speaker identity is the index's
            pred = quote_predicate(target, searcher)
        cols = _Cols(searcher)
        for docnum in _docnums(searcher, fq):
            text = cols.text(docnum)
            qd = cols.quotes(docnum)
            rows = qd.rows
            keeps = quote_verdicts(pred, rows)
            for m in TOKEN_RE.finditer(text):
                a, b = m.span()
                qi = quote_index(qd, a, b) if rows else -1
                word = m.group() if case_sensitive else m.group().lower()
                if keeps(qi):
                    tcount[word] += 1
                elif reference == "all" or (reference == "quote") == (qi >= 0):
                    rcount[word] += 1
    c, d = sum(tcount.values()), sum(rcount.values())
    label = _describe(target)
    if c == 0:
        raise QueryError(f"the target ({label}) has no words in this index")
    if d == 0:
        raise QueryError(f"the reference ({reference}) has no words in this index")
    out: list[KeyRow] = []
    for word in tcount.keys() | rcount.keys():
        if not stopwords and word.lower() in STOPWORDS:
            continue
        a, b = tcount[word], rcount[word]
        over = a * d > b * c
        if direction == "over" and (not over or a < min_freq):
            continue
        if direction == "under" and (over or b < min_freq):
            continue
        if direction == "both" and max(a, b) < min_freq:
            continue
        g2 = log_likelihood(a, b, c, d)
        out.append(
            KeyRow(word, a, b, a * 1e6 / c, b * 1e6 / d, g2, log_ratio(a, b, c, d), chi2_p(g2))
        )
    out.sort(key=lambda r: (-round(r.g2, 9), -r.target_freq, r.word))
    ref_label = {"all": "rest of the corpus", "quote": "other quotations", "narration": "narration"}
    return KeynessResult(label, ref_label[reference], c, d, _cut(out, limit))


# --- dispersion ------------------------------------------------------------------------------

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})")
_YEAR_RE = re.compile(r"^(\d{4})")


def period_of(date: str, by: str) -> str:
    """``YYYY-MM`` (by month) or ``YYYY`` (by year) of an ISO date, or ``(no date)``."""
    m = (_MONTH_RE if by == "month" else _YEAR_RE).match(date or "")
    return m.group(0) if m else NO_DATE


def _period_range(first: str, last: str, by: str) -> Iterator[str]:
    if by == "year":
        for y in range(int(first), int(last) + 1):
            yield f"{y:04d}"
        return
    y, mo = int(first[:4]), int(first[5:7])
    while (y, mo) <= (int(last[:4]), int(last[5:7])):
        yield f"{y:04d}-{mo:02d}"
        mo += 1
        if mo > 12:
            y, mo = y + 1, 1


def dispersion(
    query: str | ParsedQuery,
    index: IndexArg = None,
    filters: Filters = NO_FILTERS,
    *,
    by: str = "month",
    fill_gaps: bool = True,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> DispersionResult:
    """Hits per month or year, and per million words of that period.

    The words of a period are the tokens of its documents in the part ``filters`` select (so
    with ``speaker`` the rate is per million words that speaker is quoted with). A time axis is
    continuous: every period from the first dated document to the last is a row, those without
    documents with 0 documents, 0 words, 0 hits and no rate (``per_million`` None), counted in
    ``periods_without_docs``. ``fill_gaps=False`` lists only the periods that have documents.
    Documents without a usable date form a last ``(no date)`` row when there are any.
    """
    if by not in ("month", "year"):
        raise QueryError(f"by must be 'month' or 'year', not {by!r}", param="by")
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    fq = filter_query(filters)
    pred = quote_predicate(filters)
    hits: Counter[str] = Counter()
    hit_docs: Counter[str] = Counter()
    words: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    cix = open_index(index)
    with cix.searcher() as searcher:
        if filters.speaker:  # the corpus-level speaker identity is the index's
            fq, pred = filter_query(filters, searcher), quote_predicate(filters, searcher)
        cols = _Cols(searcher)
        for docnum in _docnums(searcher, fq):
            period = period_of(cols.date(docnum), by)
            keep = _keeper(cols.quotes(docnum), pred) if pred is not None else None
            docs[period] += 1
            words[period] += len(_words(cols.text(docnum), keep, True))
        for dh in doc_hits(pq, searcher, filters, columns=cols.columns):
            period = period_of(cols.date(dh.docnum), by)
            hits[period] += len(dh.hits)
            hit_docs[period] += 1
    dated = sorted(p for p in docs if p != NO_DATE)
    periods = list(_period_range(dated[0], dated[-1], by)) if dated and fill_gaps else dated
    if NO_DATE in docs:
        periods.append(NO_DATE)
    rows = tuple(
        PeriodRow(
            p,
            hits[p],
            hit_docs[p],
            docs[p],
            words[p],
            hits[p] * 1e6 / words[p] if words[p] else None,
        )
        for p in periods
    )
    return DispersionResult(
        pq.text,
        by,
        sum(hits.values()),
        sum(hit_docs.values()),
        sum(words.values()),
        sum(1 for p in periods if hits[p]),
        rows,
        periods_without_docs=sum(1 for p in periods if not docs[p]),
    )
