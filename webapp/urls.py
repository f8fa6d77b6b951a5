"""Pages of the web app in the visitor's language; included in i18n_patterns (Dutch without a prefix, English under /en/)."""

from django.urls import path

from webapp import views

app_name = "webapp"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("app/", views.app_page, name="app"),
    path("app/offline/", views.offline, name="offline"),
]
