"""corpus.evaluate and `corpus eval`: readers, matching rules and scores, pinned with fakes.

The gold files are tiny hand-made ones in tests/data/eval; nothing here needs ../shared (the two
reader checks on the real data skip when it is absent).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.errors import InputError
from corpus.evaluate import (
    Report,
    Score,
    covers,
    evaluate_gold_quotes,
    evaluate_ner,
    evaluate_polnear,
    match,
    quote_category,
    read_conll,
    read_gold_quotes,
    read_gold_records,
    read_polnear,
    render_json,
    render_table,
    same_person,
)
from corpus.evaluate.ner import _chunks
from corpus.evaluate.quotes import _Aligner
from corpus.model import Article, Block, Document, Entity, Mention, Quotation, Span
from corpus.settings import SHARED_DIR

DATA = Path(__file__).parent / "data" / "eval"
CONLL = DATA / "mini.conll"
POLNEAR = DATA / "polnear"
GOLD = DATA / "gold.json"


# --------------------------------------------------------------------------- fakes


def make_article(text: str, source: str, **metadata: object) -> Article:
    return Article(Path(source).stem, text, (Block("p", 0, len(text)),), source=source)


def at(text: str, needle: str, occurrence: int = 0) -> Span:
    """Span of the n-th occurrence of ``needle``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def fake_ner(names: Sequence[tuple[str, str]]) -> Callable[[str], list[Mention]]:
    """Predict every occurrence of each (substring, kind) as a mention."""

    def find(text: str) -> list[Mention]:
        out = []
        for needle, kind in names:
            for m in re.finditer(re.escape(needle), text):
                out.append(Mention(m.start(), m.end(), kind, ref=needle))
        return out

    return find


QuoteSpec = dict  # keys: text (+occurrence), speaker, mention, cue, reported_by


def fake_annotate(
    quotes: Sequence[QuoteSpec],
    entities: Sequence[Entity] = (),
    mentions: Sequence[tuple[str, int, str]] = (),
) -> Callable[[Article], Document]:
    """An annotator returning fixed quotations, located by their text in the article."""

    def span(text: str, value: str | tuple[str, int] | None) -> Span | None:
        if value is None:
            return None
        needle, n = value if isinstance(value, tuple) else (value, 0)
        return at(text, needle, n)

    def annotate(article: Article) -> Document:
        text = article.text
        qs = []
        for spec in quotes:
            content = span(text, spec["text"])
            assert content is not None
            qs.append(
                Quotation(
                    content.start,
                    content.end,
                    spec.get("kind", "indirect"),
                    speaker=spec.get("speaker", ""),
                    cue=span(text, spec.get("cue")),
                    mention=span(text, spec.get("mention")),
                    reported_by=spec.get("reported_by", ""),
                )
            )
        ms = []
        for needle, n, ref in mentions:
            s = at(text, needle, n)
            ms.append(Mention(s.start, s.end, "person", ref))
        return Document(article, entities=tuple(entities), mentions=tuple(ms), quotations=tuple(qs))

    return annotate


# --------------------------------------------------------------------------- CoNLL reader


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.type) for e in _chunks(tags, 0)]


def test_iob1_same_type_i_tags_continue_one_entity() -> None:
    assert tags_to_spans(["I-PER", "I-PER", "O"]) == [(0, 2, "PER")]


