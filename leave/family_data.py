"""The parent's leave requests, their steps and attachments, for the family data export (privacy.registry).

The requests the parent made (a request is the requester's: the child's
other guardians do not see it, access.rules.can_view_leave_request), every
step the school took with its grounds, and the attachment in the folder
leave_requests/.
"""

from django.utils.translation import gettext_lazy as _

from leave.models import LeaveRequest
from privacy.registry import FileEntry, Part, day, file_name, moment, register


@register("leave_requests", _("Your leave requests, the school's decisions and the attachments"), order=50)
def leave_requests(family):
    requests = (
        family.at_schools(LeaveRequest.objects.filter(requested_by=family.parent))
        .select_related("school")
        .prefetch_related("children", "history")
        .order_by("created_at", "pk")
    )
    rows, files = [], []
    for leave in requests:
        attachment = None
        if leave.attachment:
            attachment = f"leave_requests/{leave.pk}-{file_name(leave.attachment_name, 'bijlage')}"
            files.append(FileEntry(attachment, leave.attachment))
        rows.append(
            {
                "school": leave.school.title,
                "children": [str(child) for child in leave.children.all()],
                "kind_of_leave": leave.get_kind_display(),
                "reason": leave.get_reason_display() if leave.reason else "",
                "explanation": leave.explanation,
                "first_day": day(leave.first_day),
                "last_day": day(leave.last_day),
                "school_days": leave.school_days,
                "status": leave.get_status_display(),
                "submitted_at": moment(leave.created_at),
                "your_relation": leave.get_relation_display(),
                "attachment": attachment,
                "steps": [
                    {
                        "step": event.get_action_display(),
                        "by": event.user_name,
                        "at": moment(event.at),
                        "grounds": event.grounds,
                    }
                    for event in leave.history.all()
                ],
            }
        )
    return Part(rows, files)
