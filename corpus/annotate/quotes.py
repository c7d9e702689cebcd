"""Quotations and their speakers: direct, mixed and indirect reported speech.

Rules over the project's tokens and entity mentions, in three passes:

1. Quotation marks are paired within each paragraph (straight and curly double quotes,
   guillemets); a mark left open at the end of a paragraph continues into the next paragraph
   when that one opens with a mark (the news convention for long quotations).
2. Attributions are found around cue verbs outside quotation marks (lexicon.CUE_VERBS):
   "X said (that) ...", "..., X said", "..., said X", "according to X, ...", "X told reporters
   ...", participles ("..., pointing out that ...") and headline attributions
   ("..., says Kremlin aide"). An attribution whose content holds another attribution becomes
   the *reporter* of the inner one (Ushakov reporting Putin's words).
3. Sources are resolved to entities in text order: names through the linked mentions,
   pronouns to the last resolved source (the last speaker), descriptions ("the Kremlin aide",
   "the US president") to the person whose role shares the head noun or a modifier. A
   quotation with no attribution continues the previous paragraph's speaker.

Limits: no syntactic parse, so content boundaries of indirect speech run from the cue's
complement to the end of the sentence (or to the comma before a final attribution); sources
further than one clause from the cue are missed; quotations inside quotations are not
attributed separately; a short quoted phrase with no cue in its sentence is taken as a scare
quote or title (soCalled), which misreads a one-word answer quoted without a cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.annotate.lexicon import (
    CUE_FORMS,
    MULTIWORD_CUES,
    PRONOUNS_PERSON,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    WEAK_CUES,
)
from corpus.annotate.sentences import tokens as tokenize
from corpus.model import Article, Entity, Mark, Mention, Quotation, Span

OPEN_MARKS = "“«„"
CLOSE_MARKS = "”»“"
STRAIGHT = '"'
GAP_RE = re.compile(r"<\s?(?:\.\.\.|…)\s?>|\[(?:\.\.\.|…)\]")
SUPPLIED_RE = re.compile(r"\((?:[^()\n]{1,80}?)\s[-–—]\s(?:[A-Z][A-Za-z]+|[A-Z]{2,})\)")
SCARE_RE = re.compile(r"‘[^‘’\n]{1,60}’(?![A-Za-z])")

ADVERBS = frozenset(
    "also later then again repeatedly previously earlier further once recently reportedly "
    "has have had was were is are will would had been has been could may might has also "
    "had also simply just even still only firmly clearly publicly".split()
)
REPORTER_OBJECTS = frozenset(
    "reporters journalists the press media correspondents lawmakers parliament congress "
    "senators members supporters audience crowd me us him her them".split()
)
SUBJECT_STARTERS = frozenset(
    "he she it they we i you there this that these those the a an his her its their our my "
    "no some many most all any one two three".split()
)


_DETERMINERS = frozenset("the a an these those this that his her its their our my your such no".split())


@dataclass
class _Tok:
    start: int
    end: int
    word: str
    low: str
    quoted: bool = False


@dataclass
class _Attr:
    """A candidate attribution before its source is resolved."""

    content: Span
    kind: str  # direct | mixed | indirect
    cue: Span | None
    source: Span | None  # the source mention's span
    source_kind: str = ""  # name | pronoun | description | none
    reporter: Span | None = None
    reporter_kind: str = ""
    speaker: str = ""
    reported_by: str = ""
    method: str = "rule"
    confidence: float = 0.9
    inner: list[int] = field(default_factory=list)


def find_marks(text: str) -> list[Mark]:
    """Editorial gaps (<...>), supplied insertions ((Biden - TASS)) and scare quotes (‘x’)."""
    marks = [Mark(m.start(), m.end(), "gap") for m in GAP_RE.finditer(text)]
    marks += [Mark(m.start(), m.end(), "supplied") for m in SUPPLIED_RE.finditer(text)]
    marks += [Mark(m.start(), m.end(), "soCalled") for m in SCARE_RE.finditer(text)
              if len(m.group().split()) <= 4]
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
        first = True
        for i in range(block.start, block.end):
            ch = text[i]
            if ch not in OPEN_MARKS and ch not in CLOSE_MARKS and ch != STRAIGHT:
                continue
            if open_at is None:
                if ch in CLOSE_MARKS and ch not in OPEN_MARKS:
                    continue  # a stray closing mark
                if first and pending is not None:
                    open_at = pending  # the continuation of a multi-paragraph quotation
                else:
                    open_at = i
                pending = None
            else:
                if ch in OPEN_MARKS and ch not in CLOSE_MARKS:
                    continue
                spans.append((Span(open_at, i + 1), False))
                open_at = None
            first = False
        if pending is not None:  # the next paragraph did not reopen: the quote ended here
            pending = None
        if open_at is not None:
            spans.append((Span(open_at, block.end), True))
            pending = open_at
    # A continued quotation was recorded once per paragraph: keep the longest per start.
    best: dict[int, tuple[Span, bool]] = {}
    for span, is_open in spans:
        if span.start not in best or span.end > best[span.start][0].end:
            best[span.start] = (span, is_open)
    return sorted(best.values(), key=lambda x: x[0].start)


def _sentence_tokens(text: str, sentence: Span, quotes: Sequence[Span]) -> list[_Tok]:
    out = []
    qstarts = [q.start for q in quotes]
    for t in tokenize(text, sentence.start, sentence.end):
        word = text[t.start : t.end]
        k = bisect_right(qstarts, t.start) - 1
        quoted = k >= 0 and quotes[k].start <= t.start < quotes[k].end
        out.append(_Tok(t.start, t.end, word, word.lower(), quoted))
    return out


def _cue_at(toks: list[_Tok], k: int) -> tuple[int, str] | None:
    """(number of tokens, lemma) when a cue verb starts at token k."""
    if toks[k].quoted:
        return None
    if k > 0 and toks[k - 1].low in _DETERMINERS:
        return None  # "these claims", "the report": a noun, not a cue
    for words, lemma in MULTIWORD_CUES.items():
        n = len(words)
        if tuple(t.low for t in toks[k : k + n]) == words:
            return n, lemma
    lemma = CUE_FORMS.get(toks[k].low)
    if lemma is None or " " in next(f for f, lem in CUE_FORMS.items() if lem == lemma):
        return (1, lemma) if lemma and lemma not in ("point out", "go on") else None
    return 1, lemma


class _Resolver:
    """Finds source noun phrases next to cues and resolves them to entities."""

    def __init__(self, text: str, mentions: Sequence[Mention], entities: dict[str, Entity]):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.entities = entities
        self.by_end = {m.end: m for m in self.mentions if m.kind in ("person", "org")}
        self.by_start = {m.start: m for m in self.mentions if m.kind in ("person", "org")}

    def mention_ending(self, pos: int) -> Mention | None:
        return self.by_end.get(pos)

    def mention_starting(self, pos: int) -> Mention | None:
        return self.by_start.get(pos)

    def preverbal(self, toks: list[_Tok], k: int) -> tuple[Span, str] | None:
        """The source phrase right before the cue at token k (skipping adverbs, auxiliaries)."""
        j = k - 1
        while j >= 0 and toks[j].low in ADVERBS:
            j -= 1
        if j < 0 or toks[j].quoted:
            return None
        m = self.mention_ending(toks[j].end)
        if m is not None:
            start = m.start
            return Span(start, m.end), "name"
        if toks[j].low in PRONOUNS_PERSON:
            return Span(toks[j].start, toks[j].end), "pronoun"
        head = toks[j].low
        if head in ROLE_NOUNS or head.rstrip("s") in ROLE_NOUNS or head in ("ministry", "office",
                                                                             "department", "government",
                                                                             "agency", "company",
                                                                             "statement", "report"):
            i = j
            while i > 0 and not toks[i - 1].quoted and (
                toks[i - 1].word[:1].isupper() or toks[i - 1].low in ROLE_MODIFIERS
                or toks[i - 1].low in ("the", "a", "an", "his", "her", "their", "its", "one")
                or toks[i - 1].low.endswith("ian") or toks[i - 1].low in ("-",)
            ) and toks[i - 1].low not in ("according", "said", "says"):
                i -= 1
                if toks[i].low in ("the", "a", "an", "his", "her", "their", "its"):
                    break
            return Span(toks[i].start, toks[j].end), "description"
        return None

    def nearest_left(self, toks: list[_Tok], k: int, floor: int = 0) -> tuple[Span, str] | None:
        """The nearest person/org mention or pronoun left of token k (a clause subject)."""
        for j in range(k - 1, floor - 1, -1):
            t = toks[j]
            if t.quoted:
                continue
            if j >= 2 and toks[j - 2].low == "according" and toks[j - 1].low == "to":
                continue
            m = self.mention_ending(t.end)
            if m is not None and m.kind == "person":
                if j > 0 and toks[j - 1].low in ("to", "with", "by", "from", "of"):
                    continue
                return Span(m.start, m.end), "name"
            if t.low in ("he", "she", "they"):
                return Span(t.start, t.end), "pronoun"
        return None

    def postverbal(self, toks: list[_Tok], k: int) -> tuple[Span, str] | None:
        """The source after an inverted cue ("..., said Peskov", "says Kremlin aide")."""
        if k >= len(toks) or toks[k].quoted:
            return None
        m = self.mention_starting(toks[k].start)
        followed_by_role = (
            m is not None and m.kind == "org" and k + 1 < len(toks)
            and any(t.low in ROLE_NOUNS for t in toks[k + 1 : k + 3])
        )
        if m is not None and not followed_by_role:
            return Span(m.start, m.end), "name"
        if toks[k].low in PRONOUNS_PERSON:
            return Span(toks[k].start, toks[k].end), "pronoun"
        j = k
        while j < len(toks) and j < k + 6 and not toks[j].quoted:
            low = toks[j].low
            if low in ROLE_NOUNS or low.rstrip("s") in ROLE_NOUNS:
                m2 = self.mention_starting(toks[j + 1].start) if j + 1 < len(toks) else None
                if m2 is not None:  # "said Kremlin spokesman Dmitry Peskov"
                    return Span(m2.start, m2.end), "name"
                return Span(toks[k].start, toks[j].end), "description"
            if not (toks[j].word[:1].isupper() or low in ("the", "a", "an") or low in ROLE_MODIFIERS
                    or low.endswith("ian")):
                break
            j += 1
        return None


def _role_of(text: str, toks: list[_Tok], m: Mention) -> str:
    """The title written right before a person's name ("US President", "Kremlin Aide")."""
    idx = next((i for i, t in enumerate(toks) if t.start == m.start), None)
    if idx is None or idx == 0:
        return ""
    j = idx - 1
    low = toks[j].low
    if not (low in ROLE_NOUNS or low in ROLE_MODIFIERS) or low.endswith("s") and low.rstrip("s") in ROLE_NOUNS and low not in ROLE_NOUNS:
        return ""
    i = j
    while i > 0 and not toks[i - 1].quoted and (
        toks[i - 1].low in ROLE_NOUNS or toks[i - 1].low in ROLE_MODIFIERS
        or (toks[i - 1].word[:1].isupper() and toks[i - 1].low not in ("the", "a", "according", "as", "and"))
    ):
        if i - 1 == 0 and toks[i - 1].low in ("he", "she", "it", "on", "in", "but"):
            break
        i -= 1
    return text[toks[i].start : toks[j].end]