def test_iob1_b_tag_starts_a_second_entity() -> None:
    assert tags_to_spans(["I-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]


def test_iob1_type_change_starts_a_new_entity() -> None:
    assert tags_to_spans(["I-MISC", "I-ORG", "I-ORG", "O", "I-LOC"]) == [
        (0, 1, "MISC"),
        (1, 3, "ORG"),
        (4, 5, "LOC"),
    ]


def test_iob2_reads_the_same() -> None:
    assert tags_to_spans(["B-PER", "I-PER", "B-PER"]) == [(0, 2, "PER"), (2, 3, "PER")]


def test_read_conll_documents_text_and_offsets() -> None:
    docs = list(read_conll(CONLL))
    assert [d.number for d in docs] == [1, 2]
    first, second = docs
    assert first.text == "Phil Simmons took four for Leicestershire .\nLONDON 1996-08-30"
    assert first.line == 1 and second.line == 14
    for doc in docs:
        for (a, b), tok in zip(doc.offsets(), doc.tokens, strict=True):
            assert doc.text[a:b] == tok
    names = [(" ".join(second.tokens[e.start : e.end]), e.type) for e in second.entities]
    assert names == [
        ("Smith", "PER"),
        ("Jones", "PER"),
        ("New York", "LOC"),
        ("German", "MISC"),
        ("Reuters", "ORG"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Phil NNP I-PER", "bad.conll:3: expected 4 columns"),
        ("Phil NNP I-NP I-FOO", "bad.conll:3: unknown NER tag 'I-FOO'"),
        ("Phil NNP I-NP X-PER", "bad.conll:3: unknown NER tag"),
    ],
)
def test_read_conll_malformed_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text(f"-DOCSTART- -X- O O\n\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        list(read_conll(bad))


def test_read_conll_without_docstart_is_one_document(tmp_path: Path) -> None:
    f = tmp_path / "plain.conll"
    f.write_text("Paris NNP I-NP I-LOC\n\nRome NNP I-NP I-LOC\n", encoding="utf-8")
    docs = list(read_conll(f))
    assert len(docs) == 1 and docs[0].text == "Paris\nRome"


# --------------------------------------------------------------------------- NER scoring

NER_PREDICTIONS = [
    ("Phil Simmons", "person"),  # exact: tp
    ("Leicestershire", "place"),  # gold ORG: fp LOC + fn ORG (wrong type)
    ("LONDON", "place"),  # tp
    ("1996-08-30", "date"),  # ignored
    ("Smith Jones", "person"),  # gold I-PER B-PER is two people: fp + 2 fn
    ("New York", "place"),  # tp
    ("Germ", "person"),  # ends inside a token: fp, never a match
    ("German", "place"),  # gold MISC: fp
    ("Reuters", "org"),  # tp
]


def test_ner_exact_span_scores() -> None:
    report = evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS), stage="finder")
    cats = report.categories
    assert list(cats) == ["PER", "LOC", "ORG", "micro"]
    assert (cats["PER"].tp, cats["PER"].fp, cats["PER"].fn) == (1, 2, 2)
    assert (cats["LOC"].tp, cats["LOC"].fp, cats["LOC"].fn) == (2, 2, 0)
    assert (cats["ORG"].tp, cats["ORG"].fp, cats["ORG"].fn) == (1, 0, 1)
    micro = cats["micro"]
    assert (micro.tp, micro.fp, micro.fn) == (4, 4, 3)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(4 / 7)
    assert micro.f1 == pytest.approx(2 * 4 / (2 * 4 + 4 + 3))
    assert report.articles == 2
    assert report.counts["gold MISC (ignored)"] == 1
    assert report.counts["predicted off token boundaries"] == 1
    assert report.counts["predicted dates (ignored)"] == 1


def test_ner_separate_names_match_iob1_b_tag() -> None:
    find = fake_ner([("Smith", "person"), ("Jones", "person")])
    report = evaluate_ner(CONLL, find, stage="finder")
    per = report.categories["PER"]
    assert (per.tp, per.fp, per.fn) == (2, 0, 1)  # Phil Simmons is the miss


def test_ner_error_reasons() -> None:
    report = evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS), stage="finder")
    reasons = {(e["error"], e["category"], e["text"]): e["reason"] for e in report.errors}
    assert reasons[("fn", "ORG", "Leicestershire")] == "wrong type"
    assert reasons[("fp", "LOC", "Leicestershire")] == "wrong type"
    assert reasons[("fp", "PER", "Smith Jones")] == "boundary"
    assert reasons[("fn", "PER", "Smith")] == "boundary"
    assert reasons[("fp", "PER", "Germ")] == "not on token boundaries"
    assert reasons[("fp", "LOC", "German")] == "gold MISC"


def test_ner_ignores_non_name_mentions_and_duplicates() -> None:
    def find(text: str) -> list[Mention]:
        s = at(text, "Phil Simmons") if "Phil" in text else at(text, "Reuters")
        kind = "person" if "Phil" in text else "org"
        return [
            Mention(s.start, s.end, kind, "x"),
            Mention(s.start, s.end, kind, "x"),
            Mention(0, 4, "person", "x", name=False),
        ]

    report = evaluate_ner(CONLL, find, stage="finder")
    assert (report.total.tp, report.total.fp) == (2, 0)
    assert report.counts["predicted non-names (ignored)"] == 2


def test_ner_limit() -> None:
    report = evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS), limit=1, stage="finder")
    assert report.articles == 1
    assert report.categories["micro"].gold == 3


def ner_annotate(names: Sequence[tuple[str, str]]) -> Callable[[Article], Document]:
    """An annotator whose entity mentions are every occurrence of each (substring, kind)."""
    find = fake_ner(names)

    def annotate(article: Article) -> Document:
        ids = {needle: f"e{i}" for i, (needle, _) in enumerate(names)}
        mentions = [
            Mention(m.start, m.end, m.kind, "" if m.kind == "date" else ids[m.ref])
            for m in find(article.text)
        ]
        entities = [Entity(ids[n], k, n) for n, k in names if k != "date"]  # type: ignore[arg-type]
        return Document(article, entities=tuple(entities), mentions=tuple(mentions))

    return annotate


# A name that crosses the line (block) boundary: the TEI writer cannot mark it.
CROSSING = [
    ("Phil Simmons", "person"),
    ("Leicestershire .\nLONDON", "org"),
    ("LONDON", "place"),
    ("Reuters", "org"),
]


def test_ner_tei_stage_scores_the_names_in_the_tei() -> None:
    tei = evaluate_ner(CONLL, stage="tei", annotate=ner_annotate(CROSSING))
    finder = evaluate_ner(CONLL, fake_ner(CROSSING), stage="finder")
    assert (tei.total.tp, tei.total.fp, tei.total.fn) == (3, 0, 4)
    assert (finder.total.tp, finder.total.fp, finder.total.fn) == (3, 1, 4)
    assert tei.scored.startswith("the TEI") and finder.scored.startswith("the entity finder")
    assert "scored: the TEI" in render_table(tei)


def test_ner_tei_stage_same_as_finder_when_the_tei_keeps_every_name() -> None:
    tei = evaluate_ner(CONLL, stage="tei", annotate=ner_annotate(NER_PREDICTIONS[:6]))
    finder = evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS[:6]), stage="finder")
    assert tei.categories == finder.categories


def test_ner_stage_and_replacement_must_agree() -> None:
    with pytest.raises(ValueError, match="does not use"):
        evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS), stage="tei")
    with pytest.raises(ValueError, match="stage must be one of"):
        evaluate_ner(CONLL, stage="ner")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- matching rules


def test_half_overlap_rule() -> None:
    gold = (Span(0, 100),)
    assert not covers(gold, Span(51, 100))  # 0.49
    assert covers(gold, Span(50, 100))  # 0.50
    assert covers(gold, Span(40, 200))  # larger prediction, 0.60
    split = (Span(0, 10), Span(20, 30))  # discontinuous gold, 20 characters
    assert not covers(split, Span(5, 14))  # 5 of 20 (the gap does not count)
    assert covers(split, Span(5, 25))  # 10 of 20


