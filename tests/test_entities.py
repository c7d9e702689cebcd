"""corpus.annotate.entities: model spans, news repairs and linking, on small texts written here.

Each text is one line per sentence (find_entities' default), so the table and headline rules
see the lines as a wire service prints them.
"""

from __future__ import annotations

import itertools
import re

import pytest

from corpus.annotate.entities import find_entities, link_entities
from corpus.annotate.entities.context import _feed_words, _is_caps_sentence
from corpus.annotate.entities.ner import _outside
from corpus.annotate.entities.repairs import _Cand, _compound_given_names, _split, _trim_dates
from corpus.model import Mention, Span


def _kinds(text: str) -> dict[str, str]:
    """Surface -> kind of every non-date mention."""
    return {text[m.start : m.end]: m.kind for m in find_entities(text) if m.kind != "date"}


def _has_model() -> bool:
    try:
        from corpus.annotate.entities import nlp

        nlp()
    except Exception:
        return False
    return True


needs_model = pytest.mark.skipif(not _has_model(), reason="spaCy model not installed")


# --- pure helpers (no model) -------------------------------------------------------------------


def test_caps_sentence_detection() -> None:
    assert _is_caps_sentence(["SOCCER", "-", "UNITED", "BEAT", "CITY", "IN", "DERBY", "."])
    assert _is_caps_sentence(["PARIS", "1996-08-30"])  # a dateline
    assert not _is_caps_sentence(["The", "UN", "and", "NATO", "met", "in", "Paris", "."])
    assert not _is_caps_sentence(["NATO"])


def test_recasing_uses_the_document_then_common_words() -> None:
    fed = _feed_words(["GRANTHAM", "TAKES", "OVER", "AT", "THE", "TOP"])
    assert fed[0] == "Grantham"  # unknown word: a capital initial
    assert fed[2:5] == ["over", "at", "the"]  # common words: lower case
    assert _feed_words(["UN", "ENVOY"])[0] == "UN"  # known acronym kept


def test_split_cuts_numbers_brackets_and_lowercase_words() -> None:
    words = ["Alderley", "238", "and", "303", "(", "K"]
    assert _split(words, 0, len(words), "org") == [(0, 1)]
    words = ["Haitai", "2", "Samsung", "0"]
    assert _split(words, 0, len(words), "org") == [(0, 1), (2, 3)]
    words = ["Sam", "Jones", "st", "Bill", "Brown"]
    assert _split(words, 0, len(words), "person") == [(0, 2), (3, 5)]
    words = ["Dutchman", "Jan", "van", "Dam"]
    assert _split(words, 1, 4, "person") == [(1, 4)]  # a name particle stays
    words = ["American", "Joe", "Bloggs"]
    assert _split(words, 0, 3, "person") == [(1, 3)]  # a nationality does not


# --- with the model -----------------------------------------------------------------------------


@needs_model
def test_results_lines_name_clubs_and_countries_stay_places() -> None:
    text = (
        "SOCCER - ENGLISH LEAGUE RESULTS .\n"
        "LONDON 1996-08-31\n"
        "Results of matches played on Saturday :\n"
        "Grimsby 2 Tranmere 1\n"
        "Norway 3 , Iceland 0\n"
    )
    kinds = _kinds(text)
    assert kinds["Grimsby"] == "org"
    assert kinds["Tranmere"] == "org"
    assert kinds["Norway"] == "place"
    assert kinds["Iceland"] == "place"
    assert kinds["LONDON"] == "place"  # the dateline stays a place


SPORTS_WITH_HEADER = (
    "SOCCER -\n"
    "Barnsley beat Wrexham 2-1 on Saturday .\n"
    "The Barnsley manager said Wrexham had played well .\n"
)


def test_text_outside_the_sentences_is_found() -> None:
    text = SPORTS_WITH_HEADER
    lines = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    assert _outside(text, lines[1:]) == [(0, len("SOCCER -"))]
    assert _outside(text, lines) == []
    assert _outside(text, [Span(9, 20)]) == [(0, 8), (20, 48), (49, 100)]


