"""What the demo board looks like: two schools, their class groups, people and pages.

Plain data only, so a reader sees the whole demo at a glance and the builder
stays free of names and texts. Everything here is made up; the addresses sit
in the fictional town of Voorbeeldstad on purpose.

Texts are Dutch because Dutch is the portal's default language and these are
the pages a Dutch school would publish.
"""

from dataclasses import dataclass, field

PASSWORD = "Welkom-op-school-1"


@dataclass(frozen=True)
class Info:
    slug: str
    title: str
    body: str


@dataclass(frozen=True)
class Event:
    """A post's invitation; the date is counted from the day the demo is seeded."""

    days_ahead: int  # moved on to a weekday when it falls in a weekend
    start: str  # "14:00"
    end: str
    place: str
    answers: bool = False  # parents answer yes, no or maybe


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    author: str  # e-mail address of the staff member who wrote it
    body: str
    days_ago: int = 1  # published this many days before the seed ran
    photos: tuple = ()  # (title, scene of demo.pictures)
    caption: str = ""
    event: Event | None = None
    # Submitted for the director's approval and not published (a school
    # with approval on): the director finds it on the admin dashboard.
    waiting: bool = False


@dataclass(frozen=True)
class Group:
    slug: str
    title: str
    year_levels: str
    intro: str
    teachers: tuple  # e-mail addresses of its teachers, in display order
    pages: tuple = ()
    posts: tuple = ()


@dataclass(frozen=True)
class School:
    slug: str
    title: str
    hostname: str
    port: int
    is_default_site: bool
    intro: str
    address: str
    phone: str
    email: str
    groups: tuple
    pages: tuple = ()
    posts: tuple = ()  # school-wide posts
    # Teachers' posts need a director's approval (news.NewsSettings), set
    # when the school's news settings are first made.
    approval_required: bool = False


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Staff:
    person: Person
    school: str  # school slug
    role: str  # a home.StaffRole role value


@dataclass(frozen=True)
class Family:
    school: str  # school slug
    guardians: tuple  # (Person, Guardianship relation value)
    children: tuple  # (first name, last name, class group slug)


@dataclass(frozen=True)
class Board:
    schools: tuple
    staff: tuple
    families: tuple
    # Accounts the summary lists, in order, with a short description.
    showcase: tuple = field(default=())


# Schools and pages ---------------------------------------------------------

SCHOOLTIJDEN_WINDWIJZER = """
<p>Op De Windwijzer hebben alle groepen hetzelfde rooster, zodat broers en zussen samen kunnen komen en gaan.</p>
<ul>
<li>Maandag, dinsdag en donderdag: 8.30 tot 14.30 uur</li>
<li>Woensdag: 8.30 tot 12.30 uur</li>
<li>Vrijdag: 8.30 tot 12.30 uur voor de jongste kinderen, tot 14.30 uur voor de rest</li>
</ul>
<p>De deur gaat om 8.15 uur open. Zo is er tijd om rustig binnen te komen en de jas op te hangen.</p>
"""

VAKANTIES = """
<p>De vakanties volgen de regio midden. Daarnaast zijn er dit schooljaar vier studiedagen waarop de kinderen vrij zijn.
De data staan ook in de jaarkalender die u in september op papier meekrijgt.</p>
<p>Verlof buiten de vakanties vraagt u minstens zes weken van tevoren aan bij de directeur.</p>
"""

ZIEKMELDEN = """
<p>Is uw kind ziek? Bel dan voor 8.15 uur naar school, of spreek een bericht in.
Geef ook even door als uw kind naar de tandarts of dokter moet.</p>
<p>Wordt uw kind onder schooltijd ziek, dan bellen wij u. Zorg dat uw telefoonnummer bij de administratie klopt.</p>
"""

OVERBLIJVEN = """
<p>Alle kinderen eten tussen de middag met hun eigen leerkracht in de klas.
Geeft u een gezonde lunch en iets te drinken mee? Snoep en frisdrank laten we thuis.</p>
"""


# Posts ------------------------------------------------------------------------
# A few per group, as teachers write them. The photos are drawn by
# demo.pictures; the dates are counted from the day the seed runs.

