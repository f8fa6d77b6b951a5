"""`manage.py seed_demo`: the demo board, its accounts and roles, and its safety catches."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, TaskState, WorkflowPage, WorkflowState

from access.rules import can_view_page, is_director, visible_classes
from accounts.models import User
from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import InfoPage, SchoolPage, StaffRole
from news.models import NewsSettings, PostPage
from privatemedia.collections import collection_for_page
from testing.shared_world import release as release_shared_world

ROOT = Path(__file__).resolve().parents[2]  # the project, above <app>/tests/
PASSWORD = "Welkom-op-school-1"

# Each demo parent account and the class groups (school, title) of their children.
DEMO_PARENTS = {
    "ouder.groep3@windwijzer.test": {("De Windwijzer", "Groep 3")},
    "ouder.groep8@windwijzer.test": {("De Windwijzer", "Groep 8")},
    "ouder.twee@windwijzer.test": {("De Windwijzer", "Groep 3"), ("De Windwijzer", "Groep 5/6")},
    "ouder@regenboog.test": {("De Regenboog", "Groep 3/4")},
}


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The demo's photos go to a directory of this test."""
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    return tmp_path


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once per module (and xdist worker), in a transaction rolled back at its end.

    Seeding takes seconds; these tests only read the demo (or seed again,
    which changes nothing), so each runs in a savepoint inside this one
    transaction instead of seeding for itself. Tests that need an empty or
    a different database are in demo/tests/test_seed_demo_command.py.
    """
    release_shared_world(django_db_blocker)  # this transaction nests in no other
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, SENDFILE_ROOT=media):
        with transaction.atomic():
            output = seed()
            yield output, media
            transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db, settings):
    output, media = seeded_once
    settings.MEDIA_ROOT = media
    settings.SENDFILE_ROOT = media
    return output


def dutch(queryset):
    return queryset.filter(locale__language_code="nl")


def school(title):
    return dutch(SchoolPage.objects.filter(title=title)).get()


def class_group(school_title, title):
    return dutch(ClassPage.objects.child_of(school(school_title)).filter(title=title)).get()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Site,
            Locale,
            User,
            StaffRole,
            ClassTeacher,
            Child,
            Enrollment,
            Guardianship,
            PostPage,
            NewsSettings,
            WorkflowState,
            get_image_model(),
        )
    }


# The board --------------------------------------------------------------------


def test_wagtail_welcome_page_and_default_site_are_gone(seeded):
    assert not Page.objects.filter(depth=2, title__startswith="Welcome").exists()
    assert set(Site.objects.values_list("hostname", "port", "is_default_site", "root_page__title")) == {
        ("127.0.0.1", 8000, True, "De Windwijzer"),
        ("localhost", 8000, False, "De Regenboog"),
    }
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"nl", "en"}
    # Every page at school level is a school.
    assert set(Page.objects.filter(depth=2).values_list("content_type__model", flat=True)) == {"schoolpage"}


def test_schools_have_their_class_groups_this_school_year(seeded):
    year = current_school_year()
    windwijzer = dutch(ClassPage.objects.child_of(school("De Windwijzer")).filter(school_year=year))
    assert list(windwijzer.order_by("path").values_list("title", flat=True)) == [
        "Groep 1/2",
        "Groep 3",
        "Groep 4",
        "Groep 5/6",
        "Groep 7",
        "Groep 8",
    ]
    assert dutch(ClassPage.objects.child_of(school("De Regenboog")).filter(school_year=year)).count() >= 2
    # Every class group has children and a teacher with a teacher role at its school.
    for group in dutch(ClassPage.objects.all()):
        assert Enrollment.objects.filter(class_page=group, school_year=year).exists(), group.title
        teachers = ClassTeacher.objects.filter(page=group)
        assert teachers.exists(), group.title
        school_page = SchoolPage.objects.get(path=group.path[:8])
        for teacher in teachers:
            assert StaffRole.objects.filter(user=teacher.user, school=school_page, role=StaffRole.TEACHER).exists()


def test_school_wide_and_class_information_pages(seeded):
    school_info = dutch(InfoPage.objects.child_of(school("De Windwijzer"))).values_list("title", flat=True)
    assert "Schooltijden" in school_info
    assert "Welkom in groep 3" in InfoPage.objects.child_of(class_group("De Windwijzer", "Groep 3")).values_list(
        "title", flat=True
    )
    assert all(page.live for page in InfoPage.objects.all())


def test_every_page_has_an_english_translation(seeded):
    for page in dutch(Page.objects.filter(depth__gte=2, live=True)):
        assert page.get_translations().filter(locale__language_code="en", live=True).exists(), page.title
    # A post waiting for approval, and the draft of demo.consent, are shown in no language.
    for draft in dutch(PostPage.objects.filter(live=False)):
        assert not draft.get_translations().exists()


# Posts and the approval of posts ----------------------------------------------


def test_every_class_group_has_published_posts_by_its_teachers(seeded):
    for group in dutch(ClassPage.objects.filter(school_year=current_school_year())):
        posts = PostPage.objects.child_of(group).filter(live=True)
        assert posts.exists(), group.title
        teachers = set(ClassTeacher.objects.filter(page=group).values_list("user", flat=True))
        assert all(post.owner_id in teachers for post in posts), group.title
    for title in ("De Windwijzer", "De Regenboog"):
        assert PostPage.objects.child_of(school(title)).filter(live=True).exists(), title
    # Published some days ago, so a timeline has an order to show.
    assert dutch(PostPage.objects.filter(live=True)).values("first_published_at").distinct().count() > 3


def test_photos_are_drawn_into_their_groups_collection(seeded, settings):
    group = class_group("De Windwijzer", "Groep 1/2")
    post = PostPage.objects.child_of(group).get(slug="uitje-naar-het-bos")
    [gallery] = [block.value for block in post.body if block.block_type == "gallery"]
    images = list(gallery["images"])
    assert len(images) == 2 and post.preview_image_ids == [image.pk for image in images]
    for image in images:
        assert image.collection == collection_for_page(group)
        assert (Path(settings.MEDIA_ROOT) / image.file.name).read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
        assert image.width > 100 and image.height > 100
    assert get_image_model().objects.count() >= 5


def test_one_post_invites_parents_to_answer(seeded):
    post = PostPage.objects.child_of(class_group("De Windwijzer", "Groep 3")).get(slug="kijkmiddag-groep-3")
    assert post.live and post.has_event and post.rsvp_enabled
    assert post.event_date > datetime.date.today() and post.event_date.isoweekday() <= 5
    assert post.event_start < post.event_end and post.event_place


def test_windwijzer_requires_approval_and_regenboog_does_not(seeded, client):
    windwijzer, regenboog = school("De Windwijzer"), school("De Regenboog")
    assert NewsSettings.objects.get(school=windwijzer).approval_required
    assert not NewsSettings.objects.get(school=regenboog).approval_required
    for page in SchoolPage.objects.filter(translation_key=windwijzer.translation_key):
        assert WorkflowPage.objects.filter(page=page, workflow__active=True).exists(), page.locale
    assert regenboog.get_workflow() is None

    teacher = User.objects.get(email="leerkracht.groep3@windwijzer.test")
    assert not class_group("De Windwijzer", "Groep 3").permissions_for_user(teacher).can_publish_subpage()
    other_teacher = User.objects.get(email="leerkracht.groep34@regenboog.test")
    assert class_group("De Regenboog", "Groep 3/4").permissions_for_user(other_teacher).can_publish_subpage()

    # Groep 3's teacher has a post waiting; the director finds it on the dashboard.
    [state] = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == teacher
    waiting = state.content_object.specific
    assert not waiting.live and waiting.get_parent().title == "Groep 3"
    director = User.objects.get(email="directeur@windwijzer.test")
    assert TaskState.objects.reviewable_by(director).count() == 1
    assert not TaskState.objects.reviewable_by(User.objects.get(email="directeur@regenboog.test")).exists()
    client.force_login(director)
    assert escape(waiting.title) in client.get(reverse("wagtailadmin_home")).content.decode()


# Accounts and roles -----------------------------------------------------------


def test_showcase_accounts_log_in_with_the_demo_password(seeded, client):
    emails = [
        "directeur@windwijzer.test",
        "leerkracht.groep3@windwijzer.test",
        *DEMO_PARENTS,
        "directeur@regenboog.test",
    ]
    for email in emails:
        user = User.objects.get(email=email)
        assert user.check_password(PASSWORD), email
        assert client.login(username=email, password=PASSWORD), email
        client.logout()


def test_staff_roles(seeded):
    windwijzer, regenboog = school("De Windwijzer"), school("De Regenboog")
    director = User.objects.get(email="directeur@windwijzer.test")
    assert is_director(director, windwijzer) and not is_director(director, regenboog)
    assert is_director(User.objects.get(email="directeur@regenboog.test"), regenboog)
    assert StaffRole.objects.filter(school=windwijzer, role=StaffRole.ADMINISTRATION).count() == 1

    teacher = User.objects.get(email="leerkracht.groep3@windwijzer.test")
    assert StaffRole.objects.filter(user=teacher, school=windwijzer, role=StaffRole.TEACHER).exists()
    assert set(ClassTeacher.objects.filter(user=teacher).values_list("page__title", flat=True)) == {"Groep 3"}
    assert list(dutch(visible_classes(teacher)).values_list("title", flat=True)) == ["Groep 3"]


def test_demo_parents_children_and_relations(seeded):
    for email, groups in DEMO_PARENTS.items():
        guardianships = Guardianship.objects.filter(user__email=email)
        assert guardianships.count() == len(groups), email
        assert all(g.relation in dict(Guardianship.RELATION_CHOICES) for g in guardianships)
        enrolled = {
            (SchoolPage.objects.get(path=e.class_page.path[:8]).title, e.class_page.title)
            for e in Enrollment.objects.filter(child__guardianships__user__email=email)
        }
        assert enrolled == groups, email


def test_each_parent_sees_exactly_their_childrens_class_groups(seeded):
    """Every guardian in the demo, not only the showcase ones, checked with access.rules."""
    year = current_school_year()
    parents = User.objects.filter(guardianships__isnull=False).distinct()
    assert parents.count() > len(DEMO_PARENTS)
    for parent in parents:
        own_keys = set(
            Enrollment.objects.filter(child__guardianships__user=parent, school_year=year).values_list(
                "class_page__translation_key", flat=True
            )
        )
        assert set(visible_classes(parent).values_list("translation_key", flat=True)) == own_keys, parent.email
        for group in ClassPage.objects.all():
            assert can_view_page(parent, group) == (group.translation_key in own_keys), (parent.email, group.title)
    assert {g.title for g in dutch(visible_classes(User.objects.get(email="ouder.twee@windwijzer.test")))} == {
        "Groep 3",
        "Groep 5/6",
    }


# The pages, as a demo parent sees them ---------------------------------------


def test_demo_parent_pages_name_no_other_class_group(seeded, client):
    """Each demo parent, on their school's site: their groups named, no other class group anywhere."""
    all_titles = set(dutch(ClassPage.objects.all()).values_list("title", flat=True))
    for email, own in DEMO_PARENTS.items():
        user = User.objects.get(email=email)
        school_title = next(iter(own))[0]
        site = Site.objects.get(root_page__title=school_title)
        host = {"HTTP_HOST": f"{site.hostname}:{site.port}", "SERVER_PORT": str(site.port)}
        others = all_titles - {title for _, title in own}
        client.force_login(user)

        for page in [school(school_title)] + [class_group(s, t) for s, t in own]:
            response = client.get(page.get_url_parts()[2], **host)
            assert response.status_code == 200, (email, page.title)
            html = response.content.decode()
            for _, title in own:
                assert escape(title) in html
            for title in others:
                assert not re.search(re.escape(escape(title)) + r"(?![\w/])", html), (email, page.title, title)
        client.logout()


