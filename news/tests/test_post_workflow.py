"""Posts that wait for a director: the per-school approval workflow, its mail and its admin.

Real database, real SMTP server (`mailbox`), the real Wagtail admin. The
clock is set with the `clock` fixture (as in
schoolcalendar/tests/test_scheduled_publishing.py): it replaces
django.utils.timezone.now for Wagtail and for us alike.
"""

import datetime
import weakref
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Locale, Page, TaskState, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.language import remember_language
from classes.models import AdminGroup
from news import approval_mail
from news.approval import apply_settings, approval_required, school_workflow
from news.models import NewsSettings, PostPage
from roster.admin_groups import sync_all
from schoolcalendar import tasks as calendar_tasks
from testing.world import make_user

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


# 2026-11-23 is a Monday.
MONDAY_MORNING = at(2026, 11, 23, 10, 0)
MONDAY_NIGHT = at(2026, 11, 23, 22, 0)
TUESDAY_MORNING = at(2026, 11, 24, 8, 0)


class Clock:
    def __init__(self, monkeypatch):
        self.now = None
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now.astimezone(datetime.UTC))

    def set(self, moment):
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    clock.set(MONDAY_MORNING)
    return clock


def set_approval(school, required):
    row = NewsSettings.for_school(school)
    row.approval_required = required
    row.save()
    return row


@pytest.fixture
def approval_on(world):
    return set_approval(world.school, True)


def post_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "body": streamfield([("text", rich_text(f"<p>{title}: de kinderen hebben hard gewerkt.</p>"))]),
            **extra,
        }
    )


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["news", "postpage", parent.pk])


def create_post(client, user, parent, title, action):
    """Create a post in the admin as `user`; action is "action-publish" or "action-submit"."""
    client.force_login(user)
    return client.post(add_url(parent), post_form(title, **{action: action}))


def post_titled(title):
    return PostPage.objects.filter(title=title).first()


def refreshed(page):
    return PostPage.objects.get(pk=page.pk)


def submit(client, world, title="Uitje naar de kinderboerderij", django_capture_on_commit_callbacks=None):
    """teacher_a submits a new post in class A for approval; the mail tasks run when the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = create_post(client, world.users["teacher_a"], world.class_a, title, "action-submit")
    assert response.status_code == 302, response.content.decode()[:3000]
    return post_titled(title)


def waiting_task_state(page):
    return page.current_workflow_task_state


# The setting: workflow and permissions --------------------------------------


def test_approval_on_attaches_the_schools_workflow_with_its_directors(world, approval_on):
    workflow = school_workflow(world.school)
    assert workflow.active
    assert "Windwijzer" in workflow.name
    assert WorkflowPage.objects.get(page=world.school).workflow == workflow
    [task] = workflow.tasks.specific()
    assert isinstance(task, GroupApprovalTask)
    directors = AdminGroup.objects.get(kind=AdminGroup.DIRECTORS, translation_key=world.school.translation_key).group
    assert list(task.groups.all()) == [directors]
    assert world.users["director"].groups.filter(pk=directors.pk).exists()

    # The whole school follows it; the other school does not.
    for page in (world.school, world.class_a, world.class_b, world.class_a_post, world.school_post):
        assert page.get_workflow() == workflow, page.title
    assert world.other_school.get_workflow() is None
    assert world.other_class.get_workflow() is None
    assert approval_required(world.class_a_post) and not approval_required(world.other_post)


def test_no_workflow_anywhere_while_approval_is_off(world):
    """Wagtail's installation workflow on the tree root is switched off (news migration 0002)."""
    for page in (world.school, world.class_a, world.other_school, world.class_a_post):
        assert page.get_workflow() is None, page.title
    assert not Page.get_first_root_node().has_workflow


