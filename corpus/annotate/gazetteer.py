"""Name lists for the entity annotator, written from general knowledge of news copy.

Everything here is data: countries and large places, international bodies, the shapes of sports
club and company names, demonyms, and the words that head events and competitions (which are
not persons, places or organisations). Lookups are case-insensitive through the ``*_LOWER``
sets, so capitals in headlines and results tables match too.

Limits: English only; well-known names only (the lists are a floor under the statistical
model, not a replacement for it); a place that is also a club (Milan, Nice) is a place here,
and only the sports rules in ``entities`` turn it into an organisation.
"""

from __future__ import annotations

# Place names spaCy's small model often misses or mislabels in capitals and sports copy.
GAZETTEER_PLACES = frozenset(
    """
    Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain
    Bangladesh Belarus Belgium Bolivia Bosnia Brazil Britain Bulgaria Cambodia Cameroon Canada
    Chile China Colombia Croatia Cuba Cyprus Czechoslovakia Denmark Ecuador Egypt England Estonia
    Ethiopia Europe Finland France Georgia Germany Ghana Greece Hungary Iceland India Indonesia
    Iran Iraq Ireland Israel Italy Japan Jordan Kazakhstan Kenya Kiev Kyiv Kosovo Kuwait Latvia
    Lebanon Libya Lithuania Luxembourg Malaysia Mexico Moldova Morocco Netherlands Nigeria Norway
    Pakistan Panama Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Scotland Serbia
    Singapore Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan
    Thailand Tunisia Turkey Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales
    Yemen Yugoslavia Zaire Zambia Zimbabwe Africa Asia America Moscow Washington London Paris
    Berlin Bonn Tokyo Beijing Brussels Geneva Rome Madrid Vienna Warsaw Prague Budapest Athens
    Ankara Tehran Baghdad Cairo Jerusalem Damascus Beirut Kabul Islamabad Delhi Seoul Manila
    Jakarta Sydney Ottawa Toronto Chicago Boston Houston Frankfurt Zurich Stockholm Oslo Helsinki
    Copenhagen Amsterdam Dublin Lisbon Minsk Tbilisi Baku Yerevan Sarajevo Belgrade Zagreb
    Bucharest Sofia Riga Vilnius Tallinn Havana Lima Bogota Caracas Santiago Nairobi Johannesburg
    Lagos Hong Kong Shanghai Singapore Bangkok Hanoi Taipei Mumbai Karachi Riyadh Dubai Doha
    Crimea Donbass Donbas Donetsk Lugansk Luhansk Kharkov Kharkiv Odessa Sevastopol Kaliningrad
    """.split()
) | frozenset(
    ["United States", "United Kingdom", "Soviet Union", "South Africa", "South Korea",
     "North Korea", "New Zealand", "Saudi Arabia", "New York", "Los Angeles", "San Francisco",
     "Hong Kong", "Sri Lanka", "Czech Republic", "St Petersburg", "St. Petersburg",
     "Latin America", "Middle East", "West Bank", "Gaza Strip", "European Union"]
)

GAZETTEER_ORGS = frozenset(
    """
    NATO OPEC OSCE UN UNESCO UNICEF IMF WTO WHO EU Kremlin Pentagon Congress Senate Duma FBI CIA
    KGB FSB Gazprom Rosneft Interpol Fed Nasdaq Hamas Hezbollah Taliban
    """.split()
) | frozenset(["White House", "State Department", "European Commission", "Federal Reserve",
               "Security Council", "United Nations", "World Bank", "Supreme Court"])

# Canonical ids for frequent aliases, so "US", "U.S." and "United States" are one entity.
ALIASES = {
    "us": "united-states", "u.s.": "united-states", "u.s": "united-states", "usa": "united-states",
    "u.s.a.": "united-states", "america": "united-states", "united states": "united-states",
    "the united states": "united-states", "uk": "united-kingdom", "u.k.": "united-kingdom",
    "britain": "united-kingdom", "great britain": "united-kingdom",
    "united kingdom": "united-kingdom", "kyiv": "kiev", "ussr": "soviet-union",
    "u.s.s.r.": "soviet-union", "un": "united-nations", "u.n.": "united-nations",
    "united nations": "united-nations", "eu": "european-union", "european union": "european-union",
}

