"""The portal's conversations (conversations:*), inside i18n_patterns."""

from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("gesprekken/", views.index, name="index"),
    path("gesprekken/nieuw/", views.start, name="start"),
    path("gesprekken/<int:pk>/", views.detail, name="detail"),
    path("gesprekken/<int:pk>/sluiten/", views.close, name="close"),
]
