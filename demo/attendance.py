"""The demo board's absence report pages (`manage.py seed_demo`): one under each school.

Called by the seed after `demo.builder.build`, in the same transaction.
Idempotent like the rest of the seed: a school that has its page keeps it.
The page gets an English translation (a copy of the Dutch text), like every
demo page, so the language switch works on it.
"""

from attendance.models import AbsenceReportPage
from demo.builder import _add_published, translate_tree

TITLE = "Ziekmelden en afspraken"
SLUG = "absentie"
INTRO = (
    "<p>Is uw kind ziek, of heeft het onder schooltijd een afspraak bij de huisarts, tandarts of in het ziekenhuis? "
    "Meld het hier, het liefst voordat de school begint. De leerkracht en de administratie krijgen uw melding meteen.</p>"
    "<p>Is uw kind weer beter? Gebruik dan de knop bij uw melding hieronder.</p>"
)


def ensure_absence_pages(result):
    """An absence report page under every school of the seed's result (schools by slug)."""
    for school in result.schools.values():
        if not AbsenceReportPage.objects.child_of(school).exists():
            _add_published(school, AbsenceReportPage(title=TITLE, slug=SLUG, locale=school.locale, intro=INTRO))
            school.refresh_from_db()
            result.count("absence report pages")
        translate_tree(school, result)
