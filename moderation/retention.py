"""How long handled reports and removed reactions are kept: months after handling or removal.

Registered with the retention mechanism (`retention.registry`). A report
("I have doubts about this") holds a parent's reason and the school's note;
once handled, the school needs it for a while to answer questions about it,
then it is deleted. A removed reaction is kept (parents no longer see it,
staff see who removed it) for the same while, then deleted with its
reports. Open reports and reactions that are shown are never touched here.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.models import Flag, Reaction
from retention.periods import shift_months
from retention.registry import DELETE, Rule, delete_all, register


def _cutoff(moment, months):
    return shift_months(timezone.localtime(moment), -months)


def _day(moment):
    return formats.date_format(timezone.localtime(moment).date(), "j F Y")


def due_flags(school, months, moment):
    return Flag.objects.filter(school=school, handled_at__isnull=False, handled_at__lt=_cutoff(moment, months))


def due_reactions(school, months, moment):
    return Reaction.objects.filter(
        post__path__startswith=school.path, removed_at__isnull=False, removed_at__lt=_cutoff(moment, months)
    )


def expires_flag(flag, months):
    return shift_months(timezone.localtime(flag.handled_at), months).date()


def expires_reaction(reaction, months):
    return shift_months(timezone.localtime(reaction.removed_at), months).date()


def describe_flag(flag):
    return gettext("Report handled on %(day)s") % {"day": _day(flag.handled_at)}


def describe_reaction(reaction):
    return gettext("Reaction removed on %(day)s") % {"day": _day(reaction.removed_at)}


register(
    Rule(
        key="moderation.flags",
        label=_("Handled reports"),
        setting="moderation_months",
        action=DELETE,
        due=due_flags,
        expires=expires_flag,
        describe=describe_flag,
        apply=delete_all,
        order=60,
    )
)
register(
    Rule(
        key="moderation.removed_reactions",
        label=_("Removed reactions"),
        setting="moderation_months",
        action=DELETE,
        due=due_reactions,
        expires=expires_reaction,
        describe=describe_reaction,
        apply=delete_all,
        order=61,
    )
)
