"""Read receipts: who a post is for (access.rules.parents_who_see), who read it, and the admin views.

"Read by N of M": M are the parents who may see the post, N those of them
who opened it. Real database, real admin (the world's staff have their
generated admin groups).
"""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from access.rules import can_follow_up, can_see_response_totals, can_view_page, parents_who_see
from classes.models import Enrollment
from news.models import EventResponse, PostPage, PostRead
from news.responses import parent_rows, read_counts, record_read, totals
from schoolcalendar.publishing import without_working_hours
from testing.posts import add_family, event_fields, make_post, url_of


def ids(users):
    return set(users.values_list("pk", flat=True))


# Who a post is for -------------------------------------------------------------


def test_parents_of_a_class_post_are_those_of_its_pupils(world):
    assert ids(parents_who_see(world.class_a_post)) == {world.users["parent_a"].pk}
    assert ids(parents_who_see(world.class_b_post)) == {world.users["parent_b"].pk}
    assert ids(parents_who_see(world.other_post)) == {world.users["parent_other_school"].pk}


def test_parents_of_a_school_post_are_every_parent_of_the_school(world):
    assert ids(parents_who_see(world.school_post)) == {world.users["parent_a"].pk, world.users["parent_b"].pk}
    assert ids(parents_who_see(world.school)) == {world.users["parent_a"].pk, world.users["parent_b"].pk}


def test_nobody_outside_a_school_and_nobody_of_last_years_group(world):
    from wagtail.models import Page

    assert not parents_who_see(Page.get_first_root_node()).exists()
    old_post = make_post(world.class_old, "Oud nieuws")
    # Ana was in this group last year; her parent no longer sees it.
    assert not parents_who_see(old_post).exists()


def test_children_who_left_and_inactive_accounts_do_not_count(world):
    leaving, kid = add_family(world.school, world.class_a, "vertrekt@test.example", "Vera")
    inactive, _kid = add_family(world.school, world.class_a, "inactief@test.example", "Ivo")
    inactive.is_active = False
    inactive.save()
    assert ids(parents_who_see(world.class_a_post)) == {world.users["parent_a"].pk, leaving.pk}
    kid.left_on = timezone.localdate()
    kid.save()
    assert ids(parents_who_see(world.class_a_post)) == {world.users["parent_a"].pk}
    assert leaving.pk not in ids(parents_who_see(world.school_post))
    # Leaving on a later day still counts today.
    kid.left_on = timezone.localdate() + timezone.timedelta(days=5)
    kid.save()
    assert leaving.pk in ids(parents_who_see(world.class_a_post))


def test_a_parent_with_children_in_two_classes_is_counted_once(world):
    parent = world.users["parent_a"]
    from classes.models import Child, Guardianship

    second = Child.objects.create(school=world.school, first_name="Bo", last_name="Kind")
    Enrollment.objects.create(child=second, class_page=world.class_b)
    Guardianship.objects.create(child=second, user=parent, relation=Guardianship.MOTHER)
    assert parent.pk in ids(parents_who_see(world.class_b_post))
    assert parents_who_see(world.school_post).count() == 2


def test_parents_who_see_a_page_are_exactly_the_parents_who_may_view_it(world):
    """The audience agrees with can_view_page for every world user and page."""
    parent_roles = ["parent_a", "parent_b", "parent_other_school"]
    for page in (world.school_post, world.class_a_post, world.class_b_post, world.other_post, world.class_a_info):
        audience = ids(parents_who_see(page))
        for role in parent_roles:
            user = world.users[role]
            assert (user.pk in audience) == can_view_page(user, page), (role, page.title)
        for role in ("teacher_a", "teacher_b", "director", "director_other_school"):
            assert world.users[role].pk not in audience


def test_a_translation_has_the_same_parents(world):
    en = Locale.objects.get(language_code="en")
    with without_working_hours():
        world.school.copy_for_translation(en).save_revision().publish()
        world.class_a.copy_for_translation(en).save_revision().publish()
        english = world.class_a_post.copy_for_translation(en)
    assert ids(parents_who_see(english)) == ids(parents_who_see(world.class_a_post))


# Who follows up ----------------------------------------------------------------

FOLLOW_UP = {
    # post: roles that see parents by name / roles that see only totals
    "school_post": ({"director"}, {"teacher_a", "teacher_b"}),
    "class_a_post": ({"teacher_a", "director"}, set()),
    "class_b_post": ({"teacher_b", "director"}, set()),
    "other_post": ({"director_other_school"}, set()),
}


