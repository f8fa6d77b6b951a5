"""People who log in: parents and staff alike are `User`s, identified by e-mail.

Whether someone is a parent, a teacher or a director is not stored on the user
but follows from the roster (`classes.Guardianship`, `home.StaffRole`,
`classes.ClassTeacher`); `access.rules` reads those.
"""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """One invitation e-mail to set a password, so the admin can show "invited on / accepted".

    A row is made when the school invites (`accounts.invitations.invite`);
    `sent_at` is filled by the task once the mail server accepted the mail,
    and `accepted_at` when the person first logs in afterwards (through the
    link, or otherwise: logging in makes the link invalid anyway).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A session key of a logged-in user.

    Django cannot list a user's sessions without decoding every session, so
    we note the key at login. That lets us end all sessions of someone who
    no longer belongs to any school at once, instead of on their next request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tracked_sessions",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("logged in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
