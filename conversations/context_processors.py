"""`unread_conversations` for the portal header: how many of the user's conversations have news.

A function, which the template calls when it shows the count, so a page
without the portal header (the admin) costs no query; the header's one
query counts conversations, not messages.
"""

from conversations.services import conversations_with_news


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        return conversations_with_news(user)

    return {"unread_conversations": count}
