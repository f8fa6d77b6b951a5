"""The service worker and the push subscription API: one URL each, outside the language prefix.

The worker is served from the site root, so its scope is the whole site
(Dutch pages and /en/ alike).
"""

from django.urls import path

from webapp import views

app_name = "webapp_root"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("app/push/subscribe/", views.subscribe, name="subscribe"),
    path("app/push/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
