"""Admin registration of the school calendar, and telling editors when a post will appear."""

from django.contrib import messages
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail import hooks

from schoolcalendar.publishing import forget_deferral, last_deferral
from schoolcalendar.views import SchoolCalendarViewSetGroup


@hooks.register("register_admin_viewset")
def register_school_calendar():
    return SchoolCalendarViewSetGroup()


def format_moment(moment):
    """'maandag 23 november 2026 om 08:00'-style, in the active language."""
    local = timezone.localtime(moment)
    return gettext("%(date)s at %(time)s") % {
        "date": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


def _tell_when_it_appears(request, page):
    """After the editor published (or approved) a post outside working hours.

    Wagtail's own confirmation ("... has been published.") was written before
    the publication was moved to working hours, so it is replaced by one that
    says when the post will really appear.
    """
    moment = last_deferral(page)
    if moment is None:
        return
    forget_deferral()
    title = page.get_admin_display_title()
    storage = messages.get_messages(request)
    # Reading the messages marks them as used; add back all but Wagtail's
    # confirmations about this page.
    kept = [m for m in storage if not (m.level == messages.SUCCESS and escape(title) in str(m.message))]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    messages.warning(
        request,
        gettext(
            "'%(title)s' is outside working hours, so it is not published yet. This post will appear on %(moment)s."
        )
        % {"title": title, "moment": format_moment(moment)},
    )


@hooks.register("after_edit_page")
def tell_after_edit(request, page):
    _tell_when_it_appears(request, page)


@hooks.register("after_create_page")
def tell_after_create(request, page):
    _tell_when_it_appears(request, page)


@hooks.register("before_edit_page")
def forget_before_edit(request, page):
    # A publication elsewhere in this thread (a task, a workflow approval
    # from the dashboard) must not be reported in this request.
    forget_deferral()


@hooks.register("before_create_page")
def forget_before_create(request, parent_page, page_class):
    forget_deferral()
