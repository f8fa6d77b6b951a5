"""Consent: the purposes a school asks for, and parents' answers per child and school year.

Rules (AVG, see /work/shared/domain-nl.md):

* Purposes are a school setting (`ConsentPurpose`); every school starts with
  the defaults below (`ensure_purposes`), which its directors edit.
* Answers are asked per school year. Each answer is a new row (who, when,
  what); the latest row for (child, purpose, school year) counts. No row
  means "not given".
* Either guardian may answer for a child. When two guardians disagree the
  latest answer counts: consent is as easy to withdraw as to give, so the
  guardian who withdraws last is followed at once, and a guardian who gives
  it later overrides an earlier refusal. Every answer of both stays on record.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from access.rules import consent_children
from classes.models import Child
from classes.schoolyear import current_school_year
from home.models import SchoolPage
from policies.consent.photos import photos_withdrawn
from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentPurpose

# (code, name, explanation): the purposes every school starts with.
DEFAULT_PURPOSES = [
    (
        PORTAL_PHOTOS,
        _("Photos and video inside the parent portal"),
        _("Photos and video of school activities, shown only to the parents of the group on this portal."),
    ),
    ("website", _("Photos on the school website"), _("Photos on the public website of the school.")),
    (
        "guide_newsletter",
        _("Photos in the school guide and newsletter"),
        _("Photos in the printed or digital school guide and in the newsletter."),
    ),
    ("social_media", _("Photos on social media"), _("Photos on the school's social media accounts.")),
    ("local_press", _("Photos in the local press"), _("Photos in local newspapers when they report on the school.")),
]


def ensure_purposes(school):
    """Create the default purposes a school is missing (by code). Safe to run any number of times."""
    existing = set(ConsentPurpose.objects.filter(school=school).exclude(code="").values_list("code", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        for order, (code, name, description) in enumerate(DEFAULT_PURPOSES):
            if code not in existing:
                ConsentPurpose.objects.get_or_create(
                    school=school,
                    code=code,
                    defaults={"name": str(name), "description": str(description), "sort_order": order},
                )


def ensure_all_purposes():
    for school in SchoolPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        ensure_purposes(school)


def purposes_of(school_ids):
    """The active purposes of the given schools, in order."""
    return ConsentPurpose.objects.filter(school_id__in=school_ids, active=True).order_by(
        "school_id", "sort_order", "pk"
    )


def latest_answers(child_ids, school_year=None, purpose_ids=None):
    """{(child id, purpose id): ConsentAnswer} of the answers that count now. One query."""
    school_year = current_school_year() if school_year is None else school_year
    answers = ConsentAnswer.objects.filter(child_id__in=child_ids, school_year=school_year)
    if purpose_ids is not None:
        answers = answers.filter(purpose_id__in=purpose_ids)
    latest = {}
    for answer in answers.order_by("-answered_at", "-pk"):
        latest.setdefault((answer.child_id, answer.purpose_id), answer)
    return latest


def record_answers(user, child, choices, school_year=None, now=None):
    """Store a guardian's answers for one child: {purpose: True/False}.

    Only answers that differ from the one that counts are stored, so sending
    the same form twice stores nothing twice. Returns the new rows. A
    withdrawal of portal photos hides the child's photos from parents at
    once and tells the authors of posts showing them (policies.consent.photos).
    """
    school_year = current_school_year() if school_year is None else school_year
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise answers for the same child, so two quick submits compare with each other.
        Child.objects.select_for_update().filter(pk=child.pk).first()
        current = latest_answers([child.pk], school_year, [purpose.pk for purpose in choices])
        name = user.get_full_name() or user.email
        rows = []
        for purpose, given in choices.items():
            before = current.get((child.pk, purpose.pk))
            if before is not None and before.given == given:
                continue
            answer = ConsentAnswer.objects.create(
                child=child,
                purpose=purpose,
                school_year=school_year,
                given=given,
                answered_by=user,
                answered_by_name=name,
                answered_at=now,
            )
            rows.append(answer)
            if purpose.code == PORTAL_PHOTOS and not given and before is not None and before.given:
                photos_withdrawn(child, answer)
    return rows


def unanswered_children(user, school_year=None):
    """The user's own active children with at least one active purpose not answered this school year."""
    children = list(consent_children(user).select_related("school"))
    if not children:
        return []
    for school in {child.school for child in children}:
        ensure_purposes(school)
    purposes = {}
    for purpose in purposes_of({child.school_id for child in children}):
        purposes.setdefault(purpose.school_id, []).append(purpose.pk)
    answered = latest_answers([child.pk for child in children], school_year)
    return [
        child
        for child in children
        if any((child.pk, purpose_id) not in answered for purpose_id in purposes.get(child.school_id, []))
    ]
