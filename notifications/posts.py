"""What the outbox asks about posts, through functions the news app registers at start-up.

The outbox tells parents of new posts, but it sits below the news app and
does not import it: news registers how a post reads in a message (`info`:
a `notifications.rendering.PostInfo` in a language) and which posts a
parent has opened already (`read`), so nobody is mailed about a post they
read. Until something registers, there are no posts to tell of.
"""

_registered = {}


def register(*, info, read):
    """info(pk, language) -> PostInfo or None; read(post_ids, user_ids) -> set of (post_id, user_id)."""
    _registered["info"] = info
    _registered["read"] = read


def info(pk, language):
    loader = _registered.get("info")
    return loader(pk, language) if loader is not None else None


def read_pairs(post_ids, user_ids):
    """The (post id, user id) pairs among these of posts the user has opened."""
    if not post_ids or not user_ids:
        return set()
    reader = _registered.get("read")
    return reader(post_ids, user_ids) if reader is not None else set()
