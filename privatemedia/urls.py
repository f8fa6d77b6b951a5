"""Included at PRIVATEMEDIA_URL (/bestanden/), outside the language prefixes,
because stored file URLs must not change with the interface language."""

from django.urls import path

from privatemedia import views

app_name = "privatemedia"

urlpatterns = [
    path("<path:name>", views.serve, name="serve"),
]
