"""Policies and the code of conduct: versions, parents accepting them, and the directors' overview.

The world's policy pages (one code of conduct per school) start without
acceptance; tests publish versions through the admin's edit form, as a
director does, or record one with `require_acceptance`.
"""

import csv
import io
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, rich_text

from classes.models import Child, Enrollment, Guardianship
from notifications.models import Notification
from policies.conduct import acceptance as conduct
from policies.models import PolicyAcceptance, PolicyPage, PolicyVersion
from testing.world import make_user

TIMELINE = "/tijdlijn/"


def client_as(world, role):
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def page_url(page):
    return page.get_url_parts()[2]


def policy(page):
    return PolicyPage.objects.get(pk=page.pk)


def edit(client, page, change, **fields):
    """Submit the admin's edit form of a policy page: publish (default) or save a draft."""
    action = fields.pop("action", "action-publish")
    page = policy(page)
    data = {
        "title": fields.pop("title", page.title),
        "slug": page.slug,
        "kind": fields.pop("kind", page.kind),
        "summary": fields.pop("summary", page.summary),
        "body": rich_text(fields.pop("body", "<p>Wees aardig voor elkaar.</p>")),
        "change": change,
        action: action,
        **fields,
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(data))


def require_acceptance(world, page=None, number=None):
    """Publish a new version of the world's code of conduct that parents must accept, as the director."""
    page = page or world.school_policy
    own_school = page.path.startswith(world.school.path)
    director = world.users["director"] if own_school else world.users["director_other_school"]
    response = edit(client_as_user(director), page, "accept")
    assert response.status_code == 302, response.content.decode()[:3000]
    page = policy(page)
    if number is not None:
        assert page.version == number
    return page


def client_as_user(user):
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


# Seeing policy pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("parent_a", 200),
        ("parent_b", 200),
        ("teacher_a", 200),
        ("director", 200),
        ("parent_other_school", 404),
        ("director_other_school", 404),
    ],
)
def test_a_policy_page_is_for_the_members_of_its_school(world, role, status):
    response = client_as(world, role).get(page_url(world.school_policy))
    assert response.status_code == status
    if status == 200:
        assert "Gedragscode Windwijzer" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = Client().get(page_url(world.school_policy))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# Versions ---------------------------------------------------------------------------


def test_the_version_goes_up_only_when_the_editor_says_so(world):
    director = client_as(world, "director")
    page = world.school_policy

    assert edit(director, page, "new").status_code == 302  # the first publish: version 1
    assert (policy(page).version, policy(page).acceptance_version) == (1, 0)
    assert list(PolicyVersion.objects.filter(page=page).values_list("number", "requires_acceptance")) == [(1, False)]

    assert edit(director, page, "correction", body="<p>Wees aardig, met een typfout minder.</p>").status_code == 302
    assert (policy(page).version, policy(page).acceptance_version) == (1, 0)
    assert PolicyVersion.objects.filter(page=page).count() == 1

    # A draft marked "must accept" changes nothing yet, however often it is saved.
    for _ in range(2):
        assert edit(director, page, "accept", action="action-save").status_code == 302
    assert (policy(page).version, policy(page).acceptance_version) == (1, 0)
    assert PolicyVersion.objects.filter(page=page).count() == 1
    # ... and the form remembers the answer for the draft.
    form_html = director.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert re.search(r'value="accept"[^>]*checked', form_html) and not re.search(
        r'value="correction"[^>]*checked', form_html
    )

    assert edit(director, page, "accept").status_code == 302
    assert (policy(page).version, policy(page).acceptance_version) == (2, 2)
    assert edit(director, page, "correction").status_code == 302
    assert (policy(page).version, policy(page).acceptance_version) == (2, 2)  # a correction keeps the demand
    assert edit(director, page, "new").status_code == 302
    assert (policy(page).version, policy(page).acceptance_version) == (3, 2)
    assert list(
        PolicyVersion.objects.filter(page=page).order_by("number").values_list("number", "requires_acceptance")
    ) == [
        (1, False),
        (2, True),
        (3, False),
    ]


def test_the_page_shows_its_version_and_the_earlier_ones(world):
    director = client_as(world, "director")
    edit(director, world.school_policy, "new")
    edit(director, world.school_policy, "new")
    html = client_as(world, "teacher_a").get(page_url(world.school_policy)).content.decode()
    with translation.override("nl"):
        assert 'data-policy-version="2"' in html
        assert translation.gettext("Earlier versions") in html


def test_a_privacy_statement_is_not_accepted_but_the_form_keeps_the_text(world):
    director = client_as(world, "director")
    response = edit(director, world.school_policy, "accept", kind=PolicyPage.PRIVACY, body="<p>Mijn nieuwe tekst</p>")
    assert response.status_code == 200  # the form again, with the error
    assert "Mijn nieuwe tekst" in response.content.decode()
    assert not PolicyVersion.objects.exists()
    assert policy(world.school_policy).acceptance_version == 0