def test_match_is_one_to_one() -> None:
    assert match([(Span(0, 10),)], [Span(0, 10), Span(0, 8)]) == {0: 0}
    assert match([(Span(0, 10),), (Span(10, 20),)], [Span(0, 20)]) == {0: 0}
    assert match([(Span(0, 10),)], [Span(6, 10)]) == {}


def test_match_greedy_prefers_best_cover() -> None:
    outer, inner = (Span(0, 100),), (Span(20, 60),)
    # A prediction of the whole outer span covers both fully; it goes to the outer one.
    assert match([inner, outer], [Span(0, 100)]) == {1: 0}
    # With both predicted, each gets its own, whatever the order.
    assert match([outer, inner], [Span(20, 60), Span(0, 100)]) == {0: 1, 1: 0}
    # A prediction of the inner span covers 0.4 of the outer one: only the inner matches.
    assert match([outer, inner], [Span(20, 60)]) == {1: 0}


@pytest.mark.parametrize(
    ("text", "needle", "category"),
    [
        ('He said "yes, we can" today.', 'He said "yes, we can" today.', "mixed"),
        ('He said "yes, we can" today.', '"yes, we can"', "direct"),
        ('He said "yes, we can" today.', "yes, we can", "direct"),  # marks just outside
        ("He said “yes, we can” today.", "“yes, we can”", "direct"),
        ("He said ``yes, we can'' today.", "``yes, we can''", "direct"),
        ("He said ''yes, we can'' today.", "''yes, we can''", "direct"),
        ("He said that they can.", "that they can", "indirect"),
        ('"Yes," he said.', '"Yes," he said.', "mixed"),
        ("calls it a “crazy system”", "calls it a “crazy system”", "mixed"),
        ("“We are ready,” he said. “Go.”", "“We are ready,” he said. “Go.”", "mixed"),
    ],
)
def test_quote_category(text: str, needle: str, category: str) -> None:
    assert quote_category(text, (at(text, needle),)) == category


def test_quote_category_discontinuous_direct() -> None:
    text = "“We are ready,” he said. “Go.”"
    frags = (at(text, "“We are ready,”"), at(text, "“Go.”"))
    assert quote_category(text, frags) == "direct"


def test_same_person_rule() -> None:
    assert same_person("Anna Lee", "anna  LEE")
    assert same_person("Minister Lee", "Anna Lee")  # surname = last token of entity name
    assert same_person("Petrov", "Ivan Petrov")
    assert not same_person("Anna Lee", "Ivan Petrov")
    assert not same_person("", "Ivan Petrov")


def test_aligner_maps_offsets_through_normalisation() -> None:
    source = "Head\r\n\r\nShe said “no”.  \r\n"
    target = "Head\n\nShe said “no”."
    aligner = _Aligner(source, target)
    assert target[aligner.span(at(source, "“no”")).start :].startswith("“no”")
    mapped = aligner.span(at(source, "She said"))
    assert target[mapped.start : mapped.end] == "She said"
    stripped = _Aligner("Text.\n", "Text.")
    assert stripped.identity and stripped.span(Span(0, 6)) == Span(0, 5)


# --------------------------------------------------------------------------- PolNeAR reader


def test_read_polnear_first_annotator_and_categories() -> None:
    (article,) = list(read_polnear(POLNEAR))
    assert article.doc_id == "city-budget"
    assert article.gold_path.name == "city-budget_a1.ann"  # first by name, not _b2
    assert [q.ident for q in article.quotes] == ["E1", "E2", "E3", "E4", "E5"]
    assert [q.category for q in article.quotes] == [
        "mixed",
        "direct",
        "indirect",
        "indirect",
        "indirect",
    ]
    e2 = article.quotes[1]
    assert len(e2.content) == 2  # discontinuous
    assert article.text[e2.source[0].start : e2.source[0].end] == "Mayor Tom Brown"
    assert article.quotes[4].source == ()  # Attribution-no-source
    assert article.skipped == 1  # E6 has no content


def _polnear_copy(tmp_path: Path, ann_lines: list[str], text: str | None = None) -> Path:
    root = tmp_path / "pn"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    if text is None:
        text = (POLNEAR / "text" / "city-budget.txt").read_text(encoding="utf-8")
    (root / "text" / "doc.txt").write_text(text, encoding="utf-8", newline="")
    (root / "attributions" / "doc_x1.ann").write_text("\n".join(ann_lines) + "\n", "utf-8")
    return root


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["T1\tSource 25 43\tSomebody Else"], "doc_x1.ann:1: span text does not match"),
        (["T1\tSource 25-43\tSenator Jane Smith"], "doc_x1.ann:1: bad span '25-43'"),
        (["T1\tSource 25 x\tSenator Jane Smith"], "doc_x1.ann:1: bad span '25 x'"),
        (["T1\tSource 25 9999\tx"], "doc_x1.ann:1: span 25 9999 outside the text"),
        (["T1\tSource 25 43"], "doc_x1.ann:1: expected 'Tn<TAB>Label"),
        (
            ["T1\tSource 25 43\tSenator Jane Smith", "E1\tAttribution:T9 Source:T1"],
            "doc_x1.ann:2: E1 refers to T9, which is not defined",
        ),
        (["E1\tAttribution T4"], "doc_x1.ann:1: bad argument 'Attribution'"),
        (["Q1\tsomething"], "doc_x1.ann:1: unknown brat line type 'Q'"),
    ],
)
def test_read_polnear_malformed(tmp_path: Path, lines: list[str], message: str) -> None:
    root = _polnear_copy(tmp_path, lines)
    with pytest.raises(InputError, match=re.escape(message)):
        list(read_polnear(root))


