"""Request-level guards that back up the page rules in `access.rules`."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from access.rules import can_view_collection, can_view_page, is_staff_member, scope_of, visible_pages


class MembershipMiddleware:
    """End the session of a user who no longer belongs anywhere.

    A parent whose last child left the school, or a staff member whose last
    role was removed, is logged out on their very next request, whichever
    page it is for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not scope_of(user).is_member:
            logout(request)
            messages.warning(
                request, _("Your account no longer gives access to a school. Ask the school if this is a mistake.")
            )
            return redirect(reverse("accounts:login"))
        return self.get_response(request)


class AdminAccessMiddleware:
    """Parents never use the Wagtail admin: they get a plain page, not a login loop.

    Wagtail itself would send a logged-in user without admin access back to
    the login form; this answers with a 403 page that explains instead. The
    admin's own login page is replaced by the portal's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("wagtailadmin_home")
        if request.path.startswith(admin_root):
            if request.path.startswith(reverse("wagtailadmin_login")):
                return redirect(reverse("accounts:login"))
            user = request.user
            if user.is_authenticated and not (is_staff_member(user) and user.has_perm("wagtailadmin.access_admin")):
                return render(request, "access/no_admin_access.html", status=403)
            if user.is_authenticated and request.path == admin_root + "failwhale/":
                # Wagtail's deliberate test exception: a 500 for whoever opens it.
                raise Http404
        return self.get_response(request)

    # URL arguments of Wagtail admin views that name a page.
    PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
    # Admin views for superusers only, refused to all staff whatever the object:
    # * reports that list pages of every school;
    # * Wagtail's privacy dialogs (pages, collections). They offer every Django
    #   group as a choice, and the generated admin groups are named after schools
    #   and class groups (roster.admin_groups), so staff would read the names of
    #   classes they may not see. Who sees a page is decided by access.rules, not
    #   by Wagtail's view restrictions, so staff have no use for them: refusing
    #   the whole view (deny by default) beats filtering its group choices,
    #   which a future Wagtail form or template could list again;
    # * the site history: it joins the log entries of every kind of object
    #   (pages, images, users, settings), and its "User" filter lists everyone
    #   who ever changed anything, at every school. A page's own history is
    #   on the page (its path names the page, checked above);
    # * the workflow reports: their "requested by" filter lists everyone who
    #   ever submitted a post for approval, at every school. Directors find the
    #   posts waiting for them on the dashboard, and a post's own workflow
    #   history on the post (news.approval).
    SUPERUSER_ONLY_VIEWS = {
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:site_history_results",
        "wagtailadmin_reports:page_types_usage",
        "wagtailadmin_reports:page_types_usage_results",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_results",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:workflow_tasks_results",
        "wagtailadmin_pages:set_privacy",
        "wagtailadmin_collections:set_privacy",
    }

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Staff never open an admin view about a page outside their scope.

        Wagtail's own page permissions let some views (move confirm, chooser,
        workflow) show a page's title to anyone with admin access.
        """
        user = request.user
        if not user.is_authenticated or user.is_superuser or not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.SUPERUSER_ONLY_VIEWS:
            return render(request, "403.html", status=403)

        for name in self.PAGE_ARGUMENTS:
            if name in view_kwargs:
                page = Page.objects.filter(pk=view_kwargs[name]).only("path", "depth").first()
                if page is not None and page.depth > 1 and not can_view_page(user, page):
                    return render(request, "403.html", status=403)
        if match is not None and request.GET.getlist("id") and match.view_name not in self.NOT_OBJECT_IDS:
            if not self._query_objects_allowed(request, user, self._model_of(match, view_kwargs)):
                return render(request, "403.html", status=403)
        return None

    # Admin views that take the objects they show from the query string
    # (`?id=1&id=2`, or `?id=all&childOf=<parent>`), not from the path:
    # Wagtail's bulk actions (their confirmation pages list the titles of
    # every object asked for, also those the user may not act on) and the
    # choosers' "chosen multiple" answers. Every id must be an object the user
    # may see. A view of this kind that is not named here is refused to all
    # staff (deny by default), except those whose `id` names no object.
    NOT_OBJECT_IDS = {"wagtailadmin_block_preview"}  # ?id= names a StreamField block type
    CHOSEN_MULTIPLE_MODELS = {
        "wagtailadmin_choose_page_chosen_multiple": lambda: Page,
        "wagtailimages_chooser:chosen_multiple": get_image_model,
        "wagtaildocs_chooser:chosen_multiple": get_document_model,
    }
    LARGEST_ID = 2**63 - 1

    def _model_of(self, match, view_kwargs):
        """The model whose ids the view takes from the query string, or None when it is not one we know."""
        if match.view_name == "wagtail_bulk_action":
            try:
                return apps.get_model(view_kwargs.get("app_label", ""), view_kwargs.get("model_name", ""))
            except (LookupError, ValueError):
                return None
        model = self.CHOSEN_MULTIPLE_MODELS.get(match.view_name)
        return model() if model is not None else None

    def _query_objects_allowed(self, request, user, model):
        if model is None:
            return False
        values = request.GET.getlist("id")
        if issubclass(model, Page):
            pages = Page.objects.all()
            if "all" in values:
                # Every child of `childOf` (with a search, every descendant), as Wagtail lists them.
                parent = self._parent_page(request.GET.get("childOf"))
                if parent is None or not can_view_page(user, parent):
                    return False
                pages = parent.get_descendants() if request.GET.get("q") else parent.get_children()
            else:
                ids = self._ids(values)
                if ids is None:
                    return False
                pages = pages.filter(pk__in=ids)
            return not pages.exclude(pk__in=visible_pages(user, pages).values("pk")).exists()
        if model in (get_image_model(), get_document_model()):
            if "all" in values:
                # Wagtail lists the collection's media the user may change (childOf is a collection id).
                collection = self._ids([request.GET.get("childOf", "")])
                return collection is not None and can_view_collection(user, collection[0])
            ids = self._ids(values)
            if ids is None:
                return False
            collections = model.objects.filter(pk__in=ids).values_list("collection_id", flat=True).distinct()
            return all(can_view_collection(user, collection) for collection in collections)
        return False

    def _ids(self, values):
        """The values as ids, or None when one is not an id (the request is refused)."""
        ids = []
        for value in values:
            if not value.isascii() or not value.isdigit() or len(value) > 19 or int(value) > self.LARGEST_ID:
                return None
            ids.append(int(value))
        return ids

    def _parent_page(self, value):
        ids = self._ids([value or ""])
        return Page.objects.filter(pk=ids[0]).first() if ids else None


