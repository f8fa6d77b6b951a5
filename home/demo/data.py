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
class Group:
    slug: str
    title: str
    year_levels: str
    intro: str
    teachers: tuple  # e-mail addresses of its teachers, in display order
    pages: tuple = ()


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
        ),
        Group(
            "groep-7",
            "Groep 7",
            "7",
            "<p>In groep 7 werken we aan zelfstandigheid en aan het verkeersexamen in het voorjaar.</p>",
            ("leerkracht.groep7@windwijzer.test",),
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
        ),
    ),
    pages=(
        Info("schooltijden", "Schooltijden", SCHOOLTIJDEN_WINDWIJZER),
        Info("vakanties-en-vrije-dagen", "Vakanties en vrije dagen", VAKANTIES),
        Info("ziek-melden", "Ziek melden", ZIEKMELDEN),
    ),
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
        ),
        Group(
            "groep-7-8",
            "Groep 7/8",
            "7/8",
            "<p>In groep 7/8 bereiden we ons voor op de middelbare school.</p>",
            ("leerkracht.groep78@regenboog.test",),
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
    Family(W, ((_person("ouder.groep3@windwijzer.test", "Sanne", "de Vries"), MOTHER),), (("Daan", "de Vries", "groep-3"),)),
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
    Family(W, ((_person("anna.mulder@windwijzer.test", "Anna", "Mulder"), MOTHER),), (("Noor", "Mulder", "groep-1-2"),)),
    Family(W, ((_person("thomas.bakker@windwijzer.test", "Thomas", "Bakker"), FATHER),), (("Finn", "Bakker", "groep-1-2"),)),
    Family(W, ((_person("ria.vandijk@windwijzer.test", "Ria", "van Dijk"), CARER),), (("Tess", "van Dijk", "groep-1-2"),)),
    Family(W, ((_person("emre.yilmaz@windwijzer.test", "Emre", "Yilmaz"), FATHER),), (("Milan", "Yilmaz", "groep-3"),)),
    Family(W, ((_person("joyce.peters@windwijzer.test", "Joyce", "Peters"), MOTHER),), (("Julia", "Peters", "groep-3"),)),
    Family(W, ((_person("linda.deboer@windwijzer.test", "Linda", "de Boer"), MOTHER),), (("Emma", "de Boer", "groep-4"),)),
    Family(W, ((_person("mark.hendriks@windwijzer.test", "Mark", "Hendriks"), FATHER),), (("Levi", "Hendriks", "groep-4"),)),
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
    Family(W, ((_person("eva.degraaf@windwijzer.test", "Eva", "de Graaf"), MOTHER),), (("Liv", "de Graaf", "groep-7"),)),
    Family(W, ((_person("karim.benali@windwijzer.test", "Karim", "Benali"), FATHER),), (("Ayoub", "Benali", "groep-7"),)),
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
