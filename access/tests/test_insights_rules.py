"""Direct unit tests of the usage figure rules (access.insights): for a school's directors only.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

from access import rules
from access.tests.roles import allowed


def test_the_insights_schools_are_the_schools_a_user_directs(world, people):
    found = {name: set(rules.insights_schools(user)) for name, user in people.items()}
    assert {name: schools for name, schools in found.items() if schools} == {
        "superuser": {world.school, world.other_school},
        "director": {world.school},
        "director_other_school": {world.other_school},
    }


def test_only_the_schools_directors_view_its_usage_figures(world, people):
    assert allowed(people, rules.can_view_insights, world.school) == {"superuser", "director"}
    assert allowed(people, rules.can_view_insights, world.other_school) == {"superuser", "director_other_school"}
    assert allowed(people, rules.can_view_insights, None) == set()


def test_the_insights_menu_is_for_directors_of_any_school(people):
    assert allowed(people, rules.can_view_any_insights) == {"superuser", "director", "director_other_school"}