def test_an_overtaken_draft_cannot_drop_the_acceptance_of_a_newer_version(world):
    page = require_acceptance(world, number=1)
    stale = policy(page)
    stale.version, stale.acceptance_version = 1, 0  # as a draft made before version 1 asked for acceptance
    stale.save_revision().publish()
    assert (policy(page).version, policy(page).acceptance_version) == (1, 1)


# Parents are asked at their next request ------------------------------------------------


def test_parents_are_sent_to_the_acceptance_page_and_staff_are_not(world):
    require_acceptance(world, number=1)
    parent = client_as(world, "parent_a")
    response = parent.get(TIMELINE)
    assert response.status_code == 302
    assert response["Location"] == reverse("policies:pending") + "?next=%2Ftijdlijn%2F"
    page = parent.get(response["Location"])
    assert page.status_code == 200 and "Wees aardig voor elkaar" in page.content.decode()

    # English: the prefix is kept.
    response = parent.get("/en" + TIMELINE)
    assert response.status_code == 302 and response["Location"].startswith("/en/beleid/accepteren/?next=%2Fen%2F")

    for role in ("teacher_a", "teacher_b", "director", "parent_other_school", "director_other_school"):
        assert client_as(world, role).get(TIMELINE).status_code == 200, role


def test_what_a_parent_may_still_open_before_accepting(world):
    page = require_acceptance(world, number=1)
    parent = client_as(world, "parent_b")
    assert parent.get(page_url(page)).status_code == 200  # the policy itself
    english = PolicyPage.objects.filter(translation_key=page.translation_key, locale__language_code="en").first()
    assert english is None or parent.get(page_url(english)).status_code == 200
    assert parent.get("/sw.js").status_code == 200
    assert parent.get(reverse("webapp:manifest")).status_code == 200
    assert parent.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert parent.get(page_url(world.school)).status_code == 302  # any other page waits
    assert parent.get(page_url(world.school_info)).status_code == 302
    response = parent.post(reverse("accounts:logout"))
    assert response.status_code == 302 and "beleid" not in response["Location"]
    assert parent.get(TIMELINE)["Location"].startswith(reverse("accounts:login"))


def test_accepting_twice_records_one_acceptance_and_goes_on(world):
    page = require_acceptance(world, number=1)
    parent = client_as(world, "parent_a")
    data = {"page": page.pk, "version": 1, "next": TIMELINE}
    first = parent.post(reverse("policies:pending"), data)
    second = parent.post(reverse("policies:pending"), data)
    assert first.status_code == 302 and first["Location"] == TIMELINE
    assert second.status_code == 302 and second["Location"] == TIMELINE
    assert PolicyAcceptance.objects.filter(user=world.users["parent_a"], page=page, version=1).count() == 1
    assert parent.get(TIMELINE).status_code == 200
    # The policy page no longer shows the button.
    assert "data-policy-accept" not in parent.get(page_url(page)).content.decode()


def test_accepting_rejects_bad_input_with_a_message(world):
    page = require_acceptance(world, number=1)
    parent = client_as(world, "parent_a")
    url = reverse("policies:pending")
    assert parent.post(url, {"page": "abc", "version": 1}).status_code == 400
    assert parent.post(url, {"page": world.other_policy.pk, "version": 1}).status_code == 400
    stale = parent.post(url, {"page": page.pk, "version": 7})
    assert stale.status_code == 409 and "data-policy-error" in stale.content.decode()
    assert not PolicyAcceptance.objects.exists()
    assert parent.post(url, {"page": page.pk, "version": 1, "next": "https://evil.example/"})["Location"] == reverse(
        "accounts:after_login"
    )


def test_staff_cannot_accept_for_anyone(world):
    page = require_acceptance(world, number=1)
    assert (
        client_as(world, "director").post(reverse("policies:pending"), {"page": page.pk, "version": 1}).status_code
        == 403
    )
    assert not PolicyAcceptance.objects.exists()


def test_a_new_version_asks_again_and_a_correction_does_not(world, monkeypatch):
    page = require_acceptance(world, number=1)
    parent = client_as(world, "parent_a")
    parent.post(reverse("policies:pending"), {"page": page.pk, "version": 1, "next": TIMELINE})
    assert parent.get(TIMELINE).status_code == 200

    edit(client_as(world, "director"), page, "correction")
    later = time.time() + conduct.RECHECK_SECONDS + 1
    monkeypatch.setattr(conduct.time, "time", lambda: later)
    assert parent.get(TIMELINE).status_code == 200

    require_acceptance(world, number=2)
    assert client_as(world, "parent_a").get(TIMELINE).status_code == 302  # at the next login at once
    even_later = later + conduct.RECHECK_SECONDS + 1
    monkeypatch.setattr(conduct.time, "time", lambda: even_later)
    assert parent.get(TIMELINE).status_code == 302  # and within minutes in a session that stays open
    parent.post(reverse("policies:pending"), {"page": page.pk, "version": 2})
    assert parent.get(TIMELINE).status_code == 200
    assert set(PolicyAcceptance.objects.values_list("version", flat=True)) == {1, 2}


