"""Leave requests end to end: the parent's form page, the director's review queue, mail and attachments.

Real database, real SMTP server (testing/smtp.py), the real urlconf and page
serving. The clock stands on Monday 23 November 2026 (school year
2026/2027); school A has the example holidays of region midden.
"""

import datetime
import io
import re
import uuid
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale

from classes.models import Child, Enrollment, Guardianship
from demo.schoolcalendar import add_example_holidays
from home.models import StaffRole
from leave import rules
from leave.models import LeaveRequest, LeaveRequestEvent, LeaveSettings
from schoolcalendar.models import ClosedPeriod
from testing.world import make_user

D = datetime.date
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = D(2026, 11, 23)
PAGE = "/verlof/"
EN_PAGE = "/en/verlof/"
# Holiday leave in May 2027, more than 8 weeks ahead, no holidays in between: 5 school days.
MAY = {"first_day": "2027-05-10", "last_day": "2027-05-14"}
# The first school weeks of 2027/2028: the summer holiday ends on Sunday 29 August 2027.
FIRST_WEEKS = {"first_day": "2027-09-06", "last_day": "2027-09-10"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Attachments go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def today(clock):
    clock.set(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM))
    return TODAY


@pytest.fixture
def w(today, world):
    """The world on 23 November 2026, school A with holidays, parent A with a second child (Cas, class B)."""
    ClosedPeriod.objects.create(
        school=world.school, name="Zomervakantie", first_day=D(2026, 7, 18), last_day=D(2026, 8, 30)
    )
    add_example_holidays(world.school, 2026)
    cas = Child.objects.create(school=world.school, first_name="Cas", last_name="Kind")
    Enrollment.objects.create(child=cas, class_page=world.class_b)
    Guardianship.objects.create(child=cas, user=world.users["parent_a"], relation=Guardianship.MOTHER)
    world.children["Cas"] = cas
    world.users["parent_a"].preferred_language = "en"
    world.users["parent_a"].save()
    office = make_user("office@test.example")
    StaffRole.objects.create(user=office, school=world.school, role=StaffRole.ADMINISTRATION)
    world.users["office"] = office
    # The leave page (and its school) in English too, as the demo has them.
    english = Locale.objects.get(language_code="en")
    translated = world.school_leave.copy_for_translation(english, copy_parents=True)
    translated.save_revision().publish()
    return world


def client_as(world, role):
    client = Client(raise_request_exception=True)
    if role is not None:
        client.force_login(world.users[role])
    return client


def nl(message):
    """An interface message as the Dutch page shows it (translated, HTML-escaped)."""
    with translation.override("nl"):
        return escape(gettext(message))


def body(response):
    return response.content.decode()


def form_data(world, children=("Ana", "Cas"), kind=rules.HOLIDAY, period=MAY, **extra):
    data = {
        "kind": kind,
        "children": [str(world.children[name].pk) for name in children],
        "explanation": "Mijn werk als kok in de zomer laat geen vakantie in de schoolvakanties toe.",
        "submission_key": str(uuid.uuid4()),
        "action": "submit",
        **period,
    }
    data.update(extra)
    return data


def submit(client, data, path=PAGE):
    return client.post(path, data)


def decide(client, leave_request, action, grounds="", capture=None):
    url = reverse("leave_review:detail", args=[leave_request.pk])
    if capture is None:
        return client.post(url, {"action": action, "grounds": grounds})
    with capture(execute=True):
        return client.post(url, {"action": action, "grounds": grounds})


