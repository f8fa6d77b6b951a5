"""Every URL pattern and every page, requested as every role of the world.

The expectations are in `testing/access_matrix.py`. This module:

* walks the complete urlconf (every include, the Wagtail admin, accounts,
  i18n and the `i18n_patterns` page serving) and fails for a pattern that
  has no expectation there, so a new URL cannot slip in unchecked;
* requests every pattern with sample arguments from the world (per page of
  `PAGE_SAMPLES` where it takes a page) as every role, and checks the
  expected outcome, never a 5xx, and never a title or child name the role
  may not see;
* serves every page of the world, in both languages, to every role, after
  checking that every page type of the project has a page in the world.

One world is built per module inside an outer transaction; every test runs
in a savepoint of it (pytest-django's `db`), so requests cannot leak state
from one test into the next.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from wagtail.models import get_page_models

from schoolcalendar.publishing import without_working_hours
from testing import access_matrix as matrix
from testing.shared_world import release as release_shared_world
from testing.world import ROLES, build_world

LANGUAGES = ["nl", "en"]


# The urlconf, flattened --------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # full route; "<lang>/" for the i18n_patterns prefix
    name: str | None  # namespaced URL name
    params: tuple  # parameter names, in order
    i18n: bool
    callback: str


def _join_route(first, second):
    # As django.urls.resolvers does for ResolverMatch.route.
    if not first:
        return second
    if second.startswith("^"):
        second = second[1:]
    return first + second


def _params(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def url_patterns():
    found = []

    def walk(entries, route, namespaces, params, i18n):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    walk(entry.url_patterns, _join_route(route, "<lang>/"), namespaces, params, True)
                else:
                    walk(
                        entry.url_patterns,
                        _join_route(route, str(entry.pattern)),
                        namespaces + [entry.namespace] if entry.namespace else namespaces,
                        params + _params(entry.pattern),
                        i18n,
                    )
            elif isinstance(entry, URLPattern):
                name = ":".join(namespaces + [entry.name]) if entry.name else None
                callback = f"{getattr(entry.callback, '__module__', '?')}.{getattr(entry.callback, '__name__', '?')}"
                found.append(
                    Pattern(
                        _join_route(route, str(entry.pattern)), name, params + _params(entry.pattern), i18n, callback
                    )
                )

    walk(get_resolver().url_patterns, "", [], (), False)
    return found


PATTERNS = url_patterns()


# The world, once per module ----------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    release_shared_world(django_db_blocker)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            # Pages edited in the admin have revisions; give the world's too,
            # so revision views have something to show.
            with without_working_hours():
                for name in matrix.PAGE_ACCESS:
                    if name != "root":
                        matrix.world_page(built, name).save_revision().publish()
            for name in matrix.PAGE_ACCESS:
                if name != "root":
                    matrix.world_page(built, name).refresh_from_db()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_for(world, role):
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


# Requests and checks -----------------------------------------------------


def _value(sample, world):
    return sample(world) if callable(sample) else sample


def cases(pattern, expect, world):
    """(url, Sample or None) pairs to request for one pattern."""
    languages = LANGUAGES if pattern.i18n else [None]
    if expect.path is not None:
        path = expect.path(world)
        return [(path if lang in (None, "nl") else f"/{lang}{path}", None) for lang in languages]

    samples = {param: matrix.sample_for(param, pattern.name, expect) for param in pattern.params}
    each = {param: sample for param, sample in samples.items() if isinstance(sample, matrix.Each)}
    fixed = {param: _value(sample, world) for param, sample in samples.items() if param not in each}
    variants = [(fixed, None)]
    if each:
        kinds = {sample.label for sample in each.values()}
        assert len(kinds) == 1, f"{pattern.route}: more than one kind of sample object {kinds}"
        objects = next(iter(each.values())).samples
        variants = [({**fixed, **{param: obj.value(world) for param in each}}, obj) for obj in objects]
    result = []
    for kwargs, page in variants:
        for lang in languages:
            with translation.override(lang or "nl"):
                url = reverse(pattern.name, kwargs=kwargs)
            result.append((url, page))
    return result


def _route_for(path):
    first = urlsplit(path).path.split("/")[1]
    with translation.override(first if first in LANGUAGES else "nl"):
        return resolve(urlsplit(path).path).route


def expected_route(pattern, url):
    prefix = ""
    if pattern.i18n:
        first = urlsplit(url).path.split("/")[1]
        prefix = f"{first}/" if first in LANGUAGES and first != "nl" else ""
    return pattern.route.replace("<lang>/", prefix)


def check_response(response, outcome, ctx):
    problems = []
    if response.status_code >= 500:
        problems.append(f"server error {response.status_code}")
    else:
        problems.extend(outcome.problems(response, ctx))
    if not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", "replace")
        for kind, item in matrix.forbidden_texts(ctx.role):
            text = matrix.world_page(ctx.world, item).title if kind == "page" else item
            if text in body:
                problems.append(f"shows {kind} {text!r}, which {ctx.role} may not see")
    return problems


def request_as(client, url, outcome, ctx, host=None):
    extra = {"HTTP_HOST": host} if host else {}
    try:
        response = client.get(url, **extra)
    except Exception as error:
        return [f"raised {type(error).__name__}: {error}"]
    return check_response(response, outcome, ctx)


# Tests ------------------------------------------------------------------


def test_urlconf_walk_finds_every_part():
    routes = {pattern.route for pattern in PATTERNS}
    names = {pattern.name for pattern in PATTERNS}
    assert len(PATTERNS) > 150, "the urlconf walk missed the Wagtail admin"
    assert {"accounts:login", "set_language", "wagtail_serve", "wagtailadmin_home", "wagtailadmin_pages:edit"} <= names
    assert any(route.startswith("<lang>/") for route in routes)
    assert len(routes) == len(PATTERNS), "two patterns share a route key"


def test_every_url_pattern_has_an_expectation():
    missing = [
        f"{pattern.route}  (name={pattern.name}, view={pattern.callback})"
        for pattern in PATTERNS
        if matrix.expectation_for(pattern.route, pattern.name)[0] is None
    ]
    assert not missing, "URL patterns without an expectation in testing/access_matrix.py:\n" + "\n".join(missing)


def test_no_expectation_is_stale():
    routes = {pattern.route for pattern in PATTERNS}
    stale = sorted(set(matrix.ENTRIES) - routes)
    assert not stale, f"entries in testing/access_matrix.py for routes that no longer exist: {stale}"


def test_every_page_type_has_a_page_in_the_world(db, world):
    labels = {model._meta.label_lower for model in get_page_models()}
    assert labels <= set(matrix.PAGE_TYPES), (
        f"page types without a page in the world: {sorted(labels - set(matrix.PAGE_TYPES))}"
    )
    for label, names in matrix.PAGE_TYPES.items():
        assert names, label
        for name in names:
            page = matrix.world_page(world, name)
            assert page.specific_class._meta.label_lower == label, f"{name} is not a {label}"
            assert name in matrix.PAGE_ACCESS
    listed = {name for names in matrix.PAGE_TYPES.values() for name in names}
    assert listed == set(matrix.PAGE_ACCESS)


@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern.route for pattern in PATTERNS])
def test_url_pattern(db, world, pattern):
    expect, source = matrix.expectation_for(pattern.route, pattern.name)
    if expect is None:
        pytest.fail(f"no expectation for {pattern.route} (see test_every_url_pattern_has_an_expectation)")
    problems = []
    request_cases = cases(pattern, expect, world)
    for url, _page in request_cases:
        route = _route_for(url)
        # Django keeps a leading "^" after an empty language prefix; ignore "^".
        if route.replace("^", "") != expected_route(pattern, url).replace("^", ""):
            problems.append(f"sample URL {url} resolves to {route}, not to this pattern")
    clients = {role: client_for(world, role) for role in ROLES}
    for role in ROLES:
        rule = expect.outcomes[role]
        first_sample = request_cases[0][1]
        for url, sample in request_cases:
            if role not in matrix.STAFF and sample is not first_sample:
                # Anonymous users and parents are turned away before the view
                # looks at its arguments: one sample object is enough for them.
                continue
            outcome = rule(sample) if callable(rule) and not isinstance(rule, matrix.Outcome) else rule
            ctx = matrix.Context(role=role, world=world, client=clients[role], url=url, sample=sample)
            for problem in request_as(clients[role], url, outcome, ctx):
                problems.append((role, f"{role} GET {url}: {problem} (expected {outcome!r}; rule: {source})"))
    report(pattern.route, problems)


def report(route, problems):
    """Fail on problems, except exactly the known issue of this route (then xfail)."""
    known_roles, reason = matrix.KNOWN_ISSUES.get(route, (frozenset(), None))
    unknown = [text for role, text in problems if role not in known_roles]
    assert not unknown, "\n".join(unknown)
    if reason is None:
        return
    roles_with_problems = {role for role, _text in problems}
    fixed = sorted(known_roles - roles_with_problems)
    assert not fixed, (
        f"known issue no longer happens for {fixed}: update KNOWN_ISSUES in testing/access_matrix.py ({reason})"
    )
    pytest.xfail(f"known leak: {reason} ({len(problems)} problems)")


PAGE_NAMES = [name for name in matrix.PAGE_ACCESS if name != "root"]


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_access(db, world, page_name):
    page = matrix.world_page(world, page_name)
    problems = []
    for role in ROLES:
        client = client_for(world, role)
        for lang in LANGUAGES:
            with translation.override(lang):
                _site_id, root_url, path = page.get_url_parts()
            if lang != "nl" and not path.startswith(f"/{lang}/"):
                # A page without a translation is served under every language prefix.
                path = f"/{lang}{path}"
            host = urlsplit(root_url).hostname
            if role == "anonymous":
                outcome = matrix.LOGIN
            elif role in matrix.PAGE_ACCESS[page_name]:
                outcome = matrix.Status(200, text=page.title, label="200 with the page")
            else:
                outcome = matrix.HIDDEN_PAGE
            ctx = matrix.Context(role=role, world=world, client=client, url=path)
            for problem in request_as(client, path, outcome, ctx, host=host):
                problems.append(f"{role} GET {root_url}{path}: {problem} (expected {outcome!r})")
    assert not problems, "\n".join(problems)


def test_the_tree_root_is_served_to_nobody(db, world):
    root = matrix.world_page(world, "root")
    assert root.get_url_parts() is None


# Routes of routable pages --------------------------------------------------


def page_routes():
    """(page type label, route name) of every route of every page type, besides the page itself."""
    from django.apps import apps

    found = []
    for label in sorted(matrix.PAGE_TYPES):
        model = apps.get_model(label)
        for route in getattr(model, "get_subpage_urls", lambda: ())():
            if route.name != "index_route" and (label, route.name) not in found:
                found.append((label, route.name))
    return found


def test_every_page_route_has_an_expectation():
    missing = [key for key in page_routes() if key not in matrix.PAGE_ROUTES]
    assert not missing, (
        f"routes of routable pages without an expectation in testing/access_matrix.py PAGE_ROUTES: {missing}"
    )
    stale = sorted(set(matrix.PAGE_ROUTES) - set(page_routes()))
    assert not stale, f"PAGE_ROUTES entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("key", list(matrix.PAGE_ROUTES), ids=["/".join(key) for key in matrix.PAGE_ROUTES])
def test_page_route(db, world, key):
    label, route_name = key
    expect = matrix.PAGE_ROUTES[key]
    problems = []
    clients = {role: client_for(world, role) for role in ROLES}
    for page_name in matrix.PAGE_TYPES[label]:
        page = matrix.world_page(world, page_name).specific
        for sample in expect.samples:
            subpath = page.reverse_subpage(route_name, kwargs=sample.kwargs(world)).lstrip("/")
            for lang in LANGUAGES:
                with translation.override(lang):
                    _site_id, root_url, path = page.get_url_parts()
                if lang != "nl" and not path.startswith(f"/{lang}/"):
                    path = f"/{lang}{path}"
                url = path + subpath
                host = urlsplit(root_url).hostname
                for role in ROLES:
                    outcome = expect.outcome(page_name, role, sample)
                    ctx = matrix.Context(role=role, world=world, client=clients[role], url=url)
                    for problem in request_as(clients[role], url, outcome, ctx, host=host):
                        problems.append(f"{role} GET {root_url}{url} ({sample.name}): {problem} (expected {outcome!r})")
    assert not problems, "\n".join(problems)
