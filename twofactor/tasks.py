"""Background work of two-factor sign-in: telling someone their second factor was reset."""

import logging

from django.urls import reverse
from django_tasks import task

from accounts.mail import absolute_url, send_account_mail
from accounts.models import User

logger = logging.getLogger(__name__)


@task()
def send_reset_notice(user_id):
    """Mail the user that their two-factor sign-in was reset, so a reset they did not ask for is noticed."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        logger.info("Reset notice for user %s not sent: gone or inactive.", user_id)
        return False
    send_account_mail(user, "twofactor/email/reset", {"login_link": absolute_url(reverse("accounts:login"))})
    return True
