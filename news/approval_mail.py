"""Mail about posts in review: to the directors when a post waits, to the teacher afterwards.

Wagtail mails its own workflow notifications from inside the request that
submits, approves or rejects, so a slow or unreachable mail server would slow
down or break the admin. `take_over_wagtail_notifications` (called from
`NewsConfig.ready`) switches those off and connects these instead; they only
enqueue a task when the transaction commits, and the task worker sends:

* a post submitted to a group approval task (a school's "Directors'
  approval"): `mail_reviewers` mails the members of the task's groups who may
  see the post (`access.rules`), with a link to the review in the admin;
* approved: `mail_outcome` tells the teacher who submitted it when the post
  appears: now, or the working moment `schoolcalendar.publishing` moved the
  publication to;
* changes requested: `mail_outcome` tells the teacher, with the director's
  comment.

Every mail is in the recipient's own language (`accounts.mail`), and honours
the notification choices of their Wagtail account settings ("submitted",
"approved", "rejected"). Superusers get no mail unless they are in the
reviewing group. Code that builds content (the demo seed) can keep quiet with
`without_notifications()`.
"""

import contextlib
import contextvars
import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from access.rules import can_view_page
from accounts.mail import send_account_mail
from accounts.models import User
from news.models import summarise

logger = logging.getLogger(__name__)

_quiet = contextvars.ContextVar("news_approval_mail_quiet", default=False)


@contextlib.contextmanager
def without_notifications():
    """No mail about workflow steps taken inside this block (for the demo seed and fixtures)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


# Receivers: only enqueue ------------------------------------------------------


def _user_id(user):
    return getattr(user, "pk", None)


def task_was_submitted(sender, instance, user=None, **kwargs):
    """A post waits for review in a task: mail its reviewers."""
    if _quiet.get() or not isinstance(instance.task.specific, AbstractGroupApprovalTask):
        return
    transaction.on_commit(partial(mail_reviewers.enqueue, instance.pk, _user_id(user)))


def workflow_was_approved(sender, instance, user=None, **kwargs):
    """The last task was approved and the post published (or scheduled): tell the teacher when it appears."""
    if _quiet.get():
        return
    revision = instance.content_object.get_latest_revision()
    moment = revision.approved_go_live_at if revision is not None else None
    transaction.on_commit(
        partial(mail_outcome.enqueue, instance.pk, "approved", _user_id(user), moment.isoformat() if moment else None)
    )


def workflow_was_rejected(sender, instance, user=None, **kwargs):
    """A director requested changes: tell the teacher, with the comment."""
    if _quiet.get():
        return
    transaction.on_commit(partial(mail_outcome.enqueue, instance.pk, "rejected", _user_id(user), None))


def workflow_submission_is_not_mailed(sender, instance, user=None, **kwargs):
    """Wagtail mails superusers on every submission; here the task's reviewers are mailed instead."""


# (signal, sender, Wagtail's dispatch_uid in wagtail.admin.signal_handlers, our receiver)
RECEIVERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", task_was_submitted),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        workflow_submission_is_not_mailed,
    ),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", workflow_was_approved),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", workflow_was_rejected),
]


def take_over_wagtail_notifications():
    """Replace Wagtail's synchronous workflow mails by ours, whichever app is ready first.

    Our receivers are connected under Wagtail's own dispatch_uids: a signal
    keeps one receiver per (dispatch_uid, sender), so Wagtail's connect in
    `wagtail.admin`'s ready() is ignored when it comes later, and Wagtail's
    receiver is disconnected here when it came first.
    """
    for signal, sender, dispatch_uid, receiver in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)


# Tasks: look everything up when they run -------------------------------------


def admin_link(page, path):
    """An absolute admin link on the page's own school site (or the configured base URL).

    Site addresses are set by administrators, never taken from a request.
    """
    site = page.get_site()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def _post_context(page, revision=None):
    shown = revision.as_object() if revision is not None else page
    body = getattr(shown, "body", None)
    excerpt = summarise(body)[0] if body is not None else ""
    parent = page.get_parent()
    return {
        "post_title": shown.title,
        "excerpt": excerpt,
        "group_title": parent.title if parent is not None else "",
        "edit_link": admin_link(page, reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }


def _wants(user, notification):
    """The user's choice in their Wagtail account settings (on unless switched off)."""
    return getattr(UserProfile.get_for_user(user), f"{notification}_notifications", True)


@task()
def mail_reviewers(task_state_id, submitted_by_id=None):
    """Mail the reviewers of a post that waits in a group approval task. Returns how many were mailed."""
    state = TaskState.objects.select_related("workflow_state", "revision").filter(pk=task_state_id).first()
    if state is None or state.status != TaskState.STATUS_IN_PROGRESS:
        return 0  # decided (or withdrawn) before the mail went out
    page = state.workflow_state.content_object
    if not isinstance(page, Page):
        return 0
    page = page.specific
    group_ids = state.task.specific.groups.values_list("pk", flat=True)
    reviewers = User.objects.filter(groups__in=group_ids, is_active=True).exclude(pk=submitted_by_id).distinct()
    submitter = User.objects.filter(pk=submitted_by_id).first()
    context = {
        **_post_context(page, state.revision),
        "submitted_by": str(submitter) if submitter else "",
        "task_name": state.task.name,
    }
    sent = 0
    for reviewer in reviewers.order_by("pk"):
        if not reviewer.email or not can_view_page(reviewer, page) or not _wants(reviewer, "submitted"):
            continue
        send_account_mail(reviewer, "news/email/approval_requested", context)
        sent += 1
    return sent


@task()
def mail_outcome(workflow_state_id, outcome, decided_by_id=None, appears_at=None):
    """Tell the teacher who submitted a post that it was approved (and when it appears) or needs changes."""
    state = (
        WorkflowState.objects.select_related("requested_by", "current_task_state").filter(pk=workflow_state_id).first()
    )
    if state is None or not isinstance(state.content_object, Page):
        return False
    teacher = state.requested_by
    if teacher is None or teacher.pk == decided_by_id or not teacher.is_active or not teacher.email:
        return False
    page = state.content_object.specific
    if not can_view_page(teacher, page) or not _wants(teacher, outcome):
        return False
    task_state = state.current_task_state.specific if state.current_task_state else None
    decided_by = User.objects.filter(pk=decided_by_id).first()
    context = {
        **_post_context(page, task_state.revision if task_state else None),
        "decided_by": str(decided_by) if decided_by else "",
        "comment": task_state.get_comment() if task_state else "",
        "appears_at": datetime.datetime.fromisoformat(appears_at) if appears_at else None,
        "post_link": page.get_full_url() or "",
    }
    template = "news/email/post_approved" if outcome == "approved" else "news/email/post_rejected"
    send_account_mail(teacher, template, context)
    return True