def test_polnear_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a PolNeAR directory"):
        list(read_polnear(tmp_path))
    root = _polnear_copy(tmp_path, ["T1\tCue 44 48\tsaid"])
    (root / "attributions" / "missing_x1.ann").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing_x1\.ann: no text file"):
        list(read_polnear(root))


# --------------------------------------------------------------------------- PolNeAR scoring

PERSONS = (
    Entity("p1", "person", "Jane Smith"),
    Entity("p2", "person", "Tom Brown"),
)
POLNEAR_PREDICTIONS: list[QuoteSpec] = [
    # E1 (mixed): exact; speaker by its own mention; cue right
    {
        "text": 'the plan "will not work" for families',
        "speaker": "p1",
        "mention": "Jane Smith",
        "cue": "said",
    },
    # E2 (direct, discontinuous 15+22 chars): 22 of 37 covered; the licensing mention is the
    # later "Brown", but another mention of p2 overlaps the gold source; no cue
    {"text": '"The city has a plan."', "speaker": "p2", "mention": ("Brown", 1)},
    # E3 (indirect): 21 of 32 covered; wrong speaker; cue right
    {
        "text": "shows a rise in costs",
        "speaker": "p1",
        "mention": "Senator Jane Smith",
        "cue": ("said", 1),
    },
    # E4 (indirect) is not predicted. E5 (no source): speaker not judged
    {"text": "It is expected that costs rise.", "cue": "is expected"},
    # false positives: the headline (spurious), and a quote inside E1 (already matched)
    {"text": "City budget talks stall"},
    {"text": '"will not work"', "speaker": "p1"},
]
POLNEAR_MENTIONS = [("Tom Brown", 0, "p2"), ("Brown", 1, "p2"), ("Jane Smith", 0, "p1")]


def run_polnear(**kwargs: object) -> Report:
    annotate = fake_annotate(POLNEAR_PREDICTIONS, PERSONS, POLNEAR_MENTIONS)
    return evaluate_polnear(POLNEAR, annotate, make_article, **kwargs)  # type: ignore[arg-type]


def test_polnear_scores_per_category() -> None:
    report = run_polnear()
    c = report.categories
    assert list(c) == ["direct", "mixed", "indirect", "overall"]
    assert c["direct"] == Score(tp=1, fp=1, fn=0, speaker_correct=1, speaker_total=1, cue_total=1)
    assert c["mixed"] == Score(1, 0, 0, 1, 1, 1, 1)
    assert c["indirect"] == Score(
        tp=2, fp=1, fn=1, speaker_correct=0, speaker_total=1, cue_correct=2, cue_total=2
    )
    overall = c["overall"]
    assert (overall.tp, overall.fp, overall.fn) == (4, 2, 1)
    assert overall.speaker_accuracy == pytest.approx(2 / 3)
    assert overall.cue_accuracy == pytest.approx(3 / 4)
    assert report.articles == 1
    assert report.counts["gold quotations"] == 5
    assert report.counts["predicted quotations"] == 6
    assert report.counts["gold without content (skipped)"] == 1
    assert report.counts["matched without gold speaker"] == 1
    assert report.counts["texts without annotation (skipped)"] == 1
    assert report.counts["false positives overlapping a matched gold"] == 1


