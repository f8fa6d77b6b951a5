"""Conversations in the Wagtail admin, for staff whose school works there (and any staff who open it).

The same conversations as on the portal (`conversations.views`), with the
same rules: a staff member sees the conversations they take part in, and
nothing else (not even a director sees their school's other conversations).
A conversation they are not in answers 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from access.rules import can_start_conversation, is_staff_member
from conversations import services, views
from conversations.views import private


def _staff_only(request):
    if not is_staff_member(request.user):
        raise PermissionDenied


@private
def index(request):
    _staff_only(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    rows = list(services.my_conversations(request.user))
    for row in rows:
        row.others = [
            services.display_name(p.user) for p in row.conversation.participants.all() if p.user_id != request.user.pk
        ]
        row.url = reverse("conversations_admin:detail", args=[row.conversation_id])
    return TemplateResponse(
        request,
        "conversations/admin/index.html",
        {"rows": rows, "may_start": can_start_conversation(request.user), "page_title": gettext("Conversations")},
    )


@private
def detail(request, pk):
    _staff_only(request)
    conversation = views.conversation_or_404(request.user, pk)
    detail_url = reverse("conversations_admin:detail", args=[conversation.pk])

    def render(form, status):
        context = views.detail_context(request, conversation, form)
        context["page_title"] = conversation.subject
        context["close_url"] = reverse("conversations_admin:close", args=[conversation.pk])
        return TemplateResponse(request, "conversations/admin/detail.html", context, status=status)

    if request.method == "POST":
        return views.handle_reply(request, conversation, detail_url, render)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    response = render(None, 200)
    response.render()
    services.mark_read(conversation, request.user)
    return response


@private
def close(request, pk):
    _staff_only(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    conversation = views.conversation_or_404(request.user, pk)
    return views.handle_close(request, conversation, reverse("conversations_admin:detail", args=[conversation.pk]))


@private
def start(request):
    _staff_only(request)
    children, child = views.start_context(request)

    def render(form, status):
        if form is None and child is not None and can_start_conversation(request.user, child):
            form = views.start_form(request, child)
        context = {
            "children": children,
            "child": child,
            "form": form,
            "no_one": child is not None and form is None,
            "refused": status == 400 and form is None,
            "page_title": gettext("New conversation"),
        }
        return TemplateResponse(request, "conversations/admin/start.html", context, status=status)

    if request.method == "POST":
        return views.handle_start(request, child, lambda c: reverse("conversations_admin:detail", args=[c.pk]), render)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render(None, 200)
