"""The demo board's reactions and one open report (`manage.py seed_demo`).

Called by the seed after `demo.builder.build`, in the same transaction.
De Windwijzer allows reactions (De Regenboog keeps the default: off); a few
parents of Groep 3 reacted to the letter party post, the teacher answered,
and one reaction was reported, so the admin's list of reports is not empty.
Rows are written directly, without notifications: demo content is built,
not announced. Idempotent: reactions are found again by author and text,
the report by its reporter and reaction.
"""

import datetime
import uuid

from django.utils import timezone

from accounts.models import User
from classes.models import ClassPage
from moderation.models import Flag, ModerationSettings, Reaction
from news.models import PostPage

ALLOWS_REACTIONS = {"de-windwijzer": True}

POST = ("de-windwijzer", "groep-3", "letterfeest")

# (author e-mail, written by staff, text, hours ago)
REACTIONS = (
    ("ouder.groep3@windwijzer.test", False, "Wat een mooie slinger! Daan vertelde er de hele avond over.", 50),
    ("joyce.peters@windwijzer.test", False, "Julia wil thuis nu ook een letterkroon maken.", 48),
    (
        "emre.yilmaz@windwijzer.test",
        False,
        "Jammer dat sommige kinderen in deze klas nog steeds niet stil kunnen zitten.",
        30,
    ),
    ("leerkracht.groep3@windwijzer.test", True, "Dank jullie wel! De kronen gaan vrijdag mee naar huis.", 28),
)

# The open report: (reporter, the reaction's author, reason, hours ago).
REPORT = (
    "ouder.twee@windwijzer.test",
    "emre.yilmaz@windwijzer.test",
    "Deze reactie gaat over andere kinderen uit de klas. Hoort dat hier?",
    20,
)


def ensure_moderation(result):
    for slug, school in result.schools.items():
        _row, created = ModerationSettings.objects.get_or_create(
            school=school, defaults={"reactions_allowed": ALLOWS_REACTIONS.get(slug, False)}
        )
        if created:
            result.count("reaction settings")
    school = result.schools.get(POST[0])
    if school is None:
        return
    group = ClassPage.objects.child_of(school).filter(slug=POST[1]).first()
    post = PostPage.objects.child_of(group).filter(slug=POST[2]).first() if group else None
    if post is None:
        return
    now = timezone.now()
    by_author = {}
    for email, by_staff, text, hours_ago in REACTIONS:
        author = User.objects.get(email=email)
        reaction = Reaction.objects.filter(post=post, author=author, text=text).first()
        if reaction is None:
            reaction = Reaction.objects.create(
                post=post,
                author=author,
                text=text,
                by_staff=by_staff,
                created_at=now - datetime.timedelta(hours=hours_ago),
                submission=uuid.uuid4(),
            )
            result.count("reactions")
        by_author[email] = reaction
    reporter_email, author_email, reason, hours_ago = REPORT
    reporter = User.objects.get(email=reporter_email)
    reaction = by_author[author_email]
    if not Flag.objects.filter(reporter=reporter, reaction=reaction).exists():
        Flag.objects.create(
            reporter=reporter,
            school=school,
            post=post,
            reaction=reaction,
            reason=reason,
            created_at=now - datetime.timedelta(hours=hours_ago),
        )
        result.count("reports")
