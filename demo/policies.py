"""The demo board's policies (`manage.py seed_demo`): De Windwijzer's own texts.

Called by the seed after `demo.builder.build`, in the same transaction.
Idempotent like the rest of the seed: a school that has a policy page with
the slug keeps it as it is.

De Windwijzer publishes three policies, written for this demo:
* "Communicatie tussen school en ouders": why the school uses the portal,
  what it is for, what parents can expect and what the school expects;
* a short privacy statement;
* the code of conduct on the portal, version 1, which parents must accept.
  Every demo parent has accepted version 1 already, so the demo opens
  normally; a director who publishes version 2 "parents must read and
  accept it" makes them accept again at their next visit (see README).

Every page gets an English translation (a copy of the Dutch text, like
every demo page), so the language switch works on it.
"""

from access.rules import asked_to_accept_policy
from demo.builder import _add_published, translate_tree
from policies.conduct import acceptance as conduct
from policies.models import PolicyAcceptance, PolicyPage

COMMUNICATION = """
<h2>Waarom een ouderportaal?</h2>
<p>Een kind leert het best als school en thuis elkaar goed kennen en op de hoogte houden. Vroeger ging dat met
briefjes in de tas, losse e-mails en appgroepen die de school niet beheerde. Dat raakte zoek, bereikte niet iedereen
en mengde werk, privé en schoolzaken door elkaar. Daarom gebruikt De Windwijzer één plek voor alle berichten tussen
school en ouders: dit portaal. U vindt er alles terug, ook op uw telefoon, en de school weet welke informatie bij wie
terechtkomt.</p>

<h2>Waar gebruiken we het portaal voor?</h2>
<ul>
<li><strong>Nieuws uit de groep en van school:</strong> wat de kinderen leren, uitstapjes, foto's van activiteiten
(alleen van kinderen met toestemming) en uitnodigingen waarop u kunt antwoorden.</li>
<li><strong>Ziek melden en afwezigheid:</strong> meld uw kind voor schooltijd ziek of geef een afspraak bij de
tandarts of dokter door.</li>
<li><strong>Verlof aanvragen:</strong> vrij buiten de schoolvakanties vraagt u aan via het verlofformulier; de
directeur beslist.</li>
<li><strong>Gesprekken:</strong> een vraag of zorg over uw eigen kind bespreekt u in een gesprek met de leerkracht of
de directeur. Alleen u en de school lezen mee.</li>
<li><strong>Praktische informatie:</strong> schooltijden, vakanties en afspraken zoals deze.</li>
</ul>
<p>Voor spoed belt u altijd met school: 012 345 67 89. Het portaal is niet bedoeld voor zaken die dezelfde dag
geregeld moeten worden, behalve ziekmeldingen.</p>

<h2>Wat mag u van ons verwachten?</h2>
<ul>
<li>Op een vraag via het portaal krijgt u antwoord op werkdagen, binnen twee werkdagen. Lukt een volledig antwoord
niet zo snel, dan laten we weten wanneer u het wel krijgt.</li>
<li>Leerkrachten werken ook buiten de klas, maar niet de hele dag achter een scherm. Tussen 8.15 en 8.30 uur en
onder schooltijd lezen ze meestal geen berichten.</li>
<li>U krijgt van school geen berichten in de avond, in het weekend of in de vakantie. Wat we buiten werktijd
schrijven, komt pas bij u aan op de volgende werkdag. Alleen bij een echte noodsituatie maakt de directeur een
uitzondering.</li>
<li>Over elke groep komt er ongeveer één keer per week nieuws, zodat u weet wat er speelt zonder overspoeld te
worden.</li>
<li>We schrijven duidelijk en kort, en zeggen erbij als we iets van u nodig hebben en wanneer.</li>
</ul>

<h2>Wat verwachten wij van u?</h2>
<ul>
<li>U leest de berichten over de groep van uw kind en reageert op tijd als daarom gevraagd wordt.</li>
<li>U schrijft zoals u ook aan het schoolhek zou praten: vriendelijk en met respect, ook als u het ergens niet mee
eens bent.</li>
<li>Persoonlijke zaken, zorgen over uw kind of een klacht horen in een gesprek met de leerkracht of de directeur,
niet in een reactie onder een bericht die andere ouders lezen.</li>
<li>Foto's en berichten van het portaal zijn voor de ouders van de school. Deel ze niet op sociale media of in
appgroepen, zeker niet als er andere kinderen op staan.</li>
<li>U houdt uw e-mailadres en telefoonnummer bij de administratie actueel, zodat we u kunnen bereiken.</li>
</ul>

<h2>Vragen of ideeën?</h2>
<p>Werkt iets niet, of heeft u een idee om de communicatie te verbeteren? Laat het de directeur weten. We kijken elk
jaar met de medezeggenschapsraad of deze afspraken nog goed werken.</p>
"""

COMMUNICATION_SUMMARY = (
    "Alle berichten tussen school en ouders gaan via dit portaal. U krijgt antwoord op werkdagen, binnen twee "
    "werkdagen, en geen berichten van school in de avond. Persoonlijke zaken bespreken we in een gesprek, niet in "
    "reacties."
)