def test_dates_lose_the_names_at_their_edges() -> None:
    sents = [
        "GENEVA 1996-08-30".split(),
        "WIGAN , England 1996-08-31".split(),
        "Last Friday Mitchell won".split(),
        "on Friday".split(),
    ]
    cands = [
        _Cand(0, 0, 1, "place"),
        _Cand(1, 0, 1, "place"),
        _Cand(1, 2, 3, "place"),
        _Cand(2, 1, 3, "person"),
        _Cand(3, 1, 2, "person"),  # "Friday" taken for a person: it does not cut the date
    ]
    dates = [(0, 0, 2), (1, 1, 4), (2, 0, 2), (3, 0, 2)]
    assert _trim_dates(sents, dates, cands) == [(0, 1, 2), (1, 3, 4), (3, 0, 2)]
    # a date that touches no name is left as it is
    assert _trim_dates([["on", "Monday", ","]], [(0, 0, 3)], []) == [(0, 0, 3)]


def test_an_age_is_no_date() -> None:
    sents = [
        "the 52-year-old father of two replied".split(),
        "Roe , 70 years old , said".split(),
        "she turned 70 last year".split(),
    ]
    dates = [(0, 1, 2), (1, 2, 5), (2, 3, 5)]
    assert _trim_dates(sents, dates, []) == [(2, 3, 5)]


def test_a_compound_given_name_makes_the_surname_after_it_a_person() -> None:
    # The model reads "Jean-Marc" as a number and the surname after it as an organisation.
    sents = [
        "Pierre-Yves Delorme , the mayor , said".split(),
        "Pierre-Yves Delorme said no".split(),
        "Hewlett-Packard Compaq Inc".split(),
        "New-York Times reported".split(),
    ]
    cands = [
        _Cand(0, 1, 2, "org"),
        _Cand(1, 1, 2, "org"),
        _Cand(2, 1, 3, "org"),  # two words: left alone
        _Cand(3, 1, 2, "org"),
    ]
    got = [(c.sent, c.i, c.j, c.kind) for c in _compound_given_names(sents, cands)]
    assert got == [(0, 0, 2, "person"), (1, 0, 2, "person"), (2, 1, 3, "org"), (3, 1, 2, "org")]


@needs_model
def test_a_dateline_place_is_not_swallowed_by_its_date() -> None:
    text = "ZURICH 1996-09-02\nThe bank said profits rose .\n"
    found = [(text[m.start : m.end], m.kind) for m in find_entities(text)]
    assert ("ZURICH", "place") in found
    spans = sorted((m.start, m.end) for m in find_entities(text))
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no overlap


@needs_model
def test_document_context_reads_text_outside_the_sentences() -> None:
    # The annotator's sentences leave out the dateline block; a section header standing there
    # still makes the document sports copy, so the labels are those of the whole text.
    text = SPORTS_WITH_HEADER
    lines = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]

    def kinds(sentences: list[Span]) -> set[tuple[str, str]]:
        found = find_entities(text, sentences)
        return {(text[m.start : m.end], m.kind) for m in found if m.kind != "date"}

    assert ("Barnsley", "org") in kinds(lines)
    assert kinds(lines[1:]) == kinds(lines)


@needs_model
def test_standings_rows_name_clubs() -> None:
    text = (
        "SOCCER - LEAGUE STANDINGS .\n"
        "Standings after Saturday 's games ( tabulate under played , won , drawn , lost ) :\n"
        "Grimsby 4 3 1 0 8 2 10\n"
        "Tranmere 4 2 1 1 6 4 7\n"
    )
    kinds = _kinds(text)
    assert kinds.get("Grimsby") == "org"
    assert kinds.get("Tranmere") == "org"


@needs_model
def test_scorecard_initials_and_dismissals_are_persons() -> None:
    text = (
        "CRICKET - COUNTY SCORES .\n"
        "Yorkshire 238 ( J. Smithers 74 , P. Quellan 4-38 ) .\n"
        "Tom Arkwright c Pemberton b Fothergill 21\n"
    )
    kinds = _kinds(text)
    assert kinds["J. Smithers"] == "person"
    assert kinds["P. Quellan"] == "person"
    assert kinds["Pemberton"] == "person"
    assert kinds["Fothergill"] == "person"
    assert kinds["Yorkshire"] == "org"  # a county side, in sports copy
    assert "Yorkshire 238" not in kinds


@needs_model
def test_places_stay_places_outside_sports_copy() -> None:
    text = "Officials in Yorkshire and Chicago said on Monday that the plan would go ahead .\n"
    kinds = _kinds(text)
    assert kinds.get("Chicago") == "place"
    assert kinds.get("Yorkshire", "place") == "place"


@needs_model
def test_company_suffix_makes_an_organisation() -> None:
    text = "Shares of Brambledown Widget Corp rose 5 percent on Tuesday , traders said .\n"
    assert _kinds(text).get("Brambledown Widget Corp") == "org"


