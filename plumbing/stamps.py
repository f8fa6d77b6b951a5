"""Named stamps: a token per kind of shared data, new whenever that data changes.

`touch(name)` gives a stamp a new token, in the caller's transaction;
`token(name)` reads it (one short query); `cached` keeps a result under a
key that holds the tokens it depends on. An area keeps what it computed
for many people in Django's cache under a key that holds the token
(news.listing_cache keeps rendered pages of posts under the "posts" stamp),
and connects `touch` to the signals of every change the data depends on.
"""

import uuid

from django.core.cache import cache
from django.db import IntegrityError, transaction

from plumbing.models import Stamp


def touch(name):
    """Give the stamp `name` a new token (in the current transaction)."""
    value = uuid.uuid4().hex
    if Stamp.objects.filter(name=name).update(token=value):
        return
    try:
        # A savepoint: when another transaction created the row meanwhile,
        # only this insert is undone, and the update below takes its place.
        with transaction.atomic():
            Stamp.objects.create(name=name, token=value)
    except IntegrityError:
        Stamp.objects.filter(name=name).update(token=value)


def token(name):
    """The stamp's token now: one query. An empty string before its first change."""
    return Stamp.objects.filter(name=name).values_list("token", flat=True).first() or ""


def cached(key, seconds, compute):
    """`compute()`, kept in Django's cache under `key` (which holds the stamps it depends on) for `seconds`.

    None is never kept (it stands for a miss): wrap a result that may be None.
    """
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found
