"""The installable web app and Web Push (webapp/).

* webapp.push.send against a push service the test runs on localhost
  (testing/pushservice.py): the message arrives encrypted, the test decrypts
  it with the device's private key and checks the VAPID signature; 404/410
  remove the subscription (SubscriptionGone), other failures raise
  PushFailed and keep it.
* The subscribe/unsubscribe endpoints per role: login and CSRF required,
  only push services as endpoints, nobody removes another user's device,
  logging out ends the pushes of that session's devices.
* Manifest, service worker and offline page: public, the same for everyone,
  nothing private in them; the icons are the ones webapp.icons draws.
* In Chromium: the manifest is linked, the worker registers, the offline
  page shows without a network and the worker keeps nothing private; the
  push toggle stores the browser's subscription, and a message sent to it
  can be read with its keys.
"""

import json
import socket
from urllib.parse import urlsplit

import pytest
from cryptography.exceptions import InvalidSignature, InvalidTag
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image, ImageChops

from school_site.tests.test_browser_crawl import playwright_env  # noqa: F401  (Chromium through Playwright)
from testing.pushservice import b64url, new_device, verify_vapid
from testing.world import make_user
from webapp import push
from webapp.checks import vapid_settings
from webapp.icons import ICONS, draw
from webapp.keys import device_label
from webapp.models import PushSubscription

MEMBERS = ["parent_a", "parent_b", "parent_other_school", "teacher_a", "teacher_b", "director", "director_other_school"]


@pytest.fixture(autouse=True)
def dutch():
    """Requests leave their language active in the thread; every test here starts in Dutch."""
    with translation.override("nl"):
        yield


@pytest.fixture
def user(db):
    return make_user("push.parent@test.example")


# webapp.push.send -----------------------------------------------------------


def test_the_device_decrypts_the_message_and_the_vapid_signature_holds(push_service, user):
    subscription = push_service.device(user)
    payload = {
        "title": "Groep 3",
        "body": "Nieuw bericht: schoolreis naar de dierentuin",
        "url": "/groep-3/schoolreis/",
        "tag": "post-12",
    }

    assert push.send(subscription, payload, ttl=3600, urgency="high", topic="post12") is None

    [message] = push_service.received
    assert message.payload() == payload
    claims = message.vapid_claims()
    assert claims["aud"] == push_service.origin
    assert message.headers["ttl"] == "3600"
    assert message.headers["urgency"] == "high"
    assert message.headers["topic"] == "post12"
    assert message.headers["content-type"] == "application/octet-stream"
    subscription.refresh_from_db()
    assert subscription.last_success is not None


def test_every_message_is_encrypted_afresh(push_service, user):
    subscription = push_service.device(user)
    push.send(subscription, {"title": "Same"})
    push.send(subscription, {"title": "Same"})
    first, second = push_service.received
    assert first.body != second.body
    assert first.payload() == second.payload() == {"title": "Same"}
    assert b"Same" not in first.body


def test_another_device_cannot_read_the_message(push_service, user):
    subscription = push_service.device(user)
    push.send(subscription, {"title": "Alleen voor jou"})
    [message] = push_service.received
    message.device = new_device(subscription.endpoint)  # other keys, same endpoint
    with pytest.raises(InvalidTag):  # the other device's key does not open the message
        message.payload()


def test_the_vapid_check_of_this_test_refuses_a_forged_token(push_service, user):
    push.send(push_service.device(user), {"title": "x"})
    [message] = push_service.received
    header = message.headers["authorization"]
    token = header.split("t=")[1].split(",")[0]
    head, claims, signature = token.split(".")
    forged_claims = b64url(json.dumps({"aud": push_service.origin, "exp": 9999999999, "sub": "mailto:x@y.z"}).encode())
    with pytest.raises((InvalidSignature, AssertionError)):
        verify_vapid(header.replace(claims, forged_claims), push_service.origin)


def test_default_ttl_and_urgency(push_service, user, settings):
    push.send(push_service.device(user), {"title": "x"})
    [message] = push_service.received
    assert message.headers["ttl"] == str(settings.WEBPUSH_TTL)
    assert message.headers["urgency"] == "normal"
    assert "topic" not in message.headers


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_device_is_removed(push_service, user, status):
    subscription = push_service.device(user, status=status)
    other = push_service.device(user)
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert PushSubscription.objects.filter(pk=other.pk).exists()
    assert len(push_service.received) == 1


