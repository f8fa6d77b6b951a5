"""Direct unit tests of the outbox rules (access.notifications): superusers and directors only.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

from access import rules
from access.tests.roles import allowed
from notifications.models import Notification


def row(recipient, school, key):
    return Notification.objects.create(
        recipient=recipient, channel=Notification.EMAIL, kind=Notification.ABSENCE, school=school, dedupe_key=key
    )


def test_the_outbox_is_for_superusers_and_directors_of_any_school(people):
    assert allowed(people, rules.can_see_outbox) == {"superuser", "director", "director_other_school"}


def test_a_director_sees_the_outbox_rows_of_their_own_school_only(world, people):
    ours = row(people["parent_a"], world.school, "ours")
    theirs = row(people["parent_other_school"], world.other_school, "theirs")
    schoolless = row(people["parent_b"], None, "nowhere")
    found = {name: set(rules.outbox_for(user, Notification.objects.all())) for name, user in people.items()}
    assert {name: rows for name, rows in found.items() if rows} == {
        "superuser": {ours, theirs, schoolless},
        "director": {ours},
        "director_other_school": {theirs},
    }
    assert not rules.outbox_for(people["director"], Notification.objects.exclude(pk=ours.pk)).exists()
