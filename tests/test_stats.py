"""Statistics: measures on hand-computed counts, the API on a tiny index, every command/format."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import all_documents, plain_document
from nltk.metrics.association import BigramAssocMeasures

from corpus import measures, plot, stats
from corpus.cli import cli
from corpus.errors import OutputError, QueryError
from corpus.model import Article, Document, Entity, Quotation, Span
from corpus.query import Filters

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- fixtures --------------------------------------------------------------------------------


def _putin_march() -> Document:
    text = 'Putin said: "Security comes first, and security is not negotiable." Talks ended.'
    start = text.index("Security comes")
    end = text.index('negotiable."') + len("negotiable.")
    cue = text.index("said")
    return Document(
        Article("putin-march", text, (), title="Putin on security", date="2022-03-01"),
        (),
        (Entity("vladimir-putin", "person", "Vladimir Putin"),),
        (),
        (Quotation(start, end, "direct", "vladimir-putin", cue=Span(cue, cue + 4)),),
    )


def stats_documents() -> list[Document]:
    undated = plain_document("undated", "Security first. Security always.", date="--02-12")
    return [*all_documents(), _putin_march(), undated]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest documents plus a second Putin quotation (2022-03) and an undated text."""
    from corpus.index import build_index

    path = tmp_path_factory.mktemp("stats") / "ix"
    build_index(stats_documents(), path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- measures --------------------------------------------------------------------------------

# observed 2 in windows of 4 tokens; the word occurs 3 times in a corpus of 20 tokens.
OBS, W, F, N = 2, 4, 3, 20


def test_pmi_by_hand() -> None:
    # log2(O N / (W F)) = log2(40 / 12)
    assert measures.association("pmi", OBS, W, F, N) == pytest.approx(1.7369655942, abs=1e-9)


def test_t_score_by_hand() -> None:
    # (O - W F / N) / sqrt(O) = (2 - 0.6) / 1.41421356
    assert measures.association("t", OBS, W, F, N) == pytest.approx(0.9899494937, abs=1e-9)


def test_dice_and_logdice_by_hand() -> None:
    # 2 O / (W + F) = 4 / 7; logDice = 14 + log2(4 / 7)
    assert measures.association("dice", OBS, W, F, N) == pytest.approx(4 / 7)
    assert measures.association("logdice", OBS, W, F, N) == pytest.approx(13.1926450779, abs=1e-9)


def test_llr_by_hand() -> None:
    # table (2, 1 / 2, 15), expected (0.6, 2.4 / 3.4, 13.6):
    # 2 (2 ln(2/0.6) + 1 ln(1/2.4) + 2 ln(2/3.4) + 15 ln(15/13.6)) = 3.88185
    assert measures.association("llr", OBS, W, F, N) == pytest.approx(3.8818529892, abs=1e-6)


def test_llr_is_signed_for_negative_association() -> None:
    # observed 1 where 50 * 10 / 100 = 5 are expected: a negative association
    score = measures.association("llr", 1, 50, 10, 100)
    assert score < 0
    assert -score == pytest.approx(
        BigramAssocMeasures.likelihood_ratio(1, (50, 10), 100)
    )


def test_association_rejects_bad_input() -> None:
    with pytest.raises(QueryError):
        measures.association("mi3", OBS, W, F, N)
    with pytest.raises(QueryError):
        measures.association("pmi", 0, W, F, N)
    with pytest.raises(QueryError):
        measures.association("pmi", 5, W, F, N)  # more co-occurrences than the word's frequency


def test_log_likelihood_by_hand() -> None:
    # a=10 of c=100, b=5 of d=1000: E1 = 100*15/1100, E2 = 1000*15/1100
    # G2 = 2 (10 ln(10/1.363636) + 5 ln(5/13.636364)) = 29.81558
    assert measures.log_likelihood(10, 5, 100, 1000) == pytest.approx(29.8155822, abs=1e-6)
    # a zero contributes nothing: G2 = 2 * 4 ln(4/2) = 8 ln 2
    assert measures.log_likelihood(0, 4, 100, 100) == pytest.approx(8 * math.log(2))
    assert measures.log_likelihood(3, 3, 50, 50) == pytest.approx(0.0)


def test_log_ratio_by_hand() -> None:
    assert measures.log_ratio(10, 5, 100, 1000) == pytest.approx(math.log2(20))
    assert measures.log_ratio(0, 4, 100, 100) == pytest.approx(-3.0)  # 0 -> 0.5: log2(0.5/4)
    with pytest.raises(QueryError):
        measures.log_ratio(1, 1, 0, 10)


def test_chi2_p() -> None:
    assert measures.chi2_p(3.841459) == pytest.approx(0.05, abs=1e-6)
    assert measures.chi2_p(6.634897) == pytest.approx(0.01, abs=1e-6)
    assert measures.chi2_p(0.0) == pytest.approx(1.0)


def test_tokens_are_the_index_tokens() -> None:
    from corpus.index import analyzer

    text = "The U.S. said 3.5% of Putin's words — «Безопасность» — were key_words, e.g. here."
    assert [t.text for t in analyzer()(text)] == [w.lower() for w in stats.TOKEN_RE.findall(text)]


# --- API -------------------------------------------------------------------------------------


def test_frequencies_whole_corpus(ix: Path) -> None:
    r = stats.frequencies(ix)
    by_word = {row.word: row for row in r.rows}
    # 4 in TASS, 1 Reuters, 2 partial, 1 nested, 2 putin-march, 2 undated
    assert by_word["security"].freq == 12
    assert by_word["security"].docs == 6
    assert r.docs == 6
    assert r.rows[0].word == "security" and r.rows[0].rank == 1
    assert by_word["security"].per_million == pytest.approx(12e6 / r.tokens)
    assert sum(row.freq for row in r.rows) == r.tokens
    assert len(r.rows) == r.types


def test_frequencies_case_sensitive_and_limits(ix: Path) -> None:
    r = stats.frequencies(ix, case_sensitive=True, min_freq=2, limit=100)
    words = {row.word: row.freq for row in r.rows}
    assert words["Security"] == 5 and words["security"] == 7
    assert all(row.freq >= 2 for row in r.rows)
    assert len(stats.frequencies(ix, limit=3).rows) == 3
    no_stop = stats.frequencies(ix, stopwords=False)
    assert not {"the", "on", "of", "and"} & {row.word for row in no_stop.rows}
    assert no_stop.tokens == stats.frequencies(ix).tokens


def test_frequencies_of_one_speaker(ix: Path) -> None:
    r = stats.frequencies(ix, Filters(speaker="putin"), min_freq=1)
    words = {row.word: row.freq for row in r.rows}
    # TASS: "that Russia had almost completed consultations on security and NATO" (10 tokens)
    # putin-march: "Security comes first, and security is not negotiable." (8 tokens)
    assert r.tokens == 18
    assert r.docs == 2
    assert words["security"] == 3 and words["and"] == 2
    assert "ushakov" not in words and "said" not in words


def test_frequencies_innermost_quotation_decides(ix: Path) -> None:
    # Biden's mixed quotation encloses a direct one with no known speaker: only "that" is his
    r = stats.frequencies(ix, Filters(speaker="biden", doc="nested"))
    assert [(row.word, row.freq) for row in r.rows] == [("that", 1)]


def test_frequencies_narration_and_document_filters(ix: Path) -> None:
    narration = stats.frequencies(ix, Filters(in_="narration"))
    quoted = stats.frequencies(ix, Filters(in_="quote"))
    everything = stats.frequencies(ix)
    assert narration.tokens + quoted.tokens == everything.tokens
    reuters = stats.frequencies(ix, Filters(agency="reuters"))
    assert reuters.docs == 1 and reuters.tokens == 26
    feb = stats.frequencies(ix, Filters(date_from="2022-02", date_to="2022-02"))
    assert feb.docs == 2
    with pytest.raises(QueryError):
        stats.frequencies(ix, Filters(in_="narration", speaker="putin"))
    with pytest.raises(QueryError):
        stats.frequencies(ix, min_freq=0)


def test_collocates_window_one(ix: Path) -> None:
    r = stats.collocates("security", ix, window=1, min_freq=1, measure="pmi")
    rows = {row.word: row for row in r.rows}
    assert r.hits == 12 and r.docs == 6
    # left neighbour "on" in TASS (title, study the views on, consultations on)
    assert rows["on"].observed == 3
    corpus = {row.word: row.freq for row in stats.frequencies(ix).rows}
    assert r.corpus_tokens == sum(corpus.values())
    for row in r.rows:
        assert row.frequency == corpus[row.word]
        counts = (row.observed, r.window_tokens, row.frequency, r.corpus_tokens)
        assert row.score == pytest.approx(measures.association("pmi", *counts))
        assert row.expected == pytest.approx(r.window_tokens * row.frequency / r.corpus_tokens)


def test_collocates_window_stays_in_the_quotation(ix: Path) -> None:
    r = stats.collocates(
        "security", ix, Filters(speaker="putin", doc="tass*"), window=5, min_freq=1
    )
    assert r.hits == 1
    assert {row.word for row in r.rows} == {
        "had", "almost", "completed", "consultations", "on", "and", "nato",
    }
    assert r.window_tokens == 7


def test_collocates_do_not_cross_lines(ix: Path) -> None:
    # "...says Kremlin aide\nMOSCOW, February 12": "moscow" is not a right neighbour of "aide"
    r = stats.collocates("aide", ix, window=2, min_freq=1)
    words = {row.word for row in r.rows}
    assert "kremlin" in words and "yury" in words
    assert "february" not in words


@pytest.mark.parametrize("measure", stats.MEASURES)
def test_collocates_sorted_by_each_measure(ix: Path, measure: str) -> None:
    r = stats.collocates("security", ix, measure=measure, min_freq=1, stopwords=False)
    scores = [row.score for row in r.rows]
    assert scores == sorted(scores, reverse=True)
    assert not {"on", "and", "of"} & {row.word for row in r.rows}


def test_collocates_errors(ix: Path) -> None:
    with pytest.raises(QueryError):
        stats.collocates("security", ix, measure="mi3")
    with pytest.raises(QueryError):
        stats.collocates("security", ix, window=0)
    with pytest.raises(QueryError):
        stats.collocates("speaker:putin", ix)  # no words to find


def test_ngrams_all(ix: Path) -> None:
    r = stats.ngrams(ix, 2, min_freq=1)
    rows = {row.ngram: row for row in r.rows}
    assert rows["on security"].freq == 3 and rows["on security"].docs == 1
    assert rows["security guarantees"].freq == 2 and rows["security guarantees"].docs == 2
    # "...Ushakov said. Security was": a sentence ends; only putin-march has "said: \"Security"
    assert rows["said security"].freq == 1
    assert "aide moscow" not in rows  # a line ends
    assert r.total == sum(row.freq for row in r.rows)
    assert r.types == len(r.rows)
    freqs = [row.freq for row in r.rows]
    assert freqs == sorted(freqs, reverse=True)


def test_ngrams_with_query(ix: Path) -> None:
    r = stats.ngrams(ix, 3, "guarantees", min_freq=1)
    # TASS: '...views on security guarantees," he pointed out.'; partial: 'Security guarantees
    # were discussed.' / 'Guarantees of security matter, ...' (a new line: no n-gram across)
    assert {row.ngram: row.freq for row in r.rows} == {
        "on security guarantees": 1,
        "security guarantees he": 1,
        "guarantees he pointed": 1,
        "security guarantees were": 1,
        "guarantees were discussed": 1,
        "guarantees of security": 1,
    }
    assert r.total == 6 and r.types == 6


def test_ngrams_phrase_query_and_speaker(ix: Path) -> None:
    r = stats.ngrams(ix, 3, '"security guarantees"', min_freq=1)
    assert all("security guarantees" in row.ngram for row in r.rows)
    r = stats.ngrams(ix, 2, None, Filters(speaker="putin"), min_freq=1)
    grams = {row.ngram for row in r.rows}
    assert "on security" in grams and "security comes" in grams
    assert "nato ushakov" not in grams and "said security" not in grams
    with pytest.raises(QueryError):
        stats.ngrams(ix, 6)


def test_keyness_of_a_speaker(ix: Path) -> None:
    r = stats.keyness(ix, Filters(speaker="putin"), min_freq=2)
    rows = {row.word: row for row in r.rows}
    assert r.target_tokens == 18
    everything = stats.frequencies(ix).tokens
    assert r.target_tokens + r.reference_tokens == everything
    sec = rows["security"]
    assert sec.target_freq == 3 and sec.reference_freq == 9
    c, d = r.target_tokens, r.reference_tokens
    assert sec.g2 == pytest.approx(measures.log_likelihood(3, 9, c, d))
    assert sec.log_ratio == pytest.approx(math.log2((3 / c) / (9 / d)))
    assert sec.p == pytest.approx(measures.chi2_p(sec.g2))
    assert all(row.target_freq / c > row.reference_freq / d for row in r.rows)
    g2s = [row.g2 for row in r.rows]
    assert g2s == sorted(g2s, reverse=True)


def test_keyness_references_and_directions(ix: Path) -> None:
    target = Filters(speaker="putin")
    everything = stats.frequencies(ix).tokens
    quoted = stats.frequencies(ix, Filters(in_="quote")).tokens
    narration = stats.keyness(ix, target, "narration", min_freq=1)
    assert narration.reference_tokens == everything - quoted
    other_quotes = stats.keyness(ix, target, "quote", min_freq=1)
    assert other_quotes.reference_tokens == quoted - 18
    under = stats.keyness(ix, target, direction="under", min_freq=1)
    assert under.rows and all(
        row.target_freq / under.target_tokens < row.reference_freq / under.reference_tokens
        for row in under.rows
    )
    over = stats.keyness(ix, target, direction="over", min_freq=1)
    both = stats.keyness(ix, target, direction="both", min_freq=1)
    assert {row.word for row in both.rows} == {row.word for row in over.rows} | {
        row.word for row in under.rows
    }
    assert len(both.rows) == len(over.rows) + len(under.rows) == 15 + 88
    with pytest.raises(QueryError, match="no words"):
        stats.keyness(ix, Filters(speaker="nobody-at-all"))
    with pytest.raises(QueryError):
        stats.keyness(ix, Filters())
    with pytest.raises(QueryError):
        stats.keyness(ix, target, "elsewhere")


def test_dispersion_by_month(ix: Path) -> None:
    r = stats.dispersion("security", ix, by="month", fill_gaps=False)
    rows = {row.period: row for row in r.rows}
    assert [row.period for row in r.rows] == [
        "1987-02", "2021-12", "2022-02", "2022-03", stats.NO_DATE,
    ]
    assert rows["2022-02"].hits == 6 and rows["2022-02"].hit_docs == 2
    assert rows["2022-03"].hits == 2
    assert rows[stats.NO_DATE].hits == 2
    assert rows["1987-02"].words == 26
    for row in r.rows:
        assert row.per_million == pytest.approx(row.hits * 1e6 / row.words)
    assert r.hits == 12 and r.hit_docs == 6
    assert r.words == stats.frequencies(ix).tokens
    assert r.periods_with_hits == 5


def test_dispersion_by_year_with_gaps_and_filters(ix: Path) -> None:
    r = stats.dispersion("security", ix, by="year")
    assert r.rows[0].period == "1987" and r.rows[-2].period == "2022"
    assert len(r.rows) == 2022 - 1987 + 1 + 1
    assert r.periods_without_docs == 2022 - 1987 + 1 - 3  # 1987, 2021 and 2022 have documents
    empty = next(row for row in r.rows if row.period == "2000")
    assert empty == stats.PeriodRow("2000", 0, 0, 0, 0, None)
    putin = stats.dispersion("security", ix, Filters(speaker="putin"), by="month")
    rows = {row.period: row for row in putin.rows}
    assert [row.period for row in putin.rows] == ["2022-02", "2022-03"]
    assert rows["2022-02"].hits == 1 and rows["2022-02"].words == 10
    assert rows["2022-03"].hits == 2 and rows["2022-03"].words == 8
    with pytest.raises(QueryError):
        stats.dispersion("security", ix, by="week")


# Two oil stories four months apart: January and April have documents, February and March none;
# a May story without the word gives a period with documents but no hits.
GAP_TEXTS = [
    ("oil-jan", "Oil prices rose. Oil output fell.", "1987-01-15"),
    ("oil-apr", "Oil ministers met in April.", "1987-04-02"),
    ("grain-may", "Grain exports were steady.", "1987-05-20"),
]


@pytest.fixture(scope="module")
def gap_ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from corpus.index import build_index

    path = tmp_path_factory.mktemp("gaps") / "ix"
    build_index([plain_document(d, t, date=day) for d, t, day in GAP_TEXTS], path)
    return path


def test_dispersion_keeps_the_empty_months(gap_ix: Path) -> None:
    r = stats.dispersion("oil", gap_ix, by="month")
    assert [(row.period, row.hits, row.docs) for row in r.rows] == [
        ("1987-01", 2, 1),
        ("1987-02", 0, 0),
        ("1987-03", 0, 0),
        ("1987-04", 1, 1),
        ("1987-05", 0, 1),
    ]
    assert r.periods_without_docs == 2 and r.periods_with_hits == 2
    assert r.rows[1].per_million is None  # no words: no rate
    assert r.rows[4].per_million == 0.0  # words but no hits: a rate of 0
    only = stats.dispersion("oil", gap_ix, by="month", fill_gaps=False)
    assert [row.period for row in only.rows] == ["1987-01", "1987-04", "1987-05"]
    assert only.periods_without_docs == 0


def test_dispersion_figure_marks_periods_without_documents(gap_ix: Path) -> None:
    fig = plot.dispersion_figure(stats.dispersion("oil", gap_ix, by="month"), value="hits")
    ax = fig.axes[0]
    bars = list(ax.containers[0])
    assert [b.get_height() for b in bars] == [2.0, 0.0, 0.0, 1.0, 0.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "1987-01", "1987-02", "1987-03", "1987-04", "1987-05",
    ]
    spans = [p for p in ax.patches if p not in bars]
    assert len(spans) == 1  # February and March form one shaded run
    box = spans[0].get_bbox()
    assert (box.x0, box.x1) == (0.5, 2.5)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"hits", "no documents"}
    assert ax.get_title().endswith("2 of 5 periods without documents")


