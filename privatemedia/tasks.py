"""Videos lose their container metadata in the task worker, when ffmpeg is installed.

A phone's MP4 holds where and when it was filmed (the `udta`/`meta` boxes:
GPS position, creation time, device make and model) and sometimes a timed
metadata track. `strip_video_metadata` copies the video and audio streams
as they are (`-c copy`: no re-encoding, so it takes seconds, not minutes,
and the picture does not change) into a new file without global, stream or
chapter metadata (`-map_metadata -1 -map_chapters -1`), without data and
subtitle streams (only `0:v` and `0:a` are mapped), and with ffmpeg's own
tags and time stamps left out (`bitexact`). The new file replaces the old
one under the same name, so the video's URL does not change.

This runs in the worker (django-tasks) because a video may be 300 MB and
copying it takes longer than a request should. ffmpeg is optional: without
it on PATH (or at PRIVATEMEDIA_FFMPEG) nothing is enqueued and videos keep
their container metadata (README, "What uploads keep"). Until the task ran,
the file is the one uploaded; only staff who may see the group's videos
can download it in between.
"""

import logging
import os
import shutil
import subprocess

from django.conf import settings
from django_tasks import task

from privatemedia.models import Video

logger = logging.getLogger(__name__)

# A 300 MB copy takes a few seconds; a file ffmpeg cannot read in this time is left alone.
FFMPEG_TIMEOUT_SECONDS = 600
FORMATS = {".mp4": "mp4", ".webm": "webm"}


def ffmpeg_path():
    """The ffmpeg to use, or None: PRIVATEMEDIA_FFMPEG (a path or a name on PATH), "ffmpeg" by default."""
    configured = getattr(settings, "PRIVATEMEDIA_FFMPEG", "ffmpeg")
    return shutil.which(configured) if configured else None


def command(ffmpeg, source, target, container):
    options = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", source]
    options += ["-map", "0:v", "-map", "0:a?", "-map_metadata", "-1", "-map_chapters", "-1", "-c", "copy"]
    options += ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
    if container == "mp4":
        options += ["-movflags", "+faststart"]  # the index first: the browser starts playing sooner
    return options + ["-f", container, target]


@task()
def strip_video_metadata(video_id):
    """Rewrite the video's file without its metadata; True when it did."""
    ffmpeg = ffmpeg_path()
    video = Video.objects.filter(pk=video_id).first()
    if ffmpeg is None or video is None or not video.file:
        return False
    source = video.file.path
    extension = os.path.splitext(source)[1].lower()
    if extension not in FORMATS or not os.path.exists(source):
        return False
    target = f"{source}.clean{extension}"
    try:
        subprocess.run(
            command(ffmpeg, source, target, FORMATS[extension]),
            check=True,
            capture_output=True,
            timeout=FFMPEG_TIMEOUT_SECONDS,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        logger.warning("ffmpeg could not clean video %s: %s %s", video_id, error, stderr[-500:])
        if os.path.exists(target):
            os.remove(target)
        return False
    os.replace(target, source)
    return True
