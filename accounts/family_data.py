"""The account's part of a family data export (privacy.registry), and the e-mail that an export is ready.

The profile: name, e-mail address, language, when the account was made and
last used, the invitations the school sent and the logins the portal keeps
track of. The ready notice is an account e-mail like the invitation
(accounts.mail), sent by the export's task, to whoever requested the export.
"""

from django.utils.translation import gettext_lazy as _

from accounts.mail import absolute_url, send_account_mail
from accounts.models import Invitation, UserSession
from privacy.registry import Part, moment, register, register_ready_notice


@register("profile", _("Your profile: name, e-mail address, language, invitations and logins"), order=10)
def profile(family):
    user = family.parent
    invitations = Invitation.objects.filter(user=user).order_by("created_at", "pk")
    logins = UserSession.objects.filter(user=user).order_by("created_at", "pk")
    return Part(
        {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "preferred_language": user.get_preferred_language_display(),
            "account_created_at": moment(user.date_joined),
            "last_login_at": moment(user.last_login),
            "account_active": user.is_active,
            "invitations": [
                {
                    "invited_at": moment(invitation.created_at),
                    "sent_at": moment(invitation.sent_at),
                    "accepted_at": moment(invitation.accepted_at),
                }
                for invitation in invitations
            ],
            "open_logins": [{"logged_in_at": moment(session.created_at)} for session in logins],
        }
    )


def mail_export_ready(user, template_prefix, context):
    """The export is ready: mail its owner a link to the page where they download it (never the file itself)."""
    send_account_mail(user, template_prefix, {**context, "link": absolute_url(context["path"])})


register_ready_notice(mail_export_ready)
