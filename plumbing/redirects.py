"""Where a form sends the user back to: an address on this site that a user may have typed or changed."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, value, default):
    """`value` when it is a path on this site ("/..."), else `default`.

    Another host, another scheme, or a value that is no path at all ("0",
    "javascript:...") gives `default`: a redirect never leaves the site and
    never fails on what a user typed.
    """
    value = value or ""
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default
