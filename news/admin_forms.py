"""The admin form of posts: only a school's directors may mark a post urgent.

An urgent post is published and sent at once, also outside working hours
(`schoolcalendar.publishing`, `notifications.outbox`), so the field is only
in the form of a director (or superuser) editing a school-wide post, a post
directly under the school page. For anyone else the field is not in the form
at all: the panel is hidden, and a forged POST value is ignored (the stored
value is kept).
"""

from wagtail.admin.forms import WagtailAdminPageForm

from access.rules import is_director
from policies.consent.photos import editor_refusal


class PostPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "urgent" in self.fields and not self.may_mark_urgent():
            del self.fields["urgent"]
        if "reactions_enabled" in self.fields and self.is_school_wide():
            # Parents react to class posts only (moderation); a school-wide post has no reactions.
            del self.fields["reactions_enabled"]

    def is_school_wide(self):
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        return parent is not None and parent.depth == 2

    def clean(self):
        cleaned_data = super().clean()
        # Publishing (or submitting, or approving) a post whose photos mark a
        # child without portal-photo consent is refused with the children's
        # names; saving a draft is not (policies.consent.photos).

        body = cleaned_data.get("body")
        if body is not None:
            problem = editor_refusal(self.data, self.instance, body)
            if problem:
                self.add_error(None, problem)
        return cleaned_data

    def may_mark_urgent(self):
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        user = getattr(self, "for_user", None)
        # A school-wide post sits directly under its school (depth 2).
        return parent is not None and parent.depth == 2 and user is not None and is_director(user, parent)
