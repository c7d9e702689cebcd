"""TEI writer and reader: golden output, exact body text, round trip, fragments, validity.

Golden files live in tests/data/golden/. After an intended change to the annotator or the
writer, regenerate them with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_tei.py`` and review
the diff before committing.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import tass_document
from lxml import etree

from corpus.annotate import annotate, dates
from corpus.ingest import article_from_text, read_file
from corpus.model import Article, Block, Document, Entity, Mark, Mention, Quotation, Span
from corpus.settings import SAMPLES_DIR, SCHEMAS_DIR, TEI_NS, XML_NS
from corpus.tei import body_text, build_tei, read_tei, write_tei

TODAY = datetime.date(2026, 1, 1)
GOLDEN = Path(__file__).parent / "data" / "golden"
SAMPLE = SAMPLES_DIR / "tass-2022-02-12-ushakov.txt"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"


# ------------------------------------------------------------------------------ helpers


def schema_problems(data: bytes) -> list[str]:
    """Problems against schemas/ (corpus.rng + corpus.sch through corpus.validate)."""
    try:
        from corpus.validate import validate
    except ImportError:  # pragma: no cover - corpus.validate not there yet: RELAX NG only
        rng = etree.RelaxNG(etree.parse(str(SCHEMAS_DIR / "corpus.rng")))
        ok = rng.validate(etree.ElementTree(etree.fromstring(data)))
        return [] if ok else [str(e) for e in rng.error_log]
    return [str(p) for p in validate(data, tei_all=False)]


@pytest.fixture(scope="session")
def tei_all() -> Callable[[bytes], list[str]]:
    """Validation against TEI P5 tei_all, compiled once per session (it takes seconds).

    Through corpus.validate when it is there, so the compiled schema is shared with the other
    tests of the session (the CLI's `validate --tei-all`, tests/test_validate.py).
    """
    try:
        from corpus.validate import tei_all_path, validate
    except ImportError:  # pragma: no cover - corpus.validate not there yet
        path = Path("/work/shared/data/tei/tei_all.rng")
        if not path.is_file():
            pytest.skip("TEI P5 tei_all.rng is not in the shared data")
        rng = etree.RelaxNG(etree.parse(str(path)))

        def own(data: bytes) -> list[str]:
            ok = rng.validate(etree.ElementTree(etree.fromstring(data)))
            return [] if ok else [str(e) for e in rng.error_log]

        return own
    if tei_all_path() is None:
        pytest.skip("TEI P5 tei_all.rng is not in the shared data")

    def check(data: bytes) -> list[str]:
        return [str(p) for p in validate(data, tei_all=True) if p.schema == "tei_all"]

    check(write_tei(tass_document()))  # compile now, once
    return check


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail(f"{path} did not exist and was written now: review and commit it")
        return
    expected = path.read_bytes()
    if data != expected:
        diff = "\n".join(list(difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            data.decode("utf-8", "replace").splitlines(),
            f"golden/{name}", "fresh output", lineterm="", n=0))[:40])
        pytest.fail(
            f"TEI output differs from tests/data/golden/{name}. If the change is intended, "
            f"regenerate with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_tei.py and review "
            f"the diff.\n{diff}"
        )


def said_elements(data: bytes) -> list[etree._Element]:
    return list(etree.fromstring(data).iter(T + "said"))


def qkey(q: Quotation) -> tuple:
    return (q.start, q.end, q.speaker, q.kind, q.reported_by)


def mkey(m: Mention) -> tuple:
    return (m.start, m.end, m.kind, m.ref)


def find(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle))


@pytest.fixture(scope="module")
def sample() -> Document:
    # A fixed source name, so the header (idno type=file) does not depend on the checkout path.
    (article,) = read_file(SAMPLE, source="samples/tass-2022-02-12-ushakov.txt")
    assert isinstance(article, Article)
    # "February 12" + "on Saturday" means the latest such year up to today: 2022 until
    # 2028-02-12 (another Saturday). "Today" is pinned so the expected output never moves.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dates, "infer_year", functools.partial(dates.infer_year, today=TODAY))
        return annotate(article)


@pytest.fixture(scope="module")
def sample_tei(sample: Document) -> bytes:
    return write_tei(sample)


# ------------------------------------------------------------------------------ golden files


def test_sample_output_matches_the_golden_file(sample_tei: bytes) -> None:
    check_golden("tass-sample.xml", sample_tei)


def test_writer_output_for_a_handmade_document_matches_the_golden_file() -> None:
    # Writer only (no annotator, no statistical model): stable across annotator changes.
    check_golden("tass-handmade.xml", write_tei(tass_document()))


def test_output_is_deterministic(sample: Document, sample_tei: bytes) -> None:
    assert write_tei(sample) == sample_tei


# ------------------------------------------------------------------------------ text and round trip


def test_body_text_is_the_article_text(sample: Document, sample_tei: bytes) -> None:
    root = etree.fromstring(sample_tei)
    assert body_text(root) == sample.article.text
    assert body_text(etree.ElementTree(root)) == sample.article.text
    assert body_text(build_tei(sample)) == sample.article.text
    assert sample_tei.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_round_trip_recovers_every_layer(sample: Document, sample_tei: bytes) -> None:
    back = read_tei(sample_tei)
    art, bart = sample.article, back.article
    assert bart.text == art.text
    assert bart.blocks == art.blocks
    assert (bart.doc_id, bart.title, bart.standfirst, bart.date, bart.place, bart.agency,
            bart.source, bart.language) == (art.doc_id, art.title, art.standfirst, art.date,
                                            art.place, art.agency, art.source, art.language)
    # A headline holds no s (TEI head): its sentences are the only ones not written.
    heads = [b for b in art.blocks if b.kind == "head"]
    body_sentences = tuple(s for s in sample.sentences
                           if not any(h.start <= s.start < h.end for h in heads))
    assert back.sentences == body_sentences
    assert sorted(map(qkey, back.quotations)) == sorted(map(qkey, sample.quotations))
    assert sorted(map(mkey, back.mentions)) == sorted(map(mkey, sample.mentions))
    assert back.marks == sample.marks
    # Cues come back with their quotations.
    cues = {(q.start, q.end): q.cue for q in sample.quotations}
    for q in back.quotations:
        assert q.cue == cues[(q.start, q.end)]
    # Entities that the text points at come back with name and role.
    used = {m.ref for m in sample.mentions} | {q.speaker for q in sample.quotations}
    expected = {e for e in sample.entities if e.id in used}
    assert set(back.entities) == expected


def test_round_trip_of_a_handmade_document() -> None:
    doc = tass_document()
    data = write_tei(doc)
    back = read_tei(data)
    assert back.article.text == doc.article.text
    assert back.article.blocks == doc.article.blocks
    assert sorted(map(qkey, back.quotations)) == sorted(map(qkey, doc.quotations))
    assert sorted(map(mkey, back.mentions)) == sorted(map(mkey, doc.mentions))
    assert [q.method for q in back.quotations] == [q.method for q in doc.quotations]
    assert schema_problems(data) == []


def test_read_tei_from_a_file(tmp_path: Path, sample_tei: bytes, sample: Document) -> None:
    path = tmp_path / "doc.xml"
    path.write_bytes(sample_tei)
    assert read_tei(path).article.text == sample.article.text
    assert read_tei(str(path)).article.text == sample.article.text


# ------------------------------------------------------------------------------ markup details


def _doc(text: str, sentences: list[str], quotations: list[Quotation],
         entities: tuple[Entity, ...] = (), mentions: tuple[Mention, ...] = (),
         marks: tuple[Mark, ...] = ()) -> Document:
    article = article_from_text(text, source="unit.txt")
    return Document(article, tuple(find(article.text, s) for s in sentences), entities,
                    mentions, tuple(quotations), marks)


LAVROV = Entity("sergei-lavrov", "person", "Sergei Lavrov", "Foreign Minister")


def test_quotation_across_a_sentence_boundary_becomes_linked_fragments() -> None:
    text = 'Talks end\n\n"We are done. We go home now," Sergei Lavrov said. Nothing else.'
    quote = find(text, '"We are done. We go home now,"')
    doc = _doc(text, ['"We are done.', 'We go home now," Sergei Lavrov said.', "Nothing else."],
               [Quotation(quote.start, quote.end, "direct", "sergei-lavrov",
                          cue=find(text, "said"), mention=find(text, "Sergei Lavrov"))],
               entities=(LAVROV,),
               mentions=(Mention(*dataclasses.astuple(find(text, "Sergei Lavrov")), "person",
                                 "sergei-lavrov"),))
    data = write_tei(doc)
    first, second = said_elements(data)
    assert (first.get(XML_ID), first.get("next"), first.get("prev")) == ("q1", "#q1-2", None)
    assert (second.get(XML_ID), second.get("prev"), second.get("next")) == ("q1-2", "#q1", None)
    assert first.get("who") == second.get("who") == "#sergei-lavrov"
    assert etree.QName(first.getparent()).localname == "s"
    assert first.getparent() is not second.getparent()
    assert "".join(first.itertext()) == '"We are done.'
    assert "".join(second.itertext()) == 'We go home now,"'
    # The reader joins the fragments back into one quotation.
    (back,) = read_tei(data).quotations
    assert qkey(back) == qkey(doc.quotations[0])
    cue = next(etree.fromstring(data).iter(T + "seg"))
    assert cue.get("corresp") == "#q1" and cue.text == "said"
    assert schema_problems(data) == []


def test_quotation_across_paragraphs_becomes_linked_fragments() -> None:
    doc = annotate(article_from_text(
        'Talks end\n\n"We have done our work and we will now go home. We are tired,\n\n'
        '"and we shall not come back soon," Sergei Lavrov said.', source="unit.txt"))
    data = write_tei(doc)
    saids = said_elements(data)
    assert len(saids) >= 2
    ids = [s.get(XML_ID) for s in saids]
    for k, s in enumerate(saids):
        if k + 1 < len(saids):
            assert s.get("next") == "#" + ids[k + 1]
            assert saids[k + 1].get("prev") == "#" + ids[k]
    div = saids[0].getroottree().getroot().find(f"{T}text/{T}body/{T}div")
    assert div is not None
    paragraphs = list(div)
    blocks = {paragraphs.index(next(s.iterancestors(T + "p"))) for s in saids}
    assert len(blocks) == 2  # one fragment (or more) in each of the two paragraphs
    back = read_tei(data)
    assert sorted(map(qkey, back.quotations)) == sorted(map(qkey, doc.quotations))
    assert schema_problems(data) == []


def test_editorial_marks_keep_their_characters(sample_tei: bytes) -> None:
    assert b"&lt;...&gt;" in sample_tei
    root = etree.fromstring(sample_tei)
    (gap,) = root.iter(T + "gap")
    assert gap.get("reason") == "editorial"
    assert [etree.QName(c).localname for c in gap] == ["desc"]
    assert gap[0].text == "<...>"
    (supplied,) = root.iter(T + "supplied")
    assert "".join(supplied.itertext()) == "(Biden - TASS)"
    assert supplied.get("reason") == "editorial"
    (so_called,) = root.iter(T + "soCalled")
    assert "".join(so_called.itertext()) == "‘invasion’"
    # The gap sits inside the quotation it interrupts.
    assert etree.QName(gap.getparent()).localname == "said"


def test_header_lists_speakers_places_and_organisations(sample: Document,
                                                       sample_tei: bytes) -> None:
    root = etree.fromstring(sample_tei)
    assert root.get(XML_ID) == sample.article.doc_id
    assert root.get(f"{{{XML_NS}}}lang") == "en"
    title = root.findtext(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")
    assert title == sample.article.title
    bibl = root.find(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc/{T}bibl")
    assert bibl is not None
    assert bibl.findtext(T + "publisher") == "TASS"
    assert bibl.findtext(T + "pubPlace") == "Moscow"
    date = bibl.find(T + "date")
    assert date is not None and date.get("when") == "2022-02-12"
    persons = {p.get(XML_ID): (p.findtext(T + "persName"), p.findtext(T + "occupation"))
               for p in root.iter(T + "person")}
    assert persons["yury-ushakov"] == ("Yury Ushakov", "Kremlin Aide")
    assert {"vladimir-putin", "joe-biden", "dmitry-peskov"} <= set(persons)
    places = {p.get(XML_ID) for p in root.iter(T + "place")}
    orgs = {o.get(XML_ID) for o in root.iter(T + "org")}
    assert {"moscow", "united-states", "russia"} <= places
    assert {"nato", "tass", "kremlin"} <= orgs
    # Every pointer resolves to an id of the document; ids are unique.
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    for el in root.iter():
        for attr in ("ref", "who", "source", "next", "prev", "corresp", "ana"):
            for ptr in (el.get(attr) or "").split():
                assert ptr.lstrip("#") in ids, (el.tag, attr, ptr)


def test_headless_article_has_no_head() -> None:
    doc = annotate(article_from_text("Prices rose in Moscow on Monday, traders said.",
                                     source="unit.txt"))
    data = write_tei(doc)
    div = etree.fromstring(data).find(f"{T}text/{T}body/{T}div")
    assert div is not None
    assert [etree.QName(c).localname for c in div] == ["p"]
    assert body_text(etree.fromstring(data)) == doc.article.text
    assert read_tei(data).article.blocks == doc.article.blocks
    assert schema_problems(data) == []


def test_markup_that_would_cross_structure_is_left_unmarked() -> None:
    text = "Talks end\n\nLavrov met Antony. Blinken came later.\n\nThe end ‘of\n\nit’ came."
    article = article_from_text(text, source="unit.txt")
    t = article.text
    blinken = Entity("antony-blinken", "person", "Antony Blinken")
    crossing = Mention(*dataclasses.astuple(find(t, "Antony. Blinken")), "person",
                       "antony-blinken")  # crosses a sentence boundary
    inside = Mention(*dataclasses.astuple(find(t, "Lavrov")), "person", "sergei-lavrov")
    doc = Document(article, (find(t, "Talks end"), find(t, "Lavrov met Antony."),
                             find(t, "Blinken came later."), find(t, "The end ‘of"),
                             find(t, "it’ came.")),
                   (LAVROV, blinken), (inside, crossing), (),
                   (Mark(*dataclasses.astuple(find(t, "‘of\n\nit’")), "soCalled"),))
    data = write_tei(doc)
    assert body_text(etree.fromstring(data)) == t
    back = read_tei(data)
    assert [mkey(m) for m in back.mentions] == [mkey(inside)]
    assert back.marks == ()
    assert back.article.blocks == article.blocks
    assert schema_problems(data) == []


def test_entity_ids_never_clash_with_the_document_id() -> None:
    doc = annotate(article_from_text("Talks end\n\nVladimir Putin said that the talks were "
                                     "useful.", source="unit.txt", doc_id="vladimir-putin"))
    data = write_tei(doc)
    root = etree.fromstring(data)  # duplicate xml:ids would fail here
    assert root.get(XML_ID) == "vladimir-putin"
    person_ids = [p.get(XML_ID) for p in root.iter(T + "person")]
    assert person_ids and "vladimir-putin" not in person_ids
    assert schema_problems(data) == []


@pytest.mark.parametrize("stem", ["corpus", "methods", "quote-kinds", "q1"])
def test_document_ids_never_clash_with_the_writers_ids(stem: str) -> None:
    # A headless article takes its id from the file name: corpus.txt, methods.txt, q1.txt...
    doc = annotate(article_from_text('"We are done and we go home now," Lavrov said.',
                                     source=f"{stem}.txt"))
    data = write_tei(doc)
    root = etree.fromstring(data, etree.XMLParser(collect_ids=False))
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids)), f"duplicate xml:id for document id {doc.article.doc_id!r}"


# ------------------------------------------------------------------------------ validity


def test_sample_is_valid_against_the_project_schemas(sample_tei: bytes) -> None:
    assert schema_problems(sample_tei) == []


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose in Moscow on Monday.",
        "Talks end\nThe standfirst\nMOSCOW, February 12. /TASS/. Putin said <...> it was fine.",
        'Talks\n\n"Unclosed quotation, he said.\n\n"And on."\n\nCompany X & Y <b> ]]> rose.',
        "Talks\n\nשלום 😀 — “Quoted words here,” she said. (Biden - TASS) ‘so-called’ word.",
    ],
)
def test_small_articles_are_valid(text: str) -> None:
    doc = annotate(article_from_text(text, source="unit.txt"))
    data = write_tei(doc)
    assert body_text(etree.fromstring(data)) == doc.article.text
    assert schema_problems(data) == []


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, February 12. /TASS/.\xa0Putin said that the talks were useful.",
        "Talks end\n\xa0\nPutin said that the talks were useful.",
        "\u3000Talks end\n\n\u3000Putin said that the talks were useful.",
        "Talks end\u2028\nPutin said that the talks were useful.\x85",
    ],
    ids=["nbsp-after-dateline", "nbsp-line", "ideographic-indent", "line-separators"],
)
def test_unicode_spaces_between_blocks_stay_valid(text: str) -> None:
    # Only XML white space may stand between the block elements of the TEI div; any other
    # character the reader leaves between blocks ends up as text directly in div (invalid).
    doc = annotate(article_from_text(text, source="unit.txt"))
    data = write_tei(doc)
    assert body_text(etree.fromstring(data)) == doc.article.text
    assert schema_problems(data) == []


@pytest.mark.slow
def test_valid_against_tei_all(tei_all: Callable[[bytes], list[str]], sample_tei: bytes) -> None:
    assert tei_all(sample_tei) == []
    assert tei_all(write_tei(tass_document())) == []
    headless = annotate(article_from_text("Prices rose, traders said.", source="unit.txt"))
    assert tei_all(write_tei(headless)) == []


def test_speakers_carry_their_speaker_type() -> None:
    """Named speakers get @ana="#sp.named", anonymous descriptions "#sp.anonymous" (taxonomy
    speaker-types); an entity that never speaks gets none."""
    text = "Analysts said prices would fall. Karl Brandt said they would rise. Oslo is cold."
    art = Article("spk", text, (Block("p", 0, len(text)),))
    doc = Document(
        article=art,
        sentences=(Span(0, 32), Span(33, 67), Span(68, len(text))),
        entities=(
            Entity("analysts", "person", "Analysts", anonymous=True),
            Entity("karl-brandt", "person", "Karl Brandt"),
            Entity("norvik", "org", "Norvik"),
            Entity("oslo", "place", "Oslo"),
        ),
        mentions=(
            Mention(0, 8, "person", "analysts", name=False, method="description"),
            Mention(33, 44, "person", "karl-brandt"),
            Mention(68, 72, "place", "oslo"),
        ),
        quotations=(
            Quotation(14, 31, "indirect", "analysts", cue=Span(9, 13), mention=Span(0, 8)),
            Quotation(50, 66, "indirect", "karl-brandt", cue=Span(45, 49), mention=Span(33, 44)),
        ),
    )
    data = write_tei(doc)
    root = etree.fromstring(data)
    ns = {"t": TEI_NS}
    types = {
        p.get(f"{{{XML_NS}}}id"): p.get("ana")
        for p in root.iterfind(".//t:listPerson/t:person", ns)
    }
    assert types == {"analysts": "#sp.anonymous", "karl-brandt": "#sp.named"}
    cats = root.xpath("//t:taxonomy[@xml:id='speaker-types']/t:category/@xml:id", namespaces=ns)
    assert cats == ["sp.named", "sp.anonymous"]
    assert schema_problems(data) == []
    # A said whose speaker lacks a type, in a file that declares the taxonomy: Schematron says so.
    person = root.find(".//t:person", ns)
    del person.attrib["ana"]
    broken = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    assert any("speaker type" in p for p in schema_problems(broken))


def test_annotate_marks_anonymous_and_named_speakers_in_tei() -> None:
    text = (
        "Harbour to reopen\n\n"
        "OSLO, May 3 (Reuters) - Norvik Shipping said the harbour would reopen on Friday. "
        "Analysts said the move would lift trade.\n"
    )
    doc = annotate(article_from_text(text, source="t.txt"))
    root = etree.fromstring(write_tei(doc))
    ns = {"t": TEI_NS}
    ana = {
        (el.findtext("t:persName", namespaces=ns) or el.findtext("t:orgName", namespaces=ns)):
        el.get("ana")
        for el in root.xpath("//t:person[@ana] | //t:org[@ana]", namespaces=ns)
    }
    assert ana.get("Norvik Shipping") == "#sp.named"
    assert ana.get("Analysts") == "#sp.anonymous"
