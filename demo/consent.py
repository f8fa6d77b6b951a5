"""The demo board's consent (`manage.py seed_demo`): purposes, parents' answers and a photo to publish.

Called by the seed after `demo.builder.build`, in the same transaction.
Idempotent: answers are only written for a child without any answer this
school year, the draft post is found again by its slug.

What it sets up, so the rule "no photo of a child without consent" can be
played in `make run` (README, "Consent and photos"):

* every school gets the default purposes (policies.consent.answers);
* every demo child's guardian has answered this school year's questions
  (yes to photos in the portal, a mix for the rest), and the school has
  asked (a `ConsentRequest`, so the worker does not mail every demo parent
  at once), EXCEPT that Daan de Vries (ouder.groep3@windwijzer.test) has no
  answer yet to "photos in the portal": his mother sees the banner at login,
  and until she answers the school treats it as no;
* Groep 3's teacher (leerkracht.groep3@windwijzer.test) has a draft post
  with a photo in which Daan and Milan are marked. It cannot go live until
  Daan has consent.
"""

import datetime
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model

from accounts.models import User
from classes.models import Child, ClassPage
from classes.schoolyear import current_school_year
from demo.pictures import picture
from news.models import PostPage
from policies.consent.answers import ensure_purposes
from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentPurpose, ConsentRequest, PhotoMark
from privatemedia.collections import ensure_group_collection

# The child whose parent has not yet answered "photos in the portal".
UNANSWERED = ("de-windwijzer", "Daan", "de Vries")

# Purposes (by code) most demo parents refuse, so the directors' overview shows refusals too.
REFUSED_BY_SOME = {"social_media", "local_press"}

DRAFT = {
    "school": "de-windwijzer",
    "group": "Groep 3",
    "slug": "buitenles-groep-3",
    "title": "Buitenles: letters stoepkrijten",
    "author": "leerkracht.groep3@windwijzer.test",
    "body": "<p>Vanmiddag schreven we letters met stoepkrijt op het plein. Kijk eens wat een mooie woorden!</p>",
    "photo": ("Stoepkrijten op het plein", "playground"),
    "marked": (("Daan", "de Vries"), ("Milan", "Yilmaz")),
}


def ensure_consent(result):
    year = current_school_year()
    now = timezone.now()
    for slug, school in result.schools.items():
        ensure_purposes(school)
        purposes = list(ConsentPurpose.objects.filter(school=school, active=True))
        children = Child.objects.active().filter(school=school).order_by("pk")
        answered = set(
            ConsentAnswer.objects.filter(child__school=school, school_year=year).values_list("child_id", flat=True)
        )
        for index, child in enumerate(children):
            _request, created = ConsentRequest.objects.get_or_create(
                child=child, school_year=year, defaults={"asked_at": now - datetime.timedelta(days=3)}
            )
            if created:
                result.count("consent requests")
            if child.pk in answered:
                continue
            guardianship = child.guardianships.select_related("user").order_by("pk").first()
            if guardianship is None:
                continue
            user = guardianship.user
            moment = now - datetime.timedelta(days=2, minutes=index)
            for purpose in purposes:
                if purpose.code == PORTAL_PHOTOS and (slug, child.first_name, child.last_name) == UNANSWERED:
                    continue
                # Every third family refuses social media and the press; everyone else says yes.
                given = not (purpose.code in REFUSED_BY_SOME and index % 3 == 0)
                ConsentAnswer.objects.create(
                    child=child,
                    purpose=purpose,
                    school_year=year,
                    given=given,
                    answered_by=user,
                    answered_by_name=user.get_full_name() or user.email,
                    answered_at=moment,
                )
            result.count("children with consent answers")
    _ensure_draft_with_marked_photo(result)


def _ensure_draft_with_marked_photo(result):
    """Groep 3's teacher's draft post, its photo marking Daan (no consent yet) and Milan (consent)."""
    school = result.schools.get(DRAFT["school"])
    if school is None:
        return None
    group = ClassPage.objects.child_of(school).filter(title=DRAFT["group"], school_year=current_school_year()).first()
    if group is None or PostPage.objects.child_of(group).filter(slug=DRAFT["slug"]).exists():
        return None
    author = User.objects.get(email=DRAFT["author"])
    title, scene = DRAFT["photo"]
    image = get_image_model()(
        title=title,
        collection=ensure_group_collection(group),
        file=ImageFile(BytesIO(picture(scene, DRAFT["slug"])), name=f"{DRAFT['slug']}-1.jpg"),
        uploaded_by_user=author,
    )
    image.save()
    result.count("photos")
    for first_name, last_name in DRAFT["marked"]:
        child = Child.objects.get(school=school, first_name=first_name, last_name=last_name)
        PhotoMark.objects.get_or_create(image=image, child=child, defaults={"marked_by": author})
        result.count("children marked in photos")
    body = [("text", DRAFT["body"]), ("gallery", {"images": [image], "caption": ""})]
    post = PostPage(title=DRAFT["title"], slug=DRAFT["slug"], locale=group.locale, body=body, owner=author, live=False)
    group.add_child(instance=post)
    post.save_revision(user=author)
    result.count("draft posts")
    return post