PRIVACY = """
<p>Dit is een korte samenvatting. De volledige privacyverklaring van de stichting ligt ter inzage bij de
administratie.</p>
<h2>Welke gegevens gebruiken we?</h2>
<p>Voor het portaal gebruiken we de naam en groep van uw kind, uw naam, e-mailadres en de relatie tot uw kind. Als u
een ziekmelding, verlofaanvraag of bericht stuurt, bewaren we wat u schrijft en wanneer.</p>
<h2>Waarvoor?</h2>
<p>Alleen om met u te communiceren over uw kind en over school. We verkopen niets, tonen geen advertenties en delen
uw gegevens niet met anderen, behalve als de wet dat vraagt (bijvoorbeeld verlof dat naar de leerplichtambtenaar
gaat).</p>
<h2>Wie ziet wat?</h2>
<p>Ouders zien het nieuws van de school en van de groepen van hun eigen kinderen. Leerkrachten zien hun eigen groepen,
de directie en de administratie de hele school. Gesprekken lezen alleen de deelnemers.</p>
<h2>Foto's</h2>
<p>Foto's met uw kind erop tonen we alleen als u daar toestemming voor gaf. U kunt die toestemming op elk moment
aanpassen op de pagina Toestemming.</p>
<h2>Hoe lang?</h2>
<p>Berichten en foto's van een schooljaar bewaren we tot uiterlijk twee jaar na het einde van dat schooljaar. Als uw
kind de school verlaat, sluiten we uw account.</p>
<h2>Uw rechten</h2>
<p>U mag altijd vragen welke gegevens we van u en uw kind hebben, en vragen om iets te verbeteren of te verwijderen.
Mail daarvoor naar info@windwijzer.test.</p>
"""

CONDUCT = """
<p>Op het portaal komen ouders, kinderen en leerkrachten van De Windwijzer samen. Zodat iedereen zich er prettig en
veilig voelt, vragen we alle ouders deze afspraken te lezen en te accepteren.</p>
<h2>1. Respect</h2>
<p>We schrijven vriendelijk en met respect over en tegen elkaar: leerkrachten, andere ouders en kinderen. Geen
scheldwoorden, geen beschuldigingen en geen roddels.</p>
<h2>2. Andere kinderen</h2>
<p>U deelt geen foto's, video's of namen van andere kinderen buiten het portaal: niet op sociale media, niet in
appgroepen en niet door een schermafbeelding door te sturen. Ook een foto waar uw eigen kind op staat, kan een ander
kind laten zien.</p>
<h2>3. Persoonlijke zaken in een gesprek</h2>
<p>Een zorg over uw kind, een conflict tussen kinderen of een klacht over de school bespreekt u in een gesprek met de
leerkracht of de directeur. Niet in een reactie onder een bericht, en nooit met namen van andere kinderen.</p>
<h2>4. Geduld met antwoorden</h2>
<p>Leerkrachten antwoorden op werkdagen, binnen twee werkdagen. We verwachten geen antwoord in de avond of in het
weekend, van ouders en van de school.</p>
<h2>5. Uw account is van u</h2>
<p>U deelt uw inloggegevens met niemand. Merkt u dat iemand anders in uw account kan, meld het dan meteen bij de
school.</p>
<h2>6. Als het misgaat</h2>
<p>Ziet u iets op het portaal dat niet klopt of kwetsend is? Meld het met de knop bij het bericht. De directeur kijkt
ernaar en kan een reactie verbergen. Wie zich herhaaldelijk niet aan deze afspraken houdt, kan na een gesprek met de
directeur het recht verliezen om te reageren.</p>
"""

CONDUCT_SUMMARY = (
    "Respectvol schrijven, geen foto's of namen van andere kinderen delen buiten het portaal, en persoonlijke zaken "
    "bespreken in een gesprek. Zo blijft het portaal prettig en veilig voor iedereen."
)

POLICIES = {
    "de-windwijzer": (
        (
            "communicatie",
            "Communicatie tussen school en ouders",
            PolicyPage.PORTAL_USE,
            COMMUNICATION_SUMMARY,
            COMMUNICATION,
            False,
        ),
        ("privacy", "Privacy in het kort", PolicyPage.PRIVACY, "", PRIVACY, False),
        ("gedragscode", "Gedragscode op het portaal", PolicyPage.CONDUCT, CONDUCT_SUMMARY, CONDUCT, True),
    ),
}


def ensure_policy_pages(result):
    """The demo's policy pages for the schools of the seed's result; the code of conduct accepted by every parent."""
    with conduct.without_announcements():
        for slug, school in result.schools.items():
            for page_slug, title, kind, summary, body, must_accept in POLICIES.get(slug, ()):
                page = PolicyPage.objects.child_of(school).filter(slug=page_slug).first()
                if page is None:
                    page = _add_published(
                        school,
                        PolicyPage(
                            title=title,
                            slug=page_slug,
                            locale=school.locale,
                            kind=kind,
                            summary=summary,
                            body=body.strip(),
                            version=1,
                            acceptance_version=1 if must_accept else 0,
                        ),
                    )
                    school.refresh_from_db()
                    result.count("policy pages")
                if page.acceptance_version:
                    for user_id in asked_to_accept_policy(page).values_list("pk", flat=True):
                        _, created = PolicyAcceptance.objects.get_or_create(
                            user_id=user_id, page=page, version=page.acceptance_version
                        )
                        if created:
                            result.count("policy acceptances")
            translate_tree(school, result)
