from django.shortcuts import render
from wagtail import hooks

from access.rules import can_view_page, visible_pages


@hooks.register("before_serve_page")
def refuse_pages_outside_scope(page, request, serve_args, serve_kwargs):
    """Every page, and every route under a page, is served only within the user's scope.

    Anonymous users never get here: Django's LoginRequiredMiddleware sends them
    to the login page first.
    """
    if not can_view_page(request.user, page):
        return render(request, "403.html", {"page": None}, status=403)


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
