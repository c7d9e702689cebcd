"""Word lists the rule-based annotators share, declared as data.

Limits: English news only; the lists are curated for wire copy (TASS, Reuters, BBC, US
political news) and are deliberately small, so unusual titles or reporting verbs are missed.
"""

from __future__ import annotations

# Head nouns of roles and descriptions that stand for a person ("Kremlin aide", "the US president").
ROLE_NOUNS = frozenset(
    """
    president vice-president leader aide aides spokesman spokeswoman spokesperson minister
    secretary chancellor governor senator congressman congresswoman representative ambassador
    envoy official officials chief director chairman chairwoman chair ceo executive head premier
    commander general admiral adviser advisor advisers advisors mayor king queen prince princess
    pope judge justice lawyer attorney analyst analysts economist economists candidate nominee
    deputy speaker diplomat diplomats negotiator prosecutor investigator researcher scientist
    professor expert experts source sources officer officers manager founder owner editor
    correspondent reporter commissioner inspector strategist campaign aide-de-camp monarch
    emperor sheikh emir ayatollah cleric bishop cardinal coach captain striker player chairperson
    president-elect trader traders dealer dealers banker bankers treasurer governor-general
    mp mep msp lawmaker legislator backbencher frontbencher councillor councilor
    """.split()
)

# Titles written before a name that are part of a role ("Prime Minister", "Foreign Minister").
ROLE_MODIFIERS = frozenset(
    """
    prime foreign defence defense finance interior deputy vice chief first press former acting
    senior top general state national security white house kremlin presidential executive
    managing assistant special
    """.split()
)

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady".split())

PRONOUNS_PERSON = frozenset("he she they i we".split())