def refused(response):
    """403, or Wagtail's way of refusing an admin view: back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def detail_path(leave_request, path=PAGE):
    return f"{path}aanvraag/{leave_request.pk}/"


# End to end: two children, holiday leave, the rule problems and two decisions ------


def test_two_children_holiday_leave_rule_problems_and_two_decisions_with_mail(
    w, mailbox, django_capture_on_commit_callbacks
):
    parent = client_as(w, "parent_a")

    # The form offers the parent's own children only.
    page = parent.get(EN_PAGE)
    assert page.status_code == 200
    assert "Ana Kind" in body(page) and "Cas Kind" in body(page) and "Bram Kind" not in body(page)

    # A check shows the school days and the rule problems, and stores nothing.
    checked = submit(parent, form_data(w, period=FIRST_WEEKS, action="check"), EN_PAGE)
    assert checked.status_code == 200
    assert "This request covers 5 school days." in body(checked)
    assert "Holiday leave is not possible in the first two school weeks of the school year" in body(checked)
    assert "30 August 2027 to 12 September 2027" in body(checked)
    assert not LeaveRequest.objects.exists()

    # Submitting it anyway needs an explicit choice.
    data = form_data(w, period=FIRST_WEEKS)
    refused = submit(parent, data, EN_PAGE)
    assert refused.status_code == 400
    assert "first two school weeks" in body(refused)
    assert 'name="confirm_problems"' in body(refused)
    assert not LeaveRequest.objects.exists()
    first_weeks = submit(parent, {**data, "confirm_problems": "on"}, EN_PAGE)
    assert first_weeks.status_code == 302
    first_weeks_request = LeaveRequest.objects.get()
    assert first_weeks_request.problems_at_submission == ["first_school_weeks"]

    # Holiday leave in May for both children: no problems, straight through.
    may = submit(parent, form_data(w), EN_PAGE)
    assert may.status_code == 302
    may_request = LeaveRequest.objects.exclude(pk=first_weeks_request.pk).get()
    assert may["Location"] == detail_path(may_request, EN_PAGE)
    assert may_request.school_days == 5
    assert set(may_request.children.values_list("first_name", flat=True)) == {"Ana", "Cas"}
    assert may_request.status == rules.SUBMITTED
    assert may_request.relation == Guardianship.MOTHER

    # The director sees both waiting, and cannot approve the one the law forbids.
    director = client_as(w, "director")
    queue = director.get(reverse("leave_review:index"))
    assert queue.status_code == 200
    assert f'data-leave-request="{first_weeks_request.pk}"' in body(queue)
    assert f'data-leave-request="{may_request.pk}"' in body(queue)
    review = director.get(reverse("leave_review:detail", args=[first_weeks_request.pk]))
    assert 'data-refusal="approve"' in body(review)
    not_allowed = decide(director, first_weeks_request, rules.APPROVE, "Akkoord.", django_capture_on_commit_callbacks)
    assert not_allowed.status_code == 400
    first_weeks_request.refresh_from_db()
    assert first_weeks_request.status == rules.SUBMITTED

    # Grounds are required.
    no_grounds = decide(director, first_weeks_request, rules.REJECT, "   ")
    assert no_grounds.status_code == 400
    assert first_weeks_request.history.count() == 1

    rejected = decide(
        director,
        first_weeks_request,
        rules.REJECT,
        "Verlof in de eerste twee schoolweken staat de wet niet toe.",
        django_capture_on_commit_callbacks,
    )
    assert rejected.status_code == 302
    approved = decide(
        director, may_request, rules.APPROVE, "De werkgeversverklaring is in orde.", django_capture_on_commit_callbacks
    )
    assert approved.status_code == 302

    first_weeks_request.refresh_from_db()
    may_request.refresh_from_db()
    assert (first_weeks_request.status, may_request.status) == (rules.REJECTED, rules.APPROVED)
    step = may_request.history.get(action=rules.APPROVE)
    assert step.user == w.users["director"] and step.grounds == "De werkgeversverklaring is in orde."

    # The parent sees both decisions on the portal, with grounds and the objection period.
    overview = parent.get(EN_PAGE)
    assert 'data-status="approved"' in body(overview) and 'data-status="rejected"' in body(overview)
    shown = parent.get(detail_path(first_weeks_request, EN_PAGE))
    assert "Verlof in de eerste twee schoolweken staat de wet niet toe." in body(shown)
    assert "within 6 weeks" in body(shown)

    # ... and by e-mail, in their own language (English), one mail per decision.
    mails = mailbox.to("parent.a@test.example")
    assert len(mails) == 2
    subjects = sorted(str(mail["Subject"]).strip() for mail in mails)
    assert subjects == ["Your leave request is approved · Windwijzer", "Your leave request is rejected · Windwijzer"]
    for mail in mails:
        text = mailbox.text(mail)
        assert "object (bezwaar)" in text and "within 6 weeks" in text
        assert "http://testserver/en/verlof/aanvraag/" in text
    rejection = next(mail for mail in mails if "rejected" in mail["Subject"])
    assert "Verlof in de eerste twee schoolweken staat de wet niet toe." in mailbox.text(rejection)
    assert "Ana Kind, Cas Kind" in mailbox.text(rejection)


# access.rules for leave ---------------------------------------------------------------------


def test_access_rules_for_leave(w):
    from access import rules as access

    own = access.own_children_at(w.users["parent_a"], w.school)
    assert set(own) == {w.children["Ana"], w.children["Cas"]}
    # Any translation of the school, the same children.
    english_school = w.school.get_translations().get()
    assert set(access.own_children_at(w.users["parent_a"], english_school)) == set(own)
    assert not access.own_children_at(w.users["parent_a"], w.other_school).exists()
    assert not access.own_children_at(w.users["director"], w.school).exists()
    assert not access.own_children_at(None, w.school).exists()
    # A child who left no longer counts.
    w.children["Cas"].left_on = TODAY
    w.children["Cas"].save()
    assert set(access.own_children_at(w.users["parent_a"], w.school)) == {w.children["Ana"]}

    assert access.can_request_leave(w.users["parent_a"], w.school)
    for role in ("parent_other_school", "teacher_a", "director", "office"):
        assert not access.can_request_leave(w.users[role], w.school), role

    submit(client_as(w, "parent_a"), form_data(w, children=("Ana",)))
    leave_request = LeaveRequest.objects.get()
    seen_by = {role for role in w.users if access.can_view_leave_request(w.users[role], leave_request)}
    assert seen_by == {"parent_a", "director", "office"}
    decided_by = {role for role in w.users if access.can_decide_leave(w.users[role], leave_request)}
    assert decided_by == {"director"}
    assert {role for role in w.users if access.can_review_leave(w.users[role])} == {
        "director",
        "director_other_school",
        "office",
    }
    queue = {role: set(access.reviewable_leave_requests(w.users[role], LeaveRequest.objects.all())) for role in w.users}
    assert queue["director"] == queue["office"] == {leave_request}
    assert queue["director_other_school"] == queue["teacher_a"] == queue["parent_a"] == set()
    assert access.can_withdraw_leave(w.users["parent_a"], leave_request)
    assert not access.can_withdraw_leave(w.users["director"], leave_request)
    leave_request.status = rules.APPROVED
    assert not access.can_withdraw_leave(w.users["parent_a"], leave_request)
    # Nobody anonymous.
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not access.can_view_leave_request(anonymous, leave_request)
    assert not access.can_decide_leave(anonymous, leave_request)
    assert not access.can_request_leave(anonymous, w.school)


# The form: own children only, typed values kept, nothing twice ---------------------------


def test_forged_child_ids_are_a_form_error(w):
    parent = client_as(w, "parent_a")
    others = [str(w.children["Bram"].pk), str(w.children["Xena"].pk), "999999", "abc", "-1"]
    for forged in others:
        response = submit(parent, form_data(w, children=("Ana",)) | {"children": [str(w.children["Ana"].pk), forged]})
        assert response.status_code == 400, forged
        assert nl("Choose only your own children at this school.") in body(response)
    response = submit(parent, form_data(w) | {"children": [str(w.children["Bram"].pk)]})
    assert response.status_code == 400
    assert "Bram Kind" not in body(response)
    assert not LeaveRequest.objects.exists()


def test_invalid_input_keeps_what_was_typed_and_says_what_to_fix(w):
    parent = client_as(w, "parent_a")
    data = form_data(
        w, period={"first_day": "2027-05-14", "last_day": "2027-05-10"}, explanation="Bruiloft van mijn zus op Curaçao"
    )
    response = submit(parent, data)
    assert response.status_code == 400
    assert nl("The last day cannot be before the first day.") in body(response)
    assert "Bruiloft van mijn zus op Curaçao" in body(response)
    assert 'value="2027-05-14"' in body(response) and 'value="2027-05-10"' in body(response)
    assert re.search(rf'value="{w.children["Cas"].pk}"[^>]*checked', body(response))

    important = submit(parent, form_data(w, kind=rules.IMPORTANT, reason=""))
    assert important.status_code == 400
    assert nl("Choose the reason, or “Other” and explain it below.") in body(important)

    weekend = submit(parent, form_data(w, period={"first_day": "2027-05-15", "last_day": "2027-05-16"}))
    assert weekend.status_code == 400
    assert nl(
        "There are no school days in this period (weekends, holidays and closed days do not count): no leave is needed."
    ) in body(weekend)

    two_years = submit(parent, form_data(w, period={"first_day": "2027-07-26", "last_day": "2027-08-03"}))
    assert two_years.status_code == 400
    assert not LeaveRequest.objects.exists()


def test_a_double_submit_creates_nothing_twice(w):
    parent = client_as(w, "parent_a")
    data = form_data(w)
    first = submit(parent, data)
    second = submit(parent, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert LeaveRequest.objects.count() == 1
    assert LeaveRequestEvent.objects.count() == 1


def test_school_days_follow_the_school_calendar(w):
    parent = client_as(w, "parent_a")
    # 3-7 May 2027: Ascension Day and the day after (6-7 May) are closed.
    response = submit(
        parent,
        form_data(
            w,
            kind=rules.IMPORTANT,
            reason=rules.SERIOUS_ILLNESS,
            period={"first_day": "2027-05-03", "last_day": "2027-05-07"},
        ),
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get().school_days == 3
    # A study day the director adds counts at once.
    ClosedPeriod.objects.create(
        school=w.school,
        name="Studiedag",
        kind=ClosedPeriod.STUDY_DAY,
        first_day=D(2027, 5, 11),
        last_day=D(2027, 5, 11),
    )
    checked = submit(parent, form_data(w, action="check"), EN_PAGE)
    assert "This request covers 4 school days." in body(checked)


def test_staff_see_the_page_but_cannot_request(w):
    for role in ("teacher_a", "director", "office"):
        client = client_as(w, role)
        page = client.get(PAGE)
        assert page.status_code == 200, role
        assert 'name="submission_key"' not in body(page)
        assert nl("Only parents with a child at this school can ask for leave here.") in body(page)
        assert submit(client, form_data(w)).status_code == 403, role
    assert client_as(w, "parent_other_school").post(PAGE, form_data(w)).status_code == 404
    assert not LeaveRequest.objects.exists()


# Withdrawing ---------------------------------------------------------------------------


def test_the_parent_withdraws_a_pending_request_and_only_that(w, django_capture_on_commit_callbacks):
    parent = client_as(w, "parent_a")
    submit(parent, form_data(w))
    leave_request = LeaveRequest.objects.get()
    withdraw_path = detail_path(leave_request) + "intrekken/"

    assert client_as(w, "parent_b").post(withdraw_path).status_code == 404
    assert client_as(w, "director").post(withdraw_path).status_code == 404
    assert parent.get(withdraw_path).status_code == 405

    assert parent.post(withdraw_path).status_code == 302
    leave_request.refresh_from_db()
    assert leave_request.status == rules.WITHDRAWN
    assert list(leave_request.history.values_list("action", "user")) == [
        ("submit", w.users["parent_a"].pk),
        (rules.WITHDRAW, w.users["parent_a"].pk),
    ]
    shown = parent.get(detail_path(leave_request))
    assert 'data-step="withdraw"' in body(shown)
    assert "intrekken/" not in body(shown)

    # A decided request cannot be withdrawn.
    submit(parent, form_data(w, children=("Ana",)))
    decided = LeaveRequest.objects.get(status=rules.SUBMITTED)
    decide(client_as(w, "director"), decided, rules.APPROVE, "Akkoord.", django_capture_on_commit_callbacks)
    parent.post(detail_path(decided) + "intrekken/")
    decided.refresh_from_db()
    assert decided.status == rules.APPROVED


def test_a_request_is_seen_on_the_portal_by_the_parent_who_asked_only(w):
    submit(client_as(w, "parent_a"), form_data(w))
    leave_request = LeaveRequest.objects.get()
    shown = client_as(w, "parent_a").get(detail_path(leave_request))
    assert shown.status_code == 200
    # One family's data: never kept by a browser or proxy.
    for response in (
        shown,
        client_as(w, "parent_a").get(PAGE),
        client_as(w, "director").get(reverse("leave_review:detail", args=[leave_request.pk])),
    ):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for role in ("parent_b", "teacher_a", "director"):
        assert client_as(w, role).get(detail_path(leave_request)).status_code == 404, role
    assert client_as(w, "parent_other_school").get(detail_path(leave_request)).status_code == 404


# Only the school's directors decide -----------------------------------------------------


def test_only_the_schools_directors_decide(w, mailbox, django_capture_on_commit_callbacks):
    submit(client_as(w, "parent_a"), form_data(w))
    leave_request = LeaveRequest.objects.get()
    url = reverse("leave_review:detail", args=[leave_request.pk])

    # Teachers: no queue, no request, no decision.
    teacher = client_as(w, "teacher_a")
    assert refused(teacher.get(reverse("leave_review:index")))
    assert refused(teacher.get(url))
    assert refused(decide(teacher, leave_request, rules.APPROVE, "Ja.", django_capture_on_commit_callbacks))
    # Administration sees the request, but does not decide.
    office = client_as(w, "office")
    shown = office.get(url)
    assert shown.status_code == 200 and "data-no-decision" in body(shown) and "data-decision-form" not in body(shown)
    assert refused(decide(office, leave_request, rules.APPROVE, "Ja.", django_capture_on_commit_callbacks))
    # Another school's director: as if the request did not exist.
    other = client_as(w, "director_other_school")
    assert other.get(url).status_code == 404
    assert decide(other, leave_request, rules.REJECT, "Nee.", django_capture_on_commit_callbacks).status_code == 404
    assert f'data-leave-request="{leave_request.pk}"' not in body(other.get(reverse("leave_review:index")))
    # Parents never reach the admin.
    assert (
        decide(
            client_as(w, "parent_a"), leave_request, rules.APPROVE, "Ja.", django_capture_on_commit_callbacks
        ).status_code
        == 403
    )

    leave_request.refresh_from_db()
    assert leave_request.status == rules.SUBMITTED
    assert leave_request.history.count() == 1
    assert mailbox.messages == []

    # The director does; a second click changes nothing and mails nothing more.
    director = client_as(w, "director")
    assert (
        decide(director, leave_request, rules.APPROVE, "Akkoord.", django_capture_on_commit_callbacks).status_code
        == 302
    )
    again = decide(director, leave_request, rules.REJECT, "Toch niet.", django_capture_on_commit_callbacks)
    assert again.status_code == 400
    leave_request.refresh_from_db()
    assert leave_request.status == rules.APPROVED
    assert leave_request.history.count() == 2
    assert len(mailbox.to("parent.a@test.example")) == 1


def test_a_director_does_not_decide_on_their_own_request(w, django_capture_on_commit_callbacks):
    director = w.users["director"]
    Guardianship.objects.create(child=w.children["Bram"], user=director, relation=Guardianship.FATHER)
    client = client_as(w, "director")
    assert submit(client, form_data(w, children=("Bram",))).status_code == 302
    leave_request = LeaveRequest.objects.get()
    assert refused(decide(client, leave_request, rules.APPROVE, "Akkoord.", django_capture_on_commit_callbacks))
    leave_request.refresh_from_db()
    assert leave_request.status == rules.SUBMITTED


def test_the_queue_shows_waiting_requests_first_with_earlier_leave_at_hand(w, django_capture_on_commit_callbacks):
    parent = client_as(w, "parent_a")
    director = client_as(w, "director")
    submit(
        parent,
        form_data(
            w,
            children=("Ana",),
            kind=rules.IMPORTANT,
            reason=rules.WEDDING,
            period={"first_day": "2027-03-12", "last_day": "2027-03-12"},
        ),
    )
    wedding = LeaveRequest.objects.get()
    decide(director, wedding, rules.APPROVE, "Akkoord, bruiloft van een oom.", django_capture_on_commit_callbacks)
    submit(parent, form_data(w))
    holiday = LeaveRequest.objects.get(kind=rules.HOLIDAY)

    queue = body(director.get(reverse("leave_review:index")))
    assert queue.index(f'data-leave-request="{holiday.pk}"') < queue.index(f'data-leave-request="{wedding.pk}"')
    review = director.get(reverse("leave_review:detail", args=[holiday.pk]))
    assert f'data-earlier="{wedding.pk}"' in body(review)
    assert re.search(
        rf'data-child="{w.children["Cas"].pk}".*?{re.escape(nl("No other leave this school year."))}',
        body(review),
        re.S,
    )


def test_a_request_outlives_the_parents_account(w):
    submit(client_as(w, "parent_a"), form_data(w))
    leave_request = LeaveRequest.objects.get()
    assert leave_request.requested_by_name == "parent.a Test"
    w.users["parent_a"].delete()
    leave_request.refresh_from_db()
    assert leave_request.requested_by is None
    shown = client_as(w, "director").get(reverse("leave_review:detail", args=[leave_request.pk]))
    assert shown.status_code == 200 and "parent.a Test" in body(shown)


# Important circumstances beyond 10 days, religious obligations ------------------------------


def test_beyond_ten_days_the_director_forwards_to_the_attendance_officer(
    w, mailbox, django_capture_on_commit_callbacks
):
    parent = client_as(w, "parent_a")
    director = client_as(w, "director")
    illness = form_data(
        w,
        children=("Ana",),
        kind=rules.IMPORTANT,
        reason=rules.SERIOUS_ILLNESS,
        period={"first_day": "2027-02-01", "last_day": "2027-02-12"},
    )
    submit(parent, illness)
    first = LeaveRequest.objects.get()
    assert first.school_days == 10
    decide(director, first, rules.APPROVE, "Ernstige ziekte van oma.", django_capture_on_commit_callbacks)

    moving = form_data(
        w,
        children=("Ana",),
        kind=rules.IMPORTANT,
        reason=rules.MOVING,
        period={"first_day": "2027-03-12", "last_day": "2027-03-12"},
    )
    moving["attachment"] = SimpleUploadedFile("verhuizing.pdf", PDF, content_type="application/pdf")
    checked = submit(parent, {**moving, "action": "check"}, EN_PAGE)
    assert "The attendance officer of the municipality decides on this request" in body(checked)
    moving["attachment"] = SimpleUploadedFile("verhuizing.pdf", PDF, content_type="application/pdf")
    assert submit(parent, {**moving, "confirm_problems": "on"}).status_code == 302
    second = LeaveRequest.objects.get(reason=rules.MOVING)

    refused = decide(director, second, rules.APPROVE, "Akkoord.", django_capture_on_commit_callbacks)
    assert refused.status_code == 400
    assert nl("Enter the attendance officer's e-mail address in the leave settings first.") in body(
        director.get(reverse("leave_review:detail", args=[second.pk]))
    )
    assert (
        decide(director, second, rules.FORWARD, "Advies: toekennen.", django_capture_on_commit_callbacks).status_code
        == 400
    )

    LeaveSettings.objects.create(
        school=w.school, attendance_officer_name="M. de Vries", attendance_officer_email="leerplicht@gemeente.test"
    )
    mailbox.clear()
    assert (
        decide(
            director,
            second,
            rules.FORWARD,
            "Advies: toekennen, verhuizing naar Utrecht.",
            django_capture_on_commit_callbacks,
        ).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.status == rules.FORWARDED

    [officer_mail] = mailbox.to("leerplicht@gemeente.test")
    assert "Advies: toekennen, verhuizing naar Utrecht." in mailbox.text(officer_mail)
    assert "Ana Kind" in mailbox.text(officer_mail)
    attachments = list(officer_mail.iter_attachments())
    assert [part.get_filename() for part in attachments] == ["verhuizing.pdf"]
    assert attachments[0].get_content() == PDF
    [parent_mail] = mailbox.to("parent.a@test.example")
    assert str(parent_mail["Subject"]).strip().startswith("Your leave request is forwarded to the attendance officer")
    assert "bezwaar" not in mailbox.text(parent_mail)


def test_a_religious_obligation_is_acknowledged_not_decided(w, mailbox, django_capture_on_commit_callbacks):
    parent = client_as(w, "parent_a")
    data = form_data(
        w,
        children=("Ana",),
        kind=rules.RELIGIOUS,
        period={"first_day": "2026-11-25", "last_day": "2026-11-25"},
        explanation="Suikerfeest",
    )
    checked = submit(parent, {**data, "action": "check"}, EN_PAGE)
    assert checked.status_code == 200 and "data-problem=" not in body(checked)
    assert submit(parent, data).status_code == 302
    notification = LeaveRequest.objects.get()

    director = client_as(w, "director")
    for action in (rules.APPROVE, rules.REJECT, rules.FORWARD):
        assert decide(director, notification, action, "x", django_capture_on_commit_callbacks).status_code == 400
    assert decide(director, notification, rules.ACKNOWLEDGE, "", django_capture_on_commit_callbacks).status_code == 302
    notification.refresh_from_db()
    assert notification.status == rules.ACKNOWLEDGED
    [mail] = mailbox.to("parent.a@test.example")
    assert "acknowledged" in mail["Subject"]
    assert "bezwaar" not in mailbox.text(mail)


def test_a_late_religious_notification_shows_the_schools_notice_period(w):
    LeaveSettings.objects.create(school=w.school, religious_notice_days=5)
    data = form_data(
        w,
        children=("Ana",),
        kind=rules.RELIGIOUS,
        period={"first_day": "2026-11-25", "last_day": "2026-11-25"},
        explanation="Suikerfeest",
        action="check",
    )
    checked = body(submit(client_as(w, "parent_a"), data, EN_PAGE))
    assert 'data-problem="religious_notice"' in checked
    assert "The school asks to be told of a religious obligation at least 5 days ahead" in checked


# Attachments: private media ------------------------------------------------------------


def test_the_school_can_require_an_employers_statement_served_only_to_parent_and_school(w, media_root):
    LeaveSettings.objects.create(school=w.school, holiday_attachment_required=True)
    parent = client_as(w, "parent_a")

    # Checking what the rules say needs no file yet; submitting does.
    assert submit(parent, form_data(w, action="check")).status_code == 200
    missing = submit(parent, form_data(w))
    assert missing.status_code == 400
    assert nl("The school needs your employer's statement (or a self-employed statement) for holiday leave.") in body(
        missing
    )
    fake = submit(parent, form_data(w, attachment=SimpleUploadedFile("verklaring.pdf", b"MZ\x90\x00 not a pdf")))
    assert fake.status_code == 400
    assert not LeaveRequest.objects.exists()

    ok = submit(
        parent,
        form_data(
            w, attachment=SimpleUploadedFile("Werkgeversverklaring Jansen.pdf", PDF, content_type="application/pdf")
        ),
    )
    assert ok.status_code == 302
    leave_request = LeaveRequest.objects.get()
    assert leave_request.attachment.name.startswith("leave/") and "Jansen" not in leave_request.attachment.name
    assert leave_request.attachment_name == "Werkgeversverklaring Jansen.pdf"
    assert (media_root / leave_request.attachment.name).read_bytes() == PDF
    url = leave_request.attachment.url
    assert url.startswith("/bestanden/leave/")
    assert url in body(parent.get(detail_path(leave_request)))
    assert url in body(client_as(w, "director").get(reverse("leave_review:detail", args=[leave_request.pk])))

    for role in ("parent_a", "director", "office"):
        response = client_as(w, role).get(url)
        assert response.status_code == 200, role
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content == PDF
        assert "private" in response["Cache-Control"]
    for role in ("parent_b", "teacher_a", "director_other_school", "parent_other_school"):
        assert client_as(w, role).get(url).status_code == 404, role
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert Client().get("/bestanden/leave/2026/not-a-request.pdf").status_code in (302, 404)
    assert client_as(w, "director").get("/bestanden/leave/2026/not-a-request.pdf").status_code == 404


# Settings per school -------------------------------------------------------------------------


def test_directors_set_their_schools_leave_policy(w):
    director = client_as(w, "director")
    index = director.get(reverse("leave_settings:index"))
    assert index.status_code == 200
    row = LeaveSettings.objects.get(school=w.school)
    assert (row.holiday_notice_weeks, row.religious_notice_days, row.holiday_attachment_required) == (8, 2, False)
    assert not LeaveSettings.objects.filter(school=w.other_school).exists()

    edit = reverse("leave_settings:edit", args=[row.pk])
    response = director.post(
        edit,
        {
            "holiday_notice_weeks": "4",
            "religious_notice_days": "3",
            "attendance_officer_name": "M. de Vries",
            "attendance_officer_email": "leerplicht@gemeente.test",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.holiday_notice_weeks, row.religious_notice_days, row.attendance_officer_email) == (
        4,
        3,
        "leerplicht@gemeente.test",
    )

    for role in ("teacher_a", "office"):
        assert refused(client_as(w, role).post(edit, {"holiday_notice_weeks": "1"})), role
    assert client_as(w, "director_other_school").post(edit, {"holiday_notice_weeks": "1"}).status_code == 404
    row.refresh_from_db()
    assert row.holiday_notice_weeks == 4

    # The parent's page follows the setting: a request 5 weeks ahead is not late any more.
    parent = client_as(w, "parent_a")
    checked = submit(
        parent, form_data(w, period={"first_day": "2027-01-04", "last_day": "2027-01-05"}, action="check"), EN_PAGE
    )
    assert checked.status_code == 200 and 'data-problem="holiday_notice"' not in body(checked)
    assert "asked at least 4 weeks ahead" in body(parent.get(EN_PAGE))


# No 500 on any input ----------------------------------------------------------------------------

FIELD_VALUES = {
    "kind": st.one_of(st.sampled_from(["holiday", "important", "religious"]), st.text(max_size=20)),
    "first_day": st.one_of(st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)).map(str), st.text(max_size=30)),
    "last_day": st.one_of(st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)).map(str), st.text(max_size=30)),
    "reason": st.one_of(st.sampled_from([choice for choice, _label in rules.REASON_CHOICES]), st.text(max_size=20)),
    "explanation": st.text(max_size=300),
    "confirm_problems": st.sampled_from(["on", "", "yes", "0"]),
    "submission_key": st.one_of(st.uuids().map(str), st.text(max_size=40)),
    "action": st.sampled_from(["check", "submit", "", "delete"]),
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    fields=st.fixed_dictionaries({}, optional=FIELD_VALUES),
    children=st.lists(st.one_of(st.sampled_from(["own", "other", "missing"]), st.text(max_size=12)), max_size=4),
    attachment=st.one_of(st.none(), st.tuples(st.text(max_size=30), st.binary(max_size=300))),
)
def test_no_input_makes_the_form_fail(w, fields, children, attachment):
    ids = {"own": str(w.children["Ana"].pk), "other": str(w.children["Bram"].pk), "missing": "999999"}
    data = dict(fields)
    data["children"] = [ids.get(value, value) for value in children]
    if attachment is not None:
        name, content = attachment
        # A browser sends a file's own name, never a path: Django's upload refuses "", "." and "..".
        name = name.replace("/", "_").replace("\\", "_")
        data["attachment"] = SimpleUploadedFile(name if name not in ("", ".", "..") else "x", content)
    before = set(LeaveRequest.objects.values_list("pk", flat=True))
    response = client_as(w, "parent_a").post(PAGE, data)
    assert response.status_code in (200, 302, 400)
    created = LeaveRequest.objects.exclude(pk__in=before)
    if response.status_code == 302:
        assert created.count() <= 1
        for leave_request in created:
            assert set(leave_request.children.all()) <= {w.children["Ana"], w.children["Cas"]}
            assert leave_request.school_days >= 1
    else:
        assert not created.exists()


# The demo board ------------------------------------------------------------------------------


@pytest.fixture
def demo(db, today):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_leave_page_and_settings_per_school_in_both_languages(demo):
    from django.core.management import call_command

    from home.models import SchoolPage
    from leave.models import LeaveRequestPage

    english = Locale.objects.get(language_code="en")
    for school in SchoolPage.objects.filter(locale__language_code="nl"):
        [page] = LeaveRequestPage.objects.child_of(school)
        assert page.live and page.intro
        assert page.get_translation_or_none(english) is not None
        assert LeaveSettings.objects.get(school=school).attendance_officer_email
    assert LeaveSettings.objects.get(
        school__title="De Windwijzer", school__locale__language_code="nl"
    ).holiday_attachment_required
    before = (LeaveRequestPage.objects.count(), LeaveSettings.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (LeaveRequestPage.objects.count(), LeaveSettings.objects.count()) == before


def test_the_demo_parent_of_two_children_asks_for_leave_and_hears_both_decisions(
    demo, mailbox, django_capture_on_commit_callbacks
):
    """As ouder.twee@windwijzer.test on the demo board: holiday leave for both children, the rule problems of a
    request in the first school weeks; the director rejects one request and approves another; the parent
    sees both decisions and gets both e-mails."""
    from accounts.models import User

    parent_user = User.objects.get(email="ouder.twee@windwijzer.test")
    lotte, sem = (Child.objects.get(first_name=name, last_name="Jansen") for name in ("Lotte", "Sem"))
    parent = Client(raise_request_exception=True)
    parent.force_login(parent_user)

    school_page = parent.get("/")
    assert 'href="/verlof/"' in body(school_page)
    page = parent.get(PAGE)
    assert page.status_code == 200 and "Lotte Jansen" in body(page) and "Sem Jansen" in body(page)

    def data(**extra):
        return {
            "kind": rules.HOLIDAY,
            "children": [str(lotte.pk), str(sem.pk)],
            "explanation": "Ik werk in de bollenteelt; in de zomer kan ik niet weg.",
            "submission_key": str(uuid.uuid4()),
            "action": "submit",
            **extra,
        }

    # 2027/2028 starts on Monday 2 August 2027 in the demo (no holidays entered).
    checked = parent.post(PAGE, data(first_day="2027-08-09", last_day="2027-08-13", action="check"))
    assert checked.status_code == 200
    assert 'data-problem="first_school_weeks"' in body(checked)
    assert 'data-school-days="5"' in body(checked)

    # De Windwijzer asks for the employer's statement.
    holiday = parent.post(PAGE, data(attachment=SimpleUploadedFile("werkgeversverklaring.pdf", PDF), **MAY))
    assert holiday.status_code == 302
    wedding = parent.post(
        PAGE,
        data(
            kind=rules.IMPORTANT,
            reason=rules.WEDDING,
            children=[str(lotte.pk)],
            first_day="2027-03-12",
            last_day="2027-03-12",
            explanation="Bruiloft van haar tante.",
        ),
    )
    assert wedding.status_code == 302
    holiday_request = LeaveRequest.objects.get(kind=rules.HOLIDAY)
    wedding_request = LeaveRequest.objects.get(kind=rules.IMPORTANT)

    director = Client(raise_request_exception=True)
    director.force_login(User.objects.get(email="directeur@windwijzer.test"))
    assert 'data-leave-request="' in body(director.get(reverse("leave_review:index")))
    assert (
        decide(
            director,
            holiday_request,
            rules.REJECT,
            "Uw werkgever kan verlof in de zomer geven.",
            django_capture_on_commit_callbacks,
        ).status_code
        == 302
    )
    assert (
        decide(
            director,
            wedding_request,
            rules.APPROVE,
            "Van harte gefeliciteerd met de bruiloft.",
            django_capture_on_commit_callbacks,
        ).status_code
        == 302
    )

    overview = body(parent.get(PAGE))
    assert 'data-status="rejected"' in overview and 'data-status="approved"' in overview
    assert "Uw werkgever kan verlof in de zomer geven." in body(parent.get(detail_path(holiday_request)))
    mails = mailbox.to("ouder.twee@windwijzer.test")
    assert len(mails) == 2
    texts = " ".join(mailbox.text(mail) for mail in mails)
    assert "Uw werkgever kan verlof in de zomer geven." in texts and "Van harte gefeliciteerd met de bruiloft." in texts
    assert "http://127.0.0.1:8000/verlof/aanvraag/" in texts
    assert not mailbox.to("ilse.bakker@windwijzer.test")
