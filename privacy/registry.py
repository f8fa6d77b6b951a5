"""The registry of the family data export: each area that holds a family's personal data adds a section.

The privacy app is a shared mechanism and sits below the areas (pyproject.toml,
the layers): it imports none of them. An area's `family_data.py` calls
`register` when it is imported, and `PrivacyConfig.ready` imports every such
module (`autodiscover_modules("family_data")`), as the Django admin finds its
`admin.py` modules.

A section is a function of the `Family` (the parent, their children, and for
an export made by a director the one school it is limited to) that returns a
`Part`: JSON-serialisable data (one `<name>.json` in the ZIP) and the files
to put beside it, in the folder `<name>/`. Sections show what the portal
holds about the parent or their children, in readable form (ISO dates on the
site's clock, names rather than ids), and never another family's data.

`register_ready_notice` is the other hook: how the owner of an export hears
it is ready (accounts mails it), so this app needs no mail machinery of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from access.rules import PATH_MAX_LENGTH


@dataclass(frozen=True)
class Family:
    """Whose data an export holds.

    `parent` is the user the data is about; `children` the children they are
    guardian of (for a director's export: those at the director's school).
    `school_keys` is None for the parent's own export (every school), or the
    translation keys of the one school a director's export is limited to;
    `school_paths` are the tree paths of every translation of those schools.
    """

    parent: object
    children: tuple
    school_keys: frozenset | None = None
    school_paths: frozenset = frozenset()

    @property
    def child_ids(self):
        return [child.pk for child in self.children]

    @property
    def limited(self):
        return self.school_keys is not None

    def at_schools(self, queryset, school="school"):
        """Rows of the family's schools only: `school` is the lookup of the row's SchoolPage."""
        if self.school_keys is None:
            return queryset
        return queryset.filter(**{f"{school}__translation_key__in": self.school_keys})

    def under_schools(self, queryset, page="post"):
        """Rows about pages of the family's schools only: `page` is the lookup of the row's page."""
        if self.school_keys is None:
            return queryset
        condition = Q(pk__in=[])
        for path in sorted(self.school_paths):
            condition |= Q(
                **{f"{page}__path__gte": path, f"{page}__path__lte": path + "Z" * (PATH_MAX_LENGTH - len(path))}
            )
        return queryset.filter(condition)


@dataclass(frozen=True)
class FileEntry:
    """A file to include: `path` in the ZIP (inside the section's folder), `source` anything with `open("rb")`."""

    path: str
    source: object


@dataclass
class Part:
    """What one section contributes: its data (one JSON file) and its files."""

    data: object
    files: list = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    name: str  # the file name (<name>.json) and folder (<name>/) in the ZIP: lowercase, digits and _
    title: object  # shown in the README, in the requester's language (a lazy translation)
    collect: Callable  # collect(family) -> Part
    order: int = 100


SECTIONS = {}
READY_NOTICES = []


def register(name, title, order=100):
    """Decorator: register `collect(family) -> Part` as the section `name` of every export."""
    if not name.replace("_", "").isalnum() or name != name.lower():
        raise ValueError(f"A section name is lowercase letters, digits and _: {name!r}")

    def wrap(collect):
        SECTIONS[name] = Section(name=name, title=title, collect=collect, order=order)
        return collect

    return wrap


def sections():
    """Every registered section, in order."""
    return sorted(SECTIONS.values(), key=lambda section: (section.order, section.name))


def register_ready_notice(notice):
    """Let an app tell the owner of an export that it is ready: notice(user, template_prefix, context).

    The templates are privacy's (`<prefix>_subject.txt`, `.txt`, `.html`);
    `context["path"]` is the page where the owner downloads it (a path: the
    notice makes the link absolute), `context["days"]` how long it is kept.
    """
    READY_NOTICES.append(notice)
    return notice


# Readable values -------------------------------------------------------------------


def moment(value):
    """An aware datetime as ISO 8601 on the site's clock (Europe/Amsterdam), to the second; None stays None."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value):
    return value.isoformat() if value is not None else None


def name_of(user, fallback=""):
    """A person's name as the portal shows it (the e-mail address when there is no name)."""
    if user is None:
        return fallback or None
    return user.get_full_name() or user.email


def file_name(name, fallback="file"):
    """A file name safe inside a ZIP: no folders, no control characters."""
    cleaned = "".join(ch for ch in str(name or "") if ch.isprintable() and ch not in '/\\:*?"<>|').strip(" .")
    return cleaned[:120] or fallback
