"""The demo board's conversations (`manage.py seed_demo`), and each school's choice of where staff work.

Called by the seed after `demo.builder.build`, in the same transaction.
Idempotent: a conversation is found again by its subject and child. Rows are
written directly, without notifications: demo content is built, not
announced. De Windwijzer's staff work in the admin, De Regenboog's on the
portal, so both ways can be tried.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from classes.models import Child
from conversations.models import ADMIN, PORTAL, Conversation, ConversationSettings, Message, Participant

WORKPLACE = {"de-windwijzer": ADMIN, "de-regenboog": PORTAL}

# (school slug, child, subject, [(author e-mail, role, text, hours ago)], other participants)
CONVERSATIONS = (
    (
        "de-windwijzer",
        ("Daan", "de Vries"),
        "Zwemles op vrijdag",
        (
            (
                "ouder.groep3@windwijzer.test",
                Participant.PARENT,
                "Goedemiddag juf Marieke, Daan heeft vrijdag een zwemles om 15:00. Mag hij iets eerder weg?",
                26,
            ),
            (
                "leerkracht.groep3@windwijzer.test",
                Participant.STAFF,
                "Dag Sanne, dat is goed. Haalt u hem om 14:30 op bij het lokaal?",
                24,
            ),
            ("ouder.groep3@windwijzer.test", Participant.PARENT, "Prima, dank u wel!", 23),
        ),
    ),
    (
        "de-regenboog",
        ("Mees", "Hoekstra"),
        "Leesboek kwijt",
        (
            (
                "leerkracht.groep34@regenboog.test",
                Participant.STAFF,
                "Beste Lieke, Mees kan zijn leesboek niet vinden. Wilt u thuis even kijken?",
                5,
            ),
        ),
    ),
)


def ensure_conversations(result):
    for slug, school in result.schools.items():
        _row, created = ConversationSettings.objects.get_or_create(
            school=school, defaults={"staff_workplace": WORKPLACE.get(slug, ADMIN)}
        )
        if created:
            result.count("conversation settings")
    now = timezone.now()
    for slug, (first_name, last_name), subject, messages in CONVERSATIONS:
        school = result.schools.get(slug)
        child = Child.objects.filter(school=school, first_name=first_name, last_name=last_name).first()
        if school is None or child is None or Conversation.objects.filter(child=child, subject=subject).exists():
            continue
        people = {email: User.objects.get(email=email) for email, _role, _text, _ago in messages}
        started = now - datetime.timedelta(hours=messages[0][3])
        conversation = Conversation.objects.create(
            school=school,
            child=child,
            subject=subject,
            started_by=people[messages[0][0]],
            created_at=started,
            last_message_at=started,
        )
        roles = {email: role for email, role, _text, _ago in messages}
        # The child's other guardians (none in the demo's showcase families) would be asked by the starter; the
        # addressed staff member or parent is whoever answers in the script.
        for email, role in roles.items():
            Participant.objects.create(conversation=conversation, user=people[email], role=role)
        for email, _role, text, ago in messages:
            at = now - datetime.timedelta(hours=ago)
            user = people[email]
            Message.objects.create(
                conversation=conversation,
                author=user,
                author_name=user.get_full_name() or user.email,
                text=text,
                created_at=at,
            )
            Participant.objects.filter(conversation=conversation, user=user).update(last_read_at=at)
            conversation.last_message_at = at
        if len(roles) == 1:
            # Started by staff: the guardians are in it and have not read it yet.
            for guardian in User.objects.filter(guardianships__child=child):
                Participant.objects.get_or_create(
                    conversation=conversation, user=guardian, defaults={"role": Participant.PARENT}
                )
        conversation.save(update_fields=["last_message_at"])
        result.count("conversations")