@needs_model
def test_events_and_nationalities_are_not_entities() -> None:
    text = "The Frenchman won the Davis Cup and the Italian Open last year .\n"
    kinds = _kinds(text)
    assert "Davis Cup" not in kinds
    assert "Italian Open" not in kinds
    assert "Frenchman" not in kinds


@needs_model
def test_surname_alone_takes_the_full_names_label() -> None:
    text = (
        "Police detained dissident Wang Lixin on Friday , his family said .\n"
        "Wang 's lawyer said Wang would appeal .\n"
    )
    mentions = [m for m in find_entities(text) if text[m.start : m.end] == "Wang"]
    assert mentions and all(m.kind == "person" for m in mentions)


@needs_model
def test_apostrophe_names_and_initials_stay_one_token() -> None:
    text = "Seamus O'Driscoll beat J. Kettleworth in the final .\n"
    kinds = _kinds(text)
    assert kinds.get("Seamus O'Driscoll") == "person"
    assert kinds.get("J. Kettleworth") == "person"


@needs_model
def test_all_caps_headline_consistent_with_body() -> None:
    text = (
        "RUGBY UNION - PONTYPRIDD BEAT LLANELLI .\n"
        "CARDIFF 1996-08-31\n"
        "Pontypridd beat Llanelli 23-15 in the Welsh league on Saturday .\n"
    )
    ms = [m for m in find_entities(text) if text[m.start : m.end] in ("PONTYPRIDD", "Pontypridd")]
    assert len(ms) == 2 and {m.kind for m in ms} == {"org"}


@needs_model
def test_link_keeps_one_entity_per_person() -> None:
    text = "Russian President Vladimir Putin met aides . Putin said the talks went well .\n"
    entities, linked = link_entities(text, find_entities(text))
    persons = [e for e in entities if e.kind == "person"]
    assert [e.id for e in persons] == ["vladimir-putin"]
    assert all(isinstance(m, Mention) and m.ref for m in linked)


def test_anonymous_speakers_survive_the_tei_round_trip() -> None:
    """read_tei sets Entity.anonymous from @ana="#sp.anonymous" on person and org, so
    write -> read -> write gives the same bytes and the read document the same entities."""
    from corpus.model import Article, Block, Document, Entity, Quotation
    from corpus.tei import read_tei, write_tei

    text = ("Analysts said prices would fall. The ministry said they would not. "
            "Karl Brandt said they would rise.")
    art = Article("spk", text, (Block("p", 0, len(text)),))
    entities = (
        Entity("analysts", "person", "Analysts", anonymous=True),
        Entity("ministry", "org", "ministry", anonymous=True),
        Entity("karl-brandt", "person", "Karl Brandt"),
    )
    doc = Document(
        article=art,
        sentences=(Span(0, 32), Span(33, 66), Span(67, len(text))),
        entities=entities,
        mentions=(
            Mention(0, 8, "person", "analysts", name=False, method="description"),
            Mention(33, 45, "org", "ministry", name=False, method="description"),
            Mention(67, 78, "person", "karl-brandt"),
        ),
        quotations=(
            Quotation(14, 31, "indirect", "analysts", cue=Span(9, 13), mention=Span(0, 8)),
            Quotation(51, 65, "indirect", "ministry", cue=Span(46, 50), mention=Span(33, 45)),
            Quotation(84, 99, "indirect", "karl-brandt", cue=Span(79, 83),
                      mention=Span(67, 78)),
        ),
    )
    data = write_tei(doc)
    assert data.count(b'ana="#sp.anonymous"') == 2
    back = read_tei(data)
    assert {e.id: e.anonymous for e in back.entities} == {
        "analysts": True, "ministry": True, "karl-brandt": False}
    assert sorted(back.entities, key=lambda e: e.id) == sorted(entities, key=lambda e: e.id)
    assert write_tei(back) == data


def test_entity_ids_are_slugs_of_the_one_slug_function() -> None:
    from corpus.annotate.ids import entity_slug
    from corpus.ingest.ids import slugify

    assert entity_slug("Sergei Lavrov") == "sergei-lavrov"
    assert entity_slug("O'Brien") == "o-brien"  # an ASCII apostrophe separates, as before
    assert slugify("O'Brien") == "obrien"  # document ids drop it
    assert entity_slug("Reuters’ Desk") == "reuters-desk"
    assert entity_slug("Ñandú Café") == "nandu-cafe"
    assert entity_slug("3M") == "e-3m"
    assert entity_slug("!!!") == "e"
    long = entity_slug("Ministry of Foreign Affairs of the Democratic Socialist Republic of Lanka")
    assert long == "ministry-of-foreign-affairs-of-the-democratic-socialist-repu"
    assert len(long) <= 60 and not long.endswith("-")
    assert slugify("oil and opec prices", limit=8) == "oil-and"


