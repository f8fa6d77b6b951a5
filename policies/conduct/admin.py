"""Who accepted a policy version, for the directors: the overview, one version's parents, and its CSV.

Every version comes from `access.rules.policy_versions_for_staff` (the
directors and administration of its school; another school's version is a
404). The parents are `access.rules.asked_to_accept_policy`: the school's
parents without a staff role, as they are today. A version counts as
accepted by a parent who accepted it or any later version.
"""

import csv

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from access.rules import asked_to_accept_policy, can_see_policy_overview, policy_versions_for_staff
from classes.models import Guardianship
from home.models import StaffRole
from plumbing.csv import safe_cell
from policies.models import PolicyAcceptance, PolicyVersion


def _count(queryset):
    """A subquery counting the rows of `queryset` (which uses OuterRef), for an annotation."""
    return Subquery(
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(total=Count("pk", distinct=True))
        .values("total")[:1]
    )


def _asked_of_version_row():
    """The parents asked to accept the outer PolicyVersion row's school (as asked_to_accept_policy, in SQL)."""
    today = timezone.localdate()
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .filter(
            Q(guardianships__child__school_id=OuterRef("school_id"))
            & (Q(guardianships__child__left_on__isnull=True) | Q(guardianships__child__left_on__gt=today))
        )
        .exclude(pk__in=StaffRole.objects.values("user_id"))
    )


def _scoped_versions(request):
    if not can_see_policy_overview(request.user):
        raise PermissionDenied
    return policy_versions_for_staff(request.user, PolicyVersion.objects.filter(requires_acceptance=True))


def acceptance_list(request):
    asked = _asked_of_version_row()
    accepted = asked.filter(
        Exists(
            PolicyAcceptance.objects.filter(
                user=OuterRef("pk"), page=OuterRef(OuterRef("page_id")), version__gte=OuterRef(OuterRef("number"))
            )
        )
    )
    versions = (
        _scoped_versions(request)
        .select_related("page", "school")
        .annotate(asked_count=_count(asked), accepted_count=_count(accepted))
        .order_by("school__title", "page__title", "-number")
    )
    rows = list(versions)
    for row in rows:
        row.asked_count = row.asked_count or 0
        row.accepted_count = row.accepted_count or 0
        row.open_count = max(row.asked_count - row.accepted_count, 0)
    return TemplateResponse(
        request, "policies/admin/acceptance_list.html", {"versions": rows, "page_title": gettext("Policy acceptance")}
    )


def _parents(version):
    """The parents asked to accept a version, each with when they accepted it (or None), and their children here."""
    accepted_at = (
        PolicyAcceptance.objects.filter(user=OuterRef("pk"), page_id=version.page_id, version__gte=version.number)
        .order_by("accepted_at")
        .values("accepted_at")[:1]
    )
    accepted_version = (
        PolicyAcceptance.objects.filter(user=OuterRef("pk"), page_id=version.page_id, version__gte=version.number)
        .order_by("accepted_at")
        .values("version")[:1]
    )
    children = (
        Guardianship.objects.filter(child__school_id=version.school_id)
        .select_related("child")
        .order_by("child__first_name")
    )
    return (
        asked_to_accept_policy(version.page)
        .annotate(accepted_at=Subquery(accepted_at), accepted_version=Subquery(accepted_version))
        .prefetch_related(Prefetch("guardianships", queryset=children, to_attr="children_here"))
        .order_by("last_name", "first_name", "email")
    )


def _version(request, pk):
    return get_object_or_404(_scoped_versions(request).select_related("page", "school"), pk=pk)


def acceptance_detail(request, pk):
    version = _version(request, pk)
    parents = list(_parents(version))
    waiting = [parent for parent in parents if parent.accepted_at is None]
    done = [parent for parent in parents if parent.accepted_at is not None]
    return TemplateResponse(
        request,
        "policies/admin/acceptance_detail.html",
        {
            "version": version,
            "waiting": waiting,
            "done": done,
            "page_title": gettext("%(title)s, version %(number)s")
            % {"title": version.page.title, "number": version.number},
        },
    )


def acceptance_export(request, pk):
    version = _version(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="policy-{version.page_id}-version-{version.number}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            pgettext("guardian of a child", "Parent"),
            gettext("E-mail address"),
            gettext("Children"),
            gettext("Accepted"),
            gettext("Accepted at"),
            gettext("Version accepted"),
        ]
    )
    yes, no = gettext("yes"), gettext("no")
    for parent in _parents(version):
        accepted_at = timezone.localtime(parent.accepted_at).strftime("%Y-%m-%d %H:%M") if parent.accepted_at else ""
        writer.writerow(
            [
                safe_cell(parent.get_full_name()),
                safe_cell(parent.email),
                safe_cell(", ".join(f"{g.child.first_name} {g.child.last_name}" for g in parent.children_here)),
                yes if parent.accepted_at else no,
                accepted_at,
                parent.accepted_version or "",
            ]
        )
    return response
