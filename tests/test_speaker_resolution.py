"""Speaker resolution rules (corpus.annotate.quotes.speakers, .descriptions), each on a small
literal text, checked on the TEI that `corpus annotate` writes and reads back.

Entity mentions are given by hand (not by the NER), so these tests check the speaker rules
only. Each article is a list of lines: the first is the headline, the others paragraphs.
"""

from __future__ import annotations

import dataclasses
import re

from corpus.annotate import _merge
from corpus.annotate.quotes import annotate_quotations
from corpus.annotate.quotes.names import digest_reporters
from corpus.annotate.sentences import sentences as split_sentences
from corpus.model import Article, Block, Document, Entity, Mention
from corpus.tei import read_tei, write_tei


def _read_back(
    lines: list[str],
    people: tuple[str, ...] = (),
    orgs: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> Document:
    """The article annotated with hand-given names, written as TEI and read back."""
    text = "\n".join(lines)
    blocks, pos = [], 0
    for i, line in enumerate(lines):
        blocks.append(Block("head" if i == 0 else "p", pos, pos + len(line)))
        pos += len(line) + 1
    article = Article("t", text, tuple(blocks), date="2024-03-01")
    mentions, entities = [], {}
    for names, kind in ((people, "person"), (orgs, "org"), (places, "place")):
        for name in names:
            ref = name.lower().replace(" ", "-")
            entities[ref] = Entity(ref, kind, name)
            for m in re.finditer(re.escape(name), text):
                mentions.append(Mention(m.start(), m.end(), kind, ref))
    mentions.sort(key=lambda m: m.start)
    sents = split_sentences(article)
    quotes, extra, ents, marks = annotate_quotations(
        article, sents, mentions, list(entities.values())
    )
    kinds = {e.id: e.kind for e in ents}
    extra = [dataclasses.replace(m, kind=kinds.get(m.ref, m.kind)) for m in extra]
    doc = Document(
        article=article,
        sentences=tuple(sents),
        entities=tuple(sorted(ents, key=lambda e: (e.kind, e.id))),
        mentions=tuple(_merge(mentions, extra)),
        quotations=tuple(digest_reporters(quotes)),
        marks=tuple(marks),
    )
    return read_tei(write_tei(doc))


def _quote(doc: Document, words: str):
    (q,) = [q for q in doc.quotations if words in doc.article.text[q.start : q.end]]
    return q


def _speaker_name(doc: Document, words: str) -> str:
    q = _quote(doc, words)
    ents = {e.id: e for e in doc.entities}
    return ents[q.speaker].name if q.speaker in ents else ""


def _marked(doc: Document, ref: str) -> list[str]:
    text = doc.article.text
    return [text[m.start : m.end] for m in doc.mentions if m.ref == ref]


def test_a_bare_country_speaking_is_marked_as_the_organisation_around_the_place() -> None:
    doc = _read_back(
        ["Title", "Portugal said on Tuesday it would cap rents for two years."],
        places=("Portugal",),
    )
    q = _quote(doc, "cap rents")
    ents = {e.id: e for e in doc.entities}
    assert ents[q.speaker].kind == "org" and ents[q.speaker].name == "Portugal"
    # The speaker has a mention where the text names it, and the place keeps its own.
    assert _marked(doc, q.speaker) == ["Portugal"]
    kinds = sorted(m.kind for m in doc.mentions if doc.article.text[m.start : m.end] == "Portugal")
    assert kinds == ["org", "place"]


def test_a_quotation_of_someone_else_in_a_digest_is_reported_by_the_digest_speaker() -> None:
    doc = _read_back(
        ["Title", "Mayor Ines Falk held her yearly press conference on Friday.",
         "Below are Falk's key statements that the agency put together.",
         "The tram line will open in the spring.",
         "Last year, Governor Tomas Berg suggested \"moving the depot out of the old town.\"",
         "Housing remains the first priority."],
        people=("Ines Falk", "Tomas Berg"),
    )
    ents = {e.id: e for e in doc.entities}
    q = _quote(doc, "moving the depot")
    assert ents[q.speaker].name == "Tomas Berg"
    assert ents[q.reported_by].name == "Ines Falk"
    # Her own statements have no reporter.
    own = _quote(doc, "tram line")
    assert ents[own.speaker].name == "Ines Falk" and not own.reported_by


def test_a_relative_who_reaches_past_a_prepositional_phrase_to_its_people_noun() -> None:
    doc = _read_back(
        ["Title", "The plan may calm nervous farmers in the northern valleys, who have argued "
         "that water prices are too high."],
    )
    q = _quote(doc, "water prices")
    assert _speaker_name(doc, "water prices") == "farmers"
    assert "who" in _marked(doc, q.speaker)


def test_a_person_noun_no_list_had_is_an_anonymous_speaker_not_a_lost_one() -> None:
    doc = _read_back(["Title", '"It was a fine evening," the gambling tycoon told reporters.'])
    assert _speaker_name(doc, "fine evening") == "gambling tycoon"
    assert {e.name: e.anonymous for e in doc.entities}["gambling tycoon"]


def test_adverbs_and_negatives_are_no_speakers() -> None:
    doc = _read_back(
        ["Title", "Borvik Systems no longer wants to sell the old scanner.",
         "There are no current plans to widen the scheme.",
         "In their report they could not resist pointing out that the figures were old."],
        orgs=("Borvik Systems",),
    )
    assert _speaker_name(doc, "sell the old scanner") == "Borvik Systems"
    names = {e.name for e in doc.entities}
    assert not names & {"no current", "resist", "Borvik Systems no longer"}


def test_a_title_ending_in_a_name_the_finder_missed_is_that_person() -> None:
    doc = _read_back(
        ["Title", "Chairman of the Harbour Trust Edda Moll told the radio the pier was safe.",
         'In a statement, Governor of Utah Sam Ortiz said, "We will rebuild the bridge."'],
        orgs=("Harbour Trust",),
        places=("Utah",),
    )
    ents = {e.id: e for e in doc.entities}
    moll = ents[_quote(doc, "pier was safe").speaker]
    assert moll.name == "Edda Moll" and moll.kind == "person" and not moll.anonymous
    assert "Chairman" in moll.role
    assert _speaker_name(doc, "rebuild the bridge") == "Sam Ortiz"
    assert "Sam Ortiz" in _marked(doc, _quote(doc, "rebuild the bridge").speaker)


def test_a_preposition_opening_a_source_phrase_is_no_part_of_the_speaker() -> None:
    doc = _read_back(
        ["Title", 'Readers were angry, with one reader writing "Where is the rest of the page?"'],
    )
    assert _speaker_name(doc, "rest of the page") == "one reader"


def test_a_title_case_subheading_is_no_speakers_label() -> None:
    doc = _read_back(
        ["Title", "The canal plan draws fresh doubts from the council.",
         "Canal Plan Draws Fresh Doubts: The plan was first drawn up in 1998 and then shelved.",
         "Mayor Lena Roos: We will not wait for another study."],
        orgs=("Canal Plan Draws Fresh Doubts",),
        people=("Lena Roos",),
    )
    names = {e.name for e in doc.entities if any(q.speaker == e.id for q in doc.quotations)}
    assert "Canal Plan Draws Fresh Doubts" not in names
    assert _speaker_name(doc, "another study") == "Lena Roos"


def test_a_name_in_a_title_case_headline_is_not_the_display_name() -> None:
    doc = _read_back(
        ["Harlan Hid Old Debts From Voters, Records Show",
         "Records show that Mira Harlan owed money to two banks.",
         "Harlan said the loans were repaid in full."],
        people=("Harlan Hid Old Debts", "Mira Harlan", "Harlan"),
    )
    assert _speaker_name(doc, "repaid in full") in ("Mira Harlan", "Harlan")


def test_a_person_named_first_in_a_phrase_speaks_not_the_place_after_her() -> None:
    doc = _read_back(
        ["Title", "Teacher Ada Vos of Leiden, South Holland says the school will close.",
         "Bishop Jan Roe of the Church of Utrecht told the paper the roof was unsafe."],
        people=("Ada Vos", "Jan Roe"),
        orgs=("Church of Utrecht",),
        places=("Leiden", "South Holland"),
    )
    assert _speaker_name(doc, "school will close") == "Ada Vos"
    assert _speaker_name(doc, "roof was unsafe") == "Jan Roe"


def test_verb_phrases_and_adjectives_are_no_speakers() -> None:
    from corpus.annotate.quotes.descriptions import read_description

    assert read_description("using the latest figures") is None
    assert not read_description("fairly expansive").agent  # type: ignore[union-attr]
    assert read_description("progressives").agent  # type: ignore[union-attr]
    assert read_description("retired generals").person  # type: ignore[union-attr]


def test_a_relative_who_after_a_titled_name_the_finder_missed_is_that_person() -> None:
    doc = _read_back(
        ["Title", "The call was backed by former Gov. Edwin O’Hara, who noted that the dam "
         "was old."],
    )
    q = _quote(doc, "dam was old")
    assert _speaker_name(doc, "dam was old") == "Edwin O’Hara"
    assert "Edwin O’Hara" in _marked(doc, q.speaker)


def test_an_anonymous_speaker_ends_at_its_head_noun_when_a_verb_follows() -> None:
    doc = _read_back(
        ["Title", "Hundreds of striking dockers cheered support for the wage claim.",
         "Sources in Lisbon said the talks would resume."],
    )
    names = {e.name for e in doc.entities if e.anonymous}
    assert "Hundreds of striking dockers" in names or "striking dockers" in names
    assert not any(n.endswith("cheered") for n in names)
    assert _speaker_name(doc, "talks would resume") == "Sources in Lisbon"


def test_a_middle_initial_stays_inside_the_name() -> None:
    from corpus.annotate.entities import find_entities
    from corpus.annotate.sentences import sentences as split

    text = "Title\nRonald K. Marsh said the mill would close."
    art = Article("t", text, (Block("head", 0, 5), Block("p", 6, len(text))))
    names = [text[m.start : m.end] for m in find_entities(text, split(art)) if m.kind == "person"]
    assert names == ["Ronald K. Marsh"]


def test_weather_and_other_er_nouns_are_no_agents() -> None:
    from corpus.annotate.quotes.descriptions import read_description

    for phrase in ("bad weather in the spring", "the winter", "the computer"):
        d = read_description(phrase)
        assert d is not None and not d.agent and not d.person


def test_a_credit_line_or_a_common_word_label_is_no_quotation() -> None:
    # The entity finder took the label word for a name, as it does in title-case layout.
    doc = _read_back(
        ["Fair opens", "The hall was full on Friday. Photo: Anna Lee.",
         "Visitors liked the new photo of the hall and the schedule.",
         "Schedule: Doors open at nine and close at six on both days of the fair."],
        people=("Photo", "Anna Lee", "Schedule"),
    )
    assert not any("Anna Lee" in doc.article.text[q.start : q.end] for q in doc.quotations)
    assert not any(
        e.name in ("Photo", "Schedule") and any(q.speaker == e.id for q in doc.quotations)
        for e in doc.entities
    )


def test_an_organisation_named_by_the_end_of_its_name_is_the_same_organisation() -> None:
    from corpus.annotate.entities import link_entities

    text = "The Northern Ports Authority met. Later the Ports Authority said fees would rise."
    a, b = text.index("Northern Ports Authority"), text.index("Ports Authority said")
    found = [Mention(a, a + 24, "org", ""), Mention(b, b + 15, "org", "")]
    ents, mentions = link_entities(text, found)
    assert len({m.ref for m in mentions}) == 1
    assert [e.name for e in ents] == ["Northern Ports Authority"]


def test_a_document_a_person_gave_speaks_for_that_person_not_the_place() -> None:
    doc = _read_back(
        ["Title", "Taxes on farms would fall by a third, according to a speech Ada Vos "
         "gave at Leiden University."],
        people=("Ada Vos",),
        orgs=("Leiden University",),
    )
    assert _speaker_name(doc, "Taxes on farms") == "Ada Vos"


def test_a_quotation_without_a_cue_takes_the_one_person_named_in_its_sentence() -> None:
    doc = _read_back(
        ["Title", '"We will appeal," Karl Brandt said on Monday.',
         'In a post on Sunday, Mia Lund was blunt: "The ruling ignores the facts."'],
        people=("Karl Brandt", "Mia Lund"),
    )
    # No cue introduces it: the quotation is hers, not the previous paragraph's speaker's.
    assert _speaker_name(doc, "ignores the facts") == "Mia Lund"


# Junk names and types, through the whole annotator (entity finder included), on the TEI.


def _annotated(text: str) -> Document:
    from corpus.annotate import annotate
    from corpus.ingest import article_from_text

    return read_tei(write_tei(annotate(article_from_text(text, source="unit.txt"))))


def _names(doc: Document, kind: str) -> set[str]:
    return {e.name for e in doc.entities if e.kind == kind}


def test_a_role_or_body_before_a_given_name_is_no_part_of_the_person() -> None:
    doc = _annotated(
        "Budget talks\n\n"
        "Agency Administrator Charles Dunmore said the budget would be cut. "
        "Minister of Transport Maria Lindqvist said roads come first. "
        "The film starred Vegetarian Susan Okafor in its final scene."
    )
    people = _names(doc, "person")
    assert {"Charles Dunmore", "Maria Lindqvist", "Susan Okafor"} <= people
    assert not any(n.startswith(("Administrator", "Transport", "Vegetarian")) for n in people)
    assert _speaker_name(doc, "roads come first") == "Maria Lindqvist"
    assert "Minister of Transport" in {
        e.role for e in doc.entities if e.name == "Maria Lindqvist"}


def test_a_person_glued_to_the_end_of_an_organisation_name_is_split_off() -> None:
    doc = _annotated(
        "Rally\n\n"
        "A spokesperson of the Council on Farm Relations Aino Kallas said the rally "
        "would go ahead."
    )
    assert _speaker_name(doc, "rally would go ahead") == "Aino Kallas"
    assert "Aino Kallas" in _names(doc, "person")


def test_newspapers_and_web_sites_are_organisations() -> None:
    doc = _annotated(
        "Leak\n\n"
        "Other sites such as Pinwheel.com have stated that they will keep the video online. "
        "The Halifax Star reported that the file was found on a bench."
    )
    orgs = _names(doc, "org")
    assert "Pinwheel" in orgs and "Halifax Star" in orgs
    assert not _names(doc, "person") & {"Pinwheel", "Halifax Star"}


def test_a_signed_newspaper_is_an_organisation() -> None:
    doc = _read_back(
        ["Title", '"Ministry papers found on a bench" \u2014 Halifax Star, May 3, 2021'],
    )
    q = _quote(doc, "papers found on a bench")
    kinds = {e.id: e.kind for e in doc.entities}
    assert kinds.get(q.speaker) == "org"


def test_one_capitalised_common_word_is_no_speaker_of_its_own() -> None:
    doc = _annotated(
        "Claims\n\n"
        "The Church of the Open Door held a service in Leeds on Sunday. "
        "In a statement, the Church said it had done nothing wrong.\n\n"
        '"Everybody knew the house," Garden said.'
    )
    # "the Church" is the church the article names in full.
    assert _speaker_name(doc, "done nothing wrong") == "Church of the Open Door"
    # "Garden" (one common word, no longer name holds it) is no named speaker.
    doc = _read_back(["Title", '"Everybody knew the house," Garden said.'], people=("Garden",))
    assert "Garden" not in {
        _speaker_name(doc, "Everybody knew") for q in doc.quotations
        if "Everybody knew" in doc.article.text[q.start : q.end]}


def test_no_description_resolves_to_a_fragment_of_a_name() -> None:
    doc = _read_back(
        ["Title",
         "After talks between the State and Defense Departments, the girls got visas.",
         "The robotics team said it was grateful."],
        orgs=("State",),
    )
    q = _quote(doc, "grateful")
    names = {e.id: e.name for e in doc.entities}
    assert names.get(q.speaker, "") != "State"


def test_shares_of_poll_respondents_are_anonymous_groups_of_people() -> None:
    doc = _read_back(
        ["Title", "Sixty-two percent of registered voters say they back the levy.",
         "About 4 in 10 say they want a new mayor.",
         "Two-thirds of the farmers said they had sold their grain early."],
    )
    ents = {e.id: e for e in doc.entities}
    for words, name in (
        ("back the levy", "Sixty-two percent of registered voters"),
        ("want a new mayor", "About 4 in 10"),
        ("sold their grain", "Two-thirds of the farmers"),
    ):
        speaker = ents[_quote(doc, words).speaker]
        assert (speaker.name, speaker.kind, speaker.anonymous) == (name, "person", True)


def test_a_capitalised_group_of_party_members_is_no_persons_name() -> None:
    doc = _read_back(
        ["Title", "Senior Whigs believe they are winning back the suburbs.",
         "The Greens said the bypass should be scrapped.",
         "Azpurua said the port would reopen."],
    )
    ents = {e.id: e for e in doc.entities}
    assert ents[_quote(doc, "winning back").speaker].anonymous
    assert ents[_quote(doc, "bypass").speaker].anonymous
    # A lone capitalised word before a cue is still taken for a name the finder missed.
    azpurua = ents[_quote(doc, "port would reopen").speaker]
    assert azpurua.name == "Azpurua" and not azpurua.anonymous


def test_a_title_after_one_untitled_person_is_that_person() -> None:
    doc = _read_back(
        ["Title", "Critics attacked Anna Berg's plan for road tolls.",
         "The party leader said the tolls would fund new trams."],
        people=("Anna Berg",),
    )
    assert _speaker_name(doc, "fund new trams") == "Anna Berg"
    assert "leader" in _marked(doc, _quote(doc, "fund new trams").speaker)


def test_a_title_is_not_guessed_among_several_people_or_for_a_titled_one() -> None:
    doc = _read_back(
        ["Title", "Anna Berg met Olaf Lund on Monday.",
         "The minister said the talks had gone well.",
         "",
         "Mayor Ivo Stam opened the bridge.",
         "The governor said the bridge was late."],
        people=("Anna Berg", "Olaf Lund", "Ivo Stam"),
    )
    ents = {e.id: e for e in doc.entities}
    assert ents[_quote(doc, "talks had gone well").speaker].anonymous
    assert ents[_quote(doc, "bridge was late").speaker].anonymous


def test_quantities_and_things_are_no_heads_of_speakers() -> None:
    from corpus.annotate.quotes.descriptions import read_description

    for phrase in ("the December quarter", "26 dlrs a share", "one dlr each", "defer",
                   "an export enhancement", "Harlow's takeover", "major"):
        d = read_description(phrase)
        assert d is None or not (d.person or d.org or d.agent), phrase
    for phrase in ("a quarter of the voters", "Twelve percent", "half", "senior officials"):
        d = read_description(phrase)
        assert d is not None and d.person, phrase


def test_a_name_the_finder_missed_before_post_nominal_letters_is_that_person() -> None:
    doc = _read_back(
        ["Title", "Party whip Ann Tewkes MP said the vote would be close."],
    )
    q = _quote(doc, "vote would be close")
    speaker = {e.id: e for e in doc.entities}[q.speaker]
    assert (speaker.name, speaker.anonymous) == ("Ann Tewkes", False)


def test_the_government_is_a_country_never_an_untyped_organisation_or_a_region() -> None:
    doc = _read_back(
        ["Title", "Harlow Yards will build the Arctic Star. The government said the ship "
         "would cost 30 mln dlrs.",
         "",
         "The Refugee Olympic Team arrived in Rio. The team said it was proud to compete.",
         "",
         "Fishing fleets left Portugal for the Arctic. The government said the quotas "
         "would stay."],
        orgs=("Harlow Yards", "Refugee Olympic Team"),
        places=("Arctic", "Portugal"),
    )
    ents = {e.id: e for e in doc.entities}
    assert ents[_quote(doc, "ship would cost").speaker].anonymous
    assert ents[_quote(doc, "quotas would stay").speaker].name == "Portugal"
    # A team named with its telling word still stands for "the team".
    assert ents[_quote(doc, "proud to compete").speaker].name == "Refugee Olympic Team"


def test_a_minister_described_without_his_portfolio_and_an_interposed_continued() -> None:
    doc = _read_back(
        ["Title", "Talks must resume, Ruritanian Foreign Minister Ivo Stam stated on Monday.",
         "However, the Ruritanian minister continued, the first task is to end the blockade."],
        people=("Ivo Stam",),
    )
    assert _speaker_name(doc, "end the blockade") == "Ivo Stam"


def test_it_is_an_organisation_before_the_quotation_and_a_spokesman_speaks_for_the_org() -> None:
    doc = _read_back(
        ["Title", "Harlow Bank expects growth. The peso stayed firm against the Nordic Krone "
         "in that period, it said.",
         "A spokesman for the Bundesbank in Frankfurt said the bank would not attend."],
        orgs=("Harlow Bank", "Nordic Krone", "Bundesbank"),
        places=("Frankfurt",),
    )
    assert _speaker_name(doc, "peso stayed firm") == "Harlow Bank"
    assert _speaker_name(doc, "would not attend") == "Bundesbank"


def test_he_is_never_a_group_of_people() -> None:
    doc = _read_back(
        ["Title", "Bankers said the talks were hard. Finance Minister Ivo Stam hoped for a "
         'deal. "We propose a new mechanism," he said.'],
        people=("Ivo Stam",),
    )
    assert _speaker_name(doc, "new mechanism") == "Ivo Stam"
