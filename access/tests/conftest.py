"""The people every rule is asked about: the test world's users and a few more."""

import pytest
from django.contrib.auth.models import AnonymousUser

from classes.models import Guardianship
from home.models import StaffRole
from testing.world import make_user


@pytest.fixture
def people(world):
    """The world's users, a superuser, the school's administration, an inactive director-and-parent, an anonymous visitor."""
    users = dict(world.users)
    users["superuser"] = make_user("root@test.example", is_superuser=True, is_staff=True)
    users["office"] = make_user("office@test.example")
    StaffRole.objects.create(user=users["office"], school=world.school, role=StaffRole.ADMINISTRATION)
    users["inactive"] = make_user("gone@test.example", is_active=False)
    StaffRole.objects.create(user=users["inactive"], school=world.school, role=StaffRole.DIRECTOR)
    Guardianship.objects.create(child=world.children["Ana"], user=users["inactive"], relation=Guardianship.FATHER)
    users["anonymous"] = AnonymousUser()
    return users
