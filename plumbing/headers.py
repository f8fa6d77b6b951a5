"""Security headers on every response that Django has no setting for: Content-Security-Policy, Permissions-Policy.

Django's SecurityMiddleware sends HSTS, nosniff and the Referrer-Policy, and
XFrameOptionsMiddleware sends X-Frame-Options; this middleware adds what
Django 5.2 has no setting for.

* **Content-Security-Policy.** The portal's own pages load scripts and styles
  only from our static files: no inline `<script>`, `<style>`, `style=""` or
  `on...=` handler anywhere in our templates, so a piece of HTML smuggled
  into a post, a message or a name cannot run. Wagtail 8's admin is not
  ready for that: its editing views write inline `<script>` elements (the
  date and time widgets, InlinePanel, MultipleChooserPanel) and style
  attributes. Under `/admin/` the policy therefore allows inline scripts and
  styles and nothing else more (`ADMIN_CSP`, merged over `PORTAL_CSP`):
  still no plugins, no foreign origins, no `eval`, forms only to ourselves.
* **Framing.** `frame-ancestors 'none'`, like `X-Frame-Options: DENY`, except
  for a response that a view allowed to be framed by its own site
  (`X-Frame-Options: SAMEORIGIN`: Wagtail's preview in the page editor), which
  gets `frame-ancestors 'self'`. One decision, in the view, for both headers.
* **Sandboxed documents.** A view that sent its own policy with `sandbox`
  (the uploaded files of `privatemedia.views.serve`) keeps that directive on
  top of the site-wide policy: the file runs nothing, not even on our origin.
* **Permissions-Policy.** The portal uses none of the browser's powerful
  features (camera, microphone, location, payment, ...); saying so means a
  script that got in anyway cannot ask for them either.

Cross-Origin-Opener-Policy (`same-origin`: a window opened from another site
cannot reach into ours) is Django's SecurityMiddleware's, from
SECURE_CROSS_ORIGIN_OPENER_POLICY.
"""

from django.conf import settings
from django.urls import reverse

CSP_HEADER = "Content-Security-Policy"


def policy_text(directives):
    """`{"default-src": ["'self'"], ...}` as a header value; a directive without sources is left out."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items() if sources is not None)


def has_sandbox(policy):
    """Does a Content-Security-Policy header value have a `sandbox` directive?"""
    return any(part.split()[0].lower() == "sandbox" for part in policy.split(";") if part.strip())


def permissions_text(features):
    """`{"camera": [], "fullscreen": ["self"]}` as `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        portal = dict(settings.PORTAL_CSP)
        admin = {**portal, **settings.ADMIN_CSP}
        self.policies = {
            (area, framing): policy_text({**directives, "frame-ancestors": [framing]})
            for area, directives in (("portal", portal), ("admin", admin))
            for framing in ("'none'", "'self'")
        }
        self.permissions = permissions_text(settings.PERMISSIONS_POLICY)
        self.admin_root = None  # reversed on the first request: the urlconf is not loaded yet here

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_root is None:
            self.admin_root = reverse("wagtailadmin_home")
        area = "admin" if request.path_info.startswith(self.admin_root) else "portal"
        framing = "'self'" if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN" else "'none'"
        # Set, not merely defaulted: Wagtail's preview runs the page through the
        # whole middleware chain once more inside the admin's request, and the
        # headers of that inner (portal) response must not stay on the preview.
        sandbox = "; sandbox" if has_sandbox(response.get(CSP_HEADER, "")) else ""
        response[CSP_HEADER] = self.policies[area, framing] + sandbox
        response["Permissions-Policy"] = self.permissions
        return response
