"""Cue words of the PolNeAR attributions the annotator misses, with a precision estimate.

For every article of a PolNeAR split (first annotator per article, as `corpus eval` reads it)
the article is annotated and its quotations matched to the gold attributions with the scorer's
rule (``corpus.evaluate.matching.match``). For the gold attributions left unmatched, the
lower-cased cue text and its words are counted. For each of the top words the script also
counts how often the word occurs in the split's texts at all, and how often such an
occurrence lies inside a gold Cue span: ``gold%`` estimates how precise the word would be as
a cue. ``known`` marks words already in the cue lexicon (``lexicon.CUE_FORMS``).

Run: .venv/bin/python tools/cue_stats.py /work/shared/data/polnear/train [--top 60]
Also prints, for the misses, the category (direct/mixed/indirect) and the share whose cue
is a known cue form (misses for other reasons: boundaries, sources, several sentences).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from corpus.annotate import annotate
from corpus.annotate.lexicon import CUE_FORMS
from corpus.errors import InputError
from corpus.evaluate.gold import read_text
from corpus.evaluate.matching import match
from corpus.evaluate.quotes import Aligner, polnear_files, read_polnear_ann
from corpus.ingest.text import article_from_text
from corpus.model import Span

WORD = re.compile(r"[a-z][a-z'’-]*")
# Function words are left out of the word table (they are in many cues but are no cue).
FUNCTION = frozenset(
    """
    a an the to of in on at for by with from about against over into up out off as than that
    this these those it its his her their our my your he she they we i you him them us me is
    are was were be been being has have had do does did will would could can should may might
    must not no so and or but if s also just still even now more most very
    """.split()
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--phrases", action="store_true", help="also list whole cue phrases")
    args = ap.parse_args(argv)

    missed_words: Counter[str] = Counter()
    missed_phrases: Counter[str] = Counter()
    missed_cat: Counter[str] = Counter()
    missed_known = 0
    total_words: Counter[str] = Counter()  # occurrences in the texts
    cue_words: Counter[str] = Counter()  # occurrences inside a gold cue span
    predicted_cue_words: Counter[str] = Counter()  # inside a cue of a prediction
    n_gold = n_missed = skipped = 0
    pairs_files, _ = polnear_files(args.directory)
    for i, (txt, ann) in enumerate(pairs_files):
        if args.limit is not None and i >= args.limit:
            break
        try:
            gold = read_polnear_ann(ann, read_text(txt), doc_id=txt.stem, text_path=txt)
        except InputError as exc:  # a few train files have spans that do not match
            print(f"skipped: {exc}", file=sys.stderr)
            skipped += 1
            continue
        article = article_from_text(gold.text, source=str(gold.text_path))
        doc = annotate(article)
        text = article.text
        aligner = Aligner(gold.text, text)
        contents = [aligner.frags(g.content) for g in gold.quotes]
        cues = [aligner.frags(g.cue) for g in gold.quotes]
        pairs = match(contents, [Span(q.start, q.end) for q in doc.quotations])
        cue_spans = sorted({s for c in cues for s in c}, key=lambda s: s.start)
        pred_cues = [q.cue for q in doc.quotations if q.cue is not None]
        for m in WORD.finditer(text.lower()):
            w = m.group()
            total_words[w] += 1
            if any(s.start <= m.start() < s.end for s in cue_spans):
                cue_words[w] += 1
            if any(s.start <= m.start() < s.end for s in pred_cues):
                predicted_cue_words[w] += 1
        for gi, g in enumerate(gold.quotes):
            n_gold += 1
            if gi in pairs:
                continue
            n_missed += 1
            missed_cat[g.category] += 1
            phrase = " ".join(text[s.start : s.end] for s in cues[gi]).lower()
            phrase = " ".join(phrase.split())
            missed_phrases[phrase] += 1
            words = WORD.findall(phrase)
            if any(w in CUE_FORMS for w in words) or phrase in CUE_FORMS:
                missed_known += 1
            for w in set(words):
                missed_words[w] += 1
    print(f"articles skipped (malformed annotation): {skipped}")
    print(f"gold attributions: {n_gold}; missed: {n_missed}; by category: {dict(missed_cat)}")
    share = 100 * missed_known / max(n_missed, 1)
    print(f"missed with a known cue form: {missed_known} ({share:.1f}%)")
    print()
    print(f"{'word':<16}{'missed':>7}{'in text':>9}{'gold cue':>9}{'gold%':>7}{'ours':>6}  known")
    ranked = [(w, n) for w, n in missed_words.most_common() if w not in FUNCTION]
    for w, n in ranked[: args.top]:
        tot = total_words[w]
        gc = cue_words[w]
        pct = 100 * gc / tot if tot else 0.0
        known = "yes" if w in CUE_FORMS else ""
        print(f"{w:<16}{n:>7}{tot:>9}{gc:>9}{pct:>7.1f}{predicted_cue_words[w]:>6}  {known}")
    if args.phrases:
        print()
        for p, n in missed_phrases.most_common(args.top):
            print(f"{n:>6}  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