def test_approval_on_takes_publishing_away_from_teachers_only(world, approval_on):
    teacher = world.users["teacher_a"]
    perms = world.class_a.permissions_for_user(teacher)
    assert perms.can_add_subpage() and not perms.can_publish_subpage()
    post_perms = world.class_a_post.permissions_for_user(teacher)
    assert post_perms.can_edit() and not post_perms.can_publish()
    assert post_perms.can_submit_for_moderation()
    # Directors keep publishing directly, on every class.
    director = world.users["director"]
    for page in (world.class_a, world.class_b, world.school):
        assert page.permissions_for_user(director).can_publish_subpage(), page.title


def test_approval_off_detaches_the_workflow_and_gives_publishing_back(world, approval_on):
    workflow = school_workflow(world.school)
    set_approval(world.school, False)
    workflow.refresh_from_db()
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    assert world.class_a.get_workflow() is None
    assert world.class_a.permissions_for_user(world.users["teacher_a"]).can_publish_subpage()


def test_the_setting_is_idempotent_and_reuses_its_workflow(world, approval_on):
    workflow = school_workflow(world.school)
    row = NewsSettings.for_school(world.school)
    apply_settings(row)
    apply_settings(row)
    set_approval(world.school, False)
    set_approval(world.school, True)
    set_approval(world.school, True)
    assert school_workflow(world.school) == workflow
    assert Workflow.objects.filter(name=workflow.name).count() == 1
    assert GroupApprovalTask.objects.filter(name=workflow.name).count() == 1
    assert WorkflowPage.objects.filter(workflow=workflow).count() == 1
    # Rebuilding every admin group keeps the teachers without publish.
    sync_all()
    assert not world.class_a.permissions_for_user(world.users["teacher_a"]).can_publish_subpage()
    assert world.class_b.permissions_for_user(world.users["director"]).can_publish_subpage()


def test_a_new_translation_of_the_school_gets_the_workflow(world, approval_on):
    english = Locale.objects.get(language_code="en")
    translated = world.school.copy_for_translation(english)
    assert WorkflowPage.objects.get(page=translated).workflow == school_workflow(world.school)


def test_a_new_class_group_in_a_school_with_approval_gives_its_teachers_no_publish(world, approval_on):
    from classes.models import ClassPage, ClassTeacher
    from classes.schoolyear import current_school_year

    new_class = world.school.add_child(
        instance=ClassPage(title="Groep C", slug="groep-c", school_year=current_school_year(), year_levels="7")
    )
    ClassTeacher.objects.create(page=new_class, user=world.users["teacher_b"])
    perms = new_class.permissions_for_user(world.users["teacher_b"])
    assert perms.can_add_subpage() and not perms.can_publish_subpage()


# Never into another class ------------------------------------------------------


@pytest.mark.parametrize("required", [False, True])
def test_a_teacher_never_creates_or_publishes_outside_their_class(client, world, clock, required):
    set_approval(world.school, required)
    teacher = world.users["teacher_a"]
    client.force_login(teacher)
    for parent in (world.class_b, world.school, world.other_school):
        assert client.get(add_url(parent)).status_code in (302, 403), parent.title
        for action in ("action-publish", "action-submit"):
            response = client.post(add_url(parent), post_form(f"Inbraak {parent.pk} {action}", **{action: action}))
            assert response.status_code in (302, 403), (parent.title, action)
            assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not PostPage.objects.filter(title__startswith="Inbraak").exists()

    # Nor publishes (or submits) class B's post by editing it.
    before = world.class_b_post.latest_revision_id
    for action in ("action-publish", "action-submit"):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[world.class_b_post.pk]),
            post_form("Nieuws B overgenomen", slug=world.class_b_post.slug, **{action: action}),
        )
        assert response.status_code == 403
    post = refreshed(world.class_b_post)
    assert post.title == "Nieuws B" and post.latest_revision_id == before
    assert not WorkflowState.objects.filter(object_id=str(post.pk)).exists()