# Reporting verbs (lemma -> forms). Multi-word cues are matched as token sequences.
CUE_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "note": ("note", "notes", "noted", "noting"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "emphasize": ("emphasize", "emphasizes", "emphasized", "emphasizing", "emphasise",
                  "emphasises", "emphasised", "emphasising"),
    "warn": ("warn", "warns", "warned", "warning"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "point out": ("point out", "points out", "pointed out", "pointing out"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "state": ("state", "states", "stated", "stating"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "believe": ("believe", "believes", "believed"),
    "think": ("think", "thinks", "thought"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "assert": ("assert", "asserts", "asserted", "asserting"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "deny": ("deny", "denies", "denied", "denying"),
    "report": ("report", "reports", "reported", "reporting"),
    "write": ("write", "writes", "wrote", "writing"),
    "ask": ("ask", "asks", "asked", "asking"),
    "reply": ("reply", "replies", "replied", "replying"),
    "respond": ("respond", "responds", "responded", "responding"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "promise": ("promise", "promises", "promised", "promising"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "urge": ("urge", "urges", "urged", "urging"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "remark": ("remark", "remarks", "remarked"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "estimate": ("estimate", "estimates", "estimated"),
    "forecast": ("forecast", "forecasts"),
    "contend": ("contend", "contends", "contended"),
    "maintain": ("maintains", "maintained"),
    "complain": ("complain", "complains", "complained", "complaining"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "indicate": ("indicate", "indicates", "indicated"),
    "reveal": ("reveal", "reveals", "revealed"),
    "mention": ("mention", "mentions", "mentioned", "mentioning"),
    "castigate": ("castigate", "castigates", "castigated"),
    "describe": ("describe", "describes", "described", "describing"),
    "accuse": ("accuse", "accuses", "accused", "accusing"),
    "expect": ("expect", "expects", "expected"),
    "hope": ("hope", "hopes", "hoped", "hoping"),
    "charge": ("charges", "charged"),
    "observe": ("observe", "observes", "observed"),
    "concede": ("concede", "concedes", "conceded"),
    "testify": ("testify", "testifies", "testified"),
    "joke": ("joke", "jokes", "joked"),
    "quip": ("quip", "quips", "quipped"),
    "recount": ("recount", "recounts", "recounted"),
    "reiterate": ("reiterate", "reiterates", "reiterated"),
    "underline": ("underline", "underlines", "underlined"),
    "specify": ("specify", "specifies", "specified"),
    "clarify": ("clarify", "clarifies", "clarified"),
    "show": ("show", "shows", "showed"),
    "call": ("call", "calls", "called", "calling"),
    "label": ("label", "labels", "labeled", "labelled"),
    "dub": ("dub", "dubs", "dubbed"),
    "brand": ("brands", "branded"),
    "find": ("find", "finds", "found"),
    "continue": ("continued",),
    "make clear": ("made clear", "made it clear", "makes clear", "makes it clear"),
    "go on": ("went on",),
    "put it": ("put it", "puts it"),
    # Seen as cues of PolNeAR's training split far more often than not (with "that"): the
    # forms are regular, so only the base is listed and the forms come from _regular_forms.
    **{
        base: ()
        for base in "allege imply caution proclaim assure".split()
    },
    "signal": ("signal", "signals", "signaled", "signalled", "signaling", "signalling"),
    # Manners of speaking ('"Did you shoot him?" she yells'), and what a text says ('"...,"
    # the letter reads').
    **{base: () for base in "yell shout scream exclaim whisper mutter chant comment".split()},
    # A song's words ('"Promise you'll keep your hands in sight," Ann Roe sings'): with a
    # quotation only (weak), never "sang the anthem".
    "sing": ("sing", "sings", "sang", "singing"),
    "read": ("reads", "read"),
    "rule": ("ruled",),  # "rules", "ruling" are nouns far more often
}

# Verbs of attitude and speech acts whose complement may be a noun phrase ("criticized the plan",
# "wants a wall", "called for a ban"): news attribution annotation (PolNeAR) counts their
# objects as attributed content too. Regular forms are generated from the base form.
_OBJECT_BASES = """
criticize criticise praise want support endorse defend oppose attack slam blast blame thank
refuse decline seek propose demand cite reject welcome condemn denounce mock question
dismiss back prefer fear tout highlight favor favour plan pledge express recommend applaud hail
decry lament rebuke dispute ridicule assail chide scold lambaste berate fault champion embrace
advocate promote talk point speak apologize apologise boast brag worry mull weigh threaten vow
promise urge deny acknowledge admit announce confirm predict describe accuse ask recall reiterate
repeat complain warn call insist argue push knock love hate dislike tease list name
conclude echo recognize refer intend seem appear learn
offer order challenge hope post nominate remind encourage compare identify
""".split()
_IRREGULAR = {
    "seek": ("seek", "seeks", "sought", "seeking"),
    "speak": ("speak", "speaks", "spoke", "speaking"),
    "name": ("names", "named"),
    "list": ("lists", "listed", "listing"),
    "question": ("questioned", "questioning", "questions"),
    "back": ("backs", "backed", "backing"),
    "point": ("pointed", "pointing", "points"),
    "talk": ("talk about", "talks about", "talked about", "talking about"),
    "plan": ("plans", "planned", "planning"),
    "prefer": ("prefer", "prefers", "preferred", "preferring"),
    "refer": ("refer to", "refers to", "referred to", "referring to"),
    # "champion", "champions": nouns in sport far more often than the verb
    "champion": ("championed", "championing"),
}


def _regular_forms(base: str) -> tuple[str, ...]:
    """Base, -s, -ed and -ing forms of a regular verb ("criticize" -> "criticized")."""
    if base.endswith("ee"):
        return base, base + "s", base + "d", base + "ing"
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if (base[-1] in "sxhz" and base[-2:] != "gh") or base.endswith(("ch", "sh")):
        return base, base + "es", base + "ed", base + "ing"
    if base in ("plan", "chat", "stop", "ban", "bar"):
        return base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"
    return base, base + "s", base + "ed", base + "ing"


OBJECT_CUES = frozenset(_OBJECT_BASES)
for _base in _OBJECT_BASES:
    if _base not in CUE_VERBS:
        CUE_VERBS[_base] = _IRREGULAR.get(_base) or _regular_forms(_base)
for _base, _forms in CUE_VERBS.items():
    if not _forms:
        CUE_VERBS[_base] = _regular_forms(_base)

# Verbs of speaking: they may end a sentence as its attribution ("..., she warned.").
SPEECH_CUES = frozenset(
    "say tell add note stress emphasize warn explain claim state announce argue insist "
    "acknowledge admit assert confirm deny report write ask reply respond suggest predict "
    "promise vow urge recall remark declare contend complain tweet concede testify joke quip "
    "reiterate caution allege proclaim continue yell shout scream exclaim whisper mutter "
    "chant read comment".split()
)

# Cues that take a quotation only with `that` or a direct quote (never "X called Y").
WEAK_CUES = frozenset(
    "believe think expect hope describe accuse castigate mention estimate forecast "
    "indicate reveal maintain continue find call label dub brand state allege imply signal "
    "caution proclaim assure rule sing".split()
) | (OBJECT_CUES - SPEECH_CUES)

CUE_FORMS: dict[str, str] = {form: lemma for lemma, forms in CUE_VERBS.items() for form in forms}
MULTIWORD_CUES = {tuple(f.split()): lemma for f, lemma in CUE_FORMS.items() if " " in f}

AGENCIES = frozenset("TASS Reuters AP AFP Interfax RIA Xinhua Bloomberg UPI DPA EFE ANSA".split())

MALE_TITLES = frozenset(
    "mr mr. sir lord king prince emperor pope sheikh emir spokesman congressman chairman "
    "businessman father son brother husband uncle".split()
)
FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss dame lady queen princess spokeswoman congresswoman chairwoman "
    "businesswoman mother daughter sister wife aunt".split()
)
MALE_NAMES = frozenset(
    """
    aaron adam alan albert alex alexander alexei andrew andrei anthony antony barack ben
    benjamin bernie bill bob boris brad brian bruce carl charles charlie chris christopher chuck
    dan daniel darrell david dennis dmitry dmitri don donald doug douglas ed edward emmanuel eric
    frank fred gary george gerald greg gregory harry henry howard ian jack jacob james jason jeb
    jeff jeffrey jerry jim jimmy joe joel john jon jonathan jorge jose joseph josh juan justin
    keith ken kevin larry lee lindsey marco mark martin matt matthew michael mike mitch mitt
    mohammed muhammad nathan newt nick nicholas nigel olaf paul pete peter phil ralph ray reince
    richard rick rob robert roger ron ronald rudy rush russell ryan sam samuel scott sean sergei
    sergey stephen steve steven ted terry thomas tim timothy todd tom tony vladimir walter william
    xi yuri
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    alice amanda amy angela ann anna anne barbara betsy betty carly carol caroline catherine
    cathy chelsea christine claire debbie deborah diane donna dorothy elizabeth ellen emily
    emma hillary heather helen huma ivanka jane janet jennifer jessica jill joan joni julia julie
    karen kate katherine kathleen kathy kellyanne kelly kristen laura linda lisa loretta lynn
    maria marie marine martha mary megyn melania michelle nancy nicola nikki patricia pam pamela
    rachel rebecca sarah sharon sheila stephanie susan susana tammy teresa theresa tulsi
    valerie victoria virginia wendy
    """.split()
)

# Heads of descriptions that name people: a speaker described, not named ("analysts",
# "a source in the diplomatic service", "the lawmaker"). With ORG_NOUNS, the test of whether a
# source phrase can speak at all ("last week", "the proposal" cannot).
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    """
    lawmaker lawmakers legislator legislators mp mps parliamentarian parliamentarians deputies
    senators congressmen representatives spokesmen spokeswomen spokespeople spokespersons
    ministers secretaries governors presidents leaders directors chairmen executives ceos chiefs
    heads managers owners founders editors reporters correspondents observers witnesses
    residents people person man woman men women citizens voters investors shareholders
    stockholders brokers broker specialists insiders critics supporters opponents activists
    protesters workers employees staff members member consumers buyers sellers importers
    exporters diplomats negotiators delegate delegates participants organizers organisers
    author authors scientists researchers doctors physicians lawyers attorneys prosecutors
    judges soldiers troops victims survivors relatives colleagues consultants planners
    strategists forecasters forecaster ambassadors envoys aides advisers advisors sources
    official officials spokesperson chairperson observer mediator mediators monitors
    advocate advocates surrogate surrogates individual individuals critic allies ally backers
    donors donor fans parents students teachers americans republicans democrats conservatives
    liberals progressives candidates nominees residents neighbors neighbours patients families
    scholars historians pollsters campaigners insurgents rebels militants
    one another others some many most several few both all
    """.split()
)

# Heads of descriptions that name organisations ("the company", "the ministry").
ORG_NOUNS = frozenset(
    """
    company companies firm firms group groups corporation corp concern conglomerate bank banks
    lender lenders ministry ministries department departments agency agencies institute
    institution institutions organization organisation organizations organisations government
    governments administration commission committee council union unions association
    federation board authority authorities office service exchange fund party parliament
    congress senate court police army military cabinet embassy consulate regulator regulators
    watchdog utility carrier airline refinery refiner producer producers maker makers
    manufacturer manufacturers retailer insurer brokerage bureau unit subsidiary division
    cartel chamber club team newspaper daily network station coalition alliance opposition
    secretariat mission delegation leadership operator supplier suppliers exporter importer
    trust partnership paper journal magazine weekly newsletter broadcaster outlet outlets
    publication publications newspapers networks broadcasters
    """.split()
)

# Nouns of a document or statement standing for whoever issued it ("the ministry's
# statement said"): the issuer is the speaker, never the document.
DOCUMENT_NOUNS = frozenset(
    """
    statement statements report reports release communique communiqué letter announcement
    study survey poll data figures document note memo notice draft bulletin decree
    resolution proposal proposals plan forecast forecasts estimate estimates review
    """.split()
)
# Documents of findings ("a new survey shows ..."): a source of their own when no issuer is
# named (PolNeAR and news practice attribute to them); the other documents never are.
FINDINGS_NOUNS = frozenset(
    "study survey poll report reports data figures forecast forecasts estimate estimates "
    "review census index analysis".split()
)

# Role classes: a description's head and a person's title match when they share a class
# ("the diplomat" and "Ambassador"; "the head of state" and "President").
ROLE_CLASSES: dict[str, frozenset[str]] = {
    "diplomat": frozenset(
        "diplomat ambassador envoy consul emissary foreign-minister secretary-of-state "
        "minister-of-foreign-affairs top-diplomat".split()
    ),
    "leader": frozenset(
        "leader president king queen monarch emir sultan head-of-state chancellor "
        "prime-minister premier ruler president-elect".split()
    ),
    "head-of-state": frozenset("president king queen monarch emir sultan head-of-state".split()),
    "head-of-government": frozenset(
        "prime-minister premier chancellor head-of-government".split()
    ),
    "lawmaker": frozenset(
        "lawmaker legislator deputy senator congressman congresswoman mp parliamentarian duma "
        "member-of-parliament assemblyman assemblywoman representative".split()
    ),
    "spokesman": frozenset("spokesman spokeswoman spokesperson press-secretary".split()),
    "executive": frozenset(
        "executive chief-executive ceo chairman chairwoman chairperson director managing-director "
        "chief".split()
    ),
    # A foreign minister is a minister too ("the Russian minister" for Lavrov).
    "minister": frozenset(
        "minister secretary foreign-minister minister-of-foreign-affairs".split()
    ),
}

# Organisation classes: a description's head and an organisation's name or type words.
ORG_CLASSES: dict[str, frozenset[str]] = {
    "government": frozenset(
        "ministry department agency office service authority authorities commission bureau "
        "administration government cabinet secretariat directorate inspectorate".split()
    ),
    "company": frozenset(
        "company firm group corporation corp concern conglomerate maker producer carrier "
        "airline utility retailer insurer refinery refiner manufacturer operator supplier "
        "inc co ltd plc ag sa nv spa gmbh industries holdings motors airlines oil petroleum "
        "bank lender brokerage exporter importer trust partnership".split()
    ),
    "bank": frozenset("bank lender bancorp banque reserve bundesbank fed".split()),
    "organization": frozenset(
        "organization organisation body association union federation alliance cartel "
        "institute institution council committee opec league forum chamber coalition".split()
    ),
    "media": frozenset(
        "newspaper paper daily journal magazine weekly newsletter broadcaster agency news "
        "times post herald tribune shimbun gazette radio television tv".split()
    ),
}

# Endings of nouns of agents ("farmers", "underwriters", "seismologists") that may head a
# description of a speaker although no list names them; NON_AGENT_NOUNS are the exceptions.
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "eur", "man", "men", "woman", "women", "ee",
                  "crat", "ive", "ent")
NON_AGENT_NOUNS = frozenset(
    """
    paper letter number order quarter dollar water power border chapter cover corner manner
    tender offer transfer matter filter barrel sector factor floor door error indicator
    motor rumor rumour favor favour color colour labor labour tenor mirror horror honor honour
    percent cent segment agreement statement government department investment development
    payment settlement announcement document comment moment element amendment parliament
    event extent content incident accident tournament equipment environment management
    treatment argument instrument arrangement commitment requirement adjustment shipment
    element objective initiative incentive alternative directive perspective
    guarantee committee fee turnover ever number river
    """.split()
)
