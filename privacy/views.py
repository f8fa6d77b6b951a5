"""The parent's own page "My data" (/mijn-gegevens/): request an export, follow its state, download it once.

For guardians only (`access.rules.can_export_own_data`); anyone else gets the
403 page. Nothing here takes a user or an export of someone else: the
download looks the export up by its token *and* its owner, so another
person's token is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from access.rules import can_download_export, can_export_own_data
from privacy import expiry, services
from privacy.models import FamilyExport
from privacy.registry import sections


def _own_exports(user):
    return FamilyExport.objects.filter(requested_by=user, parent=user, school__isnull=True)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    user = request.user
    if not can_export_own_data(user):
        raise PermissionDenied
    if request.method == "POST":
        export, created = services.request_export(user, user, language=get_language())
        if created:
            messages.success(request, gettext("Your export is requested. We let you know by e-mail when it is ready."))
        else:
            messages.info(request, gettext("You already asked for an export; it is below."))
        return redirect(request.path)
    expiry.expire_due()
    exports = list(_own_exports(user)[:5])
    current = exports[0] if exports else None
    return render(
        request,
        "privacy/index.html",
        {
            "current": current,
            "earlier": exports[1:],
            "days_left": services.days_left(current) if current else None,
            "sections": sections(),
            "can_request": current is None or not current.is_open,
        },
    )


@require_POST
def download(request, token):
    export = _own_exports(request.user).filter(token=token).first()
    if not can_download_export(request.user, export):
        raise Http404
    return services.download(request, export, "privacy/gone.html")
