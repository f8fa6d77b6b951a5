from django.shortcuts import render
from wagtail import hooks

from access.rules import can_view_page


@hooks.register("before_serve_page")
def refuse_pages_outside_scope(page, request, serve_args, serve_kwargs):
    """Every page, and every route under a page, is served only within the user's scope.

    Anonymous users never get here: Django's LoginRequiredMiddleware sends them
    to the login page first.
    """
    if not can_view_page(request.user, page):
        return render(request, "403.html", {"page": None}, status=403)
