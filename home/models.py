"""A school is a Wagtail page: the root of its own Site and its school-wide group.

Every parent of the school belongs to the school-wide group, so what is
published directly under the school page (not under a class group) is for the
whole school.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class SchoolPage(Page):
    intro = RichTextField(_("introduction"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
    ]

    # A school sits directly under the tree root, so every school page has
    # depth 2 and `access.rules` can find a page's school from its path.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "classes.ClassPage",
        "home.InfoPage",
        "news.PostPage",
        "attendance.AbsenceReportPage",
        "leave.LeaveRequestPage",
        "policies.PolicyPage",
    ]

    template = "home/school_page.html"

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")


class InfoPage(Page):
    """A plain page of information, for the whole school or for one class group."""

    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["home.SchoolPage", "classes.ClassPage", "home.InfoPage"]
    subpage_types = ["home.InfoPage"]

    template = "home/info_page.html"

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")


class StaffRole(models.Model):
    """A staff member's role at one school.

    Teachers also need a `classes.ClassTeacher` row per class group they
    teach; the role alone lets them see the school-wide group.
    """

    DIRECTOR = "director"
    TEACHER = "teacher"
    ADMINISTRATION = "administration"
    ROLE_CHOICES = [
        (DIRECTOR, _("director")),
        (TEACHER, _("teacher")),
        (ADMINISTRATION, _("administration")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("staff member"),
    )
    school = models.ForeignKey(
        SchoolPage, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("school")
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="unique_staff_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.school}"
