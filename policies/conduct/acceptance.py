"""Versions of the school's policies, and parents accepting the code of conduct.

* Publishing a policy page (in the default language) records its version
  once (`PolicyVersion`, valid from the moment it went live). A correction
  keeps the number; the form (policies.conduct.forms) decided which it is,
  and `record_published_version` checks that again against what was
  published, so a stale draft cannot undo a newer version's acceptance.
* A version that parents must accept is asked of every parent of the school
  (`access.rules.asked_to_accept_policy`) at their next request: until they
  accept, `PolicyGateMiddleware` sends their portal requests to the
  acceptance page (`policies.conduct.views.pending`). Staff are never asked.
* Parents are told by e-mail and push (Notification.POLICY), waiting for the
  school's working hours like every other message.

The middleware runs for every request, so a parent who accepted everything
is not checked again for `RECHECK_SECONDS` (the answer is kept in the
session): a new version reaches a parent who stays logged in within minutes,
and at once after logging in.
"""

import contextlib
import contextvars
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.signals import page_published

from access.rules import (
    SCHOOL_PATH_LENGTH,
    asked_to_accept_policy,
    is_asked_to_accept_policies,
    visible_pages,
)
from home.models import SchoolPage
from notifications.models import Notification
from notifications.outbox import notify
from policies.conduct.forms import published_state
from policies.models import PolicyAcceptance, PolicyPage, PolicyVersion

SESSION_KEY = "policies_accepted_until"
RECHECK_SECONDS = 300

# URL names a parent may open while a policy waits for their acceptance:
# leaving, switching language, the acceptance page, the web app's shell.
OPEN_VIEW_NAMES = {
    "accounts:logout",
    "set_language",
    "policies:pending",
    "webapp:manifest",
    "webapp:offline",
}
# The account pages (logging out, password reset) and the web app's root
# files (the service worker, push subscriptions).
OPEN_NAMESPACES = {"accounts", "webapp_root"}


# Versions -------------------------------------------------------------------

_announce = contextvars.ContextVar("policies_announce", default=True)


@contextlib.contextmanager
def without_announcements():
    """Publish versions without telling parents (the demo seed builds, it does not announce)."""
    token = _announce.set(False)
    try:
        yield
    finally:
        _announce.reset(token)


def canonical(page):
    """The policy page in the default language (versions and acceptances belong to it)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    return (
        PolicyPage.objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        or page
    )


def school_of(page):
    return SchoolPage.objects.get(path=page.path[:SCHOOL_PATH_LENGTH])


def record_published_version(page, revision=None, user=None):
    """Record the version a publish made live (once), or keep a correction on the published version.

    Returns the new PolicyVersion, or None for a correction.
    """
    if page.locale.language_code != settings.LANGUAGE_CODE:
        return None
    published, required = published_state(page)
    if published and page.version <= published:
        # A correction, or a draft that was overtaken by a newer version.
        if (page.version, page.acceptance_version) != (published, required):
            PolicyPage.objects.filter(pk=page.pk).update(version=published, acceptance_version=required)
            page.version, page.acceptance_version = published, required
        return None
    number = page.version
    requires = page.acceptance_version == number
    try:
        with transaction.atomic():
            version = PolicyVersion.objects.create(
                page_id=page.pk,
                school=school_of(page),
                number=number,
                requires_acceptance=requires,
                valid_from=timezone.now(),
                published_by=user if user is not None and user.is_authenticated else None,
                revision=revision,
            )
    except IntegrityError:
        return None  # published twice at once: the other publish recorded it
    if requires and _announce.get():
        notify_parents(version)
    return version


def _on_publish(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    record_published_version(instance, revision=revision, user=user)


def connect():
    page_published.connect(_on_publish, sender=PolicyPage, dispatch_uid="policies_record_version")


def notify_parents(version):
    """Tell every parent asked to accept a new version (e-mail and push; working hours apply)."""
    for user in asked_to_accept_policy(version.page).only("pk", "email", "is_active").iterator():
        notify(user, Notification.POLICY, version, school=version.school)


def versions_of(page):
    """The published versions of a policy page (any language), newest first: [PolicyVersion]."""
    return list(PolicyVersion.objects.filter(page=canonical(page)).order_by("-number"))


# Acceptance -----------------------------------------------------------------


def awaiting(user):
    """The policy pages (default language, live) this user must accept now: a lazy queryset, oldest first.

    Empty for staff, superusers and anyone who is not a parent at a school.
    """
    pages = PolicyPage.objects.none()
    if not is_asked_to_accept_policies(user):
        return pages
    accepted = PolicyAcceptance.objects.filter(
        user=user, page=OuterRef("pk"), version__gte=OuterRef("acceptance_version")
    )
    pages = PolicyPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE, acceptance_version__gt=0)
    return visible_pages(user, pages).filter(~Exists(accepted)).order_by("path")


def accept(user, page, version):
    """Record that the user accepted this version of the policy; a second time changes nothing.

    Returns (acceptance, created).
    """
    try:
        with transaction.atomic():
            return PolicyAcceptance.objects.get_or_create(user=user, page=page, version=version)
    except IntegrityError:
        # The same acceptance, submitted twice at once: the first one counts.
        return PolicyAcceptance.objects.get(user=user, page=page, version=version), False


def forget_check(request):
    request.session.pop(SESSION_KEY, None)


def must_accept_this(user, page):
    """Does this page (any language) wait for this user's acceptance? For the page's own accept button."""
    original = canonical(page)
    return original.acceptance_version > 0 and awaiting(user).filter(pk=original.pk).exists()


def page_context(page, request):
    """What a policy page shows besides its text: its version, earlier versions, and the accept button."""
    original = canonical(page)
    versions = versions_of(original)
    return {
        "original": original,
        "policy_version": versions[0] if versions else None,
        "earlier_versions": versions[1:],
        "must_accept": must_accept_this(request.user, original),
    }


def _is_open_path(request):
    path = request.path_info
    if path.startswith(settings.STATIC_URL) or path.startswith(reverse("wagtailadmin_home")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name in OPEN_VIEW_NAMES or match.namespace in OPEN_NAMESPACES:
        return True
    return False


def _is_policy_page_path(request, pages):
    """Is the request for one of these policy pages, in any language? Parents may read them."""
    keys = [page.translation_key for page in pages]
    path = request.path
    for page in PolicyPage.objects.filter(translation_key__in=keys):
        if page.get_url(request=request) == path:
            return True
    return False


class PolicyGateMiddleware:
    """Parents with a policy version to accept go to the acceptance page first.

    Placed after authentication and the membership check. Staff and
    anonymous visitors pass; so do the open views (logging out, the
    language switch, the web app's files, the acceptance page) and the
    policy pages themselves, in every language. A GET is sent on with
    `?next=` so the parent ends up where they were going; other methods
    are refused with the same redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.check(request)
        return redirect or self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated or not is_asked_to_accept_policies(user):
            return None
        if _is_open_path(request):
            return None
        session = request.session
        kept = session.get(SESSION_KEY)
        if kept and kept[0] == user.pk and kept[1] > time.time():
            return None
        pending = list(awaiting(user)[:5])
        if not pending:
            session[SESSION_KEY] = [user.pk, time.time() + RECHECK_SECONDS]
            return None
        if _is_policy_page_path(request, pending):
            return None
        target = reverse("policies:pending")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