class WagtailSideDoorsMiddleware:
    """Wagtail's front-end login and password forms are not the portal's: closed.

    Wagtail serves two forms of its own next to every site (under each
    language prefix), outside the portal's login, branding and checks:

    * `/_util/login/` (wagtailcore_login), Wagtail's login form for pages
      with a login restriction: redirects to the portal's login form,
      keeping a `next` that stays on this site.
    * `/_util/authenticate_with_password/<restriction>/<page>/`: answers 404
      to everyone. No page uses a shared password (WAGTAIL_PRIVATE_PAGE_OPTIONS
      has none, and only superusers open the privacy dialog), and the view
      would render the password form of any page id it is given, title
      included, whatever access.rules says.

    Wagtail's own password reset in the admin is switched off in the
    settings (WAGTAIL_PASSWORD_RESET_ENABLED); accounts has the real one.
    """

    LOGIN_VIEW = "wagtailcore_login"
    CLOSED_VIEWS = {"wagtailcore_authenticate_with_password"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name == self.LOGIN_VIEW:
            next_url = request.GET.get("next", "")
            if next_url and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect_to_login(next_url, settings.LOGIN_URL)
            return redirect(settings.LOGIN_URL)
        if match.view_name in self.CLOSED_VIEWS:
            raise Http404
        return None
