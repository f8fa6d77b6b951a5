"""Asking a rule for every person at once, so a test compares exact sets of who is let through."""


def allowed(people, rule, *args):
    """The names (keys of `people`) of everyone `rule(user, *args)` lets through."""
    return {name for name, user in people.items() if rule(user, *args)}
