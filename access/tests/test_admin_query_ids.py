"""Admin views show staff only the objects and people of their own scope.

Views that take object ids from the query string show staff only objects they may see.

Wagtail's bulk actions (`/admin/bulk/<app>/<model>/<action>/?id=..`) list the
title of every object asked for on their confirmation page, and the choosers'
"chosen multiple" views answer each object's title; the ids count up, so
without a check a teacher could list every page and image of the board.
"""

import pytest
from django.test import Client

from testing.posts import make_image, make_post, media_root  # noqa: F401  (fixture)

PAGE_ACTIONS = ["delete", "publish", "unpublish", "move"]


def client_of(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def body(response):
    return response.content.decode()


@pytest.mark.parametrize("action", PAGE_ACTIONS)
def test_a_teacher_bulk_acts_on_own_posts_and_never_sees_other_titles(world, action):
    teacher = client_of(world, "teacher_a")
    own = teacher.get(f"/admin/bulk/wagtailcore/page/{action}/?id={world.class_a_post.pk}")
    assert own.status_code == 200 and world.class_a_post.title in body(own)
    for other in (world.class_b_post, world.other_post, world.other_school):
        response = teacher.get(f"/admin/bulk/wagtailcore/page/{action}/?id={world.class_a_post.pk}&id={other.pk}")
        assert response.status_code == 403
        assert other.title not in body(response)


def test_select_all_only_under_a_page_of_ones_own(world):
    teacher = client_of(world, "teacher_a")
    assert teacher.get(f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={world.class_b.pk}").status_code == 403
    assert teacher.get("/admin/bulk/wagtailcore/page/delete/?id=all").status_code == 403
    # Under the school page are class groups the teacher does not teach: refused as a whole.
    response = teacher.get(f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={world.school.pk}")
    assert response.status_code == 403 and world.class_b.title not in body(response)
    director = client_of(world, "director")
    response = director.get(f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={world.school.pk}")
    assert response.status_code == 200 and world.class_b.title in body(response)


def test_bulk_actions_on_images_stay_within_the_teachers_groups(world, media_root):
    own = make_image(world.class_a, "eigen-foto.jpg")
    other = make_image(world.class_b, "foto-van-b.jpg")
    teacher = client_of(world, "teacher_a")
    response = teacher.get(f"/admin/bulk/wagtailimages/image/delete/?id={own.pk}")
    assert response.status_code == 200 and own.title in body(response)
    response = teacher.get(f"/admin/bulk/wagtailimages/image/delete/?id={own.pk}&id={other.pk}")
    assert response.status_code == 403 and other.title not in body(response)
    response = teacher.get(f"/admin/images/chooser/chosen-multiple/?id={other.pk}")
    assert response.status_code == 403 and other.title not in body(response)


def test_choosing_several_pages_answers_only_visible_ones(world):
    teacher = client_of(world, "teacher_a")
    assert teacher.get(f"/admin/choose-page/chosen-multiple/?id={world.class_a_post.pk}").status_code == 200
    response = teacher.get(f"/admin/choose-page/chosen-multiple/?id={world.other_post.pk}")
    assert response.status_code == 403 and world.other_post.title not in body(response)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/bulk/wagtailusers/user/delete/?id={teacher_b}",  # any model without a rule of ours
        "/admin/bulk/accounts/user/delete/?id={teacher_b}",
        "/admin/bulk/nosuchapp/nomodel/delete/?id=1",
        "/admin/bulk/wagtailcore/page/delete/?id=99999999999999999999999",  # beyond 64 bits
        "/admin/bulk/wagtailcore/page/delete/?id=abc",
    ],
)
def test_everything_else_is_refused_to_staff_never_a_server_error(world, url):
    response = client_of(world, "director").get(url.format(teacher_b=world.users["teacher_b"].pk))
    assert response.status_code == 403


def test_a_superuser_still_uses_bulk_actions(world, django_user_model):
    admin = django_user_model.objects.create_superuser(email="beheer@test.example", password="x-Secret-123")
    client = Client()
    client.force_login(admin)
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={world.other_post.pk}")
    assert response.status_code == 200 and world.other_post.title in body(response)


# People of other schools ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/pages/", "/admin/pages/{class_a}/", "/admin/pages/{school}/?owner={other}"])
def test_the_page_listings_people_filters_name_only_people_of_ones_own_pages(world, url):
    other_director = world.users["director_other_school"]
    make_post(world.other_school, "Ander nieuws", owner=other_director)
    make_post(world.class_a, "Eigen nieuws", owner=world.users["teacher_a"])
    response = client_of(world, "teacher_a").get(
        url.format(class_a=world.class_a.pk, school=world.school.pk, other=other_director.pk), follow=True
    )
    assert response.status_code == 200
    assert other_director.get_full_name() not in body(response)
    assert world.users["teacher_a"].get_full_name() in body(response)


@pytest.mark.parametrize("url", ["/admin/reports/site-history/", "/admin/reports/site-history/results/"])
def test_the_site_history_of_every_school_is_for_superusers(world, url):
    for role in ("teacher_a", "director"):
        assert client_of(world, role).get(url).status_code == 403