# Grammatical gender of a person, for "he"/"she": honorifics, gendered role nouns and a small
# list of frequent first names in English-language news (deliberately short; unknown names are
# compatible with either pronoun).


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


def _lines(s: str) -> frozenset[str]:
    return frozenset(x.strip() for x in s.strip().splitlines() if x.strip())


# Sovereign states and a few territories. In news copy (and CoNLL) a country is a place even
# when it names a national team ("Ireland beat Liechtenstein").
COUNTRIES = _words(
    """
    Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
    Botswana Brazil Britain Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China
    Colombia Comoros Congo Croatia Cuba Cyprus Czechoslovakia Denmark Djibouti Dominica Ecuador
    Egypt England Eritrea Estonia Ethiopia Fiji Finland France Gabon Gambia Georgia Germany
    Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia
    Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait
    Kyrgyzstan Kirghizia Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania
    Luxembourg Macedonia Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius
    Mexico Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nepal
    Netherlands Holland Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama Paraguay
    Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Scotland Senegal Serbia
    Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Swaziland Sweden
    Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey
    Turkmenistan Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Wales Yemen
    Yugoslavia Zaire Zambia Zimbabwe USA U.S. US UK U.K. Ulster Chechnya Tibet Kurdistan
    Greenland Bermuda Gibraltar Macau Macao Trinidad Tobago
    """
) | _lines(
    """
    United States
    United States of America
    United Kingdom
    Great Britain
    Northern Ireland
    Soviet Union
    South Africa
    South Korea
    North Korea
    New Zealand
    Saudi Arabia
    Sri Lanka
    Czech Republic
    Dominican Republic
    Central African Republic
    Ivory Coast
    Costa Rica
    El Salvador
    Puerto Rico
    Papua New Guinea
    Sierra Leone
    Burkina Faso
    Cape Verde
    Equatorial Guinea
    Bosnia-Herzegovina
    Bosnia and Herzegovina
    Trinidad and Tobago
    Antigua
    Faroe Islands
    United Arab Emirates
    Hong Kong
    West Indies
    """
)

# Continents, regions, seas and other places that are never teams.
REGIONS = _words(
    """
    Africa Asia America Europe Antarctica Arctic Oceania Scandinavia Balkans Caucasus Baltics
    Siberia Crimea Kashmir Punjab Bavaria Catalonia Flanders Wallonia Quebec Ontario Alberta
    Gaza Sinai Golan Mindanao Sumatra Java Borneo Tasmania Sicily Sardinia Corsica
    """
) | _lines(
    """
    Middle East
    Far East
    Latin America
    South America
    North America
    Central America
    West Bank
    Gaza Strip
    Persian Gulf
    Mediterranean
    Atlantic
    Pacific
    Indian Ocean
    Black Sea
    Baltic Sea
    Caspian Sea
    South China Sea
    Horn of Africa
    Western Sahara
    """
)