# Idempotence and safety -------------------------------------------------------


def test_running_twice_creates_nothing_twice(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "nothing new" in output


# Consent and photos (demo.consent) -----------------------------------


def test_consent_purposes_answers_and_the_draft_with_a_photo_without_consent(seeded):
    from policies.consent.answers import unanswered_children
    from policies.consent.photos import publication_problem
    from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentPurpose, ConsentRequest, PhotoMark

    year = current_school_year()
    for title in ("De Windwijzer", "De Regenboog"):
        codes = set(ConsentPurpose.objects.filter(school=school(title)).values_list("code", flat=True))
        assert PORTAL_PHOTOS in codes and len(codes) == 5, title
    daan = Child.objects.get(first_name="Daan", last_name="de Vries")
    # Every demo child is asked and answered, except Daan's "photos in the portal".
    for child in Child.objects.active():
        assert ConsentRequest.objects.filter(child=child, school_year=year).exists(), child
        portal = ConsentAnswer.objects.filter(child=child, school_year=year, purpose__code=PORTAL_PHOTOS)
        assert portal.exists() == (child != daan), child
    assert unanswered_children(User.objects.get(email="ouder.groep3@windwijzer.test")) == [daan]
    assert unanswered_children(User.objects.get(email="ouder.twee@windwijzer.test")) == []

    # Groep 3's teacher has a draft whose photo marks Daan: it may not go live yet.
    post = PostPage.objects.child_of(class_group("De Windwijzer", "Groep 3")).get(slug="buitenles-groep-3")
    assert not post.live and post.owner.email == "leerkracht.groep3@windwijzer.test"
    [image_id] = [image.pk for block in post.body if block.block_type == "gallery" for image in block.value["images"]]
    assert PhotoMark.objects.filter(image_id=image_id, child=daan).exists()
    assert "Daan" in publication_problem(post)

    before = (ConsentAnswer.objects.count(), PhotoMark.objects.count(), ConsentRequest.objects.count())
    seed()
    assert (ConsentAnswer.objects.count(), PhotoMark.objects.count(), ConsentRequest.objects.count()) == before
