"""`manage.py seed_demo`: the demo board, its accounts and roles, and its safety catches."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from tests.test_settings import PRODUCTION_ENV
from wagtail.models import Locale, Page, Site

from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import TaskState, WorkflowPage, WorkflowState

from access.rules import can_view_page, is_director, scope_of, visible_classes, visible_pages
from accounts.models import User
from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import InfoPage, SchoolPage, StaffRole
from news.models import NewsSettings, PostPage
from privatemedia.collections import collection_for_page

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture
def seeded(db):
    return seed()


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
            Page, Site, Locale, User, StaffRole, ClassTeacher, Child, Enrollment, Guardianship,
            PostPage, NewsSettings, WorkflowState, get_image_model(),
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
    # A post waiting for approval is shown in no language.
    waiting = dutch(PostPage.objects.filter(live=False)).get()
    assert not waiting.get_translations().exists()


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


def test_photos_are_drawn_into_their_groups_collection(seeded, media_root):
    group = class_group("De Windwijzer", "Groep 1/2")
    post = PostPage.objects.child_of(group).get(slug="uitje-naar-het-bos")
    [gallery] = [block.value for block in post.body if block.block_type == "gallery"]
    images = list(gallery["images"])
    assert len(images) == 2 and post.preview_image_ids == [image.pk for image in images]
    for image in images:
        assert image.collection == collection_for_page(group)
        assert (media_root / image.file.name).read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
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


def test_posts_are_live_at_any_hour_and_nobody_is_mailed(db, monkeypatch, django_capture_on_commit_callbacks):
    monday_night = datetime.datetime(2026, 11, 23, 22, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: monday_night)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        seed()
    assert PostPage.objects.filter(live=True).count() == PostPage.objects.count() - 1  # all but the waiting one
    assert not PostPage.objects.filter(go_live_at__isnull=False).exists()
    queued = [getattr(getattr(cb, "func", None), "__self__", None) for cb in callbacks]
    assert not [task for task in queued if getattr(task, "module_path", "").startswith("news.")], callbacks


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


def test_if_empty_does_nothing_when_a_school_exists(world):
    before = counts()
    output = seed("--if-empty")
    assert counts() == before
    assert not User.objects.filter(email="ouder.twee@windwijzer.test").exists()
    assert "skipped" in output


def test_if_empty_seeds_an_empty_database(db):
    output = seed("--if-empty")
    assert SchoolPage.objects.count() == 4  # two schools, each in Dutch and English
    assert "ouder.twee@windwijzer.test" in output
    assert PASSWORD in output


def test_refuses_production_settings(db, settings):
    settings.SETTINGS_MODULE = "school_site.settings.production"
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not SchoolPage.objects.exists()


def test_refuses_when_a_setting_forbids_it(db, settings):
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


def test_refuses_under_the_real_production_settings(tmp_path):
    """End to end: the production settings module, as a server would load it."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PRODUCTION_ENV)  # everything production needs to start, so the refusal is seed_demo's own
    env.update(DJANGO_SETTINGS_MODULE="school_site.settings.production", SQLITE_PATH=str(tmp_path / "prod.sqlite3"))
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "refuses to run with production settings" in result.stderr
