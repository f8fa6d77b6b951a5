"""The installable web app: manifest, service worker, offline page, the app page and push subscriptions.

Public (login_not_required), and the same for everyone, so they can be
fetched before logging in and by the service worker without cookies:
the manifest, the service worker and the offline page. They never mention
a user, a school, a class group or a child.

For logged-in users: the app page (install instructions and the push toggle)
and the JSON endpoints that store and remove this device's push
subscription (POST, CSRF-checked).
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from webapp import signals
from webapp.keys import check_device_keys, check_endpoint, device_label
from webapp.models import PushSubscription

THEME_COLOUR = "#1f6f8b"  # --accent in static/css/site.css
BACKGROUND_COLOUR = "#fbfaf7"  # --paper

ICONS = [
    ("webapp/icons/icon-192.png", "192x192", "any"),
    ("webapp/icons/icon-512.png", "512x512", "any"),
    ("webapp/icons/maskable-192.png", "192x192", "maskable"),
    ("webapp/icons/maskable-512.png", "512x512", "maskable"),
]
# What the service worker keeps for offline use besides the offline pages:
# static files only, never a page with someone's data, never /bestanden/.
SHELL_STATIC = [
    "css/site.css",
    "webapp/icons/icon-192.png",
    "webapp/icons/badge-96.png",
    "webapp/icons/favicon-32.png",
]
MAX_BODY = 4096


def _start_url():
    try:
        return reverse("news:timeline")
    except NoReverseMatch:
        return reverse("accounts:after_login")


@login_not_required
@require_safe
def manifest(request):
    """The web app manifest in the active language (Dutch at /manifest.webmanifest, English under /en/)."""
    data = {
        # One app whatever the language: the id does not follow start_url.
        "id": "/",
        "name": "Schoolpoort",
        "short_name": "Schoolpoort",
        "description": _("News, invitations and absence reports from your child's school"),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": _start_url(),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static(src), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for src, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, no_cache=True)
    return response


def _offline_urls():
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("webapp:offline")
    return urls


def _static_bytes(path):
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(path) as handle:
        return handle.read()


def _shell_version():
    """Changes whenever a file of the offline shell or the offline page changes, so the worker updates its cache."""
    digest = hashlib.sha256()
    for path in SHELL_STATIC:
        digest.update(path.encode() + b"\0" + _static_bytes(path))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            digest.update(render_to_string("webapp/offline.html", _offline_context()).encode())
    return digest.hexdigest()[:16]


_cached_shell_version = lru_cache(maxsize=1)(_shell_version)


def service_worker_source():
    version = _shell_version() if settings.DEBUG else _cached_shell_version()
    shell = [static(path) for path in SHELL_STATIC]
    assert not any(url.startswith(settings.PRIVATEMEDIA_URL) for url in shell), "private media is never cached"
    config = {
        "version": version,
        "name": "Schoolpoort",
        "shell": shell,
        "offline": _offline_urls(),
        "defaultLanguage": settings.LANGUAGE_CODE,
        "icon": static("webapp/icons/icon-192.png"),
        "badge": static("webapp/icons/badge-96.png"),
    }
    return render_to_string("webapp/sw.js", {"config": json.dumps(config, indent=2)})


@login_not_required
@require_safe
def service_worker(request):
    """The service worker, from the site root so that its scope is the whole site."""
    response = HttpResponse(service_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _offline_context():
    return {"timeline_url": _start_url()}


@login_not_required
@require_safe
def offline(request):
    """What the installed app shows without a network. The same for everyone: the worker fetches it without cookies."""
    response = render(request, "webapp/offline.html", _offline_context())
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def app_page(request):
    """How to install the app on this device, and push notifications on or off for it."""
    return render(request, "webapp/app.html")


def _json_body(request):
    """The request's JSON object, or an error response."""
    if request.content_type != "application/json":
        return None, JsonResponse({"error": "expected application/json"}, status=415)
    if len(request.body) > MAX_BODY:
        return None, JsonResponse({"error": "too large"}, status=413)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None, JsonResponse({"error": "invalid JSON"}, status=400)
    if not isinstance(data, dict):
        return None, JsonResponse({"error": "expected an object"}, status=400)
    return data, None


@require_POST
def subscribe(request):
    """Store this device's push subscription for the logged-in user.

    The body is the browser's PushSubscription.toJSON():
    {"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}}. An endpoint
    belongs to one browser: when someone else logs in there and turns push
    on, it moves to them (the previous user no longer gets pushes on it).
    """
    data, error = _json_body(request)
    if error:
        return error
    keys = data.get("keys")
    endpoint = data.get("endpoint")
    if not isinstance(keys, dict):
        return JsonResponse({"error": "keys missing"}, status=400)
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    try:
        check_endpoint(endpoint)
        check_device_keys(p256dh, auth)
    except ValueError as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    label = device_label(request.headers.get("User-Agent", ""))
    with transaction.atomic():
        subscription, created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": request.user, "p256dh": p256dh, "auth": auth, "user_agent": label}
        )
        stale = PushSubscription.objects.filter(user=request.user).order_by("-created", "-pk")[
            settings.WEBPUSH_MAX_DEVICES_PER_USER :
        ]
        PushSubscription.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    signals.remember(request, endpoint)
    return JsonResponse({"subscribed": True, "device": label}, status=201 if created else 200)


@require_POST
def unsubscribe(request):
    """Remove the logged-in user's subscription of this device: {"endpoint": ...}.

    Only the user's own: another user's endpoint (or an unknown one) answers
    404 and removes nothing.
    """
    data, error = _json_body(request)
    if error:
        return error
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return JsonResponse({"error": "endpoint missing"}, status=400)
    removed, _detail = PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    signals.forget(request, endpoint)
    return JsonResponse({"subscribed": False, "removed": bool(removed)}, status=200 if removed else 404)
