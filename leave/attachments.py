"""A leave request's attachment is private media, served by privatemedia's one serve view.

The file is stored under an unguessable name (`leave.models.attachment_path`)
in the protected storage; its URL is a /bestanden/ URL like every upload.
`register()` (called from `LeaveConfig.ready`) lets privatemedia find the
request a stored name belongs to; `access.rules.can_view_leave_request`
decides who gets it: the parent who asked, and the directors and
administration of the request's school. Nobody else, not a superuser who
is neither, and never a file no request accounts for.
"""

from access.rules import can_view_leave_request
from leave.models import LeaveRequest
from privatemedia.owners import Owner, register_lookup

PREFIX = "leave/"


def attachment_owner(name):
    if not name.startswith(PREFIX):
        return None
    leave_request = LeaveRequest.objects.filter(attachment=name).select_related("school").first()
    if leave_request is None:
        return None
    return Owner(
        "leave_attachment",
        None,
        title=leave_request.attachment_name,
        allows=lambda user: can_view_leave_request(user, leave_request),
    )


def register():
    register_lookup(attachment_owner)
