"""Template tags for finding the leave request page: through `access.rules`, like every listing."""

from django import template

from access.rules import visible_pages
from leave.models import LeaveRequestPage

register = template.Library()


@register.simple_tag(takes_context=True)
def leave_request_page(context, school):
    """The school's live leave request page in the school page's language, if the user may see it (else None). One query."""
    request = context.get("request")
    pages = LeaveRequestPage.objects.live().child_of(school).order_by("path")
    return visible_pages(getattr(request, "user", None), pages).first()