def test_with_approval_a_teachers_publish_is_refused(client, world, clock, approval_on):
    response = create_post(client, world.users["teacher_a"], world.class_a, "Zelf gepubliceerd", "action-publish")
    assert response.status_code in (302, 403)
    post = post_titled("Zelf gepubliceerd")
    assert post is None or not post.live


def test_without_approval_a_teacher_publishes_directly_in_working_hours_only(client, world, clock):
    create_post(client, world.users["teacher_a"], world.class_a, "Gymles verplaatst", "action-publish")
    assert post_titled("Gymles verplaatst").live
    clock.set(MONDAY_NIGHT)
    create_post(client, world.users["teacher_a"], world.class_a, "Late mededeling", "action-publish")
    late = post_titled("Late mededeling")
    assert not late.live and late.go_live_at == TUESDAY_MORNING


def test_with_approval_a_director_still_publishes_directly(client, world, clock, approval_on):
    response = create_post(client, world.users["director"], world.class_a, "Van de directie", "action-publish")
    assert response.status_code == 302
    assert post_titled("Van de directie").live


# Submit → mail → approve → live → teacher told ------------------------------


def test_submitting_mails_the_directors_by_a_task_not_in_the_request(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = create_post(client, world.users["teacher_a"], world.class_a, "Schoolreisje", "action-submit")
    assert response.status_code == 302
    post = post_titled("Schoolreisje")
    assert not post.live and post.workflow_in_progress
    assert mailbox.messages == []  # nothing is sent inside the request
    queued = [
        cb for cb in callbacks if getattr(getattr(cb, "func", None), "__self__", None) is approval_mail.mail_reviewers
    ]
    assert len(queued) == 1, callbacks

    for callback in callbacks:
        callback()
    [message] = mailbox.to("director@test.example")
    assert len(mailbox.messages) == 1  # not the other school's director, not the teacher, no Wagtail mail
    assert "Schoolreisje" in message["Subject"]
    assert message["Content-Language"] == "nl"
    body = mailbox.text(message)
    edit_link = f"http://testserver{reverse('wagtailadmin_pages:edit', args=[post.pk])}"
    assert edit_link in body and edit_link in mailbox.html(message)
    assert "Groep A" in body and "teacher.a" in body


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the in-process db_worker closes the test's connection inside its transaction on PostgreSQL "
    "(close_old_connections); the SQLite run covers this test",
)
def test_the_mail_task_is_queued_for_the_worker(
    client, world, clock, approval_on, mailbox, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    submit(client, world, "Luizencontrole", django_capture_on_commit_callbacks)
    result = DBTaskResult.objects.get(task_path=approval_mail.mail_reviewers.module_path)
    assert result.status == "READY" and mailbox.messages == []
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL", result.traceback
    assert [m["Subject"] for m in mailbox.to("director@test.example")] and len(mailbox.messages) == 1


def test_a_director_who_chose_english_gets_english(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    remember_language(world.users["director"], "en")
    submit(client, world, "Kerstviering", django_capture_on_commit_callbacks)
    [message] = mailbox.to("director@test.example")
    assert message["Content-Language"] == "en"
    assert message["Subject"] == "Waiting for your approval: Kerstviering"


def test_nobody_outside_the_directors_group_is_mailed(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    make_user("root@test.example", is_superuser=True, is_staff=True)
    submit(client, world, "Sponsorloop", django_capture_on_commit_callbacks)
    assert {r.rcpt_tos[0] for r in mailbox.received} == {"director@test.example"}


def test_approved_in_working_hours_is_live_and_the_teacher_is_told(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    post = submit(client, world, "Voorleeswedstrijd", django_capture_on_commit_callbacks)
    mailbox.clear()
    client.force_login(world.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[post.pk]),
            post_form(
                post.title, slug=post.slug, **{"action-workflow-action": "true", "workflow-action-name": "approve"}
            ),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = refreshed(post)
    assert post.live and not post.workflow_in_progress
    [message] = mailbox.to("teacher.a@test.example")
    # Besides the teacher, only the post's parent hears of it (notifications outbox).
    assert {r.rcpt_tos[0] for r in mailbox.received} == {"teacher.a@test.example", "parent.a@test.example"}
    assert "Voorleeswedstrijd" in message["Subject"]
    assert post.get_full_url() in mailbox.text(message)


def test_approved_at_night_appears_in_the_morning_and_the_teacher_is_told_when(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    post = submit(client, world, "Nieuwe gymtijden", django_capture_on_commit_callbacks)
    state = waiting_task_state(post)
    mailbox.clear()
    clock.set(MONDAY_NIGHT)
    client.force_login(world.users["director"])
    # From the dashboard's "Awaiting your review" panel.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk]), {"comment": ""}
        )
    assert response.status_code == 302
    post = refreshed(post)
    assert not post.live and post.go_live_at == TUESDAY_MORNING
    assert post.get_latest_revision().approved_go_live_at == TUESDAY_MORNING
    [message] = mailbox.to("teacher.a@test.example")
    text = mailbox.text(message)
    assert "24 november 2026" in text and "08:00" in text, text

    clock.set(at(2026, 11, 24, 8, 1))
    calendar_tasks.publish_scheduled_pages.call()
    assert refreshed(post).live


def test_changes_requested_reach_the_teacher_with_the_comment(
    client, world, clock, approval_on, mailbox, django_capture_on_commit_callbacks
):
    post = submit(client, world, "Excursie museum", django_capture_on_commit_callbacks)
    state = waiting_task_state(post)
    mailbox.clear()
    client.force_login(world.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "reject", state.pk]),
            {"comment": "Zet je de vertrektijd erbij?"},
        )
    assert response.status_code == 302
    post = refreshed(post)
    assert not post.live
    assert post.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [message] = mailbox.to("teacher.a@test.example")
    text = mailbox.text(message)
    assert "Zet je de vertrektijd erbij?" in text
    assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in text
    assert "Excursie museum" in message["Subject"]

    # The teacher changes it and submits again: the directors hear of it again.
    mailbox.clear()
    client.force_login(world.users["teacher_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[post.pk]),
            post_form("Excursie museum", slug=post.slug, **{"action-submit": "action-submit"}),
        )
    assert response.status_code == 302
    assert refreshed(post).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert len(mailbox.to("director@test.example")) == 1


def test_switching_approval_off_returns_waiting_posts_to_drafts(
    client, world, clock, approval_on, django_capture_on_commit_callbacks
):
    post = submit(client, world, "Oudergesprekken", django_capture_on_commit_callbacks)
    set_approval(world.school, False)
    post = refreshed(post)
    assert not post.workflow_in_progress and not post.live
    assert post.permissions_for_user(world.users["teacher_a"]).can_publish()


# Only the school's own directors ---------------------------------------------


def test_the_other_schools_director_cannot_see_or_approve(
    client, world, clock, approval_on, django_capture_on_commit_callbacks
):
    post = submit(client, world, "Kamp groep 8", django_capture_on_commit_callbacks)
    state = waiting_task_state(post)
    outsider = world.users["director_other_school"]
    assert not TaskState.objects.reviewable_by(outsider).exists()
    client.force_login(outsider)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).status_code == 403
    for action in ("approve", "reject"):
        url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, state.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"comment": "nee"}).status_code == 403
    # Nor may a teacher of another class of the same school, nor the teacher herself.
    for user in (world.users["teacher_b"], world.users["teacher_a"]):
        client.force_login(user)
        url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk])
        response = client.post(url, {"comment": ""})
        assert response.status_code in (302, 403) and not refreshed(post).live
    post = refreshed(post)
    assert post.workflow_in_progress and not post.live


