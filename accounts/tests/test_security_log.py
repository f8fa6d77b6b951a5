"""Logins, failed logins and logouts are written to the security log, without passwords or typed addresses."""

import logging

import pytest

from testing.world import PASSWORD

LOGIN = "/accounts/login/"
CLIENT = "198.51.100.23"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="schoolpoort.security")
    return caplog


def lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "schoolpoort.security"]


def test_a_login_and_a_logout_are_logged_with_the_account_and_the_client(client, world, security_log):
    parent = world.users["parent_a"]
    client.post(LOGIN, {"username": parent.email, "password": PASSWORD}, REMOTE_ADDR=CLIENT)
    client.post("/accounts/logout/", REMOTE_ADDR=CLIENT)
    assert lines(security_log) == [
        f"login user={parent.pk} client={CLIENT}",
        f"logout user={parent.pk} client={CLIENT}",
    ]


def test_a_failed_login_is_logged_without_the_password_or_the_address_typed(client, world, security_log):
    parent = world.users["parent_a"]
    for _attempt in range(2):
        client.post(LOGIN, {"username": parent.email, "password": "Geheim-fout-123"}, REMOTE_ADDR=CLIENT)
    client.post(LOGIN, {"username": "iemand@elders.test", "password": "Geheim-fout-123"}, REMOTE_ADDR=CLIENT)
    logged = lines(security_log)
    assert len(logged) == 3 and all(line.startswith("login failed account=") for line in logged)
    assert all(line.endswith(f"client={CLIENT}") for line in logged)
    text = " ".join(logged)
    assert "Geheim" not in text and parent.email not in text and "elders" not in text
    # The same typed address gives the same name in the log, another address another one.
    assert logged[0] == logged[1] != logged[2]