def test_parents_of_two_schools_accept_both_codes(world):
    parent = world.users["parent_a"]
    kid = Child.objects.create(school=world.other_school, first_name="Yara", last_name="Kind")
    Enrollment.objects.create(child=kid, class_page=world.other_class)
    Guardianship.objects.create(child=kid, user=parent, relation=Guardianship.MOTHER)
    first = require_acceptance(world, number=1)
    second = require_acceptance(world, page=world.other_policy, number=1)
    client = client_as(world, "parent_a")
    response = client.post(reverse("policies:pending"), {"page": first.pk, "version": 1, "next": TIMELINE})
    assert response["Location"].startswith(reverse("policies:pending"))  # the second one waits
    response = client.post(reverse("policies:pending"), {"page": second.pk, "version": 1, "next": TIMELINE})
    assert response["Location"] == TIMELINE
    assert client.get(TIMELINE).status_code == 200


def test_a_new_version_to_accept_is_announced_to_parents_only(world):
    require_acceptance(world, number=1)
    told = set(Notification.objects.filter(kind=Notification.POLICY).values_list("recipient__email", flat=True))
    assert told == {"parent.a@test.example", "parent.b@test.example"}
    edit(client_as(world, "director"), world.school_policy, "new")
    assert Notification.objects.filter(kind=Notification.POLICY).values("recipient").distinct().count() == 2


def test_the_announcement_mail_links_to_the_policy(world):
    from notifications.rendering import Renderer

    require_acceptance(world, number=1)
    row = Notification.objects.filter(kind=Notification.POLICY, channel=Notification.EMAIL).first()
    mail = Renderer().email(row)
    assert "Gedragscode Windwijzer" in mail.subject
    assert page_url(world.school_policy) in mail.body
    assert reverse("notifications:preferences") in mail.body


# The directors' overview ---------------------------------------------------------------


def test_the_overview_counts_and_names_per_school(world):
    page = require_acceptance(world, number=1)
    require_acceptance(world, page=world.other_policy, number=1)
    client_as(world, "parent_a").post(reverse("policies:pending"), {"page": page.pk, "version": 1})

    director = client_as(world, "director")
    html = director.get(reverse("policies_acceptance")).content.decode()
    assert "Gedragscode Windwijzer" in html and "Conduct other" not in html
    assert re.search(r"data-accepted>\s*1\D+2\s*<", html)  # "1 of 2", in any language

    version = PolicyVersion.objects.get(page=page)
    detail = director.get(reverse("policies_acceptance_detail", args=[version.pk])).content.decode()
    waiting_part = detail.split("data-waiting")[1].split("</table>")[0]
    assert "parent.b@test.example" in waiting_part and "parent.a@test.example" not in waiting_part
    assert "Bram Kind" in waiting_part

    other_version = PolicyVersion.objects.get(page=world.other_policy)
    assert director.get(reverse("policies_acceptance_detail", args=[other_version.pk])).status_code == 404
    assert director.get(reverse("policies_acceptance_export", args=[other_version.pk])).status_code == 404
    assert client_as(world, "teacher_a").get(reverse("policies_acceptance")).status_code in (302, 403)
    assert (
        "Gedragscode"
        not in client_as(world, "director_other_school").get(reverse("policies_acceptance")).content.decode()
    )


