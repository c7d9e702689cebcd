"""English inflection of query words (``inflect=True``): said -> say, says, said, saying.

Each word expands to its inflected forms through a small table of irregular verbs and nouns and
regular suffix rules (-s/-es/-ies, -ed/-d/-ied with consonant doubling for one-syllable words,
-ing with e-dropping); the query then keeps only forms that occur in the index. Limits: English
only, no derivation (say does not reach sayer), no comparatives, no stress-based doubling beyond
one-syllable words (refer -> referred is found only because both doubled and plain forms are
tried for longer words), and a rare false base can slip in when it is itself a word in the index.

The public function is :func:`inflections`; its internals are hand-written rules that a
maintained library may replace (issue 10, item 4).
"""

from __future__ import annotations

import re
from functools import lru_cache

_IRREGULAR_GROUPS = """
be am is are was were been being | have has had having | do does did done doing
say says said saying | tell tells told telling | speak speaks spoke spoken speaking
go goes went gone going | make makes made making | take takes took taken taking
give gives gave given giving | get gets got gotten getting | come comes came coming
see sees saw seen seeing | know knows knew known knowing | think thinks thought thinking
meet meets met meeting | write writes wrote written writing | run runs ran running
begin begins began begun beginning | break breaks broke broken breaking
bring brings brought bringing | buy buys bought buying | choose chooses chose chosen choosing
fall falls fell fallen falling | feel feels felt feeling | find finds found finding
fly flies flew flown flying | forget forgets forgot forgotten forgetting
hold holds held holding | keep keeps kept keeping | lead leads led leading
leave leaves left leaving | lose loses lost losing | mean means meant meaning
pay pays paid paying | put puts putting | read reads reading | rise rises rose risen rising
seek seeks sought seeking | sell sells sold selling | send sends sent sending
set sets setting | show shows showed shown showing | stand stands stood standing
teach teaches taught teaching | understand understands understood understanding
win wins won winning | hear hears heard hearing | let lets letting | cut cuts cutting
hit hits hitting | spend spends spent spending | build builds built building
grow grows grew grown growing | drive drives drove driven driving | eat eats ate eaten eating
draw draws drew drawn drawing | throw throws threw thrown throwing
become becomes became becoming | fight fights fought fighting | sit sits sat sitting
wear wears wore worn wearing | strike strikes struck striking | steal steals stole stolen stealing
lay lays laid laying | lie lies lay lain lying | quit quits quitting | shut shuts shutting
spread spreads spreading | forecast forecasts forecasting forecasted | deal deals dealt dealing
bear bears bore borne bearing | beat beats beaten beating | bind binds bound binding
catch catches caught catching | sleep sleeps slept sleeping | swear swears swore sworn swearing
withdraw withdraws withdrew withdrawn withdrawing | undertake undertakes undertook undertaken
overcome overcomes overcame overcoming | foresee foresees foresaw foreseen foreseeing
man men | woman women | child children | person people | foot feet | tooth teeth | mouse mice
"""


@lru_cache(maxsize=1)
def _irregular() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for group in _IRREGULAR_GROUPS.split("|"):
        forms = frozenset(group.split())
        for form in forms:
            table[form] = table.get(form, frozenset()) | forms
    return table


_VOWELS = "aeiou"


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def _cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def _forward(base: str) -> set[str]:
    """Regular inflections of a base form (verb -s/-ed/-ing, noun plural)."""
    forms = {base}
    if re.search(r"(s|x|z|ch|sh)$", base):
        forms.add(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ies")
    elif re.search(r"[^aeiou]o$", base):
        forms |= {base + "es", base + "s"}
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ied")
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    elif base.endswith("e") and not re.search(r"(ee|ye|oe)$", base):
        forms.add(base[:-1] + "ing")
    if not base.endswith("e"):
        stems = []
        if _cvc(base):
            stems.append(base + base[-1])
            if _syllables(base) > 1:
                stems.append(base)
        else:
            stems.append(base)
        for stem in stems:
            if not re.search(r"[^aeiou]y$", base):
                forms.add(stem + "ed")
            forms.add(stem + "ing")
    if re.search(r"(ee|ye|oe)$", base):
        forms.add(base + "ing")
    return forms


def _bases(word: str) -> set[str]:
    """Candidate base forms of a possibly inflected word."""
    cands = {word}
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ying", "ie"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + repl
            cands.add(stem)
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS + "ls":
                cands.add(stem[:-1])  # stopped -> stop
    return {b for b in cands if word == b or word in _forward(b)}


@lru_cache(maxsize=4096)
def inflections(word: str) -> frozenset[str]:
    """The inflected forms of a word, and of its base (said -> say, says, said, saying)."""
    word = word.lower()
    irregular = _irregular()
    if word in irregular:
        return irregular[word]
    forms: set[str] = set()
    for base in _bases(word):
        forms |= irregular.get(base, frozenset()) or _forward(base)
    return frozenset(forms)
