"""Every response carries the security headers: every URL pattern and every page, as a visitor, a parent and staff.

The walk is the one of the URL x role matrix (`test_url_matrix.py`: its
urlconf walk, sample URLs and world), for fewer roles: the headers do not
depend on who may see what, but on who is logged in (Cache-Control) and on
the part of the site (the portal, or Wagtail's admin under /admin/).
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import translation

from school_site.tests.test_url_matrix import (
    PAGE_NAMES,
    PATTERNS,
    cases,
    client_for,
    world,  # noqa: F401  (the matrix's world, once per module)
)
from testing import access_matrix as matrix

ROLES = ["anonymous", "parent_a", "teacher_a", "director"]
ADMIN = "/admin/"
PERMISSIONS = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def directives(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    found = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        name, *sources = part.split()
        found[name] = sources
    return found


def header_problems(response, url, logged_in):
    """What is missing or too lax in the security headers of one response."""
    problems = []
    csp = directives(response) if response.has_header("Content-Security-Policy") else None
    if csp is None:
        return ["no Content-Security-Policy"]
    admin = urlsplit(url).path.startswith(ADMIN)
    scripts = csp.get("script-src", csp.get("default-src"))
    if not scripts:
        problems.append("no script-src (nor default-src)")
    elif "'unsafe-inline'" in scripts and not admin:
        problems.append(f"script-src allows inline scripts: {scripts}")
    if not admin and "'unsafe-inline'" in csp.get("style-src", []):
        problems.append("style-src allows inline styles")
    for name, sources in csp.items():
        if "'unsafe-eval'" in sources or "*" in sources:
            problems.append(f"{name} allows {sources}")
    for name, expected in {"default-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"]}.items():
        if csp.get(name) != expected:
            problems.append(f"{name} is {csp.get(name)}, not {expected}")
    if csp.get("form-action") != ["'self'"]:
        problems.append(f"form-action is {csp.get('form-action')}")
    framing = response.get("X-Frame-Options")
    ancestors = csp.get("frame-ancestors")
    if framing is None and response.get("Content-Type", "").startswith("text/html") and response.status_code < 300:
        problems.append("no X-Frame-Options")
    if ancestors != (["'self'"] if framing == "SAMEORIGIN" else ["'none'"]):
        problems.append(f"frame-ancestors {ancestors} does not match X-Frame-Options {framing}")
    if framing not in (None, "DENY") and not (framing == "SAMEORIGIN" and admin):
        problems.append(f"X-Frame-Options {framing} outside the admin")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"Cross-Origin-Opener-Policy {response.get('Cross-Origin-Opener-Policy')}")
    permissions = response.get("Permissions-Policy", "")
    missing = [feature for feature in PERMISSIONS if feature not in permissions.split(", ")]
    if missing:
        problems.append(f"Permissions-Policy lacks {missing}")
    if logged_in:
        cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        # Private files choose a short private max-age of their own (privatemedia.views).
        if "private" not in cache or not ({"no-store"} <= cache or any(p.startswith("max-age") for p in cache)):
            problems.append(f"Cache-Control {response.get('Cache-Control')!r} for a logged-in user")
    return problems


def check(client, url, role, host=None):
    extra = {"HTTP_HOST": host} if host else {}
    try:
        response = client.get(url, **extra)
    except Exception as error:
        return [f"{role} GET {url}: raised {type(error).__name__}: {error}"]
    return [f"{role} GET {url}: {problem}" for problem in header_problems(response, url, role != "anonymous")]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern.route for pattern in PATTERNS])
def test_every_url_sends_the_security_headers(db, world, pattern):
    expect, _source = matrix.expectation_for(pattern.route, pattern.name)
    if expect is None:
        pytest.skip("no expectation: test_url_matrix.py fails for it")
    request_cases = cases(pattern, expect, world)
    problems = []
    for role in ROLES:
        client = client_for(world, role)
        # One sample URL per pattern: the headers depend neither on the object nor on the language.
        url, _sample = request_cases[0]
        problems += check(client, url, role)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_every_page_sends_the_security_headers(db, world, page_name):
    page = matrix.world_page(world, page_name)
    with translation.override("nl"):
        _site_id, root_url, path = page.get_url_parts()
    problems = []
    for role in ROLES:
        problems += check(client_for(world, role), path, role, host=urlsplit(root_url).hostname)
    assert not problems, "\n".join(problems)


# The policies themselves ------------------------------------------------


def test_the_portal_allows_only_its_own_scripts_styles_and_frames_nothing(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["frame-src"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    # The installed web app: its service worker and manifest come from the site itself.
    assert csp["worker-src"] == ["'self'"]
    assert csp["manifest-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert not any("'unsafe-" in source for sources in csp.values() for source in sources)


def test_the_service_worker_and_manifest_carry_the_policy_they_need(db):
    client = Client()
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert directives(worker)["connect-src"] == ["'self'"]
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert "Content-Security-Policy" in manifest


def test_the_admin_allows_inline_code_but_nothing_foreign(world):
    client = Client()
    client.force_login(world.users["director"])
    response = client.get(ADMIN)
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    # The admin's avatars are not fetched from gravatar.com.
    assert b"gravatar.com" not in response.content


def test_the_page_preview_may_be_framed_by_the_own_site_only(world):
    client = Client()
    client.force_login(world.users["director"])
    response = client.get(f"{ADMIN}pages/{world.school_post.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]
    # The editor around it is not framed by anyone.
    editor = client.get(f"{ADMIN}pages/{world.school_post.pk}/edit/")
    assert editor.status_code == 200
    assert directives(editor)["frame-ancestors"] == ["'none'"]


def test_the_permissions_policy_switches_off_what_no_page_uses(db):
    response = Client().get("/accounts/login/")
    features = dict(part.split("=", 1) for part in response["Permissions-Policy"].split(", "))
    assert features["camera"] == features["microphone"] == features["geolocation"] == features["payment"] == "()"