WINDWIJZER_POSTS = (
    Post(
        "schoolfotograaf",
        "De schoolfotograaf komt langs",
        "directeur@windwijzer.test",
        "<p>Over twee weken komt de schoolfotograaf. Elk kind gaat alleen op de foto, en daarna met de groep. "
        "Broertjes en zusjes die samen op de foto willen, melden zich die ochtend in het speellokaal.</p>"
        "<p>U krijgt na een paar weken een inlogcode om de foto's te bekijken. Bestellen is natuurlijk niet verplicht.</p>",
        days_ago=2,
        event=Event(14, "08:30", "12:00", "Speellokaal"),
    ),
    Post(
        "luizencontrole",
        "Luizencontrole na de vakantie",
        "directeur@windwijzer.test",
        "<p>De eerste woensdag na elke vakantie kijken de luizenouders alle kinderen na. "
        "Wilt u die dag geen gel of vlechten in het haar doen? Dan gaat het controleren een stuk sneller.</p>"
        "<p>Vinden we iets, dan bellen we u dezelfde dag. Er is niets om u voor te schamen: luizen houden van schoon haar.</p>",
        days_ago=6,
    ),
)

GROEP_12_POSTS = (
    Post(
        "uitje-naar-het-bos",
        "Wij zijn naar het bos geweest",
        "leerkracht.groep12@windwijzer.test",
        "<p>Wat een mooie ochtend! Met laarzen aan en een tas vol bakjes zijn we het bos in gegaan. "
        "We hebben eikels, kastanjes en heel veel gekleurde bladeren gevonden.</p>"
        "<p>Dank aan de ouders die mee wilden lopen. De schatten liggen nu op de seizoenstafel in de klas.</p>",
        days_ago=3,
        photos=(("Bladeren uit het bos", "leaves"), ("De seizoenstafel", "cutouts")),
        caption="Onze herfstschatten",
    ),
    Post(
        "thema-de-bakker",
        "Nieuw thema: de bakker",
        "leerkracht.groep12@windwijzer.test",
        "<p>De komende weken spelen we bakkertje. In de huishoek staat een echte bakkerij, en we gaan zelf broodjes bakken.</p>"
        "<p>Heeft u thuis nog lege meelzakken, taartvormen of een schort? Neem ze gerust mee.</p>",
        days_ago=9,
    ),
)

GROEP_3_POSTS = (
    Post(
        "kijkmiddag-groep-3",
        "Kijkmiddag in groep 3",
        "leerkracht.groep3@windwijzer.test",
        "<p>De kinderen laten u graag zien wat ze al kunnen: lezen, schrijven en rekenen met de kralenplank. "
        "Ze mogen zelf de rondleiding geven.</p>"
        "<p>Laat u even weten of u komt, en met hoeveel personen? Dan zorgen we voor genoeg stoelen en koffie.</p>",
        days_ago=1,
        event=Event(10, "14:30", "15:30", "Lokaal groep 3", answers=True),
    ),
    Post(
        "letterfeest",
        "Letterfeest: we kennen alle letters!",
        "leerkracht.groep3@windwijzer.test",
        "<p>Vandaag vierden we dat we alle letters hebben geleerd. Iedereen kreeg een letterkroon, "
        "en we hebben een lange slinger gemaakt met alle letters van de klas.</p>",
        days_ago=5,
        photos=(("Het letterbord", "letters"), ("Onze letterslinger", "cutouts")),
        caption="Alle letters op een rij",
    ),
    Post(
        "schrijfdans",
        "Schrijfdans voor de ouders",
        "leerkracht.groep3@windwijzer.test",
        "<p>Bij de schrijfdans oefenen de kinderen schrijfbewegingen op muziek. "
        "Over een paar weken laten we een dans zien tijdens de inloop. Meer informatie volgt.</p>",
        waiting=True,
    ),
)

GROEP_4_POSTS = (
    Post(
        "tafeldiplomas",
        "De eerste tafeldiploma's",
        "leerkracht.groep4@windwijzer.test",
        "<p>Deze week haalden de eerste kinderen hun diploma voor de tafel van 2, 5 en 10. "
        "Oefent u thuis een beetje mee? Even opzeggen in de auto of tijdens het tandenpoetsen helpt al.</p>",
        days_ago=4,
    ),
)