@pytest.mark.parametrize("status", [500, 503, 400, 401, 403, 413, 301])
def test_other_answers_raise_push_failed_and_keep_the_device(push_service, user, status):
    subscription = push_service.device(user, status=status)
    with pytest.raises(push.PushFailed) as failure:
        push.send(subscription, {"title": "x"})
    assert failure.value.status == status
    assert not isinstance(failure.value, push.SubscriptionGone)
    subscription.refresh_from_db()
    assert subscription.last_success is None
    # A redirect is not followed: exactly one request.
    assert len(push_service.received) == 1


def test_too_many_requests_tells_when_to_retry(push_service, user):
    with pytest.raises(push.PushFailed) as failure:
        push.send(push_service.device(user, status=429), {"title": "x"})
    assert (failure.value.status, failure.value.retry_after) == (429, 120)


def test_a_slow_push_service_times_out(push_service, user):
    subscription = push_service.device(user, status="slow")
    with pytest.raises(push.PushFailed) as failure:
        push.send(subscription, {"title": "x"}, timeout=0.3)
    assert failure.value.status is None
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_push_service_that_is_down(user, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    device = new_device(f"http://127.0.0.1:{port}/push/201/nobody-listens")
    subscription = PushSubscription.objects.create(
        user=user, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    with pytest.raises(push.PushFailed):
        push.send(subscription, {"title": "x"})
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_an_endpoint_that_is_no_push_service_is_never_contacted(user):
    device = new_device("http://127.0.0.1:9/push/201/x")
    subscription = PushSubscription.objects.create(
        user=user, endpoint="https://intranet.school.example/admin/", p256dh=device.p256dh, auth=device.auth
    )
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_unusable_keys_remove_the_subscription(push_service, user):
    subscription = push_service.device(user)
    PushSubscription.objects.filter(pk=subscription.pk).update(p256dh=b64url(b"\x04" + b"\x01" * 64))
    subscription.refresh_from_db()
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert push_service.received == []


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "Foto's", "image": "/bestanden/original_images/kind.jpg"},
        {"title": "x", "children": "Ana"},
        {"body": "no title"},
        {"title": ""},
        {"title": 3},
        {"title": "x", "url": "javascript:alert(1)"},
        {"title": "x", "url": "//elsewhere.example/"},
        "just a string",
    ],
)
def test_payloads_carry_only_a_title_short_text_and_a_url(push_service, user, payload):
    with pytest.raises(ValueError):
        push.send(push_service.device(user), payload)
    assert push_service.received == []


def test_long_texts_are_cut(push_service, user):
    push.send(
        push_service.device(user),
        {"title": "T" * 500, "body": "B " * 1000, "url": "https://other.school.example/nieuws/"},
    )
    [message] = push_service.received
    sent = message.payload()
    assert len(sent["title"]) == push.TITLE_LENGTH and sent["title"].endswith("…")
    assert len(sent["body"]) <= push.BODY_LENGTH
    assert sent["url"] == "https://other.school.example/nieuws/"
    assert len(message.body) < 4096


def test_missing_vapid_settings_are_a_configuration_error(push_service, user, settings):
    subscription = push_service.device(user)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        push.send(subscription, {"title": "x"})


