"""The demo board's leave request pages (`manage.py seed_demo`): one under each school.

Called by the seed after `demo.builder.build`, in the same transaction.
Idempotent like the rest of the seed: a school that has its page (or its
settings) keeps them. The page gets an English translation (a copy of the
Dutch text), like every demo page, so the language switch works on it.
De Windwijzer asks for an employer's statement with holiday leave, De
Regenboog does not, so both ways can be tried.
"""

from demo.builder import _add_published, translate_tree
from leave.models import LeaveRequestPage, LeaveSettings

TITLE = "Verlof aanvragen"
SLUG = "verlof"
INTRO = (
    "<p>Uw kind is leerplichtig: vrij buiten de schoolvakanties kan alleen met toestemming van de directeur. "
    "Vraag hier vakantieverlof aan, verlof wegens gewichtige omstandigheden (zoals een bruiloft, een begrafenis "
    "of een verhuizing), of meld een religieuze verplichting.</p>"
    "<p>Het formulier rekent uit hoeveel schooldagen het verlof telt en zegt meteen of de regels een probleem zien.</p>"
)
AFTER_SUBMIT = (
    "<p>De directeur beslist meestal binnen een week. U krijgt bericht per e-mail en ziet het besluit hier.</p>"
)
# Illustrative only: a made-up attendance officer of a made-up municipality.
OFFICER = {
    "attendance_officer_name": "Leerplichtambtenaar (demo)",
    "attendance_officer_email": "leerplicht@gemeente.test",
}
ATTACHMENT_REQUIRED = {"de-windwijzer": True}


def ensure_leave_pages(result):
    """A leave request page and leave settings for every school of the seed's result (schools by slug)."""
    for slug, school in result.schools.items():
        if not LeaveRequestPage.objects.child_of(school).exists():
            _add_published(
                school,
                LeaveRequestPage(title=TITLE, slug=SLUG, locale=school.locale, intro=INTRO, after_submit=AFTER_SUBMIT),
            )
            school.refresh_from_db()
            result.count("leave request pages")
        _settings, created = LeaveSettings.objects.get_or_create(
            school=school, defaults={**OFFICER, "holiday_attachment_required": ATTACHMENT_REQUIRED.get(slug, False)}
        )
        if created:
            result.count("leave settings")
        translate_tree(school, result)
