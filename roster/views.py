"""The roster in the Wagtail admin: children, parents, guardians, staff and the CSV import.

Every view works on a queryset from `roster.roster`, scoped to the schools
the user manages (`access.rules.managed_schools`): listings, edit and delete
views alike, so an id of another school's row answers 404 (the scoped views
of `plumbing.viewsets`). Permission to use
a view is a `RosterPermissionPolicy`, given to the views directly rather than
registered for the model, so Wagtail's own admin of users keeps its policy.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from access.rules import is_director
from accounts.models import User
from classes.models import Child, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import StaffRole
from plumbing.viewsets import ScopedModelViewSet
from roster import forms, roster
from roster.csv_import import CsvImportError, example_csv, import_children

ROSTER_PERMISSION = "classes.manage_roster"


def may_manage_roster(user):
    """The roster permission (from a director or administration group) and a school to use it on."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm(ROSTER_PERMISSION)
        and roster.schools_for(user).exists()
    )


class RosterPermissionPolicy(BasePermissionPolicy):
    """Roster managers may do the listed actions; model permissions are required where they exist."""

    def __init__(self, model, actions, model_permissions=True, instance_check=None):
        super().__init__(model)
        self.actions = set(actions)
        self.model_permissions = model_permissions
        self.instance_check = instance_check

    def user_has_permission(self, user, action):
        if action not in self.actions or not may_manage_roster(user):
            return False
        if self.model_permissions and action in {"add", "change", "delete", "view"}:
            opts = self.model._meta
            return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        return True

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self.instance_check is None or self.instance_check(user, action, instance)

    def users_with_any_permission(self, actions):
        return User.objects.none()  # not needed by the roster views


# Views -----------------------------------------------------------------------


class RosterCreateView(generic.CreateView):
    def get_success_message(self, instance):
        message = getattr(self.form, "success_message", None)
        return message or super().get_success_message(instance)


class RosterViewSet(ScopedModelViewSet):
    """A scoped ModelViewSet (plumbing.viewsets) for the roster managers of the user's schools."""

    add_view_class = RosterCreateView

    model_permissions = True
    create_form_class = None
    edit_form_class = None

    def instance_check(self, user, action, instance):
        return True

    def make_permission_policy(self):
        return RosterPermissionPolicy(
            self.model, self.actions, model_permissions=self.model_permissions, instance_check=self.instance_check
        )

    def show_in_menu(self, user):
        return self.scoped_policy.user_has_any_permission(user, {"view", "change", "add"})

    def get_form_class(self, for_update=False):
        return self.edit_form_class if for_update else self.create_form_class


def _current_class(child):
    year = current_school_year()
    for enrollment in child.enrollments.all():
        if enrollment.school_year == year:
            return enrollment.class_page.title
    return ""


def _guardians(child):
    return ", ".join(f"{g.user} ({g.get_relation_display()})" for g in child.guardianships.all())


class ChildViewSet(RosterViewSet):
    model = Child
    name = "roster_children"
    url_prefix = "roster/children"
    icon = "user"
    menu_label = _("Children")
    actions = ("add", "change", "view")  # a child leaves (left_on) rather than being deleted
    create_form_class = forms.ChildForm
    edit_form_class = forms.ChildForm
    search_fields = ["first_name", "last_name"]
    list_display = [
        "__str__",
        "date_of_birth",
        Column("class_group", label=_("class group this school year"), accessor=_current_class),
        Column("guardians", label=_("guardians"), accessor=_guardians),
        "left_on",
    ]

    def scope(self, user):
        return roster.children_for(user).prefetch_related(
            Prefetch("enrollments", queryset=Enrollment.objects.select_related("class_page")),
            Prefetch("guardianships", queryset=Guardianship.objects.select_related("user")),
        )


def _children_here(parent):
    return ", ".join(f"{g.child} ({g.get_relation_display()})" for g in parent.roster_guardianships)


def _parent_is_ours_alone(user, parent):
    """May this school change the account? Not when it is staff or also used at another school.

    Changing someone's e-mail address hands over their login (a password
    reset goes to the new address), so an account that reaches beyond the
    editor's schools is left to its owner.
    """
    if parent.is_superuser or parent.is_staff or StaffRole.objects.filter(user=parent).exists():
        return False
    keys = roster.managed_school_keys(user)
    return not parent.guardianships.exclude(child__school__translation_key__in=keys).exists()


