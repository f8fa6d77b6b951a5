"""What the limits count: one row per counted event (a failed login, a mail sent, a report made).

Rows live in the database, not in Django's cache: the cache is each
process's own memory (school_site.settings.base, CACHES), so a limit kept
there would be a limit per process, and an attacker spreading requests over
the workers (or machines) would get as many tries as there are processes.
The database is shared by all of them.

The counted value (an e-mail address, a client address) is stored only as a
keyed hash (`throttle.limits.key_of`): the table says how often, never who.
Rows older than the longest window are deleted as new ones come in.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Hit(models.Model):
    scope = models.CharField(_("limit"), max_length=40)
    key = models.CharField(_("key"), max_length=64)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("counted request")
        verbose_name_plural = _("counted requests")
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="throttle_hit_scope_key_at"),
            models.Index(fields=["at"], name="throttle_hit_at"),
        ]

    def __str__(self):
        return f"{self.scope} · {self.at:%Y-%m-%d %H:%M}"