def test_the_system_check_wants_a_matching_key_pair(settings):
    assert vapid_settings(None) == []
    from webapp.keys import generate_key_pair

    other_public, _other_private = generate_key_pair()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = other_public
    assert [error.id for error in vapid_settings(None)] == ["webapp.E001"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = "not a key"
    assert [error.id for error in vapid_settings(None)] == ["webapp.E001"]


# Subscribing and unsubscribing ------------------------------------------------


def login(world, role, **client_options):
    client = Client(**client_options)
    client.force_login(world.users[role])
    return client


def post_json(client, name, data, **extra):
    return client.post(reverse(name), json.dumps(data), content_type="application/json", **extra)


ANDROID_FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def test_every_member_can_subscribe_a_device(world, push_service):
    for role in MEMBERS:
        device = push_service.new_device()
        response = post_json(
            login(world, role), "webapp_root:subscribe", device.subscription_json(), HTTP_USER_AGENT=ANDROID_FIREFOX
        )
        assert response.status_code == 201, (role, response.content)
        stored = PushSubscription.objects.get(endpoint=device.endpoint)
        assert (stored.user, stored.p256dh, stored.auth, stored.user_agent) == (
            world.users[role],
            device.p256dh,
            device.auth,
            "Firefox · Android",
        )


def test_anonymous_visitors_cannot_subscribe_or_unsubscribe(world, push_service):
    device = push_service.new_device()
    client = Client()
    for name in ("webapp_root:subscribe", "webapp_root:unsubscribe"):
        response = post_json(client, name, device.subscription_json())
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("accounts:login")
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_the_csrf_token(world, push_service):
    client = login(world, "parent_a", enforce_csrf_checks=True)
    device = push_service.new_device()
    assert post_json(client, "webapp_root:subscribe", device.subscription_json()).status_code == 403
    assert not PushSubscription.objects.exists()
    client.get(reverse("webapp:app"))  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = post_json(client, "webapp_root:subscribe", device.subscription_json(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_subscribing_again_updates_the_keys(world, push_service):
    client = login(world, "parent_a")
    device = push_service.new_device()
    post_json(client, "webapp_root:subscribe", device.subscription_json())
    renewed = new_device(device.endpoint)
    response = post_json(client, "webapp_root:subscribe", renewed.subscription_json())
    assert response.status_code == 200
    stored = PushSubscription.objects.get()
    assert (stored.p256dh, stored.auth) == (renewed.p256dh, renewed.auth)


def test_a_browser_someone_else_logs_in_on_moves_to_them(world, push_service):
    device = push_service.new_device()
    post_json(login(world, "parent_a"), "webapp_root:subscribe", device.subscription_json())
    post_json(login(world, "parent_b"), "webapp_root:subscribe", device.subscription_json())
    assert PushSubscription.objects.get().user == world.users["parent_b"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: {**d, "endpoint": "https://intranet.school.example/push/1"},
        lambda d: {**d, "endpoint": "http://fcm.googleapis.com/fcm/send/abc"},
        lambda d: {**d, "endpoint": "https://fcm.googleapis.com.evil.example/fcm/send/abc"},
        lambda d: {**d, "endpoint": "https://user:pw@fcm.googleapis.com/fcm/send/abc"},
        lambda d: {**d, "endpoint": 42},
        lambda d: {**d, "keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": d["keys"]["auth"]}},
        lambda d: {**d, "keys": {"p256dh": d["keys"]["p256dh"], "auth": b64url(b"short")}},
        lambda d: {**d, "keys": {"p256dh": "not base64!", "auth": d["keys"]["auth"]}},
        lambda d: {"endpoint": d["endpoint"]},
        lambda d: [d],
    ],
)
def test_a_bad_subscription_is_refused(world, push_service, change):
    response = post_json(
        login(world, "parent_a"), "webapp_root:subscribe", change(push_service.new_device().subscription_json())
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_subscribe_wants_json(world):
    client = login(world, "parent_a")
    assert client.post(reverse("webapp_root:subscribe"), {"endpoint": "x"}).status_code == 415
    assert client.post(reverse("webapp_root:subscribe"), "{", content_type="application/json").status_code == 400
    assert client.post(reverse("webapp_root:subscribe"), "x" * 5000, content_type="application/json").status_code == 413
    assert client.get(reverse("webapp_root:subscribe")).status_code == 405


def test_a_user_removes_only_their_own_device(world, push_service):
    theirs = push_service.device(world.users["parent_b"])
    mine = push_service.device(world.users["parent_a"])
    client = login(world, "parent_a")
    response = post_json(client, "webapp_root:unsubscribe", {"endpoint": theirs.endpoint})
    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()
    response = post_json(client, "webapp_root:unsubscribe", {"endpoint": mine.endpoint})
    assert response.status_code == 200
    assert not PushSubscription.objects.filter(pk=mine.pk).exists()
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_logging_out_ends_the_pushes_of_this_device_only(world, push_service):
    client = login(world, "parent_a")
    device = push_service.new_device()
    post_json(client, "webapp_root:subscribe", device.subscription_json())
    elsewhere = push_service.device(world.users["parent_a"])  # subscribed in another session
    client.post(reverse("accounts:logout"))
    assert list(PushSubscription.objects.all()) == [elsewhere]


def test_a_user_has_at_most_so_many_devices(world, push_service, settings):
    settings.WEBPUSH_MAX_DEVICES_PER_USER = 3
    client = login(world, "parent_a")
    devices = [push_service.new_device() for _ in range(5)]
    for device in devices:
        post_json(client, "webapp_root:subscribe", device.subscription_json())
    kept = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert kept == {device.endpoint for device in devices[-3:]}


@pytest.mark.parametrize(
    "user_agent, label",
    [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
            "Chrome · Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari · iOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge · Windows",
        ),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox · macOS"),
        ("", ""),
    ],
)
def test_device_labels(user_agent, label):
    assert device_label(user_agent) == label


def test_the_toggle_knows_this_users_devices_by_digest_only(world, push_service):
    mine = push_service.device(world.users["parent_a"])
    theirs = push_service.device(world.users["parent_b"])
    response = login(world, "parent_a").get(reverse("webapp:app"))
    assert response.status_code == 200
    html = response.content.decode()
    assert mine.endpoint not in html and theirs.endpoint not in html
    from webapp.templatetags.webapp_tags import endpoint_digest

    assert endpoint_digest(mine.endpoint) in html
    assert endpoint_digest(theirs.endpoint) not in html
    assert 'id="push-toggle-config"' in html


# Manifest, service worker, offline page, icons -------------------------------------


def public_responses(client):
    urls = ["/sw.js", reverse("webapp:manifest"), reverse("webapp:offline")]
    with translation.override("en"):
        urls += [reverse("webapp:manifest"), reverse("webapp:offline")]
    return {url: client.get(url) for url in urls}


def test_manifest_worker_and_offline_page_are_public_and_the_same_for_everyone(world):
    assert urlsplit(reverse("webapp:manifest")).path == "/manifest.webmanifest"
    anonymous = public_responses(Client())
    for url, response in anonymous.items():
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
    for role in MEMBERS:
        user = world.users[role]
        for url, response in public_responses(login(world, role)).items():
            body = response.content.decode()
            assert body == anonymous[url].content.decode(), f"{url} differs for {role}"
            for private in (
                user.email,
                user.first_name,
                "Ana",
                "Bram",
                "Xena",
                "Groep A",
                "Groep B",
                "Windwijzer",
                "Other school",
            ):
                assert private not in body, f"{url} names {private!r}"


def test_the_manifest(world):
    response = Client().get(reverse("webapp:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == manifest["short_name"] == "Schoolpoort"
    assert manifest["start_url"] == reverse("news:timeline") == "/tijdlijn/"
    assert (manifest["id"], manifest["scope"], manifest["display"], manifest["lang"]) == ("/", "/", "standalone", "nl")
    assert manifest["theme_color"] == "#1f6f8b"
    site_css = open(finders.find("css/site.css")).read()
    assert f"--accent: {manifest['theme_color']}" in site_css
    assert f"--paper: {manifest['background_color']}" in site_css
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
    with translation.override("en"):
        english = Client().get(reverse("webapp:manifest")).json()
    assert english["start_url"] == "/en/tijdlijn/"
    assert english["lang"] == "en" and english["id"] == "/"


def test_the_service_worker(world):
    response = Client().get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    source = response.content.decode()
    config = json.loads(source.split("const CONFIG = ", 1)[1].split(";\nconst CACHE_PREFIX", 1)[0])
    with translation.override("en"):
        english_offline = reverse("webapp:offline")
    assert config["offline"] == {"nl": "/app/offline/", "en": english_offline}
    assert all(url.startswith("/static/") for url in config["shell"])
    assert "/bestanden/" not in json.dumps(config)
    for event in ('"install"', '"activate"', '"fetch"', '"push"', '"notificationclick"'):
        assert f"addEventListener({event}" in source
    assert "showNotification" in source and "openWindow" in source


def test_the_worker_cache_version_follows_the_shell(world, settings, monkeypatch):
    from webapp import views

    settings.DEBUG = True
    first = Client().get("/sw.js").content
    original = views._static_bytes
    monkeypatch.setattr(
        views, "_static_bytes", lambda path: original(path) + (b"/* changed */" if path.endswith(".css") else b"")
    )
    assert Client().get("/sw.js").content != first


def test_the_offline_page_in_both_languages(world):
    for language in ("nl", "en"):
        with translation.override(language):
            url = reverse("webapp:offline")
            expected = gettext("No connection")
        response = Client().get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert expected in body
        assert f'lang="{language}"' in body
        assert "csrfmiddlewaretoken" not in body


def test_pages_link_the_manifest_and_register_the_worker(world):
    for client in (Client(), login(world, "parent_a")):
        response = client.get(reverse("accounts:login"), follow=True)
        html = response.content.decode()
        assert f'<link rel="manifest" href="{reverse("webapp:manifest")}">' in html
        assert 'data-service-worker="/sw.js"' in html


@pytest.mark.parametrize("name", sorted(ICONS))
def test_the_icons_are_the_ones_we_draw(name):
    size, kind = ICONS[name]
    with Image.open(finders.find(f"webapp/icons/{name}")) as committed:
        expected = draw(size, kind)
        assert committed.size == (size, size)
        assert committed.mode == expected.mode
        difference = ImageChops.difference(committed.convert("RGBA"), expected.convert("RGBA")).getbbox()
        assert difference is None, f"{name} differs from webapp.icons: run `manage.py make_icons`"


def test_maskable_icons_keep_the_drawing_in_the_safe_zone():
    for name, (size, kind) in ICONS.items():
        if kind != "maskable":
            continue
        image = draw(size, kind).convert("RGB")
        background = image.getpixel((0, 0))
        centre = size / 2
        for x in range(size):
            for y in range(size):
                if ((x + 0.5 - centre) ** 2 + (y + 0.5 - centre) ** 2) ** 0.5 > 0.4 * size + 1:
                    assert image.getpixel((x, y)) == background, f"{name}: drawing at {x},{y} outside the safe zone"


# In Chromium ----------------------------------------------------------------------

FAKE_PUSH_MANAGER = """
(device => {
  // Headless Chromium has no push service to subscribe at; this stands in for
  // the browser's PushManager with the test's device (keys made by the test),
  // and keeps the subscription across page loads like a browser does.
  const KEY = "fake-push-subscription-key";
  function subscription(key) {
    return {
      endpoint: device.endpoint,
      options: { applicationServerKey: Uint8Array.from(key).buffer, userVisibleOnly: true },
      toJSON: () => device,
      unsubscribe: async () => { localStorage.removeItem(KEY); return true; },
    };
  }
  PushManager.prototype.getSubscription = async function () {
    const key = localStorage.getItem(KEY);
    return key ? subscription(JSON.parse(key)) : null;
  };
  PushManager.prototype.subscribe = async function (options) {
    const key = Array.from(new Uint8Array(options.applicationServerKey));
    localStorage.setItem(KEY, JSON.stringify(key));
    return subscription(key);
  };
})(%s);
"""

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) { urls.push(new URL(request.url).pathname); }
  }
  return urls;
}"""


@pytest.mark.django_db(transaction=True)
def test_in_chromium_the_app_installs_works_offline_and_takes_push(live_server, playwright_env, push_service):
    from school_site.tests.test_browser_crawl import ensure_wagtail_base, serve_sites_on
    from testing import browser
    from testing.world import PASSWORD, build_world
    from webapp.keys import b64url_decode

    ensure_wagtail_base()
    world = build_world()
    origins = serve_sites_on(
        live_server, {world.school.get_site(): "localhost", world.other_school.get_site(): "127.0.0.1"}
    )
    origin = origins[world.school.get_site().id]
    device = push_service.new_device()
    context = playwright_env.new_context()
    context.grant_permissions(["notifications"], origin=origin)
    context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(device.subscription_json()))
    try:
        tab = context.new_page()
        landing = browser.log_in(tab, origin, world.users["parent_a"].email, PASSWORD)
        assert urlsplit(landing).path == "/tijdlijn/"

        # The manifest is linked and the worker registers for the whole site.
        assert tab.get_attribute("link[rel=manifest]", "href") == "/manifest.webmanifest"
        manifest = tab.evaluate("async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()")
        assert manifest["start_url"] == "/tijdlijn/" and manifest["display"] == "standalone"
        registration = tab.evaluate(
            "async () => { const r = await navigator.serviceWorker.ready; return {scope: r.scope, script: r.active.scriptURL}; }"
        )
        assert registration == {"scope": f"{origin}/", "script": f"{origin}/sw.js"}
        tab.reload()
        assert tab.evaluate("() => navigator.serviceWorker.controller !== null")

        # It keeps the shell and the offline pages, nothing private.
        tab.goto(f"{origin}{world.class_a_post.get_url_parts()[2]}")
        cached = set(tab.evaluate(CACHED_URLS))
        assert {"/app/offline/", "/en/app/offline/", "/static/css/site.css"} <= cached
        assert all(url.startswith("/static/") or url in ("/app/offline/", "/en/app/offline/") for url in cached), cached

        # Without a network, a page shows the offline page in its language.
        context.set_offline(True)
        for path, language in (("/tijdlijn/", "nl"), ("/en/tijdlijn/", "en")):
            tab.goto(f"{origin}{path}")
            with translation.override(language):
                assert gettext("No connection") in tab.inner_text("h1")
            assert world.users["parent_a"].email not in tab.content()
        context.set_offline(False)

        # The push toggle stores this browser's subscription; a message sent to it can be read with its keys.
        tab.goto(f"{origin}/app/")
        wait_for_push_state(tab, "off")
        tab.click("#push-toggle-input")
        wait_for_push_state(tab, "on")
        subscribed_key = tab.evaluate("() => JSON.parse(localStorage.getItem('fake-push-subscription-key'))")
        assert bytes(subscribed_key) == b64url_decode(settings_public_key())
        subscription = PushSubscription.objects.get(endpoint=device.endpoint)
        assert subscription.user == world.users["parent_a"]
        push.send(subscription, {"title": "Groep A", "body": "Nieuw bericht", "url": "/tijdlijn/"})
        [message] = push_service.received
        assert message.payload() == {"title": "Groep A", "body": "Nieuw bericht", "url": "/tijdlijn/"}
        message.vapid_claims()

        # The worker shows what arrives as a notification that opens the message's url.
        show_pushed_message(context, tab, origin, message.payload())
        shown = tab.evaluate(
            "async () => (await (await navigator.serviceWorker.ready).getNotifications())"
            ".map(n => ({title: n.title, body: n.body, url: n.data.url}))"
        )
        assert shown == [{"title": "Groep A", "body": "Nieuw bericht", "url": f"{origin}/tijdlijn/"}]

        # The preferences page has the same switch: on for this device, which it lists;
        # turned off there, the server forgets the device.
        tab.goto(f"{origin}/meldingen/")
        wait_for_push_state(tab, "on")
        assert tab.locator(f'[data-device="{subscription.pk}"]').count() == 1
        tab.click("#push-toggle-input")
        wait_for_push_state(tab, "off")
        assert not PushSubscription.objects.filter(endpoint=device.endpoint).exists()
    finally:
        context.close()


def show_pushed_message(context, tab, origin, payload):
    """Hand the decrypted message to the worker as the browser would (DevTools' deliverPushMessage)."""
    cdp = context.new_cdp_session(tab)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    tab.wait_for_function("() => true")  # let the events arrive
    for _attempt in range(50):
        if any(r["scopeURL"] == f"{origin}/" and not r["isDeleted"] for r in registrations):
            break
        tab.wait_for_timeout(100)
    [registration] = [r for r in registrations if r["scopeURL"] == f"{origin}/" and not r["isDeleted"]]
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": registration["registrationId"], "data": json.dumps(payload)},
    )
    # Polled from here: wait_for_function does not wait for an async predicate
    # (the promise it returns is already "truthy"), so it raced the worker.
    count = "async () => (await (await navigator.serviceWorker.ready).getNotifications()).length"
    for _attempt in range(150):
        if tab.evaluate(count) > 0:
            return
        tab.wait_for_timeout(100)
    raise AssertionError("the service worker showed no notification within 15 seconds")


def wait_for_push_state(tab, state):
    tab.wait_for_function(
        f"() => document.querySelector('[data-push-toggle]').dataset.pushState === {state!r}", timeout=15000
    )


def settings_public_key():
    from django.conf import settings

    return settings.WEBPUSH_VAPID_PUBLIC_KEY