# Large cities frequent in international news (capitals and financial centres).
CITIES = _words(
    """
    Moscow Washington London Paris Berlin Bonn Tokyo Beijing Brussels Geneva Rome Madrid Vienna
    Warsaw Prague Budapest Athens Ankara Istanbul Tehran Baghdad Cairo Jerusalem Damascus Beirut
    Amman Kabul Islamabad Delhi Seoul Manila Jakarta Sydney Melbourne Ottawa Toronto Montreal
    Chicago Boston Houston Frankfurt Zurich Stockholm Oslo Helsinki Copenhagen Amsterdam Dublin
    Lisbon Minsk Kiev Kyiv Tbilisi Baku Yerevan Sarajevo Belgrade Zagreb Ljubljana Bratislava
    Bucharest Sofia Riga Vilnius Tallinn Havana Lima Bogota Caracas Santiago Nairobi Johannesburg
    Pretoria Lagos Abuja Kinshasa Kigali Khartoum Algiers Tunis Rabat Tripoli Dakar Harare
    Lusaka Addis Ababa Mogadishu Shanghai Bangkok Hanoi Taipei Mumbai Bombay Calcutta Karachi
    Lahore Dhaka Colombo Kathmandu Riyadh Dubai Doha Muscat Kuwait Tashkent Almaty Dushanbe
    Bishkek Ashgabat Grozny Donetsk Luhansk Lugansk Kharkov Kharkiv Odessa Sevastopol Kaliningrad
    Brasilia Montevideo Asuncion Quito Canberra Wellington Auckland Singapore Milan Munich
    Hamburg Cologne Barcelona Seville Naples Turin Lyon Marseille Strasbourg Antwerp Rotterdam
    Edinburgh Glasgow Belfast Cardiff Manchester Liverpool Birmingham Leeds Detroit Atlanta
    Dallas Miami Seattle Denver Phoenix Philadelphia Pittsburgh Baltimore Cleveland Cincinnati
    Milwaukee Minneapolis Vancouver Calgary Osaka Kobe Yokohama Guangzhou Shenzhen Jakarta
    Gdansk Krakow Kosice Podgorica Skopje Tirana Nicosia Valletta Reykjavik
    """
) | _lines(
    """
    New York
    Los Angeles
    San Francisco
    Washington D.C.
    St Petersburg
    St. Petersburg
    Kuala Lumpur
    Rio de Janeiro
    Sao Paulo
    Buenos Aires
    Mexico City
    Tel Aviv
    New Delhi
    Cape Town
    Abu Dhabi
    Hong Kong
    Kansas City
    San Diego
    Las Vegas
    New Orleans
    Salt Lake City
    """
)

PLACES = COUNTRIES | REGIONS | CITIES | GAZETTEER_PLACES
PLACES_LOWER = frozenset(p.lower() for p in PLACES)
COUNTRIES_LOWER = frozenset(p.lower() for p in COUNTRIES | REGIONS | {"Europe", "Africa"})

# International bodies, agencies, exchanges, parties and institutions (not events).
ORGS = GAZETTEER_ORGS | _words(
    """
    NATO OPEC OSCE UN UNESCO UNICEF UNHCR UNCTAD IMF WTO GATT WHO EU ECB ASEAN APEC OECD OAU
    Interpol Reuters AFP Xinhua Itar-Tass Interfax Nasdaq NYSE Bundesbank Bundestag Knesset
    Parliament Kremlin Pentagon Congress Senate Duma FBI CIA KGB FSB NASA PLO IRA ANC PKK PUK
    KDP FIFA UEFA IOC ICC NBA NFL NHL Hamas Hezbollah Taliban Fatah Likud Labour Gazprom
    Rosneft Lukoil Aeroflot Boeing Airbus Microsoft IBM Intel Apple Siemens Volkswagen Toyota
    Honda Nissan Sony Fiat Renault Peugeot Philips Nokia Ericsson Unilever Nestle Shell BP
    Exxon Chevron Texaco Mobil Citibank Citicorp HSBC Barclays Lloyds NatWest Deutsche
    Commerzbank Daimler Benz BMW Ford Chrysler
    """
) | _lines(
    """
    United Nations
    European Union
    European Commission
    European Parliament
    Council of Europe
    Security Council
    General Assembly
    World Bank
    Red Cross
    International Red Cross
    Amnesty International
    Human Rights Watch
    Arab League
    White House
    State Department
    Foreign Ministry
    Defence Ministry
    Defense Department
    Justice Department
    Federal Reserve
    Bank of England
    Bank of Japan
    Supreme Court
    Constitutional Court
    High Court
    House of Commons
    House of Lords
    House of Representatives
    New York Stock Exchange
    Stock Exchange
    Dow Jones
    Associated Press
    Wall Street Journal
    New York Times
    Financial Times
    Washington Post
    Labour Party
    Conservative Party
    Democratic Party
    Republican Party
    Communist Party
    General Motors
    Deutsche Bank
    """
)
ORGS_LOWER = frozenset(o.lower() for o in ORGS)

