"""access.rules is the one entry point: it names every public rule of every area module, as the same function."""

import importlib
import inspect

import pytest

from access import rules

AREAS = [
    "scope",
    "posts",
    "attendance",
    "leave",
    "conversations",
    "moderation",
    "consent",
    "policies",
    "insights",
    "notifications",
    "twofactor",
    "retention",
    "privacy",
]


@pytest.mark.parametrize("area", AREAS)
def test_every_public_rule_of_an_area_is_in_the_entry_point(area):
    module = importlib.import_module(f"access.{area}")
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == module.__name__
    }
    assert public, area
    missing = public - set(rules.__all__)
    assert not missing, f"access.rules does not name {sorted(missing)} of access.{area}"
    for name in public:
        assert getattr(rules, name) is getattr(module, name)
