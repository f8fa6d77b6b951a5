"""Wagtail ModelViewSets whose every view works only within the user's scope.

Why: Wagtail's generic model views look objects up among all rows of the
model and ask their permission policy about an action, not about this row.
For the roster (roster.views) and the school calendar (schoolcalendar.views)
that would let a director open another school's child or holiday by its id.
The views here take every queryset, listing and single object alike, from
the viewset's `scope(user)`, built on `access.rules` (`roster.roster`,
`schoolcalendar.scope`):

* an object outside the user's scope answers 404, as if it did not exist
  (edit, delete, history and usage views), and never appears in a listing;
* an object within the scope that the permission policy refuses for this
  instance (`user_has_permission_for_instance`) answers 403.

A subclass of `ScopedModelViewSet` gives `scope(user)`, a permission policy
(`make_permission_policy`) and who sees its menu item (`show_in_menu`).
Views must be one of the scoped classes below (or subclasses): Wagtail hands
a view only the keyword arguments it has attributes for, so a plain Wagtail
view would silently ignore the scope.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from laces.components import Component
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from access import rules


class ScopedIndexView(generic.IndexView):
    """The listing shows the user's scope only."""

    object_scope = None

    def get_base_queryset(self):
        return self.object_scope(self.request.user)


class ScopedObjectMixin:
    """Look the object up in the user's scope only (404 otherwise), then check the instance (403)."""

    object_scope = None
    instance_action = None

    def get_queryset(self):
        return self.object_scope(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.instance_action, obj):
            raise PermissionDenied
        return obj


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    instance_action = "change"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    instance_action = "delete"


class ScopedBaseObjectMixin:
    """The same lookup for views built on Wagtail's BaseObjectMixin (history, usage)."""

    object_scope = None

    def get_base_object_queryset(self):
        return self.object_scope(self.request.user)


class ScopedHistoryView(ScopedBaseObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedBaseObjectMixin, usage.UsageView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view, and its menu item, is scoped to the user."""

    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    actions = ("add", "change", "delete", "view")

    def scope(self, user):
        """The queryset of objects this user may work on."""
        raise NotImplementedError

    def make_permission_policy(self):
        """The permission policy handed to the views (not registered for the model)."""
        raise NotImplementedError

    def show_in_menu(self, user):
        raise NotImplementedError

    @cached_property
    def scoped_policy(self):
        return self.make_permission_policy()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(permission_policy=self.scoped_policy, object_scope=self.scope, **kwargs)

    @cached_property
    def menu_item_class(self):
        viewset = self

        class ScopedMenuItem(MenuItem):
            def is_shown(self, request):
                return viewset.show_in_menu(request.user)

        return ScopedMenuItem

    def register_permissions(self):
        # The policy is handed to the views; registering one for the model
        # would replace Wagtail's own (for User, the policy of the Users admin).
        pass

    def register_admin_url_finder(self):
        pass


class RuleViewSet(ViewSet):
    """A group of plain admin views whose menu item shows only to whom `shows_to(user)` allows.

    For admin pages that are not a model's CRUD (the leave queue, the
    outbox, the reports on posts): the views ask `access.rules` themselves;
    this only keeps the menu from offering a page the user would be refused.
    Hidden by default, so a subclass that forgets to say who may see it
    shows nobody a menu item. A subclass that draws its item differently
    (a count in the label, another address) sets `menu_item_base` to a
    MenuItem subclass; who sees it stays decided here.
    """

    menu_item_base = MenuItem

    def shows_to(self, user):
        return False

    @cached_property
    def menu_item_class(self):
        viewset = self

        class RuleMenuItem(self.menu_item_base):
            def is_shown(self, request):
                return viewset.shows_to(request.user)

        return RuleMenuItem


class DashboardPanel(Component):
    """A panel on the admin dashboard whose hook gathered what it shows.

    The `construct_homepage_panels` hook asks `access.rules` who sees what
    and builds the context; subclasses name the panel, its template and order.
    """

    def __init__(self, **context):
        self.context = context

    def get_context_data(self, parent_context):
        return self.context


class DirectorPolicy(BasePermissionPolicy):
    """Directors may do the listed actions, on rows of the schools they direct."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and rules.director_schools(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and rules.is_director(user, instance.school)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()  # not needed by these views


class DirectorViewSet(ScopedModelViewSet):
    """A scoped ModelViewSet for the directors of the user's schools (calendar, per-school settings)."""

    form_class = None

    def make_permission_policy(self):
        return DirectorPolicy(self.model, self.actions)

    def show_in_menu(self, user):
        return self.scoped_policy.user_has_permission(user, "change")

    def get_form_class(self, for_update=False):
        return self.form_class


class SchoolSettingsViewSet(DirectorViewSet):
    """The per-school settings of one area (a `home.school_settings.SchoolSettings` model).

    A school always has exactly one row: opening the listing makes the rows
    of the user's schools that are missing, with their defaults, so there is
    nothing to add or delete. Subclasses name the model, the form and the
    columns.
    """

    icon = "cog"
    actions = ("change", "view")

    def scope(self, user):
        return school_settings_for(self.model, user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            object_scope=lambda user: school_settings_for(self.model, user, create_missing=True), **kwargs
        )


def school_settings_for(model, user, create_missing=False):
    """Rows of a per-school settings model (one row per school) for the schools the user directs.

    Shared by every per-school settings admin (calendar, news, leave,
    notifications, ...): with create_missing, rows are first made with the
    model's defaults (`model.for_school`), so a director always finds their
    school.
    """
    schools = rules.director_schools(user)
    if create_missing:
        existing = set(model.objects.filter(school__in=schools).values_list("school_id", flat=True))
        for school in schools:
            if school.pk not in existing:
                model.for_school(school)
    return model.objects.filter(school__in=schools).select_related("school")
