"""Cue verbs and the tokens around them: the word lists and token tests the rules share.

A sentence is read as a list of `Tok` (word, lower case, whether it is inside quotation marks
or inside a name). `cue_at` finds a reporting verb (lexicon.CUE_FORMS, MULTIWORD_CUES) at a
token, never inside quotation marks or a name, never after a determiner ("the report") nor
capitalised mid-sentence ("Support Group"). `complement` finds where a cue's content starts:
after "that", a colon, the addressee of "told"/"asked" ("told reporters on Saturday that"),
an adverbial ("said in a statement on Monday"), or a clause start for verbs that take a clause
without "that" ("said the deal is off"); verbs of attitude (lexicon.OBJECT_CUES) also take a
noun-phrase object ("criticized the plan", "called for a ban").

Limits: word lists, no parse — an adverbial longer than about 14 tokens hides "that", and a
clause complement must start with a subject-like word or a name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.annotate.lexicon import (
    CUE_FORMS,
    MULTIWORD_CUES,
    OBJECT_CUES,
)
from corpus.annotate.sentences import tokens as tokenize
from corpus.model import Span


def word_set(spec: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(spec.split())


ADVERBS = word_set(
    "also later then again repeatedly previously earlier further once recently reportedly "
    "has have had was were is are will would had been has been could may might should must "
    "can has also "
    "had also simply just even still only firmly clearly publicly never barely jokingly "
    "frequently often openly privately sharply strongly explicitly initially originally "
    "ultimately specifically directly immediately quickly loudly angrily falsely correctly "
    "rightly wrongly"
)
REPORTER_OBJECTS = word_set(
    "reporters journalists the press media correspondents lawmakers parliament congress "
    "senators members supporters audience crowd me us him her them"
)
SUBJECT_STARTERS = word_set(
    "he she it they we i you there this that these those the a an his her its their our my "
    "no some many most all any one two three"
)


DETERMINERS = word_set("the a an these those this that his her its their our my your such no")

PREPOSITIONS = word_set(
    "in on at to during after before with via from for by of over about through into across "
    "under within without among amid following ahead upon since until against despite"
)
TEMPORAL = word_set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow "
    "morning afternoon evening night week weekend month year day days weeks months years ago last "
    "this next earlier later recently previously again late early"
)
# Nouns of the channel of a statement: "said in a statement", "told CNN in an interview".
CHANNEL_NOUNS = word_set(
    "statement interview news conference briefing release email e-mail letter speech tweet "
    "tweets post posts radio television tv show phone call rally debate appearance event "
    "meeting hearing op-ed memo remarks program programme broadcast video message podcast "
    "press call twitter facebook instagram town hall forum session testimony filing court "
    "campaign stop visit trip address website blog column book report study paper note "
    "analysis article editorial essay document newsletter"
)
# Nouns after an outlet's name in the addressee of "told": "told the Guardian newspaper".
_OUTLET_NOUNS = CHANNEL_NOUNS | word_set(
    "newspaper paper magazine daily weekly agency news channel network station outlet "
    "broadcaster tabloid programme program"
)
# Clause-introducing cues whose complement may start without "that" ("X said the deal is off").
CLAUSE_CUES = word_set(
    "say tell add warn claim insist argue note stress predict announce state confirm report "
    "estimate write acknowledge admit suggest explain assert contend concede declare emphasize "
    "reiterate recall complain tweet believe think show find point out"
)
# Words after a cue that never start its content ("said nothing", "said so", "said to be").
NON_START = word_set(
    "to so nothing something anything little much yes no hello goodbye such and or but as than "
    "please thanks"
)
# Words that end a source noun phrase on its left (a clause boundary before the subject).
NP_STOP = word_set(
    "that which because but while when whenever if as and or nor so than then where although "
    "though since until unless whether why how what also has have had is are was were will "
    "would could should can may might must do does did not n't never"
)
NOT_HEAD = (
    PREPOSITIONS
    | DETERMINERS
    | word_set(
        "be been being very more most less least many much few some any all both each every "
        "other another own same new old"
    )
)
# Cue forms that are also plural nouns: no common-noun source before them.
NOUNISH_CUES = word_set(
    "states reports claims estimates charges remarks tweets forecasts notes calls labels brands "
    "finds hopes warnings answers replies responses orders offers"
)
WORDLIKE = re.compile(r"[\w$%]")


@dataclass
class Tok:
    start: int
    end: int
    word: str
    low: str
    quoted: bool = False
    named: bool = False  # inside a name ("Secretary of State Antony Blinken"): never a cue
    titled: bool = False  # in a sentence written in Title Case (a headline): capitals are no sign


# Small words a Title Case headline leaves in lower case.
_TITLE_SMALL = word_set("a an the of and or nor but for in on at to with by from as vs. vs via up")


def title_case(words: Sequence[str]) -> bool:
    """Whether a sentence is written in Title Case ("Roe Says She Will Run Again"): at least
    four words, every one of them but small function words capitalised, not all in capitals."""
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 4 or all(w.isupper() for w in alpha):
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in alpha)


# Verbs whose bare-infinitive complement is an action, never speech ("helped push").
_CAUSATIVES = word_set("help helps helped helping make makes made making let lets letting")


def sentence_tokens(
    text: str, sentence: Span, quotes: Sequence[Span], names: Sequence[Span] = ()
) -> list[Tok]:
    out = []
    qstarts = [q.start for q in quotes]
    nstarts = [n.start for n in names]
    for t in tokenize(text, sentence.start, sentence.end):
        word = text[t.start : t.end]
        k = bisect_right(qstarts, t.start) - 1
        quoted = k >= 0 and quotes[k].start <= t.start < quotes[k].end
        k = bisect_right(nstarts, t.start) - 1
        named = k >= 0 and names[k].start <= t.start < names[k].end
        out.append(Tok(t.start, t.end, word, word.lower(), quoted, named))
    if title_case([t.word for t in out if not t.quoted]):
        for t in out:
            t.titled = True
    return out


# Phrasal lemmas listed under their phrase first: one of their words alone ("point",
# "go") is no cue. Computed once (cue_at used to scan CUE_FORMS for it on every cue).
_PHRASAL_ONLY = frozenset(
    lemma
    for lemma in ("point out", "go on")
    if " " in next((f for f, lem in CUE_FORMS.items() if lem == lemma), "")
)


def _headline_verb(toks: list[Tok], k: int) -> bool:
    """A capitalised cue in a Title Case headline is a verb in -s or -ed ("Roe Says", "Roe
    Warned"), never a base form ("Senate Report") nor a plural noun ("Senate Reports"),
    except one before its particle ("Roe Calls For Calm")."""
    low = toks[k].low
    if not low.endswith(("s", "ed")):
        return False
    nxt = toks[k + 1].low if k + 1 < len(toks) else ""
    return low not in NOUNISH_CUES or nxt in ("for", "on")


# Cue forms far more often nouns in news than verbs: a cue only before "that" or a colon
# ("the report states that ...", "the rule states: ...").
_NOUN_FIRST = word_set("state states")
_NUMBERS = word_set("two three four five six seven eight nine ten dozen several")


def cue_at(toks: list[Tok], k: int) -> tuple[int, str] | None:
    """(number of tokens, lemma) when a cue verb starts at token k."""
    if toks[k].quoted or toks[k].named:
        return None
    if k > 0 and toks[k - 1].low in DETERMINERS:
        return None  # "these claims", "the report": a noun, not a cue
    if k > 0 and toks[k - 1].low in _CAUSATIVES:
        return None  # "helped push prices up", "helping the economy add jobs": no speech
    if (
        k > 0
        and toks[k].word[:1].isupper()
        and toks[k - 1].word not in ('"', "“", ":")
        and not (toks[k].titled and _headline_verb(toks, k))
    ):
        return None  # "State Rep. Jones", "Support Group": part of a name or title
    for words, lemma in MULTIWORD_CUES.items():
        n = len(words)
        if tuple(t.low for t in toks[k : k + n]) == words:
            if lemma == "go on" and _went_on_to_act(toks, k + n):
                return None  # "went on to win the state": an act, not speech
            return n, lemma
    lemma = CUE_FORMS.get(toks[k].low)
    if lemma is None or lemma in _PHRASAL_ONLY:
        return None
    if _noun_after_article(toks, k, lemma):
        return None  # "a new Soviet offer to abolish", "a debt offering": nouns
    if lemma == "order" and k > 0 and toks[k - 1].low == "in":
        return None  # "in order to": a purpose, no order given
    if toks[k].low == lemma and (
        (k > 0 and toks[k - 1].low in _NOUN_TAKING)
        or (
            k > 1
            and toks[k - 2].low in _NOUN_TAKING
            and toks[k - 1].word.isalpha()
            and toks[k - 1].low not in _PRONOUNS
        )
    ):
        # "received support online", "seek Japanese support", "drew sharp criticism": the
        # noun, not the verb
        return None
    if (
        lemma in ("call", "name", "dub", "label", "title")
        and toks[k].low.endswith("ed")
        and k + 1 < len(toks)
        and toks[k + 1].quoted
        and k > 0
        and toks[k - 1].word.isalpha()
        and toks[k - 1].word.islower()
        and toks[k - 1].low not in _SUBJECT_PRONOUNS
        and toks[k - 1].low not in ADVERBS
        and not toks[k - 1].low.endswith("ly")
        and _capitalised_quote_at(toks, k + 1)
    ):
        return None  # 'a painting called "Cowboys and Indians"': a name, nobody speaking
    if lemma in _ACT_OBJECTS and _act_object(toks, k, lemma):
        return None  # "declared a dividend", "called a strike", "offered 200 mln dlrs of notes"
    if lemma == "post" and not _posted_words(toks, k):
        return None  # "posted a record loss": results, not a post
    if lemma == "weigh" and k + 1 < len(toks) and toks[k + 1].word[:1].isdigit():
        return None  # "weighs 236 pounds'
    if toks[k].low in _NOUN_FIRST and (
        k + 1 >= len(toks)
        or toks[k + 1].low not in ("that", ":")
        or (k > 0 and (toks[k - 1].low in NOT_HEAD | _NUMBERS or toks[k - 1].word[:1].isdigit()))
    ):
        return None  # "state Rep. Jones", "two states that vote": the noun, not the verb
    return 1, lemma


# -ing forms that are common nouns ("a debt offering", "a court ruling").
_ING_NOUNS = word_set("offering ruling finding warning briefing hearing")
_NOT_MODIFIERS = word_set("not to and or but who which that")


def _noun_after_article(toks: list[Tok], k: int, lemma: str) -> bool:
    """Whether the base or -ing form at k heads a noun phrase opened by "a"/"an" one to two
    words before ("a new offer", "an initial public offering"): after a singular subject a
    verb would take -s, so such a word is a noun."""
    low = toks[k].low
    if low != lemma and low not in _ING_NOUNS:
        return False
    for i in range(k - 1, max(-1, k - 4), -1):
        t = toks[i]
        if t.low in ("a", "an"):
            return i < k - 1
        if (
            t.quoted
            or not t.word.isalpha()
            or t.low in ADVERBS
            or t.low in _NOT_MODIFIERS
            or t.low.endswith("ly")
            or CUE_FORMS.get(t.low) is not None
        ):
            return False
    return False


# Verbs whose object is a noun that is also a cue form ("received support", "won praise").
_NOUN_TAKING = word_set(
    "receive receives received receiving get gets got getting gain gains gained win wins won "
    "enjoy enjoys enjoyed lose loses lost draw draws drew drawn attract attracts attracted "
    "seek seeks sought seeking"
)
_SUBJECT_PRONOUNS = word_set("he she they we i you it who which that")
_PRONOUNS = _SUBJECT_PRONOUNS | word_set("him her them us me")


def _capitalised_quote_at(toks: list[Tok], j: int) -> bool:
    """Whether the quotation starting at token j opens with a capitalised word (a title)."""
    word = next((t.word for t in toks[j : j + 3] if t.quoted and t.word[:1].isalpha()), "")
    return word[:1].isupper()


# Objects that make a speech verb an act: a company declares a dividend, a union calls a
# strike, a bank offers bills; none of them says anything.
_ACT_OBJECTS = {
    "declare": word_set(
        "dividend dividends split payout distribution moratorium bankruptcy emergency war "
        "insolvency holiday curfew martial force"
    ),
    "call": word_set(
        "strike strikes meeting election elections vote halt truce ceasefire referendum "
        "session conference summit recess"
    ),
    "offer": word_set(
        "dlrs dollars shares share bills bonds notes debentures rebates rebate debt stock "
        "cents cts pct yen marks francs pounds euros rupees"
    ),
}


def _act_object(toks: list[Tok], k: int, lemma: str) -> bool:
    """Whether the object right after the cue at k is one that makes it an act (above);
    "called for a strike" keeps its particle and stays a call."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None or nxt.quoted or nxt.low in ("for", "on", "to", "that", ":"):
        return False
    words = _ACT_OBJECTS[lemma]
    return any(t.low in words or (lemma == "offer" and t.word[:1].isdigit())
               for t in toks[k + 1 : k + 6] if not t.quoted)


_POSTED = word_set(
    "facebook twitter instagram online blog website web video photo picture image message "
    "tweet statement letter comment comments note update notice"
)


def _posted_words(toks: list[Tok], k: int) -> bool:
    """Whether "post" at k posts words ("posted on Facebook", "posted a video saying ...",
    'posted: "..."') rather than results ("posted a record loss", "posted profits")."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is not None and (nxt.quoted or nxt.low in ("on", "that", ":")):
        return True
    return any(t.low in _POSTED for t in toks[k + 1 : k + 9])


def _went_on_to_act(toks: list[Tok], j: int) -> bool:
    """After "went on": "to" and a verb that is no cue ("went on to win")."""
    return (
        j + 1 < len(toks)
        and toks[j].low == "to"
        and CUE_FORMS.get(toks[j + 1].low) not in ("say", "add", "tell", "note", "warn")
    )


def cue_or_opening(toks: list[Tok], k: int) -> tuple[int, str] | None:
    """:func:`cue_at`, except that a cue form opening the sentence ("Said Peskov:") counts
    whatever its case and whatever :func:`cue_at` would say of a first token."""
    if k > 0:
        return cue_at(toks, k)
    lemma = CUE_FORMS.get(toks[0].low)
    return (1, lemma) if lemma is not None else None


# Words in -ing that are nouns, not participles or gerunds, at the start of a source phrase.
ING_NOUNS = word_set(
    "thing something nothing anything everything king wing ring spring string sibling "
    "offspring morning evening ceiling ruling briefing hearing meeting building polling "
    "fundraising"
)


def participle(low: str) -> bool:
    """A participle or gerund opening a phrase ("having", "being", "raising"): never a source."""
    if low in ("having", "being", "been"):
        return True
    return len(low) > 4 and low.endswith("ing") and low.isalpha() and low not in ING_NOUNS


def content_end(toks: list[Tok], k: int) -> int:
    """Index one past the last token of content starting at token k (drops final period)."""
    end = len(toks)
    while end > k and toks[end - 1].word in (".", "!", "?") and not toks[end - 1].quoted:
        end -= 1
    return end


CLAUSE_SIGNS = word_set(
    "he she they we i it you will would could can should must might is are was were has have "
    "do does did if whether because"
)


def short_tail(toks: list[Tok], k: int, end: int, after: int = -1) -> bool:
    """Only adverbials follow the cue: "told reporters on Saturday", "in a statement"."""
    rest = [t for t in toks[k:end] if t.start >= after]
    if len(rest) > 10:
        return False
    if any(t.low in CLAUSE_SIGNS and not t.quoted for t in rest):
        return False  # "said if elected he could": a clause, not an adverbial
    return not any(t.low == "that" for t in rest) and not (
        rest and rest[0].low in SUBJECT_STARTERS - {"the", "a", "an", "his", "her", "their"}
    )


def _quoted_title_end(toks: list[Tok], q: int, limit: int) -> int:
    """The end of a short quoted title starting at token q ('"Meet the Press"', '"Fox News
    Sunday"': one to six words, each capitalised or a small function word), else 0."""
    e = q
    while e < limit and toks[e].quoted:
        e += 1
    words = [t.word for t in toks[q:e] if t.word[:1].isalnum()]
    if not 1 <= len(words) <= 6 or e >= limit:
        return 0
    if not all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words):
        return 0
    return e


def gap_word(toks: list[Tok], q: int, j: int) -> bool:
    """Whether token q (in the stretch after the cue at j) is part of an adverbial."""
    t = toks[q]
    if t.quoted:
        return False
    low = t.low
    if low == "that":
        return False
    if low in TEMPORAL and q + 1 < len(toks) and toks[q + 1].low in ("'s", "’s"):
        return False  # "said Thursday's speeches had ...": a possessive starts the content
    if (
        low in PREPOSITIONS
        or low in TEMPORAL
        or low in ADVERBS
        or (low.endswith("ly") and t.word.islower() and len(low) > 4)
    ):
        return True
    if q == j:
        return False  # a determiner, number or name right after the cue starts the content
    prev = toks[q - 1].low
    if (
        low in DETERMINERS
        and prev in TEMPORAL
        and not (q + 1 < len(toks) and toks[q + 1].low in TEMPORAL)
    ):
        return False  # "said Tuesday his actions were lawful" (not "said earlier this week")
    if (
        low in DETERMINERS
        or low in CHANNEL_NOUNS
        or low in ("’s", "'s", ",")
        or t.word[:1].isdigit()
    ):
        return True
    # A name inside an adverbial ("in Iowa", "on Fox News").
    return t.word[:1].isupper() and (
        prev in PREPOSITIONS or prev in DETERMINERS or toks[q - 1].word[:1].isupper()
    )


def complement(
    toks: list[Tok], k: int, n: int, lemma: str, limit: int, object_ok: bool = True
) -> tuple[int, bool] | None:
    """(first content token, whether it is a noun-phrase object) for the cue at k, or None."""
    start = complement_start(toks, k, n, lemma, limit, object_ok)
    if start is None:
        return None
    return (-1 - start, True) if start < 0 else (start, False)


def complement_start(
    toks: list[Tok], k: int, n: int, lemma: str, limit: int, object_ok: bool = True
) -> int | None:
    """Index of the first content token after the cue at k (n tokens), or None.

    "said (in a statement on Monday) that X" -> X; "said: X" -> X; "told reporters X" -> X;
    "said X" and "said on Monday X" for clause cues when X looks like a clause start.
    """
    j = k + n
    addressee = False
    if j >= limit:
        return None
    if toks[j].word == ":":
        return j + 1
    if lemma in ("tell", "ask", "assure", "inform", "remind"):
        # Skip the addressee: "told reporters", "told the AP", "told CNN's Jake Tapper".
        a = j
        while (
            a < limit
            and a < j + 7
            and not toks[a].quoted
            and (
                (toks[a].low in REPORTER_OBJECTS and toks[a].low not in DETERMINERS)
                or (toks[a].low in DETERMINERS and a == j)
                or toks[a].word[:1].isupper()
                or toks[a].low in ("’s", "'s", "press")
                # "told BBC Radio 4's Today programme"
                or (a > j and toks[a].word.isdigit() and toks[a - 1].word[:1].isupper())
                or (a > j and toks[a].low in _OUTLET_NOUNS and toks[a - 1].word[:1].isupper())
            )
        ):
            a += 1
            if a == j + 1 and toks[j].low in DETERMINERS and a < limit and toks[a].word.islower():
                a += 1  # "told the paper", "told a rally"
        if a > j:
            if a < limit and toks[a].low == "that":
                return _after_that(toks, a, limit)
            if (
                lemma == "ask"
                and a < limit
                and toks[a].low in ("whether", "if", "why", "how", "what", "to")
            ):
                return a
            j = a
            addressee = True
            if j >= limit:
                return None
            if toks[j].word == ":":
                return j + 1 if j + 1 < limit else None  # "told the BBC: ..."
    q = j
    while q < limit and q < j + 14:
        if gap_word(toks, q, j):
            q += 1
        elif q > j and (end := _quoted_title_end(toks, q, limit)):
            q = end  # 'said on NBC's "Meet the Press" on Sunday that': a programme's name
        else:
            break
    if q > j and toks[j].low in PREPOSITIONS:
        # "said after the convention he would ...": the adverbial's nouns end at a subject
        # pronoun, which no noun phrase continues into.
        for r in range(q, min(limit, q + 6)):
            if toks[r].quoted or not WORDLIKE.match(toks[r].word) or toks[r].low == "that":
                break
            if r > q and toks[r].low in _NOMINATIVES:
                q = r
                break
    if q < limit and toks[q].low == "that" and not toks[q].quoted:
        return _after_that(toks, q, limit)
    if q > j or (addressee and q < limit and toks[q].low in ("and", "of", "&")):
        # An adverbial opens the stretch: "that" may still follow a longer one ("pointed out in
        # a phone conversation with X on Saturday that"), or a longer addressee ("told The Post
        # and Courier newspaper of Charleston on Saturday that").
        for r in range(q, min(limit, j + 16)):
            if toks[r].word == ":" and not toks[r].quoted and r + 1 < limit and toks[r + 1].quoted:
                return r + 1  # 'said after the speech on Sunday: "..."'
            if toks[r].quoted or toks[r].word in (".", ";", ":") or cue_at(toks, r) is not None:
                break
            if toks[r].low == "that":
                return _after_that(toks, r, limit)
    if (
        lemma in OBJECT_CUES
        and (q == j or toks[j].low in PARTICLES)
        and not passive(toks, k)
        and object_ok
        and not (lemma == "speak" and toks[j].low not in ("about", "of", "against", "out"))
        and not _topic_adjunct(toks, k, lemma)
    ):
        start = object_start(toks, j, limit)
        if start is not None:
            return -1 - start  # marks a noun-phrase complement (see complement)
    if lemma not in CLAUSE_CUES or q >= limit:
        return None
    if q > j:
        if toks[q - 1].word == "," or toks[q].word == ",":
            return None
        if not (
            toks[q].low in SUBJECT_STARTERS
            and toks[q].low not in ("this", "that", "no", "some", "all", "any")
        ):
            return None
    start = q
    w = toks[start]
    if w.quoted:
        return start
    if lemma == "add" and (
        w.word[:1].isdigit() or not (w.low in SUBJECT_STARTERS or w.word[:1].isupper())
    ):
        return None  # "the nation has added 178,000 jobs": adding, not saying
    if (
        participle(w.low)
        and not w.quoted
        and w.low not in ING_NOUNS
        and not any(t.low in CLAUSE_SIGNS for t in toks[start + 1 : limit])
    ):
        # "Roe said summing up the talks": what she was doing, not what she said ("said
        # cutting taxes would help" has its verb and stays)
        return None
    if not WORDLIKE.match(w.word):
        return None
    if w.low == "no" and _no_clause(toks, start, limit):
        return start  # "said no decision had been made" (not "said no to the plan")
    if w.low in NON_START or (
        w.low in PREPOSITIONS and w.low not in ("after", "before", "since", "despite")
    ):
        return None
    if lemma in ("believe", "think", "show", "find") and not (
        w.low in SUBJECT_STARTERS or w.word[:1].isupper()
    ):
        return None
    return start


_NOMINATIVES = word_set("he she they we i")
_AUXILIARIES = word_set(
    "is are was were has have had will would can could did does do been be may might should must"
)


def _no_clause(toks: list[Tok], start: int, limit: int) -> bool:
    """Whether "no" at start opens a clause: a noun phrase and an auxiliary soon after ("no
    immediate decision had been made", "no one was hurt")."""
    return (
        start + 2 < limit
        and WORDLIKE.match(toks[start + 1].word) is not None
        and toks[start + 1].low not in ("to", "and", "or", "but")
        and any(t.low in _AUXILIARIES for t in toks[start + 2 : min(limit, start + 7)])
    )


def _topic_adjunct(toks: list[Tok], k: int, lemma: str) -> bool:
    """'..., Roe noted, talking about the results of the year': after a comma, a participle
    of talking names the topic of what was just quoted, not something said."""
    return (
        lemma in ("talk", "speak", "comment", "refer")
        and toks[k].low.endswith("ing")
        and k > 0
        and toks[k - 1].word == ","
    )


def _after_that(toks: list[Tok], q: int, limit: int) -> int | None:
    """The content after "that" at q; when "that" is the object itself ("denied that,
    saying ...", "said that."), that word as a noun-phrase object (see complement)."""
    if q + 1 >= limit or toks[q + 1].word in (",", ".", ";", ":", "?", "!"):
        return -1 - q
    return q + 1


BE = word_set("is are was were be been being am 's ’s get gets got getting")
PARTICLES = word_set("about for of on against to")


def passive(toks: list[Tok], k: int) -> bool:
    """Whether the cue at k is a passive participle ("was criticized", "been asked")."""
    j = k - 1
    while j >= 0 and toks[j].low in ("also", "not", "n't", "repeatedly", "widely", "often"):
        j -= 1
    return j >= 0 and toks[j].low in BE and not toks[k].low.endswith("ing")


def object_start(toks: list[Tok], j: int, limit: int) -> int | None:
    """Start of a noun-phrase complement at j ("wants [a wall]", "called for [a ban]")."""
    w = toks[j]
    if w.quoted:
        return j
    if w.low in PARTICLES and j + 1 < limit:
        j += 1
        w = toks[j]
        if w.quoted:
            return j
    if not WORDLIKE.match(w.word) or w.low in ("by", "as", "and", "or", "but", "so", "than"):
        return None
    if w.low in PREPOSITIONS and w.low not in ("about", "for", "to"):
        return None
    return j