def _desc_words(text: str, span: Span) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", text[span.start : span.end])
            if w.lower() not in ("the", "a", "an", "his", "her", "their", "its", "one")]


def annotate_quotations(
    article: Article,
    sentences: Sequence[Span],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
) -> tuple[list[Quotation], list[Mention], list[Entity], list[Mark]]:
    """Quotations with speakers; extra mentions (pronouns, descriptions); entities with roles; marks."""
    text = article.text
    marks = find_marks(text)
    qspans = quote_spans(article)
    quotes = [q for q, _ in qspans]
    ents = {e.id: e for e in entities}
    resolver = _Resolver(text, mentions, ents)

    # Roles from titles before names.
    sent_toks: list[list[_Tok]] = [_sentence_tokens(text, s, quotes) for s in sentences]
    for toks in sent_toks:
        for m in mentions:
            if m.kind == "person" and toks and toks[0].start <= m.start < toks[-1].end:
                role = _role_of(text, toks, m)
                e = ents.get(m.ref)
                if role and e is not None and not e.role:
                    ents[m.ref] = Entity(e.id, e.kind, e.name, role)

    attrs: list[_Attr] = []
    scare: list[Span] = []
    for s_idx, (sentence, toks) in enumerate(zip(sentences, sent_toks, strict=True)):
        if not toks:
            continue
        attrs.extend(_indirect(text, toks, resolver, quotes, sentence))
    # Direct quotations.
    done = {a.content for a in attrs if a.kind == "direct"}
    for qspan, _is_open in qspans:
        if qspan in done:
            continue
        attr = _direct(text, qspan, sentences, sent_toks, resolver, attrs)
        if attr is None:
            words = text[qspan.start : qspan.end].strip("\"“”«»„ ").split()
            ends_speech = text[qspan.start : qspan.end].rstrip("\"”» ")[-1:] in ".,!?…"
            if len(words) <= 4 and not ends_speech:
                scare.append(qspan)
                continue
            attr = _Attr(qspan, "direct", None, None, "continuation", method="continuation",
                         confidence=0.6)
        attrs.append(attr)
    marks += [Mark(s.start, s.end, "soCalled") for s in scare
              if not any(m.start <= s.start < m.end for m in marks)]

    # Drop indirect attributions whose content is just one direct quotation.
    direct_spans = [a.content for a in attrs if a.kind == "direct"]
    kept: list[_Attr] = []
    for a in attrs:
        if a.kind != "direct":
            inner_q = [q for q in direct_spans if a.content.start <= q.start and q.end <= a.content.end + 1]
            body = text[a.content.start : a.content.end].strip(" ,.")
            if len(inner_q) == 1 and len(body) <= len(inner_q[0]) + 2:
                continue
            if inner_q:
                a.kind = "mixed"
        kept.append(a)
    attrs = kept

    # Resolve sources in text order; pronouns take the last resolved speaker.
    extra: list[Mention] = []
    _resolve_all(text, attrs, resolver, ents, extra, article)

    out: list[Quotation] = []
    for a in attrs:
        out.append(Quotation(
            a.content.start, a.content.end, a.kind,  # type: ignore[arg-type]
            speaker=a.speaker, cue=a.cue, mention=a.source,
            reported_by=a.reported_by if a.reported_by != a.speaker else "",
            method=a.method, confidence=a.confidence,
        ))
    out = _uncross(out)
    return out, extra, list(ents.values()), sorted(marks, key=lambda m: (m.start, -m.end))