def test_polnear_file_whose_spans_do_not_match_is_skipped_and_counted(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(POLNEAR, tmp_path / "p")
    (tmp_path / "p" / "text" / "broken.txt").write_text("Nothing here.\n", encoding="utf-8")
    (tmp_path / "p" / "attributions" / "broken_a1.ann").write_text(
        "T1\tSource 0 7\tSomeone\n", encoding="utf-8"
    )
    annotate = fake_annotate(POLNEAR_PREDICTIONS, PERSONS, POLNEAR_MENTIONS)
    report = evaluate_polnear(tmp_path / "p", annotate, make_article)  # type: ignore[arg-type]
    assert report.articles == 1  # the good article is still scored
    assert report.counts["annotation files not matching their text (skipped)"] == 1
    assert report.categories["overall"] == run_polnear().categories["overall"]


def test_polnear_speaker_needs_an_overlapping_mention() -> None:
    # Without the other mention of p2, E2's speaker is wrong.
    annotate = fake_annotate(POLNEAR_PREDICTIONS, PERSONS, [("Brown", 1, "p2")])
    report = evaluate_polnear(POLNEAR, annotate, make_article)
    assert report.categories["direct"].speaker_correct == 0


def test_polnear_error_records() -> None:
    errors = run_polnear().errors
    kinds = sorted((e["error"], e["reason"], e["text"]) for e in errors)
    assert kinds == [
        ("fn", "missed", "taxes would fall"),
        ("fp", "overlaps a matched gold", '"will not work"'),
        ("fp", "spurious", "City budget talks stall"),
        ("wrong cue", "no cue", '"We are ready," "The city has a plan."'),
        ("wrong speaker", "wrong speaker", "The report, shows a rise in costs"),
    ]
    wrong = next(e for e in errors if e["error"] == "wrong speaker")
    assert wrong["predicted_speaker"] == "Jane Smith"
    assert wrong["gold_speaker"] == "officials"
    assert wrong["doc"] == "city-budget"
    assert wrong["gold_id"] == "E3"
    fp = next(e for e in errors if e["reason"] == "overlaps a matched gold")
    assert fp["category"] == "direct"  # by its own text


def test_polnear_partial_overlap_is_a_miss_and_a_false_positive() -> None:
    annotate = fake_annotate([{"text": '"We are ready,"'}])  # 15 of 37 characters
    report = evaluate_polnear(POLNEAR, annotate, make_article)
    assert report.categories["direct"].fn == 1
    assert report.categories["direct"].fp == 1
    fn = next(e for e in report.errors if e["gold_id"] == "E2" if e["error"] == "fn")
    assert fn["reason"] == "partial overlap" and fn["coverage"] == pytest.approx(15 / 37, abs=1e-3)


def test_polnear_offsets_survive_ingest_normalisation(tmp_path: Path) -> None:
    # The gold text has CRLF line ends; the ingester turns them into LF and strips the end.
    text = (POLNEAR / "text" / "city-budget.txt").read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")

    def shift(m: re.Match[str]) -> str:
        pos = int(m.group(0))
        return str(pos + text.count("\n", 0, pos))

    ann = (POLNEAR / "attributions" / "city-budget_a1.ann").read_text(encoding="utf-8")
    lines = []
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, spans, covered = line.split("\t")
            label, offsets = spans.split(" ", 1)
            line = f"{tid}\t{label} {re.sub(r'[0-9]+', shift, offsets)}\t{covered}"
        lines.append(line)
    root = _polnear_copy(tmp_path, lines, crlf)

    def ingest(text: str, source: str, **metadata: object) -> Article:
        return make_article(text.replace("\r\n", "\n").strip(), source)

    annotate = fake_annotate(POLNEAR_PREDICTIONS, PERSONS, POLNEAR_MENTIONS)
    report = evaluate_polnear(root, annotate, ingest)
    assert report.categories["overall"] == run_polnear().categories["overall"]
    assert report.counts["articles whose text the ingester changed"] == 1


# --------------------------------------------------------------------------- gold JSON

GOLD_ENTITIES = (
    Entity("p1", "person", "Anna Lee"),
    Entity("p2", "person", "Petrov"),
    Entity("p3", "person", "Minister Lee"),
)
GOLD_PREDICTIONS: list[QuoteSpec] = [
    {"text": "that talks would resume", "speaker": "p1", "cue": "said"},
    {"text": '"We will meet again soon,"', "speaker": "p3", "cue": "told"},
    {"text": '"fair and balanced"', "speaker": "p1"},  # wrong speaker, no cue
    {"text": "the deal was close", "speaker": "p2", "reported_by": "p1", "cue": ("said", 1)},
    {"text": "Talks to resume"},  # false positive (indirect)
]


def test_read_gold_quotes() -> None:
    gold = read_gold_quotes(GOLD)
    assert gold.text_path == DATA / "gold.txt"
    texts = [gold.text[q.content[0].start : q.content[0].end] for q in gold.quotes]
    assert texts[1] == "We will meet again soon,"
    assert [q.category for q in gold.quotes] == ["indirect", "direct", "direct", "indirect"]
    assert [q.line for q in gold.quotes] == [5, 13, 21, 29]  # lines of the JSON file
    assert gold.quotes[3].reported_by == "Anna Lee"


def test_read_gold_quotes_real_sample() -> None:
    gold = read_gold_quotes(Path(__file__).parent / "data" / "tass-2022-02-12-ushakov.json")
    assert len(gold.quotes) == 20
    assert gold.text_path.name == "tass-2022-02-12-ushakov.txt"


def test_gold_quotes_scores() -> None:
    report = evaluate_gold_quotes(
        GOLD, fake_annotate(GOLD_PREDICTIONS, GOLD_ENTITIES), make_article
    )
    c = report.categories
    assert list(c) == ["direct", "indirect", "overall"]
    assert (c["direct"].tp, c["direct"].fp, c["direct"].fn) == (2, 0, 0)
    assert (c["direct"].speaker_correct, c["direct"].speaker_wrong) == (1, 1)
    assert (c["indirect"].tp, c["indirect"].fp, c["indirect"].fn) == (2, 1, 0)
    assert (c["indirect"].speaker_correct, c["indirect"].speaker_wrong) == (2, 0)
    assert c["overall"].speaker_accuracy == pytest.approx(3 / 4)
    assert c["overall"].cue_accuracy == pytest.approx(3 / 4)
    assert report.counts["gold with reported_by"] == 1
    assert report.counts["reported_by right (matched)"] == 1
    wrong = [e for e in report.errors if e["error"] == "wrong speaker"]
    assert [(e["gold_speaker"], e["predicted_speaker"]) for e in wrong] == [
        ("Ivan Petrov", "Anna Lee")
    ]


def test_gold_quotes_miss() -> None:
    annotate = fake_annotate(GOLD_PREDICTIONS[1:], GOLD_ENTITIES)
    report = evaluate_gold_quotes(GOLD, annotate, make_article)
    assert report.categories["indirect"].fn == 1
    (fn,) = [e for e in report.errors if e["error"] == "fn"]
    assert fn["text"] == "talks would resume" and fn["reason"] == "missed"


# --------------------------------------------------------------------------- records gold

RECORDS_GOLD = DATA / "records-gold.json"
RECORDS_ENTITIES = (
    Entity("p1", "person", "Anna Lee"),
    Entity("p2", "person", "Ivan Petrov"),
    Entity("p4", "person", "Maria Berg"),
)
RECORDS_PREDICTIONS: dict[int, list[QuoteSpec]] = {
    1: [
        {"text": "Talks to resume next week", "speaker": "p1", "cue": "says"},
        {"text": "the talks would resume next week", "speaker": "p1", "cue": "said"},
        {"text": "that talks would resume next week", "speaker": "p1", "cue": ("said", 1)},
        {"text": '"We will meet again soon,"', "kind": "direct", "speaker": "p2"},  # wrong
        # "fair and balanced" is missed; a false positive:
        {"text": "Ivan Petrov, the envoy", "speaker": "p2"},
    ],
    2: [
        {"text": '"Ships can enter again,"', "kind": "direct", "speaker": "p4", "cue": "said"},
        {"text": "The harbour reopened on Tuesday"},  # false positive
    ],
}


def records_annotate(article: Article) -> Document:
    """The fake annotator for records.json: fixed predictions per record."""
    assert article.record is not None
    return fake_annotate(RECORDS_PREDICTIONS[article.record], RECORDS_ENTITIES)(article)


def test_read_gold_records_locates_paragraphs() -> None:
    articles = read_gold_records(RECORDS_GOLD)
    assert [len(a.quotes) for a in articles] == [5, 1]
    first = articles[0]
    assert first.article is not None and first.text == first.article.text
    spans = [(q.content[0].start, q.content[0].end) for q in first.quotes]
    texts = [first.text[a:b] for a, b in spans]
    assert texts[0] == "Talks to resume next week"  # the title, line 0 of the article text
    assert spans[0][0] == 0
    head, standfirst = first.text.split("\n")[:2]
    # the description's quotation is in the standfirst; content[1]'s in the paragraph after it
    assert len(head) < spans[1][0] < len(head) + 1 + len(standfirst)
    assert spans[2][0] > len(head) + 1 + len(standfirst)
    assert texts[2] == "talks would resume next week"
    assert [q.category for q in first.quotes] == [
        "indirect", "indirect", "indirect", "direct", "direct"
    ]
    assert [q.line for q in first.quotes] == [5, 6, 7, 8, 9]
    assert articles[1].quotes[0].speaker == "Maria Berg"


def test_records_gold_scores_totals_per_article_and_headline() -> None:
    report = evaluate_gold_quotes(RECORDS_GOLD, records_annotate)
    overall = report.categories["overall"]
    assert (overall.tp, overall.fp, overall.fn) == (5, 2, 1)
    assert (overall.speaker_correct, overall.speaker_wrong) == (4, 1)
    assert report.headline == {
        "gold quotations found with the right speaker": (4, 6),
        "predicted quotations correct (in the gold, right speaker)": (4, 7),
    }
    first, second = report.per_article.values()
    assert (first.tp, first.fp, first.fn, first.speaker_correct) == (4, 1, 1, 3)
    assert (second.tp, second.fp, second.fn, second.speaker_correct) == (1, 1, 0, 1)
    assert report.articles == 2
    docs = {e["doc"] for e in report.errors}
    assert len(docs) == 2  # each error names its article
    table = render_table(report)
    assert "gold quotations found with the right speaker: 4/6 (66.7%)" in table
    assert "predicted quotations correct (in the gold, right speaker): 4/7 (57.1%)" in table
    assert "article" in table and next(iter(report.per_article)) in table


def _records_copy(tmp_path: Path, quote: dict[str, object]) -> Path:
    (tmp_path / "records.json").write_text((DATA / "records.json").read_text("utf-8"), "utf-8")
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"source": "records.json", "quotations": [quote]}), "utf-8")
    return path


