"""The user's interface language: remembered on the user, applied on login.

The site's pages take their language from the URL (`/en/...`, Dutch without
a prefix), so Django's LocaleMiddleware activates Dutch on every unprefixed
URL, the account pages included. The account pages therefore choose their
language here: the logged-in user's preference, or else the language cookie
that the language switch sets for anonymous visitors.
"""

from django.conf import settings
from django.utils import translation
from wagtail.users.models import UserProfile


def is_supported(language):
    return language in dict(settings.LANGUAGES)


def activate(request, language):
    """Use `language` for the rest of this request (templates, Content-Language)."""
    if is_supported(language):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def set_language_cookie(response, language):
    """Remember the language in the browser, the way Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def language_for(request):
    """The language an account page should be shown in."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and is_supported(user.preferred_language):
        return user.preferred_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if is_supported(cookie) else settings.LANGUAGE_CODE


def remember_language(user, language):
    """Store the choice on the user and keep Wagtail's admin language in step."""
    if not is_supported(language):
        return
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
