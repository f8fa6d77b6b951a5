"""Helpers for the browser crawl: Debian's Chromium driven by Playwright.

Never run `playwright install`: the browser is the system's /usr/bin/chromium
(installed by apt, see .ci/run). Tests skip when it is missing.

What a parent may see is worked out here from the roster directly (children
who have not left, their schools and this school year's class groups), not by
asking `access.rules`, so that the crawl checks the rules instead of
repeating them.
"""

import os
import shutil
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAX_PAGES = 150


def require_chromium():
    """Skip the calling test, with the reason, when the browser or Playwright is missing."""
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser crawl skipped")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -r requirements-dev.txt)")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def log_in(page, origin, email, password):
    """Log in through the real login form; returns the URL the user lands on."""
    page.goto(f"{origin}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    return page.url


@dataclass
class Visit:
    url: str  # the URL requested
    final_url: str  # after redirects
    status: int
    text: str  # the visible text of the page
    linked_from: str | None
    too_wide: bool = False  # an HTML page wider than the window (sideways scrolling on a phone)


@dataclass
class Crawl:
    visits: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def crawl(page, start_url, max_pages=MAX_PAGES):
    """Breadth-first over every same-origin link reachable from start_url."""
    origin = origin_of(start_url)
    result = Crawl()
    queue = deque([(start_url, None)])
    seen = {start_url}
    while queue and len(result.visits) < max_pages:
        url, source = queue.popleft()
        try:
            response = page.goto(url)
        except Exception as error:
            result.errors.append(f"{url} (linked from {source}): {error}")
            continue
        status = response.status if response is not None else 0
        text = page.inner_text("body") if status else ""
        is_html = status and response.headers.get("content-type", "").startswith("text/html")
        too_wide = bool(is_html) and page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        result.visits.append(Visit(url, page.url, status, text, source, too_wide))
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            href, _fragment = urldefrag(href)
            if origin_of(href) != origin or href in seen:
                continue
            seen.add(href)
            queue.append((href, url))
    if queue:
        result.errors.append(f"crawl stopped after {max_pages} pages with {len(queue)} links left")
    return result


# What a parent may see, from the roster -----------------------------------


@dataclass
class PageInfo:
    id: int
    title: str
    path: str
    kind: str  # "school", "class" or "page"
    language: str  # the page's locale
    urls: list  # absolute URLs, every language


def page_map(origins_by_site_id):
    """Every live page with its absolute URLs (both languages), read before the browser starts."""
    from django.utils import translation
    from wagtail.models import Page

    from classes.models import ClassPage
    from home.models import SchoolPage

    school_ids = set(SchoolPage.objects.values_list("id", flat=True))
    class_ids = set(ClassPage.objects.values_list("id", flat=True))
    pages = []
    for page in Page.objects.live().filter(depth__gte=2).select_related("locale"):
        urls = []
        for lang in ("nl", "en"):
            with translation.override(lang):
                parts = page.get_url_parts()
            if parts is None:
                continue
            site_id, _root_url, path = parts
            urls.append(origins_by_site_id[site_id] + path)
        kind = "school" if page.id in school_ids else "class" if page.id in class_ids else "page"
        pages.append(PageInfo(page.id, page.title, page.path, kind, page.locale.language_code, urls))
    return pages


def parent_visible_paths(user):
    """Tree paths of the pages a parent may see, from the roster alone."""
    from django.db.models import Q
    from django.utils import timezone
    from wagtail.models import Page

    from classes.models import Child, ClassPage, Enrollment
    from classes.schoolyear import current_school_year
    from home.models import SchoolPage

    today = timezone.localdate()
    children = Child.objects.filter(guardianships__user=user).filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    school_keys = set(children.values_list("school__translation_key", flat=True))
    class_keys = set(
        Enrollment.objects.filter(child__in=children, school_year=current_school_year()).values_list(
            "class_page__translation_key", flat=True
        )
    )
    school_paths = set(SchoolPage.objects.filter(translation_key__in=school_keys).values_list("path", flat=True))
    class_paths = set(ClassPage.objects.filter(translation_key__in=class_keys).values_list("path", flat=True))
    all_class_paths = set(ClassPage.objects.values_list("path", flat=True))
    steplen = Page.steplen
    visible = set()
    for path in Page.objects.filter(depth__gte=2).values_list("path", flat=True):
        if path[: steplen * 2] not in school_paths:
            continue
        group = path[: steplen * 3]
        if len(path) > steplen * 2 and group in all_class_paths and group not in class_paths:
            continue
        visible.add(path)
    return visible


def secret_texts(pages, visible_paths):
    """Titles of schools and class groups the parent may not see (and no visible title contains)."""
    visible_titles = [p.title for p in pages if p.path in visible_paths]
    return sorted(
        {
            p.title
            for p in pages
            if p.kind in ("school", "class")
            and p.path not in visible_paths
            and not any(p.title in title for title in visible_titles)
        }
    )


def check_parent_crawl(result, pages, visible_paths, secrets):
    """Problems found in a parent's crawl."""
    by_url = {url: p for p in pages for url in p.urls}
    problems = list(result.errors)
    for visit in result.visits:
        where = f"{visit.url} (linked from {visit.linked_from})"
        if visit.status >= 500:
            problems.append(f"{where}: server error {visit.status}")
        if visit.status in (403, 404):
            problems.append(f"{where}: a link leads to a refused page ({visit.status})")
        page = by_url.get(visit.final_url)
        if page is not None and page.path not in visible_paths:
            problems.append(
                f"{where}: shows {page.kind} {page.title!r}, which this parent may not see (status {visit.status})"
            )
        for secret in secrets:
            if secret in visit.text:
                problems.append(f"{where}: the text names {secret!r}, which this parent may not see")
        if visit.too_wide:
            problems.append(f"{where}: the page is wider than the screen (it scrolls sideways)")
    return problems


# Parents crawl as on a phone: the size of a common one, touch, mobile layout.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
