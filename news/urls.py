"""The portal's news pages outside the page tree. Included in i18n_patterns, before Wagtail's pages."""

from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("tijdlijn/", views.timeline, name="timeline"),
]
