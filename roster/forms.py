"""Roster forms for the Wagtail admin.

Every choice a form offers (school, class group, child, parent) comes from
`roster.roster`, scoped to the schools the editing user manages, so a
director can neither see nor pick rows of another school; a forged POST with
another school's id fails validation like any invalid choice.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from access.rules import is_director
from accounts.models import User
from classes.models import Child, ClassPage, Guardianship
from home.models import StaffRole
from roster import roster
from roster.csv_import import MAX_BYTES, CsvImportError, decode


def _belongs_to(page, school):
    return page.path.startswith(school.path)


class ChildForm(WagtailAdminModelForm):
    """A child, with their class group in the current school year."""

    class_group = forms.ModelChoiceField(
        queryset=ClassPage.objects.none(),
        required=False,
        label=_("class group this school year"),
        help_text=_("Leave empty when the child is not placed in a class group yet."),
    )

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "date_of_birth", "school", "class_group", "left_on"]
        help_texts = {
            "left_on": _("Fill in the last day at school when a child leaves; the child is kept for the records."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        schools = roster.schools_for(user)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        self.fields["class_group"].queryset = roster.class_groups_for(user)
        if self.instance.pk:
            enrollment = roster.current_enrollment(self.instance)
            if enrollment:
                self.initial["class_group"] = enrollment.class_page_id

    def clean(self):
        cleaned = super().clean()
        school, class_group = cleaned.get("school"), cleaned.get("class_group")
        if school and class_group and not _belongs_to(class_group, school):
            self.add_error("class_group", _("This class group belongs to another school."))
        return cleaned

    def save(self, commit=True):
        child = super().save(commit=commit)
        if commit:
            roster.set_current_class(child, self.cleaned_data.get("class_group"))
        return child


class GuardianshipForm(WagtailAdminModelForm):
    """Link an existing parent account of the school to a child."""

    class Meta:
        model = Guardianship
        fields = ["child", "user", "relation"]
        help_texts = {
            "user": _("A parent who is not listed yet is added under Parents first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = roster.children_for(self.for_user)
        self.fields["user"].queryset = roster.parents_for(self.for_user)


class PersonFieldsMixin:
    """Shared cleaning of an e-mail address typed in for a new or existing person."""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        # An existing account is linked rather than duplicated (see save), so
        # the unique e-mail address is not an error here.
        pass


class ParentCreateForm(PersonFieldsMixin, WagtailAdminModelForm):
    """Add a parent or guardian: their account (new or existing) and their child.

    An account is always created together with a child, so the parent belongs
    to a school from the start and shows up in that school's roster.
    """

    child = forms.ModelChoiceField(queryset=None, label=_("child"))
    relation = forms.ChoiceField(choices=Guardianship.RELATION_CHOICES, label=_("relation"))

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language", "child", "relation"]
        help_texts = {
            "email": _("If an account with this address exists, it is linked to the child and keeps its names."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = roster.children_for(self.for_user).active()
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["preferred_language"].initial = settings.LANGUAGE_CODE
        self.created_account = False

    def clean(self):
        cleaned = super().clean()
        email, child = cleaned.get("email"), cleaned.get("child")
        if email and child:
            existing = roster.find_user_by_email(email)
            if existing and Guardianship.objects.filter(child=child, user=existing).exists():
                self.add_error("email", _("This person is already a guardian of this child."))
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        user, created = roster.get_or_create_person(
            data["email"], data["first_name"], data["last_name"], data["preferred_language"]
        )
        Guardianship.objects.get_or_create(child=data["child"], user=user, defaults={"relation": data["relation"]})
        if created:
            roster.invite_new_account(user)
        self.created_account = created
        self.instance = user
        return user


class ParentEditForm(WagtailAdminModelForm):
    """Correct a parent's details. The e-mail address is their login: changing it is allowed but checked."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email


def _role_choices_for(user, school):
    """Only directors (and superusers) hand out the director role."""
    choices = StaffRole.ROLE_CHOICES
    if school is not None and not is_director(user, school):
        choices = [c for c in choices if c[0] != StaffRole.DIRECTOR]
    return choices


class StaffRoleCreateForm(PersonFieldsMixin, WagtailAdminModelForm):
    """Give a person a role at a school, creating (and inviting) their account when new."""

    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)

    class Meta:
        model = StaffRole
        fields = ["email", "first_name", "last_name", "school", "role"]
        help_texts = {
            "email": _("If an account with this address exists, the role is added to it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schools = roster.schools_for(self.for_user)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk

    def clean(self):
        cleaned = super().clean()
        school, role, email = cleaned.get("school"), cleaned.get("role"), cleaned.get("email")
        if school and role and role not in dict(_role_choices_for(self.for_user, school)):
            self.add_error("role", _("Only a director can appoint a director."))
        if school and role and email:
            existing = roster.find_user_by_email(email)
            if existing and StaffRole.objects.filter(user=existing, school=school, role=role).exists():
                self.add_error("email", _("This person already has this role at this school."))
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        user, created = roster.get_or_create_person(data["email"], data["first_name"], data["last_name"])
        role = StaffRole.objects.create(user=user, school=data["school"], role=data["role"])
        if created:
            roster.invite_new_account(user)
        self.instance = role
        return role


class StaffRoleEditForm(WagtailAdminModelForm):
    """Change a role. The person and school stay; remove the role and add another instead."""

    class Meta:
        model = StaffRole
        fields = ["role"]

    def clean_role(self):
        role = self.cleaned_data["role"]
        school = self.instance.school
        allowed = dict(_role_choices_for(self.for_user, school))
        if role not in allowed or (self.instance.role == StaffRole.DIRECTOR and not is_director(self.for_user, school)):
            raise ValidationError(_("Only a director can appoint or change a director."))
        if (
            StaffRole.objects.filter(user=self.instance.user, school=school, role=role)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(_("This person already has this role at this school."))
        return role


class CsvImportForm(forms.Form):
    """Upload a CSV file, or paste (and correct) its text; see roster.csv_import.

    After a failed attempt the file's text is shown in `content`, so the user
    can fix the reported rows in place instead of uploading again.
    """

    school = forms.ModelChoiceField(queryset=None, label=_("school"))
    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(
        label=_("or the file's text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_("After an error the file's text appears here; correct it and import again."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = roster.schools_for(user)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        self.text = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                self.text = decode(upload.read(MAX_BYTES + 1))
            except CsvImportError as error:
                self.add_error("file", [e.message for e in error.row_errors])
        elif cleaned.get("content", "").strip():
            self.text = cleaned["content"]
        else:
            self.add_error("file", _("Choose a CSV file, or paste its text."))
        cleaned["text"] = self.text
        return cleaned
