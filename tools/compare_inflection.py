"""Compare English inflection generators on the most frequent word forms of Reuters-21578.

    python tools/compare_inflection.py [--top 2000] [--data PATH] [--examples 15]

What is compared (``--inflect`` expands a query word to the forms these produce):
  hand         the hand-written rules (``corpus.search.inflections``, while it exists)
  lemminflect  lemmas of the word as NOUN/VERB/AUX, then every inflection of each lemma;
               a word unknown to lemminflect gets its out-of-vocabulary noun lemma
  spacy-lookup spaCy's lemma lookup table (spacy-lookups-data, ``en_lemma_lookup``) read
               backwards: every form whose lemma is the word's lemma
  kept         ``corpus.query.inflect.inflections``, the implementation the package uses

Attested forms. Reuters (title + body of every record) is split with the index's token pattern
and lowercased; V is the set of word types. The queries Q are the ``--top`` most frequent
alphabetic types. For a system S and a query q, the *attested forms S adds* are
A_S(q) = (S(q) ∩ V) minus q: the forms a search with ``--inflect`` would add (the index keeps
only forms that occur, so a generated form that never occurs costs nothing and is counted
apart as "unattested").

Gold. An independent judge says which attested forms are inflections of q: spaCy's rule
lemmatizer tables (``en_lemma_index``/``en_lemma_exc``/``en_lemma_rules``, derived from
WordNet; none of the systems above is built from them). A form's analyses are the (POS, lemma)
pairs for POS noun and verb: the exception table, else the suffix rules whose result is in the
index, plus the form itself when it is in the index. G(q) = {f in V, f != q : f shares an
analysis with q}. Only the queries with at least one analysis are judged (J); the others
(function words, abbreviations, names) are reported as unjudged with what each system adds.

Figures (micro-averaged over J):
  precision = sum |A_S(q) ∩ G(q)| / sum |A_S(q)|   (added attested forms that are inflections)
  recall    = sum |A_S(q) ∩ G(q)| / sum |G(q)|     (attested inflections that are added)
  exact     = share of q in J with A_S(q) == G(q)
  and, between hand and lemminflect, the number of queries where each makes fewer errors
  (false + missed forms) than the other.
Limits of the judge: WordNet lists some odd nouns (``us`` is then the plural of ``u``), has no
function words, and knows only the inflections of its own lemmas; disagreements are printed so
a reader can check them by eye.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

TOKEN_RE = re.compile(r"\w+(?:\.?\w+)*")  # corpus.index.TOKEN_PATTERN
ALPHA_RE = re.compile(r"^[a-z]+$")
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/reuters21578"
POS = ("noun", "verb")


def read_counts(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = f"{rec.get('title') or ''}\n{rec.get('body') or ''}"
            counts.update(m.group(0).lower() for m in TOKEN_RE.finditer(text))
    return counts


# --- systems -----------------------------------------------------------------------------------


def lemminflect_forms() -> Callable[[str], frozenset[str]]:
    import lemminflect

    def forms(word: str) -> frozenset[str]:
        out = {word}
        found = False
        for upos in ("NOUN", "VERB", "AUX"):
            for lemma in lemminflect.getAllLemmas(word, upos).get(upos, ()):
                found = True
                out.add(lemma)
                for infl in lemminflect.getAllInflections(lemma, upos).values():
                    out.update(infl)
        if not found:
            for lemma in lemminflect.getAllLemmasOOV(word, "NOUN").get("NOUN", ()):
                out.add(lemma)
                for infl in lemminflect.getAllInflectionsOOV(lemma, "NOUN").values():
                    out.update(infl)
        return frozenset(f.lower() for f in out)

    return forms


def _lookups_dir() -> Path | None:
    try:
        import spacy_lookups_data
    except ImportError:
        return None
    return Path(spacy_lookups_data.__file__).parent / "data"


def _load(name: str) -> dict:
    folder = _lookups_dir()
    assert folder is not None
    with gzip.open(folder / f"en_{name}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def spacy_lookup_forms() -> Callable[[str], frozenset[str]]:
    table: dict[str, str] = _load("lemma_lookup")
    by_lemma: dict[str, set[str]] = {}
    for form, lemma in table.items():
        by_lemma.setdefault(lemma.lower(), set()).add(form.lower())

    def forms(word: str) -> frozenset[str]:
        lemma = table.get(word, word).lower()
        return frozenset({word, lemma} | by_lemma.get(lemma, set()))

    return forms


class Judge:
    """spaCy's rule lemmatizer tables (WordNet): the (POS, lemma) analyses of a form."""

    def __init__(self) -> None:
        index = _load("lemma_index")
        self.index = {pos: set(index[pos]) for pos in POS}
        exc = _load("lemma_exc")
        self.exc = {pos: exc[pos] for pos in POS}
        rules = _load("lemma_rules")
        self.rules = {pos: rules[pos] for pos in POS}

    def analyses(self, form: str) -> frozenset[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for pos in POS:
            if form in self.exc[pos]:
                out.update((pos, lemma) for lemma in self.exc[pos][form])
                continue
            if form in self.index[pos]:
                out.add((pos, form))
            for old, new in self.rules[pos]:
                if form.endswith(old) and len(form) > len(old):
                    cand = form[: len(form) - len(old)] + new
                    if cand in self.index[pos]:
                        out.add((pos, cand))
        return frozenset(out)


# --- scoring -----------------------------------------------------------------------------------


def gold_sets(
    queries: Iterable[str], vocab: Iterable[str], judge: Judge
) -> dict[str, frozenset[str]]:
    by_analysis: dict[tuple[str, str], set[str]] = {}
    for form in vocab:
        if ALPHA_RE.match(form):
            for a in judge.analyses(form):
                by_analysis.setdefault(a, set()).add(form)
    gold: dict[str, frozenset[str]] = {}
    for q in queries:
        analyses = judge.analyses(q)
        if analyses:
            gold[q] = frozenset(set().union(*(by_analysis.get(a, set()) for a in analyses)) - {q})
    return gold


def score(
    name: str,
    system: Callable[[str], frozenset[str]],
    queries: list[str],
    vocab: set[str],
    gold: dict[str, frozenset[str]],
) -> dict[str, object]:
    tp = added = expected = exact = unattested = unjudged_added = 0
    added_sets: dict[str, frozenset[str]] = {}
    for q in queries:
        forms = system(q)
        a = frozenset(f for f in forms if f in vocab) - {q}
        added_sets[q] = a
        unattested += sum(1 for f in forms if f not in vocab)
        if q not in gold:
            unjudged_added += len(a)
            continue
        g = gold[q]
        tp += len(a & g)
        added += len(a)
        expected += len(g)
        exact += a == g
    p = tp / added if added else 0.0
    r = tp / expected if expected else 0.0
    return {
        "name": name,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "exact": exact / len(gold) if gold else 0.0,
        "tp": tp,
        "added": added,
        "expected": expected,
        "unattested": unattested,
        "unjudged_added": unjudged_added,
        "sets": added_sets,
    }


def _errors(a: frozenset[str], g: frozenset[str]) -> int:
    return len(a - g) + len(g - a)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA / "reuters21578.jsonl")
    ap.add_argument("--top", type=int, default=2000)
    ap.add_argument("--examples", type=int, default=15)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (give --data PATH of reuters21578.jsonl)", file=sys.stderr)
        return 2
    if _lookups_dir() is None:
        print("the judge needs spacy-lookups-data: pip install spacy-lookups-data", file=sys.stderr)
        return 2

    counts = read_counts(args.data)
    vocab = set(counts)
    queries = [w for w, _ in counts.most_common() if ALPHA_RE.match(w)][: args.top]
    gold = gold_sets(queries, vocab, Judge())

    systems: list[tuple[str, Callable[[str], frozenset[str]]]] = []
    try:
        from corpus.search import inflections as hand

        systems.append(("hand", hand))
    except ImportError:
        print("(the hand-written rules are no longer in corpus.search: not compared)")
    systems.append(("lemminflect", lemminflect_forms()))
    systems.append(("spacy-lookup", spacy_lookup_forms()))
    try:
        from corpus.query.inflect import inflections as kept

        systems.append(("kept", kept))
    except ImportError:
        print("(corpus.query.inflect not found: the kept implementation is not compared)")

    print(
        f"Reuters-21578: {sum(counts.values())} tokens, {len(vocab)} types; "
        f"{len(queries)} most frequent alphabetic forms, {len(gold)} judged "
        f"(gold: {sum(len(g) for g in gold.values())} attested inflections)"
    )
    results = [score(n, s, queries, vocab, gold) for n, s in systems]
    print(
        f"{'system':<13} {'precision':>9} {'recall':>7} {'F1':>6} {'exact':>6} "
        f"{'right':>6} {'added':>6} {'gold':>6} {'unattested':>10} {'unjudged+':>9}"
    )
    for r in results:
        print(
            f"{r['name']:<13} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} "
            f"{r['exact']:>6.3f} {r['tp']:>6} {r['added']:>6} {r['expected']:>6} "
            f"{r['unattested']:>10} {r['unjudged_added']:>9}"
        )
    by_name = {r["name"]: r for r in results}
    if "hand" in by_name:
        h, lem = by_name["hand"]["sets"], by_name["lemminflect"]["sets"]
        wins = Counter()
        for q, g in gold.items():
            eh, el = _errors(h[q], g), _errors(lem[q], g)
            wins["hand" if eh < el else "lemminflect" if el < eh else "tie"] += 1
        print(
            f"per judged word, fewer errors: hand {wins['hand']}, lemminflect "
            f"{wins['lemminflect']}, tie {wins['tie']}"
        )
        for label, mine, other in (("hand only", h, lem), ("lemminflect only", lem, h)):
            rows = []
            for q in queries:
                extra = sorted(mine[q] - other[q])
                if extra:
                    g = gold.get(q)
                    marks = [f + ("" if g is None else "+" if f in g else "-") for f in extra]
                    rows.append(f"  {q}: {' '.join(marks)}")
            print(f"{label}: {len(rows)} words (+ inflection per judge, - not, bare: unjudged)")
            if args.examples:
                print("\n".join(rows[: args.examples]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