GROEP_56_POSTS = (
    Post(
        "spreekbeurten",
        "Planning van de spreekbeurten",
        "leerkracht.groep56@windwijzer.test",
        "<p>De spreekbeurten beginnen na de volgende vakantie. Uw kind kiest zelf een onderwerp en krijgt een "
        "stappenplan mee naar huis. Een spreekbeurt duurt ongeveer tien minuten.</p>",
        days_ago=7,
        photos=(("Een tekening bij een spreekbeurt over wonen", "house"),),
    ),
)

GROEP_7_POSTS = (
    Post(
        "verkeersexamen-oefenen",
        "Oefenen voor het verkeersexamen",
        "leerkracht.groep7@windwijzer.test",
        "<p>In het voorjaar doen de kinderen het theorie- en praktijkexamen verkeer. We oefenen elke week in de klas. "
        "Op de website van Veilig Verkeer Nederland staan oefenexamens die u thuis samen kunt maken.</p>",
        days_ago=8,
    ),
)

GROEP_8_POSTS = (
    Post(
        "musical-audities",
        "Audities voor de musical",
        "leerkracht.groep8@windwijzer.test",
        "<p>Het is zover: we gaan beginnen met de eindmusical! Volgende week zijn de audities. "
        "Wie liever achter de schermen helpt, met decor, licht of geluid, is net zo welkom.</p>",
        days_ago=2,
    ),
)

REGENBOOG_POSTS = (
    Post(
        "nieuwe-speeltoestellen",
        "Nieuwe speeltoestellen op het plein",
        "directeur@regenboog.test",
        "<p>Het schoolplein is klaar! Er staan een nieuw klimrek en een glijbaan, en de zandbak is vergroot. "
        "Dank aan de ouderraad en iedereen die heeft meegeholpen met de sponsorloop.</p>",
        days_ago=4,
        photos=(("Het nieuwe klimrek", "playground"), ("Tekening van het plein", "house")),
        caption="Ons vernieuwde schoolplein",
    ),
)

GROEP_34_POSTS = (
    Post(
        "kring-vrijdag",
        "Wie laat er vrijdag iets zien in de kring?",
        "leerkracht.groep34@regenboog.test",
        "<p>Deze vrijdag zijn Olivia en Mees aan de beurt om iets te laten zien in de kring. "
        "Het mag van alles zijn: een steen, een boek of een tekening.</p>",
        days_ago=1,
    ),
)

GROEP_78_POSTS = (
    Post(
        "bezoek-bibliotheek",
        "Bezoek aan de bibliotheek",
        "leerkracht.groep78@regenboog.test",
        "<p>Volgende week lopen we naar de bibliotheek voor een les over informatie zoeken. "
        "Wilt u uw kind die dag een bibliotheekpas meegeven, als het die heeft?</p>",
        days_ago=3,
        event=Event(7, "10:00", "11:30", "Bibliotheek Voorbeeldstad"),
    ),
)


