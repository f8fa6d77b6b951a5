"""The parent's reactions and reports, for the family data export (privacy.registry).

Their own reactions (also those removed, with when and by whom: themselves
or the school), and the reports they made with how the school handled them.
A report about someone else's reaction says so, but does not repeat that
reaction: it is the other parent's text.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.models import Flag, Reaction
from privacy.registry import Part, moment, register


def _removed_by(reaction, parent):
    if reaction.removed_at is None:
        return None
    return gettext("you") if reaction.removed_by_id == parent.pk else gettext("the school")


@register("reactions", _("Your reactions under posts"), order=80)
def reactions(family):
    found = family.under_schools(
        Reaction.objects.filter(author=family.parent).select_related("post"), page="post"
    ).order_by("created_at", "pk")
    return Part(
        [
            {
                "post": reaction.post.title,
                "reaction": reaction.text,
                "written_at": moment(reaction.created_at),
                "removed_at": moment(reaction.removed_at),
                "removed_by": _removed_by(reaction, family.parent),
            }
            for reaction in found
        ]
    )


@register("reports", _("Reports you made about posts and reactions, and how the school handled them"), order=85)
def reports(family):
    flags = family.at_schools(Flag.objects.filter(reporter=family.parent).select_related("post", "reaction")).order_by(
        "created_at", "pk"
    )
    rows = []
    for flag in flags:
        if flag.reaction_id is None:
            about = gettext("the post")
        elif flag.reaction.author_id == family.parent.pk:
            about = gettext("your own reaction")
        else:
            about = gettext("a reaction of someone else")
        rows.append(
            {
                "post": flag.post.title,
                "about": about,
                "reason": flag.reason,
                "reported_at": moment(flag.created_at),
                "handled_at": moment(flag.handled_at),
                "outcome": flag.get_outcome_display() if flag.outcome else None,
                "note_from_the_school": flag.note,
            }
        )
    return Part(rows)
