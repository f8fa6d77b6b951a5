"""Start-up wiring: a collection for each new page group, clean image originals, the videos' permissions.

Originals are cleaned (`privatemedia.cleaning`: pixels only, upright, sRGB)
in `pre_save` of the image model as well as in the upload form, so every
way an original arrives (upload form, multiple upload, the "uploaded file"
detour of the multiple uploader, scripts) is covered. The form cleans first,
so that an image that does not decode is a form error; it marks what it
cleaned (`cleaning.CLEANED`) and `pre_save` does not clean it twice. The
admin's profile pictures are cleaned the same way, and a new video file is
handed to the worker to lose its metadata when ffmpeg is installed
(`privatemedia.tasks`).
"""

import os
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_migrate, post_save, pre_save
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy
from wagtail.users.models import UserProfile

from classes.models import ClassPage
from home.models import SchoolPage
from privatemedia import cleaning, tasks, validation
from privatemedia.collections import ensure_all_group_collections, ensure_group_collection, rename_group_collection
from privatemedia.models import Video
from privatemedia.permissions import video_permission_policy


def page_group_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        ensure_group_collection(instance)
    else:
        rename_group_collection(instance)


def clean_original(sender, instance, raw=False, **kwargs):
    """A new or replaced original is stored as its pixels only (an image of our own seed or a script too)."""
    file = instance.file
    if raw or not file:
        return
    uncommitted = not getattr(file, "_committed", True)
    if not (uncommitted or instance._state.adding):
        return
    if uncommitted and getattr(file.file, cleaning.CLEANED, False):
        return
    file.open("rb")
    file.seek(0)
    data = file.read()
    file.seek(0)
    cleaned, name = cleaning.clean_upload(ContentFile(data, name=os.path.basename(file.name)))
    if not uncommitted:
        # The multiple uploader's detour stored the file already: replace it.
        file.storage.delete(file.name)
    instance.file = ContentFile(cleaned.data, name=name)
    instance.width, instance.height = cleaned.width, cleaned.height
    instance._set_image_file_metadata()


def clean_avatar(sender, instance, raw=False, **kwargs):
    """A profile picture of the admin is an uploaded image too: pixels only, or not stored at all."""
    avatar = instance.avatar
    if raw or not avatar or getattr(avatar, "_committed", True):
        return
    try:
        validation.validate_image(avatar.file)
        cleaned, name = cleaning.clean_upload(avatar.file)
    except ValidationError:
        instance.avatar = None
        return
    instance.avatar = ContentFile(cleaned.data, name=name)


def note_new_video_file(sender, instance, raw=False, **kwargs):
    instance._privatemedia_new_file = bool(instance.file) and not getattr(instance.file, "_committed", True)


def clean_new_video_file(sender, instance, raw=False, **kwargs):
    """A new video file loses its container metadata in the worker, when ffmpeg is there (privatemedia.tasks)."""
    if raw or not getattr(instance, "_privatemedia_new_file", False) or tasks.ffmpeg_path() is None:
        return
    transaction.on_commit(partial(tasks.strip_video_metadata.enqueue, instance.pk))


def create_missing_collections(sender, **kwargs):
    """After `migrate`: existing schools and class groups get their collections."""
    if sender.name == "privatemedia":
        ensure_all_group_collections()


def connect():
    register_permission_policy(Video, video_permission_policy())
    for model in (SchoolPage, ClassPage):
        post_save.connect(page_group_saved, sender=model, dispatch_uid=f"privatemedia_group_{model.__name__}")
    pre_save.connect(clean_original, sender=get_image_model(), dispatch_uid="privatemedia_clean_originals")
    pre_save.connect(clean_avatar, sender=UserProfile, dispatch_uid="privatemedia_clean_avatars")
    pre_save.connect(note_new_video_file, sender=Video, dispatch_uid="privatemedia_note_new_video")
    post_save.connect(clean_new_video_file, sender=Video, dispatch_uid="privatemedia_clean_new_video")
    post_migrate.connect(create_missing_collections, dispatch_uid="privatemedia_collections_after_migrate")
