"""Syntax where it pays: the subject and the complement of a cue verb from spaCy's parser.

The rules find a cue's source by position (the phrase before the cue, after an inverted cue,
the nearest clause subject). When that phrase cannot speak ("last week", "in remarks at a
press conference", a participle) the attribution would be lost; the parser, run only on that
one sentence, gives the cue's grammatical subject (``nsubj``, or the agent of a passive),
which is tried as the source instead.

A verb of attitude after "and" inside a content ("wanted", "refused") is the source's second
cue only when the parse coordinates it with the cue ("X said A and wanted B"), not with the
content's own verb ("X said she was tired and wanted a change"); a speech verb there ("and
said", "and warned") stays the source's second cue whatever the parse says (the parser often
attaches it inside the content). Parses are kept for the last few sentences, so a sentence
that needs several answers is parsed once.

Tried and left out: bounding an indirect content by the cue's complement subtree (cutting
before a coordinated or adverbial clause) lost more than it gained on PolNeAR (the parser
attaches "and ..." clauses inside and outside the complement about equally wrongly).

The pipeline is the pinned model's ``tok2vec`` and ``parser`` only, loaded on first use (so
articles whose rules need no help never load it) and shared by the process.

Limits: the small English model's parser errs on long wire sentences (about 90 % labelled
attachment on news); a subject found in another clause than the cue's is taken as given.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from corpus.model import Span

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@cache
def parser() -> Any:
    """tok2vec + parser of the project's spaCy model (no tagger, lemmatizer or ner)."""
    import spacy

    from corpus.settings import SPACY_MODEL

    unused = ["ner", "tagger", "lemmatizer", "attribute_ruler", "senter", "morphologizer"]
    return spacy.load(SPACY_MODEL, exclude=unused)


@lru_cache(maxsize=16)
def _parse(sentence_text: str) -> Any:
    return parser()(sentence_text)


def _token_at(doc: Any, offset: int) -> Any:
    return next((t for t in doc if t.idx <= offset < t.idx + len(t.text)), None)


def cue_subject(text: str, sentence: Span, cue: Span) -> Span | None:
    """The span of the grammatical subject of the cue verb at `cue` (character offsets of
    `text`), parsed within `sentence`; a verb coordinated with another or a participle
    modifying it ("..., saying") and without a subject of its own takes that verb's; None when
    the parser finds none."""
    doc = _parse(text[sentence.start : sentence.end])
    verb = _token_at(doc, cue.start - sentence.start)
    if verb is None:
        return None
    while verb.dep_ in ("conj", "advcl") and not any(c.dep_ in _SUBJECTS for c in verb.children):
        # "X outlined A and vowed B", "X began with A, saying B": the subject of the verb the
        # cue is coordinated with or modifies
        verb = verb.head
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            toks = list(child.subtree)
            # The head noun phrase only: stop before a relative clause or an apposition.
            end = child.i
            for t in toks:
                if t.i > child.i and t.dep_ in ("relcl", "appos", "acl", "punct"):
                    break
                end = max(end, t.i)
            first = toks[0]
            last = doc[end]
            return Span(sentence.start + first.idx, sentence.start + last.idx + len(last.text))
    return None


def coordinated_with(text: str, sentence: Span, cue: Span, other: Span) -> bool | None:
    """Whether the verb at `other` is coordinated with the cue verb at `cue` ("said A and
    warned B"); None when either is not found in the parse."""
    doc = _parse(text[sentence.start : sentence.end])
    verb = _token_at(doc, cue.start - sentence.start)
    second = _token_at(doc, other.start - sentence.start)
    if verb is None or second is None:
        return None
    return second in verb.conjuncts
