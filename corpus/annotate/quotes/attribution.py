"""Attribution rules: which cue and source phrase go with which content.

Direct: a quotation takes its attribution from its own sentence ('"...," X said', 'X said:
"..."'), from the start of the next one in the same paragraph ('"...?" he asked.') or from a
sentence ending in a colon before it; "As X put it" introduces X's quotation; a quoted
fragment inside a paraphrase makes the paraphrase a mixed quotation. A cue with its own
subject right before a quotation ('X noted that A ― Y boasted, "..."') takes it from the
report around it, whose content then ends before Y.

Indirect: "X said (that) ...", "..., X said", "..., said X", "according to X, ...", "X told
reporters ...", participles ("..., pointing out that ..."). A sentence may hold several: a cue
with its own subject inside a content is nested in it ("X said Y wants Z"), a coordinated one
splits it ("X said A, adding that B"). An attribution whose content holds another speech
attribution becomes the *reporter* of the inner one (an aide reporting the president's words).

Interposed: "A, X said, B" makes the sentence around the attribution the content, in two
parts. No content: bare adverbs ("Later") or a name with its apposition ("Jane Roe,
spokeswoman of the president") are no statement. Attributions the layout gives (labels,
headline dashes, signatures, digests) are in `layout`.

Limits: content of indirect speech runs from the cue's complement to the end of the sentence
(or the comma before a final attribution or a coordinated cue); contents spanning several
sentences are cut at the first; a short quoted phrase with no cue in its sentence is taken as
a scare quote or title, which misreads a one-word answer quoted without a cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.annotate.lexicon import (
    CUE_FORMS,
    PERSON_NOUNS,
    PRONOUNS_PERSON,
    ROLE_NOUNS,
    SPEECH_CUES,
    WEAK_CUES,
)
from corpus.annotate.quotes.cues import (
    ADVERBS,
    BE,
    CLAUSE_SIGNS,
    TEMPORAL,
    WORDLIKE,
    Tok,
    complement,
    content_end,
    cue_at,
    cue_or_opening,
    gap_word,
    short_tail,
    word_set,
)
from corpus.annotate.quotes.marks import (
    title_like,
)
from corpus.annotate.quotes.sources import (
    CONJUNCTION_OPENERS,
    Resolver,
)
from corpus.annotate.quotes.syntax import coordinated_with
from corpus.model import Span

# Cues that may come before their source after a quotation ('"...," said Jane Roe'): verbs of
# speaking; never an attitude or action ('"Scandal," thanked Jane Roe' is a title and a verb).
INVERTED_CUES = SPEECH_CUES | {"continue", "go on", "observe", "put it"}


@dataclass
class Attr:
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
    parts: tuple[Span, ...] = ()
    junk: bool = False  # the source cannot speak (speakers.JUNK): no attribution


def final_attribution(
    text: str, toks: list[Tok], resolver: Resolver
) -> tuple[int, int, tuple[Span, str] | None] | None:
    """A sentence-final ', SOURCE CUE (adverbials).' or ', CUE SOURCE.' clause.

    Returns (index of the comma, cue index, source) or None.
    """
    end = content_end(toks, 0)
    appositions = 0
    adverbial = -1
    for c in range(end - 1, 0, -1):
        closing = (toks[c].word in ('"', "”") and toks[c - 1].word == ",") or (
            # the doubled apostrophe of some archives: ",''"
            toks[c].word == "'" and c >= 2 and toks[c - 1].word == "'" and toks[c - 2].word == ","
        )
        if toks[c].word not in (",", "—", "–") and not closing:
            if toks[c].quoted:
                break
            continue
        if (
            not appositions
            and toks[c].word == ","
            and c + 1 < end
            and (toks[c + 1].low in ("a", "an", "the") or toks[c + 1].low in ROLE_NOUNS)
            and any(t.low in ROLE_NOUNS or t.low in PERSON_NOUNS for t in toks[c + 1 : c + 6])
            and not any(cue_at(toks, k) for k in range(c + 1, end))
            and _inverted_source_ends_at(toks, c, resolver)
        ):
            # '..., said Jan Roe, a senior official with the board that runs it.': the
            # apposition after the source is no part of the attribution's tail.
            appositions += 1
            end = c
            continue
        if toks[c].word == "," and c + 1 < end and _adverbial_clause(toks, c + 1, end):
            # '..., lawmakers said Friday, as they bristled at the questions.': a clause of
            # time or reason ends the sentence; the attribution may stand before it.
            end = adverbial = c
            continue
        # Cue within the clause after the comma.
        for k in range(c + 1, min(end, c + 9)):
            cue = cue_at(toks, k)
            if cue is None or (cue[1] in WEAK_CUES and cue[1] not in SPEECH_CUES):
                continue
            if toks[k - 1].low in ("who", "which", "whom"):
                continue  # '..., he said, cutting off a reporter who asked ...': a relative clause
            n, lemma = cue
            src = resolver.preverbal(toks, k)
            if (
                src is not None
                and src[0].start > toks[c].end
                and short_tail(toks, k + n, end)
                and _no_complement(toks, k, n, lemma, end)
            ):
                if k + n == adverbial:
                    # "X, Graham said, since most voters ...": an interposed attribution, and
                    # the clause continues what he said (see interposed_attribution).
                    return None
                return c, k, src
            if src is not None and src[0].start < toks[c].start:
                return None  # "Jane Roe, who ran, said ...": the comma closes an apposition
            if k == c + 1 or (k == c + 2 and toks[c + 1].word in ('"', "”")):
                post = resolver.postverbal(toks, k + n)
                if post is not None and post[1] == "pronoun" and post[0].end < toks[end - 1].end:
                    post = None  # "said he would": the pronoun starts the content
                if post is not None and short_tail(toks, k + n, end, post[0].end):
                    return c, k, post
        break
    return None


# Conjunctions opening a subordinate clause right after a quotation: what follows is no
# attribution of it ('"That makes me smart," when Roe blasted him'); "as" is left out
# ('"...," as Roe put it').
_SUBORDINATORS = word_set(
    "when after before while because if until since although though unless whereas once"
)
# Those that open a sentence-final adverbial clause or a sentence's opening subordinate clause
# ("as they left", "While a judge found ..."): "as" too (see _adverbial_clause), not "if".
_CLAUSE_OPENERS = (_SUBORDINATORS - {"if"}) | word_set("as whenever amid")


def _adverbial_clause(toks: list[Tok], i: int, end: int) -> bool:
    """Whether tokens i..end are an adverbial clause ("as they spoke", "while Doe said it was
    alive") and not "as X noted", which attributes what came before."""
    if toks[i].low not in _CLAUSE_OPENERS or toks[i].quoted:
        return False
    if toks[i].low == "as":
        for k in range(i + 1, min(end, i + 6)):
            cue = cue_at(toks, k)
            if cue is not None and cue[1] in _AS_CUES:
                return False
    return True


def _relative_source(text: str, toks: list[Tok], attr: Attr) -> bool:
    """Whether the attribution's source is a relative pronoun after a comma ("Russia, which
    said it would veto the plan, left")."""
    src = attr.source
    if src is None or text[src.start : src.end].lower() not in ("who", "which"):
        return False
    i = next((i for i, t in enumerate(toks) if t.start == src.start), 0)
    return i > 0 and toks[i - 1].word == ","


def _content_stop(toks: list[Tok], c0: int, c1: int, relative: bool = False) -> int:
    """Where an indirect content ends when the sentence opens with a subordinate clause that
    holds the cue: "While a judge found that action unlawful, his ruling was overturned" (the
    content ends at the comma that closes the clause); so does one in a relative clause
    ("Russia, which said it would veto the plan, left the talks")."""
    opener = toks[0].low in _CLAUSE_OPENERS or (
        len(toks) > 1 and toks[0].low in ("but", "and", "yet") and toks[1].low in _CLAUSE_OPENERS
    )
    if not opener and not relative:
        return c1
    for i in range(c0 + 2, c1 - 1):
        if toks[i].word == "," and not toks[i].quoted and not toks[i + 1].quoted:
            return i
    return c1


def _inverted_source_ends_at(toks: list[Tok], c: int, resolver: Resolver) -> bool:
    """Whether a cue shortly before token c has its source right after it, ending at c
    ("said Jan Roe, ...")."""
    for k in range(max(1, c - 8), c):
        cue = cue_at(toks, k)
        if cue is None or toks[k - 1].word not in (",", '"', "”"):
            continue
        post = resolver.postverbal(toks, k + cue[0])
        if post is not None and post[0].end == toks[c - 1].end:
            return True
    return False


def _no_complement(toks: list[Tok], k: int, n: int, lemma: str, end: int) -> bool:
    """Whether the cue at k ends its sentence with adverbials only: "..., X said on Monday."
    rather than "In Ohio on Sunday, X said the plant had closed." (a cue with its own
    complement after an opening adverbial is no final attribution)."""
    comp = complement(toks, k, n, lemma, end, object_ok=False)
    return comp is None or comp[0] >= end


_AS_CUES = SPEECH_CUES | {"point out", "observe", "put it"}


def _as_clause(
    toks: list[Tok], k: int, n: int, lemma: str, limit: int, resolver: Resolver
) -> bool:
    """'As X noted, CONTENT' / 'And as X pointed out, CONTENT': an "as" clause opening the
    sentence with a speech cue, its source and a comma, followed by at least three words."""
    if lemma not in _AS_CUES or k + n + 3 >= limit or toks[k + n].word != ",":
        return False
    src = resolver.preverbal(toks, k)
    if src is None:
        return False
    i = next((i for i, t in enumerate(toks) if t.start >= src[0].start), k)
    return (
        0 < i <= 2
        and toks[i - 1].low == "as"
        and all(t.low in CONJUNCTION_OPENERS for t in toks[: i - 1])
        and not toks[k + n + 1].quoted
    )


def indirect(
    text: str, toks: list[Tok], resolver: Resolver, quotes: Sequence[Span], sentence: Span
) -> list[Attr]:
    out: list[Attr] = []
    final = final_attribution(text, toks, resolver)
    limit = final[0] if final else content_end(toks, 0)
    inner: Attr | None = None
    # "According to SOURCE, CONTENT"
    acc: tuple[Span, str] | None = None
    acc_end = -1
    for k in range(len(toks) - 2):
        if toks[k].low == "according" and toks[k + 1].low == "to" and not toks[k].quoted:
            j = k + 2
            while j < len(toks) and toks[j].word != "," and j < k + 20:
                j += 1
            if k > 0 and toks[k - 1].word == "," and k + 2 < len(toks):
                # "CONTENT, according to SOURCE(, CONTENT)."
                end = content_end(toks, 0)
                src_end = j if j < len(toks) and toks[j].word == "," else end
                if src_end > k + 2 and k - 1 > 0:
                    m = resolver.mention_starting(toks[k + 2].start)
                    src = (
                        (Span(m.start, m.end), "name")
                        if m is not None
                        else (Span(toks[k + 2].start, toks[src_end - 1].end), "description")
                    )
                    if toks[k + 2].low in PRONOUNS_PERSON or toks[k + 2].low in (
                        "him",
                        "her",
                        "them",
                    ):
                        src = (Span(toks[k + 2].start, toks[k + 2].end), "pronoun")
                    first = 0
                    while (
                        first < k - 1
                        and not WORDLIKE.match(toks[first].word)
                        and not toks[first].quoted
                    ):
                        first += 1
                    content = Span(toks[first].start, toks[end - 1].end)
                    return [Attr(content, "indirect", Span(toks[k].start, toks[k + 1].end), *src)]
                break
            if j < len(toks) and toks[j].word == ",":
                m = resolver.mention_starting(toks[k + 2].start)
                if m is not None:
                    acc = (Span(m.start, m.end), "name")
                elif toks[k + 2].low in PRONOUNS_PERSON or toks[k + 2].low in (
                    "him",
                    "her",
                    "them",
                ):
                    acc = (Span(toks[k + 2].start, toks[k + 2].end), "pronoun")
                else:
                    acc = (Span(toks[k + 2].start, toks[j - 1].end), "description")
                acc_end = j
                cue_span = Span(toks[k].start, toks[k + 1].end)
                acc_cue = cue_span
            break
    # "SOURCE CUE (that) CONTENT" / participle cues; a sentence may hold several: a cue inside
    # the content with its own subject is nested ("X said Y wants Z"), a coordinated one splits
    # the content ("X said A, adding that B"; "X said A, and Y said B").
    start_k = acc_end + 1 if acc else 0
    found: list[list] = []  # [cue index, content start index, content end index, Attr]
    k = start_k - 1
    while k + 1 < limit:
        k += 1
        cue = cue_at(toks, k)
        if cue is None:
            continue
        n, lemma = cue
        holders = [f for f in found if f[1] <= k < f[2]]
        comp = complement(toks, k, n, lemma, limit, object_ok=not holders)
        if comp is None and not holders and _as_clause(toks, k, n, lemma, limit, resolver):
            comp = (k + n + 1, False)  # "As X noted, CONTENT": the content follows the comma
        # "X said A and criticized B": a cue right after "and" inside a content is the same
        # source's second attribution, even with a noun-phrase object.
        and_cue = bool(holders) and k > 0 and toks[k - 1].low == "and" and not toks[k - 1].quoted
        if (
            and_cue
            and lemma not in SPEECH_CUES
            and coordinated_with(
                text, sentence, holders[-1][3].cue, Span(toks[k].start, toks[k].end)
            )
            is False
        ):
            continue  # "X said she was tired and wanted a change": the content's own verb
        if and_cue and (comp is None or comp[0] >= limit):
            comp = complement(toks, k, n, lemma, limit, object_ok=True)
        if comp is None or comp[0] >= limit:
            continue
        c_start, np_object = comp
        src = resolver.preverbal(toks, k)
        if holders:
            own = src is not None and src[0].start >= toks[holders[-1][1]].start
            b = k
            while b > 0 and toks[b - 1].low in ADVERBS:
                b -= 1
            if own and src is not None:
                b = next((i for i, t in enumerate(toks) if t.start >= src[0].start), b)
            coord = b
            conj = coord > 0 and toks[coord - 1].low in ("and", "but", "while", "before", "then")
            if conj:
                coord -= 1
            if coord > 0 and toks[coord - 1].word in (",", ";", "—", "–", "-"):
                coord -= 1
            coordinated = coord < b and (conj or not own or toks[coord].word == ";")
            if own and not coordinated and coord < b and holders[-1][4]:
                # A noun-phrase object ends before a clause with its own subject.
                coordinated = True
            if not own and not coordinated:
                continue  # "criticized X for saying Y": no attribution of its own
            if coordinated:
                for f in found:
                    if f[1] < coord < f[2]:
                        f[2] = coord
                if src is None or not own:
                    src = (holders[0][3].source, holders[0][3].source_kind)
        elif src is None:
            src = resolver.nearest_left(toks, k, acc_end + 1 if acc else 0)
            if src is None and k > 1 and toks[k - 1].low == "and" and not toks[k - 1].quoted:
                # "The nominee outlined a plan and vowed to ...": the subject of the verb the
                # cue is coordinated with, which the parser finds (see quotes.syntax).
                src = (Span(toks[k - 1].start, toks[k - 1].end), "parse")
            elif src is None and k > 0 and toks[k - 1].word != ")":
                # No source phrase the rules can read ("The businessman began with the drug
                # crisis, saying that ...", "The 30-second spot, titled X, features"): the
                # cue's parsed subject, or that of the clause it modifies (quotes.syntax);
                # the attribution is dropped when that subject cannot speak. Not after a
                # parenthesis: the party-tag rules have read it ("Shaw Research (R) said").
                src = (Span(toks[k - 1].start, toks[k - 1].end), "parse")
        if src is None or src[0] is None:
            continue
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if all(t.quoted for t in toks[c_start:limit]):
            # The complement is a direct quotation: attribute the quotation itself.
            q = next((q for q in quotes if q.start <= toks[c_start].start < q.end), None)
            if q is None or title_like(text[q.start : q.end]):
                continue
            found.append([k, c_start, limit, Attr(q, "direct", cue_span, src[0], src[1]), False])
            break
        attr = Attr(Span(0, 0), "indirect", cue_span, src[0], src[1])
        found.append([k, c_start, limit, attr, np_object])
        k = c_start - 1
    for _k, c0, c1, attr, _np in found:
        c1 = _content_stop(toks, c0, c1, _relative_source(text, toks, attr))
        while c1 < limit and c1 > c0 + 1 and toks[c1 - 1].word in (",", ";", "—", "–", "-"):
            c1 -= 1
        if attr.kind == "indirect":
            attr.content = Span(toks[c0].start, toks[c1 - 1].end)
        out.append(attr)
    # A speech cue's attribution may be reported by an outer "according to X" or final "X said";
    # attitudes with a noun-phrase object ("Moscow will consider the views") are nested in it.
    inner = next((f[3] for f in found if not f[4]), None)
    if acc is not None:
        if inner is not None:
            inner.reporter, inner.reporter_kind = acc
        else:
            content = (
                Span(toks[acc_end + 1].start, toks[limit - 1].end) if acc_end + 1 < limit else None
            )
            if content is not None:
                out.append(Attr(content, "indirect", acc_cue, acc[0], acc[1]))
    if final is None and not found and acc is None:
        mid = interposed_attribution(toks, resolver, limit)
        if mid is not None:
            out.append(mid)
    if final is not None:
        c, k, src = final
        cue = cue_at(toks, k)
        n = cue[0] if cue else 1
        cue_span = Span(toks[k].start, toks[k + n - 1].end)
        if inner is not None:
            for f in found:
                if f[3].reporter is None and not f[4]:
                    f[3].reporter, f[3].reporter_kind = src
        else:
            first = 0
            content_toks = toks[first:c]
            if content_toks and not all(t.quoted for t in content_toks):
                content = Span(content_toks[0].start, content_toks[-1].end)
                out.append(Attr(content, "indirect", cue_span, src[0], src[1]))
            elif content_toks:
                # A direct quotation followed by its attribution: let the direct pass take it.
                pass
    return out


# Sentence adverbs and connectives that may open a sentence before an interposed attribution.
_SENTENCE_ADVERBS = word_set(
    "still but and yet however instead now so also meanwhile indeed moreover furthermore "
    "besides nevertheless nonetheless otherwise then today yesterday later earlier first second "
    "third finally again similarly likewise ultimately overall basically frankly honestly "
    "clearly obviously unfortunately fortunately hopefully"
)


def interposed_attribution(toks: list[Tok], resolver: Resolver, limit: int) -> Attr | None:
    """'A, X said (adverbials), B.': an attribution between two commas inside the content.

    The content is the sentence around it; its parts leave the attribution out. A lone
    sentence adverb before it ("Still, he said, B.") is no part of the content.
    """
    for c in range(1, min(limit, 40)):
        if toks[c].word != "," or toks[c].quoted:
            continue
        before = [t for t in toks[:c] if WORDLIKE.match(t.word)]
        if not before or any(t.quoted for t in toks[:c]):
            return None
        lead = len(before) == 1 and before[0].low in _SENTENCE_ADVERBS
        for k in range(c + 1, min(limit, c + 7)):
            cue = cue_at(toks, k)
            if cue is None:
                continue
            n, lemma = cue
            if lemma not in SPEECH_CUES:
                return None
            src = resolver.preverbal(toks, k)
            if src is None or src[0].start <= toks[c].end:
                if k != c + 1:
                    return None
                src = resolver.postverbal(toks, k + n)
                if src is None or (
                    src[1] == "pronoun" and k + n + 1 < limit and toks[k + n + 1].word != ","
                ):
                    return None
                after = next(i for i, t in enumerate(toks) if t.start >= src[0].end)
            else:
                after = k + n
            c2 = after
            while (
                c2 < limit
                and c2 < after + 8
                and toks[c2].word != ","
                and gap_word(toks, c2, after + 1)
            ):
                c2 += 1
            if c2 >= limit - 1 or toks[c2].word != "," or toks[c2 + 1].quoted:
                return None
            rest = [t for t in toks[c2 + 1 : limit] if WORDLIKE.match(t.word)]
            if len(rest) < 2:
                return None
            first = next(i for i, t in enumerate(toks) if WORDLIKE.match(t.word))
            p1 = Span(toks[first].start, toks[c - 1].end)
            p2 = Span(toks[c2 + 1].start, toks[limit - 1].end)
            if lead:
                return Attr(
                    p2,
                    "indirect",
                    Span(toks[k].start, toks[k + n - 1].end),
                    *src,
                    confidence=0.7,
                )
            return Attr(
                Span(p1.start, p2.end),
                "indirect",
                Span(toks[k].start, toks[k + n - 1].end),
                *src,
                confidence=0.7,
                parts=(p1, p2),
            )
        return None
    return None


def fragment_paraphrase(
    toks: list[Tok], k: int, cue: tuple[int, str], q: Span, cue_span: Span, src: tuple[Span, str]
) -> Attr | None:
    """The paraphrase around a quoted fragment: 'X called it "a disgrace" and left' -> mixed.

    The content is the cue's complement (after "that" when it follows the cue) to the end of
    the sentence. None when the quotation is the whole complement, or another cue follows the
    quotation in the sentence (the sentence then holds more than one attribution).
    """
    n = cue[0]
    start = k + n
    end = content_end(toks, start)
    if start < end and toks[start].low == "that" and not toks[start].quoted:
        start += 1
    # An adverbial between the cue and the quotation is no paraphrase: 'X said on Monday, "B."'.
    s2 = start
    while s2 < end and (toks[s2].word == "," or gap_word(toks, s2, start)):
        s2 += 1
    if s2 < end and toks[s2].quoted and toks[s2].start == q.start:
        return None
    body = [t for t in toks[start:end] if WORDLIKE.match(t.word)]
    outside = [t for t in body if not (q.start <= t.start < q.end)]
    inside = [t for t in body if q.start <= t.start < q.end]
    if not outside or not inside or start >= end:
        return None
    after = [i for i in range(start, end) if toks[i].start >= q.end]
    if any(cue_at(toks, i) is not None for i in after):
        return None
    return Attr(
        Span(toks[start].start, toks[end - 1].end),
        "mixed",
        cue_span,
        *src,
        method="fragment",
        confidence=0.7,
    )


def lead_paraphrase(
    toks: list[Tok], q: Span, cue_span: Span, src: tuple[Span, str]
) -> Attr | None:
    """'Using the tax that way "is a misguided approach," said Jane Roe': a quotation that
    finishes a sentence the writer began is part of a mixed quotation running from the start
    of the sentence to its closing mark. None when the quotation opens its sentence, when
    fewer than two words come before it, or when they hold a quotation or a cue."""
    before = [t for t in toks if t.end <= q.start]
    if not before or toks[0].start > q.start:
        return None
    words = [t for t in before if WORDLIKE.match(t.word)]
    if len(words) < 2 or any(t.quoted for t in before):
        return None
    if any(cue_at(toks, i) is not None for i in range(len(before))):
        return None
    if before[-1].word in (",", ":", ";"):
        return None  # 'In Leeds, "..." said X': an adverbial before a whole quotation
    if any(t.word in ("-", "—", "–", "―", "(", ")") for t in before):
        return None  # 'LONDON, May 3 (Reuters) - "..."': a dateline, not the writer's words
    return Attr(
        Span(words[0].start, q.end),
        "mixed",
        cue_span,
        *src,
        method="fragment",
        confidence=0.7,
    )



_DASH_BEFORE = re.compile(r"[^\S\n]*(?:--|—|–)[^\S\n]*$")
_DASH_AFTER = re.compile(r"[^\S\n]*(?:--|—|–)")


def _between_dashes_after_name(text: str, q: Span, resolver: Resolver) -> Attr | None:
    """'including the former candidate Jane Roe -- "It is disqualifying" -- and ...': a
    quotation set off by dashes right after a person's name is that person's."""
    before = _DASH_BEFORE.search(text, max(0, q.start - 8), q.start)
    if before is None or _DASH_AFTER.match(text, q.end) is None:
        return None
    m = resolver.mention_ending(before.start())
    if m is None or m.kind != "person":
        return None
    dash = text.index("-" if "--" in before.group() else before.group().strip(), before.start())
    cue = Span(dash, dash + len(before.group().strip()))
    return Attr(q, "direct", cue, Span(m.start, m.end), "name")


def _speech_cue(text: str, cue: Span | None) -> bool:
    if cue is None:
        return False
    return CUE_FORMS.get(text[cue.start : cue.end].lower()) in SPEECH_CUES


def direct(
    text: str,
    q: Span,
    sentences: Sequence[Span],
    sent_toks: list[list[Tok]],
    resolver: Resolver,
    indirect: list[Attr],
    fragments: list[Attr] | None = None,
) -> Attr | None:
    """Attribution of one double-quoted passage, or None when nothing near it is a cue.

    A quoted fragment inside a paraphrase also adds that paraphrase to ``fragments``.
    """
    # The sentence where the quotation ends (its attribution usually follows there).
    idx = None
    for i, s in enumerate(sentences):
        if s.start <= q.end - 1 < s.end or s.start <= q.end <= s.end:
            idx = i
            break
    if idx is None:
        return None
    toks = sent_toks[idx]
    # An indirect attribution whose content holds this quotation: same speaker, unless a cue
    # with its own subject introduces the quotation ('X noted that A ― Y boasted, "..."').
    s_at = next((i for i, s in enumerate(sentences) if s.start <= q.start < s.end), idx)
    own = introducing_cue(sent_toks[s_at], q, resolver)
    dashed = _between_dashes_after_name(text, q, resolver)
    if dashed is not None:
        return dashed
    # Inside both an attitude ("proposals offer A and send a message that "...","), and a
    # speech cue holding it ("..., Mr. Kamin said."), the quoted words are the speaker's.
    holding = sorted(
        (a for a in indirect if a.content.start <= q.start and q.end <= a.content.end + 1),
        key=lambda a: not _speech_cue(text, a.cue),
    )
    if holding:
        a = holding[0]
        if (
            own is not None
            and a.kind == "indirect"
            and a.cue is not None
            and a.cue.end <= own.source.start  # type: ignore[union-attr]
            and a.content.start < own.source.start  # type: ignore[union-attr]
        ):
            cut = text[a.content.start : own.source.start].rstrip(" ,;:―—–-")  # type: ignore[union-attr]
            a.content = Span(a.content.start, a.content.start + len(cut))
            return own
        return Attr(
            q,
            "direct",
            a.cue,
            a.source,
            a.source_kind,
            reporter=a.reporter,
            reporter_kind=a.reporter_kind,
        )
    after = [i for i, t in enumerate(toks) if t.start >= q.end]
    # '..." he said.' / '..." said Peskov.'
    if after:
        k0 = after[0]
        ks = k0 + 1 if k0 < len(toks) and toks[k0].word == "," else k0
        if ks < len(toks) and toks[ks].low in _SUBORDINATORS:
            after = []  # '"That makes me smart," when Roe blasted him': a clause of time
    if after:
        # '..." Jane Roe, director of the X and a former Y, said': a long apposition.
        reach = 12
        for i in range(ks, min(len(toks), ks + 3)):
            m0 = resolver.mention_starting(toks[i].start)
            if m0 is not None and m0.kind == "person":
                reach = 40
                break
            if toks[i].quoted or not toks[i].word[:1].isupper():
                break
        for k in range(ks, min(len(toks), ks + reach)):
            if toks[k].quoted:
                break
            cue = cue_at(toks, k)
            if cue is None:
                continue
            src = resolver.preverbal(toks, k)
            if not (src is not None and src[0].start >= q.end):
                src = None
                if k == ks and cue[1] in INVERTED_CUES:
                    src = resolver.postverbal(toks, k + cue[0])
            if src is not None:
                cue_span = Span(toks[k].start, toks[k + cue[0] - 1].end)
                lead = lead_paraphrase(toks, q, cue_span, src)
                if lead is not None and fragments is not None:
                    fragments.append(lead)
                return Attr(q, "direct", cue_span, *src)
            break
    # 'X said: "..."' / 'X castigated these claims as "..."' — a cue before it in its sentence.
    s_idx = next((i for i, s in enumerate(sentences) if s.start <= q.start < s.end), idx)
    toks0 = sent_toks[s_idx]
    before = [i for i, t in enumerate(toks0) if t.end <= q.start]
    for pick in (resolver.preverbal, resolver.nearest_left):
        for k in reversed(before):
            cue = cue_at(toks0, k)
            if cue is None:
                continue
            src = pick(toks0, k)
            if src is not None:
                cue_span = Span(toks0[k].start, toks0[k + cue[0] - 1].end)
                if fragments is not None:
                    mixed = fragment_paraphrase(toks0, k, cue, q, cue_span, src)
                    if mixed is not None:
                        fragments.append(mixed)
                return Attr(q, "direct", cue_span, *src)
    spoken = _speech_noun_subject(toks0, before, resolver)
    if spoken is not None:
        return Attr(q, "direct", *spoken)
    # '"...?" he asked.' split in two sentences after the mark, or '"...." He said.' — the
    # attribution opens the next sentence of the same paragraph.
    if (
        idx + 1 < len(sentences)
        and not text[q.end : sentences[idx + 1].start].strip()
        and "\n" not in text[q.end : sentences[idx + 1].start]
    ):
        nxt = sent_toks[idx + 1]
        short = len(nxt) <= 10
        if nxt and not nxt[0].quoted and (nxt[0].word[:1].islower() or short):
            got = attribution_at(nxt, 0, resolver, q)
            if got is not None and (short or nxt[0].word[:1].islower()):
                return got
    # 'X said the following:' / 'Stated Stone:' closing the sentence before the quotation.
    if s_idx > 0 and text[sentences[s_idx - 1].end : q.start].strip() in ("", ":"):
        prev = sent_toks[s_idx - 1]
        if prev and (prev[-1].word == ":" or text[sentences[s_idx - 1].end : q.start].strip()):
            for k in range(len(prev) - 1, -1, -1):
                cue = cue_or_opening(prev, k)
                if cue is None:
                    continue
                cue_span = Span(prev[k].start, prev[k + cue[0] - 1].end)
                src = resolver.preverbal(prev, k) or resolver.postverbal(prev, k + cue[0])
                if src is not None:
                    return Attr(q, "direct", cue_span, *src)
                break
            src = resolver.nearest_left(prev, len(prev))
            if src is not None:
                return Attr(q, "direct", None, *src)
    return None


# Nouns of something said: before a colon they introduce the words ('a new message: "..."').
_SPEECH_NOUNS = word_set(
    "message answer reply response words warning statement slogan plea promise remark "
    "remarks comment comments verdict advice motto explanation argument pitch refrain mantra "
    "assessment retort rejoinder"
)


def _speech_noun_subject(
    toks: list[Tok], before: list[int], resolver: Resolver
) -> tuple[Span, Span, str] | None:
    """'Roe is rolling out a new campaign message: "It's about me."' / 'I had to change my
    answer: "..."': a clause ending in a noun of something said and a colon introduces the
    quotation; its source is the person (or first-person pronoun) named before the noun
    in the clause. Returns (noun span, source span, source kind) or None."""
    if len(before) < 3 or toks[before[-1]].word != ":":
        return None
    n = before[-2]
    if toks[n].low not in _SPEECH_NOUNS or toks[n].quoted:
        return None
    for j in range(n - 1, -1, -1):
        t = toks[j]
        if t.quoted or t.word in (";", ":") or cue_at(toks, j) is not None:
            return None
        m = resolver.mention_ending(t.end)
        if m is not None and m.kind == "person":
            return Span(toks[n].start, toks[n].end), Span(m.start, m.end), "name"
        if t.low in PRONOUNS_PERSON:
            return Span(toks[n].start, toks[n].end), Span(t.start, t.end), "pronoun"
    return None


def introducing_cue(toks: list[Tok], q: Span, resolver: Resolver) -> Attr | None:
    """'X boasted, "..."' / 'X said: "..."': a cue right before the quotation, with its subject."""
    k = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].end <= q.start), None)
    if k is None or toks[k].word not in (",", ":"):
        return None
    k -= 1
    while k > 0 and toks[k].low in ADVERBS:
        k -= 1
    for n in (1, 2):
        c = k - n + 1
        if c <= 0:
            continue
        cue = cue_at(toks, c)
        if cue is None or cue[0] != n:
            continue
        src = resolver.preverbal(toks, c)
        if src is None:
            return None
        return Attr(q, "direct", Span(toks[c].start, toks[k].end), *src)
    return None


