"""Syntax where it pays: the subject of a cue verb from spaCy's dependency parser.

The rules find a cue's source by position (the phrase before the cue, after an inverted cue,
the nearest clause subject). When that phrase cannot speak ("last week", "in remarks at a
press conference", a participle) the attribution would be lost; the parser, run only on that
one sentence, gives the cue's grammatical subject (``nsubj``, or the agent of a passive),
which is tried as the source instead.

The pipeline is the pinned model's ``tok2vec`` and ``parser`` only, loaded on first use (so
articles whose rules need no help never load it) and shared by the process.

Limits: the small English model's parser errs on long wire sentences (about 90 % labelled
attachment on news); a subject found in another clause than the cue's is taken as given.
"""

from __future__ import annotations

from functools import cache
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


def cue_subject(text: str, sentence: Span, cue: Span) -> Span | None:
    """The span of the grammatical subject of the cue verb at `cue` (character offsets of
    `text`), parsed within `sentence`; None when the parser finds none."""
    doc = parser()(text[sentence.start : sentence.end])
    start = cue.start - sentence.start
    verb = next((t for t in doc if t.idx <= start < t.idx + len(t.text)), None)
    if verb is None:
        return None
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