def _uncross(quotations: list[Quotation]) -> list[Quotation]:
    """Extend a quotation that partly covers another so that one contains the other."""
    out = sorted(quotations, key=lambda q: (q.start, -q.end))
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for b in out[i + 1 :]:
                if b.start < a.end < b.end:
                    out[i] = a = Quotation(a.start, b.end, a.kind, a.speaker, a.cue, a.mention,
                                           a.reported_by, a.method, a.confidence)
                    changed = True
    return sorted(out, key=lambda q: (q.start, -q.end))


def _content_end(toks: list[_Tok], k: int) -> int:
    """Index one past the last token of content starting at token k (drops final period)."""
    end = len(toks)
    while end > k and toks[end - 1].word in (".", "!", "?") and not toks[end - 1].quoted:
        end -= 1
    return end


def _final_attribution(text: str, toks: list[_Tok], resolver: _Resolver) -> tuple[int, int, tuple[Span, str] | None] | None:
    """A sentence-final ', SOURCE CUE (adverbials).' or ', CUE SOURCE.' clause.

    Returns (index of the comma, cue index, source) or None.
    """
    end = _content_end(toks, 0)
    for c in range(end - 1, 0, -1):
        closing = toks[c].word in ('"', "”") and toks[c - 1].word == ","
        if toks[c].word not in (",", "—", "–") and not closing:
            if toks[c].quoted:
                break
            continue
        # Cue within the clause after the comma.
        for k in range(c + 1, min(end, c + 9)):
            cue = _cue_at(toks, k)
            if cue is None or cue[1] in WEAK_CUES:
                continue
            n, _lemma = cue
            src = resolver.preverbal(toks, k)
            if src is not None and src[0].start > toks[c].end and _short_tail(toks, k + n, end):
                return c, k, src
            if k == c + 1 or (k == c + 2 and toks[c + 1].word in ('"', "”")):
                post = resolver.postverbal(toks, k + n)
                if post is not None and _short_tail(toks, k + n, end, post[0].end):
                    return c, k, post
        break
    return None