def attribution_at(toks: list[Tok], ks: int, resolver: Resolver, q: Span) -> Attr | None:
    """'he said' / 'said Peskov' starting within a few tokens of index ks, for quotation q."""
    for k in range(ks, min(len(toks), ks + 7)):
        if toks[k].quoted:
            break
        cue = cue_or_opening(toks, k)
        if cue is None:
            continue
        cue_span = Span(toks[k].start, toks[k + cue[0] - 1].end)
        src = resolver.preverbal(toks, k) if k > 0 else None
        if src is not None and src[0].start >= q.end:
            return Attr(q, "direct", cue_span, *src)
        if k == ks and cue[1] in INVERTED_CUES:
            post = resolver.postverbal(toks, k + cue[0])
            if post is not None:
                return Attr(q, "direct", cue_span, *post)
        break
    return None


_APPOSITION_TAIL = re.compile(r"\s*,\s*(?:(?:a|an|the)\s+)?([^,;:\"“”]{1,90})[,.]?$")


def no_content(text: str, a: Attr, resolver: Resolver) -> bool:
    """Whether an indirect attribution's content is no statement: bare adverbs ("Later"),
    or a name with its apposition ("Jane Roe, spokeswoman of the president")."""
    if a.kind == "direct":
        return False
    body = text[a.content.start : a.content.end]
    words = [w.lower() for w in re.findall(r"[\w'’-]+", body)]
    if len(words) <= 1 or all(
        w in ADVERBS or w in TEMPORAL or w in _SENTENCE_ADVERBS for w in words
    ):
        return True
    m = resolver.mention_starting(a.content.start)
    if m is None:
        return False
    tail = _APPOSITION_TAIL.match(text, m.end, a.content.end)
    if tail is None:
        return False
    rest = [w.lower() for w in re.findall(r"[\w'’-]+", tail.group(1))]
    return (
        len(rest) <= 10
        and any(w in PERSON_NOUNS for w in rest)
        and not any(w in CLAUSE_SIGNS or w in BE or w in CUE_FORMS for w in rest)
    )