# Words that make a capitalised phrase a company or institution.
ORG_HEADS = _words(
    """
    Inc Inc. Corp Corp. Co Co. Ltd Ltd. Plc PLC plc Cos Group Holdings Bank Bancorp Airlines
    Airways Motors Industries Corporation Company Association Federation Union Council Party
    Ministry Agency Institute University College Committee Commission Organisation
    Organization Fund Foundation Exchange Securities Capital Partners Trust Petroleum Oil
    Energy Resources Systems Technologies Communications Telecom Insurance Assurance Pharma
    Pharmaceuticals Electric Steel Chemical Chemicals Mining Investments Services Brothers
    Bros Bros. AG SA NV GmbH SpA AB ASA Oyj BV Court Army Police Front Movement Parliament
    Assembly Council Times Post Journal Herald Tribune News Press Telegraph Gazette Television
    Radio Club Clubs
    """
)

# Second words that make "Place Word" a sports club ("Derby County", "Aston Villa" aside).
CLUB_WORDS = _words(
    """
    United City Town County Rovers Wanderers Athletic Athletico Albion Rangers Thistle Hotspur
    Argyle Alexandra Orient Villa Wednesday Forest Palace Vale Stanley Academical Celtic
    Dynamo Dinamo Spartak Lokomotiv Torpedo Sporting Olympique Racing Real Atletico Inter FC
    AC AFC SC SV VfB VfL Borussia Eintracht Fortuna Werder Bayern Hertha Hansa Schalke
    Standard Sparta Slavia Ajax PSV Feyenoord Galatasaray Fenerbahce Besiktas Benfica Porto
    Juventus Lazio Roma Sampdoria Fiorentina Parma Udinese Reggiana Cagliari Perugia Piacenza
    Steaua Rapid Partizan Hajduk Legia Widzew Ferencvaros Anderlecht Brugge Cercle Glentoran
    Linfield Harlequins Saracens Wasps Bath Gloucester Orrell Quins Tigers Sharks Warriors
    Yankees Orioles Indians Tigers Royals Twins Mariners Athletics Angels Rangers Braves Mets
    Phillies Expos Marlins Astros Cardinals Reds Pirates Cubs Brewers Dodgers Padres Giants
    Rockies Jays Sox
    """
)
CLUB_WORDS_LOWER = frozenset(w.lower() for w in CLUB_WORDS)

# The eighteen first-class English cricket counties: clubs in sports copy, places elsewhere.
CRICKET_COUNTIES = _words(
    """
    Derbyshire Durham Essex Glamorgan Gloucestershire Hampshire Kent Lancashire Leicestershire
    Middlesex Northamptonshire Nottinghamshire Somerset Surrey Sussex Warwickshire
    Worcestershire Yorkshire
    """
)
CRICKET_COUNTIES_LOWER = frozenset(w.lower() for w in CRICKET_COUNTIES)

# First words of Reuters-style sports headlines ("CRICKET - ...", "SOCCER - ...").
SPORTS = _words(
    """
    SOCCER FOOTBALL CRICKET BASEBALL BASKETBALL TENNIS GOLF RUGBY ATHLETICS CYCLING BOXING
    SQUASH HOCKEY SWIMMING SKIING ROWING SAILING YACHTING MOTORCYCLING MOTOR RACING HORSE
    BADMINTON VOLLEYBALL HANDBALL JUDO WRESTLING FORMULA NBA NFL NHL NASCAR OLYMPICS CHESS
    SNOOKER DARTS BOBSLEIGH TRIATHLON GYMNASTICS FENCING ALPINE EQUESTRIANISM POLO
    """
)

