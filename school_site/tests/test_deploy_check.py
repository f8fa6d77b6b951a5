"""Production passes Django's deployment checks, and its HTTPS settings work behind the proxy."""

import json

import pytest
from django.test import Client, override_settings

from school_site.tests.test_settings import PRODUCTION_ENV, run_python

PRODUCTION = dict(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="school_site.settings.production")
# A production-like secret: check --deploy rejects short or low-variety keys.
PRODUCTION["SECRET_KEY"] = "k9#Zq-production-test-value-not-secret-8f7e6d5c4b3a2910zzyx"

CHECK_DEPLOY = (
    "import sys; from django.core.management import execute_from_command_line;"
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)
HTTPS_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings;"
    "print(json.dumps({name: getattr(settings, name) for name in ["
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_SSL_REDIRECT',"
    "'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
    "'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', 'SILENCED_SYSTEM_CHECKS']}))"
)


def production_settings(**env):
    result = run_python(HTTPS_SETTINGS, dict(PRODUCTION, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_passes_check_deploy_without_a_single_warning():
    result = run_python(CHECK_DEPLOY, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_also_passes_with_preloading_chosen():
    result = run_python(CHECK_DEPLOY, dict(PRODUCTION, HSTS_PRELOAD="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(0 silenced)" in result.stdout


def test_production_is_https_only_with_a_year_of_hsts_and_no_preloading():
    found = production_settings()
    assert found["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_HSTS_PRELOAD"] is False
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["SESSION_COOKIE_SECURE"] is found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is found["CSRF_COOKIE_HTTPONLY"] is True
    assert found["SESSION_COOKIE_SAMESITE"] == found["CSRF_COOKIE_SAMESITE"] == "Lax"
    # Only the warning about preloading is silenced, and only while preloading is off.
    assert found["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]


def test_subdomains_and_preloading_are_chosen_in_the_environment():
    found = production_settings(HSTS_INCLUDE_SUBDOMAINS="0", HSTS_PRELOAD="1")
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert found["SECURE_HSTS_PRELOAD"] is True
    assert found["SILENCED_SYSTEM_CHECKS"] == []


@pytest.fixture
def behind_the_proxy():
    """This process with production's HTTPS settings (read from the production settings module)."""
    found = production_settings()
    https = {
        name: found[name] for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT")
    }
    with override_settings(**https, SECURE_PROXY_SSL_HEADER=tuple(found["SECURE_PROXY_SSL_HEADER"])):
        yield Client()  # a new client: its middleware reads these settings


def test_plain_http_is_redirected_to_https(db, behind_the_proxy):
    response = behind_the_proxy.get("/accounts/login/", HTTP_HOST="school.example")
    assert response.status_code == 301
    assert response["Location"] == "https://school.example/accounts/login/"


def test_https_through_the_proxy_is_served_with_hsts(db, behind_the_proxy):
    response = behind_the_proxy.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # A request the proxy marks as plain http is sent to https.
    assert behind_the_proxy.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="http").status_code == 301
