"""Wagtail's own login, password and password-reset forms are no way around the portal.

The portal's login and password reset live in `accounts`; access.rules
decides who sees a page. Wagtail brings forms of its own for all three
(`/_util/login/`, `/_util/authenticate_with_password/...`,
`/admin/password_reset/...`): they are closed or send people to the portal's
(access.middleware.WagtailSideDoorsMiddleware, the settings). The URL matrix
checks every role on these routes; this module checks what the matrix's
sample arguments cannot: a `next`, a real view restriction, a POST.
"""

from django.urls import reverse
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.models import PageViewRestriction

LOGIN = reverse("accounts:login")


def test_wagtail_frontend_login_sends_to_the_portal_login_keeping_next(client, world):
    for prefix in ("", "/en"):
        response = client.get(f"{prefix}/_util/login/", {"next": "/groep-3/"})
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next=/groep-3/"


def test_wagtail_frontend_login_drops_a_next_to_another_site(client, world):
    response = client.get("/_util/login/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_wagtail_frontend_login_does_not_log_anyone_in(client, world):
    response = client.post("/_util/login/", {"username": "parent.a@test.example", "password": "Welkom-op-school-1"})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_password_form_of_a_real_restriction_is_closed(client, world):
    """Even with a password restriction in the database (set before the
    setting, or by hand), Wagtail's view would show its form, and the page's
    title, for any page id: it answers 404."""
    restriction = PageViewRestriction.objects.create(
        page=world.class_b, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for role, page, hidden in (
        ("teacher_a", world.class_b, True),
        ("teacher_a", world.other_class, True),
        ("director", world.class_b, False),  # in scope, and still closed
    ):
        client.force_login(world.users[role])
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
        for response in (client.get(url), client.post(url, {"password": "geheim", "return_url": "/"})):
            assert response.status_code == 404, (role, page)
            assert 'name="password"' not in response.content.decode()
            if hidden:
                assert page.title not in response.content.decode()
    assert not any(key.startswith("wagtail-page-view-restrictions") for key in client.session.keys())


def test_privacy_form_offers_no_shared_password():
    form = PageViewRestrictionForm(private_page_options=["password", "groups", "login"])
    choices = [value for value, _label in form.fields["restriction_type"].choices]
    assert PageViewRestriction.PASSWORD not in choices
    assert "password" not in form.fields


def test_a_login_restriction_sends_to_the_portal_login(client, world):
    """Should a superuser restrict a page to a group, a user outside it meets
    the portal's login, not Wagtail's."""
    restriction = PageViewRestriction.objects.create(
        page=world.school_info, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([])
    client.force_login(world.users["parent_a"])
    _site_id, root_url, path = world.school_info.get_url_parts()
    response = client.get(path, HTTP_HOST=root_url.split("//", 1)[1].split(":")[0])
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_wagtail_admin_password_reset_is_off(client, world, mailbox):
    staff = world.users["director"]
    client.force_login(staff)
    for name in (
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_complete",
    ):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("wagtailadmin_password_reset"), {"email": staff.email}).status_code == 404
    client.logout()
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": staff.email})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert mailbox.messages == []