WINDWIJZER = School(
    slug="de-windwijzer",
    title="De Windwijzer",
    hostname="127.0.0.1",
    port=8000,
    is_default_site=True,
    intro=(
        "<p>Welkom op het ouderportaal van De Windwijzer. Hier vindt u het nieuws van school en van de groep van uw kind. "
        "Heeft u een vraag? Loop gerust even binnen of neem contact op.</p>"
    ),
    address="Windwijzerpad 3, 1234 AB Voorbeeldstad",
    phone="012 345 67 89",
    email="info@windwijzer.test",
    groups=(
        Group(
            "groep-1-2",
            "Groep 1/2",
            "1/2",
            "<p>In de kleutergroep spelen en leren de kinderen in hoeken, op het plein en in het speellokaal.</p>",
            ("leerkracht.groep12@windwijzer.test",),
            (
                Info(
                    "wennen",
                    "Wennen op school",
                    "<p>Voordat uw kind vier wordt, mag het vijf ochtenden komen wennen. "
                    "Neem de eerste keer gerust even de tijd om samen in de klas te kijken.</p>",
                ),
            ),
            posts=GROEP_12_POSTS,
        ),
        Group(
            "groep-3",
            "Groep 3",
            "3",
            "<p>In groep 3 leren de kinderen lezen, schrijven en rekenen. Elke dag een beetje, en met veel plezier.</p>",
            ("leerkracht.groep3@windwijzer.test",),
            (
                Info(
                    "welkom-in-groep-3",
                    "Welkom in groep 3",
                    "<p>Fijn dat uw kind bij ons in de klas zit! Dit jaar gaan we samen aan de slag met letters en klanken. "
                    "Lees thuis elke dag even samen een boekje; tien minuten is genoeg.</p>"
                    "<p>Op de eerste dinsdag van de maand is de klas na schooltijd open om het werk te bekijken.</p>",
                ),
                Info(
                    "gymrooster",
                    "Gymrooster",
                    "<p>Wij gymmen op dinsdag en vrijdag. Geeft u die dagen gymschoenen met een lichte zool mee, "
                    "in een tas met naam erop?</p>",
                ),
            ),
            posts=GROEP_3_POSTS,
        ),
        Group(
            "groep-4",
            "Groep 4",
            "4",
            "<p>In groep 4 oefenen we de tafels en lezen we steeds langere verhalen.</p>",
            ("leerkracht.groep4@windwijzer.test",),
            (
                Info(
                    "gymrooster",
                    "Gymrooster",
                    "<p>De gymles is op maandag en donderdag. Sieraden blijven die dagen thuis.</p>",
                ),
            ),
            posts=GROEP_4_POSTS,
        ),
        Group(
            "groep-5-6",
            "Groep 5/6",
            "5/6",
            "<p>Groep 5/6 is een combinatiegroep. Zo leren de kinderen van en met elkaar.</p>",
            ("leerkracht.groep56@windwijzer.test", "sander.vos@windwijzer.test"),
            (
                Info(
                    "huiswerk",
                    "Huiswerk en spreekbeurten",
                    "<p>Vanaf groep 5 nemen de kinderen af en toe werk mee naar huis. "
                    "De planning voor de spreekbeurten hangt in de klas.</p>",
                ),
            ),
            posts=GROEP_56_POSTS,
        ),
        Group(
            "groep-7",
            "Groep 7",
            "7",
            "<p>In groep 7 werken we aan zelfstandigheid en aan het verkeersexamen in het voorjaar.</p>",
            ("leerkracht.groep7@windwijzer.test",),
            posts=GROEP_7_POSTS,
        ),
        Group(
            "groep-8",
            "Groep 8",
            "8",
            "<p>Het laatste jaar op De Windwijzer: het schooladvies, het kamp en de musical.</p>",
            ("leerkracht.groep8@windwijzer.test",),
            (
                Info(
                    "schoolkamp",
                    "Schoolkamp",
                    "<p>Eind mei gaan we drie dagen op kamp. In maart volgt een informatieavond met de paklijst.</p>",
                ),
            ),
            posts=GROEP_8_POSTS,
        ),
    ),
    pages=(
        Info("schooltijden", "Schooltijden", SCHOOLTIJDEN_WINDWIJZER),
        Info("vakanties-en-vrije-dagen", "Vakanties en vrije dagen", VAKANTIES),
        Info("ziek-melden", "Ziek melden", ZIEKMELDEN),
    ),
    posts=WINDWIJZER_POSTS,
    # The demo shows the approval of posts: Groep 3's teacher has a post waiting.
    approval_required=True,
)

