"""The admin groups follow the new school year by themselves (roster.tasks).

On 1 August at 00:05 (Europe/Amsterdam) a task re-syncs the generated admin
groups, so last year's class teachers lose the page permissions of last
year's class groups, and queues itself for the next 1 August. The clock is
set with the `clock` fixture (conftest.py); tasks
run with the immediate backend, the chain with the database backend.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from classes.models import AdminGroup
from classes.schoolyear import current_school_year
from roster import tasks

AMS = ZoneInfo("Europe/Amsterdam")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(year, month, day, hour=0, minute=0, second=0):
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=AMS)


# When ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "now, expected",
    [
        (at(2026, 11, 23, 10, 0), at(2027, 8, 1, 0, 5)),
        (at(2027, 1, 1, 0, 0), at(2027, 8, 1, 0, 5)),
        (at(2027, 7, 31, 23, 59), at(2027, 8, 1, 0, 5)),
        (at(2027, 8, 1, 0, 4, 59), at(2027, 8, 1, 0, 5)),
        (at(2027, 8, 1, 0, 5), at(2028, 8, 1, 0, 5)),  # strictly after: the run that is due now queues next year's
        (at(2027, 8, 1, 0, 6), at(2028, 8, 1, 0, 5)),
        (at(2027, 8, 3, 9, 0), at(2028, 8, 1, 0, 5)),  # a worker that was down over 1 August
        # In UTC, 00:04 on 1 August (summer time) is still 31 July.
        (datetime.datetime(2027, 7, 31, 22, 4, tzinfo=datetime.UTC), at(2027, 8, 1, 0, 5)),
        (datetime.datetime(2027, 7, 31, 22, 5, tzinfo=datetime.UTC), at(2028, 8, 1, 0, 5)),
    ],
)
def test_next_sync_moment(now, expected):
    moment = tasks.next_sync_moment(now)
    assert moment == expected
    assert moment.utcoffset() == datetime.timedelta(hours=2)  # summer time in Amsterdam


def test_next_sync_moment_defaults_to_now(clock):
    clock.set(at(2026, 11, 23, 10, 0))
    assert tasks.next_sync_moment() == at(2027, 8, 1, 0, 5)


# What --------------------------------------------------------------------


def class_teachers_group(page):
    return AdminGroup.objects.get(kind=AdminGroup.CLASS_TEACHERS, translation_key=page.translation_key).group


def test_the_sync_takes_last_years_class_away_from_its_teacher(world, clock):
    teacher = world.users["teacher_a"]
    year = current_school_year()
    assert world.class_a.school_year == year
    assert teacher.groups.filter(pk=class_teachers_group(world.class_a).pk).exists()

    # Midnight passes into the next school year; nothing has synced yet.
    clock.set(at(year + 1, 8, 1, 0, 5))
    assert current_school_year() == year + 1
    teacher = type(teacher).objects.get(pk=teacher.pk)
    assert world.class_a.permissions_for_user(teacher).can_edit()

    result = tasks.sync_admin_groups_for_new_school_year.enqueue()  # the immediate backend runs it now
    assert result.status == "SUCCESSFUL"
    teacher = type(teacher).objects.get(pk=teacher.pk)
    assert not teacher.groups.filter(pk=class_teachers_group(world.class_a).pk).exists()
    assert not world.class_a.permissions_for_user(teacher).can_edit()
    assert not world.class_a_info.permissions_for_user(teacher).can_edit()
    # Roles that do not depend on the year stay.
    director = world.users["director"]
    assert world.class_a.permissions_for_user(type(director).objects.get(pk=director.pk)).can_edit()


def test_the_immediate_backend_never_chains(world):
    assert tasks.schedule_next_sync() is None
    assert tasks.ensure_chain() is None


# The chain -----------------------------------------------------------------


def test_the_chain_is_unique_and_renews_itself_each_august(world, settings, clock):
    settings.TASKS = DB_TASKS
    clock.set(at(2026, 11, 23, 10, 0))

    # Starting the chain queues a catch-up run at once, exactly one.
    assert tasks.ensure_chain() is not None
    assert tasks.ensure_chain() is None
    run = tasks.waiting_runs().get()
    assert run.run_after == clock.now

    # Each run queues exactly one successor, for the next 1 August at 00:05.
    run.claim("test-worker")
    tasks.sync_admin_groups_for_new_school_year.call()
    successor = tasks.waiting_runs().get()
    assert successor.run_after == at(2027, 8, 1, 0, 5)
    assert tasks.ensure_chain() is None  # a worker restart adds nothing

    clock.set(at(2027, 8, 1, 0, 5, 2))
    successor.claim("test-worker")
    tasks.sync_admin_groups_for_new_school_year.call()
    assert [r.run_after for r in tasks.waiting_runs()] == [at(2028, 8, 1, 0, 5)]

    # Two chains (two workers started at once) heal into one.
    tasks.sync_admin_groups_for_new_school_year.using(run_after=clock.now).enqueue()
    assert tasks.waiting_runs().count() == 2
    first, second = tasks.waiting_runs().order_by("run_after")
    first.claim("test-worker")
    tasks.sync_admin_groups_for_new_school_year.call()
    assert list(tasks.waiting_runs()) == [second]


def test_the_chain_continues_when_a_sync_fails(world, settings, clock, monkeypatch):
    settings.TASKS = DB_TASKS
    clock.set(at(2027, 8, 1, 0, 5))

    def broken():
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(tasks, "sync_all", broken)
    with pytest.raises(RuntimeError):
        tasks.sync_admin_groups_for_new_school_year.call()
    assert [r.run_after for r in tasks.waiting_runs()] == [at(2028, 8, 1, 0, 5)]


@pytest.mark.django_db(transaction=True)
def test_run_worker_starts_the_yearly_chain_once(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    task_path = tasks.sync_admin_groups_for_new_school_year.module_path
    call_command("run_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert DBTaskResult.objects.filter(task_path=task_path, status="SUCCESSFUL").count() == 1  # the catch-up
    waiting = tasks.waiting_runs().get()
    assert waiting.run_after == tasks.next_sync_moment()
    # Starting the worker again neither syncs again nor adds a second chain.
    call_command("run_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert DBTaskResult.objects.filter(task_path=task_path, status="SUCCESSFUL").count() == 1
    assert list(tasks.waiting_runs()) == [waiting]
