"""Failed logins slow down, per client and per account, and the wait always ends.

Real requests through the test client; the client address is REMOTE_ADDR,
or X-Forwarded-For behind a trusted proxy. The `clock` fixture moves time on.
"""

import datetime
import html

import pytest
from django.conf import settings
from django.utils import translation

from accounts.limits import login_wait_message
from testing.world import PASSWORD

LOGIN = "/accounts/login/"
PARENT = "parent.a@test.example"
HOME = "198.51.100.7"  # the parent's own connection
GUESSER = "203.0.113.66"


@pytest.fixture
def limits(settings):
    """Small limits, so a test needs few requests: 3 free failures per account, 6 per client."""
    settings.THROTTLE_LIMITS = {
        **settings.THROTTLE_LIMITS,
        "login_account": {"free": 3, "base_wait": 60, "max_wait": 600, "window": 24 * 3600},
        "login_client": {"free": 6, "base_wait": 60, "max_wait": 3600, "window": 24 * 3600},
    }
    return settings.THROTTLE_LIMITS


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client, email, password=PASSWORD, address=GUESSER, **headers):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return client.session.get("_auth_user_id") is not None


def fail(client, times, email=PARENT, address=GUESSER, **headers):
    return [log_in(client, email, "wrong-password", address, **headers).status_code for _ in range(times)]


def later(clock, **delta):
    clock.set(clock.now + datetime.timedelta(**delta))


def test_after_the_free_failures_the_account_waits_with_a_clear_message(english, world, limits, clock):
    assert fail(english, 2) == [400, 400]
    response = log_in(english, PARENT, "wrong-password")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    content = response.content.decode()
    assert "Too many failed attempts to log in. Wait 1 minute and try again." in content
    assert 'role="alert"' in content


def test_while_waiting_even_the_right_password_does_not_log_in(client, world, limits, clock):
    fail(client, 3)
    response = log_in(client, PARENT)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_wait_message_is_in_the_visitors_language_dutch_by_default(client, world, limits, clock):
    fail(client, 3)
    content = log_in(client, PARENT).content.decode()
    with translation.override("nl"):
        expected = login_wait_message(60)
    assert html.escape(expected) in content


def test_the_wait_grows_with_each_further_failure_and_ends(client, world, limits, clock):
    fail(client, 3)
    waits = []
    for _ in range(6):
        later(clock, seconds=int(log_in(client, PARENT)["Retry-After"]))
        response = log_in(client, PARENT, "wrong-password")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
    # Doubles per failure, up to the account's max_wait: never for good.
    assert waits == [120, 240, 480, 600, 600, 600]
    later(clock, seconds=600)
    assert log_in(client, PARENT).status_code == 302
    assert logged_in(client)


def test_the_parent_on_their_own_connection_still_logs_in_while_someone_guesses(client, world, limits, clock):
    fail(client, 5)
    assert log_in(client, PARENT, "wrong-password")["Retry-After"]  # the guesser waits
    response = log_in(client, PARENT, address=HOME)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_accounts_failures(client, world, limits, clock):
    fail(client, 2, address=HOME)
    assert log_in(client, PARENT, address=HOME).status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR=HOME)
    # Three new free failures, not one.
    assert fail(client, 2, address=HOME) == [400, 400]


def test_one_client_guessing_many_accounts_waits_as_well(client, world, limits, clock):
    statuses = [log_in(client, f"guess{n}@test.example", "wrong-password").status_code for n in range(7)]
    assert statuses == [400] * 5 + [429, 429]
    # A right password of another account from the same client waits too.
    assert log_in(client, "parent.b@test.example").status_code == 429
    # Another client is not affected.
    assert log_in(client, "parent.b@test.example", address=HOME).status_code == 302


def test_known_and_unknown_addresses_are_limited_alike(client, world, limits, clock):
    known = fail(client, 4, email=PARENT)
    unknown = fail(client, 4, email="nobody@test.example", address="192.0.2.44")
    assert known == unknown == [400, 400, 429, 429]


def test_an_address_typed_differently_is_the_same_account(client, world, limits, clock):
    fail(client, 2, email=PARENT)
    assert log_in(client, "  PARENT.A@Test.Example ", "wrong-password").status_code == 429


def test_the_count_runs_out_after_its_window(client, world, limits, clock):
    fail(client, 3)
    later(clock, hours=25)
    assert log_in(client, PARENT, "wrong-password").status_code == 400
    assert log_in(client, PARENT).status_code == 302


def test_malformed_input_is_not_counted(client, world, limits, clock):
    for _ in range(10):
        assert log_in(client, "not an address", "x").status_code == 400
    assert log_in(client, PARENT).status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, world, limits, clock):
    statuses = [
        log_in(client, PARENT, "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)
    ]
    assert statuses == [400, 400, 429, 429]


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(client, world, limits, clock, settings):
    settings.THROTTLE_TRUSTED_PROXIES = 1
    proxy = "127.0.0.1"
    # The guesser forges the start of the header; nginx appends the address it saw.
    statuses = [
        log_in(
            client, f"guess{n}@test.example", "wrong-password", proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {GUESSER}"
        ).status_code
        for n in range(7)
    ]
    assert statuses == [400] * 5 + [429, 429]
    # Everyone else comes through the same proxy and is not affected.
    assert log_in(client, PARENT, address=proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 302


def test_ipv6_clients_count_per_network(client, world, limits, clock):
    statuses = [
        log_in(client, f"guess{n}@test.example", "wrong-password", f"2001:db8:1:2::{n + 1:x}").status_code
        for n in range(7)
    ]
    assert statuses == [400] * 5 + [429, 429]
    assert log_in(client, PARENT, address="2001:db8:1:3::1").status_code == 302


def test_the_admin_login_is_the_same_limited_form(client, world, limits, clock):
    """Wagtail's admin sends staff to the portal's login (WAGTAILADMIN_LOGIN_URL), so staff are limited alike."""
    assert client.get("/admin/login/")["Location"] == LOGIN
    fail(client, 3, email="director@test.example")
    assert log_in(client, "director@test.example").status_code == 429