@pytest.mark.parametrize("post_name", sorted(FOLLOW_UP))
def test_who_follows_up_and_who_sees_totals(world, post_name):
    post = getattr(world, post_name)
    names, totals_only = FOLLOW_UP[post_name]
    for role, user in world.users.items():
        assert can_follow_up(user, post) == (role in names), role
        assert can_see_response_totals(user, post) == (role in names | totals_only), role


# Recording reads ---------------------------------------------------------------


def test_a_parent_reading_is_recorded_once(client, world):
    post = world.class_a_post
    client.force_login(world.users["parent_a"])
    for _ in range(3):
        assert client.get(url_of(post)).status_code == 200
    read = PostRead.objects.get(post=post)
    assert read.user == world.users["parent_a"]
    first_read_at = read.read_at
    client.get(url_of(post))
    assert PostRead.objects.get(post=post).read_at == first_read_at


@pytest.mark.parametrize("role", ["teacher_a", "director"])
def test_staff_reading_is_not_recorded(client, world, role):
    client.force_login(world.users[role])
    assert client.get(url_of(world.class_a_post)).status_code == 200
    assert not PostRead.objects.exists()


def test_a_refused_visit_is_not_recorded(client, world):
    client.force_login(world.users["parent_b"])
    assert client.get(url_of(world.class_a_post)).status_code == 404
    assert not PostRead.objects.exists()


def test_recording_twice_is_harmless(world):
    parent = world.users["parent_a"]
    record_read(world.class_a_post, parent)
    record_read(world.class_a_post, parent)
    assert PostRead.objects.filter(post=world.class_a_post, user=parent).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database refuses a second writer at once (table is locked) instead of "
    "waiting as the file database of a real site does (busy timeout); PostgreSQL runs this",
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_moment_record_one_read(django_db_blocker):
    """Two threads insert the same read at once: one row, no error (real transactions)."""
    from testing.world import build_world

    world = build_world()
    post, parent = world.class_a_post, world.users["parent_a"]
    errors = []
    barrier = threading.Barrier(2)

    def read():
        try:
            barrier.wait()
            record_read(post, parent)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert PostRead.objects.filter(post=post, user=parent).count() == 1


def test_reading_the_translation_counts_on_the_dutch_post(client, world):
    en = Locale.objects.get(language_code="en")
    with without_working_hours():
        world.school.copy_for_translation(en).save_revision().publish()
        world.class_a.copy_for_translation(en).save_revision().publish()
        english = world.class_a_post.copy_for_translation(en)
        english.save_revision().publish()
    english = PostPage.objects.get(pk=english.pk)
    client.force_login(world.users["parent_a"])
    assert client.get(url_of(english)).status_code == 200
    assert client.get(url_of(world.class_a_post)).status_code == 200
    assert list(PostRead.objects.values_list("post_id", flat=True)) == [world.class_a_post.pk]
    assert (totals(english).read, totals(english).parents) == (1, 1)
    assert read_counts([english, world.class_a_post]) == {english.pk: (1, 1), world.class_a_post.pk: (1, 1)}


# N of M --------------------------------------------------------------------------


def test_read_by_n_of_m(client, world):
    post = world.class_a_post
    second, _kid = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    third, third_kid = add_family(world.school, world.class_a, "derde@test.example", "Tess")
    add_family(world.school, world.class_b, "andere.klas@test.example", "Bas")
    add_family(world.other_school, world.other_class, "andere.school@test.example", "Xavi")
    assert (totals(post).read, totals(post).parents) == (0, 3)

    for user in (world.users["parent_a"], second):
        client.force_login(user)
        client.get(url_of(post))
    client.force_login(world.users["teacher_a"])
    client.get(url_of(post))
    assert (totals(post).read, totals(post).parents) == (2, 3)

    # A parent whose child left is neither N nor M any more.
    PostRead.objects.create(post=post, user=third)
    assert (totals(post).read, totals(post).parents) == (3, 3)
    third_kid.left_on = timezone.localdate()
    third_kid.save()
    assert (totals(post).read, totals(post).parents) == (2, 2)
    assert read_counts([post, world.class_b_post]) == {post.pk: (2, 2), world.class_b_post.pk: (0, 2)}


def test_school_post_counts_every_parent_of_the_school_only(client, world):
    add_family(world.other_school, world.other_class, "andere.school@test.example", "Xavi")
    client.force_login(world.users["parent_b"])
    client.get(url_of(world.school_post))
    client.force_login(world.users["parent_other_school"])
    client.get(url_of(world.school_post))  # refused: another school
    assert (totals(world.school_post).read, totals(world.school_post).parents) == (1, 2)


