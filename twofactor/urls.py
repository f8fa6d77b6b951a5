from django.urls import path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("off/", views.turn_off, name="turn_off"),
]
