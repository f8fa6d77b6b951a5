from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        # Absence reports are told through the notifications outbox; this
        # app writes their e-mails (attendance.notices).
        from attendance import notices

        notices.register()