_RECORD_QUOTE = {
    "record": 0, "paragraph": 1, "type": "indirect", "speaker": "Anna Lee",
    "text": "talks would resume",
}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"record": 5}, "quotation 1: 'record' must be a 0-based record index"),
        ({"paragraph": 9}, "'paragraph' must be \"title\", \"description\" or an index"),
        ({"paragraph": "body"}, "'paragraph' must be"),
        ({"paragraph": 2}, "quotation 1: text not found in paragraph 2 of record 0"),
        ({"speaker": ""}, "quotation 1: 'speaker' is missing"),
    ],
)
def test_read_gold_records_malformed(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    path = _records_copy(tmp_path, {**_RECORD_QUOTE, **fields})
    with pytest.raises(InputError, match=re.escape(message)):
        read_gold_records(path)


def test_read_gold_records_first_paragraph_repeating_the_standfirst(tmp_path: Path) -> None:
    # The ingester drops content[0] when it repeats the description: its quotation is found in
    # the standfirst, where the text now stands.
    quote = {**_RECORD_QUOTE, "paragraph": 0, "text": "the talks would resume next week"}
    (article, _) = read_gold_records(_records_copy(tmp_path, quote))
    (gold,) = article.quotes
    standfirst = next(b for b in article.article.blocks if b.kind == "argument")  # type: ignore[union-attr]
    assert standfirst.start <= gold.content[0].start < gold.content[0].end <= standfirst.end


def test_read_gold_records_missing_source(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"source": "nowhere.json", "quotations": []}), "utf-8")
    message = "cannot find the JSON source 'nowhere.json' (give the file)"
    with pytest.raises(InputError, match=re.escape(message)):
        read_gold_records(path)


def test_quotations_are_scored_on_the_tei_read_back() -> None:
    # The speaker's name crosses the start of the predicted quotation, so the TEI writer leaves
    # it unmarked: the user gets no mention of the speaker there, and neither does the scorer.
    mention = [("Senator Jane Smith", 0, "p1")]
    crossing = fake_annotate(
        [{"text": 'Smith said the plan "will not work" for families', "speaker": "p1"}],
        PERSONS,
        mention,
    )
    inside = fake_annotate(
        [{"text": 'the plan "will not work" for families', "speaker": "p1"}], PERSONS, mention
    )
    lost = evaluate_polnear(POLNEAR, crossing, make_article).categories["mixed"]
    kept = evaluate_polnear(POLNEAR, inside, make_article).categories["mixed"]
    assert (lost.tp, lost.speaker_correct, lost.speaker_total) == (1, 0, 1)
    assert (kept.tp, kept.speaker_correct, kept.speaker_total) == (1, 1, 1)