# Words found almost only in sports copy (four of them make a document a sports page).
SPORTS_WORDS = _words(
    """
    innings wickets wicket batsman bowler halftime half-time striker strikers midfielder
    goalkeeper homered homers inning pitcher pitchers standings semifinal semi-final
    quarter-final quarterfinal qualifier qualifiers scorers penalty-kick hat-trick
    """
)

# Nationality and group names (CoNLL MISC, not a person, place or organisation).
DEMONYMS = _words(
    """
    American Americans British Briton Britons English Englishman Scottish Scot Scots Welsh
    Irish French Frenchman German Germans Italian Italians Spanish Spaniard Spaniards
    Portuguese Dutch Belgian Belgians Swiss Austrian Austrians Swedish Swede Swedes Norwegian
    Norwegians Danish Dane Danes Finnish Finn Finns Icelandic Polish Pole Poles Czech Czechs
    Slovak Slovaks Hungarian Hungarians Romanian Romanians Bulgarian Bulgarians Greek Greeks
    Turkish Turk Turks Russian Russians Ukrainian Ukrainians Belarussian Georgian Georgians
    Armenian Armenians Azeri Azeris Chechen Chechens Tajik Tajiks Uzbek Uzbeks Kazakh Kazakhs
    Serb Serbs Serbian Croat Croats Croatian Bosnian Bosnians Moslem Moslems Muslim Muslims
    Slovenian Albanian Albanians Macedonian Israeli Israelis Palestinian Palestinians Arab
    Arabs Jewish Jew Jews Iranian Iranians Iraqi Iraqis Kurd Kurds Kurdish Syrian Syrians
    Lebanese Jordanian Egyptian Egyptians Libyan Algerian Moroccan Tunisian Saudi Saudis
    Kuwaiti Yemeni Afghan Afghans Pakistani Pakistanis Indian Lankan Lankans Bangladeshi
    Chinese Japanese Korean Koreans Taiwanese Vietnamese Thai Malaysian Indonesian Filipino
    Australian Australians Zealander Canadian Canadians Mexican Mexicans Cuban Cubans
    Brazilian Brazilians Argentine Argentinian Chilean Colombian Peruvian Venezuelan Uruguayan
    African Africans Nigerian Kenyan Ethiopian Somali Sudanese Rwandan Burundian Zairean
    Angolan Zimbabwean Ghanaian Senegalese Hutu Hutus Tutsi Tutsis European Europeans Asian
    Asians Latin Western Westerners Eastern Northern Southern Olympic Catholic Catholics
    Protestant Protestants Christian Christians Buddhist Hindu Hindus Sikh Sikhs Shi'ite
    Shiite Sunni Islamic Republican Republicans Democrat Democrats Socialist Socialists
    Communist Communists Conservative Conservatives Nazi Nazis Soviet
    """
)
DEMONYMS_LOWER = frozenset(w.lower() for w in DEMONYMS)

# Last words of event and competition names ("UEFA Cup", "PGA Tour", "Hong Kong Open").
EVENT_HEADS = _words(
    """
    Cup Cups Open Opens Tour Championship Championships Games Olympics Olympiad Series Prix
    Trophy Slam Classic Masters Invitational Marathon Rally Grand Derby Stakes Plate Handicap
    Festival Awards Award Prize Regatta Shield Bowl Tournament Challenge Week Day War Act
    Treaty Accord Accords Agreement Index Average
    """
)
EVENT_HEADS_LOWER = frozenset(w.lower() for w in EVENT_HEADS)

# Capitalised words of tables and headlines that are never names by themselves.
NOT_NAMES = _words(
    """
    Extras Total Totals Avg Pct GB Women Men Men's Women's Scorers Attendance Halftime
    Result Results Standings Schedule Summary Scoreboard Fall Bowling Batting Innings Overs
    Note Notes Source Sources Table Division Group Round Pool Section Leading Latest Previous
    Actual Forecast Consensus Range Close Open High Low Last Change Net Total Vol Volume GMT
    EST EDT BST CET RBI ERA Mins Min Pts Att
    """
)
NOT_NAMES_LOWER = frozenset(w.lower() for w in NOT_NAMES)
