"""Startup checks: a settings slip must not make uploaded files public."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import storages

from privatemedia.storage import ProtectedStorage


@register(Tags.security, deploy=False)
def check_private_media_settings(app_configs, **kwargs):
    errors = []
    if not isinstance(storages["default"], ProtectedStorage):
        errors.append(
            Error(
                "The default storage must be privatemedia.storage.ProtectedStorage.",
                hint="Its url() points at the protected route; any other storage may publish files.",
                id="privatemedia.E001",
            )
        )
    if Path(getattr(settings, "SENDFILE_ROOT", "")) != Path(settings.MEDIA_ROOT):
        errors.append(Error("SENDFILE_ROOT must equal MEDIA_ROOT.", id="privatemedia.E002"))
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "direct":
        errors.append(
            Error(
                'WAGTAILDOCS_SERVE_METHOD must be "direct".',
                hint="Document URLs then go through the protected route, not Wagtail's unchecked serve view.",
                id="privatemedia.E003",
            )
        )
    return errors
