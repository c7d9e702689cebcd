"""What is quoted: the content of an attribution (its boundaries, the cues that open it).

Small hand-written articles, one test per rule; entity mentions are given by hand (see
test_quotes_rules._annotate), so only the quotation rules are tested.
"""

from __future__ import annotations

from test_quotes_rules import _annotate, _texts


def test_an_opening_adverbial_and_its_comma_make_no_final_attribution() -> None:
    # "In Leeds on Friday, X said CONTENT": the comma closes an adverbial, not a content.
    text, quotes, _, _ = _annotate(
        ["Title", "In Leeds on Friday, Mara Lind said the factory had its problems long ago."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["the factory had its problems long ago"]
    assert quotes[0].speaker == "mara-lind"


def test_a_final_attribution_with_adverbials_still_ends_the_sentence() -> None:
    text, quotes, _, _ = _annotate(
        ["Title", "The factory will reopen in May, Mara Lind said on Friday."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["The factory will reopen in May"]


def test_a_title_case_headline_verb_is_a_cue() -> None:
    text, quotes, _, _ = _annotate(
        ["Mara Lind Says She Will Run For Mayor Again", "Mara Lind spoke in Leeds."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["She Will Run For Mayor Again"]
    assert quotes[0].speaker == "mara-lind"


def test_a_title_case_noun_is_no_cue() -> None:
    # "Report" and "Reports" in a headline are nouns; a capitalised cue elsewhere is a name.
    _text, quotes, _, _ = _annotate(["Senate Report On Harbour Costs Due In May", "Nothing."])
    assert quotes == []
    _text, quotes, _, _ = _annotate(
        ["Title", "The Support Group Says Nothing was founded by Mara Lind in Leeds."],
        people=("Mara Lind",),
    )
    assert quotes == []


def test_a_verb_coordinated_inside_the_content_is_no_second_cue() -> None:
    # "wanted" is coordinated with "was tired" (the content's verb), not with "said".
    text, quotes, _, _ = _annotate(
        ["Title", "Mara Lind said she was tired of the old council and wanted a new mayor."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["she was tired of the old council and wanted a new mayor"]


def test_a_speech_verb_after_and_is_the_sources_second_cue() -> None:
    text, quotes, _, _ = _annotate(
        ["Title", "Mara Lind said the plan was sound and warned that the costs would rise."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["the plan was sound", "the costs would rise"]
    assert {q.speaker for q in quotes} == {"mara-lind"}


def test_a_quotation_goes_on_in_the_next_paragraph_after_its_attribution() -> None:
    text, quotes, _, _ = _annotate(
        [
            "Title",
            '"The harbour stays open," Mara Lind said on Friday.',
            '"We will not let the town down."',
        ],
        people=("Mara Lind",),
    )
    (q,) = quotes
    assert [text[p.start : p.end] for p in q.segments()] == [
        '"The harbour stays open,"',
        '"We will not let the town down."',
    ]
    assert q.speaker == "mara-lind"


def test_a_short_quoted_term_with_no_source_is_a_scare_quote() -> None:
    # A cue is found ("described") but no source can speak: a term, marked soCalled.
    _text, quotes, _, _ = _annotate(
        ["Title", 'The harbour was described last year as a "white elephant" in the town.']
    )
    assert quotes == []


def test_a_short_quoted_fragment_with_its_source_stays_a_quotation() -> None:
    text, quotes, _, _ = _annotate(
        ["Title", 'Mara Lind called the new harbour a "white elephant" on Friday.'],
        people=("Mara Lind",),
    )
    assert '"white elephant"' in _texts(text, quotes, "direct")


def test_an_as_clause_with_a_speech_cue_introduces_the_content() -> None:
    text, quotes, _, _ = _annotate(
        ["Title", "As Mara Lind noted, the harbour has lost money for a decade."],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes) == ["the harbour has lost money for a decade"]
    assert quotes[0].speaker == "mara-lind"
    # "As X spoke, ...": time, not a report.
    _text, quotes, _, _ = _annotate(
        ["Title", "As Mara Lind spoke, protesters gathered outside the hall."],
        people=("Mara Lind",),
    )
    assert quotes == []


def test_an_action_verb_after_a_quoted_title_is_no_inverted_cue() -> None:
    # '"...," thanked Mara Lind' reads like '"...," said Mara Lind' but thanking
    # is no way of saying the title.
    _text, quotes, _, _ = _annotate(
        ["Title", 'Karl Brandt, star of "Lights out at the harbour," thanked Mara Lind on Friday.'],
        people=("Mara Lind", "Karl Brandt"),
    )
    assert not any(q.kind == "direct" and q.speaker == "mara-lind" for q in quotes)


def test_a_quotation_after_titled_is_a_title() -> None:
    _text, quotes, _, _ = _annotate(
        ["Title", 'The council released an ad titled "Not on my watch, not in my town," on Friday.']
    )
    assert quotes == []


def test_a_quotation_finishing_the_writers_sentence_makes_it_mixed() -> None:
    text, quotes, _, _ = _annotate(
        ["Title", 'Taxing the harbour that way "is a misguided approach," said Mara Lind.'],
        people=("Mara Lind",),
    )
    assert _texts(text, quotes, "mixed") == [
        'Taxing the harbour that way "is a misguided approach,"'
    ]
    # A quotation opening its sentence stays direct only.
    text, quotes, _, _ = _annotate(
        ["Title", '"The harbour is lost," said Mara Lind.'], people=("Mara Lind",)
    )
    assert _texts(text, quotes, "mixed") == []


def test_according_to_a_long_source_phrase() -> None:
    text, quotes, _, _ = _annotate(
        [
            "Title",
            "According to a survey released on Friday by the harbour office of the county "
            "council, the harbour will close.",
        ]
    )
    assert _texts(text, quotes) == ["the harbour will close"]


def test_state_is_a_noun_unless_it_introduces_that_or_a_colon() -> None:
    for sentence in (
        "Mara Lind has won the most state contests, giving her a lead.",
        "Mara Lind is campaigning in two states that vote on Tuesday.",
    ):
        _text, quotes, _, _ = _annotate(["Title", sentence], people=("Mara Lind",))
        assert quotes == [], sentence
    text, quotes, _, _ = _annotate(
        ["Title", "The report states that the harbour will close."]
    )
    assert _texts(text, quotes) == ["the harbour will close"]


def test_spoke_to_or_on_is_no_content_spoke_about_is() -> None:
    _text, quotes, _, _ = _annotate(
        ["Title", "Mara Lind spoke to reporters on Friday after the meeting."],
        people=("Mara Lind",),
    )
    assert quotes == []
    text, quotes, _, _ = _annotate(
        ["Title", "Mara Lind spoke about the harbour closure."], people=("Mara Lind",)
    )
    assert _texts(text, quotes) == ["the harbour closure"]
