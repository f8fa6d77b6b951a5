"""How long accounts of parents without a child at school are kept: months after their last child left.

Registered with the retention mechanism (`retention.registry`). In the
roster a parent is an account with guardianships (`classes.Guardianship`);
when every child of theirs, at every school, has left, the account serves
no school any more. The school of the child that left last decides (its
period; on a tie either school may). The account is deleted, its sessions
ended first: its guardianships, preferences, devices, reactions and
reports go with it, while records the schools keep (leave requests,
consent answers, messages in conversations) keep the name they were
written with until their own period is over. Anyone with a staff role,
teaching a class group, or with access to the Django admin is never a
parent account here.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.sessions import end_all_sessions
from classes.models import ClassTeacher, Guardianship
from home.models import StaffRole
from retention.periods import shift_months
from retention.registry import DELETE, Rule, register


def due(school, months, moment):
    """Parent accounts whose last child left (from this school) more than `months` months before `moment`'s day."""
    today = timezone.localdate(moment)
    cutoff = shift_months(today, -months)
    own = Guardianship.objects.filter(user=OuterRef("pk"))
    still_at_school = own.filter(Q(child__left_on__isnull=True) | Q(child__left_on__gt=today))
    last_left = own.order_by("-child__left_on").values("child__left_on")[:1]
    return (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False)
        .annotate(last_left=Subquery(last_left))
        .filter(
            ~Exists(still_at_school),
            ~Exists(StaffRole.objects.filter(user=OuterRef("pk"))),
            ~Exists(ClassTeacher.objects.filter(user=OuterRef("pk"))),
            Exists(
                Guardianship.objects.filter(
                    user=OuterRef("pk"), child__school=school, child__left_on=OuterRef("last_left")
                )
            ),
            last_left__lt=cutoff,
        )
    )


def expires(user, months):
    return shift_months(user.last_left, months) + datetime.timedelta(days=1)


def describe(user):
    return gettext("Parent account; the last child left on %(day)s") % {
        "day": formats.date_format(user.last_left, "j F Y")
    }


def apply(users):
    count = 0
    for user in users:
        end_all_sessions(user.pk)
        user.delete()
        count += 1
    return count


register(
    Rule(
        key="roster.parent_accounts",
        label=_("Accounts of parents without a child at school"),
        setting="parent_account_months",
        action=DELETE,
        due=due,
        expires=expires,
        describe=describe,
        apply=apply,
        order=50,
    )
)
