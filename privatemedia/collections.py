"""One Wagtail collection per page group, created with the group's page.

The tree is: root → school collection ("De Windwijzer", the school-wide
group) → one child collection per class group ("Groep 3 · 2026/2027").
Wagtail collection permissions propagate to child collections, so a grant
on a school collection covers all its class groups (right for directors and
administration, and new class groups are covered at once); teachers are
granted their class collections only.
"""

from django.db import transaction
from wagtail.models import Collection, Page

from access.rules import scope_of
from classes.models import ClassPage
from home.models import SchoolPage
from privatemedia.models import GroupCollection

SCHOOL_PATH_LENGTH = Page.steplen * 2


def collection_name(page):
    """The group's name as staff know it."""
    school_year_label = getattr(page, "school_year_label", None)
    if school_year_label:
        return f"{page.title} · {school_year_label}"
    return page.title


def collection_for_page(page):
    """The collection of the group a page belongs to, or None."""
    link = (
        GroupCollection.objects.filter(page__translation_key=page.translation_key).select_related("collection").first()
    )
    return link.collection if link else None


@transaction.atomic
def ensure_group_collection(page):
    """The collection of a SchoolPage or ClassPage, created if missing.

    Translations share the collection of the group (same translation key).
    """
    page = page.specific
    existing = collection_for_page(page)
    if existing is not None:
        return existing
    if isinstance(page, ClassPage):
        school = SchoolPage.objects.filter(path=page.path[:SCHOOL_PATH_LENGTH]).first()
        parent = ensure_group_collection(school) if school else Collection.get_first_root_node()
    elif isinstance(page, SchoolPage):
        parent = Collection.get_first_root_node()
    else:
        raise TypeError(f"{type(page).__name__} is not a page group")
    collection = parent.add_child(instance=Collection(name=collection_name(page)))
    GroupCollection.objects.create(collection=collection, page=page)
    return collection


def rename_group_collection(page):
    """Keep the collection's name in step with the group's title."""
    link = GroupCollection.objects.filter(page=page).select_related("collection").first()
    if link is not None:
        name = collection_name(page.specific)
        if link.collection.name != name:
            link.collection.name = name
            link.collection.save(update_fields=["name"])


def ensure_all_group_collections():
    """Create the missing collections of existing schools and class groups."""
    for model in (SchoolPage, ClassPage):
        for page in model.objects.order_by("path"):
            ensure_group_collection(page)


def default_collection(user, allowed):
    """Where a user's upload goes unless they choose: a class group they teach.

    `allowed` is the queryset of collections the user may add to.
    """
    taught = scope_of(user).taught_class_keys
    if taught:
        mine = allowed.filter(group_link__page__translation_key__in=taught).order_by("path").first()
        if mine is not None:
            return mine
    return allowed.first()
