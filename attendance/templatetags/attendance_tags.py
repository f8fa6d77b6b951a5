"""Template tags for finding the absence report page: through `access.rules`, like every listing."""

from django import template

from access.rules import visible_pages
from attendance.models import AbsenceReportPage

register = template.Library()


@register.simple_tag(takes_context=True)
def absence_report_page(context, school):
    """The school's live absence report page in the school page's language, if the user may see it (else None). One query."""
    request = context.get("request")
    pages = AbsenceReportPage.objects.live().child_of(school).order_by("path")
    return visible_pages(getattr(request, "user", None), pages).first()