def _short_tail(toks: list[_Tok], k: int, end: int, after: int = -1) -> bool:
    """Only adverbials follow the cue: "told reporters on Saturday", "in a statement"."""
    rest = [t for t in toks[k:end] if t.start >= after]
    if len(rest) > 10:
        return False
    return not any(t.low == "that" for t in rest) and not (
        rest and rest[0].low in SUBJECT_STARTERS - {"the", "a", "an", "his", "her", "their"})


def _indirect(text: str, toks: list[_Tok], resolver: _Resolver, quotes: Sequence[Span],
              sentence: Span) -> list[_Attr]:
    out: list[_Attr] = []
    final = _final_attribution(text, toks, resolver)
    limit = final[0] if final else _content_end(toks, 0)
    inner: _Attr | None = None
    # "According to SOURCE, CONTENT"
    acc: tuple[Span, str] | None = None
    acc_end = -1
    for k in range(len(toks) - 2):
        if toks[k].low == "according" and toks[k + 1].low == "to" and not toks[k].quoted:
            j = k + 2
            while j < len(toks) and toks[j].word != "," and j < k + 10:
                j += 1
            if j < len(toks) and toks[j].word == ",":
                m = resolver.mention_starting(toks[k + 2].start)
                if m is not None:
                    acc = (Span(m.start, m.end), "name")
                elif toks[k + 2].low in PRONOUNS_PERSON or toks[k + 2].low in ("him", "her", "them"):
                    acc = (Span(toks[k + 2].start, toks[k + 2].end), "pronoun")
                else:
                    acc = (Span(toks[k + 2].start, toks[j - 1].end), "description")
                acc_end = j
                cue_span = Span(toks[k].start, toks[k + 1].end)
                acc_cue = cue_span
            break
    # "SOURCE CUE (that) CONTENT" / participle cues.
    start_k = acc_end + 1 if acc else 0
    for k in range(start_k, limit):
        cue = _cue_at(toks, k)
        if cue is None:
            continue
        n, lemma = cue
        j = k + n
        # "told reporters (on Saturday) that" / "said in a statement that"
        that_at = None
        for q in range(j, min(limit, j + 16)):
            if toks[q].quoted and q > j:
                break
            if toks[q].low == "that" and not toks[q].quoted:
                that_at = q
                break
            if toks[q].word in (".", ";") or _cue_at(toks, q) is not None:
                break
        if that_at is not None:
            c_start = that_at + 1
        elif lemma in WEAK_CUES:
            continue
        elif j < limit and toks[j].word == ":":
            c_start = j + 1
        elif j < limit and lemma == "tell" and toks[j].low in REPORTER_OBJECTS | {"the"}:
            q = j
            while q < limit and toks[q].low in REPORTER_OBJECTS | {"the", "press"}:
                q += 1
            c_start = q
        elif j < limit and (toks[j].low in SUBJECT_STARTERS or toks[j].word[:1].isupper()) \
                and lemma in ("say", "tell", "add", "warn", "claim", "insist", "argue", "note",
                              "stress", "predict", "announce", "state", "confirm", "report",
                              "estimate", "write", "acknowledge", "admit", "suggest"):
            c_start = j
        else:
            continue
        if c_start >= limit:
            continue
        src = resolver.preverbal(toks, k) or resolver.nearest_left(toks, k, acc_end + 1 if acc else 0)
        if src is None:
            continue
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if all(t.quoted for t in toks[c_start:limit]):
            # The complement is a direct quotation: attribute the quotation itself.
            q = next((q for q in quotes if q.start <= toks[c_start].start < q.end), None)
            if q is None:
                continue
            inner = _Attr(q, "direct", cue_span, src[0], src[1])
            out.append(inner)
            break
        content = Span(toks[c_start].start, toks[limit - 1].end)
        inner = _Attr(content, "indirect", cue_span, src[0], src[1])
        out.append(inner)
        break
    if acc is not None:
        if inner is not None:
            inner.reporter, inner.reporter_kind = acc
        else:
            content = Span(toks[acc_end + 1].start, toks[limit - 1].end) if acc_end + 1 < limit else None
            if content is not None:
                out.append(_Attr(content, "indirect", acc_cue, acc[0], acc[1]))
    if final is not None:
        c, k, src = final
        cue = _cue_at(toks, k)
        n = cue[0] if cue else 1
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if out:
            for a in out:
                if a.reporter is None:
                    a.reporter, a.reporter_kind = src
        else:
            first = 0
            content_toks = toks[first:c]
            if content_toks and not all(t.quoted for t in content_toks):
                content = Span(content_toks[0].start, content_toks[-1].end)
                out.append(_Attr(content, "indirect", cue_span, src[0], src[1]))
            elif content_toks:
                # A direct quotation followed by its attribution: let the direct pass take it.
                pass
    return out


