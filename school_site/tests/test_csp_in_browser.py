"""In a real browser, the Content-Security-Policy blocks nothing that the portal or the admin needs.

Chromium (through Playwright, testing/browser.py) reports every blocked
script, style, image, frame, worker or manifest as a `securitypolicyviolation`
event and on the console; the pages below must cause none, and what they do
with scripts (the service worker, the admin's editor and preview, saving a
draft) must still work.
"""

from urllib.parse import urlsplit

import pytest

from school_site.tests.test_browser_crawl import ensure_wagtail_base, playwright_env, serve_sites_on  # noqa: F401
from testing import browser
from testing.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)

# Collects what the policy blocked, from before the page's own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watch:
    """Everything a tab and its frames report that points at the policy or a broken script."""

    def __init__(self, context):
        self.context = context
        self.problems = []
        context.add_init_script(RECORD_VIOLATIONS)

    def tab(self):
        tab = self.context.new_page()
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self.problems.append(f"{tab.url}: script error {error}"))
        return tab

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text or "Refused to" in text:
            self.problems.append(f"console: {text}")

    def visit(self, tab, url):
        response = tab.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        tab.wait_for_load_state("networkidle")
        self.collect(tab)

    def collect(self, tab):
        for frame in tab.frames:
            try:
                found = frame.evaluate("() => window.__cspViolations || []")
            except Exception:  # a frame that went away meanwhile
                continue
            self.problems += [f"{frame.url}: {violation}" for violation in found]


@pytest.fixture
def served_world(live_server):
    ensure_wagtail_base()
    world = build_world()
    origins = serve_sites_on(
        live_server, {world.school.get_site(): "localhost", world.other_school.get_site(): "127.0.0.1"}
    )
    return world, origins[world.school.get_site().id]


def test_portal_pages_and_the_web_app_run_under_the_policy(served_world, playwright_env):
    world, origin = served_world
    context = playwright_env.new_context(**browser.PHONE)
    try:
        watch = Watch(context)
        tab = watch.tab()
        landing = browser.log_in(tab, origin, world.users["parent_a"].email, PASSWORD)
        assert urlsplit(landing).path == "/tijdlijn/"
        watch.collect(tab)
        # The service worker registers (worker-src) and the manifest loads (manifest-src).
        scope = tab.evaluate("async () => (await navigator.serviceWorker.ready).scope")
        assert scope == f"{origin}/"
        for path in (
            "/tijdlijn/",
            world.class_a_post.get_url_parts()[2],
            world.class_a.get_url_parts()[2],
            "/app/",
            "/meldingen/",
            "/gesprekken/",
            "/en/tijdlijn/",
        ):
            watch.visit(tab, f"{origin}{path}")
        # push.js ran: the switch left its "needs JavaScript" state.
        tab.goto(f"{origin}/app/")
        tab.wait_for_function("() => document.querySelector('[data-push-toggle]').dataset.pushState !== undefined")
        watch.collect(tab)
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()


def test_the_admin_dashboard_editor_and_preview_run_under_the_policy(served_world, playwright_env):
    world, origin = served_world
    context = playwright_env.new_context(viewport={"width": 1400, "height": 1000})
    try:
        watch = Watch(context)
        tab = watch.tab()
        landing = browser.log_in(tab, origin, world.users["director"].email, PASSWORD)
        assert urlsplit(landing).path == "/admin/"
        watch.visit(tab, f"{origin}/admin/")
        for path in ("/admin/pages/", f"/admin/pages/{world.school.pk}/", "/admin/images/", "/admin/account/"):
            watch.visit(tab, f"{origin}{path}")

        # The page editor: its widgets' inline scripts run, the live preview shows in its frame.
        watch.visit(tab, f"{origin}/admin/pages/{world.class_a_post.pk}/edit/")
        tab.click("[data-side-panel-toggle='preview']")
        preview = tab.frame_locator("#w-preview-iframe")
        # The preview shows the post as parents see it, inside the admin's page.
        preview.locator("main#main").wait_for(state="attached", timeout=15000)
        tab.wait_for_load_state("networkidle")
        watch.collect(tab)

        # Saving a draft works (the form, its CSRF token, the redirect).
        title = tab.locator("#id_title")
        title.fill(title.input_value() + " (bijgewerkt)")
        with tab.expect_navigation():
            tab.click("button.action-save")
        tab.wait_for_load_state("networkidle")
        assert tab.locator(".messages .success, [data-w-messages] .success").count() >= 1, tab.content()[:2000]
        watch.collect(tab)
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()