class ParentViewSet(RosterViewSet):
    model = User
    name = "roster_parents"
    url_prefix = "roster/parents"
    icon = "group"
    menu_label = _("Parents and guardians")
    actions = ("add", "change", "view")  # removing the last guardianship removes access
    model_permissions = False
    create_form_class = forms.ParentCreateForm
    edit_form_class = forms.ParentEditForm
    search_fields = ["first_name", "last_name", "email"]
    list_display = ["__str__", "email", Column("children", label=_("children"), accessor=_children_here)]

    def scope(self, user):
        keys = roster.managed_school_keys(user)
        ours = Guardianship.objects.filter(child__school__translation_key__in=keys).select_related("child")
        return roster.parents_for(user).prefetch_related(
            Prefetch("guardianships", queryset=ours, to_attr="roster_guardianships")
        )

    def instance_check(self, user, action, instance):
        return action != "change" or _parent_is_ours_alone(user, instance)


class GuardianshipViewSet(RosterViewSet):
    model = Guardianship
    name = "roster_guardians"
    url_prefix = "roster/guardians"
    icon = "link"
    menu_label = _("Guardians of children")
    create_form_class = forms.GuardianshipForm
    edit_form_class = forms.GuardianshipForm
    search_fields = ["child__first_name", "child__last_name", "user__first_name", "user__last_name", "user__email"]
    list_display = ["child", "user", "relation"]

    def scope(self, user):
        return roster.guardianships_for(user).select_related("child", "user")


class StaffRoleViewSet(RosterViewSet):
    model = StaffRole
    name = "roster_staff"
    url_prefix = "roster/staff"
    icon = "user"
    menu_label = _("Staff roles")
    create_form_class = forms.StaffRoleCreateForm
    edit_form_class = forms.StaffRoleEditForm
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_display = ["user", Column("email", label=_("e-mail address"), accessor="user.email"), "role", "school"]

    def scope(self, user):
        return roster.staff_roles_for(user).select_related("user", "school")

    def instance_check(self, user, action, instance):
        return instance.role != StaffRole.DIRECTOR or is_director(user, instance.school)


# CSV import ------------------------------------------------------------------


def csv_import_view(request):
    """Upload (or paste) a CSV file of children and guardians; see roster.csv_import.

    Any problem, from a broken file to a wrong date in row 40, comes back as
    the same form with the text kept and the problems listed: never an error page.
    """
    if not may_manage_roster(request.user):
        raise PermissionDenied
    form = forms.CsvImportForm(request.POST or None, request.FILES or None, user=request.user)
    row_errors, result = [], None
    if request.method == "POST":
        valid = form.is_valid()
        if valid:
            try:
                result = import_children(form.text, form.cleaned_data["school"], request.user)
            except CsvImportError as error:
                row_errors = error.row_errors
        if result is None:
            # Show the text again (from the upload or the text box), so nothing is lost.
            school = form.cleaned_data.get("school") if valid else request.POST.get("school")
            form = (
                forms.CsvImportForm(
                    initial={"content": form.text or request.POST.get("content", ""), "school": school},
                    user=request.user,
                )
                if valid
                else _keep_text(form, request)
            )
        else:
            form = forms.CsvImportForm(user=request.user)
    return TemplateResponse(
        request,
        "classes/admin/csv_import.html",
        {
            "form": form,
            "row_errors": row_errors,
            "result": result,
            "page_title": gettext("Import children"),
            "example_url": reverse("roster_import:example"),
        },
    )


def _keep_text(form, request):
    """An invalid form, bound again with the decoded upload put in the text box."""
    if form.text is not None:
        data = request.POST.copy()
        data["content"] = form.text
        rebound = forms.CsvImportForm(data, user=request.user)
        rebound.full_clean()
        return rebound
    return form


def csv_example_view(request):
    if not may_manage_roster(request.user):
        raise PermissionDenied
    response = HttpResponse(example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schoolpoort-children-example.csv"'
    return response


class CsvImportViewSet(ViewSet):
    name = "roster_import"
    url_prefix = "roster/import"
    icon = "upload"
    menu_label = _("Import children (CSV)")

    def get_urlpatterns(self):
        return [
            path("", csv_import_view, name="index"),
            path("example.csv", csv_example_view, name="example"),
        ]

    @cached_property
    def menu_item_class(self):
        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return may_manage_roster(request.user)

        return ImportMenuItem


class RosterViewSetGroup(ViewSetGroup):
    menu_label = _("Roster")
    menu_icon = "group"
    menu_order = 300
    items = (ChildViewSet, ParentViewSet, GuardianshipViewSet, StaffRoleViewSet, CsvImportViewSet)