def test_the_dashboard_shows_waiting_posts_to_their_schools_directors_only(
    client, world, clock, approval_on, django_capture_on_commit_callbacks
):
    submit(client, world, "Sinterklaasfeest", django_capture_on_commit_callbacks)
    dashboard = reverse("wagtailadmin_home")
    client.force_login(world.users["director"])
    html = client.get(dashboard).content.decode()
    assert "Sinterklaasfeest" in html
    assert (
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[
                post_titled("Sinterklaasfeest").pk,
                "approve",
                waiting_task_state(post_titled("Sinterklaasfeest")).pk,
            ],
        )
        in html
    )
    for role in ("director_other_school", "teacher_b"):
        client.force_login(world.users[role])
        assert "Sinterklaasfeest" not in client.get(dashboard).content.decode(), role
    # The teacher sees her own post waiting, without approve buttons.
    client.force_login(world.users["teacher_a"])
    html = client.get(dashboard).content.decode()
    assert "Sinterklaasfeest" in html
    assert "/workflow/action/" not in html


def test_wagtails_own_workflow_mails_are_switched_off():
    from wagtail.admin import mail as wagtail_mail
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

    for signal in (task_submitted, workflow_submitted, workflow_approved, workflow_rejected):
        receivers = [r() if isinstance(r, weakref.ReferenceType) else r for _key, r, *_rest in signal.receivers]
        assert receivers and not any(isinstance(r, wagtail_mail.Notifier) for r in receivers), signal
        assert any(getattr(r, "__module__", "") == "news.approval_mail" for r in receivers), signal


