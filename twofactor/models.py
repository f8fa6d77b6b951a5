"""The board's setting of two-factor sign-in: one installation is one school board.

The devices themselves are django-otp's (an authenticator app:
`otp_totp.TOTPDevice`; the recovery codes: `otp_static.StaticDevice` with
its tokens); this app keeps no other data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="key")
class TwoFactorSettings(BaseGenericSetting):
    """Whether every staff member must use two-factor sign-in, not only directors and administration.

    One row for the whole installation (every school of the board). Only
    superusers edit it: no generated admin group has its permission.
    """

    required_for_all_staff = models.BooleanField(
        _("required for all staff"),
        default=False,
        help_text=_(
            "Directors and administration always sign in with a second factor. Tick this to require it of "
            "teachers too, at every school of this installation. Parents choose for themselves."
        ),
    )

    class Meta:
        verbose_name = _("two-factor sign-in")
        verbose_name_plural = _("two-factor sign-in")

    def __str__(self):
        return str(self._meta.verbose_name)
