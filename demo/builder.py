"""Turn `demo.data.BOARD` into database rows, idempotently.

Every row is looked up by a natural key (a page's slug under its parent, a
user's e-mail, a child's name at a school) before it is created, so running
the seed again creates nothing twice and leaves existing rows alone.
"""

import datetime
import functools
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from accounts.models import User
from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import InfoPage, SchoolPage, StaffRole
from news.approval_mail import without_notifications
from news.models import NewsSettings, PostPage
from privatemedia.collections import ensure_group_collection
from schoolcalendar.publishing import without_working_hours

from .data import BOARD, PASSWORD, Board
from .pictures import picture


@dataclass
class Result:
    """What the seed created this run, for the command's summary."""

    created: dict = field(default_factory=dict)
    schools: dict = field(default_factory=dict)  # slug -> SchoolPage

    def count(self, what):
        self.created[what] = self.created.get(what, 0) + 1


@transaction.atomic
def build(board: Board = BOARD) -> Result:
    # Demo content is built, not announced: it is live at any hour (posts
    # otherwise wait for working hours) and nobody is mailed about it.
    with without_working_hours(), without_notifications():
        return _build(board)


def _build(board):
    result = Result()
    ensure_locales()
    remove_wagtail_welcome()
    year = current_school_year()
    root = Page.get_first_root_node()
    groups = {}  # (school slug, group slug) -> ClassPage
    # Staff accounts first: a class group is created with its teachers on it.
    staff_users = {staff.person.email: ensure_user(staff.person, result) for staff in board.staff}

    for school_data in board.schools:
        school = ensure_school(root, school_data, result)
        result.schools[school_data.slug] = school
        ensure_site(school, school_data)
        for info in school_data.pages:
            ensure_info_page(school, info, result)
        for group_data in school_data.groups:
            teachers = [staff_users[email] for email in group_data.teachers]
            group = ensure_class(school, group_data, year, teachers, result)
            groups[school_data.slug, group_data.slug] = group
            for info in group_data.pages:
                ensure_info_page(group, info, result)

    for staff in board.staff:
        school = result.schools[staff.school]
        _, created = StaffRole.objects.get_or_create(
            user=staff_users[staff.person.email], school=school, role=staff.role
        )
        if created:
            result.count("staff roles")

    for family in board.families:
        school = result.schools[family.school]
        guardians = [(ensure_user(person, result), relation) for person, relation in family.guardians]
        for first_name, last_name, group_slug in family.children:
            group = groups[family.school, group_slug]
            child = ensure_child(school, group, first_name, last_name, year, result)
            for user, relation in guardians:
                _, created = Guardianship.objects.get_or_create(child=child, user=user, defaults={"relation": relation})
                if created:
                    result.count("guardianships")

    # Posts last: they need the teachers in their admin groups, and a school's
    # approval setting decides whether a teacher's post can wait for review.
    for school_data in board.schools:
        school = result.schools[school_data.slug]
        ensure_news_settings(school, school_data, result)
        for post in school_data.posts:
            ensure_post(school, post, staff_users, result)
        for group_data in school_data.groups:
            for post in group_data.posts:
                ensure_post(groups[school_data.slug, group_data.slug], post, staff_users, result)

    for school in result.schools.values():
        translate_tree(school, result)
    return result


# Wagtail housekeeping -------------------------------------------------------


def ensure_locales():
    for code in ("nl", "en"):
        Locale.objects.get_or_create(language_code=code)


def remove_wagtail_welcome():
    """Remove the page and Site that Wagtail's first migration creates.

    The welcome page is a plain `Page` at depth 2; schools are the only real
    pages at that depth, so any plain page there is the installation's.
    """
    plain_page = ContentType.objects.get_for_model(Page)
    school_ids = SchoolPage.objects.values("pk")
    Site.objects.exclude(root_page__in=school_ids).delete()
    for page in Page.objects.filter(depth=2, content_type=plain_page):
        page.delete()


# Pages --------------------------------------------------------------------


def _nl():
    return Locale.objects.get(language_code="nl")