REGENBOOG = School(
    slug="de-regenboog",
    title="De Regenboog",
    hostname="localhost",
    port=8000,
    is_default_site=False,
    intro=(
        "<p>De Regenboog is een kleine school midden in de wijk. "
        "Op dit portaal leest u wat er speelt in de school en in de groep van uw kind.</p>"
    ),
    address="Boogstraat 7, 1234 CD Voorbeeldstad",
    phone="012 765 43 21",
    email="info@regenboog.test",
    groups=(
        Group(
            "groep-3-4",
            "Groep 3/4",
            "3/4",
            "<p>In groep 3/4 lezen, schrijven en rekenen we, en we zingen elke ochtend.</p>",
            ("leerkracht.groep34@regenboog.test",),
            (
                Info(
                    "welkom",
                    "Welkom in de klas",
                    "<p>Elke vrijdag mag een kind iets laten zien in de kring. Wie aan de beurt is, hoort u via deze pagina.</p>",
                ),
            ),
            posts=GROEP_34_POSTS,
        ),
        Group(
            "groep-7-8",
            "Groep 7/8",
            "7/8",
            "<p>In groep 7/8 bereiden we ons voor op de middelbare school.</p>",
            ("leerkracht.groep78@regenboog.test",),
            posts=GROEP_78_POSTS,
        ),
    ),
    pages=(
        Info(
            "schooltijden",
            "Schooltijden",
            "<p>Alle groepen gaan van 8.30 tot 14.15 uur naar school, op woensdag tot 12.15 uur.</p>",
        ),
        Info("overblijven", "Lunch op school", OVERBLIJVEN),
    ),
    posts=REGENBOOG_POSTS,
    approval_required=False,  # teachers publish directly
)


# People --------------------------------------------------------------------


def _person(email, first_name, last_name):
    return Person(email, first_name, last_name)


DIRECTOR, TEACHER, ADMINISTRATION = "director", "teacher", "administration"
MOTHER, FATHER, CARER, GUARDIAN = "mother", "father", "carer", "guardian"

STAFF = (
    Staff(_person("directeur@windwijzer.test", "Hanneke", "Smit"), WINDWIJZER.slug, DIRECTOR),
    Staff(_person("administratie@windwijzer.test", "Petra", "Lambers"), WINDWIJZER.slug, ADMINISTRATION),
    Staff(_person("leerkracht.groep12@windwijzer.test", "Anouk", "Visser"), WINDWIJZER.slug, TEACHER),
    Staff(_person("leerkracht.groep3@windwijzer.test", "Marieke", "Bos"), WINDWIJZER.slug, TEACHER),
    Staff(_person("leerkracht.groep4@windwijzer.test", "Jeroen", "Prins"), WINDWIJZER.slug, TEACHER),
    Staff(_person("leerkracht.groep56@windwijzer.test", "Fleur", "Kuipers"), WINDWIJZER.slug, TEACHER),
    Staff(_person("sander.vos@windwijzer.test", "Sander", "Vos"), WINDWIJZER.slug, TEACHER),
    Staff(_person("leerkracht.groep7@windwijzer.test", "Iris", "Mertens"), WINDWIJZER.slug, TEACHER),
    Staff(_person("leerkracht.groep8@windwijzer.test", "Bas", "Hermans"), WINDWIJZER.slug, TEACHER),
    Staff(_person("directeur@regenboog.test", "Erik", "Dijkstra"), REGENBOOG.slug, DIRECTOR),
    Staff(_person("leerkracht.groep34@regenboog.test", "Naima", "Ouali"), REGENBOOG.slug, TEACHER),
    Staff(_person("leerkracht.groep78@regenboog.test", "Wouter", "Schouten"), REGENBOOG.slug, TEACHER),
)

W, R = WINDWIJZER.slug, REGENBOOG.slug