def test_one_way_to_mint_a_unique_entity_id() -> None:
    from corpus.annotate.ids import entity_id, mint_entity_id
    from corpus.model import Entity

    ents = {"jordan": Entity("jordan", "place", "Jordan"),
            "jordan-person": Entity("jordan-person", "org", "Jordan Person")}
    assert mint_entity_id("jordan", "place", ents) == "jordan"  # the same kind: the same entity
    assert mint_entity_id("amman", "place", ents) == "amman"
    # another kind holds both jordan and jordan-person: the next free id
    assert mint_entity_id("jordan", "person", ents) == "jordan-person-2"
    assert mint_entity_id("q1", "person", clashes=lambda x: x in {"q1"}) == "q1-person"
    anon = {"analysts": Entity("analysts", "person", "Analysts")}
    assert mint_entity_id(
        "analysts", "person", anon,
        clashes=lambda x: x in anon and not anon[x].anonymous, suffix="speaker",
    ) == "analysts-speaker"
    assert entity_id("Jordan", "person", ents) == "jordan-person-2"  # named so, but a place
    assert entity_id("Jordan", "place", ents) == "jordan"
    assert entity_id("Karl Brandt", "person", ents) == "karl-brandt"


def test_link_entities_keeps_a_person_and_a_place_of_one_name_apart() -> None:
    text = "Jordan Smith met officials in Jordan. Smith said Jordan would help."
    mentions = [Mention(0, 12, "person", ""), Mention(30, 36, "place", ""),
                Mention(38, 43, "person", ""), Mention(49, 55, "place", "")]
    entities, linked = link_entities(text, mentions)
    assert {(e.id, e.kind) for e in entities} == {("jordan-smith", "person"),
                                                  ("jordan", "place")}
    assert [m.ref for m in linked] == ["jordan-smith", "jordan", "jordan-smith", "jordan"]
    clash = [Mention(0, 6, "person", ""), Mention(34, 40, "place", "")]
    entities, linked = link_entities("Jordan met officials in a city of Jordan.", clash)
    assert [m.ref for m in linked] == ["jordan", "jordan-place"]


def _person_mentions(text: str, names: list[str]) -> list[Mention]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(Mention(start, start + len(name), "person", ""))
        pos = start + len(name)
    return out


def test_a_royal_one_word_name_is_not_another_persons_given_name() -> None:
    text = ("Prince Edvard and Lena Holm will marry. Edvard said he was delighted. "
            "Party leader Edvard Lund welcomed the news. Lund wished them luck.")
    mentions = _person_mentions(text, ["Edvard", "Lena Holm", "Edvard", "Edvard Lund", "Lund"])
    _entities, linked = link_entities(text, mentions)
    assert [m.ref for m in linked] == ["edvard", "lena-holm", "edvard", "edvard-lund",
                                       "edvard-lund"]


def test_a_given_name_joins_a_full_name_only_when_one_person_bears_it() -> None:
    text = "Ana Berg and Ana Kos spoke. Ana said no. Kos said yes. Rolf Dahl came. Rolf left."
    mentions = _person_mentions(
        text, ["Ana Berg", "Ana Kos", "Ana", "Kos", "Rolf Dahl", "Rolf"]
    )
    _entities, linked = link_entities(text, mentions)
    refs = [m.ref for m in linked]
    assert refs[3] == "ana-kos" and refs[5] == "rolf-dahl"
    assert refs[2] not in ("ana-berg", "ana-kos")  # which Ana is not known


def test_two_surnames_glued_into_one_name_are_two_people() -> None:
    text = "Ana Berg met Olaf Lund. In that talk with Lund Berg agreed."
    mentions = _person_mentions(text, ["Ana Berg", "Olaf Lund", "Lund Berg"])
    entities, linked = link_entities(text, mentions)
    assert [text[m.start : m.end] for m in linked] == ["Ana Berg", "Olaf Lund", "Lund", "Berg"]
    assert [m.ref for m in linked] == ["ana-berg", "olaf-lund", "olaf-lund", "ana-berg"]
    assert {e.name for e in entities} == {"Ana Berg", "Olaf Lund"}