def _add_published(parent, page):
    """Add a page and publish it through a revision, as the admin does.

    So the page has a history and a publication date like any page an editor
    made, and Wagtail's publish signals run.
    """
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_school(root, data, result):
    school = SchoolPage.objects.filter(depth=2, slug=data.slug, locale=_nl()).first()
    if school is None:
        school = _add_published(
            root,
            SchoolPage(
                title=data.title,
                slug=data.slug,
                locale=_nl(),
                intro=data.intro.strip(),
                address=data.address,
                phone=data.phone,
                email=data.email,
            ),
        )
        result.count("schools")
        root.refresh_from_db()
    return school


def ensure_site(school, data):
    Site.objects.update_or_create(
        hostname=data.hostname,
        port=data.port,
        defaults={"root_page": school, "is_default_site": data.is_default_site, "site_name": data.title},
    )


def ensure_class(school, data, year, teachers, result):
    """This school year's class group, found by title, with (at least) its teachers.

    Teachers are part of the page (a ParentalKey), so they go into the
    published revision too; otherwise the admin's edit form, which starts
    from the latest revision, would show the class group without them.
    """
    group = ClassPage.objects.child_of(school).filter(title=data.title, school_year=year).first()
    if group is None:
        slug = data.slug
        if Page.objects.child_of(school).filter(slug=slug).exists():
            slug = f"{data.slug}-{year}"
        group = ClassPage(
            title=data.title,
            slug=slug,
            locale=school.locale,
            school_year=year,
            year_levels=data.year_levels,
            intro=data.intro,
        )
        group.teacher_assignments = [
            ClassTeacher(user=teacher, sort_order=order) for order, teacher in enumerate(teachers)
        ]
        group = _add_published(school, group)
        school.refresh_from_db()
        result.count("class groups")
        result.created["class teachers"] = result.created.get("class teachers", 0) + len(teachers)
        return group

    missing = [teacher for teacher in teachers if not group.teacher_assignments.filter(user=teacher).exists()]
    if missing:
        group = group.get_latest_revision_as_object()
        start = len(group.teacher_assignments.all())
        for order, teacher in enumerate(missing, start=start):
            group.teacher_assignments.add(ClassTeacher(user=teacher, sort_order=order))
        group.save_revision().publish()
        result.created["class teachers"] = result.created.get("class teachers", 0) + len(missing)
    return group


def ensure_info_page(parent, data, result):
    page = InfoPage.objects.child_of(parent).filter(slug=data.slug).first()
    if page is None:
        page = _add_published(
            parent, InfoPage(title=data.title, slug=data.slug, locale=parent.locale, body=data.body.strip())
        )
        result.count("information pages")
        parent.refresh_from_db()
    return page


# Posts ---------------------------------------------------------------------


def ensure_news_settings(school, data, result):
    """The school's approval setting, as the demo wants it when the row is first made.

    A setting changed later in the admin is left alone. Saving the row
    attaches (or not) the school's approval workflow (news.approval).
    """
    row, created = NewsSettings.objects.get_or_create(
        school=school, defaults={"approval_required": data.approval_required}
    )
    if created:
        result.count("news settings")
    return row


def ensure_post(parent, data, staff_users, result):
    """A post by its author, with photos and an invitation; published, or waiting for approval.

    Looked up by slug under its group; an existing post is left as it is.
    """
    if PostPage.objects.child_of(parent).filter(slug=data.slug).exists():
        return None
    author = staff_users[data.author]
    body = [("text", data.body)]
    if data.photos:
        images = [
            _photo(parent, data, index, title, scene, author, result)
            for index, (title, scene) in enumerate(data.photos)
        ]
        body.append(("gallery", {"images": images, "caption": data.caption}))
    post = PostPage(title=data.title, slug=data.slug, locale=parent.locale, body=body, owner=author, live=False)
    if data.event is not None:
        post.event_date = _weekday_ahead(data.event.days_ahead)
        post.event_start = datetime.time.fromisoformat(data.event.start)
        post.event_end = datetime.time.fromisoformat(data.event.end)
        post.event_place = data.event.place
        post.rsvp_enabled = data.event.answers
    parent.add_child(instance=post)
    parent.refresh_from_db()
    revision = post.save_revision(user=author)
    if data.waiting:
        workflow = post.get_workflow()
        if workflow is not None:
            workflow.start(post, author)
            result.count("posts waiting for approval")
        return post
    # As published (or approved) before today: no permission check for the author, who
    # may have to submit for approval now.
    revision.publish(user=author, skip_permission_checks=True)
    moment = timezone.now() - datetime.timedelta(days=data.days_ago)
    PostPage.objects.filter(pk=post.pk).update(first_published_at=moment, last_published_at=moment)
    result.count("posts")
    return post


