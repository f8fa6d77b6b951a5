"""The interface translation: Dutch by default, English second.

Message ids are English, so English needs no catalogue of its own. The Dutch
catalogues are `locale/nl` and an app's own `<app>/locale/nl` (privatemedia);
`make messages` rebuilds them all and compiles the .mo files.

The catalogue checks use GNU gettext's own tools (msgfmt, msgattrib, and
through makemessages xgettext and msgmerge), as Django's makemessages and
compilemessages do. Without gettext they are skipped with a reason; CI
installs it.
"""

import datetime
import gettext as gnu_gettext
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.models import User
from home.models import InfoPage
from testing.world import PASSWORD

ROOT = Path(settings.BASE_DIR)
LOGIN = "/accounts/login/"
COOKIE = settings.LANGUAGE_COOKIE_NAME

GETTEXT_TOOLS = ("msgfmt", "msgattrib", "msgmerge", "msguniq", "xgettext")
MISSING_TOOLS = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
needs_gettext = pytest.mark.skipif(
    bool(MISSING_TOOLS),
    reason=f"GNU gettext is not installed ({', '.join(MISSING_TOOLS)} missing; apt-get install gettext)",
)

# Run the gettext tools untranslated, so their statistics can be read.
C_LOCALE = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}


def catalogues(root=ROOT):
    """Every .po file: the project's locale/ and the apps' own locale/ folders."""
    found = list(root.glob("locale/*/LC_MESSAGES/*.po")) + list(root.glob("*/locale/*/LC_MESSAGES/*.po"))
    return sorted(path for path in found if not path.relative_to(root).parts[0].startswith("."))


CATALOGUES = catalogues()


def name(path, root=ROOT):
    return str(path.relative_to(root))


def test_the_dutch_catalogues_exist():
    assert {name(path) for path in CATALOGUES} >= {
        "locale/nl/LC_MESSAGES/django.po",
        "privatemedia/locale/nl/LC_MESSAGES/django.po",
    }


# Helpers on top of the gettext tools ----------------------------------------


def statistics(po):
    """(translated, fuzzy, untranslated) as msgfmt counts them; fails on format errors."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        env=C_LOCALE,
    )
    assert result.returncode == 0, f"{po}: msgfmt refuses the catalogue:\n{result.stderr}"

    def count(pattern):
        match = re.search(r"(\d+) " + pattern, result.stderr)
        return int(match.group(1)) if match else 0

    return count("translated message"), count("fuzzy translation"), count("untranslated message")


def unfinished_entries(po):
    """The untranslated and fuzzy entries of a catalogue, as po text (without the header)."""
    entries = []
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", option, "--no-obsolete", "--no-wrap", str(po)],
            capture_output=True,
            text=True,
            env=C_LOCALE,
            check=True,
        )
        entries += [block for block in result.stdout.strip().split("\n\n") if block and not _is_header(block)]
    return entries


def _is_header(block):
    lines = [line for line in block.splitlines() if not line.startswith("#")]
    return lines[:2] == ['msgid ""', 'msgstr ""'] and any("Content-Type:" in line for line in lines)


def compiled(po, tmp_path):
    """The catalogue as msgfmt compiles it (what compilemessages writes), loaded."""
    mo = tmp_path / (name(po).replace("/", "_") + ".mo")
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True, capture_output=True, env=C_LOCALE)
    return load(mo)


def load(mo):
    with open(mo, "rb") as handle:
        return gnu_gettext.GNUTranslations(handle)


def messages(translations):
    """msgid (or (msgid, plural index)) -> msgstr, without the header entry."""
    return {key: value for key, value in translations._catalog.items() if key != ""}


# (a) Every entry translated, nothing fuzzy ----------------------------------


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    translated, fuzzy, untranslated = statistics(po)
    assert translated > 0
    assert not (fuzzy or untranslated), (
        f"{name(po)}: {untranslated} untranslated and {fuzzy} fuzzy entries; translate them "
        "(and remove the fuzzy mark once checked):\n\n" + "\n\n".join(unfinished_entries(po))
    )


PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_translations_keep_placeholders_markup_and_header(po, tmp_path):
    translations = compiled(po, tmp_path)
    info = translations.info()
    assert info.get("language") == po.parent.parent.name, f"{name(po)}: set the Language header"
    assert translations.charset().lower() == "utf-8"
    assert "plural-forms" in info, f"{name(po)}: the header needs Plural-Forms (is it marked fuzzy?)"
    problems = []
    for key, msgstr in messages(translations).items():
        plural = isinstance(key, tuple)
        msgid = (key[0] if plural else key).split("\x04", 1)[-1]  # without the msgctxt
        # The .mo keeps only the singular msgid of a plural entry, so the
        # placeholders of plural forms are left to msgfmt --check-format.
        for pattern in (TAG,) if plural else (PLACEHOLDER, TAG):
            if sorted(pattern.findall(msgid)) != sorted(pattern.findall(msgstr)):
                problems.append(f"{msgid!r} -> {msgstr!r}")
    assert not problems, f"{name(po)}: placeholders or HTML differ:\n" + "\n".join(problems)


# (b) The .mo files are compiled from the current .po files ------------------


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_compiled_catalogue_matches_its_po(po, tmp_path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{name(mo)} is missing: run `make messages` (or manage.py compilemessages) and commit it"
    committed, fresh = load(mo), compiled(po, tmp_path)
    assert messages(committed) == messages(fresh), (
        f"{name(mo)} is out of date with {name(po)}: run `make messages` (or manage.py compilemessages) and commit it"
    )
    assert committed.info().get("plural-forms") == fresh.info().get("plural-forms")


def test_no_compiled_catalogue_without_its_po():
    found = list(ROOT.glob("locale/*/LC_MESSAGES/*.mo")) + list(ROOT.glob("*/locale/*/LC_MESSAGES/*.mo"))
    orphans = [name(mo) for mo in found if not mo.with_suffix(".po").exists()]
    assert not orphans, f"compiled catalogues without a .po: {orphans}"


# (c) The catalogues cover the source ----------------------------------------


def makemessages_arguments():
    """The arguments of `manage.py makemessages` in the Makefile's `messages` target."""
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    for line in makefile.splitlines():
        if "manage.py makemessages" in line:
            return shlex.split(line.split("manage.py", 1)[1])
    pytest.fail("the Makefile's `messages` target no longer runs manage.py makemessages")


COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "*.pyc",
    "node_modules",
    "media",
    ".test-media",
    "static_collected",
    "db.sqlite3*",
    ".hypothesis",
    ".pytest_cache",
    "bench-results",
)


@needs_gettext
def test_catalogues_cover_every_interface_text(tmp_path):
    """`make messages` on a copy of the project finds nothing new to translate.

    makemessages merges the committed translations into what it extracts, so
    a text that is new (or changed) in the source shows up untranslated or
    fuzzy in the copy.
    """
    arguments = makemessages_arguments()
    assert "makemessages" in arguments and "nl" in arguments
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**C_LOCALE, "DJANGO_SETTINGS_MODULE": "school_site.settings.test"},
        timeout=120,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    problems = []
    for po in catalogues(copy):
        _translated, fuzzy, untranslated = statistics(po)
        if fuzzy or untranslated:
            problems.append(f"== {name(po, copy)}\n\n" + "\n\n".join(unfinished_entries(po)))
    assert not problems, (
        "Interface text in the source is missing from the Dutch catalogue. Run `make messages`, translate the "
        "new entries (no fuzzy ones left), and commit the .po and .mo files:\n\n" + "\n\n".join(problems)
    )


# Our catalogues win over every app's -----------------------------------------

# Django looks in LOCALE_PATHS first, then in the apps in INSTALLED_APPS order,
# so our catalogues also translate Django's and Wagtail's own texts when a
# msgid is the same. Where that changes their Dutch, it must be on purpose.
DELIBERATE_OVERRIDES = {
    "Log in": "schools say inloggen; Django's admin (unused) says aanmelden",
    "Log out": "schools say uitloggen; Django's admin (unused) says afmelden",
    "Download CSV": "Wagtail leaves it in English",
    "File": "Wagtail's documents leave it in English",
    "This field is required.": "Django's own Dutch wording; only Wagtail's admin words it differently",
    "Rejected": "a leave request is afgewezen; Wagtail's workflow says afgekeurd, which reads the same",
    "Reject": "afwijzen pairs with Wagtail's own Goedkeuren (Approve); its Keur af is the odd one out",
}


