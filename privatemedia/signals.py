"""Start-up wiring: a collection for each new page group, clean image originals, the videos' permissions.

Location data is removed in `pre_save` of the image model rather than in a
form, so every way an original arrives (upload form, multiple upload, the
"uploaded file" detour of the multiple uploader, scripts) is covered.
"""

import os

from django.core.files.base import ContentFile
from django.db.models.signals import post_migrate, post_save, pre_save
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy

from classes.models import ClassPage
from home.models import SchoolPage
from privatemedia.collections import ensure_all_group_collections, ensure_group_collection, rename_group_collection
from privatemedia.location import without_location
from privatemedia.models import Video
from privatemedia.permissions import video_permission_policy


def page_group_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        ensure_group_collection(instance)
    else:
        rename_group_collection(instance)


def strip_location_from_original(sender, instance, raw=False, **kwargs):
    file = instance.file
    if raw or not file or getattr(file, "_committed", True):
        return
    file.open("rb")
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        cleaned = without_location(data)
    except Exception:
        return
    if cleaned is None:
        return
    instance.file = ContentFile(cleaned, name=os.path.basename(file.name))
    instance._set_image_file_metadata()


def create_missing_collections(sender, **kwargs):
    """After `migrate`: existing schools and class groups get their collections."""
    if sender.name == "privatemedia":
        ensure_all_group_collections()


def connect():
    register_permission_policy(Video, video_permission_policy())
    for model in (SchoolPage, ClassPage):
        post_save.connect(page_group_saved, sender=model, dispatch_uid=f"privatemedia_group_{model.__name__}")
    pre_save.connect(strip_location_from_original, sender=get_image_model(), dispatch_uid="privatemedia_strip_gps")
    post_migrate.connect(create_missing_collections, dispatch_uid="privatemedia_collections_after_migrate")