def test_cli_dispersion_lists_every_month(gap_ix: Path, tmp_path: Path) -> None:
    code, out, err = run("dispersion", "oil", "--index", str(gap_ix), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["hits"], r["docs"], r["per_million"]) for r in rows] == [
        ("1987-01", "2", "1", "333333.333333"),
        ("1987-02", "0", "0", ""),
        ("1987-03", "0", "0", ""),
        ("1987-04", "1", "1", "200000.0"),
        ("1987-05", "0", "1", "0.0"),
    ]
    code, out, _ = run("dispersion", "oil", "--index", str(gap_ix))
    assert out.splitlines()[0] == (
        "oil: 3 hits in 2 documents, 2 of 5 periods (2 without documents); 15 words"
    )
    code, out, _ = run(
        "dispersion", "oil", "--index", str(gap_ix), "--no-fill-gaps", "--format", "jsonl"
    )
    assert [json.loads(line)["period"] for line in out.splitlines()] == [
        "1987-01", "1987-04", "1987-05",
    ]
    png = tmp_path / "gaps.png"
    code, _, err = run("dispersion", "oil", "--index", str(gap_ix), "--plot", str(png))
    assert code == 0, err
    assert png.read_bytes()[:8] == PNG_SIGNATURE


def test_plot_dispersion_writes_a_png(ix: Path, tmp_path: Path) -> None:
    r = stats.dispersion("security", ix, by="month")
    out = plot.plot_dispersion(r, tmp_path / "d.png")
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    plot.plot_dispersion(r, tmp_path / "d.png", value="hits")  # replaces it
    assert [p.name for p in tmp_path.iterdir()] == ["d.png"]  # no temporary file left
    with pytest.raises(QueryError):
        plot.plot_dispersion(r, tmp_path / "x.png", value="ratio")
    with pytest.raises(OutputError):
        plot.plot_dispersion(r, tmp_path / "d.png" / "sub.png")


