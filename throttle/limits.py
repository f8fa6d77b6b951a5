"""Limits on how often something may happen, counted in the database: logins, reset mails, absence reports.

Why a limiter of our own on the database and not django-axes or the cache:

* The counts must hold across every web process and machine. Django's
  cache here is each process's own memory (LocMemCache), so a limit kept
  there would multiply by the number of workers. Every process shares the
  database, which costs one indexed query per check on the few pages that
  are limited (never on the pages a parent reads).
* The same two shapes serve logins, password-reset mails and absence
  reports. django-axes covers logins only, and locks out by default; its
  own middleware, authentication backend and lockout pages would sit
  between the portal's login and the two-factor step.

Two shapes of limit, both read from `settings.THROTTLE_LIMITS` by name:

* `Backoff`: a number of free events (failed logins) in a window, then a
  wait after each further one that doubles up to `max_wait`. The wait
  always ends: nobody is ever locked out for good.
* `Quota`: at most `allowed` events (mails, reports) in a sliding window.

Values (e-mail addresses, client addresses) are stored as keyed hashes.
Checks and records are two steps, so two requests at the very same moment
may both pass the last free place: a limit may be exceeded by one, which is
no harm for what is limited here.
"""

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from throttle.models import Hit

logger = logging.getLogger(__name__)

UNKNOWN_CLIENT = "unknown"


def key_of(scope, value):
    """A keyed hash of the value: counts can be compared without storing the address itself."""
    return salted_hmac(f"throttle.limits.{scope}", str(value).strip().lower(), algorithm="sha256").hexdigest()


def client_address(request):
    """The address of the client that sent the request, as far as we can trust it.

    With `THROTTLE_TRUSTED_PROXIES = 0` (the default) that is REMOTE_ADDR:
    anything in X-Forwarded-For could have been written by the client itself.
    Behind N proxies of our own (nginx: N = 1), each of which appends the
    address it saw to X-Forwarded-For, the client is the N-th entry from the
    right; entries further left are the client's own words and never count,
    so a forged header does not give an attacker new addresses. IPv6
    clients count per /64 network, which one household or phone usually has
    for itself and can change addresses within at will.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = remote
    proxies = settings.THROTTLE_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            # Fewer entries than proxies: the leftmost was still written by one of ours.
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    for candidate in (address, remote):
        try:
            ip = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if ip.version == 6:
            if ip.ipv4_mapped:
                return str(ip.ipv4_mapped)
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)
    logger.warning("No usable client address in a request (REMOTE_ADDR %r).", remote)
    return UNKNOWN_CLIENT


def describe_wait(seconds):
    """ "3 minutes", "1 hour": how long to wait, rounded up to whole minutes (hours from 2 hours on)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes >= 120:
        hours = math.ceil(minutes / 60)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _config(name):
    return settings.THROTTLE_LIMITS[name]


def _keep():
    """How long rows are kept: the longest window of any limit."""
    return timedelta(seconds=max(int(limit["window"]) for limit in settings.THROTTLE_LIMITS.values()))


def _hits(scope, value, since):
    return Hit.objects.filter(scope=scope, key=key_of(scope, value), at__gt=since)


def record(scope, value, now=None):
    """Count one event for the value, and forget the events no limit looks at any more."""
    now = now or timezone.now()
    Hit.objects.create(scope=scope, key=key_of(scope, value), at=now)
    Hit.objects.filter(at__lt=now - _keep()).delete()


def clear(scope, value):
    Hit.objects.filter(scope=scope, key=key_of(scope, value)).delete()


@dataclass(frozen=True)
class Backoff:
    """Free events, then a growing wait after each further one: base_wait, twice that, ... up to max_wait.

    Only events within `window` seconds count, so the count itself also
    runs out: the wait after the free events restarts at base_wait a window
    after the last burst.
    """

    scope: str
    free: int
    base_wait: int
    max_wait: int
    window: int

    @classmethod
    def named(cls, name):
        return cls(scope=name, **_config(name))

    def count(self, value, now=None, window=None):
        now = now or timezone.now()
        return _hits(self.scope, value, now - timedelta(seconds=window or self.window)).count()

    def wait(self, value, now=None):
        """Seconds the value must still wait before its next try (0: it may try now)."""
        now = now or timezone.now()
        found = _hits(self.scope, value, now - timedelta(seconds=self.window)).aggregate(
            count=Count("pk"), last=Max("at")
        )
        beyond = found["count"] - self.free
        if beyond < 0:
            return 0
        pause = min(self.base_wait * 2 ** min(beyond, 32), self.max_wait)
        left = (found["last"] + timedelta(seconds=pause) - now).total_seconds()
        return max(0, math.ceil(left))

    def record(self, value, now=None):
        record(self.scope, value, now)

    def clear(self, value):
        clear(self.scope, value)


@dataclass(frozen=True)
class Quota:
    """At most `allowed` events per value in any `window` seconds."""

    scope: str
    allowed: int
    window: int

    @classmethod
    def named(cls, name):
        return cls(scope=name, **_config(name))

    def wait(self, value, now=None):
        """Seconds until the value has a place again (0: it has one now)."""
        now = now or timezone.now()
        if self.allowed <= 0:
            return self.window
        window = timedelta(seconds=self.window)
        latest = list(
            _hits(self.scope, value, now - window).order_by("-at").values_list("at", flat=True)[: self.allowed]
        )
        if len(latest) < self.allowed:
            return 0
        # The place comes free when the allowed-th most recent event leaves the window.
        return max(1, math.ceil((latest[self.allowed - 1] + window - now).total_seconds()))

    def record(self, value, now=None):
        record(self.scope, value, now)

    def take(self, value, now=None):
        """Use a place if there is one: True when the event may happen (and is counted now)."""
        now = now or timezone.now()
        if self.wait(value, now):
            return False
        self.record(value, now)
        return True
