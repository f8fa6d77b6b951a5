"""The retention rules at their boundaries, the daily run, the log, and other schools.

The clock is moved (`clock`) and every rule is applied by the real run
(`retention.runner.apply_all`, what the daily task calls) to the real
database of the test world (testing/world.py).
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from wagtail.images import get_image_model

from accounts.models import UserSession
from attendance.models import AbsenceReport, moment
from classes.models import Child, Guardianship
from conversations.models import Conversation, Message, MessageAttachment, Participant
from home.models import StaffRole
from leave import rules as leave_rules
from leave.models import LeaveRequest, LeaveRequestEvent
from moderation.models import Flag, Reaction
from notifications.models import Notification
from policies.models import PhotoMark
from retention import registry, tasks
from retention.models import RetentionLogEntry, RetentionSettings
from retention.periods import shift_months, shift_years
from retention.runner import apply_all
from testing.posts import make_image, media_root  # noqa: F401 (a fixture)
from testing.world import make_user

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=AMS)
TODAY = NOW.date()


def child(world, name, left_on=None, school=None, guardian=None):
    school = school or world.school
    kid = Child.objects.create(school=school, first_name=name, last_name="Vertrokken", left_on=left_on)
    if guardian is not None:
        Guardianship.objects.create(child=kid, user=guardian, relation=Guardianship.FATHER)
    return kid


def absence(kid, day):
    return AbsenceReport.objects.create(
        school=kid.school,
        child=kid,
        reason=AbsenceReport.SICK,
        starts_at=moment(day, datetime.time(8, 0)),
        ends_at=moment(day, datetime.time(15, 0)),
        submission=uuid.uuid4(),
    )


def counts(entries, school):
    return {entry.rule: entry.count for entry in entries if entry.school_id == school.pk}


# Absence reports -------------------------------------------------------------------------------------


def test_absence_reports_go_5_years_after_the_child_left_not_a_day_earlier(world, clock):
    clock.set(NOW)
    gone = child(world, "Cas", left_on=shift_years(TODAY, -5) - datetime.timedelta(days=1))
    kept = child(world, "Dina", left_on=shift_years(TODAY, -5) + datetime.timedelta(days=1))
    gone_report = absence(gone, datetime.date(2020, 3, 2))
    kept_report = absence(kept, datetime.date(2020, 3, 2))

    entries = apply_all()

    assert not AbsenceReport.objects.filter(pk=gone_report.pk).exists()
    assert AbsenceReport.objects.filter(pk=kept_report.pk).exists()
    assert counts(entries, world.school)["attendance.absence_reports"] == 1
    # Two days later Dina's 5 years are over as well.
    clock.set(NOW + datetime.timedelta(days=2))
    apply_all()
    assert not AbsenceReport.objects.filter(pk=kept_report.pk).exists()
    assert Child.objects.filter(pk=kept.pk).exists()  # the child's record is not this rule's


def test_absence_reports_of_a_child_still_at_school_are_kept_however_old(world, clock):
    clock.set(NOW)
    ana = world.children["Ana"]
    old = absence(ana, datetime.date(2012, 9, 3))
    leaving_later = child(world, "Eva", left_on=TODAY + datetime.timedelta(days=30))
    future = absence(leaving_later, datetime.date(2013, 9, 3))

    apply_all()

    assert AbsenceReport.objects.filter(pk__in=[old.pk, future.pk]).count() == 2


def test_another_school_keeps_its_own_period_and_its_data(world, clock):
    clock.set(NOW)
    left = shift_years(TODAY, -6)
    here = absence(child(world, "Fleur", left_on=left), datetime.date(2019, 5, 6))
    there = absence(child(world, "Xander", left_on=left, school=world.other_school), datetime.date(2019, 5, 6))
    row = RetentionSettings.for_school(world.other_school)
    row.absence_years = 7
    row.save()

    entries = apply_all()

    assert not AbsenceReport.objects.filter(pk=here.pk).exists()
    assert AbsenceReport.objects.filter(pk=there.pk).exists()
    assert counts(entries, world.other_school)["attendance.absence_reports"] == 0
    # Running one school only never touches another's, even when its data is due.
    row.absence_years = 5
    row.save()
    apply_all(only_schools=[world.school])
    assert AbsenceReport.objects.filter(pk=there.pk).exists()


def test_the_run_is_idempotent_and_the_log_records_counts_without_personal_data(world, clock):
    clock.set(NOW)
    left = shift_years(TODAY, -5) - datetime.timedelta(days=1)
    kid = child(world, "Gijs", left_on=left)
    for day in (datetime.date(2020, 1, 6), datetime.date(2020, 1, 7), datetime.date(2020, 1, 8)):
        absence(kid, day)

    first = counts(apply_all(), world.school)
    second = counts(apply_all(), world.school)

    assert first["attendance.absence_reports"] == 3
    assert set(second.values()) == {0}
    assert set(first) == {rule.key for rule in registry.all_rules()}  # an entry per rule and school
    entry = RetentionLogEntry.objects.filter(school=world.school, rule="attendance.absence_reports").order_by("pk")[0]
    assert (entry.count, entry.action, entry.period, entry.ran_at, entry.failed) == (3, "delete", 5, NOW, False)
    logged = " ".join(str(value) for value in RetentionLogEntry.objects.values_list())
    assert "Gijs" not in logged and "Vertrokken" not in logged


def test_a_rule_that_fails_is_logged_as_failed_and_the_others_still_run(world, clock, monkeypatch):
    clock.set(NOW)
    report = absence(child(world, "Hugo", left_on=shift_years(TODAY, -6)), datetime.date(2019, 2, 4))

    def broken(school, period, moment):
        raise RuntimeError("broken rule")

    failing = registry.Rule(
        key="test.broken",
        label="broken",
        setting="absence_years",
        action=registry.DELETE,
        due=broken,
        expires=lambda obj, period: TODAY,
        describe=str,
        apply=lambda queryset: 0,
        order=0,
    )
    monkeypatch.setitem(registry._rules, failing.key, failing)

    entries = apply_all(only_schools=[world.school])

    assert [entry.failed for entry in entries if entry.rule == "test.broken"] == [True]
    assert not AbsenceReport.objects.filter(pk=report.pk).exists()


def test_the_task_runs_every_rule_and_its_next_run_is_at_half_past_two_at_night(world, clock):
    clock.set(NOW)
    report = absence(child(world, "Ilse", left_on=shift_years(TODAY, -6)), datetime.date(2019, 2, 4))
    result = tasks.apply_retention.call()
    assert "1 items" in result
    assert not AbsenceReport.objects.filter(pk=report.pk).exists()
    assert tasks.next_run_moment(NOW) == datetime.datetime(2026, 11, 19, 2, 30, tzinfo=AMS)
    assert tasks.next_run_moment(datetime.datetime(2026, 11, 19, 1, 0, tzinfo=AMS)) == datetime.datetime(
        2026, 11, 19, 2, 30, tzinfo=AMS
    )


# Leave requests ---------------------------------------------------------------------------------------


def leave_request(world, first_day, status=leave_rules.APPROVED, attachment=None):
    parent = world.users["parent_a"]
    request = LeaveRequest.objects.create(
        school=world.school,
        requested_by=parent,
        requested_by_name="Parent A",
        relation=Guardianship.MOTHER,
        kind=leave_rules.IMPORTANT,
        reason=leave_rules.MOVING,
        explanation="We verhuizen naar Utrecht",
        first_day=first_day,
        last_day=first_day,
        school_days=1,
        school_year=first_day.year if first_day.month >= 8 else first_day.year - 1,
        status=status,
        submission_key=uuid.uuid4(),
    )
    if attachment:
        request.attachment.save("verhuizing.pdf", ContentFile(b"%PDF-1.4 verhuizing"))
        request.attachment_name = "Verhuizing Jansen.pdf"
        request.save()
    request.children.add(world.children["Ana"])
    LeaveRequestEvent.objects.create(request=request, action="submit", user=parent, user_name="Parent A")
    LeaveRequestEvent.objects.create(
        request=request,
        action=leave_rules.APPROVE,
        user=world.users["director"],
        user_name="Director",
        grounds="Verhuizing",
    )
    return request


def test_leave_requests_are_anonymised_on_1_august_two_school_years_after_the_leave(
    world, clock, media_root, django_capture_on_commit_callbacks
):
    clock.set(NOW)
    decided = leave_request(world, datetime.date(2025, 6, 10), attachment=True)
    waiting = leave_request(world, datetime.date(2025, 6, 11), status=leave_rules.SUBMITTED)
    stored = decided.attachment.name
    assert decided.attachment.storage.exists(stored)

    clock.set(datetime.datetime(2027, 7, 31, 23, 59, tzinfo=AMS))
    apply_all()
    decided.refresh_from_db()
    assert decided.requested_by_id is not None and decided.explanation

    clock.set(datetime.datetime(2027, 8, 1, 0, 1, tzinfo=AMS))
    with django_capture_on_commit_callbacks(execute=True):
        entries = apply_all()
    decided.refresh_from_db()
    assert counts(entries, world.school)["leave.requests"] == 1
    assert (decided.requested_by_id, decided.requested_by_name, decided.relation, decided.explanation) == (
        None,
        "",
        "",
        "",
    )
    assert (decided.attachment.name, decided.attachment_name) == ("", "")
    assert not decided.children.exists()
    assert list(decided.history.values_list("user_id", "user_name", "grounds")) == [(None, "", "")] * 2
    assert not default_storage.exists(stored) and not decided.attachment.storage.exists(stored)
    # What the figures count stays: the request, its kind, dates, days and outcome.
    assert (decided.kind, decided.status, decided.first_day, decided.school_days) == (
        leave_rules.IMPORTANT,
        leave_rules.APPROVED,
        datetime.date(2025, 6, 10),
        1,
    )
    assert LeaveRequest.objects.filter(pk=waiting.pk, requested_by__isnull=False).exists()  # still waiting: kept
    assert counts(apply_all(), world.school)["leave.requests"] == 0


# Conversations ---------------------------------------------------------------------------------------


def conversation(world, last_message_at, with_file=False):
    ana = world.children["Ana"]
    parent, teacher = world.users["parent_a"], world.users["teacher_a"]
    talk = Conversation.objects.create(
        school=world.school, child=ana, subject="Over Ana", started_by=parent, last_message_at=last_message_at
    )
    Participant.objects.create(conversation=talk, user=parent, role=Participant.PARENT)
    Participant.objects.create(conversation=talk, user=teacher, role=Participant.STAFF)
    message = Message.objects.create(
        conversation=talk, author=parent, author_name="Parent A", text="Ana is verdrietig", created_at=last_message_at
    )
    if with_file:
        attachment = MessageAttachment(message=message, name="brief.pdf")
        attachment.file.save("brief.pdf", ContentFile(b"%PDF-1.4 brief"), save=False)
        attachment.preview.save("preview.jpg", ContentFile(b"jpeg"), save=False)
        attachment.save()
    return talk


def test_conversations_go_two_years_after_their_last_message_with_their_files(
    world, clock, media_root, django_capture_on_commit_callbacks
):
    clock.set(NOW)
    old = conversation(world, shift_months(NOW, -24) - datetime.timedelta(minutes=1), with_file=True)
    recent = conversation(world, shift_months(NOW, -24) + datetime.timedelta(days=1))
    attachment = MessageAttachment.objects.get(message__conversation=old)
    files = [attachment.file.name, attachment.preview.name]
    assert all(attachment.file.storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        entries = apply_all()

    assert counts(entries, world.school)["conversations.conversations"] == 1
    assert not Conversation.objects.filter(pk=old.pk).exists()
    assert not Message.objects.filter(conversation_id=old.pk).exists()
    assert not any(attachment.file.storage.exists(name) for name in files)
    assert Conversation.objects.filter(pk=recent.pk).exists()


# Photos ---------------------------------------------------------------------------------------------


def test_photos_of_a_child_who_left_go_a_year_later_and_photos_of_children_at_school_stay(
    world, clock, media_root, django_capture_on_commit_callbacks
):
    clock.set(NOW)
    left_long_ago = child(world, "Jet", left_on=shift_months(TODAY, -12) - datetime.timedelta(days=1))
    left_recently = child(world, "Kees", left_on=shift_months(TODAY, -12) + datetime.timedelta(days=1))
    gone = make_image(world.class_a, "klas.jpg")
    PhotoMark.objects.create(image=gone, child=left_long_ago)
    PhotoMark.objects.create(image=gone, child=world.children["Ana"])  # also in it: the photo still goes
    kept = make_image(world.class_a, "kees.jpg")
    PhotoMark.objects.create(image=kept, child=left_recently)
    at_school = make_image(world.class_a, "ana.jpg")
    PhotoMark.objects.create(image=at_school, child=world.children["Ana"])
    unmarked = make_image(world.class_a, "plein.jpg")
    stored = gone.file.name

    with django_capture_on_commit_callbacks(execute=True):
        entries = apply_all()

    assert counts(entries, world.school)["policies.photos"] == 1
    remaining = set(get_image_model().objects.values_list("pk", flat=True))
    assert gone.pk not in remaining
    assert {kept.pk, at_school.pk, unmarked.pk} <= remaining
    assert not default_storage.exists(stored)
    # The other school's run does not judge this school's photos.
    assert counts(entries, world.other_school)["policies.photos"] == 0


# Parent accounts -------------------------------------------------------------------------------------


def test_a_parent_whose_last_child_left_over_a_year_ago_loses_the_account_and_its_sessions(world, clock):
    clock.set(NOW)
    User = get_user_model()
    gone = make_user("vertrokken@test.example")
    child(world, "Lot", left_on=shift_months(TODAY, -12) - datetime.timedelta(days=1), guardian=gone)
    child(world, "Lotte", left_on=shift_months(TODAY, -30), guardian=gone)  # an older sibling who left before
    kept = make_user("net.vertrokken@test.example")
    child(world, "Mees", left_on=shift_months(TODAY, -12) + datetime.timedelta(days=1), guardian=kept)
    sibling_at_school = make_user("nog.een.kind@test.example")
    child(world, "Noor", left_on=shift_months(TODAY, -36), guardian=sibling_at_school)
    Guardianship.objects.create(child=world.children["Ana"], user=sibling_at_school, relation=Guardianship.FATHER)
    staff = make_user("ouder.en.leerkracht@test.example")
    child(world, "Olaf", left_on=shift_months(TODAY, -36), guardian=staff)
    StaffRole.objects.create(user=staff, school=world.school, role=StaffRole.TEACHER)

    # The parent is logged in somewhere: that session ends with the account.
    browser = Client()
    browser.force_login(gone)
    key = browser.session.session_key
    assert UserSession.objects.filter(user=gone, session_key=key).exists()

    entries = apply_all()

    assert counts(entries, world.school)["roster.parent_accounts"] == 1
    assert not User.objects.filter(pk=gone.pk).exists()
    assert not Session.objects.filter(session_key=key).exists()
    assert User.objects.filter(pk__in=[kept.pk, sibling_at_school.pk, staff.pk]).count() == 3
    assert User.objects.filter(pk=world.users["parent_a"].pk).exists()


def test_the_school_of_the_child_that_left_last_decides_for_a_parent_of_two_schools(world, clock):
    clock.set(NOW)
    parent = make_user("twee.scholen@test.example")
    child(world, "Pim", left_on=shift_months(TODAY, -30), school=world.other_school, guardian=parent)
    child(world, "Puck", left_on=shift_months(TODAY, -13), guardian=parent)
    row = RetentionSettings.for_school(world.school)
    row.parent_account_months = 24
    row.save()

    entries = apply_all()

    assert get_user_model().objects.filter(pk=parent.pk).exists()  # school A's 24 months, not the other's 12
    assert counts(entries, world.other_school)["roster.parent_accounts"] == 0
    clock.set(datetime.datetime.combine(shift_months(TODAY, 11) + datetime.timedelta(days=1), datetime.time(3), AMS))
    apply_all()
    assert not get_user_model().objects.filter(pk=parent.pk).exists()


# Reports, reactions and the outbox -------------------------------------------------------------------------


def test_handled_reports_and_removed_reactions_go_after_a_year_open_ones_and_shown_reactions_stay(world, clock):
    clock.set(NOW)
    parent = world.users["parent_a"]
    post = world.class_a_post
    year_ago = shift_months(NOW, -12)

    def reaction(removed_at=None):
        return Reaction.objects.create(
            post=post, author=parent, text="Leuk!", submission=uuid.uuid4(), removed_at=removed_at
        )

    shown = reaction()
    removed_long_ago = reaction(removed_at=year_ago - datetime.timedelta(hours=1))
    removed_recently = reaction(removed_at=year_ago + datetime.timedelta(days=1))

    def flag(handled_at=None, about=None):
        return Flag.objects.create(
            reporter=parent, school=world.school, post=post, reaction=about, reason="Niet aardig", handled_at=handled_at
        )

    handled_long_ago = flag(handled_at=year_ago - datetime.timedelta(hours=1), about=shown)
    handled_recently = flag(handled_at=year_ago + datetime.timedelta(days=1), about=shown)
    still_open = flag(about=shown)

    entries = counts(apply_all(), world.school)

    assert (entries["moderation.flags"], entries["moderation.removed_reactions"]) == (1, 1)
    assert set(Flag.objects.values_list("pk", flat=True)) == {handled_recently.pk, still_open.pk}
    assert not Flag.objects.filter(pk=handled_long_ago.pk).exists()
    assert set(Reaction.objects.values_list("pk", flat=True)) >= {shown.pk, removed_recently.pk}
    assert not Reaction.objects.filter(pk=removed_long_ago.pk).exists()


def test_sent_notifications_go_after_90_days_waiting_ones_and_post_announcements_stay(world, clock):
    clock.set(NOW)
    parent = world.users["parent_a"]

    def notification(kind, status, days_ago, school=world.school):
        return Notification.objects.create(
            recipient=parent,
            channel=Notification.EMAIL,
            kind=kind,
            school=school,
            dedupe_key=f"test:{uuid.uuid4()}",
            status=status,
            created_at=NOW - datetime.timedelta(days=days_ago),
            last_error="550 parent.a@test.example unknown" if status == Notification.FAILED else "",
        )

    sent_long_ago = notification(Notification.MESSAGE, Notification.SENT, 90, school=world.school)
    failed_long_ago = notification(Notification.DECISION, Notification.FAILED, 91)
    sent_recently = notification(Notification.MESSAGE, Notification.SENT, 89)
    waiting = notification(Notification.MESSAGE, Notification.PENDING, 200)
    announcement = notification(Notification.POST, Notification.SENT, 400)
    other_school = notification(Notification.MESSAGE, Notification.SENT, 200, school=world.other_school)
    row = RetentionSettings.for_school(world.other_school)
    row.outbox_days = 365
    row.save()
    sent_long_ago.created_at -= datetime.timedelta(minutes=1)
    sent_long_ago.save()

    entries = apply_all()

    assert counts(entries, world.school)["notifications.outbox"] == 2
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert not {sent_long_ago.pk, failed_long_ago.pk} & remaining
    assert {sent_recently.pk, waiting.pk, announcement.pk, other_school.pk} <= remaining
