from django.urls import path

from policies.conduct import views as policy_views
from policies.consent import views

app_name = "policies"

urlpatterns = [
    # Consent: the parents' answers per child and purpose.
    path("toestemming/", views.consent, name="consent"),
    # Policies: the page a parent accepts a new version of a policy on (policies.conduct.acceptance).
    path("beleid/accepteren/", policy_views.pending, name="pending"),
]