def _direct(text: str, q: Span, sentences: Sequence[Span], sent_toks: list[list[_Tok]],
            resolver: _Resolver, indirect: list[_Attr]) -> _Attr | None:
    """Attribution of one double-quoted passage, or None when nothing near it is a cue."""
    # The sentence where the quotation ends (its attribution usually follows there).
    idx = None
    for i, s in enumerate(sentences):
        if s.start <= q.end - 1 < s.end or s.start <= q.end <= s.end:
            idx = i
            break
    if idx is None:
        return None
    toks = sent_toks[idx]
    # An indirect attribution whose content holds this quotation: same speaker.
    for a in indirect:
        if a.content.start <= q.start and q.end <= a.content.end + 1:
            return _Attr(q, "direct", a.cue, a.source, a.source_kind, reporter=a.reporter,
                         reporter_kind=a.reporter_kind)
    after = [i for i, t in enumerate(toks) if t.start >= q.end]
    # '..." he said.' / '..." said Peskov.'
    if after:
        k0 = after[0]
        ks = k0 + 1 if k0 < len(toks) and toks[k0].word == "," else k0
        for k in range(ks, min(len(toks), ks + 7)):
            if toks[k].quoted:
                break
            cue = _cue_at(toks, k)
            if cue is None:
                continue
            src = resolver.preverbal(toks, k)
            if src is not None and src[0].start >= q.end:
                return _Attr(q, "direct", Span(toks[k].start, toks[k + cue[0] - 1].end), *src)
            if k == ks:
                post = resolver.postverbal(toks, k + cue[0])
                if post is not None:
                    return _Attr(q, "direct", Span(toks[k].start, toks[k + cue[0] - 1].end), *post)
            break
    # 'X said: "..."' / 'X castigated these claims as "..."' — a cue before it in its sentence.
    s_idx = next((i for i, s in enumerate(sentences) if s.start <= q.start < s.end), idx)
    toks0 = sent_toks[s_idx]
    before = [i for i, t in enumerate(toks0) if t.end <= q.start]
    for pick in (resolver.preverbal, resolver.nearest_left):
        for k in reversed(before):
            cue = _cue_at(toks0, k)
            if cue is None:
                continue
            src = pick(toks0, k)
            if src is not None:
                return _Attr(q, "direct", Span(toks0[k].start, toks0[k + cue[0] - 1].end), *src)
    # A quotation that ends a sentence and is attributed at the start of the next one
    # ('"...." He added: ...') is not handled here.
    return None


