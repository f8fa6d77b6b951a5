"""The publish guard: a post whose photos mark a child without consent does not go live.

Installed once, when the app is ready (policies.apps), because it wraps
Wagtail's publish action and workflow view; the rules it applies are in
policies.consent.photos.
"""

import logging

from django.db import transaction
from django.shortcuts import redirect
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.generic.workflow import WorkflowAction

from policies.consent.photos import PhotoConsentRefused, publication_problem, scheduled_publication_refused

logger = logging.getLogger(__name__)


def install():
    """Wrap Wagtail's page publish action once: a refused post does not go live.

    A scheduled publication (Wagtail's publish_scheduled) that is refused is
    unscheduled and left as a draft, so the command goes on with other pages;
    any other publication raises PhotoConsentRefused.
    """
    if getattr(PublishPageRevisionAction, "_photo_consent_installed", False):
        return
    wagtail_publish_revision = PublishPageRevisionAction._publish_revision

    def _publish_revision(self, revision, object, *args, **kwargs):
        problem = publication_problem(object)
        if problem is not None:
            if self.log_action == "wagtail.publish.scheduled":
                logger.warning("Scheduled publication of page %s refused: %s", object.pk, problem)
                type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
                scheduled_publication_refused(object, revision)
                return None
            raise PhotoConsentRefused(problem)
        return wagtail_publish_revision(self, revision, object, *args, **kwargs)

    _publish_revision.__doc__ = wagtail_publish_revision.__doc__
    PublishPageRevisionAction._publish_revision = _publish_revision
    PublishPageRevisionAction._photo_consent_installed = True
    _install_workflow_guard()


def _install_workflow_guard():
    """A director approving a refused post from the dashboard's dialog gets the message, not an error page.

    The approval runs inside a savepoint that is rolled back, so the task
    stays "in progress" and nothing is half approved.
    """
    wagtail_post = WorkflowAction.post

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return wagtail_post(self, request, *args, **kwargs)
        except PhotoConsentRefused as refusal:
            messages.error(request, str(refusal))
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return render_modal_workflow(
                    request, "", None, {}, json_data={"step": "success", "redirect": self.redirect_url}
                )
            return redirect(self.redirect_url)

    WorkflowAction.post = post
