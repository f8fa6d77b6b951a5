"""A real browser crawls the portal as each parent and anonymously.

Chromium (Debian's /usr/bin/chromium, through Playwright) logs in through the
real login form of pytest-django's live server, then follows every
same-origin link breadth-first, at a phone's size. No page it reaches may belong to a class
group or school the parent may not see, no text may name one, no link may
lead to a refused page, no page may be wider than the phone's screen, and
nothing may answer 5xx. Anonymously, every link
leads only to the login and password reset pages.

Each school is its own Wagtail Site, so the test points the Sites at the live
server: one school on `localhost:<port>`, the other on `127.0.0.1:<port>`;
a parent is crawled from the origin of every school they may see.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.urls import resolve
from wagtail.models import Site

from testing import browser
from testing.access_matrix import PAGE_ACCESS, PARENTS, world_page
from testing.world import PASSWORD, build_world

# live_server needs committed data: a transactional test. Another
# transactional test may have flushed the database before this one (only
# post_migrate data, no tree root), so each test lays Wagtail's base first.
pytestmark = pytest.mark.django_db(transaction=True)

ANONYMOUS_PAGES = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:accept_invitation",
}

DEMO_PARENTS = ["ouder.groep3@windwijzer.test", "ouder.twee@windwijzer.test", "ouder@regenboog.test"]
DEMO_PASSWORD = "Welkom-op-school-1"


@pytest.fixture
def playwright_env(monkeypatch):
    browser.require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made here between browser steps are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def ensure_wagtail_base():
    """The tree root, the root collection and the locales, as Wagtail's migrations leave them."""
    from wagtail.models import Collection, Locale, Page

    nl, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=nl))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def serve_sites_on(live_server, hostnames):
    """Point every Site at the live server: {site: hostname}; returns {site id: origin}."""
    port = urlsplit(live_server.url).port
    origins = {}
    for site, hostname in hostnames.items():
        site.hostname = hostname
        site.port = port
        site.save()
        origins[site.id] = f"http://{hostname}:{port}"
    return origins


def origins_of_visible_schools(pages, visible_paths, origins):
    """The origin of every school the parent sees (a school page is its Site's root)."""
    school_urls = [url for page in pages if page.kind == "school" and page.path in visible_paths for url in page.urls]
    return sorted({browser.origin_of(url) for url in school_urls} & set(origins.values()))


def crawl_parent(chromium, email, password, pages, visible_paths, origins):
    secrets = browser.secret_texts(pages, visible_paths)
    problems = []
    reached = set()
    start_origins = origins_of_visible_schools(pages, visible_paths, origins)
    if not start_origins:
        return [f"{email}: sees no school at all"], reached
    for origin in start_origins:
        context = chromium.new_context(**browser.PHONE)
        try:
            tab = context.new_page()
            landing = browser.log_in(tab, origin, email, password)
            if urlsplit(landing).path.startswith("/accounts/login"):
                problems.append(f"{email}: login at {origin} failed (still on {landing})")
                continue
            result = browser.crawl(tab, landing)
        finally:
            context.close()
        problems += [
            f"{email} @ {origin}: {problem}"
            for problem in browser.check_parent_crawl(result, pages, visible_paths, secrets)
        ]
        reached |= {visit.final_url for visit in result.visits if visit.status == 200}
    return problems, reached


def check_nav_reached(email, pages, visible_paths, reached):
    """Every school and class group the parent sees is linked (from the menu) and was reached.

    Only in the default language: the crawl follows links, and switching
    language is a form, not a link.
    """
    missing = [
        page.title
        for page in pages
        if page.kind in ("school", "class")
        and page.language == settings.LANGUAGE_CODE
        and page.path in visible_paths
        and not set(page.urls) & reached
    ]
    return [f"{email}: never reached {title!r}, which they may see" for title in missing]


def crawl_anonymous(chromium, origin):
    context = chromium.new_context()
    try:
        result = browser.crawl(context.new_page(), f"{origin}/")
    finally:
        context.close()
    problems = list(result.errors)
    for visit in result.visits:
        if visit.status >= 500:
            problems.append(f"anonymous {visit.url}: server error {visit.status}")
        path = urlsplit(visit.final_url).path
        name = resolve(path).view_name
        if name not in ANONYMOUS_PAGES:
            problems.append(
                f"anonymous {visit.url} ended at {visit.final_url} ({name}), not at a login or password reset page"
            )
    if not any(resolve(urlsplit(v.final_url).path).view_name == "accounts:login" for v in result.visits):
        problems.append(f"anonymous at {origin}/ never reached the login form")
    return problems


def test_parents_and_anonymous_crawl_the_world(live_server, playwright_env):
    ensure_wagtail_base()
    world = build_world()
    origins = serve_sites_on(
        live_server,
        {world.school.get_site(): "localhost", world.other_school.get_site(): "127.0.0.1"},
    )
    pages = browser.page_map(origins)
    problems = []
    for role in PARENTS:
        user = world.users[role]
        visible_paths = browser.parent_visible_paths(user)
        # The roster-derived expectation must agree with the matrix table.
        table = {world_page(world, name).path for name, roles in PAGE_ACCESS.items() if role in roles}
        assert visible_paths == table, f"{role}: roster says {sorted(visible_paths)}, table says {sorted(table)}"
        found, reached = crawl_parent(playwright_env, user.email, PASSWORD, pages, visible_paths, origins)
        problems += found + check_nav_reached(user.email, pages, visible_paths, reached)
    for origin in origins.values():
        problems += crawl_anonymous(playwright_env, origin)
    assert not problems, "\n".join(problems)


def test_parents_crawl_the_seeded_demo(live_server, playwright_env):
    if "seed_demo" not in get_commands():
        pytest.skip("no seed_demo management command yet")
    ensure_wagtail_base()
    call_command("seed_demo", verbosity=0)
    from accounts.models import User

    origins = serve_sites_on(live_server, {site: site.hostname for site in Site.objects.all()})
    assert len(set(origins.values())) == len(origins), "two demo schools share a host name"
    pages = browser.page_map(origins)
    problems = []
    for email in DEMO_PARENTS:
        user = User.objects.get(email=email)
        visible_paths = browser.parent_visible_paths(user)
        found, reached = crawl_parent(playwright_env, email, DEMO_PASSWORD, pages, visible_paths, origins)
        problems += found + check_nav_reached(email, pages, visible_paths, reached)
    for origin in sorted(set(origins.values())):
        problems += crawl_anonymous(playwright_env, origin)
    assert not problems, "\n".join(problems)
