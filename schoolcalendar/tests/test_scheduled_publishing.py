"""Posts go out during working hours, and scheduled publishing runs by itself.

InfoPage stands in for a page type that opts in (`respects_working_hours =
True`, as news.PostPage will): the `opted_in` fixture sets the attribute for
one test. The clock is set with the `clock` fixture, which replaces
django.utils.timezone.now for Wagtail and for us alike.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.models import InfoPage
from schoolcalendar import tasks
from schoolcalendar.models import ClosedPeriod, SchoolCalendarSettings
from schoolcalendar.publishing import publication_moment, without_working_hours

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


# 2026-11-23 is a Monday.
MONDAY_NIGHT = at(2026, 11, 23, 22, 0)
TUESDAY_MORNING = at(2026, 11, 24, 8, 0)


@pytest.fixture
def opted_in(monkeypatch):
    monkeypatch.setattr(InfoPage, "respects_working_hours", True, raising=False)


def draft(parent, title="Nieuwsbrief", **fields):
    page = parent.add_child(instance=InfoPage(title=title, slug=title.lower().replace(" ", "-"), live=False, **fields))
    return InfoPage.objects.get(pk=page.pk)


def refreshed(page):
    return InfoPage.objects.get(pk=page.pk)


# Publishing in code (every path ends in Wagtail's publish action) ------------


def test_published_at_night_appears_at_the_next_working_day_start(world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    revision = page.save_revision()
    revision.publish()
    page = refreshed(page)
    assert not page.live
    assert page.go_live_at == TUESDAY_MORNING
    revision.refresh_from_db()
    assert revision.approved_go_live_at == TUESDAY_MORNING
    assert revision.as_object().go_live_at == TUESDAY_MORNING  # the editor's form shows it

    # Before 08:00 the scheduler leaves it; from 08:00 it goes live.
    clock.set(at(2026, 11, 24, 7, 59))
    tasks.publish_scheduled_pages.call()
    assert not refreshed(page).live
    clock.set(at(2026, 11, 24, 8, 1))
    tasks.publish_scheduled_pages.call()
    page = refreshed(page)
    assert page.live and page.live_revision_id == revision.pk
    assert page.first_published_at == at(2026, 11, 24, 8, 1)


def test_content_building_code_can_publish_at_any_hour(world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    with without_working_hours():
        page.save_revision().publish()
    assert refreshed(page).live
    later = draft(world.school, title="Later")
    later.save_revision().publish()  # outside the block the rule is back
    assert not refreshed(later).live


def test_published_during_working_hours_goes_live_at_once(world, clock, opted_in):
    clock.set(at(2026, 11, 23, 10, 0))
    page = draft(world.school)
    page.save_revision().publish()
    page = refreshed(page)
    assert page.live and page.go_live_at is None


def test_weekend_and_holiday_are_skipped(world, clock, opted_in):
    ClosedPeriod.objects.create(
        school=world.school,
        name="Studiedag",
        kind=ClosedPeriod.STUDY_DAY,
        first_day=at(2026, 11, 30).date(),
        last_day=at(2026, 11, 30).date(),
    )
    clock.set(at(2026, 11, 27, 17, 30))  # Friday after working hours
    page = draft(world.school)
    page.save_revision().publish()
    assert refreshed(page).go_live_at == at(2026, 12, 1, 8, 0)  # Monday is a study day


def test_school_settings_decide_the_hours(world, clock, opted_in):
    SchoolCalendarSettings.objects.create(
        school=world.school, working_hours_start=datetime.time(7, 0), working_hours_end=datetime.time(23, 0)
    )
    clock.set(MONDAY_NIGHT)
    on_time = draft(world.school)
    on_time.save_revision().publish()
    assert refreshed(on_time).live  # this school works until 23:00
    late = draft(world.other_school, title="Late news")
    late.save_revision().publish()
    assert refreshed(late).go_live_at == TUESDAY_MORNING  # the other school keeps 17:00


def test_an_explicit_later_go_live_at_is_kept(world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    wednesday = at(2026, 11, 25, 10, 30)
    page = draft(world.school, go_live_at=wednesday)
    revision = page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == wednesday
    assert not refreshed(page).live


def test_an_explicit_go_live_at_at_night_moves_to_working_hours(world, clock, opted_in):
    clock.set(at(2026, 11, 23, 12, 0))
    page = draft(world.school, go_live_at=at(2026, 11, 24, 23, 0))
    revision = page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == at(2026, 11, 25, 8, 0)


def test_pages_that_do_not_opt_in_publish_at_once(world, clock):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    page.save_revision().publish()
    assert refreshed(page).live
    assert publication_moment(page) is None


def test_a_live_page_keeps_its_live_version_until_the_morning(world, clock, opted_in):
    clock.set(at(2026, 11, 23, 10, 0))
    page = draft(world.school)
    first = page.save_revision()
    first.publish()
    clock.set(MONDAY_NIGHT)
    page = refreshed(page)
    page.title = "Nieuwsbrief (verbeterd)"
    second = page.save_revision()
    second.publish()
    page = refreshed(page)
    assert page.live and page.live_revision_id == first.pk and page.title == "Nieuwsbrief"
    clock.set(
        at(
            2026,
            11,
            24,
            8,
            0,
        )
        + datetime.timedelta(seconds=30)
    )
    tasks.publish_scheduled_pages.call()
    page = refreshed(page)
    assert page.live_revision_id == second.pk and page.title == "Nieuwsbrief (verbeterd)"


def test_workflow_approval_by_a_director_at_night(world, clock, opted_in):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    director = world.users["director"]
    workflow = Workflow.objects.create(name="Nieuws controleren")
    task = GroupApprovalTask.objects.create(name="Directeur keurt goed")
    task.groups.set(director.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=world.school)

    clock.set(at(2026, 11, 23, 14, 0))
    page = draft(world.school)
    page.save_revision(user=world.users["teacher_a"])
    workflow.start(page, world.users["teacher_a"])
    clock.set(MONDAY_NIGHT)
    page = refreshed(page)
    page.current_workflow_task.on_action(page.current_workflow_task_state, director, "approve")
    page = refreshed(page)
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at == TUESDAY_MORNING


# The admin tells the editor ----------------------------------------------


def edit_post(page, **extra):
    return nested_form_data({"title": page.title, "slug": page.slug, "body": rich_text("<p>Hallo</p>"), **extra})


def message_texts(response):
    """The messages the editor sees on the page the admin redirects to.

    Not the request's own message storage: messages read and dropped during
    the request (Wagtail's replaced confirmation) are still listed there.
    """
    assert response.status_code == 302, response.status_code
    shown = response.client.get(response["Location"])
    return [str(m.message) for m in get_messages(shown.wsgi_request)]


# The admin speaks the editor's language: Dutch unless they chose English.
APPEARS = "Dit bericht verschijnt op"
APPEARS_EN = "This post will appear on"


def test_admin_publish_at_night_says_when_it_appears(client, world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    client.force_login(world.users["director"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_post(page, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    texts = message_texts(response)
    assert any(APPEARS in text and "08:00" in text for text in texts), texts
    assert not any("is gepubliceerd" in text for text in texts), texts  # Wagtail's "... has been published."
    page = refreshed(page)
    assert not page.live and page.go_live_at == TUESDAY_MORNING


def test_admin_publish_at_night_in_dutch_names_the_weekday(client, world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    client.force_login(world.users["director"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post(page, **{"action-publish": "action-publish"}),
    )
    texts = " ".join(message_texts(response))
    assert f"{APPEARS} dinsdag 24 november 2026 om 08:00." in texts, texts


def test_admin_publish_at_night_in_english_for_a_director_who_chose_english(client, world, clock, opted_in):
    from accounts.language import remember_language

    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    director = world.users["director"]
    remember_language(director, "en")
    client.force_login(director)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post(page, **{"action-publish": "action-publish"}),
    )
    texts = " ".join(message_texts(response))
    assert f"{APPEARS_EN} Tuesday 24 November 2026 at 08:00." in texts, texts
    assert "has been published" not in texts, texts


def test_admin_publish_in_working_hours_is_plain(client, world, clock, opted_in):
    clock.set(at(2026, 11, 23, 11, 0))
    page = draft(world.school)
    client.force_login(world.users["director"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_post(page, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert not any(APPEARS in text for text in message_texts(response))
    assert refreshed(page).live


def test_admin_create_at_night(client, world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    client.force_login(world.users["director"])
    url = reverse("wagtailadmin_pages:add", args=["home", "infopage", world.school.pk])
    data = nested_form_data(
        {
            "title": "Kerstviering",
            "slug": "kerstviering",
            "body": rich_text("<p>Hallo</p>"),
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = InfoPage.objects.get(slug="kerstviering")
    assert not page.live and page.go_live_at == TUESDAY_MORNING
    assert any(APPEARS in text for text in message_texts(response))


def test_admin_message_after_a_bad_form_is_the_form_not_a_500(client, world, clock, opted_in):
    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    client.force_login(world.users["director"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post(page, title="", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 200
    assert not refreshed(page).live and refreshed(page).go_live_at is None


# The scheduler chain -------------------------------------------------------


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_task_publishes_what_is_due(world, clock):
    clock.set(at(2026, 11, 23, 10, 0))
    page = draft(world.school, go_live_at=at(2026, 11, 23, 10, 5))
    page.save_revision().publish()
    assert not refreshed(page).live
    clock.set(at(2026, 11, 23, 10, 6))
    result = tasks.publish_scheduled_pages.enqueue()  # the immediate backend of the tests runs it now
    assert result.status == "SUCCESSFUL"
    assert refreshed(page).live


def test_the_chain_is_unique(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    assert tasks.ensure_chain() is not None
    assert tasks.ensure_chain() is None
    assert tasks.waiting_runs().count() == 1

    # A run (claimed by a worker) queues exactly one successor, about a minute later.
    run = tasks.waiting_runs().get()
    run.claim("test-worker")
    before = datetime.datetime.now(datetime.UTC)
    tasks.publish_scheduled_pages.call()
    successor = tasks.waiting_runs().get()
    assert successor.pk != run.pk
    assert datetime.timedelta(seconds=50) < successor.run_after - before < datetime.timedelta(seconds=70)

    # Two chains (two workers started at once) heal into one.
    tasks.publish_scheduled_pages.using(run_after=successor.run_after).enqueue()
    assert tasks.waiting_runs().count() == 2
    first, second = tasks.waiting_runs().order_by("enqueued_at")
    first.claim("test-worker")
    tasks.publish_scheduled_pages.call()
    assert list(tasks.waiting_runs()) == [second]
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_chain_continues_when_a_run_fails(world, settings, monkeypatch):
    settings.TASKS = DB_TASKS

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(tasks, "call_command", broken)
    with pytest.raises(RuntimeError):
        tasks.publish_scheduled_pages.call()
    assert tasks.waiting_runs().count() == 1


def test_the_immediate_backend_never_chains(world):
    assert tasks.schedule_next_run() is None
    assert tasks.ensure_chain() is None


@pytest.mark.django_db(transaction=True)
def test_run_worker_starts_the_chain_and_runs_it(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    call_command("run_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    finished = DBTaskResult.objects.filter(task_path=tasks.publish_scheduled_pages.module_path, status="SUCCESSFUL")
    assert finished.count() == 1
    assert tasks.waiting_runs().count() == 1  # the next run, a minute from now
    # Starting the worker again does not add a second chain.
    call_command("run_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert tasks.waiting_runs().count() == 1


def test_devserver_runs_the_worker_with_the_chain():
    import inspect

    from school_site.management.commands import devserver

    source = inspect.getsource(devserver)
    assert '"run_worker"' in source and '"db_worker"' not in source


def test_admin_workflow_approval_at_night_says_when_it_appears(client, world, clock, opted_in):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    director = world.users["director"]
    workflow = Workflow.objects.create(name="Nieuws controleren")
    task = GroupApprovalTask.objects.create(name="Directeur keurt goed")
    task.groups.set(director.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=world.school)
    clock.set(at(2026, 11, 23, 14, 0))
    page = draft(world.school)
    page.save_revision(user=world.users["teacher_a"])
    workflow.start(page, world.users["teacher_a"])

    clock.set(MONDAY_NIGHT)
    client.force_login(director)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post(page, **{"action-workflow-action": "true", "workflow-action-name": "approve"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert any(APPEARS in text for text in message_texts(response))
    page = refreshed(page)
    assert not page.live and page.go_live_at == TUESDAY_MORNING


def test_a_stale_deferral_is_not_reported_on_a_later_save(client, world, clock, opted_in):
    from schoolcalendar import publishing

    clock.set(MONDAY_NIGHT)
    page = draft(world.school)
    # As if a publication of this page elsewhere in this thread (a task, a
    # dashboard approval) had been moved, without a hook to report it.
    publishing._deferral.set((page.pk, TUESDAY_MORNING))
    client.force_login(world.users["director"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_post(page))  # save draft
    assert response.status_code == 302, response.context["form"].errors
    assert not any(APPEARS in text for text in message_texts(response))