def test_the_export_lists_every_parent_of_the_school(world):
    page = require_acceptance(world, number=1)
    client_as(world, "parent_b").post(reverse("policies:pending"), {"page": page.pk, "version": 1})
    version = PolicyVersion.objects.get(page=page)
    response = client_as(world, "director").get(reverse("policies_acceptance_export", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"parent.a@test.example", "parent.b@test.example"}
    assert by_email["parent.b@test.example"][5] == "1" and by_email["parent.a@test.example"][4] == ""
    assert by_email["parent.a@test.example"][2] == "Ana Kind"


def _more_parents(world, count, start):
    for number in range(start, start + count):
        user = make_user(f"extra{number}@test.example")
        kid = Child.objects.create(school=world.school, first_name=f"Extra{number}", last_name="Kind")
        Enrollment.objects.create(child=kid, class_page=world.class_a)
        Guardianship.objects.create(child=kid, user=user, relation=Guardianship.FATHER)


def _more_versions(world, count):
    for number in range(count):
        page = world.school.add_child(
            instance=PolicyPage(title=f"Regel {number}", slug=f"regel-{number}", kind=PolicyPage.OTHER, body="<p>x</p>")
        )
        require_acceptance(world, page=page, number=1)


def test_the_overview_and_a_version_cost_the_same_with_more_rows(world, django_assert_num_queries):
    page = require_acceptance(world, number=1)
    version = PolicyVersion.objects.get(page=page)
    director = client_as(world, "director")
    urls = [reverse("policies_acceptance"), reverse("policies_acceptance_detail", args=[version.pk])]
    counts = {}
    for url in urls:
        director.get(url)  # warm the session and the scope
        with CaptureQueriesContext(connection) as captured:
            assert director.get(url).status_code == 200
        counts[url] = len(captured)

    _more_parents(world, 12, 1)
    _more_versions(world, 5)
    for number in range(1, 8):
        PolicyAcceptance.objects.create(user=make_user(f"gone{number}@test.example"), page=page, version=1)
    for url in urls:
        director.get(url)
        with django_assert_num_queries(counts[url]):
            assert director.get(url).status_code == 200


def test_the_parent_gate_costs_no_query_once_everything_is_accepted(world):
    """A parent who accepted everything is not checked again on every request (the timeline's counts stay)."""
    page = require_acceptance(world, number=1)
    parent = client_as(world, "parent_a")
    parent.post(reverse("policies:pending"), {"page": page.pk, "version": 1})
    parent.get(TIMELINE)
    with CaptureQueriesContext(connection) as with_gate:
        parent.get(TIMELINE)
    PolicyAcceptance.objects.all().delete()
    PolicyPage.objects.update(acceptance_version=0)
    fresh = client_as(world, "parent_a")
    fresh.get(TIMELINE)
    with CaptureQueriesContext(connection) as without_policy:
        fresh.get(TIMELINE)
    assert len(with_gate) == len(without_policy)


# The demo ---------------------------------------------------------------------------


def test_the_demo_school_has_its_policies_and_the_flow_can_be_played(db, settings, tmp_path):
    from django.core.management import call_command
    from wagtail.models import Site

    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    pages = PolicyPage.objects.filter(locale__language_code="nl")
    assert set(pages.values_list("title", flat=True)) == {
        "Communicatie tussen school en ouders",
        "Privacy in het kort",
        "Gedragscode op het portaal",
    }
    assert PolicyPage.objects.filter(locale__language_code="en").count() == 3  # translated like every demo page
    conduct_page = pages.get(kind=PolicyPage.CONDUCT)
    assert (conduct_page.version, conduct_page.acceptance_version) == (1, 1)
    assert not Notification.objects.filter(kind=Notification.POLICY).exists()  # the seed announces nothing

    parent = User.objects.get(email="ouder.groep3@windwijzer.test")
    site = Site.objects.get(root_page__title="De Windwijzer")
    host = {"HTTP_HOST": f"{site.hostname}:{site.port}"}
    client = client_as_user(parent)
    assert client.get(TIMELINE, **host).status_code == 200  # accepted in the seed

    director = client_as_user(User.objects.get(email="directeur@windwijzer.test"))
    response = director.post(
        reverse("wagtailadmin_pages:edit", args=[conduct_page.pk]),
        nested_form_data(
            {
                "title": conduct_page.title,
                "slug": conduct_page.slug,
                "kind": conduct_page.kind,
                "summary": conduct_page.summary,
                "body": rich_text(conduct_page.body + "<p>7. Nieuw: geen spraakberichten.</p>"),
                "change": "accept",
                "action-publish": "action-publish",
            }
        ),
        **host,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client_as_user(parent).get(TIMELINE, **host)
    assert response.status_code == 302 and response["Location"].startswith(reverse("policies:pending"))


def test_a_director_creates_a_policy_with_its_first_version(world):
    director = client_as(world, "director")
    url = reverse("wagtailadmin_pages:add", args=["policies", "policypage", world.school.pk])
    form = director.get(url).content.decode()
    assert 'name="change"' in form and 'value="correction"' not in form  # nothing to correct yet
    response = director.post(
        url,
        nested_form_data(
            {
                "title": "Privacyverklaring",
                "slug": "privacy",
                "kind": PolicyPage.OTHER,
                "summary": "",
                "body": rich_text("<p>Kort.</p>"),
                "change": "accept",
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyPage.objects.get(slug="privacy")
    assert (page.version, page.acceptance_version) == (1, 1)
    assert PolicyVersion.objects.get(page=page).requires_acceptance
    assert client_as(world, "parent_b").get(TIMELINE).status_code == 302
