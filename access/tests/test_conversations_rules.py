"""Direct unit tests of the conversation rules (access.conversations).

Conversations are started through the app's own service (conversations.services.start). Each rule is
called itself, for every role of the test world (testing/world.py) plus a superuser, the school's
administration, an inactive account (a director and parent at the school) and an anonymous visitor.
"""

import io
import uuid

import pytest
from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from classes.models import Guardianship
from conversations import services
from conversations.models import Conversation, MessageAttachment, Participant
from home.models import StaffRole
from testing.world import make_user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    return tmp_path


def pdf():
    out = io.BytesIO(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    out.name = "brief.pdf"
    return out


def start(user, child, staff=(), guardians=(), uploads=()):
    conversation, created = services.start(
        user=user,
        child=child,
        subject="Over de gym",
        text="Mag Ana morgen niet gymmen?",
        staff=list(staff),
        guardians=list(guardians),
        uploads=list(uploads),
        key=uuid.uuid4(),
    )
    assert created
    return Conversation.objects.get(pk=conversation.pk)


@pytest.fixture
def ana_conversation(world, people):
    """parent_a writes to teacher_a about Ana, with a PDF attached."""
    return start(people["parent_a"], world.children["Ana"], staff=[people["teacher_a"]], uploads=[pdf()])


def fresh(conversation):
    """The conversation without the participation cached on it by earlier rule calls."""
    return Conversation.objects.get(pk=conversation.pk)


def test_only_participants_see_a_conversation(world, people, ana_conversation):
    assert allowed(people, rules.can_view_conversation, ana_conversation) == {"parent_a", "teacher_a"}
    assert allowed(people, rules.can_view_conversation, None) == set()


def test_participation_is_the_users_own_row_or_none(world, people, ana_conversation):
    row = rules.participation(people["parent_a"], ana_conversation)
    assert (row.user, row.role) == (people["parent_a"], Participant.PARENT)
    assert rules.participation(people["teacher_a"], ana_conversation).role == Participant.STAFF
    for name in set(people) - {"parent_a", "teacher_a"}:
        assert rules.participation(people[name], ana_conversation) is None, name
    assert rules.participation(people["parent_a"], None) is None


def test_participants_post_while_the_conversation_is_open(world, people, ana_conversation):
    assert allowed(people, rules.can_post_in_conversation, ana_conversation) == {"parent_a", "teacher_a"}
    ana_conversation.closed_at = timezone.now()
    assert allowed(people, rules.can_post_in_conversation, ana_conversation) == set()
    assert allowed(people, rules.can_post_in_conversation, None) == set()


def test_only_a_staff_participant_closes_an_open_conversation(world, people, ana_conversation):
    assert allowed(people, rules.can_close_conversation, ana_conversation) == {"teacher_a"}
    services.close(ana_conversation, people["teacher_a"])
    assert allowed(people, rules.can_close_conversation, fresh(ana_conversation)) == set()
    assert allowed(people, rules.can_close_conversation, None) == set()


def test_an_attachment_is_exactly_as_visible_as_its_conversation(world, people, ana_conversation):
    attachment = MessageAttachment.objects.get(message__conversation=ana_conversation)
    assert allowed(people, rules.can_view_conversation_attachment, attachment) == {"parent_a", "teacher_a"}
    assert allowed(people, rules.can_view_conversation_attachment, None) == set()


def test_the_conversation_list_holds_the_users_own_conversations_only(world, people, ana_conversation):
    bram_conversation = start(people["teacher_b"], world.children["Bram"], guardians=[people["parent_b"]])
    found = {name: set(rules.conversations_of(user, Conversation.objects.all())) for name, user in people.items()}
    assert {name: conversations for name, conversations in found.items() if conversations} == {
        "parent_a": {ana_conversation},
        "teacher_a": {ana_conversation},
        "parent_b": {bram_conversation},
        "teacher_b": {bram_conversation},
    }
    assert not rules.conversations_of(people["parent_a"], Conversation.objects.filter(pk=bram_conversation.pk)).exists()


def test_who_no_longer_belongs_keeps_their_row_but_not_their_participation(world, people, ana_conversation):
    StaffRole.objects.filter(user=people["teacher_a"], school=world.school).delete()
    Guardianship.objects.filter(user=people["parent_a"], child=world.children["Ana"]).delete()
    conversation = fresh(ana_conversation)
    assert Participant.objects.filter(conversation=conversation).count() == 2
    assert not rules.still_belonging(Participant.objects.all()).exists()
    assert not rules.current_participants(conversation).exists()
    assert allowed(people, rules.can_view_conversation, conversation) == set()
    assert not rules.conversations_of(people["parent_a"], Conversation.objects.all()).exists()


def test_still_belonging_keeps_staff_with_a_role_and_parents_who_are_still_guardians(world, people, ana_conversation):
    rows = Participant.objects.filter(conversation=ana_conversation)
    assert {row.user for row in rules.still_belonging(rows)} == {people["parent_a"], people["teacher_a"]}
    assert {row.user for row in rules.current_participants(ana_conversation)} == {
        people["parent_a"],
        people["teacher_a"],
    }
    StaffRole.objects.filter(user=people["teacher_a"]).delete()
    assert {row.user for row in rules.still_belonging(rows)} == {people["parent_a"]}
    assert {row.user for row in rules.current_participants(ana_conversation)} == {people["parent_a"]}


def test_current_participations_are_the_users_own_rows_in_conversations_they_belong_to(world, people, ana_conversation):
    rows = Participant.objects.all()
    found = {name: set(rules.current_participations(user, rows)) for name, user in people.items()}
    assert {name: {row.role for row in found_rows} for name, found_rows in found.items() if found_rows} == {
        "parent_a": {Participant.PARENT},
        "teacher_a": {Participant.STAFF},
    }
    Guardianship.objects.filter(user=people["parent_a"]).delete()
    assert not rules.current_participations(people["parent_a"], rows).exists()


def test_staff_address_the_guardians_of_pupils_they_teach_or_of_the_school_they_direct(world, people):
    ana, bram, xena = world.children["Ana"], world.children["Bram"], world.children["Xena"]
    found = {name: set(rules.staff_addressable_children(user)) for name, user in people.items()}
    assert {name: children for name, children in found.items() if children} == {
        "teacher_a": {ana},
        "teacher_b": {bram},
        "director": {ana, bram},
        "director_other_school": {xena},
    }  # not the administration, not superusers, not parents


def test_the_children_to_start_about_are_ones_own_and_those_addressable_as_staff(world, people):
    ana, bram, xena = world.children["Ana"], world.children["Bram"], world.children["Xena"]
    found = {name: set(rules.conversation_children(user)) for name, user in people.items()}
    assert {name: children for name, children in found.items() if children} == {
        "parent_a": {ana},
        "parent_b": {bram},
        "parent_other_school": {xena},
        "teacher_a": {ana},
        "teacher_b": {bram},
        "director": {ana, bram},
        "director_other_school": {xena},
    }


def test_a_guardian_of_an_active_child_starts_as_its_parent(world, people):
    ana = world.children["Ana"]
    assert allowed(people, rules.starts_as_parent, ana) == {"parent_a"}  # not the inactive father, not staff
    assert allowed(people, rules.starts_as_parent, world.children["Bram"]) == {"parent_b"}
    assert allowed(people, rules.starts_as_parent, None) == set()
    ana.left_on = timezone.localdate()
    ana.save()
    assert allowed(people, rules.starts_as_parent, ana) == set()


def test_a_parent_addresses_the_childs_class_teachers_and_the_schools_active_directors(world, people):
    assert set(rules.staff_a_parent_may_address(world.children["Ana"])) == {people["teacher_a"], people["director"]}
    assert set(rules.staff_a_parent_may_address(world.children["Bram"])) == {people["teacher_b"], people["director"]}
    assert set(rules.staff_a_parent_may_address(world.children["Xena"])) == {people["director_other_school"]}


def test_guardians_of_a_child_are_its_active_guardians(world, people):
    ana = world.children["Ana"]
    assert set(rules.guardians_of(ana)) == {people["parent_a"]}
    assert set(rules.guardians_of(ana, exclude=people["parent_a"])) == set()
    assert set(rules.guardians_of(world.children["Xena"])) == {people["parent_other_school"]}


def test_who_may_start_a_conversation_at_all(people):
    assert allowed(people, rules.can_start_conversation) == {
        "parent_a",
        "parent_b",
        "parent_other_school",
        "teacher_a",
        "teacher_b",
        "director",
        "director_other_school",
    }


def test_who_may_start_a_conversation_about_a_child(world, people):
    assert allowed(people, rules.can_start_conversation, world.children["Ana"]) == {"parent_a", "teacher_a", "director"}
    assert allowed(people, rules.can_start_conversation, world.children["Xena"]) == {
        "parent_other_school",
        "director_other_school",
    }


def test_staff_cannot_start_about_a_child_without_an_active_guardian(world, people):
    Guardianship.objects.filter(child=world.children["Ana"], user=people["parent_a"]).delete()
    assert allowed(people, rules.can_start_conversation, world.children["Ana"]) == set()


def test_the_recipients_offered_are_the_childs_staff_and_other_guardians(world, people):
    ana = world.children["Ana"]
    father = make_user("father.a@test.example")
    Guardianship.objects.create(child=ana, user=father, relation=Guardianship.FATHER)
    as_parent = rules.conversation_recipients(people["parent_a"], ana)
    assert (set(as_parent["staff"]), set(as_parent["guardians"])) == (
        {people["teacher_a"], people["director"]},
        {father},
    )
    as_teacher = rules.conversation_recipients(people["teacher_a"], ana)
    assert (set(as_teacher["staff"]), set(as_teacher["guardians"])) == (
        {people["director"]},
        {people["parent_a"], father},
    )
    for name in ("teacher_b", "office", "superuser", "parent_b", "director_other_school", "inactive", "anonymous"):
        refused = rules.conversation_recipients(people[name], ana)
        assert not refused["staff"].exists() and not refused["guardians"].exists(), name
