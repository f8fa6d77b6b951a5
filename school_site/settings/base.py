"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import everything from
here and override only what differs.
"""

import os
from pathlib import Path

from school_site.database import database_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "school_site",
    "access",
    "plumbing",
    "roster",
    "demo",
    "accounts",
    "throttle",
    "home",
    "classes",
    "policies",
    "privatemedia",
    "schoolcalendar",
    "news",
    "attendance",
    "leave",
    "notifications",
    "webapp",
    "conversations",
    "moderation",
    "insights",
    "twofactor",
    "retention",
    "privacy",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # Two-factor sign-in (twofactor/): the devices (an authenticator app, recovery codes).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (README, "Security headers and sessions").
    "plumbing.headers.SecurityHeadersMiddleware",
    # An id beyond 64 bits in a URL is a 404 before any view or guard asks the database.
    "plumbing.middleware.BoundedIdsMiddleware",
    # Nothing shown to a logged-in user is kept by a cache, the browser's included.
    "plumbing.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session passed the second step of the login (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Wagtail's site of the request from the cache, under the roster token.
    "plumbing.middleware.CachedSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends after SESSION_IDLE_TIMEOUT without use and SESSION_MAX_AGE after the login.
    "accounts.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "access.middleware.MembershipMiddleware",
    # The code page until the second step is done; enrolment for those who must (twofactor.middleware).
    "twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Parents with a policy version to accept read it first (policies.conduct.acceptance).
    "policies.conduct.acceptance.PolicyGateMiddleware",
    "access.middleware.AdminAccessMiddleware",
    "access.middleware.WagtailSideDoorsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "school_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "access.context_processors.navigation",
                "conversations.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "school_site.wsgi.application"

DATABASES = {"default": database_from_environment(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "accounts:login"
WAGTAILADMIN_LOGIN_URL = "accounts:login"

# An invitation link stays valid for this many seconds (a week); a password
# reset link for a day, because a reset is asked for and used at once.
INVITATION_TIMEOUT = int(os.environ.get("INVITATION_TIMEOUT", 7 * 24 * 3600))
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Two-factor sign-in (twofactor/; README, "Two-factor sign-in"). Who must use
# it (directors, administration, superusers; all staff when the board's
# setting says so) is sent to set it up while this is on: on here and in
# production, off in development and tests (environment TWOFACTOR_ENFORCED=1/0).
# Whoever has set it up always gives a code after the password, whatever this says.
TWOFACTOR_ENFORCED = os.environ.get("TWOFACTOR_ENFORCED", "1") == "1"
# The name the authenticator apps show for the account.
OTP_TOTP_ISSUER = "Schoolpoort"

# How often logins may fail, reset mails and absence reports go out
# (throttle.limits; README, "Logins and mail limits"). Technical limits
# against guessing and mail floods, far above what a family needs; seconds.
# A Backoff has free tries, then a wait that doubles per further failure up
# to max_wait (it always ends); a Quota allows a number per sliding window.
THROTTLE_LIMITS = {
    # Failed logins per e-mail address entered (known or not). Softer than
    # per client: it only slows down clients that failed themselves, so a
    # parent on their own device still logs in while someone else guesses.
    "login_account": {"free": 5, "base_wait": 60, "max_wait": 15 * 60, "window": 24 * 3600},
    # Failed logins per client address, whatever the accounts tried.
    "login_client": {"free": 30, "base_wait": 60, "max_wait": 60 * 60, "window": 24 * 3600},
    # Password-reset mails per address, and reset requests per client address.
    "reset_mail_address": {"allowed": 3, "window": 24 * 3600},
    "reset_request_client": {"allowed": 10, "window": 3600},
    # Absence reports (and "better" reports) per client address.
    "absence_client": {"allowed": 20, "window": 24 * 3600},
    # Notices of new messages of one conversation to one participant.
    "conversation_notices": {"allowed": 10, "window": 24 * 3600},
}
# Absence reports and "better" reports per child per calendar day; beyond
# it the form asks the parent to call the school (attendance.reports).
ABSENCE_EVENTS_PER_CHILD_PER_DAY = 5
# The proxies of our own in front of the application that append the
# client's address to X-Forwarded-For (nginx: 1). 0: the client is
# REMOTE_ADDR and X-Forwarded-For is ignored (throttle.limits.client_address).
THROTTLE_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: the portal's scripts get the token from
# the page (json_script), Wagtail's admin from its wagtailConfig.
CSRF_COOKIE_HTTPONLY = True

# Session lifetimes, in seconds (accounts.sessions.SessionLifetimeMiddleware;
# README, "Security headers and sessions"). A session ends after the idle
# timeout without a request, and at the latest the maximum age after the
# login. Parents keep the installed web app logged in for weeks; staff, who
# see every child of their groups in the admin, for a working day. Someone
# with a staff role and a child at school counts as staff.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", 14 * 24 * 3600))
SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_AGE", 30 * 24 * 3600))
SESSION_STAFF_IDLE_TIMEOUT = int(os.environ.get("SESSION_STAFF_IDLE_TIMEOUT", 2 * 3600))
SESSION_STAFF_MAX_AGE = int(os.environ.get("SESSION_STAFF_MAX_AGE", 12 * 3600))
# The last activity is written to the session at most this often, not on every request.
SESSION_ACTIVITY_INTERVAL = 60
# The cookie (and the stored session) lives as long as the longest session may.
SESSION_COOKIE_AGE = max(SESSION_MAX_AGE, SESSION_STAFF_MAX_AGE)

# Security headers (plumbing.headers; README, "Security headers and
# sessions"). Django's own, stated here instead of left to its defaults:
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy of every page outside the admin: only our own
# static files run or style a page; no inline script or style anywhere.
# frame-ancestors is added per response: 'none', or 'self' where a view
# allowed framing by its own site (X-Frame-Options: SAMEORIGIN).
PORTAL_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "worker-src": ["'self'"],  # the service worker, /sw.js
    "manifest-src": ["'self'"],  # the web app manifest
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# What Wagtail 8's admin (under /admin/) needs on top: its editing views
# write inline <script> elements and style attributes, image uploads preview
# as blob: URLs, and the page editor shows its preview in a same-origin frame.
ADMIN_CSP = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
# Browser features no page of ours uses, switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}
# Wagtail's admin would load avatars from gravatar.com, telling it every
# staff member's e-mail hash; the CSP blocks it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Internationalisation: Dutch first, English second, for the interface and
# (through wagtail-localize) for content.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded media are never served from a public route: every file URL points
# at privatemedia.views.serve (/bestanden/...), which asks the access module
# first and then lets the web server send the file (django-sendfile2).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PRIVATEMEDIA_URL = MEDIA_URL = "/bestanden/"
STORAGES = {
    "default": {"BACKEND": "privatemedia.storage.ProtectedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = MEDIA_ROOT
# Document links use the file's (protected) URL, never Wagtail's serve view.
WAGTAILDOCS_SERVE_METHOD = "direct"
# Uploads are checked by content (privatemedia.validation); these are the limits.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# Pixels (all frames together) of any uploaded image, read from its header
# before decoding: phone photos fit, decompression bombs do not (privatemedia.limits).
PRIVATEMEDIA_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = PRIVATEMEDIA_MAX_IMAGE_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = (
    "policies.consent.photo_forms.ImageForm"  # privatemedia's checks + children in the photo
)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "privatemedia.forms.DocumentForm"
PRIVATEMEDIA_MAX_VIDEO_SIZE = 300 * 1024 * 1024
PRIVATEMEDIA_MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
# Family data exports (privacy/): the ZIPs are kept here, outside MEDIA_ROOT and
# at no URL, until their one download or for this many days.
PRIVACY_EXPORT_ROOT = Path(os.environ.get("PRIVACY_EXPORT_ROOT", BASE_DIR / "private-exports"))
PRIVACY_EXPORT_DAYS = 7

# Each process's own memory cache. It holds per-user scopes, menus and
# groups under the roster token kept in the database (access.models.RosterStamp),
# so every process sees a change at once; room for every user of a board.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

WAGTAIL_SITE_NAME = "Schoolpoort"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
# Passwords are reset through accounts (branded, mailed by a task); Wagtail's
# own reset form in the admin answers 404.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Who sees a page is decided by access.rules. Wagtail's view restrictions are
# for superusers only (access.middleware) and never use a shared password, so
# Wagtail's password form (/_util/authenticate_with_password/) has no use.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# Should a superuser restrict a page to logged-in users, Wagtail sends
# visitors to the portal's login form rather than its own /_util/login/.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAILADMIN_COMMENTS_ENABLED = False

# Background work runs in the task worker (manage.py db_worker), never inside
# a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The installable web app and Web Push (webapp/). VAPID (RFC 8292) identifies
# this server to the browsers' push services: a P-256 key pair, the public key
# as the base64url uncompressed point (what browsers take as
# applicationServerKey), the private key as the base64url 32-byte value;
# `manage.py generate_vapid_keys` makes a pair. The subject is a contact for
# the push services: a mailto: or https: URL. Empty here; dev and test have
# fixed, non-secret pairs, production takes them from the environment.
WEBPUSH_VAPID_PUBLIC_KEY = ""
WEBPUSH_VAPID_PRIVATE_KEY = ""
WEBPUSH_VAPID_SUBJECT = ""
# Seconds to wait for a push service; how long a push service keeps a message
# for a device that is offline (webapp.push.send's default ttl).
WEBPUSH_TIMEOUT = 10
WEBPUSH_TTL = 24 * 3600
# The server POSTs to the endpoint a browser hands it, so only the push
# services of the browsers are accepted as endpoints (a host or a parent
# domain of it), always over https: a subscription can never make the server
# send requests into its own network.
WEBPUSH_ENDPOINT_HOSTS = [
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera, Brave
    "android.googleapis.com",  # older Chrome subscriptions
    "push.services.mozilla.com",  # Firefox
    "notify.windows.com",  # Edge on Windows
    "push.apple.com",  # Safari on macOS, iOS and iPadOS
]
# Hosts reached over plain http as well (only the tests' own push service).
WEBPUSH_INSECURE_ENDPOINT_HOSTS = []
# At most this many devices per user; subscribing one more forgets the oldest.
WEBPUSH_MAX_DEVICES_PER_USER = 20

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Schoolpoort <noreply@schoolpoort.test>")
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Logins, failed logins and logouts (accounts.audit), kept at INFO.
    "loggers": {"schoolpoort.security": {"level": "INFO"}},
}