def _resolve_all(text: str, attrs: list[_Attr], resolver: _Resolver, ents: dict[str, Entity],
                 extra: list[Mention], article: Article) -> None:
    # Order by the position of the source mention (or the content when there is none).
    def pos(a: _Attr) -> int:
        return a.source.start if a.source is not None else a.content.start

    events: list[tuple[int, int, str]] = []  # (position, attr index, 'source'|'reporter')
    for i, a in enumerate(attrs):
        events.append((pos(a), i, "source"))
        if a.reporter is not None:
            events.append((a.reporter.start, i, "reporter"))
    events.sort()
    last_speaker = ""
    last_by_para: dict[int, str] = {}
    block_starts = [b.start for b in article.blocks]
    head_like = {b.start for b in article.blocks if b.kind in ("head", "argument")}

    def para_of(p: int) -> int:
        return bisect_right(block_starts, p) - 1

    # Descriptions may point forward (headlines): resolve against roles of the whole document.
    for _, i, what in events:
        a = attrs[i]
        span, kind = (a.source, a.source_kind) if what == "source" else (a.reporter, a.reporter_kind)
        ident = ""
        if kind == "continuation":
            p = para_of(a.content.start)
            ident = last_by_para.get(p) or last_by_para.get(p - 1, "")
            a.confidence = 0.6 if ident else 0.3
        elif span is not None:
            ident = _resolve(text, span, kind, resolver, ents, last_speaker, extra,
                             forward=article.blocks[para_of(span.start)].start in head_like)
        if what == "source":
            a.speaker = ident
        else:
            a.reported_by = ident
        if ident:
            last_speaker = ident
            last_by_para[para_of(a.content.start)] = a.speaker or ident


