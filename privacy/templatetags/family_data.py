"""`{% load family_data %}`: whether to offer the "My data" page (for the link on the notifications page)."""

from django import template

from access.rules import can_export_own_data

register = template.Library()


@register.filter
def may_export_own_data(user):
    """True for a guardian: the page's link is shown only to whom the page is for."""
    return can_export_own_data(user)