def _gold_copy(tmp_path: Path, raw: str) -> Path:
    (tmp_path / "gold.txt").write_text((DATA / "gold.txt").read_text("utf-8"), "utf-8")
    path = tmp_path / "g.json"
    path.write_text(raw, encoding="utf-8")
    return path


def _one_quote(**fields: object) -> str:
    quote = {"line": 1, "type": "indirect", "speaker": "Anna Lee", "text": "talks would resume"}
    quote.update(fields)
    return json.dumps({"file": "gold.txt", "quotations": [quote]}, indent=1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"quotations": [\n  {"line": 1,}\n]}', "g.json:2: not JSON"),
        ('["not", "an", "object"]', "g.json:1: expected an object with a 'quotations' list"),
        (_one_quote(text="talks will resume"), "g.json:4: quotation 1: text not found in line 1"),
        (_one_quote(line=2), "g.json:4: quotation 1: text not found in line 2"),
        (_one_quote(line=99), "quotation 1: 'line' must be a line number"),
        (_one_quote(type="reported"), "quotation 1: 'type' must be direct or indirect"),
        (_one_quote(speaker=""), "quotation 1: 'speaker' is missing"),
        (_one_quote(text=""), "quotation 1: 'text' must be a non-empty string"),
        ('{"file": "nowhere.txt", "quotations": []}', "cannot find the article text"),
    ],
)
def test_read_gold_quotes_malformed(tmp_path: Path, raw: str, message: str) -> None:
    path = _gold_copy(tmp_path, raw)
    with pytest.raises(InputError, match=re.escape(message)):
        read_gold_quotes(path)


# --------------------------------------------------------------------------- report


def test_render_table_and_json() -> None:
    report = run_polnear()
    table = render_table(report)
    assert "overall" in table and "spk%" in table and "articles/s" in table
    data = json.loads(render_json(report))
    assert set(data) == {
        "task",
        "gold",
        "scored",
        "categories",
        "headline",
        "counts",
        "per_article",
        "articles",
        "seconds",
        "articles_per_second",
    }
    assert data["headline"]["gold quotations found with the right speaker"] == {
        "count": 2, "of": 5, "share": 0.4
    }
    assert data["per_article"]["city-budget"]["tp"] == 4
    direct = data["categories"]["direct"]
    assert direct["precision"] == 0.5 and direct["recall"] == 1.0
    assert direct["speaker_accuracy"] == 1.0 and direct["cue_accuracy"] == 0.0
    ner = json.loads(render_json(evaluate_ner(CONLL, fake_ner(NER_PREDICTIONS), stage="finder")))
    assert "speaker_accuracy" not in ner["categories"]["micro"]


def test_score_zero_denominators() -> None:
    s = Score()
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert s.speaker_accuracy is None and s.cue_accuracy is None


# --------------------------------------------------------------------------- CLI


def fake_finder(names: Sequence[tuple[str, str]]) -> Callable[..., list[Mention]]:
    """``fake_ner`` with find_entities' signature (text, sentences)."""
    find = fake_ner(names)

    def find_entities(text: str, sentences: object = None) -> list[Mention]:
        return find(text)

    return find_entities


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI runs the project's own pipeline: its annotator and finder are replaced."""
    import corpus.annotate
    import corpus.annotate.entities

    monkeypatch.setattr(corpus.annotate.entities, "find_entities", fake_finder(NER_PREDICTIONS))
    monkeypatch.setattr(
        corpus.annotate, "annotate", fake_annotate(POLNEAR_PREDICTIONS, PERSONS, POLNEAR_MENTIONS)
    )


