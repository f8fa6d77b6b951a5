"""Collection permissions for staff groups, and the permission policy of videos.

Staff get media permissions only on the collections of their own groups.
`roster.admin_groups` (which owns the generated Wagtail groups) calls
`grant_collection_permissions` whenever it refreshes a group, e.g. at the end
of `refresh_group(link)`:

    from privatemedia.permissions import collections_for_admin_group, grant_collection_permissions
    grant_collection_permissions(link.group, collections_for_admin_group(link.kind, link.translation_key))
"""

from django.contrib.auth.models import Permission
from wagtail.models import GroupCollectionPermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from classes.models import AdminGroup, ClassPage
from home.models import SchoolPage
from privatemedia.collections import ensure_group_collection
from privatemedia.models import Video

# Media models and the collection actions staff get on their groups. "add"
# also lets the uploader edit and delete their own files (ownership policy);
# "change" lets them edit everyone's files in the collection.
MEDIA_MODELS = {
    "wagtailimages": "image",
    "wagtaildocs": "document",
    "privatemedia": "video",
}
STAFF_ACTIONS = ("add", "change", "choose")


def video_permission_policy():
    """Videos follow the same collection rules as Wagtail's images and documents."""
    return CollectionOwnershipPermissionPolicy(Video, auth_model=Video, owner_field_name="uploaded_by")


def media_permissions(actions=STAFF_ACTIONS):
    codenames = [f"{action}_{model}" for model in MEDIA_MODELS.values() for action in actions]
    return [
        permission
        for permission in Permission.objects.filter(codename__in=codenames).select_related("content_type")
        if MEDIA_MODELS.get(permission.content_type.app_label) == permission.content_type.model
    ]


def grant_collection_permissions(group, collections, actions=STAFF_ACTIONS):
    """Give `group` exactly these media permissions on exactly these collections.

    Idempotent and replacing: media permissions of the group on other
    collections are removed, so calling it after every roster change keeps
    the group in step. Other collection permissions (e.g. for other models)
    are left alone. Wagtail applies a permission to child collections too:
    granting a school collection covers all its class groups.
    """
    permissions = media_permissions(actions)
    wanted = {(collection.pk, permission.pk) for collection in collections for permission in permissions}
    all_media_permission_ids = [p.pk for p in media_permissions(("add", "change", "delete", "choose"))]
    existing = {
        (row.collection_id, row.permission_id): row.pk
        for row in GroupCollectionPermission.objects.filter(group=group, permission_id__in=all_media_permission_ids)
    }
    GroupCollectionPermission.objects.filter(pk__in=[pk for key, pk in existing.items() if key not in wanted]).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection_id=collection_id, permission_id=permission_id)
            for collection_id, permission_id in wanted - set(existing)
        ]
    )


def collections_for_admin_group(kind, translation_key):
    """The collections a generated admin group (`classes.models.AdminGroup`) works in.

    Directors and administration: the school collection (and so every class
    group below it). Teachers of a class group: that class group's
    collection. The school-wide teachers group: none, because a grant on the
    school collection would reach every class group's collection.
    """
    page_model = {
        AdminGroup.DIRECTORS: SchoolPage,
        AdminGroup.ADMINISTRATION: SchoolPage,
        AdminGroup.CLASS_TEACHERS: ClassPage,
    }.get(kind)
    if page_model is None:
        return []
    page = page_model.objects.filter(translation_key=translation_key).order_by("pk").first()
    return [ensure_group_collection(page)] if page is not None else []