def test_names_in_a_list_that_share_words_are_not_split() -> None:
    text = "Saqlain Mushtaq, Ijaz Ahmed and Mushtaq Ahmed were picked. Mushtaq Ahmed bowled."
    mentions = _person_mentions(
        text, ["Saqlain Mushtaq", "Ijaz Ahmed", "Mushtaq Ahmed", "Mushtaq Ahmed"]
    )
    _entities, linked = link_entities(text, mentions)
    assert [text[m.start : m.end] for m in linked][2:] == ["Mushtaq Ahmed", "Mushtaq Ahmed"]


def test_a_titled_surname_of_the_other_gender_is_not_the_full_name() -> None:
    # "Mr. Roe" is not "Mary Roe", the one full name ending in Roe; untitled "Roe" goes
    # with him, "Mrs. Roe" with her; the titled name keeps them apart across the corpus too.
    from corpus.annotate.entities.linking import link_entities

    text = "Mary Roe spoke. President Roe left. Mr. Roe said no. Mrs. Roe smiled."
    mentions = [
        Mention(m.start(), m.end(), "person", "")
        for m in re.finditer(r"Mary Roe|(?<!Mary )Roe", text)
    ]
    ents, linked = link_entities(text, mentions)
    assert {e.id: e.name for e in ents} == {"mary-roe": "Mary Roe", "mr-roe": "Mr. Roe"}
    assert [m.ref for m in linked] == ["mary-roe", "mr-roe", "mr-roe", "mary-roe"]
    # no title of the other gender: the surname joins the full name as before
    text = "Mary Roe spoke. Roe left."
    ents, linked = link_entities(text, [Mention(0, 8, "person", ""), Mention(16, 19, "person", "")])
    assert [m.ref for m in linked] == ["mary-roe", "mary-roe"]


def _org_mentions(text: str, names: list[str]) -> list[Mention]:
    out = []
    for name in names:
        for m in re.finditer(re.escape(name) + r"\b", text):
            out.append(Mention(m.start(), m.end(), "org", ""))
    return sorted(out, key=lambda m: m.start)


def test_link_entities_joins_an_acronym_and_a_generic_head_to_the_one_full_name() -> None:
    text = ("The Organisation for Economic Cooperation and Development met. The OECD said "
            "growth would slow. The U.S. Agriculture Department said so too. The Department "
            "said prices would fall. The Bank of England held rates. The Bank said it would act.")
    mentions = _org_mentions(text, ["Organisation for Economic Cooperation and Development",
                                    "OECD", "U.S. Agriculture Department", "Department",
                                    "Bank of England", "Bank"])
    mentions = [m for m in mentions if not any(  # "Department", "Bank" inside the full names
        o.start <= m.start and m.end <= o.end and o != m for o in mentions)]
    entities, linked = link_entities(text, mentions)
    assert sorted(e.name for e in entities) == [
        "Bank of England", "Organisation for Economic Cooperation and Development",
        "U.S. Agriculture Department"]
    assert len({m.ref for m in linked}) == 3


def test_link_entities_keeps_an_ambiguous_acronym_or_head_apart() -> None:
    text = ("The European Community and the Exchange Commission spoke. The EC said no. "
            "The Justice Department and the Labor Department met. The Department said yes.")
    mentions = _org_mentions(text, ["European Community", "Exchange Commission", "EC",
                                    "Justice Department", "Labor Department", "Department"])
    mentions = [m for m in mentions if not any(
        o.start <= m.start and m.end <= o.end and o != m for o in mentions)]
    entities, _linked = link_entities(text, mentions)
    assert {"EC", "Department"} <= {e.name for e in entities}


def test_a_legal_suffix_found_alone_takes_the_company_name_before_it() -> None:
    assert _kinds("Rolfe Engineering group Inc said it would buy the unit.") == {
        "Rolfe Engineering group Inc": "org"}
    assert _kinds("Sony (U.K.) Ltd said sales rose.") == {"Sony (U.K.) Ltd": "org"}
    assert _kinds("The firm bought A.B. Tern and Co in 1978.") == {"A.B. Tern and Co": "org"}


def test_an_organisation_takes_a_lower_case_department_after_it() -> None:
    assert _kinds("Output rose 2.2 pct, the Labor department said.") == {
        "Labor department": "org"}
    assert _kinds("The Commerce department said exports rose.") == {"Commerce department": "org"}