def _weekday_ahead(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.isoweekday() > 5:
        day += datetime.timedelta(days=1)
    return day


def _photo(parent, post, index, title, scene, author, result):
    """A drawn photo in the collection of the post's group (privatemedia)."""
    name = f"{post.slug}-{index + 1}.jpg"
    image = get_image_model()(
        title=title,
        collection=ensure_group_collection(parent),
        file=ImageFile(BytesIO(picture(scene, post.slug)), name=name),
        uploaded_by_user=author,
    )
    image.save()
    result.count("photos")
    return image


def translate_tree(school, result):
    """Give every page of the school an English translation, for the language switch.

    The translation starts as a copy of the Dutch text (wagtail-localize's
    fallback), the way a school's site looks before anyone translated it;
    menus and listings then work in English too, since they show pages of
    the active language.
    """
    english = Locale.objects.get(language_code="en")
    # Only what is published: a post waiting for approval is not shown in any language.
    pages = Page.objects.descendant_of(school, inclusive=True).filter(locale=school.locale, live=True).order_by("path")
    translated = set(
        Page.objects.filter(locale=english, translation_key__in=pages.values("translation_key")).values_list(
            "translation_key", flat=True
        )
    )
    for page in pages.specific():
        if page.translation_key in translated:
            continue
        source, _ = TranslationSource.get_or_create_from_instance(page)
        # Registered as a wagtail-localize translation, so editors can
        # translate it in the admin later.
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=english, defaults={"enabled": True}
        )
        # Saved as a draft and published here and now: wagtail-localize would
        # otherwise publish after the transaction commits, which leaves the
        # pages unpublished in a test and outside the seed's transaction.
        translation.save_target(publish=False)
        source.get_translated_instance(english).get_latest_revision().publish()
        result.count("English translations")


# People -------------------------------------------------------------------


def ensure_user(person, result):
    user = User.objects.filter(email__iexact=person.email).first()
    if user is None:
        user = User.objects.create(
            email=person.email.lower(),
            password=_password_hash(),
            first_name=person.first_name,
            last_name=person.last_name,
        )
        result.count("accounts")
    return user


@functools.cache
def _password_hash():
    """Hash the shared demo password once: hashing it per account took seconds."""
    return make_password(PASSWORD)


def ensure_child(school, group, first_name, last_name, year, result):
    child, created = Child.objects.get_or_create(
        school=school,
        first_name=first_name,
        last_name=last_name,
        defaults={"date_of_birth": _plausible_birthday(first_name, last_name, group.year_levels, year)},
    )
    if created:
        result.count("children")
    _, created = Enrollment.objects.get_or_create(child=child, school_year=year, defaults={"class_page": group})
    if created:
        result.count("enrolments")
    return child


def _plausible_birthday(first_name, last_name, year_levels, school_year):
    """A birthday that fits the year level: a child in groep N turns N + 3 during the school year.

    Derived from the name, not random, so the demo is the same on every machine.
    """
    levels = [int(level) for level in year_levels.split("/")]
    level = levels[len(first_name) % len(levels)]
    month = (len(first_name) * 5 + len(last_name)) % 12 + 1
    day = (len(first_name) * 7 + len(last_name) * 3) % 28 + 1
    birth_year = school_year - (level + 3) if month >= 8 else school_year - (level + 2)
    return datetime.date(birth_year, month, day)