def third_party_catalogues():
    import django
    from django.apps import apps

    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs() if ROOT not in Path(app.path).parents]
    found = []
    for folder in folders:
        mo = folder / "nl" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            found.append((str(folder.parent).split("site-packages/")[-1], load(mo)))
    return found


@pytest.mark.parametrize("po", CATALOGUES, ids=name)
def test_our_catalogues_keep_the_dutch_of_django_and_wagtail(po):
    ours = messages(load(po.with_suffix(".mo")))
    changed = []
    for where, catalogue in third_party_catalogues():
        for key, theirs in messages(catalogue).items():
            if key in ours and ours[key] != theirs and key not in DELIBERATE_OVERRIDES:
                changed.append(f"{key!r}: {where} says {theirs!r}, ours {ours[key]!r}")
    assert not changed, (
        f"{name(po)} changes the Dutch of other apps' texts with the same msgid. Give our text a context "
        "(pgettext, {% translate ... context ... %}), use their translation, or add it to DELIBERATE_OVERRIDES "
        "with a reason:\n" + "\n".join(sorted(set(changed)))
    )


# (d) The language a visitor gets --------------------------------------------


def page_language(response):
    match = re.search(r'<html lang="([\w-]+)"', response.content.decode())
    return match.group(1) if match else None


def assert_dutch_login(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert page_language(response) == "nl" and response["Content-Language"] == "nl"
    assert "<h1>Inloggen</h1>" in html and "Wachtwoord vergeten?" in html
    assert "Forgot your password?" not in html


def assert_english_login(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert page_language(response) == "en" and response["Content-Language"] == "en"
    assert "<h1>Log in</h1>" in html and "Forgot your password?" in html
    assert "Wachtwoord vergeten?" not in html


def test_login_page_is_dutch_by_default(client, db):
    assert_dutch_login(client.get(LOGIN))


def test_login_page_is_english_with_the_language_cookie(client, db):
    client.cookies[COOKIE] = "en"
    assert_english_login(client.get(LOGIN))


def test_language_switch_changes_the_login_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert_english_login(client.get(LOGIN))
    client.post("/i18n/setlang/", {"language": "nl", "next": LOGIN})
    assert_dutch_login(client.get(LOGIN))


def test_login_remembers_the_users_language(client, world):
    parent = world.users["parent_a"]
    User.objects.filter(pk=parent.pk).update(preferred_language="en")
    client.cookies[COOKIE] = "nl"
    response = client.post(LOGIN, {"username": parent.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "en"
    client.post("/accounts/logout/")
    assert_english_login(client.get(LOGIN))


def test_a_logged_in_users_preferred_language_wins(client, world):
    parent = world.users["parent_a"]
    User.objects.filter(pk=parent.pk).update(preferred_language="en")
    client.force_login(parent)
    client.cookies[COOKIE] = "nl"  # a stale choice from before
    reset = client.get("/accounts/password-reset/")
    assert page_language(reset) == "en" and "Forgot your password?" in reset.content.decode()


def test_a_dutch_users_pages_stay_dutch(client, world):
    client.force_login(world.users["parent_a"])
    reset = client.get("/accounts/password-reset/")
    assert page_language(reset) == "nl" and "Wachtwoord vergeten?" in reset.content.decode()


def site_path(page):
    return page.get_url_parts()[2]


def test_refusal_pages_speak_the_language_of_the_url(client, world):
    client.force_login(world.users["parent_a"])
    hidden = site_path(world.class_b)
    dutch = client.get(hidden)
    assert dutch.status_code == 404 and page_language(dutch) == "nl"
    assert "niet voor jou bedoeld" in dutch.content.decode()
    english = client.get(f"/en{hidden}")
    assert english.status_code == 404 and page_language(english) == "en"
    assert "not meant for you" in english.content.decode()

    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404 and "Pagina niet gevonden" in missing.content.decode()
    missing = client.get("/en/does-not-exist/")
    assert missing.status_code == 404 and "Page not found" in missing.content.decode()


def test_dates_are_written_in_the_pages_language(client, world):
    page = world.school_info
    published = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    InfoPage.objects.filter(pk=page.pk).update(last_published_at=published)
    client.force_login(world.users["parent_a"])
    assert "Bijgewerkt op 23 november 2026" in client.get(site_path(page)).content.decode()
    assert "Updated 23 November 2026" in client.get(f"/en{site_path(page)}").content.decode()
