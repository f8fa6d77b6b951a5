"""Family data exports in the admin: a director makes the export of a parent of their school and downloads it once.

For the directors of a school (and superusers), about the families of the
schools they direct (`access.rules.family_export_schools`,
`exportable_parents`, `can_export_family`). Teachers and administration get
403; a parent or school the director may not export is a 404, as if it did
not exist; input that is no id is a 400 with a message. The export is the
parent's own, limited to the director's school, and only the director who
made it downloads it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from access.rules import (
    can_download_export,
    can_export_family,
    export_children,
    exportable_parents,
    family_export_schools,
)
from privacy import expiry, services
from privacy.models import FamilyExport

MAX_FOUND = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address of the parent"), max_length=100, required=False)


class RequestForm(forms.Form):
    parent = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    school = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def _schools(user):
    schools = list(family_export_schools(user).order_by("title", "pk"))
    if not schools:
        raise PermissionDenied
    return schools


def _found(user, schools, query):
    """Parents matching the search, per school the user directs, with their children there."""
    if not query:
        return []
    users = get_user_model().objects.filter(
        Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
    )
    rows = []
    for school in schools:
        for parent in exportable_parents(user, users, school).order_by("last_name", "first_name", "pk")[:MAX_FOUND]:
            rows.append({"parent": parent, "school": school, "children": list(export_children(parent, school))})
    return rows


def _page(request, schools, search, status=200, problem=""):
    exports = FamilyExport.objects.filter(requested_by=request.user, school__isnull=False).select_related(
        "parent", "school"
    )[:20]
    query = search.cleaned_data.get("q", "").strip() if search.is_valid() else ""
    return TemplateResponse(
        request,
        "privacy/admin/index.html",
        {
            "page_title": gettext("Family data"),
            "search": search,
            "query": query,
            "found": _found(request.user, schools, query),
            "exports": exports,
            "problem": problem,
            "several_schools": len(schools) > 1,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    schools = _schools(request.user)
    if request.method == "POST":
        form = RequestForm(request.POST)
        if not form.is_valid():
            return _page(request, schools, SearchForm(), status=400, problem=gettext("Choose a parent from the list."))
        school = next((school for school in schools if school.pk == form.cleaned_data["school"]), None)
        parent = get_user_model().objects.filter(pk=form.cleaned_data["parent"]).first()
        if not can_export_family(request.user, parent, school):
            raise Http404
        export, created = services.request_export(request.user, parent, school=school, language=get_language())
        if created:
            messages.success(request, gettext("The export is requested. You get an e-mail when it is ready."))
        else:
            messages.info(request, gettext("An export of this parent is already open; it is in the list."))
        return redirect(reverse("privacy_family_exports"))
    expiry.expire_due()
    return _page(request, schools, SearchForm(request.GET or None))


@require_POST
def download(request, token):
    _schools(request.user)
    export = FamilyExport.objects.filter(token=token, requested_by=request.user, school__isnull=False).first()
    if not can_download_export(request.user, export):
        raise Http404
    return services.download(request, export, "privacy/admin/gone.html", {"page_title": gettext("Family data")})
