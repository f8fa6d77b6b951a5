"""Wagtail's site of a request comes from the cache, and a change of a site shows on the next request."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site


def test_moving_a_host_to_another_school_shows_at_once(world, django_user_model):
    admin = django_user_model.objects.create_superuser(email="beheer@test.example", password="x-Secret-123")
    client = Client()
    client.force_login(admin)
    assert world.school.title in client.get("/").content.decode()
    site = Site.objects.get(hostname="testserver")
    site.root_page = world.other_school
    site.save()
    html = client.get("/").content.decode()
    assert f"<h1>{world.other_school.title}</h1>" in html


def test_a_warm_request_does_not_look_the_site_up(world):
    client = Client()
    client.force_login(world.users["parent_a"])
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [query for query in queries.captured_queries if '"wagtailcore_site"' in query["sql"]]
