from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from access import views as access_views
from accounts import views as accounts_views

# No route serves the media folder: images, videos and documents are served
# by views that ask `access.rules` first.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("accounts.urls")),
    # Two-factor sign-in: the code after the password, setting it up, recovery codes (twofactor:*).
    path("accounts/two-factor/", include("twofactor.urls")),
    # Every uploaded file, after an access check (privatemedia.views.serve).
    path(settings.PRIVATEMEDIA_URL.strip("/") + "/", include("privatemedia.urls")),
    # The language switch also remembers a logged-in user's choice.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    # The service worker (/sw.js, scope: the whole site) and the push subscription API.
    path("", include("webapp.root_urls")),
]

urlpatterns += i18n_patterns(
    # The timeline (news:timeline), before Wagtail's catch-all for pages.
    path("", include("news.urls")),
    # The notification preferences (notifications:preferences at /meldingen/).
    path("", include("notifications.urls")),
    # The web app manifest, the offline page and the app page, in the visitor's language.
    path("", include("webapp.urls")),
    # Consent and policies (policies:*), conversations (conversations:*),
    # reactions and reports (moderation:*).
    path("", include("policies.urls")),
    path("", include("conversations.urls")),
    path("", include("moderation.urls")),
    # A parent's own data export (privacy:*, /mijn-gegevens/).
    path("", include("privacy.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler403 = access_views.forbidden
handler404 = access_views.not_found