def test_cli_eval_ner_json(fakes: None) -> None:
    result = CliRunner().invoke(
        cli, ["eval", "ner", "--conll", str(CONLL), "--stage", "finder", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["task"] == "ner" and data["articles"] == 2
    assert data["categories"]["micro"]["tp"] == 4


def test_cli_eval_ner_table_limit(fakes: None) -> None:
    result = CliRunner().invoke(
        cli, ["eval", "ner", "--conll", str(CONLL), "--stage", "finder", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "micro" in result.stdout and "1 articles in" in result.stdout


def test_cli_eval_ner_both_stages(fakes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus.annotate
    import corpus.annotate.entities

    monkeypatch.setattr(corpus.annotate.entities, "find_entities", fake_finder(CROSSING))
    monkeypatch.setattr(corpus.annotate, "annotate", ner_annotate(CROSSING))
    runner = CliRunner()
    args = ["eval", "ner", "--conll", str(CONLL), "--stage", "both"]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert data["tei"]["categories"]["micro"]["fp"] == 0
    assert data["finder"]["categories"]["micro"]["fp"] == 1
    table = runner.invoke(cli, args).stdout
    assert "scored: the TEI" in table and "scored: the entity finder" in table
    default = json.loads(runner.invoke(cli, [*args[:4], "--format", "json"]).stdout)
    assert default["scored"].startswith("the TEI")  # the default stage is what users get


def test_cli_eval_quotes_polnear_errors_file(fakes: None, tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        cli,
        ["eval", "quotes", "--polnear", str(POLNEAR), "--format", "json", "--errors", str(errors)],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["categories"]["overall"]["fn"] == 1
    records = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert len(records) == 5
    assert "5 error records written" in result.stderr


def test_cli_eval_quotes_gold(fakes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus.annotate

    monkeypatch.setattr(corpus.annotate, "annotate", fake_annotate(GOLD_PREDICTIONS, GOLD_ENTITIES))
    result = CliRunner().invoke(cli, ["eval", "quotes", "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.stdout and "reported_by right (matched): 1" in result.stdout


def test_cli_eval_quotes_records_gold_json_and_errors(
    fakes: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import corpus.annotate

    monkeypatch.setattr(corpus.annotate, "annotate", records_annotate)
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        cli,
        ["eval", "quotes", "--gold", str(RECORDS_GOLD), "--format", "json",
         "--errors", str(errors)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 2 and len(data["per_article"]) == 2
    assert data["headline"]["predicted quotations correct (in the gold, right speaker)"][
        "share"
    ] == pytest.approx(4 / 7, abs=1e-4)
    records = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert sorted(r["error"] for r in records) == [
        "fn", "fp", "fp", "wrong cue", "wrong speaker"
    ]


def test_evaluations_report_progress(fakes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """progress(done, total): before the first item and after each; the total counted first."""
    import corpus.annotate

    calls: list[tuple[int, int | None]] = []
    evaluate_ner(CONLL, stage="finder", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2), (1, 2), (2, 2)]
    calls.clear()
    evaluate_ner(CONLL, stage="finder", limit=1, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 1), (1, 1)]
    calls.clear()
    evaluate_polnear(POLNEAR, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 1), (1, 1)]  # one annotated text; unannotated.txt is not scored
    calls.clear()
    monkeypatch.setattr(corpus.annotate, "annotate", records_annotate)
    evaluate_gold_quotes(RECORDS_GOLD, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2), (1, 2), (2, 2)]


# A bar at its end: "<desc>: 100%|####| N/N [00:00<00:00, 12.34 <unit>/s]"
BAR_DONE = r"{desc}: 100%\|[^|]*\| {n}/{n} \[\d\d:\d\d<\d\d:\d\d, +[\d.?]+ {unit}/s\]"


def test_cli_eval_draws_progress_bars_on_stderr(
    fakes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corpus.annotate
    import corpus.annotate.entities
    from corpus.cli.progress import ENV

    monkeypatch.setattr(corpus.annotate.entities, "find_entities", fake_finder(CROSSING))
    monkeypatch.setattr(corpus.annotate, "annotate", ner_annotate(CROSSING))
    runner = CliRunner()
    args = ["eval", "ner", "--conll", str(CONLL), "--stage", "both", "--format", "json"]
    result = runner.invoke(cli, args, env={ENV: "always"})
    assert result.exit_code == 0, result.output
    for desc in ("eval ner \\(tei\\)", "eval ner \\(finder\\)"):
        assert re.search(BAR_DONE.format(desc=desc, n=2, unit="docs"), result.stderr), result.stderr
    assert json.loads(result.stdout)["tei"]["articles"] == 2  # stdout holds only the report
    monkeypatch.setattr(  # the quotation fakes again
        corpus.annotate, "annotate", fake_annotate(POLNEAR_PREDICTIONS, PERSONS, POLNEAR_MENTIONS)
    )
    quotes = ["eval", "quotes", "--polnear", str(POLNEAR)]
    result = runner.invoke(cli, quotes, env={ENV: "always"})
    assert result.exit_code == 0, result.output
    assert re.search(BAR_DONE.format(desc="eval quotes", n=1, unit="articles"), result.stderr)
    assert "%|" not in result.stdout
    no_bar = [((), {ENV: ""}), (("-q",), {ENV: "always"}), (("--quiet",), {ENV: "always"})]
    for extra, env in no_bar:
        silent = runner.invoke(cli, [*quotes, *extra], env=env)
        assert silent.exit_code == 0 and silent.stderr == "", silent.stderr


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["eval"], "Score the annotator against gold data"),
        (["eval", "ner"], "--stage [tei|finder|both]"),
        (["eval", "quotes"], "records of a JSON source"),
    ],
)
def test_cli_eval_help(command: list[str], says: str) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert says in " ".join(result.stdout.split())


def test_cli_eval_quotes_needs_one_source(fakes: None) -> None:
    runner = CliRunner()
    neither = runner.invoke(cli, ["eval", "quotes"])
    both = runner.invoke(cli, ["eval", "quotes", "--polnear", str(POLNEAR), "--gold", str(GOLD)])
    for result in (neither, both):
        assert result.exit_code == 2
        assert "exactly one of --polnear" in result.stderr


def test_cli_eval_malformed_gold_is_an_error_message(fakes: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART- -X- O O\n\nPhil NNP I-PER\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "ner", "--conll", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "bad.conll:3" in result.stderr


# --------------------------------------------------------------------------- real data

needs_shared = pytest.mark.skipif(
    not (SHARED_DIR / "data").is_dir(), reason="../shared/data is absent"
)


@pytest.mark.shared
@needs_shared
def test_real_conll_reader_counts() -> None:
    path = SHARED_DIR / "data" / "conll2003" / "eng.testa"
    docs = list(read_conll(path))
    assert len(docs) == 216
    assert sum(len(d.entities) for d in docs) == 5942


@pytest.mark.shared
@needs_shared
def test_real_polnear_reader_counts() -> None:
    articles = list(read_polnear(SHARED_DIR / "data" / "polnear" / "dev"))
    assert len(articles) == 84
    assert sum(len(a.quotes) + a.skipped for a in articles) == 2193


@pytest.mark.shared
@needs_shared
def test_real_tass_records_gold_reader_counts() -> None:
    articles = read_gold_records(SHARED_DIR / "gold" / "tass-politics-dev.json")
    assert len(articles) == 10
    assert sum(len(a.quotes) for a in articles) == 93
