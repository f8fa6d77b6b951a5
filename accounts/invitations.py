"""Inviting people the school registered: the only way into Schoolpoort.

There is no self sign-up. The roster admin and the CSV import create the
account and call `invite(user)`; the person gets a mail with a one-time link
to choose a password.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.models import Invitation
from accounts.tasks import send_invitation

logger = logging.getLogger(__name__)


def invite(user):
    """Record an invitation and have the mail sent once the current transaction commits.

    Sending waits for the commit so the task sees the user's guardianship or
    role that was saved together with the invitation, and sends nothing when
    that transaction rolls back. Returns the `Invitation`, or None for an
    inactive user, who could not use the link.
    """
    if not user.is_active:
        logger.info("Not inviting inactive user %s.", user.pk)
        return None
    invitation = Invitation.objects.create(user=user)
    transaction.on_commit(partial(send_invitation.enqueue, invitation.pk))
    return invitation


def latest_invitation(user):
    """The user's most recent invitation, or None: for "invited on / accepted" in the admin."""
    return Invitation.objects.filter(user=user).order_by("-created_at", "-pk").first()


def mark_accepted(user):
    """Close the user's open invitations: they got in, so the links are used up."""
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
