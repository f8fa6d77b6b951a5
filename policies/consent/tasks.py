"""Asking guardians for consent, and reminding them: a daily self-renewing task chain.

At the start of a school year every active child of a school gets a
`ConsentRequest` for that year, and so does a child who joins later (the
first run after they are added). Each request mails the child's guardians
(Notification.CONSENT). While a child has unanswered purposes, the guardians
are reminded every `ConsentSettings.reminder_days` days (0: never); each
reminder round has its own dedupe key, so a retried run mails nobody twice.
`manage.py run_worker` starts the chain (plumbing.task_chains).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from classes.models import Child, Guardianship
from classes.schoolyear import current_school_year
from notifications.models import Notification
from notifications.outbox import notify
from plumbing import task_chains
from policies.consent.answers import ensure_purposes, latest_answers, purposes_of
from policies.models import ConsentRequest, ConsentSettings

INTERVAL = datetime.timedelta(hours=1)
KEEP_SUCCESSFUL = datetime.timedelta(days=2)
KEEP_FAILED = datetime.timedelta(days=14)


def ask_and_remind(now=None):
    """Open this year's requests and send due reminders. Returns (asked, reminded) counts of children."""
    now = now or timezone.now()
    year = current_school_year()
    asked = reminded = 0
    children = list(Child.objects.active().select_related("school"))
    schools = {child.school_id: child.school for child in children}
    for school in schools.values():
        ensure_purposes(school)
    purposes = {}
    for purpose in purposes_of(schools):
        purposes.setdefault(purpose.school_id, []).append(purpose.pk)
    settings_rows = {row.school_id: row for row in ConsentSettings.objects.filter(school_id__in=schools)}
    requests = {row.child_id: row for row in ConsentRequest.objects.filter(school_year=year, child__in=children)}
    answers = latest_answers([child.pk for child in children], year)
    guardians = {}
    for child_id, user in (
        (g.child_id, g.user) for g in Guardianship.objects.filter(child__in=children).select_related("user")
    ):
        guardians.setdefault(child_id, []).append(user)

    for child in children:
        open_purposes = [pk for pk in purposes.get(child.school_id, []) if (child.pk, pk) not in answers]
        request = requests.get(child.pk)
        if request is None:
            with transaction.atomic():
                request, created = ConsentRequest.objects.get_or_create(
                    child=child, school_year=year, defaults={"asked_at": now}
                )
                if created and open_purposes:
                    for user in guardians.get(child.pk, []):
                        notify(
                            user,
                            Notification.CONSENT,
                            request,
                            school=child.school,
                            dedupe_key=f"consent:{child.pk}:{year}",
                        )
                    asked += 1
            continue
        if not open_purposes:
            continue
        settings_row = settings_rows.get(child.school_id)
        days = (
            settings_row.reminder_days
            if settings_row is not None
            else ConsentSettings._meta.get_field("reminder_days").default
        )
        if not days or (request.reminded_at or request.asked_at) > now - datetime.timedelta(days=days):
            continue
        with transaction.atomic():
            round_number = request.reminders + 1
            updated = ConsentRequest.objects.filter(pk=request.pk, reminders=request.reminders).update(
                reminders=round_number, reminded_at=now
            )
            if not updated:
                continue  # another run took this round
            for user in guardians.get(child.pk, []):
                notify(
                    user,
                    Notification.CONSENT,
                    request,
                    school=child.school,
                    dedupe_key=f"consent:{child.pk}:{year}#reminder:{round_number}",
                )
            reminded += 1
    return asked, reminded


@task()
def consent_requests():
    """Ask and remind, then queue the next run."""
    try:
        asked, reminded = ask_and_remind()
        return f"asked {asked}, reminded {reminded}"
    finally:
        schedule_next_run(INTERVAL)
        task_chains.prune_finished_runs(consent_requests, KEEP_SUCCESSFUL, KEEP_FAILED)


def schedule_next_run(delay=INTERVAL):
    return task_chains.enqueue_unless_waiting(consent_requests, timezone.now() + delay)


def ensure_chain():
    return schedule_next_run(datetime.timedelta(0))
