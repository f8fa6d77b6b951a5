"""What the portal keeps of the parent's reading, for the family data export (privacy.registry).

Which posts they opened (and when), and their answers to invitations.
"""

from django.utils.translation import gettext_lazy as _

from news.models import EventResponse, PostRead
from privacy.registry import Part, moment, register


@register("posts_read", _("Posts you opened, and your answers to invitations"), order=70)
def posts_read(family):
    reads = family.under_schools(PostRead.objects.filter(user=family.parent).select_related("post")).order_by(
        "read_at", "pk"
    )
    answers = family.under_schools(EventResponse.objects.filter(user=family.parent).select_related("post")).order_by(
        "answered_at", "pk"
    )
    return Part(
        {
            "read": [{"post": read.post.title, "read_at": moment(read.read_at)} for read in reads],
            "invitations_answered": [
                {
                    "post": answer.post.title,
                    "answer": answer.get_answer_display(),
                    "number_of_people": answer.people,
                    "answered_at": moment(answer.answered_at),
                }
                for answer in answers
            ],
        }
    )
