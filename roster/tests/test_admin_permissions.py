"""Wagtail admin permissions follow staff roles (roster.admin_groups)."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission, Locale
from wagtail_localize.models import TranslationSource

from access.rules import can_view_page
from classes.models import AdminGroup, ClassTeacher
from home.models import StaffRole
from testing.world import make_user

DENIED = "Sorry, you do not have permission to access this area."


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def assert_can_edit(client, page):
    response = client.get(edit_url(page))
    assert response.status_code == 200, f"{page} should be editable"


def assert_refused(client, page, user):
    """The real refusals: a page the user may not even see answers 403 (the access
    middleware); a page they see but may not edit gets Wagtail's answer, a
    redirect to the dashboard with "permission denied"."""
    response = client.get(edit_url(page), follow=True)
    if not can_view_page(user, page):
        assert response.status_code == 403, f"{page} should be hidden from {user}"
        return
    assert response.redirect_chain, f"{page} should not be editable"
    assert response.redirect_chain[0][0] == reverse("wagtailadmin_home")
    with translation.override("nl"):  # the admin speaks the default language
        denied = gettext(DENIED)
    assert denied in [str(m).strip() for m in response.context["messages"]]


def translate(page, language_code="en"):
    """Translate a page the way wagtail-localize does from the admin."""
    locale = Locale.objects.get(language_code=language_code)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    source.create_or_update_translation(locale, user=None, publish=True, fallback=True)
    return page.get_translation(locale)


def test_teacher_edits_only_own_class(client, world):
    client.force_login(world.users["teacher_a"])
    assert_can_edit(client, world.class_a)
    assert_can_edit(client, world.class_a_info)
    assert_refused(client, world.class_b, world.users["teacher_a"])
    assert_refused(client, world.class_b_info, world.users["teacher_a"])
    assert_refused(client, world.school, world.users["teacher_a"])
    assert_refused(client, world.school_info, world.users["teacher_a"])
    assert_refused(client, world.class_old, world.users["teacher_a"])
    assert_refused(client, world.other_class, world.users["teacher_a"])
    assert_refused(client, world.other_school, world.users["teacher_a"])


def test_teacher_does_not_see_teacher_panel_but_director_does(client, world):
    client.force_login(world.users["teacher_a"])
    assert "teacher_assignments-TOTAL_FORMS" not in client.get(edit_url(world.class_a)).content.decode()
    client.force_login(world.users["director"])
    assert "teacher_assignments-TOTAL_FORMS" in client.get(edit_url(world.class_a)).content.decode()


def test_teacher_can_add_page_under_own_class_only(client, world):
    client.force_login(world.users["teacher_a"])
    add = lambda parent: reverse("wagtailadmin_pages:add", args=["home", "infopage", parent.pk])  # noqa: E731
    assert client.get(add(world.class_a)).status_code == 200
    assert client.get(add(world.class_b)).status_code == 403  # class B is not even visible to them


def test_teacher_cannot_delete_class_page(client, world):
    """A leaf class page would be deletable with change+publish; deleting it drops enrolments."""
    leaf = world.class_a_info
    client.force_login(world.users["teacher_a"])
    assert client.get(reverse("wagtailadmin_pages:delete", args=[leaf.pk])).status_code == 200
    leaf.delete()
    response = client.post(reverse("wagtailadmin_pages:delete", args=[world.class_a.pk]))
    assert response.status_code in (302, 403)
    assert type(world.class_a).objects.filter(pk=world.class_a.pk).exists()


def test_director_edits_whole_school_and_nothing_else(client, world):
    client.force_login(world.users["director"])
    for page in (world.school, world.school_info, world.class_a, world.class_a_info, world.class_b, world.class_old):
        assert_can_edit(client, page)
    for page in (world.other_school, world.other_class, world.other_info):
        assert_refused(client, page, world.users["director"])


def test_other_director_mirrors(client, world):
    client.force_login(world.users["director_other_school"])
    assert_can_edit(client, world.other_info)
    assert_refused(client, world.school, world.users["director_other_school"])
    assert_refused(client, world.class_a, world.users["director_other_school"])


def test_parent_has_no_admin_permission(client, world):
    for role in ("parent_a", "parent_b", "parent_other_school"):
        user = world.users[role]
        assert not user.groups.exists()
        assert not user.has_perm("wagtailadmin.access_admin")
        client.force_login(user)
        assert client.get(edit_url(world.class_a)).status_code == 403


def test_administration_manages_roster_but_publishes_nothing(client, world):
    admin = make_user("office@test.example")
    StaffRole.objects.create(user=admin, school=world.school, role=StaffRole.ADMINISTRATION)
    admin = type(admin).objects.get(pk=admin.pk)
    assert admin.has_perm("wagtailadmin.access_admin")
    assert admin.has_perm("classes.manage_roster")
    assert not GroupPagePermission.objects.filter(group__user=admin).exists()
    client.force_login(admin)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert_refused(client, world.school_info, admin)


def test_translations_are_covered(client, world):
    school_en = translate(world.school)
    class_a_en = translate(world.class_a)
    class_b_en = translate(world.class_b)
    client.force_login(world.users["teacher_a"])
    assert_can_edit(client, class_a_en)
    assert_refused(client, class_b_en, world.users["teacher_a"])
    assert_refused(client, school_en, world.users["teacher_a"])
    client.force_login(world.users["director"])
    assert_can_edit(client, school_en)
    client.force_login(world.users["director_other_school"])
    assert_refused(client, school_en, world.users["director_other_school"])


def test_losing_a_role_removes_permissions(client, world):
    teacher = world.users["teacher_a"]
    ClassTeacher.objects.filter(user=teacher).delete()
    client.force_login(teacher)
    assert_refused(client, world.class_a, teacher)
    StaffRole.objects.filter(user=teacher).delete()
    teacher = type(teacher).objects.get(pk=teacher.pk)
    assert not teacher.has_perm("wagtailadmin.access_admin")
    assert not teacher.groups.exists()


def test_moving_teacher_to_another_class(client, world):
    assignment = ClassTeacher.objects.get(user=world.users["teacher_a"])
    assignment.page = world.class_b
    assignment.save()
    client.force_login(world.users["teacher_a"])
    assert_can_edit(client, world.class_b)
    assert_refused(client, world.class_a, world.users["teacher_a"])


def test_director_role_changed_to_teacher(client, world):
    role = StaffRole.objects.get(user=world.users["director"])
    role.role = StaffRole.TEACHER
    role.save()
    client.force_login(world.users["director"])
    assert_refused(client, world.school_info, world.users["director"])


def test_sync_is_idempotent_and_repairs(world):
    def snapshot():
        return (
            sorted(Group.objects.values_list("name", flat=True)),
            sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")),
            sorted(Group.user_set.through.objects.values_list("group__name", "user__email")),
        )

    before = snapshot()
    assert AdminGroup.objects.filter(kind=AdminGroup.CLASS_TEACHERS).count() == 2
    call_command("sync_admin_groups", stdout=open("/dev/null", "w"))
    call_command("sync_admin_groups", stdout=open("/dev/null", "w"))
    assert snapshot() == before

    # Damage done behind the signals' back is repaired.
    GroupPagePermission.objects.filter(group__roster_source__isnull=False).delete()
    world.users["teacher_a"].groups.clear()
    manual = Group.objects.create(name="Hand-made")
    world.users["teacher_a"].groups.add(manual)
    call_command("sync_admin_groups", stdout=open("/dev/null", "w"))
    after = snapshot()
    assert [row for row in after[2] if row[0] != "Hand-made"] == before[2]
    assert after[1] == before[1]
    assert ("Hand-made", "teacher.a@test.example") in after[2]


def test_superuser_groups_are_not_generated(world):
    boss = type(world.users["director"]).objects.create_superuser(email="root@test.example", password="x")
    from roster.admin_groups import sync_user

    sync_user(boss)
    assert not boss.groups.exists()


def test_privacy_dialog_is_for_superusers_only(client, world):
    """Wagtail's privacy dialog lists every group, and the generated groups name
    schools and class groups: staff are refused it, even on their own pages, and
    the editor does not offer it to them."""
    other_class_group = AdminGroup.objects.get(
        kind=AdminGroup.CLASS_TEACHERS, translation_key=world.class_b.translation_key
    )
    privacy = reverse("wagtailadmin_pages:set_privacy", args=[world.class_a.pk])
    collection_privacy = reverse(
        "wagtailadmin_collections:set_privacy", args=[world.class_a.media_collection_link.collection_id]
    )
    for role in ("teacher_a", "director"):
        client.force_login(world.users[role])
        for url in (privacy, collection_privacy):
            response = client.get(url)
            assert response.status_code == 403, (role, url)
            assert other_class_group.group.name not in response.content.decode()
        editor = client.get(edit_url(world.class_a)).content.decode()
        assert 'data-a11y-dialog-show="set-privacy"' not in editor, role

    boss = type(world.users["director"]).objects.create_superuser(email="root@test.example", password="x")
    client.force_login(boss)
    response = client.get(privacy)
    assert response.status_code == 200
    assert other_class_group.group.name in response.content.decode()
    assert 'data-a11y-dialog-show="set-privacy"' in client.get(edit_url(world.class_a)).content.decode()
