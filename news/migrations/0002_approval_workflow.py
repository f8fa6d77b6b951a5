"""Each school's approval workflow, and no workflow for the whole tree.

Wagtail's installation attaches a "Moderators approval" workflow to the tree
root, so every page of every school would offer "Submit to Moderators
approval" (to a group nobody is in). In this portal a school decides whether
posts need approval (news.NewsSettings.approval_required), and that school's
own workflow is attached to its school page (news.approval). The root's
workflow is detached and switched off here; the workflow itself is kept.
"""

import django.db.models.deletion
from django.db import migrations, models


def detach_workflows_from_the_root(apps, schema_editor):
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    on_root = WorkflowPage.objects.filter(page__depth=1)
    workflow_ids = set(on_root.values_list("workflow_id", flat=True))
    on_root.delete()
    for workflow in Workflow.objects.filter(pk__in=workflow_ids):
        in_use = workflow.workflow_pages.exists() or WorkflowState.objects.filter(
            workflow=workflow, status__in=("in_progress", "needs_changes")
        ).exists()
        if not in_use:
            workflow.active = False
            workflow.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="newssettings",
            name="approval_workflow",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="news_settings",
                to="wagtailcore.workflow",
                verbose_name="approval workflow",
            ),
        ),
        migrations.RunPython(detach_workflows_from_the_root, migrations.RunPython.noop),
    ]
