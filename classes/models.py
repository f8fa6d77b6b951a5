"""Class groups and the roster: children, their guardians and enrolments.

A `ClassPage` is one class group in one school year ("Groep 5/6",
2026/2027). A child is enrolled in one class group per school year, and has
one or more guardians: the parent accounts that may see that class group.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from classes.page_forms import ClassPageForm
from classes.schoolyear import current_school_year, school_year_label
from home.models import SchoolPage

year_levels_validator = RegexValidator(
    r"^[1-8](/[1-8])*$",
    _("Write the year levels as numbers 1 to 8 separated by a slash, for example 5/6."),
)


def school_year_choices():
    this_year = current_school_year()
    return [(year, school_year_label(year)) for year in range(this_year - 5, this_year + 2)]


class ClassPage(Page):
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        choices=school_year_choices,
        default=current_school_year,
        help_text=_("The school year this class group is for."),
    )
    year_levels = models.CharField(
        _("year levels"),
        max_length=20,
        validators=[year_levels_validator],
        help_text=_("For example 3, or 5/6 for a combined group."),
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("school_year"),
        FieldPanel("year_levels"),
        FieldPanel("intro"),
        # Only those who manage the roster choose a class group's teachers;
        # teachers themselves do not see this panel.
        MultiFieldPanel(
            [InlinePanel("teacher_assignments", label=_("teacher"))],
            heading=_("Teachers"),
            permission="classes.manage_roster",
        ),
    ]

    # Limits the teacher choice to the school's staff, for roster managers only.
    base_form_class = ClassPageForm

    parent_page_types = ["home.SchoolPage"]
    subpage_types = ["home.InfoPage", "news.PostPage"]

    template = "classes/class_page.html"

    class Meta:
        verbose_name = _("class group")
        verbose_name_plural = _("class groups")

    @property
    def school_year_label(self):
        return school_year_label(self.school_year)


class ClassTeacher(Orderable):
    """A teacher of a class group. Kept on the page so directors edit it in place."""

    page = ParentalKey(ClassPage, on_delete=models.CASCADE, related_name="teacher_assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teacher_assignments",
        verbose_name=_("teacher"),
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")


class ChildQuerySet(models.QuerySet):
    def active(self, on=None):
        """Children who have not left their school (on the given day, default today)."""
        on = on or timezone.localdate()
        return self.filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=on))


class Child(models.Model):
    school = models.ForeignKey(SchoolPage, on_delete=models.PROTECT, related_name="children", verbose_name=_("school"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    left_on = models.DateField(
        _("left school on"),
        null=True,
        blank=True,
        help_text=_("From this day on the child's guardians no longer see the school's pages."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_name"]
        permissions = [("manage_roster", _("Can manage class groups, children and guardians"))]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self):
        return self.left_on is None or self.left_on > timezone.localdate()


class Guardianship(models.Model):
    MOTHER = "mother"
    FATHER = "father"
    CARER = "carer"
    GUARDIAN = "guardian"
    RELATION_CHOICES = [
        (MOTHER, _("mother")),
        (FATHER, _("father")),
        (CARER, _("carer")),
        # "guardian" is also the name of the model (any parent or carer); as a
        # relation it is the legal guardian, so it gets its own context.
        (GUARDIAN, pgettext_lazy("relation", "guardian")),
    ]

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("child"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guardianships",
        verbose_name=_("parent or guardian"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=RELATION_CHOICES)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.UniqueConstraint(fields=["child", "user"], name="unique_guardianship"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_relation_display()}) · {self.child}"


class Enrollment(models.Model):
    """A child's class group in one school year."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("child"))
    class_page = models.ForeignKey(
        ClassPage, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("class group")
    )
    school_year = models.PositiveSmallIntegerField(_("school year"), editable=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["child", "school_year"], name="one_class_per_school_year"),
        ]

    def __str__(self):
        return f"{self.child} · {self.class_page.title} ({school_year_label(self.school_year)})"

    def save(self, *args, **kwargs):
        self.school_year = self.class_page.school_year
        super().save(*args, **kwargs)

    def clean(self):
        if self.class_page_id and self.child_id:
            school_path = self.class_page.path[: SchoolPage.steplen * 2]
            if self.child.school.path != school_path:
                raise ValidationError(_("The class group belongs to another school than the child."))


class AdminGroup(models.Model):
    """Marks a Wagtail `Group` as generated from the roster, and for what.

    `roster.admin_groups` creates and fills these groups from staff roles and
    class teachers; the link tells that code which groups it owns (and may
    rebuild or empty), so groups made by hand are never touched.
    """

    DIRECTORS = "directors"
    ADMINISTRATION = "administration"
    TEACHERS = "teachers"
    CLASS_TEACHERS = "class_teachers"
    KIND_CHOICES = [
        (DIRECTORS, _("directors of a school")),
        (ADMINISTRATION, _("administration of a school")),
        (TEACHERS, _("teachers of a school")),
        (CLASS_TEACHERS, _("teachers of a class group")),
    ]

    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="roster_source", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    # The translation key of the SchoolPage (or, for class teachers, the
    # ClassPage): one group covers every translation of the page.
    translation_key = models.UUIDField(_("translation key"))

    class Meta:
        verbose_name = _("generated admin group")
        verbose_name_plural = _("generated admin groups")
        constraints = [
            models.UniqueConstraint(fields=["kind", "translation_key"], name="one_admin_group_per_kind_and_page"),
        ]

    def __str__(self):
        return self.group.name
