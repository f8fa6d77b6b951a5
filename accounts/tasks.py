"""Background work of the accounts app: the invitation and password-reset mails.

Tasks take plain ids and strings (their arguments are stored as JSON) and
look everything else up when they run, so they act on the state of the
database at that moment.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from access.rules import scope_of, visible_schools
from accounts import limits
from accounts.mail import absolute_url, send_account_mail
from accounts.models import Invitation, User
from accounts.tokens import invitation_token_generator

logger = logging.getLogger(__name__)


def _uidb64(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def _school_names(user):
    """Names of the user's schools, for a friendlier mail; empty when none."""
    schools = visible_schools(user).filter(depth=2, locale__language_code=settings.LANGUAGE_CODE)
    return list(schools.order_by("title").values_list("title", flat=True))


@task()
def send_invitation(invitation_id):
    """Mail the invitation link. The token is made now, so the link's lifetime starts at sending."""
    invitation = Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    if invitation is None or not invitation.user.is_active:
        logger.info("Invitation %s not sent: gone or user inactive.", invitation_id)
        return False
    user = invitation.user
    path = reverse(
        "accounts:accept_invitation",
        kwargs={"uidb64": _uidb64(user), "token": invitation_token_generator.make_token(user)},
    )
    send_account_mail(
        user,
        "accounts/email/invitation",
        {
            "link": absolute_url(path),
            "schools": _school_names(user),
            "login_link": absolute_url(reverse("accounts:login")),
        },
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


def users_for_password_reset(email):
    """Who gets a reset mail for this address: active users who belong to a school.

    Unlike Django's default, users who never set a password (an invitation
    that got lost) are included: the mail goes to the same address the
    school's invitation would go to, so it proves the same thing.
    """
    email = (email or "").strip()
    if not email:
        return []
    candidates = User.objects.filter(email__iexact=email, is_active=True)
    return [user for user in candidates if scope_of(user).is_member]


@task()
def send_password_reset(email):
    """Mail a reset link if the address belongs to someone who may have one.

    The request that asked for it always enqueues this task, for known and
    unknown addresses alike, so its answer and timing never tell whether an
    address exists. An address gets at most a few reset mails a day
    (`accounts.limits`): asking twenty times does not fill a mailbox.
    """
    sent = 0
    for user in users_for_password_reset(email):
        if not limits.may_mail_reset_link(user.email):
            logger.info("Reset mail to user %s not sent: the address had its mails for today.", user.pk)
            continue
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": _uidb64(user), "token": default_token_generator.make_token(user)},
        )
        send_account_mail(
            user,
            "accounts/email/password_reset",
            {"link": absolute_url(path), "reset_link": absolute_url(reverse("accounts:password_reset"))},
        )
        limits.count_reset_mail(user.email)
        sent += 1
    return sent