FAMILIES = (
    # The showcase parents first.
    Family(
        W, ((_person("ouder.groep3@windwijzer.test", "Sanne", "de Vries"), MOTHER),), (("Daan", "de Vries", "groep-3"),)
    ),
    Family(
        W,
        ((_person("ouder.groep8@windwijzer.test", "Mohamed", "El Amrani"), FATHER),),
        (("Yasmina", "El Amrani", "groep-8"),),
    ),
    Family(
        W,
        (
            (_person("ouder.twee@windwijzer.test", "Kees", "Jansen"), FATHER),
            (_person("ilse.bakker@windwijzer.test", "Ilse", "Bakker"), MOTHER),
        ),
        (("Lotte", "Jansen", "groep-3"), ("Sem", "Jansen", "groep-5-6")),
    ),
    Family(R, ((_person("ouder@regenboog.test", "Lieke", "Hoekstra"), MOTHER),), (("Mees", "Hoekstra", "groep-3-4"),)),
    # Classmates, so every class group has children in it.
    Family(
        W, ((_person("anna.mulder@windwijzer.test", "Anna", "Mulder"), MOTHER),), (("Noor", "Mulder", "groep-1-2"),)
    ),
    Family(
        W, ((_person("thomas.bakker@windwijzer.test", "Thomas", "Bakker"), FATHER),), (("Finn", "Bakker", "groep-1-2"),)
    ),
    Family(
        W, ((_person("ria.vandijk@windwijzer.test", "Ria", "van Dijk"), CARER),), (("Tess", "van Dijk", "groep-1-2"),)
    ),
    Family(W, ((_person("emre.yilmaz@windwijzer.test", "Emre", "Yilmaz"), FATHER),), (("Milan", "Yilmaz", "groep-3"),)),
    Family(
        W, ((_person("joyce.peters@windwijzer.test", "Joyce", "Peters"), MOTHER),), (("Julia", "Peters", "groep-3"),)
    ),
    Family(
        W, ((_person("linda.deboer@windwijzer.test", "Linda", "de Boer"), MOTHER),), (("Emma", "de Boer", "groep-4"),)
    ),
    Family(
        W, ((_person("mark.hendriks@windwijzer.test", "Mark", "Hendriks"), FATHER),), (("Levi", "Hendriks", "groep-4"),)
    ),
    Family(
        W,
        ((_person("wilma.dekker@windwijzer.test", "Wilma", "Dekker"), GUARDIAN),),
        (("Saar", "Dekker", "groep-4"), ("Jesse", "Dekker", "groep-7")),
    ),
    Family(W, ((_person("nina.koster@windwijzer.test", "Nina", "Koster"), MOTHER),), (("Zoë", "Koster", "groep-5-6"),)),
    Family(
        W,
        ((_person("rob.vermeulen@windwijzer.test", "Rob", "Vermeulen"), FATHER),),
        (("Bram", "Vermeulen", "groep-5-6"),),
    ),
    Family(
        W, ((_person("eva.degraaf@windwijzer.test", "Eva", "de Graaf"), MOTHER),), (("Liv", "de Graaf", "groep-7"),)
    ),
    Family(
        W, ((_person("karim.benali@windwijzer.test", "Karim", "Benali"), FATHER),), (("Ayoub", "Benali", "groep-7"),)
    ),
    Family(
        W,
        ((_person("esther.vanleeuwen@windwijzer.test", "Esther", "van Leeuwen"), MOTHER),),
        (("Thijs", "van Leeuwen", "groep-8"),),
    ),
    Family(W, ((_person("jan.willems@windwijzer.test", "Jan", "Willems"), FATHER),), (("Roos", "Willems", "groep-8"),)),
    Family(R, ((_person("marco.bos@regenboog.test", "Marco", "Bos"), FATHER),), (("Olivia", "Bos", "groep-3-4"),)),
    Family(R, ((_person("sandra.kok@regenboog.test", "Sandra", "Kok"), MOTHER),), (("Ruben", "Kok", "groep-7-8"),)),
    Family(R, ((_person("tim.post@regenboog.test", "Tim", "Post"), FATHER),), (("Sophie", "Post", "groep-7-8"),)),
)

SHOWCASE = (
    ("directeur@windwijzer.test", "director, De Windwijzer"),
    ("administratie@windwijzer.test", "administration, De Windwijzer"),
    ("leerkracht.groep3@windwijzer.test", "teacher of Groep 3, De Windwijzer"),
    ("ouder.groep3@windwijzer.test", "parent, one child in Groep 3"),
    ("ouder.groep8@windwijzer.test", "parent, one child in Groep 8"),
    ("ouder.twee@windwijzer.test", "parent, children in Groep 3 and Groep 5/6"),
    ("ouder@regenboog.test", "parent, one child in Groep 3/4, De Regenboog"),
    ("directeur@regenboog.test", "director, De Regenboog"),
)

BOARD = Board(schools=(WINDWIJZER, REGENBOOG), staff=STAFF, families=FAMILIES, showcase=SHOWCASE)