# The settings admin ----------------------------------------------------------


def test_a_director_switches_approval_on_in_the_admin(client, world):
    client.force_login(world.users["director"])
    response = client.get(reverse("news_settings:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Windwijzer" in html and "Other school" not in html
    row = NewsSettings.objects.get(school=world.school)
    assert not NewsSettings.objects.filter(school=world.other_school).exists()
    url = reverse("news_settings:edit", args=[row.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"approval_required": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert world.class_a.get_workflow() == school_workflow(world.school)
    response = client.post(url, {})
    assert response.status_code == 302
    assert world.class_a.get_workflow() is None


def test_only_a_schools_directors_reach_its_settings(client, world):
    own = NewsSettings.for_school(world.school)
    other = NewsSettings.for_school(world.other_school)
    client.force_login(world.users["director"])
    assert client.get(reverse("news_settings:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("news_settings:edit", args=[other.pk]), {"approval_required": "on"}).status_code == 404
    assert not NewsSettings.objects.get(pk=other.pk).approval_required
    for role in ("teacher_a", "teacher_b"):
        client.force_login(world.users[role])
        for url in (reverse("news_settings:index"), reverse("news_settings:edit", args=[own.pk])):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (role, url)
            assert response.status_code != 302 or response["Location"] == reverse("wagtailadmin_home")
        response = client.post(reverse("news_settings:edit", args=[own.pk]), {"approval_required": "on"})
        assert response.status_code in (302, 403, 404)
    assert not NewsSettings.objects.get(pk=own.pk).approval_required
    client.force_login(world.users["parent_a"])
    assert client.get(reverse("news_settings:index")).status_code == 403
    # The menu item is there for directors only.
    for role, shown in (("director", True), ("teacher_a", False)):
        client.force_login(world.users[role])
        assert (reverse("news_settings:index") in client.get(reverse("wagtailadmin_home")).content.decode()) is shown


def test_workflow_reports_are_for_superusers_only(
    client, world, clock, approval_on, django_capture_on_commit_callbacks
):
    """Their "requested by" filter would name teachers of every school to any director."""
    submit(client, world, "Schoolfotograaf", django_capture_on_commit_callbacks)
    for role in ("director", "director_other_school", "teacher_a"):
        client.force_login(world.users[role])
        for name in ("wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"):
            response = client.get(reverse(name))
            assert response.status_code == 403, (role, name)
            assert role == "teacher_a" or "teacher.a" not in response.content.decode()
        assert reverse("wagtailadmin_reports:workflow") not in client.get(reverse("wagtailadmin_home")).content.decode()
    root = make_user("root@test.example", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("wagtailadmin_reports:workflow")).status_code == 200
