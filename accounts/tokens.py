"""One-time tokens for invitation links.

An invitation token is a password-reset token with its own salt and its own
lifetime: a reset token cannot be used as an invitation and the other way
round, and an invitation may stay valid longer than a reset link (a parent
may read the school's mail only after a few days).

Like Django's reset tokens, the hash covers the password and the last login,
so a link stops working as soon as the password is set or the user logs in.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"

    @property
    def timeout(self):
        """Seconds a link stays valid; read per check so settings can change it."""
        return settings.INVITATION_TIMEOUT

    def check_token(self, user, token):
        """Django's check, but against `timeout` instead of PASSWORD_RESET_TIMEOUT.

        Django 5.2 reads PASSWORD_RESET_TIMEOUT inside `check_token`, so the
        signature and the age are checked here.
        """
        if not (user and token) or not isinstance(token, str):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        signed = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        if not signed:
            return False
        return self._num_seconds(self._now()) - timestamp <= self.timeout


invitation_token_generator = InvitationTokenGenerator()
