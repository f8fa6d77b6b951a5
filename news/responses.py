"""What parents did with a post: reading it and answering its invitation.

Both are stored against the post in the default language (`source_post`),
so a parent reading or answering the English translation is counted once,
with everyone else.

Who counts is decided by `access.rules`:

* the post's parents (`parents_who_see`) are the M of "read by N of M", and
  only they are recorded as readers and may answer (staff read posts too,
  but are not counted and do not answer);
* staff responsible for the post's group (`can_follow_up`) see the
  parents one by one; other staff of the school see the totals.

Reads and answers of someone who is no longer one of the post's parents
(their child left or changed class group) are kept, but not counted.

Every function here costs a fixed number of queries, however many parents,
reads or answers a post has.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Sum
from wagtail.models import Page

from access.rules import children_of_page, parents_who_see
from classes.models import Guardianship
from news.models import EventResponse, PostPage, PostRead, source_post


def record_read(post, user):
    """Record that a parent opened the post: once, the first time.

    A repeat view only reads (one SELECT): no write, so no write lock (on
    SQLite, the whole database's). The first view inserts one row that the
    database ignores when it exists already, so two requests at the same
    moment cannot fail or count twice. The caller checks that the user is one
    of the post's parents.
    """
    source = source_post(post)
    if PostRead.objects.filter(post=source, user=user).exists():
        return
    PostRead.objects.bulk_create([PostRead(post=source, user=user)], ignore_conflicts=True)


def answer_of(post, user):
    """The user's answer to the post's invitation, or None."""
    if post.pk is None:
        return None
    return EventResponse.objects.filter(post=source_post(post), user=user).first()


def save_answer(post, user, answer, people):
    """Store a parent's answer; a later answer (or a double submit) replaces it."""
    response, _created = EventResponse.objects.update_or_create(
        post=source_post(post), user=user, defaults={"answer": answer, "people": people}
    )
    return response


@dataclass
class Totals:
    """Read by `read` of `parents` parents, and the answers of those parents."""

    parents: int = 0
    read: int = 0
    yes: int = 0
    no: int = 0
    maybe: int = 0
    yes_people: int = 0
    maybe_people: int = 0

    @property
    def not_read(self):
        return self.parents - self.read

    @property
    def answered(self):
        return self.yes + self.no + self.maybe

    @property
    def not_answered(self):
        return max(self.parents - self.answered, 0)

    @classmethod
    def from_rows(cls, rows):
        """The totals of a `parent_rows` list, without another query."""
        result = cls(parents=len(rows), read=sum(1 for row in rows if row.read_at is not None))
        for row in rows:
            if row.answer is not None:
                kind = row.answer.answer
                setattr(result, kind, getattr(result, kind) + 1)
                if kind in (EventResponse.YES, EventResponse.MAYBE):
                    setattr(result, f"{kind}_people", getattr(result, f"{kind}_people") + row.answer.people)
        return result


def totals(post):
    """The totals of one post (3 queries, 4 for a translation)."""
    if post.pk is None:
        return Totals()
    source = source_post(post)
    parents = parents_who_see(post)
    result = Totals(
        parents=parents.count(),
        read=PostRead.objects.filter(post=source, user__in=parents).count(),
    )
    answers = (
        EventResponse.objects.filter(post=source, user__in=parents)
        .values("answer")
        .annotate(count=Count("pk"), people=Sum("people"))
        .order_by()
    )
    for row in answers:
        setattr(result, row["answer"], row["count"])
        if row["answer"] in (EventResponse.YES, EventResponse.MAYBE):
            setattr(result, f"{row['answer']}_people", row["people"] or 0)
    return result


@dataclass
class ParentRow:
    """One parent of a post: their children it is for, when they read it, their answer."""

    user: object
    children: list = field(default_factory=list)
    read_at: object = None
    answer: EventResponse | None = None


def parent_rows(post):
    """Every parent of the post, by name (3 queries, 4 for a translation).

    Only for staff who may follow up on the post (`access.rules.can_follow_up`):
    it names parents and children.
    """
    if post.pk is None:
        return []
    source = source_post(post)
    guardianships = (
        Guardianship.objects.filter(child__in=children_of_page(post), user__is_active=True)
        .select_related("user", "child")
        .order_by("user__last_name", "user__first_name", "user__email", "child__first_name", "child__pk")
    )
    rows = {}
    for guardianship in guardianships:
        row = rows.setdefault(guardianship.user_id, ParentRow(user=guardianship.user))
        row.children.append(guardianship.child)
    parents = parents_who_see(post)
    for user_id, read_at in PostRead.objects.filter(post=source, user__in=parents).values_list("user_id", "read_at"):
        if user_id in rows:
            rows[user_id].read_at = read_at
    for response in EventResponse.objects.filter(post=source, user__in=parents):
        if response.user_id in rows:
            rows[response.user_id].answer = response
    return list(rows.values())


def read_counts(posts):
    """{post id: (read, parents)} for many posts, e.g. a listing in the admin.

    Posts with the same parent page share their parents, so this costs one
    query plus two per parent page, not per post.
    """
    posts = [post for post in posts if post.pk is not None]
    if not posts:
        return {}
    sources = _source_ids(posts)
    by_group = {}
    for post in posts:
        by_group.setdefault(post.path[: -Page.steplen], []).append(post)
    counts = {}
    for group_posts in by_group.values():
        parents = parents_who_see(group_posts[0])
        number_of_parents = parents.count()
        source_ids = {sources[post.pk] for post in group_posts}
        reads = dict(
            PostRead.objects.filter(post_id__in=source_ids, user__in=parents)
            .values("post_id")
            .annotate(count=Count("pk"))
            .order_by()
            .values_list("post_id", "count")
        )
        for post in group_posts:
            counts[post.pk] = (reads.get(sources[post.pk], 0), number_of_parents)
    return counts


def _source_ids(posts):
    """{post id: id of its default-language post}, in one query."""
    source_by_key = dict(
        PostPage.objects.filter(
            translation_key__in={post.translation_key for post in posts}, locale__language_code=settings.LANGUAGE_CODE
        ).values_list("translation_key", "pk")
    )
    return {post.pk: source_by_key.get(post.translation_key, post.pk) for post in posts}
