"""The database side of leave: loading what `leave.rules` needs, and every change to a request.

Views call these; who may do what has been asked of `access.rules` before.
Every change runs in one transaction, records a `LeaveRequestEvent`, and
queues mail with `transaction.on_commit` (never sent inside the request).
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from classes.models import Guardianship
from classes.schoolyear import school_year_of
from leave import rules, tasks
from leave.models import LeaveRequest, LeaveRequestEvent, LeaveSettings
from notifications.models import Notification
from notifications.outbox import notify
from schoolcalendar.calendar import load


def source_page(page):
    """The page in the default language (requests link to it; a parent's mail picks their translation)."""
    source = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .first()
    )
    return source or page


def leave_settings(school):
    """The school's leave settings; defaults (not saved) when the school has none yet."""
    found = LeaveSettings.objects.filter(school__translation_key=school.translation_key).order_by("pk").first()
    return found or LeaveSettings(school=school)


def calendar_for(school, first_day, last_day):
    """The school's WorkingCalendar covering what `rules.assess` looks at for this period."""
    start, end = rules.calendar_range(first_day, last_day)
    return load(school, min(start, first_day), end)


def earlier_leave(child_ids, school_year, exclude=None):
    """The other leave requests of these children in a school year, as `rules.Earlier` (one per child)."""
    requests = (
        LeaveRequest.objects.filter(children__in=child_ids, school_year=school_year)
        .exclude(status=rules.WITHDRAWN)
        .values_list("pk", "children", "kind", "status", "first_day", "last_day", "school_days")
        .distinct()
    )
    if exclude is not None:
        requests = requests.exclude(pk=exclude.pk)
    wanted = set(child_ids)
    return [
        rules.Earlier(child_id=child_id, kind=kind, status=status, first_day=first, last_day=last, school_days=days)
        for _pk, child_id, kind, status, first, last, days in requests
        if child_id in wanted
    ]


def child_infos(children):
    return tuple(rules.ChildInfo(id=child.pk, name=str(child)) for child in children)


def assess_new(school, kind, first_day, last_day, children, reason="", today=None, calendar=None):
    """Assess a request the parent is about to submit (pending requests count too)."""
    today = today or timezone.localdate()
    proposal = rules.Proposal(
        kind=kind, first_day=first_day, last_day=last_day, children=child_infos(children), asked_on=today, reason=reason
    )
    calendar = calendar or calendar_for(school, first_day, last_day)
    earlier = earlier_leave([child.pk for child in children], school_year_of(first_day))
    return rules.assess(proposal, calendar, leave_settings(school).policy, earlier)


def assess_for_decision(leave_request):
    """Assess a submitted request as the director decides on it (only granted leave counts)."""
    children = list(leave_request.children.all())
    proposal = rules.Proposal(
        kind=leave_request.kind,
        first_day=leave_request.first_day,
        last_day=leave_request.last_day,
        children=child_infos(children),
        asked_on=timezone.localdate(leave_request.created_at),
        reason=leave_request.reason,
    )
    calendar = calendar_for(leave_request.school, leave_request.first_day, leave_request.last_day)
    earlier = earlier_leave([child.pk for child in children], leave_request.school_year, exclude=leave_request)
    return rules.assess(proposal, calendar, leave_settings(leave_request.school).policy, earlier, for_decision=True)


def display_name(user):
    return user.get_full_name() or user.email


# Submitting -----------------------------------------------------------------


def submit(*, user, school, page, data, assessment):
    """Create the request from a valid form's cleaned data; (request, created).

    A second submit of the same form (same `submission_key`, e.g. a double
    click or the browser's resend) creates nothing and returns the request
    the first one made.
    """
    key = data["submission_key"]
    existing = LeaveRequest.objects.filter(submission_key=key, requested_by=user).first()
    if existing is not None:
        return existing, False
    children = list(data["children"])
    relation = (
        Guardianship.objects.filter(user=user, child=children[0]).values_list("relation", flat=True).first() or ""
    )
    upload = data.get("attachment")
    try:
        with transaction.atomic():
            leave_request = LeaveRequest(
                school=school,
                page=page,
                requested_by=user,
                requested_by_name=display_name(user),
                relation=relation,
                kind=data["kind"],
                reason=(data.get("reason") or "") if data["kind"] == rules.IMPORTANT else "",
                explanation=data.get("explanation") or "",
                first_day=data["first_day"],
                last_day=data["last_day"],
                school_days=assessment.school_days,
                school_year=school_year_of(data["first_day"]),
                problems_at_submission=assessment.codes(),
                submission_key=key,
            )
            if upload:
                leave_request.attachment_name = upload.name[:200]
                leave_request.attachment.save(upload.name, upload, save=False)
            leave_request.save()
            leave_request.children.set(children)
            LeaveRequestEvent.objects.create(
                request=leave_request, action="submit", user=user, user_name=display_name(user)
            )
    except IntegrityError:
        # The same form submitted twice at the same moment: the other one won.
        if leave_request.attachment:
            leave_request.attachment.delete(save=False)
        existing = LeaveRequest.objects.filter(submission_key=key, requested_by=user).first()
        if existing is None:
            raise
        return existing, False
    return leave_request, True


# Deciding and withdrawing -----------------------------------------------------


@dataclass
class Outcome:
    done: bool
    message: str
    request: LeaveRequest


def act(leave_request, user, action, grounds=""):
    """Take `action` (rules.APPROVE, REJECT, FORWARD, ACKNOWLEDGE, WITHDRAW) on a request.

    The caller has checked that the user may (access.rules). Here the
    request is locked, its state and the rules checked once more (a second
    click, or another director at the same time, finds it decided and
    changes nothing), the status set, the step recorded, and the parent (and
    for a forward, the attendance officer) mailed after the commit.
    """
    grounds = (grounds or "").strip()
    if action in rules.GROUNDS_REQUIRED and not grounds:
        return Outcome(
            False, gettext("Write down the grounds: the parent reads them with the decision."), leave_request
        )
    with transaction.atomic():
        locked = LeaveRequest.objects.select_for_update().select_related("school").get(pk=leave_request.pk)
        if action == rules.WITHDRAW:
            if locked.status not in rules.PENDING:
                return Outcome(False, gettext("This request can no longer be withdrawn: it has been handled."), locked)
        else:
            assessment = assess_for_decision(locked)
            settings_row = leave_settings(locked.school)
            refused = rules.refusal(
                action,
                locked.kind,
                locked.status,
                assessment,
                officer_known=bool(settings_row.attendance_officer_email),
            )
            if refused:
                return Outcome(False, refused, locked)
        locked.status = rules.RESULT_OF_ACTION[action]
        locked.save(update_fields=["status"])
        event = LeaveRequestEvent.objects.create(
            request=locked, action=action, user=user, user_name=display_name(user), grounds=grounds
        )
        if action != rules.WITHDRAW:
            # The parent hears of it at once, by e-mail and push, through the
            # notifications outbox (written in this transaction; quiet hours apply).
            notify(locked.requested_by, Notification.DECISION, event, school=locked.school)
            if action == rules.FORWARD:
                transaction.on_commit(partial(tasks.mail_attendance_officer.enqueue, event.pk))
    return Outcome(True, "", locked)
