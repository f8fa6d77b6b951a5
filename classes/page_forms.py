"""The admin form of a class group page.

classes/models.py names it (`ClassPage.base_form_class`), so it imports no
model of this app; the choice of teachers comes from classes.staff.
"""

from wagtail.admin.forms import WagtailAdminPageForm

from classes.staff import staff_choices_for_class

ROSTER_PERMISSION = "classes.manage_roster"


class ClassPageForm(WagtailAdminPageForm):
    """Teachers are chosen from the school's own staff, and only by roster managers.

    The "Teachers" panel is hidden from users without the roster permission,
    but a hidden panel still accepts posted formset data in Wagtail; so the
    formset is dropped altogether for them, and for everyone else its user
    choice is narrowed to staff of this class group's school.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("teacher_assignments")
        if formset is None:
            return
        user = self.for_user
        if user is None or not user.has_perm(ROSTER_PERMISSION):
            del self.formsets["teacher_assignments"]
            return
        choices = staff_choices_for_class(self.instance, self.parent_page)

        class ScopedTeacherForm(formset.form):
            # Also used for the empty form that the "add teacher" button copies.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["user"].queryset = choices

        formset.form = ScopedTeacherForm
        formset.__dict__.pop("forms", None)  # rebuild any forms made with the old class
