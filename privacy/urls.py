"""The parent's own export page, under i18n_patterns (before Wagtail's pages)."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("mijn-gegevens/", views.index, name="index"),
    path("mijn-gegevens/<uuid:token>/download/", views.download, name="download"),
]
