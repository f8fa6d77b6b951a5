"""Posts that wait for a director: one Wagtail workflow per school, following its setting.

A school decides in its news settings (`NewsSettings.approval_required`,
edited by its directors in the admin) whether teachers' posts need a
director's approval. `apply_settings` makes Wagtail follow that decision,
and is safe to run any number of times:

* On: the school's workflow "Directors' approval – <school>" (one Wagtail
  `Workflow` with one `GroupApprovalTask` for the school's generated
  directors group, `roster.admin_groups`) is attached to the school page
  and to every translation of it, so to the whole school. Class teachers
  lose the publish permission on their class groups (`admin_groups` asks
  `approval_required`), so Wagtail offers them "Submit to ..." instead of
  "Publish"; a director approves (or requests changes) in the admin.
* Off: the workflow is detached and switched off; posts that were waiting
  go back to being drafts, and class teachers get their publish permission
  back. The workflow is kept (inactive) for the next time.

Directors always publish directly: they hold the publish permission on the
whole school. Approved posts are published through Wagtail's publish action,
so `schoolcalendar.publishing` still moves a publication outside working
hours to the next working moment.

Mail about waiting posts and their outcome: `news.approval_mail`.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from classes.models import AdminGroup
from home.models import SchoolPage
from news.models import NewsSettings
from roster.admin_groups import group_for, refresh_class_teacher_groups, register_approval_check

SCHOOL_PATH_LENGTH = Page.steplen * 2

WORKFLOW_NAME_MAX = Workflow._meta.get_field("name").max_length


def approval_required(page):
    """Do teachers' posts in this page's school need a director's approval?

    `page` is the school page or any page in the school, in any language.
    Reading never creates a settings row.
    """
    path = getattr(page, "path", "") or ""
    if len(path) < SCHOOL_PATH_LENGTH:
        return False
    school_keys = SchoolPage.objects.filter(path=path[:SCHOOL_PATH_LENGTH]).values("translation_key")
    return NewsSettings.objects.filter(school__translation_key__in=school_keys, approval_required=True).exists()


def workflow_name(school):
    """'Directors' approval – De Windwijzer', in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        name = gettext("Directors' approval – %(school)s") % {"school": school.title}
    return name[:WORKFLOW_NAME_MAX]


def school_workflow(school):
    """The school's approval workflow (active or not), or None when approval was never switched on."""
    rows = NewsSettings.objects.filter(school__translation_key=school.translation_key).select_related(
        "approval_workflow"
    )
    row = rows.first()
    return row.approval_workflow if row else None


def approval_task(workflow):
    """The group approval task of a school's workflow (its first one), or None."""
    return (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .first()
    )


@transaction.atomic
def apply_settings(row):
    """Make the school's workflow and its class teachers' permissions follow `row`. Idempotent."""
    school = row.school
    if row.approval_required:
        workflow = _ensure_workflow(row)
        for page in SchoolPage.objects.filter(translation_key=school.translation_key):
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    elif row.approval_workflow_id is not None:
        _switch_off(row.approval_workflow)
    refresh_class_teacher_groups(school)


def _ensure_workflow(row):
    """The school's workflow with its one task for the school's directors, made or repaired."""
    school = row.school
    name = workflow_name(school)
    directors = group_for(AdminGroup.DIRECTORS, school.translation_key)

    workflow = row.approval_workflow
    if workflow is None:
        workflow = Workflow.objects.create(name=name)
        NewsSettings.objects.filter(pk=row.pk).update(approval_workflow=workflow)
        row.approval_workflow = workflow
    if not workflow.active or workflow.name != name:
        workflow.active = True
        workflow.name = name
        workflow.save(update_fields=["active", "name"])

    task = approval_task(workflow)
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if not task.active or task.name != name:
        task.active = True
        task.name = name
        task.save(update_fields=["active", "name"])
    if set(task.groups.values_list("pk", flat=True)) != {directors.pk}:
        task.groups.set([directors])
    return workflow


def _switch_off(workflow):
    """Detach and deactivate the workflow; posts waiting in it become drafts again."""
    if workflow.active or workflow.workflow_pages.exists():
        # Cancels the posts in review and deletes every WorkflowPage.
        workflow.deactivate()
    for state in WorkflowState.objects.filter(workflow=workflow, status=WorkflowState.STATUS_NEEDS_CHANGES):
        state.cancel()


# Signals ---------------------------------------------------------------------


def _settings_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        apply_settings(instance)


def _school_saved(sender, instance, created, raw=False, **kwargs):
    """A new translation of a school with approval on gets the workflow too."""
    if raw or not created:
        return
    row = NewsSettings.objects.filter(school__translation_key=instance.translation_key).first()
    if row is not None and row.approval_required:
        apply_settings(row)


def connect_signals():
    register_approval_check(approval_required)
    post_save.connect(_settings_saved, sender=NewsSettings, dispatch_uid="news_approval_settings_saved")
    post_save.connect(_school_saved, sender=SchoolPage, dispatch_uid="news_approval_school_saved")