def _resolve(text: str, span: Span, kind: str, resolver: _Resolver, ents: dict[str, Entity],
             last_speaker: str, extra: list[Mention], forward: bool) -> str:
    if kind == "name":
        m = resolver.mention_ending(span.end) or resolver.mention_starting(span.start)
        return m.ref if m is not None else ""
    if kind == "pronoun":
        word = text[span.start : span.end].lower()
        ident = last_speaker if word not in ("i", "we") else last_speaker
        if not ident:
            prior = [m for m in resolver.mentions if m.kind == "person" and m.end <= span.start]
            ident = prior[-1].ref if prior else ""
        if ident:
            extra.append(Mention(span.start, span.end, "person", ident, name=False,
                                 method="pronoun", confidence=0.7))
        return ident
    if kind == "description":
        words = _desc_words(text, span)
        if not words:
            return ""
        head = words[-1].rstrip("s") if words[-1] not in ROLE_NOUNS else words[-1]
        mods = set(words[:-1])
        scored: list[tuple[int, int, str]] = []
        order = {m.ref: i for i, m in enumerate(resolver.mentions) if m.start < span.start}
        for e in ents.values():
            if e.kind != "person" or not e.role:
                continue
            rw = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", e.role)]
            score = 0
            if head in rw or head + "s" in rw:
                score += 2
            score += len(mods & set(rw))
            if head in ("official", "officials", "source", "sources", "aide") and score == 0 and mods & set(rw):
                score += 1
            if score == 0:
                continue
            recency = 1 if e.id == last_speaker else 0
            if e.id not in order and not forward:
                continue
            scored.append((score, recency + order.get(e.id, -1) / 10000, e.id))
        if scored:
            ident = max(scored)[2]
            extra.append(Mention(span.start, span.end, "person", ident, name=False,
                                 method="description", confidence=0.7))
            return ident
        org = resolver.mention_ending(span.end)
        if org is not None:
            return org.ref
        # An unresolved description ("officials", "the ministry") is its own speaker.
        from corpus.annotate.entities import slug

        name = re.sub(r"^(?:the|a|an)\s+", "", text[span.start : span.end], flags=re.I)
        ident = slug(name)
        if ident in ents and ents[ident].kind != "person":
            ident = ident + "-speaker"
        ents.setdefault(ident, Entity(ident, "person", name))
        extra.append(Mention(span.start, span.end, "person", ident, name=False,
                             method="description", confidence=0.5))
        return ident
    return ""
