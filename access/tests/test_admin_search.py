"""The admin's page search works for staff, within their scope (it was a server error with the old path filter)."""

import pytest
from django.test import Client

SEARCHES = ["/admin/choose-page/search/?q={q}", "/admin/pages/search/?q={q}"]


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("role", ["teacher_a", "director"])
def test_staff_search_pages_and_find_only_their_own_schools(world, role, search):
    client = Client()
    client.force_login(world.users[role])
    own = client.get(search.format(q="Gym"))
    assert own.status_code == 200
    assert "Gym A" in own.content.decode()
    other = client.get(search.format(q="Other"))
    assert other.status_code == 200
    assert "Conduct other" not in other.content.decode() and "Leave other" not in other.content.decode()
