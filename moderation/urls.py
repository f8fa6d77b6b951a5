"""Reactions and reports on the portal. Included in i18n_patterns, before Wagtail's pages."""

from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("reacties/bericht/<int:post_id>/", views.react, name="react"),
    path("reacties/bericht/<int:post_id>/aan-uit/", views.switch, name="switch"),
    path("reacties/<int:reaction_id>/verwijderen/", views.remove, name="remove"),
    path("melden/bericht/<int:post_id>/", views.flag_post, name="flag_post"),
    path("melden/reactie/<int:reaction_id>/", views.flag_reaction, name="flag_reaction"),
]