def test_parent_rows_list_every_parent_with_children_read_and_answer(world):
    post = make_post(world.class_a, "Kijkmiddag", **event_fields())
    second, _kid = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    PostRead.objects.create(post=post, user=world.users["parent_a"])
    EventResponse.objects.create(post=post, user=second, answer="maybe", people=2)
    rows = {row.user.email: row for row in parent_rows(post)}
    assert set(rows) == {"parent.a@test.example", "tweede@test.example"}
    assert [child.first_name for child in rows["parent.a@test.example"].children] == ["Ana"]
    assert rows["parent.a@test.example"].read_at is not None and rows["parent.a@test.example"].answer is None
    assert rows["tweede@test.example"].read_at is None and rows["tweede@test.example"].answer.answer == "maybe"


# The admin views ------------------------------------------------------------------


def readers_url(post):
    return reverse("news_post_readers", args=[post.pk])


@pytest.mark.parametrize(
    "role, post_name, status",
    [
        ("teacher_a", "class_a_post", 200),
        ("director", "class_a_post", 200),
        ("director", "school_post", 200),
        ("director_other_school", "other_post", 200),
        ("teacher_b", "class_a_post", 403),
        ("teacher_a", "school_post", 403),
        ("director_other_school", "class_a_post", 403),
        ("director", "other_post", 403),
        ("parent_a", "class_a_post", 403),
    ],
)
def test_readers_view_per_role(client, world, role, post_name, status):
    post = getattr(world, post_name)
    client.force_login(world.users[role])
    response = client.get(readers_url(post))
    assert response.status_code == status
    html = response.content.decode()
    if status == 403:
        assert post.title not in html and "parent.a@test.example" not in html


def test_readers_view_sends_anonymous_users_to_login(client, world):
    response = client.get(readers_url(world.class_a_post))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_readers_view_of_a_page_that_is_no_post_is_404(client, world):
    client.force_login(world.users["director"])
    assert client.get(reverse("news_post_readers", args=[world.class_a.pk])).status_code == 404
    assert client.get(reverse("news_post_readers", args=[999_999])).status_code == 404


def test_readers_view_lists_who_has_not_read_and_every_answer(client, world):
    post = make_post(world.class_a, "Kijkmiddag", **event_fields())
    second, _kid = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    add_family(world.school, world.class_b, "andere.klas@test.example", "Bas")
    client.force_login(world.users["parent_a"])
    client.get(url_of(post))
    client.post(url_of(post), {"answer": "yes", "people": "4"})

    client.force_login(world.users["teacher_a"])
    response = client.get(readers_url(post))
    assert response.status_code == 200
    html = response.content.decode()
    not_read = re.search(r"<section data-not-read>.*?</section>", html, re.S).group(0)
    assert "tweede@test.example" in not_read and "Tim Kind" in not_read
    assert "parent.a@test.example" not in not_read
    everyone = re.search(r"<section data-all-parents>.*?</section>", html, re.S).group(0)
    row = re.search(rf'<tr data-parent="{world.users["parent_a"].pk}">.*?</tr>', everyone, re.S).group(0)
    assert "Ana Kind" in row and "<td>4</td>" in row
    # Parents of other class groups are not listed, nor counted.
    assert "andere.klas" not in html and "Bas" not in html
    assert re.search(r"1\D+2", re.search(r"<h2>.*?</h2>", html, re.S).group(0))  # read by 1 of 2


def test_edit_view_shows_read_by_n_of_m(client, world):
    post = world.class_a_post
    add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    PostRead.objects.create(post=post, user=world.users["parent_a"])
    client.force_login(world.users["teacher_a"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    panel = re.search(r"<div class=\"help-block help-info\" data-read-receipts>.*?</div>", html, re.S).group(0)
    assert re.search(r"1\D+2", panel)
    assert readers_url(post) in panel


def test_explorer_shows_read_by_n_of_m_for_each_post(client, world):
    second_post = make_post(world.class_a, "Tweede bericht")
    add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    PostRead.objects.create(post=world.class_a_post, user=world.users["parent_a"])
    client.force_login(world.users["teacher_a"])
    response = client.get(reverse("wagtailadmin_explore", args=[world.class_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    buttons = dict(re.findall(r'data-read-receipts="(\d+)"[^>]*>(.*?)</a>', html, re.S))
    assert set(buttons) == {str(world.class_a_post.pk), str(second_post.pk)}
    assert re.search(r"1\D+2", buttons[str(world.class_a_post.pk)])
    assert re.search(r"0\D+2", buttons[str(second_post.pk)])