def test_missing_index(tmp_path: Path) -> None:
    from corpus.errors import IndexMissing

    with pytest.raises(IndexMissing):
        stats.frequencies(tmp_path / "nope")


# --- CLI -------------------------------------------------------------------------------------

FORMATS = ("table", "tsv", "csv", "jsonl", "json")
COMMANDS = {
    "freq": (["freq"], "word"),
    "collocates": (["collocates", "security", "--min-freq", "1"], "word"),
    "ngrams": (["ngrams", "--n", "2"], "ngram"),
    "ngrams-query": (["ngrams", "security", "--n", "3", "--min-freq", "1"], "ngram"),
    "keyness": (["keyness", "--speaker", "putin", "--min-freq", "1"], "word"),
    "dispersion": (["dispersion", "security", "--by", "month"], "period"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_cli_formats(ix: Path, name: str, fmt: str) -> None:
    args, key = COMMANDS[name]
    code, out, err = run(*args, "--index", str(ix), "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        data = json.loads(out)
        assert data["rows"] and key in data["rows"][0]
        assert "rows" not in data["summary"]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows and all(key in row for row in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and key in rows[0]
    elif fmt == "tsv":
        lines = out.splitlines()
        header = lines[0].split("\t")
        assert key in header and len(lines) > 1
        assert all(len(line.split("\t")) == len(header) for line in lines)
    else:
        lines = out.splitlines()
        assert key in lines[1].split()
        assert lines[2] and set(lines[2]) == {"-", " "}  # the rule under the header
        assert len(lines[2].split()) == len(lines[1].split())
        assert len(lines) > 3  # rows below it


def test_cli_freq_values(ix: Path) -> None:
    code, out, _ = run("freq", "--index", str(ix), "--format", "jsonl", "--limit", "1")
    assert code == 0
    row = json.loads(out)
    assert row["word"] == "security" and row["freq"] == 12 and row["rank"] == 1
    code, out, _ = run(
        "freq", "--index", str(ix), "--speaker", "putin", "--format", "json", "--limit", "0"
    )
    data = json.loads(out)
    assert data["summary"]["tokens"] == 18
    assert {(r["word"], r["freq"]) for r in data["rows"]} == {
        ("almost", 1), ("and", 2), ("comes", 1), ("completed", 1), ("consultations", 1),
        ("first", 1), ("had", 1), ("is", 1), ("nato", 1), ("negotiable", 1), ("not", 1),
        ("on", 1), ("russia", 1), ("security", 3), ("that", 1),
    }
    code, out, _ = run(
        "freq", "--index", str(ix), "--no-stopwords", "--format", "csv", "--limit", "0"
    )
    words = [r["word"] for r in csv.DictReader(io.StringIO(out))]
    assert len(words) == 78 and words[:3] == ["security", "said", "moscow"]
    assert not set(words) & stats.STOPWORDS
    code, out, _ = run("freq", "--index", str(ix), "--case-sensitive", "--format", "tsv")
    rows = dict(line.split("\t")[1:3] for line in out.splitlines()[1:])
    assert rows["Security"] != rows.get("security")  # forms apart by case


def test_cli_table_summary(ix: Path) -> None:
    code, out, _ = run("collocates", "security", "--index", str(ix), "--measure", "llr")
    assert code == 0
    assert out.startswith("security: 12 hits in 6 documents; window ±5")
    code, out, _ = run("keyness", "--index", str(ix), "--speaker", "putin")
    assert out.startswith("speaker=putin (18 tokens) against rest of the corpus")
    code, out, _ = run("ngrams", "--index", str(ix), "--n", "5", "--min-freq", "9")
    assert code == 0 and out.splitlines()[-1] == "(no rows)"


def test_cli_dispersion_plot(ix: Path, tmp_path: Path) -> None:
    png = tmp_path / "plot.png"
    code, out, err = run(
        "dispersion", "security", "--index", str(ix), "--by", "year", "--plot", str(png),
        "--format", "csv",
    )
    assert code == 0, err
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert "plot written to" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows] == [
        *(str(y) for y in range(1987, 2023)), stats.NO_DATE,
    ]
    assert rows[-1]["per_million"] != ""


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda ix: stats.frequencies(ix, min_freq=0), "min_freq"),
        (lambda ix: stats.frequencies(ix, limit=-1), "limit"),
        (lambda ix: stats.collocates("security", ix, window=0), "window"),
        (lambda ix: stats.ngrams(ix, 6), "n"),
        (lambda ix: stats.keyness(ix, Filters(speaker="putin"), "elsewhere"), "reference"),
        (lambda ix: stats.dispersion("security", ix, by="week"), "by"),
    ],
)
def test_library_errors_name_parameters_not_flags(ix: Path, call: Any, param: str) -> None:
    with pytest.raises(QueryError) as info:
        call(ix)
    assert info.value.param == param
    assert str(info.value).startswith(param + " ")
    assert "--" not in str(info.value)


