"""The portal side of conversations: my conversations, one conversation, starting one, closing one.

Parents always work here; staff work here when their school chose the
portal (`ConversationSettings`), and may always open a conversation here.
Who may see, post and close is asked of `access.rules`:

* a conversation the user does not take part in answers 404, as if it did
  not exist (an id tells nothing about other families);
* a reply or start with bad input answers 400 with what to fix, the typed
  text kept; a resubmitted form (same key) creates nothing twice;
* closing is a POST by a staff participant.

The admin views (`conversations.admin_views`) reuse `handle_reply`,
`handle_start` and the same templates' parts.
"""

import functools
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from access.rules import (
    can_close_conversation,
    can_post_in_conversation,
    can_start_conversation,
    can_view_conversation,
    conversation_children,
    participation,
)
from conversations import services
from conversations.forms import ReplyForm, StartForm
from conversations.models import Conversation


def private(view):
    """One family's messages: never kept by a browser or a proxy."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def conversation_or_404(user, pk):
    conversation = Conversation.objects.filter(pk=pk).select_related("child", "school", "closed_by").first()
    if conversation is None or not can_view_conversation(user, conversation):
        raise Http404("No such conversation")
    return conversation


def _uploads(request):
    return request.FILES.getlist("attachments")


# Shared by the portal and the admin ----------------------------------------------------------


def detail_context(request, conversation, form=None):
    me = participation(request.user, conversation)
    participants, items = services.messages_with_marks(conversation, request.user)
    may_post = can_post_in_conversation(request.user, conversation)
    if form is None and may_post:
        form = ReplyForm(initial={"submission_key": uuid.uuid4()})
    return {
        "conversation": conversation,
        "me": me,
        "participants": participants,
        "items": items,
        "show_read_marks": me is not None and me.is_staff,
        "may_post": may_post,
        "may_close": can_close_conversation(request.user, conversation),
        "form": form,
        "hours": services.working_hours_notice(conversation.school) if me is not None and not me.is_staff else None,
    }


def handle_reply(request, conversation, detail_url, render):
    """POST of the reply form: redirect on success, else render(form, status) with the typed text kept."""
    if not can_post_in_conversation(request.user, conversation):
        if conversation.is_closed:
            messages.warning(request, gettext("This conversation is closed: no new messages can be added."))
            return redirect(detail_url)
        raise PermissionDenied
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(form, 400)
    try:
        message, created = services.reply(
            conversation=conversation,
            user=request.user,
            text=form.cleaned_data["text"],
            uploads=form.cleaned_data["attachments"],
            key=form.cleaned_data["submission_key"],
        )
    except services.KeyInUse:
        form.add_error(None, gettext("The form was incomplete. Please check it and send it again."))
        return render(form, 400)
    if message is None:
        messages.warning(
            request, gettext("This conversation was closed before your message was sent. Your text is below.")
        )
        return render(form, 409)
    if created:
        messages.success(request, gettext("Your message has been sent."))
    return redirect(detail_url + f"#message-{message.pk}")


def handle_close(request, conversation, detail_url):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_close_conversation(request.user, conversation):
        if conversation.is_closed:
            messages.info(request, gettext("This conversation was closed already."))
            return redirect(detail_url)
        raise PermissionDenied
    services.close(conversation, request.user)
    messages.success(request, gettext("The conversation is closed. It stays readable for everyone in it."))
    return redirect(detail_url)


def start_context(request):
    """The child picked (GET or POST `child`), the form for it, and the children to pick from."""
    children = list(conversation_children(request.user).order_by("first_name", "last_name"))
    child_id = request.POST.get("child") if request.method == "POST" else request.GET.get("child")
    child = None
    if child_id is not None and str(child_id).isdigit():
        child = next((c for c in children if c.pk == int(child_id)), None)
    if child is None and len(children) == 1:
        child = children[0]
    return children, child


def start_form(request, child, data=None, files=None):
    as_parent, staff, guardians = services.recipients_for(request.user, child)
    return StartForm(
        data,
        files,
        as_parent=as_parent,
        staff=staff,
        guardians=guardians,
        initial=None if data is not None else {"submission_key": uuid.uuid4()},
    )


def handle_start(request, child, detail_url_of, render):
    """POST of the start form: redirect to the new conversation, else render(form, status) with what was typed."""
    if child is None or not can_start_conversation(request.user, child):
        return render(None, 400)
    form = start_form(request, child, request.POST, request.FILES)
    if not form.is_valid():
        return render(form, 400)
    try:
        conversation, created = services.start(
            user=request.user,
            child=child,
            subject=form.cleaned_data["subject"],
            text=form.cleaned_data["text"],
            staff=form.chosen_staff(),
            guardians=form.chosen_guardians(),
            uploads=form.cleaned_data["attachments"],
            key=form.cleaned_data["submission_key"],
        )
    except services.KeyInUse:
        form.add_error(None, gettext("The form was incomplete. Please check it and send it again."))
        return render(form, 400)
    if created:
        messages.success(request, gettext("Your message has been sent."))
    return redirect(detail_url_of(conversation))


# The portal ------------------------------------------------------------------------------------


@login_required
@private
def index(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    rows = list(services.my_conversations(request.user))
    for row in rows:
        row.others = [
            services.display_name(p.user) for p in row.conversation.participants.all() if p.user_id != request.user.pk
        ]
        row.url = reverse("conversations:detail", args=[row.conversation_id])
    return TemplateResponse(
        request,
        "conversations/index.html",
        {"rows": rows, "may_start": can_start_conversation(request.user)},
    )


@login_required
@private
def detail(request, pk):
    conversation = conversation_or_404(request.user, pk)
    detail_url = reverse("conversations:detail", args=[conversation.pk])

    def render(form, status):
        return TemplateResponse(
            request, "conversations/detail.html", detail_context(request, conversation, form), status=status
        )

    if request.method == "POST":
        return handle_reply(request, conversation, detail_url, render)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    response = render(None, 200)
    response.render()
    services.mark_read(conversation, request.user)
    return response


@login_required
@private
def close(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    conversation = conversation_or_404(request.user, pk)
    return handle_close(request, conversation, reverse("conversations:detail", args=[conversation.pk]))


@login_required
@private
def start(request):
    children, child = start_context(request)

    def render(form, status):
        if form is None and child is not None and can_start_conversation(request.user, child):
            form = start_form(request, child)
        hours = (
            services.working_hours_notice(child.school)
            if child is not None and form is not None and form.as_parent
            else None
        )
        context = {
            "children": children,
            "child": child,
            "form": form,
            "hours": hours,
            "no_one": child is not None and form is None,
            "refused": status == 400 and form is None,
        }
        return TemplateResponse(request, "conversations/start.html", context, status=status)

    if request.method == "POST":
        return handle_start(request, child, lambda c: reverse("conversations:detail", args=[c.pk]), render)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render(None, 200)
