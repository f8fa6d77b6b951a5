"""The roster in the Wagtail admin, and guards on class group pages.

Viewsets live in classes/views.py; this module only registers them.
"""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from access.rules import can_manage_roster
from classes.models import ClassPage
from classes.staff import school_of_page
from roster.views import RosterViewSetGroup


@hooks.register("register_admin_viewset")
def register_roster():
    return RosterViewSetGroup()


def _may_delete(user, page):
    """Deleting a class group drops its enrolments: only roster managers may.

    Teachers hold change and publish permission on their class page, which
    Wagtail would otherwise read as permission to delete it when it is a leaf.
    """
    if not isinstance(page.specific_deferred, ClassPage):
        return True
    school = school_of_page(page)
    return school is not None and can_manage_roster(user, school)


@hooks.register("before_delete_page")
def refuse_deleting_class_groups(request, page):
    if not _may_delete(request.user, page):
        return permission_denied(request)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_class_groups(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move"} and any(
        not _may_delete(request.user, obj) for obj in objects if hasattr(obj, "specific_deferred")
    ):
        return permission_denied(request)