def test_cli_names_the_option_of_a_library_error(ix: Path) -> None:
    code, _, err = run("keyness", "--index", str(ix))
    assert code == QueryError.exit_code
    assert err.strip() == (
        "Error: keyness needs a target: a hit filter (speaker, or in_, direct, cue)"
        " (option --speaker)"
    )


def test_cli_plot_write_failure_is_an_output_error(ix: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    png = blocker / "p.png"
    code, _, err = run("dispersion", "security", "--index", str(ix), "--plot", str(png))
    assert code == OutputError.exit_code, err
    assert err.startswith(f"Error: {png}: cannot write")


def test_cli_errors(ix: Path, tmp_path: Path) -> None:
    code, _, err = run("keyness", "--index", str(ix), "--speaker", "nobody-at-all")
    assert code == QueryError.exit_code and err.startswith("Error: ")
    code, _, err = run("freq", "--index", str(tmp_path / "none"))
    assert code == 4 and "no index" in err
    code, _, err = run("freq", "--index", str(ix), "--in", "narration", "--speaker", "putin")
    assert code == QueryError.exit_code
    code, _, _ = run("ngrams", "--index", str(ix), "--n", "6")
    assert code == 2  # click usage error
    code, _, err = run("collocates", "secur(", "--index", str(ix))
    assert code != 0


def test_matplotlib_only_imported_for_plots(ix: Path) -> None:
    code = (
        "import sys; from corpus import stats; "
        f"stats.dispersion('security', {str(ix)!r}); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_filters_as_in_kwic(ix: Path) -> None:
    # --indirect: Putin's TASS quotation is indirect, putin-march is direct
    code, out, err = run(
        "freq", "--index", str(ix), "--speaker", "putin", "--indirect", "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["summary"]["tokens"] == 10
    code, out, err = run(
        "keyness", "--index", str(ix), "--in", "quote", "--reference", "narration",
        "--format", "json", "--min-freq", "1", "--limit", "0",
    )
    assert code == 0, err
    summary = json.loads(out)["summary"]
    assert summary["reference"] == "narration"
    assert summary["target_tokens"] == stats.frequencies(ix, Filters(in_="quote")).tokens
    code, out, err = run(
        "dispersion", "security", "--index", str(ix), "--speaker", "putin", "--format", "jsonl"
    )
    assert [json.loads(line)["hits"] for line in out.splitlines()] == [1, 2]
