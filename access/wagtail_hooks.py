from django.contrib.auth import get_user_model
from django.shortcuts import render
from wagtail import hooks
from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
from wagtail.models import Page, PageLogEntry

from access.rules import can_view_page, visible_pages


@hooks.register("before_serve_page")
def refuse_pages_outside_scope(page, request, serve_args, serve_kwargs):
    """Every page, and every route under a page, is served only within the user's scope.

    A page outside it is "not found", exactly like a page that does not exist:
    a 403 would tell a parent that a class or a post with this address exists
    (ids count up, so that maps another family's groups). Anonymous users
    never get here: Django's LoginRequiredMiddleware sends them to the login
    page first.
    """
    if not can_view_page(request.user, page):
        return render(request, "404.html", {"page": None}, status=404)


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_scope(pages, request):
    """The admin's page chooser lists only pages the user may see.

    Wagtail shows every page title in the chooser by default; page titles of
    another class or school can name children, so they stay hidden.
    """
    return visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_scope(parent_page, pages, request):
    """Defence in depth on top of Wagtail's own explorable-pages filter."""
    return visible_pages(request.user, pages)


# The page listings' people filters ---------------------------------------------------
#
# The explorer's "Owner" and "Edited by" filters offer every user who owns or
# edited any page of the board, so a teacher read the names of another
# school's staff. Wagtail builds their choices from a callable of the request
# on the filter set's declared filters (wagtail.admin.views.pages.listing.PageFilterSet,
# which the other page listings inherit); these callables offer only the
# people of pages the user may see. Set when Wagtail imports this module at
# start-up, before any request.


def page_owners_for(request):
    """Users who own a page the requesting user may see."""
    owners = visible_pages(request.user, Page.objects.all()).order_by().values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def page_editors_for(request):
    """Users who edited a page the requesting user may see."""
    pages = visible_pages(request.user, Page.objects.all()).order_by().values("pk")
    editors = PageLogEntry.objects.filter(action="wagtail.edit", page_id__in=pages).order_by().values("user_id")
    return get_user_model().objects.filter(pk__in=editors)


for _filterset in (PageFilterSet, GenericPageFilterSet):
    _filterset.base_filters["owner"].queryset = page_owners_for
    _filterset.base_filters["edited_by"].queryset = page_editors_for
