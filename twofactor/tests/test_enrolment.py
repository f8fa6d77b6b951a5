"""Setting up two-factor sign-in: the QR code and key, confirming with a code, the recovery codes; turning it off."""

import datetime
import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import devices
from twofactor.tests.conftest import code_for, codes_from_page, dutch, key_from_page, log_in, set_up, wrong_code_for


def test_a_parent_sets_up_an_app_with_a_qr_code_and_gets_ten_recovery_codes_shown_once(client, world):
    parent = world.users["parent_a"]
    client.force_login(parent)
    page = client.get(reverse("twofactor:setup"))
    assert page.status_code == 200
    body = page.content.decode()
    # The QR code is inline SVG markup: no image file, no data: URI, no inline style or script.
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert "<path" in svg and "data:" not in svg and "style=" not in svg
    assert "style=" not in body and "<style" not in body and not re.search(r"<script(?![^>]*\bsrc=)", body)
    key = key_from_page(page)
    # Reloading the page keeps the same key (the app may have scanned it already).
    assert key_from_page(client.get(reverse("twofactor:setup"))) == key
    assert not TOTPDevice.objects.filter(user=parent).exists()

    response = client.post(reverse("twofactor:setup"), {"code": code_for(key)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=parent)
    assert device.confirmed and device.key == key
    shown = codes_from_page(client.get(response["Location"]))
    assert len(shown) == 10 == len(set(shown))
    assert sorted(StaticToken.objects.filter(device__user=parent).values_list("token", flat=True)) == sorted(shown)
    # Shown once: the next visit only counts them.
    again = client.get(reverse("twofactor:recovery_codes"))
    assert codes_from_page(again) == []
    assert b'data-codes-left="10"' in again.content
    # The session that set it up is verified: the portal is open.
    assert client.get("/tijdlijn/").status_code == 200
    manage = client.get(reverse("twofactor:manage"))
    assert b'data-twofactor-status="on"' in manage.content


def test_a_wrong_setup_code_is_refused_with_a_message_and_nothing_is_kept(client, world):
    parent = world.users["parent_a"]
    client.force_login(parent)
    key = key_from_page(client.get(reverse("twofactor:setup")))
    response = client.post(reverse("twofactor:setup"), {"code": wrong_code_for(key)})
    assert response.status_code == 400
    message = (
        "This code is not right. Check that the app shows the code for Schoolpoort and the time on your phone is "
        "right, and try again."
    )
    assert dutch(message) in response.content.decode()
    assert not TOTPDevice.objects.filter(user=parent).exists()
    badly_formed = client.post(reverse("twofactor:setup"), {"code": "twelve"})
    assert badly_formed.status_code == 400
    assert dutch("Enter the six digits your app shows.") in badly_formed.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, world, clock):
    parent = world.users["parent_b"]
    client.force_login(parent)
    _key, first = set_up(client)
    response = client.post(reverse("twofactor:recovery_codes"))
    assert response.status_code == 302
    second = codes_from_page(client.get(response["Location"]))
    assert len(second) == 10 and not set(first) & set(second)

    other = Client()
    log_in(other, parent)
    old = other.post(reverse("twofactor:verify"), {"code": first[0]})
    assert old.status_code == 400
    clock.set(clock.now + datetime.timedelta(seconds=10))  # past the wait after one wrong code
    new = other.post(reverse("twofactor:verify"), {"code": second[0]})
    assert new.status_code == 302


def test_setting_up_ends_the_users_other_sessions(client, world):
    parent = world.users["parent_a"]
    elsewhere = Client()
    log_in(elsewhere, parent)
    assert elsewhere.get("/tijdlijn/").status_code == 200
    log_in(client, parent)
    set_up(client)
    assert client.get("/tijdlijn/").status_code == 200
    # The other browser knew only the password: it is logged out.
    response = elsewhere.get("/tijdlijn/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_parent_finds_it_on_the_preferences_page_and_staff_on_the_admin_account_page(client, world):
    client.force_login(world.users["parent_a"])
    assert reverse("twofactor:manage").encode() in client.get(reverse("notifications:preferences")).content
    staff = Client()
    staff.force_login(world.users["teacher_a"])
    account = staff.get(reverse("wagtailadmin_account"))
    assert account.status_code == 200
    assert reverse("twofactor:manage").encode() in account.content


def test_a_parent_turns_it_off_with_a_code(client, world, clock):
    parent = world.users["parent_a"]
    client.force_login(parent)
    key, _codes = set_up(client)
    wrong = client.post(reverse("twofactor:turn_off"), {"code": wrong_code_for(key)})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=parent).exists()
    clock.set(clock.now + datetime.timedelta(seconds=10))  # past the wait after one wrong code
    response = client.post(reverse("twofactor:turn_off"), {"code": code_for(key, 1)})
    assert response.status_code == 302
    assert not devices.has_device(parent)
    assert b'data-twofactor-status="off"' in client.get(reverse("twofactor:manage")).content
    # Off: the next login is the password only.
    other = Client()
    log_in(other, parent)
    assert other.get("/tijdlijn/").status_code == 200


def test_a_director_cannot_turn_it_off(client, world):
    director = world.users["director"]
    client.force_login(director)
    key, _codes = set_up(client)
    manage = client.get(reverse("twofactor:manage"))
    assert b"data-twofactor-required" in manage.content and reverse("twofactor:turn_off").encode() not in manage.content
    response = client.post(reverse("twofactor:turn_off"), {"code": code_for(key, 1)})
    assert response.status_code == 403
    assert dutch("Your role requires two-factor sign-in, so it cannot be turned off.") in response.content.decode()
    assert devices.is_enrolled(director)


def test_setting_up_a_new_app_replaces_the_old_one(client, world):
    parent = world.users["parent_a"]
    client.force_login(parent)
    old_key, _ = set_up(client)
    new_key, _ = set_up(client, steps_ahead=1)
    assert new_key != old_key
    assert list(TOTPDevice.objects.filter(user=parent).values_list("key", flat=True)) == [new_key]


def test_recovery_codes_without_an_app_lead_back_to_the_two_factor_page(client, world):
    client.force_login(world.users["parent_a"])
    response = client.post(reverse("twofactor:recovery_codes"))
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:manage")
    assert not StaticToken.objects.exists()
