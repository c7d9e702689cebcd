"""The fast paths of annotation give the same results as the plain ones: the model without the
unused tok2vec component, the model reading only the stretches that may hold names, the token
cache, and the choice of worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import batch
from corpus.annotate import entities, sentences
from corpus.batch import annotate_inputs, resolve_jobs
from corpus.model import Span

NEWS = (
    "Oil prices rose on Monday after the Organization of Petroleum Exporting Countries said "
    "it would cut output, traders in London said.\n"
    "the market had been expecting a cut for weeks and prices had already risen sharply over "
    "the last few days as buyers came back, and they were still rising late in the day when "
    "John Smith of Barclays Bank said demand was strong.\n"
    "Prices were little changed last week."
)


def test_ner_runs_without_the_unused_tok2vec_and_gives_the_same_entities() -> None:
    import spacy
    from spacy.tokens import Doc

    from corpus.settings import SPACY_MODEL

    ours = entities.nlp()
    assert "ner" in ours.pipe_names
    full = spacy.load(SPACY_MODEL, exclude=["parser", "tagger", "lemmatizer",
                                            "attribute_ruler", "senter"])
    if "tok2vec" in full.pipe_names and not entities._listens(full, "ner"):
        assert "tok2vec" not in ours.pipe_names
    for line in NEWS.split("\n"):
        words = [line[t.start : t.end] for t in sentences.tokens(line)]
        a = ours(Doc(ours.vocab, words=words))
        b = full(Doc(full.vocab, words=words))
        assert [(e.start, e.end, e.label_) for e in a.ents] == \
            [(e.start, e.end, e.label_) for e in b.ents]


def test_model_pieces_leave_out_only_long_lower_case_stretches() -> None:
    assert entities._model_pieces("the price fell sharply , dealers said .".split()) == []
    words = ("a b c d e f g h Smith i j k l m n o p q r s t u v w 1987 x").split()
    k, y = words.index("Smith"), words.index("1987")
    assert entities._model_pieces(words, margin=4) == [(k - 4, k + 5), (y - 4, len(words))]
    # Pieces closer than the margin are joined.
    assert entities._model_pieces("a Smith b c d Jones e".split(), margin=4) == [(0, 7)]
    # Date words are cues, also inside hyphenated words.
    assert entities._model_pieces("x y prices rose last week".split(), margin=1) == [(4, 6)]
    assert entities._model_pieces("a year-ago level".split(), margin=0) == [(1, 2)]


def test_names_and_lower_case_dates_are_found_in_long_sentences() -> None:
    found = {(NEWS[m.start : m.end], m.kind) for m in entities.find_entities(NEWS)}
    assert ("John Smith", "person") in found
    assert ("Barclays Bank", "org") in found
    assert ("London", "place") in found
    assert ("last week", "date") in found


def test_token_cache_gives_fresh_equal_lists() -> None:
    text = NEWS
    first = sentences.tokens(text, 0, 40)
    first.append(Span(0, 0))  # a caller changing its list changes nobody else's
    again = sentences.tokens(text, 0, 40)
    assert again == first[:-1]
    other = "Another text, another cache."
    assert sentences.tokens(other) == [Span(m.start(), m.end())
                                       for m in sentences._TOKEN_RE.finditer(other)]
    spans = [Span(0, 20), Span(21, 60)]
    assert sentences.sentence_tokens(text, spans) == [sentences.tokens(text, s.start, s.end)
                                                      for s in spans]


def test_tokens_match_nltk_regexp_tokenizer() -> None:
    from nltk.tokenize import RegexpTokenizer

    nltk = RegexpTokenizer(sentences.TOKEN_PATTERN)
    samples = [NEWS, "The U.S. didn't say 1,000.5 or 3rd; Mr. O'Brien's co-op ... “yes” — 5%",
               "Ça va? Élysée's 12:30 meeting, i.e. now."]
    for text in samples:
        for start, end in ((0, len(text)), (4, len(text) - 3)):
            expected = [Span(start + s, start + e)
                        for s, e in nltk.span_tokenize(text[start:end])]
            assert sentences.tokens(text, start, end) == expected


def test_resolve_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 4)
    assert resolve_jobs(1) == 1
    assert resolve_jobs(3) == 3
    assert resolve_jobs(0) == 4
    assert resolve_jobs(None) == 4  # unknown number of articles
    assert resolve_jobs(None, batch.AUTO_JOBS_THRESHOLD) == 1
    assert resolve_jobs(None, batch.AUTO_JOBS_THRESHOLD + 1) == 4
    assert resolve_jobs(None, 3, auto_jobs_threshold=2) == 4
    assert resolve_jobs(None, 2, auto_jobs_threshold=2) == 1


def _jsonl(folder: Path, n: int) -> Path:
    folder.mkdir()
    path = folder / "wire.jsonl"
    records = [{"id": f"r-{k}", "title": f"Wheat prices fall {k}",
                "body": f"Wheat fell {k} cents in Chicago on Monday, dealers said."}
               for k in range(n)]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_few_articles_are_annotated_without_a_pool(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool() -> None:
        raise AssertionError("a worker pool was started for a handful of articles")

    monkeypatch.setattr(batch, "_load_models", no_pool)
    summary = annotate_inputs([_jsonl(tmp_path / "in", 3)], tmp_path / "out", jobs=None)
    assert (summary.annotated, summary.rejected) == (3, 0)


@pytest.mark.slow
def test_automatic_pool_gives_the_same_files(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)
    started: list[bool] = []
    real = batch._load_models
    monkeypatch.setattr(batch, "_load_models", lambda: (started.append(True), real())[1])
    source = _jsonl(tmp_path / "in", 5)
    one = annotate_inputs([source], tmp_path / "one", jobs=1)
    auto = annotate_inputs([source], tmp_path / "auto", jobs=None, auto_jobs_threshold=2)
    assert started == [True]
    assert (one.annotated, auto.annotated) == (5, 5)
    files = lambda d: {p.name: p.read_bytes() for p in sorted(d.glob("*.xml"))}  # noqa: E731
    assert files(tmp_path / "one") == files(tmp_path / "auto")
    assert not [p for p in (tmp_path / "auto").iterdir() if p.name.endswith(".tmp")]


# --- the read path: what a KWIC export needs is stored, no document is read again -------------


def test_kwic_tei_reads_no_document_back(
    shared_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lxml import etree

    import corpus.export
    import corpus.tei
    from corpus.concordance import kwic

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("a KWIC export must not read a document back")

    lines = list(kwic("security", shared_index, width=60))
    monkeypatch.setattr(corpus.tei, "read_tei", refuse)
    monkeypatch.setattr(corpus.export, "load_document", refuse)
    data, n = corpus.export.kwic_tei(lines, query="security", index=shared_index)
    assert n == len(lines) == 8
    root = etree.fromstring(data)
    tei = "{http://www.tei-c.org/ns/1.0}"
    occupations = {
        p.get("{http://www.w3.org/XML/1998/namespace}id"): p.findtext(f"{tei}occupation")
        for p in root.iter(f"{tei}person")
    }
    assert occupations["yury-ushakov"] == "Kremlin Aide"  # the speaker's role, stored
    certs = {s.get("cert") for s in root.iter(f"{tei}said")}
    assert certs and None not in certs  # every said has the stored attribution's certainty


def test_kwic_line_carries_the_stored_quotation(shared_index: Path) -> None:
    from corpus.concordance import kwic
    from corpus.index import Quote

    lines = list(kwic("security", shared_index))
    quoted = [ln for ln in lines if ln.quote is not None]
    assert quoted and len(quoted) < len(lines)  # both kinds of line in the fixture
    for ln in quoted:
        assert isinstance(ln.quote, Quote)
        assert ln.quote.start <= ln.start and ln.end <= ln.quote.end
        rec = ln.record()
        assert (rec["speaker"], rec["kind"], rec["direct"]) == (
            ln.quote.speaker,
            ln.quote.kind,
            ln.quote.kind == "direct",
        )
    for ln in lines:
        if ln.quote is None:
            assert ln.record()["speaker"] is None and ln.record()["kind"] is None


# --- start-up of `corpus kwic` ---------------------------------------------------------------


def test_command_map_names_the_module_of_every_command() -> None:
    from corpus.cli import COMMAND_MODULES, MODULES, cli

    found = {name: cmd.callback.__module__ for name, cmd in cli.commands.items()}  # type: ignore[union-attr]
    assert found == {name: f"corpus.cli.{m}" for name, m in COMMAND_MODULES.items()}
    assert set(COMMAND_MODULES.values()) == set(MODULES)


def test_kwic_imports_only_its_own_command_module(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from corpus.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['kwic', 'oil', '--index', {str(tmp_path / 'none')!r}])\n"
        "assert r.exit_code != 0 and 'Traceback' not in r.output, r.output\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('corpus.cli.'))))\n"
        "print('tqdm' in sys.modules, 'dask' in sys.modules, 'flask' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    modules, heavy = done.stdout.splitlines()
    # the shared option and progress helpers, not the other commands (nor what they load)
    assert modules.split() == ["corpus.cli.options", "corpus.cli.progress", "corpus.cli.query"]
    assert heavy == "False False False"
